#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

#include <tbx/memprof/proc_linux.hpp>
#include <tbx/memprof/spawn.hpp>

extern char** environ; // NOLINT: POSIX declares it without a header

namespace tbx::memprof {

Child::Child(Child&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1)), m_pidfd(std::exchange(other.m_pidfd, -1)),
      m_start(other.m_start), m_spawner_hwm_bytes(other.m_spawner_hwm_bytes) {}

Child& Child::operator=(Child&& other) noexcept {
    if (this != &other) {
        if (m_pidfd >= 0) {
            ::close(m_pidfd);
        }
        m_pid = std::exchange(other.m_pid, -1);
        m_pidfd = std::exchange(other.m_pidfd, -1);
        m_start = other.m_start;
        m_spawner_hwm_bytes = other.m_spawner_hwm_bytes;
    }
    return *this;
}

Child::~Child() {
    if (m_pidfd >= 0) {
        ::close(m_pidfd);
    }
}

Result<std::string> resolve_command(const std::string& name) {
    if (name.empty()) {
        return fail(ErrorKind::not_found, "command not found", name);
    }
    auto check = [](const std::string& path) -> int {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            return ENOENT;
        }
        if (S_ISDIR(st.st_mode) || ::access(path.c_str(), X_OK) != 0) {
            return EACCES;
        }
        return 0;
    };
    if (name.find('/') != std::string::npos) {
        int err = check(name);
        if (err == ENOENT) {
            return fail(ErrorKind::not_found, "command not found", name);
        }
        if (err != 0) {
            return fail(ErrorKind::permission, "command not executable", name);
        }
        return name;
    }
    const char* path_env = std::getenv("PATH");
    // POSIX leaves an unset PATH implementation-defined; this is glibc's execvp default.
    std::string path_list = path_env != nullptr ? path_env : "/bin:/usr/bin";
    bool found_unexecutable = false;
    std::size_t begin = 0;
    for (;;) {
        std::size_t end = path_list.find(':', begin);
        std::string dir = path_list.substr(begin, end == std::string::npos ? end : end - begin);
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        int err = check(candidate);
        if (err == 0) {
            return candidate;
        }
        if (err == EACCES) {
            found_unexecutable = true;
        }
        if (end == std::string::npos) {
            break;
        }
        begin = end + 1;
    }
    if (found_unexecutable) {
        return fail(ErrorKind::permission, "command not executable", name);
    }
    return fail(ErrorKind::not_found, "command not found", name);
}

int spawn_failure_status(const Error& error) {
    return error.kind == ErrorKind::not_found ? 127 : 126;
}

Result<Child> spawn_child(const std::vector<std::string>& argv, Subreaper subreaper) {
    if (argv.empty()) {
        return fail(ErrorKind::invalid_argument, "no command given");
    }
    auto path = resolve_command(argv[0]);
    if (!path) {
        return tl::unexpected(path.error());
    }
    // Everything the child needs is built before fork: after it only async-signal-safe calls.
    std::vector<char*> args;
    args.reserve(argv.size() + 2);
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    std::string shell = "/bin/sh";
    std::vector<char*> shell_args;
    shell_args.push_back(shell.data());
    shell_args.push_back(path->data());
    for (std::size_t i = 1; i < argv.size(); ++i) {
        shell_args.push_back(const_cast<char*>(argv[i].c_str()));
    }
    shell_args.push_back(nullptr);

    if (subreaper == Subreaper::enable && ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
        return tl::unexpected(errno_error(errno, "cannot become a child subreaper"));
    }
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        return tl::unexpected(errno_error(errno, "cannot create a pipe"));
    }
    std::uint64_t spawner_hwm = self_hwm_bytes();
    auto start = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    if (pid < 0) {
        int err = errno;
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        return tl::unexpected(errno_error(err, "cannot fork"));
    }
    if (pid == 0) {
        ::close(pipe_fds[0]);
        ::execve(path->c_str(), args.data(), environ);
        if (errno == ENOEXEC) {
            ::execve(shell.c_str(), shell_args.data(), environ);
        }
        int err = errno;
        [[maybe_unused]] auto written = ::write(pipe_fds[1], &err, sizeof err);
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    int child_errno = 0;
    ssize_t n;
    do {
        n = ::read(pipe_fds[0], &child_errno, sizeof child_errno);
    } while (n < 0 && errno == EINTR);
    ::close(pipe_fds[0]);
    if (n == static_cast<ssize_t>(sizeof child_errno)) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (child_errno == ENOENT || child_errno == ENOTDIR) {
            return fail(ErrorKind::not_found, "command not found", argv[0]);
        }
        return fail(ErrorKind::permission,
                    std::string("cannot execute: ") + std::strerror(child_errno), argv[0]);
    }
    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    return Child(pid, pidfd < 0 ? -1 : pidfd, start, spawner_hwm);
}

} // namespace tbx::memprof
