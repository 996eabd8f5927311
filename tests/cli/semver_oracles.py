"""Random cases and reference oracles for the `tbx semver` differential tests.

Oracles: poetry-core (imported in-process), node-semver (npm `semver`, installed into the
build tree on first use), Rust's `semver` crate (Debian's librust-semver-dev, built offline
into a tiny program in the build tree). Each returns None when its reference is unavailable.
"""

import json
import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build_dir():
    return Path(os.environ.get("TBX_BUILD_DIR") or tempfile.gettempdir()).resolve()


# --- random cases ------------------------------------------------------------------------------

def _num(r):
    return str(r.choice([0, 0, 1, 1, 2, 3, 10]))


def gen_semver(r, loose=False):
    v = ".".join(_num(r) for _ in range(3))
    if r.random() < 0.35:
        ids = [r.choice(["alpha", "beta", "rc", "0", "1", "2", "alpha.1", "beta.2", "x", "a-b", "11"])
               for _ in range(r.choice([1, 1, 2]))]
        v += "-" + ".".join(ids)
    if r.random() < 0.1:
        v += "+" + r.choice(["build", "001", "sha.5", "a-1"])
    if loose and r.random() < 0.05:
        v = r.choice(["v", " ", "=", "01."]) + v
    if r.random() < 0.02:
        v = r.choice(["1.2", "1.2.3.4", "", "a.b.c", "1.2.3-", "1.2.3-01", "1.2.3+"])
    return v


def _partial(r, wild=True):
    n = r.choice([1, 2, 3, 3, 3])
    parts = [_num(r) for _ in range(n)]
    if wild and r.random() < 0.25:
        i = r.randrange(n)
        for k in range(i, n):
            parts[k] = r.choice(["x", "X", "*"])
    text = ".".join(parts)
    if n == 3 and "x" not in text and "*" not in text and "X" not in text and r.random() < 0.3:
        text += "-" + r.choice(["alpha", "0", "beta.1", "rc.1"])
    return text


def gen_npm_constraint(r):
    def comparator():
        op = r.choice(["", "", "=", "<", "<=", ">", ">=", "~", "^", "^", "~>", "v"])
        sp = r.choice(["", "", " "]) if op and op != "v" else ""
        return op + sp + _partial(r)

    def conj():
        if r.random() < 0.12:
            return _partial(r) + " - " + _partial(r)
        return " ".join(comparator() for _ in range(r.choice([1, 1, 2, 2, 3])))

    text = " || ".join(conj() for _ in range(r.choice([1, 1, 1, 2])))
    if r.random() < 0.03:
        text = r.choice(["*", "", "x", ">=", "1.2.3.4", "^1.2.x.4", "<=1.2.3 || junk", ">*"])
    return text


def gen_cargo_constraint(r):
    def comparator():
        op = r.choice(["", "", "=", "<", "<=", ">", ">=", "~", "^", "^"])
        return op + r.choice(["", "", " "]) + _partial(r)

    text = ", ".join(comparator() for _ in range(r.choice([1, 1, 2, 3])))
    if r.random() < 0.05:
        text = r.choice(["*", "x", "", "1.*.3", "1.2.3.4", "^1.2.x.4", "01.2", ">=1, *"])
    return text


def gen_pep440(r):
    parts = [str(r.choice([0, 1, 1, 2, 3, 2022])) for _ in range(r.choice([1, 2, 3, 3, 4]))]
    v = ".".join(parts)
    if r.random() < 0.05:
        v = "1!" + v
    if r.random() < 0.3:
        v += r.choice(["", "-", ".", "_"]) + r.choice(["a", "b", "rc", "alpha", "c", "pre"]) + r.choice(["", "1", "2"])
    if r.random() < 0.15:
        v += r.choice([".post1", "-1", "post2", ".r1", "-post"])
    if r.random() < 0.15:
        v += r.choice([".dev0", "dev1", ".dev"])
    if r.random() < 0.08:
        v += "+" + r.choice(["local", "ubuntu.1", "1", "abc.2"])
    if r.random() < 0.03:
        v = r.choice(["v" + v, "1.2.*", "x", "", "1..2", "1.0+", "01.2"])
    return v


def gen_poetry_constraint(r):
    def single():
        kind = r.random()
        if kind < 0.1:
            return r.choice(["1.2.*", "2.*", "==1.*", "!=1.2.*", "*", "0.*", "1.x"])
        op = r.choice(["", "^", "^", "~", "~", "~=", "==", "!=", "<", "<=", ">", ">=", ">= "])
        v = gen_pep440(r)
        if r.random() < 0.6:
            v = ".".join(str(r.choice([0, 1, 2, 3])) for _ in range(r.choice([1, 2, 3])))
            if r.random() < 0.15:
                v += r.choice(["a1", "b2", "rc1", ".dev0", ".post1"])
        return op + v

    def conj():
        return r.choice([",", ", ", " "]).join(single() for _ in range(r.choice([1, 1, 2, 2, 3])))

    return r.choice([" || ", "||", " | "]).join(conj() for _ in range(r.choice([1, 1, 1, 2])))


# --- oracles ----------------------------------------------------------------------------------

def poetry_check(pairs, include_prerelease):
    """Returns 'R' (constraint invalid), 'V' (version invalid), '1' or '0' per pair."""
    from poetry.core.constraints.version import Version, parse_constraint
    from poetry.core.packages.dependency import Dependency
    from poetry.repositories.repository import Repository

    out = []
    cache = {}
    for c, v in pairs:
        if c not in cache:
            try:
                parsed = parse_constraint(c)
                dep = Dependency("x", c)
                _, allow = Repository._get_constraints_from_dependency(dep)
                cache[c] = (parsed, allow)
            except Exception:
                cache[c] = None
        if cache[c] is None:
            out.append("R")
            continue
        try:
            ver = Version.parse(v)
        except Exception:
            out.append("V")
            continue
        parsed, allow = cache[c]
        ok = parsed.allows(ver)
        if not include_prerelease and ver.is_unstable() and not allow:
            ok = False
        out.append("1" if ok else "0")
    return out


def poetry_range(c):
    from poetry.core.constraints.version import parse_constraint
    try:
        return str(parse_constraint(c))
    except Exception:
        return None


NODE_SCRIPT = r"""
const semver = require(process.argv[1]);
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = cases.map(([c, v, inc]) => {
  let r;
  try { r = new semver.Range(c, {includePrerelease: inc}); } catch (e) { return 'R'; }
  if (v === '@range') return r.range;
  try { new semver.SemVer(v); } catch (e) { return 'V'; }
  return semver.satisfies(v, r, {includePrerelease: inc}) ? '1' : '0';
});
process.stdout.write(JSON.stringify(out));
"""


def npm_semver_dir():
    """Installs node-semver into the build tree once; returns its directory or None."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    prefix = build_dir() / "npm"
    module = prefix / "node_modules" / "semver"
    if not (module / "package.json").exists():
        try:
            subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund",
                            "--prefix", str(prefix), "semver@7"],
                           check=True, capture_output=True, timeout=180)
        except (subprocess.SubprocessError, OSError):
            return None
    return module if (module / "package.json").exists() else None


def npm_run(cases):
    module = npm_semver_dir()
    if module is None:
        return None
    proc = subprocess.run(["node", "-e", NODE_SCRIPT, str(module)],
                          input=json.dumps(cases).encode(), capture_output=True, check=True)
    return json.loads(proc.stdout)


CARGO_MAIN = r"""
use std::io::{self, BufRead, Write};
fn main() {
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout());
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        let mut parts = line.splitn(2, '\t');
        let req = parts.next().unwrap_or("");
        let ver = parts.next().unwrap_or("");
        let s = match semver::VersionReq::parse(req) {
            Err(_) => "R",
            Ok(r) => match semver::Version::parse(ver) {
                Err(_) => "V",
                Ok(v) => if r.matches(&v) { "1" } else { "0" },
            },
        };
        writeln!(out, "{}", s).unwrap();
    }
}
"""

CARGO_REGISTRY = Path("/usr/share/cargo/registry")


def cargo_oracle():
    """Builds the Rust oracle offline against Debian's crate sources; returns its path or None."""
    if shutil.which("cargo") is None or not any(CARGO_REGISTRY.glob("semver-1.*")):
        return None
    root = build_dir() / "cargo-oracle"
    binary = root / "target" / "release" / "semver_oracle"
    if binary.exists():
        return binary
    (root / "src").mkdir(parents=True, exist_ok=True)
    (root / ".cargo").mkdir(exist_ok=True)
    (root / "Cargo.toml").write_text(
        '[package]\nname = "semver_oracle"\nversion = "0.1.0"\nedition = "2021"\n'
        '[dependencies]\nsemver = "1"\n')
    # Debian's dh-cargo way: replace crates.io with the directory of packaged crate sources.
    (root / ".cargo" / "config.toml").write_text(
        '[source.crates-io]\nreplace-with = "debian"\n'
        f'[source.debian]\ndirectory = "{CARGO_REGISTRY}"\n[net]\noffline = true\n')
    (root / "src" / "main.rs").write_text(CARGO_MAIN)
    try:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True,
                       capture_output=True, timeout=300)
    except (subprocess.SubprocessError, OSError):
        return None
    return binary if binary.exists() else None


def cargo_check(pairs):
    binary = cargo_oracle()
    if binary is None:
        return None
    text = "".join(f"{c}\t{v}\n" for c, v in pairs)
    proc = subprocess.run([str(binary)], input=text.encode(), capture_output=True, check=True)
    return proc.stdout.decode().split("\n")[:len(pairs)]


# --- driving tbx in batches -------------------------------------------------------------------

def tbx_bin():
    return os.environ.get("TBX_BIN", str(HERE.parent.parent / "build" / "debug" / "apps" / "tbx"))


def sanitized():
    return os.environ.get("TBX_SANITIZE", "").lower() in ("1", "on", "true", "yes")


def tbx_check(flavor, constraint, versions, include_prerelease=False):
    """Runs one `tbx semver check --json`; returns (verdicts, range or None)."""
    args = [tbx_bin(), "semver", "check", "--json", "--flavor", flavor]
    if include_prerelease:
        args.append("--include-prerelease")
    proc = subprocess.run(args + ["--", constraint] + list(versions), capture_output=True)
    assert proc.returncode in (0, 1, 2), proc.stderr
    doc = json.loads(proc.stdout)
    if "results" not in doc:
        assert proc.returncode == 2
        assert doc["column"] >= 1 and doc["expected"]
        return ["R"] * len(versions), None
    verdicts = []
    for item in doc["results"]:
        if "error" in item:
            verdicts.append("V")
        else:
            verdicts.append("1" if item["satisfies"] else "0")
    # Invalid versions are skipped with a warning; with none valid there is nothing to answer.
    valid = [v for v in verdicts if v != "V"]
    expected_rc = 2 if not valid else (0 if all(v == "1" for v in valid) else 1)
    assert proc.returncode == expected_rc, (constraint, versions, proc.returncode)
    return verdicts, doc["range"]


def cases(gen_constraint, gen_version, seed, n_constraints, n_versions):
    r = random.Random(seed)
    out = []
    for _ in range(n_constraints):
        c = gen_constraint(r)
        out.append((c, [gen_version(r) for _ in range(n_versions)]))
    return out


def mismatches(flavor, batches, reference, include_prerelease=False, ranges=None):
    """Compares tbx with `reference` (a list of verdicts for the flattened pairs)."""
    bad = []
    k = 0
    for index, (c, versions) in enumerate(batches):
        got, rng = tbx_check(flavor, c, versions, include_prerelease)
        for v, g in zip(versions, got):
            if g != reference[k]:
                bad.append((c, v, "reference", reference[k], "tbx", g))
            k += 1
        if ranges is not None and ranges[index] not in (None, "R") and rng != ranges[index]:
            bad.append((c, "range", "reference", ranges[index], "tbx", rng))
    return bad
