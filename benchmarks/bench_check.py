"""Benchmark: a full check of a large synthetic hall (≥ 500 counters, ≥ 2,000 facilities).

    python benchmarks/bench_check.py [--counters 500] [--facilities 2000] [--repeat 7]

Compares, on the same plan in the same run:
- project load (``geometry.project.load_plan``) against the floor ``json.loads`` + ``shapely.geometry.shape``;
- the full check (every rule of both default packs) against the floor of the shapely work its
  measurements need (minimum rotated rectangles of all counters, areas, unions).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from shapely.geometry import shape
from shapely.ops import unary_union

from geometry.circulation import walking
from geometry.circulation.analysis import forget_analyses
from geometry.project import load_plan, save_plan
from geometry.synthetic import synthetic_hall
from standards.engine import check
from standards.registry import RULES
from benchtools import timeit  # noqa: E402  (benchmarks/ is on sys.path when run as a script)




def scipy_search_time(fn: Callable[[], object], repeat: int) -> float:
    """Median over ``repeat`` calls of ``fn`` of the time spent inside ``csgraph.dijkstra`` (the floor
    under the walking search: what no work around it can take away)."""
    from scipy.sparse import csgraph

    real = csgraph.dijkstra
    spent: list[float] = []

    def counted(*args: Any, **kw: Any) -> Any:
        t = time.perf_counter()
        try:
            return real(*args, **kw)
        finally:
            spent[-1] += time.perf_counter() - t

    csgraph.dijkstra = counted
    try:
        for _ in range(repeat):
            spent.append(0.0)
            fn()
    finally:
        csgraph.dijkstra = real
    return statistics.median(spent)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--counters", type=int, default=500)
    ap.add_argument("--facilities", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    plan = synthetic_hall(a.counters, a.facilities)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "large.hallplan"
        save_plan(plan, f)
        size = f.stat().st_size
        t_load = timeit(lambda: load_plan(f), a.repeat)

        def floor_load() -> None:
            data = json.loads(f.read_text(encoding="utf-8"))
            [shape(o["geometry"]) for o in data["objects"]]

        t_load_floor = timeit(floor_load, a.repeat)
    # each run checks a fresh plan value with the same geometry (as after an edit elsewhere or a
    # reload): caches keyed on geometry values serve it, the analysis made for one plan value does not
    t_check = timeit(lambda: check(dataclasses.replace(plan)), a.repeat)
    # the same with the walking fields searched again (only the field cache dropped: the previous
    # figure's definition), and cold (every cache kept across plans dropped)
    t_search = timeit(lambda: (walking._FIELDS.clear(), check(dataclasses.replace(plan))), a.repeat)
    t_dijkstra = scipy_search_time(lambda: (walking._FIELDS.clear(), check(dataclasses.replace(plan))), a.repeat)
    t_cold = timeit(lambda: (forget_analyses(), check(dataclasses.replace(plan))), a.repeat)
    t_seed = timeit(lambda: check(dataclasses.replace(plan), packs=["baoshan-2016"]), a.repeat)

    def floor_check() -> None:
        [c.geometry.minimum_rotated_rectangle for c in plan.counters]
        [z.geometry.area for z in plan.zones]
        unary_union([z.geometry for z in plan.zones_of("waiting")])
        plan.hall.area  # type: ignore[union-attr]

    t_floor = timeit(floor_check, a.repeat)
    report = check(plan)
    print(f"plan: {len(plan.counters)} counters, {len(plan.facilities)} facilities, {len(plan.objects)} objects, "
          f"file {size / 1e6:.2f} MB, {len(report.findings)} findings, {len(RULES)} rules registered")
    print(f"load_plan            {t_load * 1000:8.1f} ms   floor json+shape {t_load_floor * 1000:8.1f} ms   "
          f"ratio {t_load / t_load_floor:5.2f}x")
    print(f"seed rules only      {t_seed * 1000:8.1f} ms   floor shapely    {t_floor * 1000:8.1f} ms   "
          f"ratio {t_seed / t_floor:5.2f}x")
    print(f"full check (+circulation) {t_check * 1000:8.1f} ms   (fields searched again {t_search * 1000:.1f} ms, "
          f"cold {t_cold * 1000:.1f} ms)")
    print(f"  of the check with the fields searched again, scipy's Dijkstra itself (the walking searches) "
          f"{t_dijkstra * 1000:.1f} ms")
    # per rule, to see where the time goes (the shared measures, computed once per check, apart)
    base = timeit(lambda: check(dataclasses.replace(plan), only=[]), 3)
    print(f"  {'(measures)':<20} {base * 1000:8.1f} ms")
    per: list[tuple[float, str]] = []
    for code in sorted({f.rule for f in report.findings}):
        per.append((timeit(lambda c=code: check(dataclasses.replace(plan), only=[c]), 3) - base, code))
    for t, code in sorted(per, reverse=True)[:6]:
        print(f"  {code:<20} {t * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
