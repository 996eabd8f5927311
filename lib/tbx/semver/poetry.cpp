// poetry constraints: poetry-core 1.4's parse_constraint (its regular expressions, its
// caret, tilde, x-range and comparison rules), over tbx's PoetryRange sets (range.hpp).

#include <tbx/core/strings.hpp>
#include <tbx/semver/flavors.hpp>
#include <tbx/semver/regex.hpp>

namespace tbx::semver::detail {
namespace {

const std::string k_pep440 = "v?(?:(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*"
                             "(?:[-_\\.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_\\.]?(?:[0-9]+)?)?"
                             "(?:(?:-(?:[0-9]+))|(?:[-_\\.]?(?:post|rev|r)[-_\\.]?(?:[0-9]+)?))?"
                             "(?:[-_\\.]?(?:dev)[-_\\.]?(?:[0-9]+)?)?)"
                             "(?:\\+(?:[a-z0-9]+(?:[-_\\.][a-z0-9]+)*))?";

struct PoetryRegexes {
    Regex or_split{"\\s*\\|\\|?\\s*", 0};
    Regex and_split{"(?<!^)(?<![~=>< ,]) *(?<!-)[, ](?!-) *(?!,|$)", 0};
    Regex any{"^v?[xX*](\\.[xX*])*$", PCRE2_CASELESS};
    Regex tilde{"^~(?!=)\\s*(" + k_pep440 + ")$", PCRE2_CASELESS};
    Regex tilde_pep440{"^~=\\s*(" + k_pep440 + ")$", PCRE2_CASELESS};
    Regex caret{"^\\^(" + k_pep440 + ")$", PCRE2_CASELESS};
    Regex x{"^(!=|==)?\\s*v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.[xX*])+$", 0};
    Regex basic{"^(<>|!=|>=?|<=?|==?)?\\s*(" + k_pep440 + "|dev)(\\.\\*)?$", PCRE2_CASELESS};
};

const PoetryRegexes& poetry_regexes() {
    static const PoetryRegexes regexes;
    return regexes;
}

// Python's re.split without capture groups: the pieces between matches with their offsets.

bool parse_pep(std::string_view text, Pep440Version& out) {
    auto v = parse_pep440(text);
    if (!v) {
        return false;
    }
    out = std::move(*v);
    return true;
}

Pep440Version pep_from_parts(std::uint64_t major, std::optional<std::uint64_t> minor,
                             std::optional<std::uint64_t> patch) {
    Pep440Version v;
    v.release.push_back(major);
    if (minor) {
        v.release.push_back(*minor);
    }
    if (patch) {
        v.release.push_back(*patch);
    }
    v.text = v.to_string();
    return v;
}

// Reads a decimal number of the x-range pattern; false when it does not fit 64 bits.
bool read_number(std::string_view s, std::uint64_t& out) {
    out = 0;
    for (char ch : s) {
        auto d = static_cast<std::uint64_t>(ch - '0');
        if (out > (UINT64_MAX - d) / 10) {
            return false;
        }
        out = out * 10 + d;
    }
    return true;
}

// "~V" (poetry's tilde) and "~=V" (PEP 440's compatible release), from the matched version.
std::optional<PoetryUnion> tilde_range(std::string_view version, bool pep440) {
    Pep440Version v;
    if (!parse_pep(version, v)) {
        return std::nullopt;
    }
    // Poetry's ~1 bumps the major, ~1.2 the minor; PEP 440's ~=1.2 the major, ~=1.2.3 the minor.
    std::size_t major_size = pep440 ? 2 : 1;
    BumpPart part = v.release.size() == major_size ? BumpPart::major : BumpPart::minor;
    Pep440Version high = pep440_next(pep440_stable(v), part);
    return PoetryUnion{make_poetry_range(v, high, true, false)};
}

// "[==|!=]M[.m[.p]].*" (the x pattern's groups: operator, major, minor).
std::optional<PoetryUnion> wildcard_range(const Groups& m) {
    std::uint64_t major = 0;
    if (!read_number(*m[2], major)) {
        return std::nullopt;
    }
    PoetryRange result;
    if (m.is_set(3)) {
        std::uint64_t minor = 0;
        if (!read_number(*m[3], minor)) {
            return std::nullopt;
        }
        Pep440Version lo = pep_from_parts(major, minor, 0);
        result = make_poetry_range(lo, pep440_next(lo, BumpPart::minor), true, false);
    } else if (major == 0) {
        result = make_poetry_range(std::nullopt, pep_from_parts(1, 0, 0), false, false);
    } else {
        Pep440Version lo = pep_from_parts(major, 0, 0);
        result = make_poetry_range(lo, pep440_next(lo, BumpPart::major), true, false);
    }
    if (m.text(1) == "!=") {
        return poetry_any_minus(result);
    }
    return PoetryUnion{result};
}

// "OP V" for OP one of <, <=, >, >=, !=, ==, = or none (the basic pattern's groups 1 and 2).
std::optional<PoetryUnion> comparison(const std::string& op, std::string vs) {
    if (vs == "dev") {
        vs = "0.0-dev";
    }
    Pep440Version v;
    if (!parse_pep(vs, v)) {
        return std::nullopt;
    }
    if (op == "<") {
        return PoetryUnion{make_poetry_range(std::nullopt, v, false, false)};
    }
    if (op == "<=") {
        return PoetryUnion{make_poetry_range(std::nullopt, v, false, true)};
    }
    if (op == ">") {
        return PoetryUnion{make_poetry_range(v, std::nullopt, false, false)};
    }
    if (op == ">=") {
        return PoetryUnion{make_poetry_range(v, std::nullopt, true, false)};
    }
    if (op == "!=") {
        // VersionUnion(VersionRange(max=v), VersionRange(min=v)), built directly.
        return PoetryUnion{make_poetry_range(std::nullopt, v, false, false),
                           make_poetry_range(v, std::nullopt, false, false)};
    }
    return PoetryUnion{make_poetry_version(v)};
}

// Returns true for a plain release: digits, with single dots between them ("1", "1.2.3").
bool plain_release(std::string_view text) {
    bool digit_before = false;
    for (char ch : text) {
        if (ch == '.' && !digit_before) {
            return false;
        }
        digit_before = ch != '.';
        if (digit_before && (ch < '0' || ch > '9')) {
            return false;
        }
    }
    return digit_before;
}

// Drops the blanks PCRE2's \s matches from the front of `text`.
std::string_view skip_blanks(std::string_view text) {
    const auto start = text.find_first_not_of(" \t\n\v\f\r");
    return start == std::string_view::npos ? std::string_view() : text.substr(start);
}

// Reads a piece that is an operator and a plain release ("^1.2.3", "~=1.2", ">= 1.2", "1.2")
// the way poetry-core's patterns do, without compiling them: the compile would cost a
// one-shot check more than the check. nullopt: another piece, which the patterns read.
std::optional<std::optional<PoetryUnion>> plain_single(std::string_view piece) {
    if (piece.starts_with('^')) { // the caret pattern allows no blank after '^'
        if (!plain_release(piece.substr(1))) {
            return std::nullopt;
        }
        Pep440Version v;
        if (!parse_pep(piece.substr(1), v)) {
            return std::optional<PoetryUnion>();
        }
        return PoetryUnion{make_poetry_range(v, pep440_next_breaking(v), true, false)};
    }
    if (piece.starts_with('~')) {
        const bool pep440 = piece.starts_with("~=");
        const std::string_view version = skip_blanks(piece.substr(pep440 ? 2 : 1));
        return plain_release(version) ? tilde_range(version, pep440)
                                      : std::optional<std::optional<PoetryUnion>>();
    }
    std::size_t op_size = 0;
    for (std::string_view op : {"<>", "!=", ">=", "<=", "==", ">", "<", "="}) {
        if (piece.starts_with(op)) {
            op_size = op.size();
            break;
        }
    }
    const std::string_view version = skip_blanks(piece.substr(op_size));
    if (!plain_release(version)) {
        return std::nullopt;
    }
    return comparison(std::string(piece.substr(0, op_size)), std::string(version));
}

// poetry-core's parse_single_constraint.
std::optional<PoetryUnion> poetry_single(std::string_view piece) {
    if (auto plain = plain_single(piece)) {
        return *plain;
    }
    const auto& re = poetry_regexes();
    Groups m;
    // Each pattern is tried only where its anchored first (or last) character can match, so
    // that a one-shot check compiles only the pattern it needs.
    char first = piece.empty() ? '\0' : piece.front();
    char last = piece.empty() ? '\0' : piece.back();
    bool wild_end = last == 'x' || last == 'X' || last == '*';
    if (wild_end && std::string_view("vVxX*").find(first) != std::string_view::npos &&
        re.any.match(piece, m)) {
        return PoetryUnion{make_poetry_range(std::nullopt, std::nullopt, false, false)};
    }
    if (first == '~' && re.tilde.match(piece, m)) {
        return tilde_range(*m[1], false);
    }
    if (first == '~' && re.tilde_pep440.match(piece, m)) {
        return tilde_range(*m[1], true);
    }
    if (first == '^' && re.caret.match(piece, m)) {
        Pep440Version v;
        if (!parse_pep(*m[1], v)) {
            return std::nullopt;
        }
        return PoetryUnion{make_poetry_range(v, pep440_next_breaking(v), true, false)};
    }
    if (wild_end && re.x.match(piece, m)) {
        return wildcard_range(m);
    }
    if (re.basic.match(piece, m)) {
        return comparison(m.text(1), m.text(2));
    }
    return std::nullopt;
}

std::string py_rstrip(std::string s, std::string_view chars) {
    while (!s.empty() && chars.find(s.back()) != std::string_view::npos) {
        s.pop_back();
    }
    return s;
}

} // namespace

Result<Constraint> parse_poetry(std::string_view text, Prerelease prerelease) {
    Constraint c;
    c.flavor = Flavor::poetry;
    c.prerelease = prerelease;
    c.text = std::string(text);
    if (text == "*") {
        c.poetry = {make_poetry_range(std::nullopt, std::nullopt, false, false)};
    } else {
        const auto& re = poetry_regexes();
        std::vector<PoetryRange> groups;
        auto ors = re_split(re.or_split, core::trim(text), "|");
        for (auto& [off, or_part] : ors) {
            (void)off;
            std::string part = py_rstrip(py_rstrip(or_part, ","), " \t\n\r\f\v");
            PoetryUnion acc;
            bool first = true;
            for (auto& [off2, piece] : re_split(re.and_split, part, ", ")) {
                (void)off2;
                auto single = poetry_single(piece);
                if (!single) {
                    return constraint_error(text, Flavor::poetry);
                }
                acc = first ? std::move(*single) : poetry_intersect(acc, *single);
                first = false;
            }
            for (auto& r : acc) {
                groups.push_back(std::move(r));
            }
            if (acc.empty() && ors.size() == 1) {
                groups.clear();
            }
        }
        c.poetry = ors.size() == 1 ? std::move(groups) : poetry_union_of(std::move(groups));
    }
    // Poetry's resolver admits pre-releases when the constraint is a single range (or
    // version) whose bound is itself a pre-release or dev release.
    if (c.poetry.size() == 1) {
        const PoetryRange& r = c.poetry.front();
        c.poetry_allows_unstable =
            (r.min && r.min->is_unstable()) || (!r.is_version && r.max && r.max->is_unstable());
    }
    return c;
}

} // namespace tbx::semver::detail
