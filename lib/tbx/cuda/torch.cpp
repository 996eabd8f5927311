#include <nlohmann/json.hpp>

#include <tbx/core/strings.hpp>
#include <tbx/cuda/torch.hpp>
#include <tbx/cuda/version.hpp>

namespace tbx::cuda {

namespace {

constexpr std::string_view k_marker = "tbx-torch-probe: ";

// Every key is optional in the answer; a wrong type counts as absent rather than an error so a
// patched torch reporting odd values still yields a report.
std::optional<std::string> string_member(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

} // namespace

std::string_view torch_probe_script() {
    // An ImportError about the module torch itself (Python 2 has no .name, hence the text test)
    // means torch is absent; anything else (a broken install, a missing libcudart) is reported.
    static constexpr std::string_view k_script = R"PY(
import json, sys
r = {"executable": sys.executable, "torch": None, "torch_cuda": None,
     "cuda_available": None, "import_error": None, "arch_list": None}
try:
    import torch
except ImportError as e:
    n = getattr(e, "name", None)
    if n != "torch" and not (n is None and "No module named" in str(e) and "torch" in str(e)):
        r["import_error"] = "%s: %s" % (type(e).__name__, e)
except Exception as e:
    r["import_error"] = "%s: %s" % (type(e).__name__, e)
else:
    r["torch"] = str(getattr(torch, "__version__", "unknown"))
    v = getattr(getattr(torch, "version", None), "cuda", None)
    r["torch_cuda"] = None if v is None else str(v)
    try:
        r["cuda_available"] = bool(torch.cuda.is_available())
    except Exception:
        r["cuda_available"] = False
    try:
        r["arch_list"] = [str(a) for a in torch.cuda.get_arch_list()]
    except Exception:
        r["arch_list"] = None
sys.stdout.write("\ntbx-torch-probe: " + json.dumps(r) + "\n")
sys.stdout.flush()
)PY";
    return k_script;
}

Result<PythonInfo> parse_torch_probe(std::string_view stdout_text) {
    std::optional<std::string_view> payload;
    std::size_t start = 0;
    while (start < stdout_text.size()) {
        auto end = stdout_text.find('\n', start);
        if (end == std::string_view::npos) {
            end = stdout_text.size();
        }
        const auto line = core::trim(stdout_text.substr(start, end - start));
        if (line.substr(0, k_marker.size()) == k_marker) {
            payload = line.substr(k_marker.size());
        }
        start = end + 1;
    }
    if (!payload) {
        return fail(ErrorKind::invalid_argument, "the torch probe printed no result line");
    }
    const auto json = nlohmann::json::parse(payload->begin(), payload->end(), nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorKind::invalid_argument, "the torch probe printed malformed JSON",
                    std::string(*payload));
    }
    PythonInfo info;
    info.executable = string_member(json, "executable").value_or("");
    info.torch = string_member(json, "torch");
    info.torch_cuda = string_member(json, "torch_cuda");
    info.import_error = string_member(json, "import_error");
    if (const auto it = json.find("cuda_available"); it != json.end() && it->is_boolean()) {
        info.cuda_available = it->get<bool>();
    }
    if (const auto it = json.find("arch_list"); it != json.end() && it->is_array()) {
        std::vector<std::string> arch_list;
        for (const auto& entry : *it) {
            if (entry.is_string()) {
                arch_list.push_back(entry.get<std::string>());
            }
        }
        info.arch_list = std::move(arch_list);
    }
    return info;
}

TorchToolkitMatch compare_torch_cuda(std::string_view torch_cuda,
                                     std::string_view toolkit_release) {
    const auto torch_version = parse_cuda_version(torch_cuda);
    const auto toolkit_version = parse_cuda_version(toolkit_release);
    if (!torch_version || !toolkit_version) {
        return TorchToolkitMatch::unknown;
    }
    if (torch_version->major != toolkit_version->major) {
        return TorchToolkitMatch::major_mismatch;
    }
    if (torch_version->minor != toolkit_version->minor) {
        return TorchToolkitMatch::minor_mismatch;
    }
    return TorchToolkitMatch::same;
}

} // namespace tbx::cuda
