"""The wheel and sdist carry everything the app needs: installed from the wheel alone into a fresh
virtual environment, ``hallplan check`` on a bundled sample and ``hallplan demo`` work from another folder.

Offline: the build uses the test environment's setuptools (``--no-isolation``); the fresh environment
gets the wheel with ``--no-deps`` and sees the test environment's dependencies through a path file
(never its editable HallPlan, whose finder only runs from a site directory).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NEEDED = ("assets/samples/county-compliant.hallplan", "assets/layers/default.toml", "assets/fonts/HallPlanSansSC-Regular.ttf",
          "assets/fonts/OFL.txt", "assets/schema/hallplan.report-1.schema.json", "standards/packs/baoshan-2016.toml",
          "standards/packs/national-figures.toml", "planner/export/docx.py")


def _source_copy(dest: Path) -> Path:
    """The checkout's tracked files (what a clone has), so building leaves the checkout untouched."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    for f in filter(None, files):
        src = REPO / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)
    return dest


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_runs_from_anywhere(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.fail("the packaging test needs the git checkout (git ls-files)")
    src = _source_copy(tmp_path / "src")
    dist = tmp_path / "dist"
    r = _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(src)], cwd=tmp_path)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    wheel = next(dist.glob("hallplan-*.whl"))
    sdist = next(dist.glob("hallplan-*.tar.gz"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(NEEDED) <= names, set(NEEDED) - names
    assert not any(n.startswith("tests/") for n in names)
    top = sdist.name[: -len(".tar.gz")]
    snames = set(tarfile.open(sdist).getnames())
    assert {f"{top}/{n}" for n in NEEDED} <= snames
    assert "hallplan = planner.commands.cli:console" in zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()

    venv = tmp_path / "新 环境"  # a space and Chinese characters in the install path
    r = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / ("python.exe" if os.name == "nt" else "python")
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path).stdout.strip())
    (site / "zz-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    r = _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)], cwd=tmp_path)
    assert r.returncode == 0, r.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    where = _run([str(py), "-c", "import assets, planner; print(assets.path('samples', 'county-violations.hallplan')); print(planner.__file__)"],
                 cwd=elsewhere, env=env)
    sample, planner_file = where.stdout.splitlines()
    assert Path(sample).is_file() and Path(sample).is_relative_to(site) and Path(planner_file).is_relative_to(site)

    exe = bindir / ("hallplan.exe" if os.name == "nt" else "hallplan")
    r = _run([str(exe), "check", sample, "--xlsx", "c.xlsx", "--docx", "c.docx", "--pdf", "c.pdf"], cwd=elsewhere, env=env)
    assert r.returncode == 1, r.stderr  # the violations sample fails
    assert "[不符合] AREA 二(一)2" in r.stdout and "Traceback" not in r.stderr
    for f in ("c.xlsx", "c.docx", "c.pdf"):
        assert (elsewhere / f).stat().st_size > 5000, f
    r = _run([str(exe), "demo", "--headless", "--out", "demo out"], cwd=elsewhere, env=env)
    assert r.returncode == 0, r.stderr
    assert (elsewhere / "demo out" / "sample-report.pdf").stat().st_size > 10000
    assert (elsewhere / "demo out" / "sample-report.json").is_file()
