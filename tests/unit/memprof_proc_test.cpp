// Parsers of /proc files, on captured text and on this process's own files.
#include <string>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include <tbx/memprof/proc_linux.hpp>

using namespace tbx::memprof;

TEST_CASE("memprof: parse_stat reads pid, comm, state, ppid and cminflt", "[memprof]") {
    auto stat = parse_stat("9919 (cat) R 9916 9916 5239 0 -1 4194304 98 7 0 0 0 0 0 0 20 0 1 0 "
                           "100717 3133440 387 18446744073709551615\n");
    REQUIRE(stat);
    CHECK(stat->pid == 9919);
    CHECK(stat->comm == "cat");
    CHECK(stat->state == 'R');
    CHECK(stat->ppid == 9916);
    CHECK(stat->minflt == 98);
    CHECK(stat->cminflt == 7);
}

TEST_CASE("memprof: parse_stat takes the command name up to the last parenthesis", "[memprof]") {
    auto stat = parse_stat("42 (a) b) (c) Z 1 42 42 0 -1 4194304 1 0 0 0");
    REQUIRE(stat);
    CHECK(stat->comm == "a) b) (c");
    CHECK(stat->state == 'Z');
    CHECK(stat->ppid == 1);
}

TEST_CASE("memprof: parse_stat rejects malformed lines", "[memprof]") {
    CHECK_FALSE(parse_stat(""));
    CHECK_FALSE(parse_stat("12 cat R 1"));
    CHECK_FALSE(parse_stat("12 (cat)"));
    CHECK_FALSE(parse_stat("12 (cat) R 1 2"));
}

TEST_CASE("memprof: parse_status reads Name, State, VmRSS and VmHWM", "[memprof]") {
    auto status = parse_status("Name:\tcat\nUmask:\t0022\nState:\tR (running)\nVmPeak:\t    3060 "
                               "kB\nVmHWM:\t    1612 kB\nVmRSS:\t    1500 kB\nRssAnon:\t 112 kB\n");
    CHECK(status.name == "cat");
    CHECK(status.state == 'R');
    CHECK(status.hwm_bytes == 1612 * 1024);
    CHECK(status.rss_bytes == 1500 * 1024);
    CHECK(status.has_memory);
}

TEST_CASE("memprof: parse_status of a zombie has no memory", "[memprof]") {
    auto status = parse_status("Name:\tsh\nState:\tZ (zombie)\nTgid:\t5\nThreads:\t1\n");
    CHECK(status.state == 'Z');
    CHECK_FALSE(status.has_memory);
    CHECK(status.rss_bytes == 0);
}

TEST_CASE("memprof: parse_smaps_rollup sums private pages into USS", "[memprof]") {
    auto rollup = parse_smaps_rollup(
        "562ce6f1b000-7ffec1b2f000 ---p 00000000 00:00 0   [rollup]\nRss:     1672 kB\nPss:      "
        "363 kB\nPss_Dirty:  116 kB\nShared_Clean:  1492 kB\nShared_Dirty: 0 kB\nPrivate_Clean:  "
        "64 kB\nPrivate_Dirty:  116 kB\nSwap: 0 kB\n");
    CHECK(rollup.valid);
    CHECK(rollup.rss_bytes == 1672 * 1024);
    CHECK(rollup.pss_bytes == 363 * 1024);
    CHECK(rollup.uss_bytes == (64 + 116) * 1024);
    CHECK_FALSE(parse_smaps_rollup("").valid);
}

TEST_CASE("memprof: parse_loadavg_last_pid reads the last field", "[memprof]") {
    CHECK(parse_loadavg_last_pid("0.30 0.32 0.24 2/99 9922\n") == 9922);
    CHECK(parse_loadavg_last_pid("garbage") == -1);
    CHECK(parse_loadavg_last_pid("") == -1);
}

TEST_CASE("memprof: ProcFile re-reads this process's status through one descriptor", "[memprof]") {
    auto file = ProcFile::open("/proc/self/status");
    REQUIRE(file);
    std::vector<char> buffer(8192);
    auto first = parse_status(file->read(buffer));
    auto second = parse_status(file->read(buffer));
    CHECK(first.has_memory);
    CHECK(second.rss_bytes > 0);
    CHECK(second.hwm_bytes >= second.rss_bytes);
    CHECK(self_hwm_bytes() > 0);
    CHECK_FALSE(ProcFile::open("/proc/self/no-such-file"));
}

TEST_CASE("memprof: ProcLister lists this process, sorted", "[memprof]") {
    auto lister = ProcLister::open();
    REQUIRE(lister);
    std::vector<pid_t> pids;
    REQUIRE(lister->list(pids));
    REQUIRE(lister->list(pids)); // rewinding works
    CHECK(std::is_sorted(pids.begin(), pids.end()));
    CHECK(std::binary_search(pids.begin(), pids.end(), ::getpid()));
}

TEST_CASE("memprof: read_cmdline joins arguments with spaces", "[memprof]") {
    std::string cmdline = read_cmdline(::getpid());
    CHECK(cmdline.find("tbx_unit_tests") != std::string::npos);
    CHECK(read_cmdline(::getpid(), 5).size() == 5);
}

TEST_CASE("memprof: parse_statm_resident_pages reads the second field", "[memprof]") {
    CHECK(parse_statm_resident_pages("3060 387 300 5 0 90 0\n") == 387);
    CHECK(parse_statm_resident_pages("0 0 0 0 0 0 0\n") == 0);
    CHECK(parse_statm_resident_pages("12") == -1);
    CHECK(parse_statm_resident_pages("") == -1);
}

TEST_CASE("memprof: parse_status reads Tgid, which tells threads from processes", "[memprof]") {
    CHECK(parse_status("Name:\tx\nTgid:\t41\nPid:\t42\n").tgid == 41);
}
