#pragma once
// Parsers for what a CUDA toolkit says about its own version: `nvcc --version`, version.json
// (11.1 and later) and version.txt (up to 11.0). Pure functions over text; no I/O.

#include <optional>
#include <string>
#include <string_view>

namespace tbx::cuda {

/// Holds the version a toolkit source reported.
struct ToolkitVersion {
    std::optional<std::string>
        version;         ///< "11.7.99"; absent when only a date-like SDK stamp was seen
    std::string release; ///< "11.7"
};

/// Parses `nvcc --version` output: the line "Cuda compilation tools, release 11.7, V11.7.99"
/// gives {version "11.7.99", release "11.7"}. Every layout from 7.5 to 13.0 works (4 lines up to
/// 10.2, a `Build` line from 11.0, Windows time zones, 13.0's 12-hour clock, one-line stubs).
/// A release line without `V...` gives version = release. nullopt when there is no such line.
std::optional<ToolkitVersion> parse_nvcc_version(std::string_view text);

/// Parses a toolkit's version.json: the `cuda_nvcc` entry's version wins, else the `cuda` entry's
/// unless it is date-like ("12.1.20230222" is an SDK stamp, not a toolkit version: then only the
/// release "12.1" is kept). Tolerates excerpts and trailing garbage: it scans for
/// `"key" : { ... "version" : "X" }` rather than requiring valid JSON. nullopt without either
/// entry.
std::optional<ToolkitVersion> parse_version_json(std::string_view text);

/// Parses a toolkit's version.txt: "CUDA Version 10.1.243" gives {"10.1.243", "10.1"}.
std::optional<ToolkitVersion> parse_version_txt(std::string_view text);

/// Returns true for a version whose third component looks like a YYYYMMDD date (8+ digits).
bool is_date_like_version(std::string_view version);

} // namespace tbx::cuda
