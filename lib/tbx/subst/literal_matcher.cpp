#include <algorithm>
#include <cstring>

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
// Finds `needle` (2+ bytes) in `haystack` by testing its first and last byte at 16 positions
// at once and verifying candidates with memcmp: the "packed pair" idea of the memchr crate.
// glibc's memmem spends its time in a scalar two-way loop on short needles; this runs at
// several GB/s on text where the first byte is common.
const char* find_pair(const char* haystack, std::size_t size, std::string_view needle) {
    const std::size_t last = needle.size() - 1;
    if (size < needle.size()) {
        return nullptr;
    }
    const __m128i first_byte = _mm_set1_epi8(needle.front());
    const __m128i last_byte = _mm_set1_epi8(needle.back());
    const std::size_t end = size - last; // candidate starts are [0, end)
    std::size_t i = 0;
    for (; i + 16 <= end; i += 16) {
        const __m128i head = _mm_loadu_si128(reinterpret_cast<const __m128i*>(haystack + i));
        const __m128i tail = _mm_loadu_si128(reinterpret_cast<const __m128i*>(haystack + i + last));
        auto mask = static_cast<unsigned>(_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpeq_epi8(head, first_byte), _mm_cmpeq_epi8(tail, last_byte))));
        while (mask != 0) {
            const auto bit = static_cast<std::size_t>(__builtin_ctz(mask));
            if (last < 2 || equal_middle(haystack + i + bit + 1, needle.data() + 1, last - 1)) {
                return haystack + i + bit;
            }
            mask &= mask - 1;
        }
    }
    for (; i < end; ++i) {
        if (haystack[i] == needle.front() && haystack[i + last] == needle.back() &&
            std::memcmp(haystack + i + 1, needle.data() + 1, last - 1) == 0) {
            return haystack + i;
        }
    }
    return nullptr;
}
#endif

const char* find_literal(const char* haystack, std::size_t size, std::string_view needle) {
    if (needle.size() == 1) {
        return static_cast<const char*>(std::memchr(haystack, needle.front(), size));
    }
#if defined(__SSE2__)
    if (needle.size() <= 64) {
        return find_pair(haystack, size, needle);
    }
#endif
    return static_cast<const char*>(::memmem(haystack, size, needle.data(), needle.size()));
}

class LiteralSession final : public MatchSession {
public:
    explicit LiteralSession(std::string_view needle) : m_needle(needle) {}

    Result<bool> find(std::string_view subject, std::size_t start, Captures& captures) override {
        if (start > subject.size() || subject.size() - start < m_needle.size()) {
            return false;
        }
        const char* hit = find_literal(subject.data() + start, subject.size() - start, m_needle);
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
