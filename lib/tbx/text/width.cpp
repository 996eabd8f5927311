#include <algorithm>

#include <utf8proc.h>

#include <tbx/text/utf8.hpp>
#include <tbx/text/width.hpp>

namespace tbx::text {

namespace {

constexpr unsigned char k_escape = 0x1B;

bool is_hangul_medial_or_final(char32_t c) {
    // utf8proc gives conjoining vowels and final consonants width 1; every wcwidth() (glibc,
    // Markus Kuhn's, xterm's) gives them 0 because they join the preceding leading consonant.
    return (c >= 0x1160 && c <= 0x11FF) || (c >= 0xD7B0 && c <= 0xD7FF);
}

int code_point_width(char32_t c) {
    if (is_hangul_medial_or_final(c)) {
        return 0;
    }
    return std::max(0, utf8proc_charwidth(static_cast<utf8proc_int32_t>(c)));
}

bool is_printable_ascii(std::string_view text) noexcept {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7F) {
            return false;
        }
    }
    return true;
}

/// Accumulates one grapheme cluster and returns its width when it ends.
class Cluster {
public:
    [[nodiscard]] bool empty() const { return m_count == 0; }

    void add(char32_t c) {
        const auto property = utf8proc_get_property(static_cast<utf8proc_int32_t>(c));
        const int bound = property->boundclass;
        if (m_count == 0) {
            m_pictographic = bound == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
                             bound == UTF8PROC_BOUNDCLASS_E_ZWG;
            m_keycap_base = c == '#' || c == '*' || (c >= '0' && c <= '9');
        }
        m_width = std::max(m_width, code_point_width(c));
        if (c == 0xFE0F) {
            m_emoji_presentation = m_emoji_presentation || m_pictographic || m_keycap_base;
        } else if (c == 0x20E3) {
            m_emoji_presentation = m_emoji_presentation || m_keycap_base;
        } else if (c == 0x200D || (c >= 0x1F3FB && c <= 0x1F3FF)) {
            m_emoji_presentation = m_emoji_presentation || m_pictographic;
        }
        if (bound == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR) {
            ++m_regional;
        }
        ++m_count;
    }

    /// Returns the cluster's width and starts a new one.
    std::size_t finish() {
        int width = m_width;
        if (m_emoji_presentation || m_regional >= 2) {
            width = 2;
        }
        *this = Cluster{};
        return static_cast<std::size_t>(std::min(width, 2));
    }

private:
    int m_width = 0;
    int m_count = 0;
    int m_regional = 0;
    bool m_pictographic = false;
    bool m_keycap_base = false;
    bool m_emoji_presentation = false;
};

} // namespace

std::size_t escape_sequence_length(std::string_view text, std::size_t pos) noexcept {
    const std::size_t end = text.size();
    std::size_t i = pos + 1;
    if (i >= end) {
        return 1;
    }
    const auto byte_at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char kind = byte_at(i);
    if (kind == '[') {
        // CSI: parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, one final 0x40-0x7E.
        ++i;
        while (i < end && byte_at(i) >= 0x20 && byte_at(i) <= 0x3F) {
            ++i;
        }
        if (i < end && byte_at(i) >= 0x40 && byte_at(i) <= 0x7E) {
            ++i;
        }
        return i - pos;
    }
    if (kind == ']' || kind == 'P' || kind == 'X' || kind == '^' || kind == '_') {
        // String sequences end at ST (ESC \); OSC also at BEL, as xterm accepts.
        ++i;
        while (i < end) {
            const unsigned char b = byte_at(i);
            if (b == 0x07 && kind == ']') {
                return i + 1 - pos;
            }
            if (b == k_escape) {
                if (i + 1 < end && byte_at(i + 1) == '\\') {
                    return i + 2 - pos;
                }
                // Another escape aborts the string (ECMA-48); it starts its own sequence.
                return i - pos;
            }
            ++i;
        }
        return i - pos;
    }
    // nF/Fp/Fe/Fs sequences: intermediates 0x20-0x2F, then one final 0x30-0x7E.
    while (i < end && byte_at(i) >= 0x20 && byte_at(i) <= 0x2F) {
        ++i;
    }
    if (i < end && byte_at(i) >= 0x30 && byte_at(i) <= 0x7E) {
        ++i;
    }
    return i - pos;
}

std::size_t display_width(std::string_view text, WidthMode mode) noexcept {
    if (is_printable_ascii(text)) {
        return text.size();
    }
    std::size_t total = 0;
    Cluster cluster;
    utf8proc_int32_t state = 0;
    char32_t previous = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        if (static_cast<unsigned char>(text[pos]) == k_escape) {
            if (!cluster.empty()) {
                total += cluster.finish();
            }
            state = 0;
            pos += escape_sequence_length(text, pos);
            continue;
        }
        const Decoded unit = decode_at(text, pos);
        pos += unit.length;
        if (!unit.valid) {
            // Terminals draw a replacement character per bad byte; Python counts one each.
            if (!cluster.empty()) {
                total += cluster.finish();
            }
            state = 0;
            total += 1;
            continue;
        }
        const char32_t c = unit.code_point;
        if (mode == WidthMode::codepoint) {
            total += static_cast<std::size_t>(code_point_width(c));
            continue;
        }
        if (!cluster.empty() &&
            utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(previous),
                                             static_cast<utf8proc_int32_t>(c), &state)) {
            total += cluster.finish();
            // utf8proc documents resetting the state after a break as safe.
            state = 0;
        }
        cluster.add(c);
        previous = c;
    }
    if (!cluster.empty()) {
        total += cluster.finish();
    }
    return total;
}

std::size_t display_prefix(std::string_view text, std::size_t columns, WidthMode mode) noexcept {
    std::size_t total = 0;
    std::size_t fit = 0;
    Cluster cluster;
    utf8proc_int32_t state = 0;
    char32_t previous = 0;
    // Ends the open cluster at `at`; returns false when it no longer fits.
    const auto close = [&](std::size_t at) {
        if (!cluster.empty()) {
            total += cluster.finish();
        }
        if (total > columns) {
            return false;
        }
        fit = at;
        return true;
    };
    for (std::size_t pos = 0; pos < text.size();) {
        const bool escape = static_cast<unsigned char>(text[pos]) == k_escape;
        const Decoded unit = escape ? Decoded{} : decode_at(text, pos);
        const bool boundary =
            escape || !unit.valid || mode == WidthMode::codepoint || cluster.empty() ||
            utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(previous),
                                             static_cast<utf8proc_int32_t>(unit.code_point),
                                             &state);
        if (boundary) {
            if (!close(pos)) {
                return fit;
            }
            state = 0;
        }
        if (escape) {
            pos += escape_sequence_length(text, pos);
            fit = pos;
            continue;
        }
        pos += unit.length;
        if (!unit.valid || mode == WidthMode::codepoint) {
            total += unit.valid ? static_cast<std::size_t>(code_point_width(unit.code_point)) : 1;
            if (total > columns) {
                return fit;
            }
            fit = pos;
            continue;
        }
        cluster.add(unit.code_point);
        previous = unit.code_point;
    }
    close(text.size());
    return fit;
}

} // namespace tbx::text
