#pragma once
// `tbx cuda`'s engine: find toolkits, the driver, GPUs and PyTorch (probes run concurrently, each
// under a deadline), then conclude problems and the wheel to install.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <tbx/core/error.hpp>
#include <tbx/core/process.hpp>
#include <tbx/cuda/compat.hpp>
#include <tbx/cuda/driver.hpp>
#include <tbx/cuda/problems.hpp>
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

/// Holds what the wheel recommendation aims at.
struct Wish {
    std::optional<std::string> torch; ///< --torch: a release of the table ("2.7"); null: newest
    bool keep_torch = false;          ///< --keep-torch: the installed torch's release
};

/// Describes parts of the machine given instead of detected (--driver, --gpu).
struct Overrides {
    std::optional<std::string> driver;   ///< --driver / TBX_CUDA_DRIVER: "550.54.14"
    std::vector<ComputeCapability> gpus; ///< --gpu / --compute-capability, in order
};

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
    Overrides overrides;
    Wish wish;
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
    std::string source;                 ///< "nvidia-smi", "proc", "libcuda" or "--driver"
};

/// Holds the recommendation for one goal: run torch here, or build extensions with the toolkit.
struct Advice {
    WheelPlan plan;
    InstallCommands commands;
};

/// Holds the whole result of `tbx cuda`.
struct Report {
    std::vector<Toolkit> toolkits; ///< [0] is the nvcc on PATH when there is one
    std::optional<Driver> driver;
    std::vector<GpuInfo> gpus;
    std::optional<PythonInfo> python;
    std::vector<Problem> problems;
    std::optional<std::size_t> build_toolkit; ///< the toolkit torch extensions would compile with
    std::vector<std::string> described;     ///< overridden parts: "driver", "gpus"; empty: detected
    std::string install_python = "python3"; ///< the interpreter the install lines name
    std::optional<Advice> run;              ///< the wheel that runs here
    std::optional<Advice>
        build; ///< a wheel of the build toolkit's major, when the run wheel's differs
    std::vector<DriverHint> driver_hints; ///< without a driver: what --driver would give
};

/// Runs the whole detection; never fails: what could not be learned becomes a Problem.
Report detect(const DetectOptions& options, const Probes& probes);

/// Adds the conclusions (no_toolkit, no_driver, driver_too_old, multiple_toolkits, the wheel
/// advice and its problems, the installed torch's problems) to a report whose facts are filled in.
void conclude(Report& report, const Wish& wish);

/// Returns the driver facts the rules read: the version when it is a desktop number, the CUDA.
DriverFacts driver_facts(const Driver& driver);

/// Holds the answer to --require or --require-toolkit.
struct RequireResult {
    bool satisfied = false;
    std::string reason; ///< why not (or why, for the record): one line
};

/// --require: true only with a driver that runs CUDA `required` programs under driver_runs (the
/// same major from 11 on, by minor-version compatibility; an exact minor before 11).
RequireResult require_driver(const Report& report, const CudaVersion& required);

/// --require-toolkit: true when some toolkit is at least `required`. A bare "12.4" compares
/// releases; "12.4.100" also compares the build number.
RequireResult require_toolkit(const Report& report, const CudaVersion& required);

} // namespace tbx::cuda
