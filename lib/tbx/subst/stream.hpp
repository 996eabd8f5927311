#pragma once
// Streaming one file through the scanner, for runs that need neither prompts nor whole lines
// around a match. The file is read through a small window; a large file is cut into chunks
// at line starts that several threads scan at once, each chunk's output placed in order in
// the new file (see stream.cpp for why every match is still the one the whole text gives).

#include <cstddef>
#include <optional>
#include <string>

#include <tbx/core/atomic_file.hpp>
#include <tbx/core/error.hpp>
#include <tbx/subst/plan.hpp>

namespace tbx::subst {

// The atomic writer is core's (one mechanism for every command); subst names it unqualified.
using core::AtomicWriter;
using core::CommitMode;
using core::CommitOptions;
using core::Committer;
using core::DirectorySyncs;
using core::Durability;

/// Configures stream_file.
struct StreamOptions {
    /// The first size of each thread's read window; a line longer than it grows it.
    std::size_t window_bytes = 128 * 1024;
    /// The nominal size of a chunk: a chunk starts at the first line start at or after a
    /// multiple of it. A file smaller than two chunks is one chunk.
    std::size_t chunk_bytes = 1 << 20;
    /// How many threads scan chunks at once, the calling thread included.
    unsigned threads = 1;
    /// False: count the matches and write nothing.
    bool write = true;
    Durability durability = Durability::fsync;
};

/// Reports what stream_file found and wrote.
struct StreamOutcome {
    std::size_t replacements = 0; ///< made, or counted
    /// The new content, when something was replaced (and StreamOptions::write): the caller
    /// commits it. Absent otherwise: a file without a match is never touched.
    std::optional<AtomicWriter> writer;
};

/// Reports what stream_in_order found and wrote.
struct InOrderOutcome {
    std::size_t replacements = 0; ///< made, or counted
    bool reader_gone = false;     ///< the output's reader closed it (`| head`): stopped early
};

/// Applies `substitution` to the text read in order from `in_fd` (a pipe, any descriptor)
/// and writes the result in order to `out_fd` as it goes (nothing when only counting), so
/// memory stays at a few windows whatever the text's size. `session` and `window` are the
/// calling thread's scratch; one thread scans.
Result<InOrderOutcome> stream_in_order(const Substitution& substitution, MatchSession& session,
                                       std::string& window, int in_fd, int out_fd,
                                       const StreamOptions& options);

/// Applies `substitution` to every match of the regular file open as `fd`, whose content is
/// `size` bytes, writing the result next to `target` (a resolved path). `session` and
/// `window` are the calling thread's scratch (kept for the next file); other threads make
/// their own.
Result<StreamOutcome> stream_file(const Substitution& substitution, MatchSession& session,
                                  std::string& window, int fd, std::size_t size,
                                  const std::string& target, const StreamOptions& options);

} // namespace tbx::subst
