#pragma once
// A parallel directory walker: openat + getdents64 with d_type, a work queue of directories
// served by std::jthreads, errors reported per entry while the walk goes on. The outside world
// is a Visitor that sees every entry and answers continue / prune / stop.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

#include <tbx/core/error.hpp>

namespace tbx::find {

/// Names the type of a directory entry, as d_type or st_mode give it.
enum class EntryType : std::uint8_t {
    unknown,   ///< could not be determined (lstat failed)
    regular,   ///< f
    directory, ///< d
    symlink,   ///< l
    fifo,      ///< p
    socket,    ///< s
    block,     ///< b
    character, ///< c
};

/// Returns find's one-letter code for a type ("f", "d", "l", "p", "s", "b", "c"; "?" if unknown).
char type_letter(EntryType type);

/// Chooses how symbolic links are treated, as find's -P and -L do.
enum class SymlinkPolicy : std::uint8_t {
    physical, ///< -P: report links as links, never descend through them
    follow,   ///< -L: report and descend into what links point to; loops are errors
    roots,    ///< -H: follow links given as starting points, nothing below them
};

/// Chooses whether the walk crosses into other file systems (find's -xdev).
enum class DeviceScope : std::uint8_t {
    any,         ///< descend everywhere
    same_as_root ///< list mount points but do not descend into them
};

/// Chooses the visiting order.
enum class WalkOrder : std::uint8_t {
    unordered, ///< parallel; parents are visited before their children, nothing else is promised
    sorted,    ///< one thread, depth first, pre-order, byte order of names within each directory
};

/// Configures a walk.
struct WalkOptions {
    std::vector<std::string> roots = {"."}; ///< starting points, visited in this order, as given
    SymlinkPolicy symlinks = SymlinkPolicy::physical;
    DeviceScope devices = DeviceScope::any;
    std::size_t min_depth = 0; ///< entries shallower than this are walked but not visited
    std::size_t max_depth = std::numeric_limits<std::size_t>::max(); ///< roots are depth 0
    unsigned threads = 0; ///< worker threads; 0 = the number of online CPUs (at least 1)
    WalkOrder order = WalkOrder::unordered;
    /// Visit each directory after its contents (find's -depth); implies WalkOrder::sorted.
    bool post_order = false;
};

/// Describes one entry as the Visitor sees it. Views point into walker buffers that are valid
/// only during the call.
struct Entry {
    /// The path as find prints it: the root as given, joined with "/" (no extra "/" after a
    /// root that ends with one). Followed by a NUL byte in memory.
    std::string_view path;
    /// The name find's -name matches: the last component; for a root, its last component with
    /// trailing slashes removed ("/" stays "/"). Followed by a NUL byte in memory.
    std::string_view name;
    /// Offset of the last component in `path` (for roots, where it starts before any trailing
    /// slashes); path.substr(name_offset) == name for every non-root entry.
    std::size_t name_offset = 0;
    /// openat(at_fd, at_name) reaches the entry even when `path` exceeds PATH_MAX: the parent
    /// directory's descriptor and `name`, or AT_FDCWD and `path`. Valid only during the call.
    int at_fd = -100;
    const char* at_name = nullptr;
    EntryType type = EntryType::unknown; ///< with SymlinkPolicy::follow, the target's type
    std::size_t depth = 0;               ///< 0 for a root
    std::size_t root_index = 0;          ///< index into WalkOptions::roots
    unsigned worker = 0;                 ///< calling thread's index, in [0, worker_count)
};

/// Describes a failure at one path (unreadable directory, vanished entry, symlink loop).
struct WalkError {
    std::string path; ///< as it would have been printed
    int errnum = 0;   ///< errno value; ELOOP for a file system loop
    std::size_t depth = 0;
    unsigned worker = 0;
    std::string message; ///< ready-to-print description, e.g. "Permission denied"
};

/// Answers a visit: what the walker does next with this entry.
enum class VisitAction : std::uint8_t {
    continue_walk, ///< descend if it is a directory
    prune,         ///< do not descend into this directory (no effect on other entries)
    stop,          ///< end the whole walk as soon as possible (every thread)
};

/// Receives entries and errors. Called concurrently from up to worker_count threads: keep
/// per-worker state indexed by Entry::worker / WalkError::worker.
class Visitor {
public:
    Visitor() = default;
    Visitor(const Visitor&) = delete;
    Visitor& operator=(const Visitor&) = delete;
    virtual ~Visitor() = default;

    /// Sees one entry at depth >= min_depth and <= max_depth; returns what to do next.
    virtual VisitAction visit(const Entry& entry) = 0;
    /// Sees one failure; the walk continues unless this returns stop.
    virtual VisitAction error(const WalkError& error) = 0;
    /// Tells a worker it has finished (flush its buffers); called once per worker, on that
    /// worker's thread, even after a stop.
    virtual void worker_finished(unsigned worker) { (void)worker; }
};

/// Summarises a finished walk.
struct WalkStats {
    std::size_t visited = 0;     ///< entries passed to Visitor::visit
    std::size_t directories = 0; ///< directories read
    std::size_t errors = 0;      ///< failures passed to Visitor::error
    bool stopped = false;        ///< a visit returned stop
};

/// Returns the number of workers a walk with these options uses (so visitors can size
/// per-worker state before walking).
unsigned worker_count(const WalkOptions& options);

/// Walks every root and reports entries to `visitor`. Fails only when the walk cannot start
/// (no roots, threads cannot be created); per-path failures go to Visitor::error.
Result<WalkStats> walk(const WalkOptions& options, Visitor& visitor);

} // namespace tbx::find
