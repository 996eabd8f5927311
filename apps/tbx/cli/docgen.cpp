#include "cli/docgen.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <tbx/core/strings.hpp>

#include "cli/app.hpp"
#include "cli/options.hpp"

namespace tbx::cli {

namespace {

// The date printed in the man pages' footer: the release date of this version.
constexpr const char* k_docs_date = TBX_RELEASE_DATE;

/// What the generators need to know about one option.
struct OptionInfo {
    std::vector<std::string> names; ///< "-n", "--name"; empty for positionals
    std::string value_name;         ///< "GLOB"; empty for flags
    std::string description;
    std::vector<std::string> choices;
    std::vector<std::string> aliases; ///< older spellings of choices, still accepted
    std::string kind; ///< flag | text | number | choice | file | dir | command | executable
    std::string hint; ///< file | dir | command | executable | empty
    bool positional = false;
    bool repeatable = false;
};

/// One node of the command tree: "find", "semver", "semver check".
struct CommandInfo {
    std::string path; ///< words after "tbx"
    std::string summary;
    std::vector<OptionInfo> options;
    std::vector<CommandInfo> children;
    const Command* command = nullptr; ///< the registry row this node belongs to
};

std::vector<const CLI::App*> all_subcommands(const CLI::App& app) {
    std::vector<const CLI::App*> subs;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        subs.push_back(sub);
    }
    return subs;
}

// Describes an option from its row: names, kind, value name, choices, completion hint.
OptionInfo row_info(const OptionRow& row) {
    OptionInfo info;
    for (const auto* name : {&row.short_name, &row.long_name}) {
        if (!name->empty()) {
            info.names.push_back(*name);
        }
    }
    info.positional = row.positional();
    if (info.positional) {
        info.names.clear();
    }
    info.description = row.help;
    info.repeatable = row.repeatable;
    info.value_name = info.positional ? row.long_name : row.value_name;
    info.choices = row.choice_names();
    for (const auto& entry : row.choices) {
        if (entry.alias) {
            info.aliases.push_back(entry.name);
        }
    }
    info.kind = kind_name(row.kind);
    const bool hinted = row.kind == ValueKind::file || row.kind == ValueKind::dir ||
                        row.kind == ValueKind::command || row.kind == ValueKind::executable;
    info.hint = hinted ? info.kind : "";
    return info;
}

// Describes an option declared the old way (no row): from CLI11 and the command's value hints.
OptionInfo legacy_info(const CLI::Option& option, const Command* command) {
    OptionInfo info;
    for (const auto& name : option.get_snames()) {
        info.names.push_back("-" + name);
    }
    for (const auto& name : option.get_lnames()) {
        info.names.push_back("--" + name);
    }
    info.positional = !option.nonpositional();
    info.description = option.get_description();
    info.repeatable = option.get_items_expected_max() > 1;
    info.kind = option.get_items_expected_max() > 0 ? "text" : "flag";
    if (option.get_items_expected_max() > 0) {
        // A validator appends its own description ("SEC:FLOAT in [0.001 - 3600]"): keep the name.
        const std::string type = option.get_type_name();
        const std::string name = type.substr(0, type.find(':'));
        info.value_name = info.positional ? option.get_name() : (name.empty() ? "VALUE" : name);
    }
    if (command != nullptr) {
        const std::string key = info.positional ? option.get_name() : info.names.back();
        if (auto hint = command->doc.value_hints.find(key);
            hint != command->doc.value_hints.end()) {
            info.hint = hint->second;
            info.kind = hint->second;
        }
    }
    return info;
}

OptionInfo option_info(const CLI::App& app, const CLI::Option& option, const Command* command) {
    const OptionRow* row = row_table(app).row_of(&option);
    return row != nullptr ? row_info(*row) : legacy_info(option, command);
}

// Collects options, including those CLI11 keeps in nameless option-group subcommands.
void collect_options(const CLI::App& app, const Command* command, std::vector<OptionInfo>& out) {
    for (const CLI::Option* option : app.get_options()) {
        const bool nameless =
            option->nonpositional() && option->get_lnames().empty() && option->get_snames().empty();
        // An option in the empty group is hidden from --help, so the docs leave it out too.
        const bool hidden = option->nonpositional() && option->get_group().empty();
        if (option->get_name() == "--help" || nameless || hidden) {
            continue;
        }
        out.push_back(option_info(app, *option, command));
    }
    for (const CLI::App* sub : all_subcommands(app)) {
        if (sub->get_name().empty()) {
            collect_options(*sub, command, out);
        }
    }
}

CommandInfo command_info(const CLI::App& app, std::string path, const Command* command) {
    CommandInfo info{std::move(path), app.get_description(), {}, {}, command};
    collect_options(app, command, info.options);
    for (const CLI::App* sub : all_subcommands(app)) {
        if (!sub->get_name().empty() && !sub->get_group().empty()) {
            info.children.push_back(command_info(
                *sub, info.path.empty() ? sub->get_name() : info.path + " " + sub->get_name(),
                command));
        }
    }
    return info;
}

CommandInfo tree_info(const AppTree& tree) {
    CommandInfo root = command_info(*tree.root, "", nullptr);
    for (auto& child : root.children) {
        for (const auto& command : tree.commands) {
            if (command.name == child.path) {
                child =
                    command_info(*tree.root->get_subcommand(command.name), command.name, &command);
            }
        }
    }
    return root;
}

// ---------------------------------------------------------------- man pages

std::string roff_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else {
            out += c;
        }
    }
    return out;
}

// Renders text: blank lines separate paragraphs, lines indented by two spaces are verbatim.
std::string roff_text(std::string_view text) {
    std::string out;
    bool verbatim = false;
    for (auto line : core::split(text, '\n')) {
        const bool indented = line.size() >= 2 && line.substr(0, 2) == "  ";
        if (indented && !verbatim) {
            out += ".PP\n.RS 4\n.nf\n";
            verbatim = true;
        } else if (!indented && verbatim) {
            out += ".fi\n.RE\n";
            verbatim = false;
        }
        if (line.empty()) {
            out += verbatim ? "\n" : ".PP\n";
            continue;
        }
        std::string escaped = roff_escape(indented ? line.substr(2) : line);
        if (escaped.front() == '.' || escaped.front() == '\'') {
            escaped = "\\&" + escaped;
        }
        out += escaped + "\n";
    }
    if (verbatim) {
        out += ".fi\n.RE\n";
    }
    return out;
}

std::string option_synopsis(const OptionInfo& option) {
    std::string text;
    for (std::size_t i = 0; i < option.names.size(); ++i) {
        text += (i == 0 ? "" : ", ") + ("\\fB" + roff_escape(option.names[i]) + "\\fR");
    }
    if (!option.value_name.empty()) {
        text += " \\fI" + roff_escape(option.value_name) + "\\fR";
    }
    return text;
}

std::string man_options(const std::vector<OptionInfo>& options) {
    std::string out;
    for (const auto& option : options) {
        if (option.positional) {
            continue;
        }
        out += ".TP\n" + option_synopsis(option) + "\n" + roff_escape(option.description);
        if (!option.choices.empty()) {
            std::string list;
            for (const auto& choice : option.choices) {
                list += (list.empty() ? "" : ", ") + choice;
            }
            std::string older;
            for (const auto& alias : option.aliases) {
                older += (older.empty() ? "" : ", ") + alias;
            }
            out += " (one of: " + roff_escape(list) +
                   (older.empty() ? "" : "; also accepted: " + roff_escape(older)) + ")";
        }
        out += "\n";
    }
    return out;
}

std::string synopsis_line(const CommandInfo& info) {
    std::string line = ".B tbx " + roff_escape(info.path) + "\n";
    std::string rest = "[\\fIOPTIONS\\fR]";
    if (!info.children.empty()) {
        rest += " \\fICOMMAND\\fR";
    }
    for (const auto& option : info.options) {
        if (option.positional) {
            rest += " \\fI" + roff_escape(option.value_name) + "\\fR" +
                    (option.repeatable ? "..." : "");
        }
    }
    return line + rest + "\n";
}

std::string man_exit_status(const CommandDoc* doc) {
    std::vector<std::pair<std::string, std::string>> codes = {
        {"0", "success: something was found, matched or satisfied"},
        {"1", "a negative answer: nothing matched or satisfied"},
        {"2", "a usage or runtime error; the message on stderr says what was wrong"},
        {"130", "interrupted (SIGINT)"}};
    if (doc != nullptr && !doc->exit_codes.empty()) {
        codes = doc->exit_codes;
        const bool lists_interrupt = std::any_of(
            codes.begin(), codes.end(), [](const auto& row) { return row.first == "130"; });
        if (!lists_interrupt) {
            codes.emplace_back("130", "interrupted (SIGINT)");
        }
    }
    std::string out = ".SH EXIT STATUS\n";
    for (const auto& [code, meaning] : codes) {
        out += ".TP\n.B " + code + "\n" + roff_escape(meaning) + "\n";
    }
    return out;
}

std::string man_page_for_command(const CommandInfo& info) {
    const Command& command = *info.command;
    const std::string name = "tbx-" + command.name;
    std::string upper = name;
    for (auto& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    std::string out = ".\\\" Generated by 'tbx __generate man'; do not edit.\n";
    out += ".TH " + roff_escape(upper) + " 1 " + k_docs_date +
           " \"tbx " TBX_VERSION "\" \"tbx manual\"\n";
    out += ".SH NAME\n" + roff_escape(name) + " \\- " + roff_escape(command.summary) + "\n";
    out += ".SH SYNOPSIS\n" + synopsis_line(info);
    for (const auto& child : info.children) {
        out += ".br\n" + synopsis_line(child);
    }
    out += ".SH DESCRIPTION\n" +
           roff_text(command.doc.description.empty() ? command.summary : command.doc.description);
    out += ".SH OPTIONS\n" + man_options(info.options);
    for (const auto& child : info.children) {
        out += ".SS tbx " + roff_escape(child.path) + "\n" + roff_text(child.summary);
        out += man_options(child.options);
    }
    for (const auto& [title, body] : command.doc.sections) {
        out += ".SH " + roff_escape(title) + "\n" + roff_text(body);
    }
    out += man_exit_status(&command.doc);
    if (!command.doc.examples.empty()) {
        out += ".SH EXAMPLES\n";
        for (const auto& [line, meaning] : command.doc.examples) {
            out += ".TP\n.B " + roff_escape(line) + "\n" + roff_escape(meaning) + "\n";
        }
    }
    out += ".SH SEE ALSO\n.BR tbx (1)\n";
    return out;
}

std::string man_page_for_root(const CommandInfo& root) {
    std::string out = ".\\\" Generated by 'tbx __generate man'; do not edit.\n";
    out += std::string(".TH TBX 1 ") + k_docs_date + " \"tbx " TBX_VERSION "\" \"tbx manual\"\n";
    out += ".SH NAME\ntbx \\- " + roff_escape("a command-line developer toolbox") + "\n";
    out += ".SH SYNOPSIS\n.B tbx\n[\\fB\\-\\-color\\fR \\fIWHEN\\fR] \\fICOMMAND\\fR "
           "[\\fIOPTIONS\\fR]\n";
    out += ".br\n.B tbx\n\\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR\n";
    out += ".br\n.B tbx help\n[\\fICOMMAND\\fR [\\fISUBCOMMAND\\fR]]\n";
    out +=
        ".SH DESCRIPTION\n" +
        roff_text("tbx bundles small, fast, careful command-line tools behind one binary. Every "
                  "command prints human output by default and one JSON document (or JSON Lines "
                  "for streams) with --json, and uses the exit codes below.\n\n"
                  "Results go to stdout, diagnostics to stderr as 'tbx COMMAND: error: WHAT "
                  "(PATH or VALUE)'. JSON strings that hold bytes which are not valid UTF-8 "
                  "(paths, lines) carry the text with U+FFFD for each bad byte, and the exact "
                  "bytes in base64 in a sibling field named KEY_base64.\n\n"
                  "--json and --color (and --quiet or -q, where a command has it) may be written "
                  "before the command name as well as after it. 'tbx help COMMAND' is 'tbx "
                  "COMMAND --help'.");
    out += ".SH COMMANDS\n";
    for (const auto& child : root.children) {
        out += ".TP\n.BR tbx\\-" + roff_escape(child.path) + " (1)\n" + roff_escape(child.summary) +
               "\n";
    }
    out += ".SH OPTIONS\n" + man_options(root.options);
    out += man_exit_status(nullptr);
    out += ".PP\nSome commands add codes of their own (memprof passes on the child's status and "
           "uses 3 for an exceeded budget); each command's page lists its codes.\n";
    out += ".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nWhen set and not empty, --color=auto never colors.\n"
           ".TP\n.B TERM\nWhen dumb, --color=auto never colors.\n";
    out += ".SH SEE ALSO\n";
    for (std::size_t i = 0; i < root.children.size(); ++i) {
        out += ".BR tbx\\-" + roff_escape(root.children[i].path) + " (1)" +
               (i + 1 < root.children.size() ? "," : "") + "\n";
    }
    return out;
}

int write_man_pages(const CommandInfo& root, const std::string& dir) {
    const auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream file(dir + "/" + name);
        file << text;
        return static_cast<bool>(file);
    };
    bool ok = write("tbx.1", man_page_for_root(root));
    for (const auto& child : root.children) {
        ok = write("tbx-" + child.path + ".1", man_page_for_command(child)) && ok;
    }
    if (!ok) {
        std::cerr << "tbx __generate: error: cannot write man pages (" << dir << ")\n";
    }
    return ok ? 0 : 2;
}

// ---------------------------------------------------------------- completions

void walk(const CommandInfo& node, const std::function<void(const CommandInfo&)>& visit) {
    visit(node);
    for (const auto& child : node.children) {
        walk(child, visit);
    }
}

std::string words_of_children(const CommandInfo& node) {
    std::string words;
    for (const auto& child : node.children) {
        words += (words.empty() ? "" : " ") + child.path.substr(child.path.rfind(' ') + 1);
    }
    return words;
}

std::string bash_value_kind(const OptionInfo& option) {
    if (!option.choices.empty()) {
        std::string words;
        for (const auto& choice : option.choices) {
            words += (words.empty() ? "" : " ") + choice;
        }
        return "choices:" + words;
    }
    return option.hint.empty() ? "any" : option.hint;
}

std::string bash_completion(const CommandInfo& root) {
    std::string children = "_tbx_children() {\n    case \"$1\" in\n";
    std::string options = "_tbx_options() {\n    case \"$1\" in\n";
    std::string values = "_tbx_value_kind() {\n    case \"$1|$2\" in\n";
    walk(root, [&](const CommandInfo& node) {
        if (!node.children.empty()) {
            children += "    \"" + node.path + "\") echo \"" + words_of_children(node) + "\" ;;\n";
        }
        std::string names = "--help";
        for (const auto& option : node.options) {
            for (const auto& name : option.names) {
                names += " " + name;
                if (!option.value_name.empty()) {
                    values += "    \"" + node.path + "|" + name + "\") echo \"" +
                              bash_value_kind(option) + "\" ;;\n";
                }
            }
        }
        options += "    \"" + node.path + "\") echo \"" + names + "\" ;;\n";
    });
    children += "    esac\n}\n";
    options += "    esac\n}\n";
    values += "    *) echo none ;;\n    esac\n}\n";
    return "# bash completion for tbx. Generated by 'tbx __generate bash'; do not edit.\n" +
           children + options + values + R"BASH(_tbx() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local path="" i word child kind
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        for child in $(_tbx_children "$path"); do
            if [[ $word == "$child" ]]; then
                path=${path:+$path }$word
                break
            fi
        done
    done
    if [[ $COMP_CWORD -gt 1 && $prev == -* ]]; then
        kind=$(_tbx_value_kind "$path" "$prev")
        case $kind in
        choices:*) mapfile -t COMPREPLY < <(compgen -W "${kind#choices:}" -- "$cur"); return ;;
        file) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
        dir) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
        command) mapfile -t COMPREPLY < <(compgen -c -- "$cur"); return ;;
        any) COMPREPLY=(); return ;;
        esac
    fi
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_tbx_options "$path")" -- "$cur")
        return
    fi
    local children
    children=$(_tbx_children "$path")
    if [[ -n $children ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$children" -- "$cur")
        return
    fi
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}
complete -o filenames -F _tbx tbx
)BASH";
}

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
        std::string words;
        for (const auto& choice : option.choices) {
            words += (words.empty() ? "" : " ") + choice;
        }
        return "(" + words + ")";
    }
    if (option.hint == "file") {
        return "_files";
    }
    if (option.hint == "dir") {
        return "_files -/";
    }
    if (option.hint == "command") {
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

std::string zsh_function(const CommandInfo& node) {
    std::string out = zsh_function_name(node) + "() {\n    _arguments -s -S \\\n";
    bool has_positional = false;
    for (const auto& option : node.options) {
        if (option.positional) {
            has_positional = true;
            continue;
        }
        for (const auto& name : option.names) {
            out += "        '" + std::string(option.repeatable ? "*" : "") + name + "[" +
                   zsh_quote(option.description) + "]";
            if (!option.value_name.empty()) {
                out += ":" + zsh_quote(option.value_name) + ":" + zsh_action(option);
            }
            out += "' \\\n";
        }
    }
    if (!node.children.empty()) {
        out += "        '1:command:->command' '*::argument:->argument'\n";
        out += "    case $state in\n    command)\n        local -a commands=(\n";
        for (const auto& child : node.children) {
            out += "            '" + zsh_quote(child.path.substr(child.path.rfind(' ') + 1)) + ":" +
                   zsh_quote(child.summary) + "'\n";
        }
        out += "        )\n        _describe command commands ;;\n    argument)\n"
               "        case $words[1] in\n";
        for (const auto& child : node.children) {
            out += "        " + child.path.substr(child.path.rfind(' ') + 1) + ") " +
                   zsh_function_name(child) + " ;;\n";
        }
        out += "        esac ;;\n    esac\n}\n";
    } else {
        out += has_positional ? "        '*:file:_files'\n}\n" : "        \n}\n";
    }
    return out;
}

std::string zsh_completion(const CommandInfo& root) {
    std::string out = "#compdef tbx\n# zsh completion for tbx. Generated by 'tbx __generate zsh'; "
                      "do not edit.\n";
    walk(root, [&](const CommandInfo& node) { out += zsh_function(node); });
    return out + "\n_tbx \"$@\"\n";
}

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
std::string fish_condition(const CommandInfo& node, const CommandInfo& parent_of_children) {
    if (node.path.empty()) {
        return "__fish_use_subcommand";
    }
    std::string condition;
    for (auto word : core::split(node.path, ' ')) {
        condition += (condition.empty() ? "" : "; and ") +
                     ("__fish_seen_subcommand_from " + std::string(word));
    }
    if (!parent_of_children.children.empty()) {
        condition += "; and not __fish_seen_subcommand_from " + words_of_children(node);
    }
    return condition;
}

std::string fish_completion(const CommandInfo& root) {
    std::string out =
        "# fish completion for tbx. Generated by 'tbx __generate fish'; do not edit.\n";
    walk(root, [&](const CommandInfo& node) {
        const std::string condition = fish_quote(fish_condition(node, node));
        for (const auto& child : node.children) {
            out += "complete -c tbx -f -n " + condition + " -a " +
                   fish_quote(child.path.substr(child.path.rfind(' ') + 1)) + " -d " +
                   fish_quote(child.summary) + "\n";
        }
        std::string option_condition = node.path.empty()
                                           ? fish_quote("__fish_use_subcommand")
                                           : fish_quote(fish_condition(node, CommandInfo{}));
        for (const auto& option : node.options) {
            if (option.positional) {
                continue;
            }
            out += "complete -c tbx -n " + option_condition;
            for (const auto& name : option.names) {
                const bool long_name = name.rfind("--", 0) == 0;
                out += (long_name ? " -l " : " -s ") + name.substr(long_name ? 2 : 1);
            }
            if (!option.choices.empty()) {
                std::string words;
                for (const auto& choice : option.choices) {
                    words += (words.empty() ? "" : " ") + choice;
                }
                out += " -x -a " + fish_quote(words);
            } else if (option.hint == "file") {
                out += " -r -F";
            } else if (option.hint == "dir") {
                out += " -x -a '(__fish_complete_directories)'";
            } else if (option.hint == "command") {
                out += " -x -a '(__fish_complete_command)'";
            } else if (!option.value_name.empty()) {
                out += " -x";
            }
            out += " -d " + fish_quote(option.description) + "\n";
        }
    });
    return out;
}

// ---------------------------------------------------------------- JSON

// The option tree as data, for tests that walk every command's options.
nlohmann::json json_tree(const CommandInfo& node) {
    nlohmann::json options = nlohmann::json::array();
    for (const auto& option : node.options) {
        options.push_back({{"names", option.names},
                           {"value_name", option.value_name},
                           {"choices", option.choices},
                           {"kind", option.kind},
                           {"hint", option.hint},
                           {"positional", option.positional},
                           {"repeatable", option.repeatable},
                           {"description", option.description}});
    }
    nlohmann::json children = nlohmann::json::array();
    for (const auto& child : node.children) {
        children.push_back(json_tree(child));
    }
    return {{"path", node.path},
            {"summary", node.summary},
            {"options", options},
            {"children", children}};
}

} // namespace

void add_generate_command(CLI::App& root, AppTree& tree) {
    CLI::App* generate = root.add_subcommand("__generate", "Write man pages or completions");
    generate->group(""); // hidden from help
    auto kind = std::make_shared<std::string>();
    auto dir = std::make_shared<std::string>(".");
    generate->add_option("kind", *kind, "man, bash, zsh, fish or json (the option tree)")
        ->required()
        ->check(CLI::IsMember({"man", "bash", "zsh", "fish", "json"}));
    generate->add_option("dir", *dir, "Directory for man pages");
    generate->callback([&tree, kind, dir] {
        const CommandInfo info = tree_info(tree);
        if (*kind == "man") {
            const int rc = write_man_pages(info, *dir);
            if (rc != 0) {
                throw CLI::RuntimeError(rc);
            }
            return;
        }
        const std::string text = *kind == "bash"   ? bash_completion(info)
                                 : *kind == "zsh"  ? zsh_completion(info)
                                 : *kind == "json" ? json_tree(info).dump(2) + "\n"
                                                   : fish_completion(info);
        std::cout << text;
    });
}

} // namespace tbx::cli
