"""End-to-end and differential tests of `tbx format` against CPython's format() (issue 7)."""

import concurrent.futures
import random

import pytest

from textref import (SANITIZE, decode, encode, error_line, py_format, random_spec, random_text,
                     reference, run_tbx)

SEPARATOR = "\x1f"  # neither a fill nor part of any generated text
SPEC_COUNT = 800 if SANITIZE else 3000
TEXT_COUNT = 60


def spec_cases(seed):
    rng = random.Random(seed)
    texts = [random_text(rng) for _ in range(TEXT_COUNT)]
    specs = list(dict.fromkeys(random_spec(rng) for _ in range(SPEC_COUNT)))
    valid, invalid, seen = [], {}, {}
    for spec in specs:
        if "\t" in spec:
            continue
        kind, value = reference("x", spec)
        if kind != "ok":
            # Errors take one tbx call each: keep a few specs per kind of message.
            kind_of_message = (value or "lookup")[:14]
            seen[kind_of_message] = seen.get(kind_of_message, 0) + 1
            if seen[kind_of_message] <= (3 if SANITIZE else 8):
                invalid[spec] = value
            continue
        if kind == "ok" and len(value) > 100000:
            continue
        valid.append(spec)
    return texts, valid, invalid


def stdin_of(texts):
    return encode("\n".join(texts) + "\n")


def check_batch(specs, texts):
    """Formats every text with every spec in one tbx call through a str.format template."""
    template = SEPARATOR.join("{0:" + spec + "}" for spec in specs)
    expected = [SEPARATOR.join(format(text, spec) for spec in specs) for text in texts]
    # The template must mean the same to Python as the specs one by one.
    assert expected == [template.format(text) for text in texts]
    result = run_tbx("format", "--", template, input=stdin_of(texts))
    assert result.returncode == 0, result.stderr
    assert decode(result.stdout).split("\n") == expected + [""]


# Python's messages for templates that fail whatever the values (lone braces, unclosed fields,
# mixed numbering).
TEMPLATE_ERRORS = ("Single '", "unmatched '{'", "expected '", "unexpected '{'", "end of string",
                   "cannot switch", "Max string recursion")


def check_single(spec, texts):
    kind, value = reference("x", spec)
    result = run_tbx("format", "--", spec, input=stdin_of(texts))
    if kind != "ok":
        assert result.returncode == 2, (spec, value)
        assert result.stdout == b""
        if kind == "err":
            # A template no values can satisfy fails before stdin is read; otherwise the first
            # line already fails, and the message names it.
            where = "" if value.startswith(TEMPLATE_ERRORS) else " (line 1)"
            assert result.stderr.rstrip(b"\n") == error_line("format", value + where), spec
    else:
        assert result.returncode == 0, (spec, result.stderr)
        expected = [reference(t, spec)[1] for t in texts]
        assert decode(result.stdout).split("\n") == expected + [""], spec


@pytest.mark.parametrize("seed", [7] if SANITIZE else [7, 2024])
def test_random_specs_match_python(seed):
    texts, valid, invalid = spec_cases(seed)
    assert len(valid) > 100 and len(invalid) > 20
    # Specs with brace fills cannot go inside a template field; they run one call each.
    batchable = [spec for spec in valid if "{" not in spec and "}" not in spec]
    singles = [spec for spec in valid if spec not in batchable]
    batches = [batchable[i:i + 150] for i in range(0, len(batchable), 150)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(check_batch, batch, texts) for batch in batches]
        futures += [pool.submit(check_single, spec, texts[:10]) for spec in singles]
        futures += [pool.submit(check_single, spec, ["x"]) for spec in invalid]
        for future in futures:
            future.result()


def test_every_error_message_and_order():
    # One spec per error CPython's str formatting can raise, plus precedence pairs.
    specs = ["+", "-", " ", "z", "#", "=", "=5", "0=", "+=", "=+", "=#", "#=", "z#", "+z",
             "+d", ",", "_", ",_", "_,", "__", ",,", ", ", ",\x7f", ",─", ",x", ",d", "_x",
             ".", "5.", ".x", ",.", ".5.", "d", "x", "%", "é", "─", "\x7f", "z ", "ab",
             "00>5", "{:5}", "s5", "99999999999999999999", ".99999999999999999999",
             "9223372036854775808", "+z#0=5,.3x", "\udcff", "<<<"]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(check_single, spec, ["x"]) for spec in specs]:
            future.result()


def test_replacement_field_forms_match_str_format():
    templates = ["{:=^20}", "{}", "{0}", "{0:>7}", "{!s:^9}", "{!r:^12}", "{!a}", "{!r}",
                 "{0!s:5}|", "{{{}}}", "{0}{0}", "{:─^9}", "{:{^5}", "{:}^5}", "{!x}", "{!}",
                 "{!ss}", "{}{}", "{0}{}", "{}{0}", "{1}", "{:+}", "{:d}", "{0:<5:}", "{0[}",
                 "{", "{ab", "{0!s", "{:,}", "{:\u0665}", "{\u0660:>3}"]
    texts = ["Title", "it's", 'say "hi"', "é\n"[:-1], "漢\t", "\udcff", "", "\x00"]

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(check_single, template, texts) for template in templates]:
            future.result()


def test_text_arguments_are_joined_with_one_space():
    rng = random.Random(11)
    for spec in ["=^20", "─>15", ".3", "{^9", "", "^1"]:
        words = [random_text(rng) or "w" for _ in range(rng.randint(1, 4))]
        words = [w.replace("\x00", "") or "w" for w in words]
        result = run_tbx("format", "--", spec, *[encode(w) for w in words])
        assert result.returncode == 0, result.stderr
        assert result.stdout == encode(format(" ".join(words), spec) + "\n")


def test_text_argument_with_newline_is_one_string():
    result = run_tbx("format", "*^9", "a\nb")
    assert result.stdout == encode(format("a\nb", "*^9") + "\n")


def test_dash_spec_and_text_need_no_double_dash():
    result = run_tbx("format", "-^9", "-x-")
    assert result.returncode == 0, result.stderr
    assert result.stdout == encode(format("-x-", "-^9") + "\n")
    result = run_tbx("format", "-", "x")
    assert result.returncode == 2
    assert result.stderr.rstrip(b"\n") == error_line("format", py_format("x", "-")[1])


def test_pipeline_line_endings():
    # Last line without \n still printed with one; CRLF endings kept; empty input prints nothing.
    result = run_tbx("format", ">4", input=b"a\r\nbb\n\nccc")
    assert result.stdout == b"   a\r\n  bb\n    \n ccc\n"
    assert run_tbx("format", ">4", input=b"").stdout == b""


def test_invalid_utf8_is_counted_per_byte_and_kept():
    texts = ["\udcff", "a\udce2\udc82b", "\udced\udca0\udc80", "é\udcc3"]
    for spec in ["^9", "*>6", ".2", "\udcfe^5"]:
        result = run_tbx("format", "--", encode(spec), input=stdin_of(texts))
        assert result.returncode == 0
        assert result.stdout == stdin_of([format(text, spec) for text in texts])


def test_str_center_matches_str_center():
    rng = random.Random(5)
    texts = [random_text(rng) for _ in range(200)]
    for width in [0, 1, 4, 5, 10] if SANITIZE else range(0, 12):
        for fill in [" ", "─"] if SANITIZE else [" ", "*", "─"]:
            spec = f"{fill}^{width}"
            result = run_tbx("format", "--str-center", "--", spec, input=stdin_of(texts))
            assert result.returncode == 0
            assert decode(result.stdout).split("\n") == [t.center(width, fill) for t in texts] + [""]


def test_huge_width_is_refused_cleanly():
    result = run_tbx("format", "9223372036854775807", "x")
    assert result.returncode == 2 and result.stdout == b""
    assert b"width too large" in result.stderr


def test_large_input_streams_unchanged_in_order():
    lines = [f"line {i} " + "é" * (i % 7) for i in range(200000)]
    result = run_tbx("format", "=^40", input="\n".join(lines) + "\n")
    assert result.returncode == 0
    assert decode(result.stdout).split("\n") == [format(line, "=^40") for line in lines] + [""]
