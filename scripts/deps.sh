#!/usr/bin/env bash
# Installs the Debian packages tbx needs, only those missing; a quick no-op when all are present.
# Usage: scripts/deps.sh [build|test]   (test = build packages plus the tools the test suite drives)
set -euo pipefail

build_packages=(
    g++ cmake ninja-build pkg-config
    libcli11-dev libfmt-dev nlohmann-json3-dev catch2 libexpected-dev libpcre2-dev libutf8proc-dev
)
# Reference implementations and harness tools used by the tests (see README, "Dependencies").
test_packages=(
    python3 python3-pytest tmux mandoc zsh fish bash-completion findutils vim
    python3-poetry-core python3-poetry bfs fd-find librsvg2-bin clang-format clang
    cargo librust-semver-dev
    time python3-memory-profiler hyperfine
    libcap2-bin
)

mode=${1:-build}
wanted=("${build_packages[@]}")
if [[ $mode == test ]]; then
    wanted+=("${test_packages[@]}")
fi

# One dpkg-query for all packages keeps the no-op case fast.
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null || true)
missing=()
for package in "${wanted[@]}"; do
    grep -qx "$package installed" <<<"$installed" || missing+=("$package")
done
# Node.js may come from elsewhere with its own npm: look for the commands, not the packages.
if [[ $mode == test ]] && ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "tbx: error: apt-get is not available; install these packages by hand: ${missing[*]}" >&2
    exit 2
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "tbx: error: not root and sudo is missing; as root run: apt-get install ${missing[*]}" >&2
        exit 2
    fi
    sudo_cmd=(sudo)
fi

echo "tbx: installing missing packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
