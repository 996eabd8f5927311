#!/usr/bin/python3
"""Runs commands round-robin (interleaved, so a noisy shared machine hits them alike) and prints
median wall time, median CPU time (user+sys, from wait4) and the ratio to the first command.

Usage: compare.py TITLE RUNS NAME=COMMAND... (COMMAND is split as a shell would, without
expanding anything: quote words with spaces; output -> /dev/null)
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def main():
    title, runs = sys.argv[1], int(sys.argv[2])
    commands = [arg.split("=", 1) for arg in sys.argv[3:]]
    for _, command in commands:  # warm-up: every cache hot for every tool
        run_once(shlex.split(command))
    walls = {name: [] for name, _ in commands}
    cpus = {name: [] for name, _ in commands}
    for _ in range(runs):
        for name, command in commands:
            wall, cpu, _ = run_once(shlex.split(command))
            walls[name].append(wall)
            cpus[name].append(cpu)
    base = statistics.median(walls[commands[0][0]])
    print(f"\n{title}: median of {runs} interleaved runs")
    print(f"  {'command':<20} {'wall s':>8} {'cpu s':>8} {'vs first':>9}")
    for name, _ in commands:
        wall = statistics.median(walls[name])
        print(f"  {name:<20} {wall:8.3f} {statistics.median(cpus[name]):8.3f} {wall / base:8.2f}x")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
