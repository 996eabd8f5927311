#include <cstring>

#include <tbx/text/utf8.hpp>

namespace tbx::text {

namespace {

bool in_range(unsigned char byte, unsigned char low, unsigned char high) {
    return byte >= low && byte <= high;
}

} // namespace

Decoded decode_at(std::string_view text, std::size_t pos) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + pos;
    const std::size_t left = text.size() - pos;
    const unsigned char b0 = p[0];
    const Decoded invalid{static_cast<char32_t>(0xDC00 + b0), 1, false};
    if (b0 < 0x80) {
        return {b0, 1, true};
    }
    // The second byte's range depends on the lead byte: that is what excludes overlongs,
    // surrogates and values above U+10FFFF (Unicode table 3-7).
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (left >= 2 && in_range(p[1], 0x80, 0xBF)) {
            return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (p[1] & 0x3F)), 2, true};
        }
        return invalid;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const unsigned char low = b0 == 0xE0 ? 0xA0 : 0x80;
        const unsigned char high = b0 == 0xED ? 0x9F : 0xBF;
        if (left >= 3 && in_range(p[1], low, high) && in_range(p[2], 0x80, 0xBF)) {
            return {
                static_cast<char32_t>(((b0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F)),
                3, true};
        }
        return invalid;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned char low = b0 == 0xF0 ? 0x90 : 0x80;
        const unsigned char high = b0 == 0xF4 ? 0x8F : 0xBF;
        if (left >= 4 && in_range(p[1], low, high) && in_range(p[2], 0x80, 0xBF) &&
            in_range(p[3], 0x80, 0xBF)) {
            return {static_cast<char32_t>(((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
                                          ((p[2] & 0x3F) << 6) | (p[3] & 0x3F)),
                    4, true};
        }
        return invalid;
    }
    return invalid;
}

bool is_ascii(std::string_view text) noexcept {
    const char* p = text.data();
    std::size_t n = text.size();
    // Eight bytes at a time: stdin lines are mostly ASCII and this is the hot path of
    // `tbx format` over a pipe.
    std::uint64_t high = 0;
    while (n >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        high |= word;
        p += 8;
        n -= 8;
    }
    while (n > 0) {
        high |= static_cast<unsigned char>(*p);
        ++p;
        --n;
    }
    return (high & 0x8080808080808080ULL) == 0;
}

std::size_t count_code_points(std::string_view text) noexcept {
    if (is_ascii(text)) {
        return text.size();
    }
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < text.size(); ++count) {
        pos += decode_at(text, pos).length;
    }
    return count;
}

std::size_t code_point_prefix(std::string_view text, std::size_t count) noexcept {
    std::size_t pos = 0;
    for (std::size_t i = 0; i < count && pos < text.size(); ++i) {
        pos += decode_at(text, pos).length;
    }
    return pos;
}

} // namespace tbx::text
