"""The repo stands alone (issue 13): nothing the build or the tests run reads outside the checkout.

A clone in any directory must build and pass every test, so no tracked build or test file may name
a path that leaves the repository (the development machine's sibling reading folder above all)."""
import re
import subprocess

from conftest import REPO

# What the build and the tests are made of: every file here is read or run by `make test`.
BUILD_AND_TEST_PATHS = ["CMakeLists.txt", "CMakePresets.json", "Makefile", "tbx", ".ci", "scripts",
                        "apps", "lib", "tests", "bench"]

# The development machine's sibling folder, spelled in parts so this file does not name it.
SIBLING = b"sha" + b"red"

# Spellings of a path that leaves the checkout: the sibling folder, a parent of the
# source or test directory, or an absolute path into the development machine's work area.
ESCAPES = [
    re.compile(rb"\.\./" + SIBLING + rb"\b"),
    re.compile(rb"REPO\.parent\b"),
    re.compile(rb"parents\[3\]"),
    re.compile(rb"(?:SOURCE_DIR|BINARY_DIR)\}/\.\./"),
    re.compile(rb"[\"' ]/work/"),
]


def tracked_files():
    out = subprocess.run(["git", "ls-files", "-z", "--", *BUILD_AND_TEST_PATHS], cwd=REPO,
                         check=True, capture_output=True).stdout
    return [REPO / name.decode() for name in out.split(b"\0") if name]


def escapes_in(path):
    text = path.read_bytes()
    found = []
    for number, line in enumerate(text.split(b"\n"), 1):
        if path.name == "test_repo_standalone.py":
            continue
        for pattern in ESCAPES:
            if pattern.search(line):
                found.append(f"{path.relative_to(REPO)}:{number}: {line.decode(errors='replace').strip()}")
    return found


def test_the_scan_sees_the_build_and_test_files():
    names = {str(p.relative_to(REPO)) for p in tracked_files()}
    assert "tests/CMakeLists.txt" in names
    assert "tests/cli/test_cuda.py" in names
    assert any(name.startswith("tests/data/cuda/") for name in names)


def test_every_escape_pattern_catches_its_example(tmp_path):
    examples = [b'DATA="${CMAKE_SOURCE_DIR}/../' + SIBLING + b'/data"', b"DATA = REPO.parent / 'x'",
                b"root = here.parents[3]", b"${CMAKE_SOURCE_DIR}/../other", b"open('/work/x')"]
    for example, pattern in zip(examples, ESCAPES):
        assert pattern.search(example), example


def test_no_build_or_test_file_names_a_path_outside_the_repo():
    problems = [problem for path in tracked_files() if path.is_file() for problem in escapes_in(path)]
    assert problems == [], "\n".join(problems)


def test_recorded_cuda_outputs_live_in_the_repo_with_their_sources():
    data = REPO / "tests" / "data" / "cuda"
    assert (data / "SOURCES.md").is_file()
    assert len(list((data / "nvcc").glob("*.txt"))) >= 40
