"""What a ``hallplan`` process loads, run as a user runs it (the console script's code, a fresh
interpreter each time): a check of a drawing leaves out what only other commands, the editor, a
DWG, a hall's walking search or the PDF worker need; numpy's OpenBLAS starts one thread unless the
user chose a number; and every subcommand still starts and works after the imports moved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import assets
from planner.commands import cli

SAMPLES = sorted(assets.path("samples").glob("*.hallplan"))

# Imported where they are used, and none of it is used by a check of a plain drawing (no hall, so
# no circulation search; nothing to hash or unzip, not a DWG, no --floors); or only ever by the PDF
# worker and the editor.
NOT_IN_A_DRAWING_CHECK = ("numpy.ma", "hashlib", "zipfile", "geometry.wall_rooms", "geometry.dxf.dwg_blocks",
                          "geometry.floors", "PySide6", "scipy", *(f"geometry.circulation.{m}" for m in (
                              "fire", "raster", "reach", "turning", "visibility", "walking", "width")))
ONLY_IN_THE_PDF_WORKER = ("reportlab", "matplotlib", "pypdf", "planner.report", "planner.report.document")

# ``console()`` as the console script runs it; at exit (console runs the exit handlers before it
# ends the process) the parent writes what it loaded, its threads and the BLAS setting.
CONSOLE = """
import atexit, json, os, sys
def said():
    threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None
    with open(os.environ["STARTUP_OUT"], "w", encoding="utf-8") as fh:
        json.dump({"modules": sorted(sys.modules), "threads": threads,
                   "blas": os.environ.get("OPENBLAS_NUM_THREADS")}, fh)
atexit.register(said)
sys.argv = ["hallplan"] + sys.argv[1:]
from planner.commands.cli import console
console()
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in cli.BLAS_THREAD_VARS}
    env.update(QT_QPA_PLATFORM="offscreen", **extra)
    env.pop("DISPLAY", None)
    return env


def console(tmp_path: Path, *args: str, **env: str) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    out = tmp_path / "startup.json"
    out.unlink(missing_ok=True)
    r = subprocess.run([sys.executable, "-c", CONSOLE, *args], capture_output=True, text=True,
                       env=_env(STARTUP_OUT=str(out), **env), timeout=300)
    return r, json.loads(out.read_text(encoding="utf-8"))


def plain_drawing(path: Path) -> Path:
    """A small floor in millimetres: walls, two rooms and a column drawn, texts that name no hall."""
    import ezdxf

    doc = ezdxf.new("R2010")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (24000, 0), (24000, 12000), (0, 12000)], close=True, dxfattribs={"layer": "WALL"})
    for x in (0, 8000, 16000):
        msp.add_lwpolyline([(x, 0), (x + 8000, 0), (x + 8000, 6000), (x, 6000)], close=True, dxfattribs={"layer": "WALL"})
        msp.add_line((x, 6000), (x, 12000), dxfattribs={"layer": "WALL"})
        msp.add_text(f"办公室 {x // 8000 + 1}", dxfattribs={"layer": "TEXT", "insert": (x + 1000, 3000), "height": 300})
    msp.add_circle((12000, 9000), 300, dxfattribs={"layer": "COLUMN"})
    doc.saveas(path)
    return path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the PDF worker is forked on Linux only")
@pytest.mark.parametrize("pdf", [False, True], ids=["check", "check --pdf"])
def test_a_drawing_check_leaves_out_what_it_does_not_use(tmp_path: Path, pdf: bool) -> None:
    drawing = plain_drawing(tmp_path / "floor.dxf")
    args = ["check", str(drawing), "--json", str(tmp_path / "r.json")] + (["--pdf", str(tmp_path / "r.pdf")] if pdf else [])
    r, said = console(tmp_path, *args, HALLPLAN_PDF_WORKER="1")
    assert r.returncode in (0, 1), r.stderr
    assert "import" in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))  # read as a drawing
    if pdf:
        assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    modules = set(said["modules"])  # type: ignore[arg-type]
    assert {"ezdxf", "geometry.dxf.importer", "standards.engine"} <= modules  # it did read and check
    assert not modules & set(NOT_IN_A_DRAWING_CHECK)
    assert not {m for m in modules if m.split(".")[0] in {"reportlab", "matplotlib", "pypdf"}}
    assert not modules & set(ONLY_IN_THE_PDF_WORKER)  # with --pdf the worker made it
    assert said["blas"] == "1" and said["threads"] == 1  # no OpenBLAS thread beside the main one


def test_the_cli_module_itself_does_not_load_numpy() -> None:
    """``console()`` must run before numpy is loaded, or its OpenBLAS setting comes too late."""
    code = "import sys; import planner.commands.cli; print('numpy' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=120)
    assert r.stdout.strip() == "False", r.stderr


@pytest.mark.parametrize(("given", "expect_set", "expect_value"), [
    ({}, True, "1"),
    ({"OPENBLAS_NUM_THREADS": "2"}, False, "2"),  # the user's choice stands
    ({"OMP_NUM_THREADS": "3"}, False, None),  # OpenBLAS reads this one too
])
def test_openblas_starts_one_thread_unless_the_user_chose(given: dict[str, str], expect_set: bool,
                                                          expect_value: str | None) -> None:
    code = textwrap.dedent("""
        import os
        from planner.commands import cli
        first = cli.one_blas_thread()
        import numpy
        again = cli.one_blas_thread()  # numpy is loaded: too late to say anything
        threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None
        print(first, again, os.environ.get("OPENBLAS_NUM_THREADS"), threads)
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(**given), timeout=120)
    first, again, value, threads = r.stdout.split()
    assert (first, again, value) == (str(expect_set), "False", str(expect_value)), r.stderr
    if expect_set and threads != "None":
        assert threads == "1"


@pytest.mark.parametrize("sub", ["", "check", "audit", "fix", "layout", "import", "repair", "demo"])
def test_every_subcommand_still_shows_its_help(tmp_path: Path, sub: str) -> None:
    r, _ = console(tmp_path, *([sub] if sub else []), "--help")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"usage: hallplan{' ' + sub if sub else ''}") and not r.stderr


def test_every_sample_checks_through_the_console_script(tmp_path: Path) -> None:
    for sample in SAMPLES:
        r, said = console(tmp_path, "check", str(sample), "--lang", "en", HALLPLAN_PDF_WORKER="0")
        assert r.returncode == (1 if "violations" in sample.name else 0), (sample.name, r.stderr)
        assert r.stdout.startswith("HallPlan — ") and "Result: " in r.stdout and not r.stderr
        assert "PySide6" not in said["modules"]  # type: ignore[operator]


def test_every_other_subcommand_runs_through_the_console_script(tmp_path: Path) -> None:
    drawing = plain_drawing(tmp_path / "floor.dxf")
    sample = str(assets.path("samples", "county-violations.hallplan"))
    runs = {
        "import": (["import", str(drawing), "-o", str(tmp_path / "floor.hallplan")], (0,)),
        "check a project with its drawing": (["check", str(tmp_path / "floor.hallplan"), "--floors", "2"], (0, 1)),
        "fix": (["fix", sample], (0, 1)),
        "layout": (["layout", sample, "-o", str(tmp_path / "proposal.hallplan")], (0, 1)),
        "repair": (["repair", sample, "-o", str(tmp_path / "repaired.hallplan")], (0,)),  # nothing to repair
        "audit": (["audit", sample, str(drawing), "--out", str(tmp_path / "audit"), "--no-pdf", "--jobs", "1"], (0, 1)),
        "demo": (["demo", "--headless", "--out", str(tmp_path / "demo")], (0,)),
    }
    for name, (args, codes) in runs.items():
        r, _ = console(tmp_path, *args, "--lang", "en")
        assert r.returncode in codes, (name, r.returncode, r.stdout[-500:], r.stderr[-500:])
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr, (name, r.stderr)
    assert all((tmp_path / name).is_file() for name in ("floor.hallplan", "proposal.hallplan", "repaired.hallplan"))
    assert (tmp_path / "demo" / "sample-report.json").is_file() and (tmp_path / "demo" / "sample-report.pdf").is_file()
    assert any((tmp_path / "audit").iterdir())
