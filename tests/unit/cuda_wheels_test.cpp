// The torch table and the wheel rule of issue 17: the driver's CUDA major under minor-version
// compatibility, the GPUs' architectures, the wanted torch release.

#include <set>

#include <catch2/catch.hpp>

#include <tbx/cuda/wheels.hpp>

using namespace tbx::cuda;

namespace {

WheelRequest machine(std::string driver, std::vector<std::string> gpus,
                     std::optional<std::string> torch = std::nullopt) {
    WheelRequest request;
    request.driver = DriverFacts{driver, cuda_of_driver(driver)};
    for (const auto& gpu : gpus) {
        request.gpus.push_back(*parse_compute_capability(gpu));
    }
    request.torch = std::move(torch);
    return request;
}

// "2.14 cu126", or "cpu".
std::string pick(const WheelRequest& request) {
    const auto plan = plan_wheel(request);
    return plan.variant ? plan.torch + " " + std::string(plan.variant->tag) : "cpu";
}

} // namespace

TEST_CASE("the torch table is sorted, dated, sourced and parses", "[cuda][wheels]") {
    const auto variants = torch_variants();
    REQUIRE_FALSE(variants.empty());
    CHECK(variants.front().torch == "2.0");
    CHECK(torch_releases().back() == "2.14");
    CHECK(k_torch_table_date.size() == 10);
    std::set<std::pair<std::string_view, std::string_view>> seen;
    for (std::size_t i = 0; i < variants.size(); ++i) {
        const auto& v = variants[i];
        INFO(v.torch << " " << v.tag);
        CHECK(seen.insert({v.torch, v.tag}).second);
        CHECK(v.tag == "cu" + std::to_string(v.cuda.major) + std::to_string(v.cuda.minor));
        CHECK_FALSE(v.source.empty());
        // Every entry of the arch list parses; nothing is silently dropped.
        const auto targets = parse_arch_list(v.arch_list);
        std::size_t words = 1;
        for (const char c : v.arch_list) {
            words += c == ' ' ? 1 : 0;
        }
        CHECK(targets.size() == words);
        // Every CUDA major has a driver floor or a GA driver the rule can compare with.
        CHECK(least_driver_for(v.cuda));
        if (i > 0 && variants[i - 1].torch == v.torch) {
            CHECK(variants[i - 1].cuda < v.cuda);
        }
    }
    CHECK(torch_release_of("2.7.1+cu128") == "2.7");
    CHECK(torch_release_of("2.14.0") == "2.14");
    CHECK(torch_release_of("2.1") == "2.1");
    CHECK_FALSE(torch_release_of("1.13.1"));
    CHECK_FALSE(torch_release_of("2"));
}

TEST_CASE("table and rule agree: each variant is chosen where it is the best fit",
          "[cuda][wheels]") {
    // For every variant V and every GPU its cubins name, a machine whose driver sits exactly at
    // V's least driver gets a variant of V's release that the driver runs, that serves the GPU,
    // and whose CUDA is not older than V's (V itself fits, so the rule may not skip it).
    for (const auto& v : torch_variants()) {
        for (const auto& target : parse_arch_list(v.arch_list)) {
            if (target.ptx) {
                continue;
            }
            INFO(v.torch << " " << v.tag << " " << target.str());
            WheelRequest request;
            request.driver = DriverFacts{std::string(*least_driver_for(v.cuda)), std::nullopt};
            request.gpus = {target.cc};
            request.torch = std::string(v.torch);
            const auto plan = plan_wheel(request);
            REQUIRE(plan.variant);
            CHECK(plan.torch == v.torch);
            CHECK(plan.variant->cuda >= v.cuda);
            CHECK(driver_runs(*request.driver, plan.variant->cuda) == DriverVerdict::runs);
            CHECK(any_serves(parse_arch_list(plan.variant->arch_list), target.cc));
            CHECK(variant_misfit(*plan.variant, request).empty());
        }
    }
}

TEST_CASE("the rule on the issue's machines", "[cuda][wheels]") {
    // Drivers of each branch with a GPU every wheel serves.
    CHECK(pick(machine("470.82.01", {"7.5"})) == "2.7 cu118");
    CHECK(pick(machine("525.105.17", {"8.6"})) == "2.14 cu126");
    CHECK(pick(machine("535.183.01", {"8.6"})) == "2.14 cu126");
    CHECK(pick(machine("550.54.14", {"8.9"})) == "2.14 cu126");
    CHECK(pick(machine("570.133.07", {"8.9"})) == "2.14 cu126");
    CHECK(pick(machine("575.57.08", {"9.0"})) == "2.14 cu126");
    CHECK(pick(machine("580.95.05", {"9.0"})) == "2.14 cu132");
    CHECK(pick(machine("610.57.04", {"10.3"})) == "2.14 cu132");
    // GPU generations on a 580 driver.
    CHECK(pick(machine("580.95.05", {"sm_61"})) == "2.14 cu126"); // Pascal: legacy 12.6 only
    CHECK(pick(machine("580.95.05", {"sm_70"})) == "2.14 cu126"); // Volta: gone from 13.x
    CHECK(pick(machine("580.95.05", {"sm_75"})) == "2.14 cu132");
    CHECK(pick(machine("580.95.05", {"sm_100"})) == "2.14 cu132");
    CHECK(pick(machine("580.95.05", {"sm_120"})) == "2.14 cu132");
    // Blackwell on a 12.x driver: 12.6 lacks sm_120, 13.x needs 580: back to torch 2.11 cu128.
    CHECK(pick(machine("570.133.07", {"sm_120"})) == "2.11 cu128");
    CHECK(pick(machine("550.54.14", {"sm_120"})) == "2.11 cu128");
    // Mixed pairs: every GPU must be served.
    CHECK(pick(machine("580.95.05", {"sm_70", "sm_120"})) == "2.10 cu128");
    CHECK(pick(machine("580.95.05", {"sm_86", "sm_89"})) == "2.14 cu132");
    CHECK(pick(machine("580.95.05", {"sm_61", "sm_120"})) == "cpu");
    CHECK(pick(machine("535.104.05", {"sm_61", "sm_86"})) == "2.14 cu126");
    // --torch: an older release, and one whose variants all need a newer driver.
    CHECK(pick(machine("550.54.14", {"8.9"}, "2.5")) == "2.5 cu124");
    CHECK(pick(machine("520.61.05", {"8.6"}, "2.1")) == "2.1 cu118");
    CHECK(pick(machine("520.61.05", {"8.6"}, "2.9")) == "2.7 cu118");
    // Kepler is served by the 11.x wheels of torch 2.0 to 2.7 only (sm_37).
    CHECK(pick(machine("470.82.01", {"3.7"})) == "2.7 cu118");
    CHECK(pick(machine("470.82.01", {"3.5"})) == "cpu");
    // A driver older than every wheel.
    CHECK(pick(machine("418.56", {"7.5"})) == "cpu");
}

TEST_CASE("the rule explains why the wanted torch does not fit", "[cuda][wheels]") {
    const auto plan = plan_wheel(machine("570.133.07", {"sm_120"}));
    REQUIRE(plan.reasons.size() == variants_of("2.14").size());
    CHECK(plan.wanted_torch == "2.14");
    CHECK(plan.torch == "2.11");
    CHECK(plan.reasons[0].find(
              "cu132: driver 570.133.07 is too old for CUDA 13.2 (needs >= 580)") == 0);
    CHECK(plan.reasons.back().find("no kernel for sm_120 (GPU too new)") != std::string::npos);
    const auto pascal = plan_wheel(machine("580.95.05", {"sm_61", "sm_120"}));
    CHECK_FALSE(pascal.variant);
    CHECK(pascal.reasons[0].find("sm_61 (GPU too old)") != std::string::npos);
    WheelRequest none;
    const auto cpu = plan_wheel(none);
    CHECK_FALSE(cpu.variant);
    CHECK(cpu.reasons == std::vector<std::string>{"no NVIDIA driver: CUDA wheels cannot run here"});
}

TEST_CASE("driver_hints say what --driver would give", "[cuda][wheels]") {
    WheelRequest request;
    request.gpus = {ComputeCapability{8, 9}};
    const auto hints = driver_hints(request);
    REQUIRE(hints.size() == 3);
    CHECK(hints[0].driver == "580");
    CHECK(hints[0].plan.variant->tag == "cu132");
    CHECK(hints[1].driver == "525.60.13");
    CHECK(hints[1].plan.variant->tag == "cu126");
    CHECK(hints[2].driver == "450.80.02");
    CHECK(hints[2].plan.torch == "2.7");
}

TEST_CASE("install_commands use the interpreter and print the uv form", "[cuda][wheels]") {
    const auto newest = plan_wheel(machine("580.95.05", {"9.0"}));
    const auto commands = install_commands(newest, "/opt/venv/bin/python");
    CHECK(commands.index_url == "https://download.pytorch.org/whl/cu132");
    CHECK(commands.pip == "/opt/venv/bin/python -m pip install -U torch torchvision torchaudio "
                          "--index-url https://download.pytorch.org/whl/cu132");
    CHECK(commands.uv == "uv pip install --python /opt/venv/bin/python torch torchvision "
                         "torchaudio --torch-backend=cu132");
    const auto old = install_commands(plan_wheel(machine("470.82.01", {"7.5"})), "python3");
    CHECK(old.pip == "python3 -m pip install -U 'torch==2.7.*' torchvision torchaudio "
                     "--index-url https://download.pytorch.org/whl/cu118");
    const auto cpu = install_commands(plan_wheel(WheelRequest{}), "python3");
    CHECK(cpu.index_url == "https://download.pytorch.org/whl/cpu");
    CHECK(cpu.uv.ends_with("--torch-backend=cpu"));
}
