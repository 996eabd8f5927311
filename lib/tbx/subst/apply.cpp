#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

#include <climits>

#include <tbx/subst/apply.hpp>
#include <tbx/subst/stream.hpp>

namespace tbx::subst {

namespace {

constexpr std::size_t k_binary_probe_bytes = 8192;
// Below this a read() into memory is cheaper than setting up a mapping.
constexpr std::size_t k_map_threshold_bytes = 4 << 20;

// Owns a file's descriptor and its content, mapped or read.
class InputFile {
public:
    InputFile() = default;
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    ~InputFile() {
        if (m_map != nullptr) {
            ::munmap(m_map, m_map_size);
        }
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }

    Result<void> open(const std::string& path) {
        // O_NONBLOCK keeps open() from hanging on a FIFO; it is checked and refused below.
        m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (m_fd < 0) {
            return tl::unexpected(errno_error(errno, "cannot open", path));
        }
        if (::fstat(m_fd, &m_stat) != 0) {
            return tl::unexpected(errno_error(errno, "cannot stat", path));
        }
        return {};
    }

    Result<void> load(const std::string& path) {
        const auto size = static_cast<std::size_t>(m_stat.st_size);
        if (size == 0) {
            return {};
        }
        if (size >= k_map_threshold_bytes) {
            void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, m_fd, 0);
            if (map != MAP_FAILED) {
                ::madvise(map, size, MADV_SEQUENTIAL | MADV_WILLNEED);
                m_map = map;
                m_map_size = size;
                m_text = std::string_view(static_cast<const char*>(map), size);
                return {};
            }
        }
        m_buffer.resize(size);
        std::size_t done = 0;
        while (done < size) {
            const ssize_t got =
                ::pread(m_fd, m_buffer.data() + done, size - done, static_cast<off_t>(done));
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got < 0) {
                return tl::unexpected(errno_error(errno, "cannot read", path));
            }
            if (got == 0) {
                break;
            }
            done += static_cast<std::size_t>(got);
        }
        m_buffer.resize(done);
        m_text = m_buffer;
        return {};
    }

    [[nodiscard]] int fd() const { return m_fd; }
    [[nodiscard]] const struct stat& status() const { return m_stat; }
    [[nodiscard]] std::string_view text() const { return m_text; }

private:
    int m_fd = -1;
    struct stat m_stat {};
    void* m_map = nullptr;
    std::size_t m_map_size = 0;
    std::string m_buffer;
    std::string_view m_text;
};

std::string_view strip_cr(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

// Returns the line holding `offset` without its line break.
std::string_view line_at(std::string_view text, std::size_t offset) {
    const std::size_t begin = line_start(text, offset);
    std::size_t end = line_end(text, offset);
    if (end > begin && text[end - 1] == '\n') {
        --end;
    }
    return strip_cr(text.substr(begin, end - begin));
}

// Returns true when the effective user belongs to group `gid`.
bool in_group(gid_t gid) {
    if (::getegid() == gid) {
        return true;
    }
    std::vector<gid_t> groups(static_cast<std::size_t>(std::max(::getgroups(0, nullptr), 0)));
    const int count = ::getgroups(static_cast<int>(groups.size()), groups.data());
    return std::find(groups.begin(), groups.begin() + std::max(count, 0), gid) !=
           groups.begin() + std::max(count, 0);
}

// Tells whether the atomic rewrite of `target` may go ahead: skipped_read_only for a file
// without write permission (no write bit at all, as vim's 'readonly', or none for us),
// skipped_owner when the new file could not get the original's owner and group (only root
// may give a file away, and others only to their own groups), changed otherwise.
bool would_change_owner(const struct stat& original) {
    return ::geteuid() != 0 && (original.st_uid != ::geteuid() || !in_group(original.st_gid));
}

FileStatus protection_of(const std::string& target, const struct stat& original) {
    if ((original.st_mode & 0222) == 0 || ::access(target.c_str(), W_OK) != 0) {
        return FileStatus::skipped_read_only;
    }
    if (would_change_owner(original)) {
        return FileStatus::skipped_owner;
    }
    return FileStatus::changed;
}

} // namespace

bool looks_binary(std::string_view head) {
    return std::memchr(head.data(), '\0', std::min(head.size(), k_binary_probe_bytes)) != nullptr;
}

// Where accepted output goes: memory (prompts, diffs, stdin), a lazily opened atomic temp
// file (the fast non-interactive path), or nowhere (counting).
class Applier::Sink {
public:
    static Sink none() { return Sink(); }
    static Sink memory(std::string& out) {
        Sink sink;
        sink.m_memory = &out;
        return sink;
    }
    static Sink file(std::string target, int input_fd, Durability durability) {
        Sink sink;
        sink.m_target = std::move(target);
        sink.m_input_fd = input_fd;
        sink.m_durability = durability;
        return sink;
    }

    /// Shows the sink the input text, held in memory.
    void set_input_view(std::string_view text) { m_input_view = text; }

    // Appends the unchanged input bytes [begin, end) (offsets in the whole input). Long
    // stretches, and those no longer in memory, are copied by the kernel (copy_file_range),
    // which on this kind of machine is several times cheaper than write() from user space.
    Result<void> append_original(std::size_t begin, std::size_t end) {
        if (m_memory == nullptr && m_target.empty()) {
            return {};
        }
        if (m_input_fd >= 0 && end - begin >= k_kernel_copy_bytes) {
            if (auto opened = ensure_writer(); !opened) {
                return opened;
            }
            return m_writer->copy_from(m_input_fd, begin, end - begin);
        }
        return append(m_input_view.substr(begin, end - begin));
    }

    Result<void> append(std::string_view data) {
        if (m_memory != nullptr) {
            m_memory->append(data);
            return {};
        }
        if (m_target.empty()) {
            return {};
        }
        if (auto opened = ensure_writer(); !opened) {
            return opened;
        }
        return m_writer->write(data);
    }

    Result<void> ensure_writer() {
        if (!m_writer) {
            auto writer = AtomicWriter::open(m_target, m_durability);
            if (!writer) {
                return tl::unexpected(writer.error());
            }
            m_writer.emplace(std::move(*writer));
        }
        return {};
    }

    [[nodiscard]] std::string* memory() const { return m_memory; }
    [[nodiscard]] std::size_t memory_size() const { return m_memory ? m_memory->size() : 0; }
    std::optional<AtomicWriter>& writer() { return m_writer; }

private:
    static constexpr std::size_t k_kernel_copy_bytes = 256 * 1024;
    std::string* m_memory = nullptr;
    std::string m_target;
    int m_input_fd = -1;
    Durability m_durability = Durability::fsync;
    std::string_view m_input_view;
    std::optional<AtomicWriter> m_writer;
};

Applier::Applier(const Substitution& substitution, ApplyOptions options)
    : m_substitution(&substitution), m_options(std::move(options)),
      m_session(substitution.matcher->session()) {
    // Resolved once: glibc reads /sys for the CPU count on every call, and runs over many
    // files would pay that per file.
    if (m_options.file_threads == 0) {
        m_options.file_threads = std::max(1U, std::thread::hardware_concurrency());
    }
}

namespace {

// Fills in what a Decider sees of the match [begin, end): `done` is the output so far (the
// text before the match, as edited).
Proposal make_proposal(std::string_view text, std::string_view done, std::size_t begin,
                       std::size_t end) {
    Proposal proposal;
    const auto last_newline = done.rfind('\n');
    proposal.line_prefix =
        last_newline == std::string_view::npos ? done : done.substr(last_newline + 1);
    if (last_newline != std::string_view::npos) {
        proposal.has_previous_line = true;
        proposal.previous_line = line_at(done.substr(0, last_newline), last_newline);
        if (last_newline == 0) {
            proposal.previous_line = {};
        }
    }
    proposal.matched = text.substr(begin, end - begin);
    const std::size_t rest_end = line_end(text, end);
    std::string_view rest = text.substr(end, rest_end - end);
    if (!rest.empty() && rest.back() == '\n') {
        rest.remove_suffix(1);
    }
    proposal.line_suffix = strip_cr(rest);
    if (rest_end < text.size()) {
        proposal.has_next_line = true;
        proposal.next_line = line_at(text, rest_end);
    }
    return proposal;
}

// Carries out what an answer means for the run (prompting is null only for yes); returns
// true when the match is replaced, and sets `stop` when the file's scan ends with it.
bool follow(Decision decision, Prompting* prompting, bool& stop) {
    switch (decision) {
    case Decision::all:
        prompting->accept_all = true;
        return true;
    case Decision::quit:
        prompting->stopped = true;
        stop = true;
        return false;
    case Decision::last:
        prompting->stopped = true;
        stop = true;
        return true;
    case Decision::skip_file:
        stop = true;
        return false;
    case Decision::no:
        return false;
    default:
        return true;
    }
}

} // namespace

std::optional<std::vector<Decision>> answers_before_last_yes(const std::vector<Decision>& answers) {
    for (std::size_t i = answers.size(); i > 0; --i) {
        if (answers[i - 1] == Decision::yes) {
            return std::vector<Decision>(answers.begin(),
                                         answers.begin() + static_cast<std::ptrdiff_t>(i - 1));
        }
    }
    return std::nullopt;
}

FileReport Applier::run(std::string_view text, std::string_view path, Sink& sink,
                        Prompting* prompting) {
    // The u key starts the file again from the output as it was, replaying the answers
    // before the undone one (matches are found in the original text, so they repeat).
    const std::size_t memory_start = sink.memory_size();
    std::vector<Decision> replay;
    if (prompting != nullptr) {
        replay = std::exchange(prompting->replay, {});
        prompting->undo_earlier = false;
        prompting->answers.clear();
    }
    while (true) {
        std::optional<std::vector<Decision>> undone;
        FileReport report = run_once(text, path, sink, prompting, replay, undone);
        if (!undone) {
            if (prompting != nullptr && prompting->undo_earlier) {
                // Nothing of this file is written: the caller goes back to the file before.
                report = FileReport{};
                report.path = std::string(path);
            }
            return report;
        }
        replay = std::move(*undone);
        sink.memory()->resize(memory_start);
    }
}

/// One pass of run_once over one text: what it has decided and appended so far.
struct Applier::FileRun {
    std::string_view text;
    std::string_view path;
    Sink& sink;
    Prompting* prompting;
    const std::vector<Decision>& replay; ///< answers given again without asking
    bool want_diff = false;
    FileReport report;
    std::vector<Edit> edits;       ///< for the diff
    std::vector<Decision> answers; ///< this file's answers, for u
    std::size_t position = 0;      ///< the end of the text handed to the sink so far
    std::size_t index = 0;         ///< the number of the match in the file

    /// Marks the report failed with `error` (naming the file when it names nothing).
    FileReport failed(Error error) {
        report.status = FileStatus::failed;
        if (error.subject.empty()) {
            error.subject = std::string(path);
        }
        report.error = std::move(error);
        return report;
    }
};

FileReport Applier::run_once(std::string_view text, std::string_view path, Sink& sink,
                             Prompting* prompting, const std::vector<Decision>& replay,
                             std::optional<std::vector<Decision>>& undone) {
    const bool want_diff = m_options.diff == MakeDiff::yes && sink.memory() != nullptr;
    FileRun run{text, path, sink, prompting, replay, want_diff, FileReport{}, {}, {}};
    run.report.path = std::string(path);
    const bool need_lines = prompting != nullptr || m_options.record == RecordChanges::yes;
    auto scanner = Scanner::create(*m_substitution, *m_session, text,
                                   need_lines ? LineNumbers::count : LineNumbers::skip);
    if (!scanner) {
        run.report.status = FileStatus::failed;
        run.report.error = scanner.error();
        run.report.error->subject = std::string(path);
        return run.report;
    }
    sink.set_input_view(text);
    Match match;
    std::string replacement;
    bool stop = false;
    while (!stop) {
        auto more = scanner->next(match);
        if (!more) {
            return run.failed(more.error());
        }
        if (!*more) {
            break;
        }
        expand_replacement(text, match, replacement);
        auto decision = decide(run, match, replacement, undone);
        if (!decision) {
            return run.failed(decision.error());
        }
        if (!*decision) {
            return run.report; // u: the caller starts the file again (or the one before)
        }
        ++run.index;
        if (**decision == Decision::discard) {
            // Nothing of this file is written; the caller undoes the files before it.
            prompting->stopped = true;
            prompting->discarded = true;
            FileReport nothing;
            nothing.path = std::string(path);
            return nothing;
        }
        if (!follow(**decision, prompting, stop)) {
            continue;
        }
        if (auto ok = replace(run, match, replacement); !ok) {
            return run.failed(ok.error());
        }
    }
    return finish_run(run);
}

void Applier::expand_replacement(std::string_view text, const Match& match,
                                 std::string& replacement) const {
    const std::size_t begin = match.captures[0].begin;
    const std::size_t end = match.captures[0].end;
    replacement.clear();
    // Finding the line's break scans to its end: only when the template inserts one.
    const std::string_view line_break = m_substitution->replacement.has_line_break()
                                            ? line_break_at(text, begin)
                                            : std::string_view("\n");
    m_substitution->replacement.expand(text, match.captures, line_break, replacement);
    keep_final_newline(*m_substitution, begin, end, text.size(), end > begin ? text[end - 1] : '\0',
                       replacement);
}

Result<std::optional<Decision>> Applier::decide(FileRun& run, const Match& match,
                                                const std::string& replacement,
                                                std::optional<std::vector<Decision>>& undone) {
    Prompting* prompting = run.prompting;
    if (run.index < run.replay.size()) {
        const Decision decision = run.replay[run.index];
        run.answers.push_back(decision);
        prompting->answers = run.answers;
        return decision;
    }
    if (prompting == nullptr || prompting->accept_all) {
        return Decision::yes;
    }
    const std::size_t begin = match.captures[0].begin;
    // The prompt shows the line as edited so far: hand the text before the match over.
    if (auto ok = run.sink.append(run.text.substr(run.position, begin - run.position)); !ok) {
        return tl::unexpected(ok.error());
    }
    run.position = begin;
    const std::string_view done = run.sink.memory() ? *run.sink.memory() : std::string_view{};
    Proposal proposal = make_proposal(run.text, done, begin, match.captures[0].end);
    proposal.path = run.path;
    proposal.line = match.line;
    proposal.index = run.index;
    proposal.replacement = replacement;
    const bool in_file = answers_before_last_yes(run.answers).has_value();
    proposal.can_undo = in_file || prompting->earlier_undo;
    Decision decision = Decision::yes;
    do { // a u with nothing to undo asks again
        decision = prompting->decider(proposal);
    } while (decision == Decision::undo && !proposal.can_undo);
    if (decision == Decision::undo) {
        undone = answers_before_last_yes(run.answers);
        prompting->undo_earlier = !in_file;
        return std::nullopt;
    }
    run.answers.push_back(decision);
    prompting->answers = run.answers;
    return decision;
}

Result<void> Applier::replace(FileRun& run, const Match& match, const std::string& replacement) {
    const std::size_t begin = match.captures[0].begin;
    const std::size_t end = match.captures[0].end;
    if (auto ok = run.sink.append_original(run.position, begin); !ok) {
        return ok;
    }
    const std::size_t new_begin = run.sink.memory_size();
    if (auto ok = run.sink.append(replacement); !ok) {
        return ok;
    }
    if (run.want_diff) {
        run.edits.push_back(Edit{begin, end, new_begin, run.sink.memory_size()});
    }
    run.position = end;
    ++run.report.replacements;
    if (m_options.record == RecordChanges::yes) {
        run.report.changes.push_back(Change{match.line, begin - line_start(run.text, begin) + 1,
                                            std::string(run.text.substr(begin, end - begin)),
                                            replacement});
    }
    return {};
}

FileReport Applier::finish_run(FileRun& run) {
    // A file sink only opens on the first replacement: without one the file is not touched.
    if (run.report.replacements > 0 || run.sink.memory() != nullptr) {
        if (auto ok = run.sink.append_original(run.position, run.text.size()); !ok) {
            return run.failed(ok.error());
        }
    }
    run.report.status = run.report.replacements > 0 ? FileStatus::changed : FileStatus::unchanged;
    if (run.want_diff && run.report.replacements > 0) {
        run.report.diff = unified_diff(run.path, run.text, *run.sink.memory(), run.edits);
    }
    return std::move(run.report);
}

Result<FileReport> Applier::stream(int fd, std::size_t size, const std::string& target,
                                   std::string_view path, Sink& sink) {
    FileReport report;
    report.path = std::string(path);
    if (m_options.binary == BinaryFiles::skip) {
        std::string head(std::min(size, k_binary_probe_bytes), '\0');
        const ssize_t got = ::pread(fd, head.data(), head.size(), 0);
        if (got < 0) {
            return tl::unexpected(errno_error(errno, "cannot read", std::string(path)));
        }
        head.resize(static_cast<std::size_t>(got));
        if (looks_binary(head)) {
            report.status = FileStatus::skipped_binary;
            return report;
        }
    }
    StreamOptions options;
    options.window_bytes = m_options.window_bytes;
    options.chunk_bytes = m_options.chunk_bytes;
    options.threads = m_options.file_threads;
    options.write = m_options.mode == WriteMode::write;
    options.durability = m_options.durability;
    auto outcome = stream_file(*m_substitution, *m_session, m_window, fd, size, target, options);
    if (!outcome) {
        return tl::unexpected(outcome.error());
    }
    report.replacements = outcome->replacements;
    report.status = report.replacements > 0 ? FileStatus::changed : FileStatus::unchanged;
    if (outcome->writer) {
        sink.writer().emplace(std::move(*outcome->writer));
    }
    return report;
}

FileReport Applier::filter(int in_fd, int out_fd, std::string_view path) {
    FileReport report;
    report.path = std::string(path);
    StreamOptions options;
    options.window_bytes = m_options.window_bytes;
    options.write = m_options.mode == WriteMode::write;
    auto outcome = stream_in_order(*m_substitution, *m_session, m_window, in_fd, out_fd, options);
    if (!outcome) {
        report.status = FileStatus::failed;
        report.error = outcome.error();
        return report;
    }
    report.replacements = outcome->replacements;
    report.reader_gone = outcome->reader_gone;
    report.status = report.replacements > 0 ? FileStatus::changed : FileStatus::unchanged;
    return report;
}

FileReport Applier::apply_text(std::string_view text, std::string& out, std::string_view path,
                               Prompting* prompting) {
    Sink sink = Sink::memory(out);
    return run(text, path, sink, prompting);
}

namespace {

// The file that editing `path` writes: the path itself, or the target of the symlink (the
// link is kept, and the rename goes over the target's path).
Result<std::string> edited_path(const std::string& path) {
    struct stat link_status {};
    if (::lstat(path.c_str(), &link_status) != 0) {
        return tl::unexpected(errno_error(errno, "cannot open", path));
    }
    if (!S_ISLNK(link_status.st_mode)) {
        return path;
    }
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) == nullptr) {
        return tl::unexpected(errno_error(errno, "cannot resolve the symlink", path));
    }
    return std::string(resolved);
}

} // namespace

/// The file being edited, as commit_file needs it.
struct Applier::EditedFile {
    const std::string& path;     ///< as given (named in reports and errors)
    const std::string& target;   ///< the file written (a symlink resolved)
    int fd;                      ///< open on the original
    const struct stat& original; ///< the original's status
    bool in_place;               ///< write through the inode, not by rename
};

FileReport Applier::apply_file(const std::string& path, Prompting* prompting) {
    FileReport report;
    report.path = path;
    auto failed = [&](Error error) {
        report.status = FileStatus::failed;
        report.error = std::move(error);
        return report;
    };
    auto target = edited_path(path);
    if (!target) {
        return failed(target.error());
    }
    InputFile input;
    if (auto opened = input.open(*target); !opened) {
        auto error = opened.error();
        error.subject = path;
        return failed(error);
    }
    const struct stat& original = input.status();
    if (!S_ISREG(original.st_mode)) {
        report.status = FileStatus::skipped_special;
        return report;
    }
    const bool hard_linked = original.st_nlink > 1;
    if (hard_linked && m_options.hard_links == HardLinks::skip &&
        m_options.mode != WriteMode::count_only) {
        report.status = FileStatus::skipped_hard_link;
        return report;
    }
    const FileStatus protection =
        m_options.mode == WriteMode::write ? protection_of(*target, original) : FileStatus::changed;
    const bool blocked =
        protection != FileStatus::changed && m_options.protected_files == Protected::skip;
    // A blocked file is only scanned, in memory: it is skipped if it would change.
    const bool in_memory =
        blocked || prompting != nullptr ||
        (m_options.mode == WriteMode::dry_run && m_options.diff == MakeDiff::yes);
    // Streaming covers the non-interactive runs; prompts, diffs, change records and line
    // ranges look at the whole text (lines before and after, line numbers), so they load it.
    const bool streamed = !in_memory && m_options.mode != WriteMode::dry_run &&
                          m_options.record == RecordChanges::no && !m_substitution->range;
    std::string memory;
    Sink sink = in_memory ? Sink::memory(memory)
                : m_options.mode == WriteMode::write
                    ? Sink::file(*target, input.fd(), m_options.durability)
                    : Sink::none();
    if (streamed) {
        auto streamed_report =
            stream(input.fd(), static_cast<std::size_t>(original.st_size), *target, path, sink);
        if (!streamed_report) {
            auto error = streamed_report.error();
            error.subject = path;
            return failed(error);
        }
        report = std::move(*streamed_report);
    } else {
        if (auto loaded = input.load(path); !loaded) {
            return failed(loaded.error());
        }
        const std::string_view text = input.text();
        if (m_options.binary == BinaryFiles::skip && looks_binary(text)) {
            report.status = FileStatus::skipped_binary;
            return report;
        }
        report = run(text, path, sink, prompting);
    }
    if (blocked && report.status == FileStatus::changed) {
        report.status = protection;
        return report;
    }
    if (report.status != FileStatus::changed || m_options.mode != WriteMode::write) {
        return report;
    }
    // Forced past a different owner: writing through the inode keeps owner and group.
    const bool in_place =
        hard_linked || (protection != FileStatus::changed && would_change_owner(original));
    return commit_file(std::move(report), sink, memory,
                       EditedFile{path, *target, input.fd(), original, in_place});
}

FileReport Applier::commit_file(FileReport report, Sink& sink, const std::string& memory,
                                const EditedFile& file) {
    auto failed = [&](Error error) {
        report.status = FileStatus::failed;
        report.error = std::move(error);
        return report;
    };
    const std::string& target = file.target;
    if (!sink.writer()) {
        auto writer = AtomicWriter::open(target, m_options.durability);
        if (!writer) {
            return failed(writer.error());
        }
        sink.writer().emplace(std::move(*writer));
        if (auto written = sink.writer()->write(memory); !written) {
            return failed(written.error());
        }
    }
    std::optional<std::string> backup;
    if (m_options.backup_suffix) {
        backup = target + *m_options.backup_suffix;
    }
    CommitOptions commit;
    commit.backup_path = backup;
    commit.mode = file.in_place ? CommitMode::in_place : CommitMode::rename;
    commit.durability = m_options.durability;
    commit.committer = m_options.committer;
    commit.directory_syncs = m_options.directory_syncs;
    const std::string saved =
        m_options.journal == nullptr
            ? std::string()
            : m_options.journal->save(target, static_cast<std::uint64_t>(file.original.st_size),
                                      commit.mode == CommitMode::in_place);
    auto committed = sink.writer()->commit(file.fd, file.original, commit);
    if (m_options.journal != nullptr) {
        std::optional<core::FileStamp> stamp;
        if (committed) {
            if (auto got = core::stamp_of(target)) {
                stamp = *got;
            }
        }
        if (stamp) {
            m_options.journal->record(target, saved, *stamp);
        } else {
            m_options.journal->drop(saved);
        }
    }
    if (!committed) {
        auto error = committed.error();
        error.subject = file.path;
        const auto replacements = report.replacements;
        report = FileReport{};
        report.path = file.path;
        report.replacements = replacements;
        return failed(error);
    }
    return report;
}

} // namespace tbx::subst
