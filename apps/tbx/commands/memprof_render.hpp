#pragma once
// `tbx memprof`'s renderings of a memprof::Profile: the human report with a terminal chart, the
// SVG chart, the --json document (docs/json.md) and the --lines tables. Pure functions of their
// inputs: memprof.cpp decides where each goes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tbx/memprof/lines.hpp>
#include <tbx/memprof/sampler.hpp>

namespace tbx::cli::memprof_view {

/// Formats bytes for people: "812 B", "17.4 MiB", "1.50 GiB" (three significant digits).
std::string format_size(std::uint64_t bytes);

/// Formats bytes as MiB with one decimal, like memory_profiler's lists: "93.6".
std::string format_mib(std::uint64_t bytes);

/// Joins a command line for display, quoting words that need it in a POSIX shell.
std::string format_command(const std::vector<std::string>& command);

/// Configures the human summary.
struct SummaryOptions {
    int columns = 80;                      ///< width available for the chart and tables
    std::optional<std::uint64_t> budget;   ///< --max, drawn and reported when given
    std::size_t max_listed_samples = 40;   ///< longer sample lists are elided in the middle
    std::size_t max_listed_processes = 20; ///< the largest peaks first
};

/// Renders the summary: command, status, duration, peak (saying exact or sampled), baseline,
/// samples in MiB, a per-process table for trees and a chart of memory over time.
std::string format_summary(const memprof::Profile& profile, const SummaryOptions& options);

/// Renders a block chart of `samples` (max per column) `width` cells wide, `height` rows tall,
/// with a MiB axis on the left and a seconds axis below; each line ends with '\n'.
std::string format_chart(const std::vector<memprof::Sample>& samples, double duration_s, int width,
                         int height);

/// Renders a self-contained SVG line chart: title = command, axes in seconds and MiB, the
/// peak marked (and the budget line when given).
std::string format_svg(const memprof::Profile& profile, std::optional<std::uint64_t> budget);

/// Returns the phrase saying how the peak was obtained, e.g. "exact: VmHWM of pid 42" or
/// "sampled: highest of 31 samples".
std::string describe_peak(const memprof::Profile& profile);

/// Builds the --json document: units in the names, the command line and process commands by
/// the put_bytes rule; budget and --lines fields are added by the caller.
nlohmann::ordered_json report_json(const memprof::Profile& profile);

/// Renders memory_profiler's table (Line #, Mem usage, Increment, Occurrences, Line Contents)
/// with a Peak in line column, for each function of each process.
std::string format_lines(const std::vector<memprof::PythonLines>& lines);

/// Builds the "lines" member of the --json report.
nlohmann::ordered_json lines_json(const std::vector<memprof::PythonLines>& lines);

} // namespace tbx::cli::memprof_view
