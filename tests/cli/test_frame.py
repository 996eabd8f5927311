"""The command-line frame: help, version, errors, suggestions, and generated docs (issue 2)."""
import os
import re
import shutil
import subprocess
from pathlib import Path

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


def test_bad_color_value_exits_2_with_cli11_message(tbx):
    result = tbx("--color=bogus")
    assert result.returncode == 2
    assert b"--color: bogus not in {auto,always,never}" in result.stderr


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
    assert list((tmp_path / "lib").glob("libtbx.so*"))
    # The installed binary finds the installed library through its RPATH.
    installed = subprocess.run([str(tmp_path / "bin/tbx"), "--version"], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
