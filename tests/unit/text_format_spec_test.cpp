#include <string>

#include <catch2/catch.hpp>

#include <tbx/text/format_spec.hpp>

using tbx::text::CenterRule;
using tbx::text::Formatter;

namespace {

/// Formats `text` with `spec` like Python's format(text, spec), or returns "ERR: <message>".
std::string py_format(std::string_view spec, std::string_view text,
                      CenterRule rule = CenterRule::format) {
    tbx::text::FormatOptions options;
    options.rule = rule;
    auto formatter = Formatter::compile(spec, options);
    if (!formatter) {
        return "ERR: " + formatter.error().message;
    }
    std::string out;
    auto done = formatter->format_to(out, text);
    return done ? out : "ERR: " + done.error().message;
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
    CHECK(py_format("{0!s:5}x", "ab") == "ab   x");
    CHECK(py_format("{^9", "ab") == "{{{ab{{{{");
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
    auto spec = tbx::text::parse_format_spec("9223372036854775807");
    REQUIRE_FALSE(spec);
    CHECK(spec.error().kind == tbx::ErrorKind::limit);
    CHECK(py_format("1073741825", "x").rfind("ERR: width too large", 0) == 0);
}

TEST_CASE("text format: int and float literals format as numbers", "[text][format]") {
    CHECK(py_format(",.2f", "1234.5") == "1,234.50");
    CHECK(py_format(",d", "1234567") == "1,234,567");
    CHECK(py_format("08.3e", "0.000123") == "1.230e-04");
    CHECK(py_format(".1%", "0.256") == "25.6%");
    CHECK(py_format("#x", "255") == "0xff");
    CHECK(py_format("10", "42") == "        42");
    CHECK(py_format("010,", "1234") == "00,001,234");
    CHECK(py_format("", "1e16") == "1e+16");
    CHECK(py_format(".3", "123.0") == "1.23e+02");
    CHECK(py_format(".3g", "123.0") == "123");
    CHECK(py_format("", "-0.0") == "-0.0");
    CHECK(py_format("z.1f", "-0.01") == "0.0");
    CHECK(py_format(".2f", "0.125") == "0.12");
    CHECK(py_format(".2f", "0.375") == "0.38");
    CHECK(py_format("+", "nan") == "+nan");
    CHECK(py_format("010", "-inf") == "-000000inf");
    CHECK(py_format("_b", "-10") == "-1010");
    CHECK(py_format("#_X", "3054198966") == "0XB60B_60B6");
    CHECK(py_format("c", "9731") == "\xE2\x98\x83");
    CHECK(py_format("x", "340282366920938463463374607431768211456") ==
          "100000000000000000000000000000000");
    CHECK(py_format("d", " 1_000 ") == "1000");
    CHECK(py_format("d", "\xD9\xA1\xD9\xA2") == "12");
}

TEST_CASE("text format: number errors carry CPython's messages", "[text][format]") {
    CHECK(py_format(".2d", "5") == "ERR: Precision not allowed in integer format specifier");
    CHECK(py_format("zd", "5") ==
          "ERR: Negative zero coercion (z) not allowed in integer format specifier");
    CHECK(py_format("+c", "65") == "ERR: Sign not allowed with integer format specifier 'c'");
    CHECK(py_format("c", "1114112") == "ERR: %c arg not in range(0x110000)");
    CHECK(py_format("c", "99999999999999999999") ==
          "ERR: Python int too large to convert to C long");
    CHECK(py_format("d", "1.5") == "ERR: Unknown format code 'd' for object of type 'float'");
    CHECK(py_format(",n", "5") == "ERR: Cannot specify ',' with 'n'.");
    CHECK(py_format("e", "1" + std::string(400, '0')) == "ERR: int too large to convert to float");
    CHECK(py_format(".2147483648f", "1") == "ERR: precision too big");
}

TEST_CASE("text format: --type forces the value's type", "[text][format]") {
    tbx::text::FormatOptions options;
    options.type = tbx::text::ValueKind::int_;
    auto formatter = Formatter::compile("d", options);
    REQUIRE(formatter);
    std::string out;
    auto done = formatter->format_to(out, "1.5");
    REQUIRE_FALSE(done);
    CHECK(done.error().message == "invalid literal for int() with base 10: '1.5'");
    options.type = tbx::text::ValueKind::str;
    formatter = Formatter::compile(">4", options);
    out.clear();
    REQUIRE(formatter->format_to(out, "42"));
    CHECK(out == "  42");
}

TEST_CASE("text format: templates take several values", "[text][format]") {
    auto formatter = Formatter::compile("{:>5}|{1:<3}|{0!r}");
    REQUIRE(formatter);
    const std::string_view values[] = {"a", "7"};
    std::string out;
    auto done = formatter->format(out, values);
    CHECK_FALSE(done); // manual after automatic numbering
    formatter = Formatter::compile("{0:>5}|{1:<3}|{0!r}|{1!r}");
    out.clear();
    REQUIRE(formatter->format(out, values));
    CHECK(out == "    a|7  |'a'|7");
}

TEST_CASE("text format: --count display pads and cuts by terminal columns", "[text][format]") {
    tbx::text::FormatOptions options;
    options.count = tbx::text::CountUnit::display;
    auto formatter = Formatter::compile("<6", options);
    REQUIRE(formatter);
    std::string out;
    REQUIRE(formatter->format_to(out, "漢字"));
    CHECK(out == "漢字  ");
    formatter = Formatter::compile(".3", options);
    out.clear();
    REQUIRE(formatter->format_to(out, "漢字"));
    CHECK(out == "漢");
    formatter = Formatter::compile(".2", options);
    out.clear();
    REQUIRE(formatter->format_to(out, "\x1b[31mred\x1b[0m"));
    CHECK(out == "\x1b[31mre\x1b[0m");
    CHECK_FALSE(Formatter::compile("漢<6", options));
}

TEST_CASE("text format: index and attribute lookups in field names", "[text][format]") {
    CHECK(py_format("{0[1]}", "ab") == "b");
    CHECK(py_format("{0[1]:>3}", "漢字") == "  字");
    CHECK(py_format("{0.real:,}", "1234") == "1,234");
    CHECK(py_format("{0.imag}", "-2.5") == "0.0");
    CHECK(py_format("{0.denominator}", "7") == "1");
    CHECK(py_format("{0[2]}", "ab") == "ERR: string index out of range");
    CHECK(py_format("{0[x]}", "ab") == "ERR: string indices must be integers, not 'str'");
    CHECK(py_format("{0[0]}", "42") == "ERR: 'int' object is not subscriptable");
    CHECK(py_format("{0.foo}", "2.5") == "ERR: 'float' object has no attribute 'foo'");
    CHECK(py_format("{0[1]x}", "ab") ==
          "ERR: Only '.' or '[' may follow ']' in format field specifier");
    CHECK(py_format("{0.real.}", "1") == "ERR: Empty attribute in format string");
    // Attributes Python has that are no number (methods, dunders) are refused.
    auto formatter = Formatter::compile("{0.upper}");
    REQUIRE(formatter);
    std::string out;
    auto done = formatter->format_to(out, "ab");
    REQUIRE_FALSE(done);
    CHECK(done.error().kind == tbx::ErrorKind::unsupported);
}

TEST_CASE("text format: template syntax errors are known before formatting", "[text][format]") {
    auto formatter = Formatter::compile("{0:>5}{");
    REQUIRE(formatter);
    REQUIRE(formatter->syntax_error());
    CHECK(formatter->syntax_error()->message == "Single '{' encountered in format string");
    CHECK(Formatter::compile("{}{0}")->syntax_error());
    CHECK_FALSE(Formatter::compile("{0[1]}|{1:q}")->syntax_error());
}
