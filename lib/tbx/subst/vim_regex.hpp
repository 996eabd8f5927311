#pragma once
// Translation of a vim regular expression (the pattern of `:s`, magic by default) into a
// PCRE2 pattern with the same meaning, done once before any search.

#include <optional>
#include <string>
#include <string_view>

#include <tbx/core/error.hpp>

namespace tbx::subst {

/// Holds a vim pattern translated to PCRE2.
struct VimRegex {
    std::string pcre;                ///< the PCRE2 pattern (UTF, multiline, no dotall)
    std::optional<bool> ignore_case; ///< \c: true, \C: false, absent: neither appears
};

/// Translates a vim pattern to PCRE2, e.g. `\(\w\+\)_id\>` to `([0-9A-Za-z_]+)_id(?<=...)...`.
/// Covers vim's magic levels (\v \m \M \V), groups, alternation and `\&`, every multi (`*`
/// `\+` `\=` `\?` `\{n,m}` `\{-n,m}` `\@=` `\@!` `\@<=` `\@<!` `\@>`), `\zs` `\ze`, `\<` `\>`,
/// the character classes and their `\_` forms, collections (with `\n`, `[:class:]` and
/// escapes), `\%[...]`, `\%(...\)`, `\%d123` `\%x2a` `\%o40` `\%u20AC` `\%U...`, `\%^` `\%$`,
/// and `~` (vim's previous replacement: empty, as in a fresh vim). An atom without a PCRE2
/// equivalent (marks, cursor, line or column positions, `\z(`, `\Z`, equivalence classes)
/// fails with ErrorKind::invalid_argument naming it.
/// With `delimiter` '?', `\?` is a literal '?' (vim's rule for the ? delimiter).
Result<VimRegex> translate_vim_regex(std::string_view pattern, char delimiter = '/');

} // namespace tbx::subst
