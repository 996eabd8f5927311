// detect() and conclude() with scripted tools (Probes) over real temporary install roots.

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <tbx/cuda/detect.hpp>

namespace fs = std::filesystem;
using namespace tbx;
using namespace tbx::cuda;

namespace {

const fs::path k_data = fs::path(TBX_TEST_DATA_DIR) / "cuda";

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// A scratch directory removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        static std::atomic<int> counter{0};
        path = fs::temp_directory_path() /
               ("tbx-cuda-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// Scripted tools: a response per program (matched by argv[0] and, for nvidia-smi, whether the
// query asks for compute_cap), programs "on PATH" by name.
struct FakeWorld {
    std::map<std::string, std::string> path;              // name -> full path
    std::map<std::string, core::ProcessResult> responses; // key -> result
    std::optional<int> libcuda;
    mutable std::mutex mutex;
    mutable std::vector<std::vector<std::string>> calls;

    static std::string key(const std::vector<std::string>& argv) {
        std::string k = argv.front();
        if (argv.size() > 1 && argv[1].rfind("--query-gpu=", 0) == 0) {
            k += argv[1].find("compute_cap") != std::string::npos ? " query" : " query-nocc";
        } else if (argv.size() > 1 && argv[1] == "-c") {
            k += " probe";
        }
        return k;
    }

    Probes probes() const {
        Probes p;
        p.run = [this](const core::ProcessRequest& request) -> Result<core::ProcessResult> {
            {
                std::lock_guard lock(mutex);
                calls.push_back(request.argv);
            }
            const auto it = responses.find(key(request.argv));
            if (it == responses.end()) {
                return fail(ErrorKind::not_found, "no such file or directory",
                            request.argv.front());
            }
            return it->second;
        };
        p.find_program = [this](const std::string& name) -> std::optional<std::string> {
            const auto it = path.find(name);
            return it == path.end() ? std::nullopt : std::optional<std::string>(it->second);
        };
        p.libcuda_version = [this] { return libcuda; };
        return p;
    }
};

core::ProcessResult ok(std::string out) {
    core::ProcessResult result;
    result.exit_code = 0;
    result.stdout_text = std::move(out);
    return result;
}

core::ProcessResult exited(int code, std::string out) {
    core::ProcessResult result;
    result.exit_code = code;
    result.stdout_text = std::move(out);
    return result;
}

core::ProcessResult timed_out() {
    core::ProcessResult result;
    result.timed_out = true;
    result.signal = 9;
    return result;
}

std::string probe_line(const std::string& torch, const std::optional<std::string>& cuda) {
    nlohmann::json j{{"executable", "/venv/bin/python3"},
                     {"torch", torch},
                     {"torch_cuda", cuda ? nlohmann::json(*cuda) : nlohmann::json(nullptr)},
                     {"cuda_available", cuda.has_value()},
                     {"import_error", nullptr}};
    return "tbx-torch-probe: " + j.dump() + "\n";
}

DetectOptions hermetic(const TempDir& dir) {
    DetectOptions options;
    options.search_roots = std::vector<std::string>{};
    options.proc_driver_version = (dir.path / "no-proc").string();
    options.libcuda = LibcudaMode::allow;
    return options;
}

std::set<std::string> codes(const Report& report) {
    std::set<std::string> result;
    for (const auto& problem : report.problems) {
        result.insert(std::string(problem.name()));
    }
    return result;
}

// The tag of the run recommendation ("cpu" for CPU wheels), "none" without one.
std::string tag(const Report& report) {
    if (!report.run) {
        return "none";
    }
    return report.run->plan.variant ? std::string(report.run->plan.variant->tag) : "cpu";
}

} // namespace

TEST_CASE("detect: nvcc 11.7 + driver 550: run cu126, build with torch 2.7 cu118 (the field "
          "example)",
          "[cuda][detect]") {
    TempDir dir;
    const auto nvcc = (dir.path / "cuda-11.7" / "bin" / "nvcc").string();
    write(nvcc, "");
    FakeWorld world;
    world.path = {{"nvcc", nvcc}, {"nvidia-smi", "/fake/nvidia-smi"}, {"python3", "/fake/python3"}};
    world.responses[nvcc] = ok(slurp(k_data / "nvcc" / "11.7.99.txt"));
    world.responses["/fake/nvidia-smi"] = ok("| NVIDIA-SMI 550.54.14              Driver Version: "
                                             "550.54.14      CUDA Version: 12.4     |\n");
    world.responses["/fake/nvidia-smi query"] = ok("0, NVIDIA GeForce RTX 4090, 24564, 8.9\n");
    world.responses["/fake/python3 probe"] = ok(probe_line("2.0.1+cu117", "11.7"));

    const auto report = detect(hermetic(dir), world.probes());
    REQUIRE(report.toolkits.size() == 1);
    CHECK(report.toolkits[0].root == (dir.path / "cuda-11.7").string());
    CHECK(report.toolkits[0].version == "11.7.99");
    CHECK(report.toolkits[0].release == "11.7");
    CHECK(report.toolkits[0].nvcc == nvcc);
    CHECK(report.toolkits[0].sources == std::vector<std::string>{"nvcc"});
    REQUIRE(report.driver);
    CHECK(report.driver->version == "550.54.14");
    CHECK(report.driver->cuda == "12.4");
    CHECK(report.driver->source == "nvidia-smi");
    REQUIRE(report.gpus.size() == 1);
    CHECK(report.gpus[0].compute_capability == "8.9");
    REQUIRE(report.python);
    CHECK(report.python->torch == "2.0.1+cu117");
    // Running needs only the driver: the newest torch's newest variant a 550 driver runs.
    CHECK(tag(report) == "cu126");
    CHECK(report.run->plan.torch == torch_releases().back());
    // Building extensions needs the toolkit's major: the newest torch with an 11.x wheel.
    CHECK(codes(report) == std::set<std::string>{"toolkit_wheel_major_mismatch"});
    REQUIRE(report.build);
    REQUIRE(report.build->plan.variant);
    CHECK(report.build->plan.variant->tag == "cu118");
    CHECK(report.build->plan.torch == "2.7");
    // --require: minor-version compatibility lets the 550 driver run any 12.x program, no 13.x.
    CHECK(require_driver(report, {12, 4, {}}).satisfied);
    CHECK(require_driver(report, {12, 9, {}}).satisfied);
    CHECK_FALSE(require_driver(report, {13, 0, {}}).satisfied);
    CHECK(require_toolkit(report, {11, 7, 99}).satisfied);
    CHECK_FALSE(require_toolkit(report, {11, 7, 100}).satisfied);
    CHECK_FALSE(require_toolkit(report, {12, 4, {}}).satisfied);

    CHECK(report.described.empty());
    REQUIRE(report.run);
    CHECK(report.run->commands.pip ==
          "/venv/bin/python3 -m pip install -U torch torchvision torchaudio --index-url "
          "https://download.pytorch.org/whl/cu126");
    CHECK(report.build->commands.pip ==
          "/venv/bin/python3 -m pip install -U 'torch==2.7.*' torchvision torchaudio --index-url "
          "https://download.pytorch.org/whl/cu118");
    REQUIRE_FALSE(report.problems.empty());
    CHECK(problem_info(report.problems[0].code).severity == Severity::warning);
    CHECK_FALSE(problem_info(report.problems[0].code).fix.empty());
    REQUIRE(report.gpus.size() == 1);
    CHECK(report.gpus[0].memory_mib == 24564);
}

TEST_CASE("detect: roots are de-duplicated by real path and read from version files",
          "[cuda][detect]") {
    TempDir dir;
    const auto real = dir.path / "cuda-12.4";
    write(real / "bin" / "nvcc", "");
    write(real / "version.json", slurp(k_data / "version-files" / "version.json-12.6.3-excerpt"));
    fs::create_directory_symlink(real, dir.path / "cuda");
    const auto json_only = dir.path / "cuda-12.1";
    write(json_only / "version.json",
          slurp(k_data / "version-files" / "version.json-12.1-excerpt"));
    const auto txt_only = dir.path / "cuda-10.1";
    write(txt_only / "version.txt", slurp(k_data / "version-files" / "version.txt-10.1.243"));
    fs::create_directories(dir.path / "empty");

    FakeWorld world;
    const auto path_nvcc = (dir.path / "cuda" / "bin" / "nvcc").string();
    world.path = {{"nvcc", path_nvcc}};
    world.responses[path_nvcc] = ok(slurp(k_data / "nvcc" / "12.4.131.txt"));
    auto options = hermetic(dir);
    options.search_roots = std::vector<std::string>{(dir.path / "cuda").string(),
                                                    real.string(),
                                                    json_only.string(),
                                                    txt_only.string(),
                                                    (dir.path / "empty").string(),
                                                    (dir.path / "missing").string()};
    options.python_mode = PythonMode::skip;
    const auto report = detect(options, world.probes());
    REQUIRE(report.toolkits.size() == 3);
    CHECK(report.toolkits[0].root == (dir.path / "cuda").string());
    CHECK(report.toolkits[0].version == "12.4.131");
    CHECK(report.toolkits[0].sources == std::vector<std::string>{"nvcc", "version.json"});
    CHECK(report.toolkits[1].root == json_only.string());
    CHECK_FALSE(report.toolkits[1].version);
    CHECK(report.toolkits[1].release == "12.1");
    CHECK_FALSE(report.toolkits[1].nvcc);
    CHECK(report.toolkits[2].version == "10.1.243");
    CHECK(report.toolkits[2].sources == std::vector<std::string>{"version.txt"});
    // nvcc ran once although two roots lead to it.
    CHECK(world.calls.size() == 1);
    const auto found = codes(report);
    CHECK(found.count("multiple_toolkits") == 1);
    CHECK(found.count("no_driver") == 1);
    // No driver: CPU wheels, and what a driver at each major's floor would get.
    CHECK(tag(report) == "cpu");
    REQUIRE_FALSE(report.driver_hints.empty());
    CHECK(report.driver_hints.front().driver == "580");
    CHECK_FALSE(report.python);
}

TEST_CASE("detect: an nvcc on PATH linked into a root is that root's toolkit", "[cuda][detect]") {
    TempDir dir;
    const auto real = dir.path / "cuda-11.8";
    write(real / "bin" / "nvcc", "");
    write(real / "version.json", slurp(k_data / "version-files" / "version.json-11.8-excerpt"));
    fs::create_directories(dir.path / "home" / "bin");
    const auto link = dir.path / "home" / "bin" / "nvcc";
    fs::create_symlink(real / "bin" / "nvcc", link);
    FakeWorld world;
    world.path = {{"nvcc", link.string()}};
    world.responses[link.string()] = ok(slurp(k_data / "nvcc" / "11.8.89.txt"));
    auto options = hermetic(dir);
    options.search_roots = std::vector<std::string>{real.string()};
    options.python_mode = PythonMode::skip;
    const auto report = detect(options, world.probes());
    REQUIRE(report.toolkits.size() == 1);
    CHECK(report.toolkits[0].root == (dir.path / "home").string());
    CHECK(report.toolkits[0].nvcc == link.string());
    CHECK(report.toolkits[0].sources == std::vector<std::string>{"nvcc", "version.json"});
    CHECK(report.build_toolkit == 0);
}

TEST_CASE("detect: a hanging nvidia-smi and garbage nvcc are reported, detection goes on",
          "[cuda][detect]") {
    TempDir dir;
    const auto nvcc = (dir.path / "cuda" / "bin" / "nvcc").string();
    write(nvcc, "");
    write(dir.path / "proc-version", slurp(k_data / "proc-driver-version" / "565.57.01-open.txt"));
    FakeWorld world;
    world.path = {{"nvcc", nvcc}, {"nvidia-smi", "/fake/nvidia-smi"}};
    world.responses[nvcc] = ok("\x01\xfe garbage \xff\n");
    world.responses["/fake/nvidia-smi"] = timed_out();
    world.responses["/fake/nvidia-smi query"] = timed_out();
    world.libcuda = 12070;
    auto options = hermetic(dir);
    options.proc_driver_version = (dir.path / "proc-version").string();
    options.python_mode = PythonMode::skip;
    const auto report = detect(options, world.probes());
    const auto found = codes(report);
    CHECK(found.count("tool_timeout") == 1);
    CHECK(found.count("unparsable_output") == 1);
    CHECK(found.count("no_toolkit") == 1);
    REQUIRE(report.driver);
    CHECK(report.driver->version == "565.57.01");
    CHECK(report.driver->cuda == "12.7");
    CHECK(report.driver->source == "proc");
    CHECK(tag(report) == "cu126");
    // The message quoting garbage stays printable: no control character reaches a terminal.
    for (const auto& problem : report.problems) {
        CHECK(std::none_of(problem.message.begin(), problem.message.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
        }));
    }
}

TEST_CASE("detect: drivers that reject compute_cap are asked again without it", "[cuda][detect]") {
    TempDir dir;
    FakeWorld world;
    world.path = {{"nvidia-smi", "/fake/nvidia-smi"}};
    world.responses["/fake/nvidia-smi"] = ok(slurp(k_data / "nvidia-smi" / "470.82.01.txt"));
    world.responses["/fake/nvidia-smi query"] =
        exited(2, "Field \"compute_cap\" is not a valid field to query.\n\n");
    world.responses["/fake/nvidia-smi query-nocc"] = ok("0, Tesla P100-PCIE-16GB, 16280\n");
    auto options = hermetic(dir);
    options.python_mode = PythonMode::skip;
    const auto report = detect(options, world.probes());
    REQUIRE(report.gpus.size() == 1);
    CHECK(report.gpus[0].name == "Tesla P100-PCIE-16GB");
    CHECK(report.gpus[0].memory_mib == 16280);
    CHECK_FALSE(report.gpus[0].compute_capability);
    const auto found = codes(report);
    CHECK(found.count("tool_failed") == 0);
    CHECK(found.count("no_toolkit") == 1);
    // A 470 driver runs 11.x wheels only; the newest torch with one is 2.7.
    CHECK(tag(report) == "cu118");
    CHECK(report.run->plan.torch == "2.7");
    CHECK(found.count("wanted_torch_unfit") == 1);
}

TEST_CASE("detect: a failing nvidia-smi is tool_failed and no_driver", "[cuda][detect]") {
    TempDir dir;
    FakeWorld world;
    world.path = {{"nvidia-smi", "/fake/nvidia-smi"}};
    world.responses["/fake/nvidia-smi"] =
        exited(9, slurp(k_data / "nvidia-smi" / "failed-no-driver.txt"));
    world.responses["/fake/nvidia-smi query"] =
        exited(9, slurp(k_data / "nvidia-smi" / "failed-no-driver.txt"));
    auto options = hermetic(dir);
    options.python_mode = PythonMode::skip;
    options.libcuda = LibcudaMode::skip;
    world.libcuda = 12040; // must not be consulted
    const auto report = detect(options, world.probes());
    const auto found = codes(report);
    CHECK(found.count("tool_failed") == 1);
    CHECK(found.count("no_driver") == 1);
    CHECK_FALSE(report.driver);
    CHECK(tag(report) == "cpu");
    CHECK(report.problems.front().message.find("couldn't communicate") != std::string::npos);
}

TEST_CASE("detect: CUDA_HOME decides the build toolkit and its disagreement is reported",
          "[cuda][detect]") {
    TempDir dir;
    const auto nvcc = (dir.path / "cuda-12.4" / "bin" / "nvcc").string();
    write(nvcc, "");
    const auto home = dir.path / "cuda-11.8";
    write(home / "bin" / "nvcc", "");
    FakeWorld world;
    world.path = {{"nvcc", nvcc}, {"python3", "/fake/python3"}};
    world.responses[nvcc] = ok(slurp(k_data / "nvcc" / "12.4.131.txt"));
    world.responses[(home / "bin" / "nvcc").string()] = ok(slurp(k_data / "nvcc" / "11.8.89.txt"));
    world.responses["/fake/python3 probe"] = ok(probe_line("2.4.0+cu124", "12.4"));
    auto options = hermetic(dir);
    options.cuda_home = home.string();
    const auto report = detect(options, world.probes());
    REQUIRE(report.toolkits.size() == 2);
    CHECK(report.toolkits[0].release == "12.4");
    REQUIRE(report.build_toolkit);
    CHECK(report.toolkits[*report.build_toolkit].release == "11.8");
    const auto found = codes(report);
    CHECK(found.count("cuda_home_differs") == 1);
    CHECK(found.count("torch_cuda_mismatch_major") == 1);
    CHECK(found.count("multiple_toolkits") == 1);
    // Without a driver the toolkit decides nothing: CPU wheels.
    CHECK(tag(report) == "cpu");
}

TEST_CASE("conclude: torch, driver and wheel problems", "[cuda][detect]") {
    const auto toolkit = [](std::string release) {
        Toolkit t;
        t.release = release;
        t.version = release + ".0";
        t.root = "/usr/local/cuda-" + release;
        t.real_root = t.root;
        return t;
    };
    SECTION("CPU-only torch") {
        Report report;
        report.toolkits.push_back(toolkit("12.4"));
        report.build_toolkit = 0;
        report.driver = Driver{"550.54.14", "12.4", "nvidia-smi"};
        report.python =
            PythonInfo{"/p", "2.4.0+cpu", std::nullopt, false, std::nullopt, std::nullopt};
        conclude(report, Wish{});
        CHECK(codes(report) == std::set<std::string>{"torch_cpu_only"});
    }
    SECTION("minor mismatch is a warning of its own") {
        Report report;
        report.toolkits.push_back(toolkit("12.4"));
        report.build_toolkit = 0;
        report.driver = Driver{"550.54.14", "12.4", "nvidia-smi"};
        report.python = PythonInfo{"/p", "2.3.0+cu121", "12.1", true, std::nullopt, std::nullopt};
        conclude(report, Wish{});
        CHECK(codes(report) == std::set<std::string>{"torch_cuda_mismatch_minor"});
    }
    SECTION("a 13.0 toolkit on a 550 driver") {
        Report report;
        report.toolkits.push_back(toolkit("13.0"));
        report.build_toolkit = 0;
        report.driver = Driver{"550.54.14", "12.4", "nvidia-smi"};
        conclude(report, Wish{});
        CHECK(codes(report) ==
              std::set<std::string>{"driver_too_old", "toolkit_wheel_major_mismatch"});
        CHECK(tag(report) == "cu126");
    }
    SECTION("minor-version compatibility: 12.8 runs on 525.60.13") {
        Report report;
        report.toolkits.push_back(toolkit("12.8"));
        report.build_toolkit = 0;
        report.driver = Driver{"525.60.13", "12.0", "nvidia-smi"};
        conclude(report, Wish{});
        CHECK(codes(report).empty());
        // The 12.x floor is 525.60.13: every 12.x wheel runs, the newest torch's is cu126.
        CHECK(tag(report) == "cu126");
    }
    SECTION("an old driver gets no wheel") {
        Report report;
        report.driver = Driver{"418.56", "10.1", "nvidia-smi"};
        conclude(report, Wish{});
        CHECK(codes(report) == std::set<std::string>{"no_toolkit", "no_wheel_for_driver"});
        CHECK(tag(report) == "cpu");
    }
    SECTION("a libcuda-only driver newer than no toolkit") {
        Report report;
        report.toolkits.push_back(toolkit("13.0"));
        report.build_toolkit = 0;
        report.driver = Driver{std::nullopt, "12.4", "libcuda"};
        conclude(report, Wish{});
        CHECK(codes(report) ==
              std::set<std::string>{"driver_too_old", "toolkit_wheel_major_mismatch"});
    }
    SECTION("an installed torch without the GPU's kernels is torch_arch_mismatch") {
        Report report;
        report.driver = Driver{"580.95.05", "13.0", "nvidia-smi"};
        report.gpus.push_back(GpuInfo{0, "NVIDIA GeForce GTX 1080 Ti", 11264, "6.1"});
        report.gpus.push_back(GpuInfo{1, "NVIDIA GeForce RTX 3090", 24576, "8.6"});
        PythonInfo python{"/p", "2.9.0+cu130", "13.0", true, std::nullopt, std::nullopt};
        python.arch_list = std::vector<std::string>{"sm_75",  "sm_80",  "sm_86",      "sm_90",
                                                    "sm_100", "sm_120", "compute_120"};
        report.python = python;
        conclude(report, Wish{});
        CHECK(codes(report) == std::set<std::string>{"no_toolkit", "torch_arch_mismatch"});
        const auto& message = report.problems.back().message;
        CHECK(message.find("sm_61 (GPU 0)") != std::string::npos);
        CHECK(message.find("sm_86") != std::string::npos); // quoted from the arch list only
        CHECK(message.find("(GPU 1)") == std::string::npos);
        // The fix installs what serves both: the legacy 12.6 variant.
        CHECK(tag(report) == "cu126");
    }
    SECTION("a matching arch list (sm_86 serves 8.9, PTX serves newer) is no problem") {
        Report report;
        report.driver = Driver{"580.95.05", "13.0", "nvidia-smi"};
        report.gpus.push_back(GpuInfo{0, "NVIDIA GeForce RTX 4090", 24564, "8.9"});
        report.gpus.push_back(GpuInfo{1, "NVIDIA B300", 275040, "10.3"});
        PythonInfo python{"/p", "2.9.0+cu130", "13.0", true, std::nullopt, std::nullopt};
        python.arch_list = std::vector<std::string>{"sm_75",  "sm_80",  "sm_86",      "sm_90",
                                                    "sm_100", "sm_120", "compute_120"};
        report.python = python;
        conclude(report, Wish{});
        CHECK(codes(report) == std::set<std::string>{"no_toolkit"});
    }
    SECTION("an installed torch whose CUDA the driver cannot run is torch_driver_too_old") {
        Report report;
        report.driver = Driver{"550.54.14", "12.4", "nvidia-smi"};
        report.python = PythonInfo{"/p", "2.9.0+cu130", "13.0", false, std::nullopt, std::nullopt};
        conclude(report, Wish{});
        CHECK(codes(report) == std::set<std::string>{"no_toolkit", "torch_driver_too_old"});
        CHECK(report.problems.back().message.find(">= 580") != std::string::npos);
    }
    SECTION("--keep-torch and --torch choose the release") {
        Report report;
        report.driver = Driver{"535.104.05", "12.2", "nvidia-smi"};
        report.python = PythonInfo{"/p", "2.5.1+cu121", "12.1", true, std::nullopt, std::nullopt};
        conclude(report, Wish{std::nullopt, true});
        CHECK(report.run->plan.torch == "2.5");
        CHECK(tag(report) == "cu124");
        Report other = report;
        other.problems.clear();
        conclude(other, Wish{"2.0", false});
        CHECK(other.run->plan.torch == "2.0");
        CHECK(tag(other) == "cu118");
    }
    SECTION("Jetson L4T driver numbers are not compared with desktop minimums") {
        Report report;
        report.toolkits.push_back(toolkit("11.4"));
        report.build_toolkit = 0;
        report.driver = Driver{"35.3.1", std::nullopt, "proc"};
        conclude(report, Wish{});
        // No driver_too_old; the table's x86 wheels are not Jetson's: none is recommended.
        CHECK(codes(report) == std::set<std::string>{"no_wheel_for_driver"});
    }
}

TEST_CASE("default_search_roots starts with /usr/local/cuda and ends with /opt/cuda",
          "[cuda][detect]") {
    const auto roots = default_search_roots();
    REQUIRE(roots.size() >= 2);
    CHECK(roots.front() == "/usr/local/cuda");
    CHECK(roots.back() == "/opt/cuda");
}
