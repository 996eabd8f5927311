#include <cstdio>
#include <limits>

#include <utf8proc.h>

#include <tbx/text/align.hpp>
#include <tbx/text/format_spec.hpp>
#include <tbx/text/utf8.hpp>

namespace tbx::text {

namespace {

// Python's PY_SSIZE_T_MAX: widths and indexes above it fail with "Too many decimal digits".
constexpr std::int64_t k_ssize_max = std::numeric_limits<std::int64_t>::max();

/// Holds a spec decoded into code points, keeping each one's bytes for the fill.
struct CodePoints {
    std::string_view bytes;
    std::vector<Decoded> units;
    std::vector<std::size_t> offsets;

    explicit CodePoints(std::string_view text) : bytes(text) {
        for (std::size_t pos = 0; pos < text.size();) {
            const Decoded unit = decode_at(text, pos);
            units.push_back(unit);
            offsets.push_back(pos);
            pos += unit.length;
        }
    }
    [[nodiscard]] std::size_t size() const { return units.size(); }
    [[nodiscard]] char32_t operator[](std::size_t i) const { return units[i].code_point; }
    [[nodiscard]] std::string_view slice(std::size_t begin, std::size_t end) const {
        const std::size_t from = begin < size() ? offsets[begin] : bytes.size();
        const std::size_t to = end < size() ? offsets[end] : bytes.size();
        return bytes.substr(from, to - from);
    }
};

Result<FormatSpec> invalid(std::string message) {
    return fail(ErrorKind::invalid_argument, std::move(message));
}

bool is_alignment(char32_t c) {
    return c == '<' || c == '>' || c == '=' || c == '^';
}

// Unicode 15 added these decimal digits; Python 3.11 (Unicode 14) does not know them.
bool is_unicode15_digit(char32_t c) {
    return (c >= 0x11F50 && c <= 0x11F59) || (c >= 0x1E4F0 && c <= 0x1E4F9);
}

/// Returns the value of a decimal digit as Py_UNICODE_TODECIMAL does, or -1.
int decimal_value(char32_t c) {
    if (c >= '0' && c <= '9') {
        return static_cast<int>(c - '0');
    }
    if (c < 0x80 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || is_unicode15_digit(c)) {
        return -1;
    }
    const auto cp = static_cast<utf8proc_int32_t>(c);
    if (utf8proc_category(cp) != UTF8PROC_CATEGORY_ND) {
        return -1;
    }
    // Decimal digits come in runs of ten starting at zero (some runs hold several sets, like
    // the mathematical digits), so the value is the distance from the run's start modulo 10.
    utf8proc_int32_t start = cp;
    while (start > 0 && utf8proc_category(start - 1) == UTF8PROC_CATEGORY_ND) {
        --start;
    }
    return static_cast<int>((cp - start) % 10);
}

/// Reads decimal digits from `pos` like formatter_unicode.c's get_integer; returns the count
/// consumed, or an error on overflow.
Result<std::size_t> read_integer(const CodePoints& spec, std::size_t& pos, std::int64_t& value) {
    std::size_t consumed = 0;
    value = 0;
    for (; pos < spec.size(); ++pos, ++consumed) {
        const int digit = decimal_value(spec[pos]);
        if (digit < 0) {
            break;
        }
        if (value > (k_ssize_max - digit) / 10) {
            return fail(ErrorKind::invalid_argument, "Too many decimal digits in format string");
        }
        value = value * 10 + digit;
    }
    return consumed;
}

/// Spells a character the way CPython's messages do: itself when printable ASCII, else \xNN.
std::string spell_char(char32_t c) {
    if (c > 32 && c < 128) {
        return std::string(1, static_cast<char>(c));
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "\\x%x", static_cast<unsigned>(c));
    return buffer;
}

Result<FormatSpec> parse_code_points(const CodePoints& spec) {
    FormatSpec result;
    const std::size_t end = spec.size();
    std::size_t pos = 0;
    bool fill_specified = false;
    bool align_specified = false;
    char32_t sign = 0;
    bool no_neg_zero = false;
    bool alternate = false;
    char32_t align = '<';
    enum class Grouping { none, comma, underscore } grouping = Grouping::none;

    if (end - pos >= 2 && is_alignment(spec[pos + 1])) {
        align = spec[pos + 1];
        result.fill = std::string(spec.slice(pos, pos + 1));
        fill_specified = true;
        align_specified = true;
        pos += 2;
    } else if (end - pos >= 1 && is_alignment(spec[pos])) {
        align = spec[pos];
        align_specified = true;
        ++pos;
    }
    if (pos < end && (spec[pos] == '+' || spec[pos] == '-' || spec[pos] == ' ')) {
        sign = spec[pos];
        ++pos;
    }
    if (pos < end && spec[pos] == 'z') {
        no_neg_zero = true;
        ++pos;
    }
    if (pos < end && spec[pos] == '#') {
        alternate = true;
        ++pos;
    }
    // The '0' before the width sets the fill; for strings the default alignment stays '<'.
    if (!fill_specified && pos < end && spec[pos] == '0') {
        result.fill = "0";
        ++pos;
    }
    (void)align_specified;
    std::int64_t width = 0;
    auto consumed = read_integer(spec, pos, width);
    if (!consumed) {
        return tl::unexpected(consumed.error());
    }
    result.width = *consumed == 0 ? -1 : width;

    if (pos < end && spec[pos] == ',') {
        grouping = Grouping::comma;
        ++pos;
    }
    if (pos < end && spec[pos] == '_') {
        if (grouping != Grouping::none) {
            return invalid("Cannot specify both ',' and '_'.");
        }
        grouping = Grouping::underscore;
        ++pos;
    }
    if (pos < end && spec[pos] == ',' && grouping == Grouping::underscore) {
        return invalid("Cannot specify both ',' and '_'.");
    }
    if (pos < end && spec[pos] == '.') {
        ++pos;
        std::int64_t precision = 0;
        consumed = read_integer(spec, pos, precision);
        if (!consumed) {
            return tl::unexpected(consumed.error());
        }
        if (*consumed == 0) {
            return invalid("Format specifier missing precision");
        }
        result.precision = precision;
    }
    if (end - pos > 1) {
        return invalid("Invalid format specifier '" + std::string(spec.bytes) +
                       "' for object of type 'str'");
    }
    char32_t type = 's';
    if (end - pos == 1) {
        type = spec[pos];
    }
    if (grouping != Grouping::none) {
        const bool allowed = type == 'd' || type == 'e' || type == 'f' || type == 'g' ||
                             type == 'E' || type == 'G' || type == '%' || type == 'F' ||
                             (grouping == Grouping::underscore &&
                              (type == 'b' || type == 'o' || type == 'x' || type == 'X'));
        if (!allowed) {
            return invalid(std::string("Cannot specify '") +
                           (grouping == Grouping::comma ? "," : "_") + "' with '" +
                           spell_char(type) + "'.");
        }
    }
    // From here on the order is that of unicode's __format__: the type first, then the
    // options strings reject.
    if (type != 's') {
        return invalid("Unknown format code '" + spell_char(type) + "' for object of type 'str'");
    }
    if (sign == ' ') {
        return invalid("Space not allowed in string format specifier");
    }
    if (sign != 0) {
        return invalid("Sign not allowed in string format specifier");
    }
    if (no_neg_zero) {
        return invalid("Negative zero coercion (z) not allowed in string format specifier");
    }
    if (alternate) {
        return invalid("Alternate form (#) not allowed in string format specifier");
    }
    if (align == '=') {
        return invalid("'=' alignment not allowed in string format specifier");
    }
    result.align = static_cast<char>(align);
    return result;
}

bool is_printable(char32_t c) {
    if (c >= 0xD800 && c <= 0xDFFF) {
        return false;
    }
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CN:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_ZS:
        return c == ' ';
    default:
        return true;
    }
}

/// Holds the state of one str.format call: auto-numbering, as in unicode_format.h.
struct TemplateParser {
    enum class Numbering { init, automatic, manual };
    const CodePoints& input;
    Numbering numbering = Numbering::init;
    std::int64_t next_index = 0;

    /// Resolves a field name to the argument index; only index 0 (the text) exists.
    Result<FormatPiece> field(std::size_t name_begin, std::size_t name_end) {
        std::size_t first_end = name_begin;
        while (first_end < name_end && input[first_end] != '.' && input[first_end] != '[') {
            ++first_end;
        }
        std::int64_t index = -1;
        if (first_end > name_begin) {
            std::size_t pos = name_begin;
            std::int64_t value = 0;
            auto consumed = read_integer(input, pos, value);
            if (!consumed) {
                return tl::unexpected(consumed.error());
            }
            if (pos == first_end) {
                index = value;
            }
        }
        const bool empty = first_end == name_begin;
        if (empty || index != -1) {
            if (numbering == Numbering::init) {
                numbering = empty ? Numbering::automatic : Numbering::manual;
            }
            if (numbering == Numbering::manual && empty) {
                return fail(ErrorKind::invalid_argument,
                            "cannot switch from manual field specification to automatic "
                            "field numbering");
            }
            if (numbering == Numbering::automatic && !empty) {
                return fail(ErrorKind::invalid_argument,
                            "cannot switch from automatic field numbering to manual field "
                            "specification");
            }
            if (empty) {
                index = next_index++;
            }
        }
        if (index == -1) {
            return fail(ErrorKind::invalid_argument,
                        "KeyError: '" + std::string(input.slice(name_begin, first_end)) +
                            "' (the text is the only argument: use {} or {0})");
        }
        if (index != 0) {
            return fail(ErrorKind::invalid_argument, "Replacement index " + std::to_string(index) +
                                                         " out of range for positional args tuple");
        }
        if (first_end != name_end) {
            return fail(ErrorKind::unsupported, "attribute and index lookups are not supported",
                        std::string(input.slice(name_begin, name_end)));
        }
        return FormatPiece{};
    }

    /// Parses from just after a '{' that opens a field, like parse_field() followed by
    /// output_markup(); leaves `pos` after the closing '}'.
    Result<FormatPiece> parse_field(std::size_t& pos) {
        const std::size_t end = input.size();
        const std::size_t name_begin = pos;
        char32_t c = 0;
        while (pos < end) {
            c = input[pos++];
            if (c == '{') {
                return fail(ErrorKind::invalid_argument, "unexpected '{' in field name");
            }
            if (c == '[') {
                while (pos < end && input[pos] != ']') {
                    ++pos;
                }
                continue;
            }
            if (c == '}' || c == ':' || c == '!') {
                break;
            }
        }
        const std::size_t name_end = pos - 1;
        char32_t conversion = 0;
        std::size_t spec_begin = pos;
        std::size_t spec_end = pos;
        bool nested = false;
        if (c == '!' || c == ':') {
            bool closed = false;
            if (c == '!') {
                if (pos >= end) {
                    return fail(ErrorKind::invalid_argument,
                                "end of string while looking for conversion specifier");
                }
                conversion = input[pos++];
                if (pos < end) {
                    const char32_t next = input[pos++];
                    if (next == '}') {
                        closed = true;
                        spec_begin = spec_end = pos;
                    } else if (next != ':') {
                        return fail(ErrorKind::invalid_argument,
                                    "expected ':' after conversion specifier");
                    }
                }
            }
            if (!closed) {
                spec_begin = pos;
                int depth = 1;
                while (pos < end) {
                    const char32_t s = input[pos++];
                    if (s == '{') {
                        nested = true;
                        ++depth;
                    } else if (s == '}' && --depth == 0) {
                        closed = true;
                        break;
                    }
                }
                if (!closed) {
                    return fail(ErrorKind::invalid_argument, "unmatched '{' in format spec");
                }
                spec_end = pos - 1;
            }
        } else if (c != '}') {
            return fail(ErrorKind::invalid_argument, "expected '}' before end of string");
        }

        auto piece = field(name_begin, name_end);
        if (!piece) {
            return piece;
        }
        switch (conversion) {
        case 0:
            break;
        case 's':
            piece->conversion = Conversion::str;
            break;
        case 'r':
            piece->conversion = Conversion::repr;
            break;
        case 'a':
            piece->conversion = Conversion::ascii;
            break;
        default: {
            std::string spelled;
            if (conversion > 32 && conversion < 127) {
                spelled = std::string(1, static_cast<char>(conversion));
            } else {
                char buffer[16];
                std::snprintf(buffer, sizeof buffer, "\\x%x", static_cast<unsigned>(conversion));
                spelled = buffer;
            }
            return fail(ErrorKind::invalid_argument, "Unknown conversion specifier " + spelled);
        }
        }
        if (nested) {
            return fail(ErrorKind::unsupported,
                        "nested replacement fields in a format spec are not supported",
                        std::string(input.slice(spec_begin, spec_end)));
        }
        auto spec = parse_code_points(CodePoints(input.slice(spec_begin, spec_end)));
        if (!spec) {
            return tl::unexpected(spec.error());
        }
        piece->spec = std::move(*spec);
        return piece;
    }

    /// Splits the template into pieces like MarkupIterator_next, failing at the first error
    /// Python would raise while formatting.
    Result<std::vector<FormatPiece>> parse() {
        std::vector<FormatPiece> pieces;
        std::string literal;
        const std::size_t end = input.size();
        std::size_t pos = 0;
        while (pos < end) {
            const std::size_t start = pos;
            char32_t c = 0;
            bool markup = false;
            while (pos < end) {
                c = input[pos++];
                if (c == '{' || c == '}') {
                    markup = true;
                    break;
                }
            }
            const bool at_end = pos >= end;
            std::size_t length = pos - start;
            if (c == '}' && markup && (at_end || input[pos] != '}')) {
                return fail(ErrorKind::invalid_argument, "Single '}' encountered in format string");
            }
            if (at_end && markup && c == '{') {
                return fail(ErrorKind::invalid_argument, "Single '{' encountered in format string");
            }
            if (markup && !at_end) {
                if (input[pos] == c) {
                    ++pos;
                    markup = false;
                } else {
                    --length;
                }
            }
            literal += input.slice(start, start + length);
            if (!markup) {
                continue;
            }
            auto piece = parse_field(pos);
            if (!piece) {
                return tl::unexpected(piece.error());
            }
            piece->literal = std::move(literal);
            literal.clear();
            piece->has_field = true;
            pieces.push_back(std::move(*piece));
        }
        if (!literal.empty()) {
            FormatPiece tail;
            tail.literal = std::move(literal);
            pieces.push_back(std::move(tail));
        }
        return pieces;
    }
};

void append_hex_escape(std::string& out, char32_t c) {
    char buffer[16];
    if (c <= 0xFF) {
        std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(c));
    } else if (c <= 0xFFFF) {
        std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
    } else {
        std::snprintf(buffer, sizeof buffer, "\\U%08x", static_cast<unsigned>(c));
    }
    out += buffer;
}

} // namespace

Result<FormatSpec> parse_format_spec(std::string_view spec) {
    if (spec.empty()) {
        return FormatSpec{};
    }
    return parse_code_points(CodePoints(spec));
}

void format_to(std::string& out, std::string_view text, const FormatSpec& spec, CenterRule rule) {
    if (spec.precision >= 0) {
        text = text.substr(0, code_point_prefix(text, static_cast<std::size_t>(spec.precision)));
    }
    if (spec.width < 0) {
        out += text;
        return;
    }
    const std::size_t length = count_code_points(text);
    const auto width = static_cast<std::uint64_t>(spec.width);
    if (width <= length) {
        out += text;
        return;
    }
    const Padding padding = compute_padding(length, width, align_of(spec.align, rule));
    append_fill(out, spec.fill, padding.left);
    out += text;
    append_fill(out, spec.fill, padding.right);
}

void append_repr(std::string& out, std::string_view text, Conversion conversion) {
    bool has_single = false;
    bool has_double = false;
    for (const char c : text) {
        has_single = has_single || c == '\'';
        has_double = has_double || c == '"';
    }
    const char quote = has_single && !has_double ? '"' : '\'';
    out.push_back(quote);
    for (std::size_t pos = 0; pos < text.size();) {
        const Decoded unit = decode_at(text, pos);
        const char32_t c = unit.code_point;
        if (c == static_cast<char32_t>(quote) || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < ' ' || c == 0x7F) {
            append_hex_escape(out, c);
        } else if (c < 0x7F) {
            out.push_back(static_cast<char>(c));
        } else if (conversion == Conversion::repr && unit.valid && is_printable(c)) {
            out += text.substr(pos, unit.length);
        } else {
            append_hex_escape(out, c);
        }
        pos += unit.length;
    }
    out.push_back(quote);
}

bool is_template_spec(std::string_view spec) {
    if (spec.size() < 2 || spec.front() != '{' || spec.back() != '}') {
        return false;
    }
    const char second = spec[1];
    return !is_alignment(static_cast<unsigned char>(second));
}

Result<Formatter> Formatter::compile(std::string_view spec, CenterRule rule) {
    Formatter formatter;
    formatter.m_rule = rule;
    if (is_template_spec(spec)) {
        const CodePoints input(spec);
        TemplateParser parser{input};
        auto pieces = parser.parse();
        if (!pieces) {
            return tl::unexpected(pieces.error());
        }
        formatter.m_pieces = std::move(*pieces);
        formatter.m_template = true;
    } else {
        auto parsed = parse_format_spec(spec);
        if (!parsed) {
            return tl::unexpected(parsed.error());
        }
        FormatPiece piece;
        piece.has_field = true;
        piece.spec = std::move(*parsed);
        formatter.m_pieces.push_back(std::move(piece));
    }
    for (const FormatPiece& piece : formatter.m_pieces) {
        if (piece.spec.width > k_max_format_width) {
            return fail(ErrorKind::limit,
                        "width too large: tbx pads to at most " +
                            std::to_string(k_max_format_width) +
                            " code points (Python raises MemoryError)",
                        std::to_string(piece.spec.width));
        }
    }
    return formatter;
}
void Formatter::format_to(std::string& out, std::string_view text) const {
    for (const FormatPiece& piece : m_pieces) {
        out += piece.literal;
        if (!piece.has_field) {
            continue;
        }
        if (piece.conversion == Conversion::repr || piece.conversion == Conversion::ascii) {
            std::string converted;
            append_repr(converted, text, piece.conversion);
            text::format_to(out, converted, piece.spec, m_rule);
        } else {
            text::format_to(out, text, piece.spec, m_rule);
        }
    }
}

} // namespace tbx::text
