#pragma once
// Builds the command-line tree: used by main() and by the docs generator.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.hpp"

namespace CLI {
class App;
}

namespace tbx::cli {

/// Holds the CLI11 tree, the command table and the action chosen for each subcommand.
struct AppTree {
    AppTree();
    AppTree(const AppTree&) = delete;
    AppTree& operator=(const AppTree&) = delete;
    ~AppTree(); // defined where CLI::App is complete

    std::unique_ptr<CLI::App> root;
    GlobalOptions globals;
    std::vector<Command> commands;
    std::map<std::string, Runner> runners; ///< by command name
};

/// Creates the tbx App. When `only` names a command, builds and declares just that command (a
/// one-shot call then pays for one command's set-up, not every command's), and of a command
/// made of verbs just `verb` when it names one; otherwise every command (help, docs, typos).
std::unique_ptr<AppTree> build_app_tree(std::string_view only = {}, const std::string& verb = {});

/// Rewrites `tbx help CMD...` (`args` without argv[0]) as `tbx CMD... --help`.
std::vector<std::string> normalize_args(std::vector<std::string> args);

/// Returns the command word of `args`: the first that is not a global option, or "".
std::string command_word(const std::vector<std::string>& args);

/// Returns the word after the command word and the global options (`check` in `tbx semver
/// --json check`), or "" when there is none or an option comes first.
std::string verb_word(const std::vector<std::string>& args);

/// Parses `args` (without argv[0]), runs the chosen command and returns the exit code;
/// prints help, version and usage errors itself. Global options written before the command
/// name (`tbx --json semver check`) are read as if written after the command path.
int run_app(AppTree& tree, std::vector<std::string> args);

/// Runs a plain one-shot command line (`semver check ^1.2.3 1.4.0`, `args` without argv[0])
/// without building the CLI11 tree: the command's rows read the words (cli/flat_parse.hpp).
/// Returns nullopt, having run nothing, when the words need the tree: help, a typo, an
/// option before the command name, a command that rearranges its words.
std::optional<int> run_flat(const std::vector<std::string>& args);

} // namespace tbx::cli
