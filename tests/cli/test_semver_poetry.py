"""Differential tests: tbx semver --flavor poetry against poetry-core 1.4 and Poetry's
resolver pre-release rule (issue 4)."""

import random
import subprocess

import pytest

import semver_oracles as so

pytest.importorskip("poetry.core.constraints.version")
pytest.importorskip("poetry.repositories.repository")

N = 30 if so.sanitized() else 120
V = 40 if so.sanitized() else 32


@pytest.mark.parametrize("include_prerelease", [False, True])
def test_check_and_range_match_poetry_core(include_prerelease):
    batches = so.cases(so.gen_poetry_constraint, so.gen_pep440, 40 + include_prerelease, N, V)
    pairs = [(c, v) for c, vs in batches for v in vs]
    reference = so.poetry_check(pairs, include_prerelease)
    ranges = [so.poetry_range(c) for c, _ in batches]
    bad = so.mismatches("poetry", batches, reference, include_prerelease, ranges)
    assert not bad, bad[:20]


def test_sort_matches_poetry_core():
    from poetry.core.constraints.version import Version

    r = random.Random(7)
    versions = []
    while len(versions) < 400:
        v = so.gen_pep440(r)
        try:
            Version.parse(v)
        except Exception:
            continue
        versions.append(v)
    expected = sorted(versions, key=Version.parse)
    proc = subprocess.run([so.tbx_bin(), "semver", "sort", "--"] + versions, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines() == expected


def test_compare_matches_poetry_core():
    from poetry.core.constraints.version import Version

    r = random.Random(8)
    for _ in range(8 if so.sanitized() else 20):
        a, b = "", ""
        while True:
            a, b = so.gen_pep440(r), so.gen_pep440(r)
            try:
                va, vb = Version.parse(a), Version.parse(b)
                break
            except Exception:
                continue
        proc = subprocess.run([so.tbx_bin(), "semver", "compare", "--", a, b], capture_output=True)
        assert proc.returncode == 0
        assert int(proc.stdout) == (va > vb) - (va < vb), (a, b)


def test_intersect_matches_poetry_core():
    from poetry.core.constraints.version import parse_constraint

    r = random.Random(9)
    checked = 0
    rounds = 15 if so.sanitized() else 100
    for _ in range(rounds):
        a, b = so.gen_poetry_constraint(r), so.gen_poetry_constraint(r)
        try:
            both = parse_constraint(a).intersect(parse_constraint(b))
        except Exception:
            continue
        proc = subprocess.run([so.tbx_bin(), "semver", "intersect", "--", a, b],
                              capture_output=True)
        assert proc.returncode == (1 if both.is_empty() else 0), (a, b, proc.stderr)
        assert proc.stdout.decode().strip() == str(both), (a, b)
        checked += 1
    assert checked > rounds // 3
