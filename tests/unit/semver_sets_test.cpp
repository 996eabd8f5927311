#include <catch2/catch.hpp>

#include <tbx/semver/bump.hpp>
#include <tbx/semver/constraint.hpp>
#include <tbx/semver/convert.hpp>
#include <tbx/semver/parts.hpp>
#include <tbx/semver/setops.hpp>

using namespace tbx::semver;

namespace {

Constraint parse(const char* text, Flavor f) {
    auto c = parse_constraint(text, f);
    REQUIRE(c);
    return *c;
}

std::string convert(const char* text, Syntax from, Syntax to) {
    auto out = convert_constraint(text, from, to);
    return out ? out->text : "error: " + out.error().message;
}

std::string bump(const char* text, BumpPart part, Flavor f, const BumpOptions& o = {}) {
    auto v = parse_version(text, f);
    REQUIRE(v);
    auto out = bump_version(*v, part, o);
    return out ? *out : "error";
}

} // namespace

// Issue 18: node-semver's increments with --preid, and PEP 440's parts for poetry.
TEST_CASE("semver: bump speaks node-semver's inc and PEP 440", "[semver]") {
    CHECK(bump("1.2.3", BumpPart::premajor, Flavor::npm, {"beta", 0}) == "2.0.0-beta.0");
    CHECK(bump("1.2.3-beta.1", BumpPart::prerelease, Flavor::npm, {"beta", 0}) == "1.2.3-beta.2");
    CHECK(bump("1.2.3-alpha.1", BumpPart::prerelease, Flavor::npm, {"beta", 1}) == "1.2.3-beta.1");
    CHECK(bump("1.2.3", BumpPart::release, Flavor::npm) == "error");
    CHECK(bump("1.2.3", BumpPart::premajor, Flavor::poetry, {"rc", 0}) == "2.0.0rc0");
    CHECK(bump("1.2.3", BumpPart::post, Flavor::poetry) == "1.2.3.post0");
    CHECK(bump("1.2.3", BumpPart::dev, Flavor::poetry) == "1.2.4.dev0");
    CHECK(bump("1.2.3rc1", BumpPart::release, Flavor::poetry) == "1.2.3");
}

TEST_CASE("semver: get, diff and coerce", "[semver]") {
    auto v = parse_version("1!2.3rc1.post2+ubuntu.1", Flavor::poetry);
    REQUIRE(v);
    CHECK(*version_part(*v, "prerel") == "rc1");
    CHECK(*version_part(*v, "local") == "ubuntu.1");
    auto a = parse_version("1.2.3", Flavor::npm);
    auto b = parse_version("1.3.0-rc.1", Flavor::npm);
    REQUIRE((a && b));
    CHECK(version_diff(*a, *b) == "preminor");
    CHECK(coerce_version("v2.3-beta", false, false) == "2.3.0");
    CHECK(coerce_version("1.2.3.4", true, false) == "2.3.4");
    CHECK(loose_semver("=01.2.3beta") == "1.2.3-beta");
}

TEST_CASE("semver: subset follows the pre-release rule", "[semver]") {
    CHECK(is_subset(parse("^1.2.3", Flavor::npm), parse("^1", Flavor::npm)));
    CHECK_FALSE(is_subset(parse("^1", Flavor::npm), parse("^1.2", Flavor::npm)));
    // <=1.2.3 and <1.2.4 hold the same releases.
    CHECK(is_subset(parse("<1.2.4", Flavor::npm), parse("<=1.2.3", Flavor::npm)));
    CHECK_FALSE(is_subset(parse("1.2.3-rc.1", Flavor::npm), parse("^1.2.0", Flavor::npm)));
    CHECK(is_subset(parse("~1.2", Flavor::poetry), parse("^1.0", Flavor::poetry)));
}

TEST_CASE("semver: simplify keeps the versions it picks", "[semver]") {
    std::vector<std::string> versions{"1.0.0", "1.2.0", "1.4.0", "1.5.0", "2.0.0"};
    CHECK(*simplify_range(parse(">=1.0.0 <1.5.0 || >=2.0.0 <3.0.0", Flavor::npm), versions) ==
          "<=1.4.0 || >=2.0.0");
    CHECK(*simplify_range(parse("^9", Flavor::npm), versions) == "<0.0.0-0");
    // 1.1.0-rc.1 falls outside cargo's pre-release rule: two runs, and cargo has no OR.
    CHECK_FALSE(simplify_range(parse(">=1.0.0-rc.1, <2.0.0", Flavor::cargo),
                               {"1.0.0-rc.1", "1.1.0-rc.1", "1.2.0"}));
}

TEST_CASE("semver: convert keeps the set or names what cannot be written", "[semver]") {
    CHECK(convert("~1", Syntax::poetry, Syntax::pep440) == ">=1,<2");
    CHECK(convert("~1.2", Syntax::poetry, Syntax::pep440) == ">=1.2,<1.3");
    CHECK(convert("^0.43b0", Syntax::poetry, Syntax::pep440) == ">=0.43b0,<0.44");
    CHECK(convert("^1 || ^3", Syntax::poetry, Syntax::pep440) == ">=1,<4,!=2.*");
    CHECK(convert("^1.2", Syntax::npm, Syntax::cargo) == ">=1.2.0, <2.0.0");
    CHECK(convert(">=1.2,<2", Syntax::pep440, Syntax::npm) == ">=1.2.0 <2.0.0-0");
    CHECK(convert("!=1.2.*", Syntax::pep440, Syntax::cargo).rfind("error: cargo has no OR", 0) ==
          0);
    CHECK(convert(">=1.0b1", Syntax::pep440, Syntax::npm).rfind("error: cannot express", 0) == 0);
}

TEST_CASE("semver: outdated finds wanted (highest satisfying) and latest", "[semver]") {
    auto r = outdated(parse("^1", Flavor::npm), {"1.0.0", "1.5.0", "2.0.0", "3.0.0-rc.1", "x"});
    REQUIRE(r.wanted);
    REQUIRE(r.latest);
    CHECK(*r.wanted == 1);
    CHECK(*r.latest == 2);
    CHECK_FALSE(r.latest_allowed);
}
