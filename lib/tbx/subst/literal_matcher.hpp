#pragma once

#include <string>
#include <string_view>

#include <tbx/subst/matcher.hpp>

namespace tbx::subst {

/// Matches a fixed, non-empty byte string with memmem (no case folding, no word rule).
class LiteralMatcher final : public Matcher {
public:
    /// Creates a matcher for `needle`, which must not be empty.
    explicit LiteralMatcher(std::string needle);

    [[nodiscard]] std::unique_ptr<MatchSession> session() const override;
    [[nodiscard]] std::size_t group_count() const override { return 0; }
    [[nodiscard]] std::optional<std::size_t>
    group_number(std::string_view /*name*/) const override {
        return std::nullopt;
    }
    [[nodiscard]] std::size_t history_bytes() const override { return 0; }
    [[nodiscard]] bool names_line_break() const override {
        return m_needle.find_first_of("\r\n") != std::string::npos;
    }
    [[nodiscard]] std::string_view engine() const override { return "literal"; }

    /// Returns the text searched for.
    [[nodiscard]] const std::string& needle() const { return m_needle; }

private:
    std::string m_needle;
};

/// Returns true when `pattern` has no PCRE2 metacharacter, so it can be searched literally.
bool is_plain_literal(std::string_view pattern);

} // namespace tbx::subst
