// The renderings of memprof.cpp: the human report, the chart, the SVG, the --json document and
// the --lines tables, from hand-built profiles.
#include <algorithm>
#include <string>

#include <catch2/catch.hpp>

#include "commands/memprof_render.hpp"
#include "memprof_samples.hpp"

using namespace tbx::memprof;
using namespace tbx::memprof::testing;
using namespace tbx::cli::memprof_view;
using Json = nlohmann::ordered_json;

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

TEST_CASE("memprof: report_json follows docs/json.md", "[memprof][render]") {
    auto doc = report_json(sample_profile());
    CHECK(doc["command"] == Json({"python3", "-c", "print('hi')"}));
    CHECK_FALSE(doc.contains("command_base64"));
    CHECK(doc["exit_code"] == 0);
    CHECK(doc["signal"].is_null());
    CHECK(doc["metric"] == "rss");
    CHECK(doc["peak_bytes"] == 120 * k_mib);
    CHECK(doc["peak_source"] == "vmhwm");
    CHECK(doc["peak_exact"] == true);
    CHECK(doc["sampled_peak_bytes"] == 93 * k_mib);
    CHECK(doc["baseline_bytes"] == 17 * k_mib);
    REQUIRE(doc["samples"].size() == 6);
    CHECK(doc["samples"][2]["t_s"] == 1.0);
    CHECK(doc["samples"][2]["memory_bytes"] == 93 * k_mib);
    CHECK_FALSE(doc["samples"][2].contains("t"));
    REQUIRE(doc["processes"].size() == 2);
    CHECK(doc["processes"][1]["ppid"] == 10);
    CHECK(doc["processes"][1]["cmd"] == "worker");
}

TEST_CASE("memprof: report_json keeps the bytes of a command that is not UTF-8",
          "[memprof][render]") {
    Profile profile = sample_profile();
    profile.command = {"cat", "bad\xff.txt"};
    profile.processes[0].cmd = "cat bad\xff.txt";
    auto doc = report_json(profile);
    CHECK(doc["command"] == Json({"cat", "bad\xEF\xBF\xBD.txt"}));
    CHECK(doc["command_base64"] == Json({"Y2F0", "YmFk/y50eHQ="}));
    CHECK(doc["processes"][0]["cmd"] == "cat bad\xEF\xBF\xBD.txt");
    CHECK(doc["processes"][0]["cmd_base64"] == "Y2F0IGJhZP8udHh0");
    CHECK_FALSE(doc["processes"][1].contains("cmd_base64"));
}

TEST_CASE("format_lines keeps memory_profiler's layout plus Peak in line", "[memprof][lines]") {
    std::string text = format_lines({sample_lines()});
    const std::string header =
        "Line #    Mem usage    Increment  Occurrences  Peak in line   Line Contents";
    CHECK(text.find(header + "\n" + std::string(header.size(), '=') + "\n") != std::string::npos);
    CHECK(text.find("     5     20.0 MiB      0.0 MiB           1     276.0 MiB       n = len") !=
          std::string::npos);
    CHECK(text.find("     6     20.0 MiB     -1.0 MiB           2      20.0 MiB       del n") !=
          std::string::npos);
    // A line that never ran has empty figures, as in memory_profiler.
    CHECK(text.find("     4                                                       def load():") !=
          std::string::npos);
    CHECK(text.find("Filename: app.py") == 0);
}

TEST_CASE("lines_json carries every row", "[memprof][lines]") {
    auto doc = lines_json({sample_lines()});
    REQUIRE(doc.size() == 1);
    CHECK(doc[0]["pid"] == 42);
    const auto& rows = doc[0]["functions"][0]["lines"];
    REQUIRE(rows.size() == 4);
    CHECK(rows[1]["mem_bytes"].is_null());
    CHECK(rows[2]["peak_bytes"] == 276 * k_mib);
    CHECK(rows[3]["increment_bytes"] == -static_cast<std::int64_t>(k_mib));
}
