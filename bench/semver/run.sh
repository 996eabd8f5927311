#!/usr/bin/env bash
# Benchmarks tbx semver against node-semver and poetry-core on the same workload, and the
# one-shot latency of `tbx semver check` against `node -e` / `python3 -c` one-liners.
# Usage: bench/semver/run.sh [N]     (needs a release build: make, or cmake --preset release)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${TBX_BUILD_DIR:-$root/build/release}
work=$build/bench-semver
n=${1:-1000000}
mkdir -p "$work"
cd "$root"

/usr/bin/python3 bench/semver/gen_cases.py "$work"
g++ -std=c++20 -O2 -I lib bench/semver/bench_semver.cpp -o "$work/bench_semver" \
    -L"$build/lib" -ltbx -Wl,-rpath,"$build/lib"
if [[ ! -f $work/npm/node_modules/semver/package.json ]]; then
    npm install --silent --no-audit --no-fund --prefix "$work/npm" semver@7 >/dev/null
fi
semver_dir=$work/npm/node_modules/semver

median3() { sort -n | sed -n 2p; }
run3() { for _ in 1 2 3; do "$@"; done; }

echo "== throughput, $n checks (median of 3 runs; checks per CPU second) =="
for flavor in npm poetry; do
    c=$work/${flavor}_constraints.txt v=$work/${flavor}_versions.txt
    tbx=$(run3 "$work/bench_semver" "$flavor" "$c" "$v" "$n" |
        /usr/bin/python3 -c 'import sys,json; print(*sorted(json.loads(l)["parsed_range_per_s"] for l in sys.stdin))' |
        tr ' ' '\n' | median3)
    tbx_s=$(run3 "$work/bench_semver" "$flavor" "$c" "$v" "$n" |
        /usr/bin/python3 -c 'import sys,json; print(*sorted(json.loads(l)["strings_per_s"] for l in sys.stdin))' |
        tr ' ' '\n' | median3)
    echo "tbx $flavor: pre-parsed constraint $tbx/s, both strings $tbx_s/s"
    if [[ $flavor == npm ]]; then
        read -r ref ref_s < <(run3 node bench/semver/node_bench.js "$semver_dir" "$c" "$v" "$n" |
            /usr/bin/python3 -c 'import sys,json,statistics as s; d=[json.loads(l) for l in sys.stdin]; print(int(s.median(x["parsed_range_per_s"] for x in d)), int(s.median(x["strings_per_s"] for x in d)))')
        name="node-semver"
    else
        read -r ref ref_s < <(run3 /usr/bin/python3 bench/semver/poetry_bench.py "$c" "$v" $((n / 10)) |
            /usr/bin/python3 -c 'import sys,json,statistics as s; d=[json.loads(l) for l in sys.stdin]; print(int(s.median(x["parsed_range_per_s"] for x in d)), int(s.median(x["strings_per_s"] for x in d)))')
        name="poetry-core"
    fi
    echo "$name: pre-parsed constraint $ref/s, both strings $ref_s/s"
    /usr/bin/python3 -c "print(f'ratio tbx/$name: pre-parsed {$tbx/$ref:.1f}x, strings {$tbx_s/$ref_s:.1f}x')"
done

echo "== one-shot latency (hyperfine, median) =="
tbx=$build/apps/tbx
hyperfine -N --warmup 5 --runs 40 --export-json "$work/oneshot.json" \
    "$tbx semver check ^1.2.3 1.4.0" \
    "$tbx semver check --flavor npm ^1.2.3 1.4.0" \
    "node -e \"process.exit(require('$semver_dir').satisfies('1.4.0','^1.2.3')?0:1)\"" \
    "/usr/bin/python3 -c \"from poetry.core.constraints.version import parse_constraint as p, Version as V; p('^1.2.3').allows(V.parse('1.4.0'))\"" \
    >/dev/null
/usr/bin/python3 - "$work/oneshot.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    ms = r["median"] * 1000
    print(f"{ms:8.2f} ms median, user {r['user'] * 1000:6.2f} ms  {r['command'][:100]}")
PY

# Instruction counts are steady on a busy machine: the whole process, and semver's own share
# (the `check` subcommand's run: parsing, checking, printing) per flavor.
if command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
    echo "== one-shot instructions (callgrind) =="
    for flavor in poetry npm cargo; do
        valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.$flavor" \
            "$tbx" semver check --flavor "$flavor" ^1.2.3 1.4.0 >/dev/null 2>&1
        total=$(callgrind_annotate "$work/callgrind.$flavor" 2>/dev/null |
            awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
        own=$(callgrind_annotate --inclusive=yes --threshold=100 "$work/callgrind.$flavor" 2>/dev/null |
            awk '/run_check/ && !seen {gsub(",", "", $1); print $1; seen = 1}')
        echo "$flavor: $total instructions in all, $own in semver's check"
    done
fi
