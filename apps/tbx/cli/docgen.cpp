#include "cli/docgen.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <tbx/core/strings.hpp>

#include "cli/app.hpp"
#include "cli/declare.hpp"
#include "cli/doc_tree.hpp"

namespace tbx::cli {

namespace {

// The date printed in the man pages' footer: the release date of this version.
constexpr const char* k_docs_date = TBX_RELEASE_DATE;

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
    for (const auto* name : {&row.single_dash, &row.short_name, &row.long_name}) {
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
    info.optional_value = row.optional_value;
    info.value_name = info.positional      ? row.long_name
                      : row.optional_value ? "[=" + row.value_name + "]"
                                           : row.value_name;
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

// Describes an option declared without a row (CLI11's --help-all): from CLI11.
OptionInfo legacy_info(const CLI::Option& option) {
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
    info.kind = option.get_items_expected_max() == 0 ? "flag" : info.positional ? "file" : "text";
    if (option.get_items_expected_max() > 0) {
        // A validator appends its own description ("SEC:FLOAT in [0.001 - 3600]"): keep the name.
        const std::string type = option.get_type_name();
        const std::string name = type.substr(0, type.find(':'));
        info.value_name = info.positional ? option.get_name() : (name.empty() ? "VALUE" : name);
    }
    return info;
}

OptionInfo option_info(const CLI::App& app, const CLI::Option& option) {
    const OptionRow* row = row_table(app).row_of(&option);
    return row != nullptr ? row_info(*row) : legacy_info(option);
}

// Collects options, including those CLI11 keeps in nameless option-group subcommands.
void collect_options(const CLI::App& app, std::vector<OptionInfo>& out) {
    for (const CLI::Option* option : app.get_options()) {
        const bool nameless =
            option->nonpositional() && option->get_lnames().empty() && option->get_snames().empty();
        // An option in the empty group is hidden from --help, so the docs leave it out too.
        const bool hidden = option->nonpositional() && option->get_group().empty();
        if (option->get_name() == "--help" || nameless || hidden) {
            continue;
        }
        out.push_back(option_info(app, *option));
    }
    for (const OptionRow* row : row_table(app).unbound_rows_of(&app)) {
        if (!row->hidden) {
            out.push_back(row_info(*row));
        }
    }
    for (const CLI::App* sub : all_subcommands(app)) {
        if (sub->get_name().empty()) {
            collect_options(*sub, out);
        }
    }
}

CommandInfo command_info(const CLI::App& app, std::string path, const Command* command) {
    CommandInfo info{std::move(path), app.get_description(), {}, {}, command};
    collect_options(app, info.options);
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
