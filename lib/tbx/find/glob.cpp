#include <array>
#include <cstring>
#include <fnmatch.h>
#include <langinfo.h>
#include <locale.h>
#include <optional>
#include <vector>

#include <tbx/find/glob.hpp>

namespace tbx::find {
namespace {

bool is_ascii(std::string_view text) {
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ascii_nocase(std::string_view a, std::string_view lowered) {
    if (a.size() != lowered.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != lowered[i]) {
            return false;
        }
    }
    return true;
}

std::size_t find_ascii_nocase(std::string_view haystack, std::string_view lowered) {
    if (lowered.size() > haystack.size()) {
        return std::string_view::npos;
    }
    for (std::size_t i = 0; i + lowered.size() <= haystack.size(); ++i) {
        if (equal_ascii_nocase(haystack.substr(i, lowered.size()), lowered)) {
            return i;
        }
    }
    return std::string_view::npos;
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = ascii_lower(c);
    }
    return out;
}

// Splits `pattern` at unescaped `*` into its literal pieces ({head, middle..., tail}, with
// consecutive stars folded), or nothing when it needs fnmatch: a `?`, a `[` or a trailing
// backslash.
std::optional<std::vector<std::string>> star_pieces(std::string_view pattern) {
    std::vector<std::string> pieces(1);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\') {
            if (i + 1 == pattern.size()) {
                return std::nullopt;
            }
            pieces.back().push_back(pattern[++i]);
        } else if (c == '*') {
            if (!pieces.back().empty() || pieces.size() == 1) {
                pieces.emplace_back();
            }
        } else if (c == '?' || c == '[') {
            return std::nullopt;
        } else {
            pieces.back().push_back(c);
        }
    }
    return pieces;
}

} // namespace

Result<Glob> Glob::compile(std::string_view pattern, CaseMode mode) {
    if (pattern.empty()) {
        // An empty pattern matches only an empty name, which no entry has; find accepts it
        // silently, but as a command-line value it is always a mistake.
        return fail(ErrorKind::invalid_argument, "empty glob pattern");
    }
    Glob glob;
    glob.m_pattern = std::string(pattern);
    glob.m_case = mode;
    glob.m_fnmatch_flags = mode == CaseMode::insensitive ? FNM_CASEFOLD : 0;

    // The fast paths reproduce fnmatch only in the locales whose behaviour was checked
    // differentially: single-byte ASCII (C/POSIX) and UTF-8, where glibc compares bytes of
    // valid text and falls back to bytes for invalid text.
    const char* codeset = nl_langinfo(CODESET);
    const bool utf8 = codeset != nullptr && std::strcmp(codeset, "UTF-8") == 0;
    const bool ascii = codeset != nullptr && std::strcmp(codeset, "ANSI_X3.4-1968") == 0;
    glob.m_utf8_locale = utf8;
    glob.m_single_byte = MB_CUR_MAX == 1;
    glob.m_fast_allowed = utf8 || ascii;

    auto pieces = star_pieces(pattern);
    if (!pieces || (mode == CaseMode::insensitive && !is_ascii(pattern)) || !glob.m_fast_allowed) {
        glob.m_shape = Shape::general;
        return glob;
    }
    glob.take_pieces(std::move(*pieces));
    return glob;
}

void Glob::take_pieces(std::vector<std::string> pieces) {
    // pieces: {head, middle..., tail}; consecutive stars were folded, so an empty middle
    // piece can only be the last one.
    if (pieces.size() == 1) {
        m_shape = Shape::literal;
        m_head = pieces[0];
    } else if (pieces.size() == 2) {
        m_head = pieces[0];
        m_tail = pieces[1];
        if (m_head.empty() && m_tail.empty()) {
            m_shape = Shape::any;
        } else if (m_head.empty()) {
            m_shape = Shape::suffix;
        } else if (m_tail.empty()) {
            m_shape = Shape::prefix;
        } else {
            m_shape = Shape::affixes;
        }
    } else if (pieces.size() == 3 && pieces[0].empty() && pieces[2].empty()) {
        m_shape = Shape::infix;
        m_head = pieces[1];
    } else {
        // Only literals and stars: the head must be a prefix, the tail a suffix, and the
        // middle literals found in order in between; taking each leftmost is never worse.
        m_shape = Shape::pieces;
        m_head = pieces.front();
        m_tail = pieces.back();
        m_middle.assign(pieces.begin() + 1, pieces.end() - 1);
    }
    if (m_case == CaseMode::insensitive) {
        m_head = lower_ascii(m_head);
        m_tail = lower_ascii(m_tail);
        for (std::string& piece : m_middle) {
            piece = lower_ascii(piece);
        }
    }
}

bool Glob::contains_slash() const {
    return m_pattern.find('/') != std::string::npos;
}

bool Glob::ends_with_slash() const {
    return m_pattern.size() > 1 && m_pattern.back() == '/';
}

bool Glob::ends_with_backslash() const {
    std::size_t count = 0;
    for (auto it = m_pattern.rbegin(); it != m_pattern.rend() && *it == '\\'; ++it) {
        ++count;
    }
    return count % 2 == 1;
}

bool Glob::matches(std::string_view text) const {
    if (m_shape == Shape::general) {
        return matches_fnmatch(text);
    }
    if (m_case == CaseMode::insensitive && !m_single_byte && !is_ascii(text)) {
        // Locale case folding maps some non-ASCII letters to ASCII ones (KELVIN SIGN -> k).
        return matches_fnmatch(text);
    }
    return matches_fast(text);
}

bool Glob::matches_fast(std::string_view text) const {
    if (m_case == CaseMode::sensitive) {
        switch (m_shape) {
        case Shape::literal:
            return text == m_head;
        case Shape::any:
            return true;
        case Shape::suffix:
            return text.ends_with(m_tail);
        case Shape::prefix:
            return text.starts_with(m_head);
        case Shape::infix:
            return text.find(m_head) != std::string_view::npos;
        case Shape::affixes:
            return text.size() >= m_head.size() + m_tail.size() && text.starts_with(m_head) &&
                   text.ends_with(m_tail);
        case Shape::pieces:
            return matches_pieces(text);
        case Shape::general:
            break;
        }
        return matches_fnmatch(text);
    }
    const auto head_of = [&](std::size_t n) { return text.substr(0, n); };
    const auto tail_of = [&](std::size_t n) { return text.substr(text.size() - n); };
    switch (m_shape) {
    case Shape::literal:
        return equal_ascii_nocase(text, m_head);
    case Shape::any:
        return true;
    case Shape::suffix:
        return text.size() >= m_tail.size() && equal_ascii_nocase(tail_of(m_tail.size()), m_tail);
    case Shape::prefix:
        return text.size() >= m_head.size() && equal_ascii_nocase(head_of(m_head.size()), m_head);
    case Shape::infix:
        return find_ascii_nocase(text, m_head) != std::string_view::npos;
    case Shape::affixes:
        return text.size() >= m_head.size() + m_tail.size() &&
               equal_ascii_nocase(head_of(m_head.size()), m_head) &&
               equal_ascii_nocase(tail_of(m_tail.size()), m_tail);
    case Shape::pieces:
        return matches_pieces(text);
    case Shape::general:
        break;
    }
    return matches_fnmatch(text);
}

bool Glob::matches_pieces(std::string_view text) const {
    const bool fold = m_case == CaseMode::insensitive;
    if (text.size() < m_head.size() + m_tail.size()) {
        return false;
    }
    const std::string_view head = text.substr(0, m_head.size());
    const std::string_view tail = text.substr(text.size() - m_tail.size());
    if (fold ? !equal_ascii_nocase(head, m_head) || !equal_ascii_nocase(tail, m_tail)
             : head != m_head || tail != m_tail) {
        return false;
    }
    // The middle pieces must fit between head and tail, without overlapping either.
    std::string_view rest = text.substr(m_head.size(), text.size() - m_head.size() - m_tail.size());
    for (const std::string& piece : m_middle) {
        const std::size_t at = fold ? find_ascii_nocase(rest, piece) : rest.find(piece);
        if (at == std::string_view::npos) {
            return false;
        }
        rest.remove_prefix(at + piece.size());
    }
    return true;
}

bool Glob::matches_fnmatch(std::string_view text) const {
    // fnmatch needs a NUL-terminated string; names are short, so copy onto the stack.
    std::array<char, 512> small{};
    std::string large;
    const char* c_text = nullptr;
    if (text.size() < small.size()) {
        std::memcpy(small.data(), text.data(), text.size());
        small[text.size()] = '\0';
        c_text = small.data();
    } else {
        large.assign(text);
        c_text = large.c_str();
    }
    if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
        // A name never contains NUL; a caller's text might, and fnmatch would stop there.
        return false;
    }
    return fnmatch(m_pattern.c_str(), c_text, m_fnmatch_flags) == 0;
}

} // namespace tbx::find
