"""Differential tests of `tbx format` on numbers against CPython 3.11 (/usr/bin/python3):
CPython's own test-suite cases (tests/data/format) and a generated corpus of specs x values.
Every expectation is computed here by the interpreter running the tests."""

import concurrent.futures
import math
import pathlib
import random
import struct

import pytest

from textref import SANITIZE, decode, encode, error_line, python_value, run_tbx

CASES = pathlib.Path(__file__).resolve().parents[1] / "data" / "format" / "cpython_cases.tsv"


def outcome(call):
    """Returns ("ok", text), ("err", message) or ("fail", None) for lookups (IndexError)."""
    try:
        return "ok", call()
    except (ValueError, OverflowError) as error:
        return "err", str(error)
    except (IndexError, KeyError):
        return "fail", None


def check_arguments(kind, spec, values):
    if kind == "spec":
        expected = outcome(lambda: format(python_value(values[0]), spec))
    else:
        expected = outcome(lambda: spec.format(*map(python_value, values)))
    result = run_tbx("format", "--", encode(spec), *map(encode, values))
    what = (kind, spec, values)
    if expected[0] == "ok":
        assert result.returncode == 0, (what, result.stderr)
        assert decode(result.stdout) == expected[1] + "\n", what
    else:
        assert result.returncode == 2 and result.stdout == b"", what
        if expected[0] == "err":
            assert result.stderr.rstrip(b"\n") == error_line("format", expected[1]), what


def unescape(field):
    return field.encode("ascii").decode("unicode_escape")


def test_cpython_test_suite_cases():
    rows = [line.split("\t") for line in CASES.read_text(encoding="ascii").splitlines()]
    cases = [(row[0], unescape(row[1]), [unescape(v) for v in row[2:]]) for row in rows]
    assert len(cases) > 500
    if SANITIZE:
        cases = cases[::4]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(check_arguments, *case) for case in cases]:
            future.result()


def edge_values(rng):
    floats = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
              1.7976931348623157e308, math.inf, -math.inf, 0.1, 0.125, 0.375, 2.5, 3.5, -2.5,
              1.005, 0.045, 9.995, 99.995, 0.5, 1.5, 1e16, 1e22, 123456.789, 1e-5, 0.0001,
              9.999999999999999e22, 12345678901234567890.0, 1 / 3, 2 / 3, 1e100, 0.95, 0.05]
    for _ in range(12):
        bits = rng.getrandbits(64)
        value = struct.unpack("<d", struct.pack("<Q", bits))[0]
        if not math.isnan(value):
            floats.append(value)
    for _ in range(6):
        floats.append(round(rng.uniform(-1000, 1000), rng.randint(0, 4)) + 0.5 * 10 ** -5)
    ints = [0, 1, -1, 7, 255, -255, 1000, 1234567, -9876543210, 2 ** 63 - 1, 2 ** 63, -2 ** 63,
            -2 ** 63 - 1, 0x10FFFF, 0x110000, 10 ** 50, -2 ** 200, 10 ** 308, 10 ** 309,
            2 ** 1024 - 2 ** 970, 2 ** 1024 - 2 ** 970 - 1, 10 ** 4299]
    ints += [rng.randint(-10 ** 30, 10 ** 30) for _ in range(6)]
    texts = [repr(v) for v in floats] + [str(v) for v in ints]
    texts += ["nan", "-nan", "inf", "-Infinity", " 42 ", "1_000", "-1_000.5", "1e3", "1E-3",
              "\u0661\u0662", "\u00a07\u3000", "+0", "-0", "00012", ".5", "5.", "abc", "",
              "1__0", "0x10", "1" * 4301, "9" * 400 + ".5", "1e400", "-1e-400", "\udcff"]
    return texts


def random_number_spec(rng):
    parts = []
    if rng.random() < 0.3:
        parts.append(rng.choice([" ", "*", "0", "─", "{", "漢", "_"]) + rng.choice("<>^="))
    elif rng.random() < 0.3:
        parts.append(rng.choice("<>^="))
    if rng.random() < 0.3:
        parts.append(rng.choice("+- "))
    if rng.random() < 0.1:
        parts.append("z")
    if rng.random() < 0.2:
        parts.append("#")
    if rng.random() < 0.2:
        parts.append("0")
    if rng.random() < 0.6:
        parts.append(str(rng.choice([0, 1, 5, 8, 12, 20, 33])))
    if rng.random() < 0.25:
        parts.append(rng.choice([",", "_", ",", "_", ",_"]))
    if rng.random() < 0.45:
        parts.append("." + str(rng.choice([0, 1, 2, 3, 6, 10, 17, 20, 60, 400])))
    if rng.random() < 0.85:
        parts.append(rng.choice("bcdoxXneEfFgG%s" + "fgde%" * 2 + "q"))
    return "".join(parts)


def check_stdin(spec, texts):
    """One tbx call per spec: the values Python formats, then (if any) one it rejects."""
    good, bad = [], []
    for text in texts:
        kind, result = outcome(lambda: format(python_value(text), spec))
        (good if kind == "ok" else bad).append((text, result))
    good = [(t, r) for t, r in good if len(r) < 5000]
    lines = [t for t, _ in good] + [t for t, _ in bad[:1]]
    result = run_tbx("format", "--", encode(spec), input=encode("\n".join(lines) + "\n"))
    assert decode(result.stdout) == "".join(r + "\n" for _, r in good), spec
    if bad:
        assert result.returncode == 2, spec
        expected = error_line("format", f"{bad[0][1]} (line {len(lines)})")
        assert result.stderr.rstrip(b"\n") == expected, (spec, bad[0][0])
    else:
        assert result.returncode == 0, (spec, result.stderr)


@pytest.mark.parametrize("seed", [3] if SANITIZE else [3, 1999, 31337])
def test_generated_specs_times_values(seed):
    rng = random.Random(seed)
    texts = edge_values(rng)
    specs = list(dict.fromkeys(random_number_spec(rng) for _ in range(150 if SANITIZE else 500)))
    specs += ["", ",", "_", "n", "010", "+010.3f", "=+12,.2f", "#o", "#X", "_b", "#_x", ".1",
              ".17", ".0e", "#.0f", "#g", "z.1f", "%", ".0%", "c", "-^+#020_.3e"]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(check_stdin, spec, texts) for spec in specs]:
            future.result()


def test_fixed_notation_rounds_exactly():
    """Fixed notation of many doubles near rounding boundaries, every precision tbx computes
    with its integer fast path (0-17) and some beyond."""
    rng = random.Random(17)
    values = []
    for _ in range(1500 if SANITIZE else 6000):
        exponent = rng.randint(-30, 60)
        values.append(rng.random() * 2.0 ** exponent * rng.choice([1, -1]))
        # Binary fractions with a 5 right after the cut: exact ties, and neighbours.
        tie = rng.randint(0, 10 ** 6) / 2 ** rng.randint(1, 20)
        values += [tie, math.nextafter(tie, math.inf), math.nextafter(tie, -math.inf)]
    lines = [repr(v) for v in values] + ["2.675", "1.005", "0.045", "-0.0", "9007199254740991.5"]
    for precision in list(range(0, 18)) + [20, 25, 40]:
        spec = f".{precision}f"
        result = run_tbx("format", spec, input=encode("\n".join(lines) + "\n"))
        want = "".join(format(float(line), spec) + "\n" for line in lines)
        assert decode(result.stdout) == want, spec


def decimal_literals(rng):
    """Plain decimal texts as data files hold them: random lengths, exact decimal ties
    (0.125, 2.675), near ties, carries (999.995), signed zeros, leading zeros, 15 and 16
    significant digits (where tbx's digit-level rounding hands over to the double)."""
    texts = ["0.125", "2.675", "1.005", "0.045", "-0", "-0.0", "-0.001", "-0.004", "+0",
             "007.5", "5.", ".5", "-.5", "+3.25", "999.995", "-999.9951", "9.9999999999999",
             "99999999999999.5", "999999999999999", "9999999999999995", "0.000000000000001",
             "123456789012.345", "1234567890123.455", "0.30000000000000004", "-", ".", "+.",
             "1_000.5", " 12.5", "12.5 ", "1e3", "0x10", "00", "-00.00", "1.2.3",
             # Bytes next to the digits ('/' and ':'), DEL, non-ASCII: inside the eight-byte
             # words tbx scans, and Arabic-Indic digits, which float() accepts.
             "1234567/", "1234567:", "12345678:9", "123456789/.5", "1234567\x7f", "1234567é",
             "١٢٣٤٥٦٧٨٩.٥", "12345678901234.5", "123456789012345.5"]
    for _ in range(3000):
        integer = str(rng.randint(0, 10 ** rng.randint(0, 14)))
        decimals = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 8)))
        if rng.random() < 0.3:
            decimals = decimals[: rng.randint(0, 4)] + "5" + "0" * rng.randint(0, 3)
        sign = rng.choice(["", "", "-", "+"])
        texts.append(sign + integer + ("." + decimals if decimals or rng.random() < 0.2 else ""))
    return texts


@pytest.mark.parametrize(
    "spec", [",.2f", ".0f", "#.0f", "z.2f", "+.3F", "=+12,.2f", "012,.2f", "*^15.1f", "_.4f",
             ".15f", "f", " .2f", "<9.1f", "z,.1f", "─>14,.2f", "^24,.6f", "+_.1f", "#,.0f",
             ",.1f", ">1024.3f"])
def test_decimal_literals_with_fixed_specs(spec):
    """tbx rounds plain decimal literals for 'f' from their digits when that is provably the
    same as rounding the double; the answers must still be format(int-or-float(text))."""
    check_stdin(spec, decimal_literals(random.Random(spec)))


def test_decimal_literals_forced_float():
    """With --type float, "-0" is float('-0') = -0.0 and keeps its sign."""
    texts = decimal_literals(random.Random(7))
    good = []
    for text in texts:
        try:
            good.append((text, format(float(text), ",.2f")))
        except ValueError:
            pass
    result = run_tbx("format", "--type", "float", ",.2f",
                     input=encode("".join(t + "\n" for t, _ in good)))
    assert result.returncode == 0, result.stderr
    assert decode(result.stdout) == "".join(r + "\n" for _, r in good)


def test_many_lines_in_blocks():
    """Plain decimals for one 'f' field are formatted many lines at a time: over several
    read buffers, mixed with lines that need format() one by one (other literals, CRLF, a
    last line without newline), output and line numbers stay Python's."""
    rng = random.Random(16)
    others = ["1e3", " 7 ", "inf", "-nan", "1_000.25", "12.5\r", "9999999999999999.5",
              "999.999", "0.125"]
    lines = []
    for _ in range(20000 if SANITIZE else 120000):
        if rng.random() < 0.02:
            lines.append(rng.choice(others))
        else:
            lines.append(f"{rng.uniform(-1e7, 1e7):.{rng.randint(0, 6)}f}")
    lines.append("0.5")
    for spec in [",.2f", "+12.3f"]:
        want = "".join(format(python_value(line.rstrip("\r")), spec) +
                       ("\r\n" if line.endswith("\r") else "\n") for line in lines)
        result = run_tbx("format", spec, input=encode("\n".join(lines)))
        assert result.returncode == 0, result.stderr
        assert decode(result.stdout) == want, spec
    bad = len(lines) // 2
    lines[bad] = "twelve"
    result = run_tbx("format", ",.2f", input=encode("\n".join(lines) + "\n"))
    assert result.returncode == 2
    want = "".join(format(python_value(line.rstrip("\r")), ",.2f") +
                   ("\r\n" if line.endswith("\r") else "\n") for line in lines[:bad])
    assert decode(result.stdout) == want
    message = "Unknown format code 'f' for object of type 'str'"
    assert result.stderr.rstrip(b"\n") == error_line("format", f"{message} (line {bad + 1})")
