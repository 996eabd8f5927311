#include <algorithm>

#include <tbx/semver/render.hpp>
#include <tbx/semver/resolve.hpp>
#include <tbx/semver/setops.hpp>

namespace tbx::semver {
namespace {

// True when x's lower bound is at or above y's (an unbounded y is below everything).
bool min_at_or_above(const SemInterval& x, const SemInterval& y) {
    if (!y.min) {
        return true;
    }
    if (!x.min) {
        return false;
    }
    int c = compare_semver(*x.min, *y.min);
    return c > 0 || (c == 0 && (y.include_min || !x.include_min));
}

bool max_at_or_below(const SemInterval& x, const SemInterval& y) {
    if (!y.max) {
        return true;
    }
    if (!x.max) {
        return false;
    }
    int c = compare_semver(*x.max, *y.max);
    return c < 0 || (c == 0 && (y.include_max || !x.include_max));
}

// Every interval of `a` inside one of `b`'s: exact, as `b`'s disjoint intervals have versions
// between them that such an interval would have to hold.
bool within(const SemIntervalSet& a, const SemIntervalSet& b) {
    return std::all_of(a.begin(), a.end(), [&](const SemInterval& x) {
        return std::any_of(b.begin(), b.end(), [&](const SemInterval& y) {
            return min_at_or_above(x, y) && max_at_or_below(x, y);
        });
    });
}

// Rewrites release intervals as [first release, first release above): then interval
// containment is release-set containment (`<=1.2.3` and `<1.2.4` are the same releases).
SemIntervalSet half_open(const SemIntervalSet& releases) {
    SemIntervalSet out;
    for (SemInterval i : releases) {
        if (i.min && !i.include_min) {
            i.min->patch += 1;
            i.include_min = true;
        }
        if (i.max && i.include_max) {
            i.max->patch += 1;
            i.include_max = false;
        }
        out.push_back(std::move(i));
    }
    return out;
}

bool poetry_subset(const PoetryUnion& a, const PoetryUnion& b) {
    // a ⊆ b exactly when a meets nothing outside b.
    PoetryUnion outside = {make_poetry_range(std::nullopt, std::nullopt, false, false)};
    for (const auto& r : b) {
        outside = poetry_intersect(outside, poetry_any_minus(r));
    }
    return poetry_intersect(a, outside).empty();
}

// One run of simplifyRange in the flavor's syntax; `first`/`last` mark the list's ends.
std::string run_text(const std::string& min, const std::optional<std::string>& max, bool at_start,
                     Flavor flavor) {
    const bool cargo = flavor == Flavor::cargo;
    const std::string eq = flavor == Flavor::npm ? "" : (cargo ? "=" : "==");
    if (max && *max == min) {
        return eq + min;
    }
    if (!max) {
        return at_start ? "*" : ">=" + min;
    }
    if (at_start) {
        return "<=" + *max;
    }
    if (flavor == Flavor::npm) {
        return min + " - " + *max;
    }
    return ">=" + min + (cargo ? ", " : ",") + "<=" + *max;
}

// True when `text` admits exactly the listed versions `c` admits: poetry's pre-release rule
// depends on the constraint's shape, so a shorter range may pick differently.
bool picks_the_same(const Constraint& c, const std::string& text,
                    const std::vector<std::string>& versions) {
    auto simpler = parse_constraint(text, c.flavor, c.prerelease);
    if (!simpler) {
        return false;
    }
    return std::all_of(versions.begin(), versions.end(), [&](const std::string& v) {
        auto parsed = parse_version(v, c.flavor);
        return satisfies(c, *parsed) == satisfies(*simpler, *parsed);
    });
}

} // namespace

bool is_subset(const Constraint& a, const Constraint& b) {
    if (a.flavor == Flavor::poetry) {
        return poetry_subset(a.poetry, b.poetry);
    }
    SemVersionSet sa = version_set(a);
    SemVersionSet sb = version_set(b);
    if (sa.by_precedence || sb.by_precedence) {
        return within(a.intervals, b.intervals);
    }
    return within(half_open(sa.releases), half_open(sb.releases)) &&
           within(sa.prereleases, sb.prereleases);
}

Result<std::string> simplify_range(const Constraint& c, const std::vector<std::string>& versions) {
    std::vector<std::string> valid;
    for (const auto& text : versions) {
        if (parse_version(text, c.flavor)) {
            valid.push_back(text);
        }
    }
    auto order = sort_versions(valid, c.flavor);
    std::vector<std::string> runs;
    std::optional<std::string> first;
    std::optional<std::string> prev;
    bool first_at_start = false;
    for (std::size_t k = 0; k < order->size(); ++k) {
        const std::string& text = valid[(*order)[k]];
        if (satisfies(c, *parse_version(text, c.flavor))) {
            first_at_start = first ? first_at_start : k == 0;
            first = first ? first : text;
            prev = text;
        } else if (prev) {
            runs.push_back(run_text(*first, prev, first_at_start, c.flavor));
            first.reset();
            prev.reset();
        }
    }
    if (first) {
        runs.push_back(run_text(*first, std::nullopt, first_at_start, c.flavor));
    }
    std::string out;
    for (const auto& r : runs) {
        out += (out.empty() ? "" : " || ") + r;
    }
    if (runs.empty()) {
        // node-semver returns "", which it reads as "*": print the empty set instead
        // (poetry has no text for it, so its constraint stays as written).
        return c.flavor == Flavor::poetry ? c.text : std::string("<0.0.0-0");
    }
    if (c.flavor == Flavor::cargo && runs.size() > 1) {
        return fail(ErrorKind::unsupported, "cargo has no OR (||) to express these runs", out);
    }
    if (out.size() >= c.text.size() || !picks_the_same(c, out, valid)) {
        return c.text;
    }
    return out;
}

Outdated outdated(const Constraint& c, const std::vector<std::string>& candidates) {
    Outdated out;
    Resolution r = resolve(c, candidates);
    if (!r.matches.empty()) {
        out.wanted = r.matches.back();
    }
    std::optional<Version> best;
    bool best_is_release = false;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        auto v = parse_version(candidates[i], c.flavor);
        if (!v) {
            continue;
        }
        bool release = !v->is_prerelease();
        if (!best || (release && !best_is_release) ||
            (release == best_is_release && compare_versions(*v, *best) > 0)) {
            best = std::move(*v);
            best_is_release = release;
            out.latest = i;
        }
    }
    if (best) {
        out.latest_allowed = satisfies(c, *best);
    }
    return out;
}

} // namespace tbx::semver
