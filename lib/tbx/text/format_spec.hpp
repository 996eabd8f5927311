#pragma once
// Python 3.11's format() and str.format() for the three kinds of value a command line holds:
// str, int (of any size) and float, with CPython's spec parsing, error messages and output.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>
#include <tbx/text/decimal_lines.hpp>
#include <tbx/text/lookup.hpp>
#include <tbx/text/number.hpp>
#include <tbx/text/repr.hpp>
#include <tbx/text/width.hpp>

namespace tbx::text {

/// Caps the width tbx pads to, and the precision of floats, at 2^30: Python 3.11 would build
/// the string (a gigabyte or more) where tbx refuses with ErrorKind::limit.
constexpr std::int64_t k_max_format_width = std::int64_t{1} << 30;

/// Chooses which side gets the odd padding column when centering.
enum class CenterRule {
    format,    ///< format()'s '^': the extra column goes right ("ab" in 5 -> " ab  ")
    str_center ///< str.center(): left when both the padding and the width are odd
};

/// Names the Python type a value is formatted as.
enum class ValueKind { str, int_, float_ };

/// Chooses what width and precision count for strings.
enum class CountUnit {
    codepoints, ///< code points, as Python counts them
    display     ///< terminal columns (tbx center's rules: wide 2, combining 0, escapes 0)
};

/// Holds a parsed spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type].
struct FormatSpec {
    std::string fill = " ";        ///< the fill code point as UTF-8 (or the one raw invalid byte)
    char align = '<';              ///< '<', '>', '^' or '=' (numbers only)
    char sign = 0;                 ///< '+', '-', ' ' or 0 when absent
    bool no_negative_zero = false; ///< 'z'
    bool alternate = false;        ///< '#'
    char grouping = 0;             ///< ',' or '_' or 0
    int group_size = 3;            ///< 4 for '_' with b, o, x, X
    std::int64_t width = -1;       ///< minimum width; -1 when absent
    std::int64_t precision = -1;   ///< -1 when absent
    char type = 0;                 ///< presentation type; 's' for str, 'd' for int by default
};

/// Parses `spec` exactly as CPython 3.11 does for a value of `kind`, with Python's error
/// messages: "─^20" gives fill "─", align '^', width 20; "+" fails for str with "Sign not
/// allowed in string format specifier"; ",.2f" is fine for int and float. Widths above
/// k_max_format_width (and float precisions above it) fail with ErrorKind::limit.
Result<FormatSpec> parse_format_spec(std::string_view spec, ValueKind kind = ValueKind::str);

/// Holds what one argument is, as tbx format reads it.
struct Value {
    ValueKind kind = ValueKind::str;
    std::string_view text; ///< the argument as given (the str value)
    BigInt integer;        ///< for ValueKind::int_
    double real = 0;       ///< for ValueKind::float_
};

/// Reads `text` as int(text) when that succeeds, else as float(text), else as a str; with
/// `forced`, as that kind only, failing with Python's ValueError message.
Result<Value> classify_value(std::string_view text, std::optional<ValueKind> forced = {});

/// Options of the formatting that are not part of Python's spec.
struct FormatOptions {
    CenterRule rule = CenterRule::format;
    CountUnit count = CountUnit::codepoints;
    WidthMode width_mode = WidthMode::grapheme; ///< for CountUnit::display
    std::optional<ValueKind> type;              ///< read every value as this kind
};

/// Appends format(value, spec) to `out`; fails only where Python raises for this value
/// (chr() range for 'c', an int too large for float).
Result<void> format_value(std::string& out, const Value& value, const FormatSpec& spec,
                          const FormatOptions& options = {});

/// Appends `format(text, spec)` for a str to `out`, counting code points as Python does (an
/// invalid UTF-8 byte counts as one and is copied through).
void format_to(std::string& out, std::string_view text, const FormatSpec& spec,
               CenterRule rule = CenterRule::format);

/// Holds one literal run or one replacement field of a compiled SPEC or template.
struct FormatPiece {
    std::string literal;                      ///< text copied before the field
    bool has_field = false;                   ///< false for a trailing literal
    std::optional<Error> before_lookup;       ///< raised on reaching this field (syntax errors)
    std::int64_t index = 0;                   ///< the argument the field takes
    std::vector<LookupStep> lookups;          ///< ".real", "[1]" after the argument
    std::optional<Error> after_lookup;        ///< raised after the lookup (unknown conversion)
    Conversion conversion = Conversion::none; ///< !s, !r, !a
    std::array<Result<FormatSpec>, 3> specs;  ///< the field's spec parsed for each ValueKind
    bool nested = false;                      ///< the spec holds fields ('{:{}}'): built per use
    std::vector<FormatPiece> spec_pieces;     ///< the spec's pieces when nested
    std::optional<Error> nested_error;        ///< "Max string recursion exceeded"
    bool decimal_fixed = false; ///< an 'f'/'F' field: decimal literals skip the double
};

/// Returns true when SPEC is read as a str.format template rather than a plain format spec:
/// when it holds a '{' or '}' anywhere but as a fill (first, followed by an alignment
/// character). format() rejects every such spec, so no valid spec changes meaning.
bool is_template_spec(std::string_view spec);

/// Formats values with the SPEC argument of `tbx format`: a plain format spec ("=^20",
/// ",.2f", applied to the first value) or a str.format template ("{:>5}|{1:,}", "{0!r}").
class Formatter {
public:
    /// Compiles `spec`. Errors Python raises while formatting (a bad spec for the value's
    /// type, an index out of range, template syntax) are kept and reported by format(), in
    /// Python's order; compile itself fails only for a fill too wide for CountUnit::display.
    static Result<Formatter> compile(std::string_view spec, const FormatOptions& options = {});

    /// Appends SPEC formatted with `values` (positional arguments 0, 1, ...) to `out`;
    /// on error `out` may hold part of the result.
    Result<void> format(std::string& out, std::span<const std::string_view> values) const;

    /// Appends SPEC formatted with the one value `text`.
    Result<void> format_to(std::string& out, std::string_view text) const {
        return format(out, std::span<const std::string_view>(&text, 1));
    }

    /// Formats the leading lines of `input`, each the one value, all at once where SPEC is
    /// one 'f' or 'F' field and they are plain decimal literals (see DecimalLines::format),
    /// appending them to `out` until about `budget` bytes were appended; takes nothing for
    /// other SPECs. The lines it leaves go to format(), one at a time.
    LinesDone format_lines(std::string_view input, std::string& out, std::size_t budget) const {
        return m_decimal_lines ? m_decimal_lines->format(input, out, budget) : LinesDone{};
    }

    /// Returns true when format_lines may take lines: SPEC is one 'f' or 'F' field.
    [[nodiscard]] bool takes_lines() const { return m_decimal_lines.has_value(); }

    /// Returns true when SPEC was a str.format template rather than a plain spec.
    [[nodiscard]] bool is_template() const { return m_template; }

    /// Returns the first error of the template that no values can avoid (a lone brace, an
    /// unclosed field, mixed numbering), which Python raises on reaching it.
    [[nodiscard]] const std::optional<Error>& syntax_error() const { return m_syntax_error; }

    /// Returns the compiled pieces (a plain spec is one field with no literal).
    [[nodiscard]] const std::vector<FormatPiece>& pieces() const { return m_pieces; }

private:
    std::vector<FormatPiece> m_pieces;
    FormatOptions m_options;
    bool m_template = false;
    std::optional<Error> m_syntax_error;
    std::optional<DecimalLines> m_decimal_lines; ///< for format_lines
};

} // namespace tbx::text
