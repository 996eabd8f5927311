#pragma once
// Internal to the semver module: a small PCRE2 wrapper. The npm and poetry grammars are defined
// by their references' regular expressions (node-semver's re.js, poetry-core's patterns), so
// their parsers reuse those expressions rather than re-deriving them; `js_replace` and
// `re_split` give JavaScript's replace and Python's re.split over them.

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace tbx::semver::detail {

/// Holds one search's capture groups (0 = the whole match), and the PCRE2 match data behind
/// them, kept for the next search through the same Groups: a loop of searches (a global
/// replace, a split, the patterns tried in turn on one piece) allocates it once.
class Groups {
public:
    Groups() = default;
    Groups(const Groups&) = delete;
    Groups& operator=(const Groups&) = delete;
    ~Groups() { pcre2_match_data_free(m_data); }

    /// Returns the number of groups, the whole match included.
    [[nodiscard]] std::size_t size() const { return m_groups.size(); }
    /// Returns group `i`, or nullopt when it did not take part in the match.
    const std::optional<std::string_view>& operator[](std::size_t i) const { return m_groups[i]; }
    /// Returns group `i` as text ("" when unset or out of range).
    [[nodiscard]] std::string text(std::size_t i) const {
        return i < size() && m_groups[i] ? std::string(*m_groups[i]) : std::string();
    }
    /// Returns true when group `i` took part in the match.
    [[nodiscard]] bool is_set(std::size_t i) const { return i < size() && m_groups[i]; }

private:
    friend class Regex;
    // Enough pairs for every built-in pattern (Regex checks its capture count).
    static constexpr std::uint32_t k_pairs = 32;

    pcre2_match_data* data();

    std::vector<std::optional<std::string_view>> m_groups;
    pcre2_match_data* m_data = nullptr;
};

/// One built-in pattern, compiled on first use.
class Regex {
public:
    /// Keeps `pattern` (PCRE2 syntax) and its compile `flags` for the first search.
    Regex(std::string pattern, std::uint32_t flags)
        : m_pattern(std::move(pattern)), m_flags(flags | PCRE2_DOLLAR_ENDONLY) {}
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;
    ~Regex() { pcre2_code_free(m_code); }

    /// Finds the first match at or after `start`; fills groups (0 = whole match).
    bool search(std::string_view subject, std::size_t start, Groups& groups,
                std::size_t& match_begin, std::size_t& match_end) const;

    /// Searches from the start of `subject` (anchoring is the pattern's business).
    bool match(std::string_view subject, Groups& groups) const {
        std::size_t b = 0;
        std::size_t e = 0;
        return search(subject, 0, groups, b, e);
    }

private:
    const pcre2_code* code() const;

    std::string m_pattern;
    std::uint32_t m_flags;
    mutable std::once_flag m_compiled;
    mutable pcre2_code* m_code = nullptr;
    mutable std::uint32_t m_pairs = 0;
};

/// Computes one match's replacement text.
using Replacer = std::function<std::string(const Groups&)>;

/// JavaScript's String.prototype.replace with a regex (first match, or all with `global`).
std::string js_replace(const Regex& re, std::string_view subject, bool global,
                       const Replacer& replacer);

/// Python's re.split without capture groups: the pieces between matches with their offsets.
/// `needs` lists the characters every match contains: without any of them in `s` the pattern
/// is neither compiled nor run (what a one-shot check would pay for).
std::vector<std::pair<std::size_t, std::string>> re_split(const Regex& re, std::string_view s,
                                                          std::string_view needs);

} // namespace tbx::semver::detail
