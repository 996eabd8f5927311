"""The command-line frame: help, version, errors, suggestions, and generated docs (issue 2)."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import json

import pytest

from conftest import REPO


def command_names(tbx):
    """Reads the command list from `tbx --help` (CLI11 prints a 'Subcommands:' section)."""
    text = tbx("--help").stdout.decode()
    if "Subcommands:" not in text:
        return []
    section = text.split("Subcommands:", 1)[1]
    return re.findall(r"^  (\S+)", section, re.M)


def long_options(tbx, command):
    text = tbx(command, "--help").stdout.decode()
    return [o for o in re.findall(r"(--[a-z][a-z0-9-]+)", text) if o not in ("--help",)]


def test_version(tbx):
    result = tbx("--version")
    assert result.returncode == 0
    assert re.fullmatch(rb"tbx \d+\.\d+\.\d+\n", result.stdout)


def test_help_lists_every_command_with_exit_0(tbx):
    result = tbx("--help")
    assert result.returncode == 0
    for name in command_names(tbx):
        sub = tbx(name, "--help")
        assert sub.returncode == 0, name
        assert f"tbx {name}".encode() in sub.stdout


def test_no_command_is_a_usage_error(tbx):
    result = tbx()
    assert result.returncode == 2
    assert b"tbx: error:" in result.stderr
    assert result.stdout == b""


def test_unknown_command_exits_2_and_suggests_nearest(tbx):
    result = tbx("nosuch")
    assert result.returncode == 2
    assert b"tbx: error: unknown command 'nosuch'" in result.stderr
    for name in command_names(tbx):
        typo = name[:-1] + ("x" if name[-1] != "x" else "y")
        result = tbx(typo)
        assert result.returncode == 2
        assert f"did you mean '{name}'".encode() in result.stderr, result.stderr


def subcommand_names(tbx, command):
    """Returns the subcommands listed in `tbx COMMAND --help` (empty for a plain command)."""
    text = tbx(command, "--help").stdout.decode()
    if "Subcommands:" not in text:
        return []
    section = text.split("Subcommands:", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^  (\S+)", section, re.M)


def test_unknown_subcommand_exits_2_and_suggests_nearest(tbx):
    # memprof's other words are the command it runs (`tbx memprof plox` runs plox, 127).
    commands_with_subcommands = [c for c in command_names(tbx)
                                 if subcommand_names(tbx, c) and c != "memprof"]
    assert commands_with_subcommands  # semver has check, resolve, ...
    for command in commands_with_subcommands:
        for name in subcommand_names(tbx, command):
            typo = name[:-1] + ("x" if name[-1] != "x" else "y")
            result = tbx(command, typo, "1.0.0")
            assert result.returncode == 2
            assert f"unknown subcommand '{typo}'; did you mean '{name}'".encode() in \
                result.stderr, result.stderr


def test_bad_color_value_exits_2_in_the_house_form(tbx):
    result = tbx("--color=bogus")
    assert result.returncode == 2
    assert result.stderr == b"tbx: error: --color must be one of {auto,always,never} (bogus)\n"


def test_unknown_option_exits_2_and_suggests_nearest(tbx):
    for name in command_names(tbx):
        options = [o for o in long_options(tbx, name) if len(o) > 6]
        if not options:
            continue
        typo = options[0][:-1]
        result = tbx(name, typo + "zz")
        assert result.returncode == 2, (name, typo)
        assert f"tbx {name}: error:".encode() in result.stderr


def generated(tbx, kind, tmp_path=None):
    if kind == "man":
        result = tbx("__generate", "man", tmp_path)
        assert result.returncode == 0, result.stderr
        return {p.name: p.read_text() for p in sorted(tmp_path.glob("*.1"))}
    result = tbx("__generate", kind)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode()


def test_man_pages_match_the_cli_definition(tbx, tmp_path):
    pages = generated(tbx, "man", tmp_path)
    committed = {p.name: p.read_text() for p in sorted((REPO / "man").glob("*.1"))}
    assert set(pages) == set(committed), "run 'make docs' and commit man/"
    for name, text in pages.items():
        assert text == committed[name], f"man/{name} is stale: run 'make docs'"
    assert "tbx.1" in pages
    for name in command_names(tbx):
        assert f"tbx-{name}.1" in pages


@pytest.mark.parametrize("kind,path", [("bash", "tbx.bash"), ("zsh", "_tbx"), ("fish", "tbx.fish")])
def test_completions_match_the_cli_definition(tbx, kind, path):
    text = generated(tbx, kind)
    assert text == (REPO / "completions" / path).read_text(), f"completions/{path} is stale: run 'make docs'"


def test_man_pages_are_lint_clean():
    if shutil.which("mandoc") is None:
        pytest.skip("mandoc is not installed")
    pages = sorted(str(p) for p in (REPO / "man").glob("*.1"))
    result = subprocess.run(["mandoc", "-T", "lint", "-W", "warning", *pages], capture_output=True, text=True)
    assert result.stdout + result.stderr == ""


@pytest.mark.parametrize(
    "shell,args,path",
    [("bash", ["-n"], "tbx.bash"), ("zsh", ["-n"], "_tbx"), ("fish", ["--no-execute"], "tbx.fish")],
)
def test_completion_scripts_parse(shell, args, path):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    result = subprocess.run([shell, *args, str(REPO / "completions" / path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def bash_complete(words):
    script = (
        f"source {REPO / 'completions' / 'tbx.bash'}\n"
        f"COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}\n"
        "_tbx\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    return subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True).stdout.split()


def test_bash_completes_commands_and_options(tbx):
    names = command_names(tbx)
    if not names:
        pytest.skip("no commands registered")
    for name in names:
        assert name in bash_complete(["tbx", name[:2]])
    assert "--color" in bash_complete(["tbx", "--co"])
    assert sorted(bash_complete(["tbx", "--color", "a"])) == ["always", "auto"]
    options = long_options(tbx, names[0])
    assert options[0] in bash_complete(["tbx", names[0], options[0][:4]])


def test_fish_completes_commands(tbx):
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    names = command_names(tbx)
    if not names:
        pytest.skip("no commands registered")
    script = f"source {REPO / 'completions' / 'tbx.fish'}; complete -C 'tbx {names[0][:2]}'"
    result = subprocess.run(["fish", "--no-config", "-c", script], capture_output=True, text=True)
    completed = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert names[0] in completed, result.stdout + result.stderr


def test_root_wrapper_runs_the_built_binary():
    result = subprocess.run([str(REPO / "tbx"), "--version"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("tbx ")


def test_unknown_command_snapshot(tbx, snapshot):
    snapshot.check("unknown_command", tbx("frobnicate-everything"))


def test_cmake_install_puts_everything_in_the_standard_places(tmp_path):
    build_dir = os.environ.get("TBX_BUILD_DIR")
    if not build_dir:
        pytest.skip("TBX_BUILD_DIR is not set (run through ctest)")
    result = subprocess.run(
        ["cmake", "--install", build_dir, "--prefix", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "share/man/man1/tbx.1").is_file()
    assert (tmp_path / "share/bash-completion/completions/tbx").is_file()
    assert (tmp_path / "share/zsh/vendor-completions/_tbx").is_file()
    assert (tmp_path / "share/fish/vendor_completions.d/tbx.fish").is_file()
    # The static preset installs one self-contained binary; the default one, libtbx beside it.
    static = "TBX_STATIC:BOOL=ON" in (Path(build_dir) / "CMakeCache.txt").read_text()
    assert bool(list((tmp_path / "lib").glob("libtbx*"))) != static
    # The installed binary finds the installed library through its RPATH (or needs none).
    installed = subprocess.run([str(tmp_path / "bin/tbx"), "--version"], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr


# ---------------------------------------------------------------- the frame as one tool (issue 13)
#
# The option tree comes from `tbx __generate json`, the same data the man pages and completions
# are generated from, so a new command, subcommand or option is covered without editing this file.

# Phrases of CLI11's own messages: none may reach a user.
CLI11_PHRASES = [rb"Could not convert", rb"is required", rb"not expected", rb"Value ",
                 rb"\d+ required", rb"not in range", rb"not in {", rb"At least", rb"At Most",
                 rb"Expected ", rb"A subcommand", rb"Should be", rb"too many inputs"]
NUMERIC_VALUE_NAMES = {"N", "INT", "SEC", "SIZE"}
# tbx find parses its arguments as GNU find does (issue 19) and words its errors as find does.
FIND_WORDING = {"unknown option (": ("unknown predicate (",),
                "takes no value (": ("unknown predicate (",)}
# Options a command requires before it reads the others (memprof plot writes to -o).
REQUIRED_OPTIONS = {"memprof plot": ["-o", "chart.svg"]}


@pytest.fixture(scope="module")
def option_tree(tbx_bin):
    result = subprocess.run([tbx_bin, "__generate", "json"], capture_output=True, check=True)
    return json.loads(result.stdout)


def nodes(tree):
    """Yields every command node below the root: find, semver, semver check, ..."""
    for child in tree["children"]:
        yield child
        yield from nodes(child)


def named_options(node):
    return [o for o in node["options"] if not o["positional"] and o["names"] != ["--help-all"]]


def run_quietly(tbx, tmp_path, *args):
    """Runs tbx in an empty directory with nothing on stdin, so a stray run finds no work."""
    return tbx(*args, cwd=tmp_path, timeout=60)


def assert_house_error(result, path, *fragments):
    """Checks one diagnostic line `tbx <command>: error: <what>`, exit 2, no CLI11 text."""
    command = path.split(" ")[0]
    assert result.returncode == 2, (path, result.stdout, result.stderr)
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, (path, lines)
    assert re.fullmatch(rf"tbx {command}( \S+)?: error: [a-z-].*", lines[0]), lines[0]
    for phrase in CLI11_PHRASES:
        assert not re.search(phrase, result.stderr), (path, lines[0])
    for fragment in fragments:
        wordings = find_wordings(fragment) if command == "find" else (fragment,)
        assert any(wording in lines[0] for wording in wordings), (path, lines[0], wordings)


def find_wordings(fragment):
    """Rewrites a CLI11-style fragment into GNU find's wordings (`--follow=zz` is an unknown predicate)."""
    for house, gnu in FIND_WORDING.items():
        if house in fragment:
            return gnu
    return (fragment,)


def test_summary_names_every_command(tbx, option_tree):
    text = tbx("--help").stdout.decode()
    summary = text.splitlines()[0]
    names = [child["path"] for child in option_tree["children"]]
    assert len(names) >= 8
    assert summary.endswith("(" + ", ".join(names) + ").")
    assert command_names(tbx) == names


def test_help_word_is_the_help_option(tbx, option_tree):
    assert tbx("help").stdout == tbx("--help").stdout
    assert tbx("help").returncode == 0
    for node in nodes(option_tree):
        words = node["path"].split(" ")
        by_word = tbx("help", *words)
        assert by_word.returncode == 0, node["path"]
        assert by_word.stdout == tbx(*words, "--help").stdout, node["path"]


def test_help_for_an_unknown_command_suggests_the_nearest(tbx):
    result = tbx("help", "fnd")
    assert result.returncode == 2
    assert b"unknown command 'fnd'; did you mean 'find'?" in result.stderr


def test_json_before_the_command_name_is_the_same_as_after(tbx, tmp_path):
    before = tbx("--json", "semver", "check", "^1", "1.2.0")
    after = tbx("semver", "check", "--json", "^1", "1.2.0")
    assert before.returncode == after.returncode == 0, before.stderr
    assert before.stdout == after.stdout
    json.loads(before.stdout)
    (tmp_path / "a.txt").write_text("x")
    before = tbx("--json", "find", tmp_path, "-name", "*.txt")
    after = tbx("find", "--json", tmp_path, "-name", "*.txt")
    assert before.returncode == 0, before.stderr
    assert before.stdout == after.stdout
    assert json.loads(before.stdout.splitlines()[0])["path"] == str(tmp_path / "a.txt")


def test_global_options_before_any_command_name_are_accepted(tbx, tmp_path, option_tree):
    for node in option_tree["children"]:
        name = node["path"]
        before = run_quietly(tbx, tmp_path, "--json", "--color=never", name, "--zz-no-such-option")
        after = run_quietly(tbx, tmp_path, name, "--json", "--color=never", "--zz-no-such-option")
        assert before.stderr == after.stderr, name
        assert_house_error(before, name, "unknown option (--zz-no-such-option)")


def test_unknown_options_are_named_in_the_house_form(tbx, tmp_path, option_tree):
    for node in nodes(option_tree):
        result = run_quietly(tbx, tmp_path, *node["path"].split(" "), "--zz-no-such-option")
        assert_house_error(result, node["path"], "unknown option (--zz-no-such-option)")


def test_a_missing_value_is_named_in_the_house_form(tbx, tmp_path, option_tree):
    for node in nodes(option_tree):
        for option in named_options(node):
            if not option["value_name"]:
                continue
            for name in option["names"]:
                if node["path"] in ("find", "memprof"):
                    # find's missing values are GNU find's errors (test_find_expr); memprof first
                    # names the missing command, which comes before any value it would take.
                    continue
                result = run_quietly(tbx, tmp_path, *node["path"].split(" "), name)
                assert_house_error(result, node["path"], "missing value for ")


def test_a_bad_choice_lists_the_choices(tbx, tmp_path, option_tree):
    for node in nodes(option_tree):
        for option in named_options(node):
            if not option["choices"]:
                continue
            result = run_quietly(tbx, tmp_path, *node["path"].split(" "), option["names"][-1], "zz-bogus")
            assert_house_error(result, node["path"], "(zz-bogus)", *option["choices"])


def test_a_flag_given_a_value_is_named_in_the_house_form(tbx, tmp_path, option_tree):
    for node in nodes(option_tree):
        for option in named_options(node):
            long_names = [n for n in option["names"] if n.startswith("--")]
            if option["value_name"] or not long_names or long_names[0] == "--version":
                continue
            if f"{long_names[0]}=" in option["description"]:
                continue  # an optional attached value, as in subst's --backup=SUFFIX
            result = run_quietly(tbx, tmp_path, *node["path"].split(" "), long_names[0] + "=zz")
            assert_house_error(result, node["path"], f"{long_names[0]} takes no value (zz)")


def test_a_non_number_for_a_number_is_named_in_the_house_form(tbx, tmp_path, option_tree):
    checked = 0
    for node in nodes(option_tree):
        for option in named_options(node):
            if option["value_name"].split(":")[0] not in NUMERIC_VALUE_NAMES:
                continue
            # A positional word ("true", memprof's command) keeps required arguments quiet.
            positional = ["true"] if any(o["positional"] for o in node["options"]) else []
            result = run_quietly(tbx, tmp_path, *node["path"].split(" "),
                                 *REQUIRED_OPTIONS.get(node["path"], []), option["names"][-1], "abc",
                                 *positional)
            assert_house_error(result, node["path"], "(abc)")
            checked += 1
    assert checked >= 5  # find --maxdepth, center --width, memprof --interval, ...


def test_a_missing_subcommand_lists_the_subcommands(tbx, option_tree):
    for node in nodes(option_tree):
        if not node["children"] or node["path"] == "memprof":
            continue  # memprof's first word is the command it runs; `plot` is the one exception
        result = tbx(*node["path"].split(" "))
        words = [child["path"].split(" ")[-1] for child in node["children"]]
        assert_house_error(result, node["path"], "missing subcommand (one of " + ", ".join(words))


def test_missing_and_extra_arguments_are_named_in_the_house_form(tbx):
    assert_house_error(tbx("semver", "check"), "semver check", "missing required argument (constraint)")
    assert_house_error(tbx("semver", "bump", "zz-bogus", "1.0.0"), "semver bump", "(zz-bogus)", "major")
    assert_house_error(tbx("semver", "range", "^1", "zz-extra"), "semver range",
                       "unexpected argument (zz-extra)")


def test_bare_tbx_shows_the_commands_and_asks_for_one(tbx):
    result = tbx()
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[-1] == "tbx: error: missing command (see 'tbx --help')"


def test_a_prompt_without_a_terminal_says_why_once(tbx_bin, tmp_path):
    (tmp_path / "f.txt").write_text("a\n")
    # setsid detaches tbx from any controlling terminal, as in cron or CI.
    result = subprocess.run(["setsid", "-w", tbx_bin, "subst", "--confirm", "a", "b", "f.txt"],
                            capture_output=True, stdin=subprocess.DEVNULL, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    line = result.stderr.decode().strip()
    assert line.startswith("tbx subst: error: --confirm "), line
    assert line.count("/dev/tty") <= 1 and "no controlling terminal" in line, line
    assert (tmp_path / "f.txt").read_text() == "a\n"


def test_global_options_reach_a_subcommand_and_keep_typo_hints(tbx):
    quiet = tbx("-q", "semver", "check", "^1", "1.0.0")
    assert quiet.returncode == 0 and quiet.stdout == b"" and quiet.stderr == b""
    assert tbx("semver", "check", "-q", "^1", "1.0.0").stdout == b""
    typo = tbx("--json", "semver", "chek", "1.0.0")
    assert typo.returncode == 2
    assert b"unknown subcommand 'chek'; did you mean 'check'?" in typo.stderr


# ---------------------------------------------------------------- option rows (issue 13 item 2)
#
# Every option is one row; these tests fail when a row is not honoured by the completions, the
# options-first rewriter or the vocabulary, and read the rows from `tbx __generate json`.

KINDS = {"flag", "text", "number", "choice", "file", "dir", "command", "executable"}
# Commands that print a summary or a verdict a script may want silenced (issue 13 item 6).
SUMMARY_COMMANDS = {"find", "subst", "memprof", "semver check", "semver validate", "semver subset"}
# Commands that color something (--color is documented only there; accepted everywhere).
COLORING_COMMANDS = {"find", "subst", "cuda"}


def complete(words, cwd=None):
    """Runs the generated bash completion for `words` (the last one is being typed)."""
    import shlex
    script = (
        f"source {shlex.quote(str(REPO / 'completions' / 'tbx.bash'))}\n"
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        "_tbx\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    result = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True, cwd=cwd)
    return [line for line in result.stdout.splitlines() if line]


def test_every_option_has_a_known_kind(option_tree):
    for node in [option_tree, *nodes(option_tree)]:
        for option in node["options"]:
            assert option["kind"] in KINDS, (node["path"], option)
            assert (option["kind"] == "flag") == (option["value_name"] == ""), (node["path"], option)


def test_bash_offers_every_choice_row_for_its_option(option_tree):
    checked = 0
    for node in [option_tree, *nodes(option_tree)]:
        for option in named_options(node):
            if not option["choices"]:
                continue
            for name in option["names"]:
                words = ["tbx", *filter(None, node["path"].split(" ")), name, ""]
                assert sorted(complete(words)) == sorted(option["choices"]), (node["path"], name)
                # --name=value: bash splits the word at '='.
                assert sorted(complete(words[:-1] + ["=", ""])) == sorted(option["choices"])
                checked += 1
    assert checked >= 10  # center --align, format --type, memprof --metric, --color, ...


def test_bash_offers_positional_choices_and_subcommands_not_files(option_tree, tmp_path):
    (tmp_path / "some-file").write_text("x")
    for node in nodes(option_tree):
        words = ["tbx", *node["path"].split(" ")]
        if node["children"]:
            offered = complete([*words, ""], cwd=tmp_path)
            assert "some-file" not in offered, node["path"]
            for child in node["children"]:
                assert child["path"].split(" ")[-1] in offered, (node["path"], offered)
        positionals = [o for o in node["options"] if o["positional"]]
        if positionals and positionals[0]["choices"]:
            offered = complete([*words, ""], cwd=tmp_path)
            assert sorted(offered) == sorted(positionals[0]["choices"]), node["path"]


def test_bash_offers_help_and_every_command_after_tbx(option_tree):
    names = [child["path"] for child in option_tree["children"]]
    assert sorted(complete(["tbx", ""])) == sorted(["help", *names])
    assert sorted(complete(["tbx", "help", ""])) == sorted(names)
    assert complete(["tbx", "help", "semver", "ch"]) == ["check"]


def test_bash_offers_files_directories_and_programs_by_kind(option_tree, tmp_path):
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-dir").mkdir()
    checked = set()
    for node in nodes(option_tree):
        for option in named_options(node):
            words = ["tbx", *node["path"].split(" "), option["names"][-1]]
            if option["kind"] == "file":
                assert set(complete([*words, "a-"], cwd=tmp_path)) == {"a-file", "a-dir"}, words
            elif option["kind"] == "dir":
                assert complete([*words, "a-"], cwd=tmp_path) == ["a-dir"], words
            elif option["kind"] in ("executable", "command"):
                offered = complete([*words, "pytho"], cwd=tmp_path)
                assert "python3" in offered, words
                assert complete([*words, "whil"], cwd=tmp_path) == [], words  # no shell keywords
            checked.add(option["kind"])
    assert {"file", "dir", "executable"} <= checked


def test_bash_offers_a_program_for_the_command_memprof_runs(tmp_path):
    (tmp_path / "script.py").write_text("")
    for words in (["tbx", "memprof", "--", "pytho"], ["tbx", "memprof", "pytho"],
                  ["tbx", "memprof", "--max", "1G", "pytho"]):
        assert "python3" in complete(words, cwd=tmp_path), words
    # After the program come its own arguments: files.
    assert complete(["tbx", "memprof", "--", "python3", "scr"], cwd=tmp_path) == ["script.py"]


def sample_value(option):
    if option["choices"]:
        return option["choices"][-1]
    return "7" if option["kind"] == "number" else "*"


@pytest.mark.parametrize("command,positionals,stdin", [
    ("center", ["-x", "-5"], b""),
    ("format", ["{}|{}", "-x", "-5"], b""),
    ("format", ["{}"], b"a*b\n"),
])
def test_options_first_honours_every_row(tbx, option_tree, command, positionals, stdin):
    # Every option, valued or not, spelled any way, anywhere among words that start with '-',
    # is read as the option: the same result as the option alone before an explicit '--'.
    node = next(n for n in nodes(option_tree) if n["path"] == command)
    checked = 0
    for option in named_options(node):
        if option["names"] == ["--help-all"]:
            continue
        long_name = [n for n in option["names"] if n.startswith("--")][0]
        value = sample_value(option) if option["value_name"] else None
        expected = tbx(command, long_name + (f"={value}" if value else ""), "--", *positionals,
                       input=stdin)
        for name in option["names"]:
            spelled = [name, value] if value else [name]
            for typed in ([*spelled, *positionals], [*positionals, *spelled],
                          [positionals[0], *spelled, *positionals[1:]]):
                result = tbx(command, *typed, input=stdin)
                assert (result.returncode, result.stdout, result.stderr) == \
                    (expected.returncode, expected.stdout, expected.stderr), (command, typed)
                checked += 1
    assert checked >= 20


def test_a_valued_option_at_the_end_is_a_missing_value_for_options_first_commands(tbx, option_tree):
    for command in ("center", "format"):
        node = next(n for n in nodes(option_tree) if n["path"] == command)
        for option in named_options(node):
            if not option["value_name"]:
                continue
            for name in option["names"]:
                result = tbx(command, "{}", name)
                assert_house_error(result, command, f"missing value for {option['names'][-1]} (")


def test_quiet_is_spelled_the_same_by_every_command_that_prints_a_summary(tbx, option_tree, tmp_path):
    by_path = {n["path"]: n for n in nodes(option_tree)}
    for path in SUMMARY_COMMANDS:
        names = [name for o in named_options(by_path[path]) for name in o["names"]]
        assert "-q" in names and "--quiet" in names, path
    for node in nodes(option_tree):
        for option in named_options(node):
            assert ("-q" in option["names"]) == ("--quiet" in option["names"]), node["path"]
    # -q before or after the command name.
    for args in (["-q", "memprof", "true"], ["memprof", "-q", "true"], ["--quiet", "memprof", "true"]):
        result = tbx(*args, cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr) == (0, b"", b""), args
    # A command without --quiet names it instead of reading it as text to center.
    assert_house_error(tbx("-q", "center", "hi"), "center", "unknown option (-q)")


def test_color_is_documented_only_where_something_is_colored(tbx, option_tree, tmp_path):
    for node in option_tree["children"]:
        names = [name for o in named_options(node) for name in o["names"]]
        assert ("--color" in names) == (node["path"] in COLORING_COMMANDS), node["path"]
        # ... and accepted by every command, before or after its name.
        before = run_quietly(tbx, tmp_path, "--color=never", node["path"], "--zz-no-such-option")
        after = run_quietly(tbx, tmp_path, node["path"], "--color", "never", "--zz-no-such-option")
        assert before.stderr == after.stderr, node["path"]
        assert_house_error(after, node["path"], "unknown option (--zz-no-such-option)")
        bad = run_quietly(tbx, tmp_path, node["path"], "--color=zz-bogus")
        assert_house_error(bad, node["path"], "(zz-bogus)", "auto", "always", "never")


def test_count_and_width_mode_values_agree_between_center_and_format(tbx, option_tree):
    by_path = {n["path"]: n for n in nodes(option_tree)}
    for name in ("--count", "--width-mode"):
        choices = [next(o["choices"] for o in named_options(by_path[c]) if name in o["names"])
                   for c in ("center", "format")]
        assert sorted(choices[0]) == sorted(choices[1]), name
    # The older spelling still works (scripts written for `--count codepoints`).
    for command, args in (("center", ["-w", "7", "-f", "*", "ab"]), ("format", ["*^7", "ab"])):
        old = tbx(command, "--count", "codepoints", *args)
        new = tbx(command, "--count", "codepoint", *args)
        assert old.returncode == 0 and old.stdout == new.stdout == b"**ab***\n", command
