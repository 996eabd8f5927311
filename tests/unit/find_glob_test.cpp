#include <clocale>
#include <fnmatch.h>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <tbx/find/glob.hpp>

using tbx::find::CaseMode;
using tbx::find::Glob;

namespace {

// Sets LC_ALL for one scope and restores the previous locale after.
class ScopedLocale {
public:
    explicit ScopedLocale(const char* name) : m_previous(std::setlocale(LC_ALL, nullptr)) {
        m_ok = std::setlocale(LC_ALL, name) != nullptr;
    }
    ScopedLocale(const ScopedLocale&) = delete;
    ScopedLocale& operator=(const ScopedLocale&) = delete;
    ~ScopedLocale() { std::setlocale(LC_ALL, m_previous.c_str()); }
    [[nodiscard]] bool ok() const { return m_ok; }

private:
    std::string m_previous;
    bool m_ok = false;
};

// Pieces that exercise every fast shape, bracket expressions, escapes and encodings.
const std::vector<std::string> k_pattern_atoms = {"a",
                                                  "b",
                                                  "A",
                                                  "B",
                                                  ".",
                                                  "/",
                                                  "*",
                                                  "*",
                                                  "*",
                                                  "?",
                                                  "\\*",
                                                  "\\?",
                                                  "\\[",
                                                  "\\\\",
                                                  "\\a",
                                                  "[ab]",
                                                  "[!a]",
                                                  "[^a]",
                                                  "[a-c]",
                                                  "[[:digit:]]",
                                                  "[[:upper:]]",
                                                  "[]]",
                                                  "[",
                                                  "]",
                                                  "-",
                                                  "x.h",
                                                  "\xc3\xa9",
                                                  "\xc3\x89",
                                                  "\xe2\x84\xaa",
                                                  "k",
                                                  "K",
                                                  "\xff",
                                                  "\xc3",
                                                  " ",
                                                  "1"};
const std::vector<std::string> k_name_atoms = {"a",
                                               "b",
                                               "A",
                                               "B",
                                               ".",
                                               "/",
                                               "*",
                                               "?",
                                               "[",
                                               "]",
                                               "\\",
                                               "x",
                                               ".h",
                                               "h",
                                               "-",
                                               "1",
                                               "\xc3\xa9",
                                               "\xc3\x89",
                                               "\xe2\x84\xaa",
                                               "k",
                                               "K",
                                               "\xff",
                                               "\xc3",
                                               " ",
                                               "\n"};

std::string random_string(std::mt19937& rng, const std::vector<std::string>& atoms,
                          std::size_t max_atoms) {
    std::uniform_int_distribution<std::size_t> count(1, max_atoms);
    std::uniform_int_distribution<std::size_t> pick(0, atoms.size() - 1);
    std::string out;
    for (std::size_t n = count(rng); n > 0; --n) {
        out += atoms[pick(rng)];
    }
    return out;
}

// Compares Glob against fnmatch with find's flags on many generated pairs; returns mismatches.
std::vector<std::string> differential(unsigned seed, int cases) {
    std::mt19937 rng(seed);
    std::vector<std::string> names;
    for (int i = 0; i < 60; ++i) {
        names.push_back(random_string(rng, k_name_atoms, 6));
    }
    std::vector<std::string> mismatches;
    for (int i = 0; i < cases; ++i) {
        const std::string pattern = random_string(rng, k_pattern_atoms, 6);
        for (const CaseMode mode : {CaseMode::sensitive, CaseMode::insensitive}) {
            const auto glob = Glob::compile(pattern, mode);
            REQUIRE(glob.has_value());
            const int flags = mode == CaseMode::insensitive ? FNM_CASEFOLD : 0;
            for (const std::string& name : names) {
                const bool expected = fnmatch(pattern.c_str(), name.c_str(), flags) == 0;
                // Names built from the pattern hit the fast paths' interesting cases.
                if (glob->matches(name) != expected) {
                    mismatches.push_back("pattern '" + pattern + "' name '" + name + "'");
                }
            }
            std::string derived = pattern;
            for (char& c : derived) {
                if (c == '*' || c == '?' || c == '\\') {
                    c = 'a';
                }
            }
            for (const std::string& name : {derived, "x" + derived, derived + "y", "A" + derived}) {
                const bool expected = fnmatch(pattern.c_str(), name.c_str(), flags) == 0;
                if (glob->matches(name) != expected) {
                    mismatches.push_back("pattern '" + pattern + "' name '" + name + "'");
                }
            }
        }
    }
    return mismatches;
}

} // namespace

TEST_CASE("find glob: fast shapes answer like fnmatch", "[find][glob]") {
    const auto star_h = Glob::compile("*.h").value();
    CHECK(star_h.matches("walker.h"));
    CHECK(star_h.matches(".h"));
    CHECK_FALSE(star_h.matches("walker.hpp"));
    CHECK(Glob::compile("src*h").value().matches("src/tbx/glob.h"));
    CHECK(Glob::compile("*python*").value().matches(".python3"));
    CHECK(Glob::compile("\\*").value().matches("*"));
    CHECK_FALSE(Glob::compile("\\*").value().matches("a"));
    CHECK(Glob::compile("READ*", CaseMode::insensitive).value().matches("readme.md"));
    const auto pieces = Glob::compile("*Desktop*python*").value();
    CHECK(pieces.matches("/home/u/Desktop/src/python3"));
    CHECK_FALSE(pieces.matches("/home/u/python/Desktop"));
    CHECK(Glob::compile("a*b*a").value().matches("aba"));
    CHECK_FALSE(Glob::compile("ab*b*ba").value().matches("abba"));
    CHECK(Glob::compile("*A*b*", CaseMode::insensitive).value().matches("xaYBz"));
    CHECK(Glob::compile("python").value().is_literal());
    CHECK_FALSE(Glob::compile("py*").value().is_literal());
}

TEST_CASE("find glob: warnings find gives are detectable", "[find][glob]") {
    CHECK(Glob::compile("a/b").value().contains_slash());
    CHECK(Glob::compile("dir/").value().ends_with_slash());
    CHECK_FALSE(Glob::compile("/").value().ends_with_slash());
    CHECK(Glob::compile("ab\\").value().ends_with_backslash());
    CHECK_FALSE(Glob::compile("ab\\\\").value().ends_with_backslash());
    CHECK_FALSE(Glob::compile("ab\\").value().matches("ab\\"));
    CHECK_FALSE(Glob::compile("").has_value());
}

TEST_CASE("find glob: differential against fnmatch in the C locale", "[find][glob]") {
    const ScopedLocale locale("C");
    REQUIRE(locale.ok());
    const auto mismatches = differential(1, 1500);
    INFO((mismatches.empty() ? std::string() : mismatches.front()));
    CHECK(mismatches.empty());
}

TEST_CASE("find glob: differential against fnmatch in C.UTF-8", "[find][glob]") {
    const ScopedLocale locale("C.UTF-8");
    if (!locale.ok()) {
        WARN("C.UTF-8 locale unavailable");
        return;
    }
    const auto mismatches = differential(2, 1500);
    INFO((mismatches.empty() ? std::string() : mismatches.front()));
    CHECK(mismatches.empty());
}

TEST_CASE("find glob: locale case folding goes through fnmatch", "[find][glob]") {
    const ScopedLocale locale("C.UTF-8");
    if (!locale.ok()) {
        return;
    }
    // U+212A KELVIN SIGN folds to 'k' in glibc's UTF-8 tables; a byte comparison would miss it.
    const std::string kelvin = "\xe2\x84\xaa";
    const auto glob = Glob::compile("k", CaseMode::insensitive).value();
    CHECK(glob.matches(kelvin) == (fnmatch("k", kelvin.c_str(), FNM_CASEFOLD) == 0));
    const auto e_acute = Glob::compile("\xc3\xa9*", CaseMode::insensitive).value();
    CHECK(e_acute.matches("\xc3\x89t\xc3\xa9") ==
          (fnmatch("\xc3\xa9*", "\xc3\x89t\xc3\xa9", FNM_CASEFOLD) == 0));
}
