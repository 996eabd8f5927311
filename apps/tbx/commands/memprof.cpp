// tbx memprof: runs a command and reports the memory of its whole process tree over time.
// The library samples and renders; this file turns flags into options, forwards signals to the
// child, draws the live line and picks the exit status (the child's, like time(1)).

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>
#include <signal.h>
#include <string>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <tbx/core/atomic_file.hpp>
#include <tbx/core/terminal.hpp>
#include <tbx/memprof/lines.hpp>
#include <tbx/memprof/output.hpp>
#include <tbx/memprof/report.hpp>
#include <tbx/memprof/sampler.hpp>
#include <tbx/memprof/saved.hpp>
#include <tbx/memprof/spawn.hpp>

#include "cli/command.hpp"
#include "cli/declare.hpp"
#include "cli/output.hpp"
#include "commands/memprof_render.hpp"

namespace tbx::cli {

namespace {

struct MemprofOptions {
    double interval = 0.1;
    bool no_children = false;
    memprof::Metric metric = memprof::Metric::rss;
    std::string csv;
    std::string plot;
    std::string output;
    std::string max;
    std::vector<std::string> lines; ///< --lines values; "" for the default choice
    bool quiet = false;
    std::vector<std::string> command;
};

/// Holds the options of `tbx memprof plot`.
struct PlotOptions {
    std::string input;
    std::string output;
    std::string max;
};

// Signal forwarding needs process-wide state: the handler only sees these two atomics.
std::atomic<pid_t> g_child_pid{0};
std::atomic<int> g_pending_signal{0};
static_assert(std::atomic<pid_t>::is_always_lock_free);

constexpr int k_forwarded_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void forward_signal(int signal, siginfo_t* info, void* /*context*/) {
    int saved_errno = errno;
    pid_t child = g_child_pid.load();
    if (child <= 0) {
        g_pending_signal.store(signal);
    } else if (!(info != nullptr && info->si_code == SI_KERNEL &&
                 ::getpgid(child) == ::getpgrp())) {
        // A terminal's Ctrl-C (SI_KERNEL) already reached the child through the foreground
        // process group; sending it again would deliver it twice.
        ::kill(child, signal);
    }
    errno = saved_errno;
}

// Installs the forwarding handlers for the lifetime of the object and restores the old ones.
class SignalForwarder {
public:
    SignalForwarder() {
        struct sigaction action {};
        action.sa_sigaction = forward_signal;
        action.sa_flags = SA_SIGINFO | SA_RESTART;
        sigemptyset(&action.sa_mask);
        for (std::size_t i = 0; i < std::size(k_forwarded_signals); ++i) {
            ::sigaction(k_forwarded_signals[i], &action, &m_previous[i]);
        }
    }
    SignalForwarder(const SignalForwarder&) = delete;
    SignalForwarder& operator=(const SignalForwarder&) = delete;
    ~SignalForwarder() {
        g_child_pid.store(0);
        for (std::size_t i = 0; i < std::size(k_forwarded_signals); ++i) {
            ::sigaction(k_forwarded_signals[i], &m_previous[i], nullptr);
        }
    }

    /// Starts forwarding to `pid`, first delivering a signal that arrived during the spawn.
    void attach(pid_t pid) {
        g_child_pid.store(pid);
        if (int pending = g_pending_signal.exchange(0); pending != 0) {
            ::kill(pid, pending);
        }
    }

private:
    struct sigaction m_previous[std::size(k_forwarded_signals)]{};
};

// Writes to stderr at once, through the output layer (the live line, the report).
void write_stderr(std::string_view text) {
    OutputBuffer err(stderr);
    err.write(text);
}

// Writes one output: standard output and error through the output layer (a closed pipe ends
// quietly), any other target through the library (a descriptor, a special file, a replace).
Result<void> write_target(const memprof::OutputTarget& target, std::string_view content) {
    if (target.kind != memprof::OutputKind::descriptor ||
        (target.fd != STDOUT_FILENO && target.fd != STDERR_FILENO)) {
        return memprof::write_output(target, content);
    }
    OutputBuffer output(target.fd == STDOUT_FILENO ? stdout : stderr);
    output.write(content);
    if (!output.flush() && output.failed()) {
        return tl::unexpected(errno_error(errno, "cannot write", target.path));
    }
    return {};
}

// Gives a bare --lines its value: the next word when a "--" follows it later (`--lines
// app.py:main -- python3 app.py`), else none (`--lines python3 app.py`: the command starts
// there). CLI11 then sees --lines=VALUE or --lines=* (the default choice).
std::vector<std::string> attach_lines_values(std::vector<std::string> args) {
    const auto separator = std::find(args.begin(), args.end(), "--");
    for (std::size_t i = 0;
         i < args.size() && args.begin() + static_cast<std::ptrdiff_t>(i) < separator; ++i) {
        if (args[i] != "--lines") {
            continue;
        }
        const bool valued = separator != args.end() && i + 1 < args.size() &&
                            args.begin() + static_cast<std::ptrdiff_t>(i + 1) < separator &&
                            !args[i + 1].starts_with("-");
        if (valued) {
            args[i] += "=" + args[i + 1];
            args.erase(args.begin() + static_cast<std::ptrdiff_t>(i + 1));
            return attach_lines_values(std::move(args));
        }
        args[i] = "--lines=*";
    }
    return args;
}

// The checked destinations of one run: every path is checked before the command starts.
struct Destinations {
    std::optional<memprof::OutputTarget> csv;
    std::optional<memprof::OutputTarget> plot;
    std::optional<memprof::OutputTarget> report; ///< -o; the report goes to stderr without it
};

Result<Destinations> check_destinations(const MemprofOptions& options) {
    Destinations destinations;
    std::vector<std::pair<std::string, const memprof::OutputTarget*>> seen;
    auto check = [&](const std::string& path, const char* option,
                     std::optional<memprof::OutputTarget>& slot) -> Result<void> {
        if (path.empty()) {
            return {};
        }
        auto target = memprof::check_output(path);
        if (!target) {
            return tl::unexpected(target.error());
        }
        for (const auto& [other, earlier] : seen) {
            bool same_fd = earlier->kind == memprof::OutputKind::descriptor &&
                           target->kind == memprof::OutputKind::descriptor &&
                           earlier->fd == target->fd;
            if (same_fd || earlier->path == target->path) {
                return fail(ErrorKind::invalid_argument,
                            fmt::format("{} and {} write to the same place", other, option), path);
            }
        }
        slot = std::move(*target);
        seen.emplace_back(option, &*slot);
        return {};
    };
    if (!options.plot.empty()) {
        if (auto format = memprof::plot_format(options.plot); !format) {
            return tl::unexpected(format.error());
        }
    }
    const std::pair<const std::string*, std::optional<memprof::OutputTarget>*> steps[] = {
        {&options.csv, &destinations.csv},
        {&options.plot, &destinations.plot},
        {&options.output, &destinations.report},
    };
    const char* names[] = {"--csv", "--plot", "--output"};
    for (std::size_t i = 0; i < std::size(steps); ++i) {
        if (auto checked = check(*steps[i].first, names[i], *steps[i].second); !checked) {
            return tl::unexpected(checked.error());
        }
    }
    return destinations;
}

// Renders the report (JSON or human) for its destination.
std::string render_report(const memprof::Profile& profile, std::optional<std::uint64_t> budget,
                          const std::optional<std::vector<memprof::PythonLines>>& lines,
                          bool to_stderr, bool json) {
    const bool exceeded = budget && profile.peak_bytes > *budget;
    if (json) {
        auto doc = memprof_view::report_json(profile);
        doc["budget_bytes"] = budget ? nlohmann::ordered_json(*budget) : nullptr;
        doc["budget_exceeded"] = exceeded;
        if (lines) {
            doc["lines"] = memprof_view::lines_json(*lines);
        }
        return json_line(doc) + "\n";
    }
    memprof_view::SummaryOptions summary;
    summary.columns = to_stderr ? core::terminal_columns(STDERR_FILENO).value_or(80) : 80;
    summary.budget = budget;
    std::string text = memprof_view::format_summary(profile, summary);
    if (lines) {
        text += "\n" + memprof_view::format_lines(*lines);
    }
    return text;
}

// Writes the CSV, the plot and the report; returns false when one of them failed.
bool write_destinations(const Destinations& destinations, const memprof::Profile& profile,
                        const MemprofOptions& options, std::optional<std::uint64_t> budget,
                        const std::optional<std::vector<memprof::PythonLines>>& lines,
                        Context& ctx) {
    bool ok = true;
    auto write = [&](const std::optional<memprof::OutputTarget>& target, auto&& render) {
        if (target) {
            if (auto written = write_target(*target, render()); !written) {
                ctx.error(written.error().describe());
                ok = false;
            }
        }
    };
    write(destinations.csv, [&] { return memprof::format_csv(profile); });
    write(destinations.plot, [&] { return memprof_view::format_svg(profile, budget); });
    if (destinations.report) {
        write(destinations.report,
              [&] { return render_report(profile, budget, lines, false, ctx.json()); });
    } else if (ctx.json() || !options.quiet) {
        write_stderr(render_report(profile, budget, lines, true, ctx.json()));
    }
    return ok;
}

// `tbx memprof plot`: re-renders a saved run (--csv or --json output) as an SVG chart.
int run_plot(const PlotOptions& options, Context& ctx) {
    std::optional<std::uint64_t> budget;
    if (!options.max.empty()) {
        auto parsed = memprof::parse_size(options.max);
        if (!parsed) {
            ctx.error(parsed.error().describe());
            return k_exit_error;
        }
        budget = *parsed;
    }
    auto format = memprof::plot_format(options.output);
    auto target = format ? memprof::check_output(options.output)
                         : Result<memprof::OutputTarget>(tl::unexpected(format.error()));
    if (!target) {
        ctx.error(target.error().describe());
        return k_exit_error;
    }
    auto text = core::read_file(options.input == "-" ? "/dev/stdin" : options.input);
    if (!text) {
        ctx.error(text.error().describe());
        return k_exit_error;
    }
    auto run = memprof::parse_saved_run(*text, options.input);
    if (!run) {
        ctx.error(run.error().describe());
        return k_exit_error;
    }
    if (auto written = write_target(
            *target, memprof_view::format_svg(run->profile, budget ? budget : run->budget));
        !written) {
        ctx.error(written.error().describe());
        return k_exit_error;
    }
    return 0;
}

// Draws the live line on stderr (a terminal), redrawn at most 5 times a second.
class LiveLine {
public:
    void draw(const memprof::Sample& sample, std::uint64_t peak) {
        if (m_last_drawn >= 0 && sample.t - m_last_drawn < 0.2) {
            return;
        }
        m_last_drawn = sample.t;
        write_stderr(fmt::format("\r\033[Ktbx memprof: {:.1f} s  {} now  peak {}  {} proc",
                                 sample.t, memprof_view::format_size(sample.bytes),
                                 memprof_view::format_size(peak), sample.processes));
    }

    /// Erases the line, if one was drawn.
    void clear() const {
        if (m_last_drawn >= 0) {
            write_stderr("\r\033[K");
        }
    }

private:
    double m_last_drawn = -1;
};

// The budget of --max, if given.
Result<std::optional<std::uint64_t>> parse_budget(const std::string& max) {
    if (max.empty()) {
        return std::optional<std::uint64_t>{};
    }
    auto parsed = memprof::parse_size(max);
    if (!parsed) {
        return tl::unexpected(parsed.error());
    }
    return std::optional<std::uint64_t>{*parsed};
}

// The sampler's settings from the flags, without the live-line callback.
memprof::SamplerOptions sampler_options(const MemprofOptions& options) {
    memprof::SamplerOptions sampler;
    sampler.interval_s = options.interval;
    sampler.metric = options.metric;
    sampler.scope = options.no_children ? memprof::Scope::root_only : memprof::Scope::tree;
    return sampler;
}

// The --lines hook's session, or none without --lines.
Result<std::optional<memprof::LinesSession>> start_lines_session(const MemprofOptions& options) {
    if (options.lines.empty()) {
        return std::optional<memprof::LinesSession>{};
    }
    std::vector<memprof::LinesTarget> targets;
    for (const auto& value : options.lines) {
        targets.push_back(memprof::parse_lines_target(value == "*" ? "" : value));
    }
    auto session = memprof::LinesSession::create(targets);
    if (!session) {
        return tl::unexpected(session.error());
    }
    return std::optional<memprof::LinesSession>{std::move(*session)};
}

// Collects the --lines tables, folds the hook's peaks into the profile, and notes what the
// hook missed: no profiled function, or Python processes that ran without it.
std::vector<memprof::PythonLines> collect_lines(memprof::LinesSession& session,
                                                memprof::Profile& profile, Context& ctx) {
    auto lines = session.collect();
    memprof::apply_hook_peaks(profile, lines);
    const bool any_table = std::any_of(
        lines.begin(), lines.end(), [](const auto& process) { return !process.functions.empty(); });
    if (!any_table) {
        ctx.note("--lines: no profiled Python function ran (decorate functions with "
                 "@profile, or name them with --lines FILE:FUNCTION)");
    }
    for (const auto& process : memprof::unhooked_python_processes(profile, session.hooked_pids())) {
        ctx.warning(fmt::format("python process {} ran without the --lines hook (python -I, "
                                "-E or -S skip it, as does a reset PYTHONPATH): {}",
                                process.pid, process.cmd));
    }
    return lines;
}

// Writes the outputs and picks the exit status: the command's, else 2 when an output failed,
// else 3 when the peak exceeded the budget.
int finish_run(const Destinations& destinations, const memprof::Profile& profile,
               const MemprofOptions& options, std::optional<std::uint64_t> budget,
               const std::optional<std::vector<memprof::PythonLines>>& lines, Context& ctx) {
    int status = profile.exit_code;
    if (!write_destinations(destinations, profile, options, budget, lines, ctx) && status == 0) {
        status = k_exit_error;
    }
    if (budget && profile.peak_bytes > *budget && status == 0) {
        // Printed even with --quiet: a CI log must say why the step failed.
        ctx.error(fmt::format("peak {} exceeded the budget of {} (--max {})",
                              memprof_view::format_size(profile.peak_bytes),
                              memprof_view::format_size(*budget), options.max));
        return k_exit_budget;
    }
    return status;
}

int run_memprof(const MemprofOptions& options, Context& ctx) {
    if (options.command.empty()) {
        ctx.error("missing command to profile (tbx memprof [OPTIONS] -- COMMAND [ARGS...])");
        return k_exit_error;
    }
    auto budget = parse_budget(options.max);
    if (!budget) {
        ctx.error(budget.error().describe());
        return k_exit_error;
    }
    auto destinations = check_destinations(options);
    if (!destinations) {
        ctx.error(destinations.error().describe());
        return k_exit_error;
    }

    memprof::SamplerOptions sampler = sampler_options(options);
    LiveLine live_line;
    if (!options.quiet && core::is_terminal(STDERR_FILENO)) {
        sampler.on_sample = [&live_line](const memprof::Sample& sample, std::uint64_t peak) {
            live_line.draw(sample, peak);
        };
    }

    auto lines_session = start_lines_session(options);
    if (!lines_session) {
        ctx.error(lines_session.error().describe());
        return k_exit_error;
    }
    std::vector<std::string> environment;
    if (*lines_session) {
        environment = (*lines_session)->environment();
    }

    SignalForwarder forwarder;
    auto child = memprof::spawn_child(options.command,
                                      options.no_children ? memprof::Subreaper::leave
                                                          : memprof::Subreaper::enable,
                                      memprof::Trace::exit_stop, environment);
    if (!child) {
        ctx.error(child.error().describe());
        return memprof::spawn_failure_status(child.error());
    }
    forwarder.attach(child->pid());
    auto profile = memprof::sample_until_exit(*child, options.command, sampler);
    live_line.clear();
    if (!profile) {
        ctx.error(profile.error().describe());
        return k_exit_error;
    }

    std::optional<std::vector<memprof::PythonLines>> lines;
    if (*lines_session) {
        lines = collect_lines(**lines_session, *profile, ctx);
    }
    return finish_run(*destinations, *profile, options, *budget, lines, ctx);
}

// The man page's DESCRIPTION.
constexpr const char* k_description =
    "Runs COMMAND with its standard input, output and error untouched, samples the memory "
    "of the command and all its descendants on a fixed schedule (start + k x interval), "
    "and reports on standard error (or to -o FILE), like time(1): the peak, the baseline "
    "(first sample), the samples in "
    "MiB, a table of the processes seen and a chart of memory over time. On a terminal a "
    "live line shows the current and peak memory while the command runs.\n\n"
    "The peak is the true high-water mark, not just the highest sample. tbx starts the "
    "command with fork and exec and traces it (ptrace, only PTRACE_O_TRACEEXIT: signals "
    "and job-control stops pass through unchanged) so that it stops inside its exit with "
    "its memory still mapped: the VmHWM read there is the program's own peak, exact even "
    "for a command that lives a millisecond (peak source exit_vmhwm). The peak is the "
    "largest of that, the highest sampled sum over live processes, the largest VmHWM of "
    "any process (/proc/PID/status, read at every sample) and the wait4 ru_maxrss of "
    "reaped processes (when it exceeds what tbx itself held at spawn, so it cannot be "
    "inherited from tbx). A spike between two samples, even inside a short-lived "
    "grandchild, still shows. The report says which figure is exact and which is sampled. "
    "Summed tree figures are sampled: two processes peaking at the same moment between "
    "samples are seen one at a time. Where ptrace is not allowed (a seccomp filter, Yama "
    "ptrace_scope 3), and for set-user-ID, set-group-ID and file-capability programs "
    "(sudo, passwd, ping: a traced exec would drop their privileges), the command runs "
    "untraced: root_traced is false in --json, the report says so, and its VmHWM read "
    "while it runs no longer counts as exact. A command that must not be traced (a "
    "debugger attaching to it) cannot be profiled with the exit stop.\n\n"
    "--lines prints, after the report, memory_profiler's line-by-line table (Line #, Mem "
    "usage, Increment, Occurrences, Line Contents, with memory_profiler's arithmetic) plus "
    "a Peak in line column, the highest RSS while the line ran (at least the RSS it "
    "started with), which shows what a line allocates and frees before it ends, for "
    "every Python process of the tree. It works through a sitecustomize module that tbx "
    "puts first on PYTHONPATH (the sitecustomize it shadows still runs first); it injects "
    "memory_profiler's @profile as a builtin, so decorated scripts run unchanged. Only "
    "decorated functions are reported when there are any, else the functions of the main "
    "script; --lines FILE[:FUNCTION] (repeatable) chooses explicitly, and takes its value "
    "only when the command comes after --. Python 3.12 and later are traced with "
    "sys.monitoring, older ones with sys.settrace. The peak in a line comes from "
    "resetting VmHWM through /proc/self/clear_refs at each line; the hook's running "
    "maximum keeps the whole run's peak exact (peak source lines_hook). python -I, -E and "
    "-S skip the hook: tbx warns about Python processes it saw without it. The hook is "
    "compiled into tbx and written to a private directory under TMPDIR for the run.\n\n"
    "Descendants are found by scanning the parent ids in /proc, only when a new process "
    "was created (the last pid in /proc/loadavg moved); tbx becomes a child subreaper so "
    "orphaned and daemonized grandchildren stay in the tree. Sampling stops when COMMAND "
    "itself exits.\n\n"
    "--metric pss or uss reads /proc/PID/smaps_rollup, which gives correct totals for "
    "forked workers sharing copy-on-write pages, but costs 35 us to several ms per "
    "process. So that those reads stay under 3% of a core, a sample reads every "
    "process's smaps_rollup only as often as its measured cost allows; the samples in "
    "between add each process's RSS change since its last read to the pss or uss read "
    "then (marked estimated in --json, and counted in the report). With pss or uss the "
    "peak is the highest sample.\n\n"
    "The exit status is the command's, 128+N when it died of signal N, 127 when it cannot "
    "be found and 126 when it is not executable, like a shell. SIGINT, SIGTERM, SIGHUP and "
    "SIGQUIT sent to tbx are forwarded to the command (a terminal's Ctrl-C already reaches "
    "it directly and is not sent twice); tbx keeps sampling until it exits.\n\n"
    "Sizes for --max: K, M, G, T are powers of 1024 (500M, 2G), as are KiB..TiB (1.5GiB); "
    "kB..TB are powers of 1000; a bare number is bytes. When the command succeeded but its "
    "peak exceeded --max, tbx exits 3 and prints one line saying so on standard error, "
    "even with --quiet. A command that itself exits 3 also gives 3 (its status is passed "
    "on unchanged): tell the two apart by that line, or by budget_exceeded and exit_code "
    "in the --json report.\n\n"
    "Outputs: the report (human, or one line of JSON with --json) goes to standard error, "
    "never to standard output, which belongs to the command; -o FILE writes it to FILE "
    "instead (then --quiet still silences only the live line and stderr). --csv, --plot and "
    "-o take - for standard output, /dev/fd/N (bash's >(...)), /dev/stdout and /dev/stderr "
    "(written to the descriptor itself, keeping the shell's redirection), and existing "
    "FIFOs, character devices and symlinks, which are written through and never replaced; "
    "a regular file is replaced atomically. Every output path is checked before the "
    "command starts: a missing directory, a directory, an unwritable place or an "
    "unsupported --plot extension (only .svg is written) is an error (exit 2) and the "
    "command does not run. --json writes one object on one line (docs/json.md): sizes in "
    "bytes (_bytes), times in seconds (_s), samples as {t_s, memory_bytes, processes, "
    "estimated}; a command line or process command that is not UTF-8 shows U+FFFD and "
    "keeps its exact bytes in a command_base64 or cmd_base64 sibling.";

// The options of `tbx memprof`, one row each, bound to `o`.
std::vector<OptionRow> memprof_rows(MemprofOptions& o) {
    return {
        number("--interval", o.interval, "SEC", "Seconds between samples (default 0.1)")
            .within(0.001, 3600.0),
        flag("--no-children", o.no_children,
             "Count the command's own process only, not its descendants"),
        choice<memprof::Metric>(
            "--metric", o.metric,
            {{"rss", memprof::Metric::rss},
             {"pss", memprof::Metric::pss},
             {"uss", memprof::Metric::uss}},
            "METRIC", "Memory of one process: rss, or pss/uss from smaps_rollup (default rss)"),
        valued(ValueKind::file, "--csv", o.csv, "FILE",
               "Write the samples as CSV (t,bytes,processes); - is stdout"),
        valued(ValueKind::file, "--plot", o.plot, "FILE.svg",
               "Write an SVG chart of memory over time; - is stdout"),
        valued(ValueKind::file, "-o,--output", o.output, "FILE",
               "Write the report (human or --json) to FILE instead of stderr; - is stdout"),
        number("--max", o.max, "SIZE",
               "Exit 3 when the peak exceeds SIZE (500M, 2G, 1.5GiB) and the command "
               "succeeded"),
        valued(ValueKind::file, "--lines", o.lines, "[FILE[:FUNCTION]]",
               "Line-by-line memory of Python code (memory_profiler's table plus the peak "
               "in each line): @profile functions, else the main script's; or "
               "FILE[:FUNCTION], repeatable")
            .repeat(),
        flag("-q,--quiet", o.quiet,
             "No live line and no report on stderr (an over-budget line still)"),
        positional(ValueKind::command, "command", o.command,
                   "The command to run and its arguments, after --")
            .repeat(),
    };
}

// The options of `tbx memprof plot`, one row each, bound to `o`.
std::vector<OptionRow> plot_rows(PlotOptions& o) {
    return {
        positional(ValueKind::file, "input", o.input,
                   "The saved run (SAMPLES.csv or REPORT.json); - reads stdin")
            .require(),
        valued(ValueKind::file, "-o,--output", o.output, "FILE.svg", "The chart; - is stdout")
            .require(),
        number("--max", o.max, "SIZE", "Draw this budget line (default: the report's --max)"),
    };
}

} // namespace

Command make_memprof_command() {
    Command command;
    command.name = "memprof";
    command.summary = "Run a command and report the memory of its whole process tree";
    command.doc.description = k_description;
    command.doc.examples = {
        {"tbx memprof -- python3 train.py", "profile a script and its workers"},
        {"tbx memprof --interval 0.01 --plot mem.svg -- make -j8",
         "sample every 10 ms and write an SVG chart"},
        {"tbx memprof --max 2G --quiet -- ./run-tests.sh",
         "CI gate: exit 3 when the tree's peak exceeds 2 GiB"},
        {"tbx memprof --metric pss --json -o report.json -- gunicorn app:app",
         "count shared copy-on-write pages once, report as JSON in a file"},
        {"tbx memprof --json -o /dev/fd/3 -- make 3>&1 >/dev/null | jq .peak_bytes",
         "the JSON report into a pipe, the command's own output discarded"},
        {"tbx memprof --csv >(gzip > mem.csv.gz) -- ./job", "samples into a pipe"},
        {"tbx memprof --lines -- python3 script.py",
         "memory_profiler's line-by-line table, with the peak inside each line"},
        {"tbx memprof --lines app.py:load --json -o r.json -- python3 app.py",
         "one function's table, as JSON"},
        {"tbx memprof plot report.json -o chart.svg",
         "re-render a saved run (--json report or --csv samples), as mprof plot does"},
    };
    command.doc.exit_codes = {
        {"N", "the command's own exit status"},
        {"3", "the command succeeded but its peak exceeded --max (or the command exited 3)"},
        {"2", "usage error, or tbx could not profile"},
        {"126", "the command is not executable"},
        {"127", "the command was not found"},
        {"128+N", "the command died of signal N"},
        {"130", "interrupted: the command died of SIGINT, 128+2"},
    };
    command.rewrite_args = [](const auto& /*rows*/, std::vector<std::string> args) {
        return attach_lines_values(std::move(args));
    };
    // A "--" goes before the command when the user left it out (`tbx memprof make -j8`), so
    // the command's own options are never taken for tbx's.
    command.arg_order = ArgOrder::command_last;
    command.colors = false;
    command.setup = [](CLI::App& app) -> Runner {
        auto o = std::make_shared<MemprofOptions>();
        declare(app, memprof_rows(*o));
        auto plot_options = std::make_shared<PlotOptions>();
        auto* plot = app.add_subcommand(
            "plot", "Re-render a saved run (--csv samples or --json report) as an SVG chart");
        declare(*plot, plot_rows(*plot_options));
        return [o, plot_options, plot](Context& ctx) {
            return plot->parsed() ? run_plot(*plot_options, ctx) : run_memprof(*o, ctx);
        };
    };
    return command;
}

} // namespace tbx::cli
