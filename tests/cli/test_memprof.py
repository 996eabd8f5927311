"""End-to-end tests of `tbx memprof` on C workloads compiled here (tests/cli/memprof/workload.c).

Tolerances are stated where they are used. Nothing asserts wall-clock time: schedules only
matter through what the kernel's own counters say (VmHWM, ru_maxrss), which the tests compare
with /usr/bin/time -v and memory_profiler's mprof as references.
"""

import base64
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import tbx_binary

MIB = 1024 * 1024
HERE = Path(__file__).resolve().parent


def run_tbx(*args, input=b"", timeout=120):
    """Runs tbx with bytes I/O; returns the CompletedProcess."""
    return subprocess.run([tbx_binary(), *args], input=input, capture_output=True,
                          timeout=timeout)


def profile_json(*args, **kwargs):
    """Runs `tbx memprof --json -o FILE ARGS` and returns (CompletedProcess, parsed document)."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        result = run_tbx("memprof", "--json", "-o", str(report), *args, **kwargs)
        assert report.exists(), result.stderr.decode(errors="replace")
        return result, json.loads(report.read_bytes())


@pytest.fixture(scope="session")
def workload(tmp_path_factory):
    """Compiles the workload program once per session and returns its path."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler")
    out = tmp_path_factory.mktemp("memprof") / "workload"
    subprocess.run([compiler, "-O2", "-o", str(out), str(HERE / "memprof" / "workload.c")],
                   check=True)
    return str(out)


@pytest.fixture(scope="session")
def hwm_at_exit(tmp_path_factory):
    """Compiles the test's own oracle (tests/cli/memprof/hwm_at_exit.c): VmHWM at exit."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler")
    out = tmp_path_factory.mktemp("memprof") / "hwm_at_exit"
    subprocess.run([compiler, "-O2", "-o", str(out), str(HERE / "memprof" / "hwm_at_exit.c")],
                   check=True)

    def measure(argv):
        result = subprocess.run([str(out), *argv], capture_output=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return int(result.stdout.splitlines()[-1])

    return measure


def time_v_maxrss(argv):
    """Returns GNU time's "Maximum resident set size" in bytes for argv."""
    result = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, timeout=120)
    match = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert match, result.stderr
    return int(match.group(1)) * 1024


needs_time = pytest.mark.skipif(not os.path.exists("/usr/bin/time"), reason="GNU time missing")


def test_json_schema(workload):
    result, doc = profile_json("--interval", "0.05", "--", workload, "steady", "20", "0.3")
    assert result.returncode == 0
    for key, kind in [("command", list), ("exit_code", int), ("duration_s", float),
                      ("interval_s", float), ("metric", str), ("peak_bytes", int),
                      ("peak_time_s", float), ("baseline_bytes", int), ("samples", list),
                      ("processes", list)]:
        assert isinstance(doc[key], kind), key
    assert doc["command"] == [workload, "steady", "20", "0.3"]
    assert doc["signal"] is None
    assert doc["metric"] == "rss"
    assert doc["interval_s"] == 0.05
    assert doc["baseline_bytes"] == doc["samples"][0]["memory_bytes"]
    times = [s["t_s"] for s in doc["samples"]]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert all(set(s) >= {"t_s", "memory_bytes", "processes", "estimated"}
               for s in doc["samples"])
    assert doc["processes"][0].keys() >= {"pid", "ppid", "cmd", "peak_bytes"}
    assert doc["processes"][0]["cmd"].startswith(workload)


@needs_time
def test_steady_peak_matches_gnu_time(workload):
    # Steady 300 MiB: within +5% of 300 MiB, and within 2% of GNU time's ru_maxrss.
    argv = [workload, "steady", "300", "0.3"]
    _, doc = profile_json("--", *argv)
    assert 300 * MIB <= doc["peak_bytes"] <= 315 * MIB
    reference = time_v_maxrss(argv)
    assert abs(doc["peak_bytes"] - reference) <= 0.02 * reference
    assert doc["peak_exact"] is True


@needs_time
def test_spike_between_samples_is_caught(workload):
    # A 200 MiB spike right after start, then 1.5 s idle: samples at 0 s and 1 s miss it
    # unless the machine is so loaded that the spike lasts a second.
    argv = [workload, "spike", "10", "200", "0", "1.5"]
    _, doc = profile_json("--interval", "1", "--", *argv)
    reference = time_v_maxrss(argv)
    assert doc["peak_bytes"] >= 210 * MIB
    assert abs(doc["peak_bytes"] - reference) <= 0.02 * reference
    # On a loaded machine the spike may still be under way at 1 s; when the samples missed
    # it, the peak must come from an exact source.
    if doc["sampled_peak_bytes"] < 200 * MIB:
        assert doc["peak_source"] in ("vmhwm", "rusage", "exit_vmhwm")


@needs_time
def test_spike_inside_short_lived_grandchild(workload):
    # The grandchild touches 150 MiB and exits long before the first sample after start:
    # only wait4's ru_maxrss, propagated through the reaping parents, can see it.
    argv = [workload, "grandspike", "150", "1.5"]
    _, doc = profile_json("--interval", "1", "--", *argv)
    reference = time_v_maxrss(argv)
    assert doc["peak_bytes"] >= 150 * MIB
    assert abs(doc["peak_bytes"] - reference) <= 0.02 * reference
    assert doc["peak_source"] in ("vmhwm", "rusage", "exit_vmhwm")


def test_children_with_private_memory_are_summed(workload):
    # 4 children with 40 MiB each, alive together for 1 s once all have touched their memory
    # (they say so through a pipe): the sum is at least 160 MiB,
    # at most 4 x 40 MiB + 5 MiB of program text and stacks per process.
    _, doc = profile_json("--interval", "0.05", "--", workload, "children", "4", "40", "1")
    assert 160 * MIB <= doc["sampled_peak_bytes"] <= 185 * MIB
    assert doc["peak_bytes"] >= doc["sampled_peak_bytes"]
    assert max(s["processes"] for s in doc["samples"]) == 5
    assert len(doc["processes"]) == 5
    root = doc["processes"][0]
    assert sum(1 for p in doc["processes"] if p["ppid"] == root["pid"]) == 4
    # The root only forks and waits: its own row must not take its children's ru_maxrss.
    assert root["peak_bytes"] < 10 * MIB
    assert max(s.get("processes", 0) for s in doc["samples"]) == 5


def test_no_children_counts_the_root_alone(workload):
    # The root only waits: a few hundred KiB. Its ru_maxrss covers the reaped children,
    # so it must not be taken: under 10 MiB.
    _, doc = profile_json("--no-children", "--interval", "0.05", "--", workload, "children", "3",
                          "40", "0.5")
    assert doc["peak_bytes"] < 10 * MIB
    assert len(doc["processes"]) == 1
    assert all(s["processes"] <= 1 for s in doc["samples"])


def test_cow_tree_pss_counts_shared_pages_once(workload):
    # A parent touching 100 MiB and 4 children reading it: RSS ~500 MiB, PSS ~100 MiB (the
    # issue's 200 MiB case, halved to keep the test short). Tolerance: PSS within 95..120 MiB,
    # RSS sum at least 450 MiB, USS at most PSS.
    argv = [workload, "cowtree", "100", "4", "1"]
    _, pss = profile_json("--metric", "pss", "--interval", "0.05", "--", *argv)
    assert 95 * MIB <= pss["peak_bytes"] <= 120 * MIB
    assert pss["metric"] == "pss"
    _, rss = profile_json("--interval", "0.05", "--", *argv)
    assert rss["peak_bytes"] >= 450 * MIB
    _, uss = profile_json("--metric", "uss", "--interval", "0.05", "--", *argv)
    assert uss["peak_bytes"] <= pss["peak_bytes"]


@pytest.mark.parametrize("argv", [["true"], ["ls", "-R", "/usr/include"],
                                  ["/usr/bin/python3", "-c", "pass"]])
def test_exact_peak_of_short_commands_matches_vmhwm_at_exit(argv, hwm_at_exit):
    # The cases: each run's "exact" peak equals the program's own high-water mark
    # (VmHWM at a ptrace exit stop in the test's own helper) within 5% or 256 KiB, run after
    # run. The oracle runs are separate, so the figure is their median.
    oracle = sorted(hwm_at_exit(argv) for _ in range(3))[1]
    tolerance = max(0.05 * oracle, 256 * 1024)
    for _ in range(5):
        with tempfile.TemporaryDirectory() as scratch:
            report = Path(scratch) / "report.json"
            with open(os.devnull, "wb") as sink:
                subprocess.run([tbx_binary(), "memprof", "--json", "-o", str(report), "--", *argv],
                               stdout=sink, check=True, timeout=120)
            doc = json.loads(report.read_text())
        assert doc["peak_exact"] is True
        assert doc["peak_source"] == "exit_vmhwm"
        assert abs(doc["peak_bytes"] - oracle) <= tolerance, (doc["peak_bytes"], oracle)


def test_traced_root_keeps_signals_and_job_control(workload):
    # The exit-stop tracer passes signals on unchanged (SIGTERM handled by the child) and a
    # SIGSTOP really stops it until SIGCONT.
    proc = subprocess.Popen([tbx_binary(), "memprof", "--quiet", "--", "sh", "-c",
                             "trap 'echo term; exit 9' TERM; echo ready; "
                             "while :; do sleep 0.05; done"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"ready\n"
        root = int(subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True)
                   .stdout.split()[0])
        os.kill(root, signal.SIGSTOP)
        for _ in range(200):
            state = Path(f"/proc/{root}/stat").read_text().rsplit(")", 1)[1].split()[0]
            if state in ("T", "t"):
                break
            subprocess.run(["sleep", "0.02"])
        assert state in ("T", "t")
        os.kill(root, signal.SIGCONT)
        os.kill(root, signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert out == b"term\n"
    assert proc.returncode == 9


def test_many_short_lived_children(workload):
    # 500 children, 8 at a time: the sampler neither crashes nor stalls, and never counts
    # more than the 8 + 1 processes that can be alive at once.
    result, doc = profile_json("--interval", "0.01", "--", workload, "many", "500", "0")
    assert result.returncode == 0
    assert doc["exit_code"] == 0
    assert 1 <= len(doc["processes"]) <= 501
    assert max(s["processes"] for s in doc["samples"]) <= 9


def test_orphans_stay_in_the_tree(workload):
    # The middle process exits at once; its child is reparented to tbx, the subreaper, touches
    # 80 MiB, tells the root, and lives 2 s while the root sleeps 1 s: it is still counted.
    _, doc = profile_json("--interval", "0.05", "--", workload, "orphan", "80", "2", "1")
    assert doc["sampled_peak_bytes"] >= 80 * MIB
    tbx_children = [p for p in doc["processes"] if p["pid"] != doc["processes"][0]["pid"]]
    assert tbx_children


def test_exit_code_is_passed_on(workload):
    result, doc = profile_json("--", workload, "exit", "7")
    assert result.returncode == 7
    assert doc["exit_code"] == 7
    assert doc["signal"] is None


def test_signal_death_is_128_plus_n(workload):
    result, doc = profile_json("--", workload, "segv")
    assert result.returncode == 128 + signal.SIGSEGV
    assert doc["signal"] == signal.SIGSEGV
    assert doc["exit_code"] == 128 + signal.SIGSEGV
    human = run_tbx("memprof", "--", workload, "segv")
    assert b"SIGSEGV" in human.stderr


def test_command_not_found_127_not_executable_126(tmp_path):
    missing = run_tbx("memprof", "--", "tbx-no-such-command-anywhere")
    assert missing.returncode == 127
    assert b"tbx memprof: error: command not found (tbx-no-such-command-anywhere)" in missing.stderr
    script = tmp_path / "not-executable"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o644)
    denied = run_tbx("memprof", "--", str(script))
    assert denied.returncode == 126
    assert b"error:" in denied.stderr
    # The shell agrees on both.
    assert subprocess.run(["sh", "-c", "tbx-no-such-command-anywhere"],
                          capture_output=True).returncode == 127
    assert subprocess.run(["sh", "-c", str(script)], capture_output=True).returncode == 126


def test_stdio_is_inherited(workload):
    data = bytes(range(256)) * 1000
    result = run_tbx("memprof", "--quiet", "--", workload, "cat", input=data)
    assert result.returncode == 0
    assert result.stdout == data
    assert result.stderr == b""


def test_closed_pipe_kills_the_command_as_in_a_shell():
    # tbx ignores SIGPIPE for itself; the command must get the default disposition back, so
    # `tbx memprof -- yes | head -1` ends with yes killed by SIGPIPE (status 128+13), as
    # `yes | head -1` does in a shell, instead of yes failing with EPIPE forever or exiting 1.
    pipeline = f"'{tbx_binary()}' memprof --quiet -- yes | head -1; echo \"${{PIPESTATUS[0]}}\""
    result = subprocess.run(["bash", "-c", pipeline], capture_output=True, timeout=60)
    assert result.stdout.split() == [b"y", str(128 + signal.SIGPIPE).encode()]


def test_child_options_are_not_taken_for_tbx(workload):
    # Without "--", everything from the command on belongs to the command.
    result = run_tbx("memprof", "--json", "sh", "-c", "echo --quiet; exit 5", "--max", "x")
    assert result.returncode == 5
    assert result.stdout == b"--quiet\n"
    doc = json.loads(result.stderr)
    assert doc["command"] == ["sh", "-c", "echo --quiet; exit 5", "--max", "x"]


def test_max_budget(workload):
    argv = [workload, "steady", "100", "0.2"]
    over = run_tbx("memprof", "--max", "50M", "--", *argv)
    assert over.returncode == 3
    assert re.search(rb"error: peak 10\d MiB exceeded the budget of 50\.0 MiB", over.stderr)
    assert b"command " in over.stderr  # the report is still printed
    assert run_tbx("memprof", "--max", "1.5GiB", "--", *argv).returncode == 0
    # A failing command keeps its own status even over budget.
    assert run_tbx("memprof", "--max", "1M", "--", workload, "exit", "7").returncode == 7
    # --quiet drops the report, never the line that says why the step failed.
    quiet = run_tbx("memprof", "--quiet", "--max", "50M", "--", *argv)
    assert quiet.returncode == 3
    assert re.fullmatch(rb"tbx memprof: error: peak 10\d MiB exceeded the budget of 50\.0 MiB "
                        rb"\(--max 50M\)\n", quiet.stderr)
    _, doc = profile_json("--max", "50M", "--", *argv)
    assert doc["budget_exceeded"] is True and doc["budget_bytes"] == 50 * MIB
    _, doc = profile_json("--max", "1G", "--", *argv)
    assert doc["budget_exceeded"] is False
    # The command's own 3 passes through: the JSON tells it from a budget failure.
    own, doc = profile_json("--max", "1G", "--", workload, "exit", "3")
    assert own.returncode == 3 and doc["exit_code"] == 3 and doc["budget_exceeded"] is False
    assert b"exceeded" not in own.stderr
    bad = run_tbx("memprof", "--max", "lots", "--", *argv)
    assert bad.returncode == 2 and b"invalid size" in bad.stderr


def test_usage_errors_exit_2(workload):
    assert run_tbx("memprof", "--interval", "0", "--", workload, "exit", "0").returncode == 2
    assert run_tbx("memprof", "--metric", "vsz", "--", workload, "exit", "0").returncode == 2
    assert run_tbx("memprof").returncode == 2


def test_human_summary(workload):
    result = run_tbx("memprof", "--interval", "0.05", "--", workload, "children", "2", "30",
                     "0.4")
    text = result.stderr.decode()
    assert result.returncode == 0
    assert result.stdout == b""
    assert re.search(r"^command   .*workload children 2 30 0\.4$", text, re.M)
    assert re.search(r"^status    exit 0$", text, re.M)
    assert re.search(r"^peak      \d.* MiB at \d+\.\d\d s \((exact|sampled): ", text, re.M)
    assert re.search(r"^baseline  ", text, re.M)
    assert re.search(r"^samples   MiB \[\d+\.\d", text, re.M)
    assert "processes (3 seen" in text
    assert "rss over time (MiB)" in text
    for line in text.splitlines():
        assert len(line) <= 80, line


def test_quiet_prints_nothing(workload):
    result = run_tbx("memprof", "--quiet", "--", workload, "steady", "5", "0.1")
    assert result.returncode == 0
    assert result.stderr == b"" and result.stdout == b""


def test_csv_and_svg(workload, tmp_path):
    csv_path = tmp_path / "mem.csv"
    svg_path = tmp_path / "mem.svg"
    _, doc = profile_json("--interval", "0.05", "--csv", str(csv_path), "--plot",
                          str(svg_path), "--max", "1G", "--", workload, "spike", "20", "60",
                          "0.2", "0.3")
    lines = csv_path.read_text().splitlines()
    assert lines[0] == "t,bytes,processes"
    assert len(lines) == len(doc["samples"]) + 1
    first = lines[1].split(",")
    assert float(first[0]) == pytest.approx(doc["samples"][0]["t_s"], abs=1e-6)
    assert int(first[1]) == doc["samples"][0]["memory_bytes"]
    svg = svg_path.read_text()
    assert svg.startswith("<?xml") and svg.rstrip().endswith("</svg>")
    assert f"{workload} spike 20 60 0.2 0.3" in svg
    assert "time (s)" in svg and "RSS (MiB)" in svg and "peak " in svg
    if shutil.which("rsvg-convert") is None:
        pytest.skip("rsvg-convert missing (librsvg2-bin)")
    png = tmp_path / "mem.png"
    subprocess.run(["rsvg-convert", "-o", str(png), str(svg_path)], check=True)
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (800, 420)


def test_sigterm_is_forwarded_and_status_passed_on(workload):
    # The child ignores SIGTERM for 0.5 s after getting it, then exits 42: tbx forwards the
    # signal, keeps sampling, and passes 42 on.
    proc = subprocess.Popen([tbx_binary(), "memprof", "--json", "--interval", "0.05", "--", workload,
                             "ignoreterm", "0.5", "42"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"ready\n"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 42
    assert out == b"got TERM\n"
    doc = json.loads(err)
    assert doc["exit_code"] == 42


def test_sigint_kills_child_and_status_is_130(workload):
    proc = subprocess.Popen([tbx_binary(), "memprof", "--quiet", "--", "sh", "-c",
                             "echo ready; exec sleep 30"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"ready\n"
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGINT


@pytest.mark.skipif(not os.path.exists("/usr/bin/python3-mprof"), reason="mprof missing")
def test_mprof_never_sees_more_than_tbx(workload, tmp_path):
    # mprof samples only: its highest sample is a lower bound of the peak tbx reports, and
    # on a steady workload within 5% of it.
    argv = [workload, "steady", "120", "1"]
    subprocess.run(["/usr/bin/python3-mprof", "run", "--interval", "0.1", "-o",
                    str(tmp_path / "mprof.dat"), *argv], capture_output=True, check=True,
                   timeout=120)
    mem = [float(line.split()[1]) * MIB for line in
           (tmp_path / "mprof.dat").read_text().splitlines() if line.startswith("MEM ")]
    _, doc = profile_json("--interval", "0.1", "--", *argv)
    assert max(mem) <= doc["peak_bytes"] * 1.02
    assert max(mem) >= doc["peak_bytes"] * 0.95


def test_live_line_on_a_terminal(workload, tmux, tbx_bin):
    # On a terminal a live line shows current and peak memory while the command runs and is
    # erased before the report.
    tmux.start(f"{tbx_bin} memprof --interval 0.05 -- {workload} steady 40 3")
    screen = tmux.wait_for(" now  peak ")
    assert re.search(r"tbx memprof: \d+\.\d s  .* now  peak .*  1 proc", screen)
    screen = tmux.wait_for("[exit 0]", timeout=60)
    assert " now  peak " not in screen
    assert "command   " in screen and "peak      " in screen


# ---- Outputs: checked before the command runs, written through special files ----


def test_json_report_never_shares_stdout_with_the_command():
    # The report goes to stderr like time(1); the command's stdout stays its own.
    result = run_tbx("memprof", "--json", "--", "/usr/bin/python3", "-c", "print('x')")
    assert result.returncode == 0
    assert result.stdout == b"x\n"
    doc = json.loads(result.stderr)
    assert doc["command"][0] == "/usr/bin/python3"
    # -o - puts it on stdout when the user asks for that.
    result = run_tbx("memprof", "--json", "-o", "-", "--", "true")
    assert json.loads(result.stdout)["exit_code"] == 0
    assert result.stderr == b""


def test_json_report_through_a_pipe_beside_the_commands_output():
    # The documented idiom: the report on fd 3 into a pipe, the command's stdout discarded.
    script = (f"'{tbx_binary()}' memprof --json -o /dev/fd/3 -- sh -c 'echo noise' "
              "3>&1 >/dev/null | cat")
    result = subprocess.run(["bash", "-c", script], capture_output=True, timeout=60)
    assert json.loads(result.stdout)["command"] == ["sh", "-c", "echo noise"]


def test_human_report_to_output_file(tmp_path):
    report = tmp_path / "report.txt"
    result = run_tbx("memprof", "-o", str(report), "--", "sh", "-c", "echo out; echo err >&2")
    assert result.returncode == 0
    assert result.stdout == b"out\n" and result.stderr == b"err\n"
    assert re.search(r"^command   sh -c ", report.read_text(), re.M)


@pytest.mark.parametrize("option", ["--csv", "--plot", "-o"])
def test_bad_output_path_stops_before_the_command(tmp_path, option):
    marker = tmp_path / "ran"
    command = ["--", "sh", "-c", f"touch '{marker}'"]
    for path, message in [("/nonexistent/dir/x.svg", b"No such file or directory"),
                          (str(tmp_path), b"is a directory"),
                          (str(tmp_path / "file" / "x.svg"), b"")]:
        (tmp_path / "file").write_text("")
        result = run_tbx("memprof", option, path, *command)
        assert result.returncode == 2, path
        assert result.stderr.startswith(b"tbx memprof: error: ")
        assert message in result.stderr
        assert not marker.exists()


def test_unwritable_directory_is_refused_up_front(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes everywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = run_tbx("memprof", "--csv", str(locked / "x.csv"), "--", "true")
    assert result.returncode == 2 and b"Permission denied" in result.stderr


def test_plot_format_by_extension(tmp_path):
    marker = tmp_path / "ran"
    result = run_tbx("memprof", "--plot", str(tmp_path / "chart.png"), "--", "touch",
                     str(marker))
    assert result.returncode == 2
    assert b"unsupported plot format" in result.stderr and b"chart.png" in result.stderr
    assert not (tmp_path / "chart.png").exists() and not marker.exists()
    assert run_tbx("memprof", "--quiet", "--plot", str(tmp_path / "chart.SVG"), "--",
                   "true").returncode == 0
    assert (tmp_path / "chart.SVG").read_text().startswith("<?xml")


def test_dash_is_stdout():
    result = run_tbx("memprof", "--quiet", "--csv", "-", "--", "true")
    assert result.returncode == 0
    assert result.stdout.startswith(b"t,bytes,processes\n")
    assert not os.path.exists("-")
    svg = run_tbx("memprof", "--quiet", "--plot", "-", "--", "true")
    assert svg.stdout.startswith(b"<?xml") and svg.stdout.rstrip().endswith(b"</svg>")
    both = run_tbx("memprof", "--csv", "-", "--plot", "/dev/stdout", "--", "true")
    assert both.returncode == 2 and b"write to the same place" in both.stderr


def test_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "samples"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = run_tbx("memprof", "--quiet", "--csv", str(fifo), "--", "true")
    out, _ = reader.communicate(timeout=60)
    assert result.returncode == 0
    assert out.startswith(b"t,bytes,processes\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_process_substitution_and_dev_stdout_symlink(tmp_path):
    # bash's >(...) is /dev/fd/63; /dev/stdout is a symlink that must survive (as root too).
    script = (f"'{tbx_binary()}' memprof --quiet --csv >(wc -l > '{tmp_path}/count') -- true; "
              "wait; sleep 0.1")
    subprocess.run(["bash", "-c", script], check=True, timeout=60)
    for _ in range(100):
        if (tmp_path / "count").exists() and (tmp_path / "count").read_text().strip():
            break
        subprocess.run(["sleep", "0.05"])
    assert int((tmp_path / "count").read_text()) >= 2
    before = os.readlink("/dev/stdout")
    out_file = tmp_path / "chart.svg"
    with open(out_file, "wb") as sink:
        result = subprocess.run([tbx_binary(), "memprof", "--quiet", "--plot", "/dev/stdout",
                                 "--", "true"], stdout=sink, timeout=60)
    assert result.returncode == 0
    assert os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == before
    assert out_file.read_text().startswith("<?xml")


def test_symlinks_are_followed_never_replaced(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "new.csv")
    assert run_tbx("memprof", "--quiet", "--csv", str(link), "--plot", str(tmp_path / "p.svg"),
                   "-o", str(dangling), "--", "true").returncode == 0
    assert link.is_symlink() and target.read_text().startswith("t,bytes,processes\n")
    assert dangling.is_symlink() and (tmp_path / "new.csv").read_text().startswith("command ")


def test_character_device_is_written_through():
    # /dev/null as root: replacing it with a regular file would break the whole machine.
    result = run_tbx("memprof", "--quiet", "--csv", "/dev/null", "--plot", "/dev/full", "--",
                     "true")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    # /dev/full is written through, so the write fails with ENOSPC (exit 2), not replaced.
    assert result.returncode == 2 and b"No space left on device" in result.stderr


def test_plot_rerenders_a_saved_run(workload, tmp_path):
    csv_path, report = tmp_path / "mem.csv", tmp_path / "report.json"
    argv = [workload, "steady", "30", "0.3"]
    assert run_tbx("memprof", "--quiet", "--max", "20M", "--interval", "0.05", "--csv",
                   str(csv_path), "--json", "-o", str(report), "--", *argv).returncode == 3
    doc = json.loads(report.read_text())
    from_json = tmp_path / "from-json.svg"
    assert run_tbx("memprof", "plot", str(report), "-o", str(from_json)).returncode == 0
    svg = from_json.read_text()
    assert svg.startswith("<?xml") and " ".join(argv) in svg
    assert "budget" in svg  # the report's --max comes along
    from_csv = tmp_path / "from-csv.svg"
    assert run_tbx("memprof", "plot", str(csv_path), "-o", str(from_csv)).returncode == 0
    assert str(csv_path) in from_csv.read_text()
    piped = run_tbx("memprof", "plot", "-", "-o", "-", input=csv_path.read_bytes())
    assert piped.returncode == 0 and piped.stdout.startswith(b"<?xml")
    # The report knows its peak was exact; bare samples only give the highest sample.
    assert doc["peak_exact"] and "(exact)" in svg
    assert b"(sampled)" in piped.stdout


def test_plot_reads_a_report_saved_before_the_json_convention(tmp_path):
    # Reports saved by older tbx named the sample fields "t" and "bytes"; they must still plot.
    report = tmp_path / "old.json"
    report.write_text(json.dumps({
        "command": ["old-job"], "duration_s": 1.0, "peak_bytes": 3 * 2**20, "peak_time_s": 0.5,
        "peak_source": "sample", "metric": "rss", "budget_bytes": 2 * 2**20,
        "samples": [{"t": 0.0, "bytes": 2**20, "processes": 1},
                    {"t": 0.5, "bytes": 3 * 2**20, "processes": 1},
                    {"t": 1.0, "bytes": 2**20, "processes": 1}]}))
    result = run_tbx("memprof", "plot", str(report), "-o", "-")
    assert result.returncode == 0, result.stderr
    svg = result.stdout.decode()
    assert "old-job" in svg and "peak 3.00 MiB at 0.50 s (sampled)" in svg
    assert "budget 2.00 MiB" in svg
    assert svg.count(",") > 3  # the samples' polyline


def test_json_report_is_one_line_and_keeps_command_bytes(tmp_path):
    name = os.fsencode(tmp_path) + b"/arg\xff"
    result = subprocess.run([tbx_binary(), "memprof", "--json", "--", "/bin/true", name],
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith(b"\n") and result.stderr.count(b"\n") == 1
    doc = json.loads(result.stderr)
    assert isinstance(doc, dict)
    assert doc["command"] == ["/bin/true", name.decode("utf-8", "replace")]
    assert [base64.b64decode(word) for word in doc["command_base64"]] == [b"/bin/true", name]


def test_plot_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("t,bytes,processes\n0.1,x,1\n")
    result = run_tbx("memprof", "plot", str(bad), "-o", str(tmp_path / "a.svg"))
    assert result.returncode == 2 and b"bad CSV line 2" in result.stderr
    result = run_tbx("memprof", "plot", str(bad), "-o", str(tmp_path / "a.png"))
    assert result.returncode == 2 and b"unsupported plot format" in result.stderr
    result = run_tbx("memprof", "plot", str(tmp_path / "missing.json"), "-o", "-")
    assert result.returncode == 2 and b"missing.json" in result.stderr
    # A program named plot still runs after --.
    assert run_tbx("memprof", "--quiet", "--", "plot").returncode == 127


def test_pss_keeps_the_interval_and_says_which_samples_are_estimated(workload):
    # smaps_rollup is read only as often as 3% of a core allows: the interval stays as asked
    # (it used to double silently), samples in between are marked estimated, and the
    # copy-on-write tree still reads as its 100 MiB.
    _, doc = profile_json("--metric", "pss", "--interval", "0.01", "--", workload, "cowtree",
                          "100", "4", "1")
    assert doc["interval_s"] == 0.01
    assert 1 <= doc["rollup_samples"] <= len(doc["samples"])
    assert all(isinstance(s["estimated"], bool) for s in doc["samples"])
    assert sum(not s["estimated"] for s in doc["samples"]) >= doc["rollup_samples"]
    assert 95 * MIB <= doc["peak_bytes"] <= 120 * MIB
    _, rss = profile_json("--interval", "0.05", "--", workload, "steady", "5", "0.2")
    assert rss["rollup_samples"] == 0 and not any(s["estimated"] for s in rss["samples"])
    human = run_tbx("memprof", "--metric", "pss", "--interval", "0.01", "--", workload,
                    "cowtree", "50", "2", "1")
    note = re.search(rb"^note      pss read from smaps_rollup at (\d+) of (\d+) samples",
                     human.stderr, re.M)
    assert note is None or int(note.group(1)) < int(note.group(2))


@pytest.mark.skipif(not (os.path.exists("/usr/bin/passwd") and
                         os.stat("/usr/bin/passwd").st_mode & stat.S_ISUID),
                    reason="no set-user-ID passwd")
def test_set_user_id_program_runs_untraced_and_its_peak_is_not_called_exact():
    # A traced exec would drop passwd's privileges for a user without CAP_SYS_PTRACE, so tbx
    # does not trace it; then a VmHWM read while it ran is no exact figure for the run.
    _, doc = profile_json("--", "/usr/bin/passwd", "--help")
    assert doc["root_traced"] is False and doc["root_exit_hwm_bytes"] is None
    root = doc["processes"][0]["pid"]
    assert not (doc["peak_source"] in ("vmhwm", "exit_vmhwm") and doc["peak_pid"] == root)
    human = run_tbx("memprof", "--", "/usr/bin/passwd", "--help")
    assert b"note      not traced (set-id program or no ptrace)" in human.stderr
