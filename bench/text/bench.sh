#!/usr/bin/env bash
# Benchmarks `tbx format` and `tbx center` against python3 on the same input (issue 7).
# Usage: bench/text/bench.sh [TBX_BINARY]   (default: build/release/apps/tbx)
# Prints hyperfine medians and the ratios python3 / tbx. Needs hyperfine and /usr/bin/python3.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tbx=${1:-$repo/build/release/apps/tbx}
python=/usr/bin/python3
lines=${LINES_COUNT:-1000000}
runs=${RUNS:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[[ -x $tbx ]] || { echo "bench: build first: cmake --preset release && cmake --build build/release" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine is not installed" >&2; exit 2; }

# One million short lines: words and numbers, as a log or a table column would hold.
"$python" - "$work/lines.txt" "$lines" <<'PY'
import random, sys
rng = random.Random(1)
words = ["alpha", "beta", "gamma", "delta", "x", "build 42", "release", "ok"]
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(f"{rng.choice(words)} {i}\n")
PY

# Both must agree before timing means anything.
"$tbx" format '=^40' <"$work/lines.txt" >"$work/tbx.out"
"$python" "$here/format_lines.py" '=^40' <"$work/lines.txt" >"$work/py.out"
cmp -s "$work/tbx.out" "$work/py.out" || { echo "bench: outputs differ" >&2; exit 1; }

# hyperfine 1.15 (Debian 12) has no --input: the shell redirects, and hyperfine subtracts
# the shell's own start-up time.
in=$work/lines.txt
hyperfine --warmup 1 --runs "$runs" --export-json "$work/throughput.json" \
    -n "tbx format =^40" "$tbx format =^40 <$in >$work/o1" \
    -n "python3 format =^40" "$python $here/format_lines.py =^40 <$in >$work/o2" \
    -n "tbx center -w 40 -f =" "$tbx center -w 40 -f = <$in >$work/o3" >/dev/null

hyperfine -N --warmup 3 --runs $((runs * 5)) --export-json "$work/latency.json" \
    -n "tbx format (one call)" "$tbx format =^20 Title" \
    -n "python3 -c (one call)" "$python -c 'print(format(\"Title\", \"=^20\"))'" \
    -n "tbx center (one call)" "$tbx center -w 20 -f = Title" \
    -n "/bin/true (spawn floor)" "/bin/true" >/dev/null

# Medians of wall time, and mean CPU time (user + sys), which a loaded machine disturbs less.
"$python" - "$lines" "$work/throughput.json" "$work/latency.json" <<'PY'
import json, sys
n = float(sys.argv[1])
throughput = json.load(open(sys.argv[2]))["results"]
latency = json.load(open(sys.argv[3]))["results"]
cpu = lambda r: r["user"] + r["system"]
print(f"throughput, {int(n):,} lines: median wall, mean CPU (user+sys)")
for r in throughput:
    print(f"  {r['command']:<24} {r['median']:7.3f} s {n / r['median'] / 1e6:6.2f} M lines/s"
          f"   cpu {cpu(r):7.3f} s {n / cpu(r) / 1e6:6.2f} M lines/s")
print(f"  ratio python3 / tbx format: {throughput[1]['median'] / throughput[0]['median']:.1f}x wall,"
      f" {cpu(throughput[1]) / cpu(throughput[0]):.1f}x cpu")
print("single call: median wall, mean CPU")
for r in latency:
    print(f"  {r['command']:<24} {r['median'] * 1e3:7.2f} ms   cpu {cpu(r) * 1e3:6.2f} ms")
print(f"  ratio python3 / tbx format: {latency[1]['median'] / latency[0]['median']:.1f}x wall")
PY
