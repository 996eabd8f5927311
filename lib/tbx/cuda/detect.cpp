#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <tbx/cuda/detect.hpp>
#include <tbx/cuda/nvcc.hpp>

namespace tbx::cuda {

namespace fs = std::filesystem;

namespace {

// How long one line of a tool's output may get in a problem message.
constexpr std::size_t k_quote_limit = 120;

std::optional<std::string> read_small_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    // version files and /proc/driver/nvidia/version are a few KiB; cap what a stray huge file
    // could cost.
    std::string text(256 * 1024, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

std::string seconds_text(std::chrono::milliseconds timeout) {
    std::ostringstream out;
    out << static_cast<double>(timeout.count()) / 1000.0;
    return out.str() + " s";
}

// The first non-empty line of a tool's output, made printable and short, for a message.
std::string first_line(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const auto line = trim_ascii(text.substr(start, end - start));
        start = end + 1;
        if (line.empty()) {
            continue;
        }
        std::string clean;
        for (const char c : line) {
            const auto byte = static_cast<unsigned char>(c);
            clean += (byte < 0x20 || byte == 0x7f) ? '?' : c;
        }
        // Keep UTF-8 sequences whole when cutting: back up over continuation bytes.
        if (clean.size() > k_quote_limit) {
            std::size_t cut = k_quote_limit;
            while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) {
                --cut;
            }
            clean = clean.substr(0, cut) + "...";
        }
        return clean;
    }
    return {};
}

std::string command_text(const std::vector<std::string>& argv) {
    std::string text;
    for (const auto& arg : argv) {
        if (!text.empty()) {
            text += ' ';
        }
        text += arg;
    }
    return text;
}

// Classifies a finished run: nullopt when it succeeded, otherwise the problem it makes.
std::optional<Problem> run_problem(const std::vector<std::string>& argv,
                                   const Result<core::ProcessResult>& result,
                                   std::chrono::milliseconds timeout) {
    const auto what = command_text(argv);
    if (!result) {
        return Problem{"tool_failed", "cannot run " + what + ": " + result.error().describe()};
    }
    if (result->timed_out) {
        return Problem{"tool_timeout", what + " gave no answer within " + seconds_text(timeout) +
                                           "; its process group was killed"};
    }
    if (result->signal != 0) {
        return Problem{"tool_failed",
                       what + " was killed by signal " + std::to_string(result->signal)};
    }
    if (result->exit_code != 0) {
        auto message = what + " exited with status " + std::to_string(result->exit_code);
        auto line = first_line(result->stderr_text);
        if (line.empty()) {
            line = first_line(result->stdout_text);
        }
        if (!line.empty()) {
            message += ": " + line;
        }
        return Problem{"tool_failed", message};
    }
    return std::nullopt;
}

Problem unparsable(const std::vector<std::string>& argv, std::string_view output,
                   std::string_view expected) {
    auto message = command_text(argv) + " printed no " + std::string(expected);
    const auto line = first_line(output);
    message += line.empty() ? " (no output)" : ": \"" + line + "\"";
    return Problem{"unparsable_output", message};
}

struct Candidate {
    std::string root;
    std::optional<std::string> nvcc; // set for the nvcc found on PATH
    std::string real_root;
};

std::string resolve(const std::string& path) {
    std::error_code ec;
    auto real = fs::canonical(path, ec);
    return ec ? fs::path(path).lexically_normal().string() : real.string();
}

std::string parent_of_parent(const std::string& file) {
    auto root = fs::path(file).parent_path().parent_path().string();
    return root.empty() ? "/" : root;
}

std::string join_releases(const std::vector<Toolkit>& toolkits) {
    std::string text;
    for (const auto& toolkit : toolkits) {
        if (!text.empty()) {
            text += ", ";
        }
        text += toolkit.release + " (" + toolkit.root + ")";
    }
    return text;
}

nlohmann::ordered_json optional_json(const std::optional<std::string>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

} // namespace

std::vector<std::string> default_search_roots() {
    std::vector<std::string> roots{"/usr/local/cuda"};
    std::vector<std::pair<std::optional<CudaVersion>, std::string>> versioned;
    std::error_code ec;
    for (fs::directory_iterator it("/usr/local", ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (name.rfind("cuda-", 0) == 0) {
            versioned.emplace_back(parse_cuda_version(name.substr(5)), it->path().string());
        }
    }
    // Newest first; names that are not versions ("cuda-local") after them, alphabetically.
    std::sort(versioned.begin(), versioned.end(), [](const auto& a, const auto& b) {
        if (a.first.has_value() != b.first.has_value()) {
            return a.first.has_value();
        }
        if (a.first && *a.first != *b.first) {
            return *a.first > *b.first;
        }
        return a.second < b.second;
    });
    for (auto& entry : versioned) {
        roots.push_back(std::move(entry.second));
    }
    roots.emplace_back("/opt/cuda");
    return roots;
}

Report detect(const DetectOptions& options, const Probes& probes) {
    Report report;
    const auto timeout = options.timeout;

    // 1. Candidate roots, in the order toolkits are listed; de-duplicated by resolved path.
    std::vector<Candidate> candidates;
    const auto add_candidate = [&](const std::string& root, std::optional<std::string> nvcc) {
        std::error_code ec;
        if (!nvcc && !fs::is_directory(root, ec)) {
            return;
        }
        // An nvcc on PATH that links into a root (alternatives, ~/bin/nvcc) is that root's nvcc.
        auto real = nvcc ? parent_of_parent(resolve(*nvcc)) : resolve(root);
        for (const auto& existing : candidates) {
            if (existing.real_root == real) {
                return;
            }
        }
        candidates.push_back(Candidate{root, std::move(nvcc), std::move(real)});
    };
    const auto path_nvcc = probes.find_program("nvcc");
    if (path_nvcc) {
        add_candidate(parent_of_parent(*path_nvcc), *path_nvcc);
    }
    for (const auto& env_root : {options.cuda_home, options.cuda_path}) {
        if (env_root && !env_root->empty()) {
            add_candidate(*env_root, std::nullopt);
        }
    }
    for (const auto& root : options.search_roots ? *options.search_roots : default_search_roots()) {
        if (!root.empty()) {
            add_candidate(root, std::nullopt);
        }
    }

    // 2. Start every external command at once; a Python start or a hung tool then costs its
    //    own time only, not the sum.
    const auto launch = [&](std::vector<std::string> argv) {
        core::ProcessRequest request;
        request.argv = std::move(argv);
        request.timeout = timeout;
        return std::async(std::launch::async, [&probes, request] { return probes.run(request); });
    };
    std::vector<std::optional<std::future<Result<core::ProcessResult>>>> nvcc_runs;
    std::vector<std::optional<std::string>> nvcc_paths;
    for (const auto& candidate : candidates) {
        auto nvcc = candidate.nvcc;
        if (!nvcc) {
            const auto inside = (fs::path(candidate.root) / "bin" / "nvcc").string();
            std::error_code ec;
            if (fs::exists(inside, ec)) {
                nvcc = inside;
            }
        }
        nvcc_paths.push_back(nvcc);
        if (nvcc) {
            nvcc_runs.emplace_back(launch({*nvcc, "--version"}));
        } else {
            nvcc_runs.emplace_back(std::nullopt);
        }
    }
    const auto smi = probes.find_program("nvidia-smi");
    const auto query_fields = default_gpu_query_fields();
    const auto query_argv = [&](const std::vector<std::string>& fields) {
        std::string list;
        for (const auto& field : fields) {
            list += (list.empty() ? "" : ",") + field;
        }
        return std::vector<std::string>{*smi, "--query-gpu=" + list,
                                        "--format=csv,noheader,nounits"};
    };
    std::optional<std::future<Result<core::ProcessResult>>> smi_run;
    std::optional<std::future<Result<core::ProcessResult>>> query_run;
    if (smi) {
        smi_run = launch({*smi});
        query_run = launch(query_argv(query_fields));
    }
    std::optional<std::string> python;
    if (options.python_mode == PythonMode::explicit_executable) {
        python = options.python;
    } else if (options.python_mode == PythonMode::search) {
        python = probes.find_program("python3");
        if (!python) {
            python = probes.find_program("python");
        }
    }
    std::optional<std::future<Result<core::ProcessResult>>> python_run;
    if (python) {
        python_run = launch({*python, "-c", std::string(torch_probe_script())});
    }

    // 3. Toolkits: nvcc first, then the version files next to it.
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& candidate = candidates[i];
        Toolkit toolkit;
        toolkit.root = candidate.root;
        toolkit.real_root = candidate.real_root;
        toolkit.nvcc = nvcc_paths[i];
        std::optional<ToolkitVersion> from_nvcc;
        if (nvcc_runs[i]) {
            const auto result = nvcc_runs[i]->get();
            const std::vector<std::string> argv{*nvcc_paths[i], "--version"};
            if (auto problem = run_problem(argv, result, timeout)) {
                report.problems.push_back(std::move(*problem));
            } else if (!(from_nvcc = parse_nvcc_version(result->stdout_text))) {
                report.problems.push_back(
                    unparsable(argv, result->stdout_text, "\"release X.Y, VX.Y.Z\" line"));
            }
        }
        std::optional<ToolkitVersion> from_json;
        std::optional<ToolkitVersion> from_txt;
        // The resolved root: an nvcc linked from ~/bin reads its own toolkit's files, not ~'s.
        if (const auto json =
                read_small_file((fs::path(candidate.real_root) / "version.json").string())) {
            from_json = parse_version_json(*json);
        }
        if (const auto txt =
                read_small_file((fs::path(candidate.real_root) / "version.txt").string())) {
            from_txt = parse_version_txt(*txt);
        }
        if (from_nvcc) {
            toolkit.sources.emplace_back("nvcc");
        }
        if (from_json) {
            toolkit.sources.emplace_back("version.json");
        }
        if (from_txt) {
            toolkit.sources.emplace_back("version.txt");
        }
        const std::optional<ToolkitVersion>& best = from_nvcc   ? from_nvcc
                                                    : from_json ? from_json
                                                                : from_txt;
        if (!best) {
            continue; // nothing answered: not a toolkit
        }
        toolkit.release = best->release;
        toolkit.version = best->version;
        if (!toolkit.version) {
            // A date-like version.json stamp gives no version; a version.txt beside it might.
            if (from_txt && from_txt->version && from_txt->release == toolkit.release) {
                toolkit.version = from_txt->version;
            }
        }
        report.toolkits.push_back(std::move(toolkit));
    }

    // 4. The toolkit extensions would use, in torch's order (torch.utils.cpp_extension
    //    _find_cuda_home): CUDA_HOME, CUDA_PATH, nvcc on PATH, then the first root.
    const auto toolkit_at = [&](const std::string& real) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < report.toolkits.size(); ++i) {
            if (report.toolkits[i].real_root == real) {
                return i;
            }
        }
        return std::nullopt;
    };
    std::optional<std::string> env_name;
    std::optional<std::string> env_root;
    if (options.cuda_home && !options.cuda_home->empty()) {
        env_name = "CUDA_HOME";
        env_root = options.cuda_home;
    } else if (options.cuda_path && !options.cuda_path->empty()) {
        env_name = "CUDA_PATH";
        env_root = options.cuda_path;
    }
    if (env_root) {
        report.build_toolkit = toolkit_at(resolve(*env_root));
    }
    const auto path_real_root =
        path_nvcc ? std::optional(parent_of_parent(resolve(*path_nvcc))) : std::nullopt;
    if (!report.build_toolkit && path_real_root) {
        report.build_toolkit = toolkit_at(*path_real_root);
    }
    if (!report.build_toolkit && !env_root && !report.toolkits.empty()) {
        report.build_toolkit = 0;
    }
    if (env_root && path_real_root && resolve(*env_root) != *path_real_root) {
        report.problems.push_back(
            Problem{"cuda_home_differs", *env_name + "=" + *env_root + " but nvcc on PATH is " +
                                             *path_nvcc + "; torch builds extensions with " +
                                             *env_name + "'s toolkit"});
    }

    // 5. Driver: nvidia-smi, else /proc, else libcuda.
    bool smi_ok = false;
    if (smi_run) {
        const auto result = smi_run->get();
        const std::vector<std::string> argv{*smi};
        if (auto problem = run_problem(argv, result, timeout)) {
            report.problems.push_back(std::move(*problem));
        } else if (const auto parsed = parse_nvidia_smi(result->stdout_text)) {
            report.driver = Driver{parsed->version, parsed->cuda, "nvidia-smi"};
            smi_ok = true;
        } else {
            report.problems.push_back(
                unparsable(argv, result->stdout_text, "\"Driver Version:\" field"));
        }
    }
    if (query_run) {
        auto result = query_run->get();
        auto argv = query_argv(query_fields);
        auto fields = query_fields;
        if (result && !result->timed_out &&
            is_invalid_field_message(result->stdout_text + result->stderr_text, "compute_cap")) {
            // Drivers before compute_cap existed (470 and older) reject the field: ask again.
            fields.pop_back();
            argv = query_argv(fields);
            core::ProcessRequest retry;
            retry.argv = argv;
            retry.timeout = timeout;
            result = probes.run(retry);
        }
        const auto problem = run_problem(argv, result, timeout);
        if (problem) {
            // A failing nvidia-smi was reported once above; only a separate query failure is news.
            if (smi_ok) {
                report.problems.push_back(*problem);
            }
        } else if (auto gpus = parse_gpu_query(result->stdout_text, fields)) {
            report.gpus = std::move(*gpus);
        } else if (smi_ok) {
            report.problems.push_back(unparsable(argv, result->stdout_text, "GPU rows"));
        }
    }
    if (!report.driver) {
        if (const auto text = read_small_file(options.proc_driver_version)) {
            if (const auto version = parse_proc_driver_version(*text)) {
                report.driver = Driver{*version, std::nullopt, "proc"};
            }
        }
        if (options.libcuda == LibcudaMode::allow && probes.libcuda_version) {
            if (const auto api = probes.libcuda_version()) {
                const auto cuda = cuda_from_driver_api(*api).release();
                if (report.driver) {
                    report.driver->cuda = cuda;
                } else {
                    report.driver = Driver{std::nullopt, cuda, "libcuda"};
                }
            }
        }
    }

    // 6. Python and torch.
    if (python_run) {
        const auto result = python_run->get();
        const std::vector<std::string> argv{*python, "-c", "<torch probe>"};
        if (auto problem = run_problem(argv, result, timeout)) {
            report.problems.push_back(std::move(*problem));
        } else if (auto info = parse_torch_probe(result->stdout_text)) {
            if (info->import_error) {
                report.problems.push_back(
                    Problem{"tool_failed",
                            info->executable + ": import torch failed: " + *info->import_error});
            }
            report.python = std::move(*info);
        } else {
            report.problems.push_back(unparsable(argv, result->stdout_text, "torch probe result"));
        }
    }

    conclude(report);
    return report;
}

void conclude(Report& report) {
    auto& problems = report.problems;
    if (report.toolkits.empty()) {
        problems.push_back(Problem{"no_toolkit",
                                   "no CUDA toolkit found (nvcc on PATH, CUDA_HOME, CUDA_PATH, "
                                   "install roots); extensions cannot be compiled"});
    }
    if (!report.driver) {
        problems.push_back(
            Problem{"no_driver", "no NVIDIA driver found (nvidia-smi, /proc/driver/nvidia/version, "
                                 "libcuda); CUDA programs cannot run here"});
    }
    if (report.toolkits.size() > 1) {
        std::string message =
            std::to_string(report.toolkits.size()) + " toolkits: " + join_releases(report.toolkits);
        if (report.build_toolkit) {
            message += "; extensions build with " + report.toolkits[*report.build_toolkit].root;
        }
        problems.push_back(Problem{"multiple_toolkits", message});
    }

    // driver_too_old: NVIDIA's minimum drivers; L4T (Jetson) numbers such as 35.3.1 are a
    // different scheme and are not compared.
    if (report.driver) {
        const auto& driver = *report.driver;
        const auto driver_cuda = driver.cuda ? parse_cuda_version(*driver.cuda) : std::nullopt;
        const bool desktop_numbering =
            driver.version && is_dotted_number(*driver.version) &&
            compare_dotted(*driver.version, "100") != std::strong_ordering::less;
        for (const auto& toolkit : report.toolkits) {
            const auto release = parse_cuda_version(toolkit.release);
            if (!release) {
                continue;
            }
            const auto minimum = minimum_driver_for(*release);
            if (minimum && desktop_numbering &&
                compare_dotted(*driver.version, *minimum) == std::strong_ordering::less) {
                problems.push_back(Problem{"driver_too_old", "CUDA " + toolkit.release + " (" +
                                                                 toolkit.root +
                                                                 ") needs driver >= " + *minimum +
                                                                 ", found " + *driver.version});
            } else if ((!minimum || !desktop_numbering) && driver_cuda &&
                       release->major > driver_cuda->major) {
                problems.push_back(Problem{
                    "driver_too_old", "CUDA " + toolkit.release + " (" + toolkit.root +
                                          ") is newer than the driver's CUDA " + *driver.cuda});
            }
        }
    }

    std::optional<CudaVersion> driver_cuda;
    if (report.driver && report.driver->cuda) {
        driver_cuda = parse_cuda_version(*report.driver->cuda);
    }
    std::optional<CudaVersion> build_release;
    const Toolkit* build = report.build_toolkit ? &report.toolkits[*report.build_toolkit] : nullptr;
    if (build) {
        build_release = parse_cuda_version(build->release);
    }
    const auto choice = recommend_wheel(driver_cuda, build_release);
    report.recommendation = choice.recommendation;
    if (choice.no_wheel_for_driver) {
        problems.push_back(
            Problem{"no_wheel_for_driver", "the driver supports CUDA " + *report.driver->cuda +
                                               ", older than every PyTorch CUDA wheel (oldest: " +
                                               std::string(wheel_tags().front().tag) + ")"});
    }

    if (report.python && report.python->torch) {
        const auto& python = *report.python;
        if (!python.torch_cuda) {
            problems.push_back(
                Problem{"torch_cpu_only",
                        "torch " + *python.torch + " is a CPU-only build; it cannot use the GPU"});
        } else if (build) {
            switch (compare_torch_cuda(*python.torch_cuda, build->release)) {
            case TorchToolkitMatch::major_mismatch:
                problems.push_back(Problem{"torch_cuda_mismatch_major",
                                           "torch was built with CUDA " + *python.torch_cuda +
                                               " but extensions "
                                               "would compile with CUDA " +
                                               build->release + " (" + build->root +
                                               "); torch.utils.cpp_extension refuses to build"});
                break;
            case TorchToolkitMatch::minor_mismatch:
                problems.push_back(Problem{"torch_cuda_mismatch_minor",
                                           "torch was built with CUDA " + *python.torch_cuda +
                                               ", the toolkit at " + build->root + " is " +
                                               build->release +
                                               "; extensions build with a warning"});
                break;
            case TorchToolkitMatch::same:
            case TorchToolkitMatch::unknown:
                break;
            }
        }
    }
}

bool satisfies(const Report& report, const CudaVersion& required) {
    const auto meets = [&](const CudaVersion& have) {
        return (required.patch ? have : have.release_only()) >= required;
    };
    for (const auto& toolkit : report.toolkits) {
        const auto version = parse_cuda_version(toolkit.version.value_or(toolkit.release));
        if (version && meets(*version)) {
            return true;
        }
    }
    if (report.driver && report.driver->cuda) {
        const auto cuda = parse_cuda_version(*report.driver->cuda);
        if (cuda && meets(*cuda)) {
            return true;
        }
    }
    return false;
}

nlohmann::ordered_json to_json(const Report& report) {
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    auto toolkits = nlohmann::ordered_json::array();
    for (const auto& toolkit : report.toolkits) {
        toolkits.push_back({{"version", optional_json(toolkit.version)},
                            {"release", toolkit.release},
                            {"root", toolkit.root},
                            {"nvcc", optional_json(toolkit.nvcc)},
                            {"sources", toolkit.sources}});
    }
    json["toolkits"] = std::move(toolkits);
    if (report.driver) {
        json["driver"] = {{"version", optional_json(report.driver->version)},
                          {"cuda", optional_json(report.driver->cuda)},
                          {"source", report.driver->source}};
    } else {
        json["driver"] = nullptr;
    }
    auto gpus = nlohmann::ordered_json::array();
    for (const auto& gpu : report.gpus) {
        gpus.push_back({{"index", gpu.index},
                        {"name", gpu.name},
                        {"memory_mib", gpu.memory_mib ? nlohmann::ordered_json(*gpu.memory_mib)
                                                      : nlohmann::ordered_json(nullptr)},
                        {"compute_capability", optional_json(gpu.compute_capability)}});
    }
    json["gpus"] = std::move(gpus);
    if (report.python) {
        json["python"] = {
            {"executable", report.python->executable},
            {"torch", optional_json(report.python->torch)},
            {"torch_cuda", optional_json(report.python->torch_cuda)},
            {"cuda_available", report.python->cuda_available
                                   ? nlohmann::ordered_json(*report.python->cuda_available)
                                   : nlohmann::ordered_json(nullptr)}};
    } else {
        json["python"] = nullptr;
    }
    if (report.recommendation) {
        json["recommendation"] = {{"tag", report.recommendation->tag},
                                  {"index_url", report.recommendation->index_url},
                                  {"command", report.recommendation->command}};
    } else {
        json["recommendation"] = nullptr;
    }
    auto problems = nlohmann::ordered_json::array();
    for (const auto& problem : report.problems) {
        problems.push_back({{"code", problem.code}, {"message", problem.message}});
    }
    json["problems"] = std::move(problems);
    return json;
}

} // namespace tbx::cuda
