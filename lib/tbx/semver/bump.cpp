// Incrementing a version: node-semver's inc for npm and cargo, `poetry version`'s rules for
// poetry, plus PEP 440's post and dev parts.

#include <algorithm>
#include <array>
#include <vector>

#include <tbx/semver/bump.hpp>
#include <tbx/semver/identifiers.hpp>

namespace tbx::semver {

using detail::all_digits;
using detail::join_dots;
using detail::js_number;
using detail::split_dots;

namespace {

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

} // namespace tbx::semver
