#pragma once
// Readers for the /proc files memprof samples: parsers that work on text (unit-tested on
// captured files) and kept-descriptor readers that re-read a file with pread at offset 0, so
// one sample costs one system call per file and no allocation.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::memprof {

/// Holds the fields memprof needs from /proc/PID/stat.
struct StatFields {
    pid_t pid = 0;
    std::string comm; ///< between the outer parentheses; may itself contain ") ("
    char state = '?';
    pid_t ppid = 0;
    std::uint64_t minflt = 0;
    std::uint64_t cminflt = 0; ///< faults of reaped children: zero means no child was reaped
};

/// Parses one /proc/PID/stat line, e.g. "42 (a) b) S 1 42 42 0 -1 4194304 97 0 0 0 ...".
Result<StatFields> parse_stat(std::string_view text);

/// Holds the memory lines of /proc/PID/status.
struct StatusFields {
    std::string_view name;       ///< the Name: line (comm); points into the parsed text
    char state = '?';            ///< R, S, D, Z, ...
    pid_t tgid = 0;              ///< the thread group: differs from the pid for a thread
    std::uint64_t rss_bytes = 0; ///< VmRSS
    std::uint64_t hwm_bytes = 0; ///< VmHWM: the process's own peak RSS since exec or fork
    bool has_memory = false;     ///< false for zombies and kernel threads (no Vm lines)
};

/// Parses /proc/PID/status text, e.g. "Name:\tcc\nState:\tR (running)\n...VmHWM:\t 1024 kB\n".
StatusFields parse_status(std::string_view text);

/// Parses the resident page count (second field) of /proc/PID/statm, e.g. "3060 387 300 5 0 90 0";
/// returns -1 when malformed.
long long parse_statm_resident_pages(std::string_view text);

/// Holds the totals of /proc/PID/smaps_rollup.
struct RollupFields {
    std::uint64_t rss_bytes = 0;
    std::uint64_t pss_bytes = 0; ///< Pss: shared pages divided among their sharers
    std::uint64_t uss_bytes = 0; ///< Private_Clean + Private_Dirty
    bool valid = false;          ///< false when the Pss line was missing (zombie, no mm)
};

/// Parses /proc/PID/smaps_rollup text, e.g. "...\nRss: 1672 kB\nPss: 363 kB\n...".
RollupFields parse_smaps_rollup(std::string_view text);

/// Reads the VmHWM line of /proc/self/status in bytes (0 when unreadable).
std::uint64_t self_hwm_bytes();

/// Returns the command line of `pid` with NULs turned into spaces, at most `max_bytes` long;
/// "[comm]" when the command line is empty (zombie, kernel thread), "" when it is gone.
std::string read_cmdline(pid_t pid, std::size_t max_bytes = 200);

/// Re-reads one /proc file through a kept descriptor into a caller's buffer.
class ProcFile {
public:
    ProcFile() = default;
    ProcFile(ProcFile&& other) noexcept;
    ProcFile& operator=(ProcFile&& other) noexcept;
    ProcFile(const ProcFile&) = delete;
    ProcFile& operator=(const ProcFile&) = delete;
    ~ProcFile();

    /// Opens `path` read-only; fails like open(2).
    static Result<ProcFile> open(const std::string& path);

    /// Reads the file again from offset 0 into `buffer` (one pread: the files read here are far
    /// smaller than a page); an empty view means the process is gone (the descriptor stays
    /// bound to the old process even if its pid is reused).
    std::string_view read(std::span<char> buffer);

    /// Reads the whole file into a string (for one-shot reads outside the sampling loop).
    std::string read_all();

    /// Returns true when a descriptor is held.
    [[nodiscard]] bool is_open() const { return m_fd >= 0; }

    /// Closes the descriptor now.
    void close();

private:
    int m_fd = -1;
};

/// Lists the numeric entries of /proc (thread-group leaders) through a kept descriptor,
/// rewinding it each time; the output vector keeps its capacity between calls.
class ProcLister {
public:
    ProcLister() = default;
    ProcLister(ProcLister&& other) noexcept;
    ProcLister& operator=(ProcLister&& other) noexcept;
    ProcLister(const ProcLister&) = delete;
    ProcLister& operator=(const ProcLister&) = delete;
    ~ProcLister();

    /// Opens /proc (or `root` in tests) as a directory.
    static Result<ProcLister> open(const std::string& root = "/proc");

    /// Fills `pids` with every process id listed, sorted ascending.
    Result<void> list(std::vector<pid_t>& pids);

private:
    int m_fd = -1;
    std::vector<char> m_buffer;
};

/// Parses the last field of /proc/loadavg ("0.10 0.20 0.30 1/77 12345"): the most recently
/// allocated pid, which changes whenever any process or thread is created. Returns -1 on error.
long parse_loadavg_last_pid(std::string_view text);

} // namespace tbx::memprof
