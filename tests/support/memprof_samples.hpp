#pragma once
// Hand-built memprof data shared by the lib unit tests (tests/unit) and the renderer tests
// (tests/apps): one profile of a Python run with a child, one --lines table.

#include <cstdint>
#include <optional>

#include <tbx/memprof/lines.hpp>
#include <tbx/memprof/report.hpp>

namespace tbx::memprof::testing {

inline constexpr std::uint64_t k_mib = 1024 * 1024;

/// Returns a 3-second profile: 17 MiB baseline, a sampled peak of 93 MiB, a VmHWM peak of
/// 120 MiB in the child (pid 11).
inline Profile sample_profile() {
    Profile profile;
    profile.command = {"python3", "-c", "print('hi')"};
    profile.exit_code = 0;
    profile.duration_s = 3.0;
    profile.interval_s = 0.5;
    profile.samples = {{0.0, 17 * k_mib, 1}, {0.5, 18 * k_mib, 1}, {1.0, 93 * k_mib, 2},
                       {1.5, 93 * k_mib, 2}, {2.0, 17 * k_mib, 1}, {2.5, 17 * k_mib, 1}};
    profile.baseline_bytes = 17 * k_mib;
    profile.sampled_peak_bytes = 93 * k_mib;
    profile.sampled_peak_time_s = 1.0;
    profile.peak_bytes = 120 * k_mib;
    profile.peak_time_s = 1.0;
    profile.peak_source = PeakSource::vmhwm;
    profile.peak_pid = 11;
    profile.processes = {{10, 1, "python3 -c print('hi')", 93 * k_mib, 0, 2.5},
                         {11, 10, "worker", 120 * k_mib, 0.9, 1.5}};
    return profile;
}

/// Returns memory_profiler's table for one function `load` of app.py (pid 42).
inline PythonLines sample_lines() {
    PythonLines lines;
    lines.pid = 42;
    lines.argv = {"app.py"};
    lines.engine = "settrace";
    lines.python = "3.11.2";
    lines.max_hwm_bytes = 300 * k_mib;
    FunctionLines table;
    table.file = "app.py";
    table.function = "load";
    table.first_line = 3;
    table.rows = {
        {3, "@profile", 20 * k_mib, 20 * k_mib, 1, 20 * k_mib},
        {4, "def load():", std::nullopt, std::nullopt, std::nullopt, std::nullopt},
        {5, "    n = len(b'x' * 2**28)", 20 * k_mib, 0, 1, 276 * k_mib},
        {6, "    del n", 20 * k_mib, -static_cast<std::int64_t>(k_mib), 2, 20 * k_mib},
    };
    lines.functions = {table};
    return lines;
}

} // namespace tbx::memprof::testing
