#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <tbx/find/gitignore.hpp>
#include <tbx/find/ignore_scope.hpp>

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

namespace {
void write_text(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

// An Entry as the walker would give it for `path` (below root "R"), on worker 0.
Entry entry_for(const std::string& path, std::size_t depth, EntryType type) {
    Entry entry;
    entry.path = path;
    entry.name_offset = path.rfind('/') + 1;
    entry.name = entry.path.substr(entry.name_offset);
    entry.depth = depth;
    entry.type = type;
    return entry;
}
} // namespace

TEST_CASE("WalkIgnores keeps each directory's rules for a walk in any order", "[find][gitignore]") {
    const auto top =
        std::filesystem::temp_directory_path() / ("tbx-walk-ignores-" + std::to_string(::getpid()));
    std::filesystem::remove_all(top);
    std::filesystem::create_directories(top / "R" / ".git");
    write_text(top / "R" / ".gitignore", "*.log\nbuild/\n");
    write_text(top / "R" / "src" / ".gitignore", "!keep.log\n/gen\n");
    write_text(top / "R" / "src" / "deep" / "x", "");
    IgnoreOptions options;
    options.home = (top / "home").string();
    const std::string root = (top / "R").string();
    WalkIgnores ignores({root}, options, 1);
    const auto ignored = [&](const std::string& below, std::size_t depth, EntryType type) {
        return ignores.ignored(entry_for(root + "/" + below, depth, type));
    };
    // Deepest directories first: their scopes are built from the top down on demand.
    CHECK(ignored("src/deep/a.log", 3, EntryType::regular));
    CHECK_FALSE(ignored("src/deep/keep.log", 3, EntryType::regular));
    CHECK(ignored("src/gen", 2, EntryType::directory));
    CHECK_FALSE(ignored("src/deep/gen", 3, EntryType::directory));
    CHECK(ignored("src/build", 2, EntryType::directory));
    CHECK_FALSE(ignored("src/build", 2, EntryType::regular));
    CHECK(ignored("x.log", 1, EntryType::regular));
    CHECK(ignored("keep.log", 1, EntryType::regular)); // src/.gitignore does not reach here
    // Inside an ignored directory, nothing is included again.
    CHECK(ignored("build/keep/x", 3, EntryType::regular));
    std::filesystem::remove_all(top);
}
