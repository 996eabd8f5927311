#include <algorithm>
#include <array>
#include <charconv>

#include <tbx/cuda/compat.hpp>

namespace tbx::cuda {

namespace {

std::optional<int> parse_int(std::string_view text) {
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

// "89" -> 8.9, "120" -> 12.0: the last digit is the minor.
std::optional<ComputeCapability> from_digits(std::string_view digits) {
    if (digits.size() < 2 || digits.size() > 3) {
        return std::nullopt;
    }
    const auto major = parse_int(digits.substr(0, digits.size() - 1));
    const auto minor = parse_int(digits.substr(digits.size() - 1));
    if (!major || !minor || *major == 0) {
        return std::nullopt;
    }
    return ComputeCapability{*major, *minor};
}

struct GaDriver {
    int major;
    int minor;
    std::string_view driver;
};

// NVIDIA CUDA Toolkit release notes, table 3 "CUDA Toolkit and Corresponding Driver Versions",
// Linux x86_64, the GA row of each release (11.0: the 11.0.2 GA row). Read 2026-12-02 from the
// 13.2 Update 2 notes (https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/), with 13.3 GA
// from the same table's successor as quoted in public material.
constexpr std::array<GaDriver, 31> k_ga_drivers{{
    {7, 0, "346.46"},     {7, 5, "352.31"},     {8, 0, "367.48"},     {9, 0, "384.81"},
    {9, 1, "390.46"},     {9, 2, "396.26"},     {10, 0, "410.48"},    {10, 1, "418.39"},
    {10, 2, "440.33"},    {11, 0, "450.51.05"}, {11, 1, "455.23"},    {11, 2, "460.27.03"},
    {11, 3, "465.19.01"}, {11, 4, "470.42.01"}, {11, 5, "495.29.05"}, {11, 6, "510.39.01"},
    {11, 7, "515.43.04"}, {11, 8, "520.61.05"}, {12, 0, "525.60.13"}, {12, 1, "530.30.02"},
    {12, 2, "535.54.03"}, {12, 3, "545.23.06"}, {12, 4, "550.54.14"}, {12, 5, "555.42.02"},
    {12, 6, "560.28.03"}, {12, 8, "570.26"},    {12, 9, "575.51.03"}, {13, 0, "580.65.06"},
    {13, 1, "590.44.01"}, {13, 2, "595.45.04"}, {13, 3, "610.43.02"},
}};

// A driver given as a branch ("550", "580") stands for that branch's releases: only as many
// components of the floor as `have` has are compared.
bool at_least(std::string_view have, std::string_view floor) {
    const auto components = static_cast<std::size_t>(std::count(have.begin(), have.end(), '.'));
    std::size_t cut = 0;
    for (std::size_t dots = 0; cut < floor.size(); ++cut) {
        if (floor[cut] == '.' && ++dots > components) {
            break;
        }
    }
    return compare_dotted(have, floor.substr(0, cut)) != std::strong_ordering::less;
}

} // namespace

std::string ComputeCapability::str() const {
    return std::to_string(major) + "." + std::to_string(minor);
}

std::string ComputeCapability::sm() const {
    return "sm_" + std::to_string(major) + std::to_string(minor);
}

std::optional<ComputeCapability> parse_compute_capability(std::string_view text) {
    if (text.substr(0, 3) == "sm_") {
        return from_digits(text.substr(3));
    }
    if (text.substr(0, 2) == "sm") {
        return from_digits(text.substr(2));
    }
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const auto major = parse_int(text.substr(0, dot));
    const auto minor = parse_int(text.substr(dot + 1));
    if (!major || !minor || *major == 0 || *minor > 9) {
        return std::nullopt;
    }
    return ComputeCapability{*major, *minor};
}

std::string ArchTarget::str() const {
    auto text = (ptx ? "compute_" : "sm_") + std::to_string(cc.major) + std::to_string(cc.minor);
    if (suffix != '\0') {
        text += suffix;
    }
    return text;
}

std::optional<ArchTarget> parse_arch_target(std::string_view text) {
    ArchTarget target;
    if (text.substr(0, 3) == "sm_") {
        text.remove_prefix(3);
    } else if (text.substr(0, 8) == "compute_") {
        text.remove_prefix(8);
        target.ptx = true;
    } else {
        return std::nullopt;
    }
    if (!text.empty() && (text.back() == 'a' || text.back() == 'f')) {
        target.suffix = text.back();
        text.remove_suffix(1);
    }
    const auto cc = from_digits(text);
    if (!cc) {
        return std::nullopt;
    }
    target.cc = *cc;
    return target;
}

std::vector<ArchTarget> parse_arch_list(std::string_view text) {
    std::vector<ArchTarget> targets;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find_first_of(" ,;", start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        if (const auto target = parse_arch_target(text.substr(start, end - start))) {
            targets.push_back(*target);
        }
        start = end + 1;
    }
    return targets;
}

bool serves(const ArchTarget& target, const ComputeCapability& gpu) {
    if (target.suffix == 'a') {
        return gpu == target.cc; // architecture-specific features exist on that GPU only
    }
    if (target.ptx) {
        return gpu >= target.cc;
    }
    return gpu.major == target.cc.major && gpu.minor >= target.cc.minor;
}

bool any_serves(std::span<const ArchTarget> targets, const ComputeCapability& gpu) {
    for (const auto& target : targets) {
        if (serves(target, gpu)) {
            return true;
        }
    }
    return false;
}

std::optional<std::string_view> minor_compat_floor(int cuda_major) {
    switch (cuda_major) {
    case 11:
        return "450.80.02";
    case 12:
        return "525.60.13";
    case 13:
        return "580";
    default:
        return std::nullopt;
    }
}

std::optional<std::string_view> ga_driver_for(const CudaVersion& release) {
    for (const auto& row : k_ga_drivers) {
        if (row.major == release.major && row.minor == release.minor) {
            return row.driver;
        }
    }
    return std::nullopt;
}

bool is_desktop_driver_number(std::string_view text) {
    return is_dotted_number(text) && at_least(text, "100");
}

std::optional<CudaVersion> cuda_of_driver(std::string_view driver_version) {
    if (!is_desktop_driver_number(driver_version)) {
        return std::nullopt;
    }
    std::optional<CudaVersion> newest;
    for (const auto& row : k_ga_drivers) {
        if (at_least(driver_version, row.driver)) {
            newest = CudaVersion{row.major, row.minor, {}};
        }
    }
    return newest;
}

std::optional<std::string_view> least_driver_for(const CudaVersion& program) {
    if (const auto floor = minor_compat_floor(program.major)) {
        return floor;
    }
    return ga_driver_for(program);
}

DriverVerdict driver_runs(const DriverFacts& driver, const CudaVersion& program) {
    if (driver.version && is_desktop_driver_number(*driver.version)) {
        const auto floor = minor_compat_floor(program.major);
        const auto ga = ga_driver_for(program);
        if ((floor && at_least(*driver.version, *floor)) ||
            (ga && at_least(*driver.version, *ga))) {
            return DriverVerdict::runs;
        }
        if (floor || ga) {
            return DriverVerdict::too_old;
        }
        // A release newer than the table: only the driver's own CUDA version can tell.
    }
    if (!driver.cuda) {
        return DriverVerdict::unknown;
    }
    const auto& have = *driver.cuda;
    if (have.major != program.major) {
        return have.major > program.major ? DriverVerdict::runs : DriverVerdict::too_old;
    }
    return (program.major >= 11 || have.minor >= program.minor) ? DriverVerdict::runs
                                                                : DriverVerdict::too_old;
}

} // namespace tbx::cuda
