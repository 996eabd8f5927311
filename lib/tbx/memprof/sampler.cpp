#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <poll.h>
#include <string>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

#include <tbx/memprof/proc_linux.hpp>
#include <tbx/memprof/sampler.hpp>

namespace tbx::memprof {

std::string_view metric_name(Metric metric) {
    switch (metric) {
    case Metric::rss:
        return "rss";
    case Metric::pss:
        return "pss";
    case Metric::uss:
        return "uss";
    }
    return "rss";
}

Result<Metric> parse_metric(std::string_view text) {
    for (Metric metric : {Metric::rss, Metric::pss, Metric::uss}) {
        if (text == metric_name(metric)) {
            return metric;
        }
    }
    return fail(ErrorKind::invalid_argument, "unknown metric, expected rss, pss or uss",
                std::string(text));
}

std::string_view peak_source_name(PeakSource source) {
    switch (source) {
    case PeakSource::sample:
        return "sample";
    case PeakSource::vmhwm:
        return "vmhwm";
    case PeakSource::rusage:
        return "rusage";
    case PeakSource::exit_vmhwm:
        return "exit_vmhwm";
    case PeakSource::lines_hook:
        return "lines_hook";
    }
    return "sample";
}

namespace {

using Clock = std::chrono::steady_clock;
using Nanos = std::chrono::nanoseconds;

// smaps_rollup costs 35 us to several ms a process: a pss/uss sample that reads it for every
// process is taken at most as often as keeps those reads under this share of one core
// (measured on the sampler's own CPU time); the samples in between add each process's RSS
// change since its last read to the pss/uss it read then.
constexpr double k_rollup_cpu_share = 0.03;

// The thread's CPU time to the nanosecond (getrusage's RUSAGE_THREAD moves in scheduler
// ticks, so a 3 ms smaps_rollup read often measured as nothing).
double thread_cpu_seconds() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// status costs about 16 us a read where statm costs 2 (measured here): RSS comes from statm
// at every sample, VmHWM (monotonic, so a late read loses nothing while the process lives)
// and the exec check from status at every sample of the default 0.1 s interval, and at most
// this often at shorter ones (with a tenth of slack for the schedule's jitter).
constexpr double k_status_period_s = 0.1;
constexpr double k_status_due_s = 0.9 * k_status_period_s;
// New processes are found by probing the pids allocated since the last look (loadavg's last
// pid; the first look starts at the root's pid, since its descendants' pids come after it)
// when they are few, and by listing /proc (about 170 us for 150 processes here) when they are
// many or wrapped around. A probed pid that is not visible yet (allocated, its process still
// being created) is probed once more at the next sample; a listing every few seconds is the
// backstop for anything else.
constexpr long k_max_probed_pids = 128;
constexpr double k_full_scan_period_s = 5.0;

// read_cmdline falls back to "[comm]" while a process has no arguments mapped: during its
// exec (a just-spawned root) or as a zombie.
bool is_comm_fallback(const std::string& cmd) {
    return !cmd.empty() && cmd.front() == '[';
}

// Blocks SIGCHLD in the sampling thread and reads it from a signalfd instead, so that the
// wait for the next sample also wakes for the traced root's stops (its exit stop above all:
// the root waits there until it is resumed). Restores the mask when done.
class ChildSignals {
public:
    ChildSignals() {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGCHLD);
        m_blocked = ::pthread_sigmask(SIG_BLOCK, &set, &m_previous) == 0;
        if (m_blocked) {
            m_fd = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
        }
    }
    ChildSignals(const ChildSignals&) = delete;
    ChildSignals& operator=(const ChildSignals&) = delete;
    ~ChildSignals() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        if (m_blocked) {
            ::pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
        }
    }
    /// Returns the signalfd (readable when a child stopped or exited), or -1.
    [[nodiscard]] int fd() const { return m_fd; }
    /// Consumes the pending notifications.
    void drain() const {
        signalfd_siginfo info{};
        while (m_fd >= 0 && ::read(m_fd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        }
    }

private:
    sigset_t m_previous{};
    bool m_blocked = false;
    int m_fd = -1;
};

struct Member {
    pid_t pid = 0;
    ProcFile statm;
    ProcFile status;
    ProcFile rollup;
    std::string name; // comm as last seen: a change means an exec, so the cmdline is re-read
    bool cmd_pending = false; // no cmdline yet (seen mid-exec): re-read at each status read
    bool live = true;
    double status_read_s = -1;      // when status was last read
    std::size_t record = 0;         // index into Profile::processes
    std::int64_t rollup_bytes = -1; // pss/uss at its last smaps_rollup read (-1: never read)
    std::int64_t rss_at_rollup = 0; // its RSS at that read
};

class Sampler {
public:
    Sampler(Child& child, const SamplerOptions& options, Profile& profile)
        : m_child(child), m_options(options), m_profile(profile), m_self(::getpid()) {}

    Result<void> run();

private:
    double seconds_since_start(Clock::time_point now) const {
        return std::chrono::duration<double>(now - m_child.start()).count();
    }
    void add_member(pid_t pid, pid_t ppid, double t);
    bool is_member(pid_t pid) const {
        return std::binary_search(m_member_pids.begin(), m_member_pids.end(), pid);
    }
    void scan_tree(double t);
    bool probe_pids(long previous, long last_pid);
    bool probe_pid(pid_t pid);
    void list_pids(double t);
    void admit_candidates(double t);
    void take_sample(double t);
    Sample measure(double t, bool read_rollups);
    std::uint64_t metric_value(Member& member, std::uint64_t rss, bool read_rollups,
                               Sample& sample);
    bool tree_changed(double t);
    void note_exact(std::uint64_t bytes, double t, PeakSource source, pid_t pid);
    bool reap_ready(double t);
    /// Returns true when the zombie `pid` never reaped a child (its ru_maxrss is its own).
    bool never_reaped(pid_t pid);
    /// Records what the reaped `pid` left: its ru_maxrss, its end, and for the root the status.
    void record_reaped(pid_t pid, bool reaped_nobody, int status, const rusage& usage, double t);
    bool handle_stop(pid_t pid, double t);
    bool wait_until(Clock::time_point deadline) const;

    Child& m_child;
    const SamplerOptions& m_options;
    Profile& m_profile;
    pid_t m_self;

    std::vector<Member> m_members;
    std::vector<pid_t> m_member_pids; // sorted, every pid ever admitted
    ProcLister m_lister;
    ProcFile m_loadavg;
    long m_last_pid_seen = -1;
    double m_last_full_scan_s = 0;
    std::vector<pid_t> m_unseen; // probed but not visible yet: probed again at the next sample
    std::vector<pid_t> m_retry;
    std::vector<pid_t> m_listed; // the latest /proc listing
    std::vector<pid_t> m_known;  // the previous listing: pids whose parent is known
    std::vector<std::pair<pid_t, pid_t>> m_candidates; // new pids and their parents
    std::array<char, 8192> m_buffer{};

    std::uint64_t m_exact_bytes = 0;
    double m_exact_time = 0;
    PeakSource m_exact_source = PeakSource::sample;
    pid_t m_exact_pid = 0;
    bool m_root_done = false;
    double m_last_reap_s = -1;
    double m_next_rollup_s = 0;        // pss/uss: when the next sample reads every smaps_rollup
    std::size_t m_tree_changes = 0;    // processes admitted or gone so far
    std::size_t m_rollup_changes = -1; // m_tree_changes at the last full smaps_rollup read
    ChildSignals m_child_signals;
};

void Sampler::add_member(pid_t pid, pid_t ppid, double t) {
    Member member;
    member.pid = pid;
    std::string base = "/proc/" + std::to_string(pid);
    auto status = ProcFile::open(base + "/status");
    if (!status) {
        return; // gone before we could look at it
    }
    member.status = std::move(*status);
    if (auto statm = ProcFile::open(base + "/statm")) {
        member.statm = std::move(*statm);
    }
    if (m_options.metric != Metric::rss) {
        if (auto rollup = ProcFile::open(base + "/smaps_rollup")) {
            member.rollup = std::move(*rollup);
        }
    }
    member.name = std::string(parse_status(member.status.read(m_buffer)).name);
    member.record = m_profile.processes.size();
    m_profile.processes.push_back(ProcessRecord{pid, ppid, read_cmdline(pid), 0, t, t});
    member.cmd_pending = is_comm_fallback(m_profile.processes.back().cmd);
    m_members.push_back(std::move(member));
    ++m_tree_changes;
    m_member_pids.insert(std::upper_bound(m_member_pids.begin(), m_member_pids.end(), pid), pid);
}

void Sampler::scan_tree(double t) {
    // Any new process or thread anywhere moves the last allocated pid: when it did not move,
    // the tree cannot have grown and there is nothing to look for.
    long last_pid = parse_loadavg_last_pid(m_loadavg.read(m_buffer));
    if (last_pid >= 0 && last_pid == m_last_pid_seen && m_unseen.empty()) {
        return;
    }
    long previous = m_last_pid_seen;
    m_last_pid_seen = last_pid;
    m_candidates.clear();
    bool probe = previous >= 0 && last_pid >= previous &&
                 last_pid - previous <= k_max_probed_pids &&
                 t - m_last_full_scan_s < k_full_scan_period_s;
    if (!probe || probe_pids(previous, last_pid)) {
        m_unseen.clear();
        list_pids(t);
    }
    admit_candidates(t);
}

// Probes the pids allocated in (previous, last_pid] and those not visible at the last probe.
// Returns true when a listing is needed: a late-visible process may have children that were
// probed (and passed over) before it was admitted.
bool Sampler::probe_pids(long previous, long last_pid) {
    m_retry.swap(m_unseen);
    m_unseen.clear();
    bool late_member = false;
    for (pid_t pid : m_retry) {
        late_member = probe_pid(pid) || late_member;
    }
    if (late_member) {
        return true;
    }
    for (long candidate = previous + 1; candidate <= last_pid; ++candidate) {
        auto pid = static_cast<pid_t>(candidate);
        if (!is_member(pid)) {
            probe_pid(pid);
        }
    }
    return false;
}

// Looks at one pid: returns true when it is a new process of the tree (added to the candidates).
bool Sampler::probe_pid(pid_t pid) {
    std::string base = "/proc/" + std::to_string(pid);
    auto file = ProcFile::open(base + "/stat");
    if (!file) {
        if (std::find(m_retry.begin(), m_retry.end(), pid) == m_retry.end()) {
            m_unseen.push_back(pid); // not created yet, or gone already: one more look
        }
        return false;
    }
    auto stat = parse_stat(file->read(m_buffer));
    // The parent may itself be new in this probe (pids ascend, so it was probed first): a
    // child forked by a process not admitted yet must not be passed over.
    const auto is_candidate = [&](pid_t parent) {
        return std::any_of(m_candidates.begin(), m_candidates.end(),
                           [&](const auto& candidate) { return candidate.first == parent; });
    };
    if (!stat || !(is_member(stat->ppid) || stat->ppid == m_self || is_candidate(stat->ppid))) {
        return false;
    }
    // A thread's id opens like a process but belongs to its group leader.
    auto status = ProcFile::open(base + "/status");
    if (status && parse_status(status->read(m_buffer)).tgid == pid) {
        m_candidates.emplace_back(pid, stat->ppid);
        return true;
    }
    return false;
}

void Sampler::list_pids(double t) {
    if (!m_lister.list(m_listed)) {
        return;
    }
    m_last_full_scan_s = t;
    m_candidates.clear();
    for (pid_t pid : m_listed) {
        if (std::binary_search(m_known.begin(), m_known.end(), pid) || is_member(pid)) {
            continue;
        }
        auto file = ProcFile::open("/proc/" + std::to_string(pid) + "/stat");
        if (!file) {
            continue;
        }
        if (auto stat = parse_stat(file->read(m_buffer))) {
            m_candidates.emplace_back(pid, stat->ppid);
        }
    }
    std::swap(m_known, m_listed);
}

void Sampler::admit_candidates(double t) {
    // Parents may be listed after their children (pid wrap-around): admit until stable.
    for (bool admitted = true; admitted;) {
        admitted = false;
        for (auto& [pid, ppid] : m_candidates) {
            if (pid > 0 && (is_member(ppid) || ppid == m_self)) {
                add_member(pid, ppid, t);
                pid = 0;
                admitted = true;
            }
        }
    }
}

void Sampler::note_exact(std::uint64_t bytes, double t, PeakSource source, pid_t pid) {
    // On a tie the exit figure is named: it is the one that covers the whole run.
    if (bytes > m_exact_bytes || (bytes == m_exact_bytes && source == PeakSource::exit_vmhwm)) {
        m_exact_bytes = bytes;
        m_exact_time = t;
        m_exact_source = source;
        m_exact_pid = pid;
    }
}

bool Sampler::tree_changed(double t) {
    std::size_t known = m_members.size();
    if (m_options.scope == Scope::tree) {
        scan_tree(t);
    }
    if (m_members.size() != known) {
        return true;
    }
    for (auto& member : m_members) {
        if (member.live) {
            StatusFields status = parse_status(member.status.read(m_buffer));
            if (!status.has_memory || status.state == 'Z' || status.state == 'X') {
                return true;
            }
        }
    }
    return false;
}

void Sampler::take_sample(double t) {
    if (m_options.scope == Scope::tree) {
        scan_tree(t);
    }
    // A process that arrives or leaves changes how the others' shared pages are divided: every
    // smaps_rollup is read again then, whatever the budget says.
    const bool read_rollups = m_options.metric != Metric::rss &&
                              (t >= m_next_rollup_s || m_tree_changes != m_rollup_changes);
    const double cpu_before = read_rollups ? thread_cpu_seconds() : 0;
    const std::size_t changes_before = m_tree_changes;
    Sample sample = measure(t, read_rollups);
    // A fork or an exit during a pss/uss sample changes how many processes share the pages
    // between two reads, so the sum over-or under-counts (seen: 233 MiB for a 200 MiB COW
    // tree); such a sample is taken again, at most twice.
    for (int retry = 0; retry < 2 && read_rollups && tree_changed(t); ++retry) {
        sample = measure(t, read_rollups);
    }
    if (read_rollups) {
        m_rollup_changes = changes_before;
        ++m_profile.rollup_samples;
        const double cost = thread_cpu_seconds() - cpu_before;
        m_next_rollup_s = t + std::max(m_options.interval_s, cost / k_rollup_cpu_share);
    }
    if (m_profile.samples.empty()) {
        m_profile.baseline_bytes = sample.bytes;
    }
    if (m_profile.samples.empty() || sample.bytes > m_profile.sampled_peak_bytes) {
        m_profile.sampled_peak_bytes = sample.bytes;
        m_profile.sampled_peak_time_s = t;
    }
    m_profile.samples.push_back(sample);
    if (m_options.on_sample) {
        m_options.on_sample(sample, std::max(m_profile.sampled_peak_bytes, m_exact_bytes));
    }
}

// Returns one process's pss or uss: read from smaps_rollup when `read_rollups` (or never read
// before), else estimated from its last read and its RSS change since (marking the sample).
std::uint64_t Sampler::metric_value(Member& member, std::uint64_t rss, bool read_rollups,
                                    Sample& sample) {
    if (read_rollups || member.rollup_bytes < 0) {
        RollupFields rollup = parse_smaps_rollup(member.rollup.read(m_buffer));
        if (!rollup.valid) {
            return 0;
        }
        const std::uint64_t value =
            m_options.metric == Metric::pss ? rollup.pss_bytes : rollup.uss_bytes;
        member.rollup_bytes = static_cast<std::int64_t>(value);
        member.rss_at_rollup = static_cast<std::int64_t>(rss);
        return value;
    }
    sample.estimated = true;
    const std::int64_t estimate =
        member.rollup_bytes + static_cast<std::int64_t>(rss) - member.rss_at_rollup;
    return static_cast<std::uint64_t>(std::max<std::int64_t>(estimate, 0));
}

Sample Sampler::measure(double t, bool read_rollups) {
    static const auto page_size = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    Sample sample{t, 0, 0};
    for (auto& member : m_members) {
        if (!member.live) {
            continue;
        }
        long long pages = parse_statm_resident_pages(member.statm.read(m_buffer));
        auto& record = m_profile.processes[member.record];
        bool status_due =
            member.status_read_s < 0 || pages <= 0 || t - member.status_read_s >= k_status_due_s;
        if (status_due) {
            StatusFields status = parse_status(member.status.read(m_buffer));
            member.status_read_s = t;
            if (!status.has_memory || status.state == 'Z' || status.state == 'X') {
                // Reaped (empty read) or a zombie: its memory is gone.
                member.live = false;
                ++m_tree_changes;
                member.statm.close();
                member.status.close();
                member.rollup.close();
                continue;
            }
            if (status.name != member.name || member.cmd_pending) {
                member.name = std::string(status.name);
                record.cmd = read_cmdline(member.pid);
                member.cmd_pending = is_comm_fallback(record.cmd);
            }
            if (m_options.metric == Metric::rss) {
                record.peak_bytes = std::max(record.peak_bytes, status.hwm_bytes);
                // An untraced root's VmHWM read while it runs is only a lower bound: it may
                // grow after the last read, and no exit stop will say by how much.
                if (member.pid != m_child.pid() || m_child.traced()) {
                    note_exact(status.hwm_bytes, t, PeakSource::vmhwm, member.pid);
                }
            }
        }
        if (pages <= 0) {
            continue;
        }
        std::uint64_t value = static_cast<std::uint64_t>(pages) * page_size;
        if (m_options.metric == Metric::rss) {
            record.peak_bytes = std::max(record.peak_bytes, value);
        } else {
            value = metric_value(member, value, read_rollups, sample);
            if (value == 0) {
                continue;
            }
            record.peak_bytes = std::max(record.peak_bytes, value);
        }
        record.last_seen_s = t;
        sample.bytes += value;
        ++sample.processes;
    }
    return sample;
}

// Reaps every exited child (the root and orphans reparented to us). Returns true once the
// root is reaped.
bool Sampler::reap_ready(double t) {
    for (;;) {
        siginfo_t info{};
        if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
            if (errno == EINTR) {
                continue;
            }
            break; // ECHILD
        }
        pid_t pid = info.si_pid;
        if (pid == 0) {
            break;
        }
        if (info.si_code == CLD_TRAPPED || info.si_code == CLD_STOPPED) {
            // A tracee's stop is reported even without WSTOPPED.
            if (handle_stop(pid, t)) {
                continue;
            }
            break;
        }
        const bool own_maxrss = never_reaped(pid);
        int status = 0;
        rusage usage{};
        pid_t reaped;
        do {
            reaped = ::wait4(pid, &status, 0, &usage);
        } while (reaped < 0 && errno == EINTR);
        if (reaped != pid) {
            break;
        }
        record_reaped(pid, own_maxrss, status, usage, t);
    }
    return m_root_done;
}

bool Sampler::never_reaped(pid_t pid) {
    // A zombie's stat still has cminflt: zero means it never reaped a child, so its
    // ru_maxrss is its own, usable even when descendants do not count.
    if (auto file = ProcFile::open("/proc/" + std::to_string(pid) + "/stat")) {
        if (auto stat = parse_stat(file->read(m_buffer))) {
            return stat->cminflt == 0;
        }
    }
    return false;
}

void Sampler::record_reaped(pid_t pid, bool reaped_nobody, int status, const rusage& usage,
                            double t) {
    const bool is_root = pid == m_child.pid();
    auto maxrss = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
    // Below the spawner's own peak, ru_maxrss may be the RSS inherited from the fork.
    bool trusted = maxrss > m_child.spawner_hwm_bytes();
    bool counts = m_options.scope == Scope::tree || (is_root && reaped_nobody);
    if (trusted && counts && m_options.metric == Metric::rss) {
        note_exact(maxrss, t, PeakSource::rusage, pid);
    }
    for (auto& member : m_members) {
        if (member.pid == pid && member.live) {
            member.live = false;
            ++m_tree_changes;
            member.statm.close();
            member.status.close();
            member.rollup.close();
        }
    }
    // A process's own row takes ru_maxrss only when no reaped child can have raised it.
    if (trusted && reaped_nobody && m_options.metric == Metric::rss) {
        for (auto& record : m_profile.processes) {
            if (record.pid == pid) {
                record.peak_bytes = std::max(record.peak_bytes, maxrss);
            }
        }
    }
    if (!is_root) {
        return;
    }
    m_root_done = true;
    m_profile.duration_s = t;
    m_profile.root_maxrss_bytes = maxrss;
    m_profile.root_maxrss_trusted = trusted;
    m_profile.child_user_s = static_cast<double>(usage.ru_utime.tv_sec) +
                             static_cast<double>(usage.ru_utime.tv_usec) / 1e6;
    m_profile.child_sys_s = static_cast<double>(usage.ru_stime.tv_sec) +
                            static_cast<double>(usage.ru_stime.tv_usec) / 1e6;
    if (WIFSIGNALED(status)) {
        m_profile.signal = WTERMSIG(status);
        m_profile.exit_code = 128 + WTERMSIG(status);
    } else {
        m_profile.exit_code = WEXITSTATUS(status);
    }
}

// Consumes the traced root's stop and resumes it; at its exit stop its VmHWM is the exact peak
// of the whole run (of the program's own memory: the exec replaced the forked copy of tbx).
// Returns false when there was no stop to consume.
bool Sampler::handle_stop(pid_t pid, double t) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG | __WALL) != pid || !WIFSTOPPED(status)) {
        return false;
    }
    TraceStop stop = handle_trace_stop(pid, status);
    if (stop.exit && stop.exit_hwm_bytes > 0 && pid == m_child.pid()) {
        m_profile.root_exit_hwm_bytes = stop.exit_hwm_bytes;
        if (m_options.metric == Metric::rss) {
            note_exact(stop.exit_hwm_bytes, t, PeakSource::exit_vmhwm, pid);
            for (auto& member : m_members) {
                if (member.pid == pid) {
                    auto& record = m_profile.processes[member.record];
                    record.peak_bytes = std::max(record.peak_bytes, stop.exit_hwm_bytes);
                }
            }
        }
    }
    return true;
}

// Sleeps until `deadline`; returns true early when the root exits (its pidfd polls readable)
// or a child stopped or exited (SIGCHLD).
bool Sampler::wait_until(Clock::time_point deadline) const {
    std::array<pollfd, 2> fds{pollfd{m_child.pidfd(), POLLIN, 0},
                              pollfd{m_child_signals.fd(), POLLIN, 0}};
    for (;;) {
        Clock::time_point now = Clock::now();
        if (now >= deadline) {
            return false;
        }
        auto wait = std::chrono::duration_cast<Nanos>(deadline - now);
        timespec timeout{static_cast<time_t>(wait.count() / 1000000000),
                         static_cast<long>(wait.count() % 1000000000)};
        if (::ppoll(fds.data(), fds.size(), &timeout, nullptr) > 0) {
            m_child_signals.drain();
            return true;
        }
        // 0: the deadline; EINTR: a forwarded signal, keep waiting.
    }
}

Result<void> Sampler::run() {
    double cpu_start = thread_cpu_seconds();
    if (m_options.scope == Scope::tree) {
        auto lister = ProcLister::open();
        if (!lister) {
            return tl::unexpected(lister.error());
        }
        m_lister = std::move(*lister);
        if (auto loadavg = ProcFile::open("/proc/loadavg")) {
            m_loadavg = std::move(*loadavg);
        }
        m_members.reserve(64);
        m_listed.reserve(1024);
        m_known.reserve(1024);
        m_candidates.reserve(256);
    }
    m_profile.samples.reserve(4096);
    add_member(m_child.pid(), m_self, 0);
    m_last_pid_seen = m_child.pid();

    auto interval =
        std::chrono::duration_cast<Nanos>(std::chrono::duration<double>(m_options.interval_s));
    interval = std::max(interval, Nanos(1000));
    Clock::time_point base = m_child.start();
    std::int64_t tick = 0;
    for (;;) {
        Clock::time_point before = Clock::now();
        take_sample(seconds_since_start(before));
        Clock::time_point after = Clock::now();
        // The root's exit wakes wait_until through its pidfd; other exited children (orphans
        // reparented to us keep their rusage as zombies) are reaped every status period.
        const double t = seconds_since_start(after);
        if (m_child.pidfd() < 0 || t - m_last_reap_s >= k_status_due_s) {
            m_last_reap_s = t;
            if (reap_ready(t)) {
                break;
            }
        }
        // A fixed schedule: tick k fires at base + k x interval; ticks already missed are
        // skipped rather than fired late in a burst.
        ++tick;
        Clock::time_point next = base + tick * interval;
        if (next <= after) {
            tick = (after - base) / interval + 1;
            next = base + tick * interval;
        }
        if (wait_until(next)) {
            const double woken = seconds_since_start(Clock::now());
            m_last_reap_s = woken;
            if (reap_ready(woken)) {
                break; // the root exited: reaped now rather than at the next tick
            }
        }
    }
    m_profile.interval_s = std::chrono::duration<double>(interval).count();
    // The exact figures are single-process high-water marks: the tree peak is at least the
    // largest of them, and at least the largest sampled sum.
    m_profile.peak_bytes = m_profile.sampled_peak_bytes;
    m_profile.peak_time_s = m_profile.sampled_peak_time_s;
    m_profile.peak_source = PeakSource::sample;
    // A lone process's samples are RSS readings of the process whose VmHWM was read at its
    // exit: one a few pages above it is the kernel's per-CPU counters drifting, not a peak.
    const bool lone_traced_root =
        m_profile.processes.size() == 1 && m_profile.root_exit_hwm_bytes > 0;
    if (m_exact_bytes > 0 && (m_exact_bytes >= m_profile.sampled_peak_bytes || lone_traced_root)) {
        m_profile.peak_bytes = m_exact_bytes;
        m_profile.peak_time_s = m_exact_time;
        m_profile.peak_source = m_exact_source;
        m_profile.peak_pid = m_exact_pid;
    }
    m_profile.sampler_cpu_s = thread_cpu_seconds() - cpu_start;
    return {};
}

} // namespace

Result<Profile> sample_until_exit(Child& child, std::vector<std::string> command,
                                  const SamplerOptions& options) {
    Profile profile;
    profile.command = std::move(command);
    profile.metric = options.metric;
    profile.scope = options.scope;
    profile.interval_s = options.interval_s;
    profile.requested_interval_s = options.interval_s;
    profile.root_traced = child.traced();
    Sampler sampler(child, options, profile);
    if (auto done = sampler.run(); !done) {
        return tl::unexpected(done.error());
    }
    return profile;
}

} // namespace tbx::memprof
