#pragma once
// Starting the profiled command. Unlike core's ProcessRunner, the child inherits stdin,
// stdout and stderr untouched, and the caller becomes a child subreaper so that orphaned
// descendants stay attributable (and are reaped by the sampler).

#include <chrono>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::memprof {

/// Holds a started child: its pid, a pidfd to wait on (or -1 on kernels without pidfd_open),
/// the monotonic time of the spawn and the spawner's own peak RSS at that moment (the floor
/// below which the child's wait4 ru_maxrss may be inherited from the spawner, not its own).
class Child {
public:
    Child() = default;
    Child(pid_t pid, int pidfd, std::chrono::steady_clock::time_point start,
          std::uint64_t spawner_hwm_bytes, bool traced)
        : m_pid(pid), m_pidfd(pidfd), m_start(start), m_spawner_hwm_bytes(spawner_hwm_bytes),
          m_traced(traced) {}
    Child(Child&& other) noexcept;
    Child& operator=(Child&& other) noexcept;
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child();

    /// Returns the child's process id.
    [[nodiscard]] pid_t pid() const { return m_pid; }
    /// Returns a pidfd that polls readable when the child exits, or -1.
    [[nodiscard]] int pidfd() const { return m_pidfd; }
    /// Returns the monotonic time just before the spawn.
    [[nodiscard]] std::chrono::steady_clock::time_point start() const { return m_start; }
    /// Returns the spawner's VmHWM at spawn time, in bytes.
    [[nodiscard]] std::uint64_t spawner_hwm_bytes() const { return m_spawner_hwm_bytes; }
    /// Returns true when the caller traces the child (PTRACE_SEIZE with PTRACE_O_TRACEEXIT):
    /// it stops at its exit, with its memory still mapped, until handle_trace_stop resumes it.
    [[nodiscard]] bool traced() const { return m_traced; }

private:
    pid_t m_pid = -1;
    int m_pidfd = -1;
    std::chrono::steady_clock::time_point m_start{};
    std::uint64_t m_spawner_hwm_bytes = 0;
    bool m_traced = false;
};

/// Chooses whether the spawner becomes a child subreaper (PR_SET_CHILD_SUBREAPER), so that
/// orphaned grandchildren are reparented to it instead of init.
enum class Subreaper { enable, leave };

/// Finds `name` like a shell: a name with a slash is taken as is, otherwise each directory of
/// core::search_path() ($PATH, else confstr(_CS_PATH)) is tried. Fails with ErrorKind::not_found
/// (shell status 127) when nothing exists, and with ErrorKind::permission (status 126) when only
/// non-executable files or directories match.
Result<std::string> resolve_command(const std::string& name);

/// Chooses whether the child is traced to read its own high-water mark at its exit.
enum class Trace { exit_stop, none };

/// Starts `argv` (argv[0] resolved with resolve_command) with the caller's stdio, environment
/// and signal mask, and SIGPIPE at its default. Returns once the exec succeeded, so the child's
/// memory is the program's own from then on. An exec failure is reported as an error
/// (not_found or permission) after the failed child was reaped; a file without a #! line runs
/// under /bin/sh like execvp. With Trace::exit_stop the child is seized before its exec; where
/// ptrace is not allowed, or the program is set-user-ID, set-group-ID or has file
/// capabilities (which a traced exec would drop), it runs untraced and Child::traced() says so.
/// `overrides` (NAME=VALUE) replace or add to the caller's environment.
Result<Child> spawn_child(const std::vector<std::string>& argv, Subreaper subreaper,
                          Trace trace = Trace::exit_stop,
                          const std::vector<std::string>& overrides = {});

/// Says what a trace stop of a traced child was.
struct TraceStop {
    bool exit = false;                ///< the child is exiting (PTRACE_EVENT_EXIT)
    std::uint64_t exit_hwm_bytes = 0; ///< its VmHWM at that moment, 0 when unreadable
};

/// Handles one trace stop reported by wait (`status` from waitpid): reads VmHWM at an exit
/// stop, passes a signal on to the child, keeps a job-control stop in effect (PTRACE_LISTEN),
/// and resumes the child.
TraceStop handle_trace_stop(pid_t pid, int status);

/// Returns the shell's exit status for a spawn failure: 127 for not_found, 126 otherwise.
int spawn_failure_status(const Error& error);

} // namespace tbx::memprof
