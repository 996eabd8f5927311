#pragma once
// Padding arithmetic shared by `tbx format` (code points) and `tbx center` (display columns).

#include <cstdint>
#include <string>
#include <string_view>

namespace tbx::text {

enum class CenterRule;

/// Chooses where the text sits inside the target width.
enum class Align {
    left,      ///< padding on the right ('<')
    right,     ///< padding on the left ('>')
    center,    ///< format()'s '^': left = pad // 2, the odd column on the right
    center_str ///< str.center(): the odd column on the left when pad and width are both odd
};

/// Holds the fill repetitions on each side of the text.
struct Padding {
    std::uint64_t left = 0;
    std::uint64_t right = 0;
};

/// Computes the padding that brings text of `length` units to `width` units:
/// pad = max(0, width - length), split according to `align` (length 2, width 5, center gives
/// {1, 2}; center_str gives {2, 1}).
Padding compute_padding(std::uint64_t length, std::uint64_t width, Align align) noexcept;

/// Maps a format-spec alignment character ('<', '>', '^') and the centering rule to an Align.
Align align_of(char align, CenterRule rule) noexcept;

/// Appends `count` copies of `fill` (one code point as UTF-8) to `out`.
void append_fill(std::string& out, std::string_view fill, std::uint64_t count);

} // namespace tbx::text
