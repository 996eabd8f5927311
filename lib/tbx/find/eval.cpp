// The evaluators of find's tests and simple actions, and the Evaluator that walks the tree.
#include <cerrno>
#include <cmath>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <regex.h>
#include <sstream>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <tbx/core/accounts.hpp>
#include <tbx/find/expr_tree.hpp>

namespace tbx::find {

const struct stat* EvalState::stat() {
    if (m_stat_state == 0) {
        const int flags = follow ? 0 : AT_SYMLINK_NOFOLLOW;
        int rc = fstatat(entry.at_fd, entry.at_name, &m_stat, flags);
        if (rc != 0 && follow && (errno == ENOENT || errno == ENOTDIR)) {
            // A dangling link is seen as the link itself, as find -L does.
            rc = fstatat(entry.at_fd, entry.at_name, &m_stat, AT_SYMLINK_NOFOLLOW);
        }
        m_stat_state = rc == 0 ? 1 : -1;
    }
    return m_stat_state == 1 ? &m_stat : nullptr;
}

const struct stat* EvalState::other_stat() {
    if (m_other_state == 0) {
        const int flags = follow ? AT_SYMLINK_NOFOLLOW : 0;
        m_other_state = fstatat(entry.at_fd, entry.at_name, &m_other, flags) == 0 ? 1 : -1;
        m_other_errno = errno;
    }
    errno = m_other_errno; // callers tell a loop (ELOOP) from a dangling link (ENOENT)
    return m_other_state == 1 ? &m_other : nullptr;
}

char mode_type_letter(mode_t mode) {
    switch (mode & S_IFMT) {
    case S_IFREG:
        return 'f';
    case S_IFDIR:
        return 'd';
    case S_IFLNK:
        return 'l';
    case S_IFIFO:
        return 'p';
    case S_IFSOCK:
        return 's';
    case S_IFBLK:
        return 'b';
    case S_IFCHR:
        return 'c';
    default:
        return 'U';
    }
}

std::string mode_string(mode_t mode) {
    std::string text = "?rwxrwxrwx";
    const char type = mode_type_letter(mode);
    text[0] = type == 'f' ? '-' : type == 'U' ? '?' : type;
    for (int i = 0; i < 9; ++i) {
        if ((mode & (0400 >> i)) == 0) {
            text[1 + i] = '-';
        }
    }
    const auto special = [&](mode_t bit, std::size_t at, char set_exec, char set_plain) {
        if ((mode & bit) != 0) {
            text[at] = text[at] == 'x' ? set_exec : set_plain;
        }
    };
    special(S_ISUID, 3, 's', 'S');
    special(S_ISGID, 6, 's', 'S');
    special(S_ISVTX, 9, 't', 'T');
    return text;
}

std::string user_name(uid_t uid) {
    return core::user_name(uid).value_or(std::to_string(uid));
}

std::string group_name(gid_t gid) {
    return core::group_name(gid).value_or(std::to_string(gid));
}

std::string fs_type(dev_t dev) {
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mountinfo, line)) {
        // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
        std::istringstream fields(line);
        std::string id;
        std::string parent;
        std::string numbers;
        fields >> id >> parent >> numbers;
        const std::size_t colon = numbers.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        const dev_t here =
            makedev(std::stoul(numbers.substr(0, colon)), std::stoul(numbers.substr(colon + 1)));
        const std::size_t dash = line.find(" - ");
        if (here == dev && dash != std::string::npos) {
            std::istringstream rest(line.substr(dash + 3));
            std::string type;
            rest >> type;
            return type;
        }
    }
    return "unknown";
}

namespace {

bool compare(Cmp cmp, double value, double reference) {
    switch (cmp) {
    case Cmp::lt:
        return value < reference;
    case Cmp::gt:
        return value > reference;
    case Cmp::eq:
        break;
    }
    return value == reference;
}

// Reads a symlink's target; empty when the entry is not a link.
std::string link_target(const Entry& entry) {
    std::string target(256, '\0');
    for (;;) {
        const ssize_t n = readlinkat(entry.at_fd, entry.at_name, target.data(), target.size());
        if (n < 0) {
            return {};
        }
        if (static_cast<std::size_t>(n) < target.size()) {
            target.resize(static_cast<std::size_t>(n));
            return target;
        }
        target.resize(target.size() * 2);
    }
}

bool has_type(unsigned mask, char letter) {
    static constexpr std::string_view k_letters = "fdlpsbcD";
    const std::size_t index = k_letters.find(letter);
    return index != std::string_view::npos && (mask & (1U << index)) != 0;
}

} // namespace

std::string read_link(const Entry& entry) {
    return link_target(entry);
}

bool eval_true(const Node&, EvalState&) {
    return true;
}
bool eval_false(const Node&, EvalState&) {
    return false;
}

bool eval_name(const Node& node, EvalState& state) {
    return node.glob->matches(state.entry.name);
}

bool eval_path(const Node& node, EvalState& state) {
    return node.glob->matches(state.entry.path);
}

bool eval_lname(const Node& node, EvalState& state) {
    const struct stat* st = state.other_stat();
    const struct stat* own = state.follow ? st : state.stat();
    if (own == nullptr || !S_ISLNK(own->st_mode)) {
        return false;
    }
    return node.glob->matches(link_target(state.entry));
}

bool eval_regex(const Node& node, EvalState& state) {
    const std::string_view path = state.entry.path;
    const auto length = static_cast<regoff_t>(path.size());
    return re_match(node.regex.get(), path.data(), length, 0, nullptr) == length;
}

bool eval_type(const Node& node, EvalState& state) {
    char letter = type_letter(state.entry.type);
    if (letter == '?') {
        const struct stat* st = state.stat();
        if (st == nullptr) {
            return false;
        }
        letter = mode_type_letter(st->st_mode);
    }
    return has_type(node.type_mask, letter);
}

bool eval_xtype(const Node& node, EvalState& state) {
    const struct stat* own = state.stat();
    if (own == nullptr) {
        return false;
    }
    // Only a link has another type to report; a broken link stays a link.
    if (!state.follow && !S_ISLNK(own->st_mode)) {
        return has_type(node.type_mask, mode_type_letter(own->st_mode));
    }
    const struct stat* other = state.other_stat();
    if (other == nullptr && errno == ELOOP) {
        state.host.error(state.entry.path, std::strerror(ELOOP));
        return false;
    }
    return has_type(node.type_mask, mode_type_letter((other != nullptr ? other : own)->st_mode));
}

bool eval_size(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    if (st == nullptr) {
        return false;
    }
    const double units = std::ceil(static_cast<double>(st->st_size) / node.unit);
    return compare(node.cmp, units, node.number);
}

bool eval_empty(const Node&, EvalState& state) {
    const struct stat* st = state.stat();
    if (st == nullptr) {
        return false;
    }
    if (S_ISREG(st->st_mode)) {
        return st->st_size == 0;
    }
    if (!S_ISDIR(st->st_mode)) {
        return false;
    }
    const int fd = openat(state.entry.at_fd, state.entry.at_name,
                          O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        state.host.error(state.entry.path, std::strerror(errno));
        return false;
    }
    DIR* dir = fdopendir(fd);
    if (dir == nullptr) {
        ::close(fd);
        return false;
    }
    bool empty = true;
    while (const dirent* d = readdir(dir)) {
        if (std::strcmp(d->d_name, ".") != 0 && std::strcmp(d->d_name, "..") != 0) {
            empty = false;
            break;
        }
    }
    closedir(dir);
    return empty;
}

bool eval_perm(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    if (st == nullptr) {
        return false;
    }
    const mode_t mode = st->st_mode & 07777;
    const mode_t want = S_ISDIR(st->st_mode) ? node.dir_mode : node.mode;
    switch (node.perm_kind) {
    case '-':
        return (mode & want) == want;
    case '/':
        return want == 0 || (mode & want) != 0;
    default:
        return mode == want;
    }
}

bool eval_uid(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    return st != nullptr && compare(node.cmp, st->st_uid, node.number);
}

bool eval_gid(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    return st != nullptr && compare(node.cmp, st->st_gid, node.number);
}

bool eval_nouser(const Node&, EvalState& state) {
    const struct stat* st = state.stat();
    return st != nullptr && !core::user_name(st->st_uid);
}

bool eval_nogroup(const Node&, EvalState& state) {
    const struct stat* st = state.stat();
    return st != nullptr && !core::group_name(st->st_gid);
}

bool eval_links(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    return st != nullptr && compare(node.cmp, static_cast<double>(st->st_nlink), node.number);
}

bool eval_inum(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    return st != nullptr && compare(node.cmp, static_cast<double>(st->st_ino), node.number);
}

bool eval_samefile(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    return st != nullptr && st->st_dev == node.dev && st->st_ino == node.ino;
}

bool eval_access(const Node& node, EvalState& state) {
    return faccessat(state.entry.at_fd, state.entry.at_name, static_cast<int>(node.mode), 0) == 0;
}

bool eval_newer(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    if (st == nullptr) {
        return false;
    }
    timespec time{};
    if (node.time_field == 'B') {
        struct statx sx {};
        const int flags = state.follow ? 0 : AT_SYMLINK_NOFOLLOW;
        if (statx(state.entry.at_fd, state.entry.at_name, flags, STATX_BTIME, &sx) != 0 ||
            (sx.stx_mask & STATX_BTIME) == 0) {
            return false;
        }
        time = timespec{sx.stx_btime.tv_sec, sx.stx_btime.tv_nsec};
    } else {
        time = stat_time(*st, node.time_field);
    }
    return time.tv_sec > node.reference.tv_sec ||
           (time.tv_sec == node.reference.tv_sec && time.tv_nsec > node.reference.tv_nsec);
}

bool eval_age(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    if (st == nullptr) {
        return false;
    }
    const timespec time = stat_time(*st, node.time_field);
    const double age = static_cast<double>(node.reference.tv_sec - time.tv_sec) +
                       static_cast<double>(node.reference.tv_nsec - time.tv_nsec) / 1e9;
    // find counts whole days elapsed, rounding down (a file 47 hours old is 1 day old); for
    // minutes, N means "more than N-1 and at most N" and +N / -N compare the exact age.
    const double units = age / node.unit;
    if (node.number != std::floor(node.number)) {
        return compare(node.cmp, units, node.number);
    }
    if (node.unit < 86400) {
        return compare(node.cmp, node.cmp == Cmp::eq ? std::ceil(units) : units, node.number);
    }
    return compare(node.cmp, std::floor(units), node.number);
}

bool eval_used(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    if (st == nullptr) {
        return false;
    }
    const double delta = static_cast<double>(st->st_atim.tv_sec - st->st_ctim.tv_sec) +
                         static_cast<double>(st->st_atim.tv_nsec - st->st_ctim.tv_nsec) / 1e9;
    return compare(node.cmp, std::ceil(delta / 86400), node.number);
}

bool eval_fstype(const Node& node, EvalState& state) {
    const struct stat* st = state.stat();
    return st != nullptr && fs_type(st->st_dev) == node.format.front().literal;
}

bool eval_print(const Node& node, EvalState& state) {
    PrintDetails details;
    details.stat = state.command.stat_for_print ? state.stat() : state.stat_if_read();
    std::string target;
    if (details.stat != nullptr && S_ISLNK(details.stat->st_mode)) {
        target = link_target(state.entry);
        details.link_target = target;
    }
    state.host.print(state.entry.worker, state.entry, node.terminator, details);
    return true;
}

bool eval_fprint(const Node& node, EvalState& state) {
    std::string line(state.entry.path);
    line += node.terminator;
    if (!node.file->write(line)) {
        state.host.error(node.file->path, std::strerror(errno));
    }
    return true;
}

bool eval_printf(const Node& node, EvalState& state) {
    std::string text;
    format_entry(node.format, state, text);
    if (node.file) {
        if (!node.file->write(text)) {
            state.host.error(node.file->path, std::strerror(errno));
        }
    } else {
        state.host.write(state.entry.worker, text);
    }
    return true;
}

bool eval_ls(const Node& node, EvalState& state) {
    const std::string line = ls_line(state);
    if (node.file) {
        if (!node.file->write(line)) {
            state.host.error(node.file->path, std::strerror(errno));
        }
    } else {
        state.host.write(state.entry.worker, line);
    }
    return true;
}

bool eval_delete(const Node&, EvalState& state) {
    const Entry& entry = state.entry;
    if (std::strcmp(entry.at_name, ".") == 0) {
        return true; // find never deletes the starting point "."
    }
    bool is_dir = entry.type == EntryType::directory;
    if (state.follow) {
        // With -L the entry's type is its target's, but unlinking removes the link.
        struct stat st {};
        is_dir = fstatat(entry.at_fd, entry.at_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                 S_ISDIR(st.st_mode);
    }
    if (unlinkat(entry.at_fd, entry.at_name, is_dir ? AT_REMOVEDIR : 0) == 0) {
        return true;
    }
    state.host.error(entry.path, std::string("cannot delete: ") + std::strerror(errno));
    return false;
}

bool eval_prune(const Node&, EvalState& state) {
    if (!state.command.depth_first) {
        state.prune = true;
    }
    return true;
}

bool eval_quit(const Node&, EvalState& state) {
    state.quit = true;
    return true;
}

namespace {

bool evaluate_node(const Node& node, EvalState& state) {
    switch (node.op) {
    case Node::Op::primary:
        return node.eval(node, state);
    case Node::Op::not_op:
        return !evaluate_node(*node.lhs, state);
    case Node::Op::and_op:
        return evaluate_node(*node.lhs, state) && !state.quit && evaluate_node(*node.rhs, state);
    case Node::Op::or_op:
        return (evaluate_node(*node.lhs, state) && true) ||
               (!state.quit && evaluate_node(*node.rhs, state));
    case Node::Op::comma:
        evaluate_node(*node.lhs, state);
        return !state.quit && evaluate_node(*node.rhs, state);
    }
    return false;
}

} // namespace

Evaluator::Evaluator(const FindCommand& command, ActionHost& host)
    : m_command(command), m_host(host) {}

Evaluator::Outcome Evaluator::evaluate(const Entry& entry) const {
    EvalState state{entry, m_command, m_host};
    state.follow = m_command.links == LinkMode::logical ||
                   (m_command.links == LinkMode::command_line && entry.depth == 0);
    Outcome outcome;
    outcome.matched = evaluate_node(*m_command.expression, state);
    outcome.prune = state.prune;
    outcome.quit = state.quit;
    if (m_command.stat_for_outcome) {
        if (const struct stat* st = state.stat()) {
            outcome.has_stat = true;
            outcome.size = st->st_size;
            outcome.mtime = st->st_mtim;
            outcome.ctime = st->st_ctim;
        }
    }
    return outcome;
}

bool Evaluator::finish() const {
    return !m_command.batches || m_command.batches->finish(m_host);
}

} // namespace tbx::find
