"""End-to-end tests of `tbx memprof --lines` on Python scripts under tests/cli/memprof/.

The reference is Debian's memory_profiler (`/usr/bin/python3 -m memory_profiler`): the same
increments within 0.5 MiB on deterministic allocations (b"x" * n writes its pages at once).
The first row of a table is the process's memory when the function was entered, which differs
with what each tool imported, so it is left out of the comparison.
"""

import glob
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import tbx_binary

MIB = 1024 * 1024
HERE = Path(__file__).resolve().parent / "memprof"
PYTHON = "/usr/bin/python3"


def lines_report(*args, cwd=None):
    """Runs `tbx memprof --json -o FILE --lines ARGS`; returns (CompletedProcess, document)."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        result = subprocess.run([tbx_binary(), "memprof", "--json", "-o", str(report), *args],
                                capture_output=True, timeout=300, cwd=cwd)
        assert report.exists(), result.stderr.decode(errors="replace")
        return result, json.loads(report.read_text())


def memory_profiler_table(script):
    """Runs memory_profiler on `script`; returns {line: (increment MiB, occurrences)}."""
    result = subprocess.run([PYTHON, "-m", "memory_profiler", str(script)], capture_output=True,
                            text=True, timeout=300)
    if "No module named memory_profiler" in result.stderr:
        pytest.skip("python3-memory-profiler missing")
    assert result.returncode == 0, result.stderr
    rows = {}
    for match in re.finditer(r"^\s*(\d+)\s+([-\d.]+) MiB\s+([-\d.]+) MiB\s+(\d+)", result.stdout,
                             re.M):
        rows[int(match.group(1))] = (float(match.group(3)), int(match.group(4)))
    assert rows, result.stdout
    return rows


def table_rows(doc, function):
    for process in doc["lines"]:
        for table in process["functions"]:
            if table["function"] == function:
                return {row["line"]: row for row in table["lines"] if row["mem_bytes"] is not None}
    raise AssertionError(f"no table for {function}: {doc['lines']}")


def test_increments_match_memory_profiler():
    script = HERE / "lines_alloc.py"
    reference = memory_profiler_table(script)
    _, doc = lines_report("--lines", "--", PYTHON, str(script))
    rows = table_rows(doc, "allocate")
    assert sorted(rows) == sorted(reference)
    first = min(rows)
    for line, (increment_mib, occurrences) in reference.items():
        if line == first:
            continue
        assert rows[line]["occurrences"] == occurrences, line
        assert abs(rows[line]["increment_bytes"] / MIB - increment_mib) <= 0.5, line


def test_peak_in_line_sees_what_a_line_frees_before_it_ends():
    script = HERE / "lines_alloc.py"
    _, doc = lines_report("--lines", "--", PYTHON, str(script))
    rows = table_rows(doc, "allocate")
    transient = next(row for row in rows.values() if '(80 * MIB)' in row["contents"])
    # memory_profiler's columns cannot see the 80 MiB: the line ends without it.
    assert abs(transient["increment_bytes"]) < 1 * MIB
    assert transient["peak_bytes"] >= transient["mem_bytes"] + 79 * MIB
    for row in rows.values():
        assert row["peak_bytes"] >= row["mem_bytes"]


def test_whole_run_peak_stays_exact_despite_the_resets():
    # The per-line resets lower VmHWM; the hook's running maximum keeps the peak: it covers
    # the 20 + 40 MiB and the transient 20 + 10 + 80 MiB over the interpreter's own memory.
    script = HERE / "lines_alloc.py"
    _, doc = lines_report("--lines", "--", PYTHON, str(script))
    assert doc["peak_exact"] is True
    assert doc["peak_bytes"] >= 110 * MIB
    hooked = doc["lines"][0]
    assert doc["peak_bytes"] >= hooked["max_hwm_bytes"]


def test_human_table_has_memory_profilers_layout():
    script = HERE / "lines_alloc.py"
    result = subprocess.run([tbx_binary(), "memprof", "--lines", "--", PYTHON, str(script)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    header = ("Line #    Mem usage    Increment  Occurrences  Peak in line   Line Contents")
    assert header in result.stderr
    assert "=" * len(header) in result.stderr
    assert re.search(r"^\s+\d+\s+[\d.]+ MiB\s+[-\d.]+ MiB\s+1\s+[\d.]+ MiB       a = b\"x\"",
                     result.stderr, re.M)
    assert result.stdout == ""


def test_profile_decorator_runs_unchanged_and_main_script_functions_by_default(tmp_path):
    plain = tmp_path / "plain.py"
    plain.write_text("def build():\n    x = bytearray(8 * 2**20)\n    return len(x)\n\n"
                     "def unused():\n    pass\n\nbuild()\n")
    _, doc = lines_report("--lines", "--", PYTHON, str(plain))
    functions = [t["function"] for p in doc["lines"] for t in p["functions"]]
    assert functions == ["build"]
    # Without tbx, a @profile script fails; under it, only the decorated function is shown.
    decorated = tmp_path / "decorated.py"
    decorated.write_text("def helper():\n    return 1\n\n@profile\ndef work():\n"
                         "    return helper()\n\nwork()\n")
    assert subprocess.run([PYTHON, str(decorated)], capture_output=True).returncode != 0
    result, doc = lines_report("--lines", "--", PYTHON, str(decorated))
    assert result.returncode == 0
    assert [t["function"] for p in doc["lines"] for t in p["functions"]] == ["work"]


def test_explicit_file_and_function_repeatable():
    script = HERE / "lines_workers.py"
    _, doc = lines_report("--lines", f"{script}:child_work", "--lines", f"{script}:main", "--",
                          PYTHON, str(script))
    names = sorted(t["function"] for p in doc["lines"] for t in p["functions"])
    assert names == ["child_work", "main"]


def test_every_python_process_of_the_tree(tmp_path):
    # The parent, a Python subprocess and a forked multiprocessing worker (which leaves
    # through os._exit, past atexit) each report their own table.
    script = HERE / "lines_workers.py"
    _, doc = lines_report("--lines", "--", PYTHON, str(script))
    by_function = {}
    for process in doc["lines"]:
        for table in process["functions"]:
            by_function.setdefault(table["function"], set()).add(process["pid"])
    assert {"main", "child_work", "forked_work"} <= set(by_function)
    assert len(set.union(*by_function.values())) == 3
    child = table_rows(doc, "child_work")
    assert any(row["increment_bytes"] >= 29 * MIB for row in child.values())
    forked = table_rows(doc, "forked_work")
    assert any(row["increment_bytes"] >= 24 * MIB for row in forked.values())


def test_shadowed_sitecustomize_still_runs(tmp_path):
    # Debian ships a sitecustomize; a user's own on PYTHONPATH must keep running too.
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import builtins\nbuiltins.SITE_MARK = 'mine'\n")
    script = tmp_path / "s.py"
    script.write_text("print(SITE_MARK)\n")
    env = dict(os.environ, PYTHONPATH=str(site))
    result = subprocess.run([tbx_binary(), "memprof", "--quiet", "--lines", "--", PYTHON,
                             str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "mine\n"


def test_isolated_python_is_reported(tmp_path):
    script = tmp_path / "s.py"
    script.write_text("def f():\n    return 1\nf()\n")
    result = subprocess.run([tbx_binary(), "memprof", "--lines", "--", PYTHON, "-I",
                             str(script)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert re.search(r"warning: python process \d+ ran without the --lines hook \(python -I",
                     result.stderr)


def test_no_hook_directory_is_left_behind(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path))
    subprocess.run([tbx_binary(), "memprof", "--quiet", "--lines", "--", PYTHON, "-c", "pass"],
                   env=env, check=True, timeout=120)
    assert list(tmp_path.iterdir()) == []


PYTHON312 = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python3")))


@pytest.mark.skipif(not PYTHON312, reason="no Python 3.12+ at hand")
def test_sys_monitoring_on_312_agrees_with_memory_profiler():
    script = HERE / "lines_alloc.py"
    reference = memory_profiler_table(script)
    _, doc = lines_report("--lines", "--", PYTHON312[0], str(script))
    assert doc["lines"][0]["engine"] == "sys.monitoring"
    rows = table_rows(doc, "allocate")
    first = min(rows)
    for line, (increment_mib, occurrences) in reference.items():
        if line != first:
            assert abs(rows[line]["increment_bytes"] / MIB - increment_mib) <= 0.5, line


@pytest.mark.parametrize("python", [PYTHON, *PYTHON312[:1]])
def test_exception_leaving_a_profiled_function_ends_its_frame(tmp_path, python):
    # After fails() raised, main's later lines are main's again: y's 10 MiB lands on its line.
    script = tmp_path / "exc.py"
    script.write_text("def fails():\n    x = b'x' * (5 * 2**20)\n    raise ValueError()\n\n"
                      "def main():\n    try:\n        fails()\n    except ValueError:\n"
                      "        pass\n    y = b'y' * (10 * 2**20)\n    return len(y)\n\nmain()\n")
    _, doc = lines_report("--lines", "--", python, str(script))
    rows = table_rows(doc, "main")
    assert abs(rows[10]["increment_bytes"] / MIB - 10) <= 0.5
    assert rows[11]["occurrences"] == 1
    assert table_rows(doc, "fails")[3]["occurrences"] == 1
