"""tbx semver's output through the apps output layer (issue 13, item 3): a closed pipe
(`| head -1`) ends quietly, a failing stdout is an error, and diagnostics come after the
output printed before them. The sort order's oracle is Python's tuple order on plain
MAJOR.MINOR.PATCH versions, the same in every flavor."""

import os
import random
import re
import subprocess

import pytest

TBX = os.environ.get("TBX_BIN", "")


@pytest.fixture(scope="module")
def tbx_path():
    if not TBX or not os.access(TBX, os.X_OK):
        pytest.skip("TBX_BIN is not set to the built tbx binary")
    return os.path.abspath(TBX)


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    rng = random.Random(13)
    triples = [(rng.randint(0, 60), rng.randint(0, 60), rng.randint(0, 60)) for _ in range(100000)]
    path = tmp_path_factory.mktemp("semver") / "versions.txt"
    path.write_text("".join(f"{a}.{b}.{c}\n" for a, b, c in triples))
    return path, triples


def pipeline(command: str, cwd):
    script = f"{command} 2>err | head -n 1; echo \"status=${{PIPESTATUS[0]}}\""
    result = subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, timeout=300)
    status = int(re.search(rb"status=(\d+)", result.stdout).group(1))
    return result.stdout.split(b"\n")[0], status, (cwd / "err").read_bytes()


@pytest.mark.parametrize("flavor", ["poetry", "npm", "cargo"])
def test_sort_into_a_closed_pipe_ends_quietly(tbx_path, versions, flavor):
    path, triples = versions
    for reverse, pick in (("", min), ("-r", max)):
        first, status, err = pipeline(
            f"'{tbx_path}' semver sort -f {flavor} {reverse} <'{path}'", path.parent)
        assert first == ".".join(map(str, pick(triples))).encode()
        assert status == 0  # as find and format on a closed pipe
        assert err == b""


def test_sort_to_a_full_disk_is_an_error(tbx_path, versions):
    path, _ = versions
    result = subprocess.run(["bash", "-c", f"'{tbx_path}' semver sort <'{path}' >/dev/full"],
                            capture_output=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr == b"tbx semver sort: error: cannot write output: No space left on device\n"


def test_diagnostics_follow_the_output_before_them(tbx_path):
    # One pipe for both streams, as a terminal shows them: each warning after the lines
    # printed before it, the closing note last.
    result = subprocess.run([tbx_path, "semver", "validate", "1.0", "x", "2.0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1
    assert lines[0] == "1.0"
    assert lines[1].startswith("tbx semver validate: warning: ") and lines[1].endswith("(x)")
    assert lines[2] == "2.0"
    assert lines[3].startswith("tbx semver validate: note: 1 of 3")
    intersect = subprocess.run([tbx_path, "semver", "intersect", "^1.2", "<1.1"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    assert intersect.stdout.decode().splitlines()[1].startswith("tbx semver intersect: note: ")
