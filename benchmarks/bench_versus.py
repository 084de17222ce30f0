"""Benchmark: this tree against another checkout of HallPlan (e.g. ``main``), alternating in one run.

    git worktree add /tmp/base main        # or: git archive main | tar -x -C /tmp/base
    python benchmarks/bench_versus.py /tmp/base [--runs 5] [--repeat 5]

Each run starts one fresh interpreter per tree (in turn, so machine load hits both alike) that
times, in CPU milliseconds (the machine is shared; wall time follows the load), the median of
``--repeat`` of:

- ``seed``: the seed rules (``baoshan-2016`` only) on the 500-counter, 2,000-facility hall;
- ``full``: the full check with circulation on a fresh plan value of that hall (caches kept across
  plans warm, as when the editor re-checks); ``full-search``: the same with the walking fields
  searched again; ``full-cold``: every cache kept across plans dropped first;
- ``move3`` / ``move30``: the circulation rules through the engine after moving one counter of the
  3,000 m² hall of ``bench_circulation.py`` by 3 cm / 30 cm (every 30 cm move changes the rasters).

Prints per metric the median and min–max over ``--runs`` runs for both trees, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

INNER = r"""
import dataclasses, json, statistics, sys, time
sys.path.insert(0, "benchmarks")
from geometry.synthetic import synthetic_hall
from geometry.commands import move
from standards.engine import check
from bench_circulation import big_hall
try:
    from geometry.circulation import walking
    from geometry.circulation.analysis import forget_analyses
except ImportError:
    forget_analyses = None
REPEAT = int(sys.argv[1])

def cpu(fn, setup=None):
    ts = []
    for _ in range(REPEAT):
        if setup is not None:
            setup()
        t = time.process_time(); fn(); ts.append(time.process_time() - t)
    return statistics.median(ts) * 1000

def drop_all():
    if forget_analyses is not None:
        forget_analyses()
    else:  # an older tree: its geometry-keyed caches
        from geometry.circulation import raster, space, walking as w, width
        for mod in (raster, space, w, width):
            for obj in list(vars(mod).values()):
                if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", None) == mod.__name__:
                    obj.cache_clear()

def drop_fields():
    if hasattr(walking, "_FIELDS"):
        walking._FIELDS.clear()

plan = synthetic_hall(500, 2000)
check(dataclasses.replace(plan))
out = {}
out["seed"] = cpu(lambda: check(dataclasses.replace(plan), packs=["baoshan-2016"]))
out["full"] = cpu(lambda: check(dataclasses.replace(plan)))
out["full-search"] = cpu(lambda: check(dataclasses.replace(plan)), drop_fields)
out["full-cold"] = cpu(lambda: check(dataclasses.replace(plan)), drop_all)
codes = ["MAIN-AISLE", "ACCESSIBLE-ROUTE", "REACH-COUNTERS", "CONSULT-VISIBLE", "SPECIAL-NEAR-ENTRANCE",
         "TURNING-CIRCLE", "LOW-COUNTER", "ACCESSIBLE-PARKING", "EXTINGUISHER-REACH", "EXIT-REACH"]
for name, step in (("move3", 0.03), ("move30", 0.3)):
    p = big_hall()
    check(p, only=codes)
    moves = []
    for i in range(REPEAT + 1):
        p = move(p, ["c050"], step if i % 2 == 0 else -0.9 * step, 0.0).do(p)
        moves.append(p)
    check(moves[0], only=codes)
    it = iter(moves[1:])
    out[name] = cpu(lambda: check(next(it), only=codes))
print(json.dumps(out))
"""


def run(tree: Path, repeat: int) -> dict[str, float]:
    r = subprocess.run([sys.executable, "-c", INNER, str(repeat)], cwd=tree, capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    ours: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    for _ in range(a.runs):
        theirs.append(run(a.base, a.repeat))
        ours.append(run(HERE, a.repeat))
    print(f"CPU ms, median (min–max) of {a.runs} runs, each the median of {a.repeat}; base {a.base}")
    for key in ours[0]:
        o = [r[key] for r in ours]
        t = [r[key] for r in theirs]
        print(f"  {key:12s} base {statistics.median(t):7.1f} ({min(t):.1f}–{max(t):.1f})   "
              f"this {statistics.median(o):7.1f} ({min(o):.1f}–{max(o):.1f})   ratio {statistics.median(o) / statistics.median(t):.2f}")


if __name__ == "__main__":
    main()
