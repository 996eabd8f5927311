"""bfs's own POSIX, common and GNU find tests (vendored, 0BSD), run differentially: every test
GNU find passes on this machine must pass with tbx find (issue 19; docs/find-compat.md).
"""
import os
import re
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from find_fixture import GNU_FIND, SANITIZE, TBX  # noqa: E402

RUNNER = os.path.join(os.path.dirname(__file__), "..", "data", "find", "run-bfs-tests.sh")

pytestmark = [
    pytest.mark.skipif(not GNU_FIND or not TBX, reason="needs GNU find and TBX_BIN"),
    # The suite's `ulimit -n` tests leave too few descriptors for the sanitizers' own files.
    pytest.mark.skipif(SANITIZE, reason="the suite's tight ulimits do not fit a sanitizer"),
    pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("capsh", path="/usr/sbin:/sbin"),
                       reason="as root, bfs's suite needs capsh (libcap2-bin) to drop privileges"),
]


def outcomes(bfs):
    result = subprocess.run(["bash", RUNNER, f"--bfs={bfs}", "-j2", "--gnu"],
                            capture_output=True, timeout=900)
    text = re.sub(rb"\x1b\[[0-9;]*m", b"", result.stdout + result.stderr).decode(errors="replace")
    # A test's own output (an -ok prompt) can precede its [FAIL] line: search anywhere.
    failed = set(re.findall(r"\[FAIL\] ((?:posix|common|gnu)/[A-Za-z0-9_]+)", text))
    passed = re.search(r"^\[PASS\]\s+(\d+) / (\d+)$", text, re.M)
    assert passed, text[-2000:]
    return failed, int(passed.group(1))


def test_every_test_gnu_find_passes_also_passes_with_tbx():
    gnu_failed, gnu_passed = outcomes(GNU_FIND)
    tbx_failed, tbx_passed = outcomes(f"{TBX} find")
    assert gnu_passed > 250  # the suite really ran
    assert sorted(tbx_failed - gnu_failed) == []
    assert tbx_passed >= gnu_passed
