#include <catch2/catch.hpp>

#include <tbx/find/gitignore.hpp>

using namespace tbx::find;

TEST_CASE("wildmatch follows git's pathname rules", "[find][gitignore]") {
    CHECK(wildmatch("*.log", "x.log"));
    CHECK_FALSE(wildmatch("*.log", "a/x.log"));
    CHECK(wildmatch("a/**/b", "a/b"));
    CHECK(wildmatch("a/**/b", "a/x/y/b"));
    CHECK(wildmatch("**/b", "x/b"));
    CHECK(wildmatch("a/**", "a/x/y"));
    CHECK_FALSE(wildmatch("a/**", "a"));
    CHECK(wildmatch("a**b", "axxb"));
    CHECK_FALSE(wildmatch("a**b", "ax/xb"));
    CHECK(wildmatch("?b", "ab"));
    CHECK_FALSE(wildmatch("?b", "/b"));
    CHECK(wildmatch("[!a]b", "cb"));
    CHECK_FALSE(wildmatch("[!a]b", "ab"));
    CHECK(wildmatch("[a-c]x", "bx"));
    CHECK(wildmatch("[[:digit:]]", "7"));
    CHECK(wildmatch("\\*", "*"));
    CHECK_FALSE(wildmatch("\\*", "a"));
    CHECK(wildmatch("[x", "[x"));
}

TEST_CASE("ignore files: negation, directories, anchoring", "[find][gitignore]") {
    const auto file = IgnoreFile::parse("# c\n*.log\n!keep.log\nbuild/\n/top\nsrc/gen\n\\#x\n"
                                        "trailing  \n",
                                        "sub/");
    CHECK(file.match("sub/x.log", false) == IgnoreVerdict::ignored);
    CHECK(file.match("sub/a/x.log", false) == IgnoreVerdict::ignored);
    CHECK(file.match("sub/keep.log", false) == IgnoreVerdict::included);
    CHECK(file.match("sub/build", true) == IgnoreVerdict::ignored);
    CHECK(file.match("sub/build", false) == IgnoreVerdict::none);
    CHECK(file.match("sub/top", false) == IgnoreVerdict::ignored);
    CHECK(file.match("sub/a/top", false) == IgnoreVerdict::none);
    CHECK(file.match("sub/src/gen", true) == IgnoreVerdict::ignored);
    CHECK(file.match("sub/a/src/gen", true) == IgnoreVerdict::none);
    CHECK(file.match("sub/#x", false) == IgnoreVerdict::ignored);
    CHECK(file.match("sub/trailing", false) == IgnoreVerdict::ignored);
    CHECK(file.match("other/x.log", false) == IgnoreVerdict::none);
}

TEST_CASE("core.excludesFile is read from git's config files", "[find][gitignore]") {
    IgnoreOptions options;
    options.home = "/nonexistent-home";
    CHECK(global_excludes_file(options) == "/nonexistent-home/.config/git/ignore");
    options.xdg_config = "/xdg";
    CHECK(global_excludes_file(options) == "/xdg/git/ignore");
}
