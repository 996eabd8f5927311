#!/usr/bin/env bash
# Benchmarks tbx find against bfs, fd and GNU find, plus the bare getdents64 floor walk.
#
# Usage: bench/find/run.sh [TREE] [RUNS]
#   TREE  defaults to /tmp/tbx-bench-tree, generated on first use by make_tree.py
#         (about 1.16M entries, like the tree of issue 3); /usr is always measured too.
#   RUNS  hyperfine runs per command (default 5), after one warm-up run.
# Needs: bfs, fdfind, find, g++; a release build (make) for build/release/apps/tbx.
# Prints, per scenario, median wall and CPU times and ratios; the floor walker is built into
# $OUT_DIR (default build/bench-find).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
tree=${1:-/tmp/tbx-bench-tree}
runs=${2:-5}
tbx=${TBX_BIN:-$repo/build/release/apps/tbx}
out_dir=${OUT_DIR:-$repo/build/bench-find}
mkdir -p "$out_dir"

[[ -x $tbx ]] || { echo "bench: error: no tbx binary at $tbx (run make first)" >&2; exit 2; }
for tool in bfs fdfind find g++; do
    command -v "$tool" >/dev/null || { echo "bench: error: $tool is missing" >&2; exit 2; }
done
if [[ ! -d $tree ]]; then
    /usr/bin/python3 "$repo/bench/find/make_tree.py" "$tree"
fi
floor=$out_dir/floor_walk
if [[ ! -x $floor || $repo/bench/find/floor_walk.cpp -nt $floor ]]; then
    g++ -std=c++20 -O2 -pthread "$repo/bench/find/floor_walk.cpp" -o "$floor"
fi

# Commands run round-robin (compare.py) rather than one after another (hyperfine): on a shared,
# loaded machine that keeps the load drifting over all of them alike.
bench() {
    /usr/bin/python3 "$repo/bench/find/compare.py" "$@"
}

for root in "$tree" /usr; do
    bench "--name '*.h' in $root" "$runs" \
        "tbx (2 threads)=$tbx find $root --name *.h --threads 2" \
        "tbx --threads 1=$tbx find $root --name *.h --threads 1" \
        "bfs=bfs $root -name *.h" \
        "fd -u -g=fdfind -u -g *.h $root" \
        "GNU find=find $root -name *.h" \
        "floor (2 threads)=$floor $root 2" \
        "floor (1 thread)=$floor $root 1"
done
bench "--wholename '*Desktop*python*' in $tree" "$runs" \
    "tbx (2 threads)=$tbx find $tree --wholename *Desktop*python* --threads 2" \
    "bfs=bfs $tree -wholename *Desktop*python*" \
    "GNU find=find $tree -wholename *Desktop*python*"
bench "--sort in $tree" "$runs" \
    "tbx --sort=$tbx find $tree --name *.h --sort" \
    "bfs -s=bfs -s $tree -name *.h" \
    "GNU find=find $tree -name *.h"

echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
