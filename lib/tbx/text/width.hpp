#pragma once
// Display width in terminal cells, locale-independent (utf8proc), as modern terminals draw it.

#include <cstddef>
#include <string_view>

namespace tbx::text {

/// Chooses how emoji sequences are measured.
enum class WidthMode {
    grapheme, ///< one grapheme cluster = one glyph: ZWJ families, skin tones, VS16 and flags
              ///< are 2 columns (kitty, WezTerm, Ghostty, foot)
    codepoint ///< every code point on its own, like wcwidth(): xterm, VTE, most older terminals
};

/// Returns the byte length of the terminal escape sequence starting at `text[pos]` (which
/// must be ESC): CSI "\x1b[1;31m", OSC "\x1b]8;;url\x1b\\" or "...\x07", DCS/SOS/PM/APC up
/// to ST, and two-or-more byte ESC sequences ("\x1b(B"). An unterminated sequence runs to
/// the end of `text`.
std::size_t escape_sequence_length(std::string_view text, std::size_t pos) noexcept;

/// Returns how many terminal columns `text` occupies: East Asian wide and emoji 2, combining
/// marks and other zero-width characters 0, control characters and escape sequences 0, each
/// invalid UTF-8 byte 1. "漢字" gives 4, "e\u0301" 1, "\x1b[31mred\x1b[0m" 3,
/// "👨‍👩‍👧" 2 (grapheme) or 6 (codepoint).
std::size_t display_width(std::string_view text, WidthMode mode = WidthMode::grapheme) noexcept;

/// Returns the byte length of the longest prefix of `text` at most `columns` wide that ends
/// between grapheme clusters (or code points, in codepoint mode) and never inside an escape
/// sequence: "漢字" in 3 columns gives 3 (one character), "e\u0301x" in 1 gives 3.
std::size_t display_prefix(std::string_view text, std::size_t columns,
                           WidthMode mode = WidthMode::grapheme) noexcept;

} // namespace tbx::text
