#include <catch2/catch.hpp>

#include <tbx/semver/constraint.hpp>
#include <tbx/semver/render.hpp>

using namespace tbx::semver;

namespace {

std::string both(const char* a, const char* b, Flavor f) {
    auto ca = parse_constraint(a, f);
    auto cb = parse_constraint(b, f);
    REQUIRE(ca);
    REQUIRE(cb);
    auto text = render_version_set(version_set(intersect_constraints(*ca, *cb)), f);
    REQUIRE(text);
    return *text;
}

} // namespace

// Issue 18: printed ranges are input of their own flavor and keep the pre-release rule.
TEST_CASE("semver: rendered intersections use the flavor's syntax", "[semver]") {
    CHECK(both("^1.2", ">=1.5 <3", Flavor::npm) == ">=1.5.0 <2.0.0-0");
    CHECK(both("^1.2", ">=1.5, <3", Flavor::cargo) == ">=1.5.0, <2.0.0");
    CHECK(both("^1", "^2", Flavor::npm) == "<0.0.0-0");
    CHECK(both("=1.2.3", "*", Flavor::cargo) == "=1.2.3");
    CHECK(both("1.2.3", "*", Flavor::npm) == "1.2.3");
}

TEST_CASE("semver: rendering keeps exactly the admitted pre-releases", "[semver]") {
    // 0.* admits no pre-release, so the intersection's lower bound becomes the release.
    CHECK(both("0.*", "0.3.3-alpha.0", Flavor::cargo) == ">=0.3.3, <0.4.0");
    // Both admit 1.2.3-rc.2: the window joins the release interval it borders.
    CHECK(both("^1.2.3-rc.1", "<1.5.0", Flavor::npm) == ">=1.2.3 <1.5.0-0");
    CHECK(both("^1.2.3-rc.1", ">=1.2.3-beta <1.5.0", Flavor::npm) == ">=1.2.3-rc.1 <1.5.0-0");
    // A window apart from the releases stands alone in npm and has no cargo form.
    auto c = parse_constraint(">=1.2.3-rc.1 <=1.2.3-rc.5 || >=2.0.0", Flavor::npm);
    REQUIRE(c);
    CHECK(*render_version_set(version_set(*c), Flavor::npm) ==
          ">=1.2.3-rc.1 <=1.2.3-rc.5 || >=2.0.0");
    CHECK_FALSE(render_version_set(version_set(*c), Flavor::cargo));
}

TEST_CASE("semver: release intervals with no release between them merge", "[semver]") {
    auto c = parse_constraint("<=1.2.3 || >=1.2.4", Flavor::npm);
    REQUIRE(c);
    CHECK(*render_version_set(version_set(*c), Flavor::npm) == "*");
}

// poetry-core prints "<1.5 || >=2" as "!=1.*", which reads back as another set; tbx keeps the
// union, and still writes the exact wildcard gaps as poetry-core does.
TEST_CASE("semver: poetry unions print as text that reads back the same", "[semver]") {
    auto text = [](const char* c) {
        auto parsed = parse_constraint(c, Flavor::poetry);
        REQUIRE(parsed);
        return normalized_range(*parsed);
    };
    CHECK(text("<1.5 || >=2") == "<1.5 || >=2");
    CHECK(text("!=1.2.*") == "!=1.2.*");
    CHECK(text("<1 || >=2") == "!=1.*");
}
