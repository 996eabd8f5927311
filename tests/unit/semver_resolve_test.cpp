#include <catch2/catch.hpp>

#include <tbx/semver/resolve.hpp>

using namespace tbx::semver;

TEST_CASE("semver: resolve picks satisfying candidates in precedence order", "[semver]") {
    auto c = parse_constraint("^1.2", Flavor::npm);
    REQUIRE(c);
    std::vector<std::string> tags{"v1.3.0", "1.2.10", "junk", "2.0.0", "1.2.9", "1.4.0-rc.1"};
    Resolution r = resolve(*c, tags);
    REQUIRE(r.matches.size() == 3);
    CHECK(tags[r.matches.back()] == "v1.3.0");
    CHECK(tags[r.matches.front()] == "1.2.9");
    CHECK(r.invalid == std::vector<std::size_t>{2});
}

TEST_CASE("semver: poetry's '*' falls back to pre-releases when nothing else exists", "[semver]") {
    auto c = parse_constraint("*", Flavor::poetry);
    REQUIRE(c);
    Resolution r = resolve(*c, {"1.0a1", "1.0b1"});
    CHECK(r.matches.size() == 2);
    Resolution stable = resolve(*c, {"1.0a1", "0.9"});
    CHECK(stable.matches.size() == 1);
}

TEST_CASE("semver: sort orders by precedence, ties by build", "[semver]") {
    std::vector<std::string> v{"1.10.0", "1.2.0", "1.2.0-rc.1", "1.2.0+b"};
    auto order = sort_versions(v, Flavor::cargo);
    REQUIRE(order);
    CHECK(v[(*order)[0]] == "1.2.0-rc.1");
    CHECK(v[(*order)[1]] == "1.2.0");
    CHECK(v[(*order)[2]] == "1.2.0+b");
    CHECK(v[(*order)[3]] == "1.10.0");
    CHECK_FALSE(sort_versions({"1.0", "x"}, Flavor::npm));
}
