// cargo constraints: the semver crate 1.0's VersionReq (src/parse.rs for the grammar,
// src/eval.rs for matching), over tbx's SemVersion.

#include <algorithm>
#include <cctype>

#include <tbx/semver/flavors.hpp>

namespace tbx::semver::detail {
namespace {

struct CargoParser {
    std::string_view text;
    std::size_t pos = 0;
    std::string error;
    std::size_t error_pos = 0;

    bool fail_at(std::size_t at, std::string message) {
        error = std::move(message);
        error_pos = at;
        return false;
    }
    void skip_spaces() {
        while (pos < text.size() && text[pos] == ' ') {
            ++pos;
        }
    }
    bool at(char c) const { return pos < text.size() && text[pos] == c; }
    bool at_wildcard() const { return at('*') || at('x') || at('X'); }

    bool number(std::uint64_t& out, const char* what) {
        std::size_t start = pos;
        out = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (out == 0 && pos > start) {
                return fail_at(start, std::string("no leading zero in the ") + what);
            }
            auto d = static_cast<std::uint64_t>(text[pos] - '0');
            if (out > (UINT64_MAX - d) / 10) {
                return fail_at(start, std::string("a smaller ") + what);
            }
            out = out * 10 + d;
            ++pos;
        }
        if (pos == start) {
            return fail_at(pos, std::string("the ") + what + " number");
        }
        return true;
    }

    bool identifiers(std::string* out, bool prerelease) {
        while (true) {
            std::size_t start = pos;
            bool numeric = true;
            while (pos < text.size() &&
                   (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '-')) {
                numeric = numeric && std::isdigit(static_cast<unsigned char>(text[pos]));
                ++pos;
            }
            if (pos == start) {
                return fail_at(pos, prerelease ? "a pre-release identifier" : "a build identifier");
            }
            if (prerelease && numeric && pos - start > 1 && text[start] == '0') {
                return fail_at(start, "no leading zero in a numeric pre-release identifier");
            }
            if (out != nullptr) {
                out->append(out->empty() ? "" : ".").append(text.substr(start, pos - start));
            }
            if (at('.')) {
                ++pos;
                continue;
            }
            return true;
        }
    }

    // Reads an operator; caret when there is none.
    Op op() {
        if (at('=')) {
            ++pos;
            return Op::exact;
        }
        if (at('>') || at('<')) {
            bool greater = at('>');
            ++pos;
            bool eq = at('=');
            pos += eq ? 1 : 0;
            return greater ? (eq ? Op::greater_eq : Op::greater) : (eq ? Op::less_eq : Op::less);
        }
        if (at('~') || at('^')) {
            ++pos;
            return text[pos - 1] == '~' ? Op::tilde : Op::caret;
        }
        return Op::caret;
    }

    // Reads ".minor" and ".patch" (numbers or wildcards); a wildcard without an operator
    // makes the comparator a wildcard one.
    bool minor_and_patch(CargoComparator& c, bool default_op) {
        bool has_wildcard = false;
        for (std::optional<std::uint64_t>* part : {&c.minor, &c.patch}) {
            if (!at('.')) {
                return true;
            }
            ++pos;
            if (at_wildcard()) {
                ++pos;
                has_wildcard = true;
                c.op = default_op ? Op::wildcard : c.op;
            } else if (has_wildcard) {
                return fail_at(pos, "a wildcard after a wildcard");
            } else {
                std::uint64_t value = 0;
                if (!number(value, part == &c.minor ? "minor" : "patch")) {
                    return false;
                }
                *part = value;
            }
        }
        return true;
    }

    bool comparator(CargoComparator& c) {
        std::size_t op_start = pos;
        c.op = op();
        bool default_op = pos == op_start;
        skip_spaces();
        if (!number(c.major, "major") || !minor_and_patch(c, default_op)) {
            return false;
        }
        if (c.patch && at('-')) {
            ++pos;
            if (!identifiers(&c.pre, true)) {
                return false;
            }
        }
        if (c.patch && at('+')) {
            ++pos;
            if (!identifiers(nullptr, false)) {
                return false;
            }
        }
        if (at('.')) {
            return fail_at(pos + 1, "at most three parts (major.minor.patch)");
        }
        skip_spaces();
        return true;
    }
};

// The interval one comparator allows, pre-release admission aside.
SemInterval comparator_interval(const CargoComparator& k) {
    auto ver = [](std::uint64_t M, std::uint64_t m, std::uint64_t p, std::string pre = {}) {
        SemVersion v;
        v.major = M;
        v.minor = m;
        v.patch = p;
        v.pre = std::move(pre);
        return v;
    };
    auto bump = [](std::uint64_t x) { return x == UINT64_MAX ? x : x + 1; };
    SemInterval i;
    std::uint64_t m = k.minor.value_or(0);
    std::uint64_t pt = k.patch.value_or(0);
    // The first version past the comparator's partial version (1 -> 2.0.0, 1.2 -> 1.3.0).
    SemVersion after = !k.minor   ? ver(bump(k.major), 0, 0)
                       : !k.patch ? ver(k.major, bump(m), 0)
                                  : ver(k.major, m, bump(pt));
    SemVersion low = ver(k.major, m, pt, k.patch ? k.pre : std::string());
    // "<=V": up to V itself when V is whole, else below the version after its partial part.
    const auto up_to_low = [&] {
        if (k.patch) {
            i.max = low;
            i.include_max = true;
        } else {
            i.max = after;
        }
    };
    switch (k.op) {
    case Op::exact:
    case Op::wildcard:
        i.min = low;
        up_to_low();
        break;
    case Op::greater:
        i.min = k.patch ? low : after;
        i.include_min = !k.patch;
        break;
    case Op::greater_eq:
        i.min = low;
        break;
    case Op::less:
        i.max = low;
        break;
    case Op::less_eq:
        up_to_low();
        break;
    case Op::tilde:
        i.min = low;
        i.max = k.minor ? ver(k.major, bump(m), 0) : ver(bump(k.major), 0, 0);
        break;
    case Op::caret:
    default:
        i.min = low;
        if (!k.minor || k.major > 0) {
            i.max = ver(bump(k.major), 0, 0);
        } else if (!k.patch || m > 0) {
            i.max = ver(0, bump(m), 0);
        } else {
            i.max = ver(0, 0, bump(pt));
        }
        break;
    }
    return i;
}

// Reads the comparators into `c.cargo`; false after filling the parser's error.
bool read_comparators(CargoParser& p, Constraint& c) {
    while (true) {
        CargoComparator comp;
        if (!p.comparator(comp)) {
            return false;
        }
        c.cargo.push_back(std::move(comp));
        if (p.pos == p.text.size()) {
            return true;
        }
        if (!p.at(',')) {
            return p.fail_at(p.pos, "',' between comparators");
        }
        ++p.pos;
        p.skip_spaces();
        if (c.cargo.size() + 1 == 32) {
            return p.fail_at(p.pos, "at most 32 comparators");
        }
    }
}

// Fills the version set: the comparators' intervals intersected, and the pre-release windows
// (the pre-releases of a major.minor.patch that a comparator with a pre-release names).
void fill_intervals(Constraint& c) {
    SemInterval acc;
    for (const auto& k : c.cargo) {
        acc = intersect(acc, comparator_interval(k));
    }
    c.intervals = normalize({acc});
    std::vector<SemInterval> windows;
    for (const auto& k : c.cargo) {
        if (k.minor && k.patch && !k.pre.empty()) {
            SemVersion release;
            release.major = k.major;
            release.minor = *k.minor;
            release.patch = *k.patch;
            windows.push_back(intersect(acc, prereleases_of(release)));
        }
    }
    c.pre_windows = normalize(std::move(windows));
}

} // namespace

std::optional<Constraint> parse_cargo(std::string_view text, Prerelease prerelease,
                                      Diagnosis& diagnosis) {
    Constraint c;
    c.flavor = Flavor::cargo;
    c.prerelease = prerelease;
    c.text = std::string(text);
    CargoParser p;
    p.text = text;
    p.skip_spaces();
    if (p.at_wildcard()) {
        ++p.pos;
        p.skip_spaces();
        if (p.pos == text.size()) {
            c.intervals = {SemInterval{}};
            return c;
        }
        p.fail_at(p.pos, p.at(',') ? "the wildcard to be the only comparator"
                                   : "nothing after the wildcard");
    } else if (read_comparators(p, c)) {
        fill_intervals(c);
        return c;
    }
    diagnosis = Diagnosis{p.error_pos, p.error};
    return std::nullopt;
}

namespace {

// Ports of the semver crate's matches_* functions (src/eval.rs) over our types.
int cmp_pre(const std::string& a, const std::string& b) {
    return compare_prerelease(a, b, Flavor::cargo);
}

bool cargo_exact(const CargoComparator& c, const SemVersion& v) {
    if (v.major != c.major || (c.minor && v.minor != *c.minor) ||
        (c.patch && v.patch != *c.patch)) {
        return false;
    }
    return cmp_pre(v.pre, c.pre) == 0;
}

bool cargo_greater(const CargoComparator& c, const SemVersion& v) {
    if (v.major != c.major) {
        return v.major > c.major;
    }
    if (!c.minor) {
        return false;
    }
    if (v.minor != *c.minor) {
        return v.minor > *c.minor;
    }
    if (!c.patch) {
        return false;
    }
    if (v.patch != *c.patch) {
        return v.patch > *c.patch;
    }
    return cmp_pre(v.pre, c.pre) > 0;
}

bool cargo_less(const CargoComparator& c, const SemVersion& v) {
    if (v.major != c.major) {
        return v.major < c.major;
    }
    if (!c.minor) {
        return false;
    }
    if (v.minor != *c.minor) {
        return v.minor < *c.minor;
    }
    if (!c.patch) {
        return false;
    }
    if (v.patch != *c.patch) {
        return v.patch < *c.patch;
    }
    return cmp_pre(v.pre, c.pre) < 0;
}

bool cargo_tilde(const CargoComparator& c, const SemVersion& v) {
    if (v.major != c.major || (c.minor && v.minor != *c.minor)) {
        return false;
    }
    if (c.patch && v.patch != *c.patch) {
        return v.patch > *c.patch;
    }
    return cmp_pre(v.pre, c.pre) >= 0;
}

bool cargo_caret(const CargoComparator& c, const SemVersion& v) {
    if (v.major != c.major) {
        return false;
    }
    if (!c.minor) {
        return true;
    }
    std::uint64_t minor = *c.minor;
    if (!c.patch) {
        return c.major > 0 ? v.minor >= minor : v.minor == minor;
    }
    std::uint64_t patch = *c.patch;
    if (c.major > 0) {
        if (v.minor != minor) {
            return v.minor > minor;
        }
        if (v.patch != patch) {
            return v.patch > patch;
        }
    } else if (minor > 0) {
        if (v.minor != minor) {
            return false;
        }
        if (v.patch != patch) {
            return v.patch > patch;
        }
    } else if (v.minor != minor || v.patch != patch) {
        return false;
    }
    return cmp_pre(v.pre, c.pre) >= 0;
}

bool cargo_matches(const CargoComparator& c, const SemVersion& v) {
    switch (c.op) {
    case Op::exact:
    case Op::wildcard:
        return cargo_exact(c, v);
    case Op::greater:
        return cargo_greater(c, v);
    case Op::greater_eq:
        return cargo_exact(c, v) || cargo_greater(c, v);
    case Op::less:
        return cargo_less(c, v);
    case Op::less_eq:
        return cargo_exact(c, v) || cargo_less(c, v);
    case Op::tilde:
        return cargo_tilde(c, v);
    default:
        return cargo_caret(c, v);
    }
}

} // namespace

bool cargo_satisfies(const Constraint& c, const SemVersion& v) {
    for (const auto& k : c.cargo) {
        if (!cargo_matches(k, v)) {
            return false;
        }
    }
    // --include-prerelease drops only the rule that a pre-release must share its
    // major.minor.patch with a comparator that names a pre-release.
    if (v.pre.empty() || c.prerelease == Prerelease::include) {
        return true;
    }
    return std::any_of(c.cargo.begin(), c.cargo.end(), [&](const CargoComparator& k) {
        return k.major == v.major && k.minor == v.minor && k.patch == v.patch && !k.pre.empty();
    });
}

} // namespace tbx::semver::detail
