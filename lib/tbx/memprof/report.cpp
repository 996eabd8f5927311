#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/core.h>

#include <tbx/memprof/report.hpp>

namespace tbx::memprof {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

} // namespace

Result<std::uint64_t> parse_size(std::string_view text) {
    std::string_view number = text;
    std::size_t split = 0;
    while (split < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[split])) != 0 || text[split] == '.')) {
        ++split;
    }
    number = text.substr(0, split);
    std::string unit = lower(text.substr(split));
    if (number.empty() || std::count(number.begin(), number.end(), '.') > 1 || number == ".") {
        return fail(ErrorKind::invalid_argument,
                    "invalid size, expected a number with an optional unit such as 500M or "
                    "1.5GiB",
                    std::string(text));
    }
    double value = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc{} || end != number.data() + number.size()) {
        return fail(ErrorKind::invalid_argument, "invalid size", std::string(text));
    }
    static constexpr std::array<std::string_view, 5> k_prefixes = {"", "k", "m", "g", "t"};
    double multiplier = -1;
    for (std::size_t power = 0; power < k_prefixes.size(); ++power) {
        std::string prefix(k_prefixes[power]);
        double binary = std::pow(1024.0, static_cast<double>(power));
        double decimal = std::pow(1000.0, static_cast<double>(power));
        if (unit == prefix + "ib" && power > 0) {
            multiplier = binary;
        } else if (unit == prefix + "b") {
            multiplier = power == 0 ? 1 : decimal;
        } else if (unit == prefix) {
            multiplier = binary;
        }
    }
    if (multiplier < 0) {
        return fail(ErrorKind::invalid_argument,
                    "invalid size unit, expected K, M, G, T (1024), KiB..TiB or kB..TB (1000)",
                    std::string(text));
    }
    double bytes = value * multiplier;
    if (bytes >= 1.8e19) {
        return fail(ErrorKind::invalid_argument, "size too large", std::string(text));
    }
    return static_cast<std::uint64_t>(bytes);
}

std::string format_csv(const Profile& profile) {
    std::string out = "t,bytes,processes\n";
    for (const auto& sample : profile.samples) {
        out += fmt::format("{:.6f},{},{}\n", sample.t, sample.bytes, sample.processes);
    }
    return out;
}

} // namespace tbx::memprof
