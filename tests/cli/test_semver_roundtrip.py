"""Round trip (issue 18): every range tbx prints (range, intersect, simplify; convert in
test_semver_sets.py) parses back, in its own flavor's reference, to the same set of versions.
The references judge both sides: node-semver, Rust's semver crate and poetry-core. Versions are random ones plus, for each constraint, the versions at and around
every version it names (where a pre-release window opens or a bound falls)."""

import json
import random
import re
import subprocess

import pytest

import semver_oracles as so

N = 40 if so.sanitized() else 150

SEM = re.compile(r"(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?")
PEP = re.compile(r"\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?")


def around_sem(texts):
    """SemVer versions at and next to those the texts name."""
    out = set()
    for text in texts:
        for m in SEM.finditer(text):
            major, minor, patch, pre = int(m[1]), int(m[2]), int(m[3]), m[4] or ""
            for t in {(major, minor, patch), (major, minor, patch + 1),
                      (major, minor + 1, 0), (major + 1, 0, 0)}:
                base = "%d.%d.%d" % t
                out.update({base, base + "-0", base + "-alpha", base + "-zzz"})
            if pre:
                out.update({m[0], m[0] + ".0", m[0] + ".zzz"})
    return sorted(out)


def around_pep(texts):
    """PEP 440 versions at and next to those the texts name."""
    out = set()
    for text in texts:
        for m in PEP.finditer(text):
            v = m[0]
            out.update({v, v + ".post1", v + ".dev0", v + "a1", v + "+local", v + ".1",
                        v + ".0", v + ".0.1"})
    return sorted(out)


def verdicts(flavor, pairs, include_prerelease):
    if flavor == "npm":
        return so.npm_run([[c, v, include_prerelease] for c, v in pairs])
    if flavor == "cargo":
        return so.cargo_check(pairs)
    return so.poetry_check(pairs, include_prerelease)


def tbx_json(*args):
    proc = subprocess.run([so.tbx_bin(), "semver", *args], capture_output=True,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode in (0, 1, 2), proc.stderr
    return proc.returncode, json.loads(proc.stdout) if proc.stdout else None


def require_oracle(flavor):
    if flavor == "npm" and so.npm_semver_dir() is None:
        pytest.skip("node-semver is not available")
    if flavor == "cargo" and so.cargo_oracle() is None:
        pytest.skip("cargo or librust-semver-dev is not available")
    if flavor == "poetry":
        pytest.importorskip("poetry.repositories.repository")


GENERATORS = {
    "npm": (so.gen_npm_constraint, lambda r: so.gen_semver(r), around_sem),
    "cargo": (so.gen_cargo_constraint, lambda r: so.gen_semver(r), around_sem),
    "poetry": (so.gen_poetry_constraint, so.gen_pep440, around_pep),
}


def printed_cases(flavor, verb, include_prerelease, seed):
    """Runs `verb` on random inputs; returns (inputs, printed range, versions) per success."""
    gen_c, gen_v, around = GENERATORS[flavor]
    r = random.Random(seed)
    extra = ["--include-prerelease"] if include_prerelease else []
    out = []
    for _ in range(N):
        inputs = [gen_c(r) for _ in range(2 if verb == "intersect" else 1)]
        rc, doc = tbx_json(verb, "--json", "--flavor", flavor, *extra, "--", *inputs)
        if rc == 2:
            continue
        printed = doc.get("range", doc.get("simplified"))
        if flavor == "poetry" and printed == "<empty>":
            continue  # poetry-core's own text for the empty set, which nothing parses
        versions = [gen_v(r) for _ in range(12)] + around(inputs + [printed])
        out.append((inputs, printed, versions))
    return out


# Poetry's resolver rule looks at the constraint's shape, not its versions (">=1.0a1,<2" admits
# 1.5a1, ">=1.0a1" and "<2" together do not), so poetry's sets compare by poetry-core's allows().
CASES = [("npm", False), ("npm", True), ("cargo", False), ("poetry", True)]


@pytest.mark.parametrize("verb", ["range", "intersect", "simplify"])
@pytest.mark.parametrize("flavor,include_prerelease", CASES)
def test_printed_range_admits_the_same_versions(flavor, include_prerelease, verb):
    require_oracle(flavor)
    cases = printed_cases(flavor, verb, include_prerelease, 180 + len(verb))
    pairs, expected_from = [], []
    for inputs, printed, versions in cases:
        for v in versions:
            start = len(pairs)
            pairs += [(c, v) for c in inputs] + [(printed, v)]
            expected_from.append((start, len(inputs), inputs, printed, v))
    answers = verdicts(flavor, pairs, include_prerelease)
    bad = []
    for start, n, inputs, printed, v in expected_from:
        original = answers[start:start + n]
        again = answers[start + n]
        assert again != "R", ("printed range does not parse", inputs, printed)
        if "V" in original:
            continue
        want = "1" if all(a == "1" for a in original) else "0"
        if again != want:
            bad.append((inputs, printed, v, "reference", want, "printed", again))
    assert not bad, bad[:20]
    assert len(cases) > N // 5


@pytest.mark.parametrize("a,b,flavor,printed", [
    ("^1.2", ">=1.5 <3", "npm", ">=1.5.0 <2.0.0-0"),
    ("0.*", "0.3.3-alpha.0", "cargo", ">=0.3.3, <0.4.0"),
])
def test_issue_examples_print_valid_input(tbx, a, b, flavor, printed):
    result = tbx("semver", "intersect", "-f", flavor, a, b)
    assert result.stdout.decode().strip() == printed
    assert tbx("semver", "range", "-f", flavor, printed).returncode == 0


@pytest.mark.parametrize("constraint", ["<1.5 || >=2", "<1.2 || >=1.3", "<1 || >=2"])
def test_poetry_unions_read_back_as_the_same_set(tbx, constraint):
    # poetry-core's own str() of "<1.5 || >=2" is "!=1.*", which excludes 1.2: tbx keeps the
    # union there, and writes the gaps that are exactly a wildcard as poetry-core does.
    pytest.importorskip("poetry.core.constraints.version")
    from poetry.core.constraints.version import Version, parse_constraint
    printed = tbx("semver", "range", constraint).stdout.decode().strip()
    for v in ["0.9", "1.0", "1.2", "1.2.5", "1.3", "1.5", "1.9", "2.0", "2.1"]:
        assert parse_constraint(printed).allows(Version.parse(v)) == \
            parse_constraint(constraint).allows(Version.parse(v)), (printed, v)
