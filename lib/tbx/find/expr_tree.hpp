#pragma once
// Internal to the expression code: the tree's node, the state one evaluation carries, and the
// per-primary helpers shared by the parser (expr.cpp) and the evaluators (eval.cpp, printf.cpp,
// exec.cpp).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <vector>

#include <tbx/find/expr.hpp>
#include <tbx/find/glob.hpp>

struct re_pattern_buffer;

namespace tbx::find {

/// Returns the timestamp a time test names: 'a' access, 'c' status change, else modification.
inline timespec stat_time(const struct stat& st, char field) {
    switch (field) {
    case 'a':
        return st.st_atim;
    case 'c':
        return st.st_ctim;
    default:
        return st.st_mtim;
    }
}

/// Compares a number as find's `+N`, `-N` and `N` do.
enum class Cmp : std::uint8_t { eq, lt, gt };

/// One piece of a -printf format: literal bytes, or a directive with its printf flags.
struct FormatPiece {
    std::string literal; ///< bytes to copy (directive == 0)
    char directive = 0;  ///< 'p', 'f', 'T', ...; 0 for a literal
    char sub = 0;        ///< the time field of %A, %C, %T, %B
    std::string flags;   ///< "-10", "#", ".3": between '%' and the directive
    bool stop = false;   ///< `\c`: stop printing here and flush
};

/// An output file of -fprint, -fprint0, -fprintf and -fls, opened (truncated) at parse time.
struct OutputFile {
    OutputFile() = default;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();
    int fd = -1;
    std::string path;
    std::mutex mutex;
    bool failed = false;
    dev_t dev = 0; ///< of the open file, so that two names for it share this stream
    ino_t ino = 0;
    /// Writes all of `bytes`; false (once reported) on failure.
    bool write(std::string_view bytes);
};

/// A command of -exec, -execdir, -ok or -okdir.
struct ExecSpec {
    std::vector<std::string> argv; ///< with "{}" placeholders
    bool batched = false;          ///< `{} +`
    bool in_dir = false;           ///< -execdir / -okdir
    bool ask = false;              ///< -ok / -okdir
    std::size_t index = 0;         ///< this command's slot in ExecBatches
};

struct EvalState;
using EvalFn = bool (*)(const Node& node, EvalState& state);

/// One node of the expression tree: an operator or a primary with its compiled argument.
struct Node {
    enum class Op : std::uint8_t { primary, and_op, or_op, not_op, comma };
    Op op = Op::primary;
    std::shared_ptr<Node> lhs; ///< operand of not; left of binaries
    std::shared_ptr<Node> rhs;
    EvalFn eval = nullptr;
    std::string name; ///< the primary as written, for messages
    bool needs_stat = false;
    bool side_effects = false; ///< an action: suppresses the implied -print

    // The compiled argument; which fields are set depends on the primary.
    std::optional<Glob> glob;
    std::shared_ptr<re_pattern_buffer> regex;
    Cmp cmp = Cmp::eq;
    double number = 0; ///< -size, -links, -inum, -uid, -gid, -mtime ...
    double unit = 1;   ///< -size's unit in bytes; time units in seconds
    unsigned type_mask = 0;
    mode_t mode = 0;       ///< -perm (for files)
    mode_t dir_mode = 0;   ///< -perm for directories (symbolic 'X' differs)
    char perm_kind = 0;    ///< 0 exact, '-' all bits, '/' any bit
    char time_field = 'm'; ///< a, c, m, B: which timestamp a time test reads
    timespec reference{};  ///< -newer's time; -mtime's origin
    dev_t dev = 0;         ///< -samefile
    ino_t ino = 0;
    char terminator = '\n';
    std::vector<FormatPiece> format;
    std::shared_ptr<OutputFile> file;
    std::shared_ptr<ExecSpec> exec;
};

/// What one evaluation of the tree for one entry carries: the entry, its lazily read inode
/// data, and the flags actions raise.
struct EvalState {
    EvalState(const Entry& e, const FindCommand& c, ActionHost& h)
        : entry(e), command(c), host(h) {}
    const Entry& entry;
    const FindCommand& command;
    ActionHost& host;
    bool follow = false; ///< stat follows a link for this entry
    bool prune = false;
    bool quit = false;

    /// Returns the entry's inode data (following links as -L/-H say), or null after reporting
    /// nothing: a vanished entry simply fails the test.
    const struct stat* stat();
    /// Returns the inode data when something already read it, else null (reads nothing).
    [[nodiscard]] const struct stat* stat_if_read() const {
        return m_stat_state == 1 ? &m_stat : nullptr;
    }
    /// Returns lstat data when following, stat data when not: what -xtype reads.
    const struct stat* other_stat();

private:
    struct stat m_stat;           // filled by stat() before any read
    struct stat m_other;          // filled by other_stat() before any read
    std::int8_t m_stat_state = 0; ///< 0 unread, 1 ok, -1 failed
    std::int8_t m_other_state = 0;
    int m_other_errno = 0;
};

/// Returns the type letter of a stat mode, as -type and %y spell them.
char mode_type_letter(mode_t mode);
/// Returns ls -l's ten-character mode string ("drwxr-xr-x").
std::string mode_string(mode_t mode);
/// Returns the user name of `uid`, or its number.
std::string user_name(uid_t uid);
/// Returns the group name of `gid`, or its number.
std::string group_name(gid_t gid);
/// Returns the file system type of a device (from /proc/self/mountinfo), or "unknown".
std::string fs_type(dev_t dev);

/// Parses a -printf / -fprintf format into pieces; warnings go to `warnings`.
std::vector<FormatPiece> parse_format(std::string_view format, std::vector<std::string>& warnings);
/// Formats `pieces` for the entry; returns false when a `\c` ended it.
bool format_entry(const std::vector<FormatPiece>& pieces, EvalState& state, std::string& out);
/// Formats the entry as -ls does.
std::string ls_line(EvalState& state);

/// The column widths of -ls and -fls: GNU find starts from these and widens a column for good
/// once a wider value was printed in it (one set for the whole run, shared by every -ls).
struct ListWidths {
    std::mutex mutex;
    int inode = 9;
    int blocks = 6;
    int owner = 8;
    int group = 8;
    int major = 3;
    int minor = 3;
    int size = 8;
};

/// Evaluates -exec, -execdir, -ok, -okdir.
bool eval_exec(const Node& node, EvalState& state);

/// Holds the arguments of every `-exec ... {} +` until a batch is full or the walk ends.
class ExecBatches {
public:
    /// Adds room for one more batched command; returns its slot.
    std::size_t add_slot();
    /// Queues `path` (run in `dir` for -execdir) for `spec`; runs a full batch first.
    void add(const ExecSpec& spec, const std::string& dir, const std::string& path,
             ActionHost& host, unsigned worker);
    /// Runs every pending batch; false when one failed.
    bool finish(ActionHost& host);
    /// Returns true when some batch failed so far.
    [[nodiscard]] bool failed() const { return m_failed; }

private:
    struct Pending {
        const ExecSpec* spec = nullptr;
        std::string dir;
        std::vector<std::string> paths;
        std::size_t bytes = 0;
    };
    void run(Pending& pending, ActionHost& host);
    std::mutex m_mutex;
    std::vector<Pending> m_pending;
    bool m_failed = false;
};

} // namespace tbx::find
