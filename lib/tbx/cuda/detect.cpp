#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <unistd.h>

#include <tbx/core/strings.hpp>
#include <tbx/cuda/detect.hpp>
#include <tbx/cuda/nvcc.hpp>
#include <tbx/text/utf8.hpp>

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
        const auto line = core::trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty()) {
            continue;
        }
        std::string clean;
        for (const char c : line) {
            const auto byte = static_cast<unsigned char>(c);
            clean += (byte < 0x20 || byte == 0x7f) ? '?' : c;
        }
        // Keep UTF-8 sequences whole when cutting: stop after the last whole one that fits.
        if (clean.size() > k_quote_limit) {
            std::size_t cut = 0;
            while (cut < clean.size()) {
                const auto length = text::decode_at(clean, cut).length;
                if (cut + length > k_quote_limit) {
                    break;
                }
                cut += length;
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
        return Problem{ProblemCode::tool_failed,
                       "cannot run " + what + ": " + result.error().describe()};
    }
    if (result->timed_out) {
        return Problem{ProblemCode::tool_timeout, what + " gave no answer within " +
                                                      seconds_text(timeout) +
                                                      "; its process group was killed"};
    }
    if (result->signal != 0) {
        return Problem{ProblemCode::tool_failed,
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
        return Problem{ProblemCode::tool_failed, message};
    }
    return std::nullopt;
}

Problem unparsable(const std::vector<std::string>& argv, std::string_view output,
                   std::string_view expected) {
    auto message = command_text(argv) + " printed no " + std::string(expected);
    const auto line = first_line(output);
    message += line.empty() ? " (no output)" : ": \"" + line + "\"";
    return Problem{ProblemCode::unparsable_output, message};
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

namespace {

using Pending = std::optional<std::future<Result<core::ProcessResult>>>;

// Every external command, started at once: a Python start or a hung tool then costs its own
// time only, not the sum.
struct Launched {
    std::vector<Pending> nvcc_runs;
    std::vector<std::optional<std::string>> nvcc_paths;
    std::optional<std::string> smi;
    Pending smi_run;
    Pending query_run;
    std::optional<std::string> python;
    Pending python_run;
};

struct Candidates {
    std::vector<Candidate> roots;
    std::optional<std::string> path_nvcc;
};

std::vector<std::string> query_argv(const std::string& smi,
                                    const std::vector<std::string>& fields) {
    std::string list;
    for (const auto& field : fields) {
        list += (list.empty() ? "" : ",") + field;
    }
    return {smi, "--query-gpu=" + list, "--format=csv,noheader,nounits"};
}

// Phase 1: candidate roots, in the order toolkits are listed; de-duplicated by resolved path.
Candidates collect_candidates(const DetectOptions& options, const Probes& probes) {
    Candidates found;
    const auto add = [&](const std::string& root, std::optional<std::string> nvcc) {
        std::error_code ec;
        if (!nvcc && !fs::is_directory(root, ec)) {
            return;
        }
        // An nvcc on PATH that links into a root (alternatives, ~/bin/nvcc) is that root's nvcc.
        auto real = nvcc ? parent_of_parent(resolve(*nvcc)) : resolve(root);
        for (const auto& existing : found.roots) {
            if (existing.real_root == real) {
                return;
            }
        }
        found.roots.push_back(Candidate{root, std::move(nvcc), std::move(real)});
    };
    found.path_nvcc = probes.find_program("nvcc");
    if (found.path_nvcc) {
        add(parent_of_parent(*found.path_nvcc), *found.path_nvcc);
    }
    for (const auto& env_root : {options.cuda_home, options.cuda_path}) {
        if (env_root && !env_root->empty()) {
            add(*env_root, std::nullopt);
        }
    }
    for (const auto& root : options.search_roots ? *options.search_roots : default_search_roots()) {
        if (!root.empty()) {
            add(root, std::nullopt);
        }
    }
    return found;
}

// Phase 2: start nvcc of every root, nvidia-smi (unless --driver describes the driver) and the
// torch probe.
Launched launch_probes(const DetectOptions& options, const Probes& probes,
                       const std::vector<Candidate>& candidates) {
    const auto launch = [&](std::vector<std::string> argv) -> Pending {
        core::ProcessRequest request;
        request.argv = std::move(argv);
        request.timeout = options.timeout;
        return std::async(std::launch::async, [&probes, request] { return probes.run(request); });
    };
    Launched launched;
    for (const auto& candidate : candidates) {
        auto nvcc = candidate.nvcc;
        if (!nvcc) {
            const auto inside = (fs::path(candidate.root) / "bin" / "nvcc").string();
            std::error_code ec;
            if (fs::exists(inside, ec)) {
                nvcc = inside;
            }
        }
        launched.nvcc_paths.push_back(nvcc);
        launched.nvcc_runs.push_back(nvcc ? launch({*nvcc, "--version"}) : std::nullopt);
    }
    if (!options.overrides.driver) {
        launched.smi = probes.find_program("nvidia-smi");
    }
    if (launched.smi) {
        launched.smi_run = launch({*launched.smi});
        launched.query_run = launch(query_argv(*launched.smi, default_gpu_query_fields()));
    }
    if (options.python_mode == PythonMode::explicit_executable) {
        launched.python = options.python;
    } else if (options.python_mode == PythonMode::search) {
        launched.python = probes.find_program("python3");
        if (!launched.python) {
            launched.python = probes.find_program("python");
        }
    }
    if (launched.python) {
        launched.python_run = launch({*launched.python, "-c", std::string(torch_probe_script())});
    }
    return launched;
}

// One toolkit from its nvcc answer and the version files beside it; nullopt when none answered.
std::optional<Toolkit> read_toolkit(const Candidate& candidate,
                                    const std::optional<std::string>& nvcc, Pending& run,
                                    std::chrono::milliseconds timeout,
                                    std::vector<Problem>& problems) {
    std::optional<ToolkitVersion> from_nvcc;
    if (run) {
        const auto result = run->get();
        const std::vector<std::string> argv{*nvcc, "--version"};
        if (auto problem = run_problem(argv, result, timeout)) {
            problems.push_back(std::move(*problem));
        } else if (!(from_nvcc = parse_nvcc_version(result->stdout_text))) {
            problems.push_back(
                unparsable(argv, result->stdout_text, "\"release X.Y, VX.Y.Z\" line"));
        }
    }
    // The resolved root: an nvcc linked from ~/bin reads its own toolkit's files, not ~'s.
    std::optional<ToolkitVersion> from_json;
    std::optional<ToolkitVersion> from_txt;
    if (const auto json =
            read_small_file((fs::path(candidate.real_root) / "version.json").string())) {
        from_json = parse_version_json(*json);
    }
    if (const auto txt =
            read_small_file((fs::path(candidate.real_root) / "version.txt").string())) {
        from_txt = parse_version_txt(*txt);
    }
    const auto& best = from_nvcc ? from_nvcc : from_json ? from_json : from_txt;
    if (!best) {
        return std::nullopt;
    }
    Toolkit toolkit{best->version, best->release, candidate.root, nvcc, {}, candidate.real_root};
    for (const auto& [answer, name] :
         {std::pair{&from_nvcc, "nvcc"}, std::pair{&from_json, "version.json"},
          std::pair{&from_txt, "version.txt"}}) {
        if (answer->has_value()) {
            toolkit.sources.emplace_back(name);
        }
    }
    // A date-like version.json stamp gives no version; a version.txt beside it might.
    if (!toolkit.version && from_txt && from_txt->version && from_txt->release == toolkit.release) {
        toolkit.version = from_txt->version;
    }
    return toolkit;
}

// Phase 3: toolkits, nvcc first, then the version files next to it.
void read_toolkits(Report& report, const std::vector<Candidate>& candidates, Launched& launched,
                   std::chrono::milliseconds timeout) {
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (auto toolkit = read_toolkit(candidates[i], launched.nvcc_paths[i],
                                        launched.nvcc_runs[i], timeout, report.problems)) {
            report.toolkits.push_back(std::move(*toolkit));
        }
    }
}

// Phase 4: the toolkit extensions would use, in torch's order (torch.utils.cpp_extension
// _find_cuda_home): CUDA_HOME, CUDA_PATH, nvcc on PATH, then the first root.
void choose_build_toolkit(Report& report, const DetectOptions& options,
                          const std::optional<std::string>& path_nvcc) {
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
        report.problems.push_back(Problem{ProblemCode::cuda_home_differs,
                                          *env_name + "=" + *env_root + " but nvcc on PATH is " +
                                              *path_nvcc + "; torch builds extensions with " +
                                              *env_name + "'s toolkit"});
    }
}

// The GPU rows; drivers before compute_cap existed (470 and older) reject the field: ask again.
void read_gpus(Report& report, const Probes& probes, Launched& launched,
               std::chrono::milliseconds timeout, bool smi_ok) {
    auto result = launched.query_run->get();
    auto fields = default_gpu_query_fields();
    if (result && !result->timed_out &&
        is_invalid_field_message(result->stdout_text + result->stderr_text, "compute_cap")) {
        fields.pop_back();
        core::ProcessRequest retry;
        retry.argv = query_argv(*launched.smi, fields);
        retry.timeout = timeout;
        result = probes.run(retry);
    }
    const auto argv = query_argv(*launched.smi, fields);
    if (const auto problem = run_problem(argv, result, timeout)) {
        // A failing nvidia-smi was reported once already; only a separate query failure is news.
        if (smi_ok) {
            report.problems.push_back(*problem);
        }
    } else if (auto gpus = parse_gpu_query(result->stdout_text, fields)) {
        report.gpus = std::move(*gpus);
    } else if (smi_ok) {
        report.problems.push_back(unparsable(argv, result->stdout_text, "GPU rows"));
    }
}

// Phase 5: the driver: nvidia-smi, else /proc, else libcuda; and the GPUs.
void read_driver(Report& report, const DetectOptions& options, const Probes& probes,
                 Launched& launched) {
    bool smi_ok = false;
    if (launched.smi_run) {
        const auto result = launched.smi_run->get();
        const std::vector<std::string> argv{*launched.smi};
        if (auto problem = run_problem(argv, result, options.timeout)) {
            report.problems.push_back(std::move(*problem));
        } else if (const auto parsed = parse_nvidia_smi(result->stdout_text)) {
            report.driver = Driver{parsed->version, parsed->cuda, "nvidia-smi"};
            smi_ok = true;
        } else {
            report.problems.push_back(
                unparsable(argv, result->stdout_text, "\"Driver Version:\" field"));
        }
    }
    if (launched.query_run) {
        read_gpus(report, probes, launched, options.timeout, smi_ok);
    }
    if (report.driver || options.overrides.driver) {
        return;
    }
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

// Phase 6: Python and torch.
void read_python(Report& report, Launched& launched, std::chrono::milliseconds timeout) {
    if (!launched.python_run) {
        return;
    }
    const auto result = launched.python_run->get();
    const std::vector<std::string> argv{*launched.python, "-c", "<torch probe>"};
    if (auto problem = run_problem(argv, result, timeout)) {
        report.problems.push_back(std::move(*problem));
    } else if (auto info = parse_torch_probe(result->stdout_text)) {
        if (info->import_error) {
            report.problems.push_back(
                Problem{ProblemCode::tool_failed,
                        info->executable + ": import torch failed: " + *info->import_error});
        }
        report.python = std::move(*info);
    } else {
        report.problems.push_back(unparsable(argv, result->stdout_text, "torch probe result"));
    }
}

// Phase 7: --driver and --gpu replace what was detected; the report says so.
void apply_overrides(Report& report, const Overrides& overrides) {
    if (overrides.driver) {
        const auto cuda = cuda_of_driver(*overrides.driver);
        report.driver = Driver{*overrides.driver,
                               cuda ? std::optional(cuda->release()) : std::nullopt, "--driver"};
        report.described.emplace_back("driver");
    }
    if (!overrides.gpus.empty()) {
        report.gpus.clear();
        for (std::size_t i = 0; i < overrides.gpus.size(); ++i) {
            report.gpus.push_back(
                GpuInfo{static_cast<int>(i), "(described)", std::nullopt, overrides.gpus[i].str()});
        }
        report.described.emplace_back("gpus");
    }
}

} // namespace

Report detect(const DetectOptions& options, const Probes& probes) {
    Report report;
    const auto candidates = collect_candidates(options, probes);
    auto launched = launch_probes(options, probes, candidates.roots);
    read_toolkits(report, candidates.roots, launched, options.timeout);
    choose_build_toolkit(report, options, candidates.path_nvcc);
    read_driver(report, options, probes, launched);
    read_python(report, launched, options.timeout);
    apply_overrides(report, options.overrides);
    if (options.python_mode == PythonMode::explicit_executable) {
        report.install_python = options.python;
    } else if (report.python && !report.python->executable.empty()) {
        report.install_python = report.python->executable;
    }
    conclude(report, options.wish);
    return report;
}

namespace {

void presence_problems(Report& report) {
    auto& problems = report.problems;
    if (report.toolkits.empty()) {
        problems.push_back(Problem{ProblemCode::no_toolkit,
                                   "no CUDA toolkit found (nvcc on PATH, CUDA_HOME, CUDA_PATH, "
                                   "install roots); extensions cannot be compiled"});
    }
    if (!report.driver) {
        problems.push_back(Problem{ProblemCode::no_driver,
                                   "no NVIDIA driver found (nvidia-smi, /proc/driver/nvidia/"
                                   "version, libcuda); CUDA programs cannot run here"});
    }
    if (report.toolkits.size() > 1) {
        std::string message =
            std::to_string(report.toolkits.size()) + " toolkits: " + join_releases(report.toolkits);
        if (report.build_toolkit) {
            message += "; extensions build with " + report.toolkits[*report.build_toolkit].root;
        }
        problems.push_back(Problem{ProblemCode::multiple_toolkits, message});
    }
}

// driver_too_old: each toolkit against the driver rule; L4T (Jetson) numbers such as 35.3.1 are
// a different scheme and only the driver's CUDA version is compared.
void toolkit_driver_problems(Report& report) {
    if (!report.driver) {
        return;
    }
    const auto facts = driver_facts(*report.driver);
    for (const auto& toolkit : report.toolkits) {
        const auto release = parse_cuda_version(toolkit.release);
        if (!release || driver_runs(facts, *release) != DriverVerdict::too_old) {
            continue;
        }
        const auto least = least_driver_for(*release);
        const auto message =
            facts.version && least
                ? "CUDA " + toolkit.release + " (" + toolkit.root +
                      ") needs driver >= " + std::string(*least) + ", found " + *facts.version
                : "CUDA " + toolkit.release + " (" + toolkit.root +
                      ") is newer than the driver's CUDA " + report.driver->cuda.value_or("?");
        report.problems.push_back(Problem{ProblemCode::driver_too_old, message});
    }
}

std::vector<ComputeCapability> gpu_capabilities(const Report& report) {
    std::vector<ComputeCapability> gpus;
    for (const auto& gpu : report.gpus) {
        if (gpu.compute_capability) {
            if (const auto cc = parse_compute_capability(*gpu.compute_capability)) {
                gpus.push_back(*cc);
            }
        }
    }
    return gpus;
}

std::string wanted_release(const Report& report, const Wish& wish) {
    if (wish.torch) {
        return *wish.torch;
    }
    if (wish.keep_torch && report.python && report.python->torch) {
        if (const auto release = torch_release_of(*report.python->torch)) {
            return *release;
        }
    }
    return torch_releases().back();
}

std::string plan_text(const WheelPlan& plan) {
    return plan.variant ? "torch " + plan.torch + " " + std::string(plan.variant->tag)
                        : std::string("CPU wheels");
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string text;
    for (const auto& part : parts) {
        text += (text.empty() ? "" : std::string(separator)) + part;
    }
    return text;
}

void wheel_problems(Report& report, const WheelRequest& request) {
    const auto& plan = report.run->plan;
    if (!report.driver) {
        return;
    }
    if (!plan.variant) {
        WheelRequest any_gpu = request;
        any_gpu.gpus.clear();
        if (!plan_wheel(any_gpu).variant) {
            report.problems.push_back(Problem{
                ProblemCode::no_wheel_for_driver,
                "driver " +
                    report.driver->version.value_or("for CUDA " +
                                                    report.driver->cuda.value_or("?")) +
                    " runs no PyTorch CUDA wheel of the table (oldest: CUDA " +
                    torch_variants().front().cuda.release() + "); recommending CPU wheels"});
            return;
        }
    }
    if (!plan.variant || plan.torch != plan.wanted_torch) {
        report.problems.push_back(
            Problem{ProblemCode::wanted_torch_unfit,
                    "torch " + plan.wanted_torch + " has no CUDA variant for this machine (" +
                        join(plan.reasons, "; ") + "); recommending " + plan_text(plan)});
    }
}

// The build goal: extensions need the toolkit's major == the wheel's.
void build_advice(Report& report, WheelRequest request) {
    const auto& run = report.run->plan;
    if (!report.build_toolkit || !run.variant) {
        return;
    }
    const auto& toolkit = report.toolkits[*report.build_toolkit];
    const auto release = parse_cuda_version(toolkit.release);
    if (!release || release->major == run.variant->cuda.major) {
        return;
    }
    request.cuda_major = release->major;
    auto plan = plan_wheel(request);
    auto message = "extensions build with CUDA " + toolkit.release + " (" + toolkit.root +
                   ") but the " + std::string(run.variant->tag) + " wheel is CUDA " +
                   std::to_string(run.variant->cuda.major) + "; to build, ";
    message += plan.variant ? "install " + plan_text(plan) + " (the build line) or a CUDA " +
                                  std::to_string(run.variant->cuda.major) + " toolkit"
                            : "install a CUDA " + std::to_string(run.variant->cuda.major) +
                                  " toolkit (no CUDA " + std::to_string(release->major) +
                                  " wheel runs here)";
    report.problems.push_back(Problem{ProblemCode::toolkit_wheel_major_mismatch, message});
    if (plan.variant) {
        report.build = Advice{plan, install_commands(plan, report.install_python)};
    }
}

void advise(Report& report, const Wish& wish) {
    WheelRequest request;
    if (report.driver) {
        request.driver = driver_facts(*report.driver);
    }
    request.gpus = gpu_capabilities(report);
    request.torch = wanted_release(report, wish);
    auto plan = plan_wheel(request);
    report.run = Advice{plan, install_commands(plan, report.install_python)};
    if (!report.driver) {
        report.driver_hints = driver_hints(request);
    }
    wheel_problems(report, request);
    build_advice(report, request);
}

void torch_toolkit_problem(Report& report, const std::string& torch_cuda) {
    if (!report.build_toolkit) {
        return;
    }
    const auto& build = report.toolkits[*report.build_toolkit];
    switch (compare_torch_cuda(torch_cuda, build.release)) {
    case TorchToolkitMatch::major_mismatch:
        report.problems.push_back(Problem{ProblemCode::torch_cuda_mismatch_major,
                                          "torch was built with CUDA " + torch_cuda +
                                              " but extensions would compile with CUDA " +
                                              build.release + " (" + build.root +
                                              "); torch.utils.cpp_extension refuses to build"});
        break;
    case TorchToolkitMatch::minor_mismatch:
        report.problems.push_back(Problem{ProblemCode::torch_cuda_mismatch_minor,
                                          "torch was built with CUDA " + torch_cuda +
                                              ", the toolkit at " + build.root + " is " +
                                              build.release + "; extensions build with a warning"});
        break;
    case TorchToolkitMatch::same:
    case TorchToolkitMatch::unknown:
        break;
    }
}

// The installed torch against the GPUs (its arch list) and the driver (its CUDA).
void torch_machine_problems(Report& report, const PythonInfo& python) {
    const auto fix = report.run ? "; install: " + report.run->commands.pip : std::string();
    if (python.arch_list && !python.arch_list->empty()) {
        std::vector<ArchTarget> targets;
        for (const auto& entry : *python.arch_list) {
            if (const auto target = parse_arch_target(entry)) {
                targets.push_back(*target);
            }
        }
        std::vector<std::string> unserved;
        for (const auto& gpu : report.gpus) {
            const auto cc = gpu.compute_capability
                                ? parse_compute_capability(*gpu.compute_capability)
                                : std::nullopt;
            if (cc && !any_serves(targets, *cc)) {
                unserved.push_back(cc->sm() + " (GPU " + std::to_string(gpu.index) + ")");
            }
        }
        if (!unserved.empty()) {
            report.problems.push_back(
                Problem{ProblemCode::torch_arch_mismatch,
                        "torch " + *python.torch + " has no kernel for " + join(unserved, ", ") +
                            "; its arch list: " + join(*python.arch_list, " ") + fix});
        }
    }
    const auto torch_cuda = parse_cuda_version(*python.torch_cuda);
    if (report.driver && torch_cuda &&
        driver_runs(driver_facts(*report.driver), *torch_cuda) == DriverVerdict::too_old) {
        const auto least = least_driver_for(*torch_cuda);
        report.problems.push_back(Problem{
            ProblemCode::torch_driver_too_old,
            "torch " + *python.torch + " is built with CUDA " + *python.torch_cuda +
                (least ? " and needs driver >= " + std::string(*least) : std::string()) +
                ", found " +
                report.driver->version.value_or("CUDA " + report.driver->cuda.value_or("?")) +
                fix});
    }
}

void torch_problems(Report& report) {
    if (!report.python || !report.python->torch) {
        return;
    }
    const auto& python = *report.python;
    if (!python.torch_cuda) {
        report.problems.push_back(
            Problem{ProblemCode::torch_cpu_only,
                    "torch " + *python.torch + " is a CPU-only build; it cannot use the GPU"});
        return;
    }
    torch_toolkit_problem(report, *python.torch_cuda);
    torch_machine_problems(report, python);
}

std::string driver_name(const Driver& driver) {
    return driver.version ? "driver " + *driver.version
                          : "the driver (CUDA " + driver.cuda.value_or("?") + ")";
}

} // namespace

void conclude(Report& report, const Wish& wish) {
    presence_problems(report);
    toolkit_driver_problems(report);
    advise(report, wish);
    torch_problems(report);
}

DriverFacts driver_facts(const Driver& driver) {
    DriverFacts facts;
    if (driver.version && is_desktop_driver_number(*driver.version)) {
        facts.version = driver.version;
    }
    if (driver.cuda) {
        facts.cuda = parse_cuda_version(*driver.cuda);
    }
    return facts;
}

RequireResult require_driver(const Report& report, const CudaVersion& required) {
    const auto want = required.release_only();
    if (!report.driver) {
        return {false, "no_driver: no NVIDIA driver, so CUDA " + want.release() +
                           " programs cannot run here (a toolkit alone runs nothing)"};
    }
    const auto name = driver_name(*report.driver);
    switch (driver_runs(driver_facts(*report.driver), want)) {
    case DriverVerdict::runs:
        return {true, name + " runs CUDA " + want.release() + " programs"};
    case DriverVerdict::unknown:
        return {false, "the CUDA version of " + name + " is unknown"};
    case DriverVerdict::too_old:
        break;
    }
    const auto least = least_driver_for(want);
    return {false, name + " cannot run CUDA " + want.release() + " programs" +
                       (least ? " (needs >= " + std::string(*least) + ")" : std::string())};
}

RequireResult require_toolkit(const Report& report, const CudaVersion& required) {
    for (const auto& toolkit : report.toolkits) {
        const auto version = parse_cuda_version(toolkit.version.value_or(toolkit.release));
        if (version && (required.patch ? *version : version->release_only()) >= required) {
            return {true,
                    "CUDA " + toolkit.version.value_or(toolkit.release) + " at " + toolkit.root};
        }
    }
    return {false, report.toolkits.empty() ? "no CUDA toolkit found, none offers " + required.str()
                                           : "no toolkit offers CUDA >= " + required.str() +
                                                 " (found " + join_releases(report.toolkits) + ")"};
}

} // namespace tbx::cuda
