// tbx cuda: CUDA toolkit, driver, GPU and PyTorch detection, with the right wheel to install.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tbx/core/process.hpp>
#include <tbx/cuda/detect.hpp>
#include <tbx/cuda/problems.hpp>
#include <tbx/cuda/torch_table.hpp>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"
#include "commands/cuda_render.hpp"

namespace tbx::cli {

namespace {

struct CudaOptions {
    std::vector<std::string> search;
    bool no_python = false;
    std::string python;
    std::string timeout = "5";
    std::optional<std::string> require;         ///< --require "" is a bad value, not an absent one
    std::optional<std::string> require_toolkit; ///< --require-toolkit
    std::optional<std::string> driver;          ///< --driver, else TBX_CUDA_DRIVER
    std::vector<std::string> gpus;              ///< --gpu sm_XY
    std::vector<std::string> compute_capabilities; ///< --compute-capability X.Y
    std::optional<std::string> torch;              ///< --torch
    bool keep_torch = false;
};

std::string problem_codes_text() {
    std::string text;
    for (const auto& info : cuda::problem_table()) {
        text += (text.empty() ? "" : ", ") + std::string(info.name);
    }
    return text;
}

std::string problem_section() {
    std::string text = "Each problem has a stable code, a severity and a fix (in --json).";
    for (const auto& info : cuda::problem_table()) {
        text += "\n\n" + std::string(info.name) + " (" +
                std::string(cuda::severity_name(info.severity)) +
                "): " + std::string(info.summary) + ". Fix: " + std::string(info.fix) + ".";
    }
    return text;
}

std::optional<std::string> environment(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

// Accepts "5", "0.5", "2.5e0"; rejects zero, negatives, NaN and anything over an hour.
std::optional<std::chrono::milliseconds> parse_timeout(const std::string& text) {
    if (text.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    const double seconds = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(seconds) || seconds <= 0 ||
        seconds > 3600) {
        return std::nullopt;
    }
    const auto ms = static_cast<long long>(std::ceil(seconds * 1000.0));
    return std::chrono::milliseconds(std::max<long long>(ms, 1));
}

// Parses --require / --require-toolkit; prints the usage error itself.
bool parse_required(const std::optional<std::string>& text, const char* flag,
                    std::optional<cuda::CudaVersion>& out, Context& ctx) {
    if (!text) {
        return true;
    }
    out = cuda::parse_cuda_version(*text);
    if (!out) {
        ctx.error(std::string(flag) + " wants a CUDA version such as 12 or 12.4 (" + *text + ")");
    }
    return out.has_value();
}

// Fills the overrides and the wish from the flags; prints the usage error itself.
bool parse_machine(const CudaOptions& options, cuda::DetectOptions& detect, Context& ctx) {
    const auto driver = options.driver ? options.driver : environment("TBX_CUDA_DRIVER");
    if (driver) {
        if (!cuda::is_desktop_driver_number(*driver)) {
            ctx.error("--driver wants an NVIDIA driver version such as 550.54.14 or 580 (" +
                      *driver + ")");
            return false;
        }
        detect.overrides.driver = *driver;
    }
    for (const auto& [flag, list] :
         {std::pair{"--gpu", &options.gpus},
          std::pair{"--compute-capability", &options.compute_capabilities}}) {
        for (const auto& text : *list) {
            const auto cc = cuda::parse_compute_capability(text);
            if (!cc) {
                ctx.error(std::string(flag) + " wants a GPU architecture such as sm_89 or 8.9 (" +
                          text + ")");
                return false;
            }
            detect.overrides.gpus.push_back(*cc);
        }
    }
    if (options.torch) {
        const auto release = cuda::torch_release_of(*options.torch);
        if (!release) {
            const auto releases = cuda::torch_releases();
            ctx.error("--torch wants a release from " + releases.front() + " to " +
                      releases.back() + " (" + *options.torch + ")");
            return false;
        }
        detect.wish.torch = release;
    }
    detect.wish.keep_torch = options.keep_torch;
    return true;
}

// --require and --require-toolkit: exit 1 with the reason on stderr when one is not met.
int check_requirements(const cuda::Report& report, const std::optional<cuda::CudaVersion>& driver,
                       const std::optional<cuda::CudaVersion>& toolkit, Context& ctx) {
    int status = k_exit_ok;
    if (driver) {
        const auto result = cuda::require_driver(report, *driver);
        if (!result.satisfied) {
            ctx.note("--require " + driver->str() + " not met: " + result.reason);
            status = k_exit_negative;
        }
    }
    if (toolkit) {
        const auto result = cuda::require_toolkit(report, *toolkit);
        if (!result.satisfied) {
            ctx.note("--require-toolkit " + toolkit->str() + " not met: " + result.reason);
            status = k_exit_negative;
        }
    }
    return status;
}

nlohmann::ordered_json require_json(const cuda::RequireResult& result, const std::string& text) {
    return {{"version", text}, {"satisfied", result.satisfied}, {"reason", result.reason}};
}

int run_cuda(const CudaOptions& options, Context& ctx) {
    const auto timeout = parse_timeout(options.timeout);
    if (!timeout) {
        ctx.error("--timeout wants seconds greater than 0 and at most 3600 (" + options.timeout +
                  ")");
        return k_exit_error;
    }
    std::optional<cuda::CudaVersion> required;
    std::optional<cuda::CudaVersion> required_toolkit;
    cuda::DetectOptions detect;
    if (!parse_required(options.require, "--require", required, ctx) ||
        !parse_required(options.require_toolkit, "--require-toolkit", required_toolkit, ctx) ||
        !parse_machine(options, detect, ctx)) {
        return k_exit_error;
    }
    if (!options.search.empty()) {
        detect.search_roots = options.search;
    }
    if (options.no_python) {
        detect.python_mode = cuda::PythonMode::skip;
    } else if (!options.python.empty()) {
        detect.python_mode = cuda::PythonMode::explicit_executable;
        detect.python = options.python;
    }
    detect.timeout = *timeout;
    detect.cuda_home = environment("CUDA_HOME");
    detect.cuda_path = environment("CUDA_PATH");

    const core::ProcessRunner runner;
    const auto report = cuda::detect(detect, cuda::system_probes(runner));
    std::string text;
    if (ctx.json()) {
        auto json = cuda_report_json(report);
        if (required) {
            json["require"] =
                require_json(cuda::require_driver(report, *required), *options.require);
        }
        if (required_toolkit) {
            json["require_toolkit"] = require_json(cuda::require_toolkit(report, *required_toolkit),
                                                   *options.require_toolkit);
        }
        text = json_line(json) + "\n";
    } else {
        text = cuda_report_text(report, ctx.color(1), options.no_python);
    }
    OutputBuffer output(stdout);
    output.write(text);
    if (ctx.finish_output(output, k_exit_ok) != k_exit_ok) {
        return k_exit_error;
    }
    return check_requirements(report, required, required_toolkit, ctx);
}

// The options, and the runner that reads them once they are parsed.
Plan cuda_plan() {
    auto o = std::make_shared<CudaOptions>();
    std::vector<OptionRow> rows{
        valued(ValueKind::dir, "--search", o->search, "DIR",
               "look for a toolkit in DIR (repeatable; replaces the default install roots)")
            .repeat(),
        flag("--no-python", o->no_python, "do not start Python to look for torch"),
        valued(ValueKind::executable, "--python", o->python, "EXE",
               "ask this Python about torch and install into it (default: python3)")
            .exclude("--no-python"),
        number("--timeout", o->timeout, "SEC",
               "seconds each external command may take (default 5)"),
        text("--require", o->require, "VERSION",
             "exit 1 unless a driver runs CUDA VERSION programs"),
        text("--require-toolkit", o->require_toolkit, "VERSION",
             "exit 1 unless a toolkit (nvcc) of at least VERSION is installed"),
        text("--driver", o->driver, "VERSION",
             "describe the driver instead of detecting it (also TBX_CUDA_DRIVER)"),
        text("--gpu", o->gpus, "SM",
             "describe a GPU by architecture, sm_XY (repeatable; replaces detection)")
            .repeat(),
        text("--compute-capability", o->compute_capabilities, "X.Y",
             "describe a GPU by compute capability, X.Y (repeatable)")
            .repeat(),
        flag("--keep-torch", o->keep_torch,
             "recommend a variant of the installed torch's release (else the newest)"),
        text("--torch", o->torch, "VERSION",
             "recommend a variant of this torch release (default: the newest)")
            .exclude("--keep-torch"),
    };
    return {std::move(rows), [o](Context& ctx) { return run_cuda(*o, ctx); }};
}

} // namespace

Command make_cuda_command() {
    Command command;
    command.name = "cuda";
    command.summary = "Detect CUDA toolkits, the driver, GPUs and PyTorch; recommend a torch wheel";
    command.doc.description =
        "Finds every CUDA toolkit (nvcc on PATH, $CUDA_HOME, $CUDA_PATH and the install roots "
        "/usr/local/cuda, /usr/local/cuda-*, /opt/cuda), the NVIDIA driver (nvidia-smi, then "
        "/proc/driver/nvidia/version and libcuda), the GPUs, and the PyTorch of python3 on PATH, "
        "then explains mismatches and prints the command that installs the torch wheel that runs "
        "here.\n\n"
        "All external commands run at once, each under --timeout; a tool that hangs is killed with "
        "its process group and reported as tool_timeout, and detection goes on.\n\n"
        "The recommendation reads tbx's torch table (torch release -> CUDA variants -> the "
        "architectures of each wheel). Among the variants of the wanted torch (the newest, "
        "--torch, or the installed one with --keep-torch) it takes the newest CUDA that the "
        "driver runs (from CUDA 11 on, any driver of the major's floor runs every minor: 11.x "
        ">= 450.80.02, 12.x >= 525.60.13, 13.x >= 580; older releases need their own driver) and "
        "whose wheels serve every GPU (an sm_XY cubin serves X.Y and newer minors of X, "
        "compute_XY PTX every GPU >= X.Y). When none fits it says why and falls back to the "
        "newest older torch that fits, else CPU wheels. Without a driver: CPU wheels, and what "
        "--driver would give. When the toolkit extensions build with has another CUDA major, a "
        "build line offers a wheel of the toolkit's major.\n\n"
        "--driver, --gpu and --compute-capability describe a machine instead of detecting it "
        "(Docker builds, CI); the output says the machine is described.\n\n"
        "Problem codes: " +
        problem_codes_text() + ".";
    command.doc.examples = {
        {"tbx cuda", "report toolkits, driver, GPUs, torch, problems and the wheel to install"},
        {"tbx cuda --json --no-python", "the same as one JSON document, without starting Python"},
        {"tbx cuda --require 12.4 && pytest -m gpu",
         "run GPU tests only where a driver runs CUDA 12.4 programs"},
        {"tbx cuda --driver 535.104.05 --gpu sm_61 --gpu sm_86",
         "the wheel for a described machine (a GTX 1080 Ti beside an RTX 3090)"},
        {"tbx cuda --search /opt/cuda-12.8 --python .venv/bin/python",
         "look in one root, ask one venv, install into it"},
    };
    command.doc.sections = {
        {"JSON OUTPUT",
         "One document with the keys below; absent facts are null.\n\n"
         "machine: detected or described; described lists the overridden parts (driver, gpus).\n\n"
         "toolkits: [{version, release, root, nvcc, sources}], the nvcc on PATH first.\n\n"
         "driver: {version, cuda, source} or null; source is nvidia-smi, proc, libcuda or "
         "--driver.\n\n"
         "gpus: [{index, name, memory_bytes, compute_capability}].\n\n"
         "python: {executable, torch, torch_cuda, cuda_available, arch_list} or null.\n\n"
         "recommendation, build_recommendation: {torch, wanted_torch, tag, cuda, arch_list, "
         "index_url, command, uv_command, reasons} or null; tag is cpu for CPU wheels.\n\n"
         "driver_hints: [{driver, torch, tag}], without a driver: what a driver at each CUDA "
         "major's floor would get.\n\n"
         "problems: [{code, severity, message, fix}].\n\n"
         "require, require_toolkit: {version, satisfied, reason}, only with those flags.\n\n"
         "The document is one object on one line (docs/json.md). A path or message holding bytes "
         "that are not UTF-8 (root, nvcc, executable, command, uv_command, a GPU name, a problem "
         "message) shows them as U+FFFD, and a sibling KEY_base64 holds its exact bytes."},
        {"PROBLEMS", problem_section()},
    };
    command.doc.exit_codes = {
        {"0", "detection ran (problems are reported, not failed on); every --require met"},
        {"1", "--require: no driver, or the driver cannot run CUDA VERSION programs; "
              "--require-toolkit: no toolkit of at least VERSION (the reason is on stderr)"},
        {"2", "usage error: a bad --timeout, --require, --driver, --gpu or --torch value"},
    };
    command.plan = cuda_plan;
    return command;
}

} // namespace tbx::cli
