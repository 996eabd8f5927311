// -printf's formats (GNU find's directives, escapes, flags and widths) and -ls's lines.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include <tbx/find/expr_tree.hpp>

namespace tbx::find {

std::string read_link(const Entry& entry);

namespace {

constexpr std::string_view k_directives = "%aAbBcCdDfFgGhHiklmMnpPsStTuUyYZ";
constexpr std::string_view k_time_fields = "@aAbBcdDeFgGhHIjklmMnprRsStTuUVwWxXyYzZ+";

// Reads one backslash escape at format[i] (after the backslash); appends its bytes.
std::size_t read_escape(std::string_view format, std::size_t i, std::vector<FormatPiece>& pieces,
                        std::vector<std::string>& warnings) {
    std::string& out = pieces.back().literal;
    const char c = format[i];
    if (c >= '0' && c <= '7') {
        int value = 0;
        std::size_t n = 0;
        for (; n < 3 && i + n < format.size() && format[i + n] >= '0' && format[i + n] <= '7';
             ++n) {
            value = value * 8 + (format[i + n] - '0');
        }
        out += static_cast<char>(value);
        return n;
    }
    static constexpr std::string_view k_from = "abfnrtv\\";
    static constexpr std::string_view k_to = "\a\b\f\n\r\t\v\\";
    if (const std::size_t at = k_from.find(c); at != std::string_view::npos) {
        out += k_to[at];
    } else if (c == 'c') {
        pieces.back().stop = true;
        pieces.emplace_back();
    } else {
        warnings.push_back(std::string("unrecognized escape `\\") + c + "'");
        out += '\\';
        out += c;
    }
    return 1;
}

std::string with_flags(const std::string& flags, const std::string& text) {
    if (flags.empty()) {
        return text;
    }
    const std::string spec = "%" + flags + "s";
    const int size = std::snprintf(nullptr, 0, spec.c_str(), text.c_str());
    std::string out(static_cast<std::size_t>(std::max(size, 0)), '\0');
    std::snprintf(out.data(), out.size() + 1, spec.c_str(), text.c_str());
    return out;
}

template <typename Number>
std::string number_with_flags(const std::string& flags, const char* conversion, Number value) {
    const std::string spec = "%" + flags + conversion;
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, spec.c_str(), value);
    return buffer;
}

// Formats a timestamp as %A<field> does; the fraction is find's 10 digits.
std::string format_time(timespec time, char field) {
    std::tm tm{};
    localtime_r(&time.tv_sec, &tm);
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%09ld0", time.tv_nsec);
    char buffer[256];
    switch (field) {
    case '@':
        std::snprintf(buffer, sizeof buffer, "%lld%s", static_cast<long long>(time.tv_sec),
                      fraction);
        return buffer;
    case '+':
        std::strftime(buffer, sizeof buffer, "%Y-%m-%d+%H:%M:%S", &tm);
        return buffer + std::string(fraction);
    case 'S':
    case 'T': {
        std::strftime(buffer, sizeof buffer, field == 'S' ? "%S" : "%H:%M:%S", &tm);
        return buffer + std::string(fraction);
    }
    case 0: { // %a %c %t: ctime's layout with the fraction
        std::strftime(buffer, sizeof buffer, "%a %b %e %H:%M:%S", &tm);
        std::string text = buffer + std::string(fraction);
        std::strftime(buffer, sizeof buffer, " %Y", &tm);
        return text + buffer;
    }
    default: {
        const char spec[3] = {'%', field, '\0'};
        const std::size_t n = std::strftime(buffer, sizeof buffer, spec, &tm);
        return std::string(buffer, n);
    }
    }
}

timespec birth_time(EvalState& state) {
    struct statx sx {};
    const int flags = state.follow ? 0 : AT_SYMLINK_NOFOLLOW;
    if (statx(state.entry.at_fd, state.entry.at_name, flags, STATX_BTIME, &sx) == 0 &&
        (sx.stx_mask & STATX_BTIME) != 0) {
        return timespec{sx.stx_btime.tv_sec, sx.stx_btime.tv_nsec};
    }
    return timespec{};
}

std::string time_directive(const FormatPiece& piece, EvalState& state, const struct stat& st) {
    const char which = piece.directive;
    timespec time{};
    if (which == 'a' || which == 'A') {
        time = st.st_atim;
    } else if (which == 'c' || which == 'C') {
        time = st.st_ctim;
    } else if (which == 'B') {
        time = birth_time(state);
    } else {
        time = st.st_mtim;
    }
    return format_time(time, std::islower(static_cast<unsigned char>(which)) ? 0 : piece.sub);
}

// %f: the name; a starting point keeps its trailing slashes ("dir/"), as in find.
std::string base_name(const Entry& entry) {
    if (entry.depth > 0) {
        return std::string(entry.name);
    }
    return std::string(entry.path.substr(entry.name_offset));
}

// %h: the leading directories of the path ("." when it has no slash; "" for "/").
std::string leading_dirs(const Entry& entry) {
    const std::string_view path = entry.path;
    if (entry.depth == 0) {
        if (path.find_first_not_of('/') == std::string_view::npos) {
            return "";
        }
        return entry.name_offset == 0 ? "." : std::string(path.substr(0, entry.name_offset - 1));
    }
    const std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? "." : std::string(path.substr(0, slash));
}

// %Y: the type of what a link points to; 'N' when it dangles, 'L' for a loop.
char followed_type(EvalState& state, const struct stat& own) {
    if (!S_ISLNK(own.st_mode)) {
        return mode_type_letter(own.st_mode);
    }
    struct stat target {};
    if (fstatat(state.entry.at_fd, state.entry.at_name, &target, 0) == 0) {
        return mode_type_letter(target.st_mode);
    }
    return errno == ELOOP ? 'L' : errno == ENOENT || errno == ENOTDIR ? 'N' : '?';
}

// Expands one directive that needs inode data.
std::string stat_directive(const FormatPiece& piece, EvalState& state, const struct stat& st) {
    const std::string& flags = piece.flags;
    switch (piece.directive) {
    case 'b':
        return with_flags(flags, std::to_string(st.st_blocks));
    case 'k':
        return with_flags(flags, std::to_string((st.st_blocks + 1) / 2));
    case 's':
        return with_flags(flags, std::to_string(st.st_size));
    case 'D':
        return with_flags(flags, std::to_string(st.st_dev));
    case 'i':
        return with_flags(flags, std::to_string(st.st_ino));
    case 'n':
        return with_flags(flags, std::to_string(st.st_nlink));
    case 'm':
        return number_with_flags(flags, "o", static_cast<unsigned>(st.st_mode & 07777));
    case 'M':
        return with_flags(flags, mode_string(st.st_mode));
    case 'u':
        return with_flags(flags, user_name(st.st_uid));
    case 'U':
        return with_flags(flags, std::to_string(st.st_uid));
    case 'g':
        return with_flags(flags, group_name(st.st_gid));
    case 'G':
        return with_flags(flags, std::to_string(st.st_gid));
    case 'F':
        return with_flags(flags, fs_type(st.st_dev));
    case 'S': {
        const double sparse = st.st_size == 0 ? 1.0
                                              : static_cast<double>(st.st_blocks) * 512 /
                                                    static_cast<double>(st.st_size);
        return number_with_flags(flags, "g", sparse);
    }
    case 'y':
        return with_flags(flags, std::string(1, mode_type_letter(st.st_mode)));
    case 'Y':
        return with_flags(flags, std::string(1, followed_type(state, st)));
    default:
        return with_flags(flags, time_directive(piece, state, st));
    }
}

// Returns the entry's SELinux context (%Z). Without one, GNU find prints nothing and reports
// the failure (exit 1); so does this.
std::string security_context(EvalState& state) {
    const std::string path(state.entry.path);
    char buffer[4096];
    const ssize_t size = state.follow
                             ? ::getxattr(path.c_str(), "security.selinux", buffer, sizeof buffer)
                             : ::lgetxattr(path.c_str(), "security.selinux", buffer, sizeof buffer);
    if (size < 0) {
        state.host.error(state.entry.path,
                         std::string("getfilecon failed: ") + std::strerror(errno));
        return {};
    }
    std::string context(buffer, static_cast<std::size_t>(size));
    while (!context.empty() && context.back() == '\0') {
        context.pop_back();
    }
    return context;
}

// Expands one directive; false when it needs inode data the entry no longer has.
bool expand(const FormatPiece& piece, EvalState& state, std::string& out) {
    const Entry& entry = state.entry;
    const std::string& root = state.command.roots[entry.root_index];
    const std::string& flags = piece.flags;
    switch (piece.directive) {
    case '%':
        out += '%';
        return true;
    case 'p':
        out += with_flags(flags, std::string(entry.path));
        return true;
    case 'f':
        out += with_flags(flags, base_name(entry));
        return true;
    case 'h':
        out += with_flags(flags, leading_dirs(entry));
        return true;
    case 'H':
        out += with_flags(flags, root);
        return true;
    case 'P': {
        std::string_view rest = entry.path.substr(std::min(root.size(), entry.path.size()));
        if (!rest.empty() && rest[0] == '/') {
            rest.remove_prefix(1);
        }
        out += with_flags(flags, std::string(rest));
        return true;
    }
    case 'd':
        out += number_with_flags(flags, "lld", static_cast<long long>(entry.depth));
        return true;
    case 'Z':
        out += with_flags(flags, security_context(state));
        return true;
    case 'l': {
        const struct stat* own = state.follow ? state.other_stat() : state.stat();
        out += with_flags(flags, own != nullptr && S_ISLNK(own->st_mode) ? read_link(entry) : "");
        return true;
    }
    default:
        break;
    }
    const struct stat* st = state.stat();
    if (st == nullptr) {
        return false;
    }
    out += stat_directive(piece, state, *st);
    return true;
}

// -ls quotes names as GNU find does: backslash escapes for spaces, backslashes and control
// characters, octal for every other byte outside printable ASCII.
void append_ls_quoted(std::string& out, std::string_view text) {
    static constexpr std::string_view k_from = "\a\b\f\n\r\t\v";
    static constexpr std::string_view k_to = "abfnrtv";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == ' ' || c == '\\') {
            out += '\\';
            out += c;
        } else if (const std::size_t at = k_from.find(c); at != std::string_view::npos) {
            out += '\\';
            out += k_to[at];
        } else if (byte < 0x20 || byte >= 0x7f) {
            char octal[8];
            std::snprintf(octal, sizeof octal, "\\%03o", byte);
            out += octal;
        } else {
            out += c;
        }
    }
}

// Appends `value` formatted by `format` (one %*s / %-*s / %s with `width`) and returns how many
// bytes that took.
int append_column(std::string& out, const char* format, int width, const std::string& value) {
    char buffer[256];
    const bool has_width = std::strchr(format, '*') != nullptr;
    const int written = has_width
                            ? std::snprintf(buffer, sizeof buffer, format, width, value.c_str())
                            : std::snprintf(buffer, sizeof buffer, format, value.c_str());
    out.append(buffer, static_cast<std::size_t>(std::clamp(written, 0, 255)));
    return written;
}

// Widens a column once a value needed more room.
void widen(int& width, int written) {
    width = std::max(width, written);
}

} // namespace

std::vector<FormatPiece> parse_format(std::string_view format, std::vector<std::string>& warnings) {
    std::vector<FormatPiece> pieces(1);
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if (c == '\\' && i + 1 < format.size()) {
            i += read_escape(format, i + 1, pieces, warnings);
            continue;
        }
        if (c != '%' || i + 1 >= format.size()) {
            pieces.back().literal += c;
            continue;
        }
        std::size_t j = i + 1;
        while (j < format.size() && std::strchr("-+ #0", format[j]) != nullptr) {
            ++j;
        }
        while (j < format.size() &&
               (std::isdigit(static_cast<unsigned char>(format[j])) != 0 || format[j] == '.')) {
            ++j;
        }
        const char directive = j < format.size() ? format[j] : '\0';
        if (directive == '\0' || k_directives.find(directive) == std::string_view::npos) {
            warnings.push_back(std::string("unrecognized format directive `%") +
                               (directive == '\0' ? "" : std::string(1, directive)) + "'");
            pieces.back().literal += format.substr(i, j + 1 - i);
            i = j;
            continue;
        }
        FormatPiece piece;
        piece.directive = directive;
        piece.flags = std::string(format.substr(i + 1, j - i - 1));
        if (std::strchr("ACTB", directive) != nullptr) {
            if (j + 1 >= format.size() ||
                k_time_fields.find(format[j + 1]) == std::string_view::npos) {
                warnings.push_back(std::string("bad time field after `%") + directive + "'");
                pieces.back().literal += format.substr(i, j + 1 - i);
                i = j;
                continue;
            }
            piece.sub = format[++j];
        }
        pieces.push_back(std::move(piece));
        pieces.emplace_back();
        i = j;
    }
    return pieces;
}

bool format_entry(const std::vector<FormatPiece>& pieces, EvalState& state, std::string& out) {
    for (const FormatPiece& piece : pieces) {
        if (piece.directive == 0) {
            out += piece.literal;
        } else if (!expand(piece, state, out)) {
            return true;
        }
        if (piece.stop) {
            return false;
        }
    }
    return true;
}

std::string ls_line(EvalState& state) {
    const struct stat* st = state.stat();
    if (st == nullptr) {
        return {};
    }
    // ls -l's dates: the year instead of the time for files older than six months or more
    // than an hour in the future.
    const std::time_t now = std::time(nullptr);
    const std::time_t mtime = st->st_mtim.tv_sec;
    const bool recent = now - 6L * 30 * 24 * 3600 <= mtime && mtime <= now + 3600;
    std::tm tm{};
    localtime_r(&mtime, &tm);
    char date[64];
    std::strftime(date, sizeof date, recent ? "%b %e %H:%M" : "%b %e  %Y", &tm);
    std::string line;
    {
        ListWidths& widths = *state.command.list_widths;
        std::lock_guard lock(widths.mutex);
        append_column(line, "%*s ", widths.inode, std::to_string(st->st_ino));
        append_column(line, "%*s ", widths.blocks, std::to_string((st->st_blocks + 1) / 2));
        line += mode_string(st->st_mode);
        append_column(line, " %3s ", 0, std::to_string(st->st_nlink));
        const std::string user = user_name(st->st_uid);
        if (user != std::to_string(st->st_uid)) {
            widths.owner = std::max(widths.owner, static_cast<int>(user.size()));
            append_column(line, "%-*s ", widths.owner, user);
        } else {
            widths.owner = std::max(widths.owner, append_column(line, "%-8s ", 0, user));
        }
        const std::string group = group_name(st->st_gid);
        if (group != std::to_string(st->st_gid)) {
            widths.group = std::max(widths.group, static_cast<int>(group.size()));
            append_column(line, "%-*s ", widths.group, group);
        } else {
            widths.group = std::max(widths.group, append_column(line, "%-*s", widths.group, group));
            line += ' ';
        }
        if (S_ISBLK(st->st_mode) || S_ISCHR(st->st_mode)) {
            widen(widths.major,
                  append_column(line, "%*s", widths.major, std::to_string(major(st->st_rdev))));
            line += ", ";
            widen(widths.minor,
                  append_column(line, "%*s", widths.minor, std::to_string(minor(st->st_rdev))));
        } else {
            widen(widths.size,
                  append_column(line, "%*s", widths.size, std::to_string(st->st_size)));
        }
    }
    line += ' ';
    line += date;
    line += ' ';
    append_ls_quoted(line, state.entry.path);
    if (S_ISLNK(st->st_mode)) {
        line += " -> ";
        append_ls_quoted(line, read_link(state.entry));
    }
    line += '\n';
    return line;
}

} // namespace tbx::find
