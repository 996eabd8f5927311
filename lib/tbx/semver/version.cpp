#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include <tbx/core/strings.hpp>
#include <tbx/semver/version.hpp>

namespace tbx::semver {
namespace {

// node-semver's limits: longer strings and larger numbers are rejected by its parser.
constexpr std::size_t k_npm_max_length = 256;
constexpr std::uint64_t k_npm_max_safe_integer = 9007199254740991ULL;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ident_char(char c) {
    return is_digit(c) || is_alpha(c) || c == '-';
}
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Compares digit strings without leading zeros by value, whatever their length.
int compare_numeric_text(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return a.size() < b.size() ? -1 : 1;
    }
    int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int sign(int value) {
    return value < 0 ? -1 : (value > 0 ? 1 : 0);
}

template <class T>
int three_way(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

tl::unexpected<Error> version_error(std::string message, std::string_view text,
                                    std::size_t column) {
    return fail(ErrorKind::invalid_argument,
                "invalid version: " + std::move(message) + " at column " +
                    std::to_string(column + 1),
                std::string(text));
}

// Reads digits at `pos` into `value`; false on overflow of `limit`.
bool read_number(std::string_view text, std::size_t& pos, std::uint64_t& value,
                 std::uint64_t limit) {
    std::size_t start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
        ++pos;
    }
    value = 0;
    // Up to 19 digits cannot overflow 64 bits; longer runs take the checked loop.
    if (pos - start <= 19) {
        for (std::size_t i = start; i < pos; ++i) {
            value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
        }
        return value <= limit;
    }
    bool overflow = false;
    for (std::size_t i = start; i < pos; ++i) {
        auto digit = static_cast<std::uint64_t>(text[i] - '0');
        overflow = overflow || __builtin_mul_overflow(value, 10U, &value) ||
                   __builtin_add_overflow(value, digit, &value);
    }
    return !overflow && value <= limit;
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

// --- PEP 440 -------------------------------------------------------------------------------

namespace {

bool is_sep(char c) {
    return c == '-' || c == '_' || c == '.';
}

bool starts_with_ci(std::string_view text, std::size_t pos, std::string_view word) {
    if (text.size() - pos < word.size()) {
        return false;
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (lower(text[pos + i]) != word[i]) {
            return false;
        }
    }
    return true;
}

// poetry-core normalizes only the lower-case spellings (its table lookup is case-sensitive).
std::string normalize_phase(std::string_view spelled) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> table{{
        {"alpha", "a"},
        {"beta", "b"},
        {"c", "rc"},
        {"pre", "rc"},
        {"preview", "rc"},
        {"r", "post"},
        {"rev", "post"},
        {"-", "post"},
        {"a", "a"},
    }};
    for (const auto& [from, to] : table) {
        if (spelled == from) {
            return std::string(to);
        }
    }
    return std::string(spelled);
}

// Tries the keywords longest first, which is the spelling the reference regex settles on.
std::size_t match_keyword(std::string_view text, std::size_t pos,
                          std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
        if (starts_with_ci(text, pos, w)) {
            return w.size();
        }
    }
    return 0;
}

// Parses `[-_.]?KEYWORD[-_.]?[0-9]*` at `pos`; returns false (pos unchanged) when absent.
bool parse_tag(std::string_view text, std::size_t& pos,
               std::initializer_list<std::string_view> words, std::optional<ReleaseTag>& out,
               bool& overflow) {
    std::size_t p = pos;
    if (p < text.size() && is_sep(text[p])) {
        ++p;
    }
    std::size_t len = match_keyword(text, p, words);
    if (len == 0) {
        return false;
    }
    ReleaseTag tag;
    tag.phase = normalize_phase(text.substr(p, len));
    p += len;
    std::size_t q = p;
    if (q < text.size() && is_sep(text[q])) {
        ++q;
    }
    if (q < text.size() && is_digit(text[q])) {
        if (!read_number(text, q, tag.number, UINT64_MAX)) {
            overflow = true;
        }
        p = q;
    } else {
        // A separator with no number after it is still consumed (the regex's greedy choice).
        p = q;
    }
    pos = p;
    out = std::move(tag);
    return true;
}

struct Pep440Key {
    const Pep440Version& v;
};

// Compares release tags; `absent_rank` places a missing tag as poetry's +/-infinity tags do.
enum class Missing { lowest, highest };

int compare_tag(const std::optional<ReleaseTag>& a, const std::optional<ReleaseTag>& b,
                Missing missing) {
    // poetry-core encodes a missing tag as phase "" (lowest) or "z" (highest) with an
    // infinite number; real phases never equal those, so only the phase decides.
    std::string_view pa = a ? std::string_view(a->phase) : (missing == Missing::lowest ? "" : "z");
    std::string_view pb = b ? std::string_view(b->phase) : (missing == Missing::lowest ? "" : "z");
    if (int c = sign(pa.compare(pb))) {
        return c;
    }
    if (!a || !b) {
        return 0;
    }
    return three_way(a->number, b->number);
}

// Reads the local version's segments after '+' (lower-cased); false at an empty segment.
bool read_local(std::string_view text, std::size_t& pos, std::vector<std::string>& local) {
    while (true) {
        std::size_t start = pos;
        while (pos < text.size() && (is_digit(text[pos]) || is_alpha(text[pos]))) {
            ++pos;
        }
        if (pos == start) {
            return false;
        }
        std::string seg(text.substr(start, pos - start));
        std::transform(seg.begin(), seg.end(), seg.begin(), lower);
        local.push_back(std::move(seg));
        if (pos + 1 < text.size() && is_sep(text[pos]) &&
            (is_digit(text[pos + 1]) || is_alpha(text[pos + 1]))) {
            ++pos;
            continue;
        }
        return true;
    }
}

} // namespace

Result<Pep440Version> parse_pep440(std::string_view input) {
    std::string_view text = core::trim(input);
    std::size_t offset = static_cast<std::size_t>(text.data() - input.data());
    auto error = [&](std::string message, std::size_t pos) {
        return fail(ErrorKind::invalid_argument,
                    "invalid PEP 440 version: " + std::move(message) + " at column " +
                        std::to_string(offset + pos + 1),
                    std::string(input));
    };
    Pep440Version v;
    std::size_t pos = 0;
    if (pos < text.size() && lower(text[pos]) == 'v') {
        ++pos;
    }
    if (pos >= text.size() || !is_digit(text[pos])) {
        return error("expected a release number", pos);
    }
    // An epoch is digits followed by '!'.
    {
        std::size_t p = pos;
        while (p < text.size() && is_digit(text[p])) {
            ++p;
        }
        if (p < text.size() && text[p] == '!') {
            if (!read_number(text, pos, v.epoch, UINT64_MAX)) {
                return error("the epoch is too large", pos);
            }
            pos = p + 1;
            if (pos >= text.size() || !is_digit(text[pos])) {
                return error("expected a release number after the epoch", pos);
            }
        }
    }
    while (true) {
        std::uint64_t part = 0;
        std::size_t start = pos;
        if (!read_number(text, pos, part, UINT64_MAX)) {
            return error("a release number is too large", start);
        }
        v.release.push_back(part);
        if (pos + 1 < text.size() && text[pos] == '.' && is_digit(text[pos + 1])) {
            ++pos;
            continue;
        }
        break;
    }
    bool overflow = false;
    parse_tag(text, pos, {"preview", "alpha", "beta", "pre", "rc", "a", "b", "c"}, v.pre, overflow);
    // The post-release: "-N" first, as in the reference pattern's first alternative.
    if (pos + 1 < text.size() && text[pos] == '-' && is_digit(text[pos + 1])) {
        ReleaseTag tag{"post", 0};
        ++pos;
        if (!read_number(text, pos, tag.number, UINT64_MAX)) {
            overflow = true;
        }
        v.post = tag;
    } else {
        parse_tag(text, pos, {"post", "rev", "r"}, v.post, overflow);
    }
    parse_tag(text, pos, {"dev"}, v.dev, overflow);
    if (pos < text.size() && text[pos] == '+') {
        ++pos;
        if (!read_local(text, pos, v.local.emplace())) {
            return error("expected a local version segment", pos);
        }
    }
    if (pos < text.size()) {
        if (text[pos] == '*' || lower(text[pos]) == 'x') {
            return error("a wildcard is not allowed in a version", pos);
        }
        return error("unexpected character '" + std::string(1, text[pos]) + "'", pos);
    }
    if (overflow) {
        return error("a number is too large", 0);
    }
    v.text = std::string(input);
    return v;
}

std::string Pep440Version::to_string() const {
    std::string out;
    if (epoch != 0) {
        out += std::to_string(epoch) + "!";
    }
    // Appends piecewise: `"." + std::string` trips a GCC 12 -Wrestrict false positive.
    for (std::size_t i = 0; i < release.size(); ++i) {
        if (i > 0) {
            out += '.';
        }
        out += std::to_string(release[i]);
    }
    if (pre) {
        out += pre->phase;
        out += std::to_string(pre->number);
    }
    if (post) {
        out += '.';
        out += post->phase;
        out += std::to_string(post->number);
    }
    if (dev) {
        out += '.';
        out += dev->phase;
        out += std::to_string(dev->number);
    }
    if (local) {
        out += "+";
        for (std::size_t i = 0; i < local->size(); ++i) {
            out += (i == 0 ? "" : ".") + (*local)[i];
        }
    }
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

int compare_pep440(const Pep440Version& a, const Pep440Version& b) {
    if (int c = three_way(a.epoch, b.epoch)) {
        return c;
    }
    // Release key: (major, minor or 0, patch or 0, *extra); a longer tuple sorts after.
    std::size_t na = std::max<std::size_t>(a.release.size(), 3);
    std::size_t nb = std::max<std::size_t>(b.release.size(), 3);
    for (std::size_t i = 0; i < std::min(na, nb); ++i) {
        std::uint64_t x = i < a.release.size() ? a.release[i] : 0;
        std::uint64_t y = i < b.release.size() ? b.release[i] : 0;
        if (int c = three_way(x, y)) {
            return c;
        }
    }
    if (int c = three_way(na, nb)) {
        return c;
    }
    // dev-only releases sort before pre-releases of the same release.
    auto pre_key = [](const Pep440Version& v) -> std::optional<ReleaseTag> {
        if (!v.pre && !v.post && v.dev) {
            return std::nullopt;
        }
        if (!v.pre) {
            return ReleaseTag{"z", UINT64_MAX};
        }
        return v.pre;
    };
    if (int c = compare_tag(pre_key(a), pre_key(b), Missing::lowest)) {
        return c;
    }
    if (int c = compare_tag(a.post, b.post, Missing::lowest)) {
        return c;
    }
    if (int c = compare_tag(a.dev, b.dev, Missing::highest)) {
        return c;
    }
    // Local segments: numeric ones as (n, ""), others as (0, text): poetry-core's
    // NegativeInfinity equals 0 under Python's tuple comparison. No local is (0, "").
    auto seg_key = [](const std::string& s) -> std::pair<std::string_view, std::string_view> {
        bool numeric = !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
        if (numeric) {
            std::string_view v(s);
            v.remove_prefix(std::min(v.find_first_not_of('0'), v.size()));
            return {v, ""};
        }
        return {"", s};
    };
    static const std::vector<std::string> k_no_local{"0"};
    const auto& la = a.local ? *a.local : k_no_local;
    const auto& lb = b.local ? *b.local : k_no_local;
    for (std::size_t i = 0; i < std::min(la.size(), lb.size()); ++i) {
        auto [xn, xs] = seg_key(la[i]);
        auto [yn, ys] = seg_key(lb[i]);
        if (int c = compare_numeric_text(xn, yn)) {
            return c;
        }
        if (int c = sign(xs.compare(ys))) {
            return c;
        }
    }
    return three_way(la.size(), lb.size());
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

namespace tbx::semver {

int compare_release(const Pep440Version& a, const Pep440Version& b) {
    std::size_t na = std::max<std::size_t>(a.release.size(), 3);
    std::size_t nb = std::max<std::size_t>(b.release.size(), 3);
    for (std::size_t i = 0; i < std::min(na, nb); ++i) {
        std::uint64_t x = i < a.release.size() ? a.release[i] : 0;
        std::uint64_t y = i < b.release.size() ? b.release[i] : 0;
        if (int c = three_way(x, y)) {
            return c;
        }
    }
    return three_way(na, nb);
}

namespace {

Pep440Version from_release(std::uint64_t epoch, std::vector<std::uint64_t> release) {
    Pep440Version v;
    v.epoch = epoch;
    v.release = std::move(release);
    v.text = v.to_string();
    return v;
}

} // namespace

Pep440Version pep440_next(const Pep440Version& v, BumpPart part) {
    if (part == BumpPart::pre) {
        Pep440Version out = from_release(v.epoch, v.release);
        out.pre = ReleaseTag{"a", 0};
        out.text = out.to_string();
        return out;
    }
    std::vector<std::uint64_t> rel = v.release;
    bool increment_required = !v.is_unstable() || (!v.pre && v.post);
    std::size_t keep = part == BumpPart::major ? 1 : (part == BumpPart::minor ? 2 : 3);
    // Release(major[, minor[, patch]]) < release: the version is past the plain prefix.
    Pep440Version prefix;
    prefix.release.assign(rel.begin(), rel.begin() + std::min(keep, rel.size()));
    prefix.release.resize(3, 0);
    if (keep < 3) {
        std::fill(prefix.release.begin() + static_cast<std::ptrdiff_t>(keep), prefix.release.end(),
                  0);
    }
    Pep440Version current;
    current.release = rel;
    if (increment_required || compare_release(prefix, current) < 0) {
        std::size_t precision = rel.size();
        std::size_t index = keep - 1;
        if (index >= rel.size()) {
            // next_minor on "1" gives "1.1"; next_patch on "1" gives "1.0.1".
            rel.resize(index + 1, 0);
            precision = rel.size();
        }
        rel[index] += 1;
        for (std::size_t i = index + 1; i < precision; ++i) {
            rel[i] = 0;
        }
    }
    return from_release(v.epoch, rel);
}

Pep440Version pep440_stable(const Pep440Version& v) {
    if (!v.is_unstable()) {
        return v;
    }
    Pep440Version out = from_release(v.epoch, v.release);
    if (!v.pre) {
        out.post = v.post;
    }
    out.text = out.to_string();
    return out;
}

Pep440Version pep440_next_breaking(const Pep440Version& v) {
    Pep440Version s = pep440_stable(v);
    if (v.release[0] > 0 || v.release.size() < 2) {
        return pep440_next(s, BumpPart::major);
    }
    if (v.release[1] > 0 || v.release.size() < 3) {
        return pep440_next(s, BumpPart::minor);
    }
    return pep440_next(s, BumpPart::patch);
}

} // namespace tbx::semver
