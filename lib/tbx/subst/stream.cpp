// Why the chunks of a file give exactly the matches of the whole text. A chunk starts at a
// line start, and its scan takes every match that starts before the next chunk's start,
// reading past that start when a match needs more text. A scan of the whole text arrives at
// a chunk's start in the state of a fresh scan there, unless the last match before it ended
// at or after that start (a match across a line break): the scanner's rules look within one
// line, and a search from an earlier position finds no match starting before the chunk
// (the previous chunk would have taken it). So every chunk is scanned at once, and when its
// turn comes (all chunks before it are done) it is checked against where they really ended;
// a chunk that started in the wrong state is scanned again from there. Output is placed in
// order: a chunk learns its offset in the new file at its turn. A chunk scanned before its
// turn is parked with its output in memory, and its thread goes on with the next chunk; the
// thread that hands the turn on commits the parked chunks that follow and writes them. A
// chunk whose output outgrows k_speculation_bytes before its turn waits for it, then writes
// as it goes. Text read in order (a pipe) is one chunk, and its output is written in order.

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

#include <tbx/subst/stream.hpp>

namespace tbx::subst {

namespace {

// An unchanged stretch this long is copied by the kernel (copy_file_range), not through
// user space.
constexpr std::size_t k_kernel_copy_bytes = 256 * 1024;
// A chunk that knows its offset writes its output whenever this much is in memory.
constexpr std::size_t k_flush_bytes = 128 * 1024;
// A chunk that does not know its offset yet waits for its turn beyond this much output.
constexpr std::size_t k_speculation_bytes = 16 << 20;
// Chunk starts are found by reading this much at a time after the nominal start.
constexpr std::size_t k_boundary_block = 4096;
// Marks a chunk whose region holds no line start (it belongs to the chunk before).
constexpr std::size_t k_no_start = k_unset;

// Where a scan starts: a file offset, and whether a match ended right there.
struct ScanStart {
    std::size_t position = 0;
    bool after_match = false;
};

// One chunk's output in order: bytes built in memory and input stretches the kernel copies.
class ChunkOutput {
public:
    void add_bytes(std::string_view data) {
        bytes().append(data);
        bytes_added();
    }

    // Returns the buffer to append bytes to directly (a replacement is expanded into it,
    // saving a copy per match); call bytes_added() after appending.
    std::string& bytes() {
        if (m_pieces.empty() || m_pieces.back().from_input) {
            m_pieces.push_back(Piece{m_bytes.size(), m_bytes.size(), false});
        }
        return m_bytes;
    }

    void bytes_added() {
        m_size += m_bytes.size() - m_pieces.back().end;
        m_pieces.back().end = m_bytes.size();
    }

    void add_input(std::size_t begin, std::size_t end) {
        if (begin == end) {
            return;
        }
        if (!m_pieces.empty() && m_pieces.back().from_input && m_pieces.back().end == begin) {
            m_pieces.back().end = end;
        } else {
            m_pieces.push_back(Piece{begin, end, true});
        }
        m_size += end - begin;
    }

    [[nodiscard]] std::size_t size() const { return m_size; }
    [[nodiscard]] std::size_t buffered() const { return m_bytes.size(); }
    // Returns the bytes built in memory: the whole output when it has no input stretch.
    [[nodiscard]] std::string_view buffered_bytes() const { return m_bytes; }

    // Writes every piece from byte `offset` of the new content on.
    Result<void> place(AtomicWriter& writer, int input_fd, std::size_t offset) const {
        for (const Piece& piece : m_pieces) {
            const std::size_t length = piece.end - piece.begin;
            auto placed = piece.from_input
                              ? writer.copy_at(input_fd, piece.begin, length, offset)
                              : writer.write_at(
                                    std::string_view(m_bytes).substr(piece.begin, length), offset);
            if (!placed) {
                return placed;
            }
            offset += length;
        }
        return {};
    }

    void clear() {
        m_bytes.clear();
        m_pieces.clear();
        m_size = 0;
    }

private:
    struct Piece {
        std::size_t begin; ///< in m_bytes, or in the input file
        std::size_t end;
        bool from_input;
    };
    std::string m_bytes;
    std::vector<Piece> m_pieces;
    std::size_t m_size = 0;
};

// A scanned chunk: what committing it needs.
struct ChunkResult {
    std::size_t chunk = 0;
    std::size_t assumed_start = 0; ///< where it starts if the chunks before end there
    std::size_t end = 0;           ///< where the next chunk starts
    std::size_t scan_start = 0;    ///< where its scan started
    std::size_t consumed = 0;      ///< where its output's input ends
    std::size_t last_end = k_unset;
    std::size_t replacements = 0;
    ChunkOutput output;
};

// What one file's chunks share: the chunk counter, the turn, where the committed chunks
// ended, the parked chunks, the new file and the first error.
class FileStream {
public:
    // Streams the file `fd` of `size` bytes into a new file next to `target`, or, with
    // `out_fd` set, the text read in order from `fd` (size unknown) to `out_fd` in order.
    FileStream(const Substitution& substitution, int fd, std::size_t size, std::string target,
               const StreamOptions& options, int out_fd = -1)
        : substitution(substitution), fd(fd), size(size), target(std::move(target)),
          options(options), out_fd(out_fd) {
        m_chunk_bytes = options.chunk_bytes;
        m_chunks = 1;
        if (rereadable() && options.threads > 1 && m_chunk_bytes > 0 && size >= 2 * m_chunk_bytes) {
            m_chunks = (size + m_chunk_bytes - 1) / m_chunk_bytes;
        }
        m_empty.assign(m_chunks, false);
    }

    Result<StreamOutcome> run(MatchSession& session, std::string& window);

    // Returns where chunk `chunk` starts: the first line start after its nominal start, or
    // k_no_start when its region holds none.
    [[nodiscard]] Result<std::size_t> chunk_start(std::size_t chunk) const;
    // Returns where the chunk after `chunk` starts (the file's size after the last).
    [[nodiscard]] Result<std::size_t> chunk_end(std::size_t chunk) const;

    enum class Turn { valid, restart, stopped, parked, not_yet };
    // Waits until every chunk before `result.chunk` is committed and sets `offset`, its
    // offset in the new file: `valid` when its scan from its assumed start in a fresh state
    // is right, else `restart` with `resume` set. With `may_park`, a chunk whose turn has not
    // come is parked instead (`parked`; `result` then has an empty output to reuse).
    Turn finish(ChunkResult& result, bool may_park, ScanStart& resume, std::size_t& offset);
    // Checks like finish when it is `result`'s turn already, else returns `not_yet`.
    Turn try_turn(const ChunkResult& result, ScanStart& resume, std::size_t& offset);
    // Takes the parked chunk whose turn it is into `result` (swapping outputs) and checks it
    // like finish; `parked` when there is none.
    Turn take_parked(ChunkResult& result, ScanStart& resume, std::size_t& offset);
    // Records a committed chunk and hands the turn on.
    void commit(const ChunkResult& result, std::size_t out_end);

    // Records a chunk without a line start of its own; returns true when that handed the
    // turn on (the caller then commits what is parked).
    bool skip(std::size_t chunk);
    void fail(Error error);
    [[nodiscard]] bool stopped() const { return m_stopped.load(std::memory_order_relaxed); }

    // Returns true when the input can be read again at any offset (a file, not a pipe): then
    // unchanged stretches are copied by the kernel, and a text without a match is not written.
    [[nodiscard]] bool rereadable() const { return out_fd < 0; }
    // Reads up to `length` bytes at `offset`: the next bytes, when read in order.
    ssize_t read_at(char* into, std::size_t length, std::size_t offset) const {
        return rereadable() ? ::pread(fd, into, length, static_cast<off_t>(offset))
                            : ::read(fd, into, length);
    }
    // Opens the output on the first replacement: the new file, with the unchanged bytes
    // before `offset`. Only the chunk holding the turn calls it.
    Result<void> open_output(std::size_t offset);
    // Returns true once the output is open (always for output in order); only the chunk
    // holding the turn may ask.
    [[nodiscard]] bool output_open() const { return !rereadable() || m_writer.has_value(); }
    // Writes `output` at `offset` of the output (after open_output).
    Result<void> place(const ChunkOutput& output, std::size_t offset);
    [[nodiscard]] bool reader_gone() const { return m_reader_gone; }

    const Substitution& substitution;
    const int fd;
    const std::size_t size;
    const std::string target;
    const StreamOptions& options;
    const int out_fd; ///< -1: a new file next to `target`

private:
    void work(MatchSession& session, std::string& window);
    void advance_turn(std::size_t chunk);
    ChunkOutput spare_output();
    Turn check(const ChunkResult& result, ScanStart& resume, std::size_t& offset) const;

    std::size_t m_chunk_bytes = 0;
    std::size_t m_chunks = 1;
    std::atomic<std::size_t> m_next_chunk{0};
    std::atomic<bool> m_stopped{false};
    std::mutex m_mutex;
    std::condition_variable m_changed;
    // Guarded by m_mutex:
    std::vector<bool> m_empty;
    std::size_t m_turn = 0;
    std::size_t m_consumed = 0;       ///< input bytes the committed chunks cover
    std::size_t m_last_end = k_unset; ///< end of their last match, when it still matters
    std::size_t m_out_end = 0;        ///< output bytes they produce
    std::size_t m_replacements = 0;
    std::map<std::size_t, ChunkResult> m_parked;
    std::vector<ChunkOutput> m_spare_outputs;
    std::optional<Error> m_error;
    std::optional<AtomicWriter> m_writer; ///< opened and read only by the turn's holder
    bool m_reader_gone = false;           ///< the reader of out_fd closed it (EPIPE)
};

// Scans one chunk at a time for one thread, with that thread's window and session.
class ChunkScan {
public:
    ChunkScan(FileStream& stream, MatchSession& session, std::string& window)
        : m_stream(stream), m_session(session), m_window(window) {}

    Result<void> run(std::size_t chunk);

private:
    enum class Flow { carry_on, restart, stopped };

    Result<Flow> scan(ScanStart from);
    Result<Flow> flush();
    Result<void> commit();
    // Holding the turn: scans again when `flow` says the start was wrong, then commits;
    // false when the file's work was stopped.
    Result<bool> complete(Result<Flow> flow);
    Result<void> commit_parked();
    void append_original(std::size_t begin, std::size_t end, std::string_view data,
                         std::size_t base);

    FileStream& m_stream;
    MatchSession& m_session;
    std::string& m_window;
    ChunkResult m_result;
    Match m_match;
    bool m_placed = false;    ///< holds the turn and knows its offset
    std::size_t m_offset = 0; ///< offset in the new file of the next output byte
    ScanStart m_resume;       ///< where to scan again after Flow::restart
};

Result<std::size_t> FileStream::chunk_start(std::size_t chunk) const {
    if (chunk == 0) {
        return 0;
    }
    if (chunk >= m_chunks) {
        return size;
    }
    // The region is the chunk's nominal bytes shifted back by one: a line starts in it when
    // a newline ends one of them.
    const std::size_t from = chunk * m_chunk_bytes - 1;
    const std::size_t to = std::min(size, from + m_chunk_bytes);
    char block[k_boundary_block];
    for (std::size_t offset = from; offset < to;) {
        const ssize_t got =
            ::pread(fd, block, std::min(sizeof block, to - offset), static_cast<off_t>(offset));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return tl::unexpected(errno_error(errno, "cannot read", target));
        }
        if (got == 0) {
            break; // the file shrank; the check before the rename reports it
        }
        if (const void* newline = std::memchr(block, '\n', static_cast<std::size_t>(got))) {
            const std::size_t start =
                offset + static_cast<std::size_t>(static_cast<const char*>(newline) - block) + 1;
            return start < size ? start : k_no_start;
        }
        offset += static_cast<std::size_t>(got);
    }
    return k_no_start;
}

Result<std::size_t> FileStream::chunk_end(std::size_t chunk) const {
    for (std::size_t next = chunk + 1; next < m_chunks; ++next) {
        auto start = chunk_start(next);
        if (!start || *start != k_no_start) {
            return start;
        }
    }
    return size;
}

FileStream::Turn FileStream::check(const ChunkResult& result, ScanStart& resume,
                                   std::size_t& offset) const {
    offset = m_out_end;
    if (m_consumed == result.assumed_start &&
        (m_last_end == k_unset || m_last_end < result.assumed_start)) {
        return Turn::valid;
    }
    resume = ScanStart{m_consumed, m_last_end == m_consumed};
    return Turn::restart;
}

FileStream::Turn FileStream::finish(ChunkResult& result, bool may_park, ScanStart& resume,
                                    std::size_t& offset) {
    std::unique_lock lock(m_mutex);
    // A few parked chunks per thread keep every thread busy; more would only cost memory.
    const std::size_t park_limit = 2 * static_cast<std::size_t>(std::max(1U, options.threads));
    if (may_park && m_turn != result.chunk && !stopped() && m_parked.size() < park_limit) {
        ChunkOutput spare = spare_output();
        const std::size_t chunk = result.chunk;
        m_parked.emplace(chunk, std::move(result));
        result.output = std::move(spare);
        return Turn::parked;
    }
    m_changed.wait(lock, [&] { return m_turn == result.chunk || stopped(); });
    if (stopped()) {
        return Turn::stopped;
    }
    return check(result, resume, offset);
}

FileStream::Turn FileStream::try_turn(const ChunkResult& result, ScanStart& resume,
                                      std::size_t& offset) {
    std::lock_guard lock(m_mutex);
    if (stopped()) {
        return Turn::stopped;
    }
    return m_turn == result.chunk ? check(result, resume, offset) : Turn::not_yet;
}

FileStream::Turn FileStream::take_parked(ChunkResult& result, ScanStart& resume,
                                         std::size_t& offset) {
    std::lock_guard lock(m_mutex);
    if (stopped()) {
        return Turn::stopped;
    }
    const auto parked = m_parked.find(m_turn);
    if (parked == m_parked.end()) {
        return Turn::parked;
    }
    result.output.clear();
    m_spare_outputs.push_back(std::move(result.output));
    result = std::move(parked->second);
    m_parked.erase(parked);
    return check(result, resume, offset);
}

ChunkOutput FileStream::spare_output() {
    ChunkOutput spare;
    if (!m_spare_outputs.empty()) {
        spare = std::move(m_spare_outputs.back());
        m_spare_outputs.pop_back();
    }
    spare.clear();
    return spare;
}

void FileStream::advance_turn(std::size_t chunk) {
    m_turn = chunk + 1;
    while (m_turn < m_chunks && m_empty[m_turn]) {
        ++m_turn;
    }
}

void FileStream::commit(const ChunkResult& result, std::size_t out_end) {
    {
        std::lock_guard lock(m_mutex);
        m_consumed = result.consumed;
        m_last_end = result.last_end;
        m_out_end = out_end;
        m_replacements += result.replacements;
        advance_turn(result.chunk);
    }
    m_changed.notify_all();
}

bool FileStream::skip(std::size_t chunk) {
    bool handed_on = false;
    {
        std::lock_guard lock(m_mutex);
        m_empty[chunk] = true;
        if (m_turn == chunk) {
            advance_turn(chunk);
            handed_on = true;
        }
    }
    m_changed.notify_all();
    return handed_on;
}

void FileStream::fail(Error error) {
    {
        std::lock_guard lock(m_mutex);
        if (!m_error) {
            m_error = std::move(error);
        }
        m_stopped.store(true);
    }
    m_changed.notify_all();
}

Result<void> FileStream::open_output(std::size_t offset) {
    if (output_open()) {
        return {};
    }
    auto opened = AtomicWriter::open(target, options.durability);
    if (!opened) {
        return tl::unexpected(opened.error());
    }
    m_writer.emplace(std::move(*opened));
    // Everything before the first replacement is unchanged: the kernel copies it.
    return m_writer->copy_at(fd, 0, offset, 0);
}

Result<void> FileStream::place(const ChunkOutput& output, std::size_t offset) {
    if (rereadable()) {
        return output.place(*m_writer, fd, offset);
    }
    // In order, and every byte is in memory: nothing of the input can be read again.
    std::string_view data = output.buffered_bytes();
    while (!data.empty()) {
        const ssize_t written = ::write(out_fd, data.data(), data.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written < 0) {
            m_reader_gone = errno == EPIPE;
            return tl::unexpected(errno_error(errno, "cannot write the output"));
        }
        data.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

void FileStream::work(MatchSession& session, std::string& window) {
    ChunkScan scan(*this, session, window);
    while (!stopped()) {
        const std::size_t chunk = m_next_chunk.fetch_add(1);
        if (chunk >= m_chunks) {
            return;
        }
        if (auto done = scan.run(chunk); !done) {
            fail(done.error());
        }
    }
}

Result<StreamOutcome> FileStream::run(MatchSession& session, std::string& window) {
    const auto threads = static_cast<std::size_t>(std::max(1U, options.threads));
    {
        std::vector<std::jthread> helpers;
        for (std::size_t t = 1; t < std::min(threads, m_chunks); ++t) {
            helpers.emplace_back([this] {
                const auto own_session = substitution.matcher->session();
                std::string own_window;
                work(*own_session, own_window);
            });
        }
        work(session, window);
    }
    if (m_error) {
        return tl::unexpected(*m_error);
    }
    StreamOutcome outcome;
    outcome.replacements = m_replacements;
    if (m_writer) {
        outcome.writer.emplace(std::move(*m_writer));
    }
    return outcome;
}

Result<void> ChunkScan::run(std::size_t chunk) {
    auto start = m_stream.chunk_start(chunk);
    if (!start) {
        return tl::unexpected(start.error());
    }
    if (*start == k_no_start) {
        return m_stream.skip(chunk) ? commit_parked() : Result<void>{};
    }
    auto end = m_stream.chunk_end(chunk);
    if (!end) {
        return tl::unexpected(end.error());
    }
    m_result.chunk = chunk;
    m_result.assumed_start = *start;
    m_result.end = *end;
    // A chunk whose turn has come already (the first, or the one after a slow one) writes as
    // it goes instead of keeping its output.
    ScanStart from{*start, false};
    const auto early = m_stream.try_turn(m_result, m_resume, m_offset);
    m_placed = early != FileStream::Turn::not_yet;
    if (early == FileStream::Turn::stopped) {
        return {};
    }
    if (early == FileStream::Turn::restart) {
        from = m_resume;
    }
    auto flow = scan(from);
    if (flow && *flow == Flow::carry_on && !m_placed) {
        const auto turn = m_stream.finish(m_result, /*may_park=*/true, m_resume, m_offset);
        if (turn == FileStream::Turn::parked) {
            return {};
        }
        m_placed = true;
        flow = turn == FileStream::Turn::valid     ? Flow::carry_on
               : turn == FileStream::Turn::restart ? Flow::restart
                                                   : Flow::stopped;
    }
    auto completed = complete(flow);
    if (!completed || !*completed) {
        return completed ? Result<void>{} : tl::unexpected(completed.error());
    }
    return commit_parked();
}

Result<bool> ChunkScan::complete(Result<Flow> flow) {
    if (flow && *flow == Flow::restart) {
        flow = scan(m_resume); // holding the turn, it cannot be asked to restart again
    }
    if (!flow) {
        return tl::unexpected(flow.error());
    }
    if (*flow == Flow::stopped) {
        return false;
    }
    if (auto committed = commit(); !committed) {
        return tl::unexpected(committed.error());
    }
    return true;
}

Result<void> ChunkScan::commit_parked() {
    while (true) {
        const auto turn = m_stream.take_parked(m_result, m_resume, m_offset);
        if (turn == FileStream::Turn::parked || turn == FileStream::Turn::stopped) {
            return {};
        }
        m_placed = true;
        auto completed =
            complete(turn == FileStream::Turn::restart ? Flow::restart : Flow::carry_on);
        if (!completed || !*completed) {
            return completed ? Result<void>{} : tl::unexpected(completed.error());
        }
    }
}

void ChunkScan::append_original(std::size_t begin, std::size_t end, std::string_view data,
                                std::size_t base) {
    if (begin < base) { // no longer in the window
        const std::size_t upto = std::min(end, base);
        m_result.output.add_input(begin, upto);
        begin = upto;
    }
    if (begin >= end) {
        return;
    }
    if (end - begin >= k_kernel_copy_bytes && m_stream.rereadable()) {
        m_result.output.add_input(begin, end);
    } else {
        m_result.output.add_bytes(data.substr(begin - base, end - begin));
    }
}

Result<ChunkScan::Flow> ChunkScan::scan(ScanStart from) {
    const Substitution& substitution = m_stream.substitution;
    const bool write = m_stream.options.write;
    // Text read in order cannot be read again: all of it passes through the output.
    const bool rereadable = m_stream.rereadable();
    m_result.output.clear();
    m_result.replacements = 0;
    m_result.scan_start = from.position;
    m_result.last_end = from.after_match ? from.position : k_unset;
    std::string& buffer = m_window;
    if (buffer.size() != std::max<std::size_t>(m_stream.options.window_bytes, 2)) {
        buffer.resize(std::max<std::size_t>(m_stream.options.window_bytes, 2));
    }
    // The bytes before the start are history for lookbehind, \b and the scanner's rules.
    const std::size_t history = substitution.matcher->history_bytes() + 1;
    std::size_t size = m_stream.size;
    std::size_t base = from.position - std::min(from.position, history); // offset of buffer[0]
    std::size_t filled = 0;                 // bytes of the file in the buffer
    std::size_t fed = from.position - base; // the last window's length (the history at first)
    std::size_t dropped = 0;                // bytes dropped since the last window
    std::size_t position = from.position;   // where the output not yet produced starts
    Scanner scanner = Scanner::streaming(substitution, m_session, fed, from.after_match);
    bool stop = false;
    while (!stop) {
        while (filled < buffer.size() && base + filled < size) {
            const ssize_t got = m_stream.read_at(
                buffer.data() + filled, std::min(buffer.size() - filled, size - base - filled),
                base + filled);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got < 0) {
                return tl::unexpected(errno_error(errno, "cannot read", m_stream.target));
            }
            if (got == 0) {
                size = base + filled; // the file shrank; the check before the rename reports it
                break;
            }
            filled += static_cast<std::size_t>(got);
        }
        if (base + filled == 0) {
            break; // an empty file has no line, so even ^ does not match (as in vim)
        }
        const std::string_view data(buffer.data(), filled);
        const bool final = base + filled >= size;
        // Windows end after a newline, so every line the scanner sees is whole (its rules
        // and the replacement's line break look at the whole line); a line longer than the
        // buffer grows it.
        std::size_t cut = filled;
        if (!final) {
            const void* newline =
                filled > fed ? ::memrchr(data.data() + fed, '\n', filled - fed) : nullptr;
            if (newline == nullptr) {
                buffer.resize(buffer.size() * 2);
                continue;
            }
            cut = static_cast<std::size_t>(static_cast<const char*>(newline) - data.data()) + 1;
        }
        scanner.feed(data.substr(0, cut), dropped, final ? TextEnd::final : TextEnd::more_follows);
        while (true) {
            auto more = scanner.next(m_match);
            if (!more) {
                return tl::unexpected(more.error());
            }
            if (!*more) {
                break;
            }
            const std::size_t begin = base + m_match.captures[0].begin;
            if (begin >= m_result.end && m_result.end < m_stream.size) {
                stop = true; // the next chunk's match (the last chunk's end is the text's)
                break;
            }
            ++m_result.replacements;
            m_result.last_end = base + m_match.captures[0].end;
            if (write) {
                const std::string_view line_break =
                    substitution.replacement.has_line_break()
                        ? line_break_at(data.substr(0, cut), m_match.captures[0].begin)
                        : std::string_view("\n");
                append_original(position, begin, data, base);
                std::string& out = m_result.output.bytes();
                substitution.replacement.expand(data, m_match.captures, line_break, out);
                const char last_byte =
                    m_result.last_end > begin ? data[m_result.last_end - 1 - base] : '\0';
                keep_final_newline(substitution, begin, m_result.last_end, size, last_byte, out);
                m_result.output.bytes_added();
            }
            position = m_result.last_end;
            if (write &&
                m_result.output.buffered() >= (m_placed ? k_flush_bytes : k_speculation_bytes)) {
                auto flow = flush();
                if (!flow || *flow != Flow::carry_on) {
                    return flow;
                }
            }
        }
        if (stop || !scanner.needs_more() || base + scanner.position() >= m_result.end) {
            break;
        }
        const std::size_t keep = scanner.keep_from();
        // A short unchanged stretch about to leave memory is kept now; a long one is copied
        // by the kernel later. Before the chunk's first replacement nothing is kept: an
        // unchanged chunk is copied whole, or not at all when the file has no match.
        if (write && (m_result.replacements > 0 || !rereadable) && position < base + keep &&
            (base + keep - position < k_kernel_copy_bytes || !rereadable)) {
            append_original(position, base + keep, data, base);
            position = base + keep;
            if (m_placed && m_result.output.buffered() >= k_flush_bytes) {
                auto flow = flush(); // text without matches, read in order
                if (!flow || *flow != Flow::carry_on) {
                    return flow;
                }
            }
        }
        std::memmove(buffer.data(), buffer.data() + keep, filled - keep);
        base += keep;
        filled -= keep;
        fed = cut - keep;
        dropped = keep;
        if (filled > buffer.size() / 2) {
            // A match or a line that spans most of the window: grow it geometrically, so the
            // searches repeated over the kept part cost linear time in all.
            buffer.resize(buffer.size() * 2);
        }
    }
    m_result.consumed = std::min(std::max(m_result.end, position), std::max(size, position));
    if (write && (m_result.replacements > 0 || !rereadable)) {
        append_original(position, m_result.consumed, std::string_view(buffer.data(), filled), base);
    }
    return Flow::carry_on;
}

Result<ChunkScan::Flow> ChunkScan::flush() {
    if (!m_placed) {
        const auto turn = m_stream.finish(m_result, /*may_park=*/false, m_resume, m_offset);
        m_placed = true;
        if (turn != FileStream::Turn::valid) {
            return turn == FileStream::Turn::restart ? Flow::restart : Flow::stopped;
        }
    }
    if (auto opened = m_stream.open_output(m_offset); !opened) {
        return tl::unexpected(opened.error());
    }
    if (auto placed = m_stream.place(m_result.output, m_offset); !placed) {
        return tl::unexpected(placed.error());
    }
    m_offset += m_result.output.size();
    m_result.output.clear();
    return Flow::carry_on;
}

Result<void> ChunkScan::commit() {
    // Holding the turn: nothing else opens the output or hands the turn on meanwhile.
    bool placing = false;
    std::size_t out_end =
        m_offset + (m_result.consumed - m_result.scan_start); // output equal to input
    if (m_stream.options.write && (m_result.replacements > 0 || m_stream.output_open())) {
        if (m_result.replacements == 0 && m_stream.rereadable()) {
            m_result.output.add_input(m_result.scan_start, m_result.consumed);
        }
        if (auto opened = m_stream.open_output(m_offset); !opened) {
            return opened;
        }
        placing = true;
        out_end = m_offset + m_result.output.size();
    }
    m_stream.commit(m_result, out_end);
    // Written after handing the turn on: the next chunk's work overlaps this write.
    auto placed = placing ? m_stream.place(m_result.output, m_offset) : Result<void>{};
    m_result.output.clear();
    return placed;
}

} // namespace

Result<InOrderOutcome> stream_in_order(const Substitution& substitution, MatchSession& session,
                                       std::string& window, int in_fd, int out_fd,
                                       const StreamOptions& options) {
    FileStream stream(substitution, in_fd, k_unset, "-", options, out_fd);
    auto outcome = stream.run(session, window);
    if (!outcome && !stream.reader_gone()) {
        return tl::unexpected(outcome.error());
    }
    return InOrderOutcome{outcome ? outcome->replacements : 0, stream.reader_gone()};
}

Result<StreamOutcome> stream_file(const Substitution& substitution, MatchSession& session,
                                  std::string& window, int fd, std::size_t size,
                                  const std::string& target, const StreamOptions& options) {
    FileStream stream(substitution, fd, size, target, options);
    return stream.run(session, window);
}

} // namespace tbx::subst
