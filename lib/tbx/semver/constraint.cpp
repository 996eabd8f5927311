// The flavor-independent face of constraints: dispatch to the flavor parsers (npm/, cargo.cpp,
// poetry.cpp), matching, printing, intersection, and parse-error diagnosis.

#include <algorithm>

#include <tbx/core/strings.hpp>
#include <tbx/semver/constraint.hpp>
#include <tbx/semver/flavors.hpp>
#include <tbx/semver/render.hpp>

namespace tbx::semver {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char ch) {
    return ch >= '0' && ch <= '9';
}
bool is_wild(char ch) {
    return ch == 'x' || ch == 'X' || ch == '*';
}

// Scans one comparator's release parts ("1.2.x") at `i`; fills `problem` when they are wrong.
// `wildcard` tells whether a part was a wildcard.
void scan_release(std::string_view text, Flavor flavor, std::size_t& i, bool& wildcard,
                  std::optional<Diagnosis>& problem) {
    const std::size_t n = text.size();
    int parts = 0;
    while (true) {
        std::size_t start = i;
        if (i < n && is_digit(text[i])) {
            while (i < n && is_digit(text[i])) {
                ++i;
            }
            if (wildcard && flavor != Flavor::npm) {
                problem = Diagnosis{start, "no number after a wildcard"};
                return;
            }
        } else if (i < n && is_wild(text[i])) {
            ++i;
            wildcard = true;
        } else {
            problem = Diagnosis{start, parts == 0 ? "a version number" : "a number or a wildcard"};
            return;
        }
        ++parts;
        if (parts == 4 && flavor != Flavor::poetry) {
            problem = Diagnosis{start, "at most three parts (major.minor.patch)"};
            return;
        }
        if (i < n && text[i] == '.') {
            ++i;
            continue;
        }
        return;
    }
}

// Judges what follows a comparator's release parts (from `i` to `end`) by the flavor's
// version grammar; the token starts after the operator.
std::optional<Diagnosis> judge_suffix(std::string_view text, Flavor flavor, std::size_t i,
                                      std::size_t end) {
    std::size_t begin = i;
    while (begin > 0 && !is_space(text[begin - 1]) &&
           std::string_view("<>=!~^,|").find(text[begin - 1]) == std::string_view::npos) {
        --begin;
    }
    std::string_view token = text.substr(begin, end - begin);
    bool ok = flavor == Flavor::poetry ? parse_pep440(token).has_value()
                                       : parse_semver(token, flavor).has_value();
    if (ok) {
        return std::nullopt;
    }
    if (flavor == Flavor::poetry) {
        return Diagnosis{i, "a PEP 440 pre, post, dev or local part"};
    }
    return Diagnosis{i, text[i] == '-' || text[i] == '+' ? "valid pre-release or build identifiers"
                                                         : "'-', '+' or the end of the version"};
}

// Scans one comparator at `i` (operator, optional "v", release parts, the rest up to a
// separator); returns what is wrong with it, if anything.
std::optional<Diagnosis> scan_comparator(std::string_view text, Flavor flavor, std::size_t& i) {
    const std::size_t n = text.size();
    while (i < n && std::string_view("<>=!~^").find(text[i]) != std::string_view::npos) {
        ++i;
    }
    while (i < n && is_space(text[i])) {
        ++i;
    }
    if (i < n && (text[i] == 'v' || text[i] == 'V') && flavor != Flavor::cargo) {
        ++i;
    }
    bool wildcard = false;
    std::optional<Diagnosis> problem;
    scan_release(text, flavor, i, wildcard, problem);
    if (problem) {
        return problem;
    }
    std::size_t end = i;
    while (end < n && !is_space(text[end]) && text[end] != ',' && text[end] != '|') {
        ++end;
    }
    if (end > i && !wildcard) {
        problem = judge_suffix(text, flavor, i, end);
    }
    i = end;
    if (i < n && text[i] == '-' && flavor == Flavor::npm) {
        ++i;
    }
    return problem;
}

} // namespace

namespace detail {

tl::unexpected<Error> constraint_error(std::string_view text, Flavor flavor) {
    Diagnosis d = diagnose_constraint(text, flavor);
    return fail(ErrorKind::invalid_argument,
                "invalid " + std::string(flavor_name(flavor)) + " constraint: expected " +
                    d.expected + " at column " + std::to_string(d.column + 1),
                std::string(text));
}

} // namespace detail

Result<Constraint> parse_constraint(std::string_view text, Flavor flavor, Prerelease prerelease) {
    switch (flavor) {
    case Flavor::npm:
        return detail::parse_npm(text, prerelease);
    case Flavor::cargo: {
        Diagnosis d;
        if (auto c = detail::parse_cargo(text, prerelease, d)) {
            return std::move(*c);
        }
        return fail(ErrorKind::invalid_argument,
                    "invalid cargo constraint: expected " + d.expected + " at column " +
                        std::to_string(d.column + 1),
                    std::string(text));
    }
    case Flavor::poetry:
    default:
        return detail::parse_poetry(text, prerelease);
    }
}

bool satisfies(const Constraint& c, const SemVersion& v) {
    return c.flavor == Flavor::npm ? detail::npm_satisfies(c, v) : detail::cargo_satisfies(c, v);
}

bool satisfies(const Constraint& c, const Pep440Version& v) {
    if (v.is_unstable() && c.prerelease != Prerelease::include && !c.poetry_allows_unstable) {
        return false;
    }
    return poetry_allows(c.poetry, v);
}

bool satisfies(const Constraint& c, const Version& v) {
    switch (c.flavor) {
    case Flavor::npm:
        return detail::npm_satisfies(c, v.sem());
    case Flavor::cargo:
        return detail::cargo_satisfies(c, v.sem());
    case Flavor::poetry:
    default:
        if (v.pep().is_unstable() && c.prerelease != Prerelease::include &&
            !c.poetry_allows_unstable) {
            return false;
        }
        return poetry_allows(c.poetry, v.pep());
    }
}

std::string normalized_range(const Constraint& c) {
    if (c.flavor == Flavor::poetry) {
        return poetry_to_string(c.poetry);
    }
    if (c.flavor == Flavor::npm && !c.npm.empty()) {
        std::string out;
        for (std::size_t i = 0; i < c.npm.size(); ++i) {
            if (i > 0) {
                out += "||";
            }
            for (std::size_t k = 0; k < c.npm[i].size(); ++k) {
                if (k > 0) {
                    out += " ";
                }
                out += c.npm[i][k].value;
            }
        }
        return out;
    }
    // Intersections and cargo: printed from the version set. A cargo constraint or an
    // intersection of them is one range, so the OR that cargo lacks never comes up here.
    auto text = render_version_set(version_set(c), c.flavor);
    return text ? *text : text.error().subject;
}

std::vector<IntervalText> interval_texts(const Constraint& c) {
    std::vector<IntervalText> out;
    if (c.flavor == Flavor::poetry) {
        for (const auto& r : c.poetry) {
            IntervalText t;
            if (r.min) {
                t.min = r.min->text;
                t.include_min = r.include_min;
            }
            if (r.max) {
                t.max = r.max->text;
                t.include_max = r.include_max;
            }
            out.push_back(std::move(t));
        }
        return out;
    }
    for (const auto& i : c.intervals) {
        IntervalText t;
        if (i.min) {
            t.min = i.min->to_string();
            t.include_min = i.include_min;
        }
        if (i.max) {
            t.max = i.max->to_string();
            t.include_max = i.include_max;
        }
        out.push_back(std::move(t));
    }
    return out;
}

Constraint intersect_constraints(const Constraint& a, const Constraint& b) {
    Constraint out;
    out.flavor = a.flavor;
    out.prerelease = a.prerelease;
    out.text = a.text + ", " + b.text;
    if (a.flavor == Flavor::poetry) {
        out.poetry = poetry_intersect(a.poetry, b.poetry);
        return out;
    }
    out.intervals = intersect(a.intervals, b.intervals);
    out.pre_windows = intersect(a.pre_windows, b.pre_windows);
    return out;
}

bool is_empty_constraint(const Constraint& c) {
    if (c.flavor == Flavor::poetry) {
        return c.poetry.empty();
    }
    if (c.prerelease == Prerelease::include || c.intervals.empty()) {
        return c.intervals.empty();
    }
    return c.pre_windows.empty() &&
           std::none_of(c.intervals.begin(), c.intervals.end(),
                        [](const SemInterval& i) { return i.has_release(); });
}

Diagnosis diagnose_constraint(std::string_view text, Flavor flavor) {
    if (flavor == Flavor::cargo) {
        // cargo's grammar is parsed by hand, so its parser knows the exact place.
        Diagnosis d;
        if (!detail::parse_cargo(text, Prerelease::by_flavor_rule, d)) {
            return d;
        }
    }
    if (core::trim(text).empty()) {
        return {0, "a version constraint"};
    }
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (is_space(text[i]) || text[i] == ',' || text[i] == '|')) {
            ++i;
        }
        if (i >= text.size()) {
            break;
        }
        if (auto problem = scan_comparator(text, flavor, i)) {
            return *problem;
        }
    }
    return {0, "a valid " + std::string(flavor_name(flavor)) + " constraint"};
}

} // namespace tbx::semver
