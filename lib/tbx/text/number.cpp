#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include <tbx/text/digits.hpp>
#include <tbx/text/number.hpp>
#include <tbx/text/repr.hpp>
#include <tbx/text/unicode14.hpp>
#include <tbx/text/utf8.hpp>

namespace tbx::text {

namespace {

/// Py_ISSPACE: the ASCII whitespace PyLong_FromString and float() strip.
bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// Mirrors _PyUnicode_TransformDecimalAndSpaceToASCII: non-ASCII whitespace becomes ' ', other
/// decimal digits their ASCII digit; anything else non-ASCII ends the string with '?'.
std::string_view to_ascii_literal(std::string_view text, std::string& out) {
    if (is_ascii(text)) {
        return text;
    }
    for (std::size_t pos = 0; pos < text.size();) {
        const Decoded unit = decode_at(text, pos);
        pos += unit.length;
        const char32_t c = unit.code_point;
        if (c < 127) {
            out.push_back(static_cast<char>(c));
        } else if (unit.valid && is_space_py(c)) {
            out.push_back(' ');
        } else if (const int digit = unit.valid ? decimal_value_py(c) : -1; digit >= 0) {
            out.push_back(static_cast<char>('0' + digit));
        } else {
            out.push_back('?');
            break;
        }
    }
    return out;
}

std::string_view strip_ascii_space(std::string_view text) {
    while (!text.empty() && is_ascii_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_ascii_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

/// Removes underscores that sit between two digits, as float() allows; returns false for any
/// other underscore.
bool remove_underscores(std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '_') {
            out.push_back(text[i]);
            continue;
        }
        if (i == 0 || i + 1 >= text.size() || !is_digit(text[i - 1]) || !is_digit(text[i + 1])) {
            return false;
        }
    }
    text = std::move(out);
    return true;
}

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
    return text.size() == lower.size() &&
           std::equal(text.begin(), text.end(), lower.begin(), [](char a, char b) {
               return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
           });
}

/// Checks the decimal grammar strtod accepts in float(): digits, an optional point and
/// fraction (at least one digit in all), an optional exponent with digits.
bool is_decimal_float(std::string_view text) {
    std::size_t pos = 0;
    std::size_t digits = 0;
    while (pos < text.size() && is_digit(text[pos])) {
        ++pos;
        ++digits;
    }
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        while (pos < text.size() && is_digit(text[pos])) {
            ++pos;
            ++digits;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
        ++pos;
        if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
            ++pos;
        }
        const std::size_t exponent_start = pos;
        while (pos < text.size() && is_digit(text[pos])) {
            ++pos;
        }
        if (pos == exponent_start) {
            return false;
        }
    }
    return pos == text.size();
}

/// Decides whether an out-of-range decimal literal overflows (true) or underflows: the
/// position of its first significant digit relative to the point, plus the exponent.
bool overflows(std::string_view text) {
    const std::size_t e = text.find_first_of("eE");
    const std::string_view mantissa = text.substr(0, e);
    long long exponent = 0;
    if (e != std::string_view::npos) {
        std::string_view digits = text.substr(e + 1);
        const bool negative = !digits.empty() && digits.front() == '-';
        if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
            digits.remove_prefix(1);
        }
        for (const char c : digits) {
            exponent = std::min(exponent * 10 + (c - '0'), 1LL << 40);
        }
        exponent = negative ? -exponent : exponent;
    }
    const std::size_t point = std::min(mantissa.find('.'), mantissa.size());
    const std::size_t first = mantissa.find_first_of("123456789");
    const long long position = first < point ? static_cast<long long>(point - first)
                                             : -static_cast<long long>(first - point - 1);
    return position + exponent > 0;
}

/// Multiplies the little-endian base-2^32 number `limbs` by `factor` and adds `addend`.
void multiply_add(std::vector<std::uint32_t>& limbs, std::uint32_t factor, std::uint32_t addend) {
    std::uint64_t carry = addend;
    for (std::uint32_t& limb : limbs) {
        const std::uint64_t product = std::uint64_t{limb} * factor + carry;
        limb = static_cast<std::uint32_t>(product);
        carry = product >> 32;
    }
    if (carry != 0) {
        limbs.push_back(static_cast<std::uint32_t>(carry));
    }
}

/// Holds what _Py_dg_dtoa returns: significant digits, the decimal point's position and sign.
struct DigitString {
    std::string digits;
    int decpt = 0;
    bool negative = false;
};

/// Splits std::to_chars's scientific output "d.ddde+XX" into digits and decpt.
DigitString parse_scientific(std::string_view text) {
    DigitString result;
    const std::size_t e = text.find('e');
    for (const char c : text.substr(0, e)) {
        if (c != '.') {
            result.digits.push_back(c);
        }
    }
    int exponent = 0;
    std::string_view exp_text = text.substr(e + 1);
    if (exp_text.front() == '+') {
        exp_text.remove_prefix(1);
    }
    std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
    result.decpt = exponent + 1;
    return result;
}

void strip_trailing_zeros(std::string& digits) {
    while (!digits.empty() && digits.back() == '0') {
        digits.pop_back();
    }
}

/// Emulates _Py_dg_dtoa for finite `value` >= 0: mode 0 (shortest), 2 (`ndigits`
/// significant digits) or 3 (`ndigits` past the point), trailing zeros removed.
DigitString dtoa(double value, int mode, int ndigits) {
    if (value == 0) {
        return {"0", 1, false};
    }
    // A double's exact decimal expansion has at most 767 significant digits and none past the
    // 1074th decimal place, so asking for more only adds zeros that are stripped anyway.
    std::array<char, 1600> buffer; // NOLINT: filled by to_chars
    DigitString result;
    if (mode == 0 || mode == 2) {
        const auto converted =
            mode == 0 ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                      std::chars_format::scientific)
                      : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                      std::chars_format::scientific, std::min(ndigits, 800) - 1);
        result = parse_scientific(std::string_view(buffer.data(), converted.ptr - buffer.data()));
    } else {
        const auto converted = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                             std::chars_format::fixed, std::min(ndigits, 1100));
        const std::string_view text(buffer.data(), converted.ptr - buffer.data());
        const std::size_t point = std::min(text.find('.'), text.size());
        result.decpt = static_cast<int>(point);
        for (const char c : text) {
            if (c == '.') {
                continue;
            }
            if (result.digits.empty() && c == '0') {
                --result.decpt;
                continue;
            }
            result.digits.push_back(c);
        }
        if (result.digits.empty()) {
            result.decpt = -ndigits;
        }
    }
    strip_trailing_zeros(result.digits);
    return result;
}

/// Lays out digits like CPython's format_float_short (Python/pystrtod.c).
std::string layout_digits(const DigitString& dtoa_result, char code, int precision,
                          FloatFlags flags) {
    const std::string& digits = dtoa_result.digits;
    const long long digits_len = static_cast<long long>(digits.size());
    long long decpt = dtoa_result.decpt;
    long long vdigits_end = digits_len;
    bool use_exp = false;
    switch (code) {
    case 'e':
        use_exp = true;
        vdigits_end = precision;
        break;
    case 'f':
        vdigits_end = decpt + precision;
        break;
    case 'g':
        use_exp = decpt <= -4 || decpt > (flags.add_dot_0 ? precision - 1 : precision);
        if (flags.alternate) {
            vdigits_end = precision;
        }
        break;
    default: // 'r': exponent from 1e16 on
        use_exp = decpt <= -4 || decpt > 16;
        break;
    }
    long long exponent = 0;
    if (use_exp) {
        exponent = decpt - 1;
        decpt = 1;
    }
    const long long vdigits_start = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && flags.add_dot_0) {
        vdigits_end = std::max(vdigits_end, decpt + 1);
    } else {
        vdigits_end = std::max(vdigits_end, decpt);
    }
    std::string out;
    const auto zeros = [&out](long long count) {
        out.append(static_cast<std::size_t>(std::max(0LL, count)), '0');
    };
    if (decpt <= 0) {
        zeros(decpt - vdigits_start);
        out.push_back('.');
        zeros(-decpt);
    } else {
        zeros(-vdigits_start);
    }
    if (decpt > 0 && decpt <= digits_len) {
        out.append(digits, 0, static_cast<std::size_t>(decpt));
        out.push_back('.');
        out.append(digits, static_cast<std::size_t>(decpt));
    } else {
        out += digits;
    }
    if (digits_len < decpt) {
        zeros(decpt - digits_len);
        out.push_back('.');
        zeros(vdigits_end - decpt);
    } else {
        zeros(vdigits_end - digits_len);
    }
    if (out.back() == '.' && !flags.alternate) {
        out.pop_back();
    }
    if (use_exp) {
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%c%+.02lld", flags.upper ? 'E' : 'e', exponent);
        out += buffer;
    }
    return out;
}

/// Writes |value| with `precision` decimals, correctly rounded (ties to even on the exact
/// binary value) with 128-bit integer arithmetic, when value < 2^53 and precision <= 17;
/// returns false otherwise. Equal to "%.*f" and to_chars, a few times faster.
bool fixed_small(double value, int precision, std::string& out) {
    const double magnitude = std::fabs(value);
    if (precision > 17 || !(magnitude < 9007199254740992.0)) {
        return false;
    }
    int exponent = 0;
    const double fraction = std::frexp(magnitude, &exponent); // magnitude = fraction * 2^exponent
    const auto mantissa = static_cast<std::uint64_t>(std::ldexp(fraction, 53));
    const int shift = 53 - exponent; // magnitude = mantissa / 2^shift
    if (shift > 120) {
        return false;
    }
    Uint128 scaled = mantissa;
    for (int i = 0; i < precision; ++i) {
        scaled *= 10;
    }
    Uint128 quotient = scaled;
    if (shift > 0) {
        quotient = scaled >> shift;
        const Uint128 remainder = scaled - (quotient << shift);
        const Uint128 half = static_cast<Uint128>(1) << (shift - 1);
        if (remainder > half || (remainder == half && (quotient & 1) != 0)) {
            ++quotient;
        }
    } else {
        quotient <<= -shift;
    }
    if (quotient > std::numeric_limits<std::uint64_t>::max()) {
        return false; // 128-bit division is slow: to_chars does better
    }
    auto rest = static_cast<std::uint64_t>(quotient);
    char digits[24];
    int length = 0;
    do {
        digits[length++] = static_cast<char>('0' + rest % 10);
        rest /= 10;
    } while (rest != 0);
    while (length <= precision) {
        digits[length++] = '0';
    }
    if (std::signbit(value)) {
        out.push_back('-');
    }
    for (int i = length - 1; i >= 0; --i) {
        out.push_back(digits[i]);
        if (i == precision && precision > 0) {
            out.push_back('.');
        }
    }
    return true;
}

} // namespace

std::optional<BigInt> try_int_literal(std::string_view text, std::size_t& digit_count) {
    std::string scratch;
    std::string_view rest = strip_ascii_space(to_ascii_literal(text, scratch));
    BigInt result;
    if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
        result.negative = rest.front() == '-';
        rest.remove_prefix(1);
    }
    if (rest.empty() || !is_digit(rest.front())) {
        return std::nullopt;
    }
    // Validate first: most values that fail (floats, words) fail within a few characters.
    for (std::size_t i = 0; i < rest.size(); ++i) {
        const bool underscore_ok = rest[i] == '_' && i + 1 < rest.size() && is_digit(rest[i + 1]);
        if (!is_digit(rest[i]) && !underscore_ok) {
            return std::nullopt;
        }
    }
    digit_count = 0;
    result.digits.reserve(rest.size());
    for (const char c : rest) {
        if (c == '_') {
            continue;
        }
        ++digit_count;
        if (!(result.digits.empty() && c == '0')) {
            result.digits.push_back(c);
        }
    }
    if (result.digits.empty()) {
        result.digits = "0";
        result.negative = false;
    }
    return result;
}

Result<BigInt> parse_int_literal(std::string_view text) {
    std::size_t digit_count = 0;
    auto result = try_int_literal(text, digit_count);
    if (!result) {
        return fail(ErrorKind::invalid_argument,
                    "invalid literal for int() with base 10: " + python_repr(text));
    }
    if (digit_count > k_int_max_str_digits) {
        return fail(ErrorKind::invalid_argument,
                    "Exceeds the limit (4300 digits) for integer string conversion: value has " +
                        std::to_string(digit_count) +
                        " digits; use sys.set_int_max_str_digits() to increase the limit");
    }
    return std::move(*result);
}

std::optional<double> try_float_literal(std::string_view text) {
    std::string scratch;
    std::string_view ascii = to_ascii_literal(text, scratch);
    std::string without_underscores;
    if (ascii.find('_') != std::string_view::npos) {
        without_underscores = std::string(ascii);
        if (!remove_underscores(without_underscores)) {
            return std::nullopt;
        }
        ascii = without_underscores;
    }
    std::string_view rest = strip_ascii_space(ascii);
    bool negative = false;
    if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
        negative = rest.front() == '-';
        rest.remove_prefix(1);
    }
    double value = 0;
    if (equals_ignoring_case(rest, "inf") || equals_ignoring_case(rest, "infinity")) {
        value = HUGE_VAL;
    } else if (equals_ignoring_case(rest, "nan")) {
        value = std::nan("");
    } else if (!is_decimal_float(rest)) {
        return std::nullopt;
    } else {
        const auto [ptr, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
        if (error == std::errc::result_out_of_range) {
            value = overflows(rest) ? HUGE_VAL : 0.0;
        }
    }
    return negative ? -value : value;
}

Result<double> parse_float_literal(std::string_view text) {
    if (auto value = try_float_literal(text)) {
        return *value;
    }
    return fail(ErrorKind::invalid_argument,
                "could not convert string to float: " + python_repr(text));
}

std::string int_to_string(const BigInt& value) {
    return value.negative ? "-" + value.digits : value.digits;
}

std::string int_to_base(const BigInt& value, int base) {
    std::vector<std::uint32_t> limbs{0};
    const std::string& digits = value.digits;
    std::size_t chunk = digits.size() % 9 == 0 ? 9 : digits.size() % 9;
    for (std::size_t pos = 0; pos < digits.size(); pos += chunk, chunk = 9) {
        std::uint32_t part = 0;
        std::uint32_t factor = 1;
        for (std::size_t i = pos; i < pos + chunk; ++i) {
            part = part * 10 + static_cast<std::uint32_t>(digits[i] - '0');
            factor *= 10;
        }
        multiply_add(limbs, factor, part);
    }
    const int bits = base == 2 ? 1 : base == 8 ? 3 : 4;
    const std::size_t total_bits = limbs.size() * 32;
    std::string out;
    for (std::size_t bit = 0; bit < total_bits; bit += static_cast<std::size_t>(bits)) {
        unsigned digit = 0;
        for (int k = 0; k < bits && bit + static_cast<std::size_t>(k) < total_bits; ++k) {
            const std::size_t at = bit + static_cast<std::size_t>(k);
            digit |= ((limbs[at / 32] >> (at % 32)) & 1U) << k;
        }
        out.push_back("0123456789abcdef"[digit]);
    }
    while (out.size() > 1 && out.back() == '0') {
        out.pop_back();
    }
    std::reverse(out.begin(), out.end());
    return out;
}

Result<double> int_to_double(const BigInt& value) {
    double result = 0;
    const auto [ptr, error] =
        std::from_chars(value.digits.data(), value.digits.data() + value.digits.size(), result);
    if (error == std::errc::result_out_of_range) {
        return fail(ErrorKind::invalid_argument, "int too large to convert to float");
    }
    return value.negative ? -result : result;
}

std::string double_to_string(double value, char code, int precision, FloatFlags flags) {
    if (std::isnan(value) || std::isinf(value)) {
        std::string out = std::isinf(value) && std::signbit(value) ? "-" : "";
        const char* word =
            std::isnan(value) ? (flags.upper ? "NAN" : "nan") : (flags.upper ? "INF" : "inf");
        return out + word;
    }
    if (code == 'f' && !(flags.alternate && precision == 0) &&
        !(flags.no_negative_zero && std::signbit(value))) {
        std::string out;
        if (fixed_small(value, precision, out)) {
            return out;
        }
    }
    if (code == 'f' && precision <= 1000 && !(flags.alternate && precision == 0)) {
        // Fixed notation is exactly C's correctly rounded "%.*f", which to_chars writes.
        std::array<char, 1400> buffer; // NOLINT: filled by to_chars
        const auto converted = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                             std::chars_format::fixed, precision);
        std::string_view text(buffer.data(),
                              static_cast<std::size_t>(converted.ptr - buffer.data()));
        if (flags.no_negative_zero && text.front() == '-' &&
            text.find_first_not_of("-0.") == std::string_view::npos) {
            text.remove_prefix(1);
        }
        return std::string(text);
    }
    int mode = 0;
    if (code == 'e') {
        mode = 2;
        ++precision;
    } else if (code == 'f') {
        mode = 3;
    } else if (code == 'g') {
        mode = 2;
        precision = std::max(precision, 1);
    }
    DigitString digits = dtoa(std::fabs(value), mode, precision);
    digits.negative = std::signbit(value);
    if (flags.no_negative_zero && digits.negative &&
        (digits.digits.empty() || digits.digits == "0")) {
        digits.negative = false;
    }
    return (digits.negative ? "-" : "") + layout_digits(digits, code, precision, flags);
}

namespace {

// Significant digits a double always holds exactly enough to decide a decimal rounding: with
// at most 15, |double - decimal| <= 2^-53 * 10^15 * 10^-d < 0.12 * 10^-d, below the distance
// 10^-d from a decimal with d places to any other boundary on that grid.
constexpr std::size_t k_exact_decimal_digits = 15;

bool is_digit_at(const char* pos, const char* end) {
    return pos != end && static_cast<unsigned char>(*pos - '0') < 10;
}

/// Rounds the digits ending at `end` up by one unit in the last place; returns where they
/// begin then, one place earlier when it carries out of the first ("99.9" -> "100.0"). The
/// byte before `begin` must be writable when the first digit is a '9'.
char* round_up(char* begin, char* end) {
    for (char* digit = end; digit-- != begin;) {
        if (*digit != '9') {
            ++*digit;
            return begin;
        }
        *digit = '0';
    }
    *--begin = '1';
    return begin;
}

} // namespace

bool decimal_to_fixed(std::string_view text, int precision, bool ints_are_ints, FixedDigits& out) {
    const char* pos = text.data();
    const char* const end = pos + text.size();
    const bool negative = pos != end && *pos == '-';
    pos += pos != end && (*pos == '-' || *pos == '+') ? 1 : 0;
    const char* const zeros_begin = pos;
    while (pos != end && *pos == '0') {
        ++pos;
    }
    const char* const integer = pos;
    const auto places = static_cast<std::size_t>(precision);
    if (precision < 0 || places > k_exact_decimal_digits) {
        return false;
    }
    // Digits are scanned and copied in one pass, one place in, so a carry has room.
    char* const first = out.buffer.data() + 1;
    char* const limit = first + k_exact_decimal_digits + 1;
    char* to = first;
    // Eight bytes at a time while eight remain: one branch instead of one per digit.
    while (end - pos >= 8 && to < limit) {
        std::memcpy(to, pos, 8);
        const int count = leading_digits_of_eight(pos);
        to += count;
        pos += count;
        if (count < 8) {
            break;
        }
    }
    while (is_digit_at(pos, end) && to < limit) {
        *to++ = *pos++;
    }
    if (is_digit_at(pos, end)) {
        return false;
    }
    const auto integer_digits = static_cast<std::size_t>(to - first);
    const bool has_point = pos != end && *pos == '.';
    pos += has_point ? 1 : 0;
    const char* const fraction = pos;
    while (is_digit_at(pos, end) && pos - fraction < precision) {
        *to++ = *pos++;
    }
    const auto kept = static_cast<std::size_t>(pos - fraction);
    std::memset(to, '0', k_exact_decimal_digits); // pads the kept decimals up to `places`
    to += places - kept;
    const char* const dropped = pos;
    int rounding = 0; // +1 up, 0 down, -1 an exact tie: '5' then only zeros
    if (is_digit_at(pos, end)) {
        rounding = *pos > '5' ? 1 : *pos == '5' ? -1 : 0;
        for (++pos; is_digit_at(pos, end); ++pos) {
            rounding = rounding < 0 && *pos != '0' ? 1 : rounding;
        }
    }
    const auto fraction_digits = kept + static_cast<std::size_t>(pos - dropped);
    if (pos != end || (zeros_begin == integer && integer_digits == 0 && fraction_digits == 0) ||
        integer_digits + std::max(places, fraction_digits) > k_exact_decimal_digits ||
        rounding < 0) {
        return false; // not plain, too long, or a decimal tie the double's binary error decides
    }
    char* begin = first;
    if (integer_digits == 0) {
        *--begin = '0';
    }
    begin = rounding > 0 ? round_up(begin, to) : begin;
    // int("-0") is 0, without a sign; float("-0") is -0.0.
    out.negative = negative && (has_point || !ints_are_ints || integer_digits != 0);
    out.begin = static_cast<std::size_t>(begin - out.buffer.data());
    out.length = static_cast<std::size_t>(to - begin);
    out.decimals = places;
    return true;
}

std::string float_repr(double value) {
    FloatFlags flags;
    flags.add_dot_0 = true;
    return double_to_string(value, 'r', 0, flags);
}

} // namespace tbx::text
