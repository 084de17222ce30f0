"""Benchmark: the parent process's path in ``hallplan check F --pdf``, up to and around the drawing's read.

    python benchmarks/bench_startup.py [--repeat 7] [--against OTHER_TREE] [FILE.dxf ...]

Each run starts the console script's own code (``planner.commands.cli.console``) in a fresh
interpreter of this tree (and of ``--against``, another HallPlan checkout with its ``.venv``),
alternating, with the PDF worker forced on (``HALLPLAN_PDF_WORKER=1``).  A small driver marks,
in wall milliseconds since the interpreter was started, in the parent's CPU milliseconds (all
its threads) and in its main thread's CPU milliseconds (what a quiet machine's wall time follows;
a thread beside it, such as OpenBLAS's, runs on another core there): when ``load_any`` starts and ends, when the PDF job is handed to the worker,
and the end of the command.  Then, per tree, ``-X importtime`` of ``check F --json`` (the same
parent path without the worker): the sum of the modules' own import times.

Printed: median (min–max) of ``--repeat`` runs after one warm-up run per tree.  On a busy
machine compare the CPU columns; the wall columns need a quiet one.
Default file: ``us_apartments_inch.dxf`` from ``/work/shared/dxf`` (or ``$HALLPLAN_SHARED_DXF``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(os.environ.get("HALLPLAN_SHARED_DXF", "/work/shared/dxf"))
HERE = Path(__file__).resolve().parent.parent

# Runs inside the measured interpreter: wraps what it marks, then runs the console script's code.
DRIVER = r"""
import os, sys, time
T0 = float(os.environ["BENCH_T0"]); PID = os.getpid()
MARKS = {}
def mark(name):
    if os.getpid() == PID:
        MARKS[name] = ((time.time() - T0) * 1e3, time.process_time() * 1e3, time.thread_time() * 1e3)
from planner.commands import cli  # (light: what it needs comes in with the command, after console's set-up)
def wrap(owner, attr, name):
    real = getattr(owner, attr)
    def wrapped(*a, **k):
        mark(name + " >")
        try:
            return real(*a, **k)
        finally:
            mark(name + " <")
    setattr(owner, attr, wrapped)
real_run_check = cli.run_check
def run_check(args):
    import planner.loading as L
    from planner.commands import pdf_worker
    wrap(L, "load_any", "load_any")
    wrap(pdf_worker.PdfWriter, "prepare", "job handed over")
    return real_run_check(args)
cli.run_check = run_check
import atexit
def end():
    mark("end")
    with open(os.environ["BENCH_OUT"], "a") as fh:
        fh.write(__import__("json").dumps(MARKS) + "\n")
atexit.register(end)
sys.argv = ["hallplan"] + sys.argv[1:]
cli.console()
"""

ROWS = (("load_any >", "until the read starts"), ("load_any <", "until the read ends"),
        ("job handed over <", "until the PDF job is handed over"), ("end", "whole command"))


def python_of(tree: Path) -> str:
    for cand in (tree / ".venv" / "bin" / "python", tree / ".venv" / "Scripts" / "python.exe"):
        if cand.exists():
            return str(cand)
    raise SystemExit(f"no .venv in {tree}")


def env_for() -> dict[str, str]:
    env = dict(os.environ, HALLPLAN_PDF_WORKER="1", QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled modules are kept
    return env


def marked_run(py: str, driver: Path, dxf: Path, tmp: Path, out: Path) -> None:
    env = dict(env_for(), BENCH_T0=repr(time.time()), BENCH_OUT=str(out))
    proc = subprocess.run([py, str(driver), "check", str(dxf), "--pdf", str(tmp / "bench.pdf")], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{py} failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")


def import_times(py: str, dxf: Path, tmp: Path) -> dict[str, float]:
    """Each module's own import time (ms) in ``check F --json`` under ``-X importtime``."""
    hallplan = str(Path(py).with_name("hallplan"))
    proc = subprocess.run([py, "-X", "importtime", hallplan, "check", str(dxf), "--json", str(tmp / "bench.json")],
                          env=env_for(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return {m.group(2): int(m.group(1)) / 1e3 for m in re.finditer(r"import time:\s+(\d+) \|\s+\d+ \| *(\S+)", proc.stderr)}


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values):7.0f} ({min(values):.0f}–{max(values):.0f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--against", type=Path, help="another HallPlan checkout (with its .venv), timed in the same run")
    args = ap.parse_args()
    files = args.files or [SHARED / "us_apartments_inch.dxf"]
    trees = {"this tree": HERE} | ({f"against {args.against.name}": args.against.resolve()} if args.against else {})
    pythons = {k: python_of(v) for k, v in trees.items()}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        driver = tmp / "driver.py"
        driver.write_text(DRIVER, encoding="utf-8")
        for dxf in files:
            outs = {k: tmp / f"marks-{i}.jsonl" for i, k in enumerate(trees)}
            imports: dict[str, list[dict[str, float]]] = {k: [] for k in trees}
            for k, py in pythons.items():  # warm-up: compiled modules written, the file in the page cache
                marked_run(py, driver, dxf, tmp, tmp / "warm.jsonl")
            for _ in range(args.repeat):
                for k, py in pythons.items():
                    marked_run(py, driver, dxf, tmp, outs[k])
                    imports[k].append(import_times(py, dxf, tmp))
            print(f"{dxf.name}: parent of `hallplan check F --pdf` (worker forced), median (min–max) of {args.repeat}")
            print(f"  {'(ms since the interpreter started)':<34}"
                  + "".join(f"{k + ': wall':>30}{'CPU':>20}{'main thread':>20}" for k in trees))
            runs = {k: [json.loads(line) for line in outs[k].read_text().splitlines()] for k in trees}
            for key, label in ROWS:
                cells = ""
                for k in trees:
                    got = [r[key] for r in runs[k] if key in r]
                    cells += (f"{fmt([g[0] for g in got]):>30}{fmt([g[1] for g in got]):>20}{fmt([g[2] for g in got]):>20}"
                              if got else f"{'–':>30}{'–':>20}{'–':>20}")
                print(f"  {label:<34}{cells}")
            print("  -X importtime of check F --json, the modules' own times summed (ms); the last figure sums each")
            print("  module's least time over the runs (what load on the machine added mostly left out):")
            for k, runs_k in imports.items():
                least = {m: min(r.get(m, float("inf")) for r in runs_k) for m in set().union(*runs_k)}
                print(f"    {k:<28} {fmt([sum(r.values()) for r in runs_k]).strip():<22} modules {len(least)}, "
                      f"least {sum(v for v in least.values() if v != float('inf')):.0f}")


if __name__ == "__main__":
    main()
