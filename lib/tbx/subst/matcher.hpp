#pragma once
// The matcher interface shared by the literal engine and PCRE2: a compiled pattern that hands
// out per-thread sessions (PCRE2 match data is not shareable between threads).

#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::subst {

/// Marks an unset offset (a capture group that did not participate).
inline constexpr std::size_t k_unset = std::numeric_limits<std::size_t>::max();

/// Locates a byte range [begin, end) of a subject; both k_unset when a group did not match.
struct Span {
    std::size_t begin = k_unset;
    std::size_t end = k_unset;

    /// Returns true when the span was set by a match.
    [[nodiscard]] bool matched() const { return begin != k_unset; }
    /// Returns the length in bytes (0 when unset).
    [[nodiscard]] std::size_t size() const { return matched() ? end - begin : 0; }
};

/// Holds the spans of one match: [0] is the whole match, [n] capture group n.
using Captures = std::vector<Span>;

/// Reports the outcome of a search in a window of a longer text.
enum class WindowFind {
    match,    ///< a match that more text cannot change
    need_more ///< nothing certain before the window's end: extend the window and search again
};

/// Searches one subject at a time with scratch space of its own; use one per thread.
class MatchSession {
public:
    virtual ~MatchSession() = default;

    /// Finds the leftmost match starting at or after `start` in `subject` and fills
    /// `captures`; returns false when there is none. Text before `start` is visible to
    /// lookbehind and to `^`. Fails with ErrorKind::limit when the pattern is too costly.
    virtual Result<bool> find(std::string_view subject, std::size_t start, Captures& captures) = 0;

    /// Searches like find in `window`, the part read so far of a text that continues after
    /// it: returns a match only when the text after the window cannot change it (PCRE2's hard
    /// partial matching), else need_more with `resume` set to the offset from which the
    /// search must start again once the window is extended (no match starts before it).
    virtual Result<WindowFind> find_in_window(std::string_view window, std::size_t start,
                                              Captures& captures, std::size_t& resume) = 0;
};

/// Represents a compiled pattern; const and shareable between threads.
class Matcher {
public:
    virtual ~Matcher() = default;

    /// Creates the per-thread scratch used to search with this pattern.
    [[nodiscard]] virtual std::unique_ptr<MatchSession> session() const = 0;
    /// Returns the number of capture groups, not counting group 0.
    [[nodiscard]] virtual std::size_t group_count() const = 0;
    /// Returns the number of the named group `name`, or nullopt when there is none.
    [[nodiscard]] virtual std::optional<std::size_t> group_number(std::string_view name) const = 0;
    /// Returns how many bytes before the start of a search a match attempt may read
    /// (lookbehind, \b, ^): the history a window must keep.
    [[nodiscard]] virtual std::size_t history_bytes() const = 0;
    /// Returns true when the pattern names a line break (\n, \r, or the characters): what
    /// vim calls a multi-line pattern, which it also tries at a line's end after a match.
    [[nodiscard]] virtual bool names_line_break() const = 0;
    /// Returns "literal", "pcre2-jit" or "pcre2": which engine runs the search.
    [[nodiscard]] virtual std::string_view engine() const = 0;
};

/// Chooses how the pattern text is read.
enum class PatternSyntax { regex, literal };
/// Chooses whether letter case matters.
enum class CaseMode { sensitive, insensitive };
/// Chooses whether a match must be a whole word (not preceded or followed by [A-Za-z0-9_]).
enum class WordMode { any, whole_word };

/// Configures make_matcher.
struct MatcherOptions {
    PatternSyntax syntax = PatternSyntax::regex;
    CaseMode case_mode = CaseMode::sensitive;
    WordMode word = WordMode::any;
    /// PCRE2 match limit (backtracking steps per match attempt).
    std::uint32_t match_limit = 10'000'000;
    /// PCRE2 heap limit in KiB for the interpreter's backtracking frames.
    std::uint32_t heap_limit_kib = 256 * 1024;
    /// Largest JIT stack in bytes (long lines with nested groups need a large one).
    std::size_t jit_stack_bytes = 64 * 1024 * 1024;
};

/// Compiles `pattern`: the literal engine for fixed, case-sensitive text (also a regex without
/// metacharacters, e.g. "foo_bar"), PCRE2 with JIT otherwise (multiline, UTF-8 with invalid
/// bytes tolerated, CR, LF and CRLF as line ends). Fails with ErrorKind::invalid_argument and
/// the offset of the error for a bad regex, e.g. "(foo".
Result<std::unique_ptr<Matcher>> make_matcher(std::string_view pattern,
                                              const MatcherOptions& options = {});

/// Returns `text` with every PCRE2 metacharacter escaped, so it matches itself.
std::string escape_regex(std::string_view text);

} // namespace tbx::subst
