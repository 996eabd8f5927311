#pragma once
// The commonest use of `tbx format` at the speed of a copy: one 'f' field (',.2f') applied to
// stdin lines that are plain decimal literals, many lines per call, written in place.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <tbx/text/align.hpp>

namespace tbx::text {

struct FormatSpec;

/// Says how much of its input DecimalLines::format took.
struct LinesDone {
    std::size_t consumed = 0; ///< input bytes: whole lines, each with its '\n'
    std::size_t lines = 0;    ///< how many lines
};

/// The layout every line gets from one 'f' or 'F' spec (see DecimalLines::plan).
struct DecimalLayout {
    std::size_t places = 6;          ///< decimals after the point
    bool point = true;               ///< a point follows the integer digits
    std::size_t last_digit_back = 1; ///< how far the last digit is from the end: 2 for "12."
    char plus = 0;                   ///< the sign of positive numbers: '+', ' ' or none
    char separator = 0;              ///< ',' or '_' between groups of digits, or none
    std::size_t group = 3;           ///< digits per group
    std::uint64_t width = 0;         ///< minimum width in code points
    std::string fill = " ";          ///< one code point
    Align align = Align::right;
    bool ints_are_ints = true; ///< a literal without a point is int(text): "-0" has no sign
    /// For n integer digits (at most 15): the size of the first group, and the grouped length.
    std::array<std::uint8_t, 16> first_group{};
    std::array<std::uint8_t, 16> grouped_length{};
};

/// Formats lines that are plain decimal literals ("-3870211.5", "42") with one 'f' or 'F'
/// spec exactly as format(float(line), spec) does (or format(int(line), spec)), rounding the
/// decimal digits themselves as decimal_to_fixed does, straight into a buffer.
class DecimalLines {
public:
    /// Returns the plan for `spec`, an 'f' or 'F' spec valid for int and float; nullopt for
    /// what it leaves to format_value ('=' alignment, 'z', a width above 1024, a precision
    /// above 15). With
    /// `ints_are_ints`, a literal without a point is int(text), so "-0" has no sign.
    static std::optional<DecimalLines> plan(const FormatSpec& spec, bool ints_are_ints);

    /// Appends the leading lines of `input`, formatted and each followed by "\n", to `out`
    /// until about `budget` bytes were appended. Stops before the first line it cannot take,
    /// which Formatter::format must take: one that is not [+-]digits[.digits]\n, that has
    /// more than 15 significant digits up to the rounding place, whose rounding carries into
    /// a new leading digit ("999.999"), or that starts less than 64 bytes before the end of
    /// `input` (room for word-wide reads).
    LinesDone format(std::string_view input, std::string& out, std::size_t budget) const;

private:
    DecimalLayout m_layout;
};

} // namespace tbx::text
