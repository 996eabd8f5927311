#pragma once
// GNU find's expression language: a command line (leading options, starting points, an
// expression of tests, actions, options and operators) parsed once into a tree and evaluated
// per entry by a Visitor over the walker. The walker knows nothing of expressions; the tree
// knows nothing of terminals: printing, prompting and output buffers belong to an ActionHost.

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <vector>

#include <tbx/core/error.hpp>
#include <tbx/find/walker.hpp>

namespace tbx::find {

struct Node;
class ExecBatches;
struct ListWidths;

/// Chooses how -H, -L and -P treat symbolic links.
enum class LinkMode : std::uint8_t {
    physical,     ///< -P: never follow
    command_line, ///< -H: follow the starting points only
    logical,      ///< -L / -follow: follow everywhere
};

/// Tells -print what is already known about an entry: its inode data when the expression read
/// it (or ParseSettings::stat_for_print asked for it), and a link's target with it.
struct PrintDetails {
    const struct stat* stat = nullptr; ///< null when nothing needed it
    std::string_view link_target;      ///< empty unless stat says it is a symbolic link
};

/// Receives what an expression's actions produce for one walk. Called from the walker's
/// threads; `worker` indexes the caller's per-thread state.
class ActionHost {
public:
    ActionHost() = default;
    ActionHost(const ActionHost&) = delete;
    ActionHost& operator=(const ActionHost&) = delete;
    virtual ~ActionHost() = default;

    /// Appends `entry` to the worker's standard-output buffer as -print / -print0 do.
    virtual void print(unsigned worker, const Entry& entry, char terminator,
                       const PrintDetails& details) = 0;
    /// Appends raw bytes (-printf, -ls) to the worker's standard-output buffer.
    virtual void write(unsigned worker, std::string_view bytes) = 0;
    /// Writes out the worker's buffer now (before a command runs, so outputs stay in order).
    virtual void flush(unsigned worker) = 0;
    /// Asks the user `question` (-ok, -okdir) and returns true for a yes.
    virtual bool ask(const std::string& question) = 0;
    /// Reports a failure that makes find exit 1 (a command that failed to start, a refused
    /// -delete, an unwritable -fprint file).
    virtual void error(std::string_view path, const std::string& message) = 0;
};

/// Holds a parsed find command line: where to walk, how, and the expression to evaluate.
struct FindCommand {
    FindCommand();
    FindCommand(FindCommand&&) noexcept;
    FindCommand& operator=(FindCommand&&) noexcept;
    FindCommand(const FindCommand&) = delete;
    FindCommand& operator=(const FindCommand&) = delete;
    ~FindCommand();

    std::vector<std::string> roots; ///< starting points (default "."; -files0-from: maybe none)
    bool explicit_roots = false;    ///< starting points were given on the command line
    LinkMode links = LinkMode::physical;
    bool depth_first = false; ///< -depth or -delete: directories after their contents
    bool xdev = false;        ///< -xdev / -mount
    std::size_t min_depth = 0;
    std::size_t max_depth = std::numeric_limits<std::size_t>::max();
    /// The expression has actions whose order or effects need a single-threaded walk
    /// (-exec, -execdir, -ok, -okdir, -delete, -fprint*, -fls, -quit).
    bool needs_serial = false;
    /// The expression reads inode data for every entry (statistics, not needed for -name).
    bool needs_stat = false;
    bool stat_for_print = false;             ///< ParseSettings::stat_for_print
    bool stat_for_outcome = false;           ///< ParseSettings::stat_for_outcome
    std::vector<std::string> warnings;       ///< find's warnings, for stderr
    std::shared_ptr<Node> expression;        ///< never null after a successful parse
    std::shared_ptr<ExecBatches> batches;    ///< pending `-exec ... {} +` arguments
    std::shared_ptr<ListWidths> list_widths; ///< -ls's column widths, widened as find does
};

/// Configures parse_find_command beyond the arguments themselves.
struct ParseSettings {
    bool implied_print = true;      ///< false with --quiet: nothing is printed unless asked
    char implied_terminator = '\n'; ///< what the implied -print ends a path with (-0: NUL)
    bool stat_for_print = false;    ///< -print always reads inode data (--json --stat)
    bool stat_for_outcome = false;  ///< every Outcome carries size and times (--sort=size)
    std::time_t now = 0;            ///< the reference time of -mtime and friends (0: time(nullptr))
    bool warn = false; ///< find's warnings before any -warn/-nowarn (find: stdin is a terminal)
};

/// Parses find's arguments (everything after the command name). Errors are find's messages,
/// with ErrorKind::invalid_argument; nothing has been run or printed.
///
/// tbx's long options are accepted anywhere among them (outside a primary's arguments) and
/// map onto the same tree: repeating one (`--name a --name b`) ORs its values, different ones
/// are ANDed, and the group is ANDed before the whole find-style expression. Before any find-style
/// expression, a bare word after long options is another starting point, unless it follows a
/// pattern option's value (a pattern the shell expanded), which is an error.
///
/// Example: `parse_find_command({"-L", "--", ".", "-name", "*.h", "-o", "-type", "d"}, {})`.
Result<FindCommand> parse_find_command(const std::vector<std::string>& args,
                                       const ParseSettings& settings);

/// Describes one of tbx's long options that stand for part of find's expression (--name,
/// --type, -L, ...). long_options() is the one list of them: the parser reads it, and so do
/// the command line's help, man page and completions.
struct LongOption {
    const char* names;             ///< spellings, comma-separated: "-e,--extension"
    const char* find_form;         ///< the primary it stands for; nullptr: a setting
    const char* value_name;        ///< "GLOB", "N", ...; nullptr: a flag
    const char* help;              ///< one line for --help and the man page
    bool pattern = false;          ///< its value is a glob a shell could have expanded
    const char* value_prefix = ""; ///< -e rs: -name '*.rs', in a group of its own
    char setting = 0;              ///< 'L': follow symbolic links; '0': print with NUL
    const char* choices = nullptr; ///< the accepted values, comma-separated; nullptr: any
    bool numeric = false;          ///< its value is a number
};

/// Returns tbx's long options, in the order --help lists them.
std::span<const LongOption> long_options();

/// Returns how many arguments after `arg` belong to it when `arg` is a primary (-name: 1), -1
/// for the -exec family (up to ";" or "+"), 0 for others. Lets a front end skip values.
int primary_arity(std::string_view arg);

/// Returns the names of find's primaries and operators ("-name", "-exec", ...), for
/// suggestions.
std::vector<std::string_view> primary_names();

/// Evaluates a parsed command for one walk; safe to call from several workers at once.
class Evaluator {
public:
    /// Binds `command` (kept alive by the caller) and `host` for one walk.
    Evaluator(const FindCommand& command, ActionHost& host);

    /// Answers one entry: whether the expression was true, and whether to prune or stop.
    struct Outcome {
        bool matched = false;
        bool prune = false;
        bool quit = false;
        bool has_stat = false; ///< the fields below are set (FindCommand::stat_for_outcome)
        std::int64_t size = 0;
        timespec mtime{};
        timespec ctime{};
    };

    /// Evaluates the expression for `entry`.
    Outcome evaluate(const Entry& entry) const;
    /// Runs pending `-exec ... +` batches (of one worker's directory, or all when worker is -1)
    /// and returns false when one of them failed.
    bool finish() const;

private:
    const FindCommand& m_command;
    ActionHost& m_host;
};

} // namespace tbx::find
