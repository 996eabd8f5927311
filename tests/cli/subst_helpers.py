"""Shared helpers for the tbx subst end-to-end tests (run by /usr/bin/python3 -m pytest)."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

TBX_BIN = os.environ.get("TBX_BIN", "")
# One journal directory for the whole test session.
STATE_HOME = tempfile.mkdtemp(prefix="tbx-subst-state-")
SANITIZE = os.environ.get("TBX_SANITIZE", "0") not in ("", "0", "OFF", "FALSE", "false")


def subst_binary():
    if not TBX_BIN or not os.access(TBX_BIN, os.X_OK):
        pytest.skip("TBX_BIN is not set to the built tbx binary")
    # Absolute: tmux sessions run in the test's temp directory.
    return os.path.abspath(TBX_BIN)


def run_subst(*args, input=None, cwd=None, env=None, timeout=120):
    """Runs `tbx subst ARGS...` and returns the CompletedProcess (bytes)."""
    full_env = dict(os.environ)
    full_env.setdefault("LC_ALL", "C.UTF-8")
    # The undo journal of the runs under test stays out of the user's ~/.local/state.
    full_env.setdefault("XDG_STATE_HOME", STATE_HOME)
    if env:
        full_env.update(env)
    return subprocess.run(
        [subst_binary(), "subst", *[str(a) for a in args]],
        input=input,
        cwd=cwd,
        env=full_env,
        capture_output=True,
        timeout=timeout,
        # No controlling terminal: -c must refuse rather than hang.
        start_new_session=True,
    )


def require_tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def snapshot(directory: Path):
    """Returns {relative path: bytes} of every file under directory, hidden ones included."""
    result = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() and not path.is_symlink():
            result[str(path.relative_to(directory))] = path.read_bytes()
    return result
