#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include <tbx/core/atomic_file.hpp>
#include <tbx/memprof/output.hpp>

namespace tbx::memprof {

namespace {

// Paths that name one of tbx's own descriptors: written to the descriptor itself, so that a
// redirection (`> out.svg`, `>> log`, a pipe) is honoured exactly as the shell set it up.
int descriptor_of(const std::string& path) {
    if (path == "-" || path == "/dev/stdout") {
        return STDOUT_FILENO;
    }
    if (path == "/dev/stderr") {
        return STDERR_FILENO;
    }
    for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"}) {
        if (path.starts_with(prefix)) {
            std::string_view digits = std::string_view(path).substr(prefix.size());
            int fd = -1;
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), fd);
            if (ec == std::errc() && end == digits.data() + digits.size() && fd >= 0) {
                return fd;
            }
        }
    }
    return -1;
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

Result<OutputTarget> check_descriptor(const std::string& path, int fd) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY) {
        return fail(ErrorKind::invalid_argument, "output descriptor is not open for writing", path);
    }
    return OutputTarget{path, OutputKind::descriptor, fd};
}

// A new file: its directory (the link's own for a path that does not exist) must exist and
// be writable, since the atomic replace creates a file there.
Result<OutputTarget> check_new_file(const std::string& path, OutputKind kind) {
    const std::string dir = directory_of(path);
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0) {
        return tl::unexpected(errno_error(errno, "cannot write the output file", path));
    }
    if (!S_ISDIR(info.st_mode)) {
        return fail(ErrorKind::invalid_argument, "not a directory", dir);
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        return tl::unexpected(errno_error(errno, "cannot write the output file", path));
    }
    return OutputTarget{path, kind, -1};
}

} // namespace

Result<OutputTarget> check_output(const std::string& path) {
    if (path.empty()) {
        return fail(ErrorKind::invalid_argument, "empty output path");
    }
    if (int fd = descriptor_of(path); fd >= 0) {
        return check_descriptor(path, fd);
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        struct stat link {};
        if (errno == ENOENT && ::lstat(path.c_str(), &link) == 0) {
            // A dangling symlink: creating its target keeps the link.
            char target[4096];
            const ssize_t n = ::readlink(path.c_str(), target, sizeof target - 1);
            if (n <= 0) {
                return tl::unexpected(errno_error(errno, "cannot read the link", path));
            }
            std::string resolved(target, static_cast<std::size_t>(n));
            if (resolved.front() != '/') {
                resolved = directory_of(path) + "/" + resolved;
            }
            return check_new_file(resolved, OutputKind::write_through).map([&](OutputTarget t) {
                t.path = path;
                return t;
            });
        }
        if (errno != ENOENT) {
            return tl::unexpected(errno_error(errno, "cannot write the output file", path));
        }
        return check_new_file(path, OutputKind::replace);
    }
    if (S_ISDIR(info.st_mode)) {
        return fail(ErrorKind::invalid_argument, "output path is a directory", path);
    }
    if (!S_ISREG(info.st_mode)) {
        if (::access(path.c_str(), W_OK) != 0) {
            return tl::unexpected(errno_error(errno, "cannot write the output file", path));
        }
        return OutputTarget{path, OutputKind::write_through, -1};
    }
    // An existing regular file (through any symlinks): its directory gets the new file.
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) == nullptr) {
        return tl::unexpected(errno_error(errno, "cannot resolve", path));
    }
    return check_new_file(resolved, OutputKind::replace).map([&](OutputTarget t) {
        t.path = path;
        return t;
    });
}

Result<void> write_output(const OutputTarget& target, std::string_view content) {
    switch (target.kind) {
    case OutputKind::descriptor:
        return core::write_all(target.fd, content, target.path);
    case OutputKind::write_through: {
        // O_CREAT only matters for a dangling symlink's target; a FIFO's open waits for a reader.
        const int fd = ::open(target.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            return tl::unexpected(errno_error(errno, "cannot open", target.path));
        }
        auto written = core::write_all(fd, content, target.path);
        if (::close(fd) != 0 && written) {
            return tl::unexpected(errno_error(errno, "cannot write", target.path));
        }
        return written;
    }
    case OutputKind::replace:
        return core::write_file_atomic(target.path, content);
    }
    return {};
}

Result<std::string> plot_format(const std::string& path) {
    const auto slash = path.rfind('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (path == "-" || dot == std::string::npos || dot == 0) {
        return std::string("svg");
    }
    std::string extension = name.substr(dot + 1);
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == "svg") {
        return extension;
    }
    return fail(ErrorKind::invalid_argument,
                "unsupported plot format, only .svg is written (or - for stdout)", path);
}

} // namespace tbx::memprof
