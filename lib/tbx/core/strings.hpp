#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tbx::core {

/// Returns true when `text` is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// Returns `text` with each invalid UTF-8 byte replaced by U+FFFD.
std::string to_utf8_lossy(std::string_view text);

/// Encodes bytes as standard base64 with padding (RFC 4648).
std::string base64_encode(std::string_view bytes);

/// Returns the Levenshtein edit distance between two strings (bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Returns the candidate nearest to `word` within a distance that makes a typo plausible
/// (at most a third of the word's length, minimum 1), or an empty string.
std::string nearest_name(std::string_view word, const std::vector<std::string>& candidates);

/// Splits `text` on `separator`; "a,,b" gives {"a", "", "b"}.
std::vector<std::string_view> split(std::string_view text, char separator);

/// Returns `text` without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view text);

} // namespace tbx::core
