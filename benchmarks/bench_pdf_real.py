"""Benchmark: ``hallplan check F --pdf`` of a real floor against ``librecad dxf2pdf`` on the same file.

    python benchmarks/bench_pdf_real.py [--repeat 5] [--against OTHER_HALLPLAN] [FILE.dxf|PLAN.hallplan ...]

Both are timed as subprocesses (wall time, whole command including interpreter start-up), alternating
in one run so machine load hits both alike; the median and min–max of ``--repeat`` runs are printed,
with the CPU time of the command and its children (the PDF worker).  ``--against`` times another
``hallplan`` (an older version's console script) in the same alternation, with the first of the
``--workers`` modes; ``--workers auto,1,0``
runs ours once per ``HALLPLAN_PDF_WORKER`` value (auto: a PDF worker when a core is spare; 1: always;
0: never).  LibreCAD reads only DXF files.
Default files: ``tarch_t3_power_room_mm.dxf`` and ``us_apartments_inch.dxf`` from ``/work/shared/dxf``
(or ``$HALLPLAN_SHARED_DXF``).  LibreCAD runs headless (``QT_QPA_PLATFORM=offscreen``) with
``dxf2pdf -a -p 420x297`` (fit to an A3 landscape sheet).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(os.environ.get("HALLPLAN_SHARED_DXF", "/work/shared/dxf"))
DEFAULT_FILES = ("tarch_t3_power_room_mm.dxf", "us_apartments_inch.dxf")


CPU: dict[str, list[float]] = {}


def _run(cmd: list[str], env: dict[str, str], key: str = "") -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    # run from a scratch folder: a wrapper that starts Python with -c would otherwise import the modules
    # of the checkout it is started in (the current folder comes first on sys.path), not its own
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          cwd=tempfile.gettempdir())
    took = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(key, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    # hallplan check exits 1 when a rule fails: that is a report, not an error
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
    return took


def _fmt(times: list[float], key: str = "") -> str:
    cpu = CPU.get(key, [])[1:]  # the warm-up run is not counted
    told = f"   cpu {statistics.median(cpu) * 1000:5.0f} ms" if key and cpu else ""
    return f"{statistics.median(times) * 1000:7.0f} ms  ({min(times) * 1000:.0f}–{max(times) * 1000:.0f}){told}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--against", metavar="HALLPLAN", help="another hallplan console script, timed in the same run")
    ap.add_argument("--workers", default="auto", help="HALLPLAN_PDF_WORKER values to time ours with, e.g. auto,1,0")
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
            CPU.clear()
            ours_cmd = [hallplan, "check", str(dxf), "--pdf", str(Path(tmp) / "ours.pdf")]
            modes = [m.strip() for m in args.workers.split(",") if m.strip()]
            runs: dict[str, tuple[list[str], dict[str, str]]] = {
                f"worker={m}": (ours_cmd, dict(env, HALLPLAN_PDF_WORKER=m)) for m in modes}
            if args.against:
                # the other tree with the first worker mode timed of ours (auto alone would leave it
                # without a worker on a loaded machine while ours has one forced)
                runs["against"] = ([args.against, "check", str(dxf), "--pdf", str(Path(tmp) / "against.pdf")],
                                   dict(env, HALLPLAN_PDF_WORKER=modes[0]))
            if librecad and dxf.suffix.lower() == ".dxf":
                runs["librecad"] = ([librecad, "dxf2pdf", "-a", "-p", "420x297", "-t", tmp, str(dxf)], env)
            times: dict[str, list[float]] = {k: [] for k in runs}
            for key, (cmd, e) in runs.items():  # warm-up: compiled modules written, files in the page cache
                _run(cmd, e, key)
            for _ in range(args.repeat):
                for key, (cmd, e) in runs.items():
                    times[key].append(_run(cmd, e, key))
            size = dxf.stat().st_size / 1e6
            print(f"{dxf.name} ({size:.1f} MB), median of {args.repeat}:")
            ours = statistics.median(times[f"worker={modes[0]}"])
            for m in modes:
                print(f"  hallplan check --pdf   {_fmt(times[f'worker={m}'], f'worker={m}')}   (HALLPLAN_PDF_WORKER={m})")
            if "against" in times:
                ratio = ours / statistics.median(times["against"])
                print(f"  {Path(args.against).parent.name + '/hallplan':<22} {_fmt(times['against'], 'against')}   ours/it = {ratio:.2f}")
            if "librecad" in times:
                ratio = ours / statistics.median(times["librecad"])
                print(f"  librecad dxf2pdf       {_fmt(times['librecad'], 'librecad')}   ours/librecad = {ratio:.2f}")
            elif dxf.suffix.lower() == ".dxf":
                print("  librecad dxf2pdf       not installed (apt-get install -y librecad)")


if __name__ == "__main__":
    main()
