#pragma once
// Internal to the semver module: what node-semver's range grammar reads in one comparator set,
// before desugaring. Two recognizers read the same text into the same struct: a hand-written
// one for the common forms (fast; it declines everything else) and one built on node-semver's
// own regular expressions (every form, node's quirks included). One desugarer (desugar.hpp)
// turns either's output into comparators, so caret, tilde, x-range and hyphen rules exist once.

#include <cstdint>
#include <string_view>

#include <tbx/semver/constraint.hpp>

namespace tbx::semver::detail {

/// node-semver's Number.MAX_SAFE_INTEGER: larger version numbers make a comparator invalid.
inline constexpr std::uint64_t k_npm_max_safe = 9007199254740991ULL;
/// node-semver's MAX_LENGTH: a longer version text makes a comparator invalid.
inline constexpr std::size_t k_npm_max_length = 256;

/// One part of a partial version: a number, or a wildcard (also for a missing part). Numbers
/// above k_npm_max_safe are kept as k_npm_max_safe + 1 (invalid wherever they end up).
struct NpmPart {
    std::uint64_t value = 0;
    bool x = true;

    friend bool operator==(const NpmPart&, const NpmPart&) = default;
};

/// One comparator as written: operator, up to three parts, pre-release.
struct NpmPartial {
    Op op = Op::any;         ///< any (no operator), exact, less..greater_eq, tilde or caret
    NpmPart parts[3];        ///< major, minor, patch
    std::string_view pre;    ///< pre-release identifiers; empty when absent
    bool v_prefix = false;   ///< written "v1.2.3": node keeps that text where it keeps a version
    bool odd_prefix = false; ///< "=" or a space before the version: invalid where node keeps it

    friend bool operator==(const NpmPartial&, const NpmPartial&) = default;
};

/// Receives what a recognizer reads in one comparator set, in order.
class NpmSyntaxSink {
public:
    virtual ~NpmSyntaxSink() = default;
    /// Receives one comparator (an operator with a partial version).
    virtual void comparator(const NpmPartial& partial) = 0;
    /// Receives a hyphen range "FROM - TO" (always the whole set).
    virtual void hyphen(const NpmPartial& from, const NpmPartial& to) = 0;
};

/// Reads one "||" part (trimmed, whitespace runs collapsed to one space) in its common forms:
/// operators, a space after one, "v", up to three parts (numbers of at most 15 digits without
/// leading zero, or x/X/*), a pre-release on a full version, a hyphen range of two such
/// versions. Returns false, having perhaps sent some of it, to decline anything else.
bool recognize_npm_fast(std::string_view part, NpmSyntaxSink& sink);

/// Reads one "||" part as node-semver's Range does, through its regular expressions. Returns
/// false, having perhaps sent some of it, where node-semver would throw (an invalid range).
bool recognize_npm_regex(std::string_view part, NpmSyntaxSink& sink);

} // namespace tbx::semver::detail
