// Parser tests over every recorded tool output in tests/data/cuda (see SOURCES.md there).
// Expected values come from the file names (which record what the tool reported) or, where a
// name cannot say it, from a table below; every file in a folder must be covered so a new
// recording cannot slip in untested.

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <tbx/cuda/driver.hpp>
#include <tbx/cuda/nvcc.hpp>
#include <tbx/cuda/torch.hpp>
#include <tbx/cuda/version.hpp>

namespace fs = std::filesystem;
using namespace tbx::cuda;

namespace {

const fs::path k_data = fs::path(TBX_TEST_DATA_DIR) / "cuda";

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<fs::path> files_in(const std::string& folder) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(k_data / folder)) {
        if (entry.is_regular_file()) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// "12.9.41-excerpt.txt" -> "12.9.41": the recorded version is the name up to '-' or ".txt".
std::string version_from_name(const fs::path& path) {
    auto name = path.filename().string();
    if (const auto dash = name.find('-'); dash != std::string::npos) {
        name = name.substr(0, dash);
    }
    if (name.size() > 4 && name.substr(name.size() - 4) == ".txt") {
        name = name.substr(0, name.size() - 4);
    }
    return name;
}

std::string release_of(const std::string& version) {
    return version.substr(0, version.find('.', version.find('.') + 1));
}

} // namespace

TEST_CASE("parse_nvcc_version reads every recorded nvcc --version", "[cuda][nvcc]") {
    const auto files = files_in("nvcc");
    REQUIRE(files.size() >= 50);
    for (const auto& file : files) {
        INFO(file.filename().string());
        const auto expected = version_from_name(file);
        const auto parsed = parse_nvcc_version(slurp(file));
        REQUIRE(parsed);
        CHECK(parsed->version == expected);
        CHECK(parsed->release == release_of(expected));
    }
}

TEST_CASE("parse_nvcc_version handles CRLF, missing V and garbage", "[cuda][nvcc]") {
    auto crlf =
        parse_nvcc_version("nvcc: NVIDIA (R) Cuda compiler driver\r\nCuda compilation tools, "
                           "release 11.2, V11.2.152\r\nBuild x\r\n");
    REQUIRE(crlf);
    CHECK(*crlf->version == "11.2.152");
    auto no_v = parse_nvcc_version("Cuda compilation tools, release 10.2\n");
    REQUIRE(no_v);
    CHECK(no_v->release == "10.2");
    CHECK(*no_v->version == "10.2");
    // A V that does not extend the release is not trusted.
    auto odd = parse_nvcc_version("Cuda compilation tools, release 12.4, V11.0.1\n");
    REQUIRE(odd);
    CHECK(*odd->version == "12.4");
    CHECK_FALSE(parse_nvcc_version(""));
    CHECK_FALSE(parse_nvcc_version("\x01\xff garbage\nrelease notes\nrelease x.y"));
    CHECK_FALSE(parse_nvcc_version("Cuda compilation tools, release 12, V12.0.1"));
}

TEST_CASE("version.json and version.txt parsers read every recorded file", "[cuda][nvcc]") {
    // Excerpts cannot be parsed as JSON, so their answers are tabled; the complete file is
    // cross-checked against a real JSON parser below.
    const std::map<std::string, std::pair<std::optional<std::string>, std::string>> expected{
        {"version.json-11.5.2-excerpt", {"11.5.2", "11.5"}},
        {"version.json-11.8-excerpt", {"11.8.89", "11.8"}},
        {"version.json-12.1-excerpt", {std::nullopt, "12.1"}},
        {"version.json-12.6.3-excerpt", {"12.6.85", "12.6"}},
        {"version.json-13.3.1", {"13.3.73", "13.3"}},
        {"version.txt-10.1.243", {"10.1.243", "10.1"}},
        {"version.txt-8.0.61", {"8.0.61", "8.0"}},
        {"version.txt-9.0.176", {"9.0.176", "9.0"}},
    };
    const auto files = files_in("version-files");
    REQUIRE(files.size() == expected.size());
    for (const auto& file : files) {
        const auto name = file.filename().string();
        INFO(name);
        REQUIRE(expected.count(name) == 1);
        const auto text = slurp(file);
        const auto parsed =
            name.rfind("version.json", 0) == 0 ? parse_version_json(text) : parse_version_txt(text);
        REQUIRE(parsed);
        CHECK(parsed->version == expected.at(name).first);
        CHECK(parsed->release == expected.at(name).second);
    }
    const auto complete =
        nlohmann::json::parse(slurp(k_data / "version-files" / "version.json-13.3.1"));
    CHECK(*parse_version_json(slurp(k_data / "version-files" / "version.json-13.3.1"))->version ==
          complete.at("cuda_nvcc").at("version").get<std::string>());
}

TEST_CASE("version.json edge cases", "[cuda][nvcc]") {
    CHECK_FALSE(parse_version_json("{}"));
    CHECK_FALSE(parse_version_json("garbage"));
    CHECK_FALSE(parse_version_json(R"({"cuda_nvcc": "11.8.89"})"));
    // A key that is only mentioned in a value is not an entry.
    CHECK_FALSE(parse_version_json(R"({"note": "see \"cuda\" below"})"));
    CHECK(is_date_like_version("11.8.20220929"));
    CHECK_FALSE(is_date_like_version("11.8.89"));
    CHECK_FALSE(is_date_like_version("11.8"));
    CHECK_FALSE(parse_version_txt("CUDA Version x"));
}

TEST_CASE("parse_nvidia_smi reads every recorded nvidia-smi report", "[cuda][driver]") {
    struct Expect {
        std::optional<std::string> driver;
        std::optional<std::string> cuda;
    };
    const std::map<std::string, Expect> expected{
        {"331.62.txt", {"331.62", std::nullopt}},
        {"396.24.txt", {"396.24", std::nullopt}},
        {"450.57.txt", {"450.57", "11.0"}},
        // The snap's tool is 470.256.02; the driver underneath is 580.95.05.
        {"470.256.02-smi_580.95.05-driver-snap.txt", {"580.95.05", "13.0"}},
        {"470.82.01.txt", {"470.82.01", "11.4"}},
        {"525.105.17.txt", {"525.105.17", "12.0"}},
        {"550.135.txt", {"550.135", "12.4"}},
        {"550.40.07.txt", {"550.40.07", "12.4"}},
        {"570.133.07-excerpt.txt", {"570.133.07", "12.8"}},
        {"575.57.08-excerpt.txt", {"575.57.08", "12.9"}},
        {"580.126.09.txt", {"580.126.09", "13.0"}},
        {"610.43.02-kmd.txt", {"610.43.02", "13.3"}},
        {"610.43.03-kmd.txt", {"610.43.03", "13.3"}},
        {"610.57.04-kmd-7xB300.txt", {"610.57.04", "13.3"}},
        {"L-570.86.15-2gpu.txt", {std::nullopt, std::nullopt}},
        {"failed-no-driver-variant-qixuema.txt", {std::nullopt, std::nullopt}},
        {"failed-no-driver.txt", {std::nullopt, std::nullopt}},
        {"nvml-mismatch-580.txt", {std::nullopt, std::nullopt}},
        {"q-375.82-excerpt.txt", {"375.82", std::nullopt}},
        {"q-x-430.64-excerpt.xml", {"430.64", "10.1"}},
    };
    std::size_t seen = 0;
    for (const auto& file : files_in("nvidia-smi")) {
        const auto name = file.filename().string();
        if (name == "header-lines.tsv") {
            continue;
        }
        INFO(name);
        REQUIRE(expected.count(name) == 1);
        ++seen;
        const auto parsed = parse_nvidia_smi(slurp(file));
        const auto& want = expected.at(name);
        if (!want.driver) {
            CHECK_FALSE(parsed);
            continue;
        }
        REQUIRE(parsed);
        CHECK(parsed->version == *want.driver);
        CHECK(parsed->cuda == want.cuda);
    }
    CHECK(seen == expected.size());
}

TEST_CASE("parse_nvidia_smi reads the one-line header records", "[cuda][driver]") {
    // header-lines.tsv: source <TAB> line. Each record is one line as quoted in its source.
    const std::vector<std::pair<std::optional<std::string>, std::optional<std::string>>> expected{
        {std::nullopt, std::nullopt}, // "NVIDIA-SMI 418.56" alone: the tool version only
        {"418.56", std::nullopt},     // "Driver Version: 418.56"
        {std::nullopt, std::nullopt}, // "CUDA Version: 10.1" alone
        {"440.33.01", "10.2"},        // " - nvidia-smi:  NVIDIA-SMI 440.33.01 ..."
        {"515.48.07", "11.7"},        //
        {"460.32.03", "11.2"},        //
        {"470.57.02", "11.4"},        //
        {"535.247.01", "12.2"},       // starts mid-number ("7.01 ...")
        {"535.183.01", "12.2"},       //
        {"550.54.14", "12.4"},        //
        {"516.94", "11.6"},           // WSL: tool 510.73.05, driver 516.94
        {"526.98", "12.0"},           // WSL: tool 510.85.02
        {"512.77", "11.6"},           // WSL, comma-separated as typed
        {"510.47.03", "11.6"},        //
    };
    std::istringstream lines(slurp(k_data / "nvidia-smi" / "header-lines.tsv"));
    std::string line;
    std::size_t row = 0;
    while (std::getline(lines, line)) {
        if (line.empty()) {
            continue;
        }
        INFO(line);
        REQUIRE(row < expected.size());
        const auto text = line.substr(line.find('\t') + 1);
        const auto parsed = parse_nvidia_smi(text);
        if (!expected[row].first) {
            CHECK_FALSE(parsed);
        } else {
            REQUIRE(parsed);
            CHECK(parsed->version == *expected[row].first);
            CHECK(parsed->cuda == expected[row].second);
        }
        ++row;
    }
    CHECK(row == expected.size());
}

TEST_CASE("parse_proc_driver_version reads every recorded /proc/driver/nvidia/version",
          "[cuda][driver]") {
    const auto files = files_in("proc-driver-version");
    REQUIRE(files.size() >= 7);
    for (const auto& file : files) {
        INFO(file.filename().string());
        const auto parsed = parse_proc_driver_version(slurp(file));
        REQUIRE(parsed);
        CHECK(*parsed == version_from_name(file));
    }
    CHECK_FALSE(parse_proc_driver_version(""));
    CHECK_FALSE(parse_proc_driver_version("NVRM version: NVIDIA UNIX x86_64 Kernel Module  \n"));
}

TEST_CASE("parse_gpu_query reads every recorded --query-gpu output", "[cuda][driver]") {
    struct Expect {
        bool ok;
        std::size_t count;
        std::string first_name;
        std::optional<long long> first_memory;
        std::optional<std::string> last_compute_cap;
        int last_index;
    };
    const std::map<std::string, Expect> expected{
        {"b300-610.57.04.txt", {true, 7, "NVIDIA B300 SXM6 AC", std::nullopt, "10.3", 6}},
        {"gpu-utils-83-440.64-noheader-nounits.txt",
         {true, 1, "GeForce RTX 2080", 7979, std::nullopt, 0}},
        {"inference-snaps-128-570.133.07.txt", {true, 1, "", std::nullopt, "8.9", 0}},
        {"invalid-compute_cap-470.256.02.txt", {false, 0, "", std::nullopt, std::nullopt, 0}},
        {"invalid-device_minor-exit2.txt", {false, 0, "", std::nullopt, std::nullopt, 0}},
        {"l40s-580.105.08-units.txt", {true, 4, "NVIDIA L40S", 46068, std::nullopt, 3}},
        {"p104-535.309.01-row.txt", {true, 1, "NVIDIA P104-100", 8192, std::nullopt, 12}},
        {"triton-8070-570.86.15.txt", {true, 2, "NVIDIA TITAN V", std::nullopt, "8.9", 1}},
    };
    const auto files = files_in("query-gpu");
    REQUIRE(files.size() == expected.size());
    for (const auto& file : files) {
        const auto name = file.filename().string();
        INFO(name);
        REQUIRE(expected.count(name) == 1);
        // Files start with the command line ("$ ...") or a note ("# ..."); the fields come from
        // the command line, or the recorded row order when the source omitted it.
        std::vector<std::string> fields{"index", "name", "driver_version", "memory.total"};
        std::string body;
        std::istringstream lines(slurp(file));
        std::string line;
        while (std::getline(lines, line)) {
            if (line.rfind("$ ", 0) == 0) {
                const auto at = line.find("--query-gpu=") + 12;
                std::string list = line.substr(at, line.find(' ', at) - at);
                fields.clear();
                std::size_t start = 0;
                while (start <= list.size()) {
                    auto comma = list.find(',', start);
                    if (comma == std::string::npos) {
                        comma = list.size();
                    }
                    fields.push_back(list.substr(start, comma - start));
                    start = comma + 1;
                }
            } else if (line.rfind("# ", 0) != 0) {
                body += line + "\n";
            }
        }
        const auto parsed = parse_gpu_query(body, fields);
        const auto& want = expected.at(name);
        if (!want.ok) {
            CHECK_FALSE(parsed);
            CHECK(is_invalid_field_message(body, fields.front()));
            continue;
        }
        REQUIRE(parsed);
        REQUIRE(parsed->size() == want.count);
        CHECK(parsed->front().name == want.first_name);
        CHECK(parsed->front().memory_mib == want.first_memory);
        CHECK(parsed->back().compute_capability == want.last_compute_cap);
        CHECK(parsed->back().index == want.last_index);
    }
}

TEST_CASE("parse_gpu_query with tbx's own fields", "[cuda][driver]") {
    const auto& fields = default_gpu_query_fields();
    auto gpus = parse_gpu_query(
        "0, NVIDIA TITAN V, 12288, 7.0\n1, NVIDIA RTX 5880 Ada Generation, 49140, 8.9\n", fields);
    REQUIRE(gpus);
    REQUIRE(gpus->size() == 2);
    CHECK((*gpus)[1].index == 1);
    CHECK((*gpus)[1].name == "NVIDIA RTX 5880 Ada Generation");
    CHECK((*gpus)[1].memory_mib == 49140);
    CHECK((*gpus)[1].compute_capability == "8.9");

    auto comma = parse_gpu_query("0, Quadro RTX 6000, Rev 2, [N/A], N/A\n", fields);
    REQUIRE(comma);
    CHECK(comma->front().name == "Quadro RTX 6000, Rev 2");
    CHECK_FALSE(comma->front().memory_mib);
    CHECK_FALSE(comma->front().compute_capability);

    const std::vector<std::string> without_cc{"index", "name", "memory.total"};
    auto old = parse_gpu_query("0, Tesla K80, 11441\n", without_cc);
    REQUIRE(old);
    CHECK_FALSE(old->front().compute_capability);

    CHECK(parse_gpu_query("", fields)->empty());
    CHECK_FALSE(parse_gpu_query("zero, GPU, 100, 8.0\n", fields));
    CHECK_FALSE(parse_gpu_query("0, GPU, lots, 8.0\n", fields));
    CHECK_FALSE(parse_gpu_query("0, GPU, 100, eight\n", fields));
}

TEST_CASE("parse_cuda_version", "[cuda]") {
    CHECK(parse_cuda_version("12") == CudaVersion{12, 0, {}});
    CHECK(parse_cuda_version("12.4") == CudaVersion{12, 4, {}});
    CHECK(parse_cuda_version("12.4.131") == CudaVersion{12, 4, 131});
    for (const auto* bad :
         {"", "12.", ".4", "12..4", "a", "12.x", "-1", "+12", " 12", "1.2.3.4", "12.4 "}) {
        INFO(bad);
        CHECK_FALSE(parse_cuda_version(bad));
    }
    CHECK(CudaVersion{11, 8, {}} < CudaVersion{12, 0, {}});
    CHECK(CudaVersion{12, 4, {}}.str() == "12.4");
    CHECK(CudaVersion{12, 4, 131}.str() == "12.4.131");
}

TEST_CASE("parse_torch_probe and compare_torch_cuda", "[cuda][torch]") {
    auto info = parse_torch_probe(
        "noise from import\ntbx-torch-probe: {\"executable\": \"/usr/bin/python3\", "
        "\"torch\": \"2.4.0+cu121\", \"torch_cuda\": \"12.1\", "
        "\"cuda_available\": false, \"import_error\": null}\n");
    REQUIRE(info);
    CHECK(info->executable == "/usr/bin/python3");
    CHECK(info->torch == "2.4.0+cu121");
    CHECK(info->torch_cuda == "12.1");
    CHECK(info->cuda_available == false);
    CHECK_FALSE(info->import_error);

    auto absent = parse_torch_probe("tbx-torch-probe: {\"executable\": \"/p\", \"torch\": null, "
                                    "\"torch_cuda\": null, \"cuda_available\": null}");
    REQUIRE(absent);
    CHECK_FALSE(absent->torch);
    CHECK_FALSE(absent->cuda_available);

    CHECK_FALSE(parse_torch_probe(""));
    CHECK_FALSE(parse_torch_probe("tbx-torch-probe: {not json"));
    CHECK_FALSE(parse_torch_probe("tbx-torch-probe: [1]"));
    CHECK(torch_probe_script().find("tbx-torch-probe: ") != std::string_view::npos);

    CHECK(compare_torch_cuda("12.1", "12.1") == TorchToolkitMatch::same);
    CHECK(compare_torch_cuda("12.1", "12.4") == TorchToolkitMatch::minor_mismatch);
    CHECK(compare_torch_cuda("11.8", "12.4") == TorchToolkitMatch::major_mismatch);
    CHECK(compare_torch_cuda("", "12.4") == TorchToolkitMatch::unknown);
}
