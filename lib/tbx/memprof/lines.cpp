#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <tbx/core/atomic_file.hpp>
#include <tbx/memprof/lines.hpp>

namespace tbx::memprof {

namespace {

bool is_dotted_name(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    return std::all_of(text.begin(), text.end(), [](char c) {
        return c == '.' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    });
}

// Reads an optional number of a hook row: null when the line never ran.
template <typename T>
std::optional<T> optional_number(const nlohmann::json& value) {
    if (value.is_number()) {
        return value.get<T>();
    }
    return std::nullopt;
}

std::optional<PythonLines> parse_hook_file(const std::string& path) {
    auto text = core::read_file(path);
    if (!text) {
        return std::nullopt;
    }
    auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return std::nullopt;
    }
    PythonLines lines;
    lines.pid = doc.value("pid", 0);
    lines.argv = doc.value("argv", std::vector<std::string>{});
    lines.engine = doc.value("engine", "");
    lines.python = doc.value("python", "");
    lines.max_hwm_bytes = doc.value("max_hwm_bytes", std::uint64_t{0});
    for (const auto& function : doc.value("functions", nlohmann::json::array())) {
        FunctionLines table;
        table.file = function.value("file", "");
        table.function = function.value("function", "");
        table.first_line = function.value("first_line", 0);
        for (const auto& row : function.value("lines", nlohmann::json::array())) {
            table.rows.push_back(LineRow{row.value("line", 0), row.value("contents", ""),
                                         optional_number<std::uint64_t>(row["mem_bytes"]),
                                         optional_number<std::int64_t>(row["increment_bytes"]),
                                         optional_number<std::uint64_t>(row["occurrences"]),
                                         optional_number<std::uint64_t>(row["peak_bytes"])});
        }
        lines.functions.push_back(std::move(table));
    }
    return lines;
}

std::vector<std::string> list_dir(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        names.push_back(entry.path().filename().string());
    }
    return names;
}

} // namespace

LinesTarget parse_lines_target(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos && is_dotted_name(text.substr(colon + 1))) {
        return {std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
    }
    return {std::string(text), ""};
}

Result<LinesSession> LinesSession::create(const std::vector<LinesTarget>& targets) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/tbx-memprof-lines-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
        return tl::unexpected(errno_error(errno, "cannot create a directory for --lines", pattern));
    }
    LinesSession session(pattern, targets);
    if (::mkdir((pattern + "/out").c_str(), 0700) != 0) {
        return tl::unexpected(errno_error(errno, "cannot create a directory", pattern + "/out"));
    }
    if (auto written = core::write_file_atomic(pattern + "/sitecustomize.py", lines_hook_script());
        !written) {
        return tl::unexpected(written.error());
    }
    return session;
}

LinesSession::LinesSession(LinesSession&& other) noexcept
    : m_dir(std::exchange(other.m_dir, {})), m_targets(std::move(other.m_targets)) {}

LinesSession::~LinesSession() {
    if (!m_dir.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }
}

std::vector<std::string> LinesSession::environment() const {
    const char* old_path = std::getenv("PYTHONPATH");
    std::string python_path = "PYTHONPATH=" + m_dir;
    if (old_path != nullptr && *old_path != '\0') {
        python_path += std::string(":") + old_path;
    }
    std::vector<std::string> env = {python_path, "TBX_MEMPROF_LINES_DIR=" + m_dir + "/out"};
    nlohmann::json spec = nlohmann::json::array();
    for (const auto& target : m_targets) {
        if (!target.file.empty()) {
            std::error_code error;
            auto absolute = std::filesystem::absolute(target.file, error);
            spec.push_back({error ? target.file : absolute.string(), target.function});
        }
    }
    if (!spec.empty()) {
        env.push_back("TBX_MEMPROF_LINES_SPEC=" +
                      spec.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    return env;
}

std::vector<PythonLines> LinesSession::collect() const {
    std::vector<PythonLines> result;
    for (const auto& name : list_dir(m_dir + "/out")) {
        if (name.starts_with("lines-") && name.ends_with(".json")) {
            if (auto lines = parse_hook_file(m_dir + "/out/" + name)) {
                result.push_back(std::move(*lines));
            }
        }
    }
    std::sort(result.begin(), result.end(),
              [](const PythonLines& a, const PythonLines& b) { return a.pid < b.pid; });
    return result;
}

std::vector<pid_t> LinesSession::hooked_pids() const {
    std::vector<pid_t> pids;
    for (const auto& name : list_dir(m_dir + "/out")) {
        if (name.starts_with("started-")) {
            pids.push_back(static_cast<pid_t>(std::atol(name.c_str() + 8)));
        }
    }
    std::sort(pids.begin(), pids.end());
    return pids;
}

void apply_hook_peaks(Profile& profile, const std::vector<PythonLines>& lines) {
    if (profile.metric != Metric::rss) {
        return;
    }
    for (const auto& process : lines) {
        for (auto& record : profile.processes) {
            if (record.pid == process.pid) {
                record.peak_bytes = std::max(record.peak_bytes, process.max_hwm_bytes);
            }
        }
        if (process.max_hwm_bytes > profile.peak_bytes) {
            profile.peak_bytes = process.max_hwm_bytes;
            profile.peak_source = PeakSource::lines_hook;
            profile.peak_pid = process.pid;
        }
    }
}

std::vector<ProcessRecord> unhooked_python_processes(const Profile& profile,
                                                     const std::vector<pid_t>& hooked) {
    std::vector<ProcessRecord> missing;
    for (const auto& record : profile.processes) {
        std::string program = record.cmd.substr(0, record.cmd.find(' '));
        program = program.substr(program.rfind('/') + 1);
        const bool python = program.starts_with("python") || program.starts_with("[python");
        if (python && !std::binary_search(hooked.begin(), hooked.end(), record.pid)) {
            missing.push_back(record);
        }
    }
    return missing;
}

} // namespace tbx::memprof
