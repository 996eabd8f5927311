"""find's options are rows (issue 13 item 2): its single-dash spellings, the primaries whose
values complete, and "did you mean" come from the same rows as --help, the man page and the
completions. GNU find is the oracle for the spellings the rows document."""
import json
import os
import shlex
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from conftest import REPO  # noqa: E402
from find_fixture import GNU_FIND, TBX  # noqa: E402

pytestmark = pytest.mark.skipif(not TBX, reason="needs TBX_BIN")


def tbx(*args, cwd=None):
    return subprocess.run([TBX, *args], cwd=cwd, capture_output=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def find_node():
    tree = json.loads(tbx("__generate", "json").stdout)
    return next(child for child in tree["children"] if child["path"] == "find")


def single_dash_options(node):
    """The documented options spelled as GNU find spells them: "-name", "-exec", ..."""
    for option in node["options"]:
        for name in option["names"]:
            if name.startswith("-") and not name.startswith("--") and len(name) > 2:
                yield name, option


def complete(words, cwd):
    """Runs the generated bash completion for `words` (the last one is being typed)."""
    script = (
        f"source {shlex.quote(str(REPO / 'completions' / 'tbx.bash'))}\n"
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        "_tbx\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    result = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True,
                            cwd=cwd, check=True)
    return sorted(line for line in result.stdout.splitlines() if line)


def sample_words(option, tmp_path):
    """A value GNU find accepts for the option, by the row's kind."""
    if not option["value_name"]:
        return []
    if option["choices"]:
        return [option["choices"][0]]
    if option["kind"] == "command":
        return ["true", ";"]
    if option["kind"] == "file":
        return [str(tmp_path / "a-file")]
    return ["1"] if option["kind"] == "number" else ["x"]


def test_every_single_dash_spelling_is_a_gnu_find_primary_tbx_accepts(find_node, tmp_path):
    (tmp_path / "a-file").write_bytes(b"\0")
    checked = 0
    for name, option in single_dash_options(find_node):
        value = sample_words(option, tmp_path)
        if name in ("-fprint", "-fprint0", "-fls", "-fprintf"):
            value = [str(tmp_path / "out")] + (["%p"] if name == "-fprintf" else [])
        args = [str(tmp_path / "a-file"), name, *value]
        if name == "-files0-from":  # the starting points come from the file, not the line
            (tmp_path / "roots").write_bytes(os.fsencode(tmp_path / "a-file") + b"\0")
            args = [name, str(tmp_path / "roots")]
        gnu = subprocess.run([GNU_FIND, *args], capture_output=True, cwd=tmp_path, timeout=60,
                             stdin=subprocess.DEVNULL)
        ours = tbx("find", *args, cwd=tmp_path)
        assert gnu.returncode == 0, (name, gnu.stderr)
        assert ours.returncode == 0, (name, ours.stderr)
        assert ours.stdout == gnu.stdout, name
        checked += 1
    assert checked >= 20  # -name ... -xdev, -exec ... -okdir, -newer ..., -xtype


@pytest.mark.parametrize("name", ["-type", "--type", "-xtype"])
def test_type_values_complete_from_the_row(name, tmp_path):
    offered = complete(["tbx", "find", ".", name, ""], tmp_path)
    assert offered == sorted(["f", "d", "l", "p", "s", "b", "c", "D"])


def test_values_and_paths_complete_by_kind(tmp_path):
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-dir").mkdir()
    assert "python3" in complete(["tbx", "find", ".", "-exec", "pytho"], tmp_path)
    assert complete(["tbx", "find", ".", "-newer", "a-"], tmp_path) == ["a-dir", "a-file"]
    # Starting points complete as directories.
    assert complete(["tbx", "find", "a-"], tmp_path) == ["a-dir"]
    # A pattern's value completes nothing (it is not a path); the words after it are paths.
    assert complete(["tbx", "find", ".", "-name", "a-"], tmp_path) == []
    assert complete(["tbx", "find", ".", "-name", "x", "a-"], tmp_path) == ["a-dir"]
    # --sort's value is attached (--sort=KEY): the next word is a starting point.
    assert complete(["tbx", "find", "--sort", "a-"], tmp_path) == ["a-dir"]


def test_options_complete_with_their_single_dash_spellings(tmp_path):
    offered = complete(["tbx", "find", "-ty"], tmp_path)
    assert offered == ["-type"]
    assert "-exec" in complete(["tbx", "find", "-ex"], tmp_path)


@pytest.mark.parametrize("typo,meant", [("-nmae", "-name"), ("--exlude", "--exclude"),
                                        ("-exce", "-exec"), ("--mxdepth", "--maxdepth")])
def test_an_unknown_predicate_gets_the_nearest_spelling(typo, meant, tmp_path):
    result = tbx("find", ".", typo, "x", cwd=tmp_path)
    assert result.returncode == 1 or result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"tbx find: error: unknown predicate ({typo}); did you mean '{meant}'?"]


def test_sort_alone_leaves_the_next_word_to_the_expression(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b").write_text("")
    (tmp_path / "d" / "a").write_text("")
    result = tbx("find", "--sort", "d", cwd=tmp_path)
    assert result.stdout == b"d\nd/a\nd/b\n"
    result = tbx("find", "d", "--sort=-name", "-type", "f", cwd=tmp_path)
    assert result.stdout == b"d/b\nd/a\n"
