"""The frame's two parsers agree (issue 18, one-shot start-up): a plain command line such as
`tbx semver check ^1.2.3 1.4.0` is read by the flat parser straight from the command's rows,
and the same words after a global option (`tbx --color=auto semver check ...`) go through the
CLI11 tree. Both must give the same exit code, output and diagnostics, for plain lines and for
the lines the flat parser leaves to CLI11."""

import os
import subprocess

import pytest

TBX = os.environ.get("TBX_BIN", "")

LINES = [
    # semver: every verb, options before, between and after the words, attached values
    ["semver", "check", "^1.2.3", "1.4.0"],
    ["semver", "check", "^1.2.3", "1.4.0", "2.0.0"],
    ["semver", "check", "1.2", "1.2.5"],
    ["semver", "check", "-f", "npm", "1.2", "1.2.5"],
    ["semver", "check", "--flavor=cargo", "^0.3", "0.3.9", "--json"],
    ["semver", "check", "-fnpm", "--json", ">=1.5 <3", "2.1.0", "x", "-q"],
    ["semver", "check", "--strict", "-f", "npm", "^1", "1.2.3", "bogus"],
    ["semver", "check", "-p", "-f", "npm", "^1", "1.3.0-beta.1"],
    ["semver", "check", "^1", "--", "-1"],
    ["semver", "resolve", "-a", "-f", "npm", "^1", "1.0.0", "1.9.9", "2.0.0"],
    ["semver", "range", "~=2.0.1"],
    ["semver", "intersect", "-f", "npm", "^1.2", ">=1.5 <3"],
    ["semver", "intersect", "^1.2", "<1.1"],
    ["semver", "sort", "-r", "1.10.0", "1.2.0", "1.2.0rc1"],
    ["semver", "compare", "-f", "cargo", "1.2.3", "1.2.3-alpha"],
    ["semver", "diff", "1.2.3", "2.0.0"],
    ["semver", "bump", "-f", "npm", "premajor", "--preid", "beta", "1.2.3"],
    ["semver", "bump", "minor", "1.2.3", "--json"],
    ["semver", "bump", "-n", "1", "-f", "npm", "prerelease", "1.2.3"],
    ["semver", "get", "prerel", "-f", "npm", "1.2.3-rc.1"],
    ["semver", "validate", "-f", "npm", "1.2.3", "v1.2", "01.2.3"],
    ["semver", "coerce", "--rtl", "release 1.2 and 3.4.5"],
    ["semver", "subset", "-f", "npm", "~1.2.3", "^1"],
    ["semver", "simplify", "-f", "npm", ">=1.0.0 <=1.2.0 || 1.5.0", "1.0.0", "1.2.0"],
    ["semver", "convert", "--to", "pep440", "~1.2"],
    ["semver", "convert", "--from", "pep440", "--to", "cargo", "!=1.2.*"],
    ["semver", "outdated", "-f", "npm", "^1.2", "1.2.0", "1.4.0", "2.0.0"],
    # usage errors: the flat parser declines, CLI11 names the problem
    ["semver", "check"],
    ["semver", "check", "-f", "yarn", "^1", "1.0.0"],
    ["semver", "check", "--flavr", "npm", "^1", "1.0.0"],
    ["semver", "check", "-q", "-q", "^1", "1.0.0"],
    ["semver", "check", "^1", "1.0.0", "-f"],
    ["semver", "bump", "sideways", "1.2.3"],
    ["semver", "diff", "1.2.3"],
    ["semver", "convert", "~1.2"],
    ["semver", "check", "--help"],
    ["semver", "check", "--color", "never", "^1", "1.0.0"],
    ["semver", "check", "--color", "^1", "1.0.0"],
    ["semver", "check", "^1", "1.0.0", "--json=1"],
    ["semver", "sort", "--", "--strict", "1.0.0"],
    # whereis and cuda (a described machine: nothing is detected)
    ["whereis", "-b", "sh", "ls"],
    ["whereis", "--json", "-m", "sh"],
    ["whereis"],
    ["whereis", "--", "-b"],
    ["whereis", "-bm", "sh"],
    ["cuda", "--no-python", "--driver", "535.104.05", "--gpu", "sm_86", "--gpu", "sm_61"],
    ["cuda", "--json", "--no-python", "--driver=550.54.14", "--compute-capability", "8.9"],
    ["cuda", "--no-python", "--python", "python3"],
    ["cuda", "--no-python", "--driver", "535.104.05", "--require", "12.4"],
]


@pytest.fixture(scope="module")
def tbx_path():
    if not TBX or not os.access(TBX, os.X_OK):
        pytest.skip("TBX_BIN is not set to the built tbx binary")
    return os.path.abspath(TBX)


def run(argv, tmp_path):
    env = dict(os.environ, NO_COLOR="1", PATH="/usr/bin:/bin")
    env.pop("TBX_CUDA_DRIVER", None)
    return subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL, env=env,
                          cwd=tmp_path, timeout=60)


@pytest.mark.parametrize("words", LINES, ids=lambda words: " ".join(words) or "-")
def test_flat_and_tree_parsers_agree(tbx_path, tmp_path, words):
    flat = run([tbx_path, *words], tmp_path)
    tree = run([tbx_path, "--color=auto", *words], tmp_path)
    assert (flat.returncode, flat.stdout, flat.stderr) == (tree.returncode, tree.stdout,
                                                           tree.stderr)
