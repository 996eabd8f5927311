"""tbx whereis against util-linux whereis on this machine (issue 3)."""
import json
import os
import shutil
import subprocess

import pytest

TBX = os.path.abspath(os.environ["TBX_BIN"]) if os.environ.get("TBX_BIN") else ""
WHEREIS = shutil.which("whereis")
pytestmark = pytest.mark.skipif(not TBX or not WHEREIS, reason="needs TBX_BIN and whereis")

NAMES = ["cat", "ls", "bash", "find", "gcc", "python3", "sh", "man", "perl", "tar", "git",
         "cmake", "passwd", "ld.so", "libc.so.6", "no-such-command-xyz", "/usr/bin/env",
         "zsh", "fish", "vim"]


@pytest.mark.parametrize("flags", [[], ["-b"], ["-m"], ["-s"], ["-b", "-m"]],
                         ids=lambda f: "".join(f) or "all")
def test_same_lines_as_util_linux(flags):
    expected = subprocess.run([WHEREIS, *flags, *NAMES], capture_output=True)
    actual = subprocess.run([TBX, "whereis", *flags, *NAMES], capture_output=True)
    assert actual.stdout == expected.stdout
    assert actual.returncode == 1  # no-such-command-xyz was found nowhere


def test_manpath_and_path_are_read():
    env = dict(os.environ, MANPATH="/usr/share/man/man1", PATH="/usr/local/bin:/usr/bin:/bin")
    expected = subprocess.run([WHEREIS, "cat", "ls"], capture_output=True, env=env)
    actual = subprocess.run([TBX, "whereis", "cat", "ls"], capture_output=True, env=env)
    assert actual.stdout == expected.stdout
    assert actual.returncode == 0


def test_json_document():
    result = subprocess.run([TBX, "whereis", "--json", "cat", "no-such-command-xyz"],
                            capture_output=True)
    assert result.stdout.count(b"\n") == 1 and result.stdout.endswith(b"\n")
    data = json.loads(result.stdout)["results"]
    assert [item["name"] for item in data] == ["cat", "no-such-command-xyz"]
    text = subprocess.run([WHEREIS, "cat"], capture_output=True).stdout.decode()
    paths = text.split(":", 1)[1].split()
    assert data[0]["binaries"] + data[0]["manuals"] + data[0]["sources"] == paths
    assert data[1]["binaries"] == data[1]["manuals"] == data[1]["sources"] == []
