#!/usr/bin/env bash
# Benchmarks tbx subst against sed -i, perl -pi and sd (when installed) on a large file and a
# tree of files, each run on a fresh copy (hyperfine --prepare; the copy is not timed), and
# prints medians and ratios to cp / cp -r of the same data (and, for the file, to cp followed
# by an fsync of the copy: the floor for tbx's default, which fsyncs before its rename). The
# stdin case filters the big file through a pipe, against `cat` (the floor) and the anchors.
#
# usage: bench/subst/bench.sh [SIZE_MIB=1024] [TREE_FILES=20000] [RUNS=3]
# env:   TBX=path/to/tbx (default build/release/apps/tbx), WORK=scratch dir (same file system
#        as the data you care about; default /tmp/tbx-bench-subst), CASES="file tree stdin"
#        (which parts to run), ANCHORS=no (tbx and cp only: the anchors take minutes per GiB)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
size=${1:-1024}
files=${2:-20000}
runs=${3:-3}
tbx=${TBX:-$repo/build/release/apps/tbx}
work=${WORK:-/tmp/tbx-bench-subst}
cases=${CASES:-file tree stdin}
anchors=${ANCHORS:-yes}
command -v hyperfine >/dev/null || { echo "bench: hyperfine is required" >&2; exit 2; }
mkdir -p "$work"
cd "$work"
[[ -f src.txt && $(stat -c %s src.txt) -eq $((size * 1024 * 1024)) ]] || "$here/gen.py" file src.txt "$size"
[[ -d srctree && $(find srctree -type f | wc -l) -eq $files ]] || { rm -rf srctree; "$here/gen.py" tree srctree "$files" 10; }

have_sd=0
command -v sd >/dev/null && have_sd=1

run_case() { # name, then pairs of "label" "command" for hyperfine
    local name=$1 prepare=$2
    shift 2
    local args=()
    while [[ $# -gt 0 ]]; do
        args+=(-n "$1" "$2")
        shift 2
    done
    # Through a shell (hyperfine subtracts its start-up time): the prepare steps use &&.
    nice -n 5 hyperfine --style none --runs "$runs" --prepare "$prepare" \
        --export-json "$work/$name.json" "${args[@]}" >/dev/null
}

file_tools() { # pattern-kind: literal | regex
    local kind=$1 pat rep sedpat perlpat
    if [[ $kind == literal ]]; then
        pat=foo rep=qux sedexpr='s/foo/qux/g' perlexpr='s/foo/qux/g'
    else
        pat='(foo)_(\d+)' rep='$2_$1' sedexpr='s/(foo)_([0-9]+)/\2_\1/g' perlexpr='s/(foo)_(\d+)/$2_$1/g'
    fi
    local list=(
        "tbx" "$tbx subst -q '$pat' '$rep' $1_TARGET"
        "tbx --no-fsync" "$tbx subst -q --no-fsync '$pat' '$rep' $1_TARGET"
    )
    if [[ $anchors == yes ]]; then
        list+=("sed -i" "sed -E -i '$sedexpr' $1_TARGET" "perl -pi" "perl -pi -e '$perlexpr' $1_TARGET")
    fi
    if [[ $have_sd == 1 && $anchors == yes ]]; then
        list+=("sd" "sd '$pat' '$rep' $1_TARGET")
    fi
    printf '%s\n' "${list[@]}"
}

summarize() { # json file, baseline label, [second baseline label]
    /usr/bin/python3 - "$@" <<'PY'
import json, statistics, sys
data = json.load(open(sys.argv[1]))["results"]
medians = {r["command"]: statistics.median(r["times"]) for r in data}
bases = sys.argv[2:]
for command, m in medians.items():
    ratios = "   ".join(f"{m / medians[b]:5.2f}x {b}" for b in bases)
    print(f"  {command:<16} median {m:7.2f} s   {ratios}")
PY
}

for kind in literal regex; do
    [[ $cases == *file* ]] || continue
    mapfile -t pairs < <(file_tools "$kind" | sed "s#${kind}_TARGET#work.txt#")
    echo "== ${size} MiB file, $kind (fresh copy each run, not timed)"
    # cp + sync: the floor for tbx's default, which fsyncs the new file before the rename.
    run_case "file-$kind" "cp src.txt work.txt" "cp" "cp src.txt copy.txt" \
        "cp + sync" "cp src.txt copy.txt && sync copy.txt" "${pairs[@]}"
    summarize "$work/file-$kind.json" cp "cp + sync"
done

for kind in literal regex; do
    [[ $cases == *stdin* ]] || continue
    if [[ $kind == literal ]]; then
        pat=foo rep=qux sedexpr='s/foo/qux/g'
    else
        pat='(foo)_(\d+)' rep='$2_$1' sedexpr='s/(foo)_([0-9]+)/\2_\1/g'
    fi
    list=("cat" "cat src.txt | cat >/dev/null" "tbx" "cat src.txt | $tbx subst '$pat' '$rep' >/dev/null")
    if [[ $anchors == yes ]]; then
        list+=("sed" "cat src.txt | sed -E '$sedexpr' >/dev/null")
        [[ $have_sd == 1 ]] && list+=("sd" "cat src.txt | sd '$pat' '$rep' >/dev/null")
    fi
    echo "== ${size} MiB through a pipe, $kind"
    run_case "stdin-$kind" "true" "${list[@]}"
    summarize "$work/stdin-$kind.json" cat
done

for kind in literal regex; do
    [[ $cases == *tree* ]] || continue
    mapfile -t pairs < <(file_tools "$kind")
    tree_pairs=()
    for ((i = 0; i < ${#pairs[@]}; i += 2)); do
        label=${pairs[i]} cmd=${pairs[i + 1]}
        if [[ $label == tbx* ]]; then
            tree_pairs+=("$label" "${cmd//${kind}_TARGET/worktree}")
        else
            # The anchors take files, not directories: find feeds them in batches.
            tree_pairs+=("$label" "find worktree -type f -exec ${cmd//${kind}_TARGET/} {} +")
        fi
    done
    echo "== tree of $files files, $kind (fresh copy each run, not timed)"
    run_case "tree-$kind" "rm -rf worktree copytree && cp -r srctree worktree" \
        "cp -r" "cp -r srctree copytree" "${tree_pairs[@]}"
    summarize "$work/tree-$kind.json" "cp -r"
done
