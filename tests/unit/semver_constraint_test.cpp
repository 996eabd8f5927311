#include <catch2/catch.hpp>

#include <tbx/semver/constraint.hpp>

using namespace tbx::semver;

namespace {

bool sat(const char* constraint, const char* version, Flavor f,
         Prerelease p = Prerelease::by_flavor_rule) {
    auto c = parse_constraint(constraint, f, p);
    REQUIRE(c);
    auto v = parse_version(version, f);
    REQUIRE(v);
    return satisfies(*c, *v);
}

std::string range(const char* constraint, Flavor f) {
    auto c = parse_constraint(constraint, f);
    REQUIRE(c);
    return normalized_range(*c);
}

} // namespace

TEST_CASE("semver: the issue's caret and tilde examples hold in every flavor", "[semver]") {
    for (Flavor f : {Flavor::poetry, Flavor::npm, Flavor::cargo}) {
        INFO(flavor_name(f));
        CHECK(sat("^1.2.3", "1.3.0", f));
        CHECK_FALSE(sat("^1.2.3", "2.0.0", f));
        CHECK(sat("^0.2.4", "0.2.5", f));
        CHECK_FALSE(sat("^0.2.4", "0.3.0", f));
        CHECK(sat("~1.2.3", "1.2.7", f));
        CHECK_FALSE(sat("~1.2.3", "1.3.0", f));
        CHECK(sat("~1.2", "1.2.7", f));
        CHECK_FALSE(sat("~1.2", "1.3.0", f));
        CHECK(sat("~1", "1.3.0", f));
        CHECK_FALSE(sat("~1", "2.0.0", f));
    }
}

TEST_CASE("semver: normalized ranges use each reference's own form", "[semver]") {
    CHECK(range("^1.2.3", Flavor::poetry) == ">=1.2.3,<2.0.0");
    CHECK(range("^0.2.4", Flavor::poetry) == ">=0.2.4,<0.3.0");
    CHECK(range("~1", Flavor::poetry) == ">=1,<2");
    CHECK(range("!=1.2.*", Flavor::poetry) == "!=1.2.*");
    CHECK(range("!=1.5", Flavor::poetry) == "!=1.5");
    CHECK(range("^1.2.3", Flavor::npm) == ">=1.2.3 <2.0.0-0");
    CHECK(range("1.2 - 2.3", Flavor::npm) == ">=1.2.0 <2.4.0-0");
    CHECK(range("^1.2.3", Flavor::cargo) == ">=1.2.3, <2.0.0");
}

// Issue 4 (throughput): plain comparators and hyphen ranges take a hand-written parser, the
// rest node-semver's regular expressions; both must print node-semver's own Range.range
// (expected values from node-semver 7.8, without and with includePrerelease).
TEST_CASE("semver: npm ranges match node-semver on both parsing paths", "[semver]") {
    struct Row {
        const char* constraint;
        const char* range;
        const char* range_include_prerelease;
    };
    const Row rows[] = {
        {"^1.2.3", ">=1.2.3 <2.0.0-0", ">=1.2.3 <2.0.0-0"},
        {"^0.2.4-rc.1", ">=0.2.4-rc.1 <0.3.0-0", ">=0.2.4-rc.1 <0.3.0-0"},
        {"^0.0.3", ">=0.0.3 <0.0.4-0", ">=0.0.3 <0.0.4-0"},
        {"^0.0.x", "<0.1.0-0", "<0.1.0-0"},
        {"^1.x", ">=1.0.0 <2.0.0-0", ">=1.0.0-0 <2.0.0-0"},
        {"~1.2", ">=1.2.0 <1.3.0-0", ">=1.2.0-0 <1.3.0-0"},
        {"~> 1.2.3-beta.2", ">=1.2.3-beta.2 <1.3.0-0", ">=1.2.3-beta.2 <1.3.0-0"},
        {"~0", "<1.0.0-0", "<1.0.0-0"},
        {"> 1.2", ">=1.3.0", ">=1.3.0-0"},
        {">=1", ">=1.0.0", ">=1.0.0-0"},
        {"<=1.2", "<1.3.0-0", "<1.3.0-0"},
        {"<1", "<1.0.0-0", "<1.0.0-0"},
        {">*", "<0.0.0-0", "<0.0.0-0"},
        {"<=*", "", ""},
        {"=1.2", ">=1.2.0 <1.3.0-0", ">=1.2.0-0 <1.3.0-0"},
        {"v1.2.3", "1.2.3", "1.2.3"},
        {"^ v2", ">=2.0.0 <3.0.0-0", ">=2.0.0-0 <3.0.0-0"},
        {"1.2.3 - 2.3", ">=1.2.3 <2.4.0-0", ">=1.2.3-0 <2.4.0-0"},
        {"1.x - v2.3.4-rc.1", ">=1.0.0 <=2.3.4-rc.1", ">=1.0.0-0 <=2.3.4-rc.1"},
        {"* - 2", "<3.0.0-0", "<3.0.0-0"},
        {"1.2.3 - *", ">=1.2.3", ">=1.2.3-0"},
        {"0.0.0 - 1", "<2.0.0-0", "<2.0.0-0"},
        {">=0.0.0 <1 || >=2", "<1.0.0-0||>=2.0.0", ">=0.0.0 <1.0.0-0||>=2.0.0-0"},
        {"1.2.3 1.2.3 || *", "", ""},
        {"<0.0.0-0 || 1", ">=1.0.0 <2.0.0-0", ">=1.0.0-0 <2.0.0-0"},
        {"^1.2.3+build", ">=1.2.3 <2.0.0-0", ">=1.2.3 <2.0.0-0"},
        {"1.2.3 - 2 >3", "invalid", "invalid"},
        {">=01.2.3", "invalid", "invalid"},
        {"x.1", "invalid", "invalid"},
    };
    for (const Row& row : rows) {
        INFO(row.constraint);
        auto plain = parse_constraint(row.constraint, Flavor::npm);
        auto inc = parse_constraint(row.constraint, Flavor::npm, Prerelease::include);
        CHECK((plain ? normalized_range(*plain) : "invalid") == row.range);
        CHECK((inc ? normalized_range(*inc) : "invalid") == row.range_include_prerelease);
    }
}

TEST_CASE("semver: pre-releases follow each flavor's rule", "[semver]") {
    // npm and cargo: only when a comparator names a pre-release of the same version.
    for (Flavor f : {Flavor::npm, Flavor::cargo}) {
        CHECK(sat("^1.2.3-beta.1", "1.2.3-beta.2", f));
        CHECK_FALSE(sat("^1.2.3-beta.1", "1.2.4-beta.1", f));
        CHECK(sat("^1.2.3-beta.1", "1.2.4-beta.1", f, Prerelease::include));
    }
    // poetry: only when the constraint's own bound is a pre-release or dev release.
    CHECK_FALSE(sat("^1.0", "1.5.0a1", Flavor::poetry));
    CHECK(sat("^1.0", "1.5.0a1", Flavor::poetry, Prerelease::include));
    CHECK(sat(">=1.0a1", "1.5.0a1", Flavor::poetry));
    CHECK_FALSE(sat(">=1.0a1 || <0.5", "1.5.0a1", Flavor::poetry));
    // poetry-core: <2.0.0 with a stable lower bound also excludes 2.0.0's pre-releases.
    CHECK_FALSE(sat(">=1.0,<2.0.0", "2.0.0a1", Flavor::poetry, Prerelease::include));
    CHECK(sat("<=1.0", "1.0+local", Flavor::poetry));
    CHECK(sat("<=1.0", "1.0.post1", Flavor::poetry));
}

TEST_CASE("semver: parse errors name the column and what was expected", "[semver]") {
    auto npm = parse_constraint("^1.2.x.4", Flavor::npm);
    REQUIRE_FALSE(npm);
    CHECK(npm.error().message.find("at most three parts") != std::string::npos);
    CHECK(npm.error().message.find("column 8") != std::string::npos);
    Diagnosis d = diagnose_constraint("^1.2.x.4", Flavor::cargo);
    CHECK(d.column == 7);
    auto cargo = parse_constraint(">=1.2 <2", Flavor::cargo);
    REQUIRE_FALSE(cargo);
    CHECK(cargo.error().message.find("','") != std::string::npos);
    CHECK_FALSE(parse_constraint("", Flavor::poetry));
    CHECK_FALSE(parse_constraint("1.2 - 2.3", Flavor::poetry));
}

TEST_CASE("semver: intersections detect conflicts", "[semver]") {
    auto both = [](const char* a, const char* b, Flavor f) {
        auto ca = parse_constraint(a, f);
        auto cb = parse_constraint(b, f);
        REQUIRE(ca);
        REQUIRE(cb);
        return intersect_constraints(*ca, *cb);
    };
    CHECK(is_empty_constraint(both("^1.2", "<1.1", Flavor::poetry)));
    CHECK(normalized_range(both("^1.2", ">=1.5", Flavor::poetry)) == ">=1.5,<2.0");
    CHECK(is_empty_constraint(both("^1.2.3", "^2", Flavor::npm)));
    CHECK_FALSE(is_empty_constraint(both("^1.2.3", "~1.4", Flavor::cargo)));
}

// Issue 4: npm and cargo intersections honor the pre-release rule: the versions both
// constraints share may be pre-releases that neither admits.
TEST_CASE("semver: intersections count pre-releases only where the rule admits them", "[semver]") {
    auto empty = [](const char* a, const char* b, Flavor f,
                    Prerelease p = Prerelease::by_flavor_rule) {
        auto ca = parse_constraint(a, f, p);
        auto cb = parse_constraint(b, f, p);
        REQUIRE(ca);
        REQUIRE(cb);
        return is_empty_constraint(intersect_constraints(*ca, *cb));
    };
    for (Flavor f : {Flavor::npm, Flavor::cargo}) {
        INFO(flavor_name(f));
        // Only 1.2.3's pre-releases lie in both, and "<1.2.3" admits none of them.
        CHECK(empty("^1.2.3-beta.1", "<1.2.3", f));
        CHECK_FALSE(empty("^1.2.3-beta.1", "<1.2.3", f, Prerelease::include));
        // Both name 1.2.3's pre-releases.
        CHECK_FALSE(empty(">=1.2.3-beta.1", "<1.2.3-rc.5", f));
        // A release in common.
        CHECK_FALSE(empty(">=1.2.3-beta.1", "<1.2.4", f));
    }
    // Precedence has no version between 0.0.3 and 0.0.4-0.
    CHECK(empty("^0.0.3", ">0.0.3", Flavor::npm, Prerelease::include));
    CHECK(empty("^0.0.3", ">0.0.3", Flavor::cargo));
    CHECK(empty("1.2.3-rc.1 || 2", "<1.2.3", Flavor::npm));
}

// poetry reads an operator and a plain release ("^1.2.3", ">= 1.2") without its patterns; a
// 'v' before the release sends the same constraint through the patterns, which must agree.
TEST_CASE("semver: poetry's plain pieces read as its patterns read them", "[semver]") {
    const std::vector<std::string> operators = {"^",  "~", "~=", "~ ", "~= ", "",   "==",  "=",
                                                "!=", "<", ">",  "<=", ">=",  "<>", ">= ", "< "};
    const std::vector<std::string> releases = {"0",     "1",     "0.2",     "1.2",
                                               "0.0.3", "1.2.3", "1.2.3.4", "10.20.30"};
    const std::vector<std::string> probes = {
        "0.0.1",   "0.0.3", "0.2", "0.2.9", "0.3",     "1",        "1.1",   "1.2", "1.2.3",
        "1.2.3.4", "1.2.4", "1.3", "2",     "2.0.0a1", "10.20.30", "10.21", "11"};
    for (const auto& op : operators) {
        for (const auto& release : releases) {
            INFO(op + release);
            auto plain = parse_constraint(op + release, Flavor::poetry);
            auto patterned = parse_constraint(op + "v" + release, Flavor::poetry);
            REQUIRE(plain.has_value() == patterned.has_value());
            if (!plain) {
                continue;
            }
            for (const auto& probe : probes) {
                auto v = parse_version(probe, Flavor::poetry);
                REQUIRE(v);
                INFO(probe);
                CHECK(satisfies(*plain, *v) == satisfies(*patterned, *v));
            }
        }
    }
    CHECK_FALSE(parse_constraint("^ 1.2", Flavor::poetry)); // the caret takes no blank
    CHECK_FALSE(parse_constraint("^1..2", Flavor::poetry));
}
