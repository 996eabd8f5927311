#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <string_view>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utility>

#include <tbx/core/process.hpp>
#include <tbx/memprof/proc_linux.hpp>
#include <tbx/memprof/spawn.hpp>

extern char** environ; // NOLINT: POSIX declares it without a header

namespace tbx::memprof {

Child::Child(Child&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1)), m_pidfd(std::exchange(other.m_pidfd, -1)),
      m_start(other.m_start), m_spawner_hwm_bytes(other.m_spawner_hwm_bytes),
      m_traced(other.m_traced) {}

Child& Child::operator=(Child&& other) noexcept {
    if (this != &other) {
        if (m_pidfd >= 0) {
            ::close(m_pidfd);
        }
        m_pid = std::exchange(other.m_pid, -1);
        m_pidfd = std::exchange(other.m_pidfd, -1);
        m_start = other.m_start;
        m_spawner_hwm_bytes = other.m_spawner_hwm_bytes;
        m_traced = other.m_traced;
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
    bool found_unexecutable = false;
    for (const std::string& dir : core::path_directories(core::search_path())) {
        const std::string candidate = dir + "/" + name;
        const int err = check(candidate);
        if (err == 0) {
            return candidate;
        }
        found_unexecutable = found_unexecutable || err == EACCES;
    }
    if (found_unexecutable) {
        return fail(ErrorKind::permission, "command not executable", name);
    }
    return fail(ErrorKind::not_found, "command not found", name);
}

namespace {

// The argument vectors, prepared before the fork: the child only makes system calls.
struct ExecPlan {
    std::string program;
    std::vector<char*> args;       ///< argv for program
    std::vector<char*> shell_args; ///< /bin/sh program args..., for a file without #!
    std::vector<char*> env;        ///< the environment, with the overrides
};

// The caller's environment with `overrides` (NAME=VALUE) replacing or adding entries.
std::vector<char*> build_environment(const std::vector<std::string>& overrides) {
    std::vector<char*> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string_view current(*entry);
        const bool replaced = std::any_of(overrides.begin(), overrides.end(), [&](const auto& o) {
            const auto name = o.substr(0, o.find('=') + 1);
            return current.starts_with(name);
        });
        if (!replaced) {
            env.push_back(*entry);
        }
    }
    for (const auto& entry : overrides) {
        env.push_back(const_cast<char*>(entry.c_str()));
    }
    env.push_back(nullptr);
    return env;
}

// Runs in the forked child: waits until the parent has seized it (the release pipe reaches
// end of file), then executes the program. An exec failure goes back as errno through the
// close-on-exec report pipe, whose end of file tells the parent the exec succeeded.
[[noreturn]] void exec_child(const ExecPlan& plan, int release_fd, int report_fd) {
    char byte = 0;
    while (::read(release_fd, &byte, 1) < 0 && errno == EINTR) {
    }
    // tbx ignores SIGPIPE for itself; the command gets the default, as from a shell.
    struct sigaction restored {};
    restored.sa_handler = SIG_DFL;
    ::sigaction(SIGPIPE, &restored, nullptr);
    ::execve(plan.program.c_str(), plan.args.data(), plan.env.data());
    if (errno == ENOEXEC) {
        ::execve(plan.shell_args[0], plan.shell_args.data(), plan.env.data());
    }
    const int error = errno;
    (void)!::write(report_fd, &error, sizeof error);
    ::_exit(127);
}

// Waits for a child whose exec failed (resuming it from its trace stops) and reaps it.
void reap_failed(pid_t pid, bool traced) {
    for (;;) {
        int status = 0;
        const pid_t got = ::waitpid(pid, &status, __WALL);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got != pid || !WIFSTOPPED(status)) {
            return;
        }
        if (traced) {
            handle_trace_stop(pid, status);
        }
    }
}

// Reads the child's exec result: 0 when it succeeded, else its errno.
int read_exec_result(int report_fd) {
    int error = 0;
    ssize_t n;
    do {
        n = ::read(report_fd, &error, sizeof error);
    } while (n < 0 && errno == EINTR);
    return n == static_cast<ssize_t>(sizeof error) ? error : 0;
}

// A set-user-ID or set-group-ID program, or one with file capabilities, would run without
// its privileges under a tracer that lacks CAP_SYS_PTRACE (sudo, passwd, ping): such a program
// runs untraced.
bool gains_privileges(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && (info.st_mode & (S_ISUID | S_ISGID)) != 0) {
        return true;
    }
    return ::getxattr(path.c_str(), "security.capability", nullptr, 0) > 0;
}

} // namespace

TraceStop handle_trace_stop(pid_t pid, int status) {
    TraceStop stop;
    const int signal = WSTOPSIG(status);
    const int event = status >> 16;
    if (event == PTRACE_EVENT_EXIT) {
        // Stopped inside exit(2) with its memory still mapped: VmHWM is the whole run's peak.
        stop.exit = true;
        std::array<char, 4096> buffer{};
        if (auto file = ProcFile::open("/proc/" + std::to_string(pid) + "/status")) {
            stop.exit_hwm_bytes = parse_status(file->read(buffer)).hwm_bytes;
        }
        ::ptrace(PTRACE_CONT, pid, nullptr, nullptr);
    } else if (event == PTRACE_EVENT_STOP) {
        const bool job_control =
            signal == SIGSTOP || signal == SIGTSTP || signal == SIGTTIN || signal == SIGTTOU;
        // A job-control stop stays in effect until SIGCONT, as without a tracer.
        ::ptrace(job_control ? PTRACE_LISTEN : PTRACE_CONT, pid, nullptr, nullptr);
    } else {
        // A signal on its way to the child: delivered unchanged.
        ::ptrace(PTRACE_CONT, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(signal)));
    }
    return stop;
}

int spawn_failure_status(const Error& error) {
    return error.kind == ErrorKind::not_found ? 127 : 126;
}

Result<Child> spawn_child(const std::vector<std::string>& argv, Subreaper subreaper, Trace trace,
                          const std::vector<std::string>& overrides) {
    if (argv.empty()) {
        return fail(ErrorKind::invalid_argument, "no command given");
    }
    auto path = resolve_command(argv[0]);
    if (!path) {
        return tl::unexpected(path.error());
    }
    static const std::string k_shell = "/bin/sh";
    ExecPlan plan;
    plan.program = *path;
    for (const auto& arg : argv) {
        plan.args.push_back(const_cast<char*>(arg.c_str()));
    }
    plan.args.push_back(nullptr);
    plan.shell_args = plan.args;
    plan.shell_args.insert(plan.shell_args.begin(), const_cast<char*>(k_shell.c_str()));
    plan.shell_args[1] = plan.program.data();
    plan.env = build_environment(overrides);
    if (subreaper == Subreaper::enable && ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
        return tl::unexpected(errno_error(errno, "cannot become a child subreaper"));
    }
    int release[2];
    int report[2];
    if (::pipe2(release, O_CLOEXEC) != 0) {
        return tl::unexpected(errno_error(errno, "cannot create a pipe"));
    }
    if (::pipe2(report, O_CLOEXEC) != 0) {
        const int error = errno;
        ::close(release[0]);
        ::close(release[1]);
        return tl::unexpected(errno_error(error, "cannot create a pipe"));
    }
    std::uint64_t spawner_hwm = self_hwm_bytes();
    auto start = std::chrono::steady_clock::now();
    // fork rather than posix_spawn's vfork: the child must wait to be seized before its exec.
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(release[1]);
        ::close(report[0]);
        exec_child(plan, release[0], report[1]);
    }
    const int fork_error = errno;
    ::close(release[0]);
    ::close(report[1]);
    if (pid < 0) {
        ::close(release[1]);
        ::close(report[0]);
        return tl::unexpected(errno_error(fork_error, "cannot fork"));
    }
    // PTRACE_O_TRACEEXIT: the child stops at its exit with its memory still mapped. Without
    // PTRACE_O_EXITKILL the child lives on (untraced) should tbx die.
    const bool traced =
        trace == Trace::exit_stop && !gains_privileges(plan.program) &&
        ::ptrace(PTRACE_SEIZE, pid, nullptr,
                 reinterpret_cast<void*>(static_cast<long>(PTRACE_O_TRACEEXIT))) == 0;
    ::close(release[1]); // end of file: the child goes on to its exec
    const int exec_error = read_exec_result(report[0]);
    ::close(report[0]);
    if (exec_error != 0) {
        reap_failed(pid, traced);
        if (exec_error == ENOENT || exec_error == ENOTDIR) {
            return fail(ErrorKind::not_found, "command not found", argv[0]);
        }
        return fail(ErrorKind::permission,
                    std::string("cannot execute: ") + std::strerror(exec_error), argv[0]);
    }
    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    return Child(pid, pidfd < 0 ? -1 : pidfd, start, spawner_hwm, traced);
}

} // namespace tbx::memprof
