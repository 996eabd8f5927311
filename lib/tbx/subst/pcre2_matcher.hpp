#pragma once

#include <string_view>

#include <tbx/subst/matcher.hpp>

namespace tbx::subst {

/// Compiles `pattern` with PCRE2 (JIT when available, the interpreter otherwise): multiline,
/// UTF-8 with PCRE2_MATCH_INVALID_UTF, CR/LF/CRLF line ends, bounded by the options' limits.
/// Fails with ErrorKind::invalid_argument naming the offset, e.g. for "a(b".
Result<std::unique_ptr<Matcher>> make_pcre2_matcher(std::string_view pattern,
                                                    const MatcherOptions& options);

} // namespace tbx::subst
