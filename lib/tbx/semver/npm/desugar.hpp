#pragma once
// Internal to the semver module: node-semver's desugaring (replaceCaret, replaceTilde,
// replaceXRange, replaceStars, hyphenReplace, replaceGTE0), computed on numbers.

#include <optional>
#include <string_view>
#include <vector>

#include <tbx/semver/constraint.hpp>
#include <tbx/semver/npm/syntax.hpp>

namespace tbx::semver::detail {

/// Turns recognized comparators into the comparators node-semver's parseRange ends with
/// (before removing repeats), as text node would print and as versions.
class NpmDesugarer final : public NpmSyntaxSink {
public:
    /// `include_pre`: node's includePrerelease option ("-0" on lower bounds).
    explicit NpmDesugarer(bool include_pre) : m_include_pre(include_pre) {}

    void comparator(const NpmPartial& partial) override;
    void hyphen(const NpmPartial& from, const NpmPartial& to) override;

    /// Returns the comparators in order, or nullopt when one is invalid (a number above
    /// node's safe integers, or a kept version text node cannot read).
    std::optional<std::vector<NpmComparator>> take();

private:
    void caret(const NpmPartial& v);
    void tilde(const NpmPartial& v);
    void xrange(const NpmPartial& v);
    void hyphen_low(const NpmPartial& from);
    void hyphen_high(const NpmPartial& to);
    // A version node keeps as written ("OP" + the text): a "v" in it survives replaceGTE0
    // (`written_v` of add).
    void add_kept(Op op, const NpmPartial& v, std::string_view pre);
    void add_any();
    void add(Op op, std::uint64_t major, std::uint64_t minor, std::uint64_t patch,
             std::string_view pre, bool written_v = false);
    void add_major(std::uint64_t major);
    void add_minor(std::uint64_t major, std::uint64_t minor);
    [[nodiscard]] std::string_view zero() const { return m_include_pre ? "0" : ""; }

    bool m_include_pre;
    bool m_invalid = false;
    std::vector<NpmComparator> m_comps;
};

} // namespace tbx::semver::detail
