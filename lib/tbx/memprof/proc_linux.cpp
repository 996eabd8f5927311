#include <algorithm>
#include <cerrno>
#include <charconv>
#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <utility>

#include <tbx/memprof/proc_linux.hpp>

namespace tbx::memprof {

namespace {

std::string_view skip_spaces(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
        ++i;
    }
    return text.substr(i);
}

// Reads a leading unsigned decimal; returns false when there is none.
template <class T>
bool take_number(std::string_view& text, T& value) {
    text = skip_spaces(text);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{}) {
        return false;
    }
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return true;
}

// Returns the value of "Key: <n> kB" in bytes, from the text after the colon.
std::uint64_t kib_value(std::string_view rest) {
    std::uint64_t kib = 0;
    if (!take_number(rest, kib)) {
        return 0;
    }
    return kib * 1024;
}

// Calls `on_line(key, rest)` for each "Key:\tvalue" line.
template <class F>
void for_each_field(std::string_view text, F&& on_line) {
    while (!text.empty()) {
        auto eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        on_line(line.substr(0, colon), line.substr(colon + 1));
    }
}

} // namespace

Result<StatFields> parse_stat(std::string_view text) {
    StatFields fields;
    std::string_view rest = text;
    if (!take_number(rest, fields.pid)) {
        return fail(ErrorKind::invalid_argument, "malformed /proc stat line", std::string(text));
    }
    // The command name may contain spaces and parentheses: it ends at the last ')'.
    auto open = rest.find('(');
    auto close = rest.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
        return fail(ErrorKind::invalid_argument, "malformed /proc stat line", std::string(text));
    }
    fields.comm = std::string(rest.substr(open + 1, close - open - 1));
    rest = skip_spaces(rest.substr(close + 1));
    if (rest.empty()) {
        return fail(ErrorKind::invalid_argument, "malformed /proc stat line", std::string(text));
    }
    fields.state = rest.front();
    rest.remove_prefix(1);
    // Fields 4..11: ppid pgrp session tty_nr tpgid flags minflt cminflt.
    std::int64_t values[8] = {};
    for (auto& value : values) {
        if (!take_number(rest, value)) {
            // tty_nr and tpgid can be negative; from_chars on int64 takes the sign.
            return fail(ErrorKind::invalid_argument, "malformed /proc stat line",
                        std::string(text));
        }
    }
    fields.ppid = static_cast<pid_t>(values[0]);
    fields.minflt = static_cast<std::uint64_t>(values[6]);
    fields.cminflt = static_cast<std::uint64_t>(values[7]);
    return fields;
}

StatusFields parse_status(std::string_view text) {
    StatusFields fields;
    for_each_field(text, [&](std::string_view key, std::string_view rest) {
        if (key == "Name") {
            fields.name = skip_spaces(rest);
        } else if (key == "State") {
            rest = skip_spaces(rest);
            if (!rest.empty()) {
                fields.state = rest.front();
            }
        } else if (key == "Tgid") {
            take_number(rest, fields.tgid);
        } else if (key == "VmRSS") {
            fields.rss_bytes = kib_value(rest);
            fields.has_memory = true;
        } else if (key == "VmHWM") {
            fields.hwm_bytes = kib_value(rest);
            fields.has_memory = true;
        }
    });
    return fields;
}

long long parse_statm_resident_pages(std::string_view text) {
    long long size = 0;
    long long resident = 0;
    if (!take_number(text, size) || !take_number(text, resident)) {
        return -1;
    }
    return resident;
}

RollupFields parse_smaps_rollup(std::string_view text) {
    RollupFields fields;
    for_each_field(text, [&](std::string_view key, std::string_view rest) {
        if (key == "Rss") {
            fields.rss_bytes = kib_value(rest);
        } else if (key == "Pss") {
            fields.pss_bytes = kib_value(rest);
            fields.valid = true;
        } else if (key == "Private_Clean" || key == "Private_Dirty") {
            fields.uss_bytes += kib_value(rest);
        }
    });
    return fields;
}

long parse_loadavg_last_pid(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.remove_suffix(1);
    }
    auto space = text.rfind(' ');
    if (space == std::string_view::npos) {
        return -1;
    }
    std::string_view last = text.substr(space + 1);
    long value = -1;
    auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), value);
    if (ec != std::errc{} || end != last.data() + last.size()) {
        return -1;
    }
    return value;
}

std::uint64_t self_hwm_bytes() {
    auto file = ProcFile::open("/proc/self/status");
    if (!file) {
        return 0;
    }
    return parse_status(file->read_all()).hwm_bytes;
}

std::string read_cmdline(pid_t pid, std::size_t max_bytes) {
    std::string base = "/proc/" + std::to_string(pid);
    std::string text;
    if (auto file = ProcFile::open(base + "/cmdline")) {
        text = file->read_all();
    }
    while (!text.empty() && text.back() == '\0') {
        text.pop_back();
    }
    std::replace(text.begin(), text.end(), '\0', ' ');
    if (text.empty()) {
        if (auto file = ProcFile::open(base + "/stat")) {
            if (auto stat = parse_stat(file->read_all())) {
                text = "[" + stat->comm + "]";
            }
        }
    }
    if (text.size() > max_bytes) {
        text.resize(max_bytes);
    }
    return text;
}

ProcFile::ProcFile(ProcFile&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

ProcFile& ProcFile::operator=(ProcFile&& other) noexcept {
    if (this != &other) {
        close();
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

ProcFile::~ProcFile() {
    close();
}

Result<ProcFile> ProcFile::open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return tl::unexpected(errno_error(errno, "cannot open", path));
    }
    ProcFile file;
    file.m_fd = fd;
    return file;
}

std::string_view ProcFile::read(std::span<char> buffer) {
    if (m_fd < 0) {
        return {};
    }
    // /proc files are generated whole on each read from offset 0.
    ssize_t n = ::pread(m_fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) {
        return {};
    }
    return {buffer.data(), static_cast<std::size_t>(n)};
}

std::string ProcFile::read_all() {
    std::string text;
    if (m_fd < 0) {
        return text;
    }
    char chunk[4096];
    for (off_t offset = 0;;) {
        ssize_t n = ::pread(m_fd, chunk, sizeof chunk, offset);
        if (n <= 0) {
            break;
        }
        text.append(chunk, static_cast<std::size_t>(n));
        offset += n;
    }
    return text;
}

void ProcFile::close() {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

ProcLister::ProcLister(ProcLister&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_buffer(std::move(other.m_buffer)) {}

ProcLister& ProcLister::operator=(ProcLister&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = std::exchange(other.m_fd, -1);
        m_buffer = std::move(other.m_buffer);
    }
    return *this;
}

ProcLister::~ProcLister() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

Result<ProcLister> ProcLister::open(const std::string& root) {
    int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return tl::unexpected(errno_error(errno, "cannot open", root));
    }
    ProcLister lister;
    lister.m_fd = fd;
    lister.m_buffer.resize(32 * 1024);
    return lister;
}

Result<void> ProcLister::list(std::vector<pid_t>& pids) {
    pids.clear();
    if (::lseek(m_fd, 0, SEEK_SET) < 0) {
        return tl::unexpected(errno_error(errno, "cannot rewind", "/proc"));
    }
    // Raw getdents64 avoids DIR*'s allocation and lets the descriptor be kept.
    for (;;) {
        long n = ::syscall(SYS_getdents64, m_fd, m_buffer.data(), m_buffer.size());
        if (n < 0) {
            return tl::unexpected(errno_error(errno, "cannot list", "/proc"));
        }
        if (n == 0) {
            break;
        }
        for (long offset = 0; offset < n;) {
            auto* entry = reinterpret_cast<const dirent64*>(m_buffer.data() + offset);
            offset += entry->d_reclen;
            std::string_view name(entry->d_name);
            pid_t pid = 0;
            auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
            if (ec == std::errc{} && end == name.data() + name.size() && pid > 0) {
                pids.push_back(pid);
            }
        }
    }
    if (!std::is_sorted(pids.begin(), pids.end())) {
        std::sort(pids.begin(), pids.end());
    }
    return {};
}

} // namespace tbx::memprof
