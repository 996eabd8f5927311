#include <algorithm>
#include <array>
#include <regex>
#include <vector>

#include <tbx/core/strings.hpp>
#include <tbx/semver/parts.hpp>

namespace tbx::semver {
namespace {

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// True when node-semver keeps a numeric identifier as a Number (npm: below 2^53-1).
bool js_number(std::string_view id, Flavor flavor) {
    if (!all_digits(id)) {
        return false;
    }
    // 9007199254740991 = 2^53-1, JavaScript's Number.MAX_SAFE_INTEGER.
    return flavor != Flavor::npm || id.size() < 16 || (id.size() == 16 && id < "9007199254740991");
}

std::vector<std::string> split_dots(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = s.find('.', start);
        out.emplace_back(s.substr(start, dot - start));
        if (dot == std::string_view::npos) {
            return out;
        }
        start = dot + 1;
    }
}

std::string join_dots(const std::vector<std::string>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out += (i == 0 ? "" : ".") + ids[i];
    }
    return out;
}

// Adds one to a decimal digit string.
std::string add_one(std::string digits) {
    std::size_t i = digits.size();
    while (i > 0 && digits[i - 1] == '9') {
        digits[--i] = '0';
    }
    if (i == 0) {
        digits.insert(digits.begin(), '1');
    } else {
        ++digits[i - 1];
    }
    return digits;
}

// Compares identifiers as node-semver's compareIdentifiers: numbers by value, else as text.
bool same_identifier(const std::string& a, const std::string& b) {
    if (all_digits(a) && all_digits(b)) {
        auto strip = [](const std::string& s) {
            return s.substr(std::min(s.find_first_not_of('0'), s.size() - 1));
        };
        return strip(a) == strip(b);
    }
    return a == b;
}

// node-semver's inc('pre', identifier, identifierBase); false where node-semver throws (no
// number wanted and no identifier given, or that identifier already there).
bool inc_pre(SemVersion& v, const BumpOptions& o) {
    if (!o.numbered && o.preid.empty()) {
        return false;
    }
    const std::string base = std::to_string(o.numbered ? o.base : 0);
    std::vector<std::string> ids = v.pre.empty() ? std::vector<std::string>{} : split_dots(v.pre);
    if (ids.empty()) {
        ids = {base};
    } else {
        auto last = std::find_if(ids.rbegin(), ids.rend(),
                                 [&](const std::string& id) { return js_number(id, v.flavor); });
        if (last != ids.rend()) {
            *last = add_one(*last);
        } else if (!o.numbered && o.preid == v.pre) {
            return false;
        } else {
            ids.push_back(base);
        }
    }
    if (!o.preid.empty()) {
        std::vector<std::string> want = split_dots(o.preid);
        bool prefix = want.size() <= ids.size() &&
                      std::equal(want.begin(), want.end(), ids.begin(), same_identifier);
        // Keep "beta.2" for --preid beta; "alpha.1", "beta" or "beta.x" restart at "beta.0".
        if (!prefix || want.size() == ids.size() || !all_digits(ids[want.size()])) {
            ids = want;
            if (o.numbered) {
                ids.push_back(base);
            }
        }
    }
    v.pre = join_dots(ids);
    return true;
}

Result<std::string> bump_semver(const Version& version, BumpPart part, const BumpOptions& o) {
    SemVersion v = version.sem();
    v.build.clear();
    auto id_check = parse_semver("0.0.0-" + o.preid, version.flavor);
    if (!o.preid.empty() && (!id_check || id_check->pre != o.preid)) {
        return fail(ErrorKind::invalid_argument, "invalid pre-release identifier", o.preid);
    }
    const bool pre = !v.pre.empty();
    bool ok = true;
    switch (part) {
    case BumpPart::major:
        v.major += (pre && v.minor == 0 && v.patch == 0) ? 0 : 1;
        v.minor = v.patch = 0;
        v.pre.clear();
        break;
    case BumpPart::minor:
        v.minor += (pre && v.patch == 0) ? 0 : 1;
        v.patch = 0;
        v.pre.clear();
        break;
    case BumpPart::patch:
        v.patch += pre ? 0 : 1;
        v.pre.clear();
        break;
    case BumpPart::premajor:
        v = SemVersion{v.major + 1, 0, 0, "", "", v.flavor};
        ok = inc_pre(v, o);
        break;
    case BumpPart::preminor:
        v = SemVersion{v.major, v.minor + 1, 0, "", "", v.flavor};
        ok = inc_pre(v, o);
        break;
    case BumpPart::prepatch:
        v = SemVersion{v.major, v.minor, v.patch + 1, "", "", v.flavor};
        ok = inc_pre(v, o);
        break;
    case BumpPart::pre:
    case BumpPart::prerelease:
        v.patch += pre ? 0 : 1;
        ok = inc_pre(v, o);
        break;
    case BumpPart::release:
        if (!pre) {
            return fail(ErrorKind::invalid_argument, "not a pre-release", version.text);
        }
        v.pre.clear();
        break;
    default:
        return fail(ErrorKind::invalid_argument, "post and dev are PEP 440 parts (poetry flavor)",
                    version.text);
    }
    if (!ok) {
        return fail(ErrorKind::invalid_argument,
                    "-n false needs a --preid that is not already the pre-release", version.text);
    }
    return v.to_string();
}

// Maps a --preid to a PEP 440 pre-release phase.
Result<std::string> pep_phase(std::string_view preid) {
    if (preid.empty() || preid == "a" || preid == "alpha") {
        return std::string("a");
    }
    if (preid == "b" || preid == "beta") {
        return std::string("b");
    }
    if (preid == "rc" || preid == "c" || preid == "pre" || preid == "preview") {
        return std::string("rc");
    }
    return fail(ErrorKind::invalid_argument, "a PEP 440 pre-release phase is a, b or rc",
                std::string(preid));
}

Pep440Version with_pre(Pep440Version v, const std::string& phase) {
    v.pre = ReleaseTag{phase, 0};
    v.text = v.to_string();
    return v;
}

// `poetry version prerelease`: the next number of the same phase, or the given phase from 0.
Pep440Version next_prerelease(const Pep440Version& v, const std::string& phase,
                              bool explicit_phase) {
    if (!v.pre) {
        return with_pre(pep440_next(v, BumpPart::patch), phase);
    }
    Pep440Version next = v;
    next.local.reset();
    next.post.reset();
    next.dev.reset();
    if (explicit_phase && v.pre->phase != phase) {
        next.pre = ReleaseTag{phase, 0};
    } else if (!v.dev || v.post) {
        next.pre->number += 1;
    }
    return next;
}

Result<std::string> bump_pep440(const Version& version, BumpPart part, const BumpOptions& o) {
    const Pep440Version& v = version.pep();
    auto phase = pep_phase(o.preid);
    if (!phase) {
        return tl::unexpected(phase.error());
    }
    switch (part) {
    case BumpPart::major:
    case BumpPart::minor:
    case BumpPart::patch:
        return pep440_next(v, part).to_string();
    case BumpPart::premajor:
        return with_pre(pep440_next(v, BumpPart::major), *phase).to_string();
    case BumpPart::preminor:
        return with_pre(pep440_next(v, BumpPart::minor), *phase).to_string();
    case BumpPart::prepatch:
        return with_pre(pep440_next(v, BumpPart::patch), *phase).to_string();
    case BumpPart::pre:
    case BumpPart::prerelease:
        return next_prerelease(v, *phase, !o.preid.empty()).to_string();
    case BumpPart::release:
        if (!v.is_unstable()) {
            return fail(ErrorKind::invalid_argument, "not a pre-release or dev release",
                        version.text);
        }
        return pep440_stable(v).to_string();
    case BumpPart::post: {
        Pep440Version next = v;
        next.dev.reset();
        next.local.reset();
        next.post = ReleaseTag{"post", v.post ? v.post->number + 1 : 0};
        return next.to_string();
    }
    case BumpPart::dev:
    default: {
        // A dev release precedes its release: start one on the next patch.
        Pep440Version next = v.dev ? v : pep440_next(v, BumpPart::patch);
        next.local.reset();
        next.dev = ReleaseTag{"dev", v.dev ? v.dev->number + 1 : 0};
        return next.to_string();
    }
    }
}

std::string tag_text(const std::optional<ReleaseTag>& tag) {
    return tag ? tag->phase + std::to_string(tag->number) : "";
}

Result<std::string> pep_part(const Version& version, std::string_view part) {
    const Pep440Version& v = version.pep();
    auto release_at = [&](std::size_t i) {
        return std::to_string(i < v.release.size() ? v.release[i] : 0);
    };
    if (part == "epoch") {
        return std::to_string(v.epoch);
    }
    if (part == "major" || part == "minor" || part == "patch") {
        return release_at(part == "major" ? 0 : part == "minor" ? 1 : 2);
    }
    if (part == "prerel") {
        return tag_text(v.pre);
    }
    if (part == "post") {
        return tag_text(v.post);
    }
    if (part == "dev") {
        return tag_text(v.dev);
    }
    if (part == "build" || part == "local") {
        return v.local ? join_dots(*v.local) : "";
    }
    if (part == "release") {
        Pep440Version r;
        r.release = v.release;
        r.epoch = v.epoch;
        return r.to_string();
    }
    return fail(ErrorKind::invalid_argument, "unknown part", std::string(part));
}

std::string pep_diff(const Pep440Version& a, const Pep440Version& b) {
    if (a.epoch != b.epoch) {
        return "epoch";
    }
    static constexpr std::array<const char*, 3> k_names{"major", "minor", "patch"};
    for (std::size_t i = 0; i < std::max(a.release.size(), b.release.size()); ++i) {
        std::uint64_t x = i < a.release.size() ? a.release[i] : 0;
        std::uint64_t y = i < b.release.size() ? b.release[i] : 0;
        if (x != y) {
            return i < k_names.size() ? k_names[i] : "release";
        }
    }
    auto same = [](const std::optional<ReleaseTag>& x, const std::optional<ReleaseTag>& y) {
        return x.has_value() == y.has_value() &&
               (!x || (x->phase == y->phase && x->number == y->number));
    };
    if (!same(a.pre, b.pre)) {
        return "prerelease";
    }
    if (!same(a.post, b.post)) {
        return "post";
    }
    if (!same(a.dev, b.dev)) {
        return "dev";
    }
    return a.local == b.local ? "" : "local";
}

// node-semver's diff for two versions of different precedence.
std::string sem_diff(const SemVersion& v1, const SemVersion& v2) {
    const bool first_higher = compare_semver(v1, v2) > 0;
    const SemVersion& high = first_higher ? v1 : v2;
    const SemVersion& low = first_higher ? v2 : v1;
    if (!low.pre.empty() && high.pre.empty()) {
        if (low.patch == 0 && low.minor == 0) {
            return "major";
        }
        if (low.major == high.major && low.minor == high.minor && low.patch == high.patch) {
            return low.minor != 0 && low.patch == 0 ? "minor" : "patch";
        }
    }
    const std::string prefix = high.pre.empty() ? "" : "pre";
    if (v1.major != v2.major) {
        return prefix + "major";
    }
    if (v1.minor != v2.minor) {
        return prefix + "minor";
    }
    if (v1.patch != v2.patch) {
        return prefix + "patch";
    }
    return "prerelease";
}

} // namespace

std::optional<BumpPart> bump_part_from_name(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, BumpPart>, 11> k_parts{{
        {"major", BumpPart::major},
        {"minor", BumpPart::minor},
        {"patch", BumpPart::patch},
        {"pre", BumpPart::pre},
        {"premajor", BumpPart::premajor},
        {"preminor", BumpPart::preminor},
        {"prepatch", BumpPart::prepatch},
        {"prerelease", BumpPart::prerelease},
        {"release", BumpPart::release},
        {"post", BumpPart::post},
        {"dev", BumpPart::dev},
    }};
    for (const auto& [text, part] : k_parts) {
        if (text == name) {
            return part;
        }
    }
    return std::nullopt;
}

Result<std::string> bump_version(const Version& version, BumpPart part,
                                 const BumpOptions& options) {
    if (version.flavor == Flavor::poetry) {
        return bump_pep440(version, part, options);
    }
    return bump_semver(version, part, options);
}

Result<std::string> version_part(const Version& version, std::string_view part) {
    if (version.flavor == Flavor::poetry) {
        return pep_part(version, part);
    }
    const SemVersion& v = version.sem();
    if (part == "major") {
        return std::to_string(v.major);
    }
    if (part == "minor") {
        return std::to_string(v.minor);
    }
    if (part == "patch") {
        return std::to_string(v.patch);
    }
    if (part == "prerel") {
        return v.pre;
    }
    if (part == "build") {
        return v.build;
    }
    if (part == "release") {
        return std::to_string(v.major) + "." + std::to_string(v.minor) + "." +
               std::to_string(v.patch);
    }
    return fail(ErrorKind::invalid_argument, "not a part of a SemVer version", std::string(part));
}

std::string version_diff(const Version& a, const Version& b) {
    if (a.flavor == Flavor::poetry) {
        return pep_diff(a.pep(), b.pep());
    }
    if (compare_semver(a.sem(), b.sem()) != 0) {
        return sem_diff(a.sem(), b.sem());
    }
    return a.sem().build == b.sem().build ? "" : "build";
}

namespace {

// node-semver's COERCE / COERCEFULL expressions (internal/re.js), ECMAScript syntax.
const std::regex& coerce_regex(bool full) {
    static const std::string plain = R"((^|[^\d])(\d{1,16})(?:\.(\d{1,16}))?(?:\.(\d{1,16}))?)";
    static const std::string id = R"((?:\d*[a-zA-Z-][a-zA-Z0-9-]*|0|[1-9]\d*))";
    static const std::string pre = "(?:-(" + id + "(?:\\." + id + ")*))";
    static const std::string build = R"((?:\+([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)))";
    static const std::regex simple(plain + R"((?:$|[^\d]))");
    static const std::regex with_pre(plain + pre + "?" + build + "?" + R"((?:$|[^\d]))");
    return full ? with_pre : simple;
}

} // namespace

std::optional<std::string> coerce_version(std::string_view text, bool rtl,
                                          bool include_prerelease) {
    const std::regex& re = coerce_regex(include_prerelease);
    using It = std::string_view::const_iterator;
    std::match_results<It> match;
    bool found = false;
    if (!rtl) {
        found = std::regex_search(text.begin(), text.end(), match, re);
    } else {
        // The right-most run that does not share its end with a run further left
        // ("1.2.3.4" -> "2.3.4"), as coerce's rtl loop finds it.
        std::size_t pos = 0;
        std::match_results<It> next;
        auto flags = std::regex_constants::match_default;
        while (pos <= text.size() &&
               std::regex_search(text.begin() + static_cast<std::ptrdiff_t>(pos), text.end(), next,
                                 re, flags)) {
            auto end_of = [&](const std::match_results<It>& m) { return m[0].second; };
            if (found && end_of(match) == text.end()) {
                break;
            }
            if (!found || end_of(next) != end_of(match)) {
                match = next;
                found = true;
            }
            pos = static_cast<std::size_t>(next[0].first - text.begin()) + next[1].length() +
                  next[2].length();
            flags = std::regex_constants::match_prev_avail;
        }
    }
    if (!found) {
        return std::nullopt;
    }
    std::string out = match[2].str() + "." + (match[3].matched ? match[3].str() : "0") + "." +
                      (match[4].matched ? match[4].str() : "0");
    if (include_prerelease && match.size() > 5 && match[5].matched) {
        out += "-" + match[5].str();
    }
    auto v = parse_semver(out, Flavor::npm);
    if (!v) {
        return std::nullopt;
    }
    return v->to_string();
}

std::optional<std::string> loose_semver(std::string_view text) {
    // node-semver's FULLLOOSE: [v=\s]* then numbers that may have leading zeros, an optional
    // "-" before the pre-release, whose numeric identifiers may have leading zeros too.
    static const std::string id = R"((?:\d*[a-zA-Z-][a-zA-Z0-9-]*|\d+))";
    static const std::regex loose(R"(^[v=\s]*(\d+)\.(\d+)\.(\d+)(?:-?()" + id + "(?:\\." + id +
                                  R"()*))?(?:\+([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*))?$)");
    std::string trimmed(core::trim(text));
    if (trimmed.empty()) {
        return std::nullopt;
    }
    std::smatch m;
    if (!std::regex_match(trimmed, m, loose)) {
        return std::nullopt;
    }
    auto number = [](const std::string& digits) {
        std::size_t nz = digits.find_first_not_of('0');
        return nz == std::string::npos ? std::string("0") : digits.substr(nz);
    };
    std::string out = number(m[1]) + "." + number(m[2]) + "." + number(m[3]);
    if (m[4].matched) {
        std::vector<std::string> ids = split_dots(m[4].str());
        for (auto& i : ids) {
            i = js_number(i, Flavor::npm) ? number(i) : i;
        }
        out += "-" + join_dots(ids);
    }
    if (m[5].matched) {
        out += "+" + m[5].str();
    }
    if (!parse_semver(out, Flavor::npm)) {
        return std::nullopt;
    }
    return out;
}

} // namespace tbx::semver
