#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <sched.h>
#include <stop_token>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

#include <climits>

#include <tbx/find/walker.hpp>

namespace tbx::find {
namespace {

// getdents64's record (struct linux_dirent64, which glibc does not declare): d_ino (8 bytes),
// d_off (8), d_reclen (2), d_type (1), then the NUL-terminated name.
constexpr std::size_t k_reclen_offset = 16;
constexpr std::size_t k_type_offset = 18;
constexpr std::size_t k_name_offset = 19;

struct RawRecord {
    ino64_t ino;
    unsigned short reclen;
    unsigned char d_type;
    const char* name;
};

RawRecord parse_record(const char* record) {
    unsigned short reclen = 0;
    ino64_t ino = 0;
    std::memcpy(&reclen, record + k_reclen_offset, sizeof reclen);
    std::memcpy(&ino, record, sizeof ino);
    return {ino, reclen, static_cast<unsigned char>(record[k_type_offset]), record + k_name_offset};
}

constexpr std::size_t k_dirent_buffer_size = 64 * 1024;

// Reads directory `fd` with getdents64 into `buffer` (k_dirent_buffer_size bytes) and calls
// `on_entry(record)` for every entry but "." and "..", until it returns false. Returns 0, or
// the errno of a failed read. The one loop over getdents64 in tbx.
template <typename OnEntry>
int read_entries(int fd, char* buffer, OnEntry&& on_entry) {
    for (;;) {
        const long n = syscall(SYS_getdents64, fd, buffer, k_dirent_buffer_size);
        if (n == 0) {
            return 0;
        }
        if (n < 0) {
            return errno;
        }
        for (long offset = 0; offset < n;) {
            const RawRecord d = parse_record(buffer + offset);
            offset += d.reclen;
            const char* name = d.name;
            if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) {
                continue;
            }
            if (!on_entry(d)) {
                return 0;
            }
        }
    }
}

// Counts this process's open file descriptors.
long open_descriptors() {
    DIR* dir = opendir("/proc/self/fd");
    if (dir == nullptr) {
        return 3;
    }
    long count = -1; // the directory's own descriptor
    while (const dirent* entry = readdir(dir)) {
        count += entry->d_name[0] != '.' ? 1 : 0;
    }
    closedir(dir);
    return count;
}
// Paths longer than this are opened relative to their parent's descriptor only.
constexpr std::size_t k_long_path = PATH_MAX - 256;

std::string errno_message(int errnum) {
    char buffer[256];
    // GNU strerror_r returns the message, which may or may not live in buffer.
    return strerror_r(errnum, buffer, sizeof buffer);
}

EntryType type_from_dtype(unsigned char d_type) {
    switch (d_type) {
    case DT_REG:
        return EntryType::regular;
    case DT_DIR:
        return EntryType::directory;
    case DT_LNK:
        return EntryType::symlink;
    case DT_FIFO:
        return EntryType::fifo;
    case DT_SOCK:
        return EntryType::socket;
    case DT_BLK:
        return EntryType::block;
    case DT_CHR:
        return EntryType::character;
    default:
        return EntryType::unknown;
    }
}

EntryType type_from_mode(mode_t mode) {
    switch (mode & S_IFMT) {
    case S_IFREG:
        return EntryType::regular;
    case S_IFDIR:
        return EntryType::directory;
    case S_IFLNK:
        return EntryType::symlink;
    case S_IFIFO:
        return EntryType::fifo;
    case S_IFSOCK:
        return EntryType::socket;
    case S_IFBLK:
        return EntryType::block;
    case S_IFCHR:
        return EntryType::character;
    default:
        return EntryType::unknown;
    }
}

// An open directory shared by the jobs of its subdirectories, closed when the last one has
// opened its own directory.
class DirFd {
public:
    DirFd(int fd, std::atomic<int>& open_count) : m_fd(fd), m_open_count(open_count) {
        m_open_count.fetch_add(1, std::memory_order_relaxed);
    }
    DirFd(const DirFd&) = delete;
    DirFd& operator=(const DirFd&) = delete;
    ~DirFd() {
        ::close(m_fd);
        m_open_count.fetch_sub(1, std::memory_order_relaxed);
    }
    [[nodiscard]] int fd() const { return m_fd; }

private:
    int m_fd;
    std::atomic<int>& m_open_count;
};

// One directory on the -L chain from a root, for loop detection.
struct Ancestor {
    dev_t dev = 0;
    ino_t ino = 0;
    std::string path;
    std::shared_ptr<const Ancestor> parent;
};

// A directory waiting to be read.
struct Job {
    std::string path;            // as printed
    std::size_t name_offset = 0; // of the directory's name inside path
    std::size_t depth = 0;       // of the directory itself
    std::size_t root_index = 0;
    std::shared_ptr<DirFd> parent;         // open parent, or null: open by path
    dev_t root_dev = 0;                    // for DeviceScope::same_as_root
    std::shared_ptr<const Ancestor> chain; // SymlinkPolicy::follow only
};

// A directory entry as read, kept for sorting.
struct RawEntry {
    std::string name;
    unsigned char d_type = DT_UNKNOWN;
    ino64_t ino = 0;
};

class Walk {
public:
    Walk(const WalkOptions& options, Visitor& visitor)
        : m_options(options), m_visitor(visitor), m_workers(worker_count(options)) {
        rlimit limit{};
        long soft = 1024;
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
            soft = static_cast<long>(limit.rlim_cur);
        }
        // Leave room for the visitor's own files, the per-worker directory being read, and
        // what is already open (a tight `ulimit -n` leaves only a few).
        long spare = soft - open_descriptors() - 4 - 2 * static_cast<long>(m_workers);
        if (spare < 32 && m_workers > 1) {
            // Under a tight `ulimit -n`, several workers holding deep chains of parent
            // descriptors could run out; one worker never holds more than its own chain.
            spare += 2 * static_cast<long>(m_workers - 1);
            m_workers = 1;
        }
        m_fd_cap = static_cast<int>(
            std::clamp(std::min(soft / 2 - 16 - static_cast<long>(m_workers), spare), 2L, 4096L));
    }

    Result<WalkStats> run();

private:
    struct Worker {
        unsigned index = 0;
        std::unique_ptr<char[]> buffer;
        std::string path;
        std::vector<Job> children;
        std::size_t visited = 0;
        std::size_t directories = 0;
        std::size_t errors = 0;
    };

    VisitAction report(Worker& worker, std::string_view path, int errnum, std::size_t depth,
                       std::string message = {});
    VisitAction visit(Worker& worker, const Entry& entry);
    void visit_root(Worker& worker, std::size_t root_index, std::vector<Job>& jobs,
                    bool defer_directory = false);
    void visit_deferred_root(Worker& worker, std::size_t root_index);
    void visit_after_contents(Worker& worker, const std::string& path, std::size_t name_offset,
                              std::size_t depth, std::size_t root_index, int parent_fd);
    void read_directory(Worker& worker, Job& job);
    int open_directory(Worker& worker, int at, const char* at_name, const std::string& path,
                       std::size_t depth, dev_t root_dev,
                       const std::shared_ptr<const Ancestor>& parent_chain,
                       std::shared_ptr<const Ancestor>& chain);
    class SortedRoot;
    void run_unordered();
    void run_sorted();
    bool pop(std::stop_token token, Job& job);
    void push(std::vector<Job>& jobs);
    void finish_job();

    // Resolves what an entry is when d_type is not enough; returns false when the entry must
    // not be visited (an error was reported).
    bool resolve(Worker& worker, int dir_fd, const char* at_name, ino64_t d_ino,
                 std::string_view path, std::size_t depth,
                 const std::shared_ptr<const Ancestor>& chain, EntryType& type, struct stat& st,
                 bool& have_stat);

    const WalkOptions& m_options;
    Visitor& m_visitor;
    unsigned m_workers;
    int m_fd_cap = 64;
    std::atomic<int> m_open_fds{0};
    std::stop_source m_stop;
    WalkStats m_stats;

    std::mutex m_mutex;
    std::condition_variable_any m_cv;
    std::vector<Job> m_stack; // LIFO keeps the walk depth-first and memory bounded
    std::size_t m_active = 0; // jobs popped but not finished
};

VisitAction Walk::report(Worker& worker, std::string_view path, int errnum, std::size_t depth,
                         std::string message) {
    ++worker.errors;
    WalkError error;
    error.path = std::string(path);
    error.errnum = errnum;
    error.depth = depth;
    error.worker = worker.index;
    error.message = message.empty() ? errno_message(errnum) : std::move(message);
    const VisitAction action = m_visitor.error(error);
    if (action == VisitAction::stop) {
        m_stop.request_stop();
    }
    return action;
}

VisitAction Walk::visit(Worker& worker, const Entry& entry) {
    if (entry.depth < m_options.min_depth || entry.depth > m_options.max_depth) {
        return VisitAction::continue_walk;
    }
    ++worker.visited;
    const VisitAction action = m_visitor.visit(entry);
    if (action == VisitAction::stop) {
        m_stop.request_stop();
    }
    return action;
}

bool Walk::resolve(Worker& worker, int dir_fd, const char* at_name, ino64_t d_ino,
                   std::string_view path, std::size_t depth,
                   const std::shared_ptr<const Ancestor>& chain, EntryType& type, struct stat& st,
                   bool& have_stat) {
    const bool follow = m_options.symlinks == SymlinkPolicy::follow;
    if (follow) {
        if (type == EntryType::directory) {
            // Known from d_type; only the loop check below is needed.
        } else if (fstatat(dir_fd, at_name, &st, 0) == 0) {
            have_stat = true;
            type = type_from_mode(st.st_mode);
        } else {
            const int err = errno;
            if ((err == ENOENT || err == ENOTDIR) &&
                fstatat(dir_fd, at_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
                // A dangling link: find -L reports it as a link (and the error of a link
                // through a file, "Not a directory").
                have_stat = true;
                type = type_from_mode(st.st_mode);
                if (err == ENOTDIR) {
                    report(worker, path, err, depth);
                }
            } else {
                report(worker, path, err, depth);
                return false;
            }
        }
        dev_t dev = st.st_dev;
        ino_t ino = st.st_ino;
        if (!have_stat) {
            // A real directory (d_type): on the parent's device, with the listed inode. It
            // can still close a loop when the walk reached its parent through a link.
            dev = chain ? chain->dev : 0;
            ino = d_ino;
        }
        if (type == EntryType::directory) {
            for (const Ancestor* a = chain.get(); a != nullptr; a = a->parent.get()) {
                if (a->dev == dev && a->ino == ino) {
                    report(worker, path, ELOOP, depth,
                           "File system loop detected; '" + std::string(path) +
                               "' is part of the same file system loop as '" + a->path + "'");
                    return false;
                }
            }
        }
        return true;
    }
    if (type == EntryType::unknown) {
        if (fstatat(dir_fd, at_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
            have_stat = true;
            type = type_from_mode(st.st_mode);
        } else {
            report(worker, path, errno, depth);
            return false;
        }
    }
    return true;
}

namespace {
// find's -name sees a root's last component without trailing slashes; "/" stays "/".
std::pair<std::size_t, std::size_t> root_name(const std::string& root) {
    std::size_t end = root.size();
    while (end > 1 && root[end - 1] == '/') {
        --end;
    }
    std::size_t start = end;
    while (start > 0 && root[start - 1] != '/') {
        --start;
    }
    if (start == end) {
        start = 0; // "/" or "//"
    }
    return {start, end};
}

// An entry below a root: `path` as printed, its name from `name_offset` on, reached by
// openat(at_fd, at_name).
Entry entry_below_root(std::string_view path, std::size_t name_offset, int at_fd,
                       const char* at_name, EntryType type, std::size_t depth,
                       std::size_t root_index, unsigned worker) {
    Entry entry;
    entry.path = path;
    entry.name = path.substr(name_offset);
    entry.name_offset = name_offset;
    entry.at_fd = at_fd;
    entry.at_name = at_name;
    entry.type = type;
    entry.depth = depth;
    entry.root_index = root_index;
    entry.worker = worker;
    return entry;
}
} // namespace

void Walk::visit_deferred_root(Worker& worker, std::size_t root_index) {
    const std::string& root = m_options.roots[root_index];
    const auto [start, end] = root_name(root);
    const std::string name = root.substr(start, end - start);
    Entry entry;
    entry.path = root;
    entry.name = name;
    entry.name_offset = start;
    entry.at_fd = AT_FDCWD;
    entry.at_name = root.c_str();
    entry.type = EntryType::directory;
    entry.root_index = root_index;
    entry.worker = worker.index;
    visit(worker, entry);
}

// Visits a directory whose contents were visited first (post-order); parent_fd is its parent's
// descriptor (AT_FDCWD for a root), or -1 when that could not be reopened.
void Walk::visit_after_contents(Worker& worker, const std::string& path, std::size_t name_offset,
                                std::size_t depth, std::size_t root_index, int parent_fd) {
    if (depth == 0) {
        visit_deferred_root(worker, root_index);
        return;
    }
    if (parent_fd == -1) {
        return;
    }
    visit(worker, entry_below_root(path, name_offset, parent_fd, path.c_str() + name_offset,
                                   EntryType::directory, depth, root_index, worker.index));
}

void Walk::visit_root(Worker& worker, std::size_t root_index, std::vector<Job>& jobs,
                      bool defer_directory) {
    const std::string& root = m_options.roots[root_index];
    const auto [start, end] = root_name(root);
    const std::string name = root.substr(start, end - start);

    struct stat st {};
    const bool follow = m_options.symlinks != SymlinkPolicy::physical;
    int rc = follow ? ::stat(root.c_str(), &st) : ::lstat(root.c_str(), &st);
    if (rc != 0 && follow && (errno == ENOENT || errno == ENOTDIR)) {
        rc = ::lstat(root.c_str(), &st);
    }
    if (rc != 0) {
        report(worker, root, errno, 0);
        return;
    }
    Entry entry;
    entry.path = root;
    entry.name = name;
    entry.name_offset = start;
    entry.at_fd = AT_FDCWD;
    entry.at_name = root.c_str();
    entry.type = type_from_mode(st.st_mode);
    entry.depth = 0;
    entry.root_index = root_index;
    entry.worker = worker.index;
    const bool descend = entry.type == EntryType::directory && m_options.max_depth > 0;
    if (defer_directory && descend) {
        jobs.push_back(Job{root, 0, 0, root_index, nullptr, st.st_dev, nullptr});
        return;
    }
    const VisitAction action = visit(worker, entry);
    if (action != VisitAction::continue_walk || !descend) {
        return;
    }
    Job job;
    job.path = root;
    job.name_offset = 0;
    job.depth = 0;
    job.root_index = root_index;
    job.root_dev = st.st_dev;
    jobs.push_back(std::move(job));
}

int Walk::open_directory(Worker& worker, int at, const char* at_name, const std::string& path,
                         std::size_t depth, dev_t root_dev,
                         const std::shared_ptr<const Ancestor>& parent_chain,
                         std::shared_ptr<const Ancestor>& chain) {
    const bool follow = m_options.symlinks == SymlinkPolicy::follow;
    int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK;
    if (!follow && depth > 0) {
        flags |= O_NOFOLLOW;
    }
    const int fd = ::openat(at, at_name, flags);
    if (fd < 0) {
        report(worker, path, errno, depth);
        return -1;
    }
    ++worker.directories;
    if (follow || m_options.devices == DeviceScope::same_as_root) {
        struct stat st {};
        if (fstat(fd, &st) != 0) {
            report(worker, path, errno, depth);
            ::close(fd);
            return -1;
        }
        if (m_options.devices == DeviceScope::same_as_root && st.st_dev != root_dev) {
            ::close(fd);
            return -1;
        }
        if (follow) {
            chain = std::make_shared<const Ancestor>(
                Ancestor{st.st_dev, st.st_ino, path, parent_chain});
        }
    }
    return fd;
}

void Walk::read_directory(Worker& worker, Job& job) {
    const bool follow = m_options.symlinks == SymlinkPolicy::follow;
    const int at = job.parent ? job.parent->fd() : AT_FDCWD;
    const char* at_name = job.parent ? job.path.c_str() + job.name_offset : job.path.c_str();
    std::shared_ptr<const Ancestor> chain;
    const int fd =
        open_directory(worker, at, at_name, job.path, job.depth, job.root_dev, job.chain, chain);
    job.parent.reset();
    if (fd < 0) {
        return;
    }

    // Children share this descriptor unless too many are open; deep paths always keep it.
    std::shared_ptr<DirFd> shared;
    int owned_fd = fd;
    const bool long_path = job.path.size() >= k_long_path;
    if (long_path || m_open_fds.load(std::memory_order_relaxed) < m_fd_cap) {
        shared = std::make_shared<DirFd>(fd, m_open_fds);
        owned_fd = -1;
    }

    std::string& path = worker.path;
    path = job.path;
    if (path.empty() || path.back() != '/') {
        path.push_back('/');
    }
    const std::size_t base = path.size();
    const std::size_t child_depth = job.depth + 1;
    const bool descend = child_depth < m_options.max_depth;
    char* buffer = worker.buffer.get();
    const std::stop_token token = m_stop.get_token();

    Entry entry;
    entry.at_fd = fd;
    entry.depth = child_depth;
    entry.root_index = job.root_index;
    entry.worker = worker.index;

    const auto visit_record = [&](const RawRecord& d) {
        const char* name = d.name;
        path.resize(base);
        path.append(name, std::strlen(name));
        EntryType type = type_from_dtype(d.d_type);
        struct stat st {};
        bool have_stat = false;
        if (type == EntryType::unknown ||
            (follow && (type == EntryType::symlink || type == EntryType::directory))) {
            if (!resolve(worker, fd, name, d.ino, path, child_depth, chain, type, st, have_stat)) {
                return true;
            }
        }
        entry.path = path;
        entry.name = std::string_view(path).substr(base);
        entry.name_offset = base;
        entry.at_name = name;
        entry.type = type;
        const VisitAction action = visit(worker, entry);
        if (action == VisitAction::stop || token.stop_requested()) {
            return false;
        }
        if (type != EntryType::directory || action == VisitAction::prune || !descend) {
            return true;
        }
        Job child;
        child.path = path;
        child.name_offset = base;
        child.depth = child_depth;
        child.root_index = job.root_index;
        child.root_dev = job.root_dev;
        child.chain = chain;
        if (shared) {
            child.parent = shared;
        } else if (path.size() >= k_long_path) {
            report(worker, path, EMFILE, child_depth);
            return true;
        }
        worker.children.push_back(std::move(child));
        return true;
    };
    if (const int err = read_entries(fd, buffer, visit_record); err != 0) {
        report(worker, job.path, err, job.depth);
    }
    if (owned_fd >= 0) {
        ::close(owned_fd);
    }
}

bool Walk::pop(std::stop_token token, Job& job) {
    std::unique_lock lock(m_mutex);
    const bool ready = m_cv.wait(lock, token, [&] { return !m_stack.empty() || m_active == 0; });
    if (!ready || m_stack.empty()) {
        return false;
    }
    job = std::move(m_stack.back());
    m_stack.pop_back();
    ++m_active;
    return true;
}

void Walk::push(std::vector<Job>& jobs) {
    std::lock_guard lock(m_mutex);
    // Reverse so the first child is read first, which keeps output roughly in listing order.
    for (auto it = jobs.rbegin(); it != jobs.rend(); ++it) {
        m_stack.push_back(std::move(*it));
    }
    jobs.clear();
}

void Walk::finish_job() {
    bool idle = false;
    {
        std::lock_guard lock(m_mutex);
        --m_active;
        idle = m_active == 0 && m_stack.empty();
    }
    if (idle) {
        m_cv.notify_all();
    }
}

void Walk::run_unordered() {
    std::vector<Worker> workers(m_workers);
    for (unsigned i = 0; i < m_workers; ++i) {
        workers[i].index = i;
        workers[i].buffer = std::make_unique<char[]>(k_dirent_buffer_size);
    }
    // Roots are visited in order on this thread before any worker starts.
    std::vector<Job> roots;
    for (std::size_t i = 0; i < m_options.roots.size() && !m_stop.stop_requested(); ++i) {
        visit_root(workers[0], i, roots);
    }
    push(roots);

    const auto work = [this](Worker& worker) {
        const std::stop_token token = m_stop.get_token();
        Job job;
        while (!token.stop_requested() && pop(token, job)) {
            read_directory(worker, job);
            job = Job{};
            if (!worker.children.empty()) {
                const bool wake = worker.children.size() > 0;
                push(worker.children);
                if (wake) {
                    m_cv.notify_all();
                }
            }
            finish_job();
        }
        m_visitor.worker_finished(worker.index);
    };
    {
        std::vector<std::jthread> threads;
        threads.reserve(m_workers);
        for (unsigned i = 1; i < m_workers; ++i) {
            threads.emplace_back([&, i] { work(workers[i]); });
        }
        work(workers[0]);
        // A stop must wake the workers waiting on the queue.
        if (m_stop.stop_requested()) {
            m_cv.notify_all();
        }
    }
    for (const Worker& w : workers) {
        m_stats.visited += w.visited;
        m_stats.directories += w.directories;
        m_stats.errors += w.errors;
    }
}

// One root of the sorted, single-threaded walk: pre-order (or post-order), each directory's
// listing sorted. Every frame on the stack may need its descriptor again (openat of the next
// sibling), so descriptors beyond the cap are closed from the bottom of the stack and reopened
// from their parent when needed.
class Walk::SortedRoot {
public:
    SortedRoot(Walk& walk, Worker& worker, std::size_t root_index, dev_t root_dev, int& open_count)
        : m_walk(walk), m_worker(worker), m_root_index(root_index), m_root_dev(root_dev),
          m_open_count(open_count) {}
    SortedRoot(const SortedRoot&) = delete;
    SortedRoot& operator=(const SortedRoot&) = delete;
    ~SortedRoot() {
        for (Frame& frame : m_frames) {
            close_frame(frame);
        }
    }

    /// Walks the root to the end, or until the walk is stopped.
    void walk() {
        const WalkOptions& options = m_walk.m_options;
        if (push_frame(options.roots[m_root_index], 0, 0, nullptr)) {
            m_frames.back().deferred = options.post_order;
        } else if (options.post_order) {
            m_walk.visit_deferred_root(m_worker, m_root_index);
        }
        const std::stop_token token = m_walk.m_stop.get_token();
        while (!m_frames.empty() && !token.stop_requested()) {
            Frame& top = m_frames.back();
            if (top.next == top.entries.size()) {
                pop_frame();
            } else if (!ensure_top_open()) {
                top.next = top.entries.size();
            } else if (!visit_next()) {
                break;
            }
        }
    }

private:
    struct Frame {
        std::string path;
        std::size_t name_offset = 0;
        std::size_t depth = 0;
        int fd = -1;
        std::vector<RawEntry> entries;
        std::size_t next = 0;
        std::shared_ptr<const Ancestor> chain;
        bool deferred = false; // post-order: the directory itself is visited when popped
    };

    void close_frame(Frame& frame) {
        if (frame.fd >= 0) {
            ::close(frame.fd);
            frame.fd = -1;
            --m_open_count;
        }
    }

    // Opens the directory of a new frame (its parent is the top frame, if any) and lists it.
    bool push_frame(std::string path, std::size_t name_offset, std::size_t depth,
                    const std::shared_ptr<const Ancestor>& parent_chain) {
        const bool is_root = m_frames.empty();
        const int at = is_root ? AT_FDCWD : m_frames.back().fd;
        const char* at_name = is_root ? path.c_str() : path.c_str() + name_offset;
        Frame frame;
        frame.fd = m_walk.open_directory(m_worker, at, at_name, path, depth, m_root_dev,
                                         parent_chain, frame.chain);
        if (frame.fd < 0) {
            return false;
        }
        ++m_open_count;
        const int err = read_entries(frame.fd, m_worker.buffer.get(), [&](const RawRecord& d) {
            frame.entries.push_back(RawEntry{d.name, d.d_type, d.ino});
            return true;
        });
        if (err != 0) {
            m_walk.report(m_worker, path, err, depth);
        }
        // char_traits<char> compares as unsigned char: byte order.
        std::sort(frame.entries.begin(), frame.entries.end(),
                  [](const RawEntry& a, const RawEntry& b) { return a.name < b.name; });
        frame.path = std::move(path);
        frame.name_offset = name_offset;
        frame.depth = depth;
        m_frames.push_back(std::move(frame));
        while (m_open_count > m_walk.m_fd_cap && m_lowest_open + 1 < m_frames.size()) {
            close_frame(m_frames[m_lowest_open]);
            ++m_lowest_open;
        }
        return true;
    }

    // Reopens evicted descriptors down to the top frame; false if that failed.
    bool ensure_top_open() {
        if (m_frames.back().fd >= 0) {
            return true;
        }
        std::size_t first = m_frames.size() - 1;
        while (first > 0 && m_frames[first - 1].fd < 0) {
            --first;
        }
        for (std::size_t i = first; i < m_frames.size(); ++i) {
            Frame& frame = m_frames[i];
            const int at = i == 0 ? AT_FDCWD : m_frames[i - 1].fd;
            const char* at_name =
                i == 0 ? frame.path.c_str() : frame.path.c_str() + frame.name_offset;
            frame.fd = ::openat(at, at_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (frame.fd < 0) {
                m_walk.report(m_worker, frame.path, errno, frame.depth);
                return false;
            }
            ++m_open_count;
            // Only the parent is needed to reach the child: keep within the cap.
            if (i > first && m_open_count > m_walk.m_fd_cap) {
                close_frame(m_frames[i - 1]);
            }
        }
        m_lowest_open = std::min(m_lowest_open, first);
        return true;
    }

    // Leaves a listed directory; in post-order, visits it now that its contents were.
    void pop_frame() {
        Frame done = std::move(m_frames.back());
        m_frames.pop_back();
        close_frame(done);
        m_lowest_open = std::min(m_lowest_open, m_frames.empty() ? 0 : m_frames.size() - 1);
        if (done.deferred) {
            int parent_fd = AT_FDCWD;
            if (!m_frames.empty()) {
                parent_fd = ensure_top_open() ? m_frames.back().fd : -1;
            }
            m_walk.visit_after_contents(m_worker, done.path, done.name_offset, done.depth,
                                        m_root_index, parent_fd);
        }
    }

    // Visits the top frame's next entry and descends into it when it is a directory to walk.
    // Returns false when the visitor stopped the walk.
    bool visit_next() {
        const WalkOptions& options = m_walk.m_options;
        Frame& top = m_frames.back();
        const RawEntry& raw = top.entries[top.next++];
        m_path = top.path;
        if (m_path.empty() || m_path.back() != '/') {
            m_path.push_back('/');
        }
        const std::size_t base = m_path.size();
        m_path += raw.name;
        const std::size_t depth = top.depth + 1;
        EntryType type = type_from_dtype(raw.d_type);
        const bool follow = options.symlinks == SymlinkPolicy::follow;
        struct stat st {};
        bool have_stat = false;
        if (type == EntryType::unknown ||
            (follow && (type == EntryType::symlink || type == EntryType::directory))) {
            if (!m_walk.resolve(m_worker, top.fd, raw.name.c_str(), raw.ino, m_path, depth,
                                top.chain, type, st, have_stat)) {
                return true;
            }
        }
        const bool descend = type == EntryType::directory && depth < options.max_depth;
        // `top` is not used once a frame is pushed: the push may move it.
        const std::shared_ptr<const Ancestor> chain = top.chain;
        if (options.post_order && descend && push_frame(m_path, base, depth, chain)) {
            m_frames.back().deferred = true;
            return true;
        }
        const VisitAction action =
            m_walk.visit(m_worker, entry_below_root(m_path, base, top.fd, raw.name.c_str(), type,
                                                    depth, m_root_index, m_worker.index));
        if (action == VisitAction::stop) {
            return false;
        }
        if (descend && action == VisitAction::continue_walk && !options.post_order) {
            push_frame(m_path, base, depth, chain);
        }
        return true;
    }

    Walk& m_walk;
    Worker& m_worker;
    std::size_t m_root_index;
    dev_t m_root_dev;
    int& m_open_count; // descriptors open across roots, against the walk's cap
    std::vector<Frame> m_frames;
    std::size_t m_lowest_open = 0; // frames below this index have had their descriptor closed
    std::string m_path;            // the entry being visited, reused
};

void Walk::run_sorted() {
    Worker worker;
    worker.buffer = std::make_unique<char[]>(k_dirent_buffer_size);
    const std::stop_token token = m_stop.get_token();
    int open_count = 0;
    for (std::size_t root_index = 0; root_index < m_options.roots.size(); ++root_index) {
        if (token.stop_requested()) {
            break;
        }
        std::vector<Job> root_jobs;
        visit_root(worker, root_index, root_jobs, m_options.post_order);
        if (!root_jobs.empty()) {
            SortedRoot(*this, worker, root_index, root_jobs[0].root_dev, open_count).walk();
        }
    }
    m_visitor.worker_finished(0);
    m_stats.visited = worker.visited;
    m_stats.directories = worker.directories;
    m_stats.errors = worker.errors;
}

Result<WalkStats> Walk::run() {
    if (m_options.order == WalkOrder::sorted || m_options.post_order) {
        run_sorted();
    } else {
        run_unordered();
    }
    m_stats.stopped = m_stop.stop_requested();
    return m_stats;
}

} // namespace

char type_letter(EntryType type) {
    switch (type) {
    case EntryType::regular:
        return 'f';
    case EntryType::directory:
        return 'd';
    case EntryType::symlink:
        return 'l';
    case EntryType::fifo:
        return 'p';
    case EntryType::socket:
        return 's';
    case EntryType::block:
        return 'b';
    case EntryType::character:
        return 'c';
    case EntryType::unknown:
        break;
    }
    return '?';
}

unsigned worker_count(const WalkOptions& options) {
    if (options.order == WalkOrder::sorted || options.post_order) {
        return 1;
    }
    if (options.threads > 0) {
        return std::min(options.threads, 256U);
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        return std::max(1, CPU_COUNT(&set));
    }
    return std::max(1U, std::thread::hardware_concurrency());
}

Result<WalkStats> walk(const WalkOptions& options, Visitor& visitor) {
    if (options.roots.empty()) {
        return fail(ErrorKind::invalid_argument, "no starting point to walk");
    }
    Walk walker(options, visitor);
    return walker.run();
}

} // namespace tbx::find
