#pragma once
// A CUDA version number (toolkit release, driver API level, torch.version.cuda) and the small
// text helpers every cuda parser shares.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace tbx::cuda {

/// Holds a CUDA version: MAJOR.MINOR with an optional third component (the build number).
struct CudaVersion {
    int major = 0;
    int minor = 0;
    std::optional<long long> patch; ///< nvcc's build number ("131" in 12.4.131), when known

    /// Orders by major, then minor, then patch (absent sorts first).
    auto operator<=>(const CudaVersion&) const = default;

    /// Returns "MAJOR.MINOR", the form release strings and wheel tags use.
    [[nodiscard]] std::string release() const;
    /// Returns "MAJOR.MINOR" or "MAJOR.MINOR.PATCH".
    [[nodiscard]] std::string str() const;
    /// Returns this version without its patch component.
    [[nodiscard]] CudaVersion release_only() const { return CudaVersion{major, minor, {}}; }
};

/// Parses "12", "12.4" or "12.4.131" (a bare major means MINOR 0); nullopt on anything else,
/// including signs, spaces, empty components and more than three components.
std::optional<CudaVersion> parse_cuda_version(std::string_view text);

/// Returns true when `text` is a dotted number such as "535.247.01" or "12.4".
bool is_dotted_number(std::string_view text);

/// Compares two dotted numbers ("450.80.02" vs "450.57") component by component as integers;
/// a missing component counts as 0. Both arguments must satisfy is_dotted_number.
std::strong_ordering compare_dotted(std::string_view a, std::string_view b);

} // namespace tbx::cuda
