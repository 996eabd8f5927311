"""vim's own regexp tests (test_regexp_latin.vim, test_regexp_utf8.vim, vendored with vim's
license under tests/data/subst/) run through `tbx subst -e`, each expectation checked with the
real vim installed here (issue 15). A row passes when tbx gives what vim gives; a row whose
pattern uses an atom tbx does not support must fail with an error naming it; the deliberate
differences are listed below and in docs/subst-vim-compat.md."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from subst_helpers import require_tool, run_subst

DATA = Path(__file__).resolve().parent.parent / "data" / "subst"
SEPARATOR = "\x01"

# Atoms tbx refuses (each error names the atom): vim-only positions, composing-character
# controls, equivalence classes, syntax groups.
UNSUPPORTED = ("\\%V", "\\%#", "\\%'", "\\%<", "\\%>", "\\%C", "\\Z", "[=", "\\z(", "\\z1", "\\%.")
# PCRE2 10.42 has no variable-length look-behind; a byte limit (\@1<=) is refused too.
UNSUPPORTED_ERRORS = ("not supported", "lookbehind assertion is not fixed length")
UNSUPPORTED_POSITIONS = tuple(f"\\%{d}" for d in "0123456789")

# Deliberate differences, by pattern (see docs/subst-vim-compat.md).
COMPOSING = "composing characters are characters of their own"
KNOWN_DIFFERENCES = {
    ".ม": COMPOSING,
    ".ม่": COMPOSING,
    "\u05bb\u05b9": COMPOSING,
    ".\u05bb\u05b9": COMPOSING,
    "\u05b9\u05bb": COMPOSING,
    "a": COMPOSING,
    "ca": COMPOSING,
    "\u05b9": COMPOSING,
    ".\u05b9": COMPOSING,
}
# A matchlist() string with a newline is one line to vim (^ and $ at its ends only, NUL
# stored as a newline); tbx reads a text's newlines as line breaks.
STRING_WITH_NEWLINE = "a newline in a matchlist() string"


def vim_env():
    return {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def run_vim_script(tmp_path: Path, body: str, rows):
    """Runs `body` in vim with g:rows read from JSON; returns the JSON vim writes to g:result."""
    vim = require_tool("vim")
    (tmp_path / "rows.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    script = tmp_path / "run.vim"
    result = tmp_path / "result.json"
    script.write_text(
        "set encoding=utf-8\n"
        f"let g:rows = json_decode(join(readfile('{tmp_path / 'rows.json'}'), \"\\n\"))\n"
        "let g:result = []\n"
        f"{body}\n"
        f"call writefile([json_encode(g:result)], '{result}')\n"
        "qall!\n",
        encoding="utf-8",
    )
    subprocess.run(
        [vim, "-Nu", "NONE", "-i", "NONE", "-es", "-S", str(script)],
        env=vim_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=300,
    )
    return json.loads(result.read_text(encoding="utf-8"))


def load_rows(kind):
    rows = json.loads((DATA / "vim_regexp_tables.json").read_text(encoding="utf-8"))
    return [r for r in rows if r["kind"] == kind]


def is_unsupported(pattern):
    # An empty pattern reuses the last search in vim; tbx has none.
    return pattern == "" or any(atom in pattern for atom in UNSUPPORTED + UNSUPPORTED_POSITIONS)


def tbx_matchlist(pattern, text):
    """Returns [match, sub1..sub9] of the first match of `pattern` in `text`, [] for none, or
    the error text when tbx refuses the pattern."""
    replacement = SEPARATOR.join(f"\\{i}" for i in range(1, 10))
    # A delimiter that no table pattern holds.
    expression = f"s\x02{pattern}\x02{replacement}\x02"
    result = run_subst("--json", "-e", expression, input=text.encode("utf-8", "surrogateescape"))
    if result.returncode == 2:
        return result.stderr.decode(errors="replace")
    assert result.returncode in (0, 1), result.stderr
    for line in result.stdout.decode().splitlines():
        record = json.loads(line)
        if record.get("type") == "change":
            return [record["match"], *record["replacement"].split(SEPARATOR)]
    return []


def test_vim_single_line_regexp_tables(tmp_path: Path):
    rows = [r["row"] for r in load_rows("single")]
    vim_results = run_vim_script(
        tmp_path,
        "for row in g:rows\n"
        "  try\n"
        "    let l = matchlist(row[2], row[1])\n"
        "    call add(g:result, empty(l) ? [] : l[0:9])\n"
        "  catch\n"
        "    call add(g:result, 'error')\n"
        "  endtry\n"
        "endfor",
        rows,
    )
    assert len(vim_results) == len(rows)
    passed, unsupported, known, failures = 0, 0, 0, []
    for row, vim_result in zip(rows, vim_results):
        pattern, text = row[1], row[2]
        actual = tbx_matchlist(pattern, text)
        if isinstance(actual, str):
            if (is_unsupported(pattern) or re.search(r"@\d*<", pattern)) and any(
                e in actual for e in UNSUPPORTED_ERRORS
            ):
                unsupported += 1
                continue
            failures.append(f"{pattern!r} on {text!r}: tbx error {actual.strip()}")
            continue
        if vim_result == "error":
            failures.append(f"{pattern!r}: vim fails, tbx accepts it")
            continue
        if actual == vim_result:
            passed += 1
        elif pattern in KNOWN_DIFFERENCES or "\n" in text or text == "":
            known += 1
        else:
            failures.append(f"{pattern!r} on {text!r}: vim {vim_result!r} tbx {actual!r}")
    print(f"single-line rows: {passed} pass, {unsupported} unsupported (error), "
          f"{known} deliberate differences, {len(failures)} fail, of {len(rows)}")
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} of {len(rows)})"


def test_vim_multi_line_substitute_tables(tmp_path: Path):
    rows = [r["row"] for r in load_rows("multi")]
    vim_results = run_vim_script(
        tmp_path,
        "for row in g:rows\n"
        "  new\n"
        "  call setline(1, row[2])\n"
        "  exe '%s/' .. row[1] .. '/XX/e'\n"
        "  call add(g:result, getline(1, '$'))\n"
        "  q!\n"
        "endfor",
        rows,
    )
    failures = []
    for index, (row, vim_result) in enumerate(zip(rows, vim_results)):
        pattern, before, after = row[1], row[2], row[3]
        assert vim_result == after, f"vim here disagrees with vim's table on {pattern!r}"
        path = tmp_path / f"multi{index}.txt"
        path.write_text("\n".join(before) + "\n", encoding="utf-8")
        result = run_subst("-q", "-e", f"%s/{pattern}/XX/e", path)
        assert result.returncode == 0, result.stderr
        actual = path.read_text(encoding="utf-8").split("\n")[:-1]
        if actual != vim_result:
            failures.append(f"{pattern!r} on {before!r}: vim {vim_result!r} tbx {actual!r}")
    print(f"multi-line rows: {len(rows) - len(failures)} pass of {len(rows)}")
    assert not failures, "\n".join(failures)


# Rows of test_substitute.vim whose vim result tbx deliberately does not copy
# (docs/subst-vim-compat.md), by command.
SUBSTITUTE_DIFFERENCES = {
    "s/O/\\n/": "\\n in the replacement inserts a line break, not vim's NUL",
}


def test_vim_substitute_cases(tmp_path: Path):
    """The buffer + :s + expected-buffer cases ported from test_substitute.vim
    (tests/data/subst/test_substitute_cases.json): vim here must give the expectation, and
    so must tbx (the file written with a final newline, as vim writes it). Rows ported from
    substitute() calls keep the function's result; vim's :s on the same line decides."""
    cases = json.loads((DATA / "test_substitute_cases.json").read_text(encoding="utf-8"))
    vim_results = run_vim_script(
        tmp_path,
        "for c in g:rows\n"
        "  new\n"
        "  call setline(1, c.buffer)\n"
        "  let message = ''\n"
        "  for command in c.commands\n"
        "    let message = execute(command)\n"
        "  endfor\n"
        "  call add(g:result, [getline(1, '$'), message])\n"
        "  q!\n"
        "endfor",
        cases,
    )
    assert len(vim_results) == len(cases)
    passed, known, failures = 0, 0, []
    for index, (case, (vim_lines, vim_message)) in enumerate(zip(cases, vim_results)):
        # vim keeps a NUL as a newline inside a line; the expectation writes it as NUL.
        vim_lines = [line.replace("\n", "\x00") for line in vim_lines]
        if "expected" in case:
            assert vim_lines == case["expected"], f"vim here disagrees with {case}"
        else:
            # A row of vim's substitute() function run as :s: vim's :s is the oracle (it
            # differs at a line's end, where :s tries no empty match after a match).
            case["expected"] = vim_lines
        if "count" in case:
            assert vim_message.strip().startswith(f"{case['count']} match"), vim_message
        path = tmp_path / f"case{index}.txt"
        path.write_bytes(("\n".join(case["buffer"]) + "\n").encode())
        count = None
        if case["commands"][-1] in SUBSTITUTE_DIFFERENCES:
            known += 1
            continue
        for command in case["commands"]:
            result = run_subst("--json", "-e", command, path)
            assert result.returncode in (0, 1), (command, result.stderr)
            summary = json.loads(result.stdout.decode().splitlines()[-1])
            count = summary["replacements"]
        actual = path.read_bytes().decode().split("\n")[:-1]
        if actual == case["expected"] and ("count" not in case or count == case["count"]):
            passed += 1
        else:
            failures.append(f"{case['source']} {case['commands']}: vim {case['expected']!r} "
                            f"(count {case.get('count')}) tbx {actual!r} (count {count})")
    print(f"test_substitute.vim cases: {passed} pass, {known} deliberate differences, "
          f"{len(failures)} fail, of {len(cases)}")
    assert not failures, "\n".join(failures)


def old_style_test(name):
    """Reads vim's old-style test NAME.in (a Normal-mode script between STARTTEST and ENDTEST,
    then the buffer) and NAME.ok, as bytes kept one to one in latin-1 strings."""
    text = (DATA / f"{name}.in").read_bytes().decode("latin-1")
    script = text[text.index("STARTTEST\n") + len("STARTTEST\n") : text.index("ENDTEST\n")]
    body = text[text.index("ENDTEST\n") + len("ENDTEST\n") :].split("\n")
    expected = (DATA / f"{name}.ok").read_bytes().decode("latin-1").split("\n")[:-1]
    return script.split("\n"), body, expected


def test23_cases():
    """test23 ("regexp with backslash and other special characters inside []"): 15 searches,
    each deleting the character found (x) on the next line, ported as s/PAT// on that line;
    then one :s per following line (an empty script line is <CR>: the next line)."""
    script, body, expected = old_style_test("test23")
    start = body.index("start")
    lines = body[start + 1 :]
    searches = re.findall(r"/(\S+)", "\n".join(line for line in script if not line.startswith(":")))
    commands = [f"s/{pattern}//" for pattern in searches]
    commands += [line[1:] for line in script if line.startswith(":s/")]
    assert len(commands) == len(lines) - 1 == len(expected) - 1
    return [(lines[i], commands[i], expected[i + 1]) for i in range(len(commands))]


def test25_cases():
    """test25 ("character classes in regexp using regexpengine 0, 1, 2"): each :s runs on a
    fresh copy of the line after start-here (Y, then p before each next :s)."""
    script, body, expected = old_style_test("test25")
    line = body[body.index("start-here") + 1]
    commands = [entry[entry.index(":s/") + 1 :] for entry in script if ":s/" in entry]
    assert len(commands) == len(expected)
    return [(line, commands[i], expected[i]) for i in range(len(commands))]


def run_vim_on_files(tmp_path: Path, cases, encoding):
    """Runs each (file, command) in vim with 'encoding' set, the file read and written as
    raw bytes."""
    vim = require_tool("vim")
    rows = [[str(path), command] for path, command in cases]
    (tmp_path / "old.json").write_text(json.dumps(rows), encoding="utf-8")
    script = tmp_path / "old.vim"
    script.write_text(
        f"for [f, c] in json_decode(join(readfile('{tmp_path / 'old.json'}'), \"\\n\"))\n"
        "  execute 'edit! ' . fnameescape(f)\n"
        "  silent! execute c\n"
        "  write!\n"
        "endfor\n"
        "qall!\n",
        encoding="utf-8",
    )
    subprocess.run(
        [vim, "-Nu", "NONE", "-i", "NONE", "--cmd", f"set encoding={encoding} fileencodings=",
         "-es", "-S", str(script)],
        env=vim_env(), stdin=subprocess.DEVNULL, capture_output=True, timeout=300,
    )


# Deliberate differences in the old-style tests, by command (docs/subst-vim-compat.md).
OLD_STYLE_DIFFERENCES = {
    "s/~/bcd/": "~ in a pattern repeats an earlier command's replacement (tbx: one command)",
    "s/~\\+/BB/": "~ in a pattern repeats an earlier command's replacement (tbx: one command)",
}


@pytest.mark.parametrize("name", ["test23", "test25"])
def test_vim_old_style_substitute_tests(tmp_path: Path, name):
    """vim's old-style test23 and test25 (tests/data/subst, vendored): every case's line is
    written to a file, vim here runs the command on it (it must give the .ok line, or the
    case needs an atom tbx refuses, such as \\%204l on a one-line file), and tbx -e must give
    what vim gives, byte for byte; refused atoms must be an error naming them."""
    cases = test23_cases() if name == "test23" else test25_cases()
    # test25 is a latin1 test (one byte per character, from vim's tiny build); tbx reads
    # UTF-8, so its line is given to both in UTF-8 (test23's bytes are ASCII and controls).
    encoding = "latin-1" if name == "test23" else "utf-8"
    vim_files, tbx_files = [], []
    for index, (line, command, _) in enumerate(cases):
        for kind, files in (("vim", vim_files), ("tbx", tbx_files)):
            path = tmp_path / f"{kind}{index}.txt"
            path.write_bytes((line + "\n").encode(encoding))
            files.append(path)
    run_vim_on_files(tmp_path, list(zip(vim_files, (c for _, c, _ in cases))), "utf-8")
    passed, refused, known, lone_cr, failures = 0, 0, 0, 0, []
    for (line, command, ok), vim_file, tbx_file in zip(cases, vim_files, tbx_files):
        if command in OLD_STYLE_DIFFERENCES:
            known += 1
            continue
        vim_line = vim_file.read_bytes().decode(encoding)[:-1]
        result = run_subst("-q", "--binary", "-e", command, tbx_file)
        # \%#=N (the regexp engine) is a no-op, not vim's cursor atom \%#.
        if is_unsupported(re.sub(r"\\%#=\d", "", command)) or (
            "\\@<=" in command and vim_line == ok
        ):
            assert result.returncode == 2, command
            assert any(e.encode() in result.stderr for e in UNSUPPORTED_ERRORS), result.stderr
            refused += 1
            continue
        assert vim_line == ok, f"vim here disagrees with {name}.ok on {command!r}"
        assert result.returncode in (0, 1), (command, result.stderr)
        actual = tbx_file.read_bytes().decode(encoding)[:-1]
        if actual == vim_line:
            passed += 1
        elif "\r" in line and actual.replace("\r", "") == vim_line.replace("\r", ""):
            lone_cr += 1  # a lone CR ends a line for tbx (old Mac files), not for vim
        else:
            failures.append(f"{command!r} on {line!r}: vim {vim_line!r} tbx {actual!r}")
    print(f"{name}: {passed} pass, {refused} unsupported (error), {known} deliberate "
          f"differences, {lone_cr} same but for a lone CR kept as a line end, "
          f"{len(failures)} fail, of {len(cases)}")
    assert not failures, "\n".join(failures)
