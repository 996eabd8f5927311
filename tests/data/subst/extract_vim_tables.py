#!/usr/bin/python3
"""Extracts the pattern tables of vim's test_regexp_latin.vim and test_regexp_utf8.vim (vendored
here) into vim_regexp_tables.json, letting vim itself evaluate each table row (vim string
literals, \\u escapes). Run from this directory: /usr/bin/python3 extract_vim_tables.py

Single-line rows: [engines, pattern, text, expected match, expected submatches...] (no match
expected when there is no fourth item). Multi-line rows: [engines, pattern, lines before,
lines after `:%s/pattern/XX/`]."""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLES = {
    # file: {function: kind}
    "test_regexp_latin.vim": {
        "Test_regexp_single_line_pat": "single",
        "Test_regexp_multiline_pat": "multi",
    },
    "test_regexp_utf8.vim": {"Test_multibyte_chars": "single"},
}


def logical_lines(text):
    """Joins vim's continuation lines (a line starting with optional blanks and a backslash)."""
    lines = []
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("\\") and lines:
            lines[-1] += stripped[1:]
        else:
            lines.append(line)
    return lines


def main():
    script = ["set encoding=utf-8", "let g:out = []"]
    for name, functions in TABLES.items():
        function = None
        encoding = "latin-1" if "latin" in name else "utf-8"
        for line in logical_lines((HERE / name).read_text(encoding=encoding, errors="surrogateescape")):
            match = re.match(r"^func!?\s+(\S+)\(", line)
            if match:
                function = match.group(1)
                continue
            kind = functions.get(function)
            row = re.match(r"^\s*call add\(tl, (.*)\)\s*(\".*)?$", line)
            if kind and row:
                script.append(
                    f"call add(g:out, {{'file': '{name}', 'kind': '{kind}', 'row': {row.group(1)}}})"
                )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        script.append(f"call writefile([json_encode(g:out)], '{out}')")
        script.append("qall!")
        source = Path(tmp) / "extract.vim"
        source.write_text("\n".join(script) + "\n", encoding="utf-8", errors="surrogateescape")
        subprocess.run(
            ["vim", "-Nu", "NONE", "-i", "NONE", "-es", "-S", str(source)],
            stdin=subprocess.DEVNULL,
            check=False,
            timeout=120,
        )
        rows = json.loads(out.read_text(encoding="utf-8"))
    with open(HERE / "vim_regexp_tables.json", "w", encoding="utf-8") as handle:
        json.dump(rows, handle, ensure_ascii=False, indent=0)
        handle.write("\n")
    print(f"{len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
