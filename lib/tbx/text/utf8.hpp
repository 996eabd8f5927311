#pragma once
// UTF-8 decoding as Python's surrogateescape sees it: every byte that is not part of a
// well-formed sequence is one code point of its own (U+DC80..U+DCFF in Python).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tbx::text {

/// Describes one decoded unit: a code point, or one byte of malformed input.
struct Decoded {
    char32_t code_point = 0; ///< the scalar value; for an invalid byte, 0xDC00 + byte
    std::uint8_t length = 1; ///< bytes consumed, 1 to 4
    bool valid = true;       ///< false for a byte that is not part of a well-formed sequence
};

/// Decodes the unit at `text[pos]` (pos < size); malformed input yields one invalid byte,
/// e.g. "\xE2\x82" gives two invalid units, "\xE2\x82\xAC" one valid U+20AC.
Decoded decode_at(std::string_view text, std::size_t pos) noexcept;

/// Returns true when every byte of `text` is below 0x80.
bool is_ascii(std::string_view text) noexcept;

/// Counts code points as Python does after decoding with surrogateescape (invalid bytes count
/// one each): "héllo" gives 5, "\xFFa" gives 2.
std::size_t count_code_points(std::string_view text) noexcept;

/// Returns the byte length of the first `count` code points of `text` (all of it when shorter).
std::size_t code_point_prefix(std::string_view text, std::size_t count) noexcept;

/// Appends the UTF-8 encoding of `code_point` to `out`; surrogate escapes U+DC80..U+DCFF become
/// the raw byte they stand for.
template <class String>
void append_code_point(String& out, char32_t code_point) {
    if (code_point < 0x80) {
        out.push_back(static_cast<char>(code_point));
    } else if (code_point >= 0xDC80 && code_point <= 0xDCFF) {
        out.push_back(static_cast<char>(code_point - 0xDC00));
    } else if (code_point < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else if (code_point < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    }
}

} // namespace tbx::text
