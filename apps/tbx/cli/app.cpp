#include "cli/app.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include <tbx/core/strings.hpp>

#include "cli/docgen.hpp"
#include "cli/options.hpp"
#include "cli/registry.hpp"

namespace tbx::cli {

namespace {

const std::vector<std::pair<std::string, ColorMode>> k_color_modes = {
    {"auto", ColorMode::auto_detect}, {"always", ColorMode::always}, {"never", ColorMode::never}};

void add_color_option(CLI::App& app, GlobalOptions& globals) {
    add_choice_option(app, "--color", globals.color, k_color_modes,
                      "When to color output: auto = stdout is a terminal, NO_COLOR unset and "
                      "TERM is not dumb",
                      "WHEN");
}

// Help footer: the examples from the command's doc table.
std::string examples_footer(const CommandDoc& doc) {
    if (doc.examples.empty()) {
        return {};
    }
    std::string footer = "Examples:\n";
    for (const auto& [command_line, meaning] : doc.examples) {
        footer += "  " + command_line + "\n      " + meaning + "\n";
    }
    return footer;
}

std::vector<std::string> command_names(const AppTree& tree) {
    std::vector<std::string> names;
    for (const auto& command : tree.commands) {
        names.push_back(command.name);
    }
    return names;
}

const Command* find_command(const AppTree& tree, const std::string& name) {
    const auto it = std::find_if(tree.commands.begin(), tree.commands.end(),
                                 [&](const Command& c) { return c.name == name; });
    return it == tree.commands.end() ? nullptr : &*it;
}

// Returns the index of the command word: the first argument that is not a global option.
std::size_t subcommand_index(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--color") {
            ++i; // skip its value
        } else if (args[i].empty() || args[i][0] != '-') {
            return i;
        }
    }
    return args.size();
}

// Lists every option name of `app`, nested option groups and subcommands included.
void collect_option_names(const CLI::App& app, std::vector<std::string>& names) {
    for (const CLI::Option* option : app.get_options()) {
        for (const auto& name : option->get_lnames()) {
            names.push_back("--" + name);
        }
        for (const auto& name : option->get_snames()) {
            names.push_back("-" + name);
        }
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        collect_option_names(*sub, names);
    }
}

std::string suggest_options(const CLI::App& app, const std::string& message) {
    std::vector<std::string> names;
    collect_option_names(app, names);
    const auto colon = message.rfind(": ");
    if (colon == std::string::npos) {
        return {};
    }
    std::string hints;
    for (auto word : core::split(std::string_view(message).substr(colon + 2), ' ')) {
        const std::string flag(word.substr(0, word.find('=')));
        if (flag.size() < 2 || flag[0] != '-') {
            continue;
        }
        const std::string nearest = core::nearest_name(flag, names);
        if (!nearest.empty()) {
            hints += "; did you mean '" + nearest + "' for '" + flag + "'?";
        }
    }
    return hints;
}

// For a command made of subcommands (`tbx semver chek`), names the unknown word and the
// nearest subcommand; returns "" when the word after the command is not the problem.
std::string unknown_subcommand(const CLI::App& command_app, const std::vector<std::string>& args,
                               std::size_t command_index) {
    const auto subs = command_app.get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty() || command_index + 1 >= args.size()) {
        return {};
    }
    const std::string& word = args[command_index + 1];
    std::vector<std::string> names;
    for (const CLI::App* sub : subs) {
        names.push_back(sub->get_name());
    }
    if (word.empty() || word[0] == '-' ||
        std::find(names.begin(), names.end(), word) != names.end()) {
        return {};
    }
    const std::string nearest = core::nearest_name(word, names);
    return "unknown subcommand '" + word + "'" +
           (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") + " (see 'tbx " +
           command_app.get_name() + " --help')";
}

void print_error(const std::string& command_path, const std::string& message) {
    std::fflush(stdout);
    std::cerr << "tbx" << (command_path.empty() ? "" : " " + command_path) << ": error: " << message
              << "\n";
}

// Returns "semver check" for the deepest parsed subcommand chain.
std::string parsed_path(const CLI::App& root) {
    std::string path;
    const CLI::App* current = &root;
    while (true) {
        const auto parsed = current->get_subcommands();
        if (parsed.empty()) {
            return path;
        }
        current = parsed.front();
        path += (path.empty() ? "" : " ") + current->get_name();
    }
}

} // namespace

std::string command_word(const std::vector<std::string>& args) {
    const std::size_t index = subcommand_index(args);
    return index < args.size() ? args[index] : std::string();
}

AppTree::AppTree() = default;
AppTree::~AppTree() = default;

std::unique_ptr<AppTree> build_app_tree(std::string_view only) {
    auto tree = std::make_unique<AppTree>();
    tree->root = std::make_unique<CLI::App>(
        "tbx: a command-line developer toolbox (find, subst, semver, memprof, cuda, format).",
        "tbx");
    CLI::App& root = *tree->root;
    root.set_version_flag("--version", std::string("tbx ") + TBX_VERSION);
    root.set_help_all_flag("--help-all", "Print help for every command and exit");
    root.require_subcommand(1);
    add_color_option(root, tree->globals);
    root.footer("Run 'tbx COMMAND --help' for a command's options and examples; "
                "'man tbx-COMMAND' for the manual.");

    tree->commands = all_commands();
    const bool one_command = std::any_of(tree->commands.begin(), tree->commands.end(),
                                         [&](const Command& c) { return c.name == only; });
    for (const auto& command : tree->commands) {
        if (one_command && command.name != only) {
            continue;
        }
        CLI::App* sub = root.add_subcommand(command.name, command.summary);
        sub->footer(examples_footer(command.doc));
        tree->runners[command.name] = command.setup(*sub);
        add_color_option(*sub, tree->globals);
        sub->add_flag("--json", tree->globals.json, "Print machine-readable JSON");
    }
    if (!one_command) {
        add_generate_command(root, *tree);
    }
    return tree;
}

int run_app(AppTree& tree, std::vector<std::string> args) {
    CLI::App& root = *tree.root;
    const std::size_t index = subcommand_index(args);
    const Command* command = nullptr;
    if (index < args.size()) {
        command = find_command(tree, args[index]);
        if (command == nullptr && args[index] != "__generate") {
            const std::string nearest = core::nearest_name(args[index], command_names(tree));
            print_error("", "unknown command '" + args[index] + "'" +
                                (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") +
                                " (see 'tbx --help')");
            return k_exit_error;
        }
        if (command != nullptr && command->rewrite_args) {
            std::vector<std::string> rest(args.begin() + static_cast<long>(index) + 1, args.end());
            rest = command->rewrite_args(std::move(rest));
            args.resize(index + 1);
            args.insert(args.end(), rest.begin(), rest.end());
        }
    }
    const std::vector<std::string> in_order = args;
    std::reverse(args.begin(), args.end()); // CLI11 consumes the vector from its back
    try {
        root.parse(args);
    } catch (const CLI::CallForHelp& e) {
        return root.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return root.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return root.exit(e);
    } catch (const CLI::ParseError& e) {
        const CLI::App* scope = command ? root.get_subcommand(command->name) : &root;
        if (const auto unknown = command ? unknown_subcommand(*scope, in_order, index) : "";
            !unknown.empty()) {
            print_error(command->name, unknown);
            return k_exit_error;
        }
        if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
            if (command == nullptr && index >= args.size()) {
                std::cerr << root.help() << "\n";
            }
            print_error(command ? command->name : "", e.what());
            return k_exit_error;
        }
        const bool extras = dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr;
        print_error(command ? command->name : "",
                    std::string(e.what()) + (extras ? suggest_options(*scope, e.what()) : ""));
        return k_exit_error;
    }
    const std::string path = parsed_path(root);
    const std::string name = path.substr(0, path.find(' '));
    const auto runner = tree.runners.find(name);
    if (runner == tree.runners.end()) {
        return k_exit_ok; // __generate ran in its callback
    }
    Context context(path, tree.globals);
    try {
        return runner->second(context);
    } catch (const std::exception& e) {
        context.error(std::string("internal error: ") + e.what());
        return k_exit_error;
    }
}

} // namespace tbx::cli
