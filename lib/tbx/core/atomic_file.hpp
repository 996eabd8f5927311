#pragma once
// Atomic file replacement, the one mechanism of tbx: AtomicWriter streams a new version of a
// file into an anonymous temp file in its directory and commits it (owner, mode and extended
// attributes of the original, fsync, a check that the file did not change meanwhile, then a
// rename, or link+rename in a helper process that a kill -9 cannot interrupt);
// write_file_atomic is the whole-string convenience over it.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <sys/stat.h>

#include <tbx/core/error.hpp>

namespace tbx::core {

/// Identifies a file's content version as seen by stat: used to detect concurrent edits.
struct FileStamp {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;

    friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

/// Returns the stamp of `path` (following symlinks).
Result<FileStamp> stamp_of(const std::string& path);

/// Writes all of `content` to `fd`, retrying short writes and EINTR; errors name `path`.
Result<void> write_all(int fd, std::string_view content, const std::string& path);

/// Options for write_file_atomic.
struct AtomicWriteOptions {
    /// When set, the target must still have this stamp just before the rename, else
    /// ErrorKind::conflict and the target is untouched.
    std::optional<FileStamp> expected_stamp;
    /// Mode for a file that does not exist yet.
    unsigned new_file_mode = 0644;
};

/// Replaces the file at `path` with `content` atomically, through AtomicWriter: the data goes
/// to an anonymous O_TMPFILE (a named temp file where the file system lacks it) in the same
/// directory, gets the original's mode, owner and group (as far as permitted: see
/// AtomicWriter::commit) and extended attributes, is fsynced, and is renamed over the target,
/// so a reader or a crash sees the old or the new file, never a mix. A symlink is resolved and
/// its target replaced; the link stays. A file that does not exist yet is created with
/// `new_file_mode`. On any failure no temp file is left behind and the original is unchanged.
Result<void> write_file_atomic(const std::string& path, std::string_view content,
                               const AtomicWriteOptions& options = {});

/// Reads a whole file into memory.
Result<std::string> read_file(const std::string& path);

class Committer;

/// Chooses how AtomicWriter::commit puts the new content in place.
enum class CommitMode {
    rename,  ///< rename a new inode over the target: atomic (the default)
    in_place ///< copy into the target's own inode: keeps hard links, not atomic
};

/// Chooses whether the new content is flushed to the device before it replaces the old.
enum class Durability {
    fsync,   ///< fsync the file (and the directory after the rename): survives power loss
    no_fsync ///< leave flushing to the kernel: still atomic for readers and against kill -9
};

/// Collects the directories whose renames still need an fsync, so that a run over many files
/// syncs each directory once at its end instead of once per file. Each file's content is
/// fsynced before its rename either way, so a crash at any moment shows each file wholly old
/// or wholly new; the directory sync only decides from when on the new name survives a power
/// loss, and the run syncs them all before it reports. Thread-safe.
class DirectorySyncs {
public:
    /// Records `directory` (a path) for sync_all.
    void add(const std::string& directory);
    /// Fsyncs every recorded directory once and forgets them.
    void sync_all();

private:
    std::mutex m_mutex;
    std::set<std::string> m_directories;
};

/// Configures AtomicWriter::commit.
struct CommitOptions {
    std::optional<std::string> backup_path; ///< keep the old version under this name
    CommitMode mode = CommitMode::rename;
    Durability durability = Durability::fsync;
    Committer* committer = nullptr; ///< runs link+rename in a helper process when set
    /// With Durability::fsync: collects the directory to sync later instead of syncing it now.
    DirectorySyncs* directory_syncs = nullptr;
};

/// Writes a new version of a file into an anonymous temp file (O_TMPFILE; a named,
/// unpredictable temp file where the file system lacks it) in the target's directory, then
/// commits it with mode, owner and extended attributes of the original. Destroying an
/// uncommitted writer leaves nothing behind.
class AtomicWriter {
public:
    /// Opens the temp file next to `target` (a resolved path, not a symlink). With
    /// Durability::fsync the writer starts the device writes every few MiB as it goes, so
    /// the fsync of a large file at commit waits for little.
    static Result<AtomicWriter> open(const std::string& target,
                                     Durability durability = Durability::fsync);

    AtomicWriter(AtomicWriter&& other) noexcept;
    AtomicWriter& operator=(AtomicWriter&&) = delete;
    AtomicWriter(const AtomicWriter&) = delete;
    AtomicWriter& operator=(const AtomicWriter&) = delete;
    ~AtomicWriter();

    /// Appends bytes; small pieces are buffered, large ones written straight through.
    Result<void> write(std::string_view data);

    /// Writes `data` at byte `offset` of the new content. Thread-safe, so several threads can
    /// place the parts of one file at once; do not mix with write() and copy_from().
    Result<void> write_at(std::string_view data, std::size_t offset);

    /// Copies `length` bytes of `source_fd` from `source_offset` to byte `offset` of the new
    /// content, in the kernel where it can. Thread-safe like write_at.
    Result<void> copy_at(int source_fd, std::size_t source_offset, std::size_t length,
                         std::size_t offset);

    /// Appends `length` bytes of `source_fd` from `offset` with copy_file_range (no copy
    /// through user space), or with pread and write where the kernel cannot copy between
    /// these files.
    Result<void> copy_from(int source_fd, std::size_t offset, std::size_t length);

    /// Flushes, copies mode/owner/xattrs from `original_fd` (whose fstat is `original`): the
    /// owner and group where permitted, else the group alone, else ours (EPERM is not an error:
    /// callers that must not change an owner check beforehand, as subst does), fsyncs, checks that
    /// the target still has the original's device, inode, size and mtime (else
    /// ErrorKind::conflict), hard-links the old version to `backup_path` when given, and puts the
    /// new content in place.
    Result<void> commit(int original_fd, const struct stat& original,
                        const CommitOptions& options = {});

    /// Puts the content in place as a new file at the target, which must not exist yet:
    /// `mode` exactly (no umask), fsynced, linked under the target's name.
    Result<void> commit_new(unsigned mode, const CommitOptions& options = {});

private:
    AtomicWriter(std::string target, int fd, std::string temp_path, Durability durability);
    Result<void> flush();
    Result<void> write_through(std::string_view data);
    void note_placed(std::size_t bytes);
    void discard();
    Result<void> commit_in_place(int original_fd, const struct stat& original,
                                 const CommitOptions& options);

    std::string m_target;
    int m_fd = -1;
    std::string m_temp_path; ///< the named temp file; empty with O_TMPFILE until linked
    std::string m_buffer;
    Durability m_durability = Durability::fsync;
    std::size_t m_written = 0;              ///< bytes in the file so far
    std::atomic<std::size_t> m_unsynced{0}; ///< written since device writes were last started
};

/// Returns true when `after` (a fresh stat of the target) shows the same file and content
/// version as `before`: device, inode, size and mtime.
bool same_version(const struct stat& before, const struct stat& after);

} // namespace tbx::core
