#!/usr/bin/env bash
# Benchmarks tbx find against bfs, fd and GNU find, plus the bare getdents64 floor walk.
#
# Usage: bench/find/run.sh [TREE] [RUNS] [SCENARIOS]
#   TREE  defaults to /tmp/tbx-bench-tree, generated on first use by make_tree.py
#         (about 1.16M entries, like the tree of issue 3); /usr is always measured too.
#   RUNS  runs per command (default 5), after one warm-up run.
#   SCENARIOS  all (default), walk (--name, --wholename, --sort) or expr (issue 19's
#         expression cases: -o, -size/-mtime, -printf, -exec +, and --gitignore against fd on
#         $TREE-git, a 300,000-entry git work tree with .gitignore files made by make_tree.py).
# Needs: bfs, fdfind, find, g++; a release build (make) for build/release/apps/tbx.
# Prints, per scenario, median wall and CPU times and ratios; the floor walker is built into
# $OUT_DIR (default build/bench-find).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
tree=${1:-/tmp/tbx-bench-tree}
runs=${2:-5}
scenarios=${3:-all}
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

walk_scenarios() {
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
}

expr_scenarios() {
    bench "-name '*.h' -o -name '*.c' in $tree" "$runs" \
        "tbx (2 threads)=$tbx find $tree -name *.h -o -name *.c" \
        "bfs=bfs $tree -name *.h -o -name *.c" \
        "GNU find=find $tree -name *.h -o -name *.c"
    bench "( -name '*.py' -o -name '*.rs' ) -size +0 -mtime -30 in $tree" "$runs" \
        "tbx (2 threads)=$tbx find $tree ( -name *.py -o -name *.rs ) -size +0 -mtime -30" \
        "bfs=bfs $tree ( -name *.py -o -name *.rs ) -size +0 -mtime -30" \
        "GNU find=find $tree ( -name *.py -o -name *.rs ) -size +0 -mtime -30"
    bench "-printf '%s %p\\n' in $tree" "$runs" \
        "tbx (2 threads)=$tbx find $tree -printf '%s %p\\n'" \
        "bfs=bfs $tree -printf '%s %p\\n'" \
        "GNU find=find $tree -printf '%s %p\\n'"
    bench "-exec true {} + in $tree" "$runs" \
        "tbx=$tbx find $tree -exec true {} +" \
        "bfs=bfs $tree -exec true {} +" \
        "GNU find=find $tree -exec true {} +"
    local git_tree=$tree-git
    if [[ ! -d $git_tree ]]; then
        /usr/bin/python3 "$repo/bench/find/make_tree.py" "$git_tree" 300000 --gitignore
    fi
    # fd's defaults: .gitignore honoured, hidden names left out; tbx the same with --no-hidden.
    bench "--gitignore in $git_tree" "$runs" \
        "tbx (2 threads)=$tbx find $git_tree --gitignore --no-hidden" \
        "fd (defaults)=fdfind . $git_tree" \
        "tbx --gitignore=$tbx find $git_tree --gitignore" \
        "fd -H=fdfind -H . $git_tree"
}

case $scenarios in
    all) walk_scenarios; expr_scenarios ;;
    walk) walk_scenarios ;;
    expr) expr_scenarios ;;
    *) echo "bench: error: unknown scenarios, expected all, walk or expr ($scenarios)" >&2; exit 2 ;;
esac

echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
