// bash, zsh and fish completions from the command tree: option names, option values (choices,
// files, directories, programs) and positional values, all from the rows.
#include <string>
#include <vector>

#include <tbx/core/strings.hpp>

#include "cli/doc_tree.hpp"

namespace tbx::cli {

namespace {

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

std::string last_word(const std::string& path) {
    return path.substr(path.rfind(' ') + 1);
}

std::vector<const OptionInfo*> positionals(const CommandInfo& node) {
    std::vector<const OptionInfo*> list;
    for (const auto& option : node.options) {
        if (option.positional) {
            list.push_back(&option);
        }
    }
    return list;
}

bool runs_a_command(const CommandInfo& node) {
    const auto list = positionals(node);
    return !list.empty() && list.front()->kind == "command";
}

std::string help_word_summary() {
    return "Print a command's help: tbx help COMMAND";
}

// ---------------------------------------------------------------- bash

// What bash completes for a value: "choices:a b", file, dir, executable or any (nothing).
std::string bash_kind(const OptionInfo& option) {
    if (!option.choices.empty()) {
        return "choices:" + joined(option.choices);
    }
    if (option.kind == "file" || option.kind == "dir") {
        return option.kind;
    }
    if (option.kind == "command" || option.kind == "executable") {
        return "executable";
    }
    return "any";
}

// `"path|N"` cases naming what the Nth positional word of `node` completes.
std::string bash_positional_cases(const CommandInfo& node) {
    const auto list = positionals(node);
    std::string out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        out += "    \"" + node.path + "|" + std::to_string(i) + "\") echo \"" +
               bash_kind(*list[i]) + "\" ;;\n";
    }
    std::string rest = "none";
    if (!list.empty() && list.back()->repeatable) {
        // A command line's later words are its own arguments: files.
        rest = list.back()->kind == "command" ? "file" : bash_kind(*list.back());
    }
    return out + "    \"" + node.path + "|\"*) echo \"" + rest + "\" ;;\n";
}

const char* const k_bash_main = R"BASH(_tbx_is_child() {
    [[ " $(_tbx_children "$1") " == *" $2 "* ]]
}
# Programs on PATH (not shell builtins, keywords or functions), or paths once a '/' is typed.
_tbx_programs() {
    local name
    if [[ $1 == */* ]]; then
        compgen -f -- "$1"
        return
    fi
    compgen -c -- "$1" | sort -u | while read -r name; do
        type -P "$name" >/dev/null && printf '%s\n' "$name"
    done
}
_tbx_values() {
    local kind=$1 cur=$2
    case $kind in
    choices:*) mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W "${kind#choices:}" -- "$cur") ;;
    file) mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur") ;;
    dir) mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur") ;;
    executable) mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(_tbx_programs "$cur") ;;
    esac
}
_tbx() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local path="" i=1 word count=0 rest="" children
    COMPREPLY=()
    # bash splits --name=value at '=': complete the value of --name.
    if [[ $cur == = ]]; then
        prev=${COMP_WORDS[COMP_CWORD-1]} cur=""
    elif [[ $prev == = ]]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    # `tbx help CMD` completes CMD as `tbx CMD` would.
    [[ $COMP_CWORD -gt 1 && ${COMP_WORDS[1]} == help ]] && i=2
    for ((; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if [[ -z $rest && $word == -- ]]; then
            rest=1
        elif [[ -z $rest && $word == -?* ]]; then
            if [[ ${COMP_WORDS[i+1]} == = ]]; then
                ((i += 2))
            elif [[ $(_tbx_value_kind "$path" "$word") != none ]]; then
                ((i++))
            fi
        elif [[ -z $rest && $count -eq 0 ]] && _tbx_is_child "$path" "$word"; then
            path=${path:+$path }$word
        else
            ((count++))
        fi
    done
    if [[ -z $rest && $COMP_CWORD -gt 1 && $prev == -?* ]]; then
        local kind
        kind=$(_tbx_value_kind "$path" "$prev")
        if [[ $kind != none ]]; then
            _tbx_values "$kind" "$cur"
            return
        fi
    fi
    if [[ -z $rest && $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_tbx_options "$path")" -- "$cur")
        return
    fi
    if [[ -z $rest && $count -eq 0 ]]; then
        children=$(_tbx_children "$path")
        [[ $COMP_CWORD -eq 1 ]] && children="help $children"
        mapfile -t COMPREPLY < <(compgen -W "$children" -- "$cur")
    fi
    _tbx_values "$(_tbx_positional "$path" "$count")" "$cur"
}
complete -o filenames -F _tbx tbx
)BASH";

} // namespace

void walk(const CommandInfo& node, const std::function<void(const CommandInfo&)>& visit) {
    visit(node);
    for (const auto& child : node.children) {
        walk(child, visit);
    }
}

std::string words_of_children(const CommandInfo& node) {
    std::string words;
    for (const auto& child : node.children) {
        words += (words.empty() ? "" : " ") + last_word(child.path);
    }
    return words;
}

std::string bash_completion(const CommandInfo& root) {
    std::string children = "_tbx_children() {\n    case \"$1\" in\n";
    std::string options = "_tbx_options() {\n    case \"$1\" in\n";
    std::string values = "_tbx_value_kind() {\n    case \"$1|$2\" in\n";
    std::string positional = "_tbx_positional() {\n    case \"$1|$2\" in\n";
    walk(root, [&](const CommandInfo& node) {
        if (!node.children.empty()) {
            children += "    \"" + node.path + "\") echo \"" + words_of_children(node) + "\" ;;\n";
        }
        std::string names = "--help";
        for (const auto& option : node.options) {
            if (option.positional) {
                continue;
            }
            for (const auto& name : option.names) {
                names += " " + name;
                // An optional value is attached (--sort=KEY): the next word is not it.
                if (!option.value_name.empty() && !option.optional_value) {
                    values += "    \"" + node.path + "|" + name + "\") echo \"" +
                              bash_kind(option) + "\" ;;\n";
                }
            }
        }
        options += "    \"" + node.path + "\") echo \"" + names + "\" ;;\n";
        positional += bash_positional_cases(node);
    });
    children += "    esac\n}\n";
    options += "    esac\n}\n";
    values += "    *) echo none ;;\n    esac\n}\n";
    positional += "    *) echo none ;;\n    esac\n}\n";
    return "# bash completion for tbx. Generated by 'tbx __generate bash'; do not edit.\n" +
           children + options + values + positional + k_bash_main;
}

// ---------------------------------------------------------------- zsh

namespace {

std::string zsh_quote(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else if (c == '[' || c == ']' || c == ':') {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}

std::string zsh_action(const OptionInfo& option) {
    if (!option.choices.empty()) {
        return "(" + joined(option.choices) + ")";
    }
    if (option.kind == "file") {
        return "_files";
    }
    if (option.kind == "dir") {
        return "_files -/";
    }
    if (option.kind == "command" || option.kind == "executable") {
        return "_command_names -e";
    }
    return " ";
}

std::string zsh_function_name(const CommandInfo& node) {
    std::string name = "_tbx";
    for (char c : node.path) {
        name += (c == ' ' || c == '-') ? '_' : c;
    }
    return node.path.empty() ? name : name.insert(4, "_");
}

// The _arguments specs of the positionals of a node without subcommands.
std::vector<std::string> zsh_positional_specs(const CommandInfo& node) {
    std::vector<std::string> specs;
    const auto list = positionals(node);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const OptionInfo& option = *list[i];
        const std::string number = std::to_string(i + 1);
        if (option.repeatable && option.kind == "command") {
            specs.push_back("'" + number + ":command:_command_names -e'");
            specs.emplace_back("'*::argument:_normal'");
        } else {
            specs.push_back("'" + (option.repeatable ? std::string("*") : number) + ":" +
                            zsh_quote(option.value_name) + ":" + zsh_action(option) + "'");
        }
    }
    return specs;
}

// The part of a node's function that completes its subcommands (and `help` at the root).
std::string zsh_children(const CommandInfo& node) {
    std::string out = "    case $state in\n    command)\n        local -a commands=(\n";
    for (const auto& child : node.children) {
        out += "            '" + zsh_quote(last_word(child.path)) + ":" + zsh_quote(child.summary) +
               "'\n";
    }
    if (node.path.empty()) {
        out += "            'help:" + zsh_quote(help_word_summary()) + "'\n";
    }
    out += "        )\n        _describe command commands";
    out += runs_a_command(node) ? "\n        _command_names -e ;;\n" : " ;;\n";
    out += "    argument)\n        case $words[1] in\n";
    for (const auto& child : node.children) {
        out += "        " + last_word(child.path) + ") " + zsh_function_name(child) + " ;;\n";
    }
    if (node.path.empty()) {
        out += "        help) _tbx ;;\n";
    }
    if (runs_a_command(node)) {
        out += "        *) _normal ;;\n";
    }
    return out + "        esac ;;\n    esac\n";
}

std::string zsh_function(const CommandInfo& node) {
    std::vector<std::string> specs;
    for (const auto& option : node.options) {
        if (option.positional) {
            continue;
        }
        for (const auto& name : option.names) {
            std::string spec = "'" + std::string(option.repeatable ? "*" : "") + name + "[" +
                               zsh_quote(option.description) + "]";
            if (option.optional_value) {
                // "--sort=[...]::KEY: ": an optional value in the same word.
                spec.insert(spec.find('['), "=");
                spec += "::" + zsh_quote(option.value_name) + ":" + zsh_action(option);
            } else if (!option.value_name.empty()) {
                spec += ":" + zsh_quote(option.value_name) + ":" + zsh_action(option);
            }
            specs.push_back(spec + "'");
        }
    }
    if (!node.children.empty()) {
        specs.emplace_back("'1:command:->command' '*::argument:->argument'");
    } else {
        const auto positional = zsh_positional_specs(node);
        specs.insert(specs.end(), positional.begin(), positional.end());
    }
    std::string out = zsh_function_name(node) + "() {\n    _arguments -s -S";
    for (const auto& spec : specs) {
        out += " \\\n        " + spec;
    }
    out += "\n";
    if (!node.children.empty()) {
        out += zsh_children(node);
    }
    return out + "}\n";
}

} // namespace

std::string zsh_completion(const CommandInfo& root) {
    std::string out = "#compdef tbx\n# zsh completion for tbx. Generated by 'tbx __generate zsh'; "
                      "do not edit.\n";
    walk(root, [&](const CommandInfo& node) { out += zsh_function(node); });
    return out + "\n_tbx \"$@\"\n";
}

// ---------------------------------------------------------------- fish

namespace {

std::string fish_quote(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "'";
}

// The fish condition under which `node`'s options and children apply.
std::string fish_condition(const CommandInfo& node, bool before_children) {
    if (node.path.empty()) {
        return "__fish_use_subcommand";
    }
    std::string condition;
    for (auto word : core::split(node.path, ' ')) {
        condition += (condition.empty() ? "" : "; and ") +
                     ("__fish_seen_subcommand_from " + std::string(word));
    }
    if (before_children && !node.children.empty()) {
        condition += "; and not __fish_seen_subcommand_from " + words_of_children(node);
    }
    return condition;
}

// The fish arguments that complete one value: " -x -a 'a b'", " -r -F", ...
std::string fish_value(const OptionInfo& option) {
    if (!option.choices.empty()) {
        return " -x -a " + fish_quote(joined(option.choices));
    }
    if (option.kind == "file") {
        return " -r -F";
    }
    if (option.kind == "dir") {
        return " -x -a '(__fish_complete_directories)'";
    }
    if (option.kind == "command" || option.kind == "executable") {
        return " -x -a '(__fish_complete_command)'";
    }
    return option.value_name.empty() ? "" : " -x";
}

std::string fish_option(const OptionInfo& option, const std::string& condition) {
    std::string out = "complete -c tbx -n " + condition;
    for (const auto& name : option.names) {
        // -l --name, -s -n, -o -name (a single-dash long name, as find spells them).
        const bool long_name = name.starts_with("--");
        out += (long_name         ? " -l "
                : name.size() > 2 ? " -o "
                                  : " -s ") +
               name.substr(long_name ? 2 : 1);
    }
    return out + fish_value(option) + " -d " + fish_quote(option.description) + "\n";
}

// What fish completes for the positional words of `node` (files when nothing is said).
std::string fish_positionals(const CommandInfo& node, const std::string& condition) {
    std::string out;
    for (const OptionInfo* option : positionals(node)) {
        const std::string prefix = "complete -c tbx -n " + condition;
        if (!option->choices.empty()) {
            out += prefix + " -f -a " + fish_quote(joined(option->choices)) + "\n";
        } else if (option->kind == "dir") {
            out += prefix + " -f -a '(__fish_complete_directories)'\n";
        } else if (option->kind == "executable") {
            out += prefix + " -f -a '(__fish_complete_command)'\n";
        } else if (option->kind == "command") {
            out += prefix + " -a '(__fish_complete_command)'\n"; // its arguments: files
        } else if ((option->kind == "text" || option->kind == "number") &&
                   out.find(prefix + " -f\n") == std::string::npos) {
            out += prefix + " -f\n";
        }
    }
    return out;
}

} // namespace

std::string fish_completion(const CommandInfo& root) {
    std::string out =
        "# fish completion for tbx. Generated by 'tbx __generate fish'; do not edit.\n";
    const std::string commands = words_of_children(root);
    out += "complete -c tbx -f -n '__fish_use_subcommand' -a help -d " +
           fish_quote(help_word_summary()) + "\n";
    out += "complete -c tbx -f -n " +
           fish_quote("__fish_seen_subcommand_from help; and not __fish_seen_subcommand_from " +
                      commands) +
           " -a " + fish_quote(commands) + "\n";
    walk(root, [&](const CommandInfo& node) {
        const std::string condition = fish_quote(fish_condition(node, true));
        for (const auto& child : node.children) {
            out += "complete -c tbx -f -n " + condition + " -a " +
                   fish_quote(last_word(child.path)) + " -d " + fish_quote(child.summary) + "\n";
        }
        const std::string option_condition = fish_quote(fish_condition(node, false));
        for (const auto& option : node.options) {
            if (!option.positional) {
                out += fish_option(option, option_condition);
            }
        }
        if (!node.path.empty() && (node.children.empty() || runs_a_command(node))) {
            out += fish_positionals(node, condition);
        }
    });
    return out;
}

} // namespace tbx::cli
