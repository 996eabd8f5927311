#pragma once
// Applying a substitution to files and texts: decisions per match through a Decider (the
// terminal prompt in apps/, a script in tests), atomic rewrite, dry-run diffs, change records.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/atomic_file.hpp>
#include <tbx/core/committer.hpp>
#include <tbx/core/error.hpp>
#include <tbx/subst/diff.hpp>
#include <tbx/subst/journal.hpp>
#include <tbx/subst/plan.hpp>
#include <tbx/subst/stream.hpp>

namespace tbx::subst {

/// Answers one proposal, like vim's y/n/a/q/l and tbx's s.
enum class Decision {
    yes,       ///< y: replace this one
    no,        ///< n: skip this one
    all,       ///< a: replace this one and every remaining one, everywhere, without asking
    quit,      ///< q, Esc, Ctrl-C: stop; what was accepted is kept and written
    last,      ///< l: replace this one, then stop
    skip_file, ///< s: skip the rest of this file
    discard,   ///< !: stop, and write nothing of this run (files already written go back)
    undo       ///< u: take back the last accepted replacement (in this file or one before)
};

/// Shows one candidate replacement to a Decider. The line is shown as already edited by
/// the answers so far: `line_prefix` includes earlier replacements on the same line.
struct Proposal {
    std::string_view path;          ///< the path as given (for display)
    std::size_t line = 0;           ///< 1-based line of the match's start
    std::size_t index = 0;          ///< 0-based index of the candidate in this file
    std::string_view previous_line; ///< the line before, as edited (empty on line 1)
    bool has_previous_line = false; ///< false on the first line
    std::string_view line_prefix;   ///< edited text from the line start to the match
    std::string_view matched;       ///< the matched text (may span lines)
    std::string_view replacement;   ///< what it would become
    std::string_view line_suffix;   ///< the original rest of the line after the match
    std::string_view next_line;     ///< the line after (empty at the end)
    bool has_next_line = false;     ///< false on the last line
    bool can_undo = false;          ///< this file has an accepted replacement to take back
};

/// Decides one proposal; called on the thread that runs apply, one proposal at a time.
/// Decision::undo is asked again unless the proposal says it can_undo.
using Decider = std::function<Decision(const Proposal&)>;

/// Carries the interactive state across files: after `a` no more questions, after `q` or `l`
/// every later file is left alone.
struct Prompting {
    Decider decider;
    bool accept_all = false; ///< set by Decision::all
    bool stopped = false;    ///< set by Decision::quit, Decision::last and Decision::discard
    bool discarded = false;  ///< set by Decision::discard: the caller puts back written files
    /// Set by the caller: a file before this one was written and can be taken back, so u is
    /// offered even before this file has an accepted replacement.
    bool earlier_undo = false;
    /// Set by apply: u reached past this file's start; nothing of it was written, and the
    /// caller puts back the file before and applies it again with `replay`.
    bool undo_earlier = false;
    /// Answers the next file applied gets without asking (consumed by it).
    std::vector<Decision> replay;
    /// The answers given in the file applied last, in order (for going back into it).
    std::vector<Decision> answers;
};

/// Returns the answers to replay to take back the last accepted one of `answers` (those
/// before it), or nullopt when none was accepted.
std::optional<std::vector<Decision>> answers_before_last_yes(const std::vector<Decision>& answers);

/// Chooses what apply does with the result.
enum class WriteMode {
    write,     ///< rewrite the files atomically
    dry_run,   ///< change nothing, record what would change (diff, changes)
    count_only ///< change nothing, count matches only (vim's n flag)
};

/// Chooses what happens to binary files (a NUL byte in the first 8 KiB).
enum class BinaryFiles { skip, process };

/// Chooses what happens to a file with several hard links.
enum class HardLinks {
    skip,    ///< warn and leave it (a rename would split the link)
    in_place ///< write through the same inode (keeps the links, not atomic)
};

/// Chooses what happens to a file that would change but that we may not write as asked: one
/// without write permission, or one a rename would give to us (another owner or group).
enum class Protected {
    skip, ///< leave it, with a reason
    force ///< write it anyway (vim's :w!); when the owner would change, in place (not atomic)
};

/// Chooses whether each replacement is recorded in the report (for --json).
enum class RecordChanges { no, yes };

/// Chooses whether dry runs produce a unified diff.
enum class MakeDiff { no, yes };

/// Configures Applier.
struct ApplyOptions {
    WriteMode mode = WriteMode::write;
    BinaryFiles binary = BinaryFiles::skip;
    HardLinks hard_links = HardLinks::skip;
    Protected protected_files = Protected::skip;
    /// Keeps the old content of each file written, for --undo; null: no journal.
    Journal* journal = nullptr;
    std::optional<std::string> backup_suffix; ///< keep the old version as PATH+SUFFIX
    RecordChanges record = RecordChanges::no;
    MakeDiff diff = MakeDiff::no;
    Durability durability = Durability::fsync;
    /// With Durability::fsync: collects renamed files' directories to sync once at the end
    /// of the run (the caller calls sync_all) instead of after each file; null: each file.
    DirectorySyncs* directory_syncs = nullptr;
    /// Sets the first size of the window a file is streamed through (non-interactive runs
    /// without a line range or change records). Small enough to stay in the CPU's L2 cache:
    /// read() into it and the search over it cost a fraction of what a mapping of the file
    /// costs (page faults, TLB misses). Tests make it tiny to put matches across its edges.
    std::size_t window_bytes = 128 * 1024;
    /// Sets the nominal size of the chunks a large streamed file is cut into, which
    /// `file_threads` threads scan at once (see stream.hpp). Tests make it tiny.
    std::size_t chunk_bytes = 1 << 20;
    /// Sets how many threads scan one streamed file; 0: one per core.
    unsigned file_threads = 0;
    /// Runs the final link+rename of each file in a helper process (see Committer); when
    /// null they run in this process, where a kill -9 between them leaves a temp name.
    Committer* committer = nullptr;
};

/// Records one replacement made (or that would be made).
struct Change {
    std::size_t line = 0;   ///< 1-based line of the match's start
    std::size_t column = 0; ///< 1-based byte column of the match's start
    std::string matched;
    std::string replacement;
};

/// Classifies what happened to one file.
enum class FileStatus {
    changed,           ///< rewritten (or would be, in a dry run or count)
    unchanged,         ///< no match, or every match declined: not touched
    skipped_binary,    ///< looks binary and --binary was not given
    skipped_hard_link, ///< has several hard links and in-place editing was not asked
    skipped_special,   ///< not a regular file (device, FIFO, socket, directory)
    skipped_read_only, ///< would change, but has no write permission for us (and no --force)
    skipped_owner,     ///< would change, but a rename would change its owner or group
    failed             ///< an error; see FileReport::error
};

/// Reports the outcome for one file (or stdin).
struct FileReport {
    std::string path;
    FileStatus status = FileStatus::unchanged;
    std::size_t replacements = 0; ///< made, or that would be made
    std::vector<Change> changes;  ///< with RecordChanges::yes
    std::string diff;             ///< with MakeDiff::yes in a dry run
    std::optional<Error> error;   ///< with FileStatus::failed
    bool reader_gone = false;     ///< filter: the output's reader closed it, so it stopped early
};

/// Applies one substitution; holds the per-thread matcher scratch, so make one per thread.
class Applier {
public:
    /// Creates an applier; the substitution must outlive it.
    Applier(const Substitution& substitution, ApplyOptions options);

    /// Applies the substitution to the file at `path` (a symlink's target is edited and the
    /// link kept); asks `prompting` per match when given, else accepts every match.
    FileReport apply_file(const std::string& path, Prompting* prompting = nullptr);

    /// Applies the substitution to `text` in memory (stdin filtering); the result, changed
    /// or not, is appended to `out`. `path` names the text in reports and diffs.
    FileReport apply_text(std::string_view text, std::string& out, std::string_view path,
                          Prompting* prompting = nullptr);

    /// Filters the text read in order from `in_fd` to `out_fd` (stdin to stdout) as it
    /// streams, in a few windows of memory whatever its size; counts only with
    /// WriteMode::count_only. For runs without prompts, diffs, change records or line range.
    FileReport filter(int in_fd, int out_fd, std::string_view path);

private:
    class Sink;
    FileReport run(std::string_view text, std::string_view path, Sink& sink, Prompting* prompting);
    struct FileRun;
    FileReport run_once(std::string_view text, std::string_view path, Sink& sink,
                        Prompting* prompting, const std::vector<Decision>& replay,
                        std::optional<std::vector<Decision>>& undone);
    /// Writes the replacement of `match` into `replacement` (cleared first).
    void expand_replacement(std::string_view text, const Match& match,
                            std::string& replacement) const;
    /// Returns the answer for the match: replayed, yes without prompting, or asked; nullopt
    /// when it is u (`undone` says what to replay).
    Result<std::optional<Decision>> decide(FileRun& run, const Match& match,
                                           const std::string& replacement,
                                           std::optional<std::vector<Decision>>& undone);
    /// Hands the text up to the match and its replacement to the sink; records the edit.
    Result<void> replace(FileRun& run, const Match& match, const std::string& replacement);
    /// Hands over the rest of the text and completes the report (status, diff).
    FileReport finish_run(FileRun& run);
    Result<FileReport> stream(int fd, std::size_t size, const std::string& target,
                              std::string_view path, Sink& sink);
    struct EditedFile;
    /// Writes a changed file: the in-memory text (`memory`) unless the sink already wrote it,
    /// then the backup, the journal's copy and the commit.
    FileReport commit_file(FileReport report, Sink& sink, const std::string& memory,
                           const EditedFile& file);

    const Substitution* m_substitution;
    ApplyOptions m_options;
    std::unique_ptr<MatchSession> m_session;
    std::string m_window; ///< the window of a streamed file, kept for the next file
};

/// Returns true when `head` (a file's first bytes) contains a NUL byte.
bool looks_binary(std::string_view head);

} // namespace tbx::subst
