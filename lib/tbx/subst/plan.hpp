#pragma once
// Where the matches of a substitution are in one text: the scanner that applies vim's rules
// (first match per line without g, empty matches, line ranges) and the plan built from it.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>
#include <tbx/subst/matcher.hpp>
#include <tbx/subst/replacement.hpp>
#include <tbx/subst/vim_expr.hpp>

namespace tbx::subst {

/// Chooses which matches of a line are candidates.
enum class Occurrence {
    all,           ///< every match (vim's g flag; the default of the PATTERN REPLACEMENT form)
    first_per_line ///< the first match of each line
};

/// Chooses what a match that takes a text's final newline does to it.
enum class FinalNewline {
    replaced, ///< it goes with the match (perl, sed -z, sd)
    kept      ///< the text still ends with one (vim: its last line always ends with one)
};

/// Bundles everything that defines one substitution; const and shareable between threads.
struct Substitution {
    std::shared_ptr<const Matcher> matcher;
    Replacement replacement;
    std::optional<LineRange> range; ///< absent: the whole text
    Occurrence occurrence = Occurrence::all;
    FinalNewline final_newline = FinalNewline::replaced;
};

/// With FinalNewline::kept, appends "\n" to `replacement` when the match [begin, end) ends
/// a text of `size` bytes whose last byte, `last_byte`, is a newline.
/// Inline: it runs once per match on the streaming path.
inline void keep_final_newline(const Substitution& substitution, std::size_t begin, std::size_t end,
                               std::size_t size, char last_byte, std::string& replacement) {
    if (end == size && substitution.final_newline == FinalNewline::kept && end > begin &&
        last_byte == '\n') {
        replacement += '\n';
    }
}

/// Describes one match found by the scanner.
struct Match {
    Captures captures;    ///< [0] is the whole match
    std::size_t line = 0; ///< 1-based line of the match's start; 0 unless line numbers were asked
};

/// Chooses whether the scanner counts lines for each match.
enum class LineNumbers { skip, count };

/// Tells the scanner whether its text is all there is or a window that more text follows.
enum class TextEnd { final, more_follows };

/// Walks the matches of a substitution over one text in order, applying vim's rules: an empty
/// match right where the previous one ended is skipped, once a match ends at a line's end (or
/// the search reaches it after an empty match) the line is done unless the pattern names a
/// line break, without `g` only the first match per line counts, and a
/// match starts inside the line range (it may take text after it, as in vim).
class Scanner {
public:
    /// Starts scanning `text`; the Substitution and the session must outlive the scanner.
    /// Fails with ErrorKind::invalid_argument when the range starts past the last line.
    static Result<Scanner> create(const Substitution& substitution, MatchSession& session,
                                  std::string_view text, LineNumbers lines = LineNumbers::skip);

    /// Starts scanning a text that arrives in windows (a streamed file); hand it each window
    /// with feed(). Ignores the substitution's line range and counts no lines. The search
    /// starts at offset `start` of the first window (the bytes before it are history for
    /// lookbehind); with `after_match` it resumes as if a match had just ended at `start`.
    static Scanner streaming(const Substitution& substitution, MatchSession& session,
                             std::size_t start = 0, bool after_match = false);

    /// Gives a streaming scanner its next window: `window` starts `dropped` bytes after the
    /// previous window's start and holds everything from the previous keep_from() on, plus
    /// more text; TextEnd::final when the text ends with it.
    void feed(std::string_view window, std::size_t dropped, TextEnd end);

    /// Finds the next match; returns false at the end, or in a window that more text follows
    /// when deciding needs text past its end (then needs_more() is true). A match found in a
    /// window is the one the whole text would give.
    Result<bool> next(Match& match);

    /// Returns true when the last next() stopped at the end of a window, not of the text.
    [[nodiscard]] bool needs_more() const { return m_needs_more; }

    /// Returns the offset in the current window where the next search starts: no match the
    /// scanner has yet to return starts before it.
    [[nodiscard]] std::size_t position() const { return m_position; }

    /// Returns the first offset of the current window that later searches may read (the
    /// search position less the engine's history); the next window must start at or before it.
    [[nodiscard]] std::size_t keep_from() const;

    /// Returns the 1-based line number of byte `offset`; offsets must not decrease between
    /// calls (it counts newlines incrementally).
    std::size_t line_of(std::size_t offset);

private:
    Scanner(const Substitution& substitution, MatchSession& session, std::string_view text)
        : m_substitution(&substitution), m_session(&session), m_text(text),
          m_multi_line(substitution.matcher->names_line_break()) {}

    /// What one step of next() decided.
    enum class Step {
        go_on,     ///< the next step of this round
        again,     ///< a new round from m_position
        need_more, ///< the window ends too soon to tell
        stop,      ///< no match is left
        found,     ///< the match is one to replace
    };
    Step skip_line(std::string_view subject, bool window);
    Step check_line_end(std::string_view subject, bool window);
    Result<Step> search(std::string_view subject, bool window, Match& match);
    Step accept(std::string_view subject, bool window, Match& match);
    Step after_empty_match(std::string_view subject, bool window, std::size_t begin);

    const Substitution* m_substitution;
    MatchSession* m_session;
    std::string_view m_text;
    std::string_view m_subject;
    std::size_t m_range_end = k_unset; ///< no match starts at or after it
    std::size_t m_position = 0;
    std::size_t m_previous_end = k_unset;
    LineNumbers m_lines = LineNumbers::skip;
    std::size_t m_counted_offset = 0;
    std::size_t m_counted_line = 1;
    bool m_done = false;
    TextEnd m_end = TextEnd::final;
    bool m_needs_more = false;
    bool m_skip_line = false;      ///< without g: skip to the next line before searching again
    bool m_check_line_end = false; ///< a search starts where a match ended or an empty one led
    bool m_multi_line = false;     ///< the pattern names a line break (vim's multi-line pattern)
};

/// Returns the offset just past the end of the line holding `offset` (after its '\n'), or
/// text.size() on the last line.
std::size_t line_end(std::string_view text, std::size_t offset);

/// Returns the offset of the start of the line holding `offset`.
std::size_t line_start(std::string_view text, std::size_t offset);

/// Returns "\r\n" when the line holding `offset` ends with CRLF, "\n" otherwise.
std::string_view line_break_at(std::string_view text, std::size_t offset);

/// Describes one planned replacement: the span in the original text and the new bytes.
struct PlannedReplacement {
    Span span;
    std::size_t line = 0;
    std::string replacement;
};

/// Lists every candidate replacement of a substitution in one text, in order.
struct Plan {
    std::vector<PlannedReplacement> replacements;
};

/// Builds the plan of `substitution` over `text` (every candidate, before any decision).
Result<Plan> make_plan(const Substitution& substitution, std::string_view text);

/// Returns `text` with every planned replacement applied.
std::string apply_plan(const Plan& plan, std::string_view text);

} // namespace tbx::subst
