#pragma once
// Renderings of a Profile: the human summary with a terminal chart, CSV, SVG and JSON.
// Pure functions of their inputs: the CLI decides where each goes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <tbx/core/error.hpp>
#include <tbx/memprof/sampler.hpp>

namespace tbx::memprof {

/// Parses a size for --max: "500M" and "2G" (K, M, G, T are powers of 1024 like GNU sort -S),
/// "1.5GiB" (KiB..TiB, 1024), "300MB" (kB..TB, 1000), "4096" or "4096B" (bytes); case-insensitive.
Result<std::uint64_t> parse_size(std::string_view text);

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
std::string format_summary(const Profile& profile, const SummaryOptions& options);

/// Renders a block chart of `samples` (max per column) `width` cells wide, `height` rows tall,
/// with a MiB axis on the left and a seconds axis below; each line ends with '\n'.
std::string format_chart(const std::vector<Sample>& samples, double duration_s, int width,
                         int height);

/// Renders the samples as CSV with the header "t,bytes,processes".
std::string format_csv(const Profile& profile);

/// Renders a self-contained SVG line chart: title = command, axes in seconds and MiB, the
/// peak marked (and the budget line when given).
std::string format_svg(const Profile& profile, std::optional<std::uint64_t> budget);

/// Builds the --json document (see the schema, plus peak_source and friends).
nlohmann::json to_json(const Profile& profile);

/// Returns the phrase saying how the peak was obtained, e.g. "exact: VmHWM of pid 42" or
/// "sampled: highest of 31 samples".
std::string describe_peak(const Profile& profile);

} // namespace tbx::memprof
