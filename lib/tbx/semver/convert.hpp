#pragma once
// Converting a constraint between syntaxes: the same set of versions written for Poetry, npm,
// cargo or a PEP 440 specifier set, or an error naming the part the target cannot express.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::semver {

/// Names a constraint syntax: the three flavors and PEP 440 specifier sets (pip, packaging).
enum class Syntax { poetry, npm, cargo, pep440 };

/// Parses "poetry", "npm", "cargo" or "pep440"; nullopt for anything else.
std::optional<Syntax> syntax_from_name(std::string_view name);

/// Holds a converted constraint and what the reader should know about it.
struct Conversion {
    std::string text;
    /// Places where the two references differ on versions the text does not name
    /// (poetry-core's `<=1.0` also admits 1.0.post1; PEP 440's does not).
    std::vector<std::string> notes;
};

/// Converts `text` from one syntax to another, keeping the set of versions: Poetry `~1.2`
/// -> PEP 440 `>=1.2,<1.3`, npm `^1.2` -> cargo `>=1.2.0, <2.0.0`. Fails with a message that
/// names what cannot be expressed: an OR for cargo or PEP 440, a PEP 440 pre, post, dev,
/// local or epoch part for npm and cargo, a SemVer pre-release window for PEP 440.
Result<Conversion> convert_constraint(std::string_view text, Syntax from, Syntax to);

} // namespace tbx::semver
