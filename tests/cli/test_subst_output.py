"""tbx subst's output through the apps output layer (issue 13, item 3): the colored --dry-run
diff, a closed pipe (`| head -1`) and a failing stdout. GNU diff is the reference for the
hunks; the colors are tbx's own (bold headers, cyan hunk lines, red removals, green additions)."""

import re
import subprocess
from pathlib import Path

from subst_helpers import STATE_HOME, require_tool, run_subst, subst_binary

SGR = {"header": b"\x1b[1m", "hunk": b"\x1b[36m", "removed": b"\x1b[31m", "added": b"\x1b[32m"}
RESET = b"\x1b[0m"


def paint_diff(plain: bytes) -> bytes:
    """Colors a unified diff line by line the way tbx documents it."""
    out = []
    for line in plain.split(b"\n"):
        if line.startswith((b"---", b"+++")):
            style = SGR["header"]
        elif line.startswith(b"@@"):
            style = SGR["hunk"]
        elif line.startswith(b"-"):
            style = SGR["removed"]
        elif line.startswith(b"+"):
            style = SGR["added"]
        else:
            style = b""
        out.append(style + line + RESET if style else line)
    return b"\n".join(out)


def make_sample(directory: Path):
    directory.mkdir()
    # Lines that look like diff markers, a missing final newline, bytes that are not UTF-8.
    (directory / "a.txt").write_bytes(b"foo one\nkeep\n-foo minus\n+foo plus\n@@ foo\n--- foo\n"
                                      b"no newline foo")
    (directory / "b.txt").write_bytes(b"x\ny\nfoo\n\xff foo \xfe\n")
    (directory / "c.txt").write_bytes(b"".join(b"line %d\n" % i for i in range(30)) + b"foo\n")


def test_color_diff_paints_each_line_of_the_plain_diff(tmp_path: Path):
    make_sample(tmp_path / "d")
    plain = run_subst("--dry-run", "--color", "never", "foo", r"BAR\nbaz", "d", cwd=tmp_path)
    colored = run_subst("--dry-run", "--color", "always", "foo", r"BAR\nbaz", "d", cwd=tmp_path)
    assert plain.returncode == colored.returncode == 0
    assert b"\x1b" not in plain.stdout
    assert colored.stdout == paint_diff(plain.stdout)
    assert colored.stderr == plain.stderr


def test_color_diff_bytes_of_one_small_change(tmp_path: Path):
    # The exact bytes tbx has printed since colors came in: a change of style shows here.
    (tmp_path / "x.txt").write_bytes(b"foo\nkeep\n")
    result = run_subst("--dry-run", "--color", "always", "foo", "bar", "x.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == (b"\x1b[1m--- a/x.txt\x1b[0m\n\x1b[1m+++ b/x.txt\x1b[0m\n"
                             b"\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n\x1b[31m-foo\x1b[0m\n"
                             b"\x1b[32m+bar\x1b[0m\n keep\n")


def test_plain_diff_hunks_match_gnu_diff_for_the_sample(tmp_path: Path):
    diff = require_tool("diff")
    make_sample(tmp_path / "d")
    for name in ("a.txt", "b.txt", "c.txt"):
        path = tmp_path / "d" / name
        changed = tmp_path / f"{name}.new"
        changed.write_bytes(path.read_bytes().replace(b"foo", b"BAR\nbaz"))
        ours = run_subst("--dry-run", "--color", "never", "foo", r"BAR\nbaz", path).stdout
        theirs = subprocess.run([diff, "-u", str(path), str(changed)], capture_output=True).stdout
        assert ours.split(b"\n", 2)[2] == theirs.split(b"\n", 2)[2]


def many_files(directory: Path, count=300, lines=40):
    directory.mkdir()
    for index in range(count):
        body = b"".join(b"foo %d %d\nkeep\n" % (index, line) for line in range(lines))
        (directory / f"f{index:04}.txt").write_bytes(body)


def pipeline(command: str, cwd: Path):
    """Runs `command` in bash; returns (stdout, exit status of the first command, stderr)."""
    script = f"{command} 2>err | head -n 1; echo \"status=${{PIPESTATUS[0]}}\""
    result = subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, timeout=300,
                            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8",
                                 "XDG_STATE_HOME": STATE_HOME})
    status = int(re.search(rb"status=(\d+)", result.stdout).group(1))
    return result.stdout.split(b"\n")[0], status, (cwd / "err").read_bytes()


def test_closed_pipe_ends_a_dry_run_quietly(tmp_path: Path):
    many_files(tmp_path / "d")
    before = {p.name: p.read_bytes() for p in (tmp_path / "d").iterdir()}
    first, status, err = pipeline(f"'{subst_binary()}' subst --dry-run foo bar d", tmp_path)
    assert first == b"--- a/d/f0000.txt"
    assert status == 0  # as find and format: the answer was found, the reader just left
    assert err == b""  # no "Broken pipe", no partial summary
    assert {p.name: p.read_bytes() for p in (tmp_path / "d").iterdir()} == before


def test_closed_pipe_still_finishes_a_writing_run(tmp_path: Path):
    # The reader of --json going away does not leave the edit half done.
    many_files(tmp_path / "d")
    first, status, err = pipeline(f"'{subst_binary()}' subst --json foo bar d", tmp_path)
    assert first.startswith(b'{"type":"change"')
    assert status == 0
    assert err == b"tbx subst: 12000 replacements made in 300 files\n"
    assert all(b"foo" not in p.read_bytes() for p in (tmp_path / "d").iterdir())


def test_a_failing_stdout_is_an_error(tmp_path: Path):
    many_files(tmp_path / "d", count=20)
    script = f"'{subst_binary()}' subst --dry-run foo bar d >/dev/full"
    result = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True,
                            timeout=120, env={"XDG_STATE_HOME": STATE_HOME, "LC_ALL": "C.UTF-8"})
    assert result.returncode == 2
    assert b"tbx subst: error: cannot write output: No space left on device\n" in result.stderr


def test_filtered_stdin_to_a_closed_pipe_is_quiet(tmp_path: Path):
    text = tmp_path / "in.txt"
    text.write_bytes(b"a foo b\n" * 200000)
    for options in ("", "--dry-run", "--json"):
        first, status, err = pipeline(f"'{subst_binary()}' subst {options} foo X <in.txt",
                                      tmp_path)
        assert status == 0 and err == b"", options
        assert first in (b"a X b", b"+a X b", b"--- a/-") or first.startswith(b'{"type"')
