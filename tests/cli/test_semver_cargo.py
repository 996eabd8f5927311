"""Differential tests: tbx semver --flavor cargo against Rust's semver crate (issue 4).
The oracle is built offline from Debian's librust-semver-dev sources; skips without cargo."""

import pytest

import semver_oracles as so

N = 30 if so.sanitized() else 120
V = 40 if so.sanitized() else 32


@pytest.fixture(scope="session")
def cargo_oracle():
    binary = so.cargo_oracle()
    if binary is None:
        pytest.skip("cargo or librust-semver-dev is not available")
    return binary


def test_check_matches_semver_crate(cargo_oracle):
    batches = so.cases(so.gen_cargo_constraint, so.gen_semver, 60, N, V)
    reference = so.cargo_check([(c, v) for c, vs in batches for v in vs])
    bad = so.mismatches("cargo", batches, reference)
    assert not bad, bad[:20]
