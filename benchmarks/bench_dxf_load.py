"""Benchmark: ``planner.loading.load_any`` of real drawings (the DXF read into a plan), in fresh processes.

    python benchmarks/bench_dxf_load.py [--repeat 7] [--baseline DIR] [FILE ...]

Each run is a new interpreter that imports ``planner.loading`` (not timed), then times
``load_any(FILE)``: wall and CPU time, which include the lazy imports the load pulls in (ezdxf,
the importer), as a ``hallplan check`` pays them.  With ``--baseline DIR`` (a checkout of another
commit, e.g. ``git archive main | tar -x -C DIR``) the two code trees run alternately, so both see
the same machine load.  Medians with min–max.  Default files: the real drawings
``us_apartments_inch.dxf`` and ``tarch_t3_power_room_mm.dxf`` in ``/work/shared/dxf``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path("/work/shared/dxf")
DEFAULT_FILES = [SHARED / "us_apartments_inch.dxf", SHARED / "tarch_t3_power_room_mm.dxf"]

_CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from planner.loading import load_any
w0, c0 = time.perf_counter(), time.process_time()
r = load_any({path!r})
w1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({{"wall": w1 - w0, "cpu": c1 - c0, "objects": len(r.plan.objects), "ezdxf": "ezdxf" in sys.modules}}))
"""


def run_once(root: Path, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(root), path=str(path))], cwd=str(root),
                         capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def fmt(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):7.0f} ms ({min(ms):.0f}–{max(ms):.0f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--baseline", type=Path, help="another code tree to run alternately")
    args = ap.parse_args()
    trees = [("this", REPO)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
    for path in args.files or DEFAULT_FILES:
        runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in trees}
        for _ in range(args.repeat):
            for name, root in trees:
                runs[name].append(run_once(root, path))
        print(path.name)
        for name, _ in trees:
            rs = runs[name]
            print(f"  {name:9s} wall {fmt([r['wall'] for r in rs])}   cpu {fmt([r['cpu'] for r in rs])}"
                  f"   objects {rs[0]['objects']}  ezdxf imported: {rs[0]['ezdxf']}")


if __name__ == "__main__":
    main()
