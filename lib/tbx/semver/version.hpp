#pragma once
// Versions of the two families tbx semver understands: SemVer 2.0 (npm, cargo) and PEP 440 as
// poetry-core 1.4 parses and orders it. Each flavor keeps its reference's grammar and quirks.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::semver {

/// Names the ecosystem whose rules a version or constraint follows.
enum class Flavor { poetry, npm, cargo };

/// Parses "poetry", "npm" or "cargo"; returns nullopt for anything else.
std::optional<Flavor> flavor_from_name(std::string_view name);
/// Returns the lower-case name of `flavor`.
std::string_view flavor_name(Flavor flavor);

/// Holds a SemVer 2.0 version: MAJOR.MINOR.PATCH[-PRE][+BUILD].
///
/// Pre-release and build identifiers are kept as written, dot-joined, in one string each:
/// every check parses a version, and a short string needs no allocation where a list would.
struct SemVersion {
    std::uint64_t major = 0;
    std::uint64_t minor = 0;
    std::uint64_t patch = 0;
    std::string pre;   ///< pre-release identifiers, e.g. "rc.1"; empty for a release
    std::string build; ///< build identifiers, e.g. "build.5"; empty when absent
    /// Decides how numeric identifiers compare: npm as JavaScript numbers (doubles), cargo
    /// exactly by value.
    Flavor flavor = Flavor::cargo;

    /// Returns true when the version has pre-release identifiers.
    [[nodiscard]] bool is_prerelease() const { return !pre.empty(); }
    /// Formats as node-semver's `version` property does (no build, no "v").
    [[nodiscard]] std::string to_string() const;
};

/// Holds one PEP 440 release tag such as `a1`, `post2` or `dev0` (phase as poetry-core keeps it).
struct ReleaseTag {
    std::string phase;
    std::uint64_t number = 0;
};

/// Holds a PEP 440 version with the parts poetry-core tracks, including the text as written.
struct Pep440Version {
    std::uint64_t epoch = 0;
    std::vector<std::uint64_t> release; ///< at least one part
    std::optional<ReleaseTag> pre;
    std::optional<ReleaseTag> post;
    std::optional<ReleaseTag> dev;
    std::optional<std::vector<std::string>> local; ///< lower-cased segments
    std::string text;                              ///< the input text, or the normalized form

    /// Returns true for pre-releases and dev releases (poetry's "unstable").
    [[nodiscard]] bool is_unstable() const { return pre.has_value() || dev.has_value(); }
    /// Formats in PEP 440 normal form, lower case (poetry-core's `to_string`).
    [[nodiscard]] std::string to_string() const;
};

/// Holds a version of either family together with the text it was parsed from.
struct Version {
    Flavor flavor = Flavor::poetry;
    std::variant<SemVersion, Pep440Version> value;
    std::string text;

    /// Returns the SemVer value; only valid for npm and cargo.
    [[nodiscard]] const SemVersion& sem() const { return std::get<SemVersion>(value); }
    /// Returns the PEP 440 value; only valid for poetry.
    [[nodiscard]] const Pep440Version& pep() const { return std::get<Pep440Version>(value); }
    /// Returns true for versions the flavor hides by default (pre-releases; poetry: also dev).
    [[nodiscard]] bool is_prerelease() const;
};

/// Parses a SemVer version with npm's strict grammar (optional leading "v", surrounding
/// whitespace) or cargo's (no "v", no whitespace). Example: "1.2.3-rc.1+build.5".
Result<SemVersion> parse_semver(std::string_view text, Flavor flavor);

/// Parses as `parse_semver` into `out`, reusing its storage, without building an error
/// message: for loops that check many versions. Returns false when `text` is invalid.
bool parse_semver_into(std::string_view text, Flavor flavor, SemVersion& out);

/// Parses a PEP 440 version as poetry-core does. Example: "1!2022.1rc2.post1.dev3+ubuntu.1".
Result<Pep440Version> parse_pep440(std::string_view text);

/// Parses a version in the grammar of `flavor`.
Result<Version> parse_version(std::string_view text, Flavor flavor);

/// Compares SemVer precedence (build metadata ignored): negative, zero or positive.
int compare_semver(const SemVersion& a, const SemVersion& b);

/// Compares pre-release identifier lists ("rc.1" < "rc.2" < "") by SemVer precedence; the
/// empty list (a release) sorts last.
int compare_prerelease(std::string_view a, std::string_view b, Flavor flavor);

/// Compares two SemVer build metadata lists as cargo orders them (npm: as node-semver's
/// compareBuild does).
int compare_build(const SemVersion& a, const SemVersion& b, Flavor flavor);

/// Compares PEP 440 versions with poetry-core's sort key.
int compare_pep440(const Pep440Version& a, const Pep440Version& b);

/// Compares two versions of the same flavor by precedence.
int compare_versions(const Version& a, const Version& b);

/// Names which part `bump_version` (bump.hpp) increments: node-semver's increments, and
/// PEP 440's post and dev parts. `pre` is `prerelease` (its older name here).
enum class BumpPart {
    major,
    minor,
    patch,
    pre,
    premajor,
    preminor,
    prepatch,
    prerelease,
    release,
    post,
    dev
};

/// Returns poetry-core's `next_major()`/`next_minor()`/`next_patch()` of `v` (BumpPart::pre:
/// `first_prerelease()`); the result drops pre/post/dev/local and keeps the release precision.
Pep440Version pep440_next(const Pep440Version& v, BumpPart part);
/// Returns poetry-core's `Version.stable`: the release without pre/dev parts.
Pep440Version pep440_stable(const Pep440Version& v);
/// Returns poetry-core's `Version.next_breaking()`, the caret operator's upper bound.
Pep440Version pep440_next_breaking(const Pep440Version& v);
/// Compares only the release parts as poetry-core's Release does (padded to three parts).
int compare_release(const Pep440Version& a, const Pep440Version& b);

} // namespace tbx::semver
