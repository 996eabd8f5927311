// The wheel table and the recommendation rule of issue 6.

#include <set>

#include <catch2/catch.hpp>

#include <tbx/cuda/wheels.hpp>

using namespace tbx::cuda;

namespace {

std::optional<CudaVersion> v(int major, int minor) {
    return CudaVersion{major, minor, {}};
}

std::string pick(const std::optional<CudaVersion>& driver,
                 const std::optional<CudaVersion>& toolkit) {
    const auto choice = recommend_wheel(driver, toolkit);
    return choice.recommendation ? choice.recommendation->tag : std::string("none");
}

} // namespace

TEST_CASE("the wheel table runs cu102 ... cu132, sorted, with sources", "[cuda][wheels]") {
    const auto tags = wheel_tags();
    REQUIRE(tags.front().tag == "cu102");
    REQUIRE(tags.back().tag == "cu132");
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < tags.size(); ++i) {
        INFO(tags[i].tag);
        CHECK(seen.insert(tags[i].tag).second);
        // The tag spells its CUDA version: cu118 is 11.8.
        CHECK(tags[i].tag ==
              "cu" + std::to_string(tags[i].cuda.major) + std::to_string(tags[i].cuda.minor));
        CHECK_FALSE(tags[i].source.empty());
        CHECK_FALSE(tags[i].first_torch.empty());
        if (i > 0) {
            CHECK(tags[i - 1].cuda < tags[i].cuda);
        }
    }
    CHECK(k_wheel_table_date.size() == 10);
}

TEST_CASE("recommend_wheel follows the issue's rule", "[cuda][wheels]") {
    // The example from the field: nvcc 11.7 + driver CUDA 12.4.
    CHECK(pick(v(12, 4), v(11, 7)) == "cu118");
    // Neither side known.
    CHECK(pick(std::nullopt, std::nullopt) == "none");
    // Driver only: the highest tag the driver runs.
    CHECK(pick(v(12, 4), std::nullopt) == "cu124");
    CHECK(pick(v(13, 0), std::nullopt) == "cu130");
    CHECK(pick(v(13, 3), std::nullopt) == "cu132");
    CHECK(pick(v(12, 3), std::nullopt) == "cu121");
    // Toolkit only: it caps itself.
    CHECK(pick(std::nullopt, v(12, 9)) == "cu129");
    CHECK(pick(std::nullopt, v(12, 3)) == "cu121");
    CHECK(pick(std::nullopt, v(13, 0)) == "cu130");
    // Toolkit newer than the driver's major: follow the driver.
    CHECK(pick(v(12, 4), v(13, 0)) == "cu124");
    // Same major: stay on it under the cap.
    CHECK(pick(v(12, 8), v(12, 1)) == "cu128");
    CHECK(pick(v(13, 0), v(12, 4)) == "cu129");
    CHECK(pick(v(11, 4), v(11, 8)) == "cu113");
    // A toolkit major without tags falls back to the highest under the cap.
    CHECK(pick(v(11, 0), v(9, 2)) == "cu102");
    CHECK(pick(std::nullopt, v(11, 0)) == "cu102");
    // Toolkit 10.x under a 12.x driver stays on 10.x.
    CHECK(pick(v(12, 4), v(10, 1)) == "cu102");
}

TEST_CASE("recommend_wheel flags drivers older than every wheel", "[cuda][wheels]") {
    const auto old_driver = recommend_wheel(v(10, 1), std::nullopt);
    CHECK_FALSE(old_driver.recommendation);
    CHECK(old_driver.no_wheel_for_driver);
    const auto old_toolkit = recommend_wheel(std::nullopt, v(9, 2));
    CHECK_FALSE(old_toolkit.recommendation);
    CHECK_FALSE(old_toolkit.no_wheel_for_driver);
}

TEST_CASE("make_recommendation builds the URL and the command", "[cuda][wheels]") {
    const auto rec = make_recommendation("cu118");
    CHECK(rec.index_url == "https://download.pytorch.org/whl/cu118");
    CHECK(rec.command == "pip install -U torch torchvision torchaudio --index-url "
                         "https://download.pytorch.org/whl/cu118");
}
