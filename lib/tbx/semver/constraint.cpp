#include <algorithm>
#include <functional>
#include <mutex>
#include <stdexcept>

#include <tbx/semver/constraint.hpp>
#include <tbx/semver/render.hpp>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace tbx::semver {
namespace {

// --- a small PCRE2 wrapper: the npm and poetry grammars are defined by their references'
// regular expressions, so the parsers reuse those expressions rather than re-deriving them.

// Holds one search's capture groups (0 = the whole match), and the PCRE2 match data behind
// them, kept for the next search through the same Groups: a loop of searches (a global
// replace, a split, the patterns tried in turn on one piece) allocates it once.
class Groups {
public:
    Groups() = default;
    Groups(const Groups&) = delete;
    Groups& operator=(const Groups&) = delete;
    ~Groups() { pcre2_match_data_free(m_data); }

    [[nodiscard]] std::size_t size() const { return m_groups.size(); }
    const std::optional<std::string_view>& operator[](std::size_t i) const { return m_groups[i]; }

private:
    friend class Regex;
    // Enough pairs for every built-in pattern (Regex checks its capture count).
    static constexpr std::uint32_t k_pairs = 32;

    pcre2_match_data* data() {
        if (m_data == nullptr) {
            m_data = pcre2_match_data_create(k_pairs, nullptr);
        }
        return m_data;
    }

    std::vector<std::optional<std::string_view>> m_groups;
    pcre2_match_data* m_data = nullptr;
};

class Regex {
public:
    Regex(std::string pattern, std::uint32_t flags)
        : m_pattern(std::move(pattern)), m_flags(flags | PCRE2_DOLLAR_ENDONLY) {}
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;
    ~Regex() { pcre2_code_free(m_code); }

    // Finds the first match at or after `start`; fills groups (0 = whole match).
    bool search(std::string_view subject, std::size_t start, Groups& groups,
                std::size_t& match_begin, std::size_t& match_end) const {
        const pcre2_code* re = code();
        pcre2_match_data* md = groups.data();
        int rc = pcre2_match(re, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(),
                             start, 0, md, nullptr);
        if (rc <= 0) {
            return false;
        }
        PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
        groups.m_groups.assign(m_pairs, std::nullopt);
        for (std::uint32_t i = 0; i < m_pairs && static_cast<int>(i) < rc; ++i) {
            if (ov[2 * i] != PCRE2_UNSET) {
                groups.m_groups[i] = subject.substr(ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
            }
        }
        match_begin = ov[0];
        match_end = ov[1];
        return true;
    }

    bool match(std::string_view subject, Groups& groups) const {
        std::size_t b = 0;
        std::size_t e = 0;
        return search(subject, 0, groups, b, e);
    }

private:
    // Compiled on first use: one constraint needs only a few of the grammar's patterns, and a
    // one-shot `tbx semver check` should not pay for the rest. No JIT: each pattern runs a few
    // times per constraint, and JIT compilation would dominate the one-shot latency.
    const pcre2_code* code() const {
        std::call_once(m_compiled, [this] {
            int code = 0;
            PCRE2_SIZE offset = 0;
            m_code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(m_pattern.c_str()),
                                   m_pattern.size(), m_flags, &code, &offset, nullptr);
            std::uint32_t captures = 0;
            if (m_code != nullptr) {
                pcre2_pattern_info(m_code, PCRE2_INFO_CAPTURECOUNT, &captures);
            }
            m_pairs = captures + 1;
        });
        if (m_code == nullptr || m_pairs > Groups::k_pairs) {
            throw std::logic_error("bad built-in pattern: " + m_pattern);
        }
        return m_code;
    }

    std::string m_pattern;
    std::uint32_t m_flags;
    mutable std::once_flag m_compiled;
    mutable pcre2_code* m_code = nullptr;
    mutable std::uint32_t m_pairs = 0;
};

using Replacer = std::function<std::string(const Groups&)>;

// JavaScript's String.prototype.replace with a regex (first match, or all with `global`).
std::string js_replace(const Regex& re, std::string_view subject, bool global,
                       const Replacer& replacer) {
    std::string out;
    std::size_t pos = 0;
    Groups groups;
    std::size_t b = 0;
    std::size_t e = 0;
    std::size_t search_from = 0;
    while (search_from <= subject.size() && re.search(subject, search_from, groups, b, e)) {
        out.append(subject.substr(pos, b - pos));
        out += replacer(groups);
        pos = e;
        if (!global) {
            break;
        }
        search_from = e == b ? e + 1 : e;
        if (e == b && b < subject.size()) {
            out += subject[b];
            pos = b + 1;
        }
    }
    if (pos <= subject.size()) {
        out.append(subject.substr(pos));
    }
    return out;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// Splits on runs of whitespace like JavaScript's split(/\s+/) (empty ends kept).
std::vector<std::string> split_ws(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    std::size_t i = 0;
    while (i <= s.size()) {
        if (i == s.size()) {
            out.push_back(cur);
            break;
        }
        if (is_space(s[i])) {
            out.push_back(cur);
            cur.clear();
            while (i < s.size() && is_space(s[i])) {
                ++i;
            }
            continue;
        }
        cur += s[i++];
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            out += sep;
        }
        out += parts[i];
    }
    return out;
}

// Adds one to a decimal digit string (JavaScript's `+x + 1` for the integers involved).
std::string inc(std::string_view digits) {
    std::string s(digits.empty() ? "0" : digits);
    int i = static_cast<int>(s.size()) - 1;
    while (i >= 0) {
        if (s[static_cast<std::size_t>(i)] == '9') {
            s[static_cast<std::size_t>(i)] = '0';
            --i;
        } else {
            ++s[static_cast<std::size_t>(i)];
            return s;
        }
    }
    return "1" + s;
}

tl::unexpected<Error> constraint_error(std::string_view text, Flavor flavor) {
    Diagnosis d = diagnose_constraint(text, flavor);
    return fail(ErrorKind::invalid_argument,
                "invalid " + std::string(flavor_name(flavor)) + " constraint: expected " +
                    d.expected + " at column " + std::to_string(d.column + 1),
                std::string(text));
}

// --- npm (node-semver 7 Range) ---------------------------------------------------------------

namespace npm_re {
const std::string num = "0|[1-9]\\d*";
const std::string num_loose = "\\d+";
const std::string nonnum = "\\d*[a-zA-Z-][a-zA-Z0-9-]*";
const std::string main = "(" + num + ")\\.(" + num + ")\\.(" + num + ")";
const std::string main_loose = "(" + num_loose + ")\\.(" + num_loose + ")\\.(" + num_loose + ")";
const std::string preid = "(?:" + nonnum + "|" + num + ")";
const std::string preid_loose = "(?:" + nonnum + "|" + num_loose + ")";
const std::string pre = "(?:-(" + preid + "(?:\\." + preid + ")*))";
const std::string pre_loose = "(?:-?(" + preid_loose + "(?:\\." + preid_loose + ")*))";
const std::string buildid = "[a-zA-Z0-9-]+";
const std::string build = "(?:\\+(" + buildid + "(?:\\." + buildid + ")*))";
const std::string fullplain = "v?" + main + pre + "?" + build + "?";
const std::string looseplain = "[v=\\s]*" + main_loose + pre_loose + "?" + build + "?";
const std::string gtlt = "((?:<|>)?=?)";
const std::string xrid = num + "|x|X|\\*";
const std::string xrangeplain = "[v=\\s]*(" + xrid + ")(?:\\.(" + xrid + ")(?:\\.(" + xrid +
                                ")(?:" + pre + ")?" + build + "?)?)?";
} // namespace npm_re

struct NpmRegexes {
    Regex build{npm_re::build, 0};
    Regex hyphen{"^\\s*(" + npm_re::xrangeplain + ")\\s+-\\s+(" + npm_re::xrangeplain + ")\\s*$",
                 0};
    Regex comparator_trim{"(\\s*)" + npm_re::gtlt + "\\s*(" + npm_re::looseplain + "|" +
                              npm_re::xrangeplain + ")",
                          0};
    Regex tilde_trim{"(\\s*)(?:~>?)\\s+", 0};
    Regex caret_trim{"(\\s*)(?:\\^)\\s+", 0};
    Regex tilde{"^(?:~>?)" + npm_re::xrangeplain + "$", 0};
    Regex caret{"^(?:\\^)" + npm_re::xrangeplain + "$", 0};
    Regex xrange{"^" + npm_re::gtlt + "\\s*" + npm_re::xrangeplain + "$", 0};
    Regex star{"(<|>)?=?\\s*\\*", 0};
    Regex gte0{"^\\s*>=\\s*0\\.0\\.0\\s*$", 0};
    Regex gte0pre{"^\\s*>=\\s*0\\.0\\.0-0\\s*$", 0};
    Regex comparator{"^" + npm_re::gtlt + "\\s*(" + npm_re::fullplain + ")$|^$", 0};
};

const NpmRegexes& npm_regexes() {
    static const NpmRegexes regexes;
    return regexes;
}

std::string g(const Groups& groups, std::size_t i) {
    return i < groups.size() && groups[i] ? std::string(*groups[i]) : std::string();
}
bool gset(const Groups& groups, std::size_t i) {
    return i < groups.size() && groups[i];
}

bool is_x(const Groups& groups, std::size_t i) {
    if (!gset(groups, i) || groups[i]->empty()) {
        return true;
    }
    std::string_view v = *groups[i];
    return v == "x" || v == "X" || v == "*";
}

std::string npm_replace_caret(const std::string& comp, bool include_pre) {
    const auto& re = npm_regexes();
    std::string z = include_pre ? "-0" : "";
    return js_replace(re.caret, comp, false, [&](const Groups& m) {
        std::string M = g(m, 1);
        std::string mi = g(m, 2);
        std::string p = g(m, 3);
        std::string pr = g(m, 4);
        if (is_x(m, 1)) {
            return std::string();
        }
        if (is_x(m, 2)) {
            return ">=" + M + ".0.0" + z + " <" + inc(M) + ".0.0-0";
        }
        if (is_x(m, 3)) {
            if (M == "0") {
                return ">=" + M + "." + mi + ".0" + z + " <" + M + "." + inc(mi) + ".0-0";
            }
            return ">=" + M + "." + mi + ".0" + z + " <" + inc(M) + ".0.0-0";
        }
        std::string lo = ">=" + M + "." + mi + "." + p + (pr.empty() ? "" : "-" + pr);
        if (M == "0") {
            if (mi == "0") {
                return lo + " <" + M + "." + mi + "." + inc(p) + "-0";
            }
            return lo + " <" + M + "." + inc(mi) + ".0-0";
        }
        return lo + " <" + inc(M) + ".0.0-0";
    });
}

std::string npm_replace_tilde(const std::string& comp, bool include_pre) {
    const auto& re = npm_regexes();
    std::string z = include_pre ? "-0" : "";
    return js_replace(re.tilde, comp, false, [&](const Groups& m) {
        std::string M = g(m, 1);
        std::string mi = g(m, 2);
        std::string p = g(m, 3);
        std::string pr = g(m, 4);
        if (is_x(m, 1)) {
            return std::string();
        }
        if (is_x(m, 2)) {
            return ">=" + M + ".0.0" + z + " <" + inc(M) + ".0.0-0";
        }
        if (is_x(m, 3)) {
            return ">=" + M + "." + mi + ".0" + z + " <" + M + "." + inc(mi) + ".0-0";
        }
        if (!pr.empty()) {
            return ">=" + M + "." + mi + "." + p + "-" + pr + " <" + M + "." + inc(mi) + ".0-0";
        }
        return ">=" + M + "." + mi + "." + p + " <" + M + "." + inc(mi) + ".0-0";
    });
}

std::string npm_replace_xrange(const std::string& comp_in, bool include_pre) {
    const auto& re = npm_regexes();
    std::string comp(trim(comp_in));
    return js_replace(re.xrange, comp, false, [&](const Groups& m) {
        std::string ret = g(m, 0);
        std::string gtlt = g(m, 1);
        std::string M = g(m, 2);
        std::string mi = g(m, 3);
        std::string p = g(m, 4);
        bool invalid_order = (is_x(m, 2) && !is_x(m, 3)) ||
                             (is_x(m, 3) && gset(m, 4) && !m[4]->empty() && !is_x(m, 4));
        if (invalid_order) {
            return comp;
        }
        bool xM = is_x(m, 2);
        bool xm = xM || is_x(m, 3);
        bool xp = xm || is_x(m, 4);
        bool any_x = xp;
        if (gtlt == "=" && any_x) {
            gtlt = "";
        }
        std::string pr = include_pre ? "-0" : "";
        if (xM) {
            if (gtlt == ">" || gtlt == "<") {
                ret = "<0.0.0-0";
            } else {
                ret = "*";
            }
        } else if (!gtlt.empty() && any_x) {
            if (xm) {
                mi = "0";
            }
            p = "0";
            if (gtlt == ">") {
                gtlt = ">=";
                if (xm) {
                    M = inc(M);
                    mi = "0";
                    p = "0";
                } else {
                    mi = inc(mi);
                    p = "0";
                }
            } else if (gtlt == "<=") {
                gtlt = "<";
                if (xm) {
                    M = inc(M);
                } else {
                    mi = inc(mi);
                }
            }
            if (gtlt == "<") {
                pr = "-0";
            }
            ret = gtlt + M + "." + mi + "." + p + pr;
        } else if (xm) {
            ret = ">=" + M + ".0.0" + pr + " <" + inc(M) + ".0.0-0";
        } else if (xp) {
            ret = ">=" + M + "." + mi + ".0" + pr + " <" + M + "." + inc(mi) + ".0-0";
        }
        return ret;
    });
}

std::string npm_map_ws(const std::string& comp,
                       const std::function<std::string(const std::string&)>& f, bool trim_first) {
    std::string_view s = trim_first ? trim(comp) : std::string_view(comp);
    auto parts = split_ws(s);
    for (auto& p : parts) {
        p = f(p);
    }
    return join(parts, " ");
}

std::string npm_parse_comparator(std::string comp, bool include_pre) {
    const auto& re = npm_regexes();
    // Each step is skipped when its pattern's required character is absent: same result, and
    // these run for every comparator parsed. (Pieces hold no whitespace at this point.)
    if (comp.find('+') != std::string::npos) {
        comp = js_replace(re.build, comp, false, [](const Groups&) { return std::string(); });
    }
    if (comp.find('^') != std::string::npos) {
        comp = npm_map_ws(
            comp, [&](const std::string& c) { return npm_replace_caret(c, include_pre); }, true);
    }
    if (comp.find('~') != std::string::npos) {
        comp = npm_map_ws(
            comp, [&](const std::string& c) { return npm_replace_tilde(c, include_pre); }, true);
    }
    comp = npm_map_ws(
        comp, [&](const std::string& c) { return npm_replace_xrange(c, include_pre); }, false);
    std::string trimmed(trim(comp));
    if (trimmed.find('*') == std::string::npos) {
        return trimmed;
    }
    return js_replace(re.star, trimmed, false, [](const Groups&) { return std::string(); });
}

// node-semver's hyphenReplace.
std::string npm_hyphen(const Groups& m, bool inc_pr) {
    std::string from = g(m, 1);
    std::string to = g(m, 7);
    std::string z = inc_pr ? "-0" : "";
    if (is_x(m, 2)) {
        from = "";
    } else if (is_x(m, 3)) {
        from = ">=" + g(m, 2) + ".0.0" + z;
    } else if (is_x(m, 4)) {
        from = ">=" + g(m, 2) + "." + g(m, 3) + ".0" + z;
    } else if (gset(m, 5) && !m[5]->empty()) {
        from = ">=" + from;
    } else {
        from = ">=" + from + z;
    }
    if (is_x(m, 8)) {
        to = "";
    } else if (is_x(m, 9)) {
        to = "<" + inc(g(m, 8)) + ".0.0-0";
    } else if (is_x(m, 10)) {
        to = "<" + g(m, 8) + "." + inc(g(m, 9)) + ".0-0";
    } else if (gset(m, 11) && !m[11]->empty()) {
        to = "<=" + g(m, 8) + "." + g(m, 9) + "." + g(m, 10) + "-" + g(m, 11);
    } else if (inc_pr) {
        to = "<" + g(m, 8) + "." + g(m, 9) + "." + inc(g(m, 10)) + "-0";
    } else {
        to = "<=" + to;
    }
    return std::string(trim(from + " " + to));
}

// Parses one comparator string as node-semver's Comparator constructor; nullopt if invalid.
std::optional<NpmComparator> npm_comparator(const std::string& comp_in) {
    const auto& re = npm_regexes();
    std::string comp = join(split_ws(trim(comp_in)), " ");
    Groups m;
    if (!re.comparator.match(comp, m)) {
        return std::nullopt;
    }
    NpmComparator c;
    std::string op = g(m, 1);
    if (!gset(m, 2) || m[2]->empty()) {
        c.op = Op::any;
        c.value = "";
        return c;
    }
    auto v = parse_semver(*m[2], Flavor::npm);
    if (!v) {
        return std::nullopt;
    }
    c.version = std::move(*v);
    if (op.empty() || op == "=") {
        c.op = Op::exact;
        op = "";
    } else if (op == "<") {
        c.op = Op::less;
    } else if (op == "<=") {
        c.op = Op::less_eq;
    } else if (op == ">") {
        c.op = Op::greater;
    } else {
        c.op = Op::greater_eq;
    }
    c.value = op + c.version.to_string();
    return c;
}

bool npm_is_null_set(const NpmComparator& c) {
    return c.value == "<0.0.0-0";
}

// --- npm fast path ---------------------------------------------------------------------------
// Most constraints are plain comparators: an operator (=, <, <=, >, >=, ~, ~>, ^), maybe a
// space, and a version of up to three parts (numbers or x/X/*), with a pre-release only on a
// full version. For those, node-semver's text rewriting (caret, tilde and x-range
// replacement, then Comparator parsing) is computed directly here, about thirty times faster
// than running its regular expressions. Anything else is declined (nullopt) and takes the
// regex pipeline: hyphen ranges, build metadata, "v" or "=" before a version, leading zeros,
// numbers over 15 digits, misplaced wildcards, invalid text. Both paths give the same
// comparators; the unit tests and the differential tests against node-semver check that.

// One part of a partial version: a number, or a wildcard (also for a missing part).
struct NpmPart {
    std::uint64_t value = 0;
    bool x = true;
};

// Reads a number without leading zero (at most 15 digits: far from 2^53) or a wildcard.
bool npm_fast_part(std::string_view s, std::size_t& pos, NpmPart& out) {
    if (pos < s.size() && (s[pos] == 'x' || s[pos] == 'X' || s[pos] == '*')) {
        ++pos;
        out = NpmPart{};
        return true;
    }
    std::size_t start = pos;
    std::uint64_t value = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        value = value * 10 + static_cast<std::uint64_t>(s[pos] - '0');
        ++pos;
        if (pos - start > 15) {
            return false;
        }
    }
    if (pos == start || (s[start] == '0' && pos - start > 1)) {
        return false;
    }
    out = NpmPart{value, false};
    return true;
}

// Reads node-semver's strict pre-release identifiers (a number without leading zero, or a
// word of [0-9A-Za-z-] with a non-digit).
bool npm_fast_prerelease(std::string_view s, std::size_t& pos) {
    while (true) {
        std::size_t start = pos;
        bool digits = true;
        while (pos < s.size() &&
               ((s[pos] >= '0' && s[pos] <= '9') || (s[pos] >= 'a' && s[pos] <= 'z') ||
                (s[pos] >= 'A' && s[pos] <= 'Z') || s[pos] == '-')) {
            digits = digits && s[pos] >= '0' && s[pos] <= '9';
            ++pos;
        }
        if (pos == start || (digits && s[start] == '0' && pos - start > 1)) {
            return false;
        }
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            continue;
        }
        return true;
    }
}

// Collects the comparators of one set as node-semver's parseRange does after rewriting.
class NpmSetBuilder {
public:
    explicit NpmSetBuilder(bool include_pre) : m_include_pre(include_pre) {}

    // Adds node's "" comparator: any version.
    void add_any() { m_comps.emplace_back(); }

    // Adds the comparator that node would print as OP M.m.p[-pre].
    void add(Op op, std::uint64_t major, std::uint64_t minor, std::uint64_t patch,
             std::string_view pre) {
        // replaceGTE0: ">=0.0.0" (">=0.0.0-0" with includePrerelease) means any version.
        if (op == Op::greater_eq && major == 0 && minor == 0 && patch == 0 &&
            pre == (m_include_pre ? "0" : "")) {
            add_any();
            return;
        }
        NpmComparator c;
        c.op = op;
        c.version.major = major;
        c.version.minor = minor;
        c.version.patch = patch;
        c.version.pre = pre;
        c.version.flavor = Flavor::npm;
        static constexpr std::array<std::string_view, 6> k_op_text{"", "", "<", "<=", ">", ">="};
        c.value = k_op_text[static_cast<std::size_t>(op)];
        c.value += c.version.to_string();
        m_comps.push_back(std::move(c));
    }

    // Adds node's range for "M" (also "M.x", "^M", "~M"): >=M.0.0 <M+1.0.0-0.
    void add_major(std::uint64_t major) {
        add(Op::greater_eq, major, 0, 0, zero());
        add(Op::less, major + 1, 0, 0, "0");
    }

    // Adds node's range for "M.m" (also "M.m.x", "~M.m", "^0.m"): >=M.m.0 <M.m+1.0-0.
    void add_minor(std::uint64_t major, std::uint64_t minor) {
        add(Op::greater_eq, major, minor, 0, zero());
        add(Op::less, major, minor + 1, 0, "0");
    }

    // Returns the comparators in order; repeats are npm_dedupe's job, as in parseRange.
    std::vector<NpmComparator> take() { return std::move(m_comps); }

    // Returns the pre-release node appends to lower bounds: "-0" with includePrerelease.
    [[nodiscard]] std::string_view zero() const { return m_include_pre ? "0" : ""; }

private:
    bool m_include_pre;
    std::vector<NpmComparator> m_comps;
};

// replaceCaret for a parsed "^M.m.p-pr".
void npm_fast_caret(NpmSetBuilder& b, const NpmPart (&v)[3], std::string_view pr) {
    const auto& [M, m, p] = v;
    if (M.x) {
        b.add_any();
    } else if (m.x) {
        b.add_major(M.value);
    } else if (p.x) {
        if (M.value == 0) {
            b.add_minor(0, m.value);
        } else {
            b.add(Op::greater_eq, M.value, m.value, 0, b.zero());
            b.add(Op::less, M.value + 1, 0, 0, "0");
        }
    } else {
        b.add(Op::greater_eq, M.value, m.value, p.value, pr);
        if (M.value == 0 && m.value == 0) {
            b.add(Op::less, 0, 0, p.value + 1, "0");
        } else if (M.value == 0) {
            b.add(Op::less, 0, m.value + 1, 0, "0");
        } else {
            b.add(Op::less, M.value + 1, 0, 0, "0");
        }
    }
}

// replaceTilde for a parsed "~M.m.p-pr".
void npm_fast_tilde(NpmSetBuilder& b, const NpmPart (&v)[3], std::string_view pr) {
    const auto& [M, m, p] = v;
    if (M.x) {
        b.add_any();
    } else if (m.x) {
        b.add_major(M.value);
    } else if (p.x) {
        b.add_minor(M.value, m.value);
    } else {
        b.add(Op::greater_eq, M.value, m.value, p.value, pr);
        b.add(Op::less, M.value, m.value + 1, 0, "0");
    }
}

// replaceXRange (then replaceStars) for a parsed "OPM.m.p-pr", OP one of "", =, <, <=, >, >=.
void npm_fast_xrange(NpmSetBuilder& b, Op op, const NpmPart (&v)[3], std::string_view pr) {
    std::uint64_t M = v[0].value;
    std::uint64_t m = v[1].value;
    std::uint64_t p = v[2].value;
    bool xm = v[0].x || v[1].x;
    bool any_x = xm || v[2].x;
    if (op == Op::exact && any_x) {
        op = Op::any; // node's gtlt "" (a bare partial version)
    }
    if (v[0].x) {
        if (op == Op::greater || op == Op::less) {
            b.add(Op::less, 0, 0, 0, "0"); // nothing is allowed: "<0.0.0-0"
        } else {
            b.add_any();
        }
    } else if (op != Op::any && any_x) {
        m = xm ? 0 : m;
        p = 0;
        if (op == Op::greater) {
            op = Op::greater_eq;
            if (xm) {
                M += 1;
            } else {
                m += 1;
            }
        } else if (op == Op::less_eq) {
            op = Op::less;
            if (xm) {
                M += 1;
            } else {
                m += 1;
            }
        }
        b.add(op, M, m, p, op == Op::less ? "0" : b.zero());
    } else if (xm) {
        b.add_major(M);
    } else if (v[2].x) {
        b.add_minor(M, m);
    } else {
        b.add(op == Op::any ? Op::exact : op, M, m, p, pr);
    }
}

// One parsed version of the fast path: up to three parts and a pre-release.
struct NpmPartial {
    NpmPart parts[3];
    std::size_t count = 0;
    std::string_view pre;
};

// Reads "[v]M[.m[.p[-pre]]]" at `pos`, up to a space or the end; false declines.
bool npm_fast_version(std::string_view s, std::size_t& pos, NpmPartial& out) {
    // xrangeplain's `[v=\s]*` prefix, in its common form.
    if (pos < s.size() && s[pos] == 'v') {
        ++pos;
    }
    if (!npm_fast_part(s, pos, out.parts[0])) {
        return false;
    }
    out.count = 1;
    while (out.count < 3 && pos < s.size() && s[pos] == '.') {
        ++pos;
        if (!npm_fast_part(s, pos, out.parts[out.count])) {
            return false;
        }
        ++out.count;
    }
    const NpmPart* v = out.parts;
    // node's invalidXRangeOrder ("x.1", "1.x.2"): left to the regex pipeline.
    if ((v[0].x && out.count > 1 && !v[1].x) || (v[1].x && out.count > 2 && !v[2].x)) {
        return false;
    }
    if (pos < s.size() && s[pos] == '-') {
        if (out.count < 3 || v[0].x || v[1].x || v[2].x) {
            return false;
        }
        std::size_t pr_start = ++pos;
        if (!npm_fast_prerelease(s, pos)) {
            return false;
        }
        out.pre = s.substr(pr_start, pos - pr_start);
    }
    return pos == s.size() || s[pos] == ' ';
}

// node-semver's hyphenReplace for "A - B".
void npm_fast_hyphen(NpmSetBuilder& b, const NpmPartial& from, const NpmPartial& to) {
    const auto& [fM, fm, fp] = from.parts;
    if (fM.x) {
        b.add_any();
    } else if (fm.x) {
        b.add(Op::greater_eq, fM.value, 0, 0, b.zero());
    } else if (fp.x) {
        b.add(Op::greater_eq, fM.value, fm.value, 0, b.zero());
    } else {
        b.add(Op::greater_eq, fM.value, fm.value, fp.value, from.pre.empty() ? b.zero() : from.pre);
    }
    const auto& [tM, tm, tp] = to.parts;
    if (tM.x) {
        b.add_any();
    } else if (tm.x) {
        b.add(Op::less, tM.value + 1, 0, 0, "0");
    } else if (tp.x) {
        b.add(Op::less, tM.value, tm.value + 1, 0, "0");
    } else if (!to.pre.empty()) {
        b.add(Op::less_eq, tM.value, tm.value, tp.value, to.pre);
    } else if (!b.zero().empty()) {
        b.add(Op::less, tM.value, tm.value, tp.value + 1, "0");
    } else {
        b.add(Op::less_eq, tM.value, tm.value, tp.value, "");
    }
}

// Parses one "||" part (trimmed, single spaces) the fast way; nullopt declines it.
std::optional<std::vector<NpmComparator>> npm_fast_range(std::string_view s, bool include_pre) {
    if (s.size() > 256) {
        return std::nullopt;
    }
    NpmSetBuilder b(include_pre);
    if (s.empty()) {
        b.add_any();
        return b.take();
    }
    // A hyphen range is the whole part or nothing: "A - B" with two plain versions.
    if (std::size_t hyphen = s.find(" - "); hyphen != std::string_view::npos) {
        std::size_t pos = 0;
        NpmPartial from;
        NpmPartial to;
        if (!npm_fast_version(s, pos, from) || pos != hyphen) {
            return std::nullopt;
        }
        pos = hyphen + 3;
        if (!npm_fast_version(s, pos, to) || pos != s.size()) {
            return std::nullopt;
        }
        npm_fast_hyphen(b, from, to);
        return b.take();
    }
    std::size_t pos = 0;
    while (pos < s.size()) {
        // The operator; tilde, caret and comparator trimming drop one space after it.
        Op op = Op::any;
        bool tilde = false;
        bool caret = false;
        std::size_t op_start = pos;
        if (s[pos] == '<' || s[pos] == '>') {
            bool less = s[pos] == '<';
            ++pos;
            bool eq = pos < s.size() && s[pos] == '=';
            pos += eq ? 1 : 0;
            op = less ? (eq ? Op::less_eq : Op::less) : (eq ? Op::greater_eq : Op::greater);
        } else if (s[pos] == '=') {
            ++pos;
            op = Op::exact;
        } else if (s[pos] == '~') {
            ++pos;
            pos += pos < s.size() && s[pos] == '>' ? 1 : 0;
            tilde = true;
        } else if (s[pos] == '^') {
            ++pos;
            caret = true;
        }
        if (pos > op_start && pos < s.size() && s[pos] == ' ') {
            ++pos;
        }
        NpmPartial v;
        if (!npm_fast_version(s, pos, v)) {
            return std::nullopt;
        }
        if (pos < s.size()) {
            ++pos; // the space before the next comparator (the part is trimmed)
        }
        if (caret) {
            npm_fast_caret(b, v.parts, v.pre);
        } else if (tilde) {
            npm_fast_tilde(b, v.parts, v.pre);
        } else {
            npm_fast_xrange(b, op, v.parts, v.pre);
        }
    }
    return b.take();
}

// The end of parseRange: a null set ("<0.0.0-0") replaces the whole set, a repeated
// comparator counts once, and "any" goes when anything else is left.
std::vector<NpmComparator> npm_dedupe(std::vector<NpmComparator> comps) {
    auto null_set = std::find_if(comps.begin(), comps.end(), npm_is_null_set);
    if (null_set != comps.end()) {
        std::vector<NpmComparator> only;
        only.push_back(std::move(*null_set));
        return only;
    }
    // In place: keep the first of each value, in order.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < comps.size(); ++i) {
        bool seen = false;
        for (std::size_t k = 0; k < kept && !seen; ++k) {
            seen = comps[k].value == comps[i].value;
        }
        if (!seen) {
            if (kept != i) {
                comps[kept] = std::move(comps[i]);
            }
            ++kept;
        }
    }
    comps.resize(kept);
    if (comps.size() > 1) {
        comps.erase(std::remove_if(comps.begin(), comps.end(),
                                   [](const NpmComparator& c) { return c.value.empty(); }),
                    comps.end());
    }
    return comps;
}

// Returns the comparator set, or nullopt when a comparator is invalid (node-semver throws).
std::optional<std::vector<NpmComparator>> npm_parse_range(std::string_view part, bool include_pre) {
    if (auto fast = npm_fast_range(part, include_pre)) {
        return npm_dedupe(std::move(*fast));
    }
    std::string range(part);
    const auto& re = npm_regexes();
    if (range.find('+') != std::string::npos) {
        range = js_replace(re.build, range, true, [](const Groups&) { return std::string(); });
    }
    if (range.find('-') != std::string::npos) {
        range = js_replace(re.hyphen, range, false,
                           [&](const Groups& m) { return npm_hyphen(m, include_pre); });
    }
    // The trim only changes text where an operator character is followed by whitespace.
    bool op_space = false;
    for (std::size_t i = 0; i + 1 < range.size(); ++i) {
        op_space = op_space || ((range[i] == '<' || range[i] == '>' || range[i] == '=') &&
                                is_space(range[i + 1]));
    }
    if (op_space) {
        range = js_replace(re.comparator_trim, range, true,
                           [](const Groups& m) { return g(m, 1) + g(m, 2) + g(m, 3); });
    }
    if (range.find('~') != std::string::npos) {
        range =
            js_replace(re.tilde_trim, range, true, [](const Groups& m) { return g(m, 1) + "~"; });
    }
    if (range.find('^') != std::string::npos) {
        range =
            js_replace(re.caret_trim, range, true, [](const Groups& m) { return g(m, 1) + "^"; });
    }
    std::vector<std::string> pieces;
    {
        std::string cur;
        for (char ch : range) {
            if (ch == ' ') {
                pieces.push_back(cur);
                cur.clear();
            } else {
                cur += ch;
            }
        }
        pieces.push_back(cur);
    }
    for (auto& p : pieces) {
        p = npm_parse_comparator(p, include_pre);
    }
    auto list = split_ws(join(pieces, " "));
    std::vector<NpmComparator> comps;
    for (auto& item : list) {
        std::string t(trim(item));
        if (t.find('>') != std::string::npos) {
            const Regex& gte0 = include_pre ? re.gte0pre : re.gte0;
            t = js_replace(gte0, t, false, [](const Groups&) { return std::string(); });
        }
        auto c = npm_comparator(t);
        if (!c) {
            return std::nullopt;
        }
        comps.push_back(std::move(*c));
    }
    return npm_dedupe(std::move(comps));
}

NpmTests npm_flatten(const std::vector<std::vector<NpmComparator>>& sets) {
    NpmTests tests;
    for (const auto& set : sets) {
        std::size_t first = tests.size();
        for (const NpmComparator& comp : set) {
            NpmTest t;
            t.major = comp.version.major;
            t.minor = comp.version.minor;
            t.patch = comp.version.patch;
            t.op = comp.op;
            t.has_pre = !comp.version.pre.empty();
            tests.push_back(t);
        }
        for (std::size_t i = first; i < tests.size(); ++i) {
            tests[i].next_set = static_cast<std::uint32_t>(tests.size());
        }
    }
    return tests;
}

// Intersects `acc` with one comparator's interval in place (copying a version only when
// it becomes a bound).
void npm_narrow(SemInterval& acc, const NpmComparator& c) {
    bool lower = c.op == Op::exact || c.op == Op::greater || c.op == Op::greater_eq;
    bool upper = c.op == Op::exact || c.op == Op::less || c.op == Op::less_eq;
    if (lower) {
        bool inclusive = c.op != Op::greater;
        int r = acc.min ? compare_semver(c.version, *acc.min) : 1;
        if (r > 0) {
            acc.min = c.version;
            acc.include_min = inclusive;
        } else if (r == 0) {
            acc.include_min = acc.include_min && inclusive;
        }
    }
    if (upper) {
        bool inclusive = c.op != Op::less;
        int r = acc.max ? compare_semver(c.version, *acc.max) : -1;
        if (r < 0) {
            acc.max = c.version;
            acc.include_max = inclusive;
        } else if (r == 0) {
            acc.include_max = acc.include_max && inclusive;
        }
    }
}

Result<Constraint> parse_npm(std::string_view text, Prerelease prerelease) {
    Constraint c;
    c.flavor = Flavor::npm;
    c.prerelease = prerelease;
    c.text = std::string(text);
    bool include_pre = prerelease == Prerelease::include;
    // raw = trim, whitespace runs collapsed to one space.
    std::string raw;
    raw.reserve(text.size());
    for (char ch : trim(text)) {
        if (!is_space(ch)) {
            raw += ch;
        } else if (raw.back() != ' ') {
            raw += ' ';
        }
    }
    std::string_view rest = raw;
    while (true) {
        std::size_t bar = rest.find("||");
        auto set = npm_parse_range(trim(rest.substr(0, bar)), include_pre);
        if (!set) {
            return constraint_error(text, Flavor::npm);
        }
        if (!set->empty()) {
            c.npm.push_back(std::move(*set));
        }
        if (bar == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(bar + 2);
    }
    if (c.npm.empty()) {
        return constraint_error(text, Flavor::npm);
    }
    auto null_set = [](const auto& s) { return npm_is_null_set(s.front()); };
    if (c.npm.size() > 1 && std::any_of(c.npm.begin(), c.npm.end(), null_set)) {
        if (std::all_of(c.npm.begin(), c.npm.end(), null_set)) {
            c.npm.resize(1);
        } else {
            c.npm.erase(std::remove_if(c.npm.begin(), c.npm.end(), null_set), c.npm.end());
        }
    }
    if (c.npm.size() > 1) {
        for (auto& s : c.npm) {
            if (s.size() == 1 && s.front().op == Op::any) {
                auto keep = std::move(s);
                c.npm = {std::move(keep)};
                break;
            }
        }
    }
    c.npm_tests = npm_flatten(c.npm);
    std::vector<SemInterval> intervals(c.npm.size());
    std::vector<SemInterval> windows;
    for (std::size_t i = 0; i < c.npm.size(); ++i) {
        for (const auto& comp : c.npm[i]) {
            npm_narrow(intervals[i], comp);
        }
        for (const auto& comp : c.npm[i]) {
            if (comp.op != Op::any && !comp.version.pre.empty()) {
                windows.push_back(intersect(intervals[i], prereleases_of(comp.version)));
            }
        }
    }
    c.intervals = normalize(std::move(intervals));
    c.pre_windows = normalize(std::move(windows));
    return c;
}

// Returns the pre-release of the comparator that test `k` stands for.
const std::string& npm_test_pre(const Constraint& c, std::size_t k) {
    for (const auto& set : c.npm) {
        if (k < set.size()) {
            return set[k].version.pre;
        }
        k -= set.size();
    }
    throw std::logic_error("npm test index out of range");
}

// Compares `v` with test `k`'s version: major.minor.patch from the test itself, the
// pre-release from its comparator.
int npm_compare(const Constraint& c, std::size_t k, const SemVersion& v) {
    const NpmTest& t = c.npm_tests[k];
    if (v.major != t.major) {
        return v.major < t.major ? -1 : 1;
    }
    if (v.minor != t.minor) {
        return v.minor < t.minor ? -1 : 1;
    }
    if (v.patch != t.patch) {
        return v.patch < t.patch ? -1 : 1;
    }
    if (v.pre.empty() && !t.has_pre) {
        return 0;
    }
    return compare_prerelease(v.pre, npm_test_pre(c, k), Flavor::npm);
}

bool npm_passes(const Constraint& c, std::size_t k, const SemVersion& v) {
    Op op = c.npm_tests[k].op;
    if (op == Op::any) {
        return true;
    }
    int r = npm_compare(c, k, v);
    switch (op) {
    case Op::exact:
        return r == 0;
    case Op::less:
        return r < 0;
    case Op::less_eq:
        return r <= 0;
    case Op::greater:
        return r > 0;
    case Op::greater_eq:
        return r >= 0;
    default:
        return true;
    }
}

bool npm_satisfies(const Constraint& c, const SemVersion& v) {
    const NpmTests& tests = c.npm_tests;
    std::size_t i = 0;
    while (i < tests.size()) {
        std::size_t first = i;
        std::size_t end = tests[i].next_set;
        while (i < end && npm_passes(c, i, v)) {
            ++i;
        }
        if (i < end) {
            i = end;
            continue;
        }
        if (v.pre.empty() || c.prerelease == Prerelease::include) {
            return true;
        }
        for (std::size_t k = first; k < end; ++k) {
            const NpmTest& t = tests[k];
            if (t.op != Op::any && t.has_pre && t.major == v.major && t.minor == v.minor &&
                t.patch == v.patch) {
                return true;
            }
        }
    }
    return false;
}

// --- cargo (semver crate 1.0 VersionReq) --------------------------------------------------

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

    bool comparator(CargoComparator& c) {
        std::size_t op_start = pos;
        c.op = Op::caret;
        bool default_op = true;
        if (at('=')) {
            c.op = Op::exact;
            ++pos;
        } else if (at('>')) {
            ++pos;
            c.op = Op::greater;
            if (at('=')) {
                ++pos;
                c.op = Op::greater_eq;
            }
        } else if (at('<')) {
            ++pos;
            c.op = Op::less;
            if (at('=')) {
                ++pos;
                c.op = Op::less_eq;
            }
        } else if (at('~')) {
            ++pos;
            c.op = Op::tilde;
        } else if (at('^')) {
            ++pos;
            c.op = Op::caret;
        }
        default_op = pos == op_start;
        skip_spaces();
        if (!number(c.major, "major")) {
            return false;
        }
        bool has_wildcard = false;
        if (at('.')) {
            ++pos;
            if (at_wildcard()) {
                ++pos;
                has_wildcard = true;
                if (default_op) {
                    c.op = Op::wildcard;
                }
            } else {
                std::uint64_t minor = 0;
                if (!number(minor, "minor")) {
                    return false;
                }
                c.minor = minor;
            }
        }
        if (at('.')) {
            ++pos;
            if (at_wildcard()) {
                ++pos;
                if (default_op) {
                    c.op = Op::wildcard;
                }
            } else if (has_wildcard) {
                return fail_at(pos, "a wildcard after a wildcard");
            } else {
                std::uint64_t patch = 0;
                if (!number(patch, "patch")) {
                    return false;
                }
                c.patch = patch;
            }
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

// Parses a cargo VersionReq; on failure fills `diagnosis` and returns nullopt.
std::optional<Constraint> parse_cargo_impl(std::string_view text, Prerelease prerelease,
                                           Diagnosis& diagnosis) {
    Constraint c;
    c.flavor = Flavor::cargo;
    c.prerelease = prerelease;
    c.text = std::string(text);
    CargoParser p;
    p.text = text;
    p.skip_spaces();
    auto err = [&]() -> std::optional<Constraint> {
        diagnosis = Diagnosis{p.error_pos, p.error};
        return std::nullopt;
    };
    if (p.at_wildcard()) {
        std::size_t wpos = p.pos;
        ++p.pos;
        p.skip_spaces();
        if (p.pos == text.size()) {
            c.intervals = {SemInterval{}};
            return c;
        }
        p.fail_at(p.pos, p.at(',') ? "the wildcard to be the only comparator"
                                   : "nothing after the wildcard");
        (void)wpos;
        return err();
    }
    while (true) {
        CargoComparator comp;
        if (!p.comparator(comp)) {
            return err();
        }
        c.cargo.push_back(std::move(comp));
        if (p.pos == text.size()) {
            break;
        }
        if (!p.at(',')) {
            p.fail_at(p.pos, "',' between comparators");
            return err();
        }
        ++p.pos;
        p.skip_spaces();
        if (c.cargo.size() + 1 == 32) {
            p.fail_at(p.pos, "at most 32 comparators");
            return err();
        }
    }
    // Intervals, in precedence order; pre-release admission is applied separately.
    auto ver = [](std::uint64_t M, std::uint64_t m, std::uint64_t p, std::string pre = {}) {
        SemVersion v;
        v.major = M;
        v.minor = m;
        v.patch = p;
        v.pre = std::move(pre);
        return v;
    };
    auto bump = [](std::uint64_t x) { return x == UINT64_MAX ? x : x + 1; };
    SemInterval acc;
    for (const auto& k : c.cargo) {
        SemInterval i;
        std::uint64_t m = k.minor.value_or(0);
        std::uint64_t pt = k.patch.value_or(0);
        // The first version past the comparator's partial version (1 -> 2.0.0, 1.2 -> 1.3.0).
        SemVersion after = !k.minor   ? ver(bump(k.major), 0, 0)
                           : !k.patch ? ver(k.major, bump(m), 0)
                                      : ver(k.major, m, bump(pt));
        SemVersion low = ver(k.major, m, pt, k.patch ? k.pre : std::string());
        switch (k.op) {
        case Op::exact:
        case Op::wildcard:
            i.min = low;
            if (k.patch) {
                i.max = low;
                i.include_max = true;
            } else {
                i.max = after;
            }
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
            if (k.patch) {
                i.max = low;
                i.include_max = true;
            } else {
                i.max = after;
            }
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
        acc = intersect(acc, i);
    }
    c.intervals = normalize({acc});
    std::vector<SemInterval> windows;
    for (const auto& k : c.cargo) {
        if (k.minor && k.patch && !k.pre.empty()) {
            windows.push_back(intersect(acc, prereleases_of(ver(k.major, *k.minor, *k.patch))));
        }
    }
    c.pre_windows = normalize(std::move(windows));
    return c;
}

Result<Constraint> parse_cargo(std::string_view text, Prerelease prerelease) {
    Diagnosis d;
    if (auto c = parse_cargo_impl(text, prerelease, d)) {
        return std::move(*c);
    }
    return fail(ErrorKind::invalid_argument,
                "invalid cargo constraint: expected " + d.expected + " at column " +
                    std::to_string(d.column + 1),
                std::string(text));
}

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

// --- poetry (poetry-core 1.4 parse_constraint) ------------------------------------------------

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
// `needs` lists the characters every match contains: without any of them in `s` the pattern
// is neither compiled nor run (what a one-shot check would pay for).
std::vector<std::pair<std::size_t, std::string>> re_split(const Regex& re, std::string_view s,
                                                          std::string_view needs) {
    std::vector<std::pair<std::size_t, std::string>> out;
    if (s.find_first_of(needs) == std::string_view::npos) {
        out.emplace_back(0, std::string(s));
        return out;
    }
    std::size_t pos = 0;
    std::size_t from = 0;
    Groups groups;
    std::size_t b = 0;
    std::size_t e = 0;
    while (from <= s.size() && re.search(s, from, groups, b, e)) {
        if (e == b) {
            from = b + 1;
            continue;
        }
        out.emplace_back(pos, std::string(s.substr(pos, b - pos)));
        pos = e;
        from = e;
    }
    out.emplace_back(pos, std::string(s.substr(pos)));
    return out;
}

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

std::optional<PoetryUnion> poetry_single(std::string_view piece) {
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
    Pep440Version v;
    if (first == '~' && re.tilde.match(piece, m)) {
        if (!parse_pep(*m[1], v)) {
            return std::nullopt;
        }
        Pep440Version high = v.release.size() == 1 ? pep440_next(pep440_stable(v), BumpPart::major)
                                                   : pep440_next(pep440_stable(v), BumpPart::minor);
        return PoetryUnion{make_poetry_range(v, high, true, false)};
    }
    if (first == '~' && re.tilde_pep440.match(piece, m)) {
        if (!parse_pep(*m[1], v)) {
            return std::nullopt;
        }
        Pep440Version high = v.release.size() == 2 ? pep440_next(pep440_stable(v), BumpPart::major)
                                                   : pep440_next(pep440_stable(v), BumpPart::minor);
        return PoetryUnion{make_poetry_range(v, high, true, false)};
    }
    if (first == '^' && re.caret.match(piece, m)) {
        if (!parse_pep(*m[1], v)) {
            return std::nullopt;
        }
        return PoetryUnion{make_poetry_range(v, pep440_next_breaking(v), true, false)};
    }
    if (wild_end && re.x.match(piece, m)) {
        auto to_num = [](std::string_view s, std::uint64_t& out) {
            out = 0;
            for (char ch : s) {
                auto d = static_cast<std::uint64_t>(ch - '0');
                if (out > (UINT64_MAX - d) / 10) {
                    return false;
                }
                out = out * 10 + d;
            }
            return true;
        };
        std::uint64_t major = 0;
        if (!to_num(*m[2], major)) {
            return std::nullopt;
        }
        PoetryRange result;
        if (gset(m, 3)) {
            std::uint64_t minor = 0;
            if (!to_num(*m[3], minor)) {
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
        if (g(m, 1) == "!=") {
            return poetry_any_minus(result);
        }
        return PoetryUnion{result};
    }
    if (re.basic.match(piece, m)) {
        std::string op = g(m, 1);
        std::string vs = g(m, 2);
        if (vs == "dev") {
            vs = "0.0-dev";
        }
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
    return std::nullopt;
}

std::string py_rstrip(std::string s, std::string_view chars) {
    while (!s.empty() && chars.find(s.back()) != std::string_view::npos) {
        s.pop_back();
    }
    return s;
}

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
        auto ors = re_split(re.or_split, trim(text), "|");
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

} // namespace

Result<Constraint> parse_constraint(std::string_view text, Flavor flavor, Prerelease prerelease) {
    switch (flavor) {
    case Flavor::npm:
        return parse_npm(text, prerelease);
    case Flavor::cargo:
        return parse_cargo(text, prerelease);
    case Flavor::poetry:
    default:
        return parse_poetry(text, prerelease);
    }
}

bool satisfies(const Constraint& c, const SemVersion& v) {
    return c.flavor == Flavor::npm ? npm_satisfies(c, v) : cargo_satisfies(c, v);
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
        return npm_satisfies(c, v.sem());
    case Flavor::cargo:
        return cargo_satisfies(c, v.sem());
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
        if (!parse_cargo_impl(text, Prerelease::by_flavor_rule, d)) {
            return d;
        }
    }
    // Scan each comparator: operator, optional "v", dot-separated parts, pre-release, build.
    auto is_digit = [](char ch) { return ch >= '0' && ch <= '9'; };
    auto is_wild = [](char ch) { return ch == 'x' || ch == 'X' || ch == '*'; };
    std::size_t i = 0;
    const std::size_t n = text.size();
    if (trim(text).empty()) {
        return {0, "a version constraint"};
    }
    while (i < n) {
        while (i < n && (is_space(text[i]) || text[i] == ',' || text[i] == '|')) {
            ++i;
        }
        if (i >= n) {
            break;
        }
        while (i < n && std::string_view("<>=!~^").find(text[i]) != std::string_view::npos) {
            ++i;
        }
        while (i < n && is_space(text[i])) {
            ++i;
        }
        if (i < n && (text[i] == 'v' || text[i] == 'V') && flavor != Flavor::cargo) {
            ++i;
        }
        int parts = 0;
        bool wildcard = false;
        while (true) {
            std::size_t start = i;
            if (i < n && is_digit(text[i])) {
                while (i < n && is_digit(text[i])) {
                    ++i;
                }
                if (wildcard && flavor != Flavor::npm) {
                    return {start, "no number after a wildcard"};
                }
            } else if (i < n && is_wild(text[i])) {
                ++i;
                wildcard = true;
            } else {
                return {start, parts == 0 ? "a version number" : "a number or a wildcard"};
            }
            ++parts;
            if (parts == 4 && flavor != Flavor::poetry) {
                return {start, "at most three parts (major.minor.patch)"};
            }
            if (i < n && text[i] == '.') {
                ++i;
                continue;
            }
            break;
        }
        // Whatever follows the release parts: let the flavor's version grammar judge it.
        std::size_t end = i;
        while (end < n && !is_space(text[end]) && text[end] != ',' && text[end] != '|') {
            ++end;
        }
        if (end > i) {
            std::size_t begin = i;
            while (begin > 0 && !is_space(text[begin - 1]) &&
                   std::string_view("<>=!~^,|").find(text[begin - 1]) == std::string_view::npos) {
                --begin;
            }
            std::string_view token = text.substr(begin, end - begin);
            bool ok = flavor == Flavor::poetry ? parse_pep440(token).has_value()
                                               : parse_semver(token, flavor).has_value();
            if (!ok && !wildcard) {
                if (flavor == Flavor::poetry) {
                    return {i, "a PEP 440 pre, post, dev or local part"};
                }
                return {i, text[i] == '-' || text[i] == '+'
                               ? "valid pre-release or build identifiers"
                               : "'-', '+' or the end of the version"};
            }
        }
        i = end;
        if (i < n && text[i] == '-' && flavor == Flavor::npm) {
            ++i;
        }
    }
    return {0, "a valid " + std::string(flavor_name(flavor)) + " constraint"};
}

} // namespace tbx::semver
