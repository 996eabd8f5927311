// Renderings of a Profile and the --max size parser.
#include <string>

#include <catch2/catch.hpp>

#include <tbx/memprof/report.hpp>

using namespace tbx::memprof;

namespace {

constexpr std::uint64_t k_mib = 1024 * 1024;

Profile sample_profile() {
    Profile profile;
    profile.command = {"python3", "-c", "print('hi')"};
    profile.exit_code = 0;
    profile.duration_s = 3.0;
    profile.interval_s = 0.5;
    profile.samples = {{0.0, 17 * k_mib, 1}, {0.5, 18 * k_mib, 1}, {1.0, 93 * k_mib, 2},
                       {1.5, 93 * k_mib, 2}, {2.0, 17 * k_mib, 1}, {2.5, 17 * k_mib, 1}};
    profile.baseline_bytes = 17 * k_mib;
    profile.sampled_peak_bytes = 93 * k_mib;
    profile.sampled_peak_time_s = 1.0;
    profile.peak_bytes = 120 * k_mib;
    profile.peak_time_s = 1.0;
    profile.peak_source = PeakSource::vmhwm;
    profile.peak_pid = 11;
    profile.processes = {{10, 1, "python3 -c print('hi')", 93 * k_mib, 0, 2.5},
                         {11, 10, "worker", 120 * k_mib, 0.9, 1.5}};
    return profile;
}

} // namespace

TEST_CASE("memprof: parse_size takes binary and decimal units", "[memprof]") {
    CHECK(parse_size("4096").value() == 4096);
    CHECK(parse_size("4096B").value() == 4096);
    CHECK(parse_size("500M").value() == 500 * k_mib);
    CHECK(parse_size("500m").value() == 500 * k_mib);
    CHECK(parse_size("2G").value() == 2048 * k_mib);
    CHECK(parse_size("1.5GiB").value() == 1536 * k_mib);
    CHECK(parse_size("300MB").value() == 300'000'000);
    CHECK(parse_size("1kB").value() == 1000);
    CHECK(parse_size("1K").value() == 1024);
    CHECK(parse_size("1T").value() == 1024ULL * 1024 * k_mib);
}

TEST_CASE("memprof: parse_size rejects junk", "[memprof]") {
    for (const char* text : {"", "M", "-5M", "1.2.3G", "5X", "5 M", ".", "1e3", "99999999999T"}) {
        INFO(text);
        CHECK_FALSE(parse_size(text));
    }
}

TEST_CASE("memprof: format_size keeps three significant digits", "[memprof]") {
    CHECK(format_size(812) == "812 B");
    CHECK(format_size(1024) == "1.00 KiB");
    CHECK(format_size(17 * k_mib + 400 * 1024) == "17.4 MiB");
    CHECK(format_size(300 * k_mib) == "300 MiB");
    CHECK(format_size(1536 * k_mib) == "1.50 GiB");
    CHECK(format_mib(93 * k_mib + 600 * 1024) == "93.6");
}

TEST_CASE("memprof: format_command quotes words a shell would split", "[memprof]") {
    CHECK(format_command({"ls", "-l", "/tmp"}) == "ls -l /tmp");
    CHECK(format_command({"sh", "-c", "echo 'a b'"}) == "sh -c 'echo '\\''a b'\\'''");
    CHECK(format_command({"x", ""}) == "x ''");
}

TEST_CASE("memprof: format_csv writes one row per sample", "[memprof]") {
    std::string csv = format_csv(sample_profile());
    CHECK(csv.rfind("t,bytes,processes\n0.000000,17825792,1\n0.500000,18874368,1\n", 0) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 7);
}

TEST_CASE("memprof: to_json follows the documented schema", "[memprof]") {
    auto doc = to_json(sample_profile());
    CHECK(doc["command"] == nlohmann::json({"python3", "-c", "print('hi')"}));
    CHECK(doc["exit_code"] == 0);
    CHECK(doc["signal"].is_null());
    CHECK(doc["metric"] == "rss");
    CHECK(doc["peak_bytes"] == 120 * k_mib);
    CHECK(doc["peak_source"] == "vmhwm");
    CHECK(doc["peak_exact"] == true);
    CHECK(doc["sampled_peak_bytes"] == 93 * k_mib);
    CHECK(doc["baseline_bytes"] == 17 * k_mib);
    REQUIRE(doc["samples"].size() == 6);
    CHECK(doc["samples"][2]["t"] == 1.0);
    CHECK(doc["samples"][2]["bytes"] == 93 * k_mib);
    REQUIRE(doc["processes"].size() == 2);
    CHECK(doc["processes"][1]["ppid"] == 10);
    CHECK(doc["processes"][1]["cmd"] == "worker");
}

TEST_CASE("memprof: format_summary says which peak is exact and which sampled", "[memprof]") {
    SummaryOptions options;
    options.budget = 100 * k_mib;
    std::string text = format_summary(sample_profile(), options);
    CHECK(text.find("peak      120 MiB at 1.00 s (exact: VmHWM of pid 11)") != std::string::npos);
    CHECK(text.find("sampled   93.0 MiB") != std::string::npos);
    CHECK(text.find("samples   MiB [17.0, 18.0, 93.0, 93.0, 17.0, 17.0]") != std::string::npos);
    CHECK(text.find("budget    100 MiB EXCEEDED") != std::string::npos);
    CHECK(text.find("processes (2 seen") != std::string::npos);
    CHECK(text.find("█") != std::string::npos);
}

TEST_CASE("memprof: format_summary elides long sample lists and fits 80 columns", "[memprof]") {
    Profile profile = sample_profile();
    profile.samples.clear();
    for (int i = 0; i < 500; ++i) {
        profile.samples.push_back({i * 0.01, static_cast<std::uint64_t>(i) * k_mib, 1});
    }
    std::string text = format_summary(profile, SummaryOptions{});
    CHECK(text.find("... 460 more ...") != std::string::npos);
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        std::string line = text.substr(start, end - start);
        // Count code points, not bytes: the chart uses multi-byte block characters.
        std::size_t width = 0;
        for (unsigned char c : line) {
            width += (c & 0xC0) != 0x80 ? 1 : 0;
        }
        INFO(line);
        CHECK(width <= 80);
        start = end + 1;
    }
}

TEST_CASE("memprof: format_chart draws a full block at the maximum", "[memprof]") {
    std::vector<Sample> samples = {{0, 0, 1}, {1, 10 * k_mib, 1}, {2, 5 * k_mib, 1}};
    std::string chart = format_chart(samples, 3, 30, 4);
    CHECK(chart.rfind("10 ┤", 0) == 0);
    CHECK(chart.find("█") != std::string::npos);
    CHECK(chart.find("3 s") != std::string::npos);
    CHECK(format_chart({}, 0, 30, 4).empty());
}

TEST_CASE("memprof: format_svg is a self-contained document with the peak marked", "[memprof]") {
    Profile profile = sample_profile();
    profile.command = {"sh", "-c", "a < b & c"};
    std::string svg = format_svg(profile, 200 * k_mib);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("</svg>") != std::string::npos);
    CHECK(svg.find("a &lt; b &amp; c") != std::string::npos);
    CHECK(svg.find("peak 120 MiB at 1.00 s (exact)") != std::string::npos);
    CHECK(svg.find("budget 200 MiB") != std::string::npos);
    CHECK(svg.find("RSS (MiB)") != std::string::npos);
    CHECK(svg.find("href") == std::string::npos); // nothing external
}
