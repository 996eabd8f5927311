#pragma once
// Python 3.11's int() and float() of a string, and the digit strings format() builds from the
// numbers: int in any base (of any size), float as repr() and as '%e', '%f', '%g' with
// CPython's rounding (correctly rounded, ties to even on the exact binary value).

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <tbx/core/error.hpp>

namespace tbx::text {

/// Python's default limit on the digits int() converts (sys.get_int_max_str_digits()).
constexpr std::size_t k_int_max_str_digits = 4300;

/// Holds an int of any size as its decimal digits.
struct BigInt {
    bool negative = false; ///< never true for zero
    std::string digits;    ///< ASCII decimal digits without leading zeros ("0" for zero)
};

/// Parses `text` as int(text) does: surrounding whitespace, a sign, underscores between digits
/// and any Unicode decimal digits; fails with Python's ValueError message
/// ("invalid literal for int() with base 10: 'x'", or the 4300-digit limit).
Result<BigInt> parse_int_literal(std::string_view text);

/// Parses `text` as int() does, without building a message: nullopt when int() fails for
/// the syntax; `digit_count` says how many digits it has (int() refuses above 4300).
std::optional<BigInt> try_int_literal(std::string_view text, std::size_t& digit_count);

/// Parses `text` as float() does, without building a message; nullopt when float() fails.
std::optional<double> try_float_literal(std::string_view text);

/// Parses `text` as float(text) does ("1e3", "-0.0", " inf ", "1_000.5", "nan"); fails with
/// "could not convert string to float: 'x'".
Result<double> parse_float_literal(std::string_view text);

/// Returns str(value): "-12", "0".
std::string int_to_string(const BigInt& value);

/// Returns the digits of |value| in base 2, 8 or 16 (lowercase, no prefix): 255, 16 gives "ff".
std::string int_to_base(const BigInt& value, int base);

/// Converts to the nearest double as float(int) does; fails with Python's OverflowError
/// message "int too large to convert to float".
Result<double> int_to_double(const BigInt& value);

/// Flags of PyOS_double_to_string.
struct FloatFlags {
    bool add_dot_0 = false;        ///< Py_DTSF_ADD_DOT_0: "1.0" rather than "1"
    bool alternate = false;        ///< Py_DTSF_ALT: keep the point and trailing zeros
    bool no_negative_zero = false; ///< Py_DTSF_NO_NEG_0: "-0.0" becomes "0.0"
    bool upper = false;            ///< 'E', 'F', 'G': "1E+10", "INF", "NAN"
};

/// Formats `value` like CPython's PyOS_double_to_string: `code` is 'e', 'f', 'g' (with
/// `precision`) or 'r' (repr, shortest round-trip digits). The sign is included when
/// negative (never for nan). 1e16 'r' gives "1e+16", 0.1 'f' 3 gives "0.100".
std::string double_to_string(double value, char code, int precision, FloatFlags flags);

/// Holds a number rounded to a fixed count of decimals, as ASCII digits.
struct FixedDigits {
    bool negative = false;         ///< the sign format() shows (-0.001 to 2 places: "-0.00")
    std::array<char, 48> buffer{}; ///< room for the digits, with slack for 16-byte copies
    std::size_t begin = 0;         ///< where the digits start in `buffer`
    std::size_t length = 0;        ///< the integer digits (at least one), then the decimals
    std::size_t decimals = 0;      ///< how many of them follow the point

    /// Returns the digits.
    [[nodiscard]] const char* digits() const { return buffer.data() + begin; }
};

/// Rounds the plain decimal literal `text` ("-1234.5", "7", "0.125") to `precision` decimals
/// exactly as format(float(text), '.{precision}f') does, without building the double: true
/// when it could decide. It refuses (returns false) anything but [+-]digits[.digits] with at
/// most 15 significant digits up to max(precision, decimals given), and exact ties, where the
/// double's binary error decides. Within those bounds the double nearest to `text` lies closer
/// to it than any rounding boundary, so rounding the decimal gives the same digits. With
/// `ints_are_ints`, a literal without a point is int(text), so "-0" has no sign.
bool decimal_to_fixed(std::string_view text, int precision, bool ints_are_ints, FixedDigits& out);

/// Returns repr(value): "0.1", "1e+16", "-0.0", "inf", "nan".
std::string float_repr(double value);

/// Returns Python's repr() of `text` for use in error messages: 'abc', "it's", '\x00'.
std::string python_repr(std::string_view text);

} // namespace tbx::text
