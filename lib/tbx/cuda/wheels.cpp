#include <algorithm>

#include <tbx/cuda/wheels.hpp>

namespace tbx::cuda {

namespace {

std::string driver_text(const DriverFacts& driver) {
    if (driver.version) {
        return "driver " + *driver.version;
    }
    return "a driver for CUDA " + (driver.cuda ? driver.cuda->release() : std::string("?"));
}

std::string driver_misfit(const DriverFacts& driver, const CudaVersion& cuda) {
    switch (driver_runs(driver, cuda)) {
    case DriverVerdict::runs:
        return {};
    case DriverVerdict::unknown:
        return "the driver's CUDA version is unknown";
    case DriverVerdict::too_old:
        break;
    }
    auto text = driver_text(driver) + " is too old for CUDA " + cuda.release();
    if (const auto least = least_driver_for(cuda)) {
        text += " (needs >= " + std::string(*least) + ")";
    }
    return text;
}

std::string gpu_misfit(const TorchVariant& variant, const std::vector<ComputeCapability>& gpus) {
    const auto targets = parse_arch_list(variant.arch_list);
    std::vector<ComputeCapability> unserved;
    for (const auto& gpu : gpus) {
        if (!any_serves(targets, gpu) &&
            std::find(unserved.begin(), unserved.end(), gpu) == unserved.end()) {
            unserved.push_back(gpu);
        }
    }
    if (unserved.empty()) {
        return {};
    }
    ComputeCapability newest;
    ComputeCapability oldest{99, 9};
    for (const auto& target : targets) {
        newest = std::max(newest, target.cc);
        oldest = std::min(oldest, target.cc);
    }
    std::string text = "no kernel for";
    for (std::size_t i = 0; i < unserved.size(); ++i) {
        const auto& gpu = unserved[i];
        const char* why = gpu > newest   ? " (GPU too new)"
                          : gpu < oldest ? " (GPU too old)"
                                         : " (GPU not covered)";
        text += (i == 0 ? " " : ", ") + gpu.sm() + why;
    }
    return text + " in " + std::string(variant.arch_list);
}

// The fitting variant of one release, newest CUDA first; reasons collect the misfits.
std::optional<TorchVariant> best_variant(std::string_view release, const WheelRequest& request,
                                         std::vector<std::string>* reasons) {
    auto variants = variants_of(release);
    for (auto it = variants.rbegin(); it != variants.rend(); ++it) {
        if (request.cuda_major && it->cuda.major != *request.cuda_major) {
            continue;
        }
        const auto misfit = variant_misfit(*it, request);
        if (misfit.empty()) {
            return *it;
        }
        if (reasons != nullptr) {
            reasons->push_back(std::string(it->tag) + ": " + misfit);
        }
    }
    return std::nullopt;
}

} // namespace

std::string variant_misfit(const TorchVariant& variant, const WheelRequest& request) {
    if (!request.driver) {
        return "no driver";
    }
    auto misfit = driver_misfit(*request.driver, variant.cuda);
    const auto gpus = gpu_misfit(variant, request.gpus);
    if (!gpus.empty()) {
        misfit += (misfit.empty() ? "" : "; ") + gpus;
    }
    return misfit;
}

WheelPlan plan_wheel(const WheelRequest& request) {
    const auto releases = torch_releases();
    WheelPlan plan;
    plan.wanted_torch = request.torch.value_or(releases.back());
    plan.torch = plan.wanted_torch;
    if (!request.driver) {
        plan.reasons.emplace_back("no NVIDIA driver: CUDA wheels cannot run here");
        return plan;
    }
    plan.variant = best_variant(plan.wanted_torch, request, &plan.reasons);
    if (plan.variant) {
        return plan;
    }
    auto wanted = std::find(releases.begin(), releases.end(), plan.wanted_torch);
    for (auto it = std::make_reverse_iterator(wanted); it != releases.rend(); ++it) {
        if (auto variant = best_variant(*it, request, nullptr)) {
            plan.torch = *it;
            plan.variant = std::move(variant);
            return plan;
        }
    }
    return plan;
}

InstallCommands install_commands(const WheelPlan& plan, std::string_view python) {
    InstallCommands commands;
    const std::string tag = plan.variant ? std::string(plan.variant->tag) : "cpu";
    commands.index_url = "https://download.pytorch.org/whl/" + tag;
    const bool newest = plan.torch == torch_releases().back();
    const std::string torch = newest ? "torch" : "'torch==" + plan.torch + ".*'";
    const std::string packages = torch + " torchvision torchaudio";
    commands.pip = std::string(python) + " -m pip install -U " + packages + " --index-url " +
                   commands.index_url;
    commands.uv = "uv pip install --python " + std::string(python) + " " + packages +
                  " --torch-backend=" + tag;
    return commands;
}

std::vector<DriverHint> driver_hints(WheelRequest request) {
    std::vector<int> majors;
    for (const auto& variant : torch_variants()) {
        if (std::find(majors.begin(), majors.end(), variant.cuda.major) == majors.end()) {
            majors.push_back(variant.cuda.major);
        }
    }
    std::vector<DriverHint> hints;
    for (auto it = majors.rbegin(); it != majors.rend(); ++it) {
        const auto floor = minor_compat_floor(*it);
        if (!floor) {
            continue;
        }
        request.driver = DriverFacts{std::string(*floor), cuda_of_driver(*floor)};
        hints.push_back(DriverHint{std::string(*floor), plan_wheel(request)});
    }
    return hints;
}

} // namespace tbx::cuda
