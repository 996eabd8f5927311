#pragma once
// Incrementing a version (node-semver's inc, `poetry version`).

#include <optional>
#include <string>
#include <string_view>

#include <tbx/core/error.hpp>
#include <tbx/semver/version.hpp>

namespace tbx::semver {

/// Holds node-semver's `--preid` and `-n` for the pre* increments. Poetry: `preid` is the
/// PEP 440 phase (a, b or rc; alpha, beta, c accepted) and `base` is unused.
struct BumpOptions {
    std::string preid;
    unsigned base = 0;    ///< the number a new pre-release identifier starts from: 0 or 1
    bool numbered = true; ///< false: node-semver's `-n false`, the identifier gets no number
};

/// Parses "major" ... "dev" (and "pre"); nullopt for anything else.
std::optional<BumpPart> bump_part_from_name(std::string_view name);

/// Returns the next version: node-semver's `inc` for npm and cargo (premajor, preminor,
/// prepatch, prerelease with --preid; release finishes a pre-release), `poetry version`'s rules
/// for poetry, plus PEP 440's post and dev parts. Example: bump premajor "1.2.3" --preid beta
/// -> "2.0.0-beta.0"; poetry: "2.0.0b0".
Result<std::string> bump_version(const Version& version, BumpPart part,
                                 const BumpOptions& options = {});

} // namespace tbx::semver
