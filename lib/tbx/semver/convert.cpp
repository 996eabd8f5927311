#include <algorithm>
#include <array>

#include <tbx/semver/constraint.hpp>
#include <tbx/semver/convert.hpp>
#include <tbx/semver/render.hpp>

namespace tbx::semver {
namespace {

Flavor flavor_of(Syntax s) {
    switch (s) {
    case Syntax::npm:
        return Flavor::npm;
    case Syntax::cargo:
        return Flavor::cargo;
    default:
        return Flavor::poetry;
    }
}

// Blanks only, unlike core::trim: poetry-core, which reads the specifiers after this check,
// rejects a line break inside a constraint, and the check should not let one through to a
// less clear message there.
std::string_view trim_blanks(std::string_view s) {
    std::size_t b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) {
        return {};
    }
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// True for one PEP 440 clause: an operator, then a version without blanks.
bool is_pep440_clause(std::string_view clause) {
    static constexpr std::array<std::string_view, 7> k_ops{"~=", "==", "!=", "<=", ">=", "<", ">"};
    for (std::string_view op : k_ops) {
        if (clause.substr(0, op.size()) == op) {
            std::string_view version = trim_blanks(clause.substr(op.size()));
            return !version.empty() && version.find_first_of(" \t=<>!~") == std::string_view::npos;
        }
    }
    return false;
}

// A PEP 440 specifier set: comma-separated clauses. Poetry's parser reads them the same way,
// once checked that no Poetry-only syntax (^, ~, ||, bare versions) is in them.
Result<Constraint> parse_pep440_specifiers(std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = std::min(text.find(',', start), text.size());
        std::string_view clause = trim_blanks(text.substr(start, comma - start));
        if (!is_pep440_clause(clause)) {
            return fail(ErrorKind::invalid_argument,
                        "not a PEP 440 specifier (an operator and a version; === is not "
                        "supported)",
                        std::string(clause));
        }
        start = comma + 1;
    }
    return parse_constraint(text, Flavor::poetry, Prerelease::include);
}

std::string pep_bounds(const PoetryRange& r, std::string_view sep) {
    if (r.is_version) {
        return "==" + r.min->to_string();
    }
    std::string out;
    if (r.min) {
        out += (r.include_min ? ">=" : ">") + r.min->to_string();
    }
    if (r.max) {
        out += std::string(r.min ? sep : "") + (r.include_max ? "<=" : "<") + r.max->to_string();
    }
    return out;
}

// Poetry's `<=V` also admits V's post-releases and `>V` V's local versions; PEP 440 does not.
void note_quirks(const PoetryUnion& u, std::vector<std::string>& notes) {
    for (const auto& r : u) {
        if (r.max && r.include_max && !r.max->post && !r.is_version) {
            notes.push_back("poetry's <=" + r.max->to_string() + " also admits " +
                            r.max->to_string() + ".post1; PEP 440's does not");
        }
        if (r.min && !r.include_min && !r.is_version) {
            notes.push_back("poetry's >" + r.min->to_string() + " also admits " +
                            r.min->to_string() + ".post1 and local versions; PEP 440's does not");
        }
    }
}

// The clause excluding the gap between two ranges of a union: "!=V" for one version, "!=V.*"
// for every version with V's release as a prefix; nullopt for any other gap.
std::optional<std::string> gap_clause(const PoetryRange& lo, const PoetryRange& hi) {
    if (!lo.max || lo.include_max || !hi.min || lo.is_version || hi.is_version) {
        return std::nullopt;
    }
    const Pep440Version& m = *lo.max;
    const Pep440Version& n = *hi.min;
    if (!hi.include_min && compare_pep440(m, n) == 0) {
        return "!=" + m.to_string();
    }
    bool plain = !m.pre && !m.post && !m.dev && !m.local && !n.pre && !n.post && !n.dev &&
                 !n.local && m.epoch == n.epoch;
    if (!plain || !hi.include_min) {
        return std::nullopt;
    }
    // The prefix P with P.* = [m, n): n without trailing zeros, its last part minus one.
    std::vector<std::uint64_t> prefix = n.release;
    while (prefix.size() > 1 && prefix.back() == 0) {
        prefix.pop_back();
    }
    if (prefix.back() == 0) {
        return std::nullopt;
    }
    prefix.back() -= 1;
    Pep440Version p;
    p.epoch = m.epoch;
    p.release = prefix;
    if (compare_release(p, m) != 0 || m.release.size() > std::max<std::size_t>(prefix.size(), 3)) {
        return std::nullopt;
    }
    return "!=" + p.to_string() + ".*";
}

// A union PEP 440 can write: its outer bounds and one != clause per gap.
std::optional<std::string> pep_union(const PoetryUnion& u) {
    PoetryRange outer = u.front();
    outer.max = u.back().max;
    outer.include_max = u.back().include_max;
    outer.is_version = false;
    std::string out = pep_bounds(outer, ",");
    for (std::size_t i = 0; i + 1 < u.size(); ++i) {
        auto clause = gap_clause(u[i], u[i + 1]);
        if (!clause) {
            return std::nullopt;
        }
        out += (out.empty() ? "" : ",") + *clause;
    }
    return out;
}

Result<Conversion> poetry_to_pep440(const PoetryUnion& u, std::string_view text) {
    Conversion out;
    if (u.empty()) {
        return fail(ErrorKind::unsupported, "the constraint admits no version", std::string(text));
    }
    for (const auto& r : u) {
        for (const auto* bound : {&r.min, &r.max}) {
            if (!r.is_version && *bound && (*bound)->local) {
                return fail(
                    ErrorKind::unsupported,
                    "PEP 440 allows a local version only after == and !=", (*bound)->to_string());
            }
        }
    }
    note_quirks(u, out.notes);
    if (u.size() == 1) {
        out.text = u.front().is_any() ? "" : pep_bounds(u.front(), ",");
        return out;
    }
    if (auto text = pep_union(u)) {
        out.text = *text;
        return out;
    }
    return fail(ErrorKind::unsupported, "PEP 440 has no OR (||) for this union",
                poetry_to_string(u));
}

// A PEP 440 bound as a SemVer release: at most three release parts and nothing else.
Result<SemVersion> sem_bound(const Pep440Version& v, Flavor to) {
    if (v.epoch != 0 || v.release.size() > 3 || v.pre || v.post || v.dev || v.local) {
        return fail(ErrorKind::unsupported,
                    std::string("cannot express this version in ") + std::string(flavor_name(to)) +
                        ": SemVer has no epoch, fourth part, or PEP 440 pre, post, dev or local "
                        "part",
                    v.to_string());
    }
    SemVersion s;
    s.flavor = to;
    s.major = v.release[0];
    s.minor = v.release.size() > 1 ? v.release[1] : 0;
    s.patch = v.release.size() > 2 ? v.release[2] : 0;
    return s;
}

Result<Conversion> poetry_to_semver(const PoetryUnion& u, Flavor to) {
    SemVersionSet set;
    for (const auto& r : u) {
        SemInterval i;
        for (auto [bound, out] : {std::pair{&r.min, &i.min}, std::pair{&r.max, &i.max}}) {
            if (*bound) {
                auto s = sem_bound(**bound, to);
                if (!s) {
                    return tl::unexpected(s.error());
                }
                *out = *s;
            }
        }
        i.include_min = r.include_min || r.is_version;
        i.include_max = r.include_max || r.is_version;
        if (r.is_version) {
            i.max = i.min;
        }
        set.releases.push_back(std::move(i));
    }
    auto text = render_version_set(set, to);
    if (!text) {
        return tl::unexpected(text.error());
    }
    return Conversion{*text, {}};
}

std::string pep_release(const SemVersion& v) {
    return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
}

Result<Conversion> semver_to_pep(const Constraint& c, Syntax to) {
    SemVersionSet set = version_set(c);
    if (set.by_precedence || !set.prereleases.empty()) {
        return fail(ErrorKind::unsupported,
                    "SemVer pre-releases have no PEP 440 equivalent (their identifiers and "
                    "order differ)",
                    c.text);
    }
    if (set.releases.empty()) {
        return fail(ErrorKind::unsupported, "the constraint admits no version", c.text);
    }
    std::vector<std::string> parts;
    for (const auto& i : set.releases) {
        std::string t;
        if (i.min) {
            t += (i.include_min ? ">=" : ">") + pep_release(*i.min);
        }
        if (i.max) {
            t += (i.min ? "," : "") + std::string(i.include_max ? "<=" : "<") + pep_release(*i.max);
        }
        parts.push_back(t.empty() ? (to == Syntax::pep440 ? "" : "*") : t);
    }
    if (parts.size() > 1 && to == Syntax::pep440) {
        return fail(ErrorKind::unsupported, "PEP 440 has no OR (||) for this union", c.text);
    }
    Conversion out;
    for (const auto& p : parts) {
        out.text += (out.text.empty() ? "" : " || ") + p;
    }
    return out;
}

} // namespace

std::optional<Syntax> syntax_from_name(std::string_view name) {
    if (name == "pep440") {
        return Syntax::pep440;
    }
    auto f = flavor_from_name(name);
    if (!f) {
        return std::nullopt;
    }
    return *f == Flavor::npm ? Syntax::npm : *f == Flavor::cargo ? Syntax::cargo : Syntax::poetry;
}

Result<Conversion> convert_constraint(std::string_view text, Syntax from, Syntax to) {
    auto parsed = from == Syntax::pep440
                      ? parse_pep440_specifiers(text)
                      : parse_constraint(text, flavor_of(from), Prerelease::by_flavor_rule);
    if (!parsed) {
        return tl::unexpected(parsed.error());
    }
    const Constraint& c = *parsed;
    if (from == Syntax::poetry || from == Syntax::pep440) {
        if (to == Syntax::pep440) {
            return poetry_to_pep440(c.poetry, text);
        }
        if (to == Syntax::poetry) {
            if (c.poetry.empty()) {
                return fail(ErrorKind::unsupported, "the constraint admits no version",
                            std::string(text));
            }
            return Conversion{poetry_to_string(c.poetry), {}};
        }
        return poetry_to_semver(c.poetry, flavor_of(to));
    }
    if (to == Syntax::npm || to == Syntax::cargo) {
        auto out = render_version_set(version_set(c), flavor_of(to));
        if (!out) {
            return tl::unexpected(out.error());
        }
        return Conversion{*out, {}};
    }
    return semver_to_pep(c, to);
}

} // namespace tbx::semver
