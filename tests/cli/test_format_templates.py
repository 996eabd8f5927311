"""`tbx format TEMPLATE VALUE...` and stdin tables (--split, -t, --split-whitespace) against
CPython 3.11's str.format (/usr/bin/python3), the expectation computed here."""

import concurrent.futures
import random
import re

import pytest

from textref import decode, encode, error_line, python_value, run_tbx

TEMPLATES = ["{}", "{:>5}|{:<5}", "{0} {1} {0}", "{1:>10,}|{0!r:^9}", "{0:<20}{1:>12,.2f}",
             "{{{}}}", "{} {{}} {}", "{!s:>6}|{!a}", "{0:{1}}", "{:{}{}}", "{}{0}", "{0}{}",
             "{2}", "{:d}", "{:,}", "{0:}", "{!r}", "{:.3}", "{:x^+9.2f}", "{a}",
             "{", "}", "{:{:{}}}", "{!z}", "{0!r:5}", "{:%}", "{:#_b}", "{:c}", "x{}y{}z"]
VALUE_SETS = [["a", "b"], ["42", "3.14159"], ["漢字", "-0.0"], ["1_000", "7"], ["", " "],
              ["x", ">8"], ["2", "5", "3"], ["inf", "nan", "10"], ["it's", "é\n"], ["65"]]


def expected(template, values):
    try:
        return "ok", template.format(*map(python_value, values))
    except (ValueError, OverflowError) as error:
        return "err", str(error)
    except (IndexError, KeyError, TypeError):
        return "lookup", None


def check_arguments(template, values):
    kind, result_text = expected(template, values)
    result = run_tbx("format", "--", template, *map(encode, values))
    if kind == "ok":
        assert result.returncode == 0, (template, values, result.stderr)
        assert decode(result.stdout) == result_text + "\n", (template, values)
    else:
        assert result.returncode == 2 and result.stdout == b"", (template, values)
        if kind == "err":
            assert result.stderr.rstrip(b"\n") == error_line("format", result_text)
        elif "[" not in template and "a}" not in template:
            assert b"Replacement index" in result.stderr, result.stderr


def test_templates_with_arguments_match_str_format():
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(check_arguments, t, v) for t in TEMPLATES for v in VALUE_SETS]
        for future in futures:
            future.result()


def random_row(rng, width):
    pieces = ["abc", "漢字", "é", "42", "-7", "1_000", "3.5", "-0.0", "1e3", "inf", "x y",
              "1234567.891", "", "0.125", "Zürich", "9" * 25]
    return [rng.choice(pieces) for _ in range(width)]


@pytest.mark.parametrize("how", ["split", "tab", "whitespace"])
def test_stdin_table_matches_python_per_line(how):
    rng = random.Random(len(how))
    template = "{0:<12}|{1:>14,.2f}|{2!r:^10}"
    rows = [random_row(rng, 3) for _ in range(300)]
    for row in rows:
        row[1] = rng.choice(["1234.5", "-0.001", "7", "1e6", "123456789.987", "nan", "0"])
        if how == "whitespace":
            row[:] = [cell.replace(" ", "") or "-" for cell in row]
    if how == "split":
        args, lines = ["--split", " :: "], [" :: ".join(row) for row in rows]
    elif how == "tab":
        args, lines = ["-t"], ["\t".join(row) for row in rows]
    else:
        args, lines = ["--split-whitespace"], ["  " + " \t ".join(row) + " " for row in rows]
    result = run_tbx("format", *args, template, input=encode("\n".join(lines) + "\n"))
    assert result.returncode == 0, result.stderr
    want = [template.format(*map(python_value, line.split(" :: ") if how == "split" else
                                 line.split("\t") if how == "tab" else line.split()))
            for line in lines]
    assert decode(result.stdout).split("\n") == want + [""]


def test_issue_example_table():
    data = "apple\t1234.5\nbanana\t0.25\ncherry\t1000000\n"
    result = run_tbx("format", "{0:<20}{1:>12,.2f}", "-t", input=data)
    want = "".join("{0:<20}{1:>12,.2f}".format(*map(python_value, line.split("\t"))) + "\n"
                   for line in data.splitlines())
    assert result.returncode == 0 and decode(result.stdout) == want


def test_error_names_the_line_and_keeps_earlier_output():
    result = run_tbx("format", "-t", "{0}:{1:,d}", input="a\t1000\nb\tx\nc\t3\n")
    assert result.stdout == b"a:1,000\n"
    assert result.returncode == 2
    try:
        "{0}:{1:,d}".format("b", "x")
    except ValueError as error:
        message = str(error)
    assert result.stderr.rstrip(b"\n") == error_line("format", f"{message} (line 2)")
    short = run_tbx("format", "-t", "{0}{1}", input="a\tb\nc\n")
    assert short.stdout == b"ab\n" and short.returncode == 2
    assert b"Replacement index 1 out of range for positional args tuple (line 2)" in short.stderr


def test_split_needs_a_template_and_a_separator():
    for args in (["-t", ">5"], ["--split", "", "{}"], ["-t", "{}", "value"],
                 ["-t", "--split-whitespace", "{}"], ["--split", ",", "-t", "{}"]):
        result = run_tbx("format", *args, input="a\tb\n")
        assert result.returncode == 2 and result.stdout == b"", args


LOOKUP_TEMPLATES = ["{0[1]}", "{0[0]:>3}", "{[0]}", "{0[0][0]!r}", "{0[5]}", "{0[x]}", "{0[-1]}",
                    "{0[1]x}", "{0[]}", "{0[]x}", "{0[99999999999999999999]}", "{0[١]}",
                    "{0.real}", "{0.imag:+}", "{0.numerator:,}", "{0.denominator}",
                    "{0.real.imag}", "{0.real:.2f}", "{0.}", "{0.real.}", "{0.foo}",
                    "{0.foo.}", "{0.x y}", "{0.real!z}", "{0[9]!z}", "{0.upper}", "{0.hex}",
                    "{0.bit_length}", "{0.__class__}", "{0.__dict__}", "{0.real[0]}"]
LOOKUP_VALUES = ["ab", "é漢", "42", "-7", "2.5", "-0.0", "inf", ""]
# Attributes Python has that are no number: tbx refuses them (Python prints a method's repr).
SUPPORTED = {"real", "imag", "numerator", "denominator"}


def test_lookups_match_str_format():
    """Index and attribute lookups against str.format with the values as tbx reads them:
    results, and Python's own message for every AttributeError, IndexError, TypeError and
    ValueError."""
    for template in LOOKUP_TEMPLATES:
        for value in LOOKUP_VALUES:
            result = run_tbx("format", "--", template, encode(value))
            what = (template, value)
            try:
                want = template.format(python_value(value))
            except (AttributeError, IndexError, TypeError, ValueError) as error:
                assert result.returncode == 2 and result.stdout == b"", what
                assert result.stderr.rstrip(b"\n") == error_line("format", str(error)), what
                continue
            field_name = re.match(r"\{([^!:}]*)", template).group(1)
            if any(name not in SUPPORTED for name in re.findall(r"\.([^.\[]*)", field_name)):
                assert result.returncode == 2, what
                assert b"unsupported lookup" in result.stderr, what
                continue
            assert result.returncode == 0, (what, result.stderr)
            assert decode(result.stdout) == want + "\n", what


def test_plain_spec_keeps_joining_arguments():
    result = run_tbx("format", "*^11", "two", "words")
    assert result.stdout == encode(format("two words", "*^11") + "\n")


def test_type_option_forces_python_types():
    result = run_tbx("format", "--type", "str", ">5", "42")
    assert result.stdout == b"   42\n"
    result = run_tbx("format", "--type", "float", "", "42")
    assert result.stdout == b"42.0\n"
    result = run_tbx("format", "--type", "int", "d", "4.5")
    assert result.returncode == 2
    assert result.stderr.rstrip(b"\n") == error_line(
        "format", "invalid literal for int() with base 10: '4.5'")
    result = run_tbx("format", "--type=float", "f", "abc")
    assert result.stderr.rstrip(b"\n") == error_line(
        "format", "could not convert string to float: 'abc'")


@pytest.mark.parametrize("template", ["{", "a}", "{0!x", "{}{0}", "{0}{}", "{:{:{}}}", "{0[}",
                                      "x{0:>5}{", "{!", "{0!r:", "{0:{}}"])
def test_template_errors_are_reported_before_reading_input(template):
    """A template no values can satisfy fails before stdin is read, so empty input gets
    Python's error too (computed here with enough plain values)."""
    kind, message = expected(template, ["a"] * 5)
    assert kind == "err"
    for stdin in ("", "a\tb\n"):
        result = run_tbx("format", "-t", template, input=stdin)
        assert result.returncode == 2 and result.stdout == b"", (template, stdin)
        assert result.stderr.rstrip(b"\n") == error_line("format", message), template
