#include <algorithm>

#include <tbx/semver/render.hpp>

namespace tbx::semver {
namespace {

SemVersion release_of(const SemVersion& v) {
    SemVersion r;
    r.major = v.major;
    r.minor = v.minor;
    r.patch = v.patch;
    r.flavor = v.flavor;
    return r;
}

SemVersion next_patch(const SemVersion& v) {
    SemVersion r = release_of(v);
    r.patch += 1;
    return r;
}

// The lowest release an interval of releases holds (its bounds are releases).
SemVersion first_release(const SemInterval& i) {
    if (!i.min) {
        return SemVersion{};
    }
    return i.include_min ? *i.min : next_patch(*i.min);
}

// The lowest release above an interval of releases; nullopt when unbounded.
std::optional<SemVersion> release_after(const SemInterval& i) {
    if (!i.max) {
        return std::nullopt;
    }
    return i.include_max ? next_patch(*i.max) : *i.max;
}

// Rewrites an interval's bounds as releases admitting the same releases: a pre-release lower
// bound becomes its own release, a pre-release upper bound excludes its release.
std::optional<SemInterval> release_bounds(SemInterval i) {
    if (!i.has_release()) {
        return std::nullopt;
    }
    if (i.min && !i.min->pre.empty()) {
        i.min = release_of(*i.min);
        i.include_min = true;
    }
    if (i.min && i.include_min && compare_semver(*i.min, SemVersion{}) == 0) {
        i.min.reset();
    }
    if (i.max && !i.max->pre.empty()) {
        i.max = release_of(*i.max);
        i.include_max = false;
    }
    if (i.min) {
        i.min->build.clear();
    }
    if (i.max) {
        i.max->build.clear();
    }
    return i;
}

// Merges release intervals with no release between them (`<=1.2.3` and `>=1.2.4`).
SemIntervalSet merge_releases(const SemIntervalSet& sorted) {
    SemIntervalSet out;
    for (const auto& i : sorted) {
        if (!out.empty()) {
            auto end = release_after(out.back());
            if (!end || compare_semver(first_release(i), *end) <= 0) {
                auto next_end = release_after(i);
                if (end && (!next_end || compare_semver(*next_end, *end) > 0)) {
                    out.back().max = i.max;
                    out.back().include_max = i.include_max;
                }
                continue;
            }
        }
        out.push_back(i);
    }
    return out;
}

// One alternative of the printed range. `zero_max`: an exclusive release upper bound that npm
// writes as node-semver does (`<2.0.0-0`: the same versions, none of 2.0.0's pre-releases).
struct Term {
    SemInterval interval;
    bool zero_max = false;
};

bool same(const std::optional<SemVersion>& a, const SemVersion& b) {
    return a && compare_semver(*a, b) == 0;
}

// Joins a window's pre-releases to the release interval they border, when the joined bounds
// open that window exactly as far: [1.2.3-rc, 1.2.3) with [1.2.3, 2.0.0), or [1.2.3-0, x]
// after an interval ending below 1.2.3. Returns false when the piece stands alone.
bool join_piece(std::vector<Term>& terms, const SemInterval& piece) {
    const SemVersion tuple = release_of(*piece.min);
    bool to_window_end = same(piece.max, tuple) && !piece.include_max;
    bool from_window_start = piece.include_min && piece.min->pre == "0";
    for (auto& t : terms) {
        auto end = release_after(t.interval);
        if (to_window_end && compare_semver(first_release(t.interval), tuple) == 0) {
            t.interval.min = piece.min;
            t.interval.include_min = piece.include_min;
            return true;
        }
        if (from_window_start && end && compare_semver(*end, tuple) == 0) {
            t.interval.max = piece.max;
            t.interval.include_max = piece.include_max;
            t.zero_max = false;
            return true;
        }
    }
    return false;
}

std::string term_text(const Term& t, Flavor flavor) {
    const SemInterval& i = t.interval;
    if (!i.min && !i.max) {
        return "*";
    }
    if (i.min && i.max && i.include_min && i.include_max && compare_semver(*i.min, *i.max) == 0) {
        // A bare version is caret in cargo, exact in npm.
        return (flavor == Flavor::cargo ? "=" : "") + i.min->to_string();
    }
    std::string out;
    if (i.min) {
        out += (i.include_min ? ">=" : ">") + i.min->to_string();
    }
    if (i.max) {
        out += i.min ? (flavor == Flavor::cargo ? ", " : " ") : "";
        out += (i.include_max ? "<=" : "<") + i.max->to_string();
        if (t.zero_max && flavor == Flavor::npm) {
            out += "-0";
        }
    }
    return out;
}

std::vector<Term> terms_of(const SemVersionSet& set) {
    std::vector<Term> terms;
    for (const auto& i : set.releases) {
        bool zero = !set.by_precedence && i.max && !i.include_max && i.max->pre.empty();
        terms.push_back({i, zero});
    }
    if (set.by_precedence) {
        return terms;
    }
    for (const auto& piece : set.prereleases) {
        if (piece.min && !join_piece(terms, piece)) {
            terms.push_back({piece, false});
        }
    }
    std::stable_sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) {
        if (!a.interval.min || !b.interval.min) {
            return !a.interval.min && b.interval.min;
        }
        return compare_semver(*a.interval.min, *b.interval.min) < 0;
    });
    return terms;
}

} // namespace

SemVersionSet version_set(const Constraint& c) {
    SemVersionSet set;
    if (c.prerelease == Prerelease::include) {
        set.releases = c.intervals;
        set.by_precedence = true;
        return set;
    }
    SemIntervalSet releases;
    for (const auto& i : c.intervals) {
        if (auto r = release_bounds(i)) {
            releases.push_back(std::move(*r));
        }
    }
    set.releases = merge_releases(releases);
    set.prereleases = c.pre_windows;
    return set;
}

Result<std::string> render_version_set(const SemVersionSet& set, Flavor flavor) {
    std::vector<Term> terms = terms_of(set);
    if (terms.empty()) {
        return std::string("<0.0.0-0");
    }
    std::string out;
    for (std::size_t k = 0; k < terms.size(); ++k) {
        out += (k == 0 ? "" : " || ") + term_text(terms[k], flavor);
    }
    if (flavor == Flavor::cargo && terms.size() > 1) {
        return fail(ErrorKind::unsupported, "cargo has no OR (||) to express this union of ranges",
                    out);
    }
    return out;
}

} // namespace tbx::semver
