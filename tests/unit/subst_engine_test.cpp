#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <tbx/subst/apply.hpp>
#include <tbx/subst/literal_matcher.hpp>
#include <tbx/subst/matcher.hpp>
#include <tbx/subst/plan.hpp>
#include <tbx/subst/replacement.hpp>
#include <tbx/subst/vim_expr.hpp>

using namespace tbx::subst;

namespace {

Substitution make_substitution(std::string_view pattern, std::string_view replacement,
                               ReplacementSyntax syntax = ReplacementSyntax::pcre,
                               Occurrence occurrence = Occurrence::all,
                               MatcherOptions options = {}) {
    auto matcher = make_matcher(pattern, options);
    REQUIRE(matcher);
    Substitution substitution;
    substitution.matcher = std::shared_ptr<const Matcher>(std::move(*matcher));
    auto parsed = Replacement::parse(replacement, syntax, *substitution.matcher);
    REQUIRE(parsed);
    substitution.replacement = std::move(*parsed);
    substitution.occurrence = occurrence;
    return substitution;
}

std::string substitute(const Substitution& substitution, std::string_view text) {
    auto plan = make_plan(substitution, text);
    REQUIRE(plan);
    return apply_plan(*plan, text);
}

std::string vim_s(std::string_view pattern, std::string_view replacement, std::string_view text,
                  Occurrence occurrence = Occurrence::all) {
    return substitute(make_substitution(pattern, replacement, ReplacementSyntax::vim, occurrence),
                      text);
}

} // namespace

TEST_CASE("vim expressions parse ranges, delimiters and flags", "[subst][vim_expr]") {
    auto expr = parse_vim_expr("%s/foo/bar/gc");
    REQUIRE(expr);
    CHECK(expr->range == LineRange{1, k_last_line});
    CHECK(expr->pattern == "foo");
    CHECK(expr->replacement == "bar");
    CHECK(expr->flags.global);
    CHECK(expr->flags.confirm);

    expr = parse_vim_expr("s/a/b/");
    REQUIRE(expr);
    CHECK_FALSE(expr->range);
    CHECK_FALSE(expr->flags.global);

    expr = parse_vim_expr("3,$s#a/b#c\\#d#Ien");
    REQUIRE(expr);
    CHECK(expr->range == LineRange{3, k_last_line});
    CHECK(expr->pattern == "a/b");
    CHECK(expr->replacement == "c#d");
    CHECK(expr->flags.ignore_case == false);
    CHECK(expr->flags.no_error);
    CHECK(expr->flags.count_only);

    expr = parse_vim_expr("7,2s/x/y");
    REQUIRE(expr);
    CHECK(expr->range == LineRange{2, 7});
    CHECK(expr->replacement == "y");

    expr = parse_vim_expr("$s/x");
    REQUIRE(expr);
    CHECK(expr->range == LineRange{k_last_line, k_last_line});
    CHECK(expr->replacement.empty());

    expr = parse_vim_expr("s/[/]/\\//g");
    REQUIRE(expr);
    CHECK(expr->pattern == "[/]");
    CHECK(expr->replacement == "/");

    expr = parse_vim_expr("s/a\\/b/c/i");
    REQUIRE(expr);
    CHECK(expr->pattern == "a\\/b");
    CHECK(expr->flags.ignore_case == true);

    CHECK_FALSE(parse_vim_expr("s/a/b/x"));
    CHECK_FALSE(parse_vim_expr("sxaxbx"));
    CHECK_FALSE(parse_vim_expr("s//b/"));
    CHECK_FALSE(parse_vim_expr("d/a/b/"));
    CHECK_FALSE(parse_vim_expr("1,s/a/b/"));
    CHECK_FALSE(parse_vim_expr("s"));
}

TEST_CASE("pcre replacement syntax expands groups and escapes", "[subst][replacement]") {
    const auto substitution =
        make_substitution("(?<word>\\w+)=(\\d+)", "$2:${word}:\\1:$$:${2}\\n");
    CHECK(substitute(substitution, "a=1 b=22") == "1:a:a:$:1\n 22:b:b:$:22\n");
    auto matcher = make_matcher("(a)");
    REQUIRE(matcher);
    CHECK_FALSE(Replacement::parse("$2", ReplacementSyntax::pcre, **matcher));
    CHECK_FALSE(Replacement::parse("${nope}", ReplacementSyntax::pcre, **matcher));
    CHECK_FALSE(Replacement::parse("${", ReplacementSyntax::pcre, **matcher));
    CHECK(substitute(make_substitution("a", "$x$", ReplacementSyntax::literal), "ba") == "b$x$");
}

TEST_CASE("vim replacement specials follow vim", "[subst][replacement]") {
    // Expected values were produced by vim -Nu NONE -es on the same input.
    CHECK(vim_s("(o) (w)", "\\u\\2\\U&x\\Ey~\\t", "hello world") == "hellWO WXy\torld");
    CHECK(vim_s("b", "\\q\\%\\$", "abc") == "aq%$c");
    CHECK(vim_s("b", "\\3x", "abc") == "axc");
    CHECK(vim_s("b", "\\uxyz", "abc") == "aXyzc");
    CHECK(vim_s("b", "\\U\\lXYZ\\EW", "abc") == "axYZWc");
    CHECK(vim_s("b", "\\L\\uXYZ", "abc") == "aXyzc");
    CHECK(vim_s("b", "[\\&&\\\\]", "abc") == "a[&b\\]c");
    // \r and \n both break the line, keeping CRLF in CRLF files (unlike vim's \n = NUL).
    CHECK(vim_s("b", "\\r", "abc\n") == "a\nc\n");
    CHECK(vim_s("b", "\\n", "abc\r\n") == "a\r\nc\r\n");
    CHECK(vim_s("é", "\\U&", "café") == "cafÉ");
}

TEST_CASE("empty matches follow vim's rules", "[subst][plan]") {
    // Each expectation is what vim -Nu NONE -es -c '%s/P/-/g' wrote.
    CHECK(vim_s("x*", "-", "abc\n") == "-a-b-c\n");
    CHECK(vim_s("b*", "-", "abc\n") == "-a-c\n");
    CHECK(vim_s("c*", "-", "abc\n") == "-a-b-\n");
    CHECK(vim_s("$", "-", "abc\n") == "abc-\n");
    CHECK(vim_s("c*$", "-", "abc\n") == "ab-\n");
    CHECK(vim_s("x*", "-", "\n") == "-\n");
    CHECK(vim_s("a*", "-", "aab\n") == "-b\n");
    CHECK(vim_s("b*", "-", "abb\n") == "-a-\n");
    CHECK(vim_s("^", "-", "abc\nd\n") == "-abc\n-d\n");
    CHECK(vim_s("x?", "-", "ab") == "-a-b");
    CHECK(vim_s("a$", "X", "aaa\r\nbab\r\n") == "aaX\r\nbab\r\n");
}

TEST_CASE("first match per line without g", "[subst][plan]") {
    CHECK(vim_s("a", "X", "aaa\naa\nb\na", Occurrence::first_per_line) == "Xaa\nXa\nb\nX");
    CHECK(vim_s("x*", "-", "ab\nc", Occurrence::first_per_line) == "-ab\n-c");
    // A match that takes a line break joins lines, and vim searches the joined line again
    // (vim -es: "%s/b\\nc/-/" on this text writes "a--\n").
    CHECK(vim_s("b\\nc", "-", "ab\ncb\nc\n", Occurrence::first_per_line) == "a--\n");
}

TEST_CASE("ranges limit lines and matches", "[subst][plan]") {
    auto substitution = make_substitution("a", "X");
    substitution.range = LineRange{2, 3};
    CHECK(substitute(substitution, "a\na\na\na\n") == "a\nX\nX\na\n");
    substitution.range = LineRange{k_last_line, k_last_line};
    CHECK(substitute(substitution, "a\na\na\n") == "a\na\nX\n");
    CHECK(substitute(substitution, "a\na") == "a\nX");
    substitution.range = LineRange{5, k_last_line};
    CHECK_FALSE(make_plan(substitution, "a\na\n"));
    // A match starts inside the range but may take the line after it, as in vim.
    auto spanning = make_substitution("a\\nb", "X");
    spanning.range = LineRange{1, 1};
    CHECK(substitute(spanning, "a\nb\n") == "X\n");
    spanning.range = LineRange{2, 2};
    CHECK(substitute(spanning, "a\nb\n") == "a\nb\n");
    spanning.range = LineRange{1, 2};
    CHECK(substitute(spanning, "a\nb\n") == "X\n");
}

TEST_CASE("matchers agree and tolerate invalid UTF-8", "[subst][matcher]") {
    auto literal = make_matcher("foo");
    REQUIRE(literal);
    CHECK((*literal)->engine() == "literal");
    auto regex = make_matcher("f[o]o");
    REQUIRE(regex);
    CHECK((*regex)->engine() != "literal");
    const std::string text = "foo\xff\xfe foo \xc3(foo";
    auto a = make_plan(make_substitution("foo", "X"), text);
    auto b = make_plan(make_substitution("f[o]o", "X"), text);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(apply_plan(*a, text) == "X\xff\xfe X \xc3(X");
    CHECK(apply_plan(*b, text) == apply_plan(*a, text));
    // '.' is one code point, invalid bytes stay unchanged.
    CHECK(substitute(make_substitution("é.", "<$0>"), "éé\xff é!") == "<éé>\xff <é!>");
    MatcherOptions fixed;
    fixed.syntax = PatternSyntax::literal;
    fixed.case_mode = CaseMode::insensitive;
    CHECK(substitute(make_substitution("A.b", "-", ReplacementSyntax::pcre, Occurrence::all, fixed),
                     "a.B axb") == "- axb");
    MatcherOptions word;
    word.word = WordMode::whole_word;
    CHECK(
        substitute(make_substitution("cat", "dog", ReplacementSyntax::pcre, Occurrence::all, word),
                   "cat cats concat cat_ (cat)") == "dog cats concat cat_ (dog)");
    CHECK_FALSE(make_matcher("(unclosed"));
}

TEST_CASE("catastrophic patterns fail with a limit error", "[subst][matcher]") {
    MatcherOptions options;
    options.match_limit = 100'000;
    auto matcher = make_matcher("(a+)+$", options);
    REQUIRE(matcher);
    auto session = (*matcher)->session();
    const std::string text(5000, 'a');
    Captures captures;
    auto found = session->find(text + "b", 0, captures);
    REQUIRE_FALSE(found);
    CHECK(found.error().kind == tbx::ErrorKind::limit);
}

TEST_CASE("the decider sees edited lines and steers the run", "[subst][apply]") {
    const auto substitution = make_substitution("a", "XY");
    Applier applier(substitution, ApplyOptions{});
    std::vector<std::string> prefixes;
    std::string script = "ynyq";
    std::size_t step = 0;
    Prompting prompting;
    prompting.decider = [&](const Proposal& proposal) {
        prefixes.push_back(std::string(proposal.line_prefix) + "|" +
                           std::string(proposal.line_suffix) + "|" + std::to_string(proposal.line));
        const char key = script[step++];
        return key == 'y' ? Decision::yes : key == 'n' ? Decision::no : Decision::quit;
    };
    std::string out;
    auto report = applier.apply_text("aaa\na a\n", out, "-", &prompting);
    CHECK(out == "XYaXY\na a\n");
    CHECK(report.replacements == 2);
    CHECK(prompting.stopped);
    REQUIRE(prefixes.size() == 4);
    CHECK(prefixes[0] == "|aa|1");
    CHECK(prefixes[1] == "XY|a|1");
    CHECK(prefixes[2] == "XYa||1");
    CHECK(prefixes[3] == "| a|2");

    Prompting all;
    int asked = 0;
    all.decider = [&](const Proposal&) {
        ++asked;
        return asked == 1 ? Decision::no : Decision::all;
    };
    out.clear();
    report = applier.apply_text("a a a a", out, "-", &all);
    CHECK(asked == 2);
    CHECK(out == "a XY XY XY");

    Prompting last;
    last.decider = [](const Proposal&) { return Decision::last; };
    out.clear();
    report = applier.apply_text("a a", out, "-", &last);
    CHECK(out == "XY a");
    CHECK(last.stopped);

    Prompting skip;
    skip.decider = [](const Proposal& proposal) {
        return proposal.index == 0 ? Decision::yes : Decision::skip_file;
    };
    out.clear();
    report = applier.apply_text("a a a", out, "-", &skip);
    CHECK(out == "XY a a");
    CHECK_FALSE(skip.stopped);
}

TEST_CASE("u takes back the last accepted replacement and asks its match again", "[subst][apply]") {
    const auto substitution = make_substitution("a", "XY");
    Applier applier(substitution, ApplyOptions{});
    // y (first a), n (second), u: back to the first a, shown unedited; then n y y.
    const std::vector<Decision> script = {Decision::yes, Decision::no,  Decision::undo,
                                          Decision::no,  Decision::yes, Decision::yes};
    std::vector<std::string> seen;
    std::size_t step = 0;
    Prompting prompting;
    prompting.decider = [&](const Proposal& proposal) {
        seen.push_back(std::to_string(proposal.index) + ":" + std::string(proposal.line_prefix) +
                       (proposal.can_undo ? "+" : "-"));
        return script.at(step++);
    };
    std::string out;
    const auto report = applier.apply_text("a a a", out, "-", &prompting);
    CHECK(out == "a XY XY");
    CHECK(report.replacements == 2);
    CHECK(seen ==
          std::vector<std::string>{"0:-", "1:XY +", "2:XY a +", "0:-", "1:a -", "2:a XY +"});

    // A u with nothing accepted in this file is asked again, not taken as an answer.
    std::vector<Decision> early = {Decision::undo, Decision::yes};
    std::size_t asked = 0;
    Prompting nothing;
    nothing.decider = [&](const Proposal&) { return early.at(std::min(asked++, std::size_t{1})); };
    out.clear();
    applier.apply_text("a", out, "-", &nothing);
    CHECK(asked == 2);
    CHECK(out == "XY");
}

TEST_CASE("dry runs record changes and diffs", "[subst][apply]") {
    const auto substitution = make_substitution("b", "B\\n");
    ApplyOptions options;
    options.mode = WriteMode::dry_run;
    options.record = RecordChanges::yes;
    options.diff = MakeDiff::yes;
    Applier applier(substitution, options);
    std::string out;
    auto report = applier.apply_text("a\nb\nc\nd\ne\nf\ng\nh\ni\nb", out, "t.txt");
    CHECK(out == "a\nB\n\nc\nd\ne\nf\ng\nh\ni\nB\n");
    REQUIRE(report.changes.size() == 2);
    CHECK(report.changes[1].line == 10);
    CHECK(report.changes[1].column == 1);
    CHECK(report.diff == "--- a/t.txt\n+++ b/t.txt\n@@ -1,5 +1,6 @@\n a\n-b\n+B\n+\n c\n d\n e\n"
                         "@@ -7,4 +8,4 @@\n g\n h\n i\n-b\n\\ No newline at end of file\n+B\n");
}

namespace {

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::filesystem::path& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

// Writes `text` to `path`, applies `substitution` with `options` and checks the file and the
// count (also in count-only mode) against the whole-text result; then filters the text read
// in order (as from a pipe) and checks that output too.
void check_like_whole_text(const Substitution& substitution, const std::string& text,
                           ApplyOptions options, const std::filesystem::path& path) {
    std::string expected;
    Applier whole(substitution, ApplyOptions{});
    const auto expected_report = whole.apply_text(text, expected, "-");
    write_all(path, text);
    Applier streamed(substitution, options);
    const auto report = streamed.apply_file(path.string());
    CHECK(report.status != FileStatus::failed);
    CHECK(report.replacements == expected_report.replacements);
    CHECK(read_all(path) == expected);

    write_all(path, text);
    Applier filter(substitution, options);
    const auto filtered_path = path.string() + ".out";
    const int in = ::open(path.c_str(), O_RDONLY);
    const int out = ::open(filtered_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE((in >= 0 && out >= 0));
    const auto filtered = filter.filter(in, out, "-");
    ::close(in);
    ::close(out);
    CHECK(filtered.replacements == expected_report.replacements);
    CHECK(read_all(filtered_path) == expected);

    options.mode = WriteMode::count_only;
    Applier counter(substitution, options);
    CHECK(counter.apply_file(path.string()).replacements == expected_report.replacements);
}

} // namespace

// Issue 8, performance: large files are streamed through a small window. Every window size
// must give the bytes the whole-text path gives, with matches, lines, CRLF pairs and UTF-8
// characters across the window's edges.
TEST_CASE("streamed files match the whole-text result for every window size",
          "[subst][apply][stream]") {
    const auto directory =
        std::filesystem::temp_directory_path() / ("tbx-subst-stream-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory);
    const auto path = directory / "f.txt";
    const std::vector<std::string> texts = {
        "foo bar foo\nfoofoo\r\nxfoo",
        "a\r\nb\r\n\r\nab\r\nc\r\n",
        "caf\xc3\xa9 na\xc3\xafve \xe2\x82\xac ab\n\xff\xfe bad foo\n\n",
        "one very long line without any newline, foo and bar and abc and foo again",
        "\n\n\nfoo\n\n",
        "",
        // Combining marks (U+0301, U+0302) after a base character, across window edges.
        "a\xcc\x81\xcc\x82\xcc\x81"
        "b\xcc\x81 c\xcc\x82\n",
    };
    struct Case {
        const char* pattern;
        const char* replacement;
        ReplacementSyntax syntax = ReplacementSyntax::pcre;
        Occurrence occurrence = Occurrence::all;
    };
    const std::vector<Case> cases = {
        {"foo", "q"},
        {"oo", "0"},
        {"(foo)(\\w*)", "$2$1"},
        {"(?<=a)b", "X"},
        {"\\bfoo\\b", "W"},
        {"$", ";"},
        {"^", "> "},
        {"x*", "-"},
        {"\\s+", " "},
        {"(?s)a.*c", "Z"},
        {".", "<$0>"},
        {"\\r?\\n", "|"},
        {"\xc3\xa9", "e"},
        {"b", "B\\r", ReplacementSyntax::vim},
        {"o", "0", ReplacementSyntax::vim, Occurrence::first_per_line},
        {"$", ";", ReplacementSyntax::vim, Occurrence::first_per_line},
        {"x*", "-", ReplacementSyntax::vim, Occurrence::first_per_line},
    };
    for (const Case& c : cases) {
        const auto substitution =
            make_substitution(c.pattern, c.replacement, c.syntax, c.occurrence);
        for (const std::string& text : texts) {
            for (const std::size_t window : {2, 3, 5, 8, 17, 4096}) {
                INFO("pattern " << c.pattern << ", window " << window << ", text " << text);
                ApplyOptions options;
                options.durability = Durability::no_fsync;
                options.window_bytes = window;
                options.file_threads = 1;
                check_like_whole_text(substitution, text, options, path);
            }
        }
    }
    std::filesystem::remove_all(directory);
}

// Issue 8, performance: a large file is cut into chunks at line starts that several threads
// scan at once. Tiny chunks put chunk edges everywhere: inside matches that span lines
// (the chunk after is scanned again), on CRLF pairs and UTF-8 characters, and on lines with
// several matches; every combination must give the whole-text bytes and count.
TEST_CASE("chunked files match the whole-text result for every chunk size and thread count",
          "[subst][apply][stream]") {
    const auto directory =
        std::filesystem::temp_directory_path() / ("tbx-subst-chunk-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory);
    const auto path = directory / "f.txt";
    const std::vector<std::string> texts = {
        "foo bar foo\nfoofoo\r\nxfoo\nab\nc foo\n\nfoo",
        "a\r\nb\r\n\r\nab\r\nc\r\n",
        "caf\xc3\xa9 na\xc3\xafve\n\xe2\x82\xac ab\n\xff\xfe bad foo\n\n",
        "a long first line with foo and bar and abc and foo again\nfoo\n",
        "\n\n\nfoo\n\n",
    };
    const std::vector<std::pair<const char*, Occurrence>> cases = {
        {"foo", Occurrence::all},
        {"(foo)(\\w*)", Occurrence::all},
        {"(?<=a)b", Occurrence::all},
        {"\\bfoo\\b", Occurrence::all},
        {"$", Occurrence::all},
        {"^", Occurrence::all},
        {"x*", Occurrence::all},
        {"\\s+", Occurrence::all},
        {"(?s)a.*c", Occurrence::all},
        {"\\r?\\n", Occurrence::all},
        {"\\n\\n", Occurrence::all},
        {"o\\n", Occurrence::first_per_line},
        {"$", Occurrence::first_per_line},
        {"\\n|x*", Occurrence::first_per_line},
    };
    for (const auto& [pattern, occurrence] : cases) {
        const auto substitution =
            make_substitution(pattern, "<&>", ReplacementSyntax::vim, occurrence);
        for (const std::string& text : texts) {
            for (const std::size_t chunk : {1, 2, 3, 7, 16}) {
                for (const unsigned threads : {2U, 3U}) {
                    INFO("pattern " << pattern << ", chunk " << chunk << ", threads " << threads
                                    << ", text " << text);
                    ApplyOptions options;
                    options.durability = Durability::no_fsync;
                    options.window_bytes = chunk == 1 ? 3 : 4096;
                    options.chunk_bytes = chunk;
                    options.file_threads = threads;
                    check_like_whole_text(substitution, text, options, path);
                }
            }
        }
    }
    std::filesystem::remove_all(directory);
}

TEST_CASE("a streamed file without a match is not rewritten", "[subst][apply][stream]") {
    const auto directory = std::filesystem::temp_directory_path() /
                           ("tbx-subst-nomatch-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory);
    const auto path = directory / "f.txt";
    write_all(path, std::string(100, 'a') + "\nfo\no\n");
    struct stat before {};
    REQUIRE(::stat(path.c_str(), &before) == 0);
    const auto substitution = make_substitution("foo", "bar");
    for (const unsigned threads : {1U, 3U}) {
        ApplyOptions options;
        options.window_bytes = 4;
        options.chunk_bytes = 8; // with 3 threads: 14 chunks, none with a match
        options.file_threads = threads;
        Applier applier(substitution, options);
        const auto report = applier.apply_file(path.string());
        CHECK(report.status == FileStatus::unchanged);
        struct stat after {};
        REQUIRE(::stat(path.c_str(), &after) == 0);
        CHECK(before.st_ino == after.st_ino);
        CHECK(before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
    }
    std::filesystem::remove_all(directory);
}

// Issue 8, performance: a large streamed file goes through the background writer and the
// kernel copy of long unchanged stretches; the bytes must still be exactly the whole-text
// result.
TEST_CASE("a large streamed file is written exactly", "[subst][apply][stream]") {
    const auto directory =
        std::filesystem::temp_directory_path() / ("tbx-subst-large-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory);
    const auto path = directory / "big.txt";
    std::string text = "foo first\r\n";
    while (text.size() < (17U << 20)) {
        text += text.size() % 7 == 0 ? "lorem foo_12 ipsum\n" : "lorem ipsum dolor\r\n";
        if (text.size() > (4U << 20) && text.size() < (6U << 20)) {
            text += std::string(1 << 20, 'x') + "\n"; // long stretches without a match
        }
    }
    text += "last foo";
    const auto substitution = make_substitution("(foo)(_\\d+)?", "<$1$2>");
    std::string expected;
    Applier whole(substitution, ApplyOptions{});
    const auto expected_report = whole.apply_text(text, expected, "-");
    REQUIRE(expected_report.replacements > 2);
    for (const auto& [window, threads] : {std::pair{4096UL, 1U}, std::pair{128UL * 1024, 1U},
                                          std::pair{128UL * 1024, 2U}, std::pair{4096UL, 4U}}) {
        write_all(path, text);
        ApplyOptions options;
        options.window_bytes = window;
        options.file_threads = threads;
        Applier streamed(substitution, options);
        const auto report = streamed.apply_file(path.string());
        CHECK(report.replacements == expected_report.replacements);
        CHECK(read_all(path) == expected);
    }
    std::filesystem::remove_all(directory);
}
