#include <catch2/catch.hpp>

#include <tbx/semver/range.hpp>

using namespace tbx::semver;

namespace {

SemVersion v(const char* text) {
    auto parsed = parse_semver(text, Flavor::cargo);
    REQUIRE(parsed);
    return *parsed;
}

SemInterval closed_open(const char* lo, const char* hi) {
    SemInterval i;
    i.min = v(lo);
    i.max = v(hi);
    return i;
}

} // namespace

TEST_CASE("semver: interval union merges touching intervals", "[semver]") {
    SemIntervalSet u = normalize({closed_open("2.0.0", "3.0.0"), closed_open("1.0.0", "2.0.0")});
    REQUIRE(u.size() == 1);
    CHECK(u[0].contains(v("2.5.0")));
    CHECK_FALSE(u[0].contains(v("3.0.0")));
    SemIntervalSet gap = normalize({closed_open("1.0.0", "1.5.0"), closed_open("2.0.0", "3.0.0")});
    CHECK(gap.size() == 2);
}

TEST_CASE("semver: interval intersection and emptiness", "[semver]") {
    SemIntervalSet a = {closed_open("1.0.0", "2.0.0")};
    SemIntervalSet b = {closed_open("1.5.0", "3.0.0")};
    SemIntervalSet both = intersect(a, b);
    REQUIRE(both.size() == 1);
    CHECK(both[0].contains(v("1.5.0")));
    CHECK_FALSE(both[0].contains(v("2.0.0")));
    CHECK(intersect(a, SemIntervalSet{closed_open("2.0.0", "3.0.0")}).empty());
    SemInterval point = closed_open("1.0.0", "1.0.0");
    CHECK(point.is_empty());
}

TEST_CASE("semver: poetry ranges keep poetry-core's max rule", "[semver]") {
    auto p = [](const char* text) { return *parse_pep440(text); };
    PoetryRange r = make_poetry_range(p("1.0"), p("2.0"), true, false);
    CHECK(r.full_max->to_string() == "2.0a0");
    CHECK_FALSE(r.allows(p("2.0a1")));
    PoetryRange pre = make_poetry_range(p("2.0a1"), p("2.0"), true, false);
    CHECK(pre.allows(p("2.0b1")));
    PoetryUnion u = poetry_union_of({make_poetry_range(std::nullopt, p("1.0"), false, false),
                                     make_poetry_range(p("1.0"), std::nullopt, true, false)});
    CHECK(u.size() == 1);
    CHECK(poetry_to_string(u) == "*");
}
