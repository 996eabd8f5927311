#include <stdexcept>

#include <tbx/semver/regex.hpp>

namespace tbx::semver::detail {

pcre2_match_data* Groups::data() {
    if (m_data == nullptr) {
        m_data = pcre2_match_data_create(k_pairs, nullptr);
    }
    return m_data;
}

bool Regex::search(std::string_view subject, std::size_t start, Groups& groups,
                   std::size_t& match_begin, std::size_t& match_end) const {
    const pcre2_code* re = code();
    pcre2_match_data* md = groups.data();
    int rc = pcre2_match(re, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), start, 0,
                         md, nullptr);
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

// Compiled on first use: one constraint needs only a few of the grammar's patterns, and a
// one-shot `tbx semver check` should not pay for the rest. No JIT: each pattern runs a few
// times per constraint, and JIT compilation would dominate the one-shot latency.
const pcre2_code* Regex::code() const {
    std::call_once(m_compiled, [this] {
        int code = 0;
        PCRE2_SIZE offset = 0;
        m_code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(m_pattern.c_str()), m_pattern.size(),
                               m_flags, &code, &offset, nullptr);
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

} // namespace tbx::semver::detail
