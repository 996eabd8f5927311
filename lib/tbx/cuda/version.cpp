#include <algorithm>
#include <charconv>
#include <vector>

#include <tbx/cuda/version.hpp>

namespace tbx::cuda {

namespace {

// Splits on '.' and parses each piece as a non-negative integer; nullopt if any piece is not
// all digits. Long digit runs (dates like 20230222) still fit in long long.
std::optional<std::vector<long long>> dotted_parts(std::string_view text) {
    std::vector<long long> parts;
    std::size_t start = 0;
    while (true) {
        const auto dot = text.find('.', start);
        const auto piece =
            text.substr(start, dot == std::string_view::npos ? text.npos : dot - start);
        if (piece.empty() || piece.size() > 18 || piece[0] < '0' || piece[0] > '9') {
            return std::nullopt;
        }
        long long value = 0;
        const auto* end = piece.data() + piece.size();
        const auto [ptr, ec] = std::from_chars(piece.data(), end, value);
        if (ec != std::errc{} || ptr != end) {
            return std::nullopt;
        }
        parts.push_back(value);
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return parts;
}

} // namespace

std::string CudaVersion::release() const {
    return std::to_string(major) + "." + std::to_string(minor);
}

std::string CudaVersion::str() const {
    return patch ? release() + "." + std::to_string(*patch) : release();
}

std::optional<CudaVersion> parse_cuda_version(std::string_view text) {
    const auto parts = dotted_parts(text);
    if (!parts || parts->size() > 3 || (*parts)[0] > 1000 ||
        (parts->size() > 1 && (*parts)[1] > 1000)) {
        return std::nullopt;
    }
    CudaVersion version;
    version.major = static_cast<int>((*parts)[0]);
    if (parts->size() > 1) {
        version.minor = static_cast<int>((*parts)[1]);
    }
    if (parts->size() > 2) {
        version.patch = (*parts)[2];
    }
    return version;
}

bool is_dotted_number(std::string_view text) {
    return dotted_parts(text).has_value();
}

std::strong_ordering compare_dotted(std::string_view a, std::string_view b) {
    const auto left = dotted_parts(a).value_or(std::vector<long long>{});
    const auto right = dotted_parts(b).value_or(std::vector<long long>{});
    const auto count = std::max(left.size(), right.size());
    for (std::size_t i = 0; i < count; ++i) {
        const long long l = i < left.size() ? left[i] : 0;
        const long long r = i < right.size() ? right[i] : 0;
        if (l != r) {
            return l <=> r;
        }
    }
    return std::strong_ordering::equal;
}

} // namespace tbx::cuda
