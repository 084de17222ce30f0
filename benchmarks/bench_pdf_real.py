"""Benchmark: ``hallplan check F --pdf`` of a real floor against ``librecad dxf2pdf`` on the same file.

    python benchmarks/bench_pdf_real.py [--repeat 5] [FILE.dxf ...]

Both are timed as subprocesses (wall time, whole command including interpreter start-up), alternating
in one run so machine load hits both alike; the median and min–max of ``--repeat`` runs are printed.
Default files: ``tarch_t3_power_room_mm.dxf`` and ``us_apartments_inch.dxf`` from ``/work/shared/dxf``
(or ``$HALLPLAN_SHARED_DXF``).  LibreCAD runs headless (``QT_QPA_PLATFORM=offscreen``) with
``dxf2pdf -a -p 420x297`` (fit to an A3 landscape sheet).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(os.environ.get("HALLPLAN_SHARED_DXF", "/work/shared/dxf"))
DEFAULT_FILES = ("tarch_t3_power_room_mm.dxf", "us_apartments_inch.dxf")


def _run(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - t
    # hallplan check exits 1 when a rule fails: that is a report, not an error
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
    return took


def _fmt(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:7.0f} ms  ({min(times) * 1000:.0f}–{max(times) * 1000:.0f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    files = args.files or [SHARED / name for name in DEFAULT_FILES]
    hallplan = shutil.which("hallplan") or str(Path(sys.executable).with_name("hallplan"))
    librecad = shutil.which("librecad")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # as installed: Python's compiled modules are kept (a shell with PYTHONDONTWRITEBYTECODE would
    # otherwise time the compiling of every module of ours on each run)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        for dxf in files:
            ours_cmd = [hallplan, "check", str(dxf), "--pdf", str(Path(tmp) / "ours.pdf")]
            lc_cmd = [librecad, "dxf2pdf", "-a", "-p", "420x297", "-t", tmp, str(dxf)] if librecad else None
            ours: list[float] = []
            theirs: list[float] = []
            _run(ours_cmd, env)  # warm-up: compiled modules written, files in the page cache (both)
            if lc_cmd:
                _run(lc_cmd, env)
            for _ in range(args.repeat):
                ours.append(_run(ours_cmd, env))
                if lc_cmd:
                    theirs.append(_run(lc_cmd, env))
            size = dxf.stat().st_size / 1e6
            print(f"{dxf.name} ({size:.1f} MB), median of {args.repeat}:")
            print(f"  hallplan check --pdf   {_fmt(ours)}")
            if theirs:
                ratio = statistics.median(ours) / statistics.median(theirs)
                print(f"  librecad dxf2pdf       {_fmt(theirs)}   ours/librecad = {ratio:.2f}")
            else:
                print("  librecad dxf2pdf       not installed (apt-get install -y librecad)")


if __name__ == "__main__":
    main()
