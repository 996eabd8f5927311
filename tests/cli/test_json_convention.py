"""docs/json.md, checked on the commands that follow it: one document is one object on one line;
a JSON Lines stream has a "type" first in every record; bytes that are not UTF-8 keep their
exact value in a "<key>_base64" sibling."""
import base64
import json
import os
import subprocess
import sys

import pytest

TBX = os.path.abspath(os.environ["TBX_BIN"]) if os.environ.get("TBX_BIN") else ""

pytestmark = pytest.mark.skipif(not TBX, reason="TBX_BIN is not set")


def tbx(*args, input=None, env=None):
    return subprocess.run([TBX, *args], input=input, capture_output=True, env=env, timeout=120)


def one_document(data):
    """Parses `data` as one JSON object on exactly one line and returns it."""
    assert data.endswith(b"\n") and data.count(b"\n") == 1, data[:200]
    document = json.loads(data)
    assert isinstance(document, dict), document
    return document


def records(data):
    """Parses a JSON Lines stream; every record is an object whose first key is "type"."""
    assert data.endswith(b"\n"), data[-200:]
    parsed = [json.loads(line) for line in data.decode().splitlines()]
    for record in parsed:
        assert isinstance(record, dict) and next(iter(record)) == "type", record
    return parsed


def test_center_records_are_lines_and_box_lines():
    lines = records(tbx("center", "--json", "-w", "7", input=b"ab\n\xffc\n").stdout)
    assert [r["type"] for r in lines] == ["line", "line"]
    assert [(r["text_width"], r["target_width"], r["left"], r["right"]) for r in lines] == [
        (2, 7, 2, 3), (2, 7, 2, 3)]
    assert lines[1]["input_base64"] == base64.b64encode(b"\xffc").decode()
    boxed = records(tbx("center", "--json", "--box", "-w", "8", "hi").stdout)
    assert [r["type"] for r in boxed] == ["box_line"] * 3
    assert boxed[1]["output"] == "│  hi  │"


def test_format_records_are_lines():
    stream = records(tbx("format", "--json", ">4", input=b"a\n\xff\n").stdout)
    assert [r["type"] for r in stream] == ["line", "line"]
    assert stream[0] == {"type": "line", "input": "a", "output": "   a"}
    assert base64.b64decode(stream[1]["output_base64"]) == b"   \xff"
    argument = records(tbx("format", "--json", "^5", "x").stdout)
    assert argument == [{"type": "line", "input": "x", "output": "  x  "}]


def test_whereis_is_one_object(tmp_path):
    document = one_document(tbx("whereis", "--json", "-b", "sh").stdout)
    assert list(document) == ["results"]
    assert document["results"][0]["name"] == "sh"
    assert "binaries_base64" not in document["results"][0]


def test_whereis_keeps_the_bytes_of_a_path_that_is_not_utf8(tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), b"bin\xff")
    os.mkdir(folder)
    tool = os.path.join(folder, b"tbx-json-probe")
    with open(tool, "wb") as handle:
        handle.write(b"#!/bin/sh\n")
    os.chmod(tool, 0o755)
    env = dict(os.environb)
    env[b"PATH"] = folder + b":/usr/bin:/bin"
    result = subprocess.run([TBX, "whereis", "--json", "-b", "tbx-json-probe"], env=env,
                            capture_output=True, timeout=60)
    item = one_document(result.stdout)["results"][0]
    assert item["binaries"] == [tool.decode("utf-8", "replace")]
    assert [base64.b64decode(b) for b in item["binaries_base64"]] == [tool]


def test_cuda_is_one_object(tmp_path):
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "LANG": "C"}
    document = one_document(tbx("cuda", "--json", "--no-python", "--search",
                                str(tmp_path / "none"), env=env).stdout)
    assert document["toolkits"] == [] and document["gpus"] == []
    assert "no_toolkit" in [problem["code"] for problem in document["problems"]]


def test_memprof_is_one_object_with_units_in_the_names():
    result = tbx("memprof", "--json", "-o", "-", "--", sys.executable, "-c", "pass")
    document = one_document(result.stdout)
    assert document["command"] == [sys.executable, "-c", "pass"]
    assert document["samples"], document
    for sample in document["samples"]:
        assert set(sample) == {"t_s", "memory_bytes", "processes", "estimated"}
    assert isinstance(document["peak_bytes"], int) and isinstance(document["duration_s"], float)
