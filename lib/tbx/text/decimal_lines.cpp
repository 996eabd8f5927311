#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>

#include <tbx/text/decimal_lines.hpp>
#include <tbx/text/digits.hpp>
#include <tbx/text/format_spec.hpp>

namespace tbx::text {

namespace {

// decimal_to_fixed's bound: with at most 15 significant digits up to the rounding place, the
// double nearest to a decimal literal rounds as the literal does unless that is an exact tie.
constexpr std::size_t k_exact_digits = 15;
// A line taken is at most this long, so that reads of 16 bytes from any of its digits stay
// within the k_read_margin bytes checked before parsing it.
constexpr std::ptrdiff_t k_max_line = 47;
constexpr std::ptrdiff_t k_read_margin = 64;
constexpr std::uint64_t k_max_width = 1024;
// The most bytes write_line touches for one line: the padding (a fill has at most 4 bytes)
// and 64 for the number, its '\n' and what fixed-size copies (inlined) write past it.
constexpr std::size_t k_line_room = 64 + k_max_width * 4;
// Lines are formatted into a buffer of this size (and k_line_room) before they are appended.
constexpr std::size_t k_chunk = std::size_t{1} << 12;
constexpr char k_zeros[] = "0000000000000000";

/// Where the digits of one line are in the input, and how they round.
struct Parts {
    bool negative = false;
    const char* integer = nullptr;  ///< the integer digits after leading zeros
    std::size_t integer_digits = 0; ///< how many (0 for "0.5" and ".5")
    const char* fraction = nullptr; ///< the digits after the point
    std::size_t kept = 0;           ///< of them, those before the rounding place
    bool round_up = false;
    const char* newline = nullptr; ///< the line's '\n'
};

/// Returns the value of the decimal digits in [begin, end), skipping a '.'.
std::uint64_t digits_value(const char* begin, const char* end) {
    std::uint64_t value = 0;
    for (const char* at = begin; at != end; ++at) {
        value = *at == '.' ? value : value * 10 + static_cast<std::uint64_t>(*at - '0');
    }
    return value;
}

/// Decides an exact decimal tie as CPython does, which rounds float(text) rather than the
/// text: up when the double lies above the tie, down below it, to even when it is the tie.
/// [begin, five] holds the digits without sign, the '5' after the rounding place last, and
/// [begin, end) the whole literal; `odd` says the last kept digit is odd.
bool tie_rounds_up(const char* begin, const char* five, const char* end, std::size_t places,
                   bool odd) {
    double value = 0;
    std::from_chars(begin, end, value);
    // value = mantissa * 2^-shift exactly (a normal double below 2^53: 0 < shift < 1075);
    // the tie is digits / 10^(places + 1). Both products stay below 2^108.
    const auto bits = std::bit_cast<std::uint64_t>(value);
    const std::uint64_t mantissa = (bits & ((std::uint64_t{1} << 52) - 1)) | std::uint64_t{1} << 52;
    const auto shift = static_cast<int>(1075 - (bits >> 52));
    Uint128 scale = 1;
    for (std::size_t i = 0; i <= places; ++i) {
        scale *= 10;
    }
    const Uint128 scaled_value = Uint128{mantissa} * scale;
    const Uint128 scaled_tie = Uint128{digits_value(begin, five + 1)} << shift;
    return scaled_value > scaled_tie || (scaled_value == scaled_tie && odd);
}

/// Says whether a '5' at `five`, the first digit after the rounding place, rounds the kept
/// digits up: when a digit other than '0' follows before `stop`, or by tie_rounds_up for an
/// exact tie; [begin, stop) is the literal without its sign and `last` its last kept digit.
bool five_rounds_up(const char* begin, const char* five, const char* stop, std::size_t places,
                    char last) {
    const char* rest = five + 1;
    while (rest != stop && *rest == '0') {
        ++rest;
    }
    return rest != stop || tie_rounds_up(begin, five, stop, places, (last - '0') % 2 == 1);
}

/// Returns the last digit kept by rounding `parts` to `places` decimals.
char last_kept_digit(const Parts& parts, std::size_t places) {
    if (places > 0) {
        return parts.fraction[places - 1];
    }
    return parts.integer_digits != 0 ? parts.integer[parts.integer_digits - 1] : '0';
}

/// Reads [+-][digits][.digits]\n at `line` into `parts`; false when this path cannot take it.
bool parse_line(const DecimalLayout& layout, const char* line, const char* end, Parts& parts) {
    const char* pos = line;
    const bool negative = *pos == '-';
    pos += *pos == '-' || *pos == '+' ? 1 : 0;
    const char* const sign_end = pos;
    while (pos != end && *pos == '0') {
        ++pos;
    }
    parts.integer = pos;
    pos = skip_digits(pos, end);
    parts.integer_digits = static_cast<std::size_t>(pos - parts.integer);
    const bool point = pos != end && *pos == '.';
    pos += point ? 1 : 0;
    parts.fraction = pos;
    pos = skip_digits(pos, end);
    const auto fraction_digits = static_cast<std::size_t>(pos - parts.fraction);
    if (pos == end || *pos != '\n' || pos - line > k_max_line ||
        (sign_end == parts.integer && parts.integer_digits == 0 && fraction_digits == 0) ||
        parts.integer_digits + std::max(layout.places, fraction_digits) > k_exact_digits) {
        return false; // not plain, too long, or no digit at all ("-", ".", "")
    }
    parts.newline = pos;
    parts.kept = std::min(fraction_digits, layout.places);
    // The digit after the rounding place ('0' when there is none) decides, or a '5' and what
    // follows it.
    const char dropped = fraction_digits > layout.places ? parts.fraction[layout.places] : '0';
    parts.round_up = dropped > '5';
    if (dropped == '5') {
        parts.round_up = five_rounds_up(sign_end, parts.fraction + layout.places, pos,
                                        layout.places, last_kept_digit(parts, layout.places));
    }
    // int("-0") is 0, without a sign; float("-0") is -0.0.
    parts.negative = negative && (point || !layout.ints_are_ints || parts.integer_digits != 0);
    return true;
}

/// Adds one unit in the last place to the digits in [begin, end), stepping over the point
/// and separators; false when it carries out of the first digit.
bool carry_one(char* begin, char* end) {
    for (char* at = end; at-- != begin;) {
        if (*at == '9') {
            *at = '0';
        } else if (static_cast<unsigned char>(*at - '0') < 9) {
            ++*at;
            return true;
        }
    }
    return false;
}

/// Writes the integer digits ("0" when there are none) with their separators.
char* put_integer(const DecimalLayout& layout, const Parts& parts, char* to) {
    const std::size_t count = parts.integer_digits;
    if (count == 0) {
        *to = '0';
        return to + 1;
    }
    if (layout.separator == 0) {
        std::memcpy(to, parts.integer, 16);
        return to + count;
    }
    // The first group takes what is left over; a separator goes before every other one.
    const char* digit = parts.integer;
    const char* const stop = digit + count;
    const std::size_t first = layout.first_group[count];
    std::memcpy(to, digit, 4); // a group has at most 4 digits
    for (to += first, digit += first; digit != stop; to += layout.group, digit += layout.group) {
        *to++ = layout.separator;
        std::memcpy(to, digit, 4);
    }
    return to;
}

char* put_fill(const DecimalLayout& layout, char* to, std::uint64_t count) {
    const std::size_t size = layout.fill.size();
    for (std::uint64_t i = 0; i < count; ++i, to += size) {
        std::memcpy(to, layout.fill.data(), size);
    }
    return to;
}

/// Writes one formatted line and its '\n' at `to`; returns its end, or nullptr when the
/// rounding carries into a new leading digit (which would change the layout).
char* write_line(const DecimalLayout& layout, const Parts& parts, char* to) {
    const char sign = parts.negative ? '-' : layout.plus;
    const std::size_t integer_length =
        parts.integer_digits == 0 ? 1 : layout.grouped_length[parts.integer_digits];
    const std::size_t length =
        (sign != 0 ? 1 : 0) + integer_length + (layout.point ? 1 : 0) + layout.places;
    Padding pad;
    if (layout.width > length) {
        pad = compute_padding(length, layout.width, layout.align);
        to = put_fill(layout, to, pad.left);
    }
    *to = sign;
    to += sign != 0 ? 1 : 0;
    char* const digits = to;
    to = put_integer(layout, parts, to);
    *to = '.';
    to += layout.point ? 1 : 0;
    std::memcpy(to, parts.fraction, 16);
    std::memcpy(to + parts.kept, k_zeros, 16); // pads the kept decimals up to places
    to += layout.places;
    // Rounding up changes only the last digit unless it is a '9': no branch on round_up.
    char* const last = to - layout.last_digit_back;
    if (parts.round_up & (*last == '9')) {
        if (!carry_one(digits, to)) {
            return nullptr;
        }
    } else {
        *last = static_cast<char>(*last + (parts.round_up ? 1 : 0));
    }
    to = put_fill(layout, to, pad.right);
    *to = '\n';
    return to + 1;
}

/// Formats the lines of `input` from done.consumed on into about k_chunk bytes and appends
/// them to `out`; returns false when it stopped before a line it cannot take.
bool format_chunk(const DecimalLayout& layout, std::string_view input, LinesDone& done,
                  std::string& out) {
    // Written here rather than in `out`, which would first have to be resized (zero-filled).
    std::array<char, k_chunk + k_line_room> buffer; // NOLINT: written before it is read
    char* to = buffer.data();
    char* const full = to + k_chunk;
    const char* line = input.data() + done.consumed;
    const char* const end = input.data() + input.size();
    Parts parts;
    bool taken = true;
    while (to < full) {
        taken = end - line >= k_read_margin && parse_line(layout, line, end, parts);
        char* const next = taken ? write_line(layout, parts, to) : nullptr;
        if (next == nullptr) {
            taken = false;
            break;
        }
        to = next;
        line = parts.newline + 1;
        ++done.lines;
    }
    out.append(buffer.data(), static_cast<std::size_t>(to - buffer.data()));
    done.consumed = static_cast<std::size_t>(line - input.data());
    return taken;
}

} // namespace

std::optional<DecimalLines> DecimalLines::plan(const FormatSpec& spec, bool ints_are_ints) {
    if (spec.align == '=' || spec.no_negative_zero || spec.width > std::int64_t{k_max_width} ||
        spec.precision > std::int64_t{k_exact_digits}) {
        return std::nullopt;
    }
    DecimalLines lines;
    DecimalLayout& layout = lines.m_layout;
    layout.places = spec.precision < 0 ? 6 : static_cast<std::size_t>(spec.precision);
    layout.point = layout.places > 0 || spec.alternate;
    layout.last_digit_back = layout.point && layout.places == 0 ? 2 : 1;
    layout.plus = spec.sign == '+' || spec.sign == ' ' ? spec.sign : 0;
    layout.separator = spec.grouping;
    layout.group = static_cast<std::size_t>(spec.group_size);
    layout.width = spec.width < 0 ? 0 : static_cast<std::uint64_t>(spec.width);
    layout.fill = spec.fill;
    layout.align = align_of(spec.align, CenterRule::format);
    layout.ints_are_ints = ints_are_ints;
    const bool grouped = spec.grouping != 0;
    for (std::size_t n = 1; n < layout.first_group.size(); ++n) {
        const std::size_t separators = grouped ? (n - 1) / layout.group : 0;
        layout.first_group[n] = static_cast<std::uint8_t>(grouped ? (n - 1) % layout.group + 1 : n);
        layout.grouped_length[n] = static_cast<std::uint8_t>(n + separators);
    }
    return lines;
}

LinesDone DecimalLines::format(std::string_view input, std::string& out, std::size_t budget) const {
    LinesDone done;
    const std::size_t stop_size = out.size() + budget;
    bool more = true;
    while (more && out.size() < stop_size) {
        more = format_chunk(m_layout, input, done, out);
    }
    return done;
}

} // namespace tbx::text
