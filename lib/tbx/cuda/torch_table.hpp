#pragma once
// PyTorch's published CUDA wheels as data: torch release -> CUDA variants -> the architectures
// each variant's torch.cuda.get_arch_list() reports. One dated table with its sources.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/cuda/version.hpp>

namespace tbx::cuda {

/// Describes one published wheel variant: torch 2.7 for CUDA 12.8 at .../whl/cu128.
struct TorchVariant {
    std::string_view torch;     ///< the release, MAJOR.MINOR: "2.7" (patch releases share it)
    std::string_view tag;       ///< "cu128"
    CudaVersion cuda;           ///< 12.8
    std::string_view arch_list; ///< get_arch_list(), space-separated: "sm_75 ... compute_120"
    std::string_view source;    ///< the keys of the sources in torch_table.cpp
};

/// States the date the torch table was last checked against its sources.
inline constexpr std::string_view k_torch_table_date = "2026-12-02";

/// Returns every variant, torch releases oldest first, within one release CUDA oldest first.
std::span<const TorchVariant> torch_variants();

/// Returns the variants of one release ("2.7"), CUDA oldest first; empty when not in the table.
std::vector<TorchVariant> variants_of(std::string_view torch_release);

/// Returns the releases in the table, oldest first: "2.0" ... "2.14".
std::vector<std::string> torch_releases();

/// Maps a torch version ("2.7.1+cu128", "2.7.1", "2.7") to its release in the table ("2.7");
/// nullopt when the release is not in the table.
std::optional<std::string> torch_release_of(std::string_view version);

} // namespace tbx::cuda
