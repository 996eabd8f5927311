// tbx cuda: CUDA toolkit, driver, GPU and PyTorch detection, with the right wheel to install.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <tbx/core/process.hpp>
#include <tbx/cuda/detect.hpp>

#include "cli/command.hpp"
#include "cli/output.hpp"

namespace tbx::cli {

namespace {

struct CudaOptions {
    std::vector<std::string> search;
    bool no_python = false;
    std::string python;
    std::string timeout = "5";
    std::string require;
    bool require_given = false; ///< --require "" is a bad value, not an absent one
};

// Problems that mean something is broken (red) rather than worth knowing (yellow).
bool is_severe(const std::string& code) {
    return code == "no_driver" || code == "driver_too_old" || code == "torch_cuda_mismatch_major" ||
           code == "tool_failed" || code == "tool_timeout" || code == "no_wheel_for_driver" ||
           code == "torch_cpu_only";
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

class Painter {
public:
    explicit Painter(bool enabled) : m_enabled(enabled) {}
    [[nodiscard]] std::string paint(const std::string& text, const char* sgr) const {
        return tbx::cli::paint(text, sgr, m_enabled);
    }
    [[nodiscard]] std::string bold(const std::string& text) const { return paint(text, "1"); }
    [[nodiscard]] std::string dim(const std::string& text) const { return paint(text, "2"); }

private:
    bool m_enabled;
};

std::string pad(const std::string& text, std::size_t width) {
    return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

void print_human(const cuda::Report& report, const Painter& painter, bool python_skipped) {
    constexpr std::size_t k_label = 10;
    const auto label = [&](const std::string& name) { return painter.bold(pad(name, k_label)); };
    auto& out = std::cout;

    if (report.toolkits.empty()) {
        out << label("toolkit") << painter.dim("none found") << "\n";
    }
    for (std::size_t i = 0; i < report.toolkits.size(); ++i) {
        const auto& toolkit = report.toolkits[i];
        std::string sources;
        for (const auto& source : toolkit.sources) {
            sources += (sources.empty() ? "" : ", ") + source;
        }
        out << label(i == 0 ? "toolkit" : "") << pad(toolkit.version.value_or(toolkit.release), 12)
            << toolkit.root << painter.dim(" (" + sources + ")");
        if (report.build_toolkit == i && report.toolkits.size() > 1) {
            out << painter.dim(" <- extensions build here");
        }
        out << "\n";
    }

    if (report.driver) {
        const auto& driver = *report.driver;
        out << label("driver") << pad(driver.version.value_or("?"), 12) << "CUDA "
            << driver.cuda.value_or("?") << painter.dim(" (" + driver.source + ")") << "\n";
    } else {
        out << label("driver") << painter.dim("none found") << "\n";
    }

    for (const auto& gpu : report.gpus) {
        std::string details;
        if (gpu.memory_mib) {
            details += std::to_string(*gpu.memory_mib) + " MiB";
        }
        if (gpu.compute_capability) {
            details +=
                (details.empty() ? "" : ", ") + std::string("compute ") + *gpu.compute_capability;
        }
        out << label("gpu " + std::to_string(gpu.index)) << gpu.name
            << (details.empty() ? "" : "  " + details) << "\n";
    }

    if (python_skipped) {
        out << label("torch") << painter.dim("not checked (--no-python)") << "\n";
    } else if (!report.python) {
        out << label("torch") << painter.dim("no Python answered") << "\n";
    } else if (!report.python->torch) {
        out << label("torch") << painter.dim("not installed") << "  " << report.python->executable
            << "\n";
    } else {
        const auto& python = *report.python;
        std::string cuda = python.torch_cuda ? "CUDA " + *python.torch_cuda : "CPU only";
        if (python.cuda_available) {
            cuda += *python.cuda_available ? ", GPU available" : ", GPU not available";
        }
        out << label("torch") << pad(*python.torch, 12) << cuda
            << painter.dim("  " + python.executable) << "\n";
    }

    if (!report.problems.empty()) {
        out << painter.bold("problems") << "\n";
        std::size_t width = 0;
        for (const auto& problem : report.problems) {
            width = std::max(width, problem.code.size());
        }
        for (const auto& problem : report.problems) {
            out << "  "
                << painter.paint(pad(problem.code, width + 1),
                                 is_severe(problem.code) ? "31" : "33")
                << problem.message << "\n";
        }
    }

    if (report.recommendation) {
        out << label("install") << report.recommendation->command << "\n";
    } else {
        const bool too_old =
            std::any_of(report.problems.begin(), report.problems.end(),
                        [](const auto& problem) { return problem.code == "no_wheel_for_driver"; });
        out << label("install")
            << painter.dim(too_old ? "no PyTorch CUDA wheel runs on this driver"
                                   : "no recommendation: neither the driver's CUDA version nor a "
                                     "toolkit is known")
            << "\n";
    }
}

int run_cuda(const CudaOptions& options, Context& ctx) {
    const auto timeout = parse_timeout(options.timeout);
    if (!timeout) {
        ctx.error("--timeout wants seconds greater than 0 and at most 3600 (" + options.timeout +
                  ")");
        return k_exit_error;
    }
    std::optional<cuda::CudaVersion> required;
    if (options.require_given) {
        required = cuda::parse_cuda_version(options.require);
        if (!required) {
            ctx.error("--require wants a CUDA version such as 12 or 12.4 (" + options.require +
                      ")");
            return k_exit_error;
        }
    }

    cuda::DetectOptions detect;
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
    const bool satisfied = !required || cuda::satisfies(report, *required);

    if (ctx.json()) {
        auto json = cuda::to_json(report);
        if (required) {
            json["require"] = {{"version", options.require}, {"satisfied", satisfied}};
        }
        // Paths and tool output may hold bytes that are not UTF-8: they become U+FFFD.
        std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        print_human(report, Painter(ctx.color(1)), options.no_python);
    }
    std::cout.flush();
    if (!satisfied) {
        ctx.note("no toolkit or driver offers CUDA >= " + options.require);
        return k_exit_negative;
    }
    return k_exit_ok;
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
        "then explains mismatches and prints the pip command that installs a matching wheel.\n\n"
        "All external commands run at once, each under --timeout; a tool that hangs is killed with "
        "its process group and reported as tool_timeout, and detection goes on.\n\n"
        "The recommendation: D is the driver's CUDA version, T the release of the toolkit that "
        "torch "
        "extensions would compile with (CUDA_HOME, CUDA_PATH, nvcc on PATH, first root). The cap C "
        "is "
        "D, or T without a driver. When T.major <= C.major the newest wheel tag of T's major not "
        "newer "
        "than C wins, otherwise the newest tag not newer than C.\n\n"
        "Problem codes: no_toolkit, no_driver, tool_timeout, tool_failed, unparsable_output, "
        "driver_too_old, no_wheel_for_driver, torch_cpu_only, torch_cuda_mismatch_major, "
        "torch_cuda_mismatch_minor, cuda_home_differs, multiple_toolkits.";
    command.doc.examples = {
        {"tbx cuda", "report toolkits, driver, GPUs, torch, problems and the wheel to install"},
        {"tbx cuda --json --no-python", "the same as one JSON document, without starting Python"},
        {"tbx cuda --require 12.4",
         "exit 1 unless a toolkit or the driver offers CUDA 12.4 or newer"},
        {"tbx cuda --search /opt/cuda-12.8 --python .venv/bin/python",
         "look in one root, ask one venv"},
    };
    command.doc.value_hints = {{"--search", "dir"}, {"--python", "command"}};
    command.doc.sections = {
        {"JSON OUTPUT",
         "One document with the keys below; absent facts are null.\n\n"
         "toolkits: [{version, release, root, nvcc, sources}], the nvcc on PATH first. version is "
         "nvcc's V number, else version.json's, else version.txt's (null when only a date-like SDK "
         "stamp was found); release is MAJOR.MINOR; sources lists nvcc, version.json, version.txt "
         "as "
         "they answered.\n\n"
         "driver: {version, cuda, source} or null; source is nvidia-smi, proc or libcuda.\n\n"
         "gpus: [{index, name, memory_mib, compute_capability}].\n\n"
         "python: {executable, torch, torch_cuda, cuda_available} or null (--no-python, no "
         "Python).\n\n"
         "recommendation: {tag, index_url, command} or null.\n\n"
         "problems: [{code, message}].\n\n"
         "require: {version, satisfied}, only with --require.\n\n"
         "Bytes that are not UTF-8 (paths, tool output quoted in messages) are written as U+FFFD."},
    };
    command.doc.exit_codes = {
        {"0", "detection ran (problems are reported, not failed on); --require satisfied"},
        {"1", "--require VERSION: no toolkit release and no driver CUDA version is >= VERSION"},
        {"2", "usage error: a bad --timeout or --require value, an unknown option"},
    };
    command.setup = [](CLI::App& app) -> Runner {
        auto options = std::make_shared<CudaOptions>();
        app.add_option("--search", options->search,
                       "look for a toolkit in DIR (repeatable; replaces the default install roots)")
            ->type_name("DIR")
            ->allow_extra_args(false);
        auto* no_python = app.add_flag("--no-python", options->no_python,
                                       "do not start Python to look for torch");
        app.add_option("--python", options->python,
                       "ask this Python about torch instead of python3 on PATH")
            ->type_name("EXE")
            ->excludes(no_python);
        app.add_option("--timeout", options->timeout,
                       "seconds each external command may take (default 5)")
            ->type_name("SEC");
        auto* require =
            app.add_option("--require", options->require,
                           "exit 1 unless a toolkit or the driver offers CUDA >= VERSION")
                ->type_name("VERSION");
        return [options, require](Context& ctx) {
            options->require_given = require->count() > 0;
            return run_cuda(*options, ctx);
        };
    };
    return command;
}

} // namespace tbx::cli
