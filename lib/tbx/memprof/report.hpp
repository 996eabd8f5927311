#pragma once
// The --max size parser and the --csv samples file (the saved-run format `tbx memprof plot`
// reads back, see saved.hpp). The human report, the SVG chart and the --json document are
// rendered in apps/ (commands/memprof_render.cpp).

#include <cstdint>
#include <string>
#include <string_view>

#include <tbx/core/error.hpp>
#include <tbx/memprof/sampler.hpp>

namespace tbx::memprof {

/// Parses a size for --max: "500M" and "2G" (K, M, G, T are powers of 1024 like GNU sort -S),
/// "1.5GiB" (KiB..TiB, 1024), "300MB" (kB..TB, 1000), "4096" or "4096B" (bytes); case-insensitive.
Result<std::uint64_t> parse_size(std::string_view text);

/// Renders the samples as CSV with the header "t,bytes,processes".
std::string format_csv(const Profile& profile);

} // namespace tbx::memprof
