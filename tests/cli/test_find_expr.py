"""Differential tests of find's expression language (issue 19): every primary, operator and
action against GNU find on the hostile fixture tree plus a tree of sizes, modes and times.

Outputs are compared as sorted lists of lines (tbx walks in parallel), byte for byte, with the
exit status; order-sensitive cases (-quit) compare counts.
"""
import os
import re
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from find_fixture import GNU_FIND, TBX, build_hostile_tree, run_batch  # noqa: E402

pytestmark = pytest.mark.skipif(not GNU_FIND or not TBX, reason="needs GNU find and TBX_BIN")

DAY = 86400


def build_stat_tree(root):
    """Files whose sizes, modes, link counts and times sit on find's rounding edges."""
    os.makedirs(os.path.join(root, "dir/sub"))
    os.makedirs(os.path.join(root, "emptydir"))
    now = time.time()
    sizes = {"s0": 0, "s1": 1, "s511": 511, "s512": 512, "s513": 513, "s1k": 1024,
             "s1k1": 1025, "s1m": 1024 * 1024, "s1m1": 1024 * 1024 + 1}
    for name, size in sizes.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(b"z" * size)
    modes = {"m644": 0o644, "m755": 0o755, "m600": 0o600, "m4755": 0o4755, "m000": 0o000,
             "m2770": 0o2770, "m444": 0o444}
    for name, mode in modes.items():
        path = os.path.join(root, "dir", name)
        open(path, "wb").close()
        os.chmod(path, mode)
    os.chmod(os.path.join(root, "dir/sub"), 0o1777)
    ages = {"t_now": 0, "t_30m": 1800, "t_90m": 5400, "t_half": DAY // 2, "t_1d5": DAY * 3 // 2,
            "t_3d": 3 * DAY + 600, "t_40d": 40 * DAY, "t_future": -2 * DAY}
    for name, age in ages.items():
        path = os.path.join(root, "dir/sub", name)
        open(path, "wb").close()
        os.utime(path, (now - age / 2, now - age))
    os.link(os.path.join(root, "s1"), os.path.join(root, "dir/hardlink"))
    os.symlink("s512", os.path.join(root, "ln_s512"))
    os.symlink("dir", os.path.join(root, "ln_dir"))
    os.symlink("missing", os.path.join(root, "ln_dangling"))
    os.symlink("s1/x", os.path.join(root, "ln_notdir"))


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    base = tmp_path_factory.mktemp("findexpr")
    build_hostile_tree(os.fsencode(base / "T"))
    build_stat_tree(str(base / "S"))
    return base


# Each case: the arguments after the starting points.
EXPRESSIONS = [
    # operators, precedence, short-circuit, implied -print
    ["!", "-name", "*.txt", "-type", "f"], ["-not", "-type", "d"],
    ["-name", "a", "-o", "-name", "b", "-print"], ["(", "-name", "a", "-o", "-name", "b", ")"],
    ["-type", "f", "-a", "-name", "*x*", "-o", "-type", "d", "-name", "b"],
    ["-name", "*.txt", "-and", "-true", "-or", "-false"], ["!", "(", "-type", "d", ")"],
    ["-name", "x*", ",", "-name", "y*"], ["-name", "x*", "-print", ",", "-name", "*.txt"],
    ["-false", "-o", "-print"], ["-print", "-o", "-print"], ["!", "!", "-name", "a"],
    ["(", "-name", "a", "-prune", ")", "-o", "-print"],
    ["-name", "a", "-prune", "-o", "-type", "f", "-print"],
    ["-path", "*/b", "-prune", "-o", "-name", "*", "-print"],
    # names and paths
    ["-name", "*.txt"], ["-iname", "*.txt"], ["-path", "*/a/*"], ["-ipath", "*/UPPER/*"],
    ["-wholename", "T/a*"], ["-iwholename", "t/A*"], ["-lname", "*a*"], ["-ilname", "A*"],
    ["-lname", "*"],
    # regular expressions in every dialect
    ["-regex", ".*/[a-c]"], ["-regex", ".*\\.txt"], ["-iregex", ".*README.*"],
    ["-regex", ".*/\\(a\\|b\\)"], ["-regextype", "posix-extended", "-regex", ".*/(a|b)"],
    ["-regextype", "posix-basic", "-regex", ".*/a\\{1,\\}"],
    ["-regextype", "posix-egrep", "-regex", ".*[[:digit:]]+"],
    ["-regextype", "emacs", "-regex", ".*/[^/]*e.*"], ["-regex", ".*new.line"],
    ["-regextype", "findutils-default", "-regex", ".*new.line"],
    ["-regextype", "posix-awk", "-regex", ".*(x|y)\\.(txt|TXT)"],
    # types
    ["-type", "f"], ["-type", "d"], ["-type", "l"], ["-type", "p"], ["-type", "s"],
    ["-type", "f,d"], ["-type", "l,p,s"], ["-xtype", "f"], ["-xtype", "l"], ["-xtype", "d"],
    # misc tests
    ["-empty"], ["-true"], ["-false"], ["-readable"], ["-writable"], ["-executable"],
    ["-links", "1"], ["-links", "+1"], ["-links", "-2"], ["-nouser"], ["-nogroup"],
    ["-user", "root"], ["-group", "root"], ["-uid", "0"], ["-gid", "+0"], ["-uid", "-1"],
    ["-mindepth", "2"], ["-maxdepth", "1"], ["-mindepth", "1", "-maxdepth", "2", "-type", "d"],
    ["-depth"], ["-depth", "-name", "b"], ["-d", "-maxdepth", "2"],
    ["-xdev"], ["-mount", "-type", "d"], ["-noleaf", "-name", "a"], ["-warn", "-type", "l"],
    ["-ignore_readdir_race", "-name", "*.TXT"],
    # actions
    ["-print0"], ["-name", "*.txt", "-print0"], ["-ls"], ["-type", "f", "-ls"],
    ["-printf", "%p|%f|%h|%H|%P|%d|%y|%Y|%l\\n"],
    ["-printf", "%-12f|%12p|%.3f|%5d|%-5d|%+d\\n"],
    ["-printf", "%s %k %b %m %#m %M %n %u %U %g %G\\n"],
    ["-printf", "%% \\t \\\\ \\101 \\0 \\a\\v\\f\\r|\\n"],
    ["-printf", "[%i=%i]\\n"], ["-type", "f", "-printf", "%S %D %F\\n"],
    ["-printf", "%t|%a|%c\\n"], ["-printf", "%T+ %A@ %C@ %Tk %TY-%Tm-%Td %TH%TM %TS %TT\\n"],
    ["-maxdepth", "0", "-printf", "%p\\c never"], ["-printf", "x%qy\\q\\n"],
    ["-name", "a", "-exec", "echo", "found:{}:", "{}", ";"],
    ["-type", "f", "-exec", "printf", "<%s>\\n", "{}", "+"],
    ["-name", "*.txt", "-execdir", "echo", "{}", ";"],
    ["-name", "*.txt", "-execdir", "printf", "[%s]\\n", "{}", "+"],
    ["-name", "a", "-exec", "false", ";", "-o", "-print"],
    ["-exec", "test", "-d", "{}", ";", "-print"],
    ["-type", "f", "-exec", "false", "{}", "+"],
]

STAT_EXPRESSIONS = [
    ["-size", "0"], ["-size", "1"], ["-size", "-1"], ["-size", "+1"], ["-size", "2"],
    ["-size", "512c"], ["-size", "+512c"], ["-size", "-512c"], ["-size", "1k"], ["-size", "2k"],
    ["-size", "+1k"], ["-size", "1M"], ["-size", "2M"], ["-size", "-2M"], ["-size", "1G"],
    ["-size", "-1G"], ["-size", "256w"], ["-size", "257w"], ["-size", "1b"],
    ["-perm", "644"], ["-perm", "-644"], ["-perm", "/111"], ["-perm", "-4000"],
    ["-perm", "/6000"], ["-perm", "000"], ["-perm", "/000"], ["-perm", "-000"],
    ["-perm", "u+x"], ["-perm", "-u+x"], ["-perm", "/g+w,o+w"], ["-perm", "u=rw,go=r"],
    ["-perm", "-u=rwx"], ["-perm", "/u+s"], ["-perm", "-g+s"], ["-perm", "+t"],
    ["-perm", "a+r"], ["-perm", "-a+r"], ["-perm", "/a=x"],
    ["-mtime", "0"], ["-mtime", "1"], ["-mtime", "-1"], ["-mtime", "+1"], ["-mtime", "+39"],
    ["-mtime", "-3"], ["-mtime", "3"], ["-mmin", "-60"], ["-mmin", "+60"], ["-mmin", "30"],
    ["-mmin", "-1"], ["-atime", "0", "-type", "f"], ["-atime", "+0", "-type", "f"],
    ["-amin", "+10", "-type", "f"], ["-ctime", "0"],
    ["-cmin", "-5"], ["-daystart", "-mtime", "0"], ["-daystart", "-mtime", "1"],
    ["-daystart", "-mtime", "+2"], ["-mtime", "-0.5"],
    ["-newer", "S/dir/sub/t_1d5"], ["-anewer", "S/dir/sub/t_1d5"], ["-cnewer", "S/s0"],
    ["-newermm", "S/dir/sub/t_3d"], ["-neweram", "S/dir/sub/t_3d"],
    ["-newermt", "@0"], ["-newermt", "2001-01-01"], ["-newerct", "@0"],
    ["-samefile", "S/s1"], ["-samefile", "S/ln_s512"], ["-inum", "1"],
    ["-empty", "-type", "d"], ["-empty", "-type", "f"], ["-links", "2"], ["-mmin", "-30"], ["-mmin", "+30"], ["-mmin", "90"],
    ["-fstype", "tmpfs"], ["-newer", "S/dir/sub/t_30m", "-type", "f"],
]

LEADING = [["-L"], ["-H"], ["-P"], ["-L", "-P"], ["-P", "-L"], ["-O3"], ["-D", "tree"]]


def compare(tree, cases, roots, leading=(), sep=b"\n"):
    find_cmds = [[GNU_FIND, *leading, *roots, *case] for case in cases]
    tbx_cmds = [[TBX, "find", *leading, *roots, *case] for case in cases]
    env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")
    expected = run_batch(find_cmds, tree, env)
    actual = run_batch(tbx_cmds, tree, env)
    failures = []
    for case, (want_rc, want, _), (rc, got, err) in zip(cases, expected, actual):
        split = b"\0" if "-print0" in case else sep
        want_lines = sorted(want.split(split))
        got_lines = sorted(got.split(split))
        if want_lines != got_lines or want_rc != rc:
            diff = sorted(set(want_lines) ^ set(got_lines))[:4]
            failures.append((case, want_rc, rc, diff, err[:200]))
    assert not failures, f"{len(failures)} mismatches: {[f[0] for f in failures]} {failures[:3]}"


def test_operators_tests_and_actions(tree):
    compare(tree, EXPRESSIONS, ["T"])


def test_several_roots_and_trailing_slashes(tree):
    compare(tree, EXPRESSIONS[:40], ["T/a/", "T/link_to_dir", "T/sp ace"])


def test_stat_tests_on_size_mode_and_time_edges(tree):
    compare(tree, STAT_EXPRESSIONS, ["S"])


@pytest.mark.parametrize("leading", LEADING)
def test_leading_options(tree, leading):
    cases = [["-name", "*"], ["-type", "l"], ["-xtype", "l"], ["-printf", "%y %Y %p\\n"],
             ["-type", "d", "-name", "a*"]]
    compare(tree, cases, ["S", "S/ln_dir"], leading)


def test_double_dash_ends_the_leading_options(tree):
    compare(tree, [["-type", "f"], ["-name", "s1"]], [], ["--", "S"])
    compare(tree, [["-type", "f"]], [], ["-L", "--", "S/ln_dir"])
    compare(tree, [[]], [], ["--"])


def test_paths_end_where_find_says(tree):
    # "-" alone, ")" and "," as leading words are starting points (find's looks_like_expression).
    compare(tree, [["-maxdepth", "0"]], ["S", "-", ")", ","])


def test_quit_stops_after_one(tree):
    for expr in (["-print", "-quit"], ["-name", "*.txt", "-print", "-quit"], ["-quit"]):
        want = subprocess.run([GNU_FIND, "T", *expr], cwd=tree, capture_output=True)
        got = subprocess.run([TBX, "find", "T", *expr], cwd=tree, capture_output=True)
        assert got.returncode == want.returncode
        assert got.stdout.count(b"\n") == want.stdout.count(b"\n")


ERRORS = [
    ["-name"], ["-foo"], ["(", "-name", "a"], ["-name", "a", ")"], ["-o", "-name", "a"],
    ["!"], ["(", ")"], ["-type", "q"], ["-type", "f,"], ["-type", "ff"], ["-size", "1x"],
    ["-size", "x"], ["-perm", "abc"], ["-user", "no_such_user_zz"], ["-maxdepth", "x"],
    ["-regextype", "perl"], ["-regex", "\\("], ["-exec", "echo", "{}"], ["-exec"],
    ["-newer", "/no/such/file"], ["-name", "a", "stray"], ["-mtime", "x"], ["-O"],
    ["-printf"], ["-fprint"], ["-delete", "-prune"],
]


def test_parse_errors_exit_before_running_anything(tree):
    for case in ERRORS:
        want = subprocess.run([GNU_FIND, "T", *case], cwd=tree, capture_output=True)
        got = subprocess.run([TBX, "find", "T", *case], cwd=tree, capture_output=True)
        assert want.returncode != 0, case
        assert got.returncode == 2, (case, got.stderr)
        assert got.stdout == b"", case
        assert got.stderr.startswith(b"tbx find: error: "), (case, got.stderr)


def test_exec_plus_batches_all_paths_and_respects_arg_max(tree, tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    for i in range(3000):
        (many / (f"file-with-a-rather-long-name-{i:05d}" + "x" * 40)).touch()
    script = 'printf "%s\\n" "$#" >>"$0.calls"; printf "%s\\n" "$@"'
    counter = str(tmp_path / "c")
    got = subprocess.run([TBX, "find", str(many), "-type", "f", "-exec", "sh", "-c", script,
                          counter, "{}", "+"], capture_output=True)
    want = subprocess.run([GNU_FIND, str(many), "-type", "f"], capture_output=True)
    assert got.returncode == 0
    assert sorted(got.stdout.split(b"\n")) == sorted(want.stdout.split(b"\n"))
    calls = [int(n) for n in open(counter + ".calls").read().split()]
    assert sum(calls) == 3000 and len(calls) >= 1


def test_delete_on_a_scratch_tree(tmp_path):
    trees = []
    for name in ("gnu", "tbx"):
        root = tmp_path / name
        build_hostile_tree(os.fsencode(root))
        (root / "keep").mkdir()
        (root / "keep" / "a.md").touch()
        trees.append(root)
    expr = ["!", "-name", "*.md", "-type", "f", "-delete"]
    want = subprocess.run([GNU_FIND, ".", *expr], cwd=trees[0], capture_output=True)
    got = subprocess.run([TBX, "find", ".", *expr], cwd=trees[1], capture_output=True)
    assert got.returncode == want.returncode
    listing = [sorted(subprocess.run([GNU_FIND, "."], cwd=t, capture_output=True).stdout
                      .split(b"\n")) for t in trees]
    assert listing[0] == listing[1]
    # Directories: -delete implies -depth and fails on non-empty ones, as find does.
    expr = ["-path", "./a*", "-delete"]
    want = subprocess.run([GNU_FIND, ".", *expr], cwd=trees[0], capture_output=True)
    got = subprocess.run([TBX, "find", ".", *expr], cwd=trees[1], capture_output=True)
    assert got.returncode == want.returncode
    listing = [sorted(subprocess.run([GNU_FIND, "."], cwd=t, capture_output=True).stdout
                      .split(b"\n")) for t in trees]
    assert listing[0] == listing[1]


def test_ok_reads_answers_from_stdin(tree):
    expr = ["-name", "*.txt", "-ok", "echo", "yes:", "{}", ";"]
    answers = b"y\nn\nyes\nno\nY\n" * 10
    want = subprocess.run([GNU_FIND, "T/a", *expr], cwd=tree, input=answers,
                          capture_output=True)
    got = subprocess.run([TBX, "find", "T/a", *expr], cwd=tree, input=answers,
                         capture_output=True)
    assert got.returncode == want.returncode
    assert got.stderr == want.stderr.replace(b"find:", b"tbx find:")
    assert got.stdout == want.stdout


def test_fprint_writes_the_files(tree, tmp_path):
    outputs = []
    for name, binary in (("gnu", [GNU_FIND]), ("tbx", [TBX, "find"])):
        a, b, c = (str(tmp_path / f"{name}.{n}") for n in "abc")
        subprocess.run([*binary, "T", "-name", "*.txt", "-fprint", a, "-fprint0", b,
                        "-fprintf", c, "%f %d\\n"], cwd=tree, check=True)
        outputs.append([sorted(open(p, "rb").read().split(sep)) for p, sep in
                        ((a, b"\n"), (b, b"\0"), (c, b"\n"))])
    assert outputs[0] == outputs[1]


def test_long_style_maps_onto_the_same_tree(tree):
    cases = [
        (["T", "--name", "*.txt", "--name", "*.md", "--type", "f"],
         ["T", "(", "-name", "*.txt", "-o", "-name", "*.md", ")", "-type", "f"]),
        (["--type", "d", "T/a", "T/UPPER"], ["T/a", "T/UPPER", "-type", "d"]),
        (["T", "--type", "f", "!", "-name", "*.txt"], ["T", "-type", "f", "!", "-name", "*.txt"]),
        (["T", "--maxdepth=1", "--type=l"], ["T", "-maxdepth", "1", "-type", "l"]),
        # The first command: find-style negation, then tbx's long options.
        (["T", "!", "-name", "*.txt", "--type", "f", "-0"],
         ["T", "!", "-name", "*.txt", "-type", "f", "-print0"]),
    ]
    for tbx_args, find_args in cases:
        want = subprocess.run([GNU_FIND, *find_args], cwd=tree, capture_output=True)
        got = subprocess.run([TBX, "find", *tbx_args], cwd=tree, capture_output=True)
        sep = b"\0" if "-0" in tbx_args else b"\n"
        assert sorted(got.stdout.split(sep)) == sorted(want.stdout.split(sep)), tbx_args
        assert got.returncode == want.returncode


def test_exec_argument_words_are_not_options(tree):
    got = subprocess.run([TBX, "find", "T/a", "-maxdepth", "0", "-exec", "echo", "--json",
                          "--sort", "-q", "{}", ";"], cwd=tree, capture_output=True)
    assert got.stdout == b"--json --sort -q T/a\n"


def test_ok_on_a_terminal_through_tmux(tree, tmux):
    """-ok asks on the terminal, one question at a time, and runs only what was confirmed."""
    os.makedirs(tree / "okdir", exist_ok=True)
    for name in ("one.txt", "two.txt"):
        (tree / "okdir" / name).touch()
    tmux.start(f"'{TBX}' find okdir -name '*.txt' -ok echo ran {{}} ';' --sort", cwd=tree)
    tmux.wait_for("< echo ... okdir/one.txt > ?")
    tmux.send("y", "Enter")
    tmux.wait_for("< echo ... okdir/two.txt > ?")
    tmux.send("n", "Enter")
    screen = tmux.wait_for("[exit 0]")
    assert "ran okdir/one.txt" in screen
    assert "ran okdir/two.txt" not in screen


# -newermt's dates as GNU find's parse_datetime reads them; the S tree's times lie hours and
# days from now, away from every boundary below.
DATES = ["@0", "@1700000000.5", "2001-01-01", "2024-6-1", "20240601", "2024/06/01",
         "6/1/2024", "2024-06-01 10:00", "2024-06-01T10:00:00", "2024-06-01 10:00:00.25",
         "2024-06-01 10:00 UTC", "2024-06-01T10:00:00Z", "2024-06-01 10:00:00 +0200",
         "2024-06-01 10:00 -03:30", "Jun 1 2024", "June 1, 2024", "1 Jun 2024", "", "now",
         "today", "yesterday", "tomorrow", "1 day ago", "2 weeks ago", "3 hours ago",
         "-1 year", "+1 day", "1 hour ago", "2024-06-01 +1 day", "00:00", "12:00"]


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_newermt_reads_dates_as_gnu_find_does(tree, zone):
    cases = [["S", "-newermt", date] for date in DATES] + [["S", "-newermt", "bogus"]]
    env = dict(os.environ, LC_ALL="C.UTF-8", TZ=zone)
    expected = run_batch([[GNU_FIND, *case] for case in cases], tree, env)
    actual = run_batch([[TBX, "find", *case] for case in cases], tree, env)
    failures = [(case[2], want, got) for case, (want_rc, want, _), (rc, got, _) in
                zip(cases, expected, actual)
                if sorted(want.split(b"\n")) != sorted(got.split(b"\n")) or (want_rc == 0) != (rc == 0)]
    assert not failures, failures[:3]


WARN_CASES = [["-name", "a", "-maxdepth", "1"], ["-type", "f", "-o", "-mindepth", "1"],
              ["(", "-maxdepth", "1", ")"], ["!", "-xdev"], ["-print", "-depth"],
              ["-name", "a", "-d"], ["-true", "-noleaf", "-mount", "-ignore_readdir_race"],
              ["-name", "a", "-daystart", "-regextype", "posix-egrep"],
              ["-maxdepth", "1", "-name", "a", "-maxdepth", "2"],
              ["-name", "a", "-nowarn", "-maxdepth", "1"], ["-nowarn", "-warn", "-true", "-depth"]]


@pytest.mark.parametrize("case", WARN_CASES)
def test_global_option_warnings_as_gnu_find(tree, case):
    # Warnings are on with -warn (find's default only when standard input is a terminal).
    for args in (["T", "-warn", *case], ["T", *case]):
        gnu = subprocess.run([GNU_FIND, *args], cwd=tree, capture_output=True,
                             stdin=subprocess.DEVNULL)
        ours = subprocess.run([TBX, "find", *args], cwd=tree, capture_output=True,
                              stdin=subprocess.DEVNULL)
        assert ours.returncode == gnu.returncode
        assert sorted(ours.stdout.split(b"\n")) == sorted(gnu.stdout.split(b"\n"))
        prefix = re.compile(rb"^(tbx find|\S*find): ", re.M)
        assert prefix.sub(b"", ours.stderr) == prefix.sub(b"", gnu.stderr)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give files foreign owners")
def test_ls_columns_widen_as_gnu_find(tmp_path):
    # GNU find widens a column for good once a wider value was printed: compare in an order
    # both walk alike (starting points, -maxdepth 0).
    names = ["big", "fifo", "nouser", "small", "null", "old", "nogroup", "small"]
    with open(tmp_path / "big", "wb") as f:
        f.truncate(123456789012)
    os.mkfifo(tmp_path / "fifo")
    for name in ["nouser", "small", "old", "nogroup"]:
        (tmp_path / name).write_text("x")
    os.chown(tmp_path / "nouser", 123456789, 0)
    os.chown(tmp_path / "nogroup", 0, 987654321)
    os.utime(tmp_path / "old", (0, 1000000000))
    os.symlink("/dev/null", tmp_path / "null")
    args = [*names, "/dev/null", "small", "-maxdepth", "0", "-ls"]
    gnu = subprocess.run([GNU_FIND, *args], cwd=tmp_path, capture_output=True)
    ours = subprocess.run([TBX, "find", *args], cwd=tmp_path, capture_output=True)
    assert ours.stdout == gnu.stdout and ours.returncode == gnu.returncode


def test_printf_selinux_context_as_gnu_find(tree):
    # Without SELinux labels GNU find prints nothing for %Z, reports each file, exits 1.
    args = ["T/a", "-maxdepth", "1", "-printf", "[%Z][%3Z]%p\\n"]
    gnu = subprocess.run([GNU_FIND, *args], cwd=tree, capture_output=True)
    ours = subprocess.run([TBX, "find", *args], cwd=tree, capture_output=True)
    assert sorted(ours.stdout.split(b"\n")) == sorted(gnu.stdout.split(b"\n"))
    assert ours.returncode == gnu.returncode
    assert ours.stderr.count(b"getfilecon failed") == gnu.stderr.count(b"getfilecon failed")
