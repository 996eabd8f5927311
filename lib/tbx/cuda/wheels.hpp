#pragma once
// The rule that picks the PyTorch wheel that runs on a machine: the wanted torch release's CUDA
// variants filtered by the driver (minor-version compatibility) and the GPUs' architectures.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/cuda/compat.hpp>
#include <tbx/cuda/torch_table.hpp>
#include <tbx/cuda/version.hpp>

namespace tbx::cuda {

/// Describes the machine and the wish the rule works from.
struct WheelRequest {
    std::optional<DriverFacts> driver;   ///< nullopt: no driver (CPU wheels)
    std::vector<ComputeCapability> gpus; ///< every GPU; empty: architectures unknown, not checked
    std::optional<std::string> torch;    ///< wanted release ("2.7"); nullopt: the newest
    std::optional<int> cuda_major;       ///< only variants of this CUDA major (the build goal)
};

/// Holds the rule's answer.
struct WheelPlan {
    std::string wanted_torch; ///< the release asked for ("2.14")
    std::string torch;        ///< the release chosen; == wanted_torch unless it fell back
    std::optional<TorchVariant> variant; ///< nullopt: CPU wheels
    std::vector<std::string> reasons;    ///< why each variant of the wanted release does not fit
};

/// Returns why `variant` does not run on the machine ("driver 470.82.01 is too old for CUDA 12.6
/// (needs >= 525.60.13)", "no kernel for sm_61 (has sm_75 ... compute_120)"), or an empty string
/// when it runs: the driver runs its CUDA (driver_runs) and its arch list serves every GPU.
std::string variant_misfit(const TorchVariant& variant, const WheelRequest& request);

/// Applies the rule: among the wanted release's variants, the newest CUDA that fits; else the
/// newest older release with a fitting variant; else CPU wheels. Without a driver: CPU wheels.
/// `request.torch` must name a release of the table (torch_release_of).
WheelPlan plan_wheel(const WheelRequest& request);

/// Holds the commands that install a plan.
struct InstallCommands {
    std::string index_url; ///< "https://download.pytorch.org/whl/cu128" (".../cpu" for CPU)
    std::string pip;       ///< "<python> -m pip install -U torch==2.7.* ... --index-url <url>"
    std::string uv;        ///< "uv pip install ... --torch-backend=cu128"
};

/// Builds the pip and uv commands for `plan` with `python` (the interpreter to install into).
/// torch is pinned to the plan's release ("torch==2.7.*") unless it is the newest in the table.
InstallCommands install_commands(const WheelPlan& plan, std::string_view python);

/// Describes what plan_wheel would give with a driver at one minor-compatibility floor.
struct DriverHint {
    std::string driver; ///< "580"
    WheelPlan plan;
};

/// Returns, for each CUDA major of the table (newest first), what a driver at that major's floor
/// would get for `request` with its driver replaced: what --driver would show.
std::vector<DriverHint> driver_hints(WheelRequest request);

} // namespace tbx::cuda
