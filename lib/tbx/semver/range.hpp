#pragma once
// Interval algebra. SemVer flavors use plain intervals in precedence order; poetry keeps
// poetry-core's own range model (an exclusive stable upper bound also excludes that
// release's pre-releases; `<=1.0` admits 1.0+local and 1.0.post1), so that intersections
// and unions print exactly as poetry-core prints them.

#include <optional>
#include <string>
#include <vector>

#include <tbx/semver/version.hpp>

namespace tbx::semver {

/// Holds one interval of SemVer versions; a missing bound is unbounded.
struct SemInterval {
    std::optional<SemVersion> min;
    std::optional<SemVersion> max;
    bool include_min = true;
    bool include_max = false;

    /// Returns true when `v` lies inside the interval (precedence order, no pre-release rule).
    [[nodiscard]] bool contains(const SemVersion& v) const;
    /// Returns true when no version lies inside (exactly: `>1.2.3 <1.2.4-0` is empty).
    [[nodiscard]] bool is_empty() const;
    /// Returns true when a release (a version without pre-release) lies inside.
    [[nodiscard]] bool has_release() const;
};

/// Holds a union of disjoint intervals, sorted ascending.
using SemIntervalSet = std::vector<SemInterval>;

/// Returns the intersection of two intervals (possibly empty).
SemInterval intersect(const SemInterval& a, const SemInterval& b);
/// Returns the normalized union (sorted, merged, empties dropped) of `intervals`.
SemIntervalSet normalize(std::vector<SemInterval> intervals);
/// Returns the intersection of two normalized unions.
SemIntervalSet intersect(const SemIntervalSet& a, const SemIntervalSet& b);
/// Returns the interval of all pre-releases of `v`'s major.minor.patch: [M.m.p-0, M.m.p).
SemInterval prereleases_of(const SemVersion& v);

/// Holds one poetry-core range constraint, or a single version when `is_version`.
struct PoetryRange {
    std::optional<Pep440Version> min;
    std::optional<Pep440Version> max;
    std::optional<Pep440Version> full_max; ///< max, or its first pre-release (see file note)
    bool include_min = false;
    bool include_max = false;
    bool is_version = false;

    /// Returns true when poetry-core's `allows()` accepts `v`.
    [[nodiscard]] bool allows(const Pep440Version& v) const;
    /// Returns true for the unbounded range `*`.
    [[nodiscard]] bool is_any() const { return !is_version && !min && !max; }
};

/// Holds a poetry-core constraint: empty = EmptyConstraint, one range, or a VersionUnion.
using PoetryUnion = std::vector<PoetryRange>;

/// Builds a range as poetry-core's VersionRange constructor does (computing full_max).
PoetryRange make_poetry_range(std::optional<Pep440Version> min, std::optional<Pep440Version> max,
                              bool include_min, bool include_max);
/// Builds the constraint that is exactly one version.
PoetryRange make_poetry_version(Pep440Version v);
/// Returns poetry-core's `VersionUnion.of(...)` of the given ranges.
PoetryUnion poetry_union_of(std::vector<PoetryRange> ranges);
/// Returns poetry-core's `a.intersect(b)`.
PoetryUnion poetry_intersect(const PoetryUnion& a, const PoetryUnion& b);
/// Returns poetry-core's `VersionRange().difference(r)` for a range `r`.
PoetryUnion poetry_any_minus(const PoetryRange& r);
/// Returns true when any range allows `v`.
bool poetry_allows(const PoetryUnion& u, const Pep440Version& v);
/// Formats as poetry-core's `str()`: ">=1.2.3,<2.0.0", "!=1.5", "!=2.0.*", "<empty>".
std::string poetry_to_string(const PoetryUnion& u);

} // namespace tbx::semver
