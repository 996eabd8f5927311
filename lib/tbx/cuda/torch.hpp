#pragma once
// The PyTorch probe: the Python snippet tbx runs, the parser for its answer, and the check
// torch.utils.cpp_extension makes before building an extension.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::cuda {

/// Holds what the Python probe reported.
struct PythonInfo {
    std::string executable;                ///< sys.executable
    std::optional<std::string> torch;      ///< torch.__version__; null when torch is not importable
    std::optional<std::string> torch_cuda; ///< torch.version.cuda; null for CPU builds
    std::optional<bool> cuda_available;    ///< torch.cuda.is_available(); null without torch
    std::optional<std::string> import_error; ///< "OSError: libcudart.so.12: ..." when import failed
                                             ///< for a reason other than torch being absent
    /// torch.cuda.get_arch_list(): ["sm_75", ..., "compute_120"]; empty when CUDA is unavailable
    /// (torch answers [] then), null without torch or on error
    std::optional<std::vector<std::string>> arch_list;
};

/// Returns the Python source tbx runs with `python -c` (no -E/-I, so PYTHONPATH counts). It
/// prints one line "tbx-torch-probe: {json}" last; Python 2.7 and 3.x both run it.
std::string_view torch_probe_script();

/// Parses the probe's stdout: the last line starting with "tbx-torch-probe: " holds a JSON
/// object {"executable", "torch", "torch_cuda", "cuda_available", "import_error", "arch_list"}.
/// Anything torch printed while importing is ignored. Fails (invalid_argument) without such a line.
Result<PythonInfo> parse_torch_probe(std::string_view stdout_text);

/// Says how torch.version.cuda relates to the toolkit extensions would compile with.
enum class TorchToolkitMatch {
    same,           ///< same MAJOR.MINOR
    minor_mismatch, ///< cpp_extension warns (CUDA_MISMATCH_WARN) and builds
    major_mismatch, ///< cpp_extension raises (CUDA_MISMATCH_MESSAGE): builds fail
    unknown,        ///< a side is missing or unparsable
};

/// Compares torch.version.cuda ("12.1") with a toolkit release ("12.4") the way
/// torch.utils.cpp_extension._check_cuda_version does.
TorchToolkitMatch compare_torch_cuda(std::string_view torch_cuda, std::string_view toolkit_release);

} // namespace tbx::cuda
