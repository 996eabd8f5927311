"""Shared helpers for the tbx format / tbx center end-to-end tests (issue 7).

Python on this machine (/usr/bin/python3, the interpreter running the tests) is the reference:
expected outputs come from format(), str.format() and str.center() at test time.
"""

import os
import random
import subprocess

import pytest

TBX = os.environ.get("TBX_BIN")
SANITIZE = os.environ.get("TBX_SANITIZE", "0").lower() in ("1", "on", "true", "yes")

# Fills and text pieces chosen to hit the edges: braces, box drawing, wide and combining
# characters, emoji, alignment characters used as fills, invalid UTF-8 (surrogate escapes).
FILLS = [" ", "*", "=", "─", "{", "}", "0", "é", "漢", "😀", "<", ">", "^", "\\", "%", ":",
         "!", "-", "+", "#", "z", ",", "_", ".", "s", "\udcff", "\t", "'", '"', "\x7f"]
PIECES = ["a", "Title", "hello world", "é", "e\u0301", "漢字", "ｶﾅ", "😀", "👨\u200d👩\u200d👧",
          "🇫🇷", "❤\ufe0f", "{", "}", "{}", "{0}", " ", "\t", "\x1b[31m", "\x1b[0m", "─",
          "\udcff", "\udce2\udc82", "'", '"', "\\", "x" * 30, "\x00", "\u200b", "\x7f", "ab\rcd"]


def tbx_path():
    if not TBX:
        pytest.skip("TBX_BIN is not set")
    return TBX


def run_tbx(*args, input=None, env=None):
    """Runs tbx; str input is encoded with surrogateescape so lone surrogates become bytes."""
    if isinstance(input, str):
        input = encode(input)
    return subprocess.run([tbx_path(), *args], input=input, capture_output=True, env=env,
                          timeout=120)


def encode(text):
    return text.encode("utf-8", "surrogateescape")


def decode(data):
    return data.decode("utf-8", "surrogateescape")


def random_text(rng):
    count = rng.choice([0, 1, 1, 2, 3])
    text = "".join(rng.choice(PIECES) for _ in range(count))
    # A trailing \r would be read as part of a CRLF line ending.
    return text.rstrip("\r")


def random_spec(rng):
    """Builds a spec that is often valid and often wrong in exactly one way."""
    if rng.random() < 0.15:
        alphabet = "<>^=+- z#0123456789,_.sdxf{}─é!:\udcff"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
    parts = []
    roll = rng.random()
    if roll < 0.35:
        parts.append(rng.choice(FILLS) + rng.choice("<>^="[: 3 if rng.random() < 0.9 else 4]))
    elif roll < 0.6:
        parts.append(rng.choice("<>^" if rng.random() < 0.9 else "<>^="))
    if rng.random() < 0.04:
        parts.append(rng.choice("+- "))
    if rng.random() < 0.03:
        parts.append("z")
    if rng.random() < 0.03:
        parts.append("#")
    if rng.random() < 0.1:
        parts.append("0")
    roll = rng.random()
    if roll < 0.7:
        parts.append(str(rng.randint(0, 45)))
    elif roll < 0.72:
        parts.append("9" * rng.randint(19, 22))
    elif roll < 0.74:
        parts.append(rng.choice(["\u0665", "\U0001d7d3", "1\u0660"]))
    if rng.random() < 0.04:
        parts.append(rng.choice([",", "_", ",_", "_,"]))
    roll = rng.random()
    if roll < 0.2:
        parts.append("." + str(rng.randint(0, 12)))
    elif roll < 0.22:
        parts.append(".")
    roll = rng.random()
    if roll < 0.2:
        parts.append("s")
    elif roll < 0.25:
        parts.append(rng.choice("dxXbofeEgG%n,_c! \udcff─"))
    return "".join(parts)


def py_format(text, spec):
    """Returns ("ok", result) or ("err", message) for format(text, spec)."""
    try:
        return "ok", format(text, spec)
    except (ValueError, MemoryError, OverflowError) as error:
        return "err", str(error)


def is_template(spec):
    """Mirrors tbx's rule: a spec holding '{' or '}' anywhere but as the fill (first, before an
    alignment character) is a str.format template (format() rejects every such spec)."""
    brace_fill = len(spec) >= 2 and spec[0] in "{}" and spec[1] in "<>=^"
    return any(c in "{}" for c in spec[1 if brace_fill else 0:])


def python_value(text):
    """Reads a value as tbx format does: int(), else float(), else the str."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def reference(text, spec):
    """Returns ("ok", result), ("err", ValueError message) or ("fail", None) for lookups tbx
    reports in its own words (IndexError, KeyError)."""
    if not is_template(spec):
        return py_format(python_value(text), spec)
    try:
        return "ok", spec.format(python_value(text))
    except (ValueError, OverflowError) as error:
        return "err", str(error)
    except (IndexError, KeyError, AttributeError):
        return "fail", None


def error_line(command, message):
    return encode(f"tbx {command}: error: {message}")
