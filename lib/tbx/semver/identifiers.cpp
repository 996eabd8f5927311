#include <algorithm>

#include <tbx/semver/identifiers.hpp>

namespace tbx::semver::detail {

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool js_number(std::string_view id, Flavor flavor) {
    if (!all_digits(id)) {
        return false;
    }
    // 9007199254740991 = 2^53-1, JavaScript's Number.MAX_SAFE_INTEGER.
    return flavor != Flavor::npm || id.size() < 16 || (id.size() == 16 && id < "9007199254740991");
}

std::vector<std::string> split_dots(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = s.find('.', start);
        out.emplace_back(s.substr(start, dot - start));
        if (dot == std::string_view::npos) {
            return out;
        }
        start = dot + 1;
    }
}

std::string join_dots(const std::vector<std::string>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out += (i == 0 ? "" : ".") + ids[i];
    }
    return out;
}

} // namespace tbx::semver::detail
