#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
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

namespace {

// posix_spawn rather than fork: the child shares the parent's memory until its exec
// (CLONE_VFORK), so neither side pays copy-on-write faults for tbx's pages, and an exec
// failure comes back as the return value. Returns 0 or the errno of the failure.
int spawn(pid_t& pid, const std::string& program, const std::vector<char*>& args) {
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // tbx ignores SIGPIPE for itself; the command gets the default, as from a shell.
    sigset_t restored;
    sigemptyset(&restored);
    sigaddset(&restored, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &restored);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
    const int rc = posix_spawn(&pid, program.c_str(), nullptr, &attributes, args.data(), environ);
    posix_spawnattr_destroy(&attributes);
    return rc;
}

} // namespace

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
    std::vector<char*> args;
    args.reserve(argv.size() + 2);
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    if (subreaper == Subreaper::enable && ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
        return tl::unexpected(errno_error(errno, "cannot become a child subreaper"));
    }
    std::uint64_t spawner_hwm = self_hwm_bytes();
    auto start = std::chrono::steady_clock::now();
    pid_t pid = -1;
    int rc = spawn(pid, *path, args);
    if (rc == ENOEXEC) {
        // A file without a #! line runs under the shell, as execvp does.
        std::string shell = "/bin/sh";
        args.insert(args.begin(), shell.data());
        args[1] = path->data();
        rc = spawn(pid, shell, args);
    }
    if (rc == ENOENT || rc == ENOTDIR) {
        return fail(ErrorKind::not_found, "command not found", argv[0]);
    }
    if (rc != 0) {
        return fail(ErrorKind::permission, std::string("cannot execute: ") + std::strerror(rc),
                    argv[0]);
    }
    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    return Child(pid, pidfd < 0 ? -1 : pidfd, start, spawner_hwm);
}

} // namespace tbx::memprof
