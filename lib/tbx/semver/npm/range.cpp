// npm constraints: node-semver 7's Range (parseRange and Range.test), over the comparators
// that the recognizers (syntax.hpp) and the desugarer (desugar.hpp) produce.

#include <algorithm>
#include <stdexcept>

#include <tbx/core/strings.hpp>
#include <tbx/semver/flavors.hpp>
#include <tbx/semver/npm/desugar.hpp>

namespace tbx::semver::detail {
namespace {

bool npm_is_null_set(const NpmComparator& c) {
    return c.value == "<0.0.0-0";
}

// The end of parseRange: a null set ("<0.0.0-0") replaces the whole set, a repeated
// comparator counts once, and "any" goes when anything else is left.
std::vector<NpmComparator> npm_dedupe(std::vector<NpmComparator> comps) {
    auto null_set = std::find_if(comps.begin(), comps.end(), npm_is_null_set);
    if (null_set != comps.end()) {
        std::vector<NpmComparator> only;
        only.push_back(std::move(*null_set));
        return only;
    }
    // In place: keep the first of each value, in order.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < comps.size(); ++i) {
        bool seen = false;
        for (std::size_t k = 0; k < kept && !seen; ++k) {
            seen = comps[k].value == comps[i].value;
        }
        if (!seen) {
            if (kept != i) {
                comps[kept] = std::move(comps[i]);
            }
            ++kept;
        }
    }
    comps.resize(kept);
    if (comps.size() > 1) {
        comps.erase(std::remove_if(comps.begin(), comps.end(),
                                   [](const NpmComparator& c) { return c.value.empty(); }),
                    comps.end());
    }
    return comps;
}

// Returns the comparator set, or nullopt when a comparator is invalid (node-semver throws).
std::optional<std::vector<NpmComparator>> npm_parse_range(std::string_view part, bool include_pre) {
    NpmDesugarer fast(include_pre);
    if (recognize_npm_fast(part, fast)) {
        auto comps = fast.take();
        return comps ? std::optional(npm_dedupe(std::move(*comps))) : std::nullopt;
    }
    NpmDesugarer full(include_pre);
    if (!recognize_npm_regex(part, full)) {
        return std::nullopt;
    }
    auto comps = full.take();
    return comps ? std::optional(npm_dedupe(std::move(*comps))) : std::nullopt;
}

NpmTests npm_flatten(const std::vector<std::vector<NpmComparator>>& sets) {
    NpmTests tests;
    for (const auto& set : sets) {
        std::size_t first = tests.size();
        for (const NpmComparator& comp : set) {
            NpmTest t;
            t.major = comp.version.major;
            t.minor = comp.version.minor;
            t.patch = comp.version.patch;
            t.op = comp.op;
            t.has_pre = !comp.version.pre.empty();
            tests.push_back(t);
        }
        for (std::size_t i = first; i < tests.size(); ++i) {
            tests[i].next_set = static_cast<std::uint32_t>(tests.size());
        }
    }
    return tests;
}

// Intersects `acc` with one comparator's interval in place (copying a version only when
// it becomes a bound).
void npm_narrow(SemInterval& acc, const NpmComparator& c) {
    bool lower = c.op == Op::exact || c.op == Op::greater || c.op == Op::greater_eq;
    bool upper = c.op == Op::exact || c.op == Op::less || c.op == Op::less_eq;
    if (lower) {
        bool inclusive = c.op != Op::greater;
        int r = acc.min ? compare_semver(c.version, *acc.min) : 1;
        if (r > 0) {
            acc.min = c.version;
            acc.include_min = inclusive;
        } else if (r == 0) {
            acc.include_min = acc.include_min && inclusive;
        }
    }
    if (upper) {
        bool inclusive = c.op != Op::less;
        int r = acc.max ? compare_semver(c.version, *acc.max) : -1;
        if (r < 0) {
            acc.max = c.version;
            acc.include_max = inclusive;
        } else if (r == 0) {
            acc.include_max = acc.include_max && inclusive;
        }
    }
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Range's `raw`: trimmed, whitespace runs collapsed to one space.
std::string collapse_whitespace(std::string_view text) {
    std::string raw;
    raw.reserve(text.size());
    for (char ch : core::trim(text)) {
        if (!is_space(ch)) {
            raw += ch;
        } else if (raw.back() != ' ') {
            raw += ' ';
        }
    }
    return raw;
}

// Reads the "||" parts into `c.npm`; false when one is invalid.
bool read_sets(std::string_view raw, bool include_pre, Constraint& c) {
    std::string_view rest = raw;
    while (true) {
        std::size_t bar = rest.find("||");
        auto set = npm_parse_range(core::trim(rest.substr(0, bar)), include_pre);
        if (!set) {
            return false;
        }
        if (!set->empty()) {
            c.npm.push_back(std::move(*set));
        }
        if (bar == std::string_view::npos) {
            return !c.npm.empty();
        }
        rest.remove_prefix(bar + 2);
    }
}

// The end of Range's constructor: null sets go unless all are null, and a set allowing any
// version replaces the others.
void drop_redundant_sets(Constraint& c) {
    auto null_set = [](const auto& s) { return npm_is_null_set(s.front()); };
    if (c.npm.size() > 1 && std::any_of(c.npm.begin(), c.npm.end(), null_set)) {
        if (std::all_of(c.npm.begin(), c.npm.end(), null_set)) {
            c.npm.resize(1);
        } else {
            c.npm.erase(std::remove_if(c.npm.begin(), c.npm.end(), null_set), c.npm.end());
        }
    }
    if (c.npm.size() > 1) {
        for (auto& s : c.npm) {
            if (s.size() == 1 && s.front().op == Op::any) {
                auto keep = std::move(s);
                c.npm = {std::move(keep)};
                break;
            }
        }
    }
}

// The version set: one interval per comparator set, and the pre-release windows (the
// pre-releases of a major.minor.patch that a comparator with a pre-release names).
void fill_intervals(Constraint& c) {
    std::vector<SemInterval> intervals(c.npm.size());
    std::vector<SemInterval> windows;
    for (std::size_t i = 0; i < c.npm.size(); ++i) {
        for (const auto& comp : c.npm[i]) {
            npm_narrow(intervals[i], comp);
        }
        for (const auto& comp : c.npm[i]) {
            if (comp.op != Op::any && !comp.version.pre.empty()) {
                windows.push_back(intersect(intervals[i], prereleases_of(comp.version)));
            }
        }
    }
    c.intervals = normalize(std::move(intervals));
    c.pre_windows = normalize(std::move(windows));
}

const std::string& npm_test_pre(const Constraint& c, std::size_t k) {
    for (const auto& set : c.npm) {
        if (k < set.size()) {
            return set[k].version.pre;
        }
        k -= set.size();
    }
    throw std::logic_error("npm test index out of range");
}

// Compares `v` with test `k`'s version: major.minor.patch from the test itself, the
// pre-release from its comparator.
int npm_compare(const Constraint& c, std::size_t k, const SemVersion& v) {
    const NpmTest& t = c.npm_tests[k];
    if (v.major != t.major) {
        return v.major < t.major ? -1 : 1;
    }
    if (v.minor != t.minor) {
        return v.minor < t.minor ? -1 : 1;
    }
    if (v.patch != t.patch) {
        return v.patch < t.patch ? -1 : 1;
    }
    if (v.pre.empty() && !t.has_pre) {
        return 0;
    }
    return compare_prerelease(v.pre, npm_test_pre(c, k), Flavor::npm);
}

bool npm_passes(const Constraint& c, std::size_t k, const SemVersion& v) {
    Op op = c.npm_tests[k].op;
    if (op == Op::any) {
        return true;
    }
    int r = npm_compare(c, k, v);
    switch (op) {
    case Op::exact:
        return r == 0;
    case Op::less:
        return r < 0;
    case Op::less_eq:
        return r <= 0;
    case Op::greater:
        return r > 0;
    case Op::greater_eq:
        return r >= 0;
    default:
        return true;
    }
}
} // namespace

Result<Constraint> parse_npm(std::string_view text, Prerelease prerelease) {
    Constraint c;
    c.flavor = Flavor::npm;
    c.prerelease = prerelease;
    c.text = std::string(text);
    if (!read_sets(collapse_whitespace(text), prerelease == Prerelease::include, c)) {
        return constraint_error(text, Flavor::npm);
    }
    drop_redundant_sets(c);
    c.npm_tests = npm_flatten(c.npm);
    fill_intervals(c);
    return c;
}

bool npm_satisfies(const Constraint& c, const SemVersion& v) {
    const NpmTests& tests = c.npm_tests;
    std::size_t i = 0;
    while (i < tests.size()) {
        std::size_t first = i;
        std::size_t end = tests[i].next_set;
        while (i < end && npm_passes(c, i, v)) {
            ++i;
        }
        if (i < end) {
            i = end;
            continue;
        }
        if (v.pre.empty() || c.prerelease == Prerelease::include) {
            return true;
        }
        for (std::size_t k = first; k < end; ++k) {
            const NpmTest& t = tests[k];
            if (t.op != Op::any && t.has_pre && t.major == v.major && t.minor == v.minor &&
                t.patch == v.patch) {
                return true;
            }
        }
    }
    return false;
}

} // namespace tbx::semver::detail
