#pragma once
// Internal to the semver module: the per-flavor constraint parsers and matchers that
// constraint.cpp dispatches to (npm/range.cpp, cargo.cpp, poetry.cpp).

#include <optional>
#include <string_view>

#include <tbx/semver/constraint.hpp>

namespace tbx::semver::detail {

/// Builds the "invalid FLAVOR constraint: expected ... at column N" error for `text`.
tl::unexpected<Error> constraint_error(std::string_view text, Flavor flavor);

/// Parses a node-semver 7 Range.
Result<Constraint> parse_npm(std::string_view text, Prerelease prerelease);
/// Checks `v` against an npm constraint (node-semver's Range.test).
bool npm_satisfies(const Constraint& c, const SemVersion& v);

/// Parses a cargo VersionReq (semver crate 1.0); on failure fills `diagnosis`.
std::optional<Constraint> parse_cargo(std::string_view text, Prerelease prerelease,
                                      Diagnosis& diagnosis);
/// Checks `v` against a cargo constraint (the crate's VersionReq::matches).
bool cargo_satisfies(const Constraint& c, const SemVersion& v);

/// Parses a poetry constraint (poetry-core 1.4 parse_constraint).
Result<Constraint> parse_poetry(std::string_view text, Prerelease prerelease);

} // namespace tbx::semver::detail
