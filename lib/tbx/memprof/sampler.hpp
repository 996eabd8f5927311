#pragma once
// The sampling loop: memory of a process tree on a fixed schedule (start + k x interval), plus
// the exact per-process high-water marks the kernel keeps (VmHWM, wait4's ru_maxrss) so a
// spike between samples still shows in the peak.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

#include <tbx/core/error.hpp>
#include <tbx/memprof/spawn.hpp>

namespace tbx::memprof {

/// Chooses what one process's memory is: resident set, proportional or unique set size.
enum class Metric { rss, pss, uss };

/// Returns "rss", "pss" or "uss".
std::string_view metric_name(Metric metric);

/// Parses "rss", "pss" or "uss".
Result<Metric> parse_metric(std::string_view text);

/// Chooses which processes count: the root and all its descendants, or the root alone.
enum class Scope { tree, root_only };

/// Holds one sample: seconds since spawn, the metric summed over live processes, their count.
struct Sample {
    double t = 0;
    std::uint64_t bytes = 0;
    std::uint32_t processes = 0;
    /// pss/uss only: some processes were not read from smaps_rollup at this sample; their
    /// value is their last pss/uss plus the change of their RSS since.
    bool estimated = false;
};

/// Names where the reported peak comes from.
enum class PeakSource {
    sample,     ///< the highest sum over live processes at one sample (sampled, may miss spikes)
    vmhwm,      ///< one process's VmHWM from /proc/PID/status (exact for that process)
    rusage,     ///< wait4's ru_maxrss of a reaped process (exact, covers its reaped descendants)
    exit_vmhwm, ///< the root's VmHWM read at its ptrace exit stop (exact for the whole run)
    lines_hook, ///< the running VmHWM maximum kept by the --lines hook in a Python process
};

/// Returns "sample", "vmhwm", "rusage", "exit_vmhwm" or "lines_hook".
std::string_view peak_source_name(PeakSource source);

/// Describes one process seen in the tree.
struct ProcessRecord {
    pid_t pid = 0;
    pid_t ppid = 0;
    std::string cmd;
    std::uint64_t peak_bytes = 0; ///< max of its samples and, for rss, its VmHWM / ru_maxrss
    double first_seen_s = 0;
    double last_seen_s = 0;
};

/// Holds the result of profiling one command.
struct Profile {
    std::vector<std::string> command;
    int exit_code = 0;                ///< the shell-style status: code, or 128+N for signal N
    std::optional<int> signal;        ///< the signal that killed the root, if any
    double duration_s = 0;            ///< spawn to reap of the root
    double interval_s = 0;            ///< the interval used
    std::uint32_t rollup_samples = 0; ///< pss/uss: samples that read every smaps_rollup
    double requested_interval_s = 0;  ///< the interval asked for
    Metric metric = Metric::rss;
    Scope scope = Scope::tree;
    std::uint64_t peak_bytes = 0; ///< the best lower bound of the true peak (see peak_source)
    double peak_time_s = 0;       ///< when the peak was first observed (an upper bound)
    PeakSource peak_source = PeakSource::sample;
    pid_t peak_pid = 0;                   ///< the process behind a vmhwm/rusage peak
    std::uint64_t sampled_peak_bytes = 0; ///< the highest sample
    double sampled_peak_time_s = 0;
    std::uint64_t baseline_bytes = 0;    ///< the first sample
    std::uint64_t root_maxrss_bytes = 0; ///< wait4's ru_maxrss of the root
    bool root_maxrss_trusted = false;    ///< above the spawner's own RSS, so not inherited from it
    std::uint64_t root_exit_hwm_bytes = 0; ///< the root's VmHWM at its exit stop (0: not traced)
    bool root_traced = false;              ///< the root ran under an exit-stop tracer
    double sampler_cpu_s = 0;              ///< CPU time of the sampling thread itself
    double child_user_s = 0;               ///< user CPU of the root and its reaped descendants
    double child_sys_s = 0;                ///< system CPU of the root and its reaped descendants
    std::vector<Sample> samples;
    std::vector<ProcessRecord> processes;
};

/// Configures the sampler.
struct SamplerOptions {
    double interval_s = 0.1;
    Metric metric = Metric::rss;
    Scope scope = Scope::tree;
    /// Called after each sample with the sample and the peak so far (live display); must be cheap.
    std::function<void(const Sample&, std::uint64_t peak_bytes)> on_sample;
};

/// Samples `child` and its descendants until the child exits, reaps it (and any orphans
/// reparented to the caller), and returns the profile. `command` is copied into the result.
/// Signals interrupting the wait are ignored: the caller forwards them to the child.
Result<Profile> sample_until_exit(Child& child, std::vector<std::string> command,
                                  const SamplerOptions& options);

} // namespace tbx::memprof
