"""Differential tests: tbx semver --flavor npm against node-semver (issue 4). node-semver is
installed into the build tree with npm on first use; the tests skip without node/npm."""

import json
import random
import subprocess

import pytest

import semver_oracles as so

N = 30 if so.sanitized() else 120
V = 40 if so.sanitized() else 32


@pytest.fixture(scope="session")
def node_semver():
    module = so.npm_semver_dir()
    if module is None:
        pytest.skip("node-semver is not available (node or npm missing, or npm install failed)")
    return module


@pytest.mark.parametrize("include_prerelease", [False, True])
def test_check_and_range_match_node_semver(node_semver, include_prerelease):
    batches = so.cases(so.gen_npm_constraint, lambda r: so.gen_semver(r, loose=True),
                       50 + include_prerelease, N, V)
    reference = so.npm_run([[c, v, include_prerelease] for c, vs in batches for v in vs])
    ranges = so.npm_run([[c, "@range", include_prerelease] for c, _ in batches])
    bad = so.mismatches("npm", batches, reference, include_prerelease, ranges)
    assert not bad, bad[:20]


def test_sort_and_compare_match_node_semver(node_semver):
    r = random.Random(11)
    versions = [so.gen_semver(r) for _ in range(400)]
    script = r"""
const semver = require(process.argv[1]);
const vs = JSON.parse(require('fs').readFileSync(0, 'utf8')).filter(v => semver.valid(v));
process.stdout.write(JSON.stringify({sorted: semver.sort(vs.slice()),
  cmp: vs.slice(0, 10).map((v, i) => semver.compare(v, vs[i + 1]))}));
"""
    out = json.loads(subprocess.run(["node", "-e", script, str(node_semver)],
                                    input=json.dumps(versions).encode(),
                                    capture_output=True, check=True).stdout)
    valid = [v for v in versions if v in set(out["sorted"])]
    proc = subprocess.run([so.tbx_bin(), "semver", "sort", "--flavor", "npm", "--"] + valid,
                          capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines() == out["sorted"]
    for i, expected in enumerate(out["cmp"]):
        proc = subprocess.run([so.tbx_bin(), "semver", "compare", "--flavor", "npm", "--",
                               valid[i], valid[i + 1]], capture_output=True)
        assert int(proc.stdout) == expected, (valid[i], valid[i + 1])


def test_resolve_matches_max_satisfying(node_semver):
    r = random.Random(12)
    tags = [so.gen_semver(r) for _ in range(60)]
    constraints = [so.gen_npm_constraint(r) for _ in range(10 if so.sanitized() else 50)]
    script = r"""
const semver = require(process.argv[1]);
const [cs, tags] = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const valid = tags.filter(t => semver.valid(t));
process.stdout.write(JSON.stringify(cs.map(c => {
  try { new semver.Range(c); } catch (e) { return 'R'; }
  return semver.maxSatisfying(valid, c);
})));
"""
    expected = json.loads(subprocess.run(["node", "-e", script, str(node_semver)],
                                         input=json.dumps([constraints, tags]).encode(),
                                         capture_output=True, check=True).stdout)
    stdin = "\n".join(tags).encode()
    for c, want in zip(constraints, expected):
        proc = subprocess.run([so.tbx_bin(), "semver", "resolve", "--flavor", "npm", "--", c],
                              input=stdin, capture_output=True)
        if want == "R":
            assert proc.returncode == 2, c
        elif want is None:
            assert proc.returncode == 1 and proc.stdout == b"", c
        else:
            assert proc.returncode == 0, (c, proc.stderr)
            # maxSatisfying returns the first of equal-precedence versions; compare precedence.
            got = proc.stdout.decode().strip()
            same = subprocess.run([so.tbx_bin(), "semver", "compare", "--flavor", "npm", "--",
                                   got, want], capture_output=True)
            assert same.stdout.strip() == b"0", (c, got, want)


INTERSECT_SCRIPT = r"""
const semver = require(process.argv[1]);
const pairs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
// The lowest version of any non-empty intersection is 0.0.0-0, 0.0.0, a comparator's version,
// its release, the next patch (or its -0), or the version right after a pre-release (".0"):
// so some version of this pool satisfies both constraints exactly when one exists.
const pool = (ranges) => {
  const out = ['0.0.0-0', '0.0.0'];
  for (const r of ranges) for (const set of r.set) for (const c of set) {
    if (!c.semver || !c.semver.version) continue;
    const s = c.semver;
    const t = `${s.major}.${s.minor}.${s.patch}`;
    out.push(s.version, t, `${t}-0`, `${s.major}.${s.minor}.${s.patch + 1}`,
             `${s.major}.${s.minor}.${s.patch + 1}-0`);
    if (s.prerelease.length) out.push(`${s.version}.0`);
  }
  return out;
};
process.stdout.write(JSON.stringify(pairs.map(([a, b]) => {
  let ra, rb;
  try { ra = new semver.Range(a); rb = new semver.Range(b); } catch (e) { return 'R'; }
  return pool([ra, rb]).some(v => semver.satisfies(v, ra) && semver.satisfies(v, rb)) ? '1' : '0';
})));
"""


def test_intersect_is_empty_exactly_when_node_semver_finds_no_common_version(node_semver):
    # Issue 4: the pre-release rule counts (^1.2.3-beta.1 and <1.2.3 share no version).
    r = random.Random(13)
    pairs = [(so.gen_npm_constraint(r), so.gen_npm_constraint(r))
             for _ in range(40 if so.sanitized() else 300)]
    pairs += [("^1.2.3-beta.1", "<1.2.3"), (">=1.2.3-beta.1", "<1.2.3-rc.5"),
              ("^0.0.3", ">0.0.3"), ("1.2.3-rc.1 || 2", "<1.2.3"), ("~1.2.3-a", ">1.2.3-a <1.2.4")]
    expected = json.loads(subprocess.run(["node", "-e", INTERSECT_SCRIPT, str(node_semver)],
                                         input=json.dumps(pairs).encode(),
                                         capture_output=True, check=True).stdout)
    bad = []
    for (a, b), want in zip(pairs, expected):
        proc = subprocess.run([so.tbx_bin(), "semver", "intersect", "--flavor", "npm", "--", a, b],
                              capture_output=True)
        got = {0: "1", 1: "0"}.get(proc.returncode, "R")
        if got != want:
            bad.append((a, b, "node", want, "tbx", got, proc.stdout.decode().strip()))
    assert not bad, bad[:20]


@pytest.mark.parametrize("include_prerelease", [False, True])
def test_node_semver_range_fixtures_match_node_semver(node_semver, include_prerelease):
    """Every range of node-semver's own fixtures (tests/data/semver/node-semver/ranges.jsonl;
    loose rows aside: tbx reads ranges strictly), plus ranges where node keeps a version's
    text as written, checked and printed as node-semver does."""
    path = so.HERE.parent / "data" / "semver" / "node-semver" / "ranges.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    # A few rows test a version that is not a string (`false`): those versions are left out.
    batches = [(row["range"], [v for v in [row.get("version")] if isinstance(v, str)] +
                ["0.0.0", "1.2.3", "1.2.3-beta", "2.0.0"])
               for row in rows
               if not row["loose"] and row["include_prerelease"] == include_prerelease]
    quirks = [">=v0.0.0", "v0.0.0 - 1", ">= v0.0.0", "^v0.0.x", "=v1.2.3", "1.2.3 - =2.0.0",
              "=1.2.3 - 2", "*1.2.3", "^1.x.99999999999999999999", "^9007199254740991",
              "^1.2.3-" + "a" * 249, "^1.2.3-" + "a" * 260, ">=v1.2.3-" + "a" * 250]
    batches += [(q, ["0.0.0", "1.2.3", "1.9.0"]) for q in quirks]
    reference = so.npm_run([[c, v, include_prerelease] for c, vs in batches for v in vs])
    ranges = so.npm_run([[c, "@range", include_prerelease] for c, _ in batches])
    bad = so.mismatches("npm", batches, reference, include_prerelease, ranges)
    assert not bad, bad[:20]
