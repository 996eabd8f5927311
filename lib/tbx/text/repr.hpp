#pragma once
// Python 3.11's repr() and ascii() of a str, escaping by Unicode 14 as CPython 3.11 does.

#include <string>
#include <string_view>

namespace tbx::text {

/// Names the conversion of a replacement field: none, !s, !r or !a.
enum class Conversion { none, str, repr, ascii };

/// Appends Python's repr(text) (Conversion::repr) or ascii(text) (Conversion::ascii) to `out`:
/// "it's" gives "\"it's\"", "é\n" gives "'é\\n'" or "'\\xe9\\n'". Invalid UTF-8 bytes appear
/// as the surrogate escapes Python shows ('\\udcff').
void append_repr(std::string& out, std::string_view text, Conversion conversion);

/// Returns repr(text), as Python's error messages quote values: 'abc'.
std::string python_repr(std::string_view text);

} // namespace tbx::text
