"""Benchmark: the approval PDF build alone (``import planner.report`` + ``write_pdf``) on real floors.

    python benchmarks/bench_pdf_build.py [--repeat 7] [--baseline SRC] [--floor] [--levels] [--worker] [FILE.dxf[:HALL] ...]

Each run is a fresh process, as ``hallplan check F --pdf`` is: the drawing is loaded and checked
(not timed), then the import of ``planner.report`` and one ``write_pdf`` are timed, wall and CPU
(the CPU time of this process: the machine's other work does not count in it).  ``--baseline SRC``
runs the same in a source tree of another version (``git archive main | tar -x -C SRC``),
alternating with ours in one run so machine load hits both alike; medians and min–max are printed.
``--floor`` also times plain reportlab (its default canvas) writing as many pages of the same sizes
with only the drawing's lines on the plan page, one path per line (``beginPath``/``lineTo``): what the
linework alone costs through reportlab's own API, without text pages, texts, callouts or fonts.
``--levels`` prints, once, the time and size of each zlib level on the plan sheet's streams.
``--worker`` times instead what the PDF worker of ``hallplan check --pdf`` does once the job comes: each
tree pickles its job once (``pdf_worker.job_bytes``, as the command hands it over), then each run is a
fresh process that warms up as the worker does (``WARM_UP``, and ``CHART_WARM_UP`` for a plan with a hall), unpickles the job and builds the PDF
(``pdf_bytes``, the worker's first build; wall and CPU, the CPU of every thread of the process).
Default files: ``us_apartments_inch.dxf`` and ``tarch_t3_power_room_mm.dxf:配电房`` (a hall, so the
heatmap and chart pages exist) from ``/work/shared/dxf`` (or ``$HALLPLAN_SHARED_DXF``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(os.environ.get("HALLPLAN_SHARED_DXF", "/work/shared/dxf"))
DEFAULT_FILES = ("us_apartments_inch.dxf", "tarch_t3_power_room_mm.dxf:配电房")
ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time, argparse
path, hall, out = sys.argv[1], sys.argv[2] or None, sys.argv[3]
from planner.loading import load_any
from planner.commands.cli import hall_and_floors
from standards.engine import check
loaded = load_any(path, hall_room=hall)
plan, _ = hall_and_floors(loaded, argparse.Namespace(hall_room=hall, floors=None, plan=path, lang="zh"))
report = check(plan)
w0, c0 = time.perf_counter(), time.process_time()
import planner.report
w1, c1 = time.perf_counter(), time.process_time()
planner.report.write_pdf(report, out, underlay=loaded.printed_underlay, source=path)
w2, c2 = time.perf_counter(), time.process_time()
got = {"import": w1 - w0, "write": w2 - w1, "import_cpu": c1 - c0, "write_cpu": c2 - c1}
if "--floor" in sys.argv:  # plain reportlab: the same pages, the drawing's lines as one path each, nothing else
    import io
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas
    from planner.report.plansheet import sheet_for
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(out).pages]
    sheet = sheet_for(report, list(loaded.printed_underlay))
    lines = [ln for _, g in loaded.printed_underlay for ln in getattr(g, "geoms", [g]) if ln.geom_type == "LineString"]
    w3, c3 = time.perf_counter(), time.process_time()
    c = Canvas(io.BytesIO(), pagesize=sizes[0])
    for k, size in enumerate(sizes):
        c.setPageSize(size)
        if k == 1:
            for ln in lines:
                pts = [sheet.to_page(x, y) for x, y in ln.coords]
                p = c.beginPath()
                p.moveTo(*pts[0])
                for q in pts[1:]:
                    p.lineTo(*q)
                c.drawPath(p, stroke=1, fill=0)
        c.showPage()
    c.save()
    got.update(floor=time.perf_counter() - w3, floor_cpu=time.process_time() - c3)
print(json.dumps(got))
"""

JOB = r"""
import argparse, sys
path, hall, out = sys.argv[1], sys.argv[2] or None, sys.argv[3]
from planner.loading import load_any
from planner.commands.cli import hall_and_floors
from planner.commands.pdf_worker import job_bytes
from standards.engine import check
loaded = load_any(path, hall_room=hall)
plan, _ = hall_and_floors(loaded, argparse.Namespace(hall_room=hall, floors=None, plan=path, lang="zh"))
report = check(plan)
kwargs = dict(lang="zh", underlay=loaded.printed_underlay, source=path, path=out)
open(out + ".job", "wb").write(job_bytes(report, kwargs))
print("{}")
"""

WORKER = r"""
import json, sys, time
from planner.commands import pdf_worker
for step in pdf_worker.WARM_UP:
    step()
report, kwargs = pdf_worker.load_job(open(sys.argv[3] + ".job", "rb").read())
kwargs.pop("path")
if report.plan.hall is not None:  # the parent tells the worker so before the job: it warms up for the charts
    for step in pdf_worker.CHART_WARM_UP:
        step()
from planner.report.document import pdf_bytes
w0, c0 = time.perf_counter(), time.process_time()
pdf = pdf_bytes(report, **kwargs)
w1, c1 = time.perf_counter(), time.process_time()
open(sys.argv[3], "wb").write(pdf)
print(json.dumps({"build": w1 - w0, "build_cpu": c1 - c0}))
"""

LEVELS = r"""
import sys, time, zlib
import planner.report.flate as flate
streams = []

def keep(self, text):  # record what the build compresses
    data = text.encode("utf8") if isinstance(text, str) else text
    streams.append(data)
    return zlib.compress(data, self.level)

flate.FlateFilter.encode = keep
exec(open(sys.argv[4]).read())
print(f"{len(streams)} streams, {sum(map(len, streams)) / 1e6:.2f} MB before compression", file=sys.stderr)
for level in range(1, 10):
    t = time.perf_counter()
    size = sum(len(zlib.compress(s, level)) for s in streams)
    print(f"  zlib level {level}: {(time.perf_counter() - t) * 1000:6.1f} ms  {size / 1e3:7.0f} kB", file=sys.stderr)
"""


def _run(src: Path, dxf: str, hall: str, out: str, code: str = CHILD, floor: bool = False) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(src))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    extra = [str(Path(out).with_suffix(".py"))] if code is LEVELS else []
    if extra:
        Path(extra[0]).write_text(CHILD)
    extra += ["--floor"] if floor else []
    proc = subprocess.run([sys.executable, "-c", code, dxf, hall, out, *extra], env=env, capture_output=True, text=True, cwd=src)
    if proc.returncode != 0:
        raise SystemExit(f"run in {src} failed: {proc.stderr.strip()[-500:]}")
    if code is LEVELS:
        print(proc.stderr, end="")
        return {}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _fmt(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:6.0f} ms ({min(xs) * 1000:.0f}–{max(xs) * 1000:.0f})"


def _worker(trees: list[tuple[str, Path]], dxf: str, hall: str, tmp: Path, repeat: int) -> None:
    """``--worker``: each tree's job pickled once, then the worker's build of it, trees alternating."""
    for name, src in trees:
        _run(src, dxf, hall, str(tmp / f"{name}.pdf"), JOB)
        _run(src, dxf, hall, str(tmp / f"{name}.pdf"), WORKER)  # warm-up: compiled modules, page cache
    got: dict[str, list[dict[str, float]]] = {name: [] for name, _ in trees}
    for _ in range(repeat):
        for name, src in trees:
            got[name].append(_run(src, dxf, hall, str(tmp / f"{name}.pdf"), WORKER))
    print(f"{Path(dxf).name}{' (hall ' + hall + ')' if hall else ''}: the worker's build (pdf_bytes of the job), "
          f"median of {repeat} (min–max):")
    for name, _src in trees:
        runs = got[name]
        size = (tmp / f"{name}.pdf").stat().st_size / 1e3
        print(f"  {name:8s} pdf_bytes {_fmt([r['build'] for r in runs])}  cpu {_fmt([r['build_cpu'] for r in runs])}  {size:.0f} kB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--baseline", type=Path, default=None, help="source tree of the version to compare with")
    ap.add_argument("--levels", action="store_true", help="zlib level against time and size, once per file")
    ap.add_argument("--worker", action="store_true", help="time the PDF worker's build of the pickled job instead")
    ap.add_argument("--floor", action="store_true",
                    help="also time plain reportlab writing the same pages with the drawing's lines, one path per line")
    args = ap.parse_args()
    files = args.files or [str(SHARED / f) for f in DEFAULT_FILES]
    trees = [("ours", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
    with tempfile.TemporaryDirectory() as tmp:
        for spec in files:
            dxf, _, hall = spec.partition(":")
            if args.levels:
                print(f"{Path(dxf).name}:")
                _run(ROOT, dxf, hall, str(Path(tmp) / "levels.pdf"), LEVELS)
                continue
            got: dict[str, list[dict[str, float]]] = {name: [] for name, _ in trees}
            if args.worker:
                _worker(trees, dxf, hall, Path(tmp), args.repeat)
                continue
            for name, src in trees:  # warm-up: compiled modules written, files in the page cache
                _run(src, dxf, hall, str(Path(tmp) / f"{name}.pdf"))
            for _ in range(args.repeat):
                for name, src in trees:
                    got[name].append(_run(src, dxf, hall, str(Path(tmp) / f"{name}.pdf"), floor=args.floor and name == "ours"))
            print(f"{Path(dxf).name}{' (hall ' + hall + ')' if hall else ''}, median of {args.repeat} (min–max):")
            for name, _src in trees:
                runs = got[name]
                size = (Path(tmp) / f"{name}.pdf").stat().st_size / 1e3
                print(f"  {name:8s} import planner.report {_fmt([r['import'] for r in runs])}  cpu {_fmt([r['import_cpu'] for r in runs])}")
                print(f"  {'':8s} write_pdf             {_fmt([r['write'] for r in runs])}  cpu {_fmt([r['write_cpu'] for r in runs])}"
                      f"  {size:.0f} kB")
                if runs and "floor" in runs[0]:
                    print(f"  {'':8s} plain reportlab, same pages and lines {_fmt([r['floor'] for r in runs])}  "
                          f"cpu {_fmt([r['floor_cpu'] for r in runs])}")


if __name__ == "__main__":
    main()
