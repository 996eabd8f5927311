#include <array>

#include <tbx/cuda/problems.hpp>

namespace tbx::cuda {

namespace {

using enum ProblemCode;
constexpr auto k_error = Severity::error;
constexpr auto k_warning = Severity::warning;

constexpr std::array<ProblemInfo, 16> k_problems{{
    {no_toolkit, "no_toolkit", k_warning,
     "no CUDA toolkit found; extensions cannot be compiled (running torch needs none)",
     "install a toolkit of the wheel's CUDA major only if you build extensions"},
    {no_driver, "no_driver", k_error, "no NVIDIA driver answered; CUDA programs cannot run here",
     "install the NVIDIA driver (>= 525.60.13 runs CUDA 12 wheels, >= 580 CUDA 13), or describe "
     "the target machine with --driver"},
    {tool_timeout, "tool_timeout", k_error,
     "an external command gave no answer within --timeout and was killed",
     "raise --timeout, or find out why the tool hangs"},
    {tool_failed, "tool_failed", k_error, "an external command failed or torch failed to import",
     "run the command shown by hand and fix what it reports"},
    {unparsable_output, "unparsable_output", k_warning, "a tool printed something tbx cannot read",
     "report the output quoted in the message"},
    {driver_too_old, "driver_too_old", k_error,
     "an installed toolkit needs a newer driver than the one found",
     "upgrade the driver to at least the version named, or use an older toolkit"},
    {no_wheel_for_driver, "no_wheel_for_driver", k_error,
     "the driver is older than every PyTorch CUDA wheel in the table",
     "upgrade the driver (>= 450.80.02 runs CUDA 11 wheels), or use CPU wheels"},
    {wanted_torch_unfit, "wanted_torch_unfit", k_warning,
     "no CUDA variant of the wanted torch runs here (driver too old, GPU too old or too new)",
     "install the older torch recommended, upgrade the driver, or use CPU wheels"},
    {torch_cpu_only, "torch_cpu_only", k_error,
     "the installed torch is a CPU-only build although a driver is present",
     "reinstall torch with the install line"},
    {torch_cuda_mismatch_major, "torch_cuda_mismatch_major", k_error,
     "torch's CUDA major differs from the toolkit extensions compile with; "
     "torch.utils.cpp_extension refuses to build",
     "install a toolkit of torch's CUDA major, or point CUDA_HOME at one"},
    {torch_cuda_mismatch_minor, "torch_cuda_mismatch_minor", k_warning,
     "torch's CUDA minor differs from the toolkit's; extensions build with a warning",
     "nothing needed; match the toolkit's minor to silence the warning"},
    {torch_arch_mismatch, "torch_arch_mismatch", k_error,
     "the installed torch has no kernel (sm_XY cubin or compatible PTX) for a GPU",
     "reinstall torch with the install line"},
    {torch_driver_too_old, "torch_driver_too_old", k_error,
     "the installed torch's CUDA needs a newer driver",
     "upgrade the driver, or reinstall torch with the install line"},
    {toolkit_wheel_major_mismatch, "toolkit_wheel_major_mismatch", k_warning,
     "the toolkit's CUDA major differs from the recommended wheel's; building extensions "
     "against that wheel fails",
     "for building, use the build line (a wheel of the toolkit's major) or install a toolkit of "
     "the wheel's major"},
    {cuda_home_differs, "cuda_home_differs", k_warning,
     "CUDA_HOME or CUDA_PATH names another toolkit than the nvcc on PATH",
     "unset CUDA_HOME or point it at the toolkit you mean"},
    {multiple_toolkits, "multiple_toolkits", k_warning, "several toolkits are installed",
     "check which one builds extensions (marked in the report)"},
}};

} // namespace

std::span<const ProblemInfo> problem_table() {
    return k_problems;
}

const ProblemInfo& problem_info(ProblemCode code) {
    return k_problems[static_cast<std::size_t>(code)];
}

std::string_view severity_name(Severity severity) {
    return severity == Severity::error ? "error" : "warning";
}

} // namespace tbx::cuda
