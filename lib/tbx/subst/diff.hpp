#pragma once
// A unified diff built from known edits (no diff algorithm needed: the substitution knows
// exactly which bytes it replaced).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tbx::subst {

/// Records one replacement in both texts: old_text[old_begin, old_end) became
/// new_text[new_begin, new_end).
struct Edit {
    std::size_t old_begin = 0;
    std::size_t old_end = 0;
    std::size_t new_begin = 0;
    std::size_t new_end = 0;
};

/// Returns a unified diff ("--- a/PATH", "+++ b/PATH", hunks with `context` lines) of the
/// edits, which must be in order and not overlap; empty when there are none. A last line
/// without newline gets "\ No newline at end of file", as diff(1) prints it.
std::string unified_diff(std::string_view path, std::string_view old_text,
                         std::string_view new_text, const std::vector<Edit>& edits,
                         std::size_t context = 3);

} // namespace tbx::subst
