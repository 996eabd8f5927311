"""Differential tests (issue 18) for subset, simplify, convert and outdated: node-semver's
subset and simplifyRange, and conversions checked by sampling, the references judging both
sides: node-semver, Rust's semver crate, poetry-core and packaging's SpecifierSet."""

import json
import random
import re
import subprocess

import pytest

import semver_oracles as so
from test_semver_roundtrip import around_pep, around_sem, require_oracle, verdicts

N = 40 if so.sanitized() else 150

NODE_SETS = r"""
const semver = require(process.argv[1]);
const ops = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(ops.map(([op, a, b, inc]) => {
  try {
    if (op === 'subset') return semver.subset(a, b, {includePrerelease: inc});
    if (op === 'simplify') return String(semver.simplifyRange(b, a));
    if (op === 'max') return semver.maxSatisfying(b, a);
  } catch (e) { return 'ERR'; }
})));
"""


def node(ops):
    module = so.npm_semver_dir()
    proc = subprocess.run(["node", "-e", NODE_SETS, str(module)],
                          input=json.dumps(ops).encode(), capture_output=True, check=True)
    return json.loads(proc.stdout)


def tbx(*args, stdin=None):
    return subprocess.run([so.tbx_bin(), "semver", *args], capture_output=True,
                          input=stdin.encode() if stdin is not None else None)


def valid_npm_pairs(r, n):
    out = []
    while len(out) < n:
        a, b = so.gen_npm_constraint(r), so.gen_npm_constraint(r)
        if all(tbx("range", "-f", "npm", "--", c).returncode == 0 for c in (a, b)):
            out.append((a, b))
    return out


@pytest.mark.parametrize("include_prerelease", [False, True])
def test_subset_agrees_with_node_semver(include_prerelease):
    # node-semver's subset() is sound but conservative (a pre-release comparator or an empty
    # comparator set can make it answer false for a true subset): where it says true, tbx
    # must; where tbx alone says true, sampling with satisfies() must find no counterexample.
    require_oracle("npm")
    r = random.Random(31 + include_prerelease)
    pairs = valid_npm_pairs(r, N)
    pairs += [("^1.2.3", "^1"), ("^1", "^1.2"), (">=1.2.3-rc.1 <1.3", "^1.2.3-rc.0"),
              ("1.2.3-rc.1", ">=1.2.3-rc.0"), ("<=1.2.3", "<1.2.4"), ("*", ">=0.0.0")]
    want = node([["subset", a, b, include_prerelease] for a, b in pairs])
    extra = ["-p"] if include_prerelease else []
    disputed, samples = [], []
    for (a, b), expected in zip(pairs, want):
        rc = tbx("subset", "-q", "-f", "npm", *extra, "--", a, b).returncode
        assert rc in (0, 1), (a, b)
        if (rc == 0) != (expected is True):
            r2 = random.Random(a + b)
            disputed.append((a, b, rc == 0))
            samples.append([(a, b, v) for v in [so.gen_semver(r2) for _ in range(20)] +
                            around_sem([a, b])])
    # A disagreement is settled by satisfies(): a version A admits and B does not refutes
    # "subset"; tbx's "not a subset" must come with such a version among A's own bounds.
    flat = [x for group in samples for x in group]
    answers = iter(so.npm_run([[c, v, include_prerelease] for a, b, v in flat for c in (a, b)]))
    bad = []
    for (a, b, says_subset), group in zip(disputed, samples):
        witness = [v for (_, _, v) in group if (next(answers), next(answers)) == ("1", "0")]
        if says_subset == bool(witness):
            bad.append((a, b, "tbx says subset", says_subset, "witnesses", witness[:3]))
    assert not bad, bad[:20]


@pytest.mark.parametrize("flavor", ["cargo", "poetry"])
def test_subset_holds_on_the_corpus(flavor):
    # When tbx says A is within B, no version of the corpus that A admits is outside B.
    require_oracle(flavor)
    gen_c, gen_v, around = {"cargo": (so.gen_cargo_constraint, so.gen_semver, around_sem),
                            "poetry": (so.gen_poetry_constraint, so.gen_pep440, around_pep)}[flavor]
    r = random.Random(33)
    pairs, within = [], 0
    for _ in range(N):
        a, b = gen_c(r), gen_c(r)
        rc = tbx("subset", "-q", "-f", flavor, "--", a, b).returncode
        if rc == 0:
            within += 1
            pairs += [(a, b, v) for v in [gen_v(r) for _ in range(10)] + around([a, b])]
    answers = verdicts(flavor, [(c, v) for a, b, v in pairs for c in (a, b)], True)
    bad = [(a, b, v) for (a, b, v), ra, rb in zip(pairs, answers[::2], answers[1::2])
           if ra == "1" and rb != "1"]
    assert not bad, bad[:20]
    assert within > 0


def test_simplify_matches_simplify_range():
    require_oracle("npm")
    r = random.Random(34)
    cases = []
    for a, _ in valid_npm_pairs(r, N):
        versions = sorted({so.gen_semver(r) for _ in range(12)})
        versions = [v for v in versions if tbx("validate", "-q", "-f", "npm", v).returncode == 0]
        cases.append((a, versions))
    want = node([["simplify", a, vs, False] for a, vs in cases])
    bad = []
    for (a, vs), expected in zip(cases, want):
        # node-semver's "" for no match reads back as "*": tbx prints the empty range.
        expected = expected or "<0.0.0-0"
        got = tbx("simplify", "-f", "npm", "--", a, *vs).stdout.decode().strip()
        if got != expected:
            bad.append((a, vs, "node", expected, "tbx", got))
    assert not bad, bad[:20]


@pytest.mark.parametrize("flavor", ["cargo", "poetry"])
def test_simplify_picks_the_same_versions(flavor):
    require_oracle(flavor)
    gen_c, gen_v = {"cargo": (so.gen_cargo_constraint, so.gen_semver),
                    "poetry": (so.gen_poetry_constraint, so.gen_pep440)}[flavor]
    r = random.Random(35)
    pairs, checked = [], 0
    for _ in range(N):
        c = gen_c(r)
        versions = [gen_v(r) for _ in range(10)]
        proc = tbx("simplify", "-f", flavor, "--", c, *versions)
        if proc.returncode != 0:
            continue
        simplified = proc.stdout.decode().strip()
        checked += 1
        pairs += [(c, simplified, v) for v in versions]
    answers = verdicts(flavor, [(x, v) for c, s, v in pairs for x in (c, s)], False)
    bad = [(c, s, v, a, b) for (c, s, v), a, b in zip(pairs, answers[::2], answers[1::2])
           if a in "01" and a != b]
    assert not bad, bad[:20]
    assert checked > N // 3


# --- convert ------------------------------------------------------------------------------

GEN = {"npm": (so.gen_npm_constraint, so.gen_semver, around_sem),
       "cargo": (so.gen_cargo_constraint, so.gen_semver, around_sem),
       "poetry": (so.gen_poetry_constraint, so.gen_pep440, around_pep)}


def converted(src, dst, seed, gen=None):
    """Converts random constraints; returns [(original, converted, versions)] that converted."""
    gen_c, gen_v, around = GEN[src]
    r = random.Random(seed)
    out = []
    for _ in range(N):
        c = (gen or gen_c)(r)
        proc = tbx("convert", "--from", src, "--to", dst, "--", c)
        if proc.returncode != 0:
            continue
        text = proc.stdout.decode().strip()
        out.append((c, text, [gen_v(r) for _ in range(10)] + around([c, text])))
    return out


@pytest.mark.parametrize("src,dst", [("npm", "cargo"), ("cargo", "npm")])
def test_convert_between_semver_flavors_keeps_the_versions(src, dst):
    require_oracle("npm")
    require_oracle("cargo")
    cases = converted(src, dst, 36)
    pairs = [(c, v) for c, _, vs in cases for v in vs]
    back = [(t, v) for _, t, vs in cases for v in vs]
    want, got = verdicts(src, pairs, False), verdicts(dst, back, False)
    meta = [(c, t, v) for c, t, vs in cases for v in vs]
    bad = [m + (w, g) for m, w, g in zip(meta, want, got) if w in "01" and w != g]
    assert not bad, bad[:20]
    assert len(cases) > N // 4


def specifier_allows(pairs):
    from packaging.specifiers import SpecifierSet
    from packaging.version import InvalidVersion, Version
    out = []
    for spec, v in pairs:
        try:
            out.append("1" if SpecifierSet(spec).contains(Version(v), prereleases=True) else "0")
        except InvalidVersion:
            out.append("V")
    return out


PEP_PARTS = re.compile(r"(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*")


def near_a_bound(version, text):
    """True for a dev, post or local release of a version the converted text names, or the
    same release with trailing zeros (1.3.1.0): where poetry-core and PEP 440 are known to
    differ (`<=1.0` admits 1.0.post1 in poetry-core; 1.3.1.0 is above 1.3.1 there)."""
    from packaging.version import Version

    def strip(release):
        release = list(release)
        while len(release) > 1 and release[-1] == 0:
            release.pop()
        return tuple(release)
    v = Version(version)
    bounds = {strip(Version(m[0]).release) for m in PEP_PARTS.finditer(text)}
    if strip(v.release) not in bounds:
        return False
    plain = v.dev is None and v.post is None and v.local is None and v.pre is None
    return not plain or strip(v.release) != tuple(v.release)


def test_convert_poetry_to_pep440_keeps_the_versions():
    pytest.importorskip("packaging.specifiers")
    require_oracle("poetry")
    cases = converted("poetry", "pep440", 37)
    meta = [(c, t, v) for c, t, vs in cases for v in vs]
    want = so.poetry_check([(c, v) for c, t, v in meta], True)
    got = specifier_allows([(t, v) for c, t, v in meta])
    bad = [m + (w, g) for m, w, g in zip(meta, want, got)
           if w in "01" and g in "01" and w != g and not near_a_bound(m[2], m[1])]
    assert not bad, bad[:20]
    assert len(cases) > N // 4


@pytest.mark.parametrize("src,dst", [("npm", "poetry"), ("poetry", "npm")])
def test_convert_between_semver_and_poetry_keeps_the_releases(src, dst):
    require_oracle("npm")
    require_oracle("poetry")
    cases = converted(src, dst, 38)
    releases = re.compile(r"^\d+\.\d+\.\d+$")
    meta = [(c, t, v) for c, t, vs in cases for v in vs if releases.match(v)]

    def judge(flavor, pairs):
        return verdicts(flavor, pairs, False)
    want = judge(src, [(c, v) for c, t, v in meta])
    got = judge(dst, [(t, v) for c, t, v in meta])
    bad = [m + (w, g) for m, w, g in zip(meta, want, got) if w in "01" and w != g]
    assert not bad, bad[:20]
    assert len(cases) > N // 5


@pytest.mark.parametrize("constraint,expected", [
    ("~1", ">=1,<2"), ("~1.2", ">=1.2,<1.3"), ("^0.43b0", ">=0.43b0,<0.44"),
    ("^1 || ^3", ">=1,<4,!=2.*"), (">=1,!=1.5", ">=1,!=1.5")])
def test_convert_issue_examples_to_pep440(tbx, constraint, expected):
    from packaging.specifiers import SpecifierSet
    result = tbx("semver", "convert", "--to", "pep440", constraint)
    assert result.stdout.decode().strip() == expected
    SpecifierSet(expected)  # valid PEP 440


@pytest.mark.parametrize("args,part", [
    (["--from", "pep440", "--to", "cargo", "!=1.2.*"], b"no OR"),
    (["--from", "pep440", "--to", "npm", ">=1.0b1"], b"1.0b1"),
    (["--from", "npm", "--to", "pep440", "^1.2.3-rc.1"], b"pre-release"),
    (["--from", "pep440", "--to", "npm", "^1.2"], b"not a PEP 440 specifier")])
def test_convert_names_what_cannot_be_expressed(tbx, args, part):
    result = tbx("semver", "convert", *args)
    assert result.returncode == 2
    assert part in result.stderr


# --- outdated -----------------------------------------------------------------------------

def test_outdated_matches_max_satisfying_and_flags_the_latest():
    require_oracle("npm")
    r = random.Random(39)
    bad = []
    for _ in range(20 if so.sanitized() else 60):
        c = so.gen_npm_constraint(r)
        if tbx("range", "-f", "npm", "--", c).returncode != 0:
            continue
        tags = [so.gen_semver(r) for _ in range(15)]
        valid = [t for t in tags if t.strip() and tbx("validate", "-q", "-f", "npm", t).returncode == 0]
        if not valid:
            continue
        # npm outdated's "wanted" is maxSatisfying; without --current, current is the same.
        wanted, latest = node([["max", c, valid, False], ["max", "*", valid, False]])
        proc = tbx("outdated", "--json", "-f", "npm", "--", c, *valid)
        doc = json.loads(proc.stdout)
        same = lambda a, b: a == b or (a and b and tbx("compare", "-f", "npm", a, b).stdout == b"0\n")
        for key in ("wanted", "current"):
            if not same(doc[key], wanted):
                bad.append((c, valid, key, wanted, doc[key]))
        if latest is not None and not same(doc["latest"], latest):
            bad.append((c, valid, "latest", latest, doc["latest"]))
        satisfied = tbx("check", "-q", "-f", "npm", "--", c, doc["latest"]).returncode == 0
        if proc.returncode != (0 if satisfied else 1):
            bad.append((c, valid, "exit", proc.returncode))
    assert not bad, bad[:20]


def test_outdated_current_is_the_version_in_use():
    proc = tbx("outdated", "--json", "-f", "npm", "--current", "1.2.0", "--", "^1",
               "1.2.0", "1.4.0", "2.0.0")
    doc = json.loads(proc.stdout)
    assert (doc["current"], doc["wanted"], doc["latest"]) == ("1.2.0", "1.4.0", "2.0.0")
    assert proc.returncode == 1
    assert tbx("outdated", "-f", "npm", "--current", "nope", "--", "^1", "1.0.0").returncode == 2
