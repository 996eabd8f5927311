"""End-to-end behavior of `tbx semver` (issue 4): exit codes, JSON, stdin, error positions.
Answers are taken from poetry-core where it applies; the differential suites live in
test_semver_{poetry,npm,cargo}.py."""

import base64
import json
import os

import pytest

from poetry.core.constraints.version import Version, parse_constraint


def poetry_allows(constraint, version):
    return parse_constraint(constraint).allows(Version.parse(version))


def test_check_exit_codes_and_verdicts(tbx):
    ok = tbx("semver", "check", "^1.2.3", "1.3.0", "1.9.9")
    assert ok.returncode == 0
    # The default flavor is named, the same text means other things in npm and cargo.
    assert ok.stdout.decode().splitlines() == ["1.3.0 satisfies ^1.2.3 (poetry)",
                                               "1.9.9 satisfies ^1.2.3 (poetry)"]
    named = tbx("semver", "check", "-f", "poetry", "^1.2.3", "1.3.0")
    assert named.stdout == b"1.3.0 satisfies ^1.2.3\n"
    mixed = tbx("semver", "check", "^1.2.3", "1.3.0", "2.0.0")
    assert mixed.returncode == 1
    assert b"2.0.0 does not satisfy ^1.2.3" in mixed.stdout
    assert tbx("semver", "check", "-q", "^1.2.3", "2.0.0").stdout == b""


@pytest.mark.parametrize("constraint,version", [("^1.2.3", "1.3.0"), ("^0.2.4", "0.3.0"),
                                                ("~1.2", "1.2.7"), ("~1", "1.3.0"),
                                                ("~1", "2.0.0"), ("~=2022.1", "2022.4")])
def test_check_json_matches_poetry_core(tbx, constraint, version):
    result = tbx("semver", "check", "--json", constraint, version)
    doc = json.loads(result.stdout)
    expected = poetry_allows(constraint, version)
    assert doc["results"] == [{"version": version, "satisfies": expected}]
    assert doc["range"] == str(parse_constraint(constraint))
    assert result.returncode == (0 if expected else 1)


def test_invalid_constraint_names_column_and_expectation(tbx):
    result = tbx("semver", "check", "--flavor", "npm", "^1.2.x.4", "1.0.0")
    assert result.returncode == 2
    assert result.stderr.startswith(b"tbx semver check: error: invalid npm constraint")
    assert b"at most three parts" in result.stderr and b"column 8" in result.stderr
    doc = json.loads(tbx("semver", "check", "--json", "-f", "cargo", "^1.2.x.4", "1.0.0").stdout)
    assert doc["column"] == 8 and "three parts" in doc["expected"]


def test_invalid_versions_are_skipped_with_a_warning_or_refused_with_strict(tbx):
    result = tbx("semver", "check", "^1.0", "1.0.0", "not-a-version")
    assert result.returncode == 0
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 2 and "warning" in lines[0] and "not-a-version" in lines[0]
    assert "1 of 2 candidates skipped" in lines[1]
    strict = tbx("semver", "check", "--strict", "^1.0", "1.0.0", "not-a-version")
    assert strict.returncode == 2 and b"error" in strict.stderr
    assert tbx("semver", "check", "^1.0", "nope").returncode == 2
    piped = tbx("semver", "check", "-f", "npm", "^1.2", input="v1.2.0\nnotes\nv1.4.1\n")
    assert piped.returncode == 0 and len(piped.stdout.splitlines()) == 2
    tags = tbx("semver", "sort", "-r", "-f", "npm", input="v1.2.0\nnotes\nv1.10.0\n")
    assert tags.returncode == 0 and tags.stdout == b"v1.10.0\nv1.2.0\n"
    assert b"notes" in tags.stderr


def test_resolve_from_stdin_prints_as_written(tbx):
    tags = "v1.2.0\nv1.4.1\nrelease-notes\nv2.0.0\nv1.10.0\n"
    best = tbx("semver", "resolve", "-f", "npm", "^1.2", input=tags)
    assert best.returncode == 0
    assert best.stdout == b"v1.10.0\n"
    every = tbx("semver", "resolve", "-f", "npm", "--all", "^1.2", input=tags)
    assert every.stdout.decode().splitlines() == ["v1.2.0", "v1.4.1", "v1.10.0"]
    strict = tbx("semver", "resolve", "-f", "npm", "--strict", "^1.2", input=tags)
    assert strict.returncode == 2 and b"release-notes" in strict.stderr
    none = tbx("semver", "resolve", "-f", "npm", "^3", input=tags)
    assert none.returncode == 1 and none.stdout == b""


def test_resolve_poetry_prereleases_follow_the_resolver_rule(tbx):
    candidates = ["1.0.0", "1.1.0b1", "1.1.0"]
    stable = [v for v in candidates if not Version.parse(v).is_unstable()]
    result = tbx("semver", "resolve", "--json", "^1.0", *candidates)
    doc = json.loads(result.stdout)
    assert doc["matches"] == [v for v in stable if poetry_allows("^1.0", v)]
    pre = json.loads(tbx("semver", "resolve", "--json", "--include-prerelease", "^1.0",
                         *candidates).stdout)
    assert pre["matches"] == sorted((v for v in candidates if poetry_allows("^1.0", v)),
                                    key=Version.parse)


def test_range_json_has_bounds(tbx):
    doc = json.loads(tbx("semver", "range", "--json", "^1.2.3 || >=3").stdout)
    c = parse_constraint("^1.2.3 || >=3")
    assert doc["range"] == str(c)
    assert doc["intervals"][0]["min"] == "1.2.3" and doc["intervals"][0]["min_inclusive"]
    assert doc["intervals"][0]["max"] == "2.0.0" and not doc["intervals"][0]["max_inclusive"]
    assert doc["intervals"][1]["max"] is None


def test_intersect_names_the_first_conflicting_pair(tbx):
    result = tbx("semver", "intersect", "^1.2", ">=1.5", "<1.1")
    assert result.returncode == 1
    assert b"'^1.2' and '<1.1'" in result.stderr
    doc = json.loads(tbx("semver", "intersect", "--json", "^1.2", ">=1.5", "<1.1").stdout)
    assert doc["empty"] and doc["conflict"] == ["^1.2", "<1.1"]
    ok = tbx("semver", "intersect", "^1.2", ">=1.5")
    assert ok.returncode == 0
    assert ok.stdout.decode().strip() == str(parse_constraint("^1.2").intersect(
        parse_constraint(">=1.5")))


def test_sort_compare_bump(tbx):
    versions = ["1.10", "1.2", "1.2rc1", "1!0.1", "1.2.post1"]
    result = tbx("semver", "sort", input="\n".join(versions) + "\n")
    assert result.stdout.decode().splitlines() == sorted(versions, key=Version.parse)
    assert tbx("semver", "compare", "1.0", "1.0.0").stdout == b"0\n"
    assert tbx("semver", "compare", "1.0a1", "1.0").stdout == b"-1\n"
    assert tbx("semver", "bump", "minor", "1.2.3").stdout == b"1.3.0\n"
    assert tbx("semver", "bump", "-f", "npm", "pre", "1.2.3").stdout == b"1.2.4-0\n"
    assert tbx("semver", "bump", "major", "x").returncode == 2
    assert tbx("semver", "bump", "huge", "1.0").returncode == 2


def test_json_survives_invalid_utf8(tbx):
    result = tbx("semver", "resolve", "--json", "*", input=b"\xff\xfe1.0\n1.0\n")
    doc = json.loads(result.stdout)
    assert doc["best"] == "1.0"
    assert len(doc["invalid"]) == 1
    # docs/json.md's rule: the exact bytes of an input come back in <key>_base64.
    assert base64.b64decode(doc["invalid"][0]["version_base64"]) == b"\xff\xfe1.0"


def test_json_documents_follow_docs_json(tbx):
    doc = json.loads(tbx("semver", "sort", "--json", "-f", "npm", "1.10.0", "1.2.0", "x").stdout)
    assert doc == {"flavor": "npm", "versions": ["1.2.0", "1.10.0"], "skipped": 1}
    # os.fsdecode: the fixture passes str arguments; these carry the raw bytes through.
    doc = json.loads(tbx("semver", "check", "--json", "-f", "npm", "^1", os.fsdecode(b"\xff1"),
                         "1.2.0").stdout)
    assert base64.b64decode(doc["results"][0]["version_base64"]) == b"\xff1"
    assert doc["results"][1] == {"version": "1.2.0", "satisfies": True}
    doc = json.loads(tbx("semver", "check", "--json", "-f", "npm", os.fsdecode(b"^\xff"), "1.0.0").stdout)
    assert base64.b64decode(doc["subject_base64"]) == b"^\xff"
    doc = json.loads(tbx("semver", "coerce", "--json", os.fsdecode(b"v\xff2.3")).stdout)
    assert base64.b64decode(doc["results"][0]["text_base64"]) == b"v\xff2.3"
    assert doc["results"][0]["version"] == "2.3.0"


def test_missing_subcommand_is_a_usage_error(tbx):
    assert tbx("semver").returncode == 2
    assert tbx("semver", "check", "^1").returncode == 2
