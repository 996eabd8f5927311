#!/usr/bin/env bash
# Benchmarks `tbx format` on numbers and tables (issue 16):
#   1. a million numeric lines with ',.2f' against a Python loop doing the same;
#   2. 100,000 tab-separated rows with -t against `column -t` and awk's printf.
# Usage: bench/format/bench.sh [TBX_BINARY]   (default: build/release/apps/tbx)
# Env: LINES_COUNT (1000000), ROWS (100000), RUNS (7). Prints medians of wall and CPU time
# (user + sys) and the load average; needs /usr/bin/python3, column (bsdextrautils), awk.
# The table template has no grouping, so that awk's printf gives the same bytes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tbx=${1:-$repo/build/release/apps/tbx}
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[[ -x $tbx ]] || { echo "bench: build first: cmake --build build/release --target tbx_app" >&2; exit 2; }

"$python" - "$work" "${LINES_COUNT:-1000000}" "${ROWS:-100000}" <<'PY'
import random, sys
work, lines, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(16)
with open(f"{work}/numbers.txt", "w") as f:
    for _ in range(lines):
        f.write(f"{rng.uniform(-1e7, 1e7):.{rng.randint(0, 6)}f}\n")
names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
with open(f"{work}/table.tsv", "w") as f:
    for i in range(rows):
        f.write(f"{rng.choice(names)}-{i}\t{rng.randint(0, 10**6)}\t{rng.uniform(0, 1e6):.3f}\n")
PY

numbers=$work/numbers.txt
table=$work/table.tsv
template='{0:<20}{1:>10}{2:>14.2f}'
# The Python loop and the awk program do what tbx does, so outputs can be compared.
# "tbx --type str ''" copies the lines through the same reading, formatter call and writing
# without formatting numbers: the floor of tbx's per-line cost.
cat >"$work/loop.py" <<'PY'
import sys
write = sys.stdout.write
for line in sys.stdin:
    write(format(float(line), ",.2f") + "\n")
PY
# The same, reading each value as tbx does: int() first, float() when that fails.
cat >"$work/typed.py" <<'PY'
import sys
write = sys.stdout.write
for line in sys.stdin:
    try:
        value = int(line)
    except ValueError:
        value = float(line)
    write(format(value, ",.2f") + "\n")
PY
"$tbx" format ',.2f' <"$numbers" >"$work/a"
"$python" "$work/loop.py" <"$numbers" >"$work/b"
cmp -s "$work/a" "$work/b" || { echo "bench: tbx and Python differ on numbers" >&2; exit 1; }
"$tbx" format -t "$template" <"$table" >"$work/a"
awk -F'\t' '{printf "%-20s%10s%14.2f\n", $1, $2, $3}' "$table" >"$work/b"
cmp -s "$work/a" "$work/b" || { echo "bench: tbx and awk differ on the table" >&2; exit 1; }

"$python" - "${RUNS:-7}" "$work" <<PY
import os, resource, statistics, subprocess, sys, time
runs, work = int(sys.argv[1]), sys.argv[2]
cases = [
    ("numbers: tbx format ',.2f'", "$tbx format ',.2f' <$numbers", $(wc -l <"$numbers")),
    ("numbers: tbx --type str ''", "$tbx format --type str '' <$numbers", $(wc -l <"$numbers")),
    ("numbers: python3 loop", "$python $work/loop.py <$numbers", $(wc -l <"$numbers")),
    ("numbers: python3 int/float", "$python $work/typed.py <$numbers", $(wc -l <"$numbers")),
    ("table: tbx format -t", "$tbx format -t '$template' <$table", $(wc -l <"$table")),
    ("table: awk printf", "awk -F'\t' '{printf \"%-20s%10s%14.2f\\\\n\", \$1, \$2, \$3}' $table",
     $(wc -l <"$table")),
    ("table: column -t", "column -t -s '\t' <$table", $(wc -l <"$table")),
    ("table: python3 str.format", "$python -c 'import sys\nw=sys.stdout.write\nfor l in sys.stdin:\n"
     " a,b,c=l.rstrip(\"\\\\n\").split(\"\\\\t\"); w(\"{0:<20}{1:>10}{2:>14.2f}\\\\n\".format(a,int(b),float(c)))' <$table",
     $(wc -l <"$table")),
]
print(f"load average before: {open('/proc/loadavg').read().split()[:3]}, {runs} runs each")
results = {}
for name, command, count in cases:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(["bash", "-c", command + " >/dev/null"], check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    results[name] = (wall, cpu)
    print(f"  {name:<28} wall {wall:7.3f} s  cpu {cpu:7.3f} s  {count / wall / 1e6:6.2f} M lines/s")
print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")
tbx = results["numbers: tbx format ',.2f'"]
for name in ("numbers: python3 loop", "numbers: python3 int/float"):
    py = results[name]
    print(f"  {name[9:]} / tbx format: {py[0] / tbx[0]:.1f}x wall, {py[1] / tbx[1]:.1f}x cpu")
PY
