#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

#include <climits>

#include <tbx/text/align.hpp>
#include <tbx/text/format_spec.hpp>
#include <tbx/text/unicode14.hpp>
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

tl::unexpected<Error> invalid(std::string message) {
    return fail(ErrorKind::invalid_argument, std::move(message));
}

bool is_alignment(char32_t c) {
    return c == '<' || c == '>' || c == '=' || c == '^';
}

/// Reads decimal digits from `pos` like formatter_unicode.c's get_integer; returns the count
/// consumed, or an error on overflow.
Result<std::size_t> read_integer(const CodePoints& spec, std::size_t& pos, std::int64_t& value) {
    std::size_t consumed = 0;
    value = 0;
    for (; pos < spec.size(); ++pos, ++consumed) {
        const int digit = spec.units[pos].valid ? decimal_value_py(spec[pos]) : -1;
        if (digit < 0) {
            break;
        }
        if (value > (k_ssize_max - digit) / 10) {
            return invalid("Too many decimal digits in format string");
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

const char* type_name(ValueKind kind) {
    switch (kind) {
    case ValueKind::int_:
        return "int";
    case ValueKind::float_:
        return "float";
    default:
        return "str";
    }
}

/// Holds what parse_internal_render_format_spec reads before the per-type checks.
struct RawSpec {
    FormatSpec spec;
    char32_t type = 0;
    bool fill_specified = false;
};

/// Reads [[fill]align][sign][z][#][0][width] into `raw`, from `pos`.
Result<void> parse_head(const CodePoints& spec, std::size_t& pos, RawSpec& raw,
                        char default_align) {
    const std::size_t end = spec.size();
    FormatSpec& result = raw.spec;
    bool align_specified = false;
    result.align = default_align;
    if (end - pos >= 2 && is_alignment(spec[pos + 1])) {
        result.align = static_cast<char>(spec[pos + 1]);
        result.fill = std::string(spec.slice(pos, pos + 1));
        raw.fill_specified = true;
        align_specified = true;
        pos += 2;
    } else if (end - pos >= 1 && is_alignment(spec[pos])) {
        result.align = static_cast<char>(spec[pos]);
        align_specified = true;
        ++pos;
    }
    if (pos < end && (spec[pos] == '+' || spec[pos] == '-' || spec[pos] == ' ')) {
        result.sign = static_cast<char>(spec[pos]);
        ++pos;
    }
    if (pos < end && spec[pos] == 'z') {
        result.no_negative_zero = true;
        ++pos;
    }
    if (pos < end && spec[pos] == '#') {
        result.alternate = true;
        ++pos;
    }
    // The '0' before the width sets the fill, and '=' alignment where the default is '>'.
    if (!raw.fill_specified && pos < end && spec[pos] == '0') {
        result.fill = "0";
        if (!align_specified && default_align == '>') {
            result.align = '=';
        }
        ++pos;
    }
    std::int64_t width = 0;
    auto consumed = read_integer(spec, pos, width);
    if (!consumed) {
        return tl::unexpected(consumed.error());
    }
    result.width = *consumed == 0 ? -1 : width;
    return {};
}

/// Reads [grouping][.precision][type] into `raw`, from `pos`, with CPython's checks.
Result<void> parse_tail(const CodePoints& spec, std::size_t pos, RawSpec& raw, ValueKind kind) {
    const std::size_t end = spec.size();
    FormatSpec& result = raw.spec;
    if (pos < end && spec[pos] == ',') {
        result.grouping = ',';
        ++pos;
    }
    if (pos < end && spec[pos] == '_') {
        if (result.grouping != 0) {
            return invalid("Cannot specify both ',' and '_'.");
        }
        result.grouping = '_';
        ++pos;
    }
    if (pos < end && spec[pos] == ',' && result.grouping == '_') {
        return invalid("Cannot specify both ',' and '_'.");
    }
    if (pos < end && spec[pos] == '.') {
        ++pos;
        std::int64_t precision = 0;
        auto consumed = read_integer(spec, pos, precision);
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
                       "' for object of type '" + type_name(kind) + "'");
    }
    if (end - pos == 1) {
        raw.type = spec[pos];
    }
    if (result.grouping != 0) {
        const char32_t t = raw.type;
        const bool hex_like = t == 'b' || t == 'o' || t == 'x' || t == 'X';
        const bool allowed = t == 'd' || t == 'e' || t == 'f' || t == 'g' || t == 'E' || t == 'G' ||
                             t == '%' || t == 'F' || t == 0 || (result.grouping == '_' && hex_like);
        if (!allowed) {
            return invalid(std::string("Cannot specify '") + result.grouping + "' with '" +
                           spell_char(t) + "'.");
        }
        result.group_size = hex_like ? 4 : 3;
    }
    return {};
}

bool is_one_of(char32_t c, std::string_view set) {
    return c != 0 && c < 128 && set.find(static_cast<char>(c)) != std::string_view::npos;
}

tl::unexpected<Error> unknown_type(char32_t type, ValueKind kind) {
    return invalid("Unknown format code '" + spell_char(type) + "' for object of type '" +
                   type_name(kind) + "'");
}

/// Applies unicode's __format__ checks, which come after the type check.
Result<void> check_str(const FormatSpec& spec, char32_t type) {
    if (type != 's') {
        return unknown_type(type, ValueKind::str);
    }
    if (spec.sign == ' ') {
        return invalid("Space not allowed in string format specifier");
    }
    if (spec.sign != 0) {
        return invalid("Sign not allowed in string format specifier");
    }
    if (spec.no_negative_zero) {
        return invalid("Negative zero coercion (z) not allowed in string format specifier");
    }
    if (spec.alternate) {
        return invalid("Alternate form (#) not allowed in string format specifier");
    }
    if (spec.align == '=') {
        return invalid("'=' alignment not allowed in string format specifier");
    }
    return {};
}

/// Applies format_long_internal's checks for the integer presentation types.
Result<void> check_int(const FormatSpec& spec, char32_t type) {
    if (spec.precision != -1) {
        return invalid("Precision not allowed in integer format specifier");
    }
    if (spec.no_negative_zero) {
        return invalid("Negative zero coercion (z) not allowed in integer format specifier");
    }
    if (type == 'c' && spec.sign != 0) {
        return invalid("Sign not allowed with integer format specifier 'c'");
    }
    if (type == 'c' && spec.alternate) {
        return invalid("Alternate form (#) not allowed with integer format specifier 'c'");
    }
    return {};
}

/// Checks the spec against the presentation types `kind` knows, in __format__'s order.
Result<void> check_type(const FormatSpec& spec, char32_t type, ValueKind kind) {
    if (kind == ValueKind::str) {
        return check_str(spec, type);
    }
    if (kind == ValueKind::int_ && is_one_of(type, "bcdoxXn")) {
        return check_int(spec, type);
    }
    const bool float_type = type == 0 ? kind == ValueKind::float_ : is_one_of(type, "eEfFgG%n");
    if (!float_type) {
        return unknown_type(type, kind);
    }
    if (spec.precision > INT_MAX) {
        return invalid("precision too big");
    }
    if (spec.precision > k_max_format_width) {
        return fail(ErrorKind::limit,
                    "precision too large: tbx formats floats with precisions up to 2^30 = " +
                        std::to_string(k_max_format_width) +
                        " (Python 3.11 would build the string)",
                    std::to_string(spec.precision));
    }
    return {};
}

Result<FormatSpec> parse_code_points(const CodePoints& spec, ValueKind kind) {
    RawSpec raw;
    std::size_t pos = 0;
    if (auto head = parse_head(spec, pos, raw, kind == ValueKind::str ? '<' : '>'); !head) {
        return tl::unexpected(head.error());
    }
    raw.type = kind == ValueKind::str ? 's' : kind == ValueKind::int_ ? 'd' : 0;
    if (auto tail = parse_tail(spec, pos, raw, kind); !tail) {
        return tl::unexpected(tail.error());
    }
    if (auto checked = check_type(raw.spec, raw.type, kind); !checked) {
        return tl::unexpected(checked.error());
    }
    if (raw.spec.width > k_max_format_width) {
        return fail(ErrorKind::limit,
                    "width too large: tbx pads to widths up to 2^30 = " +
                        std::to_string(k_max_format_width) +
                        " (Python 3.11 would build the string)",
                    std::to_string(raw.spec.width));
    }
    raw.spec.type = static_cast<char>(raw.type);
    return raw.spec;
}

/// Holds the pieces of a formatted number, as formatter_unicode.c's fill_number lays them out:
/// <lpadding> <sign> <prefix> <spadding> <grouped digits> <decimal> <remainder> <rpadding>.
struct NumberParts {
    char sign = 0;           ///< '-' when negative, else 0
    std::string_view prefix; ///< "0x" etc.
    std::string_view digits; ///< ASCII digits to group
    bool has_decimal = false;
    std::string_view remainder; ///< fraction, exponent, '%', "inf", or the 'c' character
    bool upper = false;         ///< 'X': prefix and digits upper-cased
};

/// Mirrors _PyUnicode_InsertThousandsGrouping: groups `digits` from the right, padding with
/// zeros (and separators between them) up to `min_width`.
std::string group_digits(std::string_view digits, std::int64_t min_width, int group,
                         char separator) {
    std::string reversed;
    reversed.reserve(digits.size() + digits.size() / 3 + 1);
    min_width = std::max<std::int64_t>(0, min_width);
    auto remaining = static_cast<std::int64_t>(digits.size());
    std::size_t digits_pos = digits.size();
    bool use_separator = false;
    const auto emit = [&](std::int64_t length) {
        const std::int64_t zeros = std::max<std::int64_t>(0, length - remaining);
        const std::int64_t chars = std::max<std::int64_t>(0, std::min(remaining, length));
        if (use_separator) {
            reversed.push_back(separator);
        }
        for (std::int64_t i = 0; i < chars; ++i) {
            reversed.push_back(digits[--digits_pos]);
        }
        reversed.append(static_cast<std::size_t>(zeros), '0');
        remaining -= chars;
    };
    bool done = false;
    while (group > 0) {
        const std::int64_t length =
            std::min<std::int64_t>(group, std::max({remaining, min_width, std::int64_t{1}}));
        emit(length);
        use_separator = true;
        min_width -= length;
        if (remaining <= 0 && min_width <= 0) {
            done = true;
            break;
        }
        min_width -= 1;
    }
    if (!done) {
        emit(std::max({remaining, min_width, std::int64_t{1}}));
    }
    std::reverse(reversed.begin(), reversed.end());
    return reversed;
}

/// Appends `digits` with `separator` before every `group` digits counted from the right
/// ("1234567" -> "1,234,567"): group_digits without zero padding, straight into `out`.
void append_grouped(std::string& out, std::string_view digits, std::size_t group, char separator) {
    const std::size_t first = (digits.size() - 1) % group + 1;
    out.append(digits.substr(0, first));
    for (std::size_t at = first; at < digits.size(); at += group) {
        out.push_back(separator);
        out.append(digits.substr(at, group));
    }
}

/// Mirrors calc_number_widths and fill_number: signs, zero padding, grouping, alignment.
void fill_number(std::string& out, const NumberParts& parts, const FormatSpec& spec,
                 bool locale_n) {
    char sign = parts.sign;
    if (spec.sign == '+' || spec.sign == ' ') {
        sign = parts.sign == '-' ? '-' : spec.sign;
    }
    const std::int64_t non_digits =
        (sign != 0 ? 1 : 0) + static_cast<std::int64_t>(parts.prefix.size()) +
        (parts.has_decimal ? 1 : 0) + static_cast<std::int64_t>(count_code_points(parts.remainder));
    const std::int64_t min_width =
        spec.fill == "0" && spec.align == '=' ? spec.width - non_digits : 0;
    std::string grouped;
    const int group = spec.grouping != 0 && !locale_n ? spec.group_size : 0;
    std::string_view digits = parts.digits;
    // Grouping without zero padding goes straight to `out`; its length is known beforehand.
    const bool group_directly = group != 0 && min_width <= 0 && !digits.empty() && !parts.upper;
    auto digits_size = static_cast<std::int64_t>(digits.size());
    if (group_directly) {
        digits_size += (digits_size - 1) / group;
    } else if (!parts.digits.empty() &&
               (group != 0 || min_width > static_cast<std::int64_t>(parts.digits.size()))) {
        grouped = group_digits(parts.digits, min_width, group, spec.grouping);
        digits = grouped;
        digits_size = static_cast<std::int64_t>(digits.size());
    }
    const std::int64_t padding = spec.width - (non_digits + digits_size);
    Padding pad;
    std::uint64_t inner = 0;
    if (padding > 0) {
        const auto total = static_cast<std::uint64_t>(padding);
        if (spec.align == '=') {
            inner = total;
        } else {
            pad = compute_padding(0, total, align_of(spec.align, CenterRule::format));
        }
    }
    const auto append_upper = [&out, &parts](std::string_view text) {
        const std::size_t start = out.size();
        out += text;
        if (parts.upper) {
            std::transform(out.begin() + static_cast<long>(start), out.end(),
                           out.begin() + static_cast<long>(start),
                           [](char c) { return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c; });
        }
    };
    append_fill(out, spec.fill, pad.left);
    if (sign != 0) {
        out.push_back(sign);
    }
    append_upper(parts.prefix);
    append_fill(out, spec.fill, inner);
    if (group_directly) {
        append_grouped(out, digits, static_cast<std::size_t>(group), spec.grouping);
    } else {
        append_upper(digits);
    }
    if (parts.has_decimal) {
        out.push_back('.');
    }
    out += parts.remainder;
    append_fill(out, spec.fill, pad.right);
}

/// Writes [sign][grouped integer digits][.decimals] of `fixed` into `body`; returns its length.
std::size_t layout_fixed(const FixedDigits& fixed, char sign, const FormatSpec& spec, bool point,
                         std::array<char, 96>& body) {
    // Fixed-size copies (inlined, no call) may copy more than they keep: both arrays have room.
    constexpr std::size_t chunk = 16;
    char* to = body.data();
    *to = sign;
    to += sign != 0 ? 1 : 0;
    const char* const first = fixed.digits();
    const char* const integer_end = first + (fixed.length - fixed.decimals);
    if (spec.grouping == 0) {
        std::memcpy(to, first, chunk);
        to += integer_end - first;
    } else {
        // The first group takes what is left over; a separator goes before every other one.
        const auto group = static_cast<std::ptrdiff_t>(spec.group_size);
        const char* digit = first;
        for (std::ptrdiff_t take = (integer_end - first - 1) % group + 1; digit != integer_end;
             digit += take, take = group) {
            *to = spec.grouping;
            to += digit != first ? 1 : 0;
            std::memcpy(to, digit, 4);
            to += take;
        }
    }
    *to = '.';
    to += point ? 1 : 0;
    std::memcpy(to, integer_end, chunk);
    to += static_cast<std::ptrdiff_t>(fixed.decimals);
    return static_cast<std::size_t>(to - body.data());
}

/// Formats a plain decimal literal ("-1234.5", "42") with an 'f' or 'F' spec straight from
/// its digits, as format() does with float(text) (or int(text) with `ints_are_ints`); returns
/// false, having written nothing, when decimal_to_fixed cannot decide.
bool format_decimal_fixed(std::string& out, std::string_view text, const FormatSpec& spec,
                          bool ints_are_ints) {
    FixedDigits fixed;
    const int precision = spec.precision < 0 ? 6 : static_cast<int>(spec.precision);
    if (!decimal_to_fixed(text, precision, ints_are_ints, fixed)) {
        return false;
    }
    const std::string_view all(fixed.digits(), fixed.length);
    const bool negative = fixed.negative && !(spec.no_negative_zero &&
                                              all.find_first_not_of('0') == std::string_view::npos);
    const bool point = fixed.decimals > 0 || spec.alternate;
    if (spec.align == '=') {
        // Padding between the sign and the digits, maybe zeros that get grouped: fill_number.
        NumberParts parts;
        parts.sign = negative ? '-' : 0;
        parts.digits = all.substr(0, fixed.length - fixed.decimals);
        parts.has_decimal = point;
        parts.remainder = all.substr(fixed.length - fixed.decimals);
        fill_number(out, parts, spec, false);
        return true;
    }
    const char sign = negative ? '-' : spec.sign == '+' || spec.sign == ' ' ? spec.sign : 0;
    std::array<char, 96> body; // NOLINT: filled by layout_fixed
    const std::size_t length = layout_fixed(fixed, sign, spec, point, body);
    if (spec.width <= static_cast<std::int64_t>(length)) {
        out.append(body.data(), length);
        return true;
    }
    const Padding pad = compute_padding(length, static_cast<std::uint64_t>(spec.width),
                                        align_of(spec.align, CenterRule::format));
    append_fill(out, spec.fill, pad.left);
    out.append(body.data(), length);
    append_fill(out, spec.fill, pad.right);
    return true;
}

Result<void> format_int(std::string& out, const BigInt& value, const FormatSpec& spec) {
    NumberParts parts;
    std::string digits;
    if (spec.type == 'c') {
        if (value.negative || value.digits.size() > 7 || std::stol(value.digits) > 0x10FFFF) {
            return invalid("%c arg not in range(0x110000)");
        }
        append_code_point(digits, static_cast<char32_t>(std::stol(value.digits)));
        parts.remainder = digits;
        fill_number(out, parts, spec, false);
        return {};
    }
    const int base = spec.type == 'b'                         ? 2
                     : spec.type == 'o'                       ? 8
                     : (spec.type == 'x' || spec.type == 'X') ? 16
                                                              : 10;
    if (base != 10) {
        digits = int_to_base(value, base);
    }
    parts.digits = base == 10 ? std::string_view(value.digits) : std::string_view(digits);
    parts.sign = value.negative ? '-' : 0;
    if (spec.alternate && base != 10) {
        parts.prefix = base == 2 ? "0b" : base == 8 ? "0o" : "0x";
    }
    parts.upper = spec.type == 'X';
    fill_number(out, parts, spec, spec.type == 'n');
    return {};
}

void format_float(std::string& out, double value, const FormatSpec& spec) {
    FloatFlags flags;
    flags.alternate = spec.alternate;
    flags.no_negative_zero = spec.no_negative_zero;
    char code = spec.type;
    int precision = spec.precision < 0 ? 6 : static_cast<int>(spec.precision);
    bool percent = false;
    switch (code) {
    case 0:
        flags.add_dot_0 = true;
        code = spec.precision < 0 ? 'r' : 'g';
        precision = spec.precision < 0 ? 0 : precision;
        break;
    case 'n':
        code = 'g';
        break;
    case '%':
        code = 'f';
        value *= 100;
        percent = true;
        break;
    case 'E':
    case 'F':
    case 'G':
        flags.upper = true;
        code = static_cast<char>(code - 'A' + 'a');
        break;
    default:
        break;
    }
    std::string text = double_to_string(value, code, precision, flags);
    if (percent) {
        text.push_back('%');
    }
    NumberParts parts;
    std::string_view rest = text;
    if (!rest.empty() && rest.front() == '-') {
        parts.sign = '-';
        rest.remove_prefix(1);
    }
    const std::size_t digits_end = std::min(rest.size(), rest.find_first_not_of("0123456789"));
    parts.digits = rest.substr(0, digits_end);
    rest.remove_prefix(digits_end);
    if (!rest.empty() && rest.front() == '.') {
        parts.has_decimal = true;
        rest.remove_prefix(1);
    }
    parts.remainder = rest;
    fill_number(out, parts, spec, spec.type == 'n');
}

/// Returns the byte length of the longest prefix of `text` no wider than `columns`, then
/// appends the escape sequences of the rest, so that colors still get reset.
std::string_view truncate_display(std::string_view text, std::size_t columns, WidthMode mode,
                                  std::string& tail_escapes) {
    const std::size_t kept = display_prefix(text, columns, mode);
    for (std::size_t pos = kept; pos < text.size();) {
        if (text[pos] == '\x1b') {
            const std::size_t length = escape_sequence_length(text, pos);
            tail_escapes += text.substr(pos, length);
            pos += length;
        } else {
            ++pos;
        }
    }
    return text.substr(0, kept);
}

void format_str(std::string& out, std::string_view text, const FormatSpec& spec,
                const FormatOptions& options) {
    if (options.count == CountUnit::codepoints) {
        format_to(out, text, spec, options.rule);
        return;
    }
    std::string tail_escapes;
    if (spec.precision >= 0) {
        text = truncate_display(text, static_cast<std::size_t>(spec.precision), options.width_mode,
                                tail_escapes);
    }
    const std::size_t length = display_width(text, options.width_mode);
    const Padding padding = spec.width < 0
                                ? Padding{}
                                : compute_padding(length, static_cast<std::uint64_t>(spec.width),
                                                  align_of(spec.align, options.rule));
    append_fill(out, spec.fill, padding.left);
    out += text;
    out += tail_escapes;
    append_fill(out, spec.fill, padding.right);
}

/// Returns str(value), repr(value) or ascii(value) as a str.
std::string convert(const Value& value, Conversion conversion) {
    switch (value.kind) {
    case ValueKind::int_:
        return int_to_string(value.integer);
    case ValueKind::float_:
        return float_repr(value.real);
    default:
        break;
    }
    if (conversion == Conversion::str) {
        return std::string(value.text);
    }
    std::string out;
    append_repr(out, value.text, conversion);
    return out;
}

/// Parses a field's spec for every kind of value it may meet.
std::array<Result<FormatSpec>, 3> parse_for_each_kind(std::string_view spec) {
    const CodePoints points(spec);
    return {parse_code_points(points, ValueKind::str), parse_code_points(points, ValueKind::int_),
            parse_code_points(points, ValueKind::float_)};
}

/// Holds the state of one str.format call: auto-numbering, as in unicode_format.h.
struct TemplateParser {
    enum class Numbering { init, automatic, manual };
    const CodePoints& input;
    Numbering numbering = Numbering::init;
    std::int64_t next_index = 0;
    int depth = 2; ///< build_string's recursion_depth: specs of fields may hold fields once
    std::optional<Error> syntax_error{}; ///< the first error no value can avoid

    /// Keeps `error` as the template's syntax error when it is the first; returns it.
    Error note_syntax(Error error) {
        if (!syntax_error) {
            syntax_error = error;
        }
        return error;
    }

    /// Resolves a field name to an argument index as field_name_split and get_field_object
    /// do; errors are kept in the piece, raised when formatting reaches it.
    FormatPiece field(std::size_t name_begin, std::size_t name_end) {
        FormatPiece piece;
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
                piece.before_lookup = note_syntax(consumed.error());
                return piece;
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
                piece.before_lookup =
                    note_syntax(invalid("cannot switch from manual field specification to "
                                        "automatic field numbering")
                                    .value());
                return piece;
            }
            if (numbering == Numbering::automatic && !empty) {
                piece.before_lookup =
                    note_syntax(invalid("cannot switch from automatic field numbering to "
                                        "manual field specification")
                                    .value());
                return piece;
            }
            if (empty) {
                index = next_index++;
            }
        }
        if (index == -1) {
            piece.before_lookup =
                invalid("KeyError: '" + std::string(input.slice(name_begin, first_end)) +
                        "' (fields are positional: use {} or {N})")
                    .value();
        } else {
            piece.lookups = parse_lookups(input.slice(first_end, name_end));
        }
        piece.index = index;
        return piece;
    }

    /// Reads the conversion character into the piece; an unknown one fails after the lookup.
    static void set_conversion(FormatPiece& piece, char32_t conversion) {
        switch (conversion) {
        case 0:
            break;
        case 's':
            piece.conversion = Conversion::str;
            break;
        case 'r':
            piece.conversion = Conversion::repr;
            break;
        case 'a':
            piece.conversion = Conversion::ascii;
            break;
        default: {
            const bool plain = conversion > 32 && conversion < 127;
            piece.after_lookup = invalid("Unknown conversion specifier " +
                                         (plain ? std::string(1, static_cast<char>(conversion))
                                                : spell_char(conversion)))
                                     .value();
        }
        }
    }

    /// Parses from just after a '{' that opens a field, like parse_field() followed by
    /// output_markup(); leaves `pos` after the closing '}'. Fails for syntax errors.
    Result<FormatPiece> parse_field(std::size_t& pos) {
        const std::size_t end = input.size();
        const std::size_t name_begin = pos;
        char32_t c = 0;
        while (pos < end) {
            c = input[pos++];
            if (c == '{') {
                return invalid("unexpected '{' in field name");
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
                    return invalid("end of string while looking for conversion specifier");
                }
                conversion = input[pos++];
                if (pos < end) {
                    const char32_t next = input[pos++];
                    if (next == '}') {
                        closed = true;
                        spec_begin = spec_end = pos;
                    } else if (next != ':') {
                        return invalid("expected ':' after conversion specifier");
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
                    return invalid("unmatched '{' in format spec");
                }
                spec_end = pos - 1;
            }
        } else if (c != '}') {
            return invalid("expected '}' before end of string");
        }

        FormatPiece piece = field(name_begin, name_end);
        set_conversion(piece, conversion);
        if (nested) {
            parse_nested(piece, input.slice(spec_begin, spec_end));
        } else {
            piece.specs = parse_for_each_kind(input.slice(spec_begin, spec_end));
        }
        return piece;
    }

    /// Compiles a spec that holds fields, sharing the automatic numbering with the template.
    void parse_nested(FormatPiece& piece, std::string_view spec) {
        piece.nested = true;
        if (depth - 1 <= 0) {
            piece.nested_error = note_syntax(invalid("Max string recursion exceeded").value());
            return;
        }
        const CodePoints points(spec);
        TemplateParser inner{points, numbering, next_index, depth - 1};
        piece.spec_pieces = inner.parse();
        numbering = inner.numbering;
        next_index = inner.next_index;
        if (inner.syntax_error) {
            note_syntax(*inner.syntax_error);
        }
    }

    /// Splits the template into pieces like MarkupIterator_next; a syntax error becomes a
    /// last piece that raises it, so that earlier fields fail first, as in Python.
    std::vector<FormatPiece> parse() {
        std::vector<FormatPiece> pieces;
        std::string literal;
        const std::size_t end = input.size();
        std::size_t pos = 0;
        const auto raise = [&](Error error) {
            FormatPiece piece;
            piece.literal = std::move(literal);
            piece.has_field = true;
            piece.before_lookup = note_syntax(std::move(error));
            pieces.push_back(std::move(piece));
            return pieces;
        };
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
                return raise(invalid("Single '}' encountered in format string").value());
            }
            if (at_end && markup && c == '{') {
                return raise(invalid("Single '{' encountered in format string").value());
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
                return raise(piece.error());
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

/// Returns false when int() and float() must both fail on `text` because its first character
/// after ASCII whitespace can start neither ("gamma 17"): most text lines skip the parsers.
bool may_be_number(std::string_view text) {
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x80 || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' ||
               c == 'i' || c == 'I' || c == 'n' || c == 'N';
    }
    return false;
}

/// Returns true when `value` is above the range of a C long, as PyLong_AsLong checks.
bool exceeds_long(const BigInt& value) {
    const std::string_view limit = value.negative ? "9223372036854775808" : "9223372036854775807";
    return value.digits.size() > limit.size() ||
           (value.digits.size() == limit.size() && value.digits > limit);
}

} // namespace

Result<FormatSpec> parse_format_spec(std::string_view spec, ValueKind kind) {
    if (spec.empty() && kind == ValueKind::str) {
        return FormatSpec{};
    }
    return parse_code_points(CodePoints(spec), kind);
}

Result<Value> classify_value(std::string_view text, std::optional<ValueKind> forced) {
    Value value;
    value.text = text;
    if (forced == ValueKind::str) {
        return value;
    }
    if (forced) {
        // A forced type reports Python's ValueError for a value that is no such literal.
        if (forced == ValueKind::int_) {
            auto integer = parse_int_literal(text);
            if (!integer) {
                return tl::unexpected(integer.error());
            }
            value.kind = ValueKind::int_;
            value.integer = std::move(*integer);
        } else {
            auto real = parse_float_literal(text);
            if (!real) {
                return tl::unexpected(real.error());
            }
            value.kind = ValueKind::float_;
            value.real = *real;
        }
        return value;
    }
    if (!may_be_number(text)) {
        return value;
    }
    std::size_t digit_count = 0;
    if (auto integer = try_int_literal(text, digit_count);
        integer && digit_count <= k_int_max_str_digits) {
        value.kind = ValueKind::int_;
        value.integer = std::move(*integer);
    } else if (auto real = try_float_literal(text)) {
        value.kind = ValueKind::float_;
        value.real = *real;
    }
    return value;
}

Result<void> format_value(std::string& out, const Value& value, const FormatSpec& spec,
                          const FormatOptions& options) {
    switch (value.kind) {
    case ValueKind::str:
        format_str(out, value.text, spec, options);
        return {};
    case ValueKind::float_:
        format_float(out, value.real, spec);
        return {};
    case ValueKind::int_:
        break;
    }
    if (is_one_of(static_cast<unsigned char>(spec.type), "bcdoxXn")) {
        if (spec.type == 'c' && exceeds_long(value.integer)) {
            return invalid("Python int too large to convert to C long");
        }
        return format_int(out, value.integer, spec);
    }
    auto real = int_to_double(value.integer);
    if (!real) {
        return tl::unexpected(real.error());
    }
    format_float(out, *real, spec);
    return {};
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

bool is_template_spec(std::string_view spec) {
    const bool brace_fill = spec.size() >= 2 && (spec[0] == '{' || spec[0] == '}') &&
                            is_alignment(static_cast<unsigned char>(spec[1]));
    return spec.find_first_of("{}", brace_fill ? 1 : 0) != std::string_view::npos;
}

namespace {

/// Formats the fields most lines meet without building a Value: text that can be no number
/// (or is read as a str), and plain decimals for an 'f' spec. Returns false, having written
/// nothing, when format_field must take it (numbers, conversions, nested specs, errors).
bool format_simple(std::string& out, const FormatPiece& piece, std::string_view text,
                   const FormatOptions& options) {
    if (piece.decimal_fixed && options.type != ValueKind::int_ && options.type != ValueKind::str &&
        format_decimal_fixed(out, text, *piece.specs[static_cast<int>(ValueKind::float_)],
                             !options.type)) {
        return true;
    }
    if (piece.conversion != Conversion::none || piece.nested || piece.after_lookup ||
        !piece.lookups.empty()) {
        return false;
    }
    const Result<FormatSpec>& spec = piece.specs[static_cast<int>(ValueKind::str)];
    if (!spec || !(options.type == ValueKind::str || (!options.type && !may_be_number(text)))) {
        return false;
    }
    format_str(out, text, *spec, options);
    return true;
}

Result<void> format_pieces(std::string& out, const std::vector<FormatPiece>& pieces,
                           std::span<const std::string_view> values, const FormatOptions& options);

/// Formats the value `text` of one field: its type, conversion and (maybe nested) spec.
Result<void> format_field(std::string& out, const FormatPiece& piece, std::string_view text,
                          std::span<const std::string_view> values, const FormatOptions& options) {
    auto value = classify_value(text, options.type);
    if (!value) {
        return tl::unexpected(value.error());
    }
    std::string looked_up;
    for (const LookupStep& step : piece.lookups) {
        if (auto done = apply_lookup(*value, step, looked_up); !done) {
            return done;
        }
    }
    if (piece.after_lookup) {
        return tl::unexpected(*piece.after_lookup);
    }
    std::string converted;
    if (piece.conversion != Conversion::none) {
        converted = convert(*value, piece.conversion);
        *value = Value{ValueKind::str, converted, {}, 0};
    }
    const Result<FormatSpec>* spec = &piece.specs[static_cast<int>(value->kind)];
    Result<FormatSpec> built_spec;
    if (piece.nested) {
        if (piece.nested_error) {
            return tl::unexpected(*piece.nested_error);
        }
        std::string built;
        if (auto done = format_pieces(built, piece.spec_pieces, values, options); !done) {
            return done;
        }
        built_spec = parse_format_spec(built, value->kind);
        spec = &built_spec;
    }
    if (!*spec) {
        return tl::unexpected(spec->error());
    }
    return format_value(out, *value, **spec, options);
}

/// Formats `pieces` with `values` as build_string does, field by field in Python's order.
Result<void> format_pieces(std::string& out, const std::vector<FormatPiece>& pieces,
                           std::span<const std::string_view> values, const FormatOptions& options) {
    for (const FormatPiece& piece : pieces) {
        if (!piece.literal.empty()) {
            out += piece.literal;
        }
        if (!piece.has_field) {
            continue;
        }
        if (piece.before_lookup) {
            return tl::unexpected(*piece.before_lookup);
        }
        if (piece.index < 0 || static_cast<std::uint64_t>(piece.index) >= values.size()) {
            return invalid("Replacement index " + std::to_string(piece.index) +
                           " out of range for positional args tuple");
        }
        const std::string_view text = values[static_cast<std::size_t>(piece.index)];
        if (format_simple(out, piece, text, options)) {
            continue;
        }
        if (auto done = format_field(out, piece, text, values, options); !done) {
            return done;
        }
    }
    return {};
}

/// Returns true when the field formats ints and floats with one 'f' or 'F' spec, so that
/// format_decimal_fixed may take its decimal literals.
bool takes_decimal_fixed(const FormatPiece& piece) {
    const auto& as_int = piece.specs[static_cast<int>(ValueKind::int_)];
    const auto& as_float = piece.specs[static_cast<int>(ValueKind::float_)];
    return piece.has_field && !piece.before_lookup && !piece.after_lookup && !piece.nested &&
           piece.lookups.empty() && piece.conversion == Conversion::none && as_int && as_float &&
           (as_float->type == 'f' || as_float->type == 'F');
}

} // namespace

Result<Formatter> Formatter::compile(std::string_view spec, const FormatOptions& options) {
    Formatter formatter;
    formatter.m_options = options;
    const CodePoints input(spec);
    if (is_template_spec(spec)) {
        TemplateParser parser{input};
        formatter.m_pieces = parser.parse();
        formatter.m_template = true;
        formatter.m_syntax_error = parser.syntax_error;
    } else {
        FormatPiece piece;
        piece.has_field = true;
        piece.specs = parse_for_each_kind(spec);
        formatter.m_pieces.push_back(std::move(piece));
    }
    for (FormatPiece& piece : formatter.m_pieces) {
        piece.decimal_fixed = takes_decimal_fixed(piece);
    }
    const bool numbers = options.type != ValueKind::int_ && options.type != ValueKind::str;
    if (formatter.m_pieces.size() == 1 && formatter.m_pieces[0].literal.empty() &&
        formatter.m_pieces[0].decimal_fixed && numbers) {
        formatter.m_decimal_lines = DecimalLines::plan(
            *formatter.m_pieces[0].specs[static_cast<int>(ValueKind::float_)], !options.type);
    }
    if (options.count == CountUnit::display) {
        for (const FormatPiece& piece : formatter.m_pieces) {
            const auto& spec_for_str = piece.specs[static_cast<int>(ValueKind::str)];
            if (spec_for_str && display_width(spec_for_str->fill, options.width_mode) != 1) {
                return fail(ErrorKind::invalid_argument,
                            "the fill must be one column wide with --count display",
                            spec_for_str->fill);
            }
        }
    }
    return formatter;
}

Result<void> Formatter::format(std::string& out, std::span<const std::string_view> values) const {
    return format_pieces(out, m_pieces, values, m_options);
}

} // namespace tbx::text
