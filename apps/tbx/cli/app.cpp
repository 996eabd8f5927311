#include "cli/app.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>

#include <CLI/CLI.hpp>

#include <tbx/core/strings.hpp>

#include "cli/declare.hpp"
#include "cli/docgen.hpp"
#include "cli/flat_parse.hpp"
#include "cli/parse_error.hpp"
#include "cli/registry.hpp"

namespace tbx::cli {

namespace {

// The options the frame declares on every command (and --color on the root too).
OptionRow color_row(GlobalOptions& globals) {
    return choice<ColorMode>("--color", globals.color,
                             {{"auto", ColorMode::auto_detect},
                              {"always", ColorMode::always},
                              {"never", ColorMode::never}},
                             "WHEN",
                             "When to color output: auto = stdout is a terminal, NO_COLOR unset "
                             "and TERM is not dumb");
}

OptionRow json_row(GlobalOptions& globals) {
    return flag("--json", globals.json, "Print machine-readable JSON");
}

// The rows the frame adds to every command: --color (hidden where nothing is colored; `tbx
// --color=never CMD` still works) and --json.
std::vector<OptionRow> frame_rows(const Command& command, GlobalOptions& globals) {
    OptionRow color = color_row(globals);
    if (!command.colors) {
        color.hide();
    }
    return {std::move(color), json_row(globals)};
}

// Declares the verbs of `command` on `app` as child commands: only `verb` when it names one (a
// one-shot call pays for one), otherwise all of them (help, completions and typo hints need
// them). Returns the action of the verb parsed.
Runner setup_verbs(const Command& command, CLI::App& app, const std::string& verb) {
    app.require_subcommand(1);
    // --json and --color are declared on the command itself; let them follow a verb.
    app.fallthrough();
    const auto verbs = command.verbs();
    const bool one_verb = std::any_of(
        verbs.begin(), verbs.end(), [&](const Verb& candidate) { return candidate.name == verb; });
    std::vector<std::pair<const CLI::App*, Runner>> declared;
    for (const auto& candidate : verbs) {
        if (one_verb && candidate.name != verb) {
            continue;
        }
        CLI::App* child = app.add_subcommand(candidate.name, candidate.help);
        Plan plan = candidate.plan();
        declare(*child, std::move(plan.rows));
        declared.emplace_back(child, std::move(plan.run));
    }
    return [declared](Context& context) {
        for (const auto& [child, run] : declared) {
            if (child->parsed()) {
                return run(context);
            }
        }
        return static_cast<int>(k_exit_error);
    };
}

// Declares the command's options (and verbs or children) on `app`; returns its action.
Runner setup_command(const Command& command, CLI::App& app, const std::string& verb) {
    if (command.verbs) {
        return setup_verbs(command, app, verb);
    }
    if (command.plan) {
        Plan plan = command.plan();
        declare(app, std::move(plan.rows));
        return std::move(plan.run);
    }
    return command.setup(app);
}

// Returns the long names of the options given on `app` and the Apps above it.
std::vector<std::string> given_options(const CLI::App& app) {
    std::vector<std::string> names;
    const RowTable& table = row_table(app);
    for (const CLI::App* level = &app; level != nullptr; level = level->get_parent()) {
        for (const CLI::Option* option : level->get_options()) {
            const OptionRow* row = table.row_of(option);
            if (row != nullptr && option->count() > 0) {
                names.push_back(row->long_name);
            }
        }
    }
    return names;
}

// Runs a parsed command; an exception that escapes it is an internal error, exit 2.
int run_command(const Runner& run, Context& context) {
    try {
        return run(context);
    } catch (const std::exception& e) {
        context.error(std::string("internal error: ") + e.what());
        return k_exit_error;
    }
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

// Options a user may write before the command name, read as if written after the command path:
// --json (every command declares it), --quiet and -q (where the command declares them).
const std::vector<std::string> k_hoisted_options = {"--json", "--quiet", "-q"};

// Returns true for the global options: the hoisted ones and --color[=WHEN] (root and commands).
bool is_global_option(const std::string& arg) {
    const std::string name = arg.substr(0, arg.find('='));
    return name == "--color" || std::find(k_hoisted_options.begin(), k_hoisted_options.end(),
                                          name) != k_hoisted_options.end();
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

// Returns the index of the first word after the command and the global options
// (`semver --json chek`): where a verb is named; args.size() if there is none.
std::size_t verb_index(const std::vector<std::string>& args, std::size_t command_index) {
    std::size_t at = command_index + 1;
    while (at < args.size() && is_global_option(args[at])) {
        at += args[at] == "--color" ? 2 : 1;
    }
    return std::min(at, args.size());
}

// For a command made of subcommands (`tbx semver chek`), names the unknown word and the
// nearest subcommand; returns "" when the word after the command is not the problem.
std::string unknown_subcommand(const CLI::App& command_app, const std::vector<std::string>& args,
                               std::size_t command_index) {
    const auto subs = command_app.get_subcommands([](const CLI::App*) { return true; });
    const std::size_t at = verb_index(args, command_index);
    if (subs.empty() || at >= args.size()) {
        return {};
    }
    const std::string& word = args[at];
    std::vector<std::string> names;
    for (const CLI::App* sub : subs) {
        names.push_back(sub->get_name());
    }
    if (word.empty() || word[0] == '-' ||
        std::find(names.begin(), names.end(), word) != names.end()) {
        return {};
    }
    return "unknown subcommand '" + word + "'" + did_you_mean(word, names) + " (see 'tbx " +
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

// Returns the App that `path` ("semver check") names under `root`.
const CLI::App& app_at(const CLI::App& root, const std::string& path) {
    const CLI::App* current = &root;
    for (auto word : core::split(path, ' ')) {
        if (!word.empty()) {
            current = current->get_subcommand(std::string(word));
        }
    }
    return *current;
}

// "tbx: a command-line developer toolbox (find, whereis, ...)." from the command table.
std::string root_description() {
    std::string list;
    for (const auto& name : all_command_names()) {
        list += (list.empty() ? "" : ", ") + name;
    }
    return "tbx: a command-line developer toolbox (" + list + ").";
}

// Reports a parse error in the house form, prefixed with the deepest command parsed so far.
int report_parse_error(const CLI::App& root, const CLI::ParseError& error, const Command* command,
                       const std::vector<std::string>& in_order, std::size_t index) {
    if (command != nullptr) {
        const auto unknown =
            unknown_subcommand(*root.get_subcommand(command->name), in_order, index);
        if (!unknown.empty()) {
            print_error(command->name, unknown);
            return k_exit_error;
        }
    }
    std::string path = parsed_path(root);
    if (path.empty() && command != nullptr) {
        path = command->name;
    }
    if (command == nullptr && index >= in_order.size() &&
        dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
        std::cerr << root.help() << "\n"; // a bare `tbx`: show what there is to run
    }
    const std::vector<std::string> typed(
        in_order.begin() + static_cast<long>(std::min(index + 1, in_order.size())), in_order.end());
    print_error(path, house_message(error, app_at(root, path), typed));
    return k_exit_error;
}

// Returns true when `app` or a command above it (not the root) declares the option `name`.
bool declares(const CLI::App* app, const std::string& name) {
    for (; app != nullptr && app->get_parent() != nullptr; app = app->get_parent()) {
        if (app->get_option_no_throw(name) != nullptr) {
            return true;
        }
    }
    return false;
}

// Moves the global options written before the command name (`tbx --json semver check`) to just
// after the command path (`semver check --json`), where the command declares them. Returns the
// command word's new index; names in `undeclared` a moved option the command does not have
// (`tbx -q center`), which would otherwise be read as text.
std::size_t hoist_global_options(const CLI::App& root, std::vector<std::string>& args,
                                 std::string& undeclared) {
    const std::size_t index = subcommand_index(args);
    std::vector<std::string> moved;
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < index; ++i) {
        const bool hoisted = is_global_option(args[i]) && !args[i].starts_with("--color");
        (hoisted ? moved : kept).push_back(args[i]);
    }
    if (moved.empty()) {
        return index;
    }
    // The command path: the command word, then each word naming a subcommand of the last.
    std::size_t end = index + 1;
    const CLI::App* current = root.get_subcommand(args[index]);
    while (end < args.size()) {
        const auto subs = current->get_subcommands([&](const CLI::App* sub) {
            return !sub->get_name().empty() && sub->get_name() == args[end];
        });
        if (subs.empty()) {
            break;
        }
        current = subs.front();
        ++end;
    }
    for (const auto& option : moved) {
        const std::string name = option.substr(0, option.find('='));
        if (undeclared.empty() && !declares(current, name)) {
            undeclared = name;
        }
    }
    kept.insert(kept.end(), args.begin() + static_cast<long>(index),
                args.begin() + static_cast<long>(end));
    kept.insert(kept.end(), moved.begin(), moved.end());
    kept.insert(kept.end(), args.begin() + static_cast<long>(end), args.end());
    args = std::move(kept);
    return index - moved.size();
}

// Applies the command's own rewriting, then the word order computed from its rows.
std::vector<std::string> order_args(const Command& command, const CLI::App& app,
                                    std::vector<std::string> rest) {
    const auto rows = row_table(app).rows_of(&app);
    if (command.rewrite_args) {
        rest = command.rewrite_args(rows, std::move(rest));
    }
    switch (command.arg_order) {
    case ArgOrder::options_first:
        return options_first(rows, std::move(rest));
    case ArgOrder::command_last: {
        std::vector<std::string> children;
        for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
            children.push_back(sub->get_name());
        }
        return command_last(rows, children, std::move(rest));
    }
    case ArgOrder::as_typed:
        break;
    }
    return rest;
}

} // namespace

std::vector<std::string> normalize_args(std::vector<std::string> args) {
    const std::size_t index = subcommand_index(args);
    if (index < args.size() && args[index] == "help") {
        // `tbx help semver check` is `tbx semver check --help`; a bare `tbx help` is `tbx --help`.
        args.erase(args.begin() + static_cast<long>(index));
        args.emplace_back("--help");
    }
    return args;
}

std::string command_word(const std::vector<std::string>& args) {
    const std::size_t index = subcommand_index(args);
    return index < args.size() ? args[index] : std::string();
}

std::string verb_word(const std::vector<std::string>& args) {
    const std::size_t at = verb_index(args, subcommand_index(args));
    // An option before the verb (`semver --help`, `semver -f npm check`): declare every verb.
    return at < args.size() && !args[at].starts_with('-') ? args[at] : std::string();
}

AppTree::AppTree() = default;
AppTree::~AppTree() = default;

std::unique_ptr<AppTree> build_app_tree(std::string_view only, const std::string& verb) {
    auto tree = std::make_unique<AppTree>();
    auto one = make_command(only);
    const bool one_command = one.has_value();
    if (one_command) {
        tree->commands.push_back(std::move(*one));
    } else {
        tree->commands = all_commands();
    }
    tree->root = std::make_unique<RootApp>(root_description(), "tbx");
    CLI::App& root = *tree->root;
    root.set_version_flag("--version", std::string("tbx ") + TBX_VERSION);
    root.set_help_all_flag("--help-all", "Print help for every command and exit");
    root.require_subcommand(1);
    declare(root, {color_row(tree->globals)});
    root.footer("Run 'tbx help COMMAND' (or 'tbx COMMAND --help') for a command's options and "
                "examples; 'man tbx-COMMAND' for the manual. --json and --color may come before "
                "or after the command name.");

    for (const auto& command : tree->commands) {
        CLI::App* sub = root.add_subcommand(command.name, command.summary);
        sub->footer(examples_footer(command.doc));
        tree->runners[command.name] = setup_command(command, *sub, one_command ? verb : "");
        declare(*sub, frame_rows(command, tree->globals));
    }
    if (!one_command) {
        add_generate_command(root, *tree);
    }
    return tree;
}

int run_app(AppTree& tree, std::vector<std::string> args) {
    CLI::App& root = *tree.root;
    std::size_t index = subcommand_index(args);
    const Command* command = nullptr;
    if (index < args.size()) {
        command = find_command(tree, args[index]);
        if (command != nullptr) {
            std::string undeclared;
            index = hoist_global_options(root, args, undeclared);
            if (!undeclared.empty()) {
                print_error(command->name, "unknown option (" + undeclared + ")");
                return k_exit_error;
            }
        }
        if (command == nullptr && args[index] != "__generate") {
            print_error("", "unknown command '" + args[index] + "'" +
                                did_you_mean(args[index], command_names(tree)) +
                                " (see 'tbx --help')");
            return k_exit_error;
        }
        if (command != nullptr) {
            std::vector<std::string> rest(args.begin() + static_cast<long>(index) + 1, args.end());
            rest = order_args(*command, *root.get_subcommand(command->name), std::move(rest));
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
        return report_parse_error(root, e, command, in_order, index);
    }
    const std::string path = parsed_path(root);
    const std::string name = path.substr(0, path.find(' '));
    const auto runner = tree.runners.find(name);
    if (runner == tree.runners.end()) {
        return k_exit_ok; // __generate ran in its callback
    }
    Context context(path, tree.globals, given_options(app_at(root, path)));
    return run_command(runner->second, context);
}

std::optional<int> run_flat(const std::vector<std::string>& args) {
    auto command = args.empty() ? std::nullopt : make_command(args.front());
    if (!command || command->arg_order != ArgOrder::as_typed || command->rewrite_args) {
        return std::nullopt; // no command first, or words the command rearranges
    }
    std::string path = command->name;
    std::size_t first = 1;
    Plan plan;
    if (command->verbs) {
        auto verbs = command->verbs();
        const auto verb = std::find_if(verbs.begin(), verbs.end(), [&](const Verb& candidate) {
            return args.size() > 1 && candidate.name == args[1];
        });
        if (verb == verbs.end()) {
            return std::nullopt;
        }
        plan = verb->plan();
        path += " " + verb->name;
        first = 2;
    } else if (command->plan) {
        plan = command->plan();
    } else {
        return std::nullopt;
    }
    GlobalOptions globals;
    auto frame = frame_rows(*command, globals);
    std::vector<const OptionRow*> rows;
    for (const auto* list : {&plan.rows, &frame}) {
        std::transform(list->begin(), list->end(), std::back_inserter(rows),
                       [](const OptionRow& row) { return &row; });
    }
    auto given = flat_parse(rows, {args.begin() + static_cast<long>(first), args.end()});
    if (!given) {
        return std::nullopt;
    }
    Context context(path, globals, std::move(*given));
    return run_command(plan.run, context);
}

} // namespace tbx::cli
