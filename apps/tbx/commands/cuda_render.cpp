#include "commands/cuda_render.hpp"

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <sstream>

#include <tbx/cuda/problems.hpp>

#include "cli/output.hpp"

namespace tbx::cli {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::int64_t k_mib = 1024 * 1024;

// Stores an optional byte string: null when absent, else by the put_bytes rule.
void put_optional_bytes(Json& object, const std::string& key,
                        const std::optional<std::string>& bytes) {
    if (bytes) {
        put_bytes(object, key, *bytes);
    } else {
        object[key] = nullptr;
    }
}

Json optional_json(const std::optional<std::string>& value) {
    return value ? Json(*value) : Json(nullptr);
}

Json advice_json(const std::optional<cuda::Advice>& advice) {
    if (!advice) {
        return nullptr;
    }
    const auto& plan = advice->plan;
    Json json = {
        {"torch", plan.torch},
        {"wanted_torch", plan.wanted_torch},
        {"tag", plan.variant ? std::string(plan.variant->tag) : std::string("cpu")},
        {"cuda", plan.variant ? Json(plan.variant->cuda.release()) : Json(nullptr)},
        {"arch_list", plan.variant ? Json(std::string(plan.variant->arch_list)) : Json(nullptr)},
        {"index_url", advice->commands.index_url}};
    // The install lines name the Python executable, a path of any bytes.
    put_bytes(json, "command", advice->commands.pip);
    put_bytes(json, "uv_command", advice->commands.uv);
    json["reasons"] = plan.reasons;
    return json;
}

Json toolkits_json(const std::vector<cuda::Toolkit>& toolkits) {
    auto list = Json::array();
    for (const auto& toolkit : toolkits) {
        Json item = {{"version", optional_json(toolkit.version)}, {"release", toolkit.release}};
        put_bytes(item, "root", toolkit.root);
        put_optional_bytes(item, "nvcc", toolkit.nvcc);
        item["sources"] = toolkit.sources;
        list.push_back(std::move(item));
    }
    return list;
}

Json gpus_json(const std::vector<cuda::GpuInfo>& gpus) {
    auto list = Json::array();
    for (const auto& gpu : gpus) {
        Json item = {{"index", gpu.index}};
        put_bytes(item, "name", gpu.name);
        // nvidia-smi reports MiB; JSON sizes are bytes (docs/json.md).
        item["memory_bytes"] = gpu.memory_mib ? Json(*gpu.memory_mib * k_mib) : Json(nullptr);
        item["compute_capability"] = optional_json(gpu.compute_capability);
        list.push_back(std::move(item));
    }
    return list;
}

Json python_json(const std::optional<cuda::PythonInfo>& python) {
    if (!python) {
        return nullptr;
    }
    Json json = Json::object();
    put_bytes(json, "executable", python->executable);
    json["torch"] = optional_json(python->torch);
    json["torch_cuda"] = optional_json(python->torch_cuda);
    json["cuda_available"] = python->cuda_available ? Json(*python->cuda_available) : Json(nullptr);
    json["arch_list"] = python->arch_list ? Json(*python->arch_list) : Json(nullptr);
    return json;
}

Json problems_json(const std::vector<cuda::Problem>& problems) {
    auto list = Json::array();
    for (const auto& problem : problems) {
        const auto& info = cuda::problem_info(problem.code);
        Json item = {{"code", info.name}, {"severity", cuda::severity_name(info.severity)}};
        // Messages quote paths and tool output.
        put_bytes(item, "message", problem.message);
        item["fix"] = info.fix;
        list.push_back(std::move(item));
    }
    return list;
}

// The three styles of the report, by the one color helper.
struct Styles {
    bool color = false;
    [[nodiscard]] std::string bold(const std::string& text) const {
        return paint(text, "1", color);
    }
    [[nodiscard]] std::string dim(const std::string& text) const { return paint(text, "2", color); }
};

std::string pad(const std::string& text, std::size_t width) {
    return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

void print_problems(std::ostream& out, const cuda::Report& report, const Styles& styles) {
    if (report.problems.empty()) {
        return;
    }
    out << styles.bold("problems") << "\n";
    std::size_t width = 0;
    for (const auto& problem : report.problems) {
        width = std::max(width, problem.name().size());
    }
    for (const auto& problem : report.problems) {
        const auto& info = cuda::problem_info(problem.code);
        const bool error = info.severity == cuda::Severity::error;
        out << "  "
            << paint(pad(std::string(info.name), width + 1), error ? "31" : "33", styles.color)
            << problem.message << "\n";
    }
}

std::string plan_summary(const cuda::WheelPlan& plan) {
    if (!plan.variant) {
        return "CPU wheels";
    }
    return "torch " + plan.torch + " for CUDA " + plan.variant->cuda.release() + " (" +
           std::string(plan.variant->arch_list) + ")";
}

void print_commands(std::ostream& out, const std::string& goal, const cuda::Advice& advice,
                    const Styles& styles) {
    constexpr std::size_t k_label = 10;
    out << styles.bold(pad(goal, k_label)) << advice.commands.pip << "\n"
        << std::string(k_label, ' ') << advice.commands.uv << "\n"
        << std::string(k_label, ' ') << styles.dim(plan_summary(advice.plan)) << "\n";
}

void print_advice(std::ostream& out, const cuda::Report& report, const Styles& styles) {
    if (!report.run) {
        return;
    }
    print_commands(out, "install", *report.run, styles);
    if (report.build) {
        print_commands(out, "build", *report.build, styles);
    }
    if (!report.driver_hints.empty()) {
        std::string hints;
        for (const auto& hint : report.driver_hints) {
            hints += (hints.empty() ? "" : "; ") + std::string("driver >= ") + hint.driver + ": " +
                     (hint.plan.variant
                          ? "torch " + hint.plan.torch + " " + std::string(hint.plan.variant->tag)
                          : std::string("CPU"));
        }
        out << std::string(10, ' ') << styles.dim("with --driver: " + hints) << "\n";
    }
}

void print_human(std::ostream& out, const cuda::Report& report, const Styles& styles,
                 bool python_skipped) {
    constexpr std::size_t k_label = 10;
    const auto label = [&](const std::string& name) { return styles.bold(pad(name, k_label)); };

    if (!report.described.empty()) {
        std::string parts;
        for (const auto& part : report.described) {
            parts += (parts.empty() ? "" : ", ") + part;
        }
        out << label("machine") << "described (" << parts << " given, not detected)\n";
    }
    if (report.toolkits.empty()) {
        out << label("toolkit") << styles.dim("none found") << "\n";
    }
    for (std::size_t i = 0; i < report.toolkits.size(); ++i) {
        const auto& toolkit = report.toolkits[i];
        std::string sources;
        for (const auto& source : toolkit.sources) {
            sources += (sources.empty() ? "" : ", ") + source;
        }
        out << label(i == 0 ? "toolkit" : "") << pad(toolkit.version.value_or(toolkit.release), 12)
            << toolkit.root << styles.dim(" (" + sources + ")");
        if (report.build_toolkit == i && report.toolkits.size() > 1) {
            out << styles.dim(" <- extensions build here");
        }
        out << "\n";
    }

    if (report.driver) {
        const auto& driver = *report.driver;
        out << label("driver") << pad(driver.version.value_or("?"), 12) << "CUDA "
            << driver.cuda.value_or("?") << styles.dim(" (" + driver.source + ")") << "\n";
    } else {
        out << label("driver") << styles.dim("none found") << "\n";
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
        out << label("torch") << styles.dim("not checked (--no-python)") << "\n";
    } else if (!report.python) {
        out << label("torch") << styles.dim("no Python answered") << "\n";
    } else if (!report.python->torch) {
        out << label("torch") << styles.dim("not installed") << "  " << report.python->executable
            << "\n";
    } else {
        const auto& python = *report.python;
        std::string cuda = python.torch_cuda ? "CUDA " + *python.torch_cuda : "CPU only";
        if (python.cuda_available) {
            cuda += *python.cuda_available ? ", GPU available" : ", GPU not available";
        }
        out << label("torch") << pad(*python.torch, 12) << cuda
            << styles.dim("  " + python.executable) << "\n";
    }

    print_problems(out, report, styles);
    print_advice(out, report, styles);
}

} // namespace

nlohmann::ordered_json cuda_report_json(const cuda::Report& report) {
    Json json = Json::object();
    json["machine"] = report.described.empty() ? "detected" : "described";
    json["described"] = report.described;
    json["toolkits"] = toolkits_json(report.toolkits);
    if (report.driver) {
        json["driver"] = {{"version", optional_json(report.driver->version)},
                          {"cuda", optional_json(report.driver->cuda)},
                          {"source", report.driver->source}};
    } else {
        json["driver"] = nullptr;
    }
    json["gpus"] = gpus_json(report.gpus);
    json["python"] = python_json(report.python);
    json["recommendation"] = advice_json(report.run);
    json["build_recommendation"] = advice_json(report.build);
    auto hints = Json::array();
    for (const auto& hint : report.driver_hints) {
        hints.push_back({{"driver", hint.driver},
                         {"torch", hint.plan.torch},
                         {"tag", hint.plan.variant ? std::string(hint.plan.variant->tag) : "cpu"}});
    }
    json["driver_hints"] = std::move(hints);
    json["problems"] = problems_json(report.problems);
    return json;
}

std::string cuda_report_text(const cuda::Report& report, bool color, bool python_skipped) {
    std::ostringstream out;
    print_human(out, report, Styles{color}, python_skipped);
    return out.str();
}

} // namespace tbx::cli
