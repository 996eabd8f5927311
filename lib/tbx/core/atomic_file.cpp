#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <random>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <vector>

#include <climits>
#include <fmt/format.h>

#include <tbx/core/atomic_file.hpp>
#include <tbx/core/committer.hpp>

namespace tbx::core {

namespace {

FileStamp stamp_from(const struct stat& info) {
    return FileStamp{
        static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino),
        static_cast<std::int64_t>(info.st_size),
        static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
}

// Resolves symlinks so that the link's target is replaced and the link itself stays.
std::string resolve_target(const std::string& path) {
    std::array<char, PATH_MAX> resolved{};
    if (::realpath(path.c_str(), resolved.data()) != nullptr) {
        return resolved.data();
    }
    return path; // a new file, or a dangling link: write where the caller said
}

// Small enough to stay in the CPU's L2 cache between the appends and the write(): on this
// kind of VM a 1 MiB buffer made write() of a GiB cost 3-4x more (measured with dd).
constexpr std::size_t k_buffer_bytes = 128 << 10;
constexpr std::size_t k_direct_write_bytes = 256 * 1024;
// How much written data may wait before its device writes are started (fsync mode).
constexpr std::size_t k_writeback_bytes = 16 << 20;

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string random_temp_name(const std::string& target) {
    // Not a mutable global: a fresh device-seeded engine per name is cheap next to the I/O.
    std::random_device device;
    std::uniform_int_distribution<std::uint64_t> digits;
    const auto slash = target.rfind('/');
    const std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
    return fmt::format("{}/.{}.tbx-{:016x}", directory_of(target), base, digits(device));
}

// Copies extended attributes; a file system without them (ENOTSUP) or one we may not set
// (EPERM for trusted.*) is not an error: the content matters more than the label.
void copy_xattrs(int from, int to) {
    const ssize_t size = ::flistxattr(from, nullptr, 0);
    if (size <= 0) {
        return;
    }
    std::vector<char> names(static_cast<std::size_t>(size));
    const ssize_t got = ::flistxattr(from, names.data(), names.size());
    if (got <= 0) {
        return;
    }
    std::size_t position = 0;
    std::vector<char> value;
    while (position < static_cast<std::size_t>(got)) {
        const char* name = names.data() + position;
        position += std::char_traits<char>::length(name) + 1;
        const ssize_t length = ::fgetxattr(from, name, nullptr, 0);
        if (length < 0) {
            continue;
        }
        value.resize(static_cast<std::size_t>(length));
        if (::fgetxattr(from, name, value.data(), value.size()) == length) {
            ::fsetxattr(to, name, value.data(), value.size(), 0);
        }
    }
}

Result<void> fsync_directory(const std::string& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return {};
    }
    ::fsync(fd);
    ::close(fd);
    return {};
}

// Copies `size` bytes from the start of `from` to the start of `to` in the kernel.
Result<void> copy_contents(int from, int to, std::size_t size, const std::string& subject) {
    off_t offset = 0;
    if (::lseek(to, 0, SEEK_SET) < 0) {
        return tl::unexpected(errno_error(errno, "cannot write", subject));
    }
    while (static_cast<std::size_t>(offset) < size) {
        const ssize_t sent = ::sendfile(to, from, &offset, size - static_cast<std::size_t>(offset));
        if (sent < 0 && errno == EINTR) {
            continue;
        }
        if (sent <= 0) {
            return tl::unexpected(errno_error(sent < 0 ? errno : EIO, "cannot write", subject));
        }
    }
    return {};
}

// The one EPERM policy: the original's owner and group where we may give them (root), else
// its group alone (one of our groups), else the new file stays ours. Callers that must not
// change an owner check before writing (subst skips such files unless --force).
Result<void> copy_owner(int fd, const struct stat& original, const std::string& target) {
    if (::fchown(fd, original.st_uid, original.st_gid) == 0) {
        return {};
    }
    if (errno != EPERM) {
        return tl::unexpected(errno_error(errno, "cannot set the owner", target));
    }
    if (::fchown(fd, static_cast<uid_t>(-1), original.st_gid) != 0 && errno != EPERM) {
        return tl::unexpected(errno_error(errno, "cannot set the group", target));
    }
    return {};
}

} // namespace

Result<void> write_all(int fd, std::string_view content, const std::string& path) {
    while (!content.empty()) {
        const ssize_t n = ::write(fd, content.data(), content.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return tl::unexpected(errno_error(errno, "cannot write", path));
        }
        content.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

Result<FileStamp> stamp_of(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return tl::unexpected(errno_error(errno, "cannot stat", path));
    }
    return stamp_from(info);
}

Result<void> write_file_atomic(const std::string& path, std::string_view content,
                               const AtomicWriteOptions& options) {
    const std::string target = resolve_target(path);
    int original_fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (original_fd < 0 && errno == EACCES) {
        // A file we may write but not read: its stat is enough (its xattrs are not copied).
        original_fd = ::open(target.c_str(), O_PATH | O_CLOEXEC);
    }
    if (original_fd < 0 && errno != ENOENT) {
        return tl::unexpected(errno_error(errno, "cannot open", path));
    }
    if (original_fd < 0 && options.expected_stamp) {
        return fail(ErrorKind::conflict, "the file was removed while it was being edited", path);
    }
    struct stat original {};
    if (original_fd >= 0 && ::fstat(original_fd, &original) != 0) {
        const int saved = errno;
        ::close(original_fd);
        return tl::unexpected(errno_error(saved, "cannot stat", path));
    }
    auto writer = AtomicWriter::open(target);
    auto done = writer ? writer->write(content) : Result<void>(tl::unexpected(writer.error()));
    if (done && original_fd < 0) {
        done = writer->commit_new(options.new_file_mode);
    } else if (done && options.expected_stamp && stamp_from(original) != *options.expected_stamp) {
        done =
            fail(ErrorKind::conflict, "the file changed on disk while it was being edited", path);
    } else if (done) {
        done = writer->commit(original_fd, original);
    }
    if (original_fd >= 0) {
        ::close(original_fd);
    }
    if (!done && done.error().subject == target) {
        done.error().subject = path; // name the file as the caller did
    }
    return done;
}

Result<std::string> read_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return tl::unexpected(errno_error(errno, "cannot open", path));
    }
    std::string content;
    struct stat info {};
    if (::fstat(fd, &info) == 0 && info.st_size > 0) {
        content.reserve(static_cast<std::size_t>(info.st_size));
    }
    std::array<char, 1 << 16> buffer{};
    while (true) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n == 0) {
            break;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int saved = errno;
            ::close(fd);
            return tl::unexpected(errno_error(saved, "cannot read", path));
        }
        content.append(buffer.data(), static_cast<std::size_t>(n));
    }
    ::close(fd);
    return content;
}

bool same_version(const struct stat& before, const struct stat& after) {
    return before.st_dev == after.st_dev && before.st_ino == after.st_ino &&
           before.st_size == after.st_size && before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
           before.st_mtim.tv_nsec == after.st_mtim.tv_nsec;
}

namespace {

/// Fails when `target` is gone or is no longer the version `original` describes: another
/// writer got there first, so replacing it would lose their bytes.
Result<void> check_unchanged(const std::string& target, const struct stat& original) {
    struct stat now {};
    if (::stat(target.c_str(), &now) != 0) {
        return tl::unexpected(errno_error(errno, "the file vanished before writing", target));
    }
    if (!same_version(original, now)) {
        return fail(ErrorKind::conflict, "the file changed on disk while it was being edited",
                    target);
    }
    return {};
}

} // namespace

AtomicWriter::AtomicWriter(std::string target, int fd, std::string temp_path, Durability durability)
    : m_target(std::move(target)), m_fd(fd), m_temp_path(std::move(temp_path)),
      m_durability(durability) {}

AtomicWriter::AtomicWriter(AtomicWriter&& other) noexcept
    : m_target(std::move(other.m_target)), m_fd(other.m_fd),
      m_temp_path(std::move(other.m_temp_path)), m_buffer(std::move(other.m_buffer)),
      m_durability(other.m_durability), m_written(other.m_written),
      m_unsynced(other.m_unsynced.load()) {
    other.m_fd = -1;
    other.m_temp_path.clear();
}

AtomicWriter::~AtomicWriter() {
    discard();
}

void AtomicWriter::discard() {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_temp_path.empty()) {
        ::unlink(m_temp_path.c_str());
        m_temp_path.clear();
    }
}

Result<AtomicWriter> AtomicWriter::open(const std::string& target, Durability durability) {
    const std::string directory = directory_of(target);
    int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) {
        return AtomicWriter(target, fd, {}, durability);
    }
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT) {
        return tl::unexpected(errno_error(errno, "cannot create a temp file", target));
    }
    // No O_TMPFILE here (some network and FUSE file systems): a named, unguessable temp
    // file, removed on every failure path.
    for (int attempt = 0; attempt < 16; ++attempt) {
        std::string temp = random_temp_name(target);
        fd = ::open(temp.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0) {
            return AtomicWriter(target, fd, std::move(temp), durability);
        }
        if (errno != EEXIST) {
            return tl::unexpected(errno_error(errno, "cannot create a temp file", target));
        }
    }
    return fail(ErrorKind::io, "cannot create a temp file", target);
}

Result<void> AtomicWriter::flush() {
    if (m_buffer.empty()) {
        return {};
    }
    auto written = write_through(m_buffer);
    m_buffer.clear();
    return written;
}

Result<void> AtomicWriter::write_through(std::string_view data) {
    auto written = write_at(data, m_written);
    m_written += data.size();
    return written;
}

Result<void> AtomicWriter::write(std::string_view data) {
    if (data.size() >= k_direct_write_bytes) {
        if (auto flushed = flush(); !flushed) {
            return flushed;
        }
        return write_through(data);
    }
    if (m_buffer.capacity() < k_buffer_bytes) {
        m_buffer.reserve(k_buffer_bytes);
    }
    m_buffer += data;
    if (m_buffer.size() >= k_buffer_bytes) {
        return flush();
    }
    return {};
}

Result<void> AtomicWriter::copy_from(int source_fd, std::size_t offset, std::size_t length) {
    if (auto flushed = flush(); !flushed) {
        return flushed;
    }
    auto copied = copy_at(source_fd, offset, length, m_written);
    m_written += length;
    return copied;
}

Result<void> AtomicWriter::write_at(std::string_view data, std::size_t offset) {
    const std::size_t size = data.size();
    while (!data.empty()) {
        const ssize_t written =
            ::pwrite(m_fd, data.data(), data.size(), static_cast<off_t>(offset));
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return tl::unexpected(errno_error(errno, "cannot write", m_target));
        }
        data.remove_prefix(static_cast<std::size_t>(written));
        offset += static_cast<std::size_t>(written);
    }
    note_placed(size);
    return {};
}

Result<void> AtomicWriter::copy_at(int source_fd, std::size_t source_offset, std::size_t length,
                                   std::size_t offset) {
    auto from = static_cast<loff_t>(source_offset);
    auto to = static_cast<loff_t>(offset);
    std::size_t done = 0;
    while (done < length) {
        const ssize_t copied = ::copy_file_range(source_fd, &from, m_fd, &to, length - done, 0);
        if (copied < 0 && errno == EINTR) {
            continue;
        }
        if (copied < 0 && errno != EXDEV && errno != EINVAL && errno != ENOSYS &&
            errno != EOPNOTSUPP) {
            return tl::unexpected(errno_error(errno, "cannot write", m_target));
        }
        if (copied <= 0) {
            break; // not supported between these files (or the source shrank)
        }
        done += static_cast<std::size_t>(copied);
    }
    note_placed(done);
    std::string buffer;
    while (done < length) {
        buffer.resize(std::min<std::size_t>(length - done, k_buffer_bytes));
        const ssize_t got = ::pread(source_fd, buffer.data(), buffer.size(),
                                    static_cast<off_t>(source_offset + done));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return tl::unexpected(errno_error(got < 0 ? errno : EIO, "cannot read", m_target));
        }
        const std::string_view piece(buffer.data(), static_cast<std::size_t>(got));
        if (auto written = write_at(piece, offset + done); !written) {
            return written;
        }
        done += piece.size();
    }
    return {};
}

void AtomicWriter::note_placed(std::size_t bytes) {
    // Without this the kernel starts writing only when dirty pages pile up, and the fsync at
    // commit then waits for the whole file; started every few MiB, the device works while we
    // compute. Parts may be placed out of order, so it covers whatever is dirty in the file
    // (pages already being written are skipped).
    if (m_durability == Durability::fsync &&
        m_unsynced.fetch_add(bytes, std::memory_order_relaxed) + bytes >= k_writeback_bytes) {
        m_unsynced.store(0, std::memory_order_relaxed);
        ::sync_file_range(m_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    }
}

Result<void> AtomicWriter::commit(int original_fd, const struct stat& original,
                                  const CommitOptions& options) {
    if (auto flushed = flush(); !flushed) {
        return flushed;
    }
    if (options.mode == CommitMode::in_place) {
        return commit_in_place(original_fd, original, options);
    }
    // Owner first: chown clears set-user-ID bits that the chmod then restores.
    if (auto owned = copy_owner(m_fd, original, m_target); !owned) {
        return owned;
    }
    if (::fchmod(m_fd, original.st_mode & 07777) != 0) {
        return tl::unexpected(errno_error(errno, "cannot set the mode", m_target));
    }
    copy_xattrs(original_fd, m_fd);
    if (options.durability == Durability::fsync && ::fsync(m_fd) != 0) {
        return tl::unexpected(errno_error(errno, "cannot write", m_target));
    }
    if (auto unchanged = check_unchanged(m_target, original); !unchanged) {
        return unchanged;
    }
    if (options.backup_path) {
        // A hard link keeps the old inode under the backup name at no copying cost; the
        // rename below then swaps only the original name.
        const std::string temp = random_temp_name(*options.backup_path);
        auto linked =
            options.committer != nullptr
                ? options.committer->link_path_and_rename(m_target, temp, *options.backup_path)
                : link_path_and_rename_here(m_target, temp, *options.backup_path);
        if (!linked) {
            return linked;
        }
    }
    if (m_temp_path.empty()) {
        // The temp file gets its name and replaces the target in one request, so a kill of
        // this process cannot leave the name behind.
        Result<void> committed = fail(ErrorKind::io, "cannot link the temp file", m_target);
        for (int attempt = 0; attempt < 8; ++attempt) {
            const std::string temp = random_temp_name(m_target);
            committed = options.committer != nullptr
                            ? options.committer->link_and_rename(m_fd, temp, m_target)
                            : link_and_rename_here(m_fd, temp, m_target);
            if (committed || committed.error().message.find("File exists") == std::string::npos) {
                break;
            }
        }
        if (!committed) {
            return committed;
        }
    } else if (::rename(m_temp_path.c_str(), m_target.c_str()) != 0) {
        return tl::unexpected(errno_error(errno, "cannot replace the file", m_target));
    }
    m_temp_path.clear();
    ::close(m_fd);
    m_fd = -1;
    if (options.durability == Durability::fsync) {
        if (options.directory_syncs != nullptr) {
            options.directory_syncs->add(directory_of(m_target));
            return {};
        }
        return fsync_directory(directory_of(m_target));
    }
    return {};
}

void DirectorySyncs::add(const std::string& directory) {
    std::lock_guard lock(m_mutex);
    m_directories.insert(directory);
}

void DirectorySyncs::sync_all() {
    std::lock_guard lock(m_mutex);
    for (const std::string& directory : m_directories) {
        fsync_directory(directory);
    }
    m_directories.clear();
}

Result<void> AtomicWriter::commit_in_place(int original_fd, const struct stat& original,
                                           const CommitOptions& options) {
    const std::optional<std::string>& backup_path = options.backup_path;
    const off_t size = ::lseek(m_fd, 0, SEEK_END);
    if (size < 0 || ::fsync(m_fd) != 0) {
        return tl::unexpected(errno_error(errno, "cannot write", m_target));
    }
    if (auto unchanged = check_unchanged(m_target, original); !unchanged) {
        return unchanged;
    }
    if (backup_path) {
        // The inode is about to change under every name, so the backup must be a copy.
        auto backup = AtomicWriter::open(*backup_path);
        if (!backup) {
            return tl::unexpected(backup.error());
        }
        if (auto copied = copy_contents(original_fd, backup->m_fd,
                                        static_cast<std::size_t>(original.st_size), *backup_path);
            !copied) {
            return copied;
        }
        ::fchmod(backup->m_fd, original.st_mode & 07777);
        if (::fsync(backup->m_fd) != 0) {
            return tl::unexpected(errno_error(errno, "cannot write", *backup_path));
        }
        if (backup->m_temp_path.empty()) {
            const std::string temp = random_temp_name(*backup_path);
            auto linked = options.committer != nullptr
                              ? options.committer->link_and_rename(backup->m_fd, temp, *backup_path)
                              : link_and_rename_here(backup->m_fd, temp, *backup_path);
            if (!linked) {
                return linked;
            }
        } else if (::rename(backup->m_temp_path.c_str(), backup_path->c_str()) != 0) {
            return tl::unexpected(errno_error(errno, "cannot create the backup", *backup_path));
        }
        backup->m_temp_path.clear();
    }
    const int out = ::open(m_target.c_str(), O_WRONLY | O_CLOEXEC);
    if (out < 0) {
        return tl::unexpected(errno_error(errno, "cannot open for writing", m_target));
    }
    auto copied = copy_contents(m_fd, out, static_cast<std::size_t>(size), m_target);
    if (copied && (::ftruncate(out, size) != 0 || ::fsync(out) != 0)) {
        copied = tl::unexpected(errno_error(errno, "cannot write", m_target));
    }
    ::close(out);
    return copied;
}

Result<void> AtomicWriter::commit_new(unsigned mode, const CommitOptions& options) {
    if (auto flushed = flush(); !flushed) {
        return flushed;
    }
    if (::fchmod(m_fd, mode) != 0) {
        return tl::unexpected(errno_error(errno, "cannot set the mode", m_target));
    }
    if (options.durability == Durability::fsync && ::fsync(m_fd) != 0) {
        return tl::unexpected(errno_error(errno, "cannot write", m_target));
    }
    // A link, not a rename: a file that appeared meanwhile is not replaced.
    const std::string source =
        m_temp_path.empty() ? fmt::format("/proc/self/fd/{}", m_fd) : m_temp_path;
    if (::linkat(AT_FDCWD, source.c_str(), AT_FDCWD, m_target.c_str(), AT_SYMLINK_FOLLOW) != 0) {
        if (errno == EEXIST) {
            return fail(ErrorKind::conflict, "the file appeared while it was being written",
                        m_target);
        }
        return tl::unexpected(errno_error(errno, "cannot create", m_target));
    }
    discard(); // the temp name, if any, goes; the content stays under the target's name
    if (options.durability == Durability::fsync) {
        return fsync_directory(directory_of(m_target));
    }
    return {};
}

} // namespace tbx::core
