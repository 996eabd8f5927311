"""Differential tests (issue 18): the node-semver CLI's capabilities in tbx semver, against
node-semver itself (inc with --preid and -n, coerce, diff, valid in strict and loose mode,
rsort) and against Poetry's own `poetry version` rules and packaging for the poetry flavor."""

import json
import random
import subprocess

import pytest

import semver_oracles as so

N = 60 if so.sanitized() else 250

NODE_OPS = r"""
const semver = require(process.argv[1]);
const ops = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const run = ([op, ...a]) => {
  switch (op) {
    case 'inc': return semver.inc(a[0], a[1], {}, a[2] || undefined, a[3]);
    case 'coerce': { const v = semver.coerce(a[0], {rtl: a[1], includePrerelease: a[2]});
                     return v ? v.version : null; }
    case 'diff': return semver.diff(a[0], a[1]);
    case 'valid': return semver.valid(a[0], {loose: a[1]});
    case 'rsort': return semver.rsort(a[0].filter(v => semver.valid(v)));
  }
};
process.stdout.write(JSON.stringify(ops.map(o => { try { return run(o); } catch (e) {
  return 'ERR'; } })));
"""


@pytest.fixture(scope="session")
def node():
    module = so.npm_semver_dir()
    if module is None:
        pytest.skip("node-semver is not available")

    def call(ops):
        proc = subprocess.run(["node", "-e", NODE_OPS, str(module)],
                              input=json.dumps(ops).encode(), capture_output=True, check=True)
        return json.loads(proc.stdout)
    return call


def tbx(*args, stdin=None):
    return subprocess.run([so.tbx_bin(), "semver", *args], capture_output=True,
                          input=stdin.encode() if stdin is not None else None)


def valid_versions(r, n):
    out = []
    while len(out) < n:
        v = so.gen_semver(r)
        if tbx("validate", "-q", "-f", "npm", v).returncode == 0:
            out.append(v)
    return out


INCREMENTS = ["major", "minor", "patch", "premajor", "preminor", "prepatch", "prerelease",
              "release"]


def test_bump_matches_inc(node):
    r = random.Random(21)
    cases = []
    for v in valid_versions(r, N):
        part = r.choice(INCREMENTS)
        preid = r.choice(["", "", "beta", "alpha", "rc.1", "beta.x"])
        base = r.choice(["0", "1"])
        cases.append((v, part, preid, base))
    want = node([["inc", v, part, preid, base] for v, part, preid, base in cases])
    bad = []
    for (v, part, preid, base), expected in zip(cases, want):
        args = ["bump", "-f", "npm", "-n", base] + (["--preid", preid] if preid else [])
        proc = tbx(*args, "--", part, v)
        got = proc.stdout.decode().strip() if proc.returncode == 0 else None
        if got != (expected if expected != "ERR" else None):
            bad.append((v, part, preid, base, "node", expected, "tbx", got))
    assert not bad, bad[:20]


def test_coerce_matches_node_semver(node):
    r = random.Random(22)
    texts = ["v2", "1.2.3.4", "foo 1.2 bar", "v3.4-beta.1+build", "x", "10.20.30.40.50",
             "12345678901234567.1", "1.2.3-rc.1", "release-2024.01", "a1b2c3", "v1.2.3-",
             "99999999999999999", "1.2.3.4-rc.5"]
    for _ in range(N):
        parts = [str(r.choice([0, 1, 2, 10, 123])) for _ in range(r.choice([1, 2, 3, 4]))]
        sep = r.choice([".", ".", "-", " "])
        texts.append(r.choice(["", "v", "x", "rel-"]) + sep.join(parts) +
                     r.choice(["", "-rc.1", "+b", "-beta", ".x", "a"]))
    ops = [(t, rtl, pre) for t in texts for rtl in (False, True) for pre in (False, True)]
    want = node([["coerce", t, rtl, pre] for t, rtl, pre in ops])
    bad = []
    for (t, rtl, pre), expected in zip(ops, want):
        args = ["coerce", "-f", "npm"] + (["--rtl"] if rtl else []) + (["-p"] if pre else [])
        proc = tbx(*args, "--", t)
        got = proc.stdout.decode().strip() or None
        if got != expected:
            bad.append((t, rtl, pre, "node", expected, "tbx", got))
    assert not bad, bad[:20]


def test_diff_matches_node_semver(node):
    r = random.Random(23)
    vs = valid_versions(r, 2 * N)
    pairs = list(zip(vs[::2], vs[1::2]))
    pairs += [("1.0.0-1", "1.0.0"), ("1.1.0-1", "1.1.0"), ("1.2.3", "1.2.3"),
              ("1.2.3-rc.1", "1.2.3-rc.2"), ("0.0.1-a", "0.0.1")]
    want = node([["diff", a, b] for a, b in pairs])
    bad = []
    for (a, b), expected in zip(pairs, want):
        got = tbx("diff", "-f", "npm", "--", a, b).stdout.decode().strip() or None
        if got == "build":
            got = None  # node-semver's diff ignores build metadata
        if got != expected:
            bad.append((a, b, "node", expected, "tbx", got))
    assert not bad, bad[:20]


@pytest.mark.parametrize("loose", [False, True])
def test_validate_matches_valid(node, loose):
    r = random.Random(24 + loose)
    texts = [so.gen_semver(r, loose=True) for _ in range(N)]
    texts += ["=1.2.3", "v 1.2.3", "01.02.03", "1.2.3beta", "1.2.3-01", " 1.2.3 ", "1.2"]
    texts = [t for t in texts if t.strip()]
    want = node([["valid", t, loose] for t in texts])
    bad = []
    for t, expected in zip(texts, want):
        proc = tbx("validate", "-f", "npm", *(["--loose"] if loose else []), "--", t)
        got = proc.stdout.decode().strip() if proc.returncode == 0 else None
        if got != expected:
            bad.append((t, "node", expected, "tbx", got))
    assert not bad, bad[:20]


def test_reverse_sort_skips_invalid_like_the_node_cli(node):
    r = random.Random(26)
    versions = [v for v in (so.gen_semver(r) for _ in range(200)) if v.strip()]
    expected = node([["rsort", versions]])[0]
    proc = tbx("sort", "-r", "-f", "npm", stdin="\n".join(versions) + "\n")
    assert proc.returncode == 0
    got = proc.stdout.decode().splitlines()
    # Equal precedence (build metadata) may sit in either order: compare precedence classes.
    norm = lambda vs: [v.split("+")[0] for v in vs]
    assert norm(got) == norm(expected)
    skipped = len(versions) - len(expected)
    assert proc.stderr.decode().count("warning") == skipped


# --- poetry: `poetry version`'s rules and packaging's parts ---------------------------------

def poetry_increment(version, rule, preid):
    """Poetry's `poetry version RULE` (poetry 1.x VersionCommand.increment_version)."""
    from poetry.core.constraints.version import Version
    from poetry.core.version.pep440 import ReleaseTag

    v = Version.parse(version)
    phase = {"": "alpha", "a": "alpha", "b": "beta", "rc": "rc"}[preid]
    if rule in ("major", "premajor"):
        new = v.next_major()
    elif rule in ("minor", "preminor"):
        new = v.next_minor()
    elif rule in ("patch", "prepatch"):
        new = v.next_patch()
    elif v.is_unstable() and v.pre is not None:
        pre = v.pre.next() if not preid or ReleaseTag(phase).phase == v.pre.phase \
            else ReleaseTag(phase)
        new = Version(v.epoch, v.release, pre)
    else:
        new = v.next_patch().first_prerelease()
        if preid:
            new = Version(new.epoch, new.release, ReleaseTag(phase))
    if rule.startswith("pre") and rule != "prerelease":
        new = Version(new.epoch, new.release, ReleaseTag(phase))
    return new.text


def test_poetry_bump_matches_poetry_version_rules():
    pytest.importorskip("poetry.core.version.pep440")
    from poetry.core.constraints.version import Version

    r = random.Random(27)
    bad = []
    for _ in range(N):
        v = so.gen_pep440(r)
        try:
            Version.parse(v)
        except Exception:
            continue
        rule = r.choice(["major", "minor", "patch", "premajor", "preminor", "prepatch",
                         "prerelease"])
        preid = r.choice(["", "", "a", "b", "rc"])
        if rule == "prerelease" and Version.parse(v).dev is not None:
            continue  # a dev release's next pre-release: poetry's own rule is ambiguous there
        want = poetry_increment(v, rule, preid)
        proc = tbx("bump", *(["--preid", preid] if preid else []), "--", rule, v)
        got = proc.stdout.decode().strip()
        if Version.parse(got) != Version.parse(want):
            bad.append((v, rule, preid, "poetry", want, "tbx", got))
    assert not bad, bad[:20]


def test_poetry_get_matches_packaging():
    packaging = pytest.importorskip("packaging.version")
    r = random.Random(28)
    bad = []
    for _ in range(N):
        text = so.gen_pep440(r)
        try:
            v = packaging.Version(text)
        except packaging.InvalidVersion:
            continue
        want = {
            "epoch": str(v.epoch),
            "major": str(v.major), "minor": str(v.minor), "patch": str(v.micro),
            "prerel": "".join(map(str, v.pre)) if v.pre else "",
            "post": f"post{v.post}" if v.post is not None else "",
            "dev": f"dev{v.dev}" if v.dev is not None else "",
            "local": v.local or "",
            "release": (f"{v.epoch}!" if v.epoch else "") + ".".join(map(str, v.release)),
        }
        for part, expected in want.items():
            proc = tbx("get", "--", part, text)
            if proc.returncode != 0 or proc.stdout.decode().strip() != expected:
                bad.append((text, part, "packaging", expected, "tbx", proc.stdout, proc.stderr))
    assert not bad, bad[:20]


# --- node-semver's own fixtures -------------------------------------------------------------

FIXTURES = so.HERE.parent / "data" / "semver" / "node-semver"
LOAD_FIXTURE = "process.stdout.write(JSON.stringify(require(process.argv[1])))"


def test_bump_passes_node_semvers_increment_fixtures():
    if so.npm_semver_dir() is None:
        pytest.skip("node is not available")
    rows = json.loads(subprocess.run(["node", "-e", LOAD_FIXTURE,
                                      str(FIXTURES / "increments.js")],
                                     capture_output=True, check=True).stdout)
    bad, ran = [], 0
    for version, part, expected, options, preid, base in ((row + [None] * 3)[:6] for row in rows):
        loose = options is True or (isinstance(options, dict) and options.get("loose"))
        if isinstance(options, dict) and options.get("includePrerelease"):
            continue  # inc() ignores it; nothing of tbx's to test
        args = ["bump", "-f", "npm"] + (["--loose"] if loose else [])
        args += ["--preid", preid] if preid else []
        args += ["-n", "false" if base is False else str(base)] if base not in (None,) else []
        proc = tbx(*args, "--", part, version)
        got = proc.stdout.decode().strip() if proc.returncode == 0 else None
        ran += 1
        if got != expected:
            bad.append((version, part, preid, base, "fixture", expected, "tbx", got,
                        proc.stderr.decode().strip()))
    assert not bad, bad[:20]
    assert ran > 100


def test_coerce_direction_flags_match_the_node_semver_cli(node):
    """node-semver's own CLI (bin/semver.js -c): --rtl and --ltr, the last one given wins."""
    cli = so.npm_semver_dir() / "bin" / "semver.js"
    texts = ["a 1.2.3 b 4.5.6", "v1.2-beta 3.4", "10.20.30.40", "x1y2z3", "1.2.3.4.5.6", "rel-7"]
    flag_sets = [[], ["--rtl"], ["--ltr"], ["--rtl", "--ltr"], ["--ltr", "--rtl"],
                 ["--rtl", "--rtl"], ["--rtl", "-p"], ["--ltr", "-p"]]
    bad = []
    for text in texts:
        for flags in flag_sets:
            ref = subprocess.run(["node", str(cli), "-c", *flags, text], capture_output=True)
            got = tbx("coerce", "-f", "npm", *flags, "--", text)
            if (got.stdout, got.returncode != 0) != (ref.stdout, ref.returncode != 0):
                bad.append((text, flags, "node", ref.stdout, ref.returncode, "tbx", got.stdout,
                            got.returncode))
    assert not bad, bad[:20]
