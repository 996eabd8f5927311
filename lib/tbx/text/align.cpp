#include <tbx/text/align.hpp>
#include <tbx/text/format_spec.hpp>

namespace tbx::text {

Padding compute_padding(std::uint64_t length, std::uint64_t width, Align align) noexcept {
    if (width <= length) {
        return {};
    }
    const std::uint64_t pad = width - length;
    switch (align) {
    case Align::left:
        return {0, pad};
    case Align::right:
        return {pad, 0};
    case Align::center:
        return {pad / 2, pad - pad / 2};
    case Align::center_str: {
        // CPython's pad(): left = marg / 2 + (marg & width & 1).
        const std::uint64_t left = pad / 2 + (pad & width & 1);
        return {left, pad - left};
    }
    }
    return {};
}

Align align_of(char align, CenterRule rule) noexcept {
    switch (align) {
    case '>':
        return Align::right;
    case '^':
        return rule == CenterRule::str_center ? Align::center_str : Align::center;
    default:
        return Align::left;
    }
}

void append_fill(std::string& out, std::string_view fill, std::uint64_t count) {
    if (fill.size() == 1) {
        out.append(count, fill[0]);
        return;
    }
    out.reserve(out.size() + fill.size() * count);
    for (std::uint64_t i = 0; i < count; ++i) {
        out += fill;
    }
}

} // namespace tbx::text
