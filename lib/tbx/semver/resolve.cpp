#include <algorithm>
#include <optional>

#include <tbx/semver/resolve.hpp>

namespace tbx::semver {

namespace {

int full_compare(const Version& a, const Version& b) {
    if (int c = compare_versions(a, b)) {
        return c;
    }
    if (a.flavor != Flavor::poetry) {
        return compare_build(a.sem(), b.sem(), a.flavor);
    }
    return 0;
}

// Increments the last identifier of `pre` that node-semver's inc() sees as a number (npm:
// below 2^53-1; larger ones stay strings there); false when there is none.
bool increment_last_number(std::string& pre, Flavor flavor) {
    std::size_t end = pre.size();
    while (true) {
        std::size_t dot = pre.rfind('.', end == 0 ? 0 : end - 1);
        std::size_t begin = dot == std::string::npos ? 0 : dot + 1;
        std::string_view id = std::string_view(pre).substr(begin, end - begin);
        bool numeric = !id.empty() && std::all_of(id.begin(), id.end(),
                                                  [](char c) { return c >= '0' && c <= '9'; });
        // 9007199254740991 = 2^53-1, JavaScript's Number.MAX_SAFE_INTEGER.
        if (numeric && flavor == Flavor::npm &&
            (id.size() > 16 || (id.size() == 16 && id >= "9007199254740991"))) {
            numeric = false;
        }
        if (numeric) {
            std::size_t i = end;
            while (i > begin && pre[i - 1] == '9') {
                pre[--i] = '0';
            }
            if (i == begin) {
                pre.insert(begin, 1, '1');
            } else {
                ++pre[i - 1];
            }
            return true;
        }
        if (dot == std::string::npos) {
            return false;
        }
        end = dot;
    }
}

} // namespace

Resolution resolve(const Constraint& constraint, const std::vector<std::string>& candidates) {
    Resolution out;
    std::vector<std::optional<Version>> parsed(candidates.size());
    std::vector<std::size_t> hidden_prereleases;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        auto v = parse_version(candidates[i], constraint.flavor);
        if (!v) {
            out.invalid.push_back(i);
            continue;
        }
        parsed[i] = std::move(*v);
        if (satisfies(constraint, *parsed[i])) {
            out.matches.push_back(i);
        } else if (constraint.flavor == Flavor::poetry && parsed[i]->pep().is_unstable() &&
                   poetry_allows(constraint.poetry, parsed[i]->pep())) {
            hidden_prereleases.push_back(i);
        }
    }
    bool any = constraint.flavor == Flavor::poetry && constraint.poetry.size() == 1 &&
               constraint.poetry.front().is_any();
    if (out.matches.empty() && any) {
        out.matches = hidden_prereleases;
    }
    std::stable_sort(out.matches.begin(), out.matches.end(), [&](std::size_t a, std::size_t b) {
        return full_compare(*parsed[a], *parsed[b]) < 0;
    });
    return out;
}

Result<std::vector<std::size_t>> sort_versions(const std::vector<std::string>& versions,
                                               Flavor flavor) {
    std::vector<Version> parsed;
    parsed.reserve(versions.size());
    for (const auto& text : versions) {
        auto v = parse_version(text, flavor);
        if (!v) {
            return tl::unexpected(v.error());
        }
        parsed.push_back(std::move(*v));
    }
    std::vector<std::size_t> order(versions.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return full_compare(parsed[a], parsed[b]) < 0;
    });
    return order;
}

Result<std::string> bump_version(const Version& version, BumpPart part) {
    if (version.flavor == Flavor::poetry) {
        const Pep440Version& v = version.pep();
        if (part != BumpPart::pre) {
            return pep440_next(v, part).to_string();
        }
        // `poetry version prerelease`: bump the pre-release number, or start a0 on the next
        // patch.
        if (v.pre) {
            Pep440Version next = v;
            next.local.reset();
            next.post.reset();
            next.dev.reset();
            if (!v.dev || v.post) {
                next.pre->number += 1;
            }
            return next.to_string();
        }
        return pep440_next(pep440_next(v, BumpPart::patch), BumpPart::pre).to_string();
    }
    // node-semver's inc(): a pre-release of the target version is finished, not skipped.
    SemVersion v = version.sem();
    v.build.clear();
    bool pre = !v.pre.empty();
    switch (part) {
    case BumpPart::major:
        if (!(pre && v.minor == 0 && v.patch == 0)) {
            v.major += 1;
        }
        v.minor = 0;
        v.patch = 0;
        v.pre.clear();
        break;
    case BumpPart::minor:
        if (!(pre && v.patch == 0)) {
            v.minor += 1;
        }
        v.patch = 0;
        v.pre.clear();
        break;
    case BumpPart::patch:
        if (!pre) {
            v.patch += 1;
        }
        v.pre.clear();
        break;
    case BumpPart::pre:
        if (!pre) {
            v.patch += 1;
            v.pre = "0";
        } else if (!increment_last_number(v.pre, version.flavor)) {
            v.pre += ".0";
        }
        break;
    }
    return v.to_string();
}

} // namespace tbx::semver
