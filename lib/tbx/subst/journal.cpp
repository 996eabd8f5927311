#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tbx/subst/journal.hpp>

namespace tbx::subst {

namespace {

namespace fs = std::filesystem;

constexpr const char* k_manifest = "manifest.json";
constexpr const char* k_summary = "summary.json"; // written last: a run without it is ignored

std::optional<JournalRun> load_summary(const fs::path& directory) {
    auto text = core::read_file((directory / k_summary).string());
    if (!text) {
        return std::nullopt;
    }
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return std::nullopt;
    }
    JournalRun run;
    run.directory = directory.string();
    run.command = json.value("command", "");
    run.time = json.value("time", std::int64_t{0});
    run.files = json.value("files", std::size_t{0});
    run.bytes = json.value("bytes", std::uint64_t{0});
    return run;
}

// Puts the saved old content back at entry.path. The saved inode itself goes back when it
// can (link, then rename over the file: atomic, and the old inode keeps its stamp, so an
// older run can be undone next); else its content is written atomically. Either way a file
// changed meanwhile is refused.
void restore(const JournalEntry& entry, const std::string& saved, UndoResult& result) {
    const fs::path target(entry.path);
    const std::string temp =
        (target.parent_path() /
         fmt::format(".{}.tbx-undo-{}", target.filename().string(), ::getpid()))
            .string();
    if (::link(saved.c_str(), temp.c_str()) == 0) {
        const auto stamp = core::stamp_of(entry.path);
        if (!stamp || !(*stamp == entry.stamp)) {
            ::unlink(temp.c_str());
            result.reason = "changed since tbx wrote it";
        } else if (::rename(temp.c_str(), entry.path.c_str()) != 0) {
            result.reason = errno_error(errno, "cannot rename").describe();
            ::unlink(temp.c_str());
        } else {
            result.restored = true;
            // The journal's link goes, or the file would count several hard links.
            ::unlink(saved.c_str());
        }
        return;
    }
    auto old = core::read_file(saved);
    if (!old) {
        result.reason = old.error().describe();
        return;
    }
    core::AtomicWriteOptions options;
    options.expected_stamp = entry.stamp; // refuses a change made meanwhile
    auto written = core::write_file_atomic(entry.path, *old, options);
    result.restored = written.has_value();
    if (!written) {
        result.reason = written.error().describe();
    }
}

// Removes the runs under `root` that never got their summary and whose process is gone (a
// kill -9, a power loss, a signal at the prompt): their files are not undoable, and their
// links to old inodes would only hold disk space. A run still being written is left alone.
void remove_stale_runs(const fs::path& root) {
    std::error_code error;
    for (const auto& item : fs::directory_iterator(root, error)) {
        const std::string name = item.path().filename().string();
        const auto dash = name.rfind('-');
        if (!name.starts_with("run-") || dash == std::string::npos ||
            fs::exists(item.path() / k_summary, error)) {
            continue;
        }
        const long pid = std::strtol(name.c_str() + dash + 1, nullptr, 10);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            fs::remove_all(item.path(), error);
        }
    }
}

} // namespace

Result<void> load_entries(JournalRun& run) {
    auto text = core::read_file((fs::path(run.directory) / k_manifest).string());
    if (!text) {
        return tl::unexpected(text.error());
    }
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorKind::io, "the undo journal's manifest is damaged", run.directory);
    }
    run.entries.clear();
    for (const auto& item : json.value("files", nlohmann::json::array())) {
        JournalEntry entry;
        entry.path = item.value("path", "");
        entry.saved = item.value("saved", "");
        entry.stamp.device = item.value("device", std::uint64_t{0});
        entry.stamp.inode = item.value("inode", std::uint64_t{0});
        entry.stamp.size = item.value("size", std::int64_t{0});
        entry.stamp.mtime_ns = item.value("mtime_ns", std::int64_t{0});
        run.entries.push_back(std::move(entry));
    }
    return {};
}

Result<Journal> Journal::begin(const std::string& root, std::string command, JournalLimits limits) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    JournalRun run;
    run.command = std::move(command);
    run.time = std::chrono::duration_cast<std::chrono::seconds>(now).count();
    // Names sort by time: nanoseconds since the epoch, then the process id.
    run.directory =
        (fs::path(root) /
         fmt::format("run-{:020}-{}",
                     std::chrono::duration_cast<std::chrono::nanoseconds>(now).count(), ::getpid()))
            .string();
    std::error_code error;
    fs::create_directories(run.directory, error);
    if (error) {
        return fail(ErrorKind::io, "cannot create the undo journal: " + error.message(),
                    run.directory);
    }
    fs::permissions(root, fs::perms::owner_all, fs::perm_options::replace, error);
    remove_stale_runs(root);
    Journal journal(std::move(run), limits);
    journal.m_cwd = fs::current_path(error).string();
    return journal;
}

std::string Journal::save(const std::string& path, std::uint64_t size, bool copy) {
    std::string name;
    {
        const std::lock_guard lock(m_mutex);
        name = std::to_string(m_next++);
    }
    const std::string saved = (fs::path(m_run.directory) / name).string();
    bool kept = !copy && ::link(path.c_str(), saved.c_str()) == 0;
    if (!kept && size <= m_limits.copy_bytes) {
        std::error_code error;
        kept = fs::copy_file(path, saved, error) && !error;
    }
    if (!kept) {
        return {};
    }
    const std::lock_guard lock(m_mutex);
    m_run.bytes += size;
    return name;
}

void Journal::drop(const std::string& saved) {
    if (!saved.empty()) {
        ::unlink((fs::path(m_run.directory) / saved).c_str());
    }
}

std::string Journal::absolute_path(const std::string& path) const {
    return path.starts_with('/') ? path : (fs::path(m_cwd) / path).lexically_normal().string();
}

void Journal::record(const std::string& path, const std::string& saved,
                     const core::FileStamp& stamp) {
    std::string absolute = absolute_path(path);
    const std::lock_guard lock(m_mutex);
    m_run.entries.push_back(JournalEntry{std::move(absolute), saved, stamp});
}

JournalRun Journal::run_so_far() {
    const std::lock_guard lock(m_mutex);
    return m_run;
}

Result<void> Journal::finish() {
    std::error_code error;
    if (m_run.entries.empty()) {
        fs::remove_all(m_run.directory, error);
        return {};
    }
    nlohmann::json files = nlohmann::json::array();
    for (const JournalEntry& entry : m_run.entries) {
        files.push_back({{"path", entry.path},
                         {"saved", entry.saved},
                         {"device", entry.stamp.device},
                         {"inode", entry.stamp.inode},
                         {"size", entry.stamp.size},
                         {"mtime_ns", entry.stamp.mtime_ns}});
    }
    const nlohmann::json manifest = {{"files", files}};
    const nlohmann::json summary = {{"command", m_run.command},
                                    {"time", m_run.time},
                                    {"files", m_run.entries.size()},
                                    {"bytes", m_run.bytes}};
    const auto directory = fs::path(m_run.directory);
    const auto dump = [](const nlohmann::json& json) {
        return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    };
    if (auto written = core::write_file_atomic((directory / k_manifest).string(), dump(manifest));
        !written) {
        return written;
    }
    if (auto written = core::write_file_atomic((directory / k_summary).string(), dump(summary));
        !written) {
        return written;
    }
    // Keep the newest runs within the limits; this run always stays.
    const auto runs = list_runs(directory.parent_path().string());
    std::uint64_t bytes = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        bytes += runs[i].bytes;
        if (i > 0 && (i >= m_limits.runs || bytes > m_limits.bytes)) {
            fs::remove_all(runs[i].directory, error);
        }
    }
    return {};
}

std::vector<JournalRun> list_runs(const std::string& root) {
    std::vector<JournalRun> runs;
    std::error_code error;
    for (const auto& item : fs::directory_iterator(root, error)) {
        if (item.path().filename().string().starts_with("run-")) {
            if (auto run = load_summary(item.path())) {
                runs.push_back(std::move(*run));
            }
        }
    }
    std::sort(runs.begin(), runs.end(),
              [](const JournalRun& a, const JournalRun& b) { return a.directory > b.directory; });
    return runs;
}

namespace {

// Puts back one file of the run in `directory` when it is still what tbx wrote.
UndoResult undo_entry(const JournalEntry& entry, const std::string& directory) {
    UndoResult result{entry.path, false, {}};
    const auto stamp = core::stamp_of(entry.path);
    if (entry.saved.empty()) {
        result.reason = "its old content was too large to keep";
    } else if (!stamp) {
        result.reason = stamp.error().describe();
    } else if (!(*stamp == entry.stamp)) {
        result.reason = "changed since tbx wrote it";
    } else {
        restore(entry, (fs::path(directory) / entry.saved).string(), result);
    }
    return result;
}

} // namespace

UndoResult Journal::take_back(const std::string& path) {
    const std::string absolute = absolute_path(path);
    std::error_code error;
    const std::string resolved = fs::canonical(path, error).string();
    const std::lock_guard lock(m_mutex);
    const auto found =
        std::find_if(m_run.entries.rbegin(), m_run.entries.rend(), [&](const JournalEntry& e) {
            return e.path == absolute || e.path == resolved;
        });
    if (found == m_run.entries.rend()) {
        return UndoResult{path, false, "not in this run's journal"};
    }
    UndoResult result = undo_entry(*found, m_run.directory);
    if (result.restored) {
        m_run.entries.erase(std::next(found).base());
    }
    return result;
}

std::vector<UndoResult> undo_run(const JournalRun& run) {
    std::vector<UndoResult> results;
    bool all_back = true;
    for (const JournalEntry& entry : run.entries) {
        UndoResult result = undo_entry(entry, run.directory);
        all_back = all_back && result.restored;
        results.push_back(std::move(result));
    }
    if (all_back) {
        std::error_code error;
        fs::remove_all(run.directory, error);
    }
    return results;
}

} // namespace tbx::subst
