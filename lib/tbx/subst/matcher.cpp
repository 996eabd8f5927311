#include <tbx/subst/literal_matcher.hpp>
#include <tbx/subst/matcher.hpp>
#include <tbx/subst/pcre2_matcher.hpp>

namespace tbx::subst {

std::string escape_regex(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 2);
    for (const char c : text) {
        // Escaping every ASCII punctuation character is always safe in PCRE2; letters and
        // digits must not be escaped (\d, \1 mean something).
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80 && (std::ispunct(u) != 0)) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

Result<std::unique_ptr<Matcher>> make_matcher(std::string_view pattern,
                                              const MatcherOptions& options) {
    const bool plain = options.case_mode == CaseMode::sensitive && options.word == WordMode::any &&
                       !pattern.empty() &&
                       (options.syntax == PatternSyntax::literal || is_plain_literal(pattern));
    if (plain) {
        return std::make_unique<LiteralMatcher>(std::string(pattern));
    }
    if (options.syntax == PatternSyntax::literal && pattern.empty()) {
        return fail(ErrorKind::invalid_argument, "empty fixed string");
    }
    return make_pcre2_matcher(pattern, options);
}

} // namespace tbx::subst
