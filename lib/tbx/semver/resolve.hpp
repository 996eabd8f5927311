#pragma once
// Resolution over candidate lists: each constraint is parsed once, each candidate once.

#include <cstddef>
#include <string>
#include <vector>

#include <tbx/semver/constraint.hpp>

namespace tbx::semver {

/// Holds what `resolve` found among the candidates (indices into the input list).
struct Resolution {
    std::vector<std::size_t> matches; ///< satisfying candidates, ascending precedence
    std::vector<std::size_t> invalid; ///< candidates that are not versions of the flavor
};

/// Finds the candidates satisfying `constraint`. Poetry: when the constraint is `*` and only
/// pre-releases satisfy it, those are returned (as Poetry's repository lookup does).
Resolution resolve(const Constraint& constraint, const std::vector<std::string>& candidates);

/// Sorts versions ascending by precedence (stable; npm breaks ties by build as `semver.sort`,
/// cargo as `Version`'s Ord). Returns indices, or the error of the first invalid version.
Result<std::vector<std::size_t>> sort_versions(const std::vector<std::string>& versions,
                                               Flavor flavor);

} // namespace tbx::semver
