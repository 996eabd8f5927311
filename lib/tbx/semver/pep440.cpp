// PEP 440 versions as poetry-core reads them: parsing (its regular expression's grammar),
// printing, ordering, and the release arithmetic that bumps and constraints use.

#include <algorithm>
#include <array>

#include <tbx/core/strings.hpp>
#include <tbx/semver/chars.hpp>
#include <tbx/semver/version.hpp>

namespace tbx::semver {

using detail::compare_numeric_text;
using detail::is_alpha;
using detail::is_digit;
using detail::lower;
using detail::read_number;
using detail::sign;
using detail::three_way;

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
    if (int c = compare_release(a, b)) {
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

int compare_release(const Pep440Version& a, const Pep440Version& b) {
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
