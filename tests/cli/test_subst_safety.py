"""End-to-end safety rules of tbx subst (issue 8, "Safety"): atomic rewrite under kill -9,
full and read-only file systems, symlinks, hard links, binary files, byte preservation,
untouched files, metadata, concurrent edits, catastrophic patterns."""

import hashlib
import os
import random
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from subst_helpers import SANITIZE, run_subst, snapshot, subst_binary


def test_symlink_stays_a_link_and_target_is_edited(tmp_path: Path):
    target = tmp_path / "real.txt"
    target.write_bytes(b"foo\n")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    result = run_subst("foo", "bar", link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert target.read_bytes() == b"bar\n"


def test_hard_links_are_skipped_unless_asked(tmp_path: Path):
    first = tmp_path / "a.txt"
    first.write_bytes(b"foo foo\n")
    second = tmp_path / "b.txt"
    os.link(first, second)
    result = run_subst("foo", "bar", first)
    assert result.returncode == 1
    assert b"hard link" in result.stderr
    assert first.read_bytes() == b"foo foo\n"
    inode = first.stat().st_ino
    result = run_subst("--hard-links", "foo", "bar", first)
    assert result.returncode == 0, result.stderr
    assert first.stat().st_ino == inode and first.stat().st_nlink == 2
    assert second.read_bytes() == b"bar bar\n"


def test_binary_files_are_skipped_with_a_note(tmp_path: Path):
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"foo\0foo\n")
    result = run_subst("foo", "bar", binary)
    assert result.returncode == 1
    assert b"binary" in result.stderr
    assert binary.read_bytes() == b"foo\0foo\n"
    text = tmp_path / "t.txt"
    text.write_bytes(b"foo\n")
    result = run_subst("foo", "bar", binary, text)
    assert result.returncode == 0
    assert text.read_bytes() == b"bar\n" and binary.read_bytes() == b"foo\0foo\n"
    result = run_subst("--binary", "foo", "bar", binary)
    assert result.returncode == 0
    assert binary.read_bytes() == b"bar\0bar\n"


def test_bytes_are_preserved_exactly(tmp_path: Path):
    cases = {
        "crlf.txt": (b"one foo\r\ntwo\r\nfoo\r\n", b"one bar\r\ntwo\r\nbar\r\n"),
        "noeol.txt": (b"foo\nlast foo", b"bar\nlast bar"),
        "invalid.txt": (b"\xff\xfefoo\xc3(foo\xe2\x82\n", b"\xff\xfebar\xc3(bar\xe2\x82\n"),
        "cr.txt": (b"a\rfoo\r", b"a\rbar\r"),
    }
    for name, (before, _) in cases.items():
        (tmp_path / name).write_bytes(before)
    result = run_subst("f.o", "bar", *[tmp_path / n for n in cases])
    assert result.returncode == 0, result.stderr
    for name, (_, after) in cases.items():
        assert (tmp_path / name).read_bytes() == after, name


def test_untouched_files_keep_inode_and_mtime(tmp_path: Path):
    path = tmp_path / "same.txt"
    path.write_bytes(b"nothing here\n")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = path.stat()
    result = run_subst("absent", "x", path)
    assert result.returncode == 1
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_mode_owner_and_xattrs_are_kept(tmp_path: Path):
    path = tmp_path / "meta.sh"
    path.write_bytes(b"echo foo\n")
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)
    os.chmod(path, 0o4751)  # after chown, which clears set-user-ID
    try:
        os.setxattr(path, "user.tbx", b"kept")
        has_xattr = True
    except OSError:
        has_xattr = False
    before = path.stat()
    result = run_subst("foo", "bar", path)
    assert result.returncode == 0, result.stderr
    after = path.stat()
    assert path.read_bytes() == b"echo bar\n"
    assert after.st_ino != before.st_ino  # a new inode: the rewrite was a rename
    assert stat.S_IMODE(after.st_mode) == 0o4751
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    if has_xattr:
        assert os.getxattr(path, "user.tbx") == b"kept"


def test_backup_keeps_the_old_version(tmp_path: Path):
    path = tmp_path / "b.txt"
    path.write_bytes(b"foo\n")
    assert run_subst("--backup", "foo", "bar", path).returncode == 0
    assert (tmp_path / "b.txt~").read_bytes() == b"foo\n"
    assert run_subst("--backup=.orig", "bar", "baz", path).returncode == 0
    assert (tmp_path / "b.txt.orig").read_bytes() == b"bar\n"
    assert path.read_bytes() == b"baz\n"


def test_catastrophic_pattern_is_an_error_not_a_hang(tmp_path: Path):
    path = tmp_path / "slow.txt"
    content = b"a" * 40000 + b"b\n"
    path.write_bytes(content)
    result = run_subst("(a+)+$", "x", path, timeout=60)
    assert result.returncode == 2
    assert b"too costly" in result.stderr
    assert path.read_bytes() == content


def test_confirm_without_a_terminal_changes_nothing(tmp_path: Path):
    path = tmp_path / "c.txt"
    path.write_bytes(b"foo\n")
    result = run_subst("-c", "foo", "bar", path)
    assert result.returncode == 2
    assert b"terminal" in result.stderr
    assert path.read_bytes() == b"foo\n"


@pytest.mark.parametrize("stdin_text", [None, b"nothing here\n"])
def test_confirm_without_a_terminal_is_fine_when_nothing_matches(tmp_path: Path, stdin_text):
    """vim asks only at a match: with nothing to confirm, -c needs no terminal and the run
    ends as any run without a match (1, or 0 with the e flag), files and stdin untouched."""
    path = tmp_path / "c.txt"
    path.write_bytes(b"foo\n")
    paths = [] if stdin_text else [path]
    for expression, code in (("%s/nomatch/bar/c", 1), ("%s/nomatch/bar/ce", 0)):
        result = subprocess.run(
            [subst_binary(), "subst", "-e", expression, *paths],
            input=stdin_text,
            capture_output=True,
            start_new_session=True,  # no controlling terminal: /dev/tty cannot be opened
            stdin=None if stdin_text else subprocess.DEVNULL,
            env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")},
        )
        assert result.returncode == code, result.stderr
        assert b"terminal" not in result.stderr
        assert path.read_bytes() == b"foo\n"
        if stdin_text:
            assert result.stdout == stdin_text
    # Something to confirm on stdin and no terminal: exit 2, nothing printed.
    result = subprocess.run(
        [subst_binary(), "subst", "-c", "here", "X"],
        input=b"nothing here\n",
        capture_output=True,
        start_new_session=True,
    )
    assert result.returncode == 2
    assert b"needs a terminal" in result.stderr and result.stdout == b""


def test_unwritable_directory_is_a_clear_error(tmp_path: Path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere; the read-only mount test covers this as root")
    directory = tmp_path / "ro"
    directory.mkdir()
    path = directory / "f.txt"
    path.write_bytes(b"foo\n")
    directory.chmod(0o555)
    try:
        result = run_subst("foo", "bar", path)
    finally:
        directory.chmod(0o755)
    assert result.returncode == 2
    assert str(path).encode() in result.stderr
    assert path.read_bytes() == b"foo\n"


@pytest.fixture
def small_tmpfs(tmp_path: Path):
    mount_point = tmp_path / "mnt"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def test_full_disk_leaves_the_original_and_no_temp_file(small_tmpfs: Path):
    path = small_tmpfs / "big.txt"
    content = b"foo line\n" * 70000  # 630 KB of a 1 MiB file system: no room for a copy
    path.write_bytes(content)
    result = run_subst("foo", "bar", path)
    assert result.returncode == 2
    assert b"big.txt" in result.stderr
    assert path.read_bytes() == content
    assert sorted(os.listdir(small_tmpfs)) == ["big.txt"]


def test_read_only_file_system_is_a_clear_error(small_tmpfs: Path):
    path = small_tmpfs / "r.txt"
    path.write_bytes(b"foo\n")
    remount = subprocess.run(
        ["mount", "-o", "remount,ro", str(small_tmpfs)], capture_output=True
    )
    if remount.returncode != 0:
        pytest.skip("cannot remount read-only")
    result = run_subst("foo", "bar", path)
    assert result.returncode == 2
    assert b"r.txt" in result.stderr
    assert path.read_bytes() == b"foo\n"


def test_kill_9_leaves_files_old_or_new_and_no_temp_files(tmp_path: Path):
    """Fault injection: kill -9 at random moments of a run over a large file and a tree."""
    rng = random.Random(8)
    work = tmp_path / "work"
    old_big = b"".join(b"line %d foo bar foo\n" % i for i in range(600_000))  # ~14 MB
    new_big = old_big.replace(b"foo", b"qux")
    old_small = [b"foo %d\n" % i * 50 for i in range(200)]
    binary = subst_binary()
    iterations = 8 if SANITIZE else 20
    outcomes = {"old": 0, "new": 0}
    for _ in range(iterations):
        if work.exists():
            shutil.rmtree(work)
        work.mkdir()
        (work / "big.txt").write_bytes(old_big)
        for i, content in enumerate(old_small):
            (work / f"s{i:03}.txt").write_bytes(content)
        process = subprocess.Popen(
            [binary, "subst", "-q", "foo", "qux", str(work)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.0, 0.25 if not SANITIZE else 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        names = sorted(os.listdir(work))
        assert names == sorted(["big.txt"] + [f"s{i:03}.txt" for i in range(200)]), names
        big = (work / "big.txt").read_bytes()
        assert big in (old_big, new_big)
        outcomes["old" if big == old_big else "new"] += 1
        for i, content in enumerate(old_small):
            assert (work / f"s{i:03}.txt").read_bytes() in (content, content.replace(b"foo", b"qux"))
    assert sum(outcomes.values()) == iterations


def test_a_file_changed_during_the_run_is_not_overwritten(tmp_path: Path):
    """The stamp (inode, size, mtime) is checked just before the rename; a file edited in the
    meantime is reported and left with the other writer's content. Driven through --confirm
    in tmux, where the run waits for a key."""
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed")
    path = tmp_path / "race.txt"
    path.write_bytes(b"foo\n")
    rc_file = tmp_path / "rc"
    session = f"tbx-subst-race-{os.getpid()}"
    command = f"{subst_binary()} subst -c foo bar {path} 2>{tmp_path / 'err'}; echo $? > {rc_file}"
    tmux = [tmux, "-L", session]  # a server of its own, as test_subst_prompt's sessions
    subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "120", "-y", "30", command], check=True)
    try:
        deadline = time.time() + 30
        while b"(y/n/a/q/l/s/u/!/?)" not in subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", session], capture_output=True
        ).stdout:
            assert time.time() < deadline, "no prompt"
            time.sleep(0.05)
        path.write_bytes(b"foo changed elsewhere\n")
        subprocess.run([*tmux, "send-keys", "-t", session, "y"], check=True)
        while not rc_file.exists() or not rc_file.read_text().strip():
            assert time.time() < deadline, "tbx did not finish"
            time.sleep(0.05)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    assert rc_file.read_text().strip() == "2"
    assert b"changed on disk" in (tmp_path / "err").read_bytes()
    assert path.read_bytes() == b"foo changed elsewhere\n"
    assert sorted(os.listdir(tmp_path)) == ["err", "race.txt", "rc"]
