#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <tbx/text/format_spec.hpp>

using tbx::text::Formatter;
using tbx::text::LinesDone;

namespace {

/// Formats every line of `lines` with format() one at a time, as tbx format did before.
std::string one_by_one(const Formatter& formatter, const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) {
        REQUIRE(formatter.format_to(out, line));
        out += '\n';
    }
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) {
        text += line + '\n';
    }
    return text;
}

// The block path reads words past a line, so it leaves the last 64 bytes to format().
const std::string k_tail(64, '\n');

/// Formats `lines` as tbx format does: format_lines takes what it can, format() the line it
/// stops at; adds the lines format_lines took to `taken`.
std::string in_blocks(const Formatter& formatter, const std::vector<std::string>& lines,
                      std::size_t& taken) {
    const std::string input = joined(lines) + k_tail;
    std::string out;
    std::size_t at = 0;
    for (std::size_t line = 0; line < lines.size();) {
        const LinesDone done =
            formatter.format_lines(std::string_view(input).substr(at), out, 1 << 16);
        at += done.consumed;
        line += done.lines;
        taken += done.lines;
        if (line < lines.size()) {
            REQUIRE(formatter.format_to(out, lines[line]));
            out += '\n';
            at += lines[line].size() + 1;
            ++line;
        }
    }
    return out;
}

} // namespace

TEST_CASE("text format lines: plain decimals at once, as format() one by one", "[text][format]") {
    const std::vector<std::string> lines = {
        "-3870211.5",      "42",    "-0",  "-0.0",   "-0.001",           "0.125",     "2.675",
        "1.005",           ".5",    "5.",  "+3.25",  "999.995",          "0.999",     "-9.995",
        "007.5",           "0.005", "1e3", "0.0005", "123456789012.345", "1234.5678", "-99.5",
        "1234567890123.45"};
    for (const char* spec :
         {",.2f", ".0f", "#.0f", "+.3F", " _.1f", "*^15.1f", "─>16,.2f", "<12.4f", ".15f", "f"}) {
        INFO(spec);
        const auto formatter = Formatter::compile(spec);
        REQUIRE(formatter);
        CHECK(formatter->takes_lines());
        std::size_t taken = 0;
        CHECK(in_blocks(*formatter, lines, taken) == one_by_one(*formatter, lines));
        CHECK(taken > 0);
    }
}

TEST_CASE("text format lines: stops before a line format() must take", "[text][format]") {
    const auto formatter = Formatter::compile(",.2f");
    REQUIRE(formatter);
    // Not [+-]digits[.digits]\n, 16 significant digits, a carry into a new leading digit.
    for (const char* other : {"1e3", " 5", "5 ", "1_000", "inf", "abc", "", "-", ".", "1.5\r",
                              "1234567890123.456", "999.999", "9999999999999999"}) {
        INFO(other);
        std::string out;
        const std::string input = "1.5\n2.5\n" + std::string(other) + "\n7\n" + k_tail;
        const LinesDone done = formatter->format_lines(input, out, 1 << 16);
        CHECK(done.lines == 2);
        CHECK(done.consumed == 8);
        CHECK(out == "1.50\n2.50\n");
    }
    std::string out;
    CHECK(formatter->format_lines("1.5\n2.5\n", out, 1 << 16).lines == 0);
}

TEST_CASE("text format lines: only for one f field of numbers", "[text][format]") {
    tbx::text::FormatOptions as_str;
    as_str.type = tbx::text::ValueKind::str;
    const std::string input = "1.5\n" + k_tail;
    for (const char* spec : {".2e", "{0:.2f}|", "=10.2f", "010.2f", "z.2f", ">2000.2f", ""}) {
        INFO(spec);
        const auto formatter = Formatter::compile(spec);
        REQUIRE(formatter);
        std::string out;
        CHECK_FALSE(formatter->takes_lines());
        CHECK(formatter->format_lines(input, out, 1 << 16).lines == 0);
    }
    const auto forced = Formatter::compile(".2f", as_str);
    REQUIRE(forced);
    std::string out;
    CHECK(forced->format_lines(input, out, 1 << 16).lines == 0);
}

TEST_CASE("text format lines: a budget bounds the output", "[text][format]") {
    const auto formatter = Formatter::compile(".2f");
    REQUIRE(formatter);
    std::string input;
    for (int i = 0; i < 20000; ++i) {
        input += std::to_string(i) + ".25\n";
    }
    std::string out;
    const LinesDone done = formatter->format_lines(input, out, 10000);
    CHECK(out.size() >= 10000);
    CHECK(out.size() < 10000 + 8192);
    CHECK(done.lines == static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n')));
    CHECK(input.compare(0, done.consumed, out) == 0); // ".25" to 2 places is itself
}
