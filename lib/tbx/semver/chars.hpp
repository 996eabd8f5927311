#pragma once
// Internal to the semver module: the character classes and number reading shared by the
// SemVer (version.cpp) and PEP 440 (pep440.cpp) parsers.

#include <cstdint>
#include <string_view>

namespace tbx::semver::detail {

/// Returns true for an ASCII digit.
inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// Returns true for an ASCII letter.
inline bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Lower-cases an ASCII letter; other characters are returned as they are.
inline char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Returns -1, 0 or 1 with the sign of `value`.
inline int sign(int value) {
    return value < 0 ? -1 : (value > 0 ? 1 : 0);
}

/// Compares with operator<: -1, 0 or 1.
template <class T>
int three_way(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

/// Compares digit strings without leading zeros by value, whatever their length.
inline int compare_numeric_text(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return a.size() < b.size() ? -1 : 1;
    }
    int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

/// Reads digits at `pos` into `value`; false on overflow of `limit`.
inline bool read_number(std::string_view text, std::size_t& pos, std::uint64_t& value,
                        std::uint64_t limit) {
    std::size_t start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
        ++pos;
    }
    value = 0;
    // Up to 19 digits cannot overflow 64 bits; longer runs take the checked loop.
    if (pos - start <= 19) {
        for (std::size_t i = start; i < pos; ++i) {
            value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
        }
        return value <= limit;
    }
    bool overflow = false;
    for (std::size_t i = start; i < pos; ++i) {
        auto digit = static_cast<std::uint64_t>(text[i] - '0');
        overflow = overflow || __builtin_mul_overflow(value, 10U, &value) ||
                   __builtin_add_overflow(value, digit, &value);
    }
    return !overflow && value <= limit;
}

} // namespace tbx::semver::detail
