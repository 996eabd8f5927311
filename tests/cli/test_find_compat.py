"""Differential tests: tbx find against GNU find on a tree of hostile names (issue 3).

Every case runs through one bash process for find and one for tbx; the printed paths (as sets:
tbx walks in parallel) and the exit status classes must agree.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from find_fixture import GNU_FIND, SANITIZE, TBX, build_hostile_tree, run_batch  # noqa: E402

pytestmark = pytest.mark.skipif(not GNU_FIND or not TBX, reason="needs GNU find and TBX_BIN")

# Predicates in find's spelling; an "or" list becomes find's \( A -o B \) and repeated options
# for tbx (repeats of one kind are OR'ed).
CASES = [
    ["-name", "*"], ["-name", "*.txt"], ["-name", ".*"], ["-name", "?"], ["-name", "[a-c]*"],
    ["-name", "[!a]*"], ["-name", "[^.]*"], ["-name", "*[[:digit:]]*"], ["-name", "\\**"],
    ["-name", "*\\?*"], ["-name", "sp ace"], ["-name", "*\\\\*"], ["-name", "[]]*"],
    ["-name", "*[[:upper:]]*"], ["-name", "caf\u00e9"], ["-name", b"*\xff*"],
    ["-name", "*\u00e9*"], ["-name", "d"], ["-name", "a"], ["-name", "*[[:space:]]*"],
    ["-name", "br[[]ack]et"], ["-name", "new?line"], ["-name", "*-"], ["-name", "-*"],
    ["-name", "[a-"], ["-name", "x.txt"], ["-name", "*.TXT"], ["-name", "*e*e*"],
    ["-iname", "readme*"], ["-iname", "*.txt"], ["-iname", "CAF*"], ["-iname", "k*"],
    ["-iname", "*\u00c9*"], ["-iname", "UPPER"],
    ["-wholename", "*/a/*"], ["-wholename", "*b/c*"], ["-path", "./a*"], ["-wholename", "*"],
    ["-ipath", "*upper*"], ["-iwholename", "*/A/B*"], ["-wholename", "*/d/d/d/d"],
    ["-path", "*space*"],
    ["-type", "f"], ["-type", "d"], ["-type", "l"], ["-type", "p"], ["-type", "s"],
    ["-type", "f,l"],
    ["-maxdepth", "0"], ["-maxdepth", "1"], ["-mindepth", "2", "-maxdepth", "3"],
    ["-mindepth", "1", "-name", "*a*"], ["-maxdepth", "2", "-type", "d"],
    ["-name", "*.txt", "-type", "f"], ["-iname", "*.md", "-path", "*UPPER*"],
    {"or": [["-name", "a"], ["-name", "b"]]},
    {"or": [["-name", "*.txt"], ["-name", "*.md"]]},
    {"or": [["-type", "p"], ["-type", "s"]]},
    ["-L", "-type", "d"], ["-L", "-name", "*"], ["-L", "-type", "l"], ["-xdev", "-name", "*"],
    ["-L", "-maxdepth", "3", "-name", "*.txt"],
]

# How find joins and names starting points: trailing slashes, "/.", files, missing ones.
ROOT_SETS = [["T/"], ["T/a", "T/sp ace", "T/link_to_dir"], ["T//", "T/a/."],
             ["T/a/x.txt", "T/link_to_file", "T/nonexistent", "T/empty"]]
ROOT_CASES = [["-name", "*"], ["-name", "a"], ["-name", "T"], ["-name", "."], ["-name", "*.txt"],
              ["-wholename", "T/*"], ["-path", "*/./*"], ["-wholename", "T//a*"],
              ["-maxdepth", "0"], ["-mindepth", "1", "-maxdepth", "1"], ["-type", "l"],
              ["-L", "-maxdepth", "2", "-type", "d"]]
if SANITIZE:
    ROOT_SETS = ROOT_SETS[:2]

LONG = {"-name": "--name", "-iname": "--iname", "-wholename": "--wholename",
        "-iwholename": "--iwholename", "-path": "--path", "-ipath": "--ipath",
        "-type": "--type", "-maxdepth": "--maxdepth", "-mindepth": "--mindepth",
        "-xdev": "--xdev", "-L": "--follow", "-print0": "--print0"}


def split_options(case):
    """Returns (leading find options like -L, the expression) for one case."""
    if isinstance(case, dict):
        expr = ["("]
        for i, alt in enumerate(case["or"]):
            expr += (["-o"] if i else []) + alt
        return [], expr + [")"], [a for alt in case["or"] for a in alt]
    leading = [a for a in case if a == "-L"]
    expr = [a for a in case if a != "-L"]
    return leading, expr, case


def commands(roots, print0=True, cases=None, spellings=2):
    find_cmds, tbx_cmds = [], []
    for case in cases or CASES:
        leading, expr, tbx_expr = split_options(case)
        tail = ["-print0"] if print0 else []
        find_cmds.append([GNU_FIND] + leading + roots + expr + tail)
        tbx_cmds.append([TBX, "find"] + leading + roots + expr + tail)
        if spellings == 2:
            long_expr = [LONG.get(a, a) if isinstance(a, str) else a for a in tbx_expr]
            tbx_cmds.append([TBX, "find"] + roots + long_expr + [LONG[t] for t in tail])
    return find_cmds, tbx_cmds


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    base = tmp_path_factory.mktemp("findtree")
    build_hostile_tree(os.fsencode(base / "T"))
    return base


def check(tree, roots, locale, print0=True, cases=None, spellings=2):
    env = dict(os.environ, LC_ALL=locale)
    cwd = tree / "T" if roots == ["."] else tree
    find_cmds, tbx_cmds = commands(roots, print0, cases, spellings)
    expected = run_batch(find_cmds, cwd, env)
    actual = run_batch(tbx_cmds, cwd, env)
    sep = b"\0" if print0 else b"\n"
    failures = []
    for i, (find_rc, find_out, _) in enumerate(expected):
        want = sorted(p for p in find_out.split(sep) if p)
        want_rc = find_rc
        for spelling in range(spellings):
            rc, out, err = actual[spellings * i + spelling]
            got = sorted(p for p in out.split(sep) if p)
            if got != want or rc != want_rc:
                failures.append((tbx_cmds[spellings * i + spelling][2:], want_rc, rc,
                                 sorted(set(want) ^ set(got))[:6], err[:300]))
    assert not failures, f"{len(failures)} mismatches, first: {failures[:3]}"


def test_every_predicate_and_spelling(tree):
    check(tree, ["T"], "C.UTF-8")


def test_dot_as_starting_point(tree):
    check(tree, ["."], "C.UTF-8", spellings=1)


@pytest.mark.parametrize("roots", ROOT_SETS, ids=lambda r: "+".join(r))
def test_starting_points_joined_as_find_does(tree, roots):
    check(tree, roots, "C.UTF-8", cases=ROOT_CASES, spellings=1)


def test_c_locale(tree):
    check(tree, ["T"], "C", spellings=1)


def test_newline_terminated_output(tree):
    # The name with a newline splits into two lines in both, identically.
    check(tree, ["T/"], "C.UTF-8", print0=False, cases=ROOT_CASES, spellings=1)
