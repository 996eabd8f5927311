"""End-to-end tests of `tbx center` (issue 7): Python's f"{text:F^W}" as the reference for
--count codepoints, and the display-width rules of the issue for --count display."""

import concurrent.futures
import json
import random

import pytest

from textref import SANITIZE, decode, encode, random_text, run_tbx

ALIGNS = {"center": "^", "left": "<", "right": ">"}


def stdin_of(texts):
    return encode("\n".join(texts) + "\n")


def test_codepoints_mode_equals_python_format():
    rng = random.Random(3)
    texts = [random_text(rng) for _ in range(150 if SANITIZE else 400)]
    combos = [(width, fill, align) for width in [0, 1, 2, 7, 10, 33]
              for fill in [" ", "*", "─", "漢", "{", "}", "\udcff"] for align in ALIGNS]
    if SANITIZE:
        combos = random.Random(1).sample(combos, 24)

    def check(width, fill, align):
        result = run_tbx("center", "--count", "codepoints", "-w", str(width), "-f", encode(fill),
                         "--align", align, input=stdin_of(texts))
        assert result.returncode == 0, result.stderr
        expected = [format(text, f"{fill}{ALIGNS[align]}{width}") for text in texts]
        assert decode(result.stdout).split("\n") == expected + [""], (width, fill, align)

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(check, *combo) for combo in combos]:
            future.result()


def test_str_center_rule_equals_str_center():
    rng = random.Random(8)
    texts = [random_text(rng) for _ in range(200)]
    for width in [0, 3, 4, 7] if SANITIZE else range(0, 10):
        result = run_tbx("center", "--count", "codepoints", "--str-center", "-w", str(width),
                         "-f", "*", input=stdin_of(texts))
        assert decode(result.stdout).split("\n") == [t.center(width, "*") for t in texts] + [""]


# (text, grapheme-mode width, codepoint-mode width): the rules the issue fixes for terminals.
DISPLAY_CASES = [
    ("Title", 5, 5),
    ("漢字かな", 8, 8),                                     # East Asian wide
    ("ｶﾀｶﾅ", 4, 4),                                         # halfwidth stays narrow
    ("e\u0301le\u0300ve", 5, 5),                            # combining marks are 0
    ("\u1100\u1161\u11a8", 2, 2),                           # conjoining Hangul syllable
    ("😀", 2, 2),
    ("👨\u200d👩\u200d👧\u200d👦", 2, 8),                    # ZWJ family
    ("👍\U0001F3FD", 2, 4),                                  # skin tone
    ("❤\ufe0f", 2, 1),                                       # VS16 emoji presentation
    ("\U0001F1EF\U0001F1F5\U0001F1E9\U0001F1EA", 4, 4),      # two flags
    ("1\ufe0f\u20e3", 2, 1),                                 # keycap
    ("\x1b[31mred\x1b[0m", 3, 3),                            # SGR
    ("\x1b[38;5;208morange\x1b[m", 6, 6),                    # 256 colors
    ("\x1b[38;2;255;128;0m漢\x1b[0m", 2, 2),                 # truecolor
    ("\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\", 4, 4),  # OSC 8, ST
    ("\x1b]8;;https://example.com\x07link\x1b]8;;\x07", 4, 4),      # OSC 8, BEL
    ("a\udcffb", 3, 3),                                      # invalid byte: one column
    ("\u200b", 0, 0),                                        # zero width space
]


@pytest.mark.parametrize("mode", ["grapheme", "codepoint"])
def test_display_width_rules(mode):
    width = 20
    texts = [case[0] for case in DISPLAY_CASES]
    result = run_tbx("center", "-w", str(width), "--width-mode", mode, "--json",
                     input=stdin_of(texts))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(records) == len(DISPLAY_CASES)
    plain = run_tbx("center", "-w", str(width), "--width-mode", mode, input=stdin_of(texts))
    lines = plain.stdout.split(b"\n")
    for (text, grapheme_width, codepoint_width), record, line in zip(DISPLAY_CASES, records,
                                                                      lines):
        expected = grapheme_width if mode == "grapheme" else codepoint_width
        assert record["text_width"] == expected and record["target_width"] == width, text
        pad = max(0, width - expected)
        # The text, escape sequences included, is copied byte for byte between the fills.
        assert line == b" " * (pad // 2) + encode(text) + b" " * (pad - pad // 2), text


def test_example_from_the_issue():
    result = run_tbx("center", "-w", "20", "-f", "=", "Title")
    assert result.stdout == encode(f"{'Title':=^20}\n")


def test_words_are_joined_and_dashes_are_text():
    result = run_tbx("center", "-w", "11", "-f", "-", "-a", "b-")
    assert result.stdout == encode(f"{'-a b-':-^11}\n")
    result = run_tbx("center", "-w", "9", "--", "--x")
    assert result.stdout == encode(f"{'--x':^9}\n")


def test_fill_must_be_one_column_in_display_mode():
    for fill in ["漢", "ab", "", "\u0301", "😀"]:
        result = run_tbx("center", "-w", "9", "-f", fill, "x")
        assert result.returncode == 2 and result.stdout == b"", fill
        assert b"tbx center: error:" in result.stderr and encode(fill) in result.stderr
    result = run_tbx("center", "--count", "codepoints", "-w", "5", "-f", "漢", "x")
    assert result.stdout == encode(f"{'x':漢^5}\n")
    result = run_tbx("center", "--count", "codepoints", "-w", "5", "-f", "ab", "x")
    assert result.returncode == 2


def test_default_width_is_columns_then_80():
    result = run_tbx("center", "x", env={"COLUMNS": "11", "PATH": "/usr/bin:/bin"})
    assert result.stdout == b"     x     \n"
    result = run_tbx("center", "x", env={"PATH": "/usr/bin:/bin"})
    assert result.stdout == encode(f"{'x':^80}\n")


def test_default_width_is_the_terminal(tmux):
    from textref import tbx_path
    # COLUMNS set to something else shows that the terminal's own size wins.
    tmux.start(f"{tbx_path()} center -f = ab", env={"COLUMNS": "7"})
    screen = tmux.wait_for("[exit 0]")
    half = (tmux.width - 2) // 2
    assert "=" * half + "ab" + "=" * (tmux.width - 2 - half) in screen


def test_box_frames_every_line_at_the_width():
    result = run_tbx("center", "--box", "-w", "24", "Release 1.2\n漢字 😀\n\x1b[1mbold\x1b[0m")
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "┌" + "─" * 22 + "┐" and lines[-1] == "└" + "─" * 22 + "┘"
    widths = [json.loads(line)["text_width"] for line in run_tbx(
        "center", "--json", "-w", "1", input=encode("\n".join(lines))).stdout.splitlines()]
    assert widths == [24] * 5
    assert lines[1] == "│ " + f"{'Release 1.2':^20}" + " │"
    # A line wider than the box grows it instead of breaking it.
    wide = run_tbx("center", "--box", "-w", "6", "wider than six").stdout.decode().splitlines()
    assert wide[1] == "│ wider than six │"


def test_box_reads_all_of_stdin():
    result = run_tbx("center", "--box", "-w", "10", input=b"a\nbb\n")
    assert result.stdout.decode().splitlines() == [
        "┌────────┐", "│   a    │", "│   bb   │", "└────────┘"]
    assert run_tbx("center", "--box", "-w", "10", input=b"").stdout == b""


def test_pipeline_line_endings_and_invalid_bytes():
    result = run_tbx("center", "-w", "5", input=b"a\r\nbb\n\n\xffc")
    assert result.stdout == b"  a  \r\n bb  \n     \n \xffc  \n"
    assert run_tbx("center", "-w", "5", input=b"").stdout == b""


def test_json_lines_keep_invalid_bytes():
    result = run_tbx("center", "--json", "-w", "4", input=b"\xff\n")
    record = json.loads(result.stdout)
    assert record["input_base64"] == "/w==" and record["left"] == 1 and record["right"] == 2
