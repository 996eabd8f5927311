"""tbx find --gitignore, --hidden and --no-hidden (issue 19), tested differentially against git:
on generated trees with nested .gitignore files (negations, anchored and directory-only
patterns, `**`, classes, escapes), .git/info/exclude and the global core.excludesFile,
what `tbx find --gitignore` lists must be exactly what `git check-ignore` does not ignore,
and its files exactly what `git ls-files --others --exclude-standard` lists."""
import os
import random
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from find_fixture import TBX  # noqa: E402

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(not TBX or not GIT, reason="needs TBX_BIN and git")

DIRS = ["a", "b", "build", "src", "lib", "doc", "out", "tmp", "keep", "x y", ".cache", "deep"]
FILES = ["a.txt", "b.txt", "b.log", "z.log", "c.o", "main.c", "README", "x.tmp", "notes.md",
         ".env", "foo", "#hash", "!bang", "trail "]
PATTERNS = ["*.log", "!z.log", "build/", "/out", "doc/*.md", "**/tmp", "a/**", "!keep/",
            "*.o", "src/**/x.tmp", "lib/", "!lib/main.c", "[ab].txt", "?oo", "\\#hash",
            "\\!bang", "README", "foo/", "tmp", "x\\ y", "/a.txt", "deep/**/b.txt", "!*.md",
            "*.md", ".cache", "!.env", ".env", "b/", "**/keep/a.txt", "trail\\ ", "main.[!c]",
            "# comment", "", "out/**", "!/b.log", "src/", "*/a.txt", "doc", "x*"]


def make_tree(root, seed):
    """Writes a random tree under root (a fresh git work tree) and returns the global excludes
    file's directory (the XDG config home)."""
    rng = random.Random(seed)
    subprocess.run([GIT, "init", "-q", root], check=True)
    directories = [""]
    for _ in range(rng.randint(6, 14)):
        parent = rng.choice(directories)
        if parent.count("/") >= 3:
            continue
        path = os.path.join(parent, rng.choice(DIRS))
        os.makedirs(os.path.join(root, path), exist_ok=True)
        if path not in directories:
            directories.append(path)
    for directory in directories:
        for name in rng.sample(FILES, rng.randint(1, 5)):
            with open(os.path.join(root, directory, name), "w") as f:
                f.write("x")
        if rng.random() < 0.6:
            with open(os.path.join(root, directory, ".gitignore"), "w") as f:
                f.write("\n".join(rng.sample(PATTERNS, rng.randint(1, 6))) + "\n")
    with open(os.path.join(root, ".git", "info", "exclude"), "a") as f:
        f.write("\n".join(rng.sample(PATTERNS, 2)) + "\n")
    config = os.path.join(root, ".git", "xdg")
    os.makedirs(os.path.join(config, "git"))
    with open(os.path.join(config, "git", "ignore"), "w") as f:
        f.write("\n".join(rng.sample(PATTERNS, 2)) + "\n")
    if seed % 3 == 2:  # core.excludesFile in the repository's config wins over the global one
        local = os.path.join(root, ".git", "local-excludes")
        with open(local, "w") as f:
            f.write("\n".join(rng.sample(PATTERNS, 2)) + "\n")
        subprocess.run([GIT, "-C", root, "config", "core.excludesFile", local], check=True)
    return config


def every_path(root):
    """Every path under root except .git, relative, '/'-separated."""
    paths = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [d for d in subdirs if d != ".git"]
        for name in subdirs + files:
            paths.append(os.path.relpath(os.path.join(directory, name), root))
    return sorted(paths)


def git_env(config, home):
    env = dict(os.environ, XDG_CONFIG_HOME=config, HOME=home, GIT_CONFIG_NOSYSTEM="1")
    env.pop("GIT_DIR", None)
    return env


def tbx_lines(root, env, *args):
    result = subprocess.run([TBX, "find", ".", "--gitignore", *args, "-print0"], cwd=root,
                            env=env, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return sorted(p[2:] for p in result.stdout.decode().split("\0") if p.startswith("./"))


@pytest.mark.parametrize("seed", range(12))
def test_gitignore_agrees_with_git_check_ignore(tmp_path, seed):
    root = str(tmp_path / "repo")
    config = make_tree(root, seed)
    env = git_env(config, str(tmp_path))
    paths = every_path(root)
    checked = subprocess.run([GIT, "check-ignore", "--stdin", "-z"], cwd=root, env=env,
                             input="\0".join(paths).encode(), capture_output=True)
    assert checked.returncode in (0, 1), checked.stderr
    ignored = set(checked.stdout.decode().split("\0")) - {""}
    expected = [p for p in paths if p not in ignored]
    assert tbx_lines(root, env) == expected
    # Files: what git would offer to add.
    others = subprocess.run([GIT, "ls-files", "-z", "--others", "--exclude-standard"], cwd=root,
                            env=env, capture_output=True, check=True)
    files = sorted(set(others.stdout.decode().split("\0")) - {""})
    assert tbx_lines(root, env, "-type", "f") == files
    # One thread and the sorted (serial) walk agree with the parallel walk.
    assert tbx_lines(root, env, "-j", "1") == expected
    assert tbx_lines(root, env, "--sort") == expected


def test_gitignore_from_a_subdirectory_reads_the_files_above(tmp_path):
    root = tmp_path / "repo"
    (root / "sub" / "inner").mkdir(parents=True)
    subprocess.run([GIT, "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("*.log\n")
    (root / "sub" / ".gitignore").write_text("/inner/\n")
    for name in ["sub/a.log", "sub/a.txt", "sub/inner/b.txt"]:
        (root / name).write_text("x")
    env = git_env(str(tmp_path / "xdg"), str(tmp_path))
    result = subprocess.run([TBX, "find", ".", "--gitignore", "--sort"], cwd=root / "sub",
                            env=env, capture_output=True)
    assert result.stdout == b".\n./.gitignore\n./a.txt\n"


def test_outside_a_work_tree_only_dot_ignore_applies(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / ".gitignore").write_text("a\n")
    (tmp_path / "d" / ".ignore").write_text("b\n")
    for name in ["a", "b", "c"]:
        (tmp_path / "d" / name).write_text("x")
    env = git_env(str(tmp_path / "xdg"), str(tmp_path))
    result = subprocess.run([TBX, "find", "d", "--gitignore", "-type", "f", "--sort"],
                            cwd=tmp_path, env=env, capture_output=True)
    assert result.stdout == b"d/.gitignore\nd/.ignore\nd/a\nd/c\n"


def test_hidden_defaults_to_find_and_no_hidden_to_fd(tmp_path):
    for name in [".h/x", "v/.y", "v/z"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")

    def run(*args):
        result = subprocess.run([TBX, "find", ".", "-type", "f", "--sort", *args], cwd=tmp_path,
                                capture_output=True)
        assert result.returncode == 0
        return result.stdout

    gnu = subprocess.run(["find", ".", "-type", "f"], cwd=tmp_path, capture_output=True)
    assert sorted(run().split()) == sorted(gnu.stdout.split())
    assert run("--no-hidden") == b"./v/z\n"
    assert run("--no-hidden", "--hidden") == run()
    # The starting point itself is never left out.
    result = subprocess.run([TBX, "find", ".h", "--no-hidden", "--sort"], cwd=tmp_path,
                            capture_output=True)
    assert result.stdout == b".h\n.h/x\n"
