#include <algorithm>
#include <cstring>
#include <optional>

#include <tbx/subst/literal_matcher.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tbx::subst {

namespace {

// Compares the bytes between a candidate's first and last; a loop beats a call to memcmp
// on the few bytes of a typical needle, where dense matches make this the hot path.
bool equal_middle(const char* a, const char* b, std::size_t size) {
    if (size > 16) {
        return std::memcmp(a, b, size) == 0;
    }
    for (std::size_t i = 0; i < size; ++i) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

#if defined(__SSE2__)
// Finds a needle (2+ bytes) by testing its first and last byte at 16 positions at once and
// verifying candidates: the "packed pair" idea of the memchr crate. glibc's memmem spends its
// time in a scalar two-way loop on short needles; this runs at several GB/s on text where the
// first byte is common. The byte vectors are built once: with dense matches the search is
// restarted millions of times, and rebuilding them per call cost more than the scan.
class PairFinder {
public:
    explicit PairFinder(std::string_view needle)
        : m_needle(needle), m_first(_mm_set1_epi8(needle.front())),
          m_last(_mm_set1_epi8(needle.back())) {}

    const char* find(const char* haystack, std::size_t size) const {
        const std::size_t last = m_needle.size() - 1;
        if (size < m_needle.size()) {
            return nullptr;
        }
        const std::size_t end = size - last; // candidate starts are [0, end)
        std::size_t i = 0;
        for (; i + 16 <= end; i += 16) {
            const __m128i head = _mm_loadu_si128(reinterpret_cast<const __m128i*>(haystack + i));
            const __m128i tail =
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(haystack + i + last));
            auto mask = static_cast<unsigned>(_mm_movemask_epi8(
                _mm_and_si128(_mm_cmpeq_epi8(head, m_first), _mm_cmpeq_epi8(tail, m_last))));
            while (mask != 0) {
                const auto bit = static_cast<std::size_t>(__builtin_ctz(mask));
                if (last < 2 ||
                    equal_middle(haystack + i + bit + 1, m_needle.data() + 1, last - 1)) {
                    return haystack + i + bit;
                }
                mask &= mask - 1;
            }
        }
        for (; i < end; ++i) {
            if (haystack[i] == m_needle.front() && haystack[i + last] == m_needle.back() &&
                std::memcmp(haystack + i + 1, m_needle.data() + 1, last - 1) == 0) {
                return haystack + i;
            }
        }
        return nullptr;
    }

private:
    std::string_view m_needle;
    __m128i m_first;
    __m128i m_last;
};
#endif

// Finds the needle with the fastest method for its length.
class LiteralFinder {
public:
    explicit LiteralFinder(std::string_view needle) : m_needle(needle) {
#if defined(__SSE2__)
        if (needle.size() >= 2 && needle.size() <= 64) {
            m_pair.emplace(needle);
        }
#endif
    }

    const char* find(const char* haystack, std::size_t size) const {
        if (m_needle.size() == 1) {
            return static_cast<const char*>(std::memchr(haystack, m_needle.front(), size));
        }
#if defined(__SSE2__)
        if (m_pair) {
            return m_pair->find(haystack, size);
        }
#endif
        return static_cast<const char*>(::memmem(haystack, size, m_needle.data(), m_needle.size()));
    }

private:
    std::string_view m_needle;
#if defined(__SSE2__)
    std::optional<PairFinder> m_pair;
#endif
};

class LiteralSession final : public MatchSession {
public:
    explicit LiteralSession(std::string_view needle) : m_needle(needle), m_finder(needle) {}

    Result<bool> find(std::string_view subject, std::size_t start, Captures& captures) override {
        if (start > subject.size() || subject.size() - start < m_needle.size()) {
            return false;
        }
        const char* hit = m_finder.find(subject.data() + start, subject.size() - start);
        if (hit == nullptr) {
            return false;
        }
        const auto begin = static_cast<std::size_t>(hit - subject.data());
        captures.resize(1);
        captures[0] = Span{begin, begin + m_needle.size()};
        return true;
    }

    Result<WindowFind> find_in_window(std::string_view window, std::size_t start,
                                      Captures& captures, std::size_t& resume) override {
        // A literal looks at nothing outside the match: any hit is final, and only the last
        // size-1 positions could still start one.
        auto found = find(window, start, captures);
        if (*found) {
            return WindowFind::match;
        }
        resume = std::max(start, window.size() - std::min(window.size(), m_needle.size() - 1));
        return WindowFind::need_more;
    }

private:
    std::string_view m_needle;
    LiteralFinder m_finder;
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
