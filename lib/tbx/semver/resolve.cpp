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

} // namespace tbx::semver
