// The renderings of cuda.cpp: the --json document and the human report, from hand-built reports.
#include <string>

#include <catch2/catch.hpp>

#include "cli/output.hpp"
#include "commands/cuda_render.hpp"

using namespace tbx;

namespace {

cuda::Report sample_report() {
    cuda::Report report;
    report.toolkits.push_back(
        {"12.4.131", "12.4", "/opt/cuda\xff", "/opt/cuda\xff/bin/nvcc", {"nvcc"}, "/opt/cuda"});
    report.driver = cuda::Driver{"550.54.14", "12.4", "nvidia-smi"};
    report.gpus.push_back({0, "NVIDIA GeForce RTX 4070", 12282, "8.9"});
    report.problems.push_back({cuda::ProblemCode::multiple_toolkits, "two toolkits"});
    return report;
}

} // namespace

TEST_CASE("cuda: the JSON document follows docs/json.md", "[cuda][render]") {
    const auto json = cli::cuda_report_json(sample_report());
    CHECK(json["machine"] == "detected");
    CHECK(json["gpus"][0]["memory_bytes"] == 12282LL * 1024 * 1024);
    CHECK_FALSE(json["gpus"][0].contains("memory_mib"));
    CHECK(json["toolkits"][0]["root"] == "/opt/cuda\xEF\xBF\xBD");
    CHECK(json["toolkits"][0]["root_base64"] == "L29wdC9jdWRh/w==");
    CHECK(json["toolkits"][0]["nvcc_base64"] == "L29wdC9jdWRh/y9iaW4vbnZjYw==");
    CHECK(json["python"].is_null());
    CHECK(json["recommendation"].is_null());
    CHECK(json["problems"][0]["code"] == "multiple_toolkits");
    CHECK_FALSE(json["problems"][0]["fix"].get<std::string>().empty());
    const std::string line = cli::json_line(json);
    CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("cuda: the human report names each part and colors only when asked", "[cuda][render]") {
    const auto plain = cli::cuda_report_text(sample_report(), false, true);
    CHECK(plain.find("toolkit   12.4.131") == 0);
    CHECK(plain.find("driver    550.54.14   CUDA 12.4 (nvidia-smi)\n") != std::string::npos);
    CHECK(plain.find("gpu 0     NVIDIA GeForce RTX 4070  12282 MiB, compute 8.9\n") !=
          std::string::npos);
    CHECK(plain.find("torch     not checked (--no-python)\n") != std::string::npos);
    CHECK(plain.find("multiple_toolkits two toolkits\n") != std::string::npos);
    CHECK(plain.find('\x1b') == std::string::npos);
    const auto colored = cli::cuda_report_text(sample_report(), true, true);
    CHECK(colored.find("\x1b[1mproblems\x1b[0m") != std::string::npos);
}
