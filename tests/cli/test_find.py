"""End-to-end behaviour of tbx find beyond find compatibility (issue 3): exit codes, JSON,
--sort, --exclude, the shell-expansion hint, broken pipes, warnings."""
import base64
import json
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from find_fixture import GNU_FIND, TBX, build_hostile_tree  # noqa: E402

pytestmark = pytest.mark.skipif(not TBX, reason="needs TBX_BIN")


def tbx(*args, cwd=None, env=None, input=None):
    return subprocess.run([TBX, *args], cwd=cwd, env=env, input=input, capture_output=True,
                          timeout=120)


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    base = tmp_path_factory.mktemp("findtree")
    build_hostile_tree(os.fsencode(base / "T"))
    return base


def test_exit_codes_follow_gnu_find(tree):
    # find's codes: 0 when the walk succeeded, matched or not; 1 when something failed.
    assert tbx("find", "T", "--name", "x.txt", cwd=tree).returncode == 0
    nothing = tbx("find", "T", "--name", "no-such-name", cwd=tree)
    assert nothing.returncode == 0 and nothing.stdout == b"" and nothing.stderr == b""
    # A missing starting point is an error, and the other one is still walked.
    both = tbx("find", "T/missing", "T/a", "--name", "x.txt", cwd=tree)
    gnu = subprocess.run([GNU_FIND, "T/missing", "T/a", "-name", "x.txt"], cwd=tree,
                         capture_output=True)
    assert both.returncode == gnu.returncode == 1
    assert both.stdout == gnu.stdout == b"T/a/x.txt\n"
    assert b"tbx find: error: No such file or directory (T/missing)" in both.stderr


def test_quiet_answers_with_the_exit_status(tree):
    found = tbx("find", "-q", "T", "-name", "x.txt", cwd=tree)
    assert found.returncode == 0 and found.stdout == b""
    missing = tbx("find", "T", "--quiet", "-name", "no-such-name", cwd=tree)
    assert missing.returncode == 1 and missing.stdout == b""


def test_bad_options_exit_2(tree):
    assert tbx("find", "T", "--type", "q", cwd=tree).returncode == 2
    assert tbx("find", "T", "--maxdepth", "-1", cwd=tree).returncode == 2
    assert tbx("find", "T", "--name", "", cwd=tree).returncode == 2


@pytest.mark.parametrize("option", ["--exclude", "--threads", "-j", "--max-results", "--color",
                                    "--name", "--iname", "--path", "--type", "--maxdepth",
                                    "--mindepth", "-e", "--extension"])
def test_a_valued_option_without_its_value_is_an_error(tree, option):
    # Like find's `find -name`: nothing is walked, the option is named, exit 2.
    gnu = subprocess.run([GNU_FIND, "-name"], cwd=tree, capture_output=True)
    assert gnu.stdout == b"" and b"missing argument to" in gnu.stderr
    result = tbx("find", option, cwd=tree)
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode().startswith(
        f"tbx find: error: missing argument to {option} ({option})")
    # Also after starting points and tests.
    result = tbx("find", "T", "-name", "x.txt", option, cwd=tree)
    assert result.returncode == 2 and result.stdout == b""


def test_symlink_loop_is_an_error_but_output_continues(tree):
    result = tbx("find", "-L", "T", "--name", "bottom.txt", cwd=tree)
    assert result.returncode == 1
    assert b"File system loop detected" in result.stderr
    assert b"T/deep/" in result.stdout


def test_shell_expanded_pattern_is_explained(tree):
    # `tbx find . -name *.txt` where the shell expanded the glob into two names.
    result = tbx("find", ".", "-name", "x.txt", "h.txt", cwd=tree / "T")
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"'h.txt'" in result.stderr and b"quote" in result.stderr


def test_json_lines_round_trip_every_name(tree):
    result = tbx("find", "T", "--json", cwd=tree)
    assert result.returncode == 0
    seen = set()
    for line in result.stdout.decode("utf-8").splitlines():
        record = json.loads(line)
        raw = (base64.b64decode(record["path_base64"]) if "path_base64" in record
               else record["path"].encode("utf-8"))
        if "path_base64" in record:
            assert "\ufffd" in record["path"]
        assert record["type"] == "entry" and record["file_type"] in "fdlps"
        seen.add(raw)
    on_disk = set()
    for dirpath, dirnames, filenames in os.walk(os.fsencode(tree / "T")):
        rel = os.path.relpath(dirpath, os.fsencode(tree))
        on_disk.add(rel)
        on_disk.update(os.path.join(rel, n) for n in dirnames + filenames)
    assert seen == on_disk
    assert b"T/bad\xff\xfedir/inv\xe9lid" in seen


def test_print0_keeps_newlines_in_names(tree):
    result = tbx("find", "T", "-0", "--name", "new*", cwd=tree)
    assert result.stdout == b"T/new\nline\0"


@pytest.mark.skipif(not GNU_FIND, reason="needs GNU find")
def test_sort_is_depth_first_in_byte_order(tree):
    result = tbx("find", "T", "--sort", "-0", cwd=tree)
    paths = [p for p in result.stdout.split(b"\0") if p]
    assert paths == sorted(paths, key=lambda p: p.split(b"/"))
    reference = subprocess.run([GNU_FIND, "T", "-print0"], cwd=tree, capture_output=True)
    assert sorted(paths) == sorted(p for p in reference.stdout.split(b"\0") if p)
    # Deterministic: the same bytes every time, whatever --threads says.
    again = tbx("find", "T", "--sort", "-0", "--threads", "4", cwd=tree)
    assert again.stdout == result.stdout


def test_exclude_prunes_directories_and_skips_files(tree):
    result = tbx("find", "T", "--exclude", "a", "--exclude", "*.txt", "--exclude", "deep",
                 cwd=tree)
    lines = result.stdout.split(b"\n")
    assert b"T/a" not in lines and not any(line.startswith(b"T/a/") for line in lines)
    assert not any(line.endswith(b".txt") for line in lines)
    assert b"T/UPPER/README.md" in lines


def test_thread_counts_agree(tree):
    outputs = [sorted(tbx("find", "T", "-0", "--threads", str(n), cwd=tree).stdout.split(b"\0"))
               for n in (1, 2, 8)]
    assert outputs[0] == outputs[1] == outputs[2]


def test_broken_pipe_is_quiet_and_successful(tree):
    script = f"'{TBX}' find /usr /usr /usr 2>err | head -n 1 >/dev/null; echo ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", script], cwd=tree, capture_output=True, timeout=300)
    assert result.stdout.strip() == b"0"
    err = (tree / "err").read_bytes()
    assert b"Broken pipe" not in err and b"cannot write" not in err


def test_warnings_for_patterns_that_never_match(tree):
    slash = tbx("find", "T", "--name", "a/x.txt", cwd=tree)
    assert slash.returncode == 0
    assert b"warning" in slash.stderr and b"-wholename" in slash.stderr
    trailing = tbx("find", "T", "--wholename", "T/a/", cwd=tree)
    assert trailing.returncode == 0 and b"warning" in trailing.stderr


def test_single_dash_print_and_P_are_accepted(tree):
    result = tbx("find", "-P", "T/a", "-name", "x.txt", "-print", cwd=tree)
    assert result.returncode == 0 and result.stdout == b"T/a/x.txt\n"


def test_color_always_marks_names_only(tree):
    result = tbx("find", "T/a", "--maxdepth", "1", "--type", "d", "--color", "always",
                 "--sort", cwd=tree)
    assert b"T/a/\x1b[" in result.stdout
    plain = tbx("find", "T/a", "--maxdepth", "1", "--type", "d", "--sort", cwd=tree)
    assert b"\x1b" not in plain.stdout


def test_extension_and_max_results(tree):
    got = tbx("find", "T", "-e", "txt", "-e", ".md", "--type", "f", cwd=tree)
    want = subprocess.run([GNU_FIND, "T", "-type", "f", "(", "-name", "*.txt", "-o", "-name",
                           "*.md", ")"], cwd=tree, capture_output=True)
    assert got.returncode == 0
    assert sorted(got.stdout.split(b"\n")) == sorted(want.stdout.split(b"\n"))
    all_txt = tbx("find", "T", "-e", "txt", cwd=tree).stdout.count(b"\n")
    assert all_txt > 3
    limited = tbx("find", "T", "-e", "txt", "--max-results", "3", cwd=tree)
    assert limited.returncode == 0 and limited.stdout.count(b"\n") == 3


def test_a_pattern_where_a_path_belongs_suggests_name(tree):
    result = tbx("find", "*.md", cwd=tree)
    assert result.returncode == 1
    assert b"No such file or directory (*.md)" in result.stderr
    assert b"--name '*.md'" in result.stderr


def test_json_records_carry_the_inode_data_that_was_read(tree):
    plain = tbx("find", "T/a", "--maxdepth", "1", "--json", cwd=tree)
    lines = plain.stdout.splitlines()
    assert lines and all(line.startswith(b'{"type":"entry",') for line in lines)
    assert all(set(json.loads(line)) == {"type", "path", "file_type"} for line in lines)
    for args in (["-size", "-100"], ["--stat"]):
        result = tbx("find", "T/a", "T/link_to_file", "--maxdepth", "1", "--json", *args,
                     cwd=tree)
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert records
        for record in records:
            st = os.lstat(tree / record["path"])
            assert record["size"] == st.st_size and record["uid"] == st.st_uid
            assert record["gid"] == st.st_gid and record["mode"] == "%04o" % (st.st_mode & 0o7777)
            assert abs(record["mtime"] - st.st_mtime) < 1e-3
            assert record["type"] == "entry" and list(record)[0] == "type"
            if record["file_type"] == "l":
                assert record["target"] == os.readlink(tree / record["path"])


def test_sort_by_key_reorders_the_parallel_walk(tree, tmp_path):
    for i, size in enumerate((300, 5, 4000, 70)):
        path = tmp_path / f"f{i}"
        path.write_bytes(b"x" * size)
        os.utime(path, (1_000_000 + size, 1_000_000 + 10 * i))
    by_size = tbx("find", str(tmp_path), "-type", "f", "--sort=size", "--threads", "2")
    assert [os.path.basename(p) for p in by_size.stdout.decode().split()] == [
        "f1", "f3", "f0", "f2"]
    newest_first = tbx("find", str(tmp_path), "-type", "f", "--sort=-mtime", "-printf", "%f\\n")
    assert newest_first.stdout == b"f3\nf2\nf1\nf0\n"
    by_name = tbx("find", str(tmp_path), "-mindepth", "1", "--sort=name", "--json")
    names = [json.loads(line)["path"] for line in by_name.stdout.splitlines()]
    assert names == sorted(names)
    assert tbx("find", str(tmp_path), "--sort=bogus").returncode == 2
