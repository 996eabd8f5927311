"""Shared fixture for the tbx find tests: a tree of hostile names, and a batch runner.

Not collected by pytest (no test_ prefix); imported by test_find*.py.
"""
import os
import shutil
import socket
import subprocess

TBX = os.path.abspath(os.environ["TBX_BIN"]) if os.environ.get("TBX_BIN") else ""
SANITIZE = os.environ.get("TBX_SANITIZE", "0") not in ("", "0", "FALSE", "OFF")
GNU_FIND = shutil.which("find")


def _touch(path: bytes) -> None:
    with open(path, "wb") as f:
        f.write(b"x")


def build_hostile_tree(root: bytes) -> None:
    """Creates every kind of name and entry the find tests care about under root."""
    dirs = [b"a", b"a/b", b"a/b/c", b"empty", b".hidden", b"a/.dotdir", b"sp ace",
            b"UPPER", b"caf\xc3\xa9", b"bad\xff\xfedir"]
    for d in dirs:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    files = [b"a/x.txt", b"a/b/y.TXT", b"a/b/c/z1", b"a/.dotfile", b".hidden/h.txt",
             b"sp ace/with space.txt", b"new\nline", b"star*name", b"q?mark", b"br[ack]et",
             b"back\\slash", b"dash-", b"-leading", b"UPPER/README.md", b"UPPER/readme.MD",
             b"caf\xc3\xa9/\xc3\x89t\xc3\xa9.txt", b"bad\xff\xfedir/inv\xe9lid",
             b"digit7", b"]close", b"\xe2\x84\xaakelvin", b"a/b/c/.x.txt", b"tab\there"]
    for f in files:
        _touch(os.path.join(root, f))
    os.symlink(b"a", os.path.join(root, b"link_to_dir"))
    os.symlink(b"a/x.txt", os.path.join(root, b"link_to_file"))
    os.symlink(b"nowhere", os.path.join(root, b"dangling"))
    os.symlink(b"../..", os.path.join(root, b"a/b/up"))  # loop under -L
    os.symlink(b"selfloop", os.path.join(root, b"selfloop"))
    os.mkfifo(os.path.join(root, b"fifo"))
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(os.path.join(root, b"sock"))
    finally:
        sock.close()
    deep = os.path.join(root, b"deep")
    for _ in range(200):
        deep = os.path.join(deep, b"d")
    os.makedirs(deep)
    _touch(os.path.join(deep, b"bottom.txt"))


def run_batch(commands, cwd, env=None):
    """Runs many argv lists through ONE bash process; returns [(rc, stdout, stderr)]."""
    import shlex
    import tempfile
    outdir = tempfile.mkdtemp(prefix="tbx-find-batch-")
    try:
        lines = []
        for i, argv in enumerate(commands):
            quoted = b" ".join(b"'" + os.fsencode(a).replace(b"'", b"'\\''") + b"'" for a in argv)
            lines.append(quoted + b" >%s/%d.out 2>%s/%d.err; echo $? >%s/%d.rc" % (
                outdir.encode(), i, outdir.encode(), i, outdir.encode(), i))
        script = b"\n".join(lines) + b"\n"
        subprocess.run(["bash", "-s"], input=script, cwd=cwd, env=env, check=True)
        results = []
        for i in range(len(commands)):
            with open(f"{outdir}/{i}.rc") as f:
                rc = int(f.read())
            with open(f"{outdir}/{i}.out", "rb") as f:
                out = f.read()
            with open(f"{outdir}/{i}.err", "rb") as f:
                err = f.read()
            results.append((rc, out, err))
        return results
    finally:
        shutil.rmtree(outdir, ignore_errors=True)
