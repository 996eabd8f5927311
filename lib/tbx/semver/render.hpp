#pragma once
// Printing a set of SemVer versions back in a flavor's own syntax. A constraint's versions are
// two sets: the releases its intervals hold, and the pre-releases its flavor rule admits (those
// of a major.minor.patch that a comparator names). A printed range must be valid input of its
// flavor and admit exactly those versions again, so bounds are chosen to open no other
// pre-release window.

#include <string>

#include <tbx/core/error.hpp>
#include <tbx/semver/constraint.hpp>
#include <tbx/semver/range.hpp>

namespace tbx::semver {

/// Holds exactly which SemVer versions a constraint admits.
struct SemVersionSet {
    /// Without `by_precedence`: the releases lie in `releases`, the pre-releases in
    /// `prereleases`. With it (--include-prerelease): every version in `releases` counts.
    SemIntervalSet releases;
    SemIntervalSet prereleases;
    bool by_precedence = false;
};

/// Returns the versions an npm or cargo constraint admits.
SemVersionSet version_set(const Constraint& constraint);

/// Prints `set` in the syntax of `flavor` (npm or cargo): npm joins comparators with spaces
/// and alternatives with " || "; cargo joins with ", " and has no alternatives, so a set that
/// needs two ranges is an error naming them. The empty set prints as "<0.0.0-0".
Result<std::string> render_version_set(const SemVersionSet& set, Flavor flavor);

} // namespace tbx::semver
