"""End-to-end behaviour of tbx subst: both forms, options, output formats and exit codes
(issue 8). References on this machine: perl for PCRE-form replacements, GNU diff for
--dry-run hunks, sed for stdin filtering."""

import filecmp
import base64
import json
import os
import random
import resource
import subprocess
from pathlib import Path

import pytest

from subst_helpers import SANITIZE, require_tool, run_subst, snapshot, subst_binary


def test_pcre_form_matches_perl(tmp_path: Path):
    """Non-empty patterns with capture groups: tbx's $N replacements equal perl's s///gm."""
    perl = require_tool("perl")
    rng = random.Random(88)
    patterns = [
        (r"(\w+)@(\w+)", r"$2 at $1"),
        (r"foo(\d+)", r"bar${1}x"),
        (r"^(\s*)(\w)", r"$1<$2>"),
        (r"(?<k>[a-z]+)=(?<v>\d+)", r"${v}=${k}"),
        (r"o+", r"0"),
        (r"\bfoo\b", r"$$foo"),
        (r"[aeiou]{2}", r"<$0>"),
        (r"(a|b)(c)?", r"[$1$2]"),
    ]
    words = ["foo", "foo12", "bar", "a=1", "x@y", "  indent", "book", "cab", "ac", "é", "\xff"]
    cases = []
    for index in range(40 if SANITIZE else 120):
        pattern, replacement = patterns[index % len(patterns)]
        lines = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(1, 5))]
        text = "\n".join(lines).encode("utf-8", "surrogateescape") + (b"\n" if rng.random() < 0.8 else b"")
        text = text.replace("\xff".encode(), b"\xff")
        path = tmp_path / f"c{index}.txt"
        path.write_bytes(text)
        cases.append((path, pattern, replacement, text))
    for path, pattern, replacement, text in cases:
        perl_replacement = replacement.replace("${v}", "$+{v}").replace("${k}", "$+{k}").replace("$$", "\\$").replace("$0", "$&")
        expected = subprocess.run(
            [perl, "-0777", "-pe", f"s/{pattern}/{perl_replacement}/gm"],
            input=text,
            capture_output=True,
            check=True,
        ).stdout
        result = run_subst("-q", pattern, replacement, path)
        assert result.returncode in (0, 1), result.stderr
        assert path.read_bytes() == expected, (pattern, replacement, text)


def test_large_files_scanned_by_several_threads_match_perl(tmp_path: Path):
    """Files of several MiB are cut into chunks that threads scan at once (issue 8,
    performance); matches inside lines, across line breaks and across chunk edges must be
    exactly perl's, with every thread count."""
    perl = require_tool("perl")
    rng = random.Random(8)
    words = ["foo_12", "foo", "bar", "x@y", "", "  ", "\r", "caf\u00e9", "foo_7 foo_8"]
    lines = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(150_000)]
    text = "\n".join(lines).encode() + b"\n"
    assert len(text) > 3 << 20  # several chunks of 1 MiB
    patterns = [
        (r"(foo)_(\d+)", r"$2_$1"),
        (r"foo", r"quux"),
        (r"(\w+)\n(\w+)", r"$2+$1"),  # across line breaks, so across chunk edges
        (r"\n\n+", r"\n"),
    ]
    for pattern, replacement in patterns:
        expected = subprocess.run(
            [perl, "-0777", "-pe", f"s/{pattern}/{replacement}/gm"], input=text, capture_output=True, check=True
        ).stdout
        for threads in ("1", "2", "3"):
            path = tmp_path / f"big{threads}.txt"
            path.write_bytes(text)
            result = run_subst("-q", "-j", threads, pattern, replacement, path)
            assert result.returncode == 0, result.stderr
            assert path.read_bytes() == expected, (pattern, threads)


def test_large_stdin_is_streamed_like_sed_in_little_memory(tmp_path: Path):
    """Filter mode streams, like sed: 64 MiB through stdin give sed's bytes while tbx may use
    only 32 MiB of data memory (issue 8: "filter stdin to stdout like sed")."""
    if SANITIZE:
        pytest.skip("the sanitizers' shadow memory does not fit a data limit")
    sed = require_tool("sed")
    source = tmp_path / "in.txt"
    line = b"foo_12 lorem ipsum foo dolor sit amet\n"
    source.write_bytes(line * ((64 << 20) // len(line)))
    expected = tmp_path / "sed.txt"
    with source.open("rb") as stdin, expected.open("wb") as stdout:
        subprocess.run([sed, "-E", "s/(foo)_([0-9]+)/\\2_\\1/g"], stdin=stdin, stdout=stdout, check=True)
    output = tmp_path / "out.txt"
    limit = 32 << 20
    with source.open("rb") as stdin, output.open("wb") as stdout:
        result = subprocess.run(
            [subst_binary(), "subst", r"(foo)_(\d+)", "$2_$1"],
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_DATA, (limit, limit)),
        )
    assert result.returncode == 0, result.stderr
    assert filecmp.cmp(output, expected, shallow=False)


def test_closed_pipe_ends_the_filter_quietly():
    """`tbx subst ... | head` stops when head has read enough: no error, exit 0, as find."""
    with subprocess.Popen(["yes", "foo_1"], stdout=subprocess.PIPE) as yes, subprocess.Popen(
        [subst_binary(), "subst", "foo", "bar"], stdin=yes.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as tbx:
        yes.stdout.close()
        first = tbx.stdout.readline()
        tbx.stdout.close()
        error = tbx.stderr.read()
        code = tbx.wait(timeout=60)
        yes.kill()
    assert first == b"bar_1\n"
    assert code == 0 and error == b""


def test_stdin_is_filtered_like_sed():
    sed = require_tool("sed")
    text = b"alpha beta\nbeta gamma\n\nno match\xff\n"
    expected = subprocess.run([sed, "-E", "s/beta/B/g"], input=text, capture_output=True).stdout
    result = run_subst("beta", "B", input=text)
    assert result.returncode == 0
    assert result.stdout == expected
    result = run_subst("zzz", "B", input=text)
    assert result.returncode == 1
    assert result.stdout == text


def test_dry_run_prints_the_same_hunks_as_diff(tmp_path: Path):
    diff = require_tool("diff")
    lines = [f"line {i} {'foo' if i % 9 == 0 else 'x'}" for i in range(60)]
    original = ("\n".join(lines) + "\nlast foo").encode()
    path = tmp_path / "d.txt"
    path.write_bytes(original)
    changed = tmp_path / "expected.txt"
    changed.write_bytes(original.replace(b"foo", b"bar\nbaz"))
    reference = subprocess.run([diff, "-u", str(path), str(changed)], capture_output=True).stdout
    result = run_subst("--dry-run", "--color", "never", "foo", r"bar\nbaz", path, cwd=tmp_path)
    assert result.returncode == 0
    assert path.read_bytes() == original
    ours = result.stdout.split(b"\n", 2)[2]
    theirs = reference.split(b"\n", 2)[2]
    assert ours == theirs


def test_json_lines_describe_each_change(tmp_path: Path):
    path = tmp_path / "j.txt"
    path.write_bytes(b"a foo\nfoo foo\n")
    result = run_subst("--json", "fo(o)", "b$1", path)
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    changes = [r for r in records if r["type"] == "change"]
    assert [(c["line"], c["column"], c["match"], c["replacement"]) for c in changes] == [
        (1, 3, "foo", "bo"),
        (2, 1, "foo", "bo"),
        (2, 5, "foo", "bo"),
    ]
    assert records[-1]["type"] == "summary" and records[-1]["replacements"] == 3
    assert path.read_bytes() == b"a bo\nbo bo\n"


def test_json_filter_mode_ends_with_a_summary_and_keeps_exact_bytes():
    """Filtering stdin with --json: one record per change, "type" first, then the summary
    record (docs/json.md); bytes that are not UTF-8 keep their exact value in KEY_base64."""
    result = run_subst("--json", "fo(o)", "b$1", input=b"foo \xff foo\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert all(line.startswith('{"type":') for line in lines)
    assert [r["type"] for r in records] == ["change", "change", "summary"]
    assert records[-1]["replacements"] == 2 and records[-1]["files_changed"] == 1
    assert records[-1]["errors"] == [] and records[-1]["skipped"] == []
    # A match holding a byte that is not UTF-8: U+FFFD in "match", the bytes in base64.
    result = run_subst("--json", "-F", os.fsdecode(b"o \xff"), "!", input=b"foo \xff\n")
    change = json.loads(result.stdout.decode().splitlines()[0])
    assert change["match"] == "o \ufffd"
    assert base64.b64decode(change["match_base64"]) == b"o \xff"


def test_directories_are_walked_with_filters(tmp_path: Path):
    tree = tmp_path / "tree"
    (tree / "src" / "deep").mkdir(parents=True)
    (tree / ".hidden").mkdir()
    (tree / ".git").mkdir()
    files = {
        "src/a.py": b"foo\n",
        "src/deep/b.py": b"foo\n",
        "src/c.txt": b"foo\n",
        "src/skip.py": b"foo\n",
        ".hidden/d.py": b"foo\n",
        ".git/config": b"foo\n",
        "top.py": b"foo\n",
    }
    for name, content in files.items():
        (tree / name).write_bytes(content)
    result = run_subst("--include", "*.py", "--exclude", "skip.py", "foo", "bar", tree)
    assert result.returncode == 0, result.stderr
    after = snapshot(tree)
    changed = sorted(name for name, content in after.items() if content == b"bar\n")
    assert changed == ["src/a.py", "src/deep/b.py", "top.py"]
    result = run_subst("--hidden", "foo", "bar", tree)
    assert result.returncode == 0
    after = snapshot(tree)
    assert after[".hidden/d.py"] == b"bar\n"
    assert after[".git/config"] == b"foo\n"


def test_files0_from_reads_nul_separated_paths(tmp_path: Path):
    one = tmp_path / "one file.txt"
    two = tmp_path / "two.txt"
    one.write_bytes(b"foo\n")
    two.write_bytes(b"foo\n")
    listing = f"{one}\0{two}\0".encode()
    result = run_subst("--files0-from", "-", "foo", "bar", input=listing)
    assert result.returncode == 0, result.stderr
    assert one.read_bytes() == b"bar\n" and two.read_bytes() == b"bar\n"


def test_options_and_flags(tmp_path: Path):
    path = tmp_path / "o.txt"
    path.write_bytes(b"Foo foo food a.b axb\n")
    assert run_subst("-i", "-w", "foo", "X", path).returncode == 0
    assert path.read_bytes() == b"X X food a.b axb\n"
    assert run_subst("-F", "a.b", "$1", path).returncode == 0
    assert path.read_bytes() == b"X X food $1 axb\n"
    # vim flags: n counts without changing, I overrides -i, e turns "no match" into success.
    result = run_subst("-e", "%s/x/y/gn", path)
    assert result.returncode == 0 and path.read_bytes() == b"X X food $1 axb\n"
    assert run_subst("-i", "-e", "%s/x/y/gI", path).returncode == 0
    assert path.read_bytes() == b"X X food $1 ayb\n"
    assert run_subst("-e", "%s/nothing/y/e", path).returncode == 0
    assert run_subst("-e", "%s/nothing/y/", path).returncode == 1


def test_errors_exit_2(tmp_path: Path):
    path = tmp_path / "e.txt"
    path.write_bytes(b"a\nb\n")
    for args in (["(", "x", path], ["-e", "5s/a/b/", path], ["-e", "s/a/b/z", path],
                 ["a", "$2", path], ["a", "b", tmp_path / "missing.txt"]):
        result = run_subst(*args)
        assert result.returncode == 2, args
        assert result.stderr.startswith(b"tbx subst: error:"), result.stderr
    assert path.read_bytes() == b"a\nb\n"
