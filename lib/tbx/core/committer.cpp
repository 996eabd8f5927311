#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include <tbx/core/committer.hpp>

namespace tbx::core {

namespace {

constexpr std::size_t k_max_message = 3 * 4096 + 16;

// The raw steps return an errno value (0 on success) so the helper can pass it back as is.
int link_fd_raw(int fd, const std::string& temp_path) {
    const std::string proc = fmt::format("/proc/self/fd/{}", fd);
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, temp_path.c_str(), AT_SYMLINK_FOLLOW) != 0) {
        return errno;
    }
    return 0;
}

int rename_or_remove_raw(const std::string& temp_path, const std::string& target) {
    if (::rename(temp_path.c_str(), target.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temp_path.c_str());
        return saved;
    }
    return 0;
}

int link_and_rename_raw(int fd, const std::string& temp_path, const std::string& target) {
    const int linked = link_fd_raw(fd, temp_path);
    return linked != 0 ? linked : rename_or_remove_raw(temp_path, target);
}

int link_path_and_rename_raw(const std::string& existing, const std::string& temp_path,
                             const std::string& target) {
    if (::link(existing.c_str(), temp_path.c_str()) != 0) {
        return errno;
    }
    return rename_or_remove_raw(temp_path, target);
}

// Serves requests until the channel closes: "F\0temp\0target\0" with a descriptor, or
// "P\0existing\0temp\0target\0"; answers with the errno (0 for success).
[[noreturn]] void serve(int socket) {
    std::vector<char> buffer(k_max_message);
    while (true) {
        iovec io{buffer.data(), buffer.size()};
        alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(int))> control{};
        msghdr message{};
        message.msg_iov = &io;
        message.msg_iovlen = 1;
        message.msg_control = control.data();
        message.msg_controllen = control.size();
        const ssize_t got = ::recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            ::_exit(0);
        }
        int fd = -1;
        if (const cmsghdr* header = CMSG_FIRSTHDR(&message);
            header != nullptr && header->cmsg_type == SCM_RIGHTS) {
            std::memcpy(&fd, CMSG_DATA(header), sizeof fd);
        }
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (std::size_t i = 0; i < static_cast<std::size_t>(got); ++i) {
            if (buffer[i] == '\0') {
                fields.emplace_back(buffer.data() + start, i - start);
                start = i + 1;
            }
        }
        int result = EINVAL;
        if (fields.size() == 3 && fields[0] == "F" && fd >= 0) {
            result = link_and_rename_raw(fd, fields[1], fields[2]);
        } else if (fields.size() == 4 && fields[0] == "P") {
            result = link_path_and_rename_raw(fields[1], fields[2], fields[3]);
        }
        if (fd >= 0) {
            ::close(fd);
        }
        while (::send(socket, &result, sizeof result, MSG_NOSIGNAL) < 0 && errno == EINTR) {
        }
    }
}

} // namespace

Result<void> link_and_rename_here(int fd, const std::string& temp_path, const std::string& target) {
    if (const int error = link_and_rename_raw(fd, temp_path, target); error != 0) {
        return tl::unexpected(errno_error(error, "cannot replace the file", target));
    }
    return {};
}

Result<void> link_path_and_rename_here(const std::string& existing, const std::string& temp_path,
                                       const std::string& target) {
    if (const int error = link_path_and_rename_raw(existing, temp_path, target); error != 0) {
        return tl::unexpected(errno_error(error, "cannot create the backup", target));
    }
    return {};
}

Result<Committer> Committer::start() {
    std::array<int, 2> sockets{};
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sockets.data()) != 0) {
        return tl::unexpected(errno_error(errno, "cannot create the commit channel"));
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int saved = errno;
        ::close(sockets[0]);
        ::close(sockets[1]);
        return tl::unexpected(errno_error(saved, "cannot start the commit helper"));
    }
    if (pid == 0) {
        ::close(sockets[0]);
        // Hold no pipe or terminal of the caller open: a reader waiting for EOF on tbx's
        // output must not wait for the helper.
        const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd >= 0) {
            ::dup2(null_fd, STDIN_FILENO);
            ::dup2(null_fd, STDOUT_FILENO);
            ::dup2(null_fd, STDERR_FILENO);
        }
        // The helper must outlive a Ctrl-C aimed at tbx only long enough to finish a request;
        // it exits when the channel closes.
        ::signal(SIGINT, SIG_IGN);
        ::signal(SIGTERM, SIG_IGN);
        ::signal(SIGHUP, SIG_IGN);
        serve(sockets[1]);
    }
    ::close(sockets[1]);
    return Committer(sockets[0], pid);
}

Committer::Committer(Committer&& other) noexcept : m_socket(other.m_socket), m_pid(other.m_pid) {
    other.m_socket = -1;
    other.m_pid = -1;
}

Committer::~Committer() {
    if (m_socket >= 0) {
        ::close(m_socket);
    }
    if (m_pid > 0) {
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

Result<void> Committer::request(int fd, const std::string& first, const std::string& temp_path,
                                const std::string& target) {
    std::string payload = fd >= 0 ? std::string("F") : std::string("P");
    payload += '\0';
    if (fd < 0) {
        payload += first;
        payload += '\0';
    }
    payload += temp_path;
    payload += '\0';
    payload += target;
    payload += '\0';
    if (payload.size() > k_max_message) {
        return fail(ErrorKind::invalid_argument, "path too long", target);
    }
    std::lock_guard lock(m_mutex);
    iovec io{payload.data(), payload.size()};
    alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(int))> control{};
    msghdr message{};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    if (fd >= 0) {
        message.msg_control = control.data();
        message.msg_controllen = control.size();
        cmsghdr* header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
    }
    ssize_t sent = 0;
    do {
        sent = ::sendmsg(m_socket, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) {
        return tl::unexpected(errno_error(errno, "the commit helper is gone", target));
    }
    int result = 0;
    ssize_t got = 0;
    do {
        got = ::recv(m_socket, &result, sizeof result, 0);
    } while (got < 0 && errno == EINTR);
    if (got != sizeof result) {
        return fail(ErrorKind::io, "the commit helper is gone", target);
    }
    if (result != 0) {
        return tl::unexpected(errno_error(
            result, fd >= 0 ? "cannot replace the file" : "cannot create the backup", target));
    }
    return {};
}

Result<void> Committer::link_and_rename(int fd, const std::string& temp_path,
                                        const std::string& target) {
    return request(fd, {}, temp_path, target);
}

Result<void> Committer::link_path_and_rename(const std::string& existing,
                                             const std::string& temp_path,
                                             const std::string& target) {
    return request(-1, existing, temp_path, target);
}

} // namespace tbx::core
