#pragma once
// The contract between the frame and one subcommand. Keep CLI11 out of this header: commands
// include <CLI/CLI.hpp> in their own .cpp only.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/option_rows.hpp"

namespace CLI {
class App;
}

namespace tbx::cli {

/// Lists the process exit codes shared by every command (DESIGN.md, "exit codes").
enum ExitCode : int {
    k_exit_ok = 0,           ///< success, found, satisfied
    k_exit_negative = 1,     ///< a negative answer: nothing matched, nothing satisfies
    k_exit_error = 2,        ///< usage or runtime error
    k_exit_budget = 3,       ///< memprof: the peak exceeded --max
    k_exit_interrupted = 130 ///< SIGINT
};

/// Chooses when output is colored.
enum class ColorMode { auto_detect, always, never };

/// Holds the options every command shares; filled by the parser before a command runs.
struct GlobalOptions {
    ColorMode color = ColorMode::auto_detect;
    bool json = false;
};

/// Gives a running command the shared options and the diagnostics printer.
class Context {
public:
    Context(std::string command_path, const GlobalOptions& globals)
        : m_command_path(std::move(command_path)), m_globals(globals) {}

    /// Returns true when --json was given.
    [[nodiscard]] bool json() const { return m_globals.json; }
    /// Returns true when output to `fd` should be colored (--color, NO_COLOR, TERM=dumb, isatty).
    [[nodiscard]] bool color(int fd) const;
    /// Prints "tbx <command>: error: <message>" to stderr.
    void error(const std::string& message) const;
    /// Prints "tbx <command>: warning: <message>" to stderr.
    void warning(const std::string& message) const;
    /// Prints "tbx <command>: note: <message>" to stderr.
    void note(const std::string& message) const;
    /// Returns "find", "semver check", ...: the command as the user typed it.
    [[nodiscard]] const std::string& command_path() const { return m_command_path; }

private:
    std::string m_command_path;
    const GlobalOptions& m_globals;
};

/// Runs a parsed command and returns its exit code.
using Runner = std::function<int(Context&)>;

/// Documents a command beyond what CLI11 knows: read by `tbx __generate` and `--help`.
struct CommandDoc {
    std::string description; ///< man DESCRIPTION, paragraphs split by blank lines
    std::vector<std::pair<std::string, std::string>> examples; ///< {command line, what it does}
    std::vector<std::pair<std::string, std::string>> sections; ///< extra man sections {TITLE, body}
    std::vector<std::pair<std::string, std::string>>
        exit_codes; ///< {code, meaning}; default table when empty
};

/// Describes one subcommand: one of these per file under apps/tbx/commands/, one row in
/// the registry.
struct Command {
    std::string name;
    std::string summary;
    CommandDoc doc;
    /// Declares options and sub-subcommands on `app` (already named and described) and returns
    /// the action to run once parsing succeeded. Options live in state the Runner captures.
    std::function<Runner(CLI::App& app)> setup;
    /// Used instead of `setup` by a command made of verbs (`semver check`, ...): declares only
    /// the verb named `verb`, or every verb when `verb` names none of them (help, completions
    /// and typo hints need them all), so that a one-shot call pays for one verb's set-up.
    std::function<Runner(CLI::App& app, const std::string& verb)> setup_verbs;
    /// Optionally rewrites the arguments after the command name before parsing, given the
    /// command's rows (find passes its expression on to its own parser); runs before
    /// `arg_order`.
    std::function<std::vector<std::string>(const std::vector<const OptionRow*>& rows,
                                           std::vector<std::string> args)>
        rewrite_args;
    /// Orders the words from the command's rows before parsing (options_first: TEXT may start
    /// with '-'; command_last: memprof's command keeps its own options).
    ArgOrder arg_order = ArgOrder::as_typed;
    /// False when the command colors nothing: --color is then accepted but not documented.
    bool colors = true;
};

} // namespace tbx::cli
