// Reading saved runs back for `tbx memprof plot`.
#include <catch2/catch.hpp>

#include <tbx/memprof/report.hpp>
#include <tbx/memprof/saved.hpp>

using namespace tbx::memprof;

TEST_CASE("parse_saved_run reads the CSV tbx writes", "[memprof][saved]") {
    Profile profile;
    profile.samples = {{0.0, 100, 1}, {0.5, 300, 2}, {1.0, 200, 1}};
    auto run = parse_saved_run(format_csv(profile), "mem.csv");
    REQUIRE(run);
    CHECK(run->profile.samples.size() == 3);
    CHECK(run->profile.peak_bytes == 300);
    CHECK(run->profile.peak_time_s == 0.5);
    CHECK(run->profile.duration_s == 1.0);
    CHECK(run->profile.command == std::vector<std::string>{"mem.csv"});
    CHECK_FALSE(run->budget);
}

TEST_CASE("parse_saved_run reads a --json report", "[memprof][saved]") {
    Profile profile;
    profile.command = {"sleep", "1"};
    profile.samples = {{0.0, 100, 1}, {0.5, 300, 1}};
    profile.peak_bytes = 400;
    profile.peak_source = PeakSource::exit_vmhwm;
    auto doc = to_json(profile);
    doc["budget_bytes"] = 1000;
    auto run = parse_saved_run(doc.dump(), "r.json");
    REQUIRE(run);
    CHECK(run->profile.command == profile.command);
    CHECK(run->profile.peak_bytes == 400);
    CHECK(run->profile.peak_source == PeakSource::exit_vmhwm);
    CHECK(run->budget == 1000u);
}

TEST_CASE("parse_saved_run refuses other text", "[memprof][saved]") {
    CHECK_FALSE(parse_saved_run("hello", "x"));
    CHECK_FALSE(parse_saved_run("{\"a\": 1}", "x"));
    CHECK_FALSE(parse_saved_run("t,bytes,processes\n", "x"));
    CHECK_FALSE(parse_saved_run("t,bytes,processes\n1,2\n", "x"));
}
