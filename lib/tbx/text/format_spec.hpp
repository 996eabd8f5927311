#pragma once
// Python's format-spec mini-language for `str`, as `format(text, spec)` applies it, and the
// `str.format` replacement-field form ("{:=^20}") with the text as its only argument.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::text {

/// Caps the width tbx pads to (1 GiB of fill); Python would try to allocate and raise
/// MemoryError somewhere above this.
constexpr std::int64_t k_max_format_width = std::int64_t{1} << 30;

/// Chooses which side gets the odd padding column when centering.
enum class CenterRule {
    format,    ///< format()'s '^': the extra column goes right ("ab" in 5 -> " ab  ")
    str_center ///< str.center(): left when both the padding and the width are odd
};

/// Holds a parsed format spec for `str`: [[fill]align][width][.precision][s]. Everything else
/// the grammar allows (sign, z, #, grouping, other types) is an error for strings.
struct FormatSpec {
    std::string fill = " ";      ///< the fill code point as UTF-8 (or the one raw invalid byte)
    char align = '<';            ///< '<', '>' or '^'
    std::int64_t width = -1;     ///< minimum width in code points; -1 when absent
    std::int64_t precision = -1; ///< maximum code points kept; -1 when absent
};

/// Parses `spec` exactly as CPython 3.11 does for a `str` argument, with its error messages:
/// "─^20" gives fill "─", align '^', width 20; "+" fails with "Sign not allowed in string
/// format specifier". Invalid UTF-8 bytes in `spec` act as Python's surrogate escapes.
Result<FormatSpec> parse_format_spec(std::string_view spec);

/// Appends `format(text, spec)` to `out`, counting code points as Python does (an invalid
/// UTF-8 byte counts as one and is copied through).
void format_to(std::string& out, std::string_view text, const FormatSpec& spec,
               CenterRule rule = CenterRule::format);

/// Names the conversion of a replacement field: none, !s, !r or !a.
enum class Conversion { none, str, repr, ascii };

/// Appends Python's repr(text) (Conversion::repr) or ascii(text) (Conversion::ascii) to `out`:
/// "it's" gives "\"it's\"", "é\n" gives "'é\\n'" or "'\\xe9\\n'".
void append_repr(std::string& out, std::string_view text, Conversion conversion);

/// Holds one literal run or one replacement field of a compiled SPEC.
struct FormatPiece {
    std::string literal;                      ///< text copied before the field
    bool has_field = false;                   ///< false for a trailing literal
    Conversion conversion = Conversion::none; ///< !s, !r, !a
    FormatSpec spec;                          ///< the field's spec
};

/// Formats text with the SPEC argument of `tbx format`: either a plain format spec
/// ("=^20", as format(text, spec)) or, when SPEC starts with '{', ends with '}' and its second
/// character is not an alignment character, a str.format template whose only argument is the
/// text ("{:=^20}", "{0!r:>10}|{0:.3}", "{{{}}}"). Every such SPEC is an error for format(),
/// so no valid spec changes meaning; "{^9" and "{<5}" stay plain specs.
class Formatter {
public:
    /// Compiles `spec`, failing with Python's ValueError message for the first error Python
    /// would raise, or ErrorKind::limit for a width above k_max_format_width.
    static Result<Formatter> compile(std::string_view spec, CenterRule rule = CenterRule::format);

    /// Appends the formatted `text` to `out`.
    void format_to(std::string& out, std::string_view text) const;

    /// Returns true when SPEC was a str.format template rather than a plain spec.
    [[nodiscard]] bool is_template() const { return m_template; }

    /// Returns the compiled pieces (a plain spec is one field with no literal).
    [[nodiscard]] const std::vector<FormatPiece>& pieces() const { return m_pieces; }

private:
    std::vector<FormatPiece> m_pieces;
    CenterRule m_rule = CenterRule::format;
    bool m_template = false;
};

/// Returns true when `spec` is read as a str.format template by Formatter::compile.
bool is_template_spec(std::string_view spec);

} // namespace tbx::text
