#pragma once
// CUDA's two compatibility rules that decide whether a binary runs here: the GPU architecture
// rule (an sm_XY cubin or compute_XY PTX serving a GPU's compute capability) and the driver rule
// (NVIDIA's per-toolkit minimum drivers and, from CUDA 11 on, minor-version compatibility).

#include <compare>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/cuda/version.hpp>

namespace tbx::cuda {

/// Holds a GPU's compute capability, e.g. 8.9 for an RTX 4090.
struct ComputeCapability {
    int major = 0;
    int minor = 0;

    /// Orders by major, then minor.
    auto operator<=>(const ComputeCapability&) const = default;
    /// Returns "8.9".
    [[nodiscard]] std::string str() const;
    /// Returns "sm_89".
    [[nodiscard]] std::string sm() const;
};

/// Parses "8.9", "12.0", "sm_89", "sm_120" or "sm89"; nullopt on anything else.
std::optional<ComputeCapability> parse_compute_capability(std::string_view text);

/// Describes one entry of torch.cuda.get_arch_list(): a cubin ("sm_86"), an architecture-specific
/// cubin ("sm_90a"), a family cubin ("sm_100f") or PTX ("compute_120").
struct ArchTarget {
    ComputeCapability cc;
    bool ptx = false;   ///< compute_XY: JIT-compiled by the driver for any GPU >= XY
    char suffix = '\0'; ///< 'a' (this exact GPU only), 'f' (same family) or none
    /// Returns the get_arch_list spelling, "sm_86" or "compute_120".
    [[nodiscard]] std::string str() const;
};

/// Parses one get_arch_list entry; nullopt for anything else (ROCm "gfx90a" included).
std::optional<ArchTarget> parse_arch_target(std::string_view text);

/// Parses a space- or comma-separated arch list ("sm_75 sm_80 compute_120"), skipping entries
/// that do not parse.
std::vector<ArchTarget> parse_arch_list(std::string_view text);

/// Returns true when `target` runs on `gpu`, by CUDA's binary compatibility: an sm_XY cubin runs on
/// the same major X with minor >= Y (sm_86 serves 8.9; sm_90a only 9.0), compute_XY PTX runs on
/// any GPU >= X.Y.
bool serves(const ArchTarget& target, const ComputeCapability& gpu);

/// Returns true when some entry of `targets` serves `gpu`.
bool any_serves(std::span<const ArchTarget> targets, const ComputeCapability& gpu);

/// Holds what is known of the driver: its version number and the newest CUDA it reports.
struct DriverFacts {
    std::optional<std::string> version; ///< "550.54.14"
    std::optional<CudaVersion> cuda;    ///< 12.4 (nvidia-smi's "CUDA Version", libcuda)
};

/// Returns the per-major floor of minor-version compatibility (11 -> "450.80.02",
/// 12 -> "525.60.13", 13 -> "580"); nullopt before CUDA 11 and for majors NVIDIA has not
/// documented.
std::optional<std::string_view> minor_compat_floor(int cuda_major);

/// Returns the Linux driver of a toolkit release's GA (NVIDIA's release notes, table "CUDA
/// Toolkit and Corresponding Driver Versions"): 12.4 -> "550.54.14". nullopt when not listed.
std::optional<std::string_view> ga_driver_for(const CudaVersion& release);

/// Returns the newest CUDA release whose GA driver is <= `driver_version` (what nvidia-smi would
/// report as "CUDA Version"): "535.104.05" -> 12.2. nullopt below every listed driver or for a
/// version that is not a desktop driver number (Jetson's 35.3.1).
std::optional<CudaVersion> cuda_of_driver(std::string_view driver_version);

/// Says whether a driver runs programs built with a CUDA release.
enum class DriverVerdict { runs, too_old, unknown };

/// Applies the driver rule to a program built with `program` (its major.minor counts): the driver
/// runs it when its version is >= the program's GA driver (a bare branch such as "550" compares
/// as that branch: "550" >= "550.54.14"), or (CUDA 11 and newer) >= the floor of
/// the program's major (minor-version compatibility). With only the driver's CUDA version known,
/// the same rule reads: a newer major, the same major from 11 on, else a minor >= the program's.
DriverVerdict driver_runs(const DriverFacts& driver, const CudaVersion& program);

/// Returns the least driver that runs `program` under driver_runs: the minor-compatibility floor
/// of its major when there is one, else its GA driver; nullopt when neither is known.
std::optional<std::string_view> least_driver_for(const CudaVersion& program);

/// Returns true when `text` is a desktop driver number (dotted, major >= 100): Jetson's L4T
/// releases (35.3.1) are numbered differently.
bool is_desktop_driver_number(std::string_view text);

} // namespace tbx::cuda
