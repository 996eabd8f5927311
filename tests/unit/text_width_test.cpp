#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <tbx/text/align.hpp>
#include <tbx/text/lines.hpp>
#include <tbx/text/utf8.hpp>
#include <tbx/text/width.hpp>

using tbx::text::display_width;
using tbx::text::WidthMode;

TEST_CASE("text width: ASCII, CJK and combining marks", "[text][width]") {
    CHECK(display_width("") == 0);
    CHECK(display_width("hello") == 5);
    CHECK(display_width("漢字") == 4);
    CHECK(display_width("ｶﾀｶﾅ") == 4);                                 // halfwidth katakana
    CHECK(display_width("e\xCC\x81") == 1);                            // e + COMBINING ACUTE ACCENT
    CHECK(display_width("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8") == 2); // conjoining Hangul
    CHECK(display_width("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8", WidthMode::codepoint) == 2);
    CHECK(display_width("a\tb") == 2); // controls take no column
}

TEST_CASE("text width: emoji sequences are one glyph in grapheme mode", "[text][width]") {
    const std::string family = "👨\u200D👩\u200D👧\u200D👦";
    const std::string thumbs_dark = "👍\U0001F3FF";
    const std::string heart_vs16 = "❤\uFE0F";
    const std::string flag = "\U0001F1EB\U0001F1F7";
    const std::string keycap = "1\uFE0F\u20E3";
    CHECK(display_width("😀") == 2);
    CHECK(display_width(family) == 2);
    CHECK(display_width(family, WidthMode::codepoint) == 8);
    CHECK(display_width(thumbs_dark) == 2);
    CHECK(display_width(thumbs_dark, WidthMode::codepoint) == 4);
    CHECK(display_width(heart_vs16) == 2);
    CHECK(display_width(heart_vs16, WidthMode::codepoint) == 1);
    CHECK(display_width(flag) == 2);
    CHECK(display_width(flag + flag) == 4);
    CHECK(display_width(flag, WidthMode::codepoint) == 2);
    CHECK(display_width(keycap) == 2);
    CHECK(display_width("a\uFE0F") == 1); // VS16 after a letter changes nothing
}

TEST_CASE("text width: escape sequences take no column", "[text][width]") {
    CHECK(display_width("\x1b[31mred\x1b[0m") == 3);
    CHECK(display_width("\x1b[38;2;255;0;0m漢\x1b[m") == 2);
    CHECK(display_width("\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\") == 4);
    CHECK(display_width("\x1b]0;title\x07x") == 1);
    CHECK(display_width("\x1b(Bx") == 1);
    CHECK(display_width("x\x1b") == 1);
    CHECK(display_width("\x1b[31") == 0);
    CHECK(tbx::text::escape_sequence_length("\x1b[1;31mX", 0) == 7);
}

TEST_CASE("text width: invalid UTF-8 counts one column per byte", "[text][width]") {
    CHECK(display_width("\xFF") == 1);
    CHECK(display_width("a\xE2\x82") == 3);
    CHECK(display_width("\xED\xA0\x80") == 3); // an encoded surrogate is three bad bytes
    CHECK(tbx::text::count_code_points("\xF0\x9F\x98") == 3);
    CHECK(tbx::text::count_code_points("h\xC3\xA9llo") == 5);
}

TEST_CASE("text align: padding splits", "[text][align]") {
    using tbx::text::Align;
    using tbx::text::compute_padding;
    CHECK(compute_padding(2, 5, Align::center).left == 1);
    CHECK(compute_padding(2, 5, Align::center).right == 2);
    CHECK(compute_padding(2, 5, Align::center_str).left == 2);
    CHECK(compute_padding(7, 5, Align::center).left == 0);
    CHECK(compute_padding(7, 5, Align::center).right == 0);
    CHECK(compute_padding(1, 4, Align::right).left == 3);
}

TEST_CASE("text lines: split on LF only, CRLF kept as the ending", "[text][lines]") {
    tbx::text::LineSplitter splitter("a\r\nb\rc\n\nlast");
    std::vector<std::string> seen;
    tbx::text::Line line;
    while (splitter.next(line)) {
        seen.push_back(std::string(line.content) + "|" + std::string(line.ending));
    }
    CHECK(seen == std::vector<std::string>{"a|\r\n", "b\rc|\n", "|\n", "last|"});
}
