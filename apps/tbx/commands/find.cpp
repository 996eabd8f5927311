// tbx find: GNU find's -name/-wholename/-type matching over the parallel walker.
#include <atomic>
#include <cerrno>
#include <clocale>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <tbx/core/strings.hpp>
#include <tbx/find/glob.hpp>
#include <tbx/find/walker.hpp>

#include "cli/command.hpp"
#include "cli/output.hpp"

namespace tbx::cli {
namespace {

using find::CaseMode;
using find::Entry;
using find::EntryType;
using find::Glob;
using find::VisitAction;

// Output is written in blocks of about this size, per worker.
constexpr std::size_t k_flush_threshold = 64 * 1024;

enum class Terminator : char { newline = '\n', nul = '\0' };

struct FindOptions {
    std::vector<std::string> paths;
    std::vector<std::string> names;
    std::vector<std::string> inames;
    std::vector<std::string> wholenames;
    std::vector<std::string> iwholenames;
    std::vector<std::string> types;
    std::vector<std::string> excludes;
    std::optional<long> max_depth;
    std::optional<long> min_depth;
    bool follow = false;
    bool xdev = false;
    bool print0 = false;
    bool sort = false;
    unsigned threads = 0;
};

// The single-dash spellings find users type, and what they mean here.
struct Spelling {
    const char* find_form;
    const char* tbx_form; // nullptr: accepted and ignored (find's defaults)
};
constexpr Spelling k_spellings[] = {
    {"-name", "--name"},
    {"-iname", "--iname"},
    {"-wholename", "--wholename"},
    {"-iwholename", "--iwholename"},
    {"-path", "--path"},
    {"-ipath", "--ipath"},
    {"-type", "--type"},
    {"-maxdepth", "--maxdepth"},
    {"-mindepth", "--mindepth"},
    {"-print0", "--print0"},
    {"-xdev", "--xdev"},
    {"-mount", "--xdev"},
    {"-follow", "--follow"},
    {"-print", nullptr},
    {"-P", nullptr},
};

// Options that take a value, in either spelling: the word after them is never rewritten.
bool takes_value(const std::string& arg) {
    static const char* const k_valued[] = {
        "--name", "--iname",    "--wholename", "--iwholename", "--path",    "--ipath",
        "--type", "--maxdepth", "--mindepth",  "--exclude",    "--threads", "--color",
        "-name",  "-iname",     "-wholename",  "-iwholename",  "-path",     "-ipath",
        "-type",  "-maxdepth",  "-mindepth"};
    for (const char* valued : k_valued) {
        if (arg == valued) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> rewrite_find_args(std::vector<std::string> args) {
    std::vector<std::string> out;
    out.reserve(args.size());
    bool value_next = false;
    bool after_dashdash = false;
    for (std::string& arg : args) {
        if (value_next || after_dashdash) {
            value_next = false;
            out.push_back(std::move(arg));
            continue;
        }
        if (arg == "--") {
            after_dashdash = true;
            out.push_back(std::move(arg));
            continue;
        }
        value_next = takes_value(arg);
        bool replaced = false;
        for (const Spelling& spelling : k_spellings) {
            if (arg == spelling.find_form) {
                if (spelling.tbx_form != nullptr) {
                    out.emplace_back(spelling.tbx_form);
                }
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            out.push_back(std::move(arg));
        }
    }
    return out;
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

// Appends one JSON Lines record for a path: {"path":..., "type":"f"}; a path that is not
// valid UTF-8 gets its lossy form in "path" and the exact bytes in "path_base64".
void append_json_record(std::string& out, std::string_view path, EntryType type) {
    if (!core::is_valid_utf8(path)) {
        // Rare: the frame's helper writes the lossy text and the exact bytes.
        nlohmann::json record = nlohmann::json::object();
        put_bytes(record, "path", path);
        record["type"] = std::string(1, find::type_letter(type));
        out += json_line(record);
        out += '\n';
        return;
    }
    // The common case is written by hand: this runs once per match.
    out += "{\"path\":\"";
    append_json_escaped(out, path);
    out += "\",\"type\":\"";
    out += find::type_letter(type);
    out += "\"}\n";
}

const char* color_of(EntryType type) {
    switch (type) {
    case EntryType::directory:
        return "\x1b[01;34m";
    case EntryType::symlink:
        return "\x1b[01;36m";
    case EntryType::fifo:
        return "\x1b[33m";
    case EntryType::socket:
        return "\x1b[01;35m";
    case EntryType::block:
    case EntryType::character:
        return "\x1b[01;33m";
    default:
        return nullptr;
    }
}

enum class OutputFormat { plain, json };

// Compiled predicates: every group must match (AND); within a group any glob (OR).
struct Predicates {
    std::vector<Glob> names; // -name and -iname are separate groups
    std::vector<Glob> inames;
    std::vector<Glob> wholenames;  // -wholename/-path
    std::vector<Glob> iwholenames; // -iwholename/-ipath
    std::vector<Glob> excludes;
    unsigned type_mask = 0; // bit per EntryType; 0 = any
    std::size_t min_depth = 0;

    static bool any_matches(const std::vector<Glob>& globs, std::string_view text) {
        for (const Glob& glob : globs) {
            if (glob.matches(text)) {
                return true;
            }
        }
        return false;
    }

    [[nodiscard]] bool matches(const Entry& entry) const {
        if (entry.depth < min_depth) {
            return false;
        }
        if (type_mask != 0 && (type_mask & (1U << static_cast<unsigned>(entry.type))) == 0) {
            return false;
        }
        return (names.empty() || any_matches(names, entry.name)) &&
               (inames.empty() || any_matches(inames, entry.name)) &&
               (wholenames.empty() || any_matches(wholenames, entry.path)) &&
               (iwholenames.empty() || any_matches(iwholenames, entry.path));
    }
};

// Prints matching entries with one output buffer per worker, written in large blocks.
class Printer : public find::Visitor {
public:
    Printer(const Predicates& predicates, unsigned workers, OutputFormat format,
            Terminator terminator, bool color, Context& ctx)
        : m_predicates(predicates), m_slots(workers), m_format(format), m_terminator(terminator),
          m_color(color), m_ctx(ctx) {
        for (Slot& slot : m_slots) {
            slot.buffer.reserve(k_flush_threshold + 4096);
        }
    }

    VisitAction visit(const Entry& entry) override {
        if (entry.depth > 0 && !m_predicates.excludes.empty() &&
            Predicates::any_matches(m_predicates.excludes, entry.name)) {
            return VisitAction::prune;
        }
        if (!m_predicates.matches(entry)) {
            return VisitAction::continue_walk;
        }
        Slot& slot = m_slots[entry.worker];
        ++slot.matched;
        append(slot.buffer, entry);
        if (slot.buffer.size() >= k_flush_threshold && !flush(slot)) {
            return VisitAction::stop;
        }
        return VisitAction::continue_walk;
    }

    VisitAction error(const find::WalkError& error) override {
        m_errors.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard lock(m_error_mutex);
        if (error.errnum == ELOOP && error.message.rfind("File system loop", 0) == 0) {
            m_ctx.error(error.message);
        } else {
            m_ctx.error(error.message + " (" + error.path + ")");
        }
        return VisitAction::continue_walk;
    }

    void worker_finished(unsigned worker) override { flush(m_slots[worker]); }

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
    };

    void append(std::string& out, const Entry& entry) const {
        if (m_format == OutputFormat::json) {
            append_json_record(out, entry.path, entry.type);
            return;
        }
        const char* color = m_color ? color_of(entry.type) : nullptr;
        if (color != nullptr && entry.depth > 0) {
            out.append(entry.path.substr(0, entry.name_offset));
            out += color;
            out.append(entry.path.substr(entry.name_offset));
            out += "\x1b[0m";
        } else {
            out.append(entry.path);
        }
        out += static_cast<char>(m_terminator);
    }

    // Writes a worker's buffer; false once stdout is gone (the walk should stop).
    bool flush(Slot& slot) {
        if (slot.buffer.empty()) {
            return !m_broken_pipe.load(std::memory_order_relaxed);
        }
        std::lock_guard lock(m_write_mutex);
        const char* data = slot.buffer.data();
        std::size_t left = slot.buffer.size();
        while (left > 0 && !m_broken_pipe.load(std::memory_order_relaxed)) {
            const ssize_t n = ::write(STDOUT_FILENO, data, left);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                m_write_errno.store(errno);
                m_broken_pipe.store(true);
                break;
            }
            data += n;
            left -= static_cast<std::size_t>(n);
        }
        slot.buffer.clear();
        return !m_broken_pipe.load(std::memory_order_relaxed);
    }

    const Predicates& m_predicates;
    std::vector<Slot> m_slots;
    OutputFormat m_format;
    Terminator m_terminator;
    bool m_color;
    Context& m_ctx;
    std::mutex m_write_mutex;
    std::mutex m_error_mutex;
    std::atomic<std::size_t> m_errors{0};
    std::atomic<bool> m_broken_pipe{false};
    std::atomic<int> m_write_errno{0};
};

// Parses --type values ("f", "f,d") into a mask; returns an error message for a bad letter.
std::optional<std::string> parse_types(const std::vector<std::string>& values, unsigned& mask) {
    for (const std::string& value : values) {
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t end = value.find(',', start);
            if (end == std::string::npos) {
                end = value.size();
            }
            const std::string letter = value.substr(start, end - start);
            EntryType type = EntryType::unknown;
            if (letter == "f") {
                type = EntryType::regular;
            } else if (letter == "d") {
                type = EntryType::directory;
            } else if (letter == "l") {
                type = EntryType::symlink;
            } else if (letter == "p") {
                type = EntryType::fifo;
            } else if (letter == "s") {
                type = EntryType::socket;
            } else if (letter == "b") {
                type = EntryType::block;
            } else if (letter == "c") {
                type = EntryType::character;
            } else {
                return "unknown type '" + letter + "' in --type, expected f, d, l, p, s, b or c (" +
                       value + ")";
            }
            mask |= 1U << static_cast<unsigned>(type);
            start = end + 1;
        }
    }
    return std::nullopt;
}

// The options whose values a shell-expanded glob spills into the positional paths.
constexpr const char* k_predicate_options[] = {"--name", "--iname", "--wholename", "--iwholename",
                                               "--path", "--ipath", "--exclude"};

int run_find(Context& ctx, const FindOptions& options, const CLI::App& app) {
    // find matches in the user's locale (multibyte `?`, case folding, collation in ranges).
    std::setlocale(LC_ALL, "");

    // A bare word after a pattern option is almost always an unquoted glob the shell expanded
    // (`tbx find . -name *.py` in a directory with two .py files).
    std::size_t leading_paths = 0;
    const CLI::Option* first_predicate = nullptr;
    for (const CLI::Option* opt : app.parse_order()) {
        if (opt->get_name() == "paths") {
            if (first_predicate == nullptr) {
                ++leading_paths;
            }
        } else if (first_predicate == nullptr) {
            for (const char* name : k_predicate_options) {
                if (opt->check_lname(std::string(name).substr(2))) {
                    first_predicate = opt;
                }
            }
        }
    }
    if (first_predicate != nullptr && options.paths.size() > leading_paths) {
        std::string extra;
        for (std::size_t i = leading_paths; i < options.paths.size(); ++i) {
            extra += (extra.empty() ? "'" : " '") + options.paths[i] + "'";
        }
        ctx.error("paths must come before the patterns, but " + extra + " follow " +
                  first_predicate->get_name() +
                  "; the shell probably expanded an unquoted pattern: quote it, e.g. --name "
                  "'*python*'");
        return k_exit_error;
    }

    Predicates predicates;
    bool bad = false;
    const auto compile_all = [&](const std::vector<std::string>& patterns, CaseMode mode,
                                 std::vector<Glob>& out, const char* option) {
        for (const std::string& pattern : patterns) {
            auto glob = Glob::compile(pattern, mode);
            if (!glob) {
                ctx.error(glob.error().message + " in " + option + " (" + pattern + ")");
                bad = true;
                continue;
            }
            out.push_back(std::move(*glob));
        }
    };
    compile_all(options.names, CaseMode::sensitive, predicates.names, "--name");
    compile_all(options.inames, CaseMode::insensitive, predicates.inames, "--iname");
    compile_all(options.wholenames, CaseMode::sensitive, predicates.wholenames, "--wholename");
    compile_all(options.iwholenames, CaseMode::insensitive, predicates.iwholenames, "--iwholename");
    compile_all(options.excludes, CaseMode::sensitive, predicates.excludes, "--exclude");
    if (const auto message = parse_types(options.types, predicates.type_mask)) {
        ctx.error(*message);
        bad = true;
    }
    for (const auto& [value, option] :
         {std::pair{options.max_depth, "--maxdepth"}, std::pair{options.min_depth, "--mindepth"}}) {
        if (value && *value < 0) {
            ctx.error(std::string("expected a non-negative depth for ") + option + " (" +
                      std::to_string(*value) + ")");
            bad = true;
        }
    }
    if (bad) {
        return k_exit_error;
    }
    // find's warnings for patterns that can never match.
    for (const auto* group : {&predicates.names, &predicates.inames}) {
        for (const Glob& glob : *group) {
            if (glob.contains_slash() && glob.pattern() != "/") {
                ctx.warning("--name matches base names only, so a pattern containing '/' never "
                            "matches; did you mean --wholename? (" +
                            glob.pattern() + ")");
            }
        }
    }
    for (const auto* group : {&predicates.wholenames, &predicates.iwholenames}) {
        for (const Glob& glob : *group) {
            if (glob.ends_with_slash()) {
                ctx.warning("--wholename will not match anything because the pattern ends with "
                            "'/' (" +
                            glob.pattern() + ")");
            }
        }
    }
    for (const auto* group : {&predicates.names, &predicates.inames, &predicates.wholenames,
                              &predicates.iwholenames, &predicates.excludes}) {
        for (const Glob& glob : *group) {
            if (glob.ends_with_backslash()) {
                ctx.warning("the pattern ends with an unpaired backslash and matches nothing (" +
                            glob.pattern() + ")");
            }
        }
    }

    find::WalkOptions walk_options;
    walk_options.roots = options.paths.empty() ? std::vector<std::string>{"."} : options.paths;
    walk_options.symlinks =
        options.follow ? find::SymlinkPolicy::follow : find::SymlinkPolicy::physical;
    walk_options.devices = options.xdev ? find::DeviceScope::same_as_root : find::DeviceScope::any;
    // --mindepth is applied by the printer so that --exclude still prunes shallower directories.
    predicates.min_depth = options.min_depth ? static_cast<std::size_t>(*options.min_depth) : 0;
    if (options.max_depth) {
        walk_options.max_depth = static_cast<std::size_t>(*options.max_depth);
    }
    walk_options.threads = options.threads;
    walk_options.order = options.sort ? find::WalkOrder::sorted : find::WalkOrder::unordered;

    // main() ignores SIGPIPE: a closed pipe (`| head`) shows up as EPIPE and ends the walk.
    const OutputFormat format = ctx.json() ? OutputFormat::json : OutputFormat::plain;
    const Terminator terminator = options.print0 ? Terminator::nul : Terminator::newline;
    const bool color = format == OutputFormat::plain && !options.print0 && ctx.color(STDOUT_FILENO);
    Printer printer(predicates, find::worker_count(walk_options), format, terminator, color, ctx);
    const auto stats = find::walk(walk_options, printer);
    if (!stats) {
        ctx.error(stats.error().describe());
        return k_exit_error;
    }
    if (printer.broken_pipe()) {
        if (printer.write_errno() == EPIPE) {
            return k_exit_ok;
        }
        ctx.error(std::string("cannot write the output: ") + std::strerror(printer.write_errno()));
        return k_exit_error;
    }
    if (printer.errors() > 0) {
        return k_exit_error;
    }
    return printer.matched() > 0 ? k_exit_ok : k_exit_negative;
}

} // namespace

Command make_find_command() {
    Command command;
    command.name = "find";
    command.summary = "find files by name with GNU find's glob semantics, in parallel";
    command.doc.description =
        "Walks each PATH (default: the current directory) and prints every entry that matches "
        "all the given tests, with exactly GNU find's matching rules: --name/--iname match the "
        "last path component, --wholename/--path and --iwholename/--ipath the whole path as "
        "printed; globs are fnmatch(3) patterns in which '*' and '?' also match a leading dot "
        "and, for whole names, '/'. Bracket expressions, character classes such as "
        "[[:digit:]], negation [!...] and backslash escapes work as in find, in the current "
        "locale.\n\n"
        "Repeating one test ORs its patterns (--name '*.h' --name '*.hpp'); different tests "
        "are ANDed. find's single-dash spellings are accepted too: -name, -iname, -wholename, "
        "-iwholename, -path, -ipath, -type, -maxdepth, -mindepth, -print0, -xdev, -L "
        "(and -print and -P, which are the defaults).\n\n"
        "Directories are read by several threads at once, so the order of the output differs "
        "from find's; --sort gives a deterministic order (depth first, names in byte order, "
        "one thread). Symbolic links are not followed unless -L is given; with -L, loops are "
        "reported and skipped.\n\n"
        "With --json each match is one JSON object per line: {\"path\": \"...\", \"type\": "
        "\"f\"}. A path that is not valid UTF-8 is given in \"path\" with each invalid byte "
        "replaced by U+FFFD, and exactly, as base64 of its bytes, in \"path_base64\".";
    command.doc.examples = {
        {"tbx find . -name '*.py'", "Python files under the current directory (find's spelling)"},
        {"tbx find src include --name '*.h' --name '*.hpp' --type f", "C and C++ headers"},
        {"tbx find --wholename '*Desktop*python*'", "paths with Desktop and python in them"},
        {"tbx find / --xdev --iname 'readme*' --exclude .git", "READMEs on the root file system"},
        {"tbx find . --type d --name build -0 | xargs -0 rm -rf", "delete every build directory"},
    };
    command.doc.value_hints = {{"paths", "dir"}};
    command.doc.exit_codes = {
        {"0", "something matched (also when the output pipe was closed early, as with | head)"},
        {"1", "nothing matched"},
        {"2", "an error: a bad option or pattern, an unreadable directory, a vanished entry, a "
              "symlink loop; the walk goes on and everything readable is still printed"},
        {"130", "interrupted"},
    };
    command.rewrite_args = rewrite_find_args;
    command.setup = [](CLI::App& app) -> Runner {
        auto options = std::make_shared<FindOptions>();
        app.add_option("paths", options->paths, "Starting points (default: .)");
        const auto glob_option = [&](const char* name, std::vector<std::string>& target,
                                     const char* help) {
            return app.add_option(name, target, help)->type_name("GLOB")->allow_extra_args(false);
        };
        glob_option("--name", options->names, "Last component matches GLOB (find -name)");
        glob_option("--iname", options->inames, "Like --name, ignoring case");
        glob_option("--wholename,--path", options->wholenames,
                    "Whole path matches GLOB; '*' matches '/' too (find -wholename)");
        glob_option("--iwholename,--ipath", options->iwholenames,
                    "Like --wholename, ignoring case");
        app.add_option("--type", options->types,
                       "Entry type: f file, d directory, l symlink, p fifo, s socket, b block, "
                       "c character device; comma-separated or repeated for several")
            ->type_name("TYPE")
            ->allow_extra_args(false);
        app.add_option("--maxdepth", options->max_depth,
                       "Descend at most N levels below the starting points (0: only them)")
            ->type_name("N");
        app.add_option("--mindepth", options->min_depth,
                       "Print nothing shallower than N levels (1: not the starting points)")
            ->type_name("N");
        glob_option("--exclude", options->excludes,
                    "Skip entries whose name matches GLOB, and do not descend into such "
                    "directories");
        app.add_flag("-L,--follow", options->follow,
                     "Follow symbolic links (types are the targets'; loops are reported)");
        app.add_flag("--xdev", options->xdev, "Do not descend into other file systems");
        app.add_flag("-0,--print0", options->print0, "End each path with NUL, for xargs -0");
        app.add_flag("--sort", options->sort,
                     "Deterministic order: depth first, names in byte order (one thread)");
        app.add_option("--threads", options->threads, "Worker threads (default: the CPU count)")
            ->type_name("N");
        return [options, &app](Context& ctx) { return run_find(ctx, *options, app); };
    };
    return command;
}

} // namespace tbx::cli
