#!/usr/bin/python3
"""Writes the benchmark workload: valid constraints and versions per flavor, one per line.

Usage: gen_cases.py OUTDIR   (deterministic: the same files on every machine)
"""
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "cli"))
import semver_oracles as so  # noqa: E402

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
r = random.Random(2024)


def valid_poetry_constraint(c):
    return so.poetry_range(c) is not None


def valid_pep440(v):
    from poetry.core.constraints.version import Version
    try:
        Version.parse(v)
        return True
    except Exception:
        return False


def take(gen, ok, n):
    items = []
    while len(items) < n:
        x = gen(r)
        if x and ok(x) and "\t" not in x:
            items.append(x)
    return items


npm_c = take(so.gen_npm_constraint, lambda c: c.strip() not in ("", "junk") and "junk" not in c
             and "1.2.3.4" not in c and "x.4" not in c and c != ">=", 1000)
npm_v = take(so.gen_semver, lambda v: v.count(".") >= 2 and not v.endswith(("-", "+")) and "-01" not in v
             and "a.b" not in v and "1.2.3.4" != v, 1000)
poetry_c = take(so.gen_poetry_constraint, valid_poetry_constraint, 1000)
poetry_v = take(so.gen_pep440, valid_pep440, 1000)
for name, items in [("npm_constraints", npm_c), ("npm_versions", npm_v),
                    ("poetry_constraints", poetry_c), ("poetry_versions", poetry_v)]:
    (out / f"{name}.txt").write_text("\n".join(items) + "\n")
