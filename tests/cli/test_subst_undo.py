"""The undo journal (issue 15): every run that writes keeps the old contents under
$XDG_STATE_HOME/tbx/subst/; --undo puts back the files still exactly as tbx wrote them."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from subst_helpers import run_subst, subst_binary


def state(tmp_path: Path):
    return {"XDG_STATE_HOME": str(tmp_path / "state")}


def test_undo_restores_the_last_runs_in_turn(tmp_path: Path):
    env = state(tmp_path)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("user_id a\n")
    b.write_text("user_id b\n")
    b.chmod(0o640)
    inodes = (a.stat().st_ino, b.stat().st_ino)
    assert run_subst("user_id", "userId", a, b, env=env).returncode == 0
    assert run_subst("userId", "UID", a, env=env).returncode == 0
    runs = run_subst("--list-runs", env=env).stdout.decode().splitlines()
    assert len(runs) == 2
    assert runs[0].startswith("1\t") and "1 file\t" in runs[0] and "userId UID" in runs[0]
    assert runs[1].startswith("2\t") and "2 files\t" in runs[1]
    result = run_subst("--undo", env=env)
    assert result.returncode == 0, result.stderr
    assert a.read_text() == "userId a\n"
    result = run_subst("--undo", env=env)
    assert result.returncode == 0, result.stderr
    assert (a.read_text(), b.read_text()) == ("user_id a\n", "user_id b\n")
    # The original files come back themselves: inode, mode, one link.
    assert (a.stat().st_ino, b.stat().st_ino) == inodes
    assert b.stat().st_mode & 0o777 == 0o640 and b.stat().st_nlink == 1
    assert run_subst("--list-runs", env=env).stdout == b""
    assert run_subst("--undo", env=env).returncode == 2


def test_undo_refuses_a_file_changed_since(tmp_path: Path):
    env = state(tmp_path)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("foo\n")
    b.write_text("foo\n")
    assert run_subst("foo", "bar", a, b, env=env).returncode == 0
    a.write_text("bar, edited by hand\n")
    result = run_subst("--undo", env=env)
    assert result.returncode == 2
    assert b"not restored: changed since tbx wrote it" in result.stderr
    assert a.read_text() == "bar, edited by hand\n"
    assert b.read_text() == "foo\n"


def test_undo_n_picks_an_older_run_and_the_journal_is_bounded(tmp_path: Path):
    env = state(tmp_path)
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("x0\n")
    new.write_text("y0\n")
    assert run_subst("x0", "x1", old, env=env).returncode == 0
    assert run_subst("y0", "y1", new, env=env).returncode == 0
    assert run_subst("--undo=2", env=env).returncode == 0
    assert (old.read_text(), new.read_text()) == ("x0\n", "y1\n")
    for index in range(1, 25):
        assert run_subst(f"y{index}", f"y{index + 1}", new, env=env).returncode == 0
    assert len(run_subst("--list-runs", env=env).stdout.splitlines()) == 20


def test_no_journal_and_runs_that_write_nothing_leave_none(tmp_path: Path):
    env = state(tmp_path)
    a = tmp_path / "a.txt"
    a.write_text("foo\n")
    assert run_subst("--dry-run", "foo", "bar", a, env=env).returncode == 0
    assert run_subst("nomatch", "bar", a, env=env).returncode == 1
    assert run_subst("--no-journal", "foo", "bar", a, env=env).returncode == 0
    assert run_subst("--list-runs", env=env).stdout == b""


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_mid_run_leaves_a_valid_journal_of_what_was_written(tmp_path: Path, number):
    """SIGINT/SIGTERM while files are being written: the files started are finished, no new
    one is started, the journal lists exactly what was written (so --undo puts it all back),
    and the process then dies of the signal."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", **state(tmp_path)}
    tree = tmp_path / "tree"
    tree.mkdir()
    count = 4000
    for i in range(count):
        (tree / f"f{i:05}.txt").write_text(f"user_id {i}\n")
    process = subprocess.Popen(
        [subst_binary(), "subst", "-j", "1", "user_id", "userId", str(tree)],
        env=env,
        stderr=subprocess.PIPE,
    )
    # Waits until files are being written (their old contents appear in the journal).
    state_dir = tmp_path / "state" / "tbx" / "subst"
    while process.poll() is None:
        runs = list(state_dir.glob("run-*")) if state_dir.exists() else []
        if runs and sum(1 for _ in runs[0].iterdir()) >= 20:
            break
        time.sleep(0.005)
    process.send_signal(number)
    _, stderr = process.communicate(timeout=120)
    written = [p for p in sorted(tree.iterdir()) if p.read_text().startswith("userId")]
    if process.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert process.returncode == -number, stderr
    assert b"interrupted" in stderr
    assert 0 < len(written) < count
    # Every file is wholly old or wholly new, and no temp file is left.
    assert all(p.read_text().split()[0] in ("user_id", "userId") for p in tree.iterdir())
    assert len(list(tree.iterdir())) == count
    # Exactly one run, complete (a summary), listing the files written.
    runs = list(state_dir.iterdir())
    assert len(runs) == 1 and (runs[0] / "summary.json").exists()
    listed = run_subst("--list-runs", env=state(tmp_path)).stdout.decode()
    assert f"\t{len(written)} files\t" in listed
    result = run_subst("--undo", env=state(tmp_path))
    assert result.returncode == 0, result.stderr
    assert all(p.read_text().startswith("user_id") for p in tree.iterdir())


def test_unfinished_runs_of_dead_processes_are_swept(tmp_path: Path):
    """A run killed with SIGKILL cannot finish its journal: the next run that writes removes
    such a directory (no summary, its process gone), and leaves one whose process lives."""
    env = state(tmp_path)
    root = tmp_path / "state" / "tbx" / "subst"
    root.mkdir(parents=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = root / f"run-{0:020}-{dead.pid}"
    alive = root / f"run-{1:020}-{os.getpid()}"
    for directory in (stale, alive):
        directory.mkdir()
        (directory / "0").write_text("old\n")
    victim = tmp_path / "k.txt"
    victim.write_text("foo\n")
    assert run_subst("foo", "bar", victim, env=env).returncode == 0
    assert not stale.exists()
    assert alive.exists()
    assert len(run_subst("--list-runs", env=env).stdout.splitlines()) == 1
