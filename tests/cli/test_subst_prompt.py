"""tmux-driven tests of `tbx subst -c`: single keys from the terminal (y n a q l s ? Esc,
Ctrl-C, unlisted keys), stdin as a pipe of file names, terminal restored (issue 8)."""

import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from subst_helpers import subst_binary

PROMPT = b"(y/n/a/q/l/s/u/!/?)?"


@pytest.fixture
def tmux():
    path = shutil.which("tmux")
    if path is None:
        pytest.skip("tmux is not installed")
    return path


class Session:
    def __init__(self, tmux, tmp_path: Path, command: str):
        self.name = f"tbx-subst-{os.getpid()}-{time.monotonic_ns()}"
        # A server of its own: a session ending on a shared server can take the server down
        # while another test's new-session is connecting to it.
        self.tmux = [tmux, "-L", self.name]
        self.rc_file = tmp_path / "rc"
        self.err_file = tmp_path / "err"
        self.out_file = tmp_path / "out"
        script = (
            f"cd {shlex.quote(str(tmp_path))}; {command} >{self.out_file} 2>{self.err_file}; "
            f"echo $? > {self.rc_file}.tmp; stty -a > {tmp_path / 'stty'}; mv {self.rc_file}.tmp {self.rc_file}; sleep 30"
        )
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", "150", "-y", "40", "bash", "--norc", "-c", script],
            check=True,
            env={**os.environ, "NO_COLOR": "1", "LC_ALL": "C.UTF-8"},
        )
        self.prompts_seen = 0

    def screen(self) -> bytes:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-S", "-200", "-t", self.name], capture_output=True
        ).stdout

    def wait_prompt(self, count: int):
        """Waits until the prompt has been shown `count` times in total."""
        deadline = time.time() + 30
        while self.screen().count(PROMPT) < count:
            if self.rc_file.exists():
                raise AssertionError(b"tbx exited early: " + self.screen())
            assert time.time() < deadline, self.screen()
            time.sleep(0.03)

    def keys(self, *keys: str):
        for key in keys:
            self.prompts_seen += 1
            self.wait_prompt(self.prompts_seen)
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, key], check=True)

    def finish(self) -> int:
        deadline = time.time() + 30
        while not self.rc_file.exists():
            assert time.time() < deadline, self.screen()
            time.sleep(0.03)
        return int(self.rc_file.read_text())

    def close(self):
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def run_keys(tmux, tmp_path, command, keys):
    session = Session(tmux, tmp_path, command)
    try:
        session.keys(*keys)
        rc = session.finish()
        return rc, session.screen()
    finally:
        session.close()


def make_files(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(b"foo foo\nbar\nfoo\n")
    (tmp_path / "b.txt").write_bytes(b"foo\nfoo\n")


def test_y_n_and_quit_keeps_what_was_accepted(tmux, tmp_path: Path):
    make_files(tmp_path)
    rc, screen = run_keys(tmux, tmp_path, f"{subst_binary()} subst -c foo X a.txt b.txt", ["y", "n", "y", "q"])
    assert rc == 0
    assert (tmp_path / "a.txt").read_bytes() == b"X foo\nbar\nX\n"
    assert (tmp_path / "b.txt").read_bytes() == b"foo\nfoo\n"
    assert b"a.txt" in screen and b"replace with X" in screen
    # The second question shows the line as already edited by the first answer.
    assert b"X [-foo-]{+X+}" in screen
    assert (tmp_path / "out").read_bytes() == b""


def test_a_replaces_everything_remaining(tmux, tmp_path: Path):
    make_files(tmp_path)
    rc, _ = run_keys(tmux, tmp_path, f"{subst_binary()} subst -c foo X a.txt b.txt", ["n", "a"])
    assert rc == 0
    assert (tmp_path / "a.txt").read_bytes() == b"foo X\nbar\nX\n"
    assert (tmp_path / "b.txt").read_bytes() == b"X\nX\n"


def test_l_replaces_one_then_quits(tmux, tmp_path: Path):
    make_files(tmp_path)
    rc, _ = run_keys(tmux, tmp_path, f"{subst_binary()} subst -c foo X a.txt b.txt", ["n", "l"])
    assert rc == 0
    assert (tmp_path / "a.txt").read_bytes() == b"foo X\nbar\nfoo\n"
    assert (tmp_path / "b.txt").read_bytes() == b"foo\nfoo\n"


def test_s_skips_the_rest_of_the_file(tmux, tmp_path: Path):
    make_files(tmp_path)
    rc, _ = run_keys(tmux, tmp_path, f"{subst_binary()} subst -c foo X a.txt b.txt", ["y", "s", "n", "y"])
    assert rc == 0
    assert (tmp_path / "a.txt").read_bytes() == b"X foo\nbar\nfoo\n"
    assert (tmp_path / "b.txt").read_bytes() == b"foo\nX\n"


@pytest.mark.parametrize("key", ["Escape", "C-c"])
def test_escape_and_ctrl_c_quit_like_q(tmux, tmp_path: Path, key):
    make_files(tmp_path)
    rc, _ = run_keys(tmux, tmp_path, f"{subst_binary()} subst -c foo X a.txt b.txt", ["y", key])
    assert rc == 0
    assert (tmp_path / "a.txt").read_bytes() == b"X foo\nbar\nfoo\n"
    assert (tmp_path / "b.txt").read_bytes() == b"foo\nfoo\n"
    assert b"icanon" in (tmp_path / "stty").read_bytes()
    assert b"-icanon" not in (tmp_path / "stty").read_bytes()


def test_help_and_unlisted_keys_ask_again(tmux, tmp_path: Path):
    make_files(tmp_path)
    session = Session(tmux, tmp_path, f"{subst_binary()} subst -c -e '%s/foo/X/' a.txt")
    try:
        session.keys("?")
        session.keys("x")  # ignored: the same question is shown again
        session.keys("y")
        session.keys("y")
        rc = session.finish()
        screen = session.screen()
    finally:
        session.close()
    assert rc == 0
    assert b"skip the rest of this file" in screen
    assert b"x is not a choice: press one of ynaqlsu! (? for help)" in screen
    # Without g only the first match of each line is offered.
    assert (tmp_path / "a.txt").read_bytes() == b"X foo\nbar\nX\n"


def test_file_names_piped_on_stdin(tmux, tmp_path: Path):
    make_files(tmp_path)
    command = f"printf 'a.txt\\0b.txt\\0' | {subst_binary()} subst -c --files0-from - foo X"
    rc, _ = run_keys(tmux, tmp_path, command, ["n", "n", "n", "y", "y"])
    assert rc == 0
    assert (tmp_path / "a.txt").read_bytes() == b"foo foo\nbar\nfoo\n"
    assert (tmp_path / "b.txt").read_bytes() == b"X\nX\n"


def test_stdin_filter_with_confirm_asks_on_the_terminal(tmux, tmp_path: Path):
    command = f"printf 'foo foo\\n' | {subst_binary()} subst -c foo X"
    rc, _ = run_keys(tmux, tmp_path, command, ["n", "y"])
    assert rc == 0
    assert (tmp_path / "out").read_bytes() == b"foo X\n"


def test_long_lines_are_shown_as_a_window_around_the_match(tmux, tmp_path: Path):
    """A minified 9.6 KB line is not printed whole at the prompt: a window around the match,
    the cuts marked with their byte counts."""
    line = "a" * 4800 + "foo" + "b" * 4800 + "\n"
    (tmp_path / "min.js").write_text(line)
    session = Session(tmux, tmp_path, f"{subst_binary()} subst -c foo X min.js")
    try:
        session.keys("y")
        rc = session.finish()
        screen = session.screen()
    finally:
        session.close()
    assert rc == 0
    # tmux wraps the 170 columns at 150.
    shown = b"(4740 bytes+)\xe2\x80\xa6" + b"a" * 60 + b"[-foo-]{+X+}" + b"b" * 60
    assert shown + b"\xe2\x80\xa6(+4740 bytes)" in screen.replace(b"\n", b"")
    assert len(screen) < 2000
    assert (tmp_path / "min.js").read_text() == line.replace("foo", "X")


def test_bang_discards_the_whole_run_and_puts_back_written_files(tmux, tmp_path: Path):
    """! writes nothing of this run: a.txt, already written after its answers, goes back."""
    make_files(tmp_path)
    inode = (tmp_path / "a.txt").stat().st_ino
    command = f"XDG_STATE_HOME={tmp_path / 'state'} {subst_binary()} subst -c foo X a.txt b.txt"
    rc, screen = run_keys(tmux, tmp_path, command, ["y", "y", "y", "!"])
    assert rc == 1, screen
    assert (tmp_path / "a.txt").read_bytes() == b"foo foo\nbar\nfoo\n"
    assert (tmp_path / "a.txt").stat().st_ino == inode
    assert (tmp_path / "b.txt").read_bytes() == b"foo\nfoo\n"
    assert b"discarded: nothing written" in (tmp_path / "err").read_bytes()


def test_u_takes_back_the_last_accepted_replacement_and_asks_again(tmux, tmp_path: Path):
    """u (vim's :s///c has no undo; sd's users ask for "go back"): the last y of this file is
    taken back and its match shown again, unedited; u with nothing to take back asks again."""
    make_files(tmp_path)
    keys = ["u", "y", "n", "u", "n", "y", "y"]
    rc, screen = run_keys(tmux, tmp_path, f"{subst_binary()} subst -c foo X a.txt", keys)
    assert rc == 0, screen
    # u (nothing yet), y, n, u -> back at the first foo: n, y, y.
    assert (tmp_path / "a.txt").read_bytes() == b"foo X\nbar\nX\n"
    assert b"nothing accepted to take back" in screen
    # The first match is shown twice unedited: at the start and after the u.
    assert screen.count(b"1> [-foo-]{+X+} foo") == 2


def test_u_goes_back_into_the_file_written_before(tmux, tmp_path: Path):
    """u in a file with nothing accepted yet reaches into the previous file, already written:
    it is put back from the journal and asked again from its last accepted match."""
    make_files(tmp_path)
    inode = (tmp_path / "a.txt").stat().st_ino
    command = f"XDG_STATE_HOME={tmp_path / 'state'} {subst_binary()} subst -c foo X a.txt b.txt"
    # a.txt: y n n (written); b.txt: u -> back to a.txt's first foo: n y n; b.txt: y y.
    keys = ["y", "n", "n", "u", "n", "y", "n", "y", "y"]
    rc, screen = run_keys(tmux, tmp_path, command, keys)
    assert rc == 0, screen
    assert (tmp_path / "a.txt").read_bytes() == b"foo X\nbar\nfoo\n"
    assert (tmp_path / "b.txt").read_bytes() == b"X\nX\n"
    # a.txt's first match is shown unedited a second time, after the u.
    assert screen.count(b"1> [-foo-]{+X+} foo") == 2
    # The run's journal holds the files as finally written: --undo puts both back.
    undo = subprocess.run(
        [subst_binary(), "subst", "--undo"],
        env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")},
        capture_output=True,
    )
    assert undo.returncode == 0, undo.stderr
    assert (tmp_path / "a.txt").read_bytes() == b"foo foo\nbar\nfoo\n"
    assert (tmp_path / "a.txt").stat().st_ino == inode
    assert (tmp_path / "b.txt").read_bytes() == b"foo\nfoo\n"
