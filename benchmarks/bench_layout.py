"""Benchmark: layout proposals (``hallplan layout``) for every bundled sample with its contents
removed and for the unusual halls of ``geometry.synthetic.unusual_hall``.

    python benchmarks/bench_layout.py [--alternatives 3]

Prints, per hall: the seconds per proposal (the search with its engine checks, alternative by
alternative), the total, whether the best proposal passes, and the "cannot" shortfall.  The bar
(issue 15): under 5 s per proposal.
"""

from __future__ import annotations

import argparse
import time

import assets
from geometry.project import load_plan
from geometry.synthetic import UNUSUAL_SHAPES, unusual_hall
from standards.layout import propose, stripped


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--alternatives", type=int, default=3)
    args = ap.parse_args()
    halls = [(f"{lvl}-{v}", stripped(load_plan(assets.path("samples", f"{lvl}-{v}.hallplan"))))
             for v in ("compliant", "violations") for lvl in ("city", "county", "park", "township", "village")]
    halls += [(f"unusual-{s}", unusual_hall(s)) for s in UNUSUAL_SHAPES]
    worst = 0.0
    for name, plan in halls:
        t0 = time.perf_counter()
        answer = propose(plan, alternatives=args.alternatives)
        total = time.perf_counter() - t0
        per = [p.seconds for p in answer.proposals]
        worst = max(worst, *per)
        verdict = "cannot: " + answer.reasons[0][1] if answer.cannot else ("pass" if not answer.best.fails else "fails")
        print(f"{name:24s} {plan.hall.area if plan.hall else 0:8.0f} m²  per proposal "
              f"{' '.join(f'{s:.2f}' for s in per)} s  total {total:.2f} s  {verdict}")
    print(f"slowest proposal: {worst:.2f} s (bar: 5 s)")


if __name__ == "__main__":
    main()
