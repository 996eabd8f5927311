// tbx find: GNU find's command line and expression language over the parallel walker, with
// tbx's long options, JSON output and --quiet.
#include <atomic>
#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include <tbx/core/strings.hpp>
#include <tbx/find/expr.hpp>
#include <tbx/find/glob.hpp>
#include <tbx/find/ignore_scope.hpp>
#include <tbx/find/walker.hpp>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"
#include "cli/parse_error.hpp"

namespace tbx::cli {
namespace {

using find::Entry;
using find::EntryType;
using find::Glob;
using find::VisitAction;

// Output is written in blocks of about this size, per worker.
constexpr std::size_t k_flush_threshold = 64 * 1024;

// The options CLI11 parses for find; everything else is find's expression.
struct FindOptions {
    std::vector<std::string> expression; // find's arguments, long options included
    std::vector<std::string> excludes;
    std::string sort = "none"; // --sort: ""; --sort=KEY: KEY
    bool quiet = false;
    bool stat = false;      // --json records always carry the inode data
    bool gitignore = false; // skip what git ignores (and .git itself)
    bool hidden = true;     // --no-hidden: skip names that start with '.'
    unsigned threads = 0;
    std::size_t max_results = 0; // 0: no limit
    // The expression's rows (find::long_options()) are declared for --help only: the
    // rewriter passes them on to the expression parser, so these stay empty.
    std::vector<std::string> documented;
    bool documented_flag = false;
};

// Returns the rows of one of tbx's long options (--name, --type, -L, ...), which the
// expression parser reads: CLI11 declares them for --help, the rewriter passes them on. A
// second long name (--path for --wholename) gets a row of its own.
std::vector<OptionRow> expression_rows(const find::LongOption& option, FindOptions& o) {
    std::string short_name;
    std::vector<std::string> long_names;
    for (const auto name : core::split(option.names, ',')) {
        if (name.starts_with("--")) {
            long_names.emplace_back(name);
        } else {
            short_name = name;
        }
    }
    const ValueKind kind = option.value_name == nullptr ? ValueKind::flag
                           : option.choices != nullptr  ? ValueKind::choice
                           : option.numeric             ? ValueKind::number
                                                        : ValueKind::text;
    std::vector<OptionRow> rows;
    for (const std::string& long_name : long_names) {
        const std::string names =
            rows.empty() && !short_name.empty() ? short_name + "," + long_name : long_name;
        const std::string help = rows.empty() ? option.help : "Same as " + long_names.front();
        OptionRow row = kind == ValueKind::flag
                            ? flag(names, o.documented_flag, help)
                            : valued(kind, names, o.documented, option.value_name, help).repeat();
        if (option.choices != nullptr) {
            for (const auto name : core::split(option.choices, ',')) {
                row.choices.push_back({std::string(name)});
            }
        }
        // --name is -name; -e is -name with a prefix, so it has no single-dash spelling.
        if (rows.empty() && option.find_form != nullptr && *option.value_prefix == '\0') {
            row.spelled(option.find_form);
        }
        rows.push_back(std::move(row.in_expression()));
    }
    return rows;
}

// Returns the row of a find primary that only the expression parser reads (no long option),
// for the docs and the completions of its value.
OptionRow primary_row(const char* name, ValueKind kind, std::string value_name, std::string help) {
    OptionRow row = make_row("", kind, std::move(value_name), std::move(help));
    return row.spelled(name).in_expression().repeat();
}

// find's rows: the starting points and expression, tbx's long options for the expression,
// the primaries whose values complete, then find's own options.
std::vector<OptionRow> find_rows(FindOptions& o) {
    std::vector<OptionRow> rows = {positional(ValueKind::dir, "expression", o.expression,
                                              "Leading options, starting points and find's "
                                              "expression")
                                       .repeat()};
    for (const find::LongOption& option : find::long_options()) {
        auto expression = expression_rows(option, o);
        std::move(expression.begin(), expression.end(), std::back_inserter(rows));
    }
    const std::string run = " COMMAND ({} is the path) up to ';', or '{} +' for batches";
    std::vector<OptionRow> primaries = {
        primary_row("-exec", ValueKind::command, "COMMAND ;", "Run" + run),
        primary_row("-execdir", ValueKind::command, "COMMAND ;",
                    "Run in the entry's directory" + run),
        primary_row("-ok", ValueKind::command, "COMMAND ;", "Ask, then run" + run),
        primary_row("-okdir", ValueKind::command, "COMMAND ;",
                    "Ask, then run in its directory" + run),
        primary_row("-newer", ValueKind::file, "FILE", "Modified more recently than FILE"),
        primary_row("-anewer", ValueKind::file, "FILE",
                    "Accessed more recently than FILE was modified"),
        primary_row("-cnewer", ValueKind::file, "FILE",
                    "Changed more recently than FILE was modified"),
        primary_row("-samefile", ValueKind::file, "FILE", "The same inode as FILE"),
        primary_row("-fprint", ValueKind::file, "FILE", "Print the path to FILE"),
        primary_row("-fprint0", ValueKind::file, "FILE", "Print the path and a NUL to FILE"),
        primary_row("-fprintf", ValueKind::file, "FILE", "Print to FILE in a format (-printf's)"),
        primary_row("-fls", ValueKind::file, "FILE", "Print an ls -dils line to FILE"),
        primary_row("-files0-from", ValueKind::file, "FILE",
                    "Read the starting points from FILE, NUL-separated"),
        primary_row("-xtype", ValueKind::choice, "TYPE", "Like -type, for where a symlink points"),
    };
    primaries.back().choices = {{"f"}, {"d"}, {"l"}, {"p"}, {"s"}, {"b"}, {"c"}, {"D"}};
    std::move(primaries.begin(), primaries.end(), std::back_inserter(rows));
    std::vector<OptionRow> own = {
        text("--exclude", o.excludes, "GLOB",
             "Skip entries whose name matches GLOB, and do not descend into such directories")
            .repeat(),
        flag("--gitignore", o.gitignore,
             "Leave out what git ignores, as git does (inside a git work tree: .gitignore at "
             "every level, .git/info/exclude, core.excludesFile), .ignore files, and .git itself"),
        flag_setting("--hidden", o.hidden, true,
                     "Keep names that start with '.' (the default, as in find)"),
        flag_setting("--no-hidden", o.hidden, false,
                     "Leave out names that start with '.' (and what is under them), as fd does"),
        flag("-q,--quiet", o.quiet,
             "Print nothing; exit 0 as soon as something matches, 1 if nothing does"),
        text("--sort", o.sort, "KEY",
             "Alone: a deterministic walk (depth first, names in byte order, one thread); "
             "=KEY: print in the order of path, name, size, mtime or ctime ('-KEY' reverses), "
             "after a parallel walk")
            .optional(),
        flag("--stat", o.stat,
             "With --json, give every record size, mtime, mode, uid, gid (and a link's target), "
             "not only those the expression read"),
        number("--max-results", o.max_results, "N",
               "Stop after N matches (the walk then uses one thread)"),
        number("-j,--threads", o.threads, "N", "Worker threads (default: the CPU count)"),
    };
    std::move(own.begin(), own.end(), std::back_inserter(rows));
    return rows;
}

// Returns the row of an option CLI11 parses that `arg` spells ("--sort", "--sort=KEY", "-j4",
// "--color=never"), or nullptr: a word of find's expression.
const OptionRow* parsed_option(const std::vector<const OptionRow*>& rows, const std::string& arg) {
    for (const OptionRow* row : rows) {
        if (row->positional() || row->expression) {
            continue;
        }
        for (const std::string& name : {row->long_name, row->short_name}) {
            // "--x=VALUE"; a short valued option also as "-jVALUE".
            if (!name.empty() &&
                (arg == name || (row->takes_value() && arg.starts_with(name) &&
                                 (name.size() == 2 ? arg.size() > 2 : arg[name.size()] == '=')))) {
                return row;
            }
        }
    }
    return nullptr;
}

// Returns how many words after `arg` belong to it in the expression: a primary's arguments
// (-1: up to ";" or "{} +"), or 1 for a valued long option (--name GLOB).
int expression_arity(const std::vector<const OptionRow*>& rows, const std::string& arg) {
    if (const int arity = find::primary_arity(arg); arity != 0) {
        return arity;
    }
    for (const OptionRow* row : rows) {
        if (row->expression && row->named(arg)) {
            return row->needs_value() ? 1 : 0;
        }
    }
    return 0;
}

// Prefixes every word of find's expression on its way through CLI11 (see rewrite_find_args).
constexpr char k_verbatim_mark = '\x01';
// Marks an option that ends the command line without its value (`tbx find --exclude`).
constexpr char k_missing_mark = '\x02';

// Appends `args[i]` and the words that belong to it to the expression; returns the last index.
std::size_t copy_expression_word(const std::vector<const OptionRow*>& rows,
                                 const std::vector<std::string>& args, std::size_t i,
                                 std::vector<std::string>& rest) {
    rest.push_back(args[i]);
    const int arity = expression_arity(rows, args[i]);
    if (arity > 0) {
        for (int n = 0; n < arity && i + 1 < args.size(); ++n) {
            rest.push_back(args[++i]);
        }
    } else if (arity < 0) {
        while (i + 1 < args.size()) {
            rest.push_back(args[++i]);
            if (rest.back() == ";" || (rest.back() == "+" && rest[rest.size() - 2] == "{}")) {
                break;
            }
        }
    }
    return i;
}

// Moves the options CLI11 parses (find's own rows, the frame's, help) to the front and passes
// the rest, in order, after "--" so that find's expression reaches the parser untouched
// (`-exec grep --json {} ;` keeps its --json).
std::vector<std::string> rewrite_find_args(const std::vector<const OptionRow*>& rows,
                                           std::vector<std::string> args) {
    std::vector<std::string> front;
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "-h" || arg == "--help" || arg == "--help-all") {
            front.push_back(arg);
            continue;
        }
        const OptionRow* row = parsed_option(rows, arg);
        if (row == nullptr) {
            i = copy_expression_word(rows, args, i, rest);
            continue;
        }
        const bool needs_value = row->needs_value() && arg.find('=') == std::string::npos &&
                                 (arg.starts_with("--") || arg.size() == 2);
        if (needs_value && i + 1 >= args.size()) {
            // Reported by run_find as find reports a primary without its argument.
            rest.push_back(k_missing_mark + arg);
            continue;
        }
        front.push_back(arg);
        if (needs_value) {
            front.push_back(args[++i]);
        }
    }
    front.emplace_back("--");
    for (std::string& arg : rest) {
        // CLI11 reads "[a,b]" as a list even after "--"; the mark keeps find's words intact.
        front.push_back(arg.starts_with(k_missing_mark) ? arg : k_verbatim_mark + arg);
    }
    return front;
}

// Returns every spelling of find's rows and primaries, for "did you mean".
std::vector<std::string> find_spellings(const std::vector<OptionRow>& rows) {
    std::vector<std::string> names;
    for (const OptionRow& row : rows) {
        for (const std::string* name : {&row.long_name, &row.short_name, &row.single_dash}) {
            if (!row.positional() && !row.hidden && !name->empty()) {
                names.push_back(*name);
            }
        }
    }
    for (const std::string_view name : find::primary_names()) {
        names.emplace_back(name);
    }
    return names;
}

// Appends `text` (valid UTF-8) as a JSON string body.
void append_json_escaped(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789abcdef";
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                out += "\\u00";
                out += k_hex[(c >> 4) & 0xF];
                out += k_hex[c & 0xF];
            } else {
                out += c;
            }
        }
    }
}

// Appends one JSON Lines record for a printed entry, as docs/json.md has it:
// {"type":"entry","path":...,"file_type":"f"}; a path that is not valid UTF-8 gets its lossy
// form in "path" and the exact bytes in "path_base64". Adds the inode data that was read:
// size (bytes), mtime (seconds since the epoch, with the fraction), mode ("0644"), uid, gid,
// and a link's target.
void put_details(nlohmann::json& record, const find::PrintDetails& details) {
    const struct stat& st = *details.stat;
    record["size"] = static_cast<long long>(st.st_size);
    record["mtime"] =
        static_cast<double>(st.st_mtim.tv_sec) + static_cast<double>(st.st_mtim.tv_nsec) / 1e9;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    record["mode"] = mode;
    record["uid"] = st.st_uid;
    record["gid"] = st.st_gid;
    if (S_ISLNK(st.st_mode)) {
        put_bytes(record, "target", details.link_target);
    }
}

void append_json_record(std::string& out, std::string_view path, EntryType type,
                        const find::PrintDetails& details) {
    if (!core::is_valid_utf8(path) || details.stat != nullptr) {
        // The frame's helpers write the lossy text and the exact bytes of non-UTF-8 paths.
        nlohmann::json record = nlohmann::json::object();
        put_bytes(record, "path", path);
        record["file_type"] = std::string(1, find::type_letter(type));
        if (details.stat != nullptr) {
            put_details(record, details);
        }
        // The record kind comes first; nlohmann orders the other keys by name.
        out += "{\"type\":\"entry\",";
        out += json_line(record).substr(1);
        out += '\n';
        return;
    }
    // The common case is written by hand: this runs once per match.
    out += "{\"type\":\"entry\",\"path\":\"";
    append_json_escaped(out, path);
    out += "\",\"file_type\":\"";
    out += find::type_letter(type);
    out += "\"}\n";
}

// The SGR code of an entry's name (GNU ls's default LS_COLORS), or nullptr: uncolored.
const char* color_of(EntryType type) {
    switch (type) {
    case EntryType::directory:
        return "01;34";
    case EntryType::symlink:
        return "01;36";
    case EntryType::fifo:
        return "33";
    case EntryType::socket:
        return "01;35";
    case EntryType::block:
    case EntryType::character:
        return "01;33";
    default:
        return nullptr;
    }
}

enum class OutputFormat { plain, json };

// What leaves entries (and the directories' contents) out before the expression sees them.
struct Filters {
    std::vector<Glob> excludes;                 // --exclude
    bool hidden = true;                         // false: --no-hidden
    std::unique_ptr<find::WalkIgnores> ignores; // --gitignore
    bool active = false;                        // any of the above
};

// What --sort=KEY orders the output by; `walk` is the sorted walk of a bare --sort.
enum class SortKey { none, walk, path, name, size, mtime, ctime };

// How the visitor prints.
struct OutputSettings {
    OutputFormat format = OutputFormat::plain;
    bool color = false;
    bool quiet = false;
    std::size_t max_results = 0; // stop after this many matches; 0: no limit
    SortKey sort = SortKey::none;
    bool reverse = false; // --sort=-KEY
};

// One entry's output, held back by the reorder stage of --sort=KEY.
struct SortRecord {
    std::string path;
    std::string name;
    std::int64_t size = 0;
    timespec time{};
    std::string bytes;
};

// Orders records by `key` (ties by path, bytewise), reversed when asked.
void sort_records(std::vector<SortRecord>& records, SortKey key, bool reverse) {
    const auto less = [key](const SortRecord& a, const SortRecord& b) {
        if (key == SortKey::name && a.name != b.name) {
            return a.name < b.name;
        }
        if (key == SortKey::size && a.size != b.size) {
            return a.size < b.size;
        }
        if ((key == SortKey::mtime || key == SortKey::ctime) &&
            (a.time.tv_sec != b.time.tv_sec || a.time.tv_nsec != b.time.tv_nsec)) {
            return a.time.tv_sec < b.time.tv_sec ||
                   (a.time.tv_sec == b.time.tv_sec && a.time.tv_nsec < b.time.tv_nsec);
        }
        return a.path < b.path;
    };
    std::stable_sort(records.begin(), records.end(), less);
    if (reverse) {
        std::reverse(records.begin(), records.end());
    }
}

// Runs the expression on every entry; owns one output buffer per worker, written in large
// blocks, and everything actions need from the terminal.
class FindVisitor : public find::Visitor, public find::ActionHost {
public:
    FindVisitor(const find::FindCommand& command, Filters filters, unsigned workers,
                const OutputSettings& output, Context& ctx)
        : m_evaluator(command, *this), m_min_depth(command.min_depth),
          m_max_results(output.max_results), m_filters(std::move(filters)), m_slots(workers),
          m_format(output.format), m_color(output.color), m_tty(::isatty(STDOUT_FILENO) != 0),
          m_quiet(output.quiet), m_sort(output.sort), m_reverse(output.reverse),
          m_reorder(output.sort != SortKey::none && output.sort != SortKey::walk), m_ctx(ctx) {
        for (Slot& slot : m_slots) {
            slot.buffer.reserve(k_flush_threshold + 4096);
        }
    }

    VisitAction visit(const Entry& entry) override {
        if (entry.depth > 0 && m_filters.active && filtered_out(entry)) {
            return VisitAction::prune;
        }
        if (entry.depth < m_min_depth) {
            return VisitAction::continue_walk;
        }
        Slot& slot = m_slots[entry.worker];
        const std::size_t before = slot.buffer.size();
        const auto outcome = m_evaluator.evaluate(entry);
        if (m_reorder) {
            hold_back(slot, entry, outcome, before);
        }
        if (outcome.matched) {
            ++slot.matched;
        }
        if (outcome.quit || (m_quiet && outcome.matched) ||
            (m_max_results > 0 && outcome.matched && slot.matched >= m_max_results)) {
            return VisitAction::stop;
        }
        if (!m_reorder && slot.buffer.size() >= k_flush_threshold && !flush_slot(slot)) {
            return VisitAction::stop;
        }
        return outcome.prune ? VisitAction::prune : VisitAction::continue_walk;
    }

    VisitAction error(const find::WalkError& error) override {
        m_errors.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard lock(m_error_mutex);
        if (error.errnum == ELOOP && error.message.rfind("File system loop", 0) == 0) {
            m_ctx.error(error.message);
        } else {
            m_ctx.error(error.message + " (" + error.path + ")");
            // `tbx find '*.md'`: a pattern where a starting point belongs.
            if (error.depth == 0 && error.errnum == ENOENT &&
                error.path.find_first_of("*?[") != std::string::npos) {
                m_ctx.note("starting points are paths; to match names, use --name '" + error.path +
                           "' (or find's -name)");
            }
        }
        return VisitAction::continue_walk;
    }

    void worker_finished(unsigned worker) override {
        if (!m_reorder) {
            flush_slot(m_slots[worker]);
        }
    }

    void print(unsigned worker, const Entry& entry, char terminator,
               const find::PrintDetails& details) override {
        std::string& out = m_slots[worker].buffer;
        if (m_format == OutputFormat::json) {
            append_json_record(out, entry.path, entry.type, details);
            return;
        }
        const char* color = m_color && terminator == '\n' ? color_of(entry.type) : nullptr;
        if (color != nullptr && entry.depth > 0) {
            append_shown(out, entry.path.substr(0, entry.name_offset), terminator);
            std::string name;
            append_shown(name, entry.path.substr(entry.name_offset), terminator);
            out += paint(name, color, true);
        } else {
            append_shown(out, entry.path, terminator);
        }
        out += terminator;
    }

    void write(unsigned worker, std::string_view bytes) override {
        m_slots[worker].buffer.append(bytes);
    }

    void flush(unsigned worker) override {
        if (!m_reorder) {
            flush_slot(m_slots[worker]);
        }
    }

    bool ask(const std::string& question) override {
        std::lock_guard lock(m_error_mutex);
        std::fputs(question.c_str(), stderr);
        std::fflush(stderr);
        std::string answer;
        if (!std::getline(std::cin, answer)) {
            return false;
        }
        return !answer.empty() && (answer[0] == 'y' || answer[0] == 'Y');
    }

    void error(std::string_view path, const std::string& message) override {
        m_errors.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard lock(m_error_mutex);
        m_ctx.error(message + " (" + std::string(path) + ")");
    }

    /// Runs the pending `-exec ... +` batches; false when one failed.
    bool finish() {
        if (m_reorder) {
            write_sorted();
        }
        for (Slot& slot : m_slots) {
            flush_slot(slot);
        }
        return m_evaluator.finish();
    }

    [[nodiscard]] std::size_t matched() const {
        std::size_t total = 0;
        for (const Slot& slot : m_slots) {
            total += slot.matched;
        }
        return total;
    }
    [[nodiscard]] std::size_t errors() const { return m_errors.load(); }
    [[nodiscard]] bool broken_pipe() const { return m_broken_pipe.load(); }
    [[nodiscard]] int write_errno() const { return m_write_errno.load(); }

private:
    struct alignas(64) Slot {
        std::string buffer;
        std::size_t matched = 0;
        std::vector<SortRecord> held; // --sort=KEY: this worker's output, not yet ordered
    };

    // Moves what the entry's actions printed since `before` into a record for the reorder
    // stage (the walk itself stays parallel).
    void hold_back(Slot& slot, const Entry& entry, const find::Evaluator::Outcome& outcome,
                   std::size_t before) {
        if (slot.buffer.size() == before) {
            return;
        }
        SortRecord record;
        record.path = entry.path;
        record.name = entry.name;
        record.size = outcome.size;
        record.time = m_sort == SortKey::ctime ? outcome.ctime : outcome.mtime;
        record.bytes = slot.buffer.substr(before);
        slot.buffer.resize(before);
        slot.held.push_back(std::move(record));
    }

    // Writes every held record in --sort order.
    void write_sorted() {
        std::vector<SortRecord> all;
        for (Slot& slot : m_slots) {
            std::move(slot.held.begin(), slot.held.end(), std::back_inserter(all));
            slot.held.clear();
        }
        sort_records(all, m_sort, m_reverse);
        Slot& out = m_slots.front();
        for (const SortRecord& record : all) {
            out.buffer += record.bytes;
            if (out.buffer.size() >= k_flush_threshold && !flush_slot(out)) {
                return;
            }
        }
    }

    // True when --exclude, --no-hidden or --gitignore leaves out `entry` (and what is under it).
    [[nodiscard]] bool filtered_out(const Entry& entry) {
        for (const Glob& glob : m_filters.excludes) {
            if (glob.matches(entry.name)) {
                return true;
            }
        }
        if (!m_filters.hidden && entry.name.starts_with('.')) {
            return true;
        }
        // git never lists its own .git.
        return m_filters.ignores != nullptr &&
               (entry.name == ".git" || m_filters.ignores->ignored(entry));
    }

    // On a terminal, control characters in names are shown as '?' (as find does); pipes and
    // files get the exact bytes.
    void append_shown(std::string& out, std::string_view text, char terminator) const {
        if (!m_tty || terminator != '\n') {
            out.append(text);
            return;
        }
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            out += byte < 0x20 || byte == 0x7f ? '?' : c;
        }
    }

    // Writes a worker's buffer as one block; false once stdout is gone (the walk should stop).
    bool flush_slot(Slot& slot) {
        if (slot.buffer.empty()) {
            return !m_broken_pipe.load(std::memory_order_relaxed);
        }
        std::lock_guard lock(m_write_mutex);
        if (m_broken_pipe.load(std::memory_order_relaxed)) {
            slot.buffer.clear();
            return false;
        }
        if (!m_out.write(slot.buffer) || !m_out.flush()) {
            // errno is this thread's: the failed write was just made here.
            m_write_errno.store(m_out.broken_pipe() ? EPIPE : errno);
            m_broken_pipe.store(true);
        }
        slot.buffer.clear();
        return !m_broken_pipe.load(std::memory_order_relaxed);
    }

    find::Evaluator m_evaluator;
    std::size_t m_min_depth;
    std::size_t m_max_results; // stop after this many matches (one worker); 0: no limit
    Filters m_filters;
    std::vector<Slot> m_slots;
    OutputFormat m_format;
    bool m_color;
    bool m_tty;
    bool m_quiet;
    SortKey m_sort;
    bool m_reverse;
    bool m_reorder; // --sort=KEY: output waits for the end of the walk
    Context& m_ctx;
    std::mutex m_write_mutex; // guards m_out: each worker's block is written whole
    OutputBuffer m_out{stdout, k_flush_threshold + 4096};
    std::mutex m_error_mutex;
    std::atomic<std::size_t> m_errors{0};
    std::atomic<bool> m_broken_pipe{false};
    std::atomic<int> m_write_errno{0};
};

// Chooses the walk that keeps find's semantics for this expression.
find::WalkOptions walk_options_for(const find::FindCommand& command, const FindOptions& options) {
    find::WalkOptions walk;
    walk.roots = command.roots;
    switch (command.links) {
    case find::LinkMode::physical:
        walk.symlinks = find::SymlinkPolicy::physical;
        break;
    case find::LinkMode::command_line:
        walk.symlinks = find::SymlinkPolicy::roots;
        break;
    case find::LinkMode::logical:
        walk.symlinks = find::SymlinkPolicy::follow;
        break;
    }
    walk.devices = command.xdev ? find::DeviceScope::same_as_root : find::DeviceScope::any;
    // -mindepth is applied by the visitor so that --exclude still prunes shallower directories.
    walk.max_depth = command.max_depth;
    // --max-results counts matches exactly on one worker.
    walk.threads = options.max_results > 0 ? 1 : options.threads;
    walk.post_order = command.depth_first;
    // Commands, prompts, deletions and output files run on one thread, in walk order. A bare
    // --sort is the sorted walk; --sort=KEY reorders the parallel walk's output.
    const bool serial = options.sort.empty() || command.needs_serial;
    walk.order = serial ? find::WalkOrder::sorted : find::WalkOrder::unordered;
    return walk;
}

// Shows the command line under a parse error with a caret under the offending word, as
// `    tbx find . -name a -foo` / `                        ^^^^`.
void point_at(const std::string& subject, const std::vector<std::string>& words) {
    if (subject.empty() || ::isatty(STDERR_FILENO) == 0) {
        return;
    }
    std::string line = "    tbx find";
    std::size_t column = std::string::npos;
    for (const std::string& word : words) {
        line += ' ';
        if (word == subject && column == std::string::npos) {
            column = line.size();
        }
        line += word;
    }
    if (column == std::string::npos || line.find('\n') != std::string::npos) {
        return;
    }
    std::cerr << line << '\n'
              << std::string(column, ' ') << std::string(subject.size(), '^') << '\n';
}

// Reads --sort's value: "none" (not given), "" (the sorted walk) or [-]KEY.
bool parse_sort(std::string_view value, OutputSettings& output) {
    if (value == "none" || value.empty()) {
        output.sort = value.empty() ? SortKey::walk : SortKey::none;
        return true;
    }
    output.reverse = value.starts_with('-');
    if (output.reverse) {
        value.remove_prefix(1);
    }
    constexpr std::pair<std::string_view, SortKey> k_keys[] = {
        {"path", SortKey::path},   {"name", SortKey::name},   {"size", SortKey::size},
        {"mtime", SortKey::mtime}, {"ctime", SortKey::ctime},
    };
    for (const auto& [name, key] : k_keys) {
        if (value == name) {
            output.sort = key;
            return true;
        }
    }
    return false;
}

// Where git's global excludes file is looked up: $HOME, $XDG_CONFIG_HOME.
find::IgnoreOptions ignore_options() {
    find::IgnoreOptions options;
    const char* home = std::getenv("HOME");
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    options.home = home != nullptr ? home : "";
    options.xdg_config = xdg != nullptr ? xdg : "";
    return options;
}

int run_find(Context& ctx, const FindOptions& options, const std::vector<std::string>& spellings) {
    // find matches in the user's locale (multibyte `?`, case folding, collation in ranges).
    std::setlocale(LC_ALL, "");
    OutputSettings output;
    if (!parse_sort(options.sort, output)) {
        ctx.error("unknown sort key, expected path, name, size, mtime or ctime, with '-' to "
                  "reverse (" +
                  options.sort + ")");
        return k_exit_error;
    }
    find::ParseSettings settings;
    settings.implied_print = !options.quiet;
    settings.warn = ::isatty(STDIN_FILENO) != 0; // find's default before -warn / -nowarn
    settings.stat_for_outcome = output.sort == SortKey::size || output.sort == SortKey::mtime ||
                                output.sort == SortKey::ctime;
    settings.stat_for_print = options.stat && ctx.json();
    std::vector<std::string> expression;
    expression.reserve(options.expression.size());
    for (const std::string& word : options.expression) {
        if (word.starts_with(k_missing_mark)) {
            ctx.error("missing argument to " + word.substr(1) + " (" + word.substr(1) + ")");
            return k_exit_error;
        }
        expression.push_back(!word.empty() && word[0] == k_verbatim_mark ? word.substr(1) : word);
    }
    auto command = find::parse_find_command(expression, settings);
    if (!command) {
        const auto& error = command.error();
        const bool unknown = error.message == "unknown predicate";
        ctx.error(error.describe() + (unknown ? did_you_mean(error.subject, spellings) : ""));
        point_at(command.error().subject, expression);
        return k_exit_error;
    }
    Filters filters;
    for (const std::string& pattern : options.excludes) {
        auto glob = Glob::compile(pattern);
        if (!glob) {
            ctx.error(glob.error().message + " in --exclude (" + pattern + ")");
            return k_exit_error;
        }
        filters.excludes.push_back(std::move(*glob));
    }
    for (const std::string& warning : command->warnings) {
        ctx.warning(warning);
    }
    const find::WalkOptions walk = walk_options_for(*command, options);
    // main() ignores SIGPIPE: a closed pipe (`| head`) shows up as EPIPE and ends the walk.
    output.format = ctx.json() ? OutputFormat::json : OutputFormat::plain;
    output.color = output.format == OutputFormat::plain && ctx.color(STDOUT_FILENO);
    output.quiet = options.quiet;
    output.max_results = options.max_results;
    filters.hidden = options.hidden;
    if (options.gitignore) {
        filters.ignores = std::make_unique<find::WalkIgnores>(walk.roots, ignore_options(),
                                                              find::worker_count(walk));
    }
    filters.active = !filters.excludes.empty() || !filters.hidden || filters.ignores != nullptr;
    FindVisitor visitor(*command, std::move(filters), find::worker_count(walk), output, ctx);
    // -files0-from can name no starting point at all: nothing to walk.
    const auto stats =
        walk.roots.empty() ? Result<find::WalkStats>(find::WalkStats{}) : find::walk(walk, visitor);
    if (!stats) {
        ctx.error(stats.error().describe());
        return k_exit_error;
    }
    const bool batches_ok = visitor.finish();
    if (visitor.broken_pipe() && visitor.write_errno() != EPIPE) {
        ctx.error(std::string("cannot write the output: ") + std::strerror(visitor.write_errno()));
        return k_exit_negative;
    }
    if (options.quiet) {
        return visitor.matched() > 0 ? k_exit_ok : k_exit_negative;
    }
    return visitor.errors() > 0 || !batches_ok ? k_exit_negative : k_exit_ok;
}

} // namespace

Command make_find_command() {
    Command command;
    command.name = "find";
    command.summary = "GNU find's expression language, in parallel";
    command.doc.description =
        "Walks each PATH (default: the current directory) and evaluates an expression for "
        "every entry, with GNU find's command line: leading -H, -L, -P, -D, -O and '--'; "
        "starting points up to the first argument that begins with '-' or is '(' or '!'; then "
        "tests (-name, -iname, -path, -wholename, -lname, -regex with -regextype, -type, "
        "-xtype, -size, -empty, -perm, -user, -group, -uid, -gid, -nouser, -nogroup, -links, "
        "-inum, -samefile, -readable, -writable, -executable, -newer, -anewer, -cnewer, "
        "-newerXY, -amin, -atime, -cmin, -ctime, -mmin, -mtime, -used, -fstype, -true, -false), "
        "actions (-print, -print0, -printf, -fprint, -fprint0, -fprintf, -ls, -fls, -exec, "
        "-execdir, -ok, -okdir, -delete, -prune, -quit), options (-maxdepth, -mindepth, -depth, "
        "-xdev, -mount, -daystart, -follow, -noleaf, -warn, -nowarn, -ignore_readdir_race) and "
        "the operators ( ), !, -not, -a, -and, -o, -or and ',', with find's precedence and "
        "short-circuiting. -print is implied when the expression has no action. Globs match "
        "as fnmatch(3) does for find, in the current locale.\n\n"
        "tbx's long options map onto the same expression: --name, --iname, --wholename/--path, "
        "--iwholename/--ipath, --type, --maxdepth, --mindepth, --xdev, --follow and -0. "
        "Repeating one ORs its values (--name '*.h' --name '*.hpp'); different ones are ANDed, "
        "before any find-style expression. In that style, starting points may also follow the "
        "options; a word after a pattern's value is an error (an unquoted pattern the shell "
        "expanded).\n\n"
        "Directories are read by several threads at once, so the output order differs from "
        "find's; --sort gives a deterministic order (depth first, names in byte order, one "
        "thread). Expressions with -exec, -execdir, -ok, -okdir, -delete, -fprint*, -fls, -quit "
        "or -depth run on one thread in that order, so commands, prompts and deletions happen "
        "exactly as find would do them. On a terminal, control characters in printed names "
        "are shown as '?'.\n\n"
        "With --json, each printed entry is one JSON object per line: {\"type\": \"entry\", "
        "\"path\": \"...\", \"file_type\": \"f\"} (docs/json.md). A path that is not valid UTF-8 "
        "is given in \"path\" with each "
        "invalid byte replaced by U+FFFD, and exactly, as base64 of its bytes, in "
        "\"path_base64\". Records also carry size, mtime (seconds since the epoch), mode "
        "(\"0644\"), uid, gid and a link's target whenever the expression read them (-size, "
        "-mtime, ...), or always with --stat. Differences from GNU find are listed in "
        "docs/find-compat.md.";
    command.doc.examples = {
        {"tbx find . -name '*.py'", "Python files under the current directory"},
        {"tbx find . ! -name '*.md' -type f -print0 | xargs -0 rm", "remove all but Markdown"},
        {"tbx find src \\( -name '*.c' -o -name '*.h' \\) -newer Makefile",
         "C sources changed since the Makefile"},
        {"tbx find . -name .git -prune -o -type f -printf '%s %p\\n'", "sizes, skipping .git"},
        {"tbx find . -name '*.o' -exec rm {} +", "delete object files, in batches"},
        {"tbx find src include --name '*.h' --name '*.hpp' --type f", "headers (tbx style)"},
        {"if tbx find -q . -name '*.rej'; then echo conflicts; fi", "test for a match"},
    };
    command.doc.exit_codes = {
        {"0", "the walk and every action succeeded, whether or not anything matched (with "
              "--quiet: something matched); also when the output pipe was closed early"},
        {"1", "something failed: an unreadable directory, a vanished entry, a symlink loop, a "
              "failed '-exec ... +', a refused -delete (the walk goes on); with --quiet: "
              "nothing matched"},
        {"2", "a bad expression or option: reported before anything runs"},
        {"130", "interrupted"},
    };
    command.rewrite_args = rewrite_find_args;
    command.plan = [] {
        auto options = std::make_shared<FindOptions>();
        auto rows = find_rows(*options);
        const auto spellings = find_spellings(rows);
        return Plan{std::move(rows), [options, spellings](Context& ctx) {
                        return run_find(ctx, *options, spellings);
                    }};
    };
    return command;
}

} // namespace tbx::cli
