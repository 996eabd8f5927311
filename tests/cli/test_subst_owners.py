"""Owners and read-only files (issue 15): tbx subst never changes a file's owner or group and
leaves files without write permission alone unless --force; run as an unprivileged user with
setpriv where the test needs one."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from subst_helpers import run_subst, subst_binary


def as_nobody(*args, cwd):
    """Runs `tbx subst ARGS...` as the user nobody (needs root to switch)."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to run as another user")
    return subprocess.run(
        [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", subst_binary(), "subst",
         *args],
        cwd=cwd, capture_output=True, timeout=60,
        env={**os.environ, "LC_ALL": "C.UTF-8", "HOME": "/nonexistent"},
    )


@pytest.fixture
def shared_dir(tmp_path: Path):
    """A directory every user may write in (as /tmp is), reachable by nobody."""
    directory = tmp_path / "shared"
    directory.mkdir()
    directory.chmod(0o1777)
    tmp_path.chmod(0o755)
    return directory


def test_a_file_of_another_owner_is_skipped_not_given_away(shared_dir: Path):
    path = shared_dir / "root.txt"
    path.write_text("user_id\n")
    path.chmod(0o666)  # nobody may write it, but a rename would make nobody its owner
    result = as_nobody("user_id", "userId", path.name, cwd=shared_dir)
    assert result.returncode == 2, result.stderr
    assert b"owned by another user or group" in result.stderr
    assert path.read_text() == "user_id\n"
    assert path.stat().st_uid == 0 and path.stat().st_gid == 0


def test_force_edits_another_owners_file_in_place(shared_dir: Path):
    path = shared_dir / "root.txt"
    path.write_text("user_id\n")
    path.chmod(0o666)
    inode = path.stat().st_ino
    result = as_nobody("--force", "user_id", "userId", path.name, cwd=shared_dir)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == "userId\n"
    status = path.stat()
    assert (status.st_uid, status.st_gid, status.st_ino) == (0, 0, inode)


def test_read_only_file_is_skipped_unless_forced(shared_dir: Path):
    as_nobody("--version", cwd=shared_dir)  # skips unless root with setpriv
    path = shared_dir / "mine.txt"
    subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "sh", "-c",
                    f"printf 'user_id\\n' > {path.name} && chmod 444 {path.name}"],
                   cwd=shared_dir, check=True)
    result = as_nobody("user_id", "userId", path.name, cwd=shared_dir)
    assert result.returncode == 2
    assert b"no write permission (--force to write anyway)" in result.stderr
    assert path.read_text() == "user_id\n"
    result = as_nobody("--force", "user_id", "userId", path.name, cwd=shared_dir)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == "userId\n"
    assert path.stat().st_mode & 0o777 == 0o444
    assert path.owner() == "nobody"


def test_read_only_file_is_skipped_even_for_root(tmp_path: Path):
    """As vim's 'readonly': no write bit at all means no, whoever asks (root included)."""
    path = tmp_path / "ro.txt"
    path.write_text("user_id\n")
    path.chmod(0o444)
    other = tmp_path / "rw.txt"
    other.write_text("user_id\n")
    result = run_subst("user_id", "userId", tmp_path)
    assert result.returncode == 2
    assert path.read_text() == "user_id\n"
    assert other.read_text() == "userId\n"
    # A read-only file without a match is no reason to fail.
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    (quiet / "ro.txt").write_text("nothing\n")
    (quiet / "ro.txt").chmod(0o444)
    (quiet / "rw.txt").write_text("user_id\n")
    assert run_subst("user_id", "userId", quiet).returncode == 0
    result = run_subst("--force", "user_id", "userId", path)
    assert result.returncode == 0
    assert path.read_text() == "userId\n" and path.stat().st_mode & 0o777 == 0o444


def test_skips_are_grouped_by_reason_and_listed_with_verbose(tmp_path: Path):
    for index in range(30):
        (tmp_path / f"bin{index}.dat").write_bytes(b"user_id\0\n")
    (tmp_path / "text.txt").write_text("user_id\n")
    result = run_subst("user_id", "userId", tmp_path)
    assert result.returncode == 0
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert "30 skipped (binary: 30)" in lines[0]
    result = run_subst("--verbose", "--dry-run", "user_id", "userId", tmp_path)
    assert result.stderr.decode().count("skipped: binary") == 30
