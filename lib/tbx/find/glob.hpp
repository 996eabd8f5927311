#pragma once
// A shell glob compiled once and matched many times with GNU find's semantics: glibc
// fnmatch(3) without FNM_PATHNAME and FNM_PERIOD (so `*` and `?` match a leading dot and `/`),
// plus FNM_CASEFOLD for the case-insensitive variants. Common shapes (literal, `*.ext`,
// `prefix*`, `*infix*`, `*a*b*`) are answered by byte comparisons where that is provably the same
// answer as fnmatch in the current locale; everything else goes to fnmatch itself, so
// multibyte `?`, bracket classes and locale case folding stay exactly find's.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::find {

/// Chooses whether letters match regardless of case (find's -iname, -iwholename, -ipath).
enum class CaseMode : std::uint8_t { sensitive, insensitive };

/// Matches names or paths against one compiled glob; immutable and safe to share between threads.
///
/// Example: `Glob::compile("*.h").value().matches("walker.h")` is true, and so is
/// `Glob::compile("src*h").value().matches("src/tbx/find/glob.h")` (`*` crosses `/`).
class Glob {
public:
    /// Compiles `pattern`; fails with invalid_argument only for an empty pattern
    /// (fnmatch treats every other byte string as a valid pattern, and so does find).
    static Result<Glob> compile(std::string_view pattern, CaseMode mode = CaseMode::sensitive);

    /// Returns true when `text` (a name or a whole path, any bytes, no NUL needed) matches.
    /// Reads the process locale (LC_CTYPE) captured at compile time; safe to call concurrently.
    [[nodiscard]] bool matches(std::string_view text) const;

    /// Returns the pattern as given to compile.
    [[nodiscard]] const std::string& pattern() const { return m_pattern; }
    /// Returns the case mode given to compile.
    [[nodiscard]] CaseMode case_mode() const { return m_case; }
    /// Returns true when the pattern has no unescaped `*`, `?` or `[` (a plain name).
    [[nodiscard]] bool is_literal() const { return m_shape == Shape::literal; }
    /// Returns true when the pattern contains `/`, which can never match a base name
    /// (find warns about `-name a/b`).
    [[nodiscard]] bool contains_slash() const;
    /// Returns true when the pattern ends with `/` (other than being "/"), which can never match
    /// a path that find prints (find warns about `-wholename dir/`).
    [[nodiscard]] bool ends_with_slash() const;
    /// Returns true when the pattern ends with an unpaired backslash (matches nothing).
    [[nodiscard]] bool ends_with_backslash() const;

private:
    /// Classifies the pattern for the byte-comparison fast paths.
    enum class Shape : std::uint8_t {
        general, ///< fnmatch
        literal, ///< "abc"
        any,     ///< "*"
        suffix,  ///< "*abc"
        prefix,  ///< "abc*"
        infix,   ///< "*abc*"
        affixes, ///< "abc*def"
        pieces,  ///< "a*b*c", "*a*b*": literals and stars only, matched leftmost-first
    };

    Glob() = default;
    /// Sets the fast shape and its literals from the pattern's pieces around its stars.
    void take_pieces(std::vector<std::string> pieces);
    [[nodiscard]] bool matches_fast(std::string_view text) const;
    [[nodiscard]] bool matches_fnmatch(std::string_view text) const;
    [[nodiscard]] bool matches_pieces(std::string_view text) const;

    std::string m_pattern;
    std::string m_head; ///< literal bytes before the first `*` (unescaped), for the fast shapes
    std::string m_tail; ///< literal bytes after the last `*`
    std::vector<std::string> m_middle; ///< Shape::pieces: the literals between stars, in order
    CaseMode m_case = CaseMode::sensitive;
    Shape m_shape = Shape::general;
    bool m_utf8_locale = false;  ///< LC_CTYPE is UTF-8: fast paths must check the text's encoding
    bool m_single_byte = true;   ///< MB_CUR_MAX == 1 (C/POSIX): bytes are characters
    bool m_fast_allowed = false; ///< the locale is one whose behaviour the fast paths reproduce
    int m_fnmatch_flags = 0;
};

} // namespace tbx::find
