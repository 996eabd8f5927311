#!/usr/bin/env bash
# Times tbx subst on a git work tree of FILES files whose .gitignore leaves out half of them
# (d00..d49), against the usual pipeline that honours .gitignore (git ls-files | grep -l |
# xargs sed -i; fastmod and ripgrep are not installed here). Each run edits a fresh copy;
# prints the median wall time of RUNS runs of each and checks both give the same tree.
#
# usage: bench/subst/ignore_tree.sh [FILES=20000] [RUNS=3]
# env:   TBX=path/to/tbx (default build/release/apps/tbx), WORK=scratch dir
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
files=${1:-20000}
runs=${2:-3}
tbx=${TBX:-$repo/build/release/apps/tbx}
work=${WORK:-/tmp/tbx-bench-subst-ignore}
mkdir -p "$work"
cd "$work"
if [[ ! -d src/.git ]]; then
    rm -rf src
    "$here/gen.py" tree src "$files" 10
    git -C src init -q
    printf '/d[0-4][0-9]/\n' > src/.gitignore
fi

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

time_it() { # label, command run inside the copy
    local label=$1 command=$2
    for _ in $(seq "$runs"); do
        rm -rf copy && cp -a src copy
        local start end
        start=$(date +%s.%N)
        (cd copy && eval "$command")
        end=$(date +%s.%N)
        echo "$end - $start" | bc
    done | median | sed "s/^/$label: /"
    rm -rf "result-$label" && mv copy "result-$label"
}

time_it tbx "$tbx subst -q --no-fsync '(foo)_(\\d+)' '\$2_\$1' ."
time_it pipeline "git ls-files -z --cached --others --exclude-standard | xargs -0 grep -lZE 'foo_[0-9]+' | xargs -0 sed -E -i 's/(foo)_([0-9]+)/\\2_\\1/g'"
diff -r -q --exclude=.git result-tbx result-pipeline && echo "same trees"
