#include <algorithm>
#include <iterator>

#include <tbx/text/unicode14.hpp>

namespace tbx::text {

namespace {

struct CodePointRange {
    char32_t first;
    char32_t last;
};

#include "unicode14_tables.inc"

/// Returns the range of `table` holding `c`, or nullptr.
template <std::size_t N>
const CodePointRange* find_range(const CodePointRange (&table)[N], char32_t c) noexcept {
    const auto* it = std::upper_bound(
        std::begin(table), std::end(table), c,
        [](char32_t value, const CodePointRange& range) { return value < range.first; });
    if (it == std::begin(table)) {
        return nullptr;
    }
    --it;
    return c <= it->last ? it : nullptr;
}

} // namespace

bool is_printable_py(char32_t c) noexcept {
    if (c >= 0x20 && c < 0x7F) {
        return true;
    }
    return find_range(k_printable, c) != nullptr;
}

int decimal_value_py(char32_t c) noexcept {
    if (c >= '0' && c <= '9') {
        return static_cast<int>(c - '0');
    }
    const CodePointRange* range = find_range(k_decimal, c);
    return range == nullptr ? -1 : static_cast<int>((c - range->first) % 10);
}

bool is_space_py(char32_t c) noexcept {
    return find_range(k_space, c) != nullptr;
}

} // namespace tbx::text
