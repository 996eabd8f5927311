#include <cctype>

#include <fmt/format.h>

#include <tbx/subst/vim_expr.hpp>

namespace tbx::subst {

namespace {

Result<std::size_t> parse_address(std::string_view text, std::size_t& i) {
    if (i < text.size() && text[i] == '$') {
        ++i;
        return k_last_line;
    }
    std::size_t value = 0;
    const std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
        if (value > 1'000'000'000'000) {
            return fail(ErrorKind::invalid_argument, "line number too large", std::string(text));
        }
        value = value * 10 + static_cast<std::size_t>(text[i] - '0');
        ++i;
    }
    if (i == start) {
        return fail(ErrorKind::invalid_argument, "expected a line number or $", std::string(text));
    }
    if (value == 0) {
        // vim treats line 0 as line 1 in a range.
        value = 1;
    }
    return value;
}

// Finds the unescaped delimiter from `i`; a [...] collection may hold it unescaped, as in vim.
std::size_t find_delimiter(std::string_view text, std::size_t i, char delimiter,
                           bool skip_classes) {
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\\') {
            i += 2;
            continue;
        }
        if (c == delimiter) {
            return i;
        }
        if (skip_classes && c == '[') {
            std::size_t j = i + 1;
            if (j < text.size() && text[j] == '^') {
                ++j;
            }
            if (j < text.size() && text[j] == ']') {
                ++j;
            }
            while (j < text.size() && text[j] != ']') {
                j += text[j] == '\\' ? 2 : 1;
            }
            if (j < text.size()) {
                i = j + 1;
                continue;
            }
        }
        ++i;
    }
    return std::string_view::npos;
}

// Parses the optional range after any leading colons (`%`, `N`, `N,M`, `$`), a backwards one
// swapped, and moves `i` past it.
Result<std::optional<LineRange>> parse_range(std::string_view text, std::size_t& i) {
    while (i < text.size() && text[i] == ':') {
        ++i;
    }
    if (i < text.size() && text[i] == '%') {
        ++i;
        return std::optional<LineRange>{LineRange{1, k_last_line}};
    }
    if (i >= text.size() ||
        (text[i] != '$' && !std::isdigit(static_cast<unsigned char>(text[i])))) {
        return std::optional<LineRange>{};
    }
    auto first = parse_address(text, i);
    if (!first) {
        return tl::unexpected(first.error());
    }
    std::size_t last = *first;
    if (i < text.size() && text[i] == ',') {
        ++i;
        auto second = parse_address(text, i);
        if (!second) {
            return tl::unexpected(second.error());
        }
        last = *second;
    }
    std::size_t low = *first;
    if (low > last) {
        std::swap(low, last);
    }
    return std::optional<LineRange>{LineRange{low, last}};
}

// The replacement as written between the delimiters: the escaped delimiter becomes the
// delimiter itself, except where the escape means something to the replacement syntax (\&
// with & as delimiter stays literal either way).
std::string unescape_replacement(std::string_view raw, char delimiter) {
    std::string replacement;
    for (std::size_t k = 0; k < raw.size(); ++k) {
        if (raw[k] == '\\' && k + 1 < raw.size()) {
            if (raw[k + 1] == delimiter && delimiter != '&' && delimiter != '~') {
                replacement += delimiter;
            } else {
                replacement += raw.substr(k, 2);
            }
            ++k;
            continue;
        }
        replacement += raw[k];
    }
    return replacement;
}

// Reads the flags after the last delimiter (from `i` to the end of `text`) into `flags`.
Result<void> parse_flags(std::string_view text, std::size_t i, VimFlags& flags) {
    for (; i < text.size(); ++i) {
        switch (text[i]) {
        case 'g':
            // vim toggles with a repeated g ('gdefault' semantics aside).
            flags.global = !flags.global;
            break;
        case 'c':
            flags.confirm = true;
            break;
        case 'i':
            flags.ignore_case = true;
            break;
        case 'I':
            flags.ignore_case = false;
            break;
        case 'n':
            flags.count_only = true;
            break;
        case 'e':
            flags.no_error = true;
            break;
        case ' ':
            break;
        default:
            return fail(ErrorKind::invalid_argument,
                        fmt::format("unknown flag '{}' (supported: g c i I n e)", text[i]),
                        std::string(text));
        }
    }
    return {};
}

} // namespace

Result<VimExpr> parse_vim_expr(std::string_view text) {
    VimExpr expr;
    std::size_t i = 0;
    auto bad = [&](std::string message) {
        return fail(ErrorKind::invalid_argument, std::move(message), std::string(text));
    };
    auto range = parse_range(text, i);
    if (!range) {
        return tl::unexpected(range.error());
    }
    expr.range = *range;
    if (text.substr(i, 10) == "substitute") {
        i += 10;
    } else if (i < text.size() && text[i] == 's') {
        ++i;
    } else {
        return bad("expected [range]s/pattern/replacement/[flags]");
    }
    if (i >= text.size()) {
        return bad("missing delimiter after s");
    }
    const char delimiter = text[i];
    expr.delimiter = delimiter;
    const auto u = static_cast<unsigned char>(delimiter);
    if (std::isalnum(u) != 0 || delimiter == '\\' || delimiter == '"' || delimiter == '|' ||
        std::isspace(u) != 0) {
        return bad(fmt::format("'{}' cannot be a delimiter", delimiter));
    }
    ++i;
    const std::size_t pattern_end = find_delimiter(text, i, delimiter, true);
    expr.pattern = std::string(text.substr(
        i, pattern_end == std::string_view::npos ? std::string_view::npos : pattern_end - i));
    if (expr.pattern.empty()) {
        return bad("empty pattern (vim's reuse of the last pattern is not supported)");
    }
    if (pattern_end == std::string_view::npos) {
        return expr;
    }
    i = pattern_end + 1;
    const std::size_t replacement_end = find_delimiter(text, i, delimiter, false);
    expr.replacement = unescape_replacement(text.substr(i, replacement_end == std::string_view::npos
                                                               ? std::string_view::npos
                                                               : replacement_end - i),
                                            delimiter);
    if (replacement_end == std::string_view::npos) {
        return expr;
    }
    if (auto flags = parse_flags(text, replacement_end + 1, expr.flags); !flags) {
        return tl::unexpected(flags.error());
    }
    return expr;
}

} // namespace tbx::subst
