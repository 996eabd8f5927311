#pragma once
// The undo journal of tbx subst: each run that writes keeps the old content of every file it
// replaced and the stamp of what it wrote, under $XDG_STATE_HOME/tbx/subst/, so that a later
// `--undo` can put back the files nobody changed since.

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include <tbx/core/atomic_file.hpp>
#include <tbx/core/error.hpp>

namespace tbx::subst {

/// Bounds the journal: the newest runs are kept, older ones dropped.
struct JournalLimits {
    std::size_t runs = 20;                  ///< runs kept
    std::uint64_t bytes = 1ull << 30;       ///< old contents kept, all runs together
    std::uint64_t copy_bytes = 64ull << 20; ///< largest file copied (not linked) into it
};

/// Describes one file of a run.
struct JournalEntry {
    std::string path;      ///< absolute path of the file edited
    std::string saved;     ///< name of its old content in the run's directory; empty: none
    core::FileStamp stamp; ///< what tbx wrote (the file must still have it to be undone)
};

/// Describes one recorded run.
struct JournalRun {
    std::string directory;             ///< the run's directory
    std::string command;               ///< the command line, for --list-runs
    std::int64_t time = 0;             ///< seconds since the epoch
    std::size_t files = 0;             ///< how many files it wrote
    std::uint64_t bytes = 0;           ///< size of the old contents it keeps
    std::vector<JournalEntry> entries; ///< filled by load_entries()
};

/// Reports what undoing did to one file.
struct UndoResult {
    std::string path;
    bool restored = false;
    std::string reason; ///< why not, when not restored
};

/// Records one run; thread-safe. Files are saved before their rename (a hard link to the old
/// inode on the same file system, else a copy up to JournalLimits::copy_bytes).
class Journal {
public:
    /// Creates the run's directory under `root` (e.g. $XDG_STATE_HOME/tbx/subst), and removes
    /// the unfinished runs (no summary) of processes that no longer exist.
    static Result<Journal> begin(const std::string& root, std::string command,
                                 JournalLimits limits = {});

    Journal(Journal&& other) noexcept
        : m_run(std::move(other.m_run)), m_cwd(std::move(other.m_cwd)), m_limits(other.m_limits),
          m_next(other.m_next) {}

    /// Saves the old content of `path` (whose content is still the old one), as a copy when
    /// `copy` (the file is about to be written in place) or linking fails; returns the name it
    /// is saved under, or empty when it could not be saved (too large to copy).
    std::string save(const std::string& path, std::uint64_t size, bool copy);

    /// Forgets a saved file whose write failed.
    void drop(const std::string& saved);

    /// Records that `path` was rewritten: `saved` from save(), the new file's stamp.
    void record(const std::string& path, const std::string& saved, const core::FileStamp& stamp);

    /// Puts back the file last recorded for `path` (when it is still what tbx wrote) and
    /// forgets it: the u key going back into a file already written.
    UndoResult take_back(const std::string& path);

    /// Returns the run so far (its entries), for undo_run.
    [[nodiscard]] JournalRun run_so_far();

    /// Writes the manifest and drops the oldest runs past the limits; a run without files
    /// leaves nothing.
    Result<void> finish();

private:
    [[nodiscard]] std::string absolute_path(const std::string& path) const;
    Journal(JournalRun run, JournalLimits limits) : m_run(std::move(run)), m_limits(limits) {}
    JournalRun m_run;
    std::string m_cwd; ///< to record absolute paths without a getcwd per file
    JournalLimits m_limits;
    std::size_t m_next = 0;
    std::mutex m_mutex;
};

/// Lists the recorded runs under `root`, newest first (their summaries: no entries).
std::vector<JournalRun> list_runs(const std::string& root);

/// Reads the files of `run` (from its manifest) into run.entries.
Result<void> load_entries(JournalRun& run);

/// Restores the files of `run` (entries loaded) whose content is still exactly what tbx wrote
/// (atomically, keeping owner and mode) and removes the run from the journal when every file is
/// back.
std::vector<UndoResult> undo_run(const JournalRun& run);

} // namespace tbx::subst
