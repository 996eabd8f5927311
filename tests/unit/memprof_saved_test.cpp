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
    // The fields of docs/json.md (samples {t_s, memory_bytes}), as tbx memprof --json writes.
    const char* report =
        R"({"command":["sleep","1"],"peak_bytes":400,"peak_source":"exit_vmhwm",)"
        R"("budget_bytes":1000,"samples":[{"t_s":0.0,"memory_bytes":100,"processes":1},)"
        R"({"t_s":0.5,"memory_bytes":300,"processes":1}]})";
    auto run = parse_saved_run(report, "r.json");
    REQUIRE(run);
    CHECK(run->profile.command == std::vector<std::string>{"sleep", "1"});
    CHECK(run->profile.peak_bytes == 400);
    CHECK(run->profile.peak_source == PeakSource::exit_vmhwm);
    REQUIRE(run->profile.samples.size() == 2);
    CHECK(run->profile.samples[1].t == 0.5);
    CHECK(run->profile.samples[1].bytes == 300);
    CHECK(run->budget == 1000u);
}

TEST_CASE("parse_saved_run still reads reports saved with the old sample names",
          "[memprof][saved]") {
    // Before the JSON convention samples were {t, bytes}: saved reports must still plot.
    const char* report = R"({"command":["sleep","1"],"peak_bytes":300,"budget_bytes":null,)"
                         R"("samples":[{"t":0.0,"bytes":100,"processes":1},)"
                         R"({"t":0.25,"bytes":300,"processes":2}]})";
    auto run = parse_saved_run(report, "old.json");
    REQUIRE(run);
    REQUIRE(run->profile.samples.size() == 2);
    CHECK(run->profile.samples[1].t == 0.25);
    CHECK(run->profile.samples[1].bytes == 300);
    CHECK(run->profile.samples[1].processes == 2);
    CHECK_FALSE(run->budget);
}

TEST_CASE("parse_saved_run refuses other text", "[memprof][saved]") {
    CHECK_FALSE(parse_saved_run("hello", "x"));
    CHECK_FALSE(parse_saved_run("{\"a\": 1}", "x"));
    CHECK_FALSE(parse_saved_run("t,bytes,processes\n", "x"));
    CHECK_FALSE(parse_saved_run("t,bytes,processes\n1,2\n", "x"));
}
