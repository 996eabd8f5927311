#include <cstring>

#include <tbx/subst/literal_matcher.hpp>

namespace tbx::subst {

namespace {

class LiteralSession final : public MatchSession {
public:
    explicit LiteralSession(std::string_view needle) : m_needle(needle) {}

    Result<bool> find(std::string_view subject, std::size_t start, Captures& captures) override {
        if (start > subject.size() || subject.size() - start < m_needle.size()) {
            return false;
        }
        // glibc's memmem is a two-way search with a vectorized first-byte scan: memchr-class
        // speed on the sparse matches substitutions usually have.
        const void* hit = ::memmem(subject.data() + start, subject.size() - start, m_needle.data(),
                                   m_needle.size());
        if (hit == nullptr) {
            return false;
        }
        const auto begin = static_cast<std::size_t>(static_cast<const char*>(hit) - subject.data());
        captures.assign(1, Span{begin, begin + m_needle.size()});
        return true;
    }

private:
    std::string_view m_needle;
};

} // namespace

LiteralMatcher::LiteralMatcher(std::string needle) : m_needle(std::move(needle)) {}

std::unique_ptr<MatchSession> LiteralMatcher::session() const {
    return std::make_unique<LiteralSession>(m_needle);
}

bool is_plain_literal(std::string_view pattern) {
    return !pattern.empty() && pattern.find_first_of("\\^$.|?*+()[]{}#") == std::string_view::npos;
}

} // namespace tbx::subst
