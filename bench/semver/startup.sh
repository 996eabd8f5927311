#!/usr/bin/env bash
# One-shot startup of `tbx semver check ^1.2.3 1.4.0` (issue 18's goals), with hyperfine -N:
#   static build   vs a static C++ hello world (goal: within 1.3x)
#   default build  vs an empty main linked against the same shared libraries (goal: within 1.3x)
# Usage: bench/semver/startup.sh [ROUNDS]   (needs build/release and build/static: cmake --preset
# release, cmake --preset static, then cmake --build for each; and hyperfine). Each round runs
# the four commands 200 times each; the figure printed is the median of the rounds' medians, so
# that a colleague's build during one round does not decide it. With valgrind installed, it
# also prints instructions per run (callgrind), which the machine's load does not change.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
release=${TBX_BUILD_DIR:-$root/build/release}
static=${TBX_STATIC_BUILD_DIR:-$root/build/static}
rounds=${1:-5}
work=$release/bench-startup
mkdir -p "$work"

printf '#include <iostream>\nint main() { std::cout << "hello\\n"; }\n' >"$work/hello.cpp"
printf 'int main() { return 0; }\n' >"$work/empty.cpp"
g++ -O2 -static "$work/hello.cpp" -o "$work/hello_static"
# The default tbx's NEEDED list, forced onto an empty main (libtbx included).
needed=$(readelf -d "$release/apps/tbx" | sed -n 's/.*Shared library: \[lib\(.*\)\.so.*\]/-l\1/p' |
    grep -v -e '^-lc$' -e '^-lgcc_s$' -e '^-lm$' -e '^-lstdc++$' | tr '\n' ' ')
g++ -O2 "$work/empty.cpp" -o "$work/empty_same_libs" -Wl,--no-as-needed -L"$release/lib" \
    -Wl,-rpath,"$release/lib" $needed -lstdc++ -lm
echo "empty main linked with: $(ldd "$work/empty_same_libs" | awk '{print $1}' | tr '\n' ' ')"

commands=("$work/hello_static" "$static/apps/tbx semver check ^1.2.3 1.4.0"
    "$work/empty_same_libs" "$release/apps/tbx semver check ^1.2.3 1.4.0")
for ((round = 1; round <= rounds; round++)); do
    hyperfine -N --warmup 20 --runs 200 --export-json "$work/startup-$round.json" \
        "${commands[@]}" >/dev/null 2>&1
done
if command -v valgrind >/dev/null; then
    for i in "${!commands[@]}"; do
        # shellcheck disable=SC2086 # the command's words
        valgrind --tool=callgrind --callgrind-out-file=/dev/null ${commands[$i]} 2>&1 >/dev/null |
            sed -n 's/.*Collected : *\([0-9]*\)/\1/p' >"$work/instructions-$i.txt"
    done
fi
/usr/bin/python3 - "$work" "$rounds" <<'PY'
import json, os, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
runs = [json.load(open(f"{work}/startup-{r}.json"))["results"] for r in range(1, rounds + 1)]
names = [x["command"] for x in runs[0]]
median = [statistics.median(run[i]["median"] for run in runs) for i in range(len(names))]
instr = []
for i in range(len(names)):
    path = f"{work}/instructions-{i}.txt"
    instr.append(int(open(path).read() or 0) if os.path.exists(path) else 0)
for name, m, n in zip(names, median, instr):
    short = name if "tbx" in name else name.split("/")[-1]
    print(f"{m * 1000:7.2f} ms median of {rounds} round medians  {n / 1e6:5.2f}M instructions  {short}")
for a, b, label in [(1, 0, "static tbx / static hello"), (3, 2, "default tbx / empty main, same libs")]:
    ratio = f"{instr[a] / instr[b]:5.2f}x instructions" if instr[b] else ""
    print(f"{median[a] / median[b]:5.2f}x time  {ratio}  {label} (goal: 1.3x)")
PY
