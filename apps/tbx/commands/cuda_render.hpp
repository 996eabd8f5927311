#pragma once
// `tbx cuda`'s renderings of a cuda::Report: the --json document (docs/json.md) and the human
// report. The library detects; these only format.

#include <string>

#include <nlohmann/json.hpp>

#include <tbx/cuda/detect.hpp>

namespace tbx::cli {

/// Returns the report as the documented --json document (key order as printed; bytes that are
/// not UTF-8 follow the put_bytes rule).
nlohmann::ordered_json cuda_report_json(const cuda::Report& report);

/// Returns the human report: toolkits, driver, GPUs, torch, problems, the install lines;
/// colored when `color`. `python_skipped`: --no-python was given.
std::string cuda_report_text(const cuda::Report& report, bool color, bool python_skipped);

} // namespace tbx::cli
