#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include <tbx/core/strings.hpp>
#include <tbx/semver/chars.hpp>
#include <tbx/semver/version.hpp>

namespace tbx::semver {

using detail::compare_numeric_text;
using detail::is_alpha;
using detail::is_digit;
using detail::read_number;
using detail::sign;
using detail::three_way;

namespace {

// node-semver's limits: longer strings and larger numbers are rejected by its parser.
constexpr std::size_t k_npm_max_length = 256;
constexpr std::uint64_t k_npm_max_safe_integer = 9007199254740991ULL;

bool is_ident_char(char c) {
    return is_digit(c) || is_alpha(c) || c == '-';
}
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

tl::unexpected<Error> version_error(std::string message, std::string_view text,
                                    std::size_t column) {
    return fail(ErrorKind::invalid_argument,
                "invalid version: " + std::move(message) + " at column " +
                    std::to_string(column + 1),
                std::string(text));
}

// Says where and why a SemVer version failed to parse, cheaply: the message is only built
// when the caller wants one.
struct SemFault {
    enum class Kind {
        none,
        too_long,
        expected_dot,
        expected_number,
        number_too_large,
        leading_zero,
        expected_pre_identifier,
        expected_build_identifier,
        pre_leading_zero,
        too_many_parts,
        unexpected_character,
    };
    Kind kind = Kind::none;
    std::size_t column = 0; ///< in the whole input
    std::size_t part = 0;   ///< 0 major, 1 minor, 2 patch
};

// Checks `.`-separated identifiers for a pre-release or build part; returns the end position,
// or npos after filling `fault`.
std::size_t scan_identifiers(std::string_view text, std::size_t pos, bool prerelease,
                             std::size_t offset, SemFault& fault) {
    while (true) {
        std::size_t start = pos;
        bool numeric = true;
        while (pos < text.size() && is_ident_char(text[pos])) {
            numeric = numeric && is_digit(text[pos]);
            ++pos;
        }
        if (pos == start) {
            fault = {prerelease ? SemFault::Kind::expected_pre_identifier
                                : SemFault::Kind::expected_build_identifier,
                     offset + pos, 0};
            return std::string_view::npos;
        }
        if (prerelease && numeric && pos - start > 1 && text[start] == '0') {
            fault = {SemFault::Kind::pre_leading_zero, offset + start, 0};
            return std::string_view::npos;
        }
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            continue;
        }
        return pos;
    }
}

// The whole grammar, without building messages; `v` is overwritten (its strings' storage is
// reused). Returns false after filling `fault`.
bool scan_semver(std::string_view text, Flavor flavor, SemVersion& v, SemFault& fault) {
    std::size_t offset = 0;
    std::uint64_t limit = UINT64_MAX;
    if (flavor == Flavor::npm) {
        if (text.size() > k_npm_max_length) {
            fault = {SemFault::Kind::too_long, k_npm_max_length, 0};
            return false;
        }
        if (!text.empty() && (is_space(text.front()) || is_space(text.back()))) {
            std::string_view trimmed = core::trim(text);
            offset = static_cast<std::size_t>(trimmed.data() - text.data());
            text = trimmed;
        }
        if (!text.empty() && text[0] == 'v') {
            text.remove_prefix(1);
            ++offset;
        }
        limit = k_npm_max_safe_integer;
    }
    v.flavor = flavor;
    v.pre.clear();
    v.build.clear();
    std::size_t pos = 0;
    std::uint64_t* parts[3] = {&v.major, &v.minor, &v.patch};
    for (std::size_t i = 0; i < 3; ++i) {
        if (i > 0) {
            if (pos >= text.size() || text[pos] != '.') {
                fault = {SemFault::Kind::expected_dot, offset + pos, i};
                return false;
            }
            ++pos;
        }
        std::size_t start = pos;
        if (pos >= text.size() || !is_digit(text[pos])) {
            fault = {SemFault::Kind::expected_number, offset + pos, i};
            return false;
        }
        if (!read_number(text, pos, *parts[i], limit)) {
            fault = {SemFault::Kind::number_too_large, offset + start, i};
            return false;
        }
        if (pos - start > 1 && text[start] == '0') {
            fault = {SemFault::Kind::leading_zero, offset + start, i};
            return false;
        }
    }
    if (pos < text.size() && text[pos] == '-') {
        std::size_t end = scan_identifiers(text, pos + 1, true, offset, fault);
        if (end == std::string_view::npos) {
            return false;
        }
        v.pre.assign(text.data() + pos + 1, end - pos - 1);
        pos = end;
    }
    if (pos < text.size() && text[pos] == '+') {
        std::size_t end = scan_identifiers(text, pos + 1, false, offset, fault);
        if (end == std::string_view::npos) {
            return false;
        }
        v.build.assign(text.data() + pos + 1, end - pos - 1);
        pos = end;
    }
    if (pos < text.size()) {
        if (text[pos] == '.' && v.pre.empty() && v.build.empty()) {
            fault = {SemFault::Kind::too_many_parts, offset + pos + 1, 0};
        } else {
            fault = {SemFault::Kind::unexpected_character, offset + pos, 0};
        }
        return false;
    }
    return true;
}

[[gnu::cold]] tl::unexpected<Error> sem_fault_error(const SemFault& f, std::string_view whole) {
    static constexpr std::array<const char*, 3> names{"major", "minor", "patch"};
    std::string name = names[f.part];
    switch (f.kind) {
    case SemFault::Kind::too_long:
        return version_error("longer than 256 characters", whole, f.column);
    case SemFault::Kind::expected_dot:
        return version_error("expected '.' before the " + name + " number", whole, f.column);
    case SemFault::Kind::expected_number:
        return version_error("expected the " + name + " number", whole, f.column);
    case SemFault::Kind::number_too_large:
        return version_error("the " + name + " number is too large", whole, f.column);
    case SemFault::Kind::leading_zero:
        return version_error("leading zero in the " + name + " number", whole, f.column);
    case SemFault::Kind::expected_pre_identifier:
        return version_error("expected a pre-release identifier", whole, f.column);
    case SemFault::Kind::expected_build_identifier:
        return version_error("expected a build identifier", whole, f.column);
    case SemFault::Kind::pre_leading_zero:
        return version_error("leading zero in a numeric pre-release identifier", whole, f.column);
    case SemFault::Kind::too_many_parts:
        return version_error("at most three parts before '-' or '+'", whole, f.column);
    case SemFault::Kind::unexpected_character:
    case SemFault::Kind::none:
    default:
        return version_error("unexpected character '" + std::string(1, whole[f.column]) + "'",
                             whole, f.column);
    }
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

std::string_view strip_zeros(std::string_view s) {
    s.remove_prefix(std::min(s.find_first_not_of('0'), s.size()));
    return s;
}

// Compares two all-digit identifiers by value. npm converts them to JavaScript numbers, so
// values beyond 2^53 compare as the doubles nearest to them (equal when they round alike);
// cargo compares exact values, then the written length (0 < 00 < 1 < 01, build only).
int compare_numeric_ids(std::string_view x, std::string_view y, Flavor flavor) {
    std::string_view xv = strip_zeros(x);
    std::string_view yv = strip_zeros(y);
    if (flavor == Flavor::npm) {
        // Up to 15 digits is below 2^53, where doubles are exact.
        if (xv.size() <= 15 && yv.size() <= 15) {
            return compare_numeric_text(xv, yv);
        }
        double dx = std::strtod(std::string(xv).c_str(), nullptr);
        double dy = std::strtod(std::string(yv).c_str(), nullptr);
        return dx < dy ? -1 : (dy < dx ? 1 : 0);
    }
    if (int c = compare_numeric_text(xv, yv)) {
        return c;
    }
    return three_way(x.size(), y.size());
}

// Compares dot-separated identifier lists as node-semver's comparePre/compareBuild (the
// first identifiers whose texts differ decide, even when they compare equal as numbers) and
// the semver crate's Prerelease/BuildMetadata order (numbers before words, words in ASCII
// order, a shorter list first).
int compare_identifier_lists(std::string_view a, std::string_view b, Flavor flavor) {
    while (true) {
        if (a.empty() || b.empty()) {
            return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
        }
        std::size_t ea = std::min(a.find('.'), a.size());
        std::size_t eb = std::min(b.find('.'), b.size());
        std::string_view x = a.substr(0, ea);
        std::string_view y = b.substr(0, eb);
        if (x != y) {
            bool xn = all_digits(x);
            bool yn = all_digits(y);
            int c = 0;
            if (xn && yn) {
                c = compare_numeric_ids(x, y, flavor);
            } else if (xn != yn) {
                c = xn ? -1 : 1;
            } else {
                c = sign(x.compare(y));
            }
            if (c != 0 || flavor == Flavor::npm) {
                return c;
            }
        }
        // Past the identifier and its dot; an empty rest means the list ended.
        a.remove_prefix(std::min(ea + 1, a.size()));
        b.remove_prefix(std::min(eb + 1, b.size()));
    }
}

} // namespace

std::optional<Flavor> flavor_from_name(std::string_view name) {
    if (name == "poetry") {
        return Flavor::poetry;
    }
    if (name == "npm") {
        return Flavor::npm;
    }
    if (name == "cargo") {
        return Flavor::cargo;
    }
    return std::nullopt;
}

std::string_view flavor_name(Flavor flavor) {
    switch (flavor) {
    case Flavor::poetry:
        return "poetry";
    case Flavor::npm:
        return "npm";
    case Flavor::cargo:
        return "cargo";
    }
    return "poetry";
}

std::string SemVersion::to_string() const {
    std::string out =
        std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
    if (!pre.empty()) {
        out += '-';
        out += pre;
    }
    return out;
}

Result<SemVersion> parse_semver(std::string_view text, Flavor flavor) {
    SemFault fault;
    // A plain local, moved out: value-initializing the Result would zero it first.
    SemVersion v;
    if (!scan_semver(text, flavor, v, fault)) {
        return sem_fault_error(fault, text);
    }
    return v;
}

bool parse_semver_into(std::string_view text, Flavor flavor, SemVersion& out) {
    SemFault fault;
    return scan_semver(text, flavor, out, fault);
}

int compare_semver(const SemVersion& a, const SemVersion& b) {
    if (int c = three_way(a.major, b.major)) {
        return c;
    }
    if (int c = three_way(a.minor, b.minor)) {
        return c;
    }
    if (int c = three_way(a.patch, b.patch)) {
        return c;
    }
    return compare_prerelease(a.pre, b.pre, a.flavor);
}

int compare_prerelease(std::string_view a, std::string_view b, Flavor flavor) {
    if (a.empty() || b.empty()) {
        // A release has higher precedence than any of its pre-releases.
        return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
    }
    return compare_identifier_lists(a, b, flavor);
}

int compare_build(const SemVersion& a, const SemVersion& b, Flavor flavor) {
    return compare_identifier_lists(a.build, b.build, flavor);
}

bool Version::is_prerelease() const {
    if (flavor == Flavor::poetry) {
        return pep().is_unstable();
    }
    return sem().is_prerelease();
}

Result<Version> parse_version(std::string_view text, Flavor flavor) {
    Version v;
    v.flavor = flavor;
    v.text = std::string(text);
    if (flavor == Flavor::poetry) {
        auto parsed = parse_pep440(text);
        if (!parsed) {
            return tl::unexpected(parsed.error());
        }
        v.value = std::move(*parsed);
    } else {
        auto parsed = parse_semver(text, flavor);
        if (!parsed) {
            return tl::unexpected(parsed.error());
        }
        v.value = std::move(*parsed);
    }
    return v;
}

int compare_versions(const Version& a, const Version& b) {
    if (a.flavor == Flavor::poetry) {
        return compare_pep440(a.pep(), b.pep());
    }
    return compare_semver(a.sem(), b.sem());
}
} // namespace tbx::semver
