"""End-to-end tests of `tbx cuda`, hermetic: fake nvcc / nvidia-smi / python scripts on a private
PATH, fake install roots passed with --search, a fake `torch` package on PYTHONPATH, a tool that
hangs and one that prints garbage. Recorded outputs come from tests/data/cuda (SOURCES.md).
"""

import base64
import json
import os
import re
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "cuda"
HAS_REAL_DRIVER = Path("/proc/driver/nvidia/version").exists() or any(
    Path(d, "libcuda.so.1").exists()
    for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/wsl/lib", "/usr/lib/aarch64-linux-gnu")
)
needs_no_driver = pytest.mark.skipif(HAS_REAL_DRIVER, reason="a real NVIDIA driver answers the fallbacks here")


def recorded(*parts):
    return (DATA.joinpath(*parts)).read_text()


class World:
    """A private PATH with fake tools, fake roots and a fake torch."""

    def __init__(self, root: Path, tbx: str):
        self.tbx = tbx
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir()
        self.site = root / "site"
        self.site.mkdir()
        self.env = {
            "PATH": str(self.bin),
            "PYTHONPATH": str(self.site),
            "HOME": str(root),
            "LANG": "C",
            "NO_COLOR": "1",
            # The fake torch is rewritten within a second at the same size: no stale .pyc.
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def script(self, path: Path, body: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n" + body)
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return path

    def cat_tool(self, path: Path, text: str, status: int = 0) -> Path:
        data = path.parent / (path.name + ".out")
        data.parent.mkdir(parents=True, exist_ok=True)
        data.write_text(text)
        return self.script(path, f'/bin/cat "{data}"\nexit {status}\n')

    def nvcc_root(self, name: str, nvcc_output: str | None = None, **files) -> Path:
        root = self.root / name
        root.mkdir(parents=True, exist_ok=True)
        if nvcc_output is not None:
            self.cat_tool(root / "bin" / "nvcc", nvcc_output)
        for file_name, text in files.items():
            (root / file_name.replace("_", ".")).write_text(text)
        return root

    def put_on_path(self, root: Path):
        self.env["PATH"] = f"{root / 'bin'}:{self.env['PATH']}"

    def nvidia_smi(self, header: str, query: str | None = None, query_status: int = 0, status: int = 0):
        (self.root / "smi.out").write_text(header)
        (self.root / "query.out").write_text(query or "")
        self.script(
            self.bin / "nvidia-smi",
            f"""case "$1" in
  --query-gpu=*) /bin/cat "{self.root}/query.out"; exit {query_status} ;;
esac
/bin/cat "{self.root}/smi.out"
exit {status}
""",
        )

    def python(self):
        self.script(self.bin / "python3", 'exec /usr/bin/python3 "$@"\n')

    def torch(self, version: str, cuda: str | None, available: bool = False, body: str = "",
              arch_list: list[str] | None = None):
        """A fake torch; get_arch_list answers [] unless CUDA is available, as torch's does."""
        pkg = self.site / "torch"
        pkg.mkdir(exist_ok=True)
        arch = arch_list if (available and arch_list is not None) else []
        (pkg / "__init__.py").write_text(
            body
            + f"__version__ = {version!r}\n"
            + "class version:\n"
            + f"    cuda = {cuda!r}\n"
            + "class cuda:\n"
            + "    @staticmethod\n"
            + f"    def is_available():\n        return {available!r}\n"
            + "    @staticmethod\n"
            + f"    def get_arch_list():\n        return {arch!r}\n"
        )

    def run(self, *args, extra_env=None, timeout=120):
        env = dict(self.env)
        env.update(extra_env or {})
        return subprocess.run([self.tbx, "cuda", *args], env=env, capture_output=True, timeout=timeout)

    def json(self, *args, extra_env=None, expect=0):
        result = self.run("--json", *args, extra_env=extra_env)
        assert result.returncode == expect, result.stderr.decode()
        # One document: one object on one line (docs/json.md).
        assert result.stdout.endswith(b"\n") and result.stdout.count(b"\n") == 1
        report = json.loads(result.stdout)
        assert isinstance(report, dict)
        return report


@pytest.fixture
def world(tmp_path, tbx_bin):
    return World(tmp_path, tbx_bin)


def codes(report):
    return [problem["code"] for problem in report["problems"]]


def nvcc_reference(text):
    """What `nvcc --version` says, read the plain way: release and V from the release line."""
    match = re.search(r"release (\d+\.\d+), V(\d+\.\d+\.\d+)", text)
    return match.group(2), match.group(1)


def test_field_example_nvcc_11_7_driver_12_4_runs_cu126_builds_with_cu118(world):
    root = world.nvcc_root("cuda-11.7", recorded("nvcc", "11.7.99.txt"))
    world.put_on_path(root)
    world.nvidia_smi(recorded("nvidia-smi", "550.40.07.txt"), "0, NVIDIA GeForce RTX 4070, 12282, 8.9\n")
    world.python()
    world.torch("2.0.1+cu117", "11.7", available=True)
    report = world.json("--search", str(world.root / "nothing-here"))

    version, release = nvcc_reference(recorded("nvcc", "11.7.99.txt"))
    assert report["toolkits"] == [
        {
            "version": version,
            "release": release,
            "root": str(root),
            "nvcc": str(root / "bin" / "nvcc"),
            "sources": ["nvcc"],
        }
    ]
    assert report["driver"] == {"version": "550.40.07", "cuda": "12.4", "source": "nvidia-smi"}
    assert report["gpus"] == [
        {"index": 0, "name": "NVIDIA GeForce RTX 4070", "memory_bytes": 12282 * 2**20, "compute_capability": "8.9"}
    ]
    assert report["python"]["torch"] == "2.0.1+cu117"
    assert report["python"]["torch_cuda"] == "11.7"
    assert report["python"]["cuda_available"] is True
    assert report["machine"] == "detected"
    python = report["python"]["executable"]
    # Running needs the driver only: a 550 driver runs every 12.x wheel (minor-version
    # compatibility), and the newest torch's newest 12.x variant is cu126.
    run = report["recommendation"]
    assert (run["torch"], run["tag"], run["cuda"]) == ("2.14", "cu126", "12.6")
    assert run["command"] == (
        f"{python} -m pip install -U torch torchvision torchaudio --index-url https://download.pytorch.org/whl/cu126"
    )
    assert run["uv_command"] == f"uv pip install --python {python} torch torchvision torchaudio --torch-backend=cu126"
    # Building extensions with the 11.7 toolkit needs an 11.x wheel: the note's cu118.
    build = report["build_recommendation"]
    assert (build["torch"], build["tag"]) == ("2.7", "cu118")
    assert build["command"] == (
        f"{python} -m pip install -U 'torch==2.7.*' torchvision torchaudio "
        "--index-url https://download.pytorch.org/whl/cu118"
    )
    assert codes(report) == ["toolkit_wheel_major_mismatch"]
    assert report["problems"][0]["severity"] == "warning" and report["problems"][0]["fix"]

    human = world.run("--search", str(world.root / "nothing-here"))
    assert human.returncode == 0
    text = human.stdout.decode()
    assert "11.7.99" in text and "550.40.07" in text and "RTX 4070" in text and "2.0.1+cu117" in text
    assert report["recommendation"]["command"] in text
    assert report["recommendation"]["uv_command"] in text
    assert report["build_recommendation"]["command"] in text
    assert "\033[" not in text  # NO_COLOR


def test_every_recorded_nvcc_through_a_fake_root(world):
    """Each recorded `nvcc --version` answers from its own root; tbx reads them all in one run."""
    roots = []
    for path in sorted((DATA / "nvcc").iterdir()):
        roots.append((path, world.nvcc_root("r-" + path.stem, path.read_text())))
    args = []
    for _, root in roots:
        args += ["--search", str(root)]
    report = world.json("--no-python", *args)
    by_root = {t["root"]: t for t in report["toolkits"]}
    for path, root in roots:
        version, release = nvcc_reference(path.read_text())
        toolkit = by_root[str(root)]
        assert (toolkit["version"], toolkit["release"]) == (version, release), path.name
        assert toolkit["nvcc"] == str(root / "bin" / "nvcc")
    assert "multiple_toolkits" in codes(report)


def test_version_files_symlinks_and_empty_roots(world):
    real = world.nvcc_root("cuda-12.6", None, version_json=recorded("version-files", "version.json-12.6.3-excerpt"))
    (world.root / "cuda").symlink_to(real)
    dated = world.nvcc_root("cuda-12.1", None, version_json=recorded("version-files", "version.json-12.1-excerpt"))
    old = world.nvcc_root("cuda-10.1", None, version_txt=recorded("version-files", "version.txt-10.1.243"))
    empty = world.root / "cuda-empty"
    empty.mkdir()
    report = world.json(
        "--no-python",
        *("--search", str(world.root / "cuda")),
        *("--search", str(real)),
        *("--search", str(dated)),
        *("--search", str(old)),
        *("--search", str(empty)),
        *("--search", str(world.root / "missing")),
    )
    assert [t["root"] for t in report["toolkits"]] == [str(world.root / "cuda"), str(dated), str(old)]
    assert report["toolkits"][0]["version"] == "12.6.85"
    assert report["toolkits"][0]["sources"] == ["version.json"]
    assert report["toolkits"][0]["nvcc"] is None
    assert report["toolkits"][1]["version"] is None  # 12.1.20230222 is a date stamp
    assert report["toolkits"][1]["release"] == "12.1"
    assert report["toolkits"][2]["version"] == "10.1.243"
    assert report["toolkits"][2]["sources"] == ["version.txt"]
    assert "multiple_toolkits" in codes(report)


def test_hanging_tool_is_killed_with_its_group_and_detection_goes_on(world):
    pid_file = world.root / "grandchild.pid"
    # The fake nvidia-smi starts a grandchild and waits on it: only a process-group kill ends both.
    world.script(world.bin / "nvidia-smi", f'/bin/sleep 300 &\necho $! > "{pid_file}"\nwait\n')
    root = world.nvcc_root("cuda-12.4", recorded("nvcc", "12.4.131.txt"))
    started = time.monotonic()
    report = world.json("--no-python", "--timeout", "0.5", "--search", str(root))
    elapsed = time.monotonic() - started
    assert "tool_timeout" in codes(report)
    message = next(p["message"] for p in report["problems"] if p["code"] == "tool_timeout")
    assert "nvidia-smi" in message and "0.5 s" in message
    assert report["toolkits"][0]["release"] == "12.4"
    assert report["recommendation"]["tag"] == "cpu"  # no driver answered
    # Generous bound: it guards against waiting for `/bin/sleep 300`, not a benchmark.
    assert elapsed < 60
    grandchild = int(pid_file.read_text())
    for _ in range(50):
        try:
            os.kill(grandchild, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(grandchild, signal.SIGKILL)
        pytest.fail("the hanging tool's grandchild outlived tbx")


def test_garbage_tool_output_is_unparsable_and_json_stays_valid(world):
    root = world.root / "cuda-junk"
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "nvcc.out").write_bytes(b"\x00\x01\xfe\xff garbage \xc3\x28 not a version\n" * 3)
    world.script(root / "bin" / "nvcc", f'/bin/cat "{root}/bin/nvcc.out"\n')
    world.nvidia_smi("\x1b[31m random noise \xe2\x82\n", "more, noise\n")
    result = world.run("--json", "--no-python", "--search", str(root))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.decode("utf-8"))
    assert codes(report).count("unparsable_output") == 2
    assert "no_toolkit" in codes(report)
    assert report["toolkits"] == []
    human = world.run("--no-python", "--search", str(root))
    assert human.returncode == 0
    assert b"unparsable_output" in human.stdout


def test_a_root_that_is_not_utf8_keeps_its_bytes_in_json(world):
    root = world.nvcc_root("cuda-12.6-\udcff", None,
                           version_json=recorded("version-files", "version.json-12.6.3-excerpt"))
    report = world.json("--no-python", "--search", str(root))
    toolkit = report["toolkits"][0]
    assert toolkit["root"] == os.fsencode(root).decode("utf-8", "replace")
    assert base64.b64decode(toolkit["root_base64"]) == os.fsencode(root)
    assert "release_base64" not in toolkit and "nvcc_base64" not in toolkit


def test_driver_without_compute_cap_is_asked_again(world):
    world.script(
        world.bin / "nvidia-smi",
        f"""case "$1" in
  --query-gpu=*compute_cap*) /bin/cat "{DATA}/query-gpu/invalid-compute_cap-470.256.02.txt" | /usr/bin/tail -n 1; exit 2 ;;
  --query-gpu=*) echo "0, Tesla P100-PCIE-16GB, 16280"; exit 0 ;;
esac
/bin/cat "{DATA}/nvidia-smi/470.82.01.txt"
""",
    )
    report = world.json("--no-python", "--search", str(world.root / "none"))
    assert report["gpus"] == [
        {"index": 0, "name": "Tesla P100-PCIE-16GB", "memory_bytes": 16280 * 2**20, "compute_capability": None}
    ]
    assert report["driver"] == {"version": "470.82.01", "cuda": "11.4", "source": "nvidia-smi"}
    assert "tool_failed" not in codes(report)
    # A 470 driver runs CUDA 11 wheels only; torch 2.7 is the newest with one.
    assert (report["recommendation"]["torch"], report["recommendation"]["tag"]) == ("2.7", "cu118")


def test_snap_tool_version_is_not_the_driver(world):
    world.nvidia_smi(recorded("nvidia-smi", "470.256.02-smi_580.95.05-driver-snap.txt"), "0, NVIDIA RTX PRO 500, 8151, 12.0\n")
    report = world.json("--no-python", "--search", str(world.root / "none"))
    assert report["driver"]["version"] == "580.95.05"
    assert report["recommendation"]["tag"] == "cu132"


def test_kmd_umd_driver_and_toolkit_too_new(world):
    root = world.nvcc_root("cuda-13.0", recorded("nvcc", "13.0.88.txt"))
    world.nvidia_smi(recorded("nvidia-smi", "550.135.txt"), "0, Tesla P4, 8192, 6.1\n")
    report = world.json("--no-python", "--search", str(root))
    assert "driver_too_old" in codes(report)
    # sm_60 cubins serve the P4's 6.1: the legacy 12.6 variant.
    assert report["recommendation"]["tag"] == "cu126"

    world.nvidia_smi(recorded("nvidia-smi", "610.43.03-kmd.txt"), "0, NVIDIA GeForce RTX 3080, 16384, 8.6\n")
    report = world.json("--no-python", "--search", str(root))
    assert report["driver"] == {"version": "610.43.03", "cuda": "13.3", "source": "nvidia-smi"}
    assert "driver_too_old" not in codes(report)
    assert report["recommendation"]["tag"] == "cu132"
    assert "toolkit_wheel_major_mismatch" not in codes(report)


@needs_no_driver
def test_failing_nvidia_smi_is_tool_failed_and_no_driver(world):
    world.nvidia_smi(recorded("nvidia-smi", "failed-no-driver.txt"), recorded("nvidia-smi", "failed-no-driver.txt"),
                     query_status=9, status=9)
    report = world.json("--no-python", "--search", str(world.root / "none"))
    assert report["driver"] is None
    assert report["recommendation"]["tag"] == "cpu"
    assert [h["driver"] for h in report["driver_hints"]] == ["580", "525.60.13", "450.80.02"]
    assert "tool_failed" in codes(report) and "no_driver" in codes(report) and "no_toolkit" in codes(report)
    failed = next(p["message"] for p in report["problems"] if p["code"] == "tool_failed")
    assert "status 9" in failed and "couldn't communicate" in failed


def test_torch_checks(world):
    root = world.nvcc_root("cuda-12.4", recorded("nvcc", "12.4.131.txt"))
    world.put_on_path(root)
    world.nvidia_smi(recorded("nvidia-smi", "550.40.07.txt"), "0, NVIDIA GeForce RTX 4070, 12282, 8.9\n")
    world.python()
    no_roots = ["--search", str(world.root / "none")]

    world.torch("2.4.0+cpu", None)
    report = world.json(*no_roots)
    assert report["python"]["torch_cuda"] is None
    assert "torch_cpu_only" in codes(report)

    world.torch("2.0.1+cu118", "11.8", available=True)
    assert "torch_cuda_mismatch_major" in codes(world.json(*no_roots))

    world.torch("2.3.0+cu121", "12.1", available=True)
    report = world.json(*no_roots)
    assert "torch_cuda_mismatch_minor" in codes(report)
    assert "torch_cuda_mismatch_major" not in codes(report)

    # A torch that imports with noise on stdout still answers.
    world.torch("2.4.0+cu124", "12.4", available=True, body="print('hello from torch')\n")
    report = world.json(*no_roots)
    assert report["python"]["torch"] == "2.4.0+cu124"
    assert report["problems"] == []

    # A broken torch (say libcudart missing) is reported, not mistaken for no torch.
    world.torch("2.4.0+cu124", "12.4", body="raise OSError('libcudart.so.12: cannot open shared object file')\n")
    report = world.json(*no_roots)
    assert report["python"]["torch"] is None
    failed = [p["message"] for p in report["problems"] if p["code"] == "tool_failed"]
    assert failed and "libcudart" in failed[0]

    # No torch at all is not a problem.
    (world.site / "torch" / "__init__.py").unlink()
    (world.site / "torch").rmdir()
    report = world.json(*no_roots)
    assert report["python"]["torch"] is None and report["python"]["cuda_available"] is None
    assert report["problems"] == []


def test_python_options(world):
    world.python()
    world.torch("2.4.0+cu124", "12.4", available=True)
    assert world.json("--no-python", "--search", "/nonexistent")["python"] is None
    report = world.json("--python", "/usr/bin/python3", "--search", "/nonexistent")
    assert report["python"]["torch"] == "2.4.0+cu124"
    report = world.json("--python", str(world.root / "no-such-python"), "--search", "/nonexistent")
    assert report["python"] is None
    assert "tool_failed" in codes(report)
    # A Python that hangs (an import stuck on a lock, say) costs the timeout only.
    world.script(world.bin / "python3", "exec /bin/sleep 300\n")
    report = world.json("--timeout", "0.3", "--search", "/nonexistent")
    assert report["python"] is None and "tool_timeout" in codes(report)
    result = world.run("--no-python", "--python", "/usr/bin/python3")
    assert result.returncode == 2


def test_cuda_home_differs_and_decides_the_build_toolkit(world):
    on_path = world.nvcc_root("cuda-12.4", recorded("nvcc", "12.4.131.txt"))
    world.put_on_path(on_path)
    home = world.nvcc_root("cuda-11.8", recorded("nvcc", "11.8.89.txt"))
    report = world.json("--no-python", "--search", str(world.root / "none"), extra_env={"CUDA_HOME": str(home)})
    assert [t["release"] for t in report["toolkits"]] == ["12.4", "11.8"]
    assert "cuda_home_differs" in codes(report)
    assert report["recommendation"]["tag"] == "cpu"  # no driver: the toolkit decides nothing
    report = world.json("--no-python", "--search", str(world.root / "none"), extra_env={"CUDA_PATH": str(on_path)})
    assert "cuda_home_differs" not in codes(report)


def test_require_means_a_driver_runs_it(world):
    root = world.nvcc_root("cuda-11.7", recorded("nvcc", "11.7.99.txt"))
    world.nvidia_smi(recorded("nvidia-smi", "550.40.07.txt"), "0, NVIDIA GeForce RTX 4070, 12282, 8.9\n")
    base = ["--no-python", "--search", str(root)]
    # Minor-version compatibility: the 550 driver (CUDA 12.4) runs every 12.x program.
    for ok in ["11", "11.7", "12.4", "11.7.99", "12", "12.5", "12.9"]:
        result = world.run(*base, "--require", ok)
        assert result.returncode == 0, ok
    for too_new in ["13", "13.0", "14.1"]:
        result = world.run(*base, "--require", too_new)
        assert result.returncode == 1, too_new
        assert b"install" in result.stdout  # the report is still printed
        assert b"tbx cuda: note: --require" in result.stderr and b">= 580" in result.stderr or too_new == "14.1"
    report = json.loads(world.run("--json", *base, "--require", "13").stdout)
    assert report["require"]["satisfied"] is False and "cannot run CUDA 13.0" in report["require"]["reason"]
    for bad in ["", "abc", "12.x", "-1", "12.", "1.2.3.4", " 12"]:
        result = world.run(*base, "--require", bad)
        assert result.returncode == 2, bad
        assert b"tbx cuda: error:" in result.stderr
    for bad in ["0", "-1", "abc", "", "nan", "1e9"]:
        result = world.run(*base, "--timeout", bad)
        assert result.returncode == 2, bad


def test_require_both_sides_of_each_rule(world):
    """The described driver's version against the floor of the major (11 and newer) or the exact GA
    driver (before 11): each boundary from both sides."""
    cases = [
        ("525.60.13", "12.9", 0), ("525.60.12", "12.0", 1), ("520.61.05", "12.1", 1),
        ("450.80.02", "11.8", 0), ("450.57", "11.1", 1), ("450.57", "11.0", 0),
        ("580", "13.2", 0), ("575.57.08", "13.0", 1), ("610.43.02", "11.8", 0),
        ("440.33", "10.2", 0), ("418.39", "10.2", 1), ("418.39", "10.1", 0),
    ]
    for driver, required, status in cases:
        result = world.run("--no-python", "--search", "/nonexistent", "--driver", driver, "--require", required)
        assert result.returncode == status, (driver, required, result.stderr)


@needs_no_driver
def test_require_without_driver_fails_even_with_a_toolkit(world):
    root = world.nvcc_root("cuda-12.4", recorded("nvcc", "12.4.131.txt"))
    base = ["--no-python", "--search", str(root)]
    result = world.run(*base, "--require", "12.4")
    assert result.returncode == 1
    assert b"no_driver" in result.stderr and b"tbx cuda: note:" in result.stderr
    assert world.run(*base, "--require-toolkit", "12.4").returncode == 0
    assert world.run(*base, "--require-toolkit", "12.4.131").returncode == 0
    result = world.run(*base, "--require-toolkit", "12.4.132")
    assert result.returncode == 1 and b"--require-toolkit 12.4.132 not met" in result.stderr
    assert world.run(*base, "--require-toolkit", "12.5").returncode == 1
    report = json.loads(world.run("--json", *base, "--require-toolkit", "12").stdout)
    assert report["require_toolkit"]["satisfied"] is True
    result = world.run("--no-python", "--search", "/nonexistent", "--require-toolkit", "11")
    assert result.returncode == 1 and b"no CUDA toolkit found" in result.stderr


def test_described_machine_overrides(world):
    world.nvidia_smi(recorded("nvidia-smi", "550.40.07.txt"), "0, NVIDIA GeForce RTX 4070, 12282, 8.9\n")
    base = ["--no-python", "--search", "/nonexistent"]
    report = world.json(*base, "--driver", "580.95.05", "--gpu", "sm_61", "--compute-capability", "8.6")
    assert report["machine"] == "described" and report["described"] == ["driver", "gpus"]
    assert report["driver"] == {"version": "580.95.05", "cuda": "13.0", "source": "--driver"}
    assert [g["compute_capability"] for g in report["gpus"]] == ["6.1", "8.6"]
    assert report["recommendation"]["tag"] == "cu126"
    # Only the GPUs described: the driver still comes from nvidia-smi.
    report = world.json(*base, "--gpu", "sm_120")
    assert report["described"] == ["gpus"] and report["driver"]["source"] == "nvidia-smi"
    assert (report["recommendation"]["torch"], report["recommendation"]["tag"]) == ("2.11", "cu128")
    # TBX_CUDA_DRIVER does what --driver does; the flag wins.
    report = world.json(*base, extra_env={"TBX_CUDA_DRIVER": "470.82.01"})
    assert report["driver"]["source"] == "--driver" and report["recommendation"]["tag"] == "cu118"
    report = world.json(*base, "--driver", "610.43.02", extra_env={"TBX_CUDA_DRIVER": "470.82.01"})
    assert report["driver"]["version"] == "610.43.02"
    text = world.run(*base, "--driver", "580").stdout.decode()
    assert "described (driver given, not detected)" in text
    # --torch picks the release; versions outside the table are usage errors.
    report = world.json(*base, "--driver", "550.54.14", "--torch", "2.5.1")
    assert (report["recommendation"]["torch"], report["recommendation"]["tag"]) == ("2.5", "cu124")
    for flag, bad in [("--driver", "12.4"), ("--driver", "abc"), ("--gpu", "sm_9"), ("--gpu", "gfx90a"),
                      ("--compute-capability", "8"), ("--torch", "1.13.1"), ("--torch", "9.0")]:
        result = world.run(*base, flag, bad)
        assert result.returncode == 2, (flag, bad)
        assert result.stderr.startswith(b"tbx cuda: error: " + flag.encode()), result.stderr


def test_keep_torch_and_install_line_use_the_interpreter(world):
    world.nvidia_smi(recorded("nvidia-smi", "550.40.07.txt"), "0, NVIDIA GeForce RTX 4070, 12282, 8.9\n")
    world.python()
    world.torch("2.5.1+cu121", "12.1", available=True, arch_list=["sm_50", "sm_86", "sm_90"])
    report = world.json("--python", "/usr/bin/python3", "--keep-torch", "--search", "/nonexistent")
    assert report["python"]["arch_list"] == ["sm_50", "sm_86", "sm_90"]
    run = report["recommendation"]
    assert (run["torch"], run["tag"]) == ("2.5", "cu124")
    assert run["command"].startswith("/usr/bin/python3 -m pip install -U 'torch==2.5.*' ")
    assert "--python /usr/bin/python3 " in run["uv_command"]
    assert world.run("--keep-torch", "--torch", "2.5", "--search", "/nonexistent").returncode == 2


def uv_choice(driver: str | None) -> str:
    """uv's `--torch-backend=auto` on Linux (crates/uv-torch/src/backend.rs, LINUX_CUDA_DRIVERS, read
    2026-12-02): the first index, newest CUDA first, whose minimum driver the driver meets; CPU
    without a driver. Only the indexes down to cu118 matter for the fixtures."""
    if driver is None:
        return "cpu"
    table = [("cu132", "580"), ("cu130", "580"), ("cu129", "525.60.13"), ("cu128", "525.60.13"),
             ("cu126", "525.60.13"), ("cu118", "450.80.02"), ("cu110", "450.36.06")]
    have = [int(x) for x in driver.split(".")]
    for tag, minimum in table:
        floor = [int(x) for x in minimum.split(".")]
        width = max(len(have), len(floor))
        if have + [0] * (width - len(have)) >= floor + [0] * (width - len(floor)):
            return tag
    return "cpu"


MACHINES = json.loads((DATA / "machines.json").read_text())["machines"]


def smi_text(spec: str) -> str:
    if spec.startswith("header-lines.tsv:"):
        version = spec.split(":", 1)[1]
        line = next(l for l in recorded("nvidia-smi", "header-lines.tsv").splitlines() if version in l)
        return line.split("\t", 1)[1] + "\n"
    return recorded(*spec.split("/"))


@pytest.mark.parametrize("machine", MACHINES, ids=[m["name"] for m in MACHINES])
def test_fixture_machines(world, machine):
    if machine["name"] == "no-driver" and HAS_REAL_DRIVER:
        pytest.skip("a real NVIDIA driver answers the fallbacks here")
    (world.root / "smi.out").write_text(smi_text(machine["smi"]))
    (world.root / "query.out").write_text("".join(row + "\n" for row in machine["gpus"]))
    # Asked again without compute_cap (470 and older), the rows hold no compute capability.
    (world.root / "nocc.out").write_text(
        "".join((row if machine.get("no_compute_cap") else row.rsplit(",", 1)[0]) + "\n" for row in machine["gpus"])
    )
    reject = (
        f'  --query-gpu=*compute_cap*) /usr/bin/tail -n 1 "{DATA}/query-gpu/invalid-compute_cap-470.256.02.txt"; exit 2 ;;\n'
        if machine.get("no_compute_cap") else ""
    )
    world.script(world.bin / "nvidia-smi", f"""case "$1" in
{reject}  --query-gpu=*compute_cap*) /bin/cat "{world.root}/query.out"; exit 0 ;;
  --query-gpu=*) /bin/cat "{world.root}/nocc.out"; exit 0 ;;
esac
/bin/cat "{world.root}/smi.out"
exit {machine.get("smi_status", 0)}
""")
    args = ["--search", str(world.root / "none")]
    if machine.get("torch"):
        torch = machine["torch"]
        world.python()
        world.torch(torch["version"], torch["cuda"], available=torch["available"], arch_list=torch["arch_list"])
    else:
        args.append("--no-python")
    report = world.json(*args)
    expect = machine["expect"]
    run = report["recommendation"]
    assert (run["torch"], run["tag"]) == (expect["torch"], expect["tag"]), run["reasons"]
    for code in expect["problems"]:
        assert code in codes(report), (code, report["problems"])
    for code in ["torch_arch_mismatch", "torch_driver_too_old", "wanted_torch_unfit"]:
        if code not in expect["problems"]:
            assert code not in codes(report), report["problems"]
    # Against uv's choice for the same driver: equal, or a difference docs/cuda-wheels.md explains.
    driver = report["driver"]["version"] if report["driver"] else None
    uv = uv_choice(driver)
    docs = (REPO / "docs" / "cuda-wheels.md").read_text()
    if uv == run["tag"]:
        assert "uv_differs" not in machine, f"uv now agrees ({uv}); drop uv_differs"
    else:
        key = machine.get("uv_differs")
        assert key, f"tbx {run['tag']} vs uv {uv}: document the difference"
        assert f"**{key}**" in docs


def test_every_problem_code_is_documented():
    """The problem table reaches the man page (generated from it) and docs/cuda-wheels.md."""
    man = (REPO / "man" / "tbx-cuda.1").read_text()
    docs = (REPO / "docs" / "cuda-wheels.md").read_text()
    listed = re.search(r"Problem codes: ([a-z_, ]+)\.", man).group(1).split(", ")
    assert len(listed) == len(set(listed)) >= 16
    for code in listed:
        assert f"`{code}`" in docs, code
        assert f"\n{code} (" in man, code  # its PROBLEMS entry: severity, summary, fix


def test_real_toolkit_at_usr_local_cuda(world):
    real_nvcc = Path("/usr/local/cuda/bin/nvcc")
    if not real_nvcc.exists():
        pytest.skip("no CUDA toolkit at /usr/local/cuda")
    reference = subprocess.run([str(real_nvcc), "--version"], capture_output=True, text=True, timeout=60)
    version, release = nvcc_reference(reference.stdout)
    # Default roots: /usr/local/cuda and the cuda-X.Y it links to are one toolkit.
    report = world.json("--no-python")
    real_roots = [os.path.realpath(t["root"]) for t in report["toolkits"]]
    assert len(real_roots) == len(set(real_roots))
    first = report["toolkits"][0]
    assert first["root"] == "/usr/local/cuda"
    assert (first["version"], first["release"]) == (version, release)
    assert first["nvcc"] == "/usr/local/cuda/bin/nvcc"
    # The same toolkit through nvcc on PATH is listed first, once.
    (world.bin / "nvcc").symlink_to(real_nvcc)
    report = world.json("--no-python")
    assert report["toolkits"][0]["root"] == str(world.root)
    assert report["toolkits"][0]["nvcc"] == str(world.bin / "nvcc")
    assert report["toolkits"][0]["version"] == version
    assert "/usr/local/cuda" not in [t["root"] for t in report["toolkits"]]
