"""Subprocess workers: a parent starting 4 Python workers one after another, each looping.

memory_profiler traces the parent only (its workers run without it and without @profile);
tbx memprof --lines traces all five processes, so it does more work here.
"""
import subprocess
import sys

try:
    profile
except NameError:  # run without a profiler (memory_profiler runs only the parent)
    def profile(func):
        return func


@profile
def work(n):
    data = []
    for i in range(n):
        data.append(i * 2)
    return len(data)


@profile
def main():
    for _ in range(4):
        subprocess.run([sys.executable, __file__, "worker"], check=True)
    return work(2000)


if __name__ == "__main__":
    if sys.argv[1:] == ["worker"]:
        work(20000)
    else:
        main()
