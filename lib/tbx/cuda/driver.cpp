#include <array>
#include <charconv>
#include <dlfcn.h>

#include <tbx/core/strings.hpp>
#include <tbx/cuda/driver.hpp>

namespace tbx::cuda {

namespace {

bool is_version_char(char c) {
    return (c >= '0' && c <= '9') || c == '.';
}

// Returns the value after `label` when a colon follows it (spaces allowed on both sides, as the
// table header and `-q` layouts differ): "Driver Version: 550.54.14" -> "550.54.14".
std::optional<std::string> labelled_version(std::string_view text, std::string_view label) {
    std::size_t pos = 0;
    while ((pos = text.find(label, pos)) != std::string_view::npos) {
        // "CUDA Version" must not match inside "CUDA UMD Version"'s tail or a longer word.
        if (pos > 0 && ((text[pos - 1] >= 'A' && text[pos - 1] <= 'Z') ||
                        (text[pos - 1] >= 'a' && text[pos - 1] <= 'z'))) {
            pos += label.size();
            continue;
        }
        auto at = pos + label.size();
        pos = at;
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) {
            ++at;
        }
        if (at >= text.size() || text[at] != ':') {
            continue;
        }
        ++at;
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) {
            ++at;
        }
        auto end = at;
        while (end < text.size() && is_version_char(text[end])) {
            ++end;
        }
        const auto value = text.substr(at, end - at);
        if (is_dotted_number(value)) {
            return std::string(value);
        }
    }
    return std::nullopt;
}

std::optional<std::string> xml_value(std::string_view text, std::string_view tag) {
    const std::string open = "<" + std::string(tag) + ">";
    const std::string close = "</" + std::string(tag) + ">";
    const auto start = text.find(open);
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    const auto value_start = start + open.size();
    const auto end = text.find(close, value_start);
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    const auto value = core::trim(text.substr(value_start, end - value_start));
    if (!is_dotted_number(value)) {
        return std::nullopt;
    }
    return std::string(value);
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::vector<std::string_view> split_cells(std::string_view line) {
    std::vector<std::string_view> cells;
    std::size_t start = 0;
    while (true) {
        const auto comma = line.find(',', start);
        cells.push_back(core::trim(
            line.substr(start, comma == std::string_view::npos ? line.npos : comma - start)));
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return cells;
}

bool is_field_name(std::string_view cell) {
    // A header cell: "memory.total [MiB]" or "compute_cap"; values never start with a lowercase
    // letter followed only by [a-z_.] (GPU names start with a capital, numbers with a digit).
    const auto bracket = cell.find(" [");
    const auto name = bracket == std::string_view::npos ? cell : cell.substr(0, bracket);
    if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) {
        return false;
    }
    for (const char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) {
            return false;
        }
    }
    return true;
}

bool is_not_available(std::string_view cell) {
    return cell.empty() || cell == "N/A" || cell == "[N/A]" || cell == "[Not Supported]" ||
           cell == "[Unknown Error]" || cell == "[Insufficient Permissions]";
}

std::optional<long long> parse_integer(std::string_view text) {
    long long value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::optional<SmiDriver> parse_nvidia_smi(std::string_view text) {
    SmiDriver driver;
    if (auto kmd = labelled_version(text, "KMD Version")) {
        driver.version = *kmd;
    } else if (auto classic = labelled_version(text, "Driver Version")) {
        driver.version = *classic;
    } else if (auto xml = xml_value(text, "driver_version")) {
        driver.version = *xml;
    } else {
        return std::nullopt;
    }
    if (auto umd = labelled_version(text, "CUDA UMD Version")) {
        driver.cuda = *umd;
    } else if (auto cuda = labelled_version(text, "CUDA Version")) {
        driver.cuda = *cuda;
    } else if (auto xml = xml_value(text, "cuda_version")) {
        driver.cuda = *xml;
    }
    if (driver.cuda && !parse_cuda_version(*driver.cuda)) {
        driver.cuda.reset();
    }
    return driver;
}

std::optional<std::string> parse_proc_driver_version(std::string_view text) {
    for (const auto line : split_lines(text)) {
        if (line.find("NVRM version:") == std::string_view::npos) {
            continue;
        }
        const auto module_at = line.find("Kernel Module");
        if (module_at == std::string_view::npos) {
            continue;
        }
        // The first dotted number after "Kernel Module" ("for x86_64" is not one) is the driver.
        std::size_t pos = module_at + 13;
        while (pos < line.size()) {
            while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) {
                ++pos;
            }
            auto end = pos;
            while (end < line.size() && line[end] != ' ' && line[end] != '\t') {
                ++end;
            }
            const auto token = line.substr(pos, end - pos);
            if (token.find('.') != std::string_view::npos && is_dotted_number(token)) {
                return std::string(token);
            }
            pos = end;
        }
    }
    return std::nullopt;
}

Result<std::vector<GpuInfo>> parse_gpu_query(std::string_view text,
                                             const std::vector<std::string>& fields) {
    std::vector<std::string> columns = fields;
    std::vector<GpuInfo> gpus;
    bool first_row = true;
    for (const auto raw_line : split_lines(text)) {
        const auto line = core::trim(raw_line);
        if (line.empty()) {
            continue;
        }
        auto cells = split_cells(line);
        if (first_row) {
            first_row = false;
            bool header = true;
            for (const auto cell : cells) {
                header = header && is_field_name(cell);
            }
            if (header) {
                columns.clear();
                for (const auto cell : cells) {
                    const auto bracket = cell.find(" [");
                    columns.emplace_back(
                        bracket == std::string_view::npos ? cell : cell.substr(0, bracket));
                }
                continue;
            }
        }
        if (cells.size() < columns.size()) {
            return fail(ErrorKind::invalid_argument,
                        "expected " + std::to_string(columns.size()) + " comma-separated fields",
                        std::string(line));
        }
        if (cells.size() > columns.size()) {
            // Only a GPU name can hold a comma; glue the surplus back into it.
            std::size_t name_at = columns.size();
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (columns[i] == "name") {
                    name_at = i;
                }
            }
            if (name_at == columns.size()) {
                return fail(ErrorKind::invalid_argument, "too many fields", std::string(line));
            }
            const auto surplus = cells.size() - columns.size();
            const auto* begin = cells[name_at].data();
            const auto* end = cells[name_at + surplus].data() + cells[name_at + surplus].size();
            cells[name_at] = std::string_view(begin, static_cast<std::size_t>(end - begin));
            cells.erase(cells.begin() + static_cast<std::ptrdiff_t>(name_at) + 1,
                        cells.begin() + static_cast<std::ptrdiff_t>(name_at + surplus) + 1);
        }
        GpuInfo gpu;
        gpu.index = static_cast<int>(gpus.size());
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const auto cell = cells[i];
            const auto& column = columns[i];
            if (column == "index") {
                const auto value = parse_integer(cell);
                if (!value || *value < 0 || *value > 1'000'000) {
                    return fail(ErrorKind::invalid_argument, "bad GPU index", std::string(cell));
                }
                gpu.index = static_cast<int>(*value);
            } else if (column == "name") {
                gpu.name = std::string(cell);
            } else if (column == "memory.total") {
                if (is_not_available(cell)) {
                    continue;
                }
                auto number = cell;
                if (const auto space = number.find(' '); space != std::string_view::npos) {
                    number = number.substr(0, space);
                }
                const auto value = parse_integer(number);
                if (!value) {
                    return fail(ErrorKind::invalid_argument, "bad memory.total", std::string(cell));
                }
                gpu.memory_mib = *value;
            } else if (column == "compute_cap") {
                if (is_not_available(cell)) {
                    continue;
                }
                if (!parse_cuda_version(cell)) {
                    return fail(ErrorKind::invalid_argument, "bad compute_cap", std::string(cell));
                }
                gpu.compute_capability = std::string(cell);
            }
        }
        gpus.push_back(std::move(gpu));
    }
    return gpus;
}

bool is_invalid_field_message(std::string_view text, std::string_view field) {
    const std::string needle = "Field \"" + std::string(field) + "\" is not a valid field to query";
    return text.find(needle) != std::string_view::npos;
}

CudaVersion cuda_from_driver_api(int value) {
    return CudaVersion{value / 1000, (value % 1000) / 10, {}};
}

std::optional<int> libcuda_driver_version() {
#ifdef TBX_STATIC
    // The static build does not load libcuda: glibc would bring the host's libc.so.6 into the
    // static process beside its own, safe only with the very glibc tbx was linked with
    // (docs/static-build.md). nvidia-smi and /proc/driver/nvidia/version still answer.
    return std::nullopt;
#else
    // RTLD_LOCAL keeps libcuda's symbols out of the global namespace; it is closed again at once
    // because tbx needs one number from it, not a CUDA context.
    void* handle = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        return std::nullopt;
    }
    using GetVersion = int (*)(int*);
    auto* symbol = dlsym(handle, "cuDriverGetVersion");
    std::optional<int> result;
    if (symbol != nullptr) {
        int version = 0;
        const auto get_version = reinterpret_cast<GetVersion>(symbol);
        if (get_version(&version) == 0 && version > 0) {
            result = version;
        }
    }
    dlclose(handle);
    return result;
#endif
}

} // namespace tbx::cuda
