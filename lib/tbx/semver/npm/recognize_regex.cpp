// The npm recognizer built on node-semver 7's regular expressions (internal/re.js): the text
// rewriting of Range.parseRange (build metadata, hyphen, comparator/tilde/caret trimming),
// then per comparator the patterns of replaceCaret, replaceTilde and replaceXRange, and what
// is left must read as a Comparator. Only recognition happens here: desugaring is
// NpmDesugarer's, for this recognizer and the fast one alike.

#include <tbx/semver/npm/syntax.hpp>
#include <tbx/semver/regex.hpp>

namespace tbx::semver::detail {
namespace {

// The pieces of node-semver's re.js the patterns are built from: built with the patterns, on
// the first npm range a regular expression reads, not at every start.
struct NpmPieces {
    std::string num = "0|[1-9]\\d*";
    std::string num_loose = "\\d+";
    std::string nonnum = "\\d*[a-zA-Z-][a-zA-Z0-9-]*";
    std::string main = "(" + num + ")\\.(" + num + ")\\.(" + num + ")";
    std::string main_loose = "(" + num_loose + ")\\.(" + num_loose + ")\\.(" + num_loose + ")";
    std::string preid = "(?:" + nonnum + "|" + num + ")";
    std::string preid_loose = "(?:" + nonnum + "|" + num_loose + ")";
    std::string pre = "(?:-(" + preid + "(?:\\." + preid + ")*))";
    std::string pre_loose = "(?:-?(" + preid_loose + "(?:\\." + preid_loose + ")*))";
    std::string buildid = "[a-zA-Z0-9-]+";
    std::string build = "(?:\\+(" + buildid + "(?:\\." + buildid + ")*))";
    std::string fullplain = "v?" + main + pre + "?" + build + "?";
    std::string looseplain = "[v=\\s]*" + main_loose + pre_loose + "?" + build + "?";
    std::string gtlt = "((?:<|>)?=?)";
    std::string xrid = num + "|x|X|\\*";
    std::string xrangeplain = "[v=\\s]*(" + xrid + ")(?:\\.(" + xrid + ")(?:\\.(" + xrid +
                              ")(?:" + pre + ")?" + build + "?)?)?";
};

struct NpmRegexes {
    NpmRegexes() : NpmRegexes(NpmPieces{}) {}
    explicit NpmRegexes(const NpmPieces& re)
        : build{re.build, 0}, hyphen{"^\\s*(" + re.xrangeplain + ")\\s+-\\s+(" + re.xrangeplain +
                                         ")\\s*$",
                                     0},
          comparator_trim{"(\\s*)" + re.gtlt + "\\s*(" + re.looseplain + "|" + re.xrangeplain + ")",
                          0},
          tilde_trim{"(\\s*)(?:~>?)\\s+", 0}, caret_trim{"(\\s*)(?:\\^)\\s+", 0},
          tilde{"^(?:~>?)" + re.xrangeplain + "$", 0}, caret{"^(?:\\^)" + re.xrangeplain + "$", 0},
          xrange{"^" + re.gtlt + "\\s*" + re.xrangeplain + "$", 0}, star{"(<|>)?=?\\s*\\*", 0},
          comparator{"^" + re.gtlt + "\\s*(" + re.fullplain + ")$|^$", 0} {}

    Regex build;
    Regex hyphen;
    Regex comparator_trim;
    Regex tilde_trim;
    Regex caret_trim;
    Regex tilde;
    Regex caret;
    Regex xrange;
    Regex star;
    Regex comparator;
};

const NpmRegexes& npm_regexes() {
    static const NpmRegexes regexes;
    return regexes;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Reads node's isX: a missing part, "x", "X" or "*".
NpmPart read_part(const Groups& m, std::size_t i) {
    if (!m.is_set(i) || m[i]->empty() || *m[i] == "x" || *m[i] == "X" || *m[i] == "*") {
        return NpmPart{};
    }
    std::uint64_t value = 0;
    for (char ch : *m[i]) {
        value = value * 10 + static_cast<std::uint64_t>(ch - '0');
        if (value > k_npm_max_safe) {
            return NpmPart{k_npm_max_safe + 1, false};
        }
    }
    return NpmPart{value, false};
}

// Fills `out` from xrangeplain's groups starting at `first` (major, minor, patch, pre);
// `prefix` is the text between the operator and the major (xrangeplain's `[v=\s]*`).
void read_partial(const Groups& m, std::size_t first, std::string_view prefix, NpmPartial& out) {
    for (std::size_t k = 0; k < 3; ++k) {
        out.parts[k] = read_part(m, first + k);
    }
    out.pre = m.is_set(first + 3) ? *m[first + 3] : std::string_view();
    out.v_prefix = prefix == "v";
    out.odd_prefix = !prefix.empty() && prefix != "v";
}

// The text from `from` up to the start of group `i` of a match inside `subject`.
std::string_view up_to_group(const Groups& m, std::size_t i, const char* from) {
    return {from, static_cast<std::size_t>(m[i]->data() - from)};
}

Op op_from_text(std::string_view gtlt) {
    if (gtlt == "=") {
        return Op::exact;
    }
    if (gtlt == "<" || gtlt == "<=") {
        return gtlt.size() == 1 ? Op::less : Op::less_eq;
    }
    if (gtlt == ">" || gtlt == ">=") {
        return gtlt.size() == 1 ? Op::greater : Op::greater_eq;
    }
    return Op::any;
}

// hyphenReplace's match: groups 1 (FROM) and 7 (TO), their parts from 2 and 8.
void send_hyphen(const Groups& m, NpmSyntaxSink& sink) {
    NpmPartial from;
    NpmPartial to;
    read_partial(m, 2, up_to_group(m, 2, m[1]->data()), from);
    read_partial(m, 8, up_to_group(m, 8, m[7]->data()), to);
    sink.hyphen(from, to);
}

// What is left of a comparator that no replacement rewrote: replaceStars, then node's
// Comparator must read it (an empty text is any version).
bool send_plain(std::string_view piece, NpmSyntaxSink& sink) {
    const auto& re = npm_regexes();
    std::string text(piece);
    if (text.find('*') != std::string::npos) {
        text = js_replace(re.star, text, false, [](const Groups&) { return std::string(); });
    }
    Groups m;
    if (!re.comparator.match(text, m)) {
        return false;
    }
    NpmPartial v;
    if (!m.is_set(2) || m[2]->empty()) {
        sink.comparator(v);
        return true;
    }
    v.op = op_from_text(m.text(1));
    // fullplain's groups: major, minor, patch, pre (3..6); the prefix is "v" or nothing.
    read_partial(m, 3, up_to_group(m, 3, m[2]->data()), v);
    sink.comparator(v);
    return true;
}

// One comparator of the set (no whitespace in it): parseComparator's steps.
bool send_piece(std::string_view piece, NpmSyntaxSink& sink) {
    const auto& re = npm_regexes();
    Groups m;
    NpmPartial v;
    if (piece.find('^') != std::string_view::npos && re.caret.match(piece, m)) {
        v.op = Op::caret;
        read_partial(m, 1, up_to_group(m, 1, piece.data() + 1), v);
        sink.comparator(v);
        return true;
    }
    if (piece.find('~') != std::string_view::npos && re.tilde.match(piece, m)) {
        v.op = Op::tilde;
        std::size_t op_size = piece.size() > 1 && piece[1] == '>' ? 2 : 1;
        read_partial(m, 1, up_to_group(m, 1, piece.data() + op_size), v);
        sink.comparator(v);
        return true;
    }
    if (re.xrange.match(piece, m)) {
        read_partial(m, 2, up_to_group(m, 2, m[1]->data() + m[1]->size()), v);
        v.op = op_from_text(*m[1]);
        const NpmPart* p = v.parts;
        bool invalid_order =
            (p[0].x && !p[1].x) || (p[1].x && m.is_set(4) && !m[4]->empty() && !p[2].x);
        // Without a wildcard (or with node's invalidXRangeOrder) the text stays as written.
        if ((p[0].x || p[1].x || p[2].x) && !invalid_order) {
            sink.comparator(v);
            return true;
        }
    }
    return send_plain(piece, sink);
}

// parseRange's rewriting of the whole set before it is split into comparators.
std::string rewrite_set(std::string range) {
    const auto& re = npm_regexes();
    // The trim only changes text where an operator character is followed by whitespace.
    bool op_space = false;
    for (std::size_t i = 0; i + 1 < range.size(); ++i) {
        op_space = op_space || ((range[i] == '<' || range[i] == '>' || range[i] == '=') &&
                                is_space(range[i + 1]));
    }
    if (op_space) {
        range = js_replace(re.comparator_trim, range, true,
                           [](const Groups& m) { return m.text(1) + m.text(2) + m.text(3); });
    }
    if (range.find('~') != std::string::npos) {
        range =
            js_replace(re.tilde_trim, range, true, [](const Groups& m) { return m.text(1) + "~"; });
    }
    if (range.find('^') != std::string::npos) {
        range =
            js_replace(re.caret_trim, range, true, [](const Groups& m) { return m.text(1) + "^"; });
    }
    return range;
}

} // namespace

bool recognize_npm_regex(std::string_view part, NpmSyntaxSink& sink) {
    const auto& re = npm_regexes();
    std::string range(part);
    if (range.find('+') != std::string::npos) {
        range = js_replace(re.build, range, true, [](const Groups&) { return std::string(); });
    }
    if (range.find('-') != std::string::npos) {
        Groups m;
        if (re.hyphen.match(range, m)) {
            send_hyphen(m, sink);
            return true;
        }
    }
    range = rewrite_set(std::move(range));
    // Comparators are separated by single spaces here; an empty one stands for any version.
    std::size_t start = 0;
    while (true) {
        std::size_t space = range.find(' ', start);
        std::string_view piece = std::string_view(range).substr(start, space - start);
        if (!send_piece(piece, sink)) {
            return false;
        }
        if (space == std::string::npos) {
            return true;
        }
        start = space + 1;
    }
}

} // namespace tbx::semver::detail
