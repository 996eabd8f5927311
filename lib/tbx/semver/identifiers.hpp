#pragma once
// Internal to the semver module: dot-separated identifier lists (pre-release and build parts)
// as node-semver handles them, shared by bump.cpp and parts.cpp.

#include <string>
#include <string_view>
#include <vector>

#include <tbx/semver/version.hpp>

namespace tbx::semver::detail {

/// Returns true for a non-empty run of ASCII digits.
bool all_digits(std::string_view s);

/// Returns true when node-semver keeps a numeric identifier as a Number (npm: below 2^53-1).
bool js_number(std::string_view id, Flavor flavor);

/// Splits "a.b.c" into its identifiers ("" gives one empty identifier).
std::vector<std::string> split_dots(std::string_view s);

/// Joins identifiers with dots.
std::string join_dots(const std::vector<std::string>& ids);

} // namespace tbx::semver::detail
