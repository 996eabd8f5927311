#!/usr/bin/python3
"""Benchmarks `tbx memprof --lines` against memory_profiler's line-by-line mode.

Usage: bench/memprof/lines_bench.py [--runs N]     (env TBX_BIN, default build/release)

For each script under bench/memprof/lines/ it times, N times each, the plain interpreter,
`python3 -m memory_profiler SCRIPT` (Debian's python3-memory-profiler) and
`tbx memprof --lines --quiet -- python3 SCRIPT`, and prints the medians and each profiler's
slowdown (its time minus the plain time) with their ratio. Wall-clock times: the machine's
load is printed along, since colleagues' jobs share its cores.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TBX = os.environ.get("TBX_BIN", str(ROOT / "build" / "release" / "apps" / "tbx"))
PYTHON = "/usr/bin/python3"
SCRIPTS = ["alloc_heavy.py", "short_lines.py", "workers.py"]


def timed(argv):
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores, "
          f"{args.runs} runs each, medians in seconds")
    print(f"{'script':<16}{'plain':>8}{'memory_profiler':>17}{'tbx --lines':>13}"
          f"{'slowdown ratio':>16}")
    for name in SCRIPTS:
        script = str(Path(__file__).resolve().parent / "lines" / name)
        runs = {"plain": [], "mp": [], "tbx": []}
        for _ in range(args.runs):
            runs["plain"].append(timed([PYTHON, script]))
            runs["mp"].append(timed([PYTHON, "-m", "memory_profiler", script]))
            runs["tbx"].append(timed([TBX, "memprof", "--lines", "--quiet", "--", PYTHON,
                                      script]))
        plain, mp, tbx = (statistics.median(runs[k]) for k in ("plain", "mp", "tbx"))
        ratio = (tbx - plain) / (mp - plain) if mp > plain else float("nan")
        print(f"{name:<16}{plain:>8.2f}{mp:>17.2f}{tbx:>13.2f}{ratio:>16.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
