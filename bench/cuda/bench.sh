#!/usr/bin/env bash
# Compares `tbx cuda` with what a user runs by hand, on this machine's real tools:
#   1. tbx cuda --no-python       vs  nvcc --version; nvidia-smi (sequential, as typed)
#   2. tbx cuda (with Python)     vs  python -m torch.utils.collect_env (when torch is installed)
#                                     and vs a bare interpreter start (python3 -c pass)
# Prints hyperfine medians (wall), mean CPU (user+system) and the ratios of wall medians
# tbx / anchor (below 1: tbx is faster).
# Usage: bench/cuda/bench.sh [TBX_BIN]   (default: build/release/apps/tbx)
# Env:   RUNS (default 20), PYTHON (default /usr/bin/python3)
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
tbx=${1:-$here/build/release/apps/tbx}
runs=${RUNS:-20}
python=${PYTHON:-/usr/bin/python3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [[ ! -x $tbx ]]; then
    echo "bench/cuda: error: no tbx binary at $tbx (build with: cmake --preset release && cmake --build build/release)" >&2
    exit 2
fi
command -v hyperfine >/dev/null || { echo "bench/cuda: error: hyperfine is not installed" >&2; exit 2; }

nvcc=$(command -v nvcc || true)
[[ -z $nvcc && -x /usr/local/cuda/bin/nvcc ]] && nvcc=/usr/local/cuda/bin/nvcc
smi=$(command -v nvidia-smi || true)

manual=()
[[ -n $nvcc ]] && manual+=("$nvcc --version")
[[ -n $smi ]] && manual+=("$smi")
if [[ ${#manual[@]} -eq 0 ]]; then
    echo "bench/cuda: error: neither nvcc nor nvidia-smi is here; nothing to compare with" >&2
    exit 2
fi
manual_cmd=$(IFS=';'; echo "${manual[*]}")

# Keeps the environment the same for both sides: the real PATH with the found nvcc's directory.
export PATH="${nvcc:+$(dirname "$nvcc"):}$PATH"

median() { # file -> median seconds of the first command
    "$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"
}
ratio() { "$python" -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }
ms() { "$python" -c 'import sys; print("%.1f ms" % (float(sys.argv[1]) * 1000))' "$1"; }
cpu() { # file index -> mean user+system CPU, which a loaded machine disturbs less than wall time
    "$python" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print("%.1f ms cpu" % ((r["user"] + r["system"]) * 1000))' "$1" "$2"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); tools: ${manual_cmd}"
echo

hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/no-python.json" \
    "$tbx cuda --no-python --json" "sh -c '$manual_cmd'" >/dev/null 2>&1
t=$(median "$out/no-python.json" 0)
m=$(median "$out/no-python.json" 1)
printf '%-44s %10s  %s\n' "tbx cuda --no-python --json" "$(ms "$t")" "$(cpu "$out/no-python.json" 0)"
printf '%-44s %10s  %s\n' "sequential: $manual_cmd" "$(ms "$m")" "$(cpu "$out/no-python.json" 1)"
printf '%-44s %10s\n' "ratio tbx / sequential" "$(ratio "$t" "$m")"
echo

anchors=("$python -c pass")
if "$python" -c 'import torch' >/dev/null 2>&1; then
    anchors+=("$python -m torch.utils.collect_env")
else
    echo "(torch is not importable by $python: python -m torch.utils.collect_env skipped)"
fi
commands=("$tbx cuda --json --python $python" "${anchors[@]}")
hyperfine -N --warmup 2 --runs "$runs" --export-json "$out/python.json" "${commands[@]}" >/dev/null 2>&1
t=$(median "$out/python.json" 0)
printf '%-44s %10s  %s\n' "tbx cuda --json (python: $python)" "$(ms "$t")" "$(cpu "$out/python.json" 0)"
for i in "${!anchors[@]}"; do
    a=$(median "$out/python.json" $((i + 1)))
    printf '%-44s %10s  %s   ratio tbx / it: %s\n' "${anchors[$i]}" "$(ms "$a")" "$(cpu "$out/python.json" $((i + 1)))" "$(ratio "$t" "$a")"
done
