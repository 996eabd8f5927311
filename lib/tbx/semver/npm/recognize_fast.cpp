// The hand-written npm recognizer. Most constraints are plain comparators: an operator (=, <,
// <=, >, >=, ~, ~>, ^), maybe a space, and a version of up to three parts (numbers or x/X/*),
// with a pre-release only on a full version. Reading those directly is about thirty times
// faster than node-semver's regular expressions. Anything else is declined and takes the
// regex recognizer: build metadata, "=" or spaces before a version, leading zeros, numbers
// over 15 digits, misplaced wildcards, invalid text. tests/unit/semver_npm_syntax_test.cpp
// checks that both read node-semver's fixtures alike.

#include <tbx/semver/npm/syntax.hpp>

namespace tbx::semver::detail {
namespace {

// Reads a number without leading zero (at most 15 digits: far from 2^53) or a wildcard.
bool read_part(std::string_view s, std::size_t& pos, NpmPart& out) {
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

bool is_identifier_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

// Reads node-semver's strict pre-release identifiers (a number without leading zero, or a
// word of [0-9A-Za-z-] with a non-digit).
bool read_prerelease(std::string_view s, std::size_t& pos) {
    while (true) {
        std::size_t start = pos;
        bool digits = true;
        while (pos < s.size() && is_identifier_char(s[pos])) {
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

// Reads "[v]M[.m[.p[-pre]]]" at `pos`, up to a space or the end; false declines.
bool read_version(std::string_view s, std::size_t& pos, NpmPartial& out) {
    // xrangeplain's `[v=\s]*` prefix, in its common form.
    if (pos < s.size() && s[pos] == 'v') {
        ++pos;
        out.v_prefix = true;
    }
    std::size_t count = 0;
    if (!read_part(s, pos, out.parts[0])) {
        return false;
    }
    count = 1;
    while (count < 3 && pos < s.size() && s[pos] == '.') {
        ++pos;
        if (!read_part(s, pos, out.parts[count])) {
            return false;
        }
        ++count;
    }
    const NpmPart* v = out.parts;
    // node's invalidXRangeOrder ("x.1", "1.x.2"): left to the regex recognizer.
    if ((v[0].x && count > 1 && !v[1].x) || (v[1].x && count > 2 && !v[2].x)) {
        return false;
    }
    if (pos < s.size() && s[pos] == '-') {
        if (count < 3 || v[0].x || v[1].x || v[2].x) {
            return false;
        }
        std::size_t pr_start = ++pos;
        if (!read_prerelease(s, pos)) {
            return false;
        }
        out.pre = s.substr(pr_start, pos - pr_start);
    }
    return pos == s.size() || s[pos] == ' ';
}

// A hyphen range is the whole part or nothing: "A - B" with two plain versions.
bool read_hyphen(std::string_view s, std::size_t hyphen, NpmSyntaxSink& sink) {
    std::size_t pos = 0;
    NpmPartial from;
    NpmPartial to;
    if (!read_version(s, pos, from) || pos != hyphen) {
        return false;
    }
    pos = hyphen + 3;
    if (!read_version(s, pos, to) || pos != s.size()) {
        return false;
    }
    sink.hyphen(from, to);
    return true;
}

// Reads an operator at `pos`; tilde, caret and comparator trimming drop one space after it.
Op read_operator(std::string_view s, std::size_t& pos) {
    Op op = Op::any;
    std::size_t start = pos;
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
        op = Op::tilde;
    } else if (s[pos] == '^') {
        ++pos;
        op = Op::caret;
    }
    if (pos > start && pos < s.size() && s[pos] == ' ') {
        ++pos;
    }
    return op;
}

} // namespace

bool recognize_npm_fast(std::string_view s, NpmSyntaxSink& sink) {
    if (s.size() > 256) {
        return false;
    }
    if (s.empty()) {
        sink.comparator(NpmPartial{});
        return true;
    }
    if (std::size_t hyphen = s.find(" - "); hyphen != std::string_view::npos) {
        return read_hyphen(s, hyphen, sink);
    }
    std::size_t pos = 0;
    while (pos < s.size()) {
        NpmPartial v;
        v.op = read_operator(s, pos);
        if (!read_version(s, pos, v)) {
            return false;
        }
        if (pos < s.size()) {
            ++pos; // the space before the next comparator (the part is trimmed)
        }
        sink.comparator(v);
    }
    return true;
}

} // namespace tbx::semver::detail
