#pragma once
// Parser of vim's substitute command: [range]s/pattern/replacement/[flags].

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <tbx/core/error.hpp>

namespace tbx::subst {

/// Marks the last line of a file in a LineRange (vim's `$`).
inline constexpr std::size_t k_last_line = static_cast<std::size_t>(-1);

/// Selects lines first..last (1-based, inclusive); k_last_line stands for `$`.
struct LineRange {
    std::size_t first = 1;
    std::size_t last = k_last_line;

    friend bool operator==(const LineRange&, const LineRange&) = default;
};

/// Holds the flags after the last delimiter.
struct VimFlags {
    bool global = false;             ///< g: every match on a line, not only the first
    bool confirm = false;            ///< c: ask before each replacement
    std::optional<bool> ignore_case; ///< i: true, I: false, absent: the command line decides
    bool count_only = false;         ///< n: count matches, change nothing
    bool no_error = false;           ///< e: no error when nothing matches

    friend bool operator==(const VimFlags&, const VimFlags&) = default;
};

/// Represents a parsed substitute command.
struct VimExpr {
    std::optional<LineRange> range; ///< absent: every line (there is no cursor line)
    std::string pattern;            ///< the pattern as written, delimiter escapes kept
    std::string replacement;        ///< the replacement with `\<delimiter>` unescaped
    VimFlags flags;
    char delimiter = '/';
};

/// Parses a substitute command, e.g. "%s/foo/bar/gc", "3,$s#a/b#c#", "5s/x/y/" or "s/x//".
/// Ranges: `%`, `N`, `N,M`, `N,$`, `$` and `$,$`; a backwards range is swapped. The delimiter
/// is any character but letters, digits, `\`, `"`, `|` and whitespace. Fails with
/// ErrorKind::invalid_argument naming what is wrong.
Result<VimExpr> parse_vim_expr(std::string_view text);

} // namespace tbx::subst
