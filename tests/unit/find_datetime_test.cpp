#include <catch2/catch.hpp>

#include <tbx/find/datetime.hpp>

using namespace tbx::find;

namespace {
// 2024-06-01 10:00:00.5 UTC.
constexpr timespec k_now{1717236000, 500000000};

std::time_t at(std::string_view text) {
    const auto parsed = parse_datetime(text, k_now);
    REQUIRE(parsed.has_value());
    return parsed->tv_sec;
}
} // namespace

TEST_CASE("parse_datetime reads zoned dates, epochs and relative items", "[find][datetime]") {
    CHECK(at("@1717236000") == 1717236000);
    CHECK(parse_datetime("@-1.5", k_now)->tv_sec == -2);
    CHECK(at("2024-06-01T00:00:00Z") == 1717200000);
    CHECK(at("2024-06-01 02:00 +0200") == 1717200000);
    CHECK(at("2024-06-01 01:00 +01:00") == 1717200000);
    CHECK(at("Jun 1 2024 00:00 UTC") == 1717200000);
    CHECK(at("1 June 2024 UTC") == 1717200000);
    CHECK(at("2024-05-31 UTC +1 day") == 1717200000);
    CHECK(at("now") == k_now.tv_sec);
    CHECK(parse_datetime("now", k_now)->tv_nsec == k_now.tv_nsec);
    CHECK(at("3 hours ago") == k_now.tv_sec - 3 * 3600);
    CHECK(at("-2 weeks") == k_now.tv_sec - 14 * 86400);
    CHECK(parse_datetime("2024-06-01 10:00:00.25 UTC", k_now)->tv_nsec == 250000000);
}

TEST_CASE("parse_datetime refuses what GNU find refuses", "[find][datetime]") {
    for (const char* text : {"bogus", "2024-13-01", "2024-06-01 25:00", "@", "@12x", "3 parsecs"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_datetime(text, k_now).has_value());
    }
}
