#!/usr/bin/env bash
# One-shot startup of `tbx semver check ^1.2.3 1.4.0` (issue 18's goals), with hyperfine -N:
#   static build   vs a static C++ hello world (goal: within 1.3x)
#   default build  vs an empty main linked against the same shared libraries (goal: within 1.3x)
# Usage: bench/semver/startup.sh   (needs build/release and build/static: cmake --preset release,
# cmake --preset static, then cmake --build for each; and hyperfine)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
release=${TBX_BUILD_DIR:-$root/build/release}
static=${TBX_STATIC_BUILD_DIR:-$root/build/static}
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

hyperfine -N --warmup 20 --runs 200 --export-json "$work/startup.json" \
    "$work/hello_static" \
    "$static/apps/tbx semver check ^1.2.3 1.4.0" \
    "$work/empty_same_libs" \
    "$release/apps/tbx semver check ^1.2.3 1.4.0" >/dev/null
/usr/bin/python3 - "$work/startup.json" <<'PY'
import json, sys
r = {x["command"].split("/")[-1] if "tbx" not in x["command"] else x["command"]: x
     for x in json.load(open(sys.argv[1]))["results"]}
names = list(r)
for name in names:
    print(f"{r[name]['median'] * 1000:7.2f} ms median  {name}")
pairs = [(names[1], names[0], "static tbx / static hello"), (names[3], names[2], "default tbx / empty main, same libs")]
for a, b, label in pairs:
    print(f"{r[a]['median'] / r[b]['median']:5.2f}x  {label} (goal: 1.3x)")
PY
