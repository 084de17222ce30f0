"""Benchmark: guided fixes and the service-capacity analysis on the bundled violation samples.

    python benchmarks/bench_fixes.py [--repeat 3]

For each sample with deliberate violations: the time of its full check (the floor: a fix is proved
by one such check of the edited plan), then per failing or warning finding with a fixer the time
of ``fixes_for`` (candidates computed and each proved by re-checking), and ``hallplan fix --apply all``
as a whole (fails before → after).  Last, the capacity analysis on the 500-counter hall, with and
without its inputs, against the full check it is part of.
"""

from __future__ import annotations

import argparse
import time

from geometry.synthetic import sample_plan, synthetic_hall
from planner.commands.fix_cmd import apply_fixes
from standards.capacity import capacity
from standards.engine import check, resolve_packs
from standards.finding import Status
from standards.fixes import fixes_for, has_fixer
from benchtools import timeit  # noqa: E402  (benchmarks/ is on sys.path when run as a script)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for level in ("city", "county", "park", "township", "village"):
        plan = sample_plan(level, compliant=False)
        check(plan)  # warm (packs, caches)
        t_check = timeit(lambda: check(plan), args.repeat)
        report = check(plan)
        times: list[tuple[str, float, int]] = []
        for f in report.findings:
            if has_fixer(f):
                t = time.perf_counter()
                got = fixes_for(report, f)
                times.append((f.rule, time.perf_counter() - t, len(got)))
        before = sum(f.status == Status.FAIL for f in report.findings)
        t = time.perf_counter()
        fixed, n = apply_fixes(plan, None, None, False, "en") if times else (plan, 0)
        t_all = time.perf_counter() - t
        after = sum(f.status == Status.FAIL for f in check(fixed).findings)
        worst = max(times, key=lambda x: x[1]) if times else ("-", 0.0, 0)
        med = sorted(x[1] for x in times)[len(times) // 2] if times else 0.0
        print(f"{level:9s} check {t_check * 1000:6.0f} ms | {len(times):2d} findings with a fixer, "
              f"{sum(1 for x in times if x[2])} fixed; fixes_for median {med * 1000:5.0f} ms, worst {worst[1] * 1000:5.0f} ms ({worst[0]}) "
              f"| apply all: {n} fixes in {t_all:5.2f} s, fails {before} → {after}")
    big = synthetic_hall()
    packs = resolve_packs(None)
    with_inputs = big.with_context(daily_visitors=20000)
    t_none = timeit(lambda: capacity(big, packs), args.repeat * 10)
    t_cap = timeit(lambda: capacity(with_inputs, packs), args.repeat * 10)
    t_full = timeit(lambda: check(big), args.repeat)
    print(f"capacity on {len(big.counters)} counters: {t_cap * 1000:.2f} ms with its inputs, {t_none * 1000:.3f} ms without; "
          f"full check {t_full * 1000:.0f} ms")


if __name__ == "__main__":
    main()
