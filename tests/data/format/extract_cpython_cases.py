#!/usr/bin/python3
"""Extracts the numeric format() cases of CPython 3.11's own test suite into cpython_cases.tsv.

Reads Lib/test from Debian's libpython3.11-testsuite (/usr/lib/python3.11/test): calls
format(N, 'spec'), N.__format__('spec'), test(N, 'spec', ...) (test_types' helper),
'template'.format(N, ...) and f-strings with numeric literals, plus formatfloat_testcases.txt
('%spec value -> result', as format(float(value), 'spec')). Only the value and the spec are
kept: tests/cli/test_format_numbers.py computes every expectation with /usr/bin/python3.

Each line: kind (spec or template), the spec or template, then the values, tab-separated,
each written as Python's escape form (unicode_escape) so any character fits.
"""

import ast
import pathlib
import sys

TEST_DIR = pathlib.Path("/usr/lib/python3.11/test")
SOURCES = ["test_types.py", "test_format.py", "test_float.py", "test_long.py", "test_unicode.py",
           "test_fstring.py", "string_tests.py"]


def number(node):
    """Returns the text of an int or float literal node (also -N, float('x')), else None."""
    try:
        value = ast.literal_eval(node)
    except ValueError:
        value = None
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("float", "int") and len(node.args) == 1):
            try:
                value = {"float": float, "int": int}[node.func.id](ast.literal_eval(node.args[0]))
            except (ValueError, TypeError, SyntaxError):
                return None
    except (TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return repr(value)


def string(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def cases_of_call(node):
    func = node.func
    args = node.args
    if isinstance(func, ast.Name) and func.id in ("format", "test") and len(args) >= 2:
        value, spec = number(args[0]), string(args[1])
        if value is not None and spec is not None:
            yield "spec", spec, [value]
    elif isinstance(func, ast.Attribute) and func.attr == "__format__" and len(args) == 1:
        value, spec = number(func.value), string(args[0])
        if value is not None and spec is not None:
            yield "spec", spec, [value]
    elif isinstance(func, ast.Attribute) and func.attr == "format" and args:
        template = string(func.value)
        values = [number(arg) for arg in args]
        if template is not None and None not in values and not node.keywords:
            yield "template", template, values


def cases_of_fstring(node):
    """Turns f'{3.14:10.10}' into the template '{:10.10}' with the value 3.14."""
    parts, values = [], []
    for part in node.values:
        if isinstance(part, ast.Constant):
            parts.append(part.value.replace("{", "{{").replace("}", "}}"))
            continue
        value = number(part.value)
        spec = part.format_spec
        if value is None or (spec is not None and not all(
                isinstance(p, ast.Constant) for p in spec.values)):
            return
        conversion = "" if part.conversion == -1 else "!" + chr(part.conversion)
        text = "" if spec is None else ":" + "".join(p.value for p in spec.values)
        parts.append("{" + conversion + text + "}")
        values.append(value)
    if values:
        yield "template", "".join(parts), values


def float_testcases():
    for line in (TEST_DIR / "formatfloat_testcases.txt").read_text().splitlines():
        if not line.startswith("%") or "->" not in line:
            continue
        spec_value = line.split("->")[0].split()
        if len(spec_value) == 2:
            yield "spec", spec_value[0][1:], [repr(float(spec_value[1]))]


def escape(text):
    return text.encode("unicode_escape").decode("ascii")


def main():
    seen = {}
    for name in SOURCES:
        tree = ast.parse((TEST_DIR / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            found = []
            if isinstance(node, ast.Call):
                found = cases_of_call(node)
            elif isinstance(node, ast.JoinedStr):
                found = cases_of_fstring(node)
            for kind, spec, values in found:
                if "\x00" in spec:
                    continue  # cannot be a command-line argument
                seen.setdefault((kind, spec, tuple(values)), name)
    for kind, spec, values in float_testcases():
        seen.setdefault((kind, spec, tuple(values)), "formatfloat_testcases.txt")
    out = pathlib.Path(__file__).with_name("cpython_cases.tsv")
    lines = ["\t".join([kind, escape(spec), *map(escape, values)]) for kind, spec, values in seen]
    out.write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"{len(lines)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
