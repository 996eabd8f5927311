// CUDA's architecture and driver compatibility rules.

#include <catch2/catch.hpp>

#include <tbx/cuda/compat.hpp>
#include <tbx/cuda/driver.hpp>

using namespace tbx::cuda;

namespace {

ArchTarget arch(std::string_view text) {
    return *parse_arch_target(text);
}

ComputeCapability cc(std::string_view text) {
    return *parse_compute_capability(text);
}

DriverFacts driver(std::string version) {
    return DriverFacts{std::move(version), std::nullopt};
}

} // namespace

TEST_CASE("compute capabilities and arch entries parse", "[cuda][compat]") {
    CHECK(cc("8.9") == ComputeCapability{8, 9});
    CHECK(cc("sm_120") == ComputeCapability{12, 0});
    CHECK(cc("sm89") == ComputeCapability{8, 9});
    CHECK(cc("12.0").sm() == "sm_120");
    for (const auto* bad : {"", "8", "8.", ".9", "sm_", "sm_9", "sm_1234", "8.10", "0.5", "x.y"}) {
        INFO(bad);
        CHECK_FALSE(parse_compute_capability(bad));
    }
    CHECK(arch("compute_120").ptx);
    CHECK(arch("compute_120").str() == "compute_120");
    CHECK(arch("sm_90a").suffix == 'a');
    CHECK(arch("sm_100f").str() == "sm_100f");
    CHECK_FALSE(parse_arch_target("gfx90a"));
    CHECK(parse_arch_list("sm_75, sm_80;compute_120 gfx1100").size() == 3);
}

TEST_CASE("serves follows CUDA binary compatibility", "[cuda][compat]") {
    // A cubin serves its major, same or newer minor.
    CHECK(serves(arch("sm_60"), cc("6.1")));
    CHECK(serves(arch("sm_86"), cc("8.9")));
    CHECK(serves(arch("sm_100"), cc("10.3")));
    CHECK_FALSE(serves(arch("sm_86"), cc("8.0")));
    CHECK_FALSE(serves(arch("sm_90"), cc("10.0")));
    CHECK_FALSE(serves(arch("sm_80"), cc("9.0")));
    // PTX serves every GPU at or above it.
    CHECK(serves(arch("compute_120"), cc("12.0")));
    CHECK(serves(arch("compute_90"), cc("12.1")));
    CHECK_FALSE(serves(arch("compute_120"), cc("10.0")));
    // Architecture-specific cubins serve that GPU only.
    CHECK(serves(arch("sm_90a"), cc("9.0")));
    CHECK_FALSE(serves(arch("sm_100a"), cc("10.3")));
    CHECK(serves(arch("sm_100f"), cc("10.3")));
}

TEST_CASE("driver tables: GA drivers and minor-version floors", "[cuda][compat]") {
    CHECK(minor_compat_floor(11) == "450.80.02");
    CHECK(minor_compat_floor(12) == "525.60.13");
    CHECK(minor_compat_floor(13) == "580");
    CHECK_FALSE(minor_compat_floor(10));
    CHECK_FALSE(minor_compat_floor(14));
    CHECK(ga_driver_for({12, 4, {}}) == "550.54.14");
    CHECK(ga_driver_for({10, 2, {}}) == "440.33");
    CHECK_FALSE(ga_driver_for({12, 7, {}}));
    CHECK(cuda_of_driver("535.104.05") == CudaVersion{12, 2, {}});
    CHECK(cuda_of_driver("550.54.14") == CudaVersion{12, 4, {}});
    CHECK(cuda_of_driver("550.54.13") == CudaVersion{12, 3, {}});
    CHECK(cuda_of_driver("580") == CudaVersion{13, 0, {}}); // a branch stands for its releases
    CHECK(cuda_of_driver("610.57.04") == CudaVersion{13, 3, {}});
    CHECK_FALSE(cuda_of_driver("35.3.1"));
    CHECK_FALSE(cuda_of_driver("300.1"));
    CHECK(cuda_from_driver_api(12040) == CudaVersion{12, 4, {}});
    CHECK(compare_dotted("580", "580.95.05") == std::strong_ordering::less);
}

TEST_CASE("driver_runs: minor-version compatibility from 11 on, exact before", "[cuda][compat]") {
    // Both sides of the 12.x floor.
    CHECK(driver_runs(driver("525.60.13"), {12, 9, {}}) == DriverVerdict::runs);
    CHECK(driver_runs(driver("525.60.12"), {12, 0, {}}) == DriverVerdict::too_old);
    CHECK(driver_runs(driver("520.61.05"), {12, 1, {}}) == DriverVerdict::too_old);
    // Both sides of the 11.x floor; 11.0 also runs on its own GA driver below the floor.
    CHECK(driver_runs(driver("450.80.02"), {11, 8, {}}) == DriverVerdict::runs);
    CHECK(driver_runs(driver("450.57"), {11, 8, {}}) == DriverVerdict::too_old);
    CHECK(driver_runs(driver("450.57"), {11, 0, {}}) == DriverVerdict::runs);
    // 13.x needs 580; newer drivers run older majors.
    CHECK(driver_runs(driver("575.57.08"), {13, 0, {}}) == DriverVerdict::too_old);
    CHECK(driver_runs(driver("580.65.06"), {13, 2, {}}) == DriverVerdict::runs);
    CHECK(driver_runs(driver("610.43.02"), {11, 8, {}}) == DriverVerdict::runs);
    // Before 11: the release's own driver, exactly.
    CHECK(driver_runs(driver("440.33"), {10, 2, {}}) == DriverVerdict::runs);
    CHECK(driver_runs(driver("418.39"), {10, 2, {}}) == DriverVerdict::too_old);
    // Only the driver's CUDA known (libcuda): the same rule on the reported version.
    CHECK(driver_runs(DriverFacts{std::nullopt, CudaVersion{12, 2, {}}}, {12, 9, {}}) ==
          DriverVerdict::runs);
    CHECK(driver_runs(DriverFacts{std::nullopt, CudaVersion{12, 2, {}}}, {13, 0, {}}) ==
          DriverVerdict::too_old);
    CHECK(driver_runs(DriverFacts{std::nullopt, CudaVersion{10, 1, {}}}, {10, 2, {}}) ==
          DriverVerdict::too_old);
    CHECK(driver_runs(DriverFacts{}, {12, 0, {}}) == DriverVerdict::unknown);
    CHECK(least_driver_for({12, 6, {}}) == "525.60.13");
    CHECK(least_driver_for({10, 1, {}}) == "418.39");
}
