#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <utf8proc.h>

#include <tbx/subst/plan.hpp>
#include <tbx/text/utf8.hpp>

namespace tbx::subst {

namespace {

bool at_line_end(std::string_view text, std::size_t offset) {
    return offset >= text.size() || text[offset] == '\n' ||
           (text[offset] == '\r' && offset + 1 < text.size() && text[offset + 1] == '\n');
}

// Returns the byte length of the UTF-8 sequence at `offset` (1 for an invalid byte).
std::size_t code_point_length(std::string_view text, std::size_t offset) {
    return text::decode_at(text, offset).length;
}

// Returns true when the UTF-8 sequence at `offset` is a combining mark (Mn, Mc, Me).
bool is_combining(std::string_view text, std::size_t offset) {
    if (static_cast<unsigned char>(text[offset]) < 0xCC) {
        return false; // below U+0300, where the first combining marks start
    }
    const text::Decoded decoded = text::decode_at(text, offset);
    if (!decoded.valid) {
        return false;
    }
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(decoded.code_point));
    return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC ||
           category == UTF8PROC_CATEGORY_ME;
}

// Returns the byte length of the character at `offset` with the combining marks after it:
// what vim steps over after an empty match.
[[gnu::noinline]] std::size_t char_length(std::string_view text, std::size_t offset) {
    std::size_t length = code_point_length(text, offset);
    while (offset + length < text.size() && is_combining(text, offset + length)) {
        length += code_point_length(text, offset + length);
    }
    return length;
}

// Returns the offset where line `number` (1-based) starts, or nullopt past the last line.
std::optional<std::size_t> offset_of_line(std::string_view text, std::size_t number) {
    std::size_t offset = 0;
    for (std::size_t line = 1; line < number; ++line) {
        const void* newline = std::memchr(text.data() + offset, '\n', text.size() - offset);
        if (newline == nullptr) {
            return std::nullopt;
        }
        offset = static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) + 1;
        if (offset == text.size()) {
            return std::nullopt;
        }
    }
    return offset;
}

// Returns the start of the last line (vim's `$`).
std::size_t last_line_offset(std::string_view text) {
    if (text.empty()) {
        return 0;
    }
    const std::size_t search_end = text.back() == '\n' ? text.size() - 1 : text.size();
    const auto newline = text.substr(0, search_end).rfind('\n');
    return newline == std::string_view::npos ? 0 : newline + 1;
}

} // namespace

std::size_t line_end(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) {
        return text.size();
    }
    const void* newline = std::memchr(text.data() + offset, '\n', text.size() - offset);
    return newline == nullptr
               ? text.size()
               : static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) + 1;
}

std::size_t line_start(std::string_view text, std::size_t offset) {
    const auto newline = text.substr(0, std::min(offset, text.size())).rfind('\n');
    return newline == std::string_view::npos ? 0 : newline + 1;
}

std::string_view line_break_at(std::string_view text, std::size_t offset) {
    const std::size_t end = line_end(text, offset);
    if (end >= 2 && text[end - 1] == '\n' && text[end - 2] == '\r') {
        return "\r\n";
    }
    return "\n";
}

Result<Scanner> Scanner::create(const Substitution& substitution, MatchSession& session,
                                std::string_view text, LineNumbers lines) {
    Scanner scanner(substitution, session, text);
    scanner.m_lines = lines;
    std::size_t begin = 0;
    std::size_t end = text.size();
    if (substitution.range && !text.empty()) {
        const LineRange& range = *substitution.range;
        const auto first = range.first == k_last_line ? std::optional(last_line_offset(text))
                                                      : offset_of_line(text, range.first);
        if (!first) {
            return fail(
                ErrorKind::invalid_argument,
                fmt::format("the range starts at line {}, past the last line", range.first));
        }
        begin = *first;
        if (range.last != k_last_line) {
            const auto last = offset_of_line(text, range.last);
            if (!last) {
                return fail(
                    ErrorKind::invalid_argument,
                    fmt::format("the range ends at line {}, past the last line", range.last));
            }
            end = line_end(text, *last);
        }
        if (range.first != k_last_line && lines == LineNumbers::count) {
            scanner.m_counted_offset = begin;
            scanner.m_counted_line = range.first;
        }
    }
    // A match may read and take text past the range (vim joins the line after it, and a
    // look-ahead sees it), but it must start inside.
    scanner.m_subject = text;
    scanner.m_range_end = end;
    scanner.m_position = begin;
    scanner.m_done = text.empty();
    return scanner;
}

std::size_t Scanner::line_of(std::size_t offset) {
    if (offset > m_counted_offset) {
        m_counted_line += static_cast<std::size_t>(
            std::count(m_text.begin() + static_cast<std::ptrdiff_t>(m_counted_offset),
                       m_text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
        m_counted_offset = offset;
    }
    return m_counted_line;
}

Scanner Scanner::streaming(const Substitution& substitution, MatchSession& session,
                           std::size_t start, bool after_match) {
    Scanner scanner(substitution, session, {});
    scanner.m_end = TextEnd::more_follows;
    scanner.m_position = start;
    if (after_match) {
        // The state next() leaves after a match that ends at `start` and took a line break
        // (a resumed match reached into a later chunk, past a line start), also without g.
        scanner.m_previous_end = start;
    }
    return scanner;
}

void Scanner::feed(std::string_view window, std::size_t dropped, TextEnd end) {
    m_text = window;
    m_subject = window;
    m_position -= dropped;
    if (m_previous_end != k_unset) {
        m_previous_end -= dropped;
    }
    m_end = end;
    m_needs_more = false;
}

std::size_t Scanner::keep_from() const {
    std::size_t keep = m_position;
    if (m_previous_end != k_unset) {
        keep = std::min(keep, m_previous_end);
    }
    // One byte more than the engine asks for: the scanner itself looks at the byte before a
    // match at the end of the text.
    const std::size_t history = m_substitution->matcher->history_bytes() + 1;
    return keep - std::min(keep, history);
}

// Without g: moves past the rest of the line once it had its match.
[[gnu::always_inline]] inline Scanner::Step Scanner::skip_line(std::string_view subject,
                                                               bool window) {
    const void* newline =
        std::memchr(subject.data() + m_position, '\n', subject.size() - m_position);
    if (newline == nullptr) {
        if (window) {
            m_position = subject.size();
            return Step::need_more;
        }
        return Step::stop; // the last line has no newline, so no line after it
    }
    m_position = static_cast<std::size_t>(static_cast<const char*>(newline) - subject.data()) + 1;
    m_skip_line = false;
    m_check_line_end = false;
    return Step::again;
}

// vim stops searching a line once a match ended at its end, or an empty match moved the
// search there (unless the pattern names a line break).
[[gnu::always_inline]] inline Scanner::Step Scanner::check_line_end(std::string_view subject,
                                                                    bool window) {
    if (window && m_position + 2 > subject.size()) {
        return Step::need_more;
    }
    m_check_line_end = false;
    if (!m_multi_line && at_line_end(subject, m_position)) {
        m_previous_end = k_unset;
        m_skip_line = true;
        return Step::again;
    }
    return Step::go_on;
}

// Finds the next match from m_position, in the window or in the whole text.
[[gnu::always_inline]] inline Result<Scanner::Step> Scanner::search(std::string_view subject,
                                                                    bool window, Match& match) {
    if (!window) {
        auto found = m_session->find(subject, m_position, match.captures);
        if (!found) {
            return tl::unexpected(found.error());
        }
        return *found ? Step::go_on : Step::stop;
    }
    std::size_t resume = m_position;
    auto found = m_session->find_in_window(subject, m_position, match.captures, resume);
    if (!found) {
        return tl::unexpected(found.error());
    }
    if (*found != WindowFind::need_more) {
        return Step::go_on;
    }
    // Past a newline the previous match no longer matters to the rules of accept() (they look
    // within its line only); forgetting it lets the window move on.
    if (m_previous_end != k_unset &&
        std::memchr(subject.data() + m_previous_end, '\n',
                    resume - std::min(resume, m_previous_end)) != nullptr) {
        m_previous_end = k_unset;
    }
    m_position = std::max(m_position, resume);
    return Step::need_more;
}

// An empty match where the previous one ended does not count (vi's rule): the search moves
// one character on, or past the line's end.
[[gnu::always_inline]] inline Scanner::Step
Scanner::after_empty_match(std::string_view subject, bool window, std::size_t begin) {
    if (at_line_end(subject, begin)) {
        m_position = line_end(subject, begin);
        m_previous_end = k_unset;
        return m_position == begin ? Step::stop : Step::again;
    }
    const std::size_t step = char_length(subject, begin);
    // The combining marks may go on past the window.
    if (window && begin + step + 4 > subject.size()) {
        return Step::need_more;
    }
    m_position = begin + step;
    m_check_line_end = true;
    return Step::again;
}

// Applies vim's rules to the match found: the range, the text's end, empty matches, and
// without g the rest of the line.
[[gnu::always_inline]] inline Scanner::Step Scanner::accept(std::string_view subject, bool window,
                                                            Match& match) {
    const std::size_t begin = match.captures[0].begin;
    const std::size_t end = match.captures[0].end;
    // The end of the text is still on the range's last line.
    if (begin > m_range_end || (begin == m_range_end && begin < subject.size())) [[unlikely]] {
        return Step::stop;
    }
    // The rules below look up to 4 bytes past a match's start (a line break, a UTF-8
    // character): near a window's end, wait for more text.
    if (window && begin + 4 > subject.size()) {
        return Step::need_more;
    }
    // The position after a final newline is not a line (vim has no such line).
    if (begin == subject.size() && begin > 0 && subject[begin - 1] == '\n') [[unlikely]] {
        return Step::stop;
    }
    if (m_previous_end != k_unset && begin == end && begin == m_previous_end) [[unlikely]] {
        return after_empty_match(subject, window, begin);
    }
    m_position = end;
    m_previous_end = end;
    // Only a match ending at a line break (or too near the window's end to tell) needs the
    // line-end check before the next search: most matches skip it.
    m_check_line_end = end + 2 > subject.size() || subject[end] == '\n' || subject[end] == '\r';
    // Without g the rest of the line is skipped, unless the match took a line break: then vim
    // searches the joined line again.
    if (m_substitution->occurrence == Occurrence::first_per_line &&
        std::memchr(subject.data() + begin, '\n', end - begin) == nullptr) {
        m_previous_end = k_unset;
        m_skip_line = true;
    }
    match.line = m_lines == LineNumbers::count ? line_of(begin) : 0;
    return Step::found;
}

Result<bool> Scanner::next(Match& match) {
    const std::string_view subject = m_subject;
    const bool window = m_end == TextEnd::more_follows;
    m_needs_more = false;
    while (!m_done && m_position <= subject.size()) {
        Step step = m_skip_line ? skip_line(subject, window) : Step::go_on;
        if (step == Step::go_on && m_check_line_end) {
            step = check_line_end(subject, window);
        }
        if (step == Step::go_on) {
            auto searched = search(subject, window, match);
            if (!searched) {
                return tl::unexpected(searched.error());
            }
            step = *searched;
        }
        if (step == Step::go_on) {
            step = accept(subject, window, match);
        }
        if (step == Step::found) {
            return true;
        }
        if (step == Step::need_more) {
            m_needs_more = true;
            return false;
        }
        if (step == Step::stop) {
            break;
        }
    }
    m_done = true;
    return false;
}

Result<Plan> make_plan(const Substitution& substitution, std::string_view text) {
    auto session = substitution.matcher->session();
    auto scanner = Scanner::create(substitution, *session, text, LineNumbers::count);
    if (!scanner) {
        return tl::unexpected(scanner.error());
    }
    Plan plan;
    Match match;
    while (true) {
        auto more = scanner->next(match);
        if (!more) {
            return tl::unexpected(more.error());
        }
        if (!*more) {
            break;
        }
        PlannedReplacement planned;
        planned.span = match.captures[0];
        planned.line = match.line;
        substitution.replacement.expand(
            text, match.captures, line_break_at(text, planned.span.begin), planned.replacement);
        const Span& span = planned.span;
        keep_final_newline(substitution, span.begin, span.end, text.size(),
                           span.end > span.begin ? text[span.end - 1] : '\0', planned.replacement);
        plan.replacements.push_back(std::move(planned));
    }
    return plan;
}

std::string apply_plan(const Plan& plan, std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t position = 0;
    for (const auto& planned : plan.replacements) {
        out.append(text, position, planned.span.begin - position);
        out += planned.replacement;
        position = planned.span.end;
    }
    out.append(text, position);
    return out;
}

} // namespace tbx::subst
