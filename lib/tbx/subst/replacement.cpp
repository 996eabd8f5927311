#include <fmt/format.h>
#include <utf8proc.h>

#include <tbx/subst/replacement.hpp>

namespace tbx::subst {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_name_char(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

enum class CaseState { none, upper, lower };

// Appends `text` converted by one-shot and ongoing case modes; Unicode-aware for valid UTF-8,
// invalid bytes pass through untouched.
void append_cased(std::string_view text, CaseState& one_shot, CaseState mode, std::string& out) {
    std::size_t i = 0;
    while (i < text.size()) {
        const CaseState apply = one_shot != CaseState::none ? one_shot : mode;
        utf8proc_int32_t code_point = 0;
        const auto length =
            utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(&text[i]),
                             static_cast<utf8proc_ssize_t>(text.size() - i), &code_point);
        if (length <= 0) {
            out += text[i];
            ++i;
            one_shot = CaseState::none;
            continue;
        }
        if (apply == CaseState::none) {
            out.append(text, i, static_cast<std::size_t>(length));
        } else {
            const utf8proc_int32_t mapped = apply == CaseState::upper
                                                ? utf8proc_toupper(code_point)
                                                : utf8proc_tolower(code_point);
            std::array<utf8proc_uint8_t, 4> buffer{};
            const auto written = utf8proc_encode_char(mapped, buffer.data());
            out.append(reinterpret_cast<const char*>(buffer.data()),
                       static_cast<std::size_t>(written));
        }
        one_shot = CaseState::none;
        i += static_cast<std::size_t>(length);
    }
}

} // namespace

void Replacement::add_text(std::string_view text) {
    if (text.empty()) {
        return;
    }
    if (!m_pieces.empty() && m_pieces.back().kind == PieceKind::text) {
        m_pieces.back().text += text;
        return;
    }
    m_pieces.push_back(Piece{PieceKind::text, std::string(text), 0});
}

void Replacement::add(Piece piece) {
    m_literal = false;
    if (piece.kind == PieceKind::line_break) {
        m_has_line_break = true;
    } else if (piece.kind != PieceKind::group) {
        m_has_case = true;
    }
    m_pieces.push_back(std::move(piece));
}

Result<Replacement> Replacement::parse(std::string_view text, ReplacementSyntax syntax,
                                       const Matcher& matcher, std::string_view previous) {
    Replacement result;
    const std::size_t groups = matcher.group_count();
    if (syntax == ReplacementSyntax::literal) {
        result.add_text(text);
    } else if (syntax == ReplacementSyntax::pcre) {
        auto group_piece = [&](std::size_t number) -> Result<void> {
            if (number > groups) {
                return fail(ErrorKind::invalid_argument,
                            fmt::format("replacement refers to group {}, the pattern has {}",
                                        number, groups),
                            std::string(text));
            }
            result.add(Piece{PieceKind::group, {}, number});
            return {};
        };
        auto name_piece = [&](std::string_view name) -> Result<void> {
            if (std::all_of(name.begin(), name.end(), is_digit)) {
                return group_piece(static_cast<std::size_t>(std::stoul(std::string(name))));
            }
            const auto number = matcher.group_number(name);
            if (!number) {
                return fail(ErrorKind::invalid_argument,
                            "replacement refers to an unknown group name", std::string(name));
            }
            return group_piece(*number);
        };
        std::size_t i = 0;
        while (i < text.size()) {
            const char c = text[i];
            if (c == '$' && i + 1 < text.size()) {
                const char next = text[i + 1];
                if (next == '$') {
                    result.add_text("$");
                    i += 2;
                    continue;
                }
                if (next == '{') {
                    const auto close = text.find('}', i + 2);
                    const auto name = close == std::string_view::npos
                                          ? std::string_view{}
                                          : text.substr(i + 2, close - i - 2);
                    if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) {
                        return fail(ErrorKind::invalid_argument, "malformed ${...} in replacement",
                                    std::string(text));
                    }
                    if (auto ok = name_piece(name); !ok) {
                        return tl::unexpected(ok.error());
                    }
                    i = close + 1;
                    continue;
                }
                if (is_name_char(next)) {
                    std::size_t end = i + 1;
                    // $12 is group 12; a name runs over letters, digits and underscores.
                    if (is_digit(next)) {
                        while (end < text.size() && is_digit(text[end])) {
                            ++end;
                        }
                    } else {
                        while (end < text.size() && is_name_char(text[end])) {
                            ++end;
                        }
                    }
                    if (auto ok = name_piece(text.substr(i + 1, end - i - 1)); !ok) {
                        return tl::unexpected(ok.error());
                    }
                    i = end;
                    continue;
                }
            }
            if (c == '\\' && i + 1 < text.size()) {
                const char next = text[i + 1];
                if (is_digit(next)) {
                    if (auto ok = group_piece(static_cast<std::size_t>(next - '0')); !ok) {
                        return tl::unexpected(ok.error());
                    }
                } else if (next == 'n') {
                    result.add_text("\n");
                } else if (next == 't') {
                    result.add_text("\t");
                } else if (next == 'r') {
                    result.add_text("\r");
                } else if (next == '\\') {
                    result.add_text("\\");
                } else {
                    result.add_text(text.substr(i, 2));
                }
                i += 2;
                continue;
            }
            result.add_text(text.substr(i, 1));
            ++i;
        }
    } else {
        std::size_t i = 0;
        while (i < text.size()) {
            const char c = text[i];
            if (c == '&') {
                result.add(Piece{PieceKind::group, {}, 0});
                ++i;
                continue;
            }
            if (c == '~') {
                result.add_text(previous);
                ++i;
                continue;
            }
            if (c == '\r') {
                // A raw CR (typed as ^V^M in vim) splits the line, as \r does.
                result.add(Piece{PieceKind::line_break, {}, 0});
                ++i;
                continue;
            }
            if (c != '\\' || i + 1 == text.size()) {
                result.add_text(text.substr(i, 1));
                ++i;
                continue;
            }
            const char next = text[i + 1];
            i += 2;
            if (is_digit(next)) {
                const auto number = static_cast<std::size_t>(next - '0');
                // vim expands a group the pattern lacks to nothing.
                if (number <= groups) {
                    result.add(Piece{PieceKind::group, {}, number});
                } else {
                    result.m_literal = false;
                }
                continue;
            }
            switch (next) {
            case 'r':
            case 'n':
                result.add(Piece{PieceKind::line_break, {}, 0});
                break;
            case 't':
                result.add_text("\t");
                break;
            case 'b':
                result.add_text("\b");
                break;
            case 'u':
                result.add(Piece{PieceKind::upper_one, {}, 0});
                break;
            case 'l':
                result.add(Piece{PieceKind::lower_one, {}, 0});
                break;
            case 'U':
                result.add(Piece{PieceKind::upper, {}, 0});
                break;
            case 'L':
                result.add(Piece{PieceKind::lower, {}, 0});
                break;
            case 'e':
            case 'E':
                result.add(Piece{PieceKind::end_case, {}, 0});
                break;
            default:
                // \\ \& \~ \/ and every other escaped character stand for themselves.
                result.add_text(text.substr(i - 1, 1));
                break;
            }
        }
    }
    if (result.m_literal && result.m_pieces.empty()) {
        result.m_pieces.push_back(Piece{});
    }
    return result;
}

void Replacement::expand(std::string_view subject, const Captures& captures,
                         std::string_view line_break, std::string& out) const {
    if (!m_has_case) {
        for (const Piece& piece : m_pieces) {
            switch (piece.kind) {
            case PieceKind::text:
                out += piece.text;
                break;
            case PieceKind::group:
                if (piece.group < captures.size() && captures[piece.group].matched()) {
                    out.append(subject, captures[piece.group].begin, captures[piece.group].size());
                }
                break;
            case PieceKind::line_break:
                out += line_break;
                break;
            default:
                break;
            }
        }
        return;
    }
    CaseState one_shot = CaseState::none;
    CaseState mode = CaseState::none;
    for (const Piece& piece : m_pieces) {
        switch (piece.kind) {
        case PieceKind::text:
            append_cased(piece.text, one_shot, mode, out);
            break;
        case PieceKind::group:
            if (piece.group < captures.size() && captures[piece.group].matched()) {
                append_cased(
                    subject.substr(captures[piece.group].begin, captures[piece.group].size()),
                    one_shot, mode, out);
            }
            break;
        case PieceKind::line_break:
            out += line_break;
            break;
        case PieceKind::upper_one:
            one_shot = CaseState::upper;
            break;
        case PieceKind::lower_one:
            one_shot = CaseState::lower;
            break;
        case PieceKind::upper:
            mode = CaseState::upper;
            break;
        case PieceKind::lower:
            mode = CaseState::lower;
            break;
        case PieceKind::end_case:
            // \e and \E also cancel a pending \u or \l (vim: s/U/\L\uuUu\l\EU/ gives UuuU).
            mode = CaseState::none;
            one_shot = CaseState::none;
            break;
        }
    }
}

} // namespace tbx::subst
