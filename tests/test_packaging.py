"""A non-editable install works: the wheel carries every module and prompt, and its `kehoach` runs.

The wheel is installed without dependencies into a scratch venv that borrows the project venv's
packages through PYTHONPATH (which loads no .pth file, so the editable checkout stays invisible):
what runs is the wheel's own code. The commands run outside the checkout, whose `kehoach/` folder
would otherwise shadow the installed package.
"""

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
    )
    return next(out.glob("kehoach-*.whl"))


def test_the_wheel_holds_every_module_and_prompt(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"kehoach/{path.relative_to(REPO).as_posix()}"
        for folder in ("ingest", "assistant", "prompts")
        for path in (REPO / folder).iterdir()
        if path.suffix in {".py", ".txt", ".json"}
    }
    assert expected - names == set()


def test_the_installed_wheel_runs_help_and_an_ingest(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-deps", str(wheel)], check=True)
    env = {"PYTHONPATH": sysconfig.get_paths()["purelib"], "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    python = str(venv / "bin" / "python")
    where = subprocess.run(
        [python, "-c", "import kehoach.ingest, kehoach.prompts; print(kehoach.ingest.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert where.stdout.startswith(str(venv)), where.stderr
    run = [str(venv / "bin" / "kehoach"), "--home", str(tmp_path / "home")]
    quiet = {"capture_output": True, "text": True, "env": env, "cwd": tmp_path}
    helped = subprocess.run([*run, "--help"], **quiet)
    assert helped.returncode == 0 and "ingest" in helped.stdout
    example = REPO / "examples" / "plans" / "05_dong_ha_2025_thang_hanh_dong.md"
    done = subprocess.run([*run, "ingest", str(example)], **quiet)
    assert done.returncode == 0, done.stderr
    assert "1/1 tệp thành công" in done.stdout
    asked = subprocess.run(
        [*run, "ask", "Tháng hành động vì trẻ em năm 2025 của Đông Hà có chủ đề gì?"], **quiet
    )
    assert asked.returncode == 0 and "[1]" in asked.stdout, asked.stdout + asked.stderr
