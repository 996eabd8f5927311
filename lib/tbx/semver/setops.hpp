#pragma once
// Questions about whole constraints: is one a subset of another (node-semver's `subset`), the
// shortest range that picks the same versions from a list (its `simplifyRange`), and how a
// constraint stands against the versions that exist (`npm outdated`'s current and latest).

#include <optional>
#include <string>
#include <vector>

#include <tbx/core/error.hpp>
#include <tbx/semver/constraint.hpp>

namespace tbx::semver {

/// Returns true when every version `a` admits, `b` admits too (same flavor). npm and cargo
/// follow their pre-release rule (or precedence alone with Prerelease::include); poetry
/// compares poetry-core's `allows()` sets, as its `allows_all` does.
bool is_subset(const Constraint& a, const Constraint& b);

/// Returns node-semver's `simplifyRange(versions, range)` in the constraint's flavor: the
/// runs of consecutive satisfying versions of the sorted list, as "v", ">=v", "<=v", "*" or a
/// two-sided range, OR-ed; the original text when that is not shorter. Invalid versions are
/// ignored. cargo has no OR: several runs there are an error. When no version satisfies,
/// npm and cargo print the empty range "<0.0.0-0" (node-semver prints "", which means "*").
Result<std::string> simplify_range(const Constraint& constraint,
                                   const std::vector<std::string>& versions);

/// Holds where a constraint stands among the existing versions (indices into the list), as
/// `npm outdated` reports a dependency: wanted is what the constraint picks today.
struct Outdated {
    std::optional<std::size_t> wanted; ///< highest satisfying candidate (npm's "wanted")
    std::optional<std::size_t> latest; ///< highest candidate (releases preferred)
    bool latest_allowed = false;       ///< latest satisfies the constraint
};

/// Finds wanted and latest among `candidates` (invalid ones ignored). latest is the highest
/// release, or the highest pre-release when there is no release.
Outdated outdated(const Constraint& constraint, const std::vector<std::string>& candidates);

} // namespace tbx::semver
