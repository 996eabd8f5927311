#pragma once
// Replacement templates: PCRE-style ($1, ${name}, \1, $$), vim-style (&, \0..\9, ~, \u \U \l
// \L \e \E, \r \n \t) and literal text, compiled once and expanded per match.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>
#include <tbx/subst/matcher.hpp>

namespace tbx::subst {

/// Chooses how a replacement string is read.
enum class ReplacementSyntax {
    pcre,   ///< $1 ${1} ${name} $name \1 $$ \\ \n \t \r
    vim,    ///< & \0..\9 ~ \u \U \l \L \e \E \r \n and a raw CR (line break) \t \b \\ \& \~
    literal ///< the text itself
};

/// Represents one compiled replacement template.
class Replacement {
public:
    /// Parses `text` in `syntax`, resolving group names and numbers against `matcher`;
    /// `previous` is what vim's `~` expands to. Example: parse("<$1>", pcre, m) wraps group 1.
    /// Fails with ErrorKind::invalid_argument for an unknown group in the pcre syntax (vim's
    /// syntax expands a missing group to nothing, as vim does).
    static Result<Replacement> parse(std::string_view text, ReplacementSyntax syntax,
                                     const Matcher& matcher, std::string_view previous = {});

    /// Appends the expansion for one match to `out`; `line_break` is what \r and \n insert
    /// in the vim syntax ("\n", or "\r\n" in a CRLF line).
    void expand(std::string_view subject, const Captures& captures, std::string_view line_break,
                std::string& out) const;

    /// Returns the text when the template has no group, case or line-break piece.
    [[nodiscard]] const std::string* literal_text() const {
        return m_literal ? &m_pieces.front().text : nullptr;
    }

    /// Returns true when the expansion contains a line break piece (vim's \r or \n).
    [[nodiscard]] bool has_line_break() const { return m_has_line_break; }

private:
    enum class PieceKind { text, group, line_break, upper_one, lower_one, upper, lower, end_case };
    struct Piece {
        PieceKind kind = PieceKind::text;
        std::string text;
        std::size_t group = 0;
    };
    std::vector<Piece> m_pieces;
    bool m_literal = true;
    bool m_has_case = false;
    bool m_has_line_break = false;

    void add_text(std::string_view text);
    void add(Piece piece);
};

} // namespace tbx::subst
