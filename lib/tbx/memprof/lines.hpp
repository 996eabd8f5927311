#pragma once
// memprof --lines: memory_profiler's line-by-line table, plus the peak inside each line, for
// every Python process of the profiled tree. A sitecustomize hook (lines_hook.py, compiled in)
// is put first on PYTHONPATH; each Python process writes its tables as JSON into a private
// directory when it ends, and this module reads and renders them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

#include <tbx/core/error.hpp>
#include <tbx/memprof/sampler.hpp>

namespace tbx::memprof {

/// Returns the hook's Python source (lib/tbx/memprof/lines_hook.py, embedded at build time).
std::string_view lines_hook_script();

/// Chooses what one --lines FILE[:FUNCTION] profiles; an empty file means the default choice
/// (the @profile-decorated functions, else the functions of the main script).
struct LinesTarget {
    std::string file;
    std::string function; ///< empty: every function of `file`
};

/// Parses "FILE" or "FILE:FUNCTION" (FUNCTION a dotted Python name); "" is the default choice.
LinesTarget parse_lines_target(std::string_view text);

/// Holds one line of a function's table; the figures are empty for lines that never ran.
struct LineRow {
    int line = 0;
    std::string contents;
    std::optional<std::uint64_t> mem_bytes;      ///< RSS after the line (the highest seen)
    std::optional<std::int64_t> increment_bytes; ///< summed over its runs, like memory_profiler
    std::optional<std::uint64_t> occurrences;
    std::optional<std::uint64_t> peak_bytes; ///< the highest RSS while the line ran
};

/// Holds the table of one function.
struct FunctionLines {
    std::string file;
    std::string function;
    int first_line = 0;
    std::vector<LineRow> rows;
};

/// Holds what the hook of one Python process reported.
struct PythonLines {
    pid_t pid = 0;
    std::vector<std::string> argv;
    std::string engine;              ///< "settrace" or "sys.monitoring"
    std::string python;              ///< the interpreter's version
    std::uint64_t max_hwm_bytes = 0; ///< the process's peak RSS despite the per-line resets
    std::vector<FunctionLines> functions;
};

/// Owns the private directory of one --lines run and removes it when destroyed.
class LinesSession {
public:
    /// Creates the directory (under $TMPDIR or /tmp) and writes the hook into it.
    static Result<LinesSession> create(const std::vector<LinesTarget>& targets);
    LinesSession(LinesSession&& other) noexcept;
    LinesSession& operator=(LinesSession&&) = delete;
    LinesSession(const LinesSession&) = delete;
    LinesSession& operator=(const LinesSession&) = delete;
    ~LinesSession();

    /// Returns the NAME=VALUE entries the command's environment needs (PYTHONPATH first).
    [[nodiscard]] std::vector<std::string> environment() const;
    /// Reads the tables the Python processes wrote, ordered by pid.
    [[nodiscard]] std::vector<PythonLines> collect() const;
    /// Returns the pids of the Python processes where the hook started.
    [[nodiscard]] std::vector<pid_t> hooked_pids() const;

private:
    LinesSession(std::string dir, std::vector<LinesTarget> targets)
        : m_dir(std::move(dir)), m_targets(std::move(targets)) {}
    std::string m_dir;
    std::vector<LinesTarget> m_targets;
};

/// Raises the peaks of `profile` to the hooks' running maxima (the per-line resets of VmHWM
/// hide them from the kernel's own figures), so the whole-run peak stays exact.
void apply_hook_peaks(Profile& profile, const std::vector<PythonLines>& lines);

/// Returns the Python processes of `profile` where the hook did not start (python -I, -E or
/// -S, or a PYTHONPATH the command reset).
std::vector<ProcessRecord> unhooked_python_processes(const Profile& profile,
                                                     const std::vector<pid_t>& hooked);

} // namespace tbx::memprof
