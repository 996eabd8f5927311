// The --lines module: target parsing, the table's layout, peaks handed back by the hook.
#include <catch2/catch.hpp>

#include <tbx/memprof/lines.hpp>

#include "memprof_samples.hpp"

using namespace tbx::memprof;
using namespace tbx::memprof::testing;

TEST_CASE("parse_lines_target splits FILE:FUNCTION at a Python name", "[memprof][lines]") {
    CHECK(parse_lines_target("app.py").file == "app.py");
    CHECK(parse_lines_target("app.py").function.empty());
    CHECK(parse_lines_target("app.py:load").function == "load");
    CHECK(parse_lines_target("app.py:Loader.run").function == "Loader.run");
    CHECK(parse_lines_target("dir:x/app.py").file == "dir:x/app.py");
    CHECK(parse_lines_target("").file.empty());
}

TEST_CASE("apply_hook_peaks raises the peak to the hook's running maximum", "[memprof][lines]") {
    Profile profile;
    profile.peak_bytes = 30 * k_mib; // VmHWM at exit, lowered by the per-line resets
    profile.peak_source = PeakSource::exit_vmhwm;
    profile.processes = {{42, 1, "python3 app.py", 30 * k_mib, 0, 1}};
    apply_hook_peaks(profile, {sample_lines()});
    CHECK(profile.peak_bytes == 300 * k_mib);
    CHECK(profile.peak_source == PeakSource::lines_hook);
    CHECK(profile.peak_pid == 42);
    CHECK(profile.processes[0].peak_bytes == 300 * k_mib);
}

TEST_CASE("unhooked_python_processes names Python processes without the hook", "[memprof][lines]") {
    Profile profile;
    profile.processes = {{10, 1, "/usr/bin/python3 -I app.py", 0, 0, 1},
                         {11, 10, "python3.12 worker.py", 0, 0, 1},
                         {12, 10, "sh -c python3", 0, 0, 1}};
    auto missing = unhooked_python_processes(profile, {11});
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].pid == 10);
}
