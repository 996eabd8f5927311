#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

/// Chooses whether a rewritten file keeps the original owner, group and xattrs.
enum class KeepOwner { yes, no };

/// Writes all of `content` to `fd`, retrying short writes and EINTR; errors name `path`.
Result<void> write_all(int fd, std::string_view content, const std::string& path);

/// Options for write_file_atomic.
struct AtomicWriteOptions {
    /// When set, the target must still have this stamp just before the rename, else
    /// ErrorKind::conflict and the target is untouched.
    std::optional<FileStamp> expected_stamp;
    /// Keep the original's mode, owner/group (where permitted) and extended attributes.
    KeepOwner keep_owner = KeepOwner::yes;
    /// Mode for a file that does not exist yet.
    unsigned new_file_mode = 0644;
};

/// Replaces the file at `path` with `content` atomically: the data goes to an anonymous
/// O_TMPFILE (a named temp file where the file system lacks it) in the same directory, is
/// fsynced, and is renamed over the target, so a reader or a crash sees the old or the new
/// file, never a mix. A symlink is resolved and its target replaced; the link stays. On any
/// failure no temp file is left behind and the original is unchanged.
Result<void> write_file_atomic(const std::string& path, std::string_view content,
                               const AtomicWriteOptions& options = {});

/// Reads a whole file into memory.
Result<std::string> read_file(const std::string& path);

} // namespace tbx::core
