// tbx subst: vim's :%s/foo/bar/gc across files, from the shell, rewriting files atomically.

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tbx/core/strings.hpp>
#include <tbx/core/terminal.hpp>
#include <tbx/subst/apply.hpp>
#include <tbx/subst/file_source.hpp>
#include <tbx/subst/journal.hpp>
#include <tbx/subst/vim_expr.hpp>
#include <tbx/subst/vim_regex.hpp>
#include <tbx/text/utf8.hpp>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"
#include "cli/prompt.hpp"

namespace tbx::cli {

namespace {

using namespace tbx::subst;

struct SubstOptions {
    std::vector<std::string> arguments;
    std::string expression;
    std::string regex = "vim";
    bool confirm = false;
    bool fixed_strings = false;
    bool ignore_case = false;
    bool word = false;
    bool dry_run = false;
    std::vector<std::string> include;
    std::vector<std::string> exclude;
    bool hidden = false;
    bool no_ignore = false;
    bool force = false;
    bool undo = false;
    std::size_t undo_run = 0; // --undo=N: the Nth newest run (1 = the last)
    bool list_runs = false;
    bool no_journal = false;
    bool verbose = false;
    bool backup = false;
    std::string backup_suffix = "~";
    bool binary = false;
    bool hard_links = false;
    std::string files0_from;
    bool quiet = false;
    bool no_fsync = false;
    unsigned threads = 0;
};

// The signal that asked a writing run to stop (SIGINT, SIGTERM, SIGHUP), or 0. A handler can
// reach no object, so it lives here, in the app (libtbx keeps no mutable globals).
volatile std::sig_atomic_t g_stop_signal = 0;

extern "C" void on_stop_signal(int number) {
    g_stop_signal = number;
}

// While a writing run lasts, SIGINT, SIGTERM and SIGHUP only ask it to stop: the files being
// written are finished, no new one is started, and the undo journal is completed with what
// was written; then the process dies of the signal, as it would have (exit 130 for Ctrl-C).
class StopSignals {
public:
    StopSignals() {
        struct sigaction action {};
        action.sa_handler = on_stop_signal;
        action.sa_flags = SA_RESTART; // system calls under way go on: the flag is looked at
        sigemptyset(&action.sa_mask);
        for (std::size_t i = 0; i < k_signals.size(); ++i) {
            ::sigaction(k_signals[i], &action, &m_previous[i]);
        }
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;
    ~StopSignals() {
        for (std::size_t i = 0; i < k_signals.size(); ++i) {
            ::sigaction(k_signals[i], &m_previous[i], nullptr);
        }
    }

    /// Returns true once a stop was asked.
    [[nodiscard]] static bool stopping() { return g_stop_signal != 0; }

    /// Dies of the signal that asked to stop, if one did (call once the run is wound up).
    static void die_if_stopped() {
        const int number = g_stop_signal;
        if (number == 0) {
            return;
        }
        std::signal(number, SIG_DFL);
        ::raise(number);
    }

private:
    static constexpr std::array<int, 3> k_signals = {SIGINT, SIGTERM, SIGHUP};
    std::array<struct sigaction, 3> m_previous{};
};

// Keeps the work and the totals of one run together.
struct Totals {
    std::size_t files_changed = 0;
    std::size_t replacements = 0;
    std::size_t errors = 0;
    std::vector<std::pair<std::string, std::string>> skipped; // path, reason
    ListingCounts left_out; // by ignore files and the hidden rule, in directories
};

Result<std::vector<std::string>> read_files0(const std::string& source) {
    std::string data;
    if (source == "-") {
        data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::FILE* file = std::fopen(source.c_str(), "rb");
        if (file == nullptr) {
            return tl::unexpected(errno_error(errno, "cannot read the file list", source));
        }
        char buffer[65536];
        std::size_t got = 0;
        while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
            data.append(buffer, got);
        }
        std::fclose(file);
    }
    std::vector<std::string> paths;
    for (const auto piece : core::split(data, '\0')) {
        if (!piece.empty()) {
            paths.emplace_back(piece);
        }
    }
    return paths;
}

const char* reason_of(FileStatus status) {
    switch (status) {
    case FileStatus::skipped_binary:
        return "binary";
    case FileStatus::skipped_hard_link:
        return "several hard links (use --hard-links to edit in place)";
    case FileStatus::skipped_read_only:
        return "no write permission (--force to write anyway)";
    case FileStatus::skipped_owner:
        return "owned by another user or group, which the atomic rename would change (--force "
               "writes in place, not atomically)";
    case FileStatus::skipped_special:
        return "not a regular file";
    default:
        return "";
    }
}

// Paints a unified diff for a terminal: headers bold, removals red, additions green.
std::string color_diff(std::string_view diff) {
    std::string out;
    std::size_t position = 0;
    while (position < diff.size()) {
        const std::size_t end = line_end(diff, position);
        std::string_view line = diff.substr(position, end - position);
        const bool newline = !line.empty() && line.back() == '\n';
        if (newline) {
            line.remove_suffix(1);
        }
        std::string_view style; // SGR: bold, cyan, red, green
        if (line.starts_with("---") || line.starts_with("+++")) {
            style = "1";
        } else if (line.starts_with("@@")) {
            style = "36";
        } else if (line.starts_with("-")) {
            style = "31";
        } else if (line.starts_with("+")) {
            style = "32";
        }
        out += paint(line, style, !style.empty());
        if (newline) {
            out += '\n';
        }
        position = end;
    }
    return out;
}

constexpr std::string_view k_prompt_help =
    "y - replace this match\r\n"
    "n - skip this match\r\n"
    "a - replace this and all remaining matches, in every file\r\n"
    "q - quit (Esc and Ctrl-C too); replacements accepted so far are written\r\n"
    "l - replace this match, then quit\r\n"
    "s - skip the rest of this file\r\n"
    "u - take back the last accepted replacement (in an earlier file too), ask it again\r\n"
    "! - discard everything accepted in this run: write nothing, put back files written\r\n"
    "? - this help\r\n";

// How much of a line the prompt shows around a match, and of the match and replacement.
constexpr std::size_t k_context_bytes = 60;
constexpr std::size_t k_line_bytes = 160;
constexpr std::size_t k_match_bytes = 200;

// Moves `cut` back to the start of the UTF-8 character holding it (a byte that is not UTF-8
// is a character of its own): decodes forward from 3 bytes before, the longest way back.
std::size_t char_boundary(std::string_view text, std::size_t cut) {
    std::size_t at = cut >= 3 ? cut - 3 : 0;
    while (at < cut && at < text.size()) {
        const std::size_t length = text::decode_at(text, at).length;
        if (at + length > cut) {
            break;
        }
        at += length;
    }
    return at;
}

// Keeps the first `limit` bytes of `text` (whole characters), marking the cut with "…".
std::string clip_end(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) {
        return printable(text);
    }
    return printable(text.substr(0, char_boundary(text, limit))) +
           fmt::format("…(+{} bytes)", text.size() - char_boundary(text, limit));
}

// Keeps the last `limit` bytes of `text` (whole characters), marking the cut with "…".
std::string clip_start(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) {
        return printable(text);
    }
    const std::size_t cut = char_boundary(text, text.size() - limit);
    return fmt::format("({} bytes+)…", cut) + printable(text.substr(cut));
}

// The terminal side of --confirm: draws the proposal (a window of long lines) and maps keys
// to decisions. /dev/tty is opened at the first match, so that a run where nothing matches
// needs no terminal (vim asks only at a match); without one it answers quit and keeps why.
class TerminalDecider {
public:
    explicit TerminalDecider(bool color) : m_color(color) {}

    /// Returns why the terminal could not be opened, once it was needed and missing.
    [[nodiscard]] const std::optional<Error>& no_terminal() const { return m_no_terminal; }

    Decision operator()(const Proposal& proposal) {
        if (!m_prompt) {
            auto opened = KeyPrompt::open();
            if (!opened) {
                m_no_terminal = opened.error();
                return Decision::quit;
            }
            m_prompt.emplace(std::move(*opened));
        }
        std::string text;
        if (proposal.path != m_last_path) {
            m_last_path = std::string(proposal.path);
            text += paint(printable(proposal.path), "1;35", m_color) + "\r\n";
        }
        const std::size_t width = fmt::format("{}", proposal.line + 1).size();
        auto gutter = [&](std::size_t line, char mark) {
            return paint(fmt::format("{:>{}}{}", line, width, mark), "2", m_color) + " ";
        };
        if (proposal.has_previous_line) {
            text += gutter(proposal.line - 1, ':') +
                    clip_end(proposal.previous_line, k_line_bytes) + "\r\n";
        }
        text += gutter(proposal.line, '>') + clip_start(proposal.line_prefix, k_context_bytes);
        const std::string matched = clip_end(proposal.matched, k_match_bytes);
        const std::string replacement = clip_end(proposal.replacement, k_match_bytes);
        if (m_color) {
            text += paint(matched, "1;9;31", true) + paint(replacement, "1;32", true);
        } else {
            // wdiff's markers: what goes between [- -], what comes between {+ +}.
            text += fmt::format("[-{}-]{{+{}+}}", matched, replacement);
        }
        text += clip_end(proposal.line_suffix, k_context_bytes) + "\r\n";
        if (proposal.has_next_line) {
            text += gutter(proposal.line + 1, ':') + clip_end(proposal.next_line, k_line_bytes) +
                    "\r\n";
        }
        m_prompt->write(text);
        const std::string question =
            fmt::format("replace with {} (y/n/a/q/l/s/u/!/?)? ", replacement);
        char key = m_prompt->ask(question, "ynaqlsu!", 'q', '?', k_prompt_help);
        while (key == 'u' && !proposal.can_undo) {
            m_prompt->write("nothing accepted to take back\r\n");
            key = m_prompt->ask(question, "ynaqlsu!", 'q', '?', k_prompt_help);
        }
        switch (key) {
        case 'u':
            return Decision::undo;
        case '!':
            return Decision::discard;
        case 'y':
            return Decision::yes;
        case 'n':
            return Decision::no;
        case 'a':
            return Decision::all;
        case 'l':
            return Decision::last;
        case 's':
            return Decision::skip_file;
        default:
            return Decision::quit;
        }
    }

private:
    std::optional<KeyPrompt> m_prompt;
    std::optional<Error> m_no_terminal;
    bool m_color;
    std::string m_last_path;
};

class SubstRun {
public:
    SubstRun(const SubstOptions& options, Context& context)
        : m_options(options), m_context(context) {}

    int run() {
        if (m_options.undo || m_options.undo_run > 0 || m_options.list_runs) {
            return m_options.list_runs ? show_runs() : undo();
        }
        if (auto prepared = prepare(); prepared != k_exit_ok) {
            return prepared;
        }
        std::vector<std::string> inputs;
        const std::size_t first_path = m_options.expression.empty() ? 2 : 0;
        for (std::size_t i = first_path; i < m_options.arguments.size(); ++i) {
            inputs.push_back(m_options.arguments[i]);
        }
        if (!m_options.files0_from.empty()) {
            auto listed = read_files0(m_options.files0_from);
            if (!listed) {
                error(listed.error().describe());
                return k_exit_error;
            }
            inputs.insert(inputs.end(), listed->begin(), listed->end());
        } else if (inputs.empty()) {
            if (core::is_terminal(STDIN_FILENO)) {
                error("no PATH given and stdin is a terminal (pipe text in, or name "
                      "files)");
                return k_exit_error;
            }
            return filter_stdin();
        }
        std::vector<std::string> files;
        if (auto expanded = expand(inputs, files); expanded != k_exit_ok) {
            return expanded;
        }
        std::optional<StopSignals> stop_signals;
        if (m_apply.mode == WriteMode::write) {
            stop_signals.emplace();
            // Started before any worker thread: the helper is a fork of this process.
            auto committer = Committer::start();
            if (!committer) {
                error(committer.error().describe());
                return k_exit_error;
            }
            m_committer.emplace(std::move(*committer));
            m_apply.committer = &*m_committer;
            if (!m_options.no_journal) {
                start_journal();
            }
            // One fsync per directory at the end rather than one per file (see DirectorySyncs).
            m_apply.directory_syncs = &m_directory_syncs;
        }
        const int code = m_confirm ? process_interactively(files) : process_in_parallel(files);
        if (StopSignals::stopping()) {
            m_out.flush();
            stop_signals.reset();
            StopSignals::die_if_stopped();
        }
        return code;
    }

private:
    // Where the undo journal lives: $XDG_STATE_HOME/tbx/subst, else ~/.local/state/tbx/subst.
    static std::string journal_root() {
        const char* state = std::getenv("XDG_STATE_HOME");
        if (state != nullptr && *state != '\0') {
            return std::string(state) + "/tbx/subst";
        }
        const char* home = std::getenv("HOME");
        return std::string(home == nullptr ? "" : home) + "/.local/state/tbx/subst";
    }

    void start_journal() {
        std::string command = "tbx subst";
        if (!m_options.expression.empty()) {
            command += " -e " + m_options.expression;
        }
        for (const std::string& argument : m_options.arguments) {
            command += " " + argument;
        }
        auto journal = Journal::begin(journal_root(), command);
        if (!journal) {
            // Not being able to journal never stops an edit.
            warning(journal.error().describe() + " (--undo will not know this run)");
            return;
        }
        m_journal.emplace(std::move(*journal));
        m_apply.journal = &*m_journal;
    }

    int show_runs() {
        const auto runs = list_runs(journal_root());
        for (std::size_t i = 0; i < runs.size(); ++i) {
            print(fmt::format("{}\t{:%Y-%m-%d %H:%M:%S}\t{} file{}\t{}\n", i + 1,
                              fmt::localtime(static_cast<std::time_t>(runs[i].time)), runs[i].files,
                              runs[i].files == 1 ? "" : "s", printable(runs[i].command)));
        }
        return m_context.finish_output(m_out, k_exit_ok);
    }

    int undo() {
        auto runs = list_runs(journal_root());
        const std::size_t wanted = m_options.undo_run > 0 ? m_options.undo_run : 1;
        if (wanted > runs.size()) {
            error(fmt::format("no run {} in the undo journal ({} kept; --list-runs)", wanted,
                              runs.size()));
            return k_exit_error;
        }
        if (auto loaded = load_entries(runs[wanted - 1]); !loaded) {
            error(loaded.error().describe());
            return k_exit_error;
        }
        std::size_t restored = 0;
        std::size_t refused = 0;
        for (const UndoResult& result : undo_run(runs[wanted - 1])) {
            if (result.restored) {
                ++restored;
            } else {
                ++refused;
                error(fmt::format("not restored: {} ({})", result.reason, printable(result.path)));
            }
        }
        if (!m_options.quiet) {
            status(fmt::format("{} file{} restored, {} refused", restored, restored == 1 ? "" : "s",
                               refused));
        }
        return refused > 0 ? k_exit_error : k_exit_ok;
    }

    // What the command line asks to replace, before it is compiled.
    struct Request {
        std::string pattern;
        std::string replacement;
        VimFlags flags;
        std::optional<std::string> translated_from; // the vim pattern, when translated
    };

    int prepare() {
        const bool vim_form = !m_options.expression.empty();
        if (!vim_form && m_options.arguments.size() < 2) {
            error("expected PATTERN REPLACEMENT [PATH...] or -e '[range]s/pat/rep/[flags]'");
            return k_exit_error;
        }
        Request request;
        if (vim_form) {
            if (auto read = read_expression(request); read != k_exit_ok) {
                return read;
            }
        } else {
            request.pattern = m_options.arguments[0];
            request.replacement = m_options.arguments[1];
            m_substitution.occurrence = Occurrence::all;
        }
        m_count_only = request.flags.count_only;
        // vim: with [n] "the [c] flag is ignored".
        m_confirm = (m_options.confirm || request.flags.confirm) && !m_count_only;
        m_no_error = request.flags.no_error;
        if (auto compiled = compile(request, vim_form); compiled != k_exit_ok) {
            return compiled;
        }
        choose_apply_options();
        return k_exit_ok;
    }

    // Reads -e's '[range]s/pattern/replacement/[flags]', translating a vim pattern to PCRE2.
    int read_expression(Request& request) {
        auto expr = parse_vim_expr(m_options.expression);
        if (!expr) {
            error(expr.error().describe());
            return k_exit_error;
        }
        request.pattern = expr->pattern;
        request.replacement = expr->replacement;
        request.flags = expr->flags;
        if (m_options.regex == "vim" && !m_options.fixed_strings) {
            auto translated = translate_vim_regex(request.pattern, expr->delimiter);
            if (!translated) {
                error(translated.error().describe());
                return k_exit_error;
            }
            request.translated_from = request.pattern;
            request.pattern = std::move(translated->pcre);
            // \c and \C in the pattern win over the i and I flags, as in vim.
            if (translated->ignore_case) {
                request.flags.ignore_case = translated->ignore_case;
            }
        }
        m_substitution.range = expr->range;
        m_substitution.occurrence =
            request.flags.global ? Occurrence::all : Occurrence::first_per_line;
        m_substitution.final_newline = FinalNewline::kept;
        return k_exit_ok;
    }

    // Compiles the pattern and the replacement into m_substitution.
    int compile(const Request& request, bool vim_form) {
        MatcherOptions matcher_options;
        matcher_options.syntax =
            m_options.fixed_strings ? PatternSyntax::literal : PatternSyntax::regex;
        const bool ignore_case = request.flags.ignore_case.value_or(m_options.ignore_case);
        matcher_options.case_mode = ignore_case ? CaseMode::insensitive : CaseMode::sensitive;
        matcher_options.word = m_options.word ? WordMode::whole_word : WordMode::any;
        auto matcher = make_matcher(request.pattern, matcher_options);
        if (!matcher) {
            Error problem = matcher.error();
            if (request.translated_from) {
                // Name what the user wrote; the translation only explains the offset.
                problem.message = fmt::format("vim pattern: {} in its PCRE2 form {}",
                                              problem.message, problem.subject);
                problem.subject = *request.translated_from;
            }
            error(problem.describe());
            return k_exit_error;
        }
        m_substitution.matcher = std::shared_ptr<const Matcher>(std::move(*matcher));
        const ReplacementSyntax syntax = vim_form                  ? ReplacementSyntax::vim
                                         : m_options.fixed_strings ? ReplacementSyntax::literal
                                                                   : ReplacementSyntax::pcre;
        auto parsed = Replacement::parse(request.replacement, syntax, *m_substitution.matcher);
        if (!parsed) {
            error(parsed.error().describe());
            return k_exit_error;
        }
        m_substitution.replacement = std::move(*parsed);
        return k_exit_ok;
    }

    // How files are written, skipped and reported, from the options.
    void choose_apply_options() {
        m_apply.mode = m_count_only        ? WriteMode::count_only
                       : m_options.dry_run ? WriteMode::dry_run
                                           : WriteMode::write;
        m_apply.binary = m_options.binary ? BinaryFiles::process : BinaryFiles::skip;
        m_apply.hard_links = m_options.hard_links ? HardLinks::in_place : HardLinks::skip;
        m_apply.protected_files = m_options.force ? Protected::force : Protected::skip;
        if (m_options.backup) {
            m_apply.backup_suffix = m_options.backup_suffix;
        }
        m_apply.record = m_context.json() ? RecordChanges::yes : RecordChanges::no;
        m_apply.diff = m_options.dry_run && !m_context.json() ? MakeDiff::yes : MakeDiff::no;
        m_apply.durability = m_options.no_fsync ? Durability::no_fsync : Durability::fsync;
        m_apply.file_threads = m_options.threads; // 0: one per core
    }

    int expand(const std::vector<std::string>& inputs, std::vector<std::string>& files) {
        FileFilter filter;
        filter.include = m_options.include;
        filter.exclude = m_options.exclude;
        filter.hidden = m_options.hidden ? HiddenFiles::include : HiddenFiles::skip;
        filter.respect_ignore_files = !m_options.no_ignore;
        for (auto [name, value] :
             {std::pair{"HOME", &filter.home}, std::pair{"XDG_CONFIG_HOME", &filter.xdg_config}}) {
            const char* set = std::getenv(name);
            *value = set == nullptr ? "" : set;
        }
        std::set<std::pair<dev_t, ino_t>> seen;
        auto add = [&](std::string path) {
            struct stat status {};
            // The same file twice (a link and its target, a repeated argument) is edited once.
            if (::stat(path.c_str(), &status) == 0 &&
                !seen.emplace(status.st_dev, status.st_ino).second) {
                return;
            }
            files.push_back(std::move(path));
        };
        for (const std::string& input : inputs) {
            struct stat status {};
            if (::stat(input.c_str(), &status) == 0 && S_ISDIR(status.st_mode)) {
                auto listed = list_files(input, filter, add, [&](const Error& problem) {
                    error(problem.describe());
                    ++m_totals.errors;
                });
                if (!listed) {
                    error(listed.error().describe());
                    return k_exit_error;
                }
                m_totals.left_out.ignored += listed->ignored;
                m_totals.left_out.hidden += listed->hidden;
                continue;
            }
            add(input);
        }
        return k_exit_ok;
    }

    int filter_stdin() {
        if (!m_confirm && !m_context.json() && !m_options.dry_run && !m_substitution.range) {
            return stream_stdin();
        }
        std::string input(std::istreambuf_iterator<char>(std::cin), {});
        std::string output;
        Applier applier(m_substitution, m_apply);
        TerminalDecider terminal(m_context.color(STDERR_FILENO));
        Prompting prompting;
        prompting.decider = std::ref(terminal);
        FileReport report =
            applier.apply_text(input, output, "-", m_confirm ? &prompting : nullptr);
        if (terminal.no_terminal()) {
            error(no_terminal_message(*terminal.no_terminal()));
            return k_exit_error;
        }
        if (report.status == FileStatus::failed) {
            error(report.error->describe());
            return k_exit_error;
        }
        if (m_context.json()) {
            print_json(report);
            // The stream ends with its summary record, as for files (docs/json.md).
            m_totals.replacements = report.replacements;
            m_totals.files_changed = report.replacements > 0 ? 1 : 0;
            print_json_summary();
        } else if (m_count_only) {
            print(fmt::format("{}\n", report.replacements));
        } else if (m_options.dry_run) {
            print(report.diff);
        } else {
            print(output);
        }
        return m_context.finish_output(m_out, exit_code(report.replacements));
    }

    // Filters stdin to stdout as it arrives, like sed: a few windows of memory whatever the
    // size, and output before the input has ended.
    int stream_stdin() {
        Applier applier(m_substitution, m_apply);
        m_out.flush();
        const FileReport report = applier.filter(STDIN_FILENO, STDOUT_FILENO, "-");
        if (report.reader_gone) {
            return k_exit_ok; // a closed pipe (`| head`) ends the command quietly, as in find
        }
        if (report.status == FileStatus::failed) {
            error(report.error->describe());
            return k_exit_error;
        }
        if (m_count_only) {
            print(fmt::format("{}\n", report.replacements));
        }
        return m_context.finish_output(m_out, exit_code(report.replacements));
    }

    static std::string no_terminal_message(const Error& why) {
        return "--confirm needs a terminal to ask on (/dev/tty): " + why.describe();
    }

    int process_interactively(const std::vector<std::string>& files) {
        TerminalDecider terminal(m_context.color(STDERR_FILENO));
        Prompting prompting;
        prompting.decider = std::ref(terminal);
        Applier applier(m_substitution, m_apply);
        std::vector<WrittenFile> written; // for u going back into a file already written
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (prompting.stopped || stopping()) {
                break;
            }
            prompting.earlier_undo = m_journal.has_value() && !written.empty();
            FileReport done = applier.apply_file(files[i], &prompting);
            if (prompting.undo_earlier) {
                i = go_back(files, written, prompting, i);
                continue;
            }
            if (done.status == FileStatus::changed && m_apply.mode == WriteMode::write) {
                written.push_back(WrittenFile{i, prompting.answers, done.replacements});
            }
            report(done, /*explicit_path=*/true);
        }
        if (terminal.no_terminal()) {
            // Asked at the first match: nothing was accepted, so nothing was written.
            error(no_terminal_message(*terminal.no_terminal()));
            ++m_totals.errors;
        }
        if (prompting.discarded) {
            return discard_run();
        }
        return finish();
    }

    // A file this run wrote under the prompt: where it is in the list, the answers given in
    // it, the replacements it counted.
    struct WrittenFile {
        std::size_t index = 0;
        std::vector<Decision> answers;
        std::size_t replacements = 0;
    };

    // The u key before any accepted replacement of the current file: the last file written
    // goes back (from the journal) and is asked again from its last accepted match. Returns
    // the index before the file to apply next (the loop steps forward).
    std::size_t go_back(const std::vector<std::string>& files, std::vector<WrittenFile>& written,
                        Prompting& prompting, std::size_t current) {
        const WrittenFile last = written.back();
        const UndoResult back = m_journal->take_back(files[last.index]);
        if (!back.restored) {
            // The file changed meanwhile: it stays, and the file u was pressed in is asked
            // again from its start.
            error(fmt::format("cannot go back into it: {} ({})", back.reason,
                              printable(files[last.index])));
            written.clear();
            return current - 1;
        }
        written.pop_back();
        m_totals.files_changed -= 1;
        m_totals.replacements -= last.replacements;
        prompting.replay = answers_before_last_yes(last.answers).value_or(last.answers);
        return last.index - 1; // wraps for index 0; the loop's ++ brings it back
    }

    // The ! key: the files this run already wrote go back (from the journal), nothing else is
    // written, and the run leaves no journal.
    int discard_run() {
        if (!m_journal) {
            error("discarded, but without the undo journal the files already written "
                  "stay written");
            return k_exit_error;
        }
        std::size_t refused = 0;
        for (const UndoResult& result : undo_run(m_journal->run_so_far())) {
            if (!result.restored) {
                ++refused;
                error(fmt::format("not put back: {} ({})", result.reason, printable(result.path)));
            }
        }
        m_journal.reset();
        if (!m_options.quiet) {
            status("discarded: nothing written");
        }
        return refused > 0 ? k_exit_error : k_exit_negative;
    }

    int process_in_parallel(const std::vector<std::string>& files) {
        // Writers spend much of their time in fsync, so more threads than cores pay off.
        const unsigned default_threads = m_apply.mode == WriteMode::write
                                             ? std::max(8U, std::thread::hardware_concurrency())
                                             : std::thread::hardware_concurrency();
        const unsigned threads = std::max(
            1U, std::min<unsigned>(m_options.threads != 0 ? m_options.threads : default_threads,
                                   static_cast<unsigned>(std::min<std::size_t>(files.size(), 64))));
        std::vector<std::optional<FileReport>> reports(files.size());
        std::atomic<std::size_t> next{0};
        std::mutex mutex;
        std::condition_variable ready;
        {
            std::vector<std::jthread> workers;
            for (unsigned t = 0; t + 1 < threads; ++t) {
                workers.emplace_back([&] { work(files, reports, next, mutex, ready); });
            }
            // The main thread prints reports in input order as they complete, and works too
            // when it would otherwise wait.
            std::size_t printed = 0;
            Applier applier(m_substitution, m_apply);
            while (printed < files.size()) {
                if (stopping() && printed >= next.load()) {
                    break; // every file started is reported; the rest are not started
                }
                {
                    std::unique_lock lock(mutex);
                    if (reports[printed]) {
                        FileReport done = std::move(*reports[printed]);
                        reports[printed].reset();
                        lock.unlock();
                        report(done, false);
                        ++printed;
                        continue;
                    }
                }
                const std::size_t index = claim(next, files.size());
                if (index < files.size()) {
                    FileReport done = applier.apply_file(files[index]);
                    std::lock_guard lock(mutex);
                    reports[index] = std::move(done);
                    continue;
                }
                // A signal wakes no one: look again now and then once stopping.
                std::unique_lock lock(mutex);
                ready.wait_for(lock, std::chrono::milliseconds(50),
                               [&] { return reports[printed].has_value() || stopping(); });
            }
        }
        // Workers that started a file after the main thread stopped printing.
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (reports[i]) {
                report(*reports[i], false);
            }
        }
        return finish();
    }

    // Hands out the next file to edit; none once the run was asked to stop.
    std::size_t claim(std::atomic<std::size_t>& next, std::size_t count) const {
        return stopping() ? count : next.fetch_add(1);
    }

    void work(const std::vector<std::string>& files,
              std::vector<std::optional<FileReport>>& reports, std::atomic<std::size_t>& next,
              std::mutex& mutex, std::condition_variable& ready) {
        Applier applier(m_substitution, m_apply);
        while (true) {
            const std::size_t index = claim(next, files.size());
            if (index >= files.size()) {
                return;
            }
            FileReport done = applier.apply_file(files[index]);
            {
                std::lock_guard lock(mutex);
                reports[index] = std::move(done);
            }
            ready.notify_all();
        }
    }

    void print_json(const FileReport& report) {
        for (const Change& change : report.changes) {
            nlohmann::ordered_json line = {{"type", "change"}};
            put_bytes(line, "path", report.path);
            line["line"] = change.line;
            line["column"] = change.column;
            put_bytes(line, "match", change.matched);
            put_bytes(line, "replacement", change.replacement);
            line["applied"] = m_apply.mode == WriteMode::write;
            print(json_line(line) + "\n");
        }
    }

    void report(const FileReport& report, bool /*explicit_path*/) {
        switch (report.status) {
        case FileStatus::changed:
            ++m_totals.files_changed;
            m_totals.replacements += report.replacements;
            break;
        case FileStatus::failed:
            ++m_totals.errors;
            error(report.error->describe());
            m_failed.emplace_back(report.path, report.error->describe());
            return;
        case FileStatus::unchanged:
            return;
        default:
            m_totals.skipped.emplace_back(report.path, reason_of(report.status));
            if (report.status == FileStatus::skipped_read_only ||
                report.status == FileStatus::skipped_owner) {
                // A file that should have changed did not: exit 2, and always say which.
                ++m_totals.errors;
                error(fmt::format("skipped: {} ({})", reason_of(report.status),
                                  printable(report.path)));
                return;
            }
            // The summary counts skips by reason; --verbose names each file.
            if (m_options.verbose) {
                note(fmt::format("skipped: {} ({})", reason_of(report.status),
                                 printable(report.path)));
            }
            return;
        }
        if (m_context.json()) {
            print_json(report);
        } else if (m_count_only) {
            print(fmt::format("{}:{}\n", report.path, report.replacements));
        } else if (m_options.dry_run) {
            print(m_context.color(STDOUT_FILENO) ? color_diff(report.diff) : report.diff);
        }
    }

    // Prints the closing {"type":"summary"} record of a --json stream.
    void print_json_summary() {
        nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
        for (const auto& [path, reason] : m_totals.skipped) {
            nlohmann::ordered_json entry;
            put_bytes(entry, "path", path);
            entry["reason"] = reason;
            skipped.push_back(entry);
        }
        nlohmann::ordered_json errors = nlohmann::ordered_json::array();
        for (const auto& [path, message] : m_failed) {
            nlohmann::ordered_json entry;
            put_bytes(entry, "path", path);
            put_bytes(entry, "error", message);
            errors.push_back(entry);
        }
        print(json_line(nlohmann::ordered_json{{"type", "summary"},
                                               {"files_changed", m_totals.files_changed},
                                               {"replacements", m_totals.replacements},
                                               {"dry_run", m_apply.mode != WriteMode::write},
                                               {"skipped", skipped},
                                               {"ignored", m_totals.left_out.ignored},
                                               {"hidden", m_totals.left_out.hidden},
                                               {"errors", errors}}) +
              "\n");
    }

    int finish() {
        if (m_journal) {
            if (auto written = m_journal->finish(); !written) {
                warning(written.error().describe() + " (--undo will not know this run)");
            }
        }
        m_directory_syncs.sync_all();
        if (m_context.json()) {
            print_json_summary();
        }
        // Stopped early because the reader went away: counts of part of the run would mislead.
        if (!m_options.quiet && !m_reader_gone.load()) {
            status(summary());
        }
        if (m_totals.errors > 0) {
            return m_context.finish_output(m_out, k_exit_error);
        }
        return m_context.finish_output(m_out, exit_code(m_totals.replacements));
    }

    // The closing line on stderr: "3 replacements made in 2 files; 1 skipped (binary: 1)".
    [[nodiscard]] std::string summary() const {
        std::string summary = fmt::format(
            "{} {} {} in {} file{}", m_totals.replacements,
            m_count_only ? (m_totals.replacements == 1 ? "match" : "matches")
                         : (m_totals.replacements == 1 ? "replacement" : "replacements"),
            m_count_only ? "found" : (m_apply.mode == WriteMode::dry_run ? "proposed" : "made"),
            m_totals.files_changed, m_totals.files_changed == 1 ? "" : "s");
        if (!m_totals.skipped.empty()) {
            summary += fmt::format("; {} skipped", m_totals.skipped.size());
            std::map<std::string, std::size_t> reasons;
            for (const auto& [path, reason] : m_totals.skipped) {
                ++reasons[reason];
            }
            std::string list;
            for (const auto& [reason, count] : reasons) {
                list += fmt::format("{}{}: {}", list.empty() ? "" : ", ", reason, count);
            }
            summary += " (" + list + ")";
        }
        const ListingCounts& left_out = m_totals.left_out;
        if (left_out.ignored + left_out.hidden > 0) {
            summary += fmt::format("; not searched: {} ignored (--no-ignore), {} hidden "
                                   "(--hidden)",
                                   left_out.ignored, left_out.hidden);
        }
        if (StopSignals::stopping()) {
            summary += "; interrupted: later files not searched (--undo puts back what "
                       "was written)";
        }
        if (m_totals.errors > 0) {
            summary +=
                fmt::format("; {} error{}", m_totals.errors, m_totals.errors == 1 ? "" : "s");
        }
        return summary;
    }

    // Writes to stdout. Once its reader has gone (`| head`) a run that writes no file stops
    // early and quietly; one that writes files finishes them.
    void print(std::string_view text) {
        if (!m_out.write(text) && m_out.broken_pipe() && m_apply.mode != WriteMode::write) {
            m_reader_gone.store(true);
        }
    }

    // Diagnostics through Context, after the output so far (a terminal shows both in order).
    void error(const std::string& message) {
        m_out.flush();
        m_context.error(message);
    }
    void warning(const std::string& message) {
        m_out.flush();
        m_context.warning(message);
    }
    void note(const std::string& message) {
        m_out.flush();
        m_context.note(message);
    }

    // Prints "tbx subst: <text>" on stderr, after the output so far.
    void status(const std::string& text) {
        m_out.flush();
        OutputBuffer err(stderr);
        err.write("tbx " + m_context.command_path() + ": " + text + "\n");
    }

    // True once a signal asked the run to stop, or the reader of a run's output has gone.
    [[nodiscard]] bool stopping() const { return StopSignals::stopping() || m_reader_gone.load(); }

    [[nodiscard]] int exit_code(std::size_t replacements) const {
        return replacements > 0 || m_no_error ? k_exit_ok : k_exit_negative;
    }

    const SubstOptions& m_options;
    Context& m_context;
    Substitution m_substitution;
    ApplyOptions m_apply;
    std::optional<Committer> m_committer;
    std::optional<Journal> m_journal;
    DirectorySyncs m_directory_syncs;
    bool m_confirm = false;
    bool m_count_only = false;
    bool m_no_error = false;
    Totals m_totals;
    std::vector<std::pair<std::string, std::string>> m_failed;
    OutputBuffer m_out{stdout};
    std::atomic<bool> m_reader_gone{false}; ///< stdout's reader went away: no more files
};

// CLI11 splits a value written "[a,b]" into the values a and b; patterns and replacements
// such as "[$1]" or "[a,b]" must stay whole, so such arguments get a marker byte that
// CLI11 does not look at, removed again before use.
constexpr char k_bracket_guard = '\x1f';

void unguard(std::string& value) {
    if (value.size() >= 3 && value.front() == k_bracket_guard && value[1] == '[' &&
        value.back() == ']') {
        value.erase(0, 1);
    }
}

// --backup takes its suffix only in the attached form (--backup=SUFFIX), so that
// `--backup PATTERN ...` never eats the pattern; the attached form is rewritten to a hidden
// option before parsing.
std::vector<std::string> rewrite_args(std::vector<std::string> args) {
    bool options_ended = false;
    for (std::string& arg : args) {
        if (arg == "--") {
            options_ended = true;
            continue;
        }
        if (!options_ended && arg.starts_with("--backup=")) {
            arg = "--backup-suffix=" + arg.substr(9);
        }
        if (!options_ended && arg.starts_with("--undo=")) {
            arg = "--undo-run=" + arg.substr(7);
        }
        if (arg.size() >= 2 && arg.front() == '[' && arg.back() == ']') {
            arg.insert(arg.begin(), k_bracket_guard);
        }
    }
    return args;
}

// The man page's DESCRIPTION.
constexpr const char* k_description =
    "Replaces every match of PATTERN (PCRE2 syntax) with REPLACEMENT in each PATH, or, with "
    "-e, runs a vim substitute command such as '%s/foo/bar/gc' (vim's regex syntax). "
    "Directories are searched "
    "recursively (hidden files and .git, .hg, .svn are skipped; --include/--exclude filter by "
    "glob), leaving out what git ignores (inside a git work tree: .gitignore at every level, "
    ".git/info/exclude, core.excludesFile) and what .ignore files name, as ripgrep does; "
    "--no-ignore and --hidden take them in, and the summary counts what was not searched. "
    "Skipped files (binary, several hard links) are counted by reason; --verbose names them. "
    "Without PATH and with stdin not a terminal, stdin is filtered to stdout like "
    "sed, as it arrives and in a few hundred KiB of memory whatever its size (with -c, "
    "--dry-run, --json or a line range the whole text is read first). Files of 2 MiB or "
    "more are scanned by every core (-j sets the threads).\n\n"
    "REPLACEMENT takes $1, ${1}, ${name}, $name, \\1, $$ (a dollar), \\n, \\t, \\r and \\\\. "
    "With "
    "-F both PATTERN and REPLACEMENT are literal text.\n\n"
    "-e '[RANGE]s/PAT/REP/[FLAGS]': RANGE is %, N, N,M, N,$ or $ (none: every line); the "
    "delimiter is any character but letters, digits, \\, \" and |. FLAGS: g (every match of "
    "a line; without g only the first), c (confirm; ignored with n, as in vim), i/I "
    "(ignore/keep case), n (count only, "
    "change nothing), e (exit 0 when nothing matches). REP takes vim's specials: & and \\0 "
    "(the match), \\1..\\9, ~ (the previous replacement: empty, as there is one command), "
    "\\u \\U \\l \\L \\e \\E (case), \\r and \\n (a line break: unlike vim, \\n is not NUL; "
    "CRLF in CRLF lines; a raw CR too, as vim's ^V^M), \\t, \\b (backspace), \\\\, \\&.\n\n"
    "Matching works like an editor: ^ and $ match at line ends (LF, CRLF or CR), . is one "
    "UTF-8 code point, invalid UTF-8 bytes are matched bytewise and never altered, and "
    "empty matches follow vim's rules. A match starts inside the RANGE and may take lines "
    "after it, as in vim. "
    "docs/subst-vim-compat.md lists every deliberate difference from vim.\n\n"
    "Files are rewritten atomically: the new content goes to an anonymous temp file in the "
    "same directory (O_TMPFILE), is fsynced and renamed over the original, keeping mode, "
    "owner and extended attributes; a file whose size, mtime or inode changed since it was "
    "read is not overwritten. The owner and group never change: a file the new copy could "
    "not be given back to (another user's, or a group we are not in, unless we are root) "
    "is skipped with its reason and exit 2, and so is a file without write permission "
    "(no write bit at all, as vim's 'readonly', even for root); --force writes both, the "
    "first in place (not atomic), as vim's :w! does. Symlinks stay links (the target is "
    "edited); files with "
    "several hard links are skipped unless --hard-links; binary files (a NUL byte in the "
    "first 8 KiB) are skipped unless --binary; a file without an accepted replacement is "
    "not touched.";

// The man page's PATTERN DIALECT section.
constexpr const char* k_pattern_dialect_section =
    "PATTERN in the PATTERN REPLACEMENT form is PCRE2. In -e the pattern is vim's "
    "(magic by default), translated once to PCRE2 before the search, so it runs at PCRE2's "
    "speed; --regex=pcre reads it as PCRE2 instead. An atom without a PCRE2 equivalent is "
    "an error that names it, never a silent mismatch (vim atom | meaning | supported):\n"
    "  \\( \\) \\%( \\) | group, capturing or not | yes\n"
    "  \\| \\& | alternative; concat (every branch matches here) | yes\n"
    "  * \\+ \\= \\? | 0 or more, 1 or more, 0 or 1 | yes\n"
    "  \\{n,m} \\{n} \\{n,} \\{,m} \\{-n,m} | counted, greedy or lazy | yes\n"
    "  \\@= \\@! \\@<= \\@<! \\@> | look-ahead, look-behind, atomic | yes (look-behind of "
    "bounded length)\n"
    "  ^ $ \\_^ \\_$ \\%^ \\%$ | line start/end, file start/end | yes\n"
    "  \\< \\> | word start/end (default 'iskeyword') | yes\n"
    "  \\zs \\ze | set the start/end of the match | yes (\\ze not inside a group)\n"
    "  . \\_. | any character; also a line break | yes\n"
    "  \\n \\t \\e \\r \\b | line break, tab, Esc, CR, backspace | yes\n"
    "  \\s \\d \\w \\a \\l \\u \\x \\o \\h \\i \\k \\f \\p | vim's classes, upper case "
    "negates | yes\n"
    "  \\_s \\_d \\_[...] (any class) | the class or a line break | yes\n"
    "  [abc] [^a-z] [[:alpha:]] [\\n] [\\d123] | collection | yes ([[=a=]]: no)\n"
    "  \\%[abc] | optional sequence | yes\n"
    "  \\%d123 \\%x2a \\%o40 \\%u20AC \\%U1F600 | character by code | yes\n"
    "  \\1 .. \\9 | back-reference | yes\n"
    "  ~ | the previous replacement | yes (empty: there is none)\n"
    "  \\v \\m \\M \\V | magic levels | yes\n"
    "  \\c \\C | ignore/match case (wins over the i/I flags) | yes\n"
    "  \\%V \\%# \\%'m \\%23l \\%23c \\%23v | Visual area, cursor, mark, positions | no "
    "(error)\n"
    "  \\z( \\z1 \\Z \\%C | syntax groups, combining characters | no (error)";

// The man page's LINE BREAKS section.
constexpr const char* k_line_breaks_section =
    "A match may take line breaks (\\n, \\s, [^x]). As in vim, the search goes on "
    "right after it (in vim's terms, in the joined line, also without g), and with -e a "
    "file that ended with a newline still ends with one when a match took it. Two vim "
    "quirks are not copied: ^ still matches right after such a match (vim sees the "
    "middle of the joined line there), and \\n does not match at the end of a file "
    "without a final newline (vim matches it there). The PATTERN REPLACEMENT form "
    "replaces the final newline like perl and sd.";

// The man page's CONFIRMATION section.
constexpr const char* k_confirmation_section =
    "With -c (or the c flag) each match is shown on the terminal with its line, the line "
    "before and after, the match struck out and the replacement beside it, then the "
    "question 'replace with REP (y/n/a/q/l/s/u/!/?)?', answered with one key (no Enter) read "
    "from /dev/tty, so stdin may be a pipe: y replace, n skip, a replace this and all "
    "remaining everywhere, q or Esc or Ctrl-C quit (accepted replacements are kept and "
    "written), l replace this one and quit, s skip the rest of this file, u take back the "
    "last accepted replacement and ask its match again (going back into the file before, "
    "already written, when this one has none: it is put back from the undo journal and "
    "asked again; the later matches are asked again too), ! discard "
    "everything accepted in this run (write "
    "nothing; files already written go back, from the undo journal), ? help. Other "
    "keys ask again. Lines are shown as already edited. The terminal is opened at the first "
    "match, as vim asks only there: "
    "when nothing matches, -c needs none (exit 1, or 0 with the e flag); when something "
    "matches and there is no terminal, -c exits 2 and changes nothing.";

// The man page's SAFETY section.
constexpr const char* k_safety_section =
    "kill -9 at any moment leaves each file wholly old or wholly new. The only window for a "
    "leftover is between linking the finished temp file as .NAME.tbx-HEX and the "
    "rename (two system calls); file systems without O_TMPFILE use such a named file "
    "throughout. Disk full, read-only file systems and permission errors name the file, "
    "leave it intact and exit 2. --hard-links writes through the same inode: the links "
    "stay, but that write is not atomic. --backup[=SUFFIX] keeps the old version as "
    "PATH~ (or PATH+SUFFIX), as a hard link to the old inode.";

// The man page's UNDO section.
constexpr const char* k_undo_section =
    "Every run that writes keeps a journal under $XDG_STATE_HOME/tbx/subst/ (else "
    "~/.local/state/tbx/subst/): the old content of each file it replaced (a hard link to "
    "the old file where the journal is on the same file system, else a copy of files up "
    "to 64 MiB) and the stamp (device, inode, size, mtime) of what it wrote. It keeps the "
    "last 20 runs, and drops older ones once their old contents pass 1 GiB. tbx subst "
    "--undo puts back the files of the last run whose current stamp is still what tbx "
    "wrote (the old file itself returns, atomically, so the run before can be undone "
    "next) and refuses, with the reason, any file changed since (exit 2); --undo=N undoes "
    "the Nth newest run; --list-runs lists them (number, time, files, command). "
    "--no-journal keeps none for one run. A run stopped by SIGINT, SIGTERM or SIGHUP finishes "
    "the files it has started, starts no other, completes its journal with what it wrote "
    "(so --undo puts that back) and then dies of the signal; the unfinished journal of a "
    "run killed otherwise (kill -9, a signal at the prompt) is removed by the next run "
    "that writes.";

// The man page's JSON section.
constexpr const char* k_json_section =
    "--json prints one JSON object per replacement ({\"type\":\"change\",\"path\",\"line\","
    "\"column\" (1-based byte),\"match\",\"replacement\",\"applied\"}) and a final "
    "{\"type\":\"summary\"} object (files_changed, replacements, dry_run, skipped, ignored, "
    "hidden, errors), also when filtering stdin. Bytes that are not UTF-8 are replaced by "
    "U+FFFD, and the exact bytes go to KEY_base64 (docs/json.md).";

// The options of `tbx subst`, one row each, bound to `o`.
std::vector<OptionRow> subst_rows(SubstOptions& o) {
    return {
        positional(ValueKind::file, "args", o.arguments,
                   "PATTERN REPLACEMENT [PATH...], or PATH... with -e")
            .repeat(),
        text("-e,--expression", o.expression, "EXPR",
             "a vim substitute command: '[range]s/pattern/replacement/[flags]'"),
        choice<std::string>("--regex", o.regex, {{"vim", "vim"}, {"pcre", "pcre"}}, "SYNTAX",
                            "the pattern syntax of -e: vim (the default) or pcre"),
        flag("-c,--confirm", o.confirm, "ask before each replacement (one key on the terminal)"),
        flag("-F,--fixed-strings", o.fixed_strings, "PATTERN (and REPLACEMENT) are literal text"),
        flag("-i,--ignore-case", o.ignore_case, "match regardless of case"),
        flag("-w,--word", o.word, "match whole words only"),
        flag("--dry-run", o.dry_run, "print a unified diff, change nothing"),
        text("--include", o.include, "GLOB",
             "in directories, only edit files whose name matches GLOB")
            .repeat(),
        text("--exclude", o.exclude, "GLOB",
             "in directories, skip files and directories matching GLOB")
            .repeat(),
        flag("--hidden", o.hidden, "in directories, include hidden files"),
        flag("--no-ignore", o.no_ignore,
             "in directories, also edit what .gitignore, .git/info/exclude, git's global "
             "excludes file and .ignore files leave out"),
        flag("-v,--verbose", o.verbose, "name each skipped file on stderr"),
        flag("--backup", o.backup, "keep the old version as PATH~ (--backup=SUFFIX: PATH+SUFFIX)"),
        text("--backup-suffix", o.backup_suffix, "SUFFIX", "the backup suffix").hide(),
        flag("--binary", o.binary, "also edit files that look binary"),
        flag("--undo", o.undo,
             "put back the files of the last run that wrote (--undo=N: the Nth newest) "
             "whose content is still what tbx wrote"),
        number("--undo-run", o.undo_run, "N", "the run to undo").hide(),
        flag("--list-runs", o.list_runs, "list the runs in the undo journal, newest first"),
        flag("--no-journal", o.no_journal, "keep no undo journal for this run"),
        flag("--force", o.force,
             "also write files without write permission and files of another owner "
             "(those in place, not atomically), as vim's :w!"),
        flag("--hard-links", o.hard_links,
             "edit files with several hard links in place (not atomic)"),
        valued(ValueKind::file, "--files0-from", o.files0_from, "FILE",
               "read NUL-separated paths from FILE (- for stdin)"),
        flag("-q,--quiet", o.quiet, "no summary on stderr"),
        flag("--no-fsync", o.no_fsync,
             "do not fsync each file before renaming it (faster; still atomic for "
             "readers and against kill -9, not against power loss)"),
        number("-j,--threads", o.threads, "N",
               "files edited in parallel, and threads scanning one large file (default: "
               "the CPU count; at least 8 files when writing)"),
    };
}

} // namespace

Command make_subst_command() {
    Command command;
    command.name = "subst";
    command.summary = "Replace text in files like vim's :%s, atomically, with confirmation";
    command.doc.description = k_description;
    command.doc.examples = {
        {"tbx subst foo bar src/", "replace foo with bar in every file under src/"},
        {"tbx subst -e '%s/\\(\\w\\+\\)_id/\\u\\1Id/gc' main.c",
         "vim's substitute with confirmation (y/n/a/q/l/s/u/!)"},
        {"tbx subst --dry-run -w 'old_name' new_name .", "show a diff, change nothing"},
        {"tbx find . -name '*.py' -0 | tbx subst -c --files0-from - 'print (.*)' 'print($1)'",
         "confirm each change in files listed by another command"},
        {"printf 'a-b\\n' | tbx subst -- - +", "filter stdin to stdout"},
    };
    command.doc.sections = {
        {"PATTERN DIALECT", k_pattern_dialect_section},
        {"LINE BREAKS", k_line_breaks_section},
        {"CONFIRMATION", k_confirmation_section},
        {"SAFETY", k_safety_section},
        {"UNDO", k_undo_section},
        {"JSON", k_json_section},
    };
    command.doc.exit_codes = {
        {"0", "at least one replacement made (or found, with --dry-run or the n flag)"},
        {"1", "nothing replaced"},
        {"2", "an error: bad pattern, unreadable or unwritable file, no terminal for -c"},
        {"130", "interrupted"},
    };
    command.rewrite_args = [](const auto& /*rows*/, std::vector<std::string> args) {
        return rewrite_args(std::move(args));
    };
    command.plan = [] {
        auto options = std::make_shared<SubstOptions>();
        return Plan{
            subst_rows(*options), [options](Context& context) {
                // --backup=SUFFIX arrives as --backup-suffix (rewrite_args) and implies --backup.
                options->backup = options->backup || context.given("--backup-suffix");
                for (auto* list : {&options->arguments, &options->include, &options->exclude}) {
                    std::for_each(list->begin(), list->end(), unguard);
                }
                unguard(options->expression);
                unguard(options->files0_from);
                SubstRun run(*options, context);
                return run.run();
            }};
    };
    return command;
}

} // namespace tbx::cli
