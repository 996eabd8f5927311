#include <string>

#include <catch2/catch.hpp>

#include <tbx/text/format_spec.hpp>

using tbx::text::CenterRule;
using tbx::text::Formatter;

namespace {

/// Formats `text` with `spec` like Python's format(text, spec), or returns "ERR: <message>".
std::string py_format(std::string_view spec, std::string_view text,
                      CenterRule rule = CenterRule::format) {
    auto formatter = Formatter::compile(spec, rule);
    if (!formatter) {
        return "ERR: " + formatter.error().message;
    }
    std::string out;
    formatter->format_to(out, text);
    return out;
}

} // namespace

TEST_CASE("text format: alignment, fill and width as Python", "[text][format]") {
    CHECK(py_format("=^20", "Title") == "=======Title========");
    CHECK(py_format("^5", "ab") == " ab  ");
    CHECK(py_format(">5", "ab") == "   ab");
    CHECK(py_format("5", "ab") == "ab   ");
    CHECK(py_format("", "ab") == "ab");
    CHECK(py_format("05", "ab") == "ab000");
    CHECK(py_format("0>5", "ab") == "000ab");
    CHECK(py_format("^05", "ab") == "0ab00");
    CHECK(py_format("00", "ab") == "ab");
    CHECK(py_format("x<", "ab") == "ab");
    CHECK(py_format("\xE2\x94\x80^7", "ab") == "──ab───");
    CHECK(py_format("{^6", "ab") == "{{ab{{");
    CHECK(py_format("}>4", "ab") == "}}ab");
    CHECK(py_format("5.0", "ab") == "     ");
    CHECK(py_format(".1s", "ab") == "a");
    CHECK(py_format(".9223372036854775807", "ab") == "ab");
    CHECK(py_format("^4", "日本") == " 日本 ");
}

TEST_CASE("text format: str.center puts the odd column left when the width is odd",
          "[text][format]") {
    // str.center: marg = 3, width = 5: left = 1 + (3 & 5 & 1) = 2.
    CHECK(py_format("^5", "ab", CenterRule::str_center) == "  ab ");
    CHECK(py_format("^6", "abc", CenterRule::str_center) == " abc  ");
    CHECK(py_format("^6", "ab", CenterRule::str_center) == "  ab  ");
}

TEST_CASE("text format: Unicode decimal digits count as in Python", "[text][format]") {
    CHECK(py_format("\xD9\xA5", "ab") == "ab   ");         // ARABIC-INDIC DIGIT FIVE
    CHECK(py_format(".\xD9\xA1", "ab") == "a");            // ARABIC-INDIC DIGIT ONE
    CHECK(py_format("\xF0\x9D\x9F\x93", "ab") == "ab   "); // MATHEMATICAL BOLD DIGIT FIVE
}

TEST_CASE("text format: errors carry CPython's messages in its order", "[text][format]") {
    CHECK(py_format("+", "x") == "ERR: Sign not allowed in string format specifier");
    CHECK(py_format(" ", "x") == "ERR: Space not allowed in string format specifier");
    CHECK(py_format("z", "x") ==
          "ERR: Negative zero coercion (z) not allowed in string format specifier");
    CHECK(py_format("#", "x") == "ERR: Alternate form (#) not allowed in string format specifier");
    CHECK(py_format("=", "x") == "ERR: '=' alignment not allowed in string format specifier");
    CHECK(py_format("=#", "x") == "ERR: Alternate form (#) not allowed in string format specifier");
    CHECK(py_format("+d", "x") == "ERR: Unknown format code 'd' for object of type 'str'");
    CHECK(py_format(",", "x") == "ERR: Cannot specify ',' with 's'.");
    CHECK(py_format("__", "x") == "ERR: Cannot specify '_' with '_'.");
    CHECK(py_format(",_", "x") == "ERR: Cannot specify both ',' and '_'.");
    CHECK(py_format("_,", "x") == "ERR: Cannot specify both ',' and '_'.");
    CHECK(py_format(", ", "x") == "ERR: Cannot specify ',' with '\\x20'.");
    CHECK(py_format("5.", "x") == "ERR: Format specifier missing precision");
    CHECK(py_format("z ", "x") == "ERR: Unknown format code '\\x20' for object of type 'str'");
    CHECK(py_format("\xC3\xA9", "x") ==
          "ERR: Unknown format code '\\xe9' for object of type 'str'");
    CHECK(py_format("\x7f", "x") == "ERR: Unknown format code '\x7f' for object of type 'str'");
    CHECK(py_format("\xFF", "x") == "ERR: Unknown format code '\\xdcff' for object of type 'str'");
    CHECK(py_format("00>5", "x") ==
          "ERR: Invalid format specifier '00>5' for object of type 'str'");
    CHECK(py_format("99999999999999999999", "x") ==
          "ERR: Too many decimal digits in format string");
    CHECK(py_format("9223372036854775808", "x") == "ERR: Too many decimal digits in format string");
}

TEST_CASE("text format: invalid UTF-8 counts one per byte and passes through", "[text][format]") {
    CHECK(py_format("^5", "\xFF"
                          "a") == " \xFF"
                                  "a  ");
    CHECK(py_format(".1", "\xE2\x82"
                          "a") == "\xE2");
    CHECK(py_format("\xFF^4", "ab") == "\xFF"
                                       "ab\xFF");
}

TEST_CASE("text format: the replacement-field form", "[text][format]") {
    CHECK(py_format("{:=^20}", "Title") == "=======Title========");
    CHECK(py_format("{}", "ab") == "ab");
    CHECK(py_format("{0:>5}", "ab") == "   ab");
    CHECK(py_format("{!r:^9}", "ab") == "  'ab'   ");
    CHECK(py_format("{!a}", "é") == "'\\xe9'");
    CHECK(py_format("{!r}", "it's") == "\"it's\"");
    CHECK(py_format("{0!s:5}x{0}", "ab") == "ab   xab");
    // Not ending with '}': a plain spec, so format()'s error.
    CHECK(py_format("{0!s:5}x", "ab") ==
          "ERR: Invalid format specifier '{0!s:5}x' for object of type 'str'");
    CHECK(py_format("{<5}", "ab") == "ERR: Unknown format code '}' for object of type 'str'");
    CHECK(py_format("{{{}}}", "ab") == "{ab}");
    CHECK(py_format("{0}{0}", "ab") == "abab");
    CHECK(py_format("{:{^5}", "ab") == "ERR: unmatched '{' in format spec");
    CHECK(py_format("{:}^5}", "ab") == "ERR: Single '}' encountered in format string");
    CHECK(py_format("{!x}", "ab") == "ERR: Unknown conversion specifier x");
    CHECK(py_format("{!ss}", "ab") == "ERR: expected ':' after conversion specifier");
    CHECK(py_format("{}{}", "ab") ==
          "ERR: Replacement index 1 out of range for positional args tuple");
    CHECK(py_format("{0}{}", "ab") ==
          "ERR: cannot switch from manual field specification to automatic field numbering");
    CHECK(py_format("{0[}", "ab") == "ERR: expected '}' before end of string");
    CHECK(py_format("{:+}", "ab") == "ERR: Sign not allowed in string format specifier");
    CHECK(py_format("{0:<5:}", "ab") == "ERR: Unknown format code ':' for object of type 'str'");
}

TEST_CASE("text format: huge widths fail instead of exhausting memory", "[text][format]") {
    auto formatter = Formatter::compile("9223372036854775807");
    REQUIRE_FALSE(formatter);
    CHECK(formatter.error().kind == tbx::ErrorKind::limit);
}
