"""`tbx format --count display`: widths and precisions in terminal columns, with the rules
and --width-mode of `tbx center` (the oracle for widths here), cuts at whole characters."""

import json
import random

import pytest

from test_center import DISPLAY_CASES
from textref import decode, encode, random_text, run_tbx


def stdin_of(texts):
    return encode("\n".join(texts) + "\n")


def texts_for(seed):
    rng = random.Random(seed)
    texts = [case[0] for case in DISPLAY_CASES]
    texts += [random_text(rng) for _ in range(300)]
    return [t for t in texts if "\n" not in t and "\r" not in t]


@pytest.mark.parametrize("mode", ["grapheme", "codepoint"])
@pytest.mark.parametrize("align", ["center", "left", "right"])
def test_padding_equals_tbx_center(mode, align):
    texts = texts_for(len(mode) + len(align))
    spec = {"center": "^", "left": "<", "right": ">"}[align] + "17"
    # --type str: a text like "42" is padded as text by both commands.
    mine = run_tbx("format", "--type", "str", "--count", "display", "--width-mode", mode, spec,
                   input=stdin_of(texts))
    center = run_tbx("center", "-w", "17", "--count", "display", "--width-mode", mode,
                     "--align", align, input=stdin_of(texts))
    assert mine.returncode == 0 and center.returncode == 0, (mine.stderr, center.stderr)
    assert mine.stdout == center.stdout


def widths(texts, mode):
    result = run_tbx("center", "-w", "0", "--json", "--width-mode", mode, input=stdin_of(texts))
    return [json.loads(line)["text_width"] for line in result.stdout.decode().splitlines()]


@pytest.mark.parametrize("mode", ["grapheme", "codepoint"])
def test_precision_keeps_the_longest_prefix_that_fits(mode):
    texts = texts_for(99)
    for precision in (0, 1, 2, 3, 5):
        result = run_tbx("format", "--type", "str", "--count", "display", "--width-mode", mode,
                         f".{precision}", input=stdin_of(texts))
        assert result.returncode == 0, result.stderr
        outputs = decode(result.stdout).split("\n")[:-1]
        assert len(outputs) == len(texts)
        for text, out, width in zip(texts, outputs, widths(outputs, mode)):
            assert width <= precision, (text, out)
            if "\x1b" not in text:
                assert text.startswith(out), (text, out)


@pytest.mark.parametrize("text, precision, expected", [
    ("漢字かな", 3, "漢"),
    ("漢字かな", 4, "漢字"),
    ("a漢", 2, "a"),
    ("e\u0301x", 1, "e\u0301"),
    ("\x1b[31mred\x1b[0m", 2, "\x1b[31mre\x1b[0m"),
    ("\x1b[1m漢字\x1b[0m!", 3, "\x1b[1m漢\x1b[0m"),
    ("👨\u200d👩\u200d👧x", 1, ""),
    ("👨\u200d👩\u200d👧x", 2, "👨\u200d👩\u200d👧"),
    ("🇫🇷🇩🇪", 3, "🇫🇷"),
])
def test_cuts_never_split_a_character_or_an_escape(text, precision, expected):
    result = run_tbx("format", "--count", "display", f".{precision}", text)
    assert result.returncode == 0, result.stderr
    assert decode(result.stdout) == expected + "\n"


def test_code_points_stay_the_default():
    for spec in ["^6", ".1", "<5"]:
        result = run_tbx("format", spec, "漢字")
        assert decode(result.stdout) == format("漢字", spec) + "\n"


def test_display_in_templates_and_wide_fill_refused():
    result = run_tbx("format", "--count", "display", "{:<6}|{:>6}|", "漢字", "ab")
    assert decode(result.stdout) == "漢字  |    ab|\n"
    result = run_tbx("format", "--count", "display", "漢<6", "ab")
    assert result.returncode == 2 and b"one column wide" in result.stderr
