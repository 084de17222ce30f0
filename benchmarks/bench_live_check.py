"""Benchmark: the editor's live check on a real-size floor (120 × 36 m drawing in mm, hall 318 m²).

Run:  python benchmarks/bench_live_check.py [--repeat 15]

The floor is ``tests/planner/real_floor.py`` (walls with door openings, axis grid, room names),
imported, its big room made the hall by the room finder, furnished as a county hall (main
entrance, consultation desk, waiting area, extinguisher, 11 counters; 141 wall/door obstacles).
Each timed run moves one counter 5 cm (a new plan value, caches warm, as a drag in the editor)
and checks it:

- the full check (every rule, circulation and fire reach included) — what each edit cost before;
- the quick check the editor now runs after an edit (every rule but the circulation analyses);
- the full check it runs once the plan has been still for 0.4 s.
Wall and CPU time (medians) are printed; the machine's load shows in the gap between them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geometry.commands import move  # noqa: E402
from planner.editor.checker import quick_check  # noqa: E402
from standards.engine import check  # noqa: E402
from tests.planner.real_floor import floor_plan  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        plan = floor_plan(Path(d) / "floor.dxf")
    print(f"floor: hall {plan.hall.area:.1f} m², {len(plan.objects)} objects")  # type: ignore[attr-defined]
    t, c = time.perf_counter(), time.process_time()
    previous = check(plan)
    print(f"first full check (cold): {1000 * (time.perf_counter() - t):.0f} ms wall, {1000 * (time.process_time() - c):.0f} ms CPU")
    rows: dict[str, tuple[list[float], list[float]]] = {"full check after a move": ([], []),
                                                         "quick check after a move (live)": ([], [])}
    for k in range(a.repeat):
        plan = move(plan, ["c3"], 0.05 if k % 2 else -0.05, 0.0).do(plan)  # type: ignore[arg-type]
        for name, fn in (("quick check after a move (live)", lambda: quick_check(plan, previous)),
                         ("full check after a move", lambda: check(plan))):
            t, c = time.perf_counter(), time.process_time()
            fn()
            rows[name][0].append(time.perf_counter() - t)
            rows[name][1].append(time.process_time() - c)
    for name, (wall, cpu) in rows.items():
        print(f"{name:34s} {1000 * statistics.median(wall):6.0f} ms wall  {1000 * statistics.median(cpu):6.0f} ms CPU"
              f"  (best {1000 * min(wall):.0f} ms)")


if __name__ == "__main__":
    main()
