#pragma once
// Constraint parsers, one per flavor, each following its reference's grammar:
// poetry-core 1.4 `parse_constraint`, node-semver's `Range`, Rust's `semver::VersionReq`.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tbx/core/error.hpp>
#include <tbx/semver/range.hpp>
#include <tbx/semver/version.hpp>

namespace tbx::semver {

/// Chooses whether pre-release versions are admitted beyond the flavor's default rule.
enum class Prerelease { by_flavor_rule, include };

/// Names a comparison operator of npm and cargo comparators.
enum class Op : std::uint8_t {
    any,
    exact,
    less,
    less_eq,
    greater,
    greater_eq,
    tilde,
    caret,
    wildcard
};

/// Holds one node-semver comparator after desugaring (`>=1.2.3-0`, or any).
struct NpmComparator {
    Op op = Op::any;
    SemVersion version;
    std::string value; ///< node-semver's `Comparator.value`
};

/// Holds one npm comparator as `satisfies` walks it: 32 bytes, no pointers. The
/// pre-release, rarely needed, stays in the comparator the test stands for.
struct NpmTest {
    std::uint64_t major = 0;
    std::uint64_t minor = 0;
    std::uint64_t patch = 0;
    std::uint32_t next_set = 0; ///< index of the first test of the next comparator set
    Op op = Op::any;
    bool has_pre = false; ///< the comparator's version is a pre-release
};

/// Holds a constraint's npm comparators flattened in order, the first few inline: a
/// throughput loop over many constraints then reads each one's tests next to it in memory.
class NpmTests {
public:
    /// Appends a test.
    void push_back(const NpmTest& test) {
        if (m_size < k_inline) {
            m_inline[m_size] = test;
        } else {
            if (m_size == k_inline) {
                m_heap.assign(m_inline.begin(), m_inline.end());
            }
            m_heap.push_back(test);
        }
        ++m_size;
    }
    /// Returns the first test.
    [[nodiscard]] const NpmTest* begin() const {
        return m_size <= k_inline ? m_inline.data() : m_heap.data();
    }
    /// Returns one past the last test.
    [[nodiscard]] const NpmTest* end() const { return begin() + m_size; }
    /// Returns the number of tests.
    [[nodiscard]] std::size_t size() const { return m_size; }
    /// Returns test `i` for updating.
    NpmTest& operator[](std::size_t i) { return m_size <= k_inline ? m_inline[i] : m_heap[i]; }
    /// Returns test `i`.
    const NpmTest& operator[](std::size_t i) const { return begin()[i]; }

private:
    // Four tests cover most constraints: a caret or tilde desugars to two.
    static constexpr std::size_t k_inline = 4;
    std::array<NpmTest, k_inline> m_inline{};
    std::size_t m_size = 0;
    std::vector<NpmTest> m_heap;
};

/// Holds one cargo comparator: operator and a possibly partial version.
struct CargoComparator {
    Op op = Op::caret;
    std::uint64_t major = 0;
    std::optional<std::uint64_t> minor;
    std::optional<std::uint64_t> patch;
    std::string pre; ///< pre-release identifiers, e.g. "rc.1"
};

/// Holds a parsed constraint of one flavor.
struct Constraint {
    Flavor flavor = Flavor::poetry;
    Prerelease prerelease = Prerelease::by_flavor_rule;
    std::string text;
    PoetryUnion poetry;                          ///< poetry
    bool poetry_allows_unstable = false;         ///< poetry's resolver rule, precomputed
    std::vector<std::vector<NpmComparator>> npm; ///< npm: OR of ANDs
    NpmTests npm_tests;                          ///< npm: `npm` flattened, in order
    std::vector<CargoComparator> cargo;          ///< cargo: AND
    SemIntervalSet intervals;                    ///< npm and cargo: the versions allowed
    /// npm and cargo: where the flavor's rule admits pre-releases (within `intervals`, the
    /// pre-releases of a major.minor.patch that a comparator of the same set names).
    SemIntervalSet pre_windows;
};

/// Locates a parse error: 0-based byte column in the constraint and what was expected there.
struct Diagnosis {
    std::size_t column = 0;
    std::string expected;
};

/// Parses a constraint. Examples: poetry "^1.2 || ~=2.0.1", npm ">=1.2.3 <2 || 3.x",
/// cargo ">=1.2, <1.5". Errors name the column and what was expected there.
Result<Constraint> parse_constraint(std::string_view text, Flavor flavor,
                                    Prerelease prerelease = Prerelease::by_flavor_rule);

/// Explains why `text` does not parse (best effort), for messages and JSON.
Diagnosis diagnose_constraint(std::string_view text, Flavor flavor);

/// Returns true when `version` satisfies `constraint`, pre-release rule included.
bool satisfies(const Constraint& constraint, const Version& version);
/// Checks a SemVer version against an npm or cargo constraint (no Version wrapper: hot path).
bool satisfies(const Constraint& constraint, const SemVersion& version);
/// Checks a PEP 440 version against a poetry constraint (no Version wrapper: hot path).
bool satisfies(const Constraint& constraint, const Pep440Version& version);

/// Formats the normalized range: poetry-core's `str()`, node-semver's `Range.range`, and for
/// cargo the interval list (">=1.2.3, <2.0.0", OR-ed with " || ").
std::string normalized_range(const Constraint& constraint);

/// Holds one interval in printable form; an empty bound string is unbounded.
struct IntervalText {
    std::string min;
    bool include_min = false;
    std::string max;
    bool include_max = false;
};

/// Returns the constraint's intervals, ascending.
std::vector<IntervalText> interval_texts(const Constraint& constraint);

/// Intersects two constraints of one flavor (poetry: poetry-core's `intersect`). The result
/// keeps `a`'s flavor; `is_empty_constraint` tells whether nothing can satisfy it.
Constraint intersect_constraints(const Constraint& a, const Constraint& b);

/// Returns true when no version satisfies the constraint. npm and cargo count pre-releases
/// only where the flavor's rule admits them, unless parsed with Prerelease::include.
bool is_empty_constraint(const Constraint& constraint);

} // namespace tbx::semver
