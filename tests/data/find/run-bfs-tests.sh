#!/usr/bin/env bash
# Runs bfs's own POSIX, common and GNU find tests (vendored under tests/data/find/bfs, 0BSD)
# against a find implementation. Fetches nothing.
#
#   tests/data/find/run-bfs-tests.sh                          # tbx find (build/release)
#   tests/data/find/run-bfs-tests.sh --bfs=/usr/bin/find      # GNU find, for the baseline
#   tests/data/find/run-bfs-tests.sh --bfs="$PWD/build/release/apps/tbx find" 'posix/*exec*'
#
# The suite drops root with capsh (libcap2-bin) when run as root, as bfs's does.
set -eu
here=$(cd "$(dirname -- "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bfs="--bfs=$root/build/release/apps/tbx find"
args=()
for arg in "$@"; do
    case $arg in
    --bfs=*) bfs=$arg ;;
    *) args+=("$arg") ;;
    esac
done
((${#args[@]})) || args=(--gnu)
exec "$here/bfs/tests/tests.sh" "$bfs" "${args[@]}"
