#pragma once
// PyTorch's CUDA wheel indexes (one dated table with its sources) and the rule that picks the
// one to install for a driver and a toolkit.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <tbx/cuda/version.hpp>

namespace tbx::cuda {

/// Describes one PyTorch wheel index for a CUDA version, e.g. cu118 at .../whl/cu118.
struct WheelTag {
    std::string_view tag;         ///< "cu118"
    CudaVersion cuda;             ///< 11.8
    std::string_view first_torch; ///< the first torch release published with this index URL
    std::string_view source;      ///< where that is documented
};

/// States the date the wheel table was last checked against its sources.
inline constexpr std::string_view k_wheel_table_date = "2026-11-23";

/// Returns the PyTorch CUDA wheel tags that have a pip index URL (cu102 ... cu132), oldest first.
std::span<const WheelTag> wheel_tags();

/// Holds the wheel tbx recommends and the command that installs it.
struct Recommendation {
    std::string tag;       ///< "cu118"
    std::string index_url; ///< "https://download.pytorch.org/whl/cu118"
    std::string command; ///< "pip install -U torch torchvision torchaudio --index-url <index_url>"
};

/// Holds the outcome of the recommendation rule.
struct WheelChoice {
    std::optional<Recommendation> recommendation;
    bool no_wheel_for_driver = false; ///< a driver is known but no tag is old enough for it
};

/// Picks a wheel. D = the driver's CUDA version, T = the release of the toolkit extension builds
/// would use. Neither: none. Cap C = D, or T when there is no driver. When T.major <= C.major,
/// the highest tag of T's major with CUDA <= C; otherwise (or when that finds none) the highest
/// tag <= C. Example: T 11.7, D 12.4 -> cu118 (extensions keep building against 11.x).
WheelChoice recommend_wheel(const std::optional<CudaVersion>& driver_cuda,
                            const std::optional<CudaVersion>& toolkit_release);

/// Returns the Recommendation for one tag: its index URL and the pip command.
Recommendation make_recommendation(std::string_view tag);

} // namespace tbx::cuda
