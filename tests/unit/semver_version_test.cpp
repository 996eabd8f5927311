#include <catch2/catch.hpp>

#include <tbx/semver/bump.hpp>
#include <tbx/semver/parts.hpp>
#include <tbx/semver/version.hpp>

using namespace tbx::semver;

namespace {

int cmp(const char* a, const char* b, Flavor f) {
    auto va = parse_version(a, f);
    auto vb = parse_version(b, f);
    REQUIRE(va);
    REQUIRE(vb);
    return compare_versions(*va, *vb);
}

} // namespace

TEST_CASE("semver: SemVer 2.0 precedence follows the spec's example chain", "[semver]") {
    const char* chain[] = {"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                           "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",       "1.0.0"};
    for (Flavor f : {Flavor::npm, Flavor::cargo}) {
        for (std::size_t i = 0; i + 1 < std::size(chain); ++i) {
            CHECK(cmp(chain[i], chain[i + 1], f) < 0);
            CHECK(cmp(chain[i + 1], chain[i], f) > 0);
        }
        CHECK(cmp("1.0.0+build.1", "1.0.0", f) == 0);
    }
}

// Issue 4: node-semver compares all-digit identifiers as JavaScript numbers (doubles), and
// the first identifiers whose texts differ decide even when those numbers are equal.
TEST_CASE("semver: numeric identifiers compare as each reference compares them", "[semver]") {
    CHECK(cmp("1.0.0-9007199254740993", "1.0.0-9007199254740992", Flavor::npm) == 0);
    CHECK(cmp("1.0.0-9007199254740993", "1.0.0-9007199254740992", Flavor::cargo) > 0);
    CHECK(cmp("1.0.0-10000000000000000", "1.0.0-9007199254740991", Flavor::npm) > 0);
    CHECK(cmp("1.0.0-9007199254740993.b", "1.0.0-9007199254740992.a", Flavor::npm) == 0);
    CHECK(cmp("1.0.0-alpha.9007199254740993", "1.0.0-alpha.x", Flavor::npm) < 0);
    auto build = [](const char* a, const char* b, Flavor f) {
        return compare_build(*parse_semver(a, f), *parse_semver(b, f), f);
    };
    CHECK(build("1.0.0+01", "1.0.0+1", Flavor::npm) == 0);
    CHECK(build("1.0.0+01.b", "1.0.0+1.a", Flavor::npm) == 0);
    CHECK(build("1.0.0+2", "1.0.0+10", Flavor::npm) < 0);
    CHECK(build("1.0.0+01", "1.0.0+1", Flavor::cargo) > 0);
    CHECK(build("1.0.0+1.b", "1.0.0+1.a", Flavor::cargo) > 0);
}

TEST_CASE("semver: parse_semver_into reuses the version and matches parse_semver", "[semver]") {
    SemVersion v;
    REQUIRE(parse_semver_into("1.2.3-a-very-long-prerelease.7+build.5", Flavor::npm, v));
    CHECK(v.pre == "a-very-long-prerelease.7");
    CHECK(v.build == "build.5");
    REQUIRE(parse_semver_into(" v4.5.6 ", Flavor::npm, v));
    CHECK((v.major == 4 && v.minor == 5 && v.patch == 6));
    CHECK(v.pre.empty());
    CHECK(v.build.empty());
    CHECK_FALSE(parse_semver_into("1.2.3-01", Flavor::npm, v));
    CHECK_FALSE(parse_semver_into("99999999999999999999.0.0", Flavor::cargo, v));
    CHECK(parse_semver_into("18446744073709551615.0.0", Flavor::cargo, v));
    CHECK(v.major == UINT64_MAX);
}

TEST_CASE("semver: npm accepts a leading v and whitespace, cargo does not", "[semver]") {
    CHECK(parse_semver(" v1.2.3 ", Flavor::npm));
    CHECK_FALSE(parse_semver("v1.2.3", Flavor::cargo));
    CHECK_FALSE(parse_semver("1.2", Flavor::npm));
    CHECK_FALSE(parse_semver("01.2.3", Flavor::cargo));
    CHECK_FALSE(parse_semver("1.2.3-01", Flavor::npm));
    CHECK(parse_semver("1.2.3+001", Flavor::cargo));
    // node-semver rejects numbers above 2^53-1.
    CHECK_FALSE(parse_semver("9007199254740992.0.0", Flavor::npm));
    CHECK(parse_semver("9007199254740992.0.0", Flavor::cargo));
}

TEST_CASE("semver: version errors give the column and what was expected", "[semver]") {
    auto v = parse_semver("1.2.3.4", Flavor::npm);
    REQUIRE_FALSE(v);
    CHECK(v.error().message.find("at most three parts") != std::string::npos);
    CHECK(v.error().message.find("column 7") != std::string::npos);
}

TEST_CASE("semver: PEP 440 ordering matches poetry-core's sort key", "[semver]") {
    const char* chain[] = {"1.0.dev0",  "1.0a1.dev0",     "1.0a1",     "1.0b2",   "1.0rc1", "1.0",
                           "1.0+local", "1.0.post1.dev0", "1.0.post1", "1.0.0.1", "1!0.1"};
    for (std::size_t i = 0; i + 1 < std::size(chain); ++i) {
        INFO(chain[i] << " < " << chain[i + 1]);
        CHECK(cmp(chain[i], chain[i + 1], Flavor::poetry) < 0);
    }
    CHECK(cmp("1.0", "1.0.0", Flavor::poetry) == 0);
    CHECK(cmp("1.0alpha1", "1.0a1", Flavor::poetry) == 0);
    CHECK(cmp("1.0-1", "1.0.post1", Flavor::poetry) == 0);
    // poetry-core's Release key pads to three parts only: 1.0.0.0 sorts after 1.0.
    CHECK(cmp("1.0.0.0", "1.0", Flavor::poetry) > 0);
}

TEST_CASE("semver: PEP 440 parsing keeps poetry-core's parts", "[semver]") {
    auto v = parse_pep440("v1!2022.1rc2.post3.dev4+Ubuntu-1");
    REQUIRE(v);
    CHECK(v->epoch == 1);
    CHECK(v->release == std::vector<std::uint64_t>{2022, 1});
    CHECK(v->pre->phase == "rc");
    CHECK(v->post->number == 3);
    CHECK(v->dev->number == 4);
    CHECK(*v->local == std::vector<std::string>{"ubuntu", "1"});
    CHECK(v->to_string() == "1!2022.1rc2.post3.dev4+ubuntu.1");
    CHECK_FALSE(parse_pep440("1.2.*"));
    CHECK_FALSE(parse_pep440("1.0+"));
}

TEST_CASE("semver: bump follows npm inc and poetry version rules", "[semver]") {
    auto bump = [](const char* text, BumpPart part, Flavor f) {
        auto v = parse_version(text, f);
        REQUIRE(v);
        return *bump_version(*v, part);
    };
    CHECK(bump("1.2.3", BumpPart::minor, Flavor::npm) == "1.3.0");
    CHECK(bump("1.2.3-rc.1", BumpPart::patch, Flavor::npm) == "1.2.3");
    CHECK(bump("2.0.0-rc.1", BumpPart::major, Flavor::cargo) == "2.0.0");
    CHECK(bump("1.2.3", BumpPart::pre, Flavor::npm) == "1.2.4-0");
    CHECK(bump("1.2.3-rc.1", BumpPart::pre, Flavor::npm) == "1.2.3-rc.2");
    CHECK(bump("1.2.3-rc.9.x", BumpPart::pre, Flavor::npm) == "1.2.3-rc.10.x");
    CHECK(bump("1.2.3-rc", BumpPart::pre, Flavor::npm) == "1.2.3-rc.0");
    // Above 2^53-1 node-semver keeps an identifier as a string, so inc() appends.
    CHECK(bump("1.0.0-9007199254740993", BumpPart::pre, Flavor::npm) == "1.0.0-9007199254740993.0");
    CHECK(bump("1.0.0-a.9007199254740990", BumpPart::pre, Flavor::npm) ==
          "1.0.0-a.9007199254740991");
    CHECK(bump("1.2.3", BumpPart::major, Flavor::poetry) == "2.0.0");
    CHECK(bump("1.2", BumpPart::patch, Flavor::poetry) == "1.2.1");
    CHECK(bump("1.2.3", BumpPart::pre, Flavor::poetry) == "1.2.4a0");
    CHECK(bump("1.2.3b1", BumpPart::pre, Flavor::poetry) == "1.2.3b2");
}
