#pragma once
// Counting ASCII digits eight bytes at a time, shared by the decimal parsers of format.

#include <bit>
#include <cstdint>
#include <cstring>

namespace tbx::text {

/// An unsigned 128-bit integer (a GCC/Clang extension; `__extension__` keeps -Wpedantic quiet).
__extension__ using Uint128 = unsigned __int128;

/// Counts the ASCII digits among the eight bytes at `pos` before the first other byte, with
/// one 64-bit word; all eight bytes must be readable.
inline int leading_digits_of_eight(const char* pos) {
    if constexpr (std::endian::native != std::endian::little) {
        int count = 0; // the word trick needs the first byte lowest
        while (count < 8 && static_cast<unsigned char>(pos[count] - '0') < 10) {
            ++count;
        }
        return count;
    }
    std::uint64_t word = 0;
    std::memcpy(&word, pos, sizeof word);
    const std::uint64_t offset = word ^ 0x3030303030303030U; // digits become 0..9
    // A byte above 9 gets its top bit from the addition, one from 0x80 up has it already;
    // a carry only reaches bytes after the first non-digit.
    const std::uint64_t others = ((offset + 0x7676767676767676U) | offset) & 0x8080808080808080U;
    return others == 0 ? 8 : std::countr_zero(others) / 8;
}

/// Returns the first byte from `pos` on that is no ASCII digit, or `end`.
inline const char* skip_digits(const char* pos, const char* end) {
    while (end - pos >= 8) {
        const int count = leading_digits_of_eight(pos);
        pos += count;
        if (count < 8) {
            return pos;
        }
    }
    while (pos != end && static_cast<unsigned char>(*pos - '0') < 10) {
        ++pos;
    }
    return pos;
}

} // namespace tbx::text
