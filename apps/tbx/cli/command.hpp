#pragma once
// The contract between the frame and one subcommand. Keep CLI11 out of this header: commands
// include <CLI/CLI.hpp> in their own .cpp only.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/option_rows.hpp"

namespace CLI {
class App;
}

namespace tbx::cli {
class OutputBuffer;
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
    Context(std::string command_path, const GlobalOptions& globals,
            std::vector<std::string> given = {})
        : m_command_path(std::move(command_path)), m_globals(globals), m_given(std::move(given)) {}

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
    /// Flushes `out` and returns `code`: a closed pipe (`| head`) ends quietly with it; another
    /// failed write (a full disk) is reported as "cannot write output: ...", exit 2.
    int finish_output(OutputBuffer& out, int code) const;
    /// Returns "find", "semver check", ...: the command as the user typed it.
    [[nodiscard]] const std::string& command_path() const { return m_command_path; }
    /// Returns true when the option `long_name` ("--flavor") was given on the command line, as
    /// opposed to left at its default.
    [[nodiscard]] bool given(std::string_view long_name) const;

private:
    std::string m_command_path;
    const GlobalOptions& m_globals;
    std::vector<std::string> m_given; ///< the long names of the options given
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

/// What a command (or one verb of it) declares: its rows, and the action that reads the state
/// they store into. The frame declares the rows to CLI11, or hands a plain one-shot command
/// line to the flat parser (cli/flat_parse.hpp); either fills the state before `run` runs.
struct Plan {
    std::vector<OptionRow> rows;
    Runner run;
};

/// One verb of a command made of verbs (`semver check`): a child command and its plan.
struct Verb {
    std::string name;
    std::string help;
    /// Makes the verb's rows and action; called only for the verbs declared (a one-shot call
    /// needs one).
    std::function<Plan()> plan;
};

/// Describes one subcommand: one of these per file under apps/tbx/commands/, one row in
/// the registry. A command sets one of `plan`, `verbs` and `setup`.
struct Command {
    std::string name;
    std::string summary;
    CommandDoc doc;
    /// Makes the command's rows and action: the frame declares them (or parses them flat).
    std::function<Plan()> plan;
    /// Makes the verbs of a command made of verbs (`semver check`, ...); they share the state
    /// their plans bind. The frame declares just the verb a one-shot call names.
    std::function<std::vector<Verb>()> verbs;
    /// For a command that needs more of CLI11 than rows (a child command of its own): declares
    /// options and children on `app` (already named and described) and returns the action to
    /// run once parsing succeeded. Options live in state the Runner captures.
    std::function<Runner(CLI::App& app)> setup;
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
