#pragma once
// `tbx cuda`'s engine: find toolkits, the driver, GPUs and PyTorch (probes run concurrently, each
// under a deadline), then conclude problems and the wheel to install.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <tbx/core/error.hpp>
#include <tbx/core/process.hpp>
#include <tbx/cuda/driver.hpp>
#include <tbx/cuda/torch.hpp>
#include <tbx/cuda/version.hpp>
#include <tbx/cuda/wheels.hpp>

namespace tbx::cuda {

/// Chooses whether and which Python is probed for torch.
enum class PythonMode {
    search,              ///< python3, then python, on PATH
    explicit_executable, ///< DetectOptions::python
    skip,                ///< --no-python
};

/// Says whether libcuda may be loaded to ask the driver's CUDA version.
enum class LibcudaMode { allow, skip };

/// Holds the inputs of one detection; the command fills it from flags and the environment.
struct DetectOptions {
    std::optional<std::vector<std::string>> search_roots; ///< --search DIRs; nullopt: the defaults
    PythonMode python_mode = PythonMode::search;
    std::string python;                      ///< the executable for explicit_executable
    std::chrono::milliseconds timeout{5000}; ///< per external command
    std::optional<std::string> cuda_home;    ///< $CUDA_HOME
    std::optional<std::string> cuda_path;    ///< $CUDA_PATH
    std::string proc_driver_version = "/proc/driver/nvidia/version";
    LibcudaMode libcuda = LibcudaMode::allow;
};

/// Injects the outside world: how commands run and are found, and libcuda's answer.
struct Probes {
    std::function<Result<core::ProcessResult>(const core::ProcessRequest&)> run;
    std::function<std::optional<std::string>(const std::string&)> find_program;
    std::function<std::optional<int>()> libcuda_version;
};

/// Returns Probes backed by `runner` and the real libcuda; `runner` must outlive them.
inline Probes system_probes(const core::ProcessRunner& runner) {
    Probes probes;
    probes.run = [&runner](const core::ProcessRequest& request) { return runner.run(request); };
    probes.find_program = [&runner](const std::string& name) { return runner.find_program(name); };
    probes.libcuda_version = [] { return libcuda_driver_version(); };
    return probes;
}

/// Lists the install roots searched when no --search is given, in order: /usr/local/cuda, every
/// /usr/local/cuda-* (newest version first), /opt/cuda.
std::vector<std::string> default_search_roots();

/// Describes one toolkit found.
struct Toolkit {
    std::optional<std::string> version; ///< "12.4.131"; null when only a date-like stamp was seen
    std::string release;                ///< "12.4"
    std::string root;                   ///< as found (not resolved): "/usr/local/cuda"
    std::optional<std::string> nvcc;    ///< the nvcc that answered or would answer
    std::vector<std::string> sources;   ///< which of "nvcc", "version.json", "version.txt" answered
    std::string real_root;              ///< the resolved root, used to de-duplicate
};

/// Describes the driver.
struct Driver {
    std::optional<std::string> version; ///< "550.54.14"; null when only libcuda answered
    std::optional<std::string> cuda;    ///< the newest CUDA the driver supports, "12.4"
    std::string source;                 ///< "nvidia-smi", "proc" or "libcuda"
};

/// Holds one diagnosis: a stable code and a one-line explanation.
struct Problem {
    std::string code;
    std::string message;
};

/// Holds the whole result of `tbx cuda`.
struct Report {
    std::vector<Toolkit> toolkits; ///< [0] is the nvcc on PATH when there is one
    std::optional<Driver> driver;
    std::vector<GpuInfo> gpus;
    std::optional<PythonInfo> python;
    std::optional<Recommendation> recommendation;
    std::vector<Problem> problems;
    std::optional<std::size_t> build_toolkit; ///< the toolkit torch extensions would compile with
};

/// Runs the whole detection; never fails: what could not be learned becomes a Problem.
Report detect(const DetectOptions& options, const Probes& probes);

/// Adds the conclusions (no_toolkit, no_driver, driver_too_old, multiple_toolkits, torch checks,
/// the recommendation and no_wheel_for_driver) to a report whose facts are filled in.
void conclude(Report& report);

/// Returns true when a toolkit or the driver's CUDA is at least `required` (--require). A bare
/// "12.4" compares releases; "12.4.100" also compares the toolkit's build number.
bool satisfies(const Report& report, const CudaVersion& required);

/// Returns the report as the documented JSON document.
nlohmann::ordered_json to_json(const Report& report);

} // namespace tbx::cuda
