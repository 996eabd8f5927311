#!/usr/bin/python3
"""Benchmarks tbx memprof against mprof (python3-memory-profiler) and /usr/bin/time -v.

Usage: bench/memprof/bench.py [--runs N] [--quick] [--only accuracy,pss,overhead,slowdown]     (env TBX_BIN, default build/release)

Prints, per workload, the peak each tool reports against the true peak, and the overhead:
the profiler's own CPU time and the slowdown of a CPU-bound child, as medians of N runs.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

MIB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]
TBX = os.environ.get("TBX_BIN", str(ROOT / "build" / "release" / "apps" / "tbx"))
MPROF = "/usr/bin/python3-mprof"


def wait_cpu(argv, **kwargs):
    """Runs argv; returns (stdout bytes, stderr bytes, CPU seconds of it and all it reaped)."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
    out, err = proc.communicate()
    # communicate() already reaped it: the children's rusage of this process grew by its share.
    return out, err, proc.returncode


def children_cpu():
    usage = os.times()
    return usage.children_user + usage.children_system


def measure(argv):
    before = children_cpu()
    out, err, rc = wait_cpu(argv)
    return out, err, rc, children_cpu() - before


def tbx_run(argv, interval, metric="rss"):
    # -o -: the JSON report on stdout (without it, the report goes to stderr).
    out, err, rc, cpu = measure([TBX, "memprof", "--json", "-o", "-", "--quiet",
                                 "--interval", str(interval),
                                 "--metric", metric, "--", *argv])
    doc = json.loads(out[out.index(b"{"):])
    child_cpu = doc["child_user_s"] + doc["child_sys_s"]
    return {"peak": doc["peak_bytes"], "sampled": doc["sampled_peak_bytes"],
            "sampler_cpu": doc["sampler_cpu_s"], "tbx_cpu": cpu - child_cpu, "stdout": out,
            "samples": len(doc["samples"]), "duration": doc["duration_s"]}


def mprof_run(argv, interval, tmp, children=True, backend="psutil"):
    dat = Path(tmp) / "mprof.dat"
    if dat.exists():
        dat.unlink()
    cmd = [MPROF, "run", "--interval", str(interval), "--backend", backend, "-o", str(dat)]
    if children:
        cmd.append("-C")
    out, err, rc, cpu = measure(cmd + argv)
    mem = []
    for line in dat.read_text().splitlines():
        if line.startswith("MEM "):
            mem.append(float(line.split()[1]) * MIB)
    return {"peak": max(mem) if mem else 0, "cpu": cpu, "samples": len(mem), "rc": rc,
            "stdout": out}


def time_run(argv):
    out, err, rc, cpu = measure(["/usr/bin/time", "-v", *argv])
    match = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", err)
    return {"peak": int(match.group(1)) * 1024, "cpu": cpu, "stdout": out}


def loops_per_second(stdout):
    """Returns the number the cpu workload printed (mprof adds its own lines around it)."""
    numbers = [line for line in stdout.decode().split() if re.fullmatch(r"\d+", line)]
    return float(numbers[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="shorter workloads")
    parser.add_argument("--only", default="accuracy,pss,overhead,slowdown",
                        help="comma-separated sections to run")
    args = parser.parse_args()
    if not os.access(TBX, os.X_OK):
        sys.exit(f"tbx not found at {TBX}: build it (make) or set TBX_BIN")
    have_mprof = os.path.exists(MPROF)
    tmp = tempfile.mkdtemp(prefix="tbx-memprof-bench-")
    work = str(Path(tmp) / "workload")
    subprocess.run(["cc", "-O2", "-o", work, str(ROOT / "tests/cli/memprof/workload.c")],
                   check=True)
    secs = "1.5" if args.quick else "3"

    # The true peak of each workload. Single-process peaks: the kernel's ru_maxrss of the
    # process alone (GNU time). Trees: the sum of what each process holds at the same moment,
    # computed from the workload's sizes plus each process's base RSS (its ru_maxrss with no
    # allocation).
    base = time_run([work, "steady", "0", "0"])["peak"]
    workloads = [
        ("steady 300 MiB", [work, "steady", "300", secs], "single", None),
        ("spike 200 MiB for ~0.2 s, 10 MiB base", [work, "spike", "10", "200", "0.25", secs],
         "single", None),
        ("spike in a short-lived grandchild", [work, "grandspike", "200", secs], "single", None),
        ("4 children x 50 MiB private", [work, "children", "4", "50", secs], "tree",
         4 * 50 * MIB + 5 * base),
        ("COW tree 200 MiB + 4 readers (rss)", [work, "cowtree", "200", "4", secs], "tree",
         5 * 200 * MIB + 5 * base),
    ]
    sections = set(args.only.split(","))
    runs = args.runs
    print(f"tbx: {TBX}\nruns: {runs} (medians)\n")
    if "accuracy" in sections:
        accuracy(workloads, runs, have_mprof, tmp)
    if "pss" in sections:
        pss(work, secs, runs, have_mprof, tmp)
    if "overhead" in sections:
        overhead(work, secs, runs, have_mprof, tmp)
    if "slowdown" in sections:
        slowdown(work, secs, runs, have_mprof, tmp)
    shutil.rmtree(tmp, ignore_errors=True)


def accuracy(workloads, runs, have_mprof, tmp):
    print("== peak accuracy (MiB; error vs true peak)")
    header = f"{'workload':40} {'true':>8} | {'tbx .1':>8} {'tbx .01':>8} | " \
             f"{'mprof .1':>8} {'mprof .01':>9} | {'time -v':>8}"
    print(header)
    for name, argv, kind, true_tree in workloads:
        rows = {"tbx .1": [], "tbx .01": [], "mprof .1": [], "mprof .01": [], "time": []}
        for _ in range(runs):
            rows["tbx .1"].append(tbx_run(argv, 0.1)["peak"])
            rows["tbx .01"].append(tbx_run(argv, 0.01)["peak"])
            if have_mprof:
                rows["mprof .1"].append(mprof_run(argv, 0.1, tmp)["peak"])
                rows["mprof .01"].append(mprof_run(argv, 0.01, tmp)["peak"])
            rows["time"].append(time_run(argv)["peak"])
        med = {k: statistics.median(v) if v else 0 for k, v in rows.items()}
        true = med["time"] if kind == "single" else true_tree

        def cell(key):
            if not med[key]:
                return f"{'-':>8}"
            return f"{med[key] / MIB:6.0f} {100 * (med[key] - true) / true:+5.1f}%"

        print(f"{name:40} {true / MIB:8.1f} | {cell('tbx .1')} {cell('tbx .01')} | "
              f"{cell('mprof .1')} {cell('mprof .01')} | {cell('time')}")



def pss(work, secs, runs, have_mprof, tmp):
    # PSS on the COW tree: true = the 200 MiB once plus the base of 5 processes (shared
    # text counted once).
    print("\n== COW tree, PSS (true ~ 200 MiB + bases)")
    argv = [work, "cowtree", "200", "4", secs]
    pss_tbx = statistics.median(tbx_run(argv, 0.1, "pss")["peak"] for _ in range(runs))
    line = f"tbx --metric pss: {pss_tbx / MIB:.1f} MiB"
    if have_mprof:
        pss_mprof = statistics.median(
            mprof_run(argv, 0.1, tmp, backend="psutil_pss")["peak"] for _ in range(runs))
        line += f"   mprof -C --backend psutil_pss: {pss_mprof / MIB:.1f} MiB"
    print(line)



def overhead(work, secs, runs, have_mprof, tmp):
    print("\n== overhead, 5-process tree (4 children x 50 MiB, %s s): profiler CPU seconds" % secs)
    tree = [work, "children", "4", "50", secs]
    for interval in (0.1, 0.01):
        results = [tbx_run(tree, interval) for _ in range(runs)]
        sampler = statistics.median(r["sampler_cpu"] for r in results)
        total = statistics.median(r["tbx_cpu"] for r in results)
        samples = statistics.median(r["samples"] for r in results)
        duration = statistics.median(r["duration"] for r in results)
        line = (f"interval {interval:>5}: tbx sampler loop {sampler * 1000:7.1f} ms, tbx process "
                f"{total * 1000:7.1f} ms ({100 * total / duration:.2f}% of the run), "
                f"{samples:.0f} samples")
        if have_mprof:
            bare = statistics.median(measure(tree)[3] for _ in range(runs))
            mprof = statistics.median(mprof_run(tree, interval, tmp)["cpu"]
                                      for _ in range(runs))
            line += f"; mprof -C {(mprof - bare) * 1000:7.1f} ms"
        print(line)



def slowdown(work, secs, runs, have_mprof, tmp):
    print("\n== child slowdown: CPU-bound child, loops/s bare / under profiler (>1 = slower)")
    cpu = [work, "cpu", secs]
    bare = statistics.median(loops_per_second(measure(cpu)[0]) for _ in range(runs))
    for interval in (0.1, 0.01):
        tbx = statistics.median(loops_per_second(tbx_run(cpu, interval)["stdout"])
                                for _ in range(runs))
        line = f"interval {interval:>5}: tbx {bare / tbx:.3f}x"
        if have_mprof:
            mp = statistics.median(loops_per_second(mprof_run(cpu, interval, tmp)["stdout"])
                                   for _ in range(runs))
            line += f"   mprof -C {bare / mp:.3f}x"
        print(line)


if __name__ == "__main__":
    main()
