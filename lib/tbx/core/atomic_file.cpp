#include <array>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <vector>

#include <climits>

#include <tbx/core/atomic_file.hpp>

namespace tbx::core {

namespace {

FileStamp stamp_from(const struct stat& info) {
    return FileStamp{
        static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino),
        static_cast<std::int64_t>(info.st_size),
        static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_name_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Resolves symlinks so that the link's target is replaced and the link itself stays.
std::string resolve_target(const std::string& path) {
    std::array<char, PATH_MAX> resolved{};
    if (::realpath(path.c_str(), resolved.data()) != nullptr) {
        return resolved.data();
    }
    return path; // a new file, or a dangling link: write where the caller said
}

std::string random_suffix() {
    static constexpr std::string_view k_chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device device;
    std::string suffix(8, 'x');
    for (auto& c : suffix) {
        c = k_chars[device() % k_chars.size()];
    }
    return suffix;
}

// Removes the temp file's name (if it got one) and closes it on every exit path.
class TempFile {
public:
    ~TempFile() {
        if (!m_name.empty()) {
            ::unlink(m_name.c_str());
        }
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    int m_fd = -1;
    std::string m_name; ///< empty while the file is anonymous (O_TMPFILE) or after the rename
};

// Copies extended attributes (ACLs, SELinux labels, user.*) where the file system allows it.
void copy_xattrs(const std::string& from, int to_fd) {
    const ssize_t list_size = ::listxattr(from.c_str(), nullptr, 0);
    if (list_size <= 0) {
        return;
    }
    std::vector<char> names(static_cast<std::size_t>(list_size));
    if (::listxattr(from.c_str(), names.data(), names.size()) != list_size) {
        return;
    }
    for (std::size_t i = 0; i < names.size(); i += std::string_view(&names[i]).size() + 1) {
        const char* name = &names[i];
        const ssize_t value_size = ::getxattr(from.c_str(), name, nullptr, 0);
        if (value_size < 0) {
            continue;
        }
        std::vector<char> value(static_cast<std::size_t>(value_size));
        if (::getxattr(from.c_str(), name, value.data(), value.size()) == value_size) {
            ::fsetxattr(to_fd, name, value.data(), value.size(), 0);
        }
    }
}

// Opens an anonymous file in `dir`, or a named one where O_TMPFILE is unsupported.
Result<void> open_temp(const std::string& dir, const std::string& target, unsigned mode,
                       TempFile& temp) {
    temp.m_fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
    if (temp.m_fd >= 0) {
        return {};
    }
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
        return tl::unexpected(errno_error(errno, "cannot create a temporary file in", dir));
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string name = dir + "/." + base_name_of(target) + ".tbx-" + random_suffix();
        temp.m_fd = ::open(name.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode);
        if (temp.m_fd >= 0) {
            temp.m_name = std::move(name);
            return {};
        }
        if (errno != EEXIST) {
            return tl::unexpected(errno_error(errno, "cannot create a temporary file in", dir));
        }
    }
    return fail(ErrorKind::io, "cannot find a free temporary file name in", dir);
}

// Gives the anonymous file a name next to the target so that rename(2) can replace it.
Result<void> name_temp(const std::string& dir, const std::string& target, TempFile& temp) {
    if (!temp.m_name.empty()) {
        return {};
    }
    const std::string proc_path = "/proc/self/fd/" + std::to_string(temp.m_fd);
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string name = dir + "/." + base_name_of(target) + ".tbx-" + random_suffix();
        if (::linkat(AT_FDCWD, proc_path.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
            temp.m_name = std::move(name);
            return {};
        }
        if (errno != EEXIST) {
            return tl::unexpected(errno_error(errno, "cannot link the temporary file in", dir));
        }
    }
    return fail(ErrorKind::io, "cannot find a free temporary file name in", dir);
}

void sync_directory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
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
    const std::string dir = directory_of(target);
    struct stat original {};
    const bool exists = ::stat(target.c_str(), &original) == 0;
    if (!exists && options.expected_stamp) {
        return fail(ErrorKind::conflict, "file was removed while it was being edited", path);
    }
    const unsigned mode = exists ? (original.st_mode & 07777) : options.new_file_mode;

    TempFile temp;
    if (auto opened = open_temp(dir, target, mode & 0777, temp); !opened) {
        return opened;
    }
    if (auto written = write_all(temp.m_fd, content, path); !written) {
        return written;
    }
    if (exists && options.keep_owner == KeepOwner::yes) {
        // Owner first: fchown clears set-id bits, which fchmod then restores.
        if (::fchown(temp.m_fd, original.st_uid, original.st_gid) != 0) {
            (void)::fchown(temp.m_fd, static_cast<uid_t>(-1), original.st_gid);
        }
        copy_xattrs(target, temp.m_fd);
    }
    if (::fchmod(temp.m_fd, mode) != 0) {
        return tl::unexpected(errno_error(errno, "cannot set the mode of the new file", path));
    }
    if (::fsync(temp.m_fd) != 0) {
        return tl::unexpected(errno_error(errno, "cannot write", path));
    }
    if (auto named = name_temp(dir, target, temp); !named) {
        return named;
    }
    if (options.expected_stamp) {
        auto now = stamp_of(target);
        if (!now || *now != *options.expected_stamp) {
            return fail(ErrorKind::conflict, "file changed on disk while it was being edited",
                        path);
        }
    }
    if (::rename(temp.m_name.c_str(), target.c_str()) != 0) {
        return tl::unexpected(errno_error(errno, "cannot replace", path));
    }
    temp.m_name.clear();
    sync_directory(dir);
    return {};
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

} // namespace tbx::core
