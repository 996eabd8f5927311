"""Shared fixtures for the end-to-end tests: the built binary, snapshots, and tmux sessions.

Run through ctest (which sets TBX_BIN), or by hand:
    TBX_BIN=build/release/apps/tbx /usr/bin/python3 -m pytest tests/cli
Snapshots are regenerated deliberately with `--update`.
"""
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"


def pytest_addoption(parser):
    parser.addoption("--update", action="store_true", help="rewrite snapshot files")


def tbx_binary():
    path = os.environ.get("TBX_BIN") or str(REPO / "build" / "release" / "apps" / "tbx")
    if not os.access(path, os.X_OK):
        pytest.exit(f"tbx binary not found: {path} (build first or set TBX_BIN)", 2)
    return path


def sanitized():
    """True when the binary under test is the ASan+UBSan build (slower: shrink random loops)."""
    return os.environ.get("TBX_SANITIZE", "0") in ("1", "ON", "TRUE", "true")


@pytest.fixture(scope="session")
def tbx_bin():
    return tbx_binary()


@pytest.fixture
def tbx(tbx_bin):
    """Runs tbx with arguments; returns CompletedProcess with bytes stdout/stderr."""

    def run(*args, input=None, env=None, cwd=None, timeout=120):
        full_env = dict(os.environ)
        full_env.pop("NO_COLOR", None)
        if env:
            full_env.update(env)
        if isinstance(input, str):
            input = input.encode()
        return subprocess.run(
            [tbx_bin, *map(str, args)],
            input=input if input is not None else b"",
            capture_output=True,
            env=full_env,
            cwd=cwd,
            timeout=timeout,
        )

    return run


class Snapshot:
    """Compares a command's exit code, stdout and stderr with a committed snapshot file."""

    def __init__(self, update):
        self.update = update

    def check(self, name, result):
        text = (
            f"exit: {result.returncode}\n"
            f"--- stdout\n{result.stdout.decode(errors='backslashreplace')}"
            f"--- stderr\n{result.stderr.decode(errors='backslashreplace')}"
        )
        path = SNAPSHOT_DIR / f"{name}.txt"
        if self.update or not path.exists():
            if not self.update:
                pytest.fail(f"snapshot {path} is missing; run pytest with --update to create it")
            SNAPSHOT_DIR.mkdir(exist_ok=True)
            path.write_text(text)
            return
        assert text == path.read_text(), f"output differs from snapshot {path.name}"


@pytest.fixture
def snapshot(request):
    return Snapshot(request.config.getoption("--update"))


class Tmux:
    """A private tmux server (own socket) running one command in a fixed-size window."""

    def __init__(self, width=100, height=30):
        self.socket = f"tbx-test-{uuid.uuid4().hex[:8]}"
        self.width, self.height = width, height

    def _tmux(self, *args, check=True):
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check
        )

    def start(self, command, cwd=None, env=None):
        """Starts `command` (a shell string) in a new session; the pane stays after it exits."""
        prefix = " ".join(f"{k}={shlex_quote(v)}" for k, v in (env or {}).items())
        shell = f"cd {shlex_quote(str(cwd or os.getcwd()))} && {prefix} {command}; " \
                f"echo \"[exit $?]\"; sleep 600"
        self._tmux("-f", "/dev/null", "new-session", "-d", "-x", str(self.width), "-y",
                   str(self.height), "bash", "--norc", "--noprofile", "-c", shell)

    def send(self, *keys):
        """Sends keys as tmux names them (`y`, `Escape`, `C-c`, `Enter`)."""
        self._tmux("send-keys", "-t", "0", *keys)

    def screen(self):
        return self._tmux("capture-pane", "-p", "-t", "0").stdout

    def wait_for(self, text, timeout=20.0):
        """Waits until `text` appears on the screen; fails the test after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        pytest.fail(f"timed out waiting for {text!r}; screen was:\n{self.screen()}")

    def kill(self):
        self._tmux("kill-server", check=False)


def shlex_quote(value):
    import shlex

    return shlex.quote(value)


@pytest.fixture
def tmux():
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    session = Tmux()
    yield session
    session.kill()
