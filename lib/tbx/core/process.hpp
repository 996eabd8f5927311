#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::core {

/// Describes one external command to run: argv[0] is looked up on PATH unless it contains '/'.
struct ProcessRequest {
    std::vector<std::string> argv;
    std::chrono::milliseconds timeout{5000};    ///< the whole process group is killed after this
    std::optional<std::string> stdin_data;      ///< written to the child's stdin, then closed
    std::map<std::string, std::string> env_set; ///< variables added to or replacing the parent's
    std::vector<std::string> env_unset;         ///< variables removed from the child's environment
    std::string working_directory;              ///< empty: the parent's
};

/// Reports how a finished (or killed) process ended and what it printed.
struct ProcessResult {
    int exit_code = -1;      ///< valid when signal == 0
    int signal = 0;          ///< the signal that ended it, 0 if it exited
    bool timed_out = false;  ///< true when tbx killed it at the deadline
    std::string stdout_text; ///< everything it wrote to stdout
    std::string stderr_text; ///< everything it wrote to stderr
    std::chrono::milliseconds elapsed{0};

    /// Returns true when the process exited by itself with status 0.
    [[nodiscard]] bool succeeded() const { return !timed_out && signal == 0 && exit_code == 0; }
};

/// Runs external commands with captured output and a deadline; the one way tbx starts tools.
class ProcessRunner {
public:
    /// Creates a runner that looks commands up on `path` (default: the PATH of this process).
    explicit ProcessRunner(std::optional<std::string> path = std::nullopt);

    /// Runs the request to completion or timeout; fails only when the command could not start
    /// (not found: ErrorKind::not_found, not executable: ErrorKind::permission).
    [[nodiscard]] Result<ProcessResult> run(const ProcessRequest& request) const;

    /// Returns the full path of `name` on this runner's PATH, or nullopt; names with '/' are
    /// returned as they are when executable.
    [[nodiscard]] std::optional<std::string> find_program(const std::string& name) const;

private:
    std::string m_path;
};

/// Returns the command search path: $PATH when it is set (even empty), else the system's
/// default `confstr(_CS_PATH)` ("/bin:/usr/bin" on glibc), which is what execvp searches then.
/// The one PATH default of tbx: every lookup of a command name goes through it.
std::string search_path();

/// Splits a search path into directories in order; an empty element ("a::b", a leading or
/// trailing ':', or an empty PATH) is ".", the current directory, as execvp treats it.
std::vector<std::string> path_directories(std::string_view path);

/// Returns the executable file `name` on the colon-separated `path`, as execvp would pick it.
std::optional<std::string> find_in_path(const std::string& name, const std::string& path);

} // namespace tbx::core
