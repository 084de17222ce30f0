"""Benchmark: the approval PDF of a large hall against ``ezdxf draw``, and a batch audit.

    python benchmarks/bench_report.py [--counters 500] [--facilities 2000] [--plans 200] [--jobs 2] [--repeat 3]

1. A synthetic hall (≥ 500 counters) is checked and written to DXF (``geometry.dxf.export_dxf``).
   Timed in the same run, median of ``--repeat``:
   - the plan sheet alone (``render_plan`` → reportlab backend → one PDF page),
   - the whole approval PDF (cover, plan, table, charts, heatmap, checklist),
   - ezdxf's own renderer on the same drawing: the ``python -m ezdxf draw -o out.pdf`` command
     (matplotlib backend), once; with ``--ezdxf-api`` also in process (``ezdxf.readfile`` + drawing
     add-on ``Frontend`` + ``MatplotlibBackend`` + ``savefig(pdf)``).
2. ``--plans`` generated plans (every level, compliant and with violations, varied sizes) audited
   with ``--jobs`` processes, with and without PDFs: plans per second.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from geometry.dxf import export_dxf
from geometry.model import LEVELS
from geometry.project import save_plan
from geometry.synthetic import SPECS, build, synthetic_hall, violate
from planner.commands.audit import audit
from planner.report import build_pdf
from planner.report.pdfbackend import choose_sheet
from standards.callouts import number_findings
from standards.engine import check
from benchtools import timeit  # noqa: E402  (benchmarks/ is on sys.path when run as a script)


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children (the audit's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime




def plan_sheet_only(report: object) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from planner import fonts
    from planner.report.plansheet import assign_callouts, draw_plan_page, sheet_for

    buf = io.BytesIO()
    sheet = sheet_for(report, None)  # type: ignore[arg-type]
    font = fonts.pdf_font(None, "合成市人民政府政务服务中心")
    c = Canvas(buf, pagesize=sheet.size)
    draw_plan_page(c, report, sheet, assign_callouts(report, sheet), font.name, "zh", None, font.safe)  # type: ignore[arg-type]
    c.showPage()
    c.save()
    return buf.getvalue()


def ezdxf_in_process(dxf: Path, out: Path) -> None:
    import ezdxf
    from ezdxf.addons.drawing import Frontend, RenderContext
    from ezdxf.addons.drawing.matplotlib import MatplotlibBackend
    from matplotlib.figure import Figure

    doc = ezdxf.readfile(dxf)
    fig = Figure()
    ax = fig.add_axes((0, 0, 1, 1))
    Frontend(RenderContext(doc), MatplotlibBackend(ax)).draw_layout(doc.modelspace(), finalize=True)
    fig.savefig(out, format="pdf")


def generated_plans(n: int, folder: Path) -> None:
    rng = random.Random(2026)
    for i in range(n):
        level = LEVELS[i % len(LEVELS)]
        s = SPECS[level]
        k = rng.uniform(0.8, 1.25)
        spec = replace(s, width=round(s.width * k, 1), depth=round(s.depth * rng.uniform(0.85, 1.2), 1), seed=i,
                       counters=max(1, round(s.counters * k)))
        plan = build(spec)
        if i % 2:
            plan = violate(plan)
        save_plan(plan, folder / f"{i:03d}-{level}.hallplan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--counters", type=int, default=500)
    ap.add_argument("--facilities", type=int, default=2000)
    ap.add_argument("--plans", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ezdxf-api", action="store_true", help="also time ezdxf's drawing add-on in process")
    ap.add_argument("--audit-only", action="store_true", help="only the audit (no large-hall PDF, no ezdxf draw)")
    ap.add_argument("--jobs-list", default=None, help="audit with each of these job counts, e.g. 1,2")
    a = ap.parse_args()
    if not a.audit_only:
        large_hall_pdf(a)
    audit_rates(a)


def large_hall_pdf(a: argparse.Namespace) -> None:
    plan = synthetic_hall(a.counters, a.facilities)
    t0 = time.perf_counter()
    report = check(plan)
    t_check = time.perf_counter() - t0
    sheet = choose_sheet(plan.bounds())  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as d:
        dxf = Path(d) / "large.dxf"
        export_dxf(plan, dxf, number_findings(report.findings))
        build_pdf(report)  # warm: fonts registered, matplotlib imported
        t_sheet = timeit(lambda: plan_sheet_only(report), a.repeat)
        t_pdf = timeit(lambda: build_pdf(report), a.repeat)
        size = len(build_pdf(report))
        # ezdxf is timed once: it takes minutes on this drawing
        t_ez = timeit(lambda: ezdxf_in_process(dxf, Path(d) / "ez.pdf"), 1) if a.ezdxf_api else float("nan")
        t_cli = timeit(lambda: subprocess.run([sys.executable, "-m", "ezdxf", "draw", "-o", str(Path(d) / "ezcli.pdf"), str(dxf)],
                                              check=True, capture_output=True), 1)
        ez_size = (Path(d) / "ezcli.pdf").stat().st_size
        print(f"hall: {len(plan.counters)} counters, {len(plan.facilities)} facilities, {len(plan.objects)} objects, "
              f"{len(report.findings)} findings (check {t_check:.2f} s); sheet {sheet.page} 1:{sheet.scale}; DXF {dxf.stat().st_size / 1e6:.1f} MB")
        print(f"plan sheet (render_plan → reportlab) {t_sheet * 1000:8.0f} ms")
        print(f"approval PDF, all pages              {t_pdf * 1000:8.0f} ms   {size / 1e6:.2f} MB")
        if a.ezdxf_api:
            print(f"ezdxf drawing add-on → matplotlib PDF {t_ez * 1000:7.0f} ms (in process)")
        print(f"python -m ezdxf draw -o out.pdf       {t_cli * 1000:7.0f} ms   {ez_size / 1e6:.2f} MB   "
              f"ratio sheet/ezdxf {t_sheet / t_cli:6.3f}x, whole PDF/ezdxf {t_pdf / t_cli:6.3f}x")



def audit_rates(a: argparse.Namespace) -> None:
    jobs_list = [int(j) for j in a.jobs_list.split(",")] if a.jobs_list else [a.jobs]
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "plans"
        src.mkdir()
        generated_plans(a.plans, src)
        for jobs in jobs_list:
            for pdf in (True, False):
                cpu0 = _cpu()
                t = time.perf_counter()
                rows = audit([str(src)], Path(d) / f"out-{jobs}-{pdf}", jobs=jobs, pdf=pdf)
                dt = time.perf_counter() - t
                cpu = (_cpu() - cpu0) / len(rows)
                fails = sum(1 for r in rows if r["fail"])
                print(f"audit {len(rows)} plans, {jobs} jobs, {'with PDFs' if pdf else 'JSON only'}: {dt:6.1f} s = "
                      f"{len(rows) / dt:5.2f} plans/s wall; {cpu:.3f} CPU-s per plan (= {jobs / cpu:5.2f} plans/s on "
                      f"{jobs} idle cores); {fails} with failures, {sum(1 for r in rows if r['error'])} not loaded; "
                      f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
