"""Unicode fidelity of `tbx format` over every code point against CPython 3.11 (Unicode 14):
repr() and ascii() escaping (str.isprintable) and int()/float() digits and whitespace, which
must not follow the system utf8proc's newer Unicode version."""

import pathlib
import subprocess
import sys
import unicodedata

import pytest

from textref import decode, encode, python_value, run_tbx

# Line feeds end lines and lone surrogates are not UTF-8; a \r alone would end a CRLF line.
CODE_POINTS = [c for c in range(0x110000)
               if not 0xD800 <= c <= 0xDFFF and c not in (0x0A, 0x0D)]


TEXT_DIR = pathlib.Path(__file__).resolve().parents[2] / "lib" / "tbx" / "text"


def test_reference_is_unicode_14():
    assert unicodedata.unidata_version == "14.0.0", sys.version


def test_generated_tables_are_current(tmp_path):
    out = tmp_path / "tables.inc"
    subprocess.run([sys.executable, str(TEXT_DIR / "unicode14_gen.py"), str(out)], check=True)
    assert out.read_text() == (TEXT_DIR / "unicode14_tables.inc").read_text()


@pytest.mark.parametrize("template, convert", [("{!r}", repr), ("{!a}", ascii),
                                               ("<{}>", str)])
def test_every_code_point_alone(template, convert):
    lines = [chr(c) for c in CODE_POINTS]
    result = run_tbx("format", template, input=encode("\n".join(lines) + "\n"))
    assert result.returncode == 0, result.stderr
    got = decode(result.stdout).split("\n")[:-1]
    want = [template.replace("!r", "").replace("!a", "").format(convert(python_value(line)))
            for line in lines]
    mismatches = [(hex(c), g, w) for c, g, w in zip(CODE_POINTS, got, want) if g != w]
    assert len(got) == len(want) and not mismatches[:20], mismatches[:20]


def test_every_code_point_inside_text():
    # Between letters a digit or space is no number: this checks escaping alone.
    lines = ["a" + chr(c) + "b" for c in CODE_POINTS]
    result = run_tbx("format", "{!r}", input=encode("\n".join(lines) + "\n"))
    got = decode(result.stdout).split("\n")[:-1]
    mismatches = [(hex(c), g, repr(line)) for c, line, g in zip(CODE_POINTS, lines, got)
                  if g != repr(line)]
    assert len(got) == len(lines) and not mismatches[:20], mismatches[:20]


def test_line_breaks_through_arguments():
    for text in ["\n", "\r", "a\r\nb", "\x85", "\u2028"]:
        result = run_tbx("format", "{!r}|{!a}", text, text)
        assert decode(result.stdout) == f"{text!r}|{ascii(text)}\n"
