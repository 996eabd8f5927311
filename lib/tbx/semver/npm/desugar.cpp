#include <array>

#include <tbx/semver/npm/desugar.hpp>

namespace tbx::semver::detail {

void NpmDesugarer::comparator(const NpmPartial& partial) {
    switch (partial.op) {
    case Op::caret:
        caret(partial);
        break;
    case Op::tilde:
        tilde(partial);
        break;
    default:
        xrange(partial);
        break;
    }
}

std::optional<std::vector<NpmComparator>> NpmDesugarer::take() {
    if (m_invalid) {
        return std::nullopt;
    }
    return std::move(m_comps);
}

// node's "" comparator: any version.
void NpmDesugarer::add_any() {
    m_comps.emplace_back();
}

// Adds the comparator that node would print as OP M.m.p[-pre].
void NpmDesugarer::add(Op op, std::uint64_t major, std::uint64_t minor, std::uint64_t patch,
                       std::string_view pre, bool written_v) {
    // replaceGTE0: ">=0.0.0" (">=0.0.0-0" with includePrerelease) means any version.
    if (!written_v && op == Op::greater_eq && major == 0 && minor == 0 && patch == 0 &&
        pre == zero()) {
        add_any();
        return;
    }
    // node's SemVer constructor throws above Number.MAX_SAFE_INTEGER.
    if (major > k_npm_max_safe || minor > k_npm_max_safe || patch > k_npm_max_safe) {
        m_invalid = true;
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
    std::string version = c.version.to_string();
    // ... and above 256 characters (the version's text, a "v" included).
    if (version.size() + (written_v ? 1 : 0) > k_npm_max_length) {
        m_invalid = true;
        return;
    }
    c.value += version;
    m_comps.push_back(std::move(c));
}

void NpmDesugarer::add_kept(Op op, const NpmPartial& v, std::string_view pre) {
    if (v.odd_prefix) {
        m_invalid = true;
        return;
    }
    add(op, v.parts[0].value, v.parts[1].value, v.parts[2].value, pre, v.v_prefix);
}

// node's range for "M" (also "M.x", "^M", "~M"): >=M.0.0 <M+1.0.0-0.
void NpmDesugarer::add_major(std::uint64_t major) {
    add(Op::greater_eq, major, 0, 0, zero());
    add(Op::less, major + 1, 0, 0, "0");
}

// node's range for "M.m" (also "M.m.x", "~M.m", "^0.m"): >=M.m.0 <M.m+1.0-0.
void NpmDesugarer::add_minor(std::uint64_t major, std::uint64_t minor) {
    add(Op::greater_eq, major, minor, 0, zero());
    add(Op::less, major, minor + 1, 0, "0");
}

// replaceCaret for "^M.m.p-pr".
void NpmDesugarer::caret(const NpmPartial& v) {
    const auto& [M, m, p] = v.parts;
    if (M.x) {
        add_any();
    } else if (m.x) {
        add_major(M.value);
    } else if (p.x) {
        if (M.value == 0) {
            add_minor(0, m.value);
        } else {
            add(Op::greater_eq, M.value, m.value, 0, zero());
            add(Op::less, M.value + 1, 0, 0, "0");
        }
    } else {
        add(Op::greater_eq, M.value, m.value, p.value, v.pre);
        if (M.value == 0 && m.value == 0) {
            add(Op::less, 0, 0, p.value + 1, "0");
        } else if (M.value == 0) {
            add(Op::less, 0, m.value + 1, 0, "0");
        } else {
            add(Op::less, M.value + 1, 0, 0, "0");
        }
    }
}

// replaceTilde for "~M.m.p-pr".
void NpmDesugarer::tilde(const NpmPartial& v) {
    const auto& [M, m, p] = v.parts;
    if (M.x) {
        add_any();
    } else if (m.x) {
        add_major(M.value);
    } else if (p.x) {
        add_minor(M.value, m.value);
    } else {
        add(Op::greater_eq, M.value, m.value, p.value, v.pre);
        add(Op::less, M.value, m.value + 1, 0, "0");
    }
}

// replaceXRange (then replaceStars) for "OPM.m.p-pr", OP one of "", =, <, <=, >, >=.
void NpmDesugarer::xrange(const NpmPartial& v) {
    std::uint64_t M = v.parts[0].value;
    std::uint64_t m = v.parts[1].value;
    bool xm = v.parts[0].x || v.parts[1].x;
    bool any_x = xm || v.parts[2].x;
    Op op = v.op;
    if (!any_x) {
        add_kept(op == Op::any ? Op::exact : op, v, v.pre); // node returns the text unchanged
        return;
    }
    if (v.parts[0].x) {
        if (op == Op::greater || op == Op::less) {
            add(Op::less, 0, 0, 0, "0"); // nothing is allowed: "<0.0.0-0"
        } else {
            add_any();
        }
        return;
    }
    if (op == Op::any || op == Op::exact) {
        xm ? add_major(M) : add_minor(M, m);
        return;
    }
    m = xm ? 0 : m;
    if (op == Op::greater || op == Op::less_eq) {
        // ">1.x" is ">=2.0.0", "<=1.2.x" is "<1.3.0-0".
        op = op == Op::greater ? Op::greater_eq : Op::less;
        M += xm ? 1 : 0;
        m += xm ? 0 : 1;
    }
    add(op, M, m, 0, op == Op::less ? "0" : zero());
}

// hyphenReplace's lower bound.
void NpmDesugarer::hyphen_low(const NpmPartial& from) {
    const auto& [M, m, p] = from.parts;
    if (M.x) {
        add_any();
    } else if (m.x) {
        add(Op::greater_eq, M.value, 0, 0, zero());
    } else if (p.x) {
        add(Op::greater_eq, M.value, m.value, 0, zero());
    } else {
        add_kept(Op::greater_eq, from, from.pre.empty() ? zero() : from.pre);
    }
}

// hyphenReplace's upper bound.
void NpmDesugarer::hyphen_high(const NpmPartial& to) {
    const auto& [M, m, p] = to.parts;
    if (M.x) {
        add_any();
    } else if (m.x) {
        add(Op::less, M.value + 1, 0, 0, "0");
    } else if (p.x) {
        add(Op::less, M.value, m.value + 1, 0, "0");
    } else if (!to.pre.empty()) {
        add(Op::less_eq, M.value, m.value, p.value, to.pre);
    } else if (m_include_pre) {
        add(Op::less, M.value, m.value, p.value + 1, "0");
    } else {
        add_kept(Op::less_eq, to, "");
    }
}

void NpmDesugarer::hyphen(const NpmPartial& from, const NpmPartial& to) {
    hyphen_low(from);
    hyphen_high(to);
}

} // namespace tbx::semver::detail
