#include <algorithm>

#include <tbx/semver/range.hpp>

namespace tbx::semver {

// --- SemVer intervals ----------------------------------------------------------------------

bool SemInterval::contains(const SemVersion& v) const {
    if (min) {
        int c = compare_semver(v, *min);
        if (c < 0 || (c == 0 && !include_min)) {
            return false;
        }
    }
    if (max) {
        int c = compare_semver(v, *max);
        if (c > 0 || (c == 0 && !include_max)) {
            return false;
        }
    }
    return true;
}

namespace {

// Returns true when `v` lies below the interval's upper bound.
bool below_max(const SemInterval& i, const SemVersion& v) {
    if (!i.max) {
        return true;
    }
    int c = compare_semver(v, *i.max);
    return c < 0 || (c == 0 && i.include_max);
}

} // namespace

bool SemInterval::is_empty() const {
    if (!min || !max) {
        return false;
    }
    if (include_min) {
        return !below_max(*this, *min);
    }
    // The version right after an excluded minimum: 1.2.3 -> 1.2.4-0, 1.2.3-rc -> 1.2.3-rc.0
    // (precedence has no version in between).
    SemVersion next = *min;
    if (next.pre.empty()) {
        next.patch += 1;
        next.pre = "0";
    } else {
        next.pre += ".0";
    }
    return !below_max(*this, next);
}

bool SemInterval::has_release() const {
    // The lowest release at or above the minimum: a pre-release's own release, or the next
    // patch after an excluded release.
    SemVersion lowest;
    if (min) {
        lowest.major = min->major;
        lowest.minor = min->minor;
        lowest.patch = min->patch + (min->pre.empty() && !include_min ? 1 : 0);
    }
    return below_max(*this, lowest);
}

SemInterval prereleases_of(const SemVersion& v) {
    SemInterval i;
    i.min = v;
    i.min->pre = "0";
    i.min->build.clear();
    i.max = v;
    i.max->pre.clear();
    i.max->build.clear();
    i.include_min = true;
    i.include_max = false;
    return i;
}

SemInterval intersect(const SemInterval& a, const SemInterval& b) {
    SemInterval out = a;
    if (b.min) {
        int c = out.min ? compare_semver(*b.min, *out.min) : 1;
        if (c > 0) {
            out.min = b.min;
            out.include_min = b.include_min;
        } else if (c == 0) {
            out.include_min = out.include_min && b.include_min;
        }
    }
    if (b.max) {
        int c = out.max ? compare_semver(*b.max, *out.max) : -1;
        if (c < 0) {
            out.max = b.max;
            out.include_max = b.include_max;
        } else if (c == 0) {
            out.include_max = out.include_max && b.include_max;
        }
    }
    return out;
}

namespace {

// Orders intervals by lower bound; an unbounded or inclusive lower bound comes first.
bool lower_before(const SemInterval& a, const SemInterval& b) {
    if (!a.min || !b.min) {
        return !a.min && b.min;
    }
    int c = compare_semver(*a.min, *b.min);
    if (c != 0) {
        return c < 0;
    }
    return a.include_min && !b.include_min;
}

// True when `b` starts inside or right at the end of `a` (so the two merge).
bool touches(const SemInterval& a, const SemInterval& b) {
    if (!a.max || !b.min) {
        return true;
    }
    int c = compare_semver(*b.min, *a.max);
    return c < 0 || (c == 0 && (a.include_max || b.include_min));
}

} // namespace

SemIntervalSet normalize(std::vector<SemInterval> intervals) {
    if (intervals.size() <= 1) {
        // The common case (one comparator set) needs no sorting or merging.
        if (!intervals.empty() && intervals.front().is_empty()) {
            intervals.clear();
        }
        return intervals;
    }
    intervals.erase(std::remove_if(intervals.begin(), intervals.end(),
                                   [](const SemInterval& i) { return i.is_empty(); }),
                    intervals.end());
    std::stable_sort(intervals.begin(), intervals.end(), lower_before);
    SemIntervalSet out;
    for (auto& i : intervals) {
        if (!out.empty() && touches(out.back(), i)) {
            SemInterval& last = out.back();
            if (!last.max) {
                continue;
            }
            if (!i.max) {
                last.max.reset();
                continue;
            }
            int c = compare_semver(*i.max, *last.max);
            if (c > 0) {
                last.max = i.max;
                last.include_max = i.include_max;
            } else if (c == 0) {
                last.include_max = last.include_max || i.include_max;
            }
            continue;
        }
        out.push_back(std::move(i));
    }
    return out;
}

SemIntervalSet intersect(const SemIntervalSet& a, const SemIntervalSet& b) {
    std::vector<SemInterval> out;
    for (const auto& x : a) {
        for (const auto& y : b) {
            SemInterval i = intersect(x, y);
            if (!i.is_empty()) {
                out.push_back(std::move(i));
            }
        }
    }
    return normalize(std::move(out));
}

// --- poetry-core ranges ----------------------------------------------------------------------
// A faithful re-implementation of poetry-core 1.4's VersionRange/Version/VersionUnion
// algorithms (constraints/version/*.py), so that results and printed forms agree.

namespace {

using OptVersion = std::optional<Pep440Version>;

int cmp(const Pep440Version& a, const Pep440Version& b) {
    return compare_pep440(a, b);
}

// Python's `a == b` for Optional[Version]: None equals only None.
bool opt_eq(const OptVersion& a, const OptVersion& b) {
    if (!a || !b) {
        return !a && !b;
    }
    return cmp(*a, *b) == 0;
}

Pep440Version without_local(const Pep440Version& v) {
    Pep440Version out = v;
    out.local.reset();
    return out;
}

Pep440Version first_prerelease(const Pep440Version& v) {
    return pep440_next(v, BumpPart::pre);
}

bool allows_lower(const PoetryRange& a, const PoetryRange& b) {
    if (!a.min) {
        return b.min.has_value();
    }
    if (!b.min) {
        return false;
    }
    int c = cmp(*a.min, *b.min);
    if (c != 0) {
        return c < 0;
    }
    return a.include_min && !b.include_min;
}

bool allows_higher(const PoetryRange& a, const PoetryRange& b) {
    if (!a.full_max) {
        return b.max.has_value();
    }
    if (!b.full_max) {
        return false;
    }
    int c = cmp(*a.full_max, *b.full_max);
    if (c != 0) {
        return c > 0;
    }
    return a.include_max && !b.include_max;
}

bool is_strictly_lower(const PoetryRange& a, const PoetryRange& b) {
    if (!a.full_max || !b.min) {
        return false;
    }
    int c = cmp(*a.full_max, *b.min);
    if (c != 0) {
        return c < 0;
    }
    return !a.include_max || !b.include_min;
}

bool allows_any(const PoetryRange& a, const PoetryRange& b) {
    if (a.is_version) {
        return b.is_version ? a.allows(*b.min) : b.allows(*a.min);
    }
    if (b.is_version) {
        return a.allows(*b.min);
    }
    return !is_strictly_lower(b, a) && !is_strictly_lower(a, b);
}

bool is_adjacent_to(const PoetryRange& a, const PoetryRange& b) {
    if (!opt_eq(a.max, b.min)) {
        return false;
    }
    return (a.include_max && !b.include_min) || (!a.include_max && b.include_min);
}

int compare_max(const PoetryRange& a, const PoetryRange& b) {
    if (!a.max) {
        return b.max ? 1 : 0;
    }
    if (!b.max) {
        return -1;
    }
    if (int c = cmp(*a.max, *b.max)) {
        return c;
    }
    if (a.include_max != b.include_max) {
        return a.include_max ? 1 : -1;
    }
    return 0;
}

int range_cmp(const PoetryRange& a, const PoetryRange& b) {
    if (!a.min) {
        return b.min ? -1 : compare_max(a, b);
    }
    if (!b.min) {
        return 1;
    }
    if (int c = cmp(*a.min, *b.min)) {
        return c;
    }
    if (a.include_min != b.include_min) {
        return a.include_min ? -1 : 1;
    }
    return compare_max(a, b);
}

std::optional<PoetryRange> intersect_one(const PoetryRange& a, const PoetryRange& b) {
    if (a.is_version) {
        if (b.allows(*a.min)) {
            return a;
        }
        if (b.is_version && a.allows(*b.min)) {
            return b;
        }
        return std::nullopt;
    }
    if (b.is_version) {
        return a.allows(*b.min) ? std::optional<PoetryRange>(b) : std::nullopt;
    }
    OptVersion lo;
    bool lo_inc = false;
    if (allows_lower(a, b)) {
        if (is_strictly_lower(a, b)) {
            return std::nullopt;
        }
        lo = b.min;
        lo_inc = b.include_min;
    } else {
        if (is_strictly_lower(b, a)) {
            return std::nullopt;
        }
        lo = a.min;
        lo_inc = a.include_min;
    }
    OptVersion hi;
    bool hi_inc = false;
    if (allows_higher(a, b)) {
        hi = b.max;
        hi_inc = b.include_max;
    } else {
        hi = a.max;
        hi_inc = a.include_max;
    }
    if (!lo && !hi) {
        return make_poetry_range(std::nullopt, std::nullopt, false, false);
    }
    if (lo && hi && cmp(*lo, *hi) == 0) {
        return make_poetry_version(*lo);
    }
    return make_poetry_range(lo, hi, lo_inc, hi_inc);
}

// Merges two touching ranges (Version.union / VersionRange.union).
PoetryRange union_one(const PoetryRange& a, const PoetryRange& b) {
    if (a.is_version) {
        if (b.allows(*a.min)) {
            return b;
        }
        if (b.min && a.allows(*b.min)) {
            return make_poetry_range(b.min, b.max, true, b.include_max);
        }
        if (b.max && a.allows(*b.max)) {
            return make_poetry_range(b.min, b.max, b.include_min, true);
        }
        return b;
    }
    if (b.is_version) {
        if (a.allows(*b.min)) {
            return a;
        }
        if (opt_eq(b.min, a.min)) {
            return make_poetry_range(a.min, a.max, true, a.include_max);
        }
        if (opt_eq(b.min, a.max)) {
            return make_poetry_range(a.min, a.max, a.include_min, true);
        }
        return a;
    }
    OptVersion lo = allows_lower(a, b) ? a.min : b.min;
    bool lo_inc = allows_lower(a, b) ? a.include_min : b.include_min;
    OptVersion hi = allows_higher(a, b) ? a.max : b.max;
    bool hi_inc = allows_higher(a, b) ? a.include_max : b.include_max;
    return make_poetry_range(lo, hi, lo_inc, hi_inc);
}

PoetryUnion union_walk(const PoetryUnion& ours, const PoetryUnion& theirs) {
    std::vector<PoetryRange> out;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < ours.size() && j < theirs.size()) {
        if (auto r = intersect_one(ours[i], theirs[j])) {
            out.push_back(std::move(*r));
        }
        if (allows_higher(theirs[j], ours[i])) {
            ++i;
        } else {
            ++j;
        }
    }
    return poetry_union_of(std::move(out));
}

std::string range_text(const PoetryRange& r) {
    if (r.is_version) {
        return r.min->text;
    }
    if (!r.min && !r.max) {
        return "*";
    }
    std::string text;
    if (r.min) {
        text += (r.include_min ? ">=" : ">") + r.min->text;
    }
    if (r.max) {
        if (r.min) {
            text += ",";
        }
        text += (r.include_max ? "<=" : "<") + r.max->text;
    }
    return text;
}

std::vector<std::uint64_t> semver_parts(const Pep440Version& v) {
    std::vector<std::uint64_t> parts = v.release;
    if (parts.size() < 3) {
        parts.resize(3, 0);
    }
    return parts;
}

} // namespace

bool PoetryRange::allows(const Pep440Version& v) const {
    if (is_version) {
        // Weak equality: `3.0.0+local.1` satisfies `3.0.0`.
        if (!min->local && v.local) {
            return cmp(*min, without_local(v)) == 0;
        }
        return cmp(*min, v) == 0;
    }
    if (min) {
        int c = cmp(v, *min);
        if (c < 0 || (c == 0 && !include_min)) {
            return false;
        }
    }
    if (full_max) {
        const Pep440Version* other = &v;
        Pep440Version stripped;
        if ((!full_max->local && v.local) || (!full_max->post && v.post)) {
            stripped = v;
            if (!full_max->local) {
                stripped.local.reset();
            }
            if (!full_max->post) {
                stripped.post.reset();
            }
            other = &stripped;
        }
        int c = cmp(*other, *full_max);
        if (c > 0 || (c == 0 && !include_max)) {
            return false;
        }
    }
    return true;
}

PoetryRange make_poetry_range(std::optional<Pep440Version> min, std::optional<Pep440Version> max,
                              bool include_min, bool include_max) {
    PoetryRange r;
    r.full_max = max;
    if (!include_max && max && !max->is_unstable() && !max->post &&
        (!min || !min->is_unstable() || compare_release(*min, *max) != 0)) {
        r.full_max = first_prerelease(*max);
    }
    r.min = std::move(min);
    r.max = std::move(max);
    r.include_min = include_min;
    r.include_max = include_max;
    return r;
}

PoetryRange make_poetry_version(Pep440Version v) {
    PoetryRange r;
    r.min = v;
    r.max = v;
    r.full_max = std::move(v);
    r.include_min = true;
    r.include_max = true;
    r.is_version = true;
    return r;
}

PoetryUnion poetry_union_of(std::vector<PoetryRange> ranges) {
    if (ranges.empty()) {
        return {};
    }
    for (const auto& r : ranges) {
        if (r.is_any()) {
            return {make_poetry_range(std::nullopt, std::nullopt, false, false)};
        }
    }
    std::stable_sort(ranges.begin(), ranges.end(), [](const PoetryRange& a, const PoetryRange& b) {
        return range_cmp(a, b) < 0;
    });
    PoetryUnion merged;
    for (auto& r : ranges) {
        if (merged.empty() ||
            (!allows_any(merged.back(), r) && !is_adjacent_to(merged.back(), r))) {
            merged.push_back(std::move(r));
        } else {
            merged.back() = union_one(merged.back(), r);
        }
    }
    return merged;
}

PoetryUnion poetry_intersect(const PoetryUnion& a, const PoetryUnion& b) {
    if (a.empty() || b.empty()) {
        return {};
    }
    if (a.size() > 1) {
        return union_walk(a, b);
    }
    if (b.size() > 1) {
        if (a[0].is_version) {
            return poetry_allows(b, *a[0].min) ? a : PoetryUnion{};
        }
        return union_walk(b, a);
    }
    if (auto r = intersect_one(a[0], b[0])) {
        return {std::move(*r)};
    }
    return {};
}

PoetryUnion poetry_any_minus(const PoetryRange& r) {
    std::vector<PoetryRange> parts;
    if (r.min) {
        parts.push_back(make_poetry_range(std::nullopt, r.min, false, !r.include_min));
    }
    if (r.max) {
        parts.push_back(make_poetry_range(r.max, std::nullopt, !r.include_max, false));
    }
    return poetry_union_of(std::move(parts));
}

bool poetry_allows(const PoetryUnion& u, const Pep440Version& v) {
    return std::any_of(u.begin(), u.end(), [&](const PoetryRange& r) { return r.allows(v); });
}

std::string poetry_to_string(const PoetryUnion& u) {
    if (u.empty()) {
        return "<empty>";
    }
    if (u.size() == 1) {
        return range_text(u[0]);
    }
    if (u.size() == 2 && !u[0].is_version && !u[1].is_version) {
        const PoetryRange& one = u[0].max ? u[0] : u[1];
        const PoetryRange& two = u[0].max ? u[1] : u[0];
        // "!=v": everything below and above one version.
        if (!one.min && !two.max && one.max && two.min && !one.include_max && !two.include_min &&
            cmp(*one.max, *two.min) == 0) {
            return "!=" + one.max->text;
        }
        // "!=1.2.*": below 1.2 and from the next minor on (precision up to three parts).
        if (!one.min && !two.max && one.max && two.min && !one.include_max && two.include_min &&
            std::max(one.max->release.size(), two.min->release.size()) <= 3) {
            bool valid = false;
            for (BumpPart part : {BumpPart::major, BumpPart::minor, BumpPart::patch}) {
                valid = valid || cmp(*two.min, pep440_next(*one.max, part)) == 0;
            }
            if (valid) {
                auto p1 = semver_parts(*one.max);
                auto p2 = semver_parts(*two.min);
                std::string text;
                for (std::size_t i = 0; i < p1.size() && i < p2.size(); ++i) {
                    text += (i == 0 ? "" : ".") + std::to_string(p1[i]);
                    if (p1[i] != p2[i]) {
                        // Only a gap that is exactly P.* (1.2 to 1.3, not 1.5 to 2: poetry-core
                        // prints "!=1.*" there, which reads back as another set).
                        bool exact = std::all_of(p1.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                                 p1.end(), [](auto x) { return x == 0; });
                        if (exact) {
                            return "!=" + text + ".*";
                        }
                        break;
                    }
                }
            }
        }
    }
    std::string text;
    for (std::size_t i = 0; i < u.size(); ++i) {
        text += (i == 0 ? "" : " || ") + range_text(u[i]);
    }
    return text;
}

} // namespace tbx::semver
