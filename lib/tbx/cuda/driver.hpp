#pragma once
// Parsers for what the NVIDIA driver says: the `nvidia-smi` header, `--query-gpu` CSV,
// /proc/driver/nvidia/version; NVIDIA's minimum-driver table; libcuda's cuDriverGetVersion.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>
#include <tbx/cuda/version.hpp>

namespace tbx::cuda {

/// Holds the driver facts from an `nvidia-smi` report.
struct SmiDriver {
    std::string version; ///< the kernel driver: "Driver Version:" or "KMD Version:"
    std::optional<std::string>
        cuda; ///< "CUDA Version:" / "CUDA UMD Version:"; drivers <= 396 have none
};

/// Parses plain `nvidia-smi` output, e.g. "| NVIDIA-SMI 550.54.14  Driver Version: 550.54.14
/// CUDA Version: 12.4 |" gives {"550.54.14", "12.4"}; 610+ writes "KMD Version: 610.43.02
/// CUDA UMD Version: 13.3". Also reads `-q` ("Driver Version : 375.82") and `-q -x`
/// (<driver_version>) reports. The "NVIDIA-SMI x" number is the tool's own version (it differs
/// from the driver under snap and WSL) and is never used. nullopt without a driver version
/// (failure messages, `-L` listings, NVML mismatch reports).
std::optional<SmiDriver> parse_nvidia_smi(std::string_view text);

/// Parses /proc/driver/nvidia/version, proprietary ("NVRM version: NVIDIA UNIX x86_64 Kernel
/// Module  384.98  Thu Oct 26 ...") or open ("... Open Kernel Module for x86_64  525.60.11
/// Release Build ..."): returns "384.98" / "525.60.11". nullopt when no version follows.
std::optional<std::string> parse_proc_driver_version(std::string_view text);

/// Describes one GPU row of `nvidia-smi --query-gpu`.
struct GpuInfo {
    int index = 0;
    std::string name;
    std::optional<long long> memory_mib; ///< memory.total; null for N/A
    std::optional<std::string>
        compute_capability; ///< "8.9"; null when the driver lacks compute_cap
};

/// Lists the --query-gpu fields tbx asks for, in order.
inline const std::vector<std::string>& default_gpu_query_fields() {
    static const std::vector<std::string> k_fields{"index", "name", "memory.total", "compute_cap"};
    return k_fields;
}

/// Parses `--query-gpu=<fields> --format=csv[,noheader][,nounits]` output, e.g. with fields
/// {index,name,memory.total,compute_cap} the row "0, NVIDIA TITAN V, 12288, 7.0". A header row
/// ("index, name, memory.total [MiB]") replaces `fields`; unit suffixes ("46068 MiB") and
/// N/A values are handled; a name containing commas is rejoined. Unknown fields are ignored; a
/// missing index is the row number. Fails (invalid_argument) when a row has fewer cells than
/// fields or a number does not parse, which is what an error message in place of CSV gives.
Result<std::vector<GpuInfo>> parse_gpu_query(std::string_view text,
                                             const std::vector<std::string>& fields);

/// Returns true when nvidia-smi rejected `field`: `Field "compute_cap" is not a valid field to
/// query.` (470-era drivers print it on stdout and exit 2).
bool is_invalid_field_message(std::string_view text, std::string_view field);

/// Converts cuDriverGetVersion's integer (12040) to a release (12.4).
CudaVersion cuda_from_driver_api(int value);

/// Calls cuDriverGetVersion from libcuda.so.1 through dlopen; nullopt when the library cannot be
/// loaded or the call fails. Needs no CUDA headers or libraries at build time.
std::optional<int> libcuda_driver_version();

} // namespace tbx::cuda
