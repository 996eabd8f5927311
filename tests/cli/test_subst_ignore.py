"""tbx subst in directories skips what git ignores (issue 15): a differential test against git
(ls-files --others --exclude-standard and check-ignore) on generated trees and ignore files,
plus .ignore, --no-ignore and the summary's counts."""

import json
import os
import random
import subprocess
from pathlib import Path

from subst_helpers import require_tool, run_subst

NAMES = ["a", "b", "build", "node_modules", "src", "x.log", "y.txt", "keep.log", "deep", "ab"]
PATTERNS = [
    "a", "b/", "/build", "build/", "*.log", "!keep.log", "!*.txt", "src/*.txt", "/src/a",
    "**/deep", "deep/**", "src/**/b", "a*", "?b", "[ab]", "[!a]b", "node_modules", "*/y.txt",
    "\\#x", "# comment", "", "/*.txt", "b/**/a", "!b", "!src/", "x.lo?", "**/src/**/y.txt",
    "a/", "!a/", "deep/b", "/deep/",
]


def make_tree(rng, root: Path, depth=0):
    for name in rng.sample(NAMES, rng.randint(2, 5)):
        path = root / name
        if depth < 3 and rng.random() < 0.45 and "." not in name:
            path.mkdir(exist_ok=True)
            make_tree(rng, path, depth + 1)
        elif not path.exists():
            path.write_text("content\n")
    if rng.random() < 0.6:
        lines = rng.sample(PATTERNS, rng.randint(1, 6))
        (root / ".gitignore").write_text("# rules\n" + "\n".join(lines) + "\n")


def git(*args, cwd, env):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=True).stdout


def tbx_listing(root: Path, env, *extra):
    """Returns the files tbx would edit under root (every non-empty file matches)."""
    result = run_subst("--json", "--dry-run", "--hidden", *extra, "\\A[\\s\\S]", "", ".", cwd=root, env=env)
    assert result.returncode in (0, 1), result.stderr
    listed = set()
    summary = None
    for line in result.stdout.decode().splitlines():
        record = json.loads(line)
        if record["type"] == "change":
            listed.add(os.path.normpath(record["path"]))
        else:
            summary = record
    return listed, summary


def test_ignored_files_match_git(tmp_path: Path):
    require_tool("git")
    rng = random.Random(15)
    ignored_total = 0
    for trial in range(40):
        home = tmp_path / f"home{trial}"
        home.mkdir()
        (home / ".gitconfig").write_text("[core]\n\texcludesFile = ~/global-ignore\n")
        (home / "global-ignore").write_text("\n".join(rng.sample(PATTERNS, 2)) + "\n")
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "GIT_CONFIG_NOSYSTEM": "1"}
        root = tmp_path / f"repo{trial}"
        root.mkdir()
        git("init", "-q", ".", cwd=root, env=env)
        (root / ".git" / "info" / "exclude").write_text("\n".join(rng.sample(PATTERNS, 2)) + "\n")
        make_tree(rng, root)
        expected = set(git("ls-files", "-z", "--others", "--exclude-standard", cwd=root, env=env)
                       .decode().split("\0")) - {""}
        listed, _ = tbx_listing(root, env)
        assert listed == expected, (
            f"trial {trial}: only tbx {sorted(listed - expected)}, only git {sorted(expected - listed)}"
        )
        # check-ignore agrees on every file: what tbx lists git does not ignore, and the reverse.
        every = sorted(
            str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and ".git" not in p.parts
        )
        ignored = subprocess.run(
            ["git", "check-ignore", "--stdin", "-z"], cwd=root, env=env, capture_output=True,
            input="\0".join(every).encode() + b"\0",
        ).stdout.decode().split("\0")
        assert not (set(ignored) - {""}) & listed
        ignored_total += len(set(every) - listed)
    # The generated rules do leave files out.
    assert ignored_total > 20


def test_a_subdirectory_sees_the_rules_above_it_and_no_ignore_turns_them_off(tmp_path: Path):
    require_tool("git")
    env = {**os.environ, "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1"}
    git("init", "-q", ".", cwd=tmp_path, env=env)
    (tmp_path / ".gitignore").write_text("/src/gen/\n*.tmp\n")
    for name in ["src/gen/a.c", "src/b.c", "src/c.tmp", "src/sub/d.c", "src/sub/e.c", "src/.hid"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("user_id\n")
    (tmp_path / "src" / "sub" / ".ignore").write_text("e.c\n")
    result = run_subst("--dry-run", "user_id", "userId", "src", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    headers = sorted(l for l in result.stdout.decode().splitlines() if l.startswith("+++"))
    assert headers == ["+++ b/src/b.c", "+++ b/src/sub/d.c"]
    assert b"not searched: 3 ignored (--no-ignore), 2 hidden (--hidden)" in result.stderr
    result = run_subst("--dry-run", "--no-ignore", "user_id", "userId", "src", cwd=tmp_path, env=env)
    headers = [l for l in result.stdout.decode().splitlines() if l.startswith("+++")]
    assert len(headers) == 5


def test_dry_run_diff_applies_with_git_apply(tmp_path: Path):
    require_tool("git")
    (tmp_path / "README.md").write_text("user_id here\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("a user_id\n")
    result = run_subst("--dry-run", "user_id", "userId", ".", cwd=tmp_path)
    assert b"--- a/README.md" in result.stdout
    patch = tmp_path.parent / "subst.patch"
    patch.write_bytes(result.stdout)
    subprocess.run(["git", "apply", "--check", str(patch)], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", str(patch)], cwd=tmp_path, check=True)
    assert (tmp_path / "README.md").read_text() == "userId here\n"
