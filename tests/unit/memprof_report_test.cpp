// The --max size parser and the --csv samples file.
#include <algorithm>
#include <string>

#include <catch2/catch.hpp>

#include <tbx/memprof/report.hpp>

#include "memprof_samples.hpp"

using namespace tbx::memprof;
using namespace tbx::memprof::testing;

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

TEST_CASE("memprof: format_csv writes one row per sample", "[memprof]") {
    std::string csv = format_csv(sample_profile());
    CHECK(csv.rfind("t,bytes,processes\n0.000000,17825792,1\n0.500000,18874368,1\n", 0) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 7);
}
