#include <algorithm>
#include <array>
#include <regex>
#include <vector>

#include <tbx/core/strings.hpp>
#include <tbx/semver/identifiers.hpp>
#include <tbx/semver/parts.hpp>

namespace tbx::semver {

using detail::join_dots;
using detail::js_number;
using detail::split_dots;

namespace {

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
