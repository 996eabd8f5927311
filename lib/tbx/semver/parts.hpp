#pragma once
// The parts of one version: reading a part (semver-tool's get), naming the largest part two
// versions differ in (diff), coercing text into a version and loose npm parsing (node-semver's
// coerce and loose mode).

#include <optional>
#include <string>
#include <string_view>

#include <tbx/core/error.hpp>
#include <tbx/semver/version.hpp>

namespace tbx::semver {

/// Returns one part of a version, "" when absent. SemVer: major, minor, patch, prerel, build,
/// release (M.m.p). PEP 440 also: epoch, post, dev, local; prerel is the pre part ("rc1").
Result<std::string> version_part(const Version& version, std::string_view part);

/// Names the most significant part in which two versions differ: node-semver's `diff` for npm
/// and cargo (major, premajor, minor, preminor, patch, prepatch, prerelease), then "build"
/// when only build metadata differs; PEP 440: epoch, major, minor, patch, release (a fourth
/// or later part), prerelease, post, dev, local. "" when the versions are identical.
std::string version_diff(const Version& a, const Version& b);

/// Finds a version in free text as node-semver's `coerce` does ("v2.3-beta" -> "2.3.0"): the
/// first (or with `rtl` the last) run of up to three numbers; with `include_prerelease` also
/// the pre-release that follows. Returns nullopt when there is none.
std::optional<std::string> coerce_version(std::string_view text, bool rtl, bool include_prerelease);

/// Rewrites a version that node-semver accepts only in loose mode ("=1.2.3", "01.2.3beta")
/// into the strict text it stands for ("1.2.3", "1.2.3-beta"); nullopt when even loose mode
/// rejects it.
std::optional<std::string> loose_semver(std::string_view text);

} // namespace tbx::semver
