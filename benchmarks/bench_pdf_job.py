"""Benchmark: handing the approval PDF's job from ``hallplan check F --pdf`` to its PDF worker.

    python benchmarks/bench_pdf_job.py [--repeat 7] [FILE.dxf|PLAN.hallplan|hall500 ...]

The job (the report, the check's walking field, the PDF's options with the drawing underlay) is made
as the command makes it, then handed over the way the command hands it, old format and new in
alternation, ``--repeat`` times each:

- *old*: plain ``pickle`` of the job as it was before issue 14's hand-over work (the plan pickled
  object by object with its lookup tables, each geometry through shapely's own ``__reduce__``), read
  by a worker that does not freeze the collector;
- *new*: :func:`planner.commands.pdf_worker.job_bytes` / :func:`~planner.commands.pdf_worker.load_job`
  in a worker that freezes what it inherited (``gc.freeze``), through a widened pipe, as the real
  worker does.

Each hand-over runs in a worker forked beforehand (as the command forks its worker at start): the
parent pickles and sends the job through a pipe, the worker receives and unpickles it.  Printed: the
job's size; the parent's pickle+send and the worker's receive+unpickle, CPU time (``process_time``,
not disturbed by other processes' load); the wall time from the start of pickling to the end of
unpickling.  Medians, min–max.  Default inputs: ``us_apartments_inch.dxf`` and
``tarch_t3_power_room_mm.dxf`` from ``/work/shared/dxf`` (or ``$HALLPLAN_SHARED_DXF``), the
``city-violations`` sample hall and ``hall500`` (the 500-counter hall of ``bench_check.py``).
"""

from __future__ import annotations

import argparse
import copyreg
import gc
import io
import os
import pickle
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import assets
from geometry.drawing_file import Underlay, UnderlayLayer
from geometry.model import Plan
from planner.commands import pdf_worker

SHARED = Path(os.environ.get("HALLPLAN_SHARED_DXF", "/work/shared/dxf"))
RESULT = struct.Struct(">ddd")


def make_job(path: str) -> tuple[Any, dict[str, Any]]:
    """The report and ``write_pdf`` options ``hallplan check PATH --pdf`` hands its worker."""
    from planner.commands import cli

    got: dict[str, Any] = {}

    def prepare(self: pdf_worker.PdfWriter, report: Any, path: str, **kwargs: Any) -> None:
        got["job"] = (report, dict(kwargs, path=path))

    saved = pdf_worker.PdfWriter.prepare, pdf_worker.PdfWriter.write, os.environ.get(pdf_worker.ENV)
    pdf_worker.PdfWriter.prepare = prepare  # type: ignore[method-assign]
    pdf_worker.PdfWriter.write = lambda self: None  # type: ignore[method-assign]
    os.environ[pdf_worker.ENV] = "0"
    out = sys.stdout
    try:
        sys.stdout = io.StringIO()
        cli.main(["check", path, "--pdf", os.path.join(tempfile.gettempdir(), "bench_pdf_job.pdf")])
    except SystemExit:
        pass
    finally:
        sys.stdout = out
        pdf_worker.PdfWriter.prepare, pdf_worker.PdfWriter.write = saved[0], saved[1]  # type: ignore[method-assign]
        if saved[2] is None:
            os.environ.pop(pdf_worker.ENV, None)
        else:
            os.environ[pdf_worker.ENV] = saved[2]
    return got["job"]  # type: ignore[no-any-return]


def old_parts(report: Any, kwargs: dict[str, Any]) -> list[bytes | memoryview]:
    return [old_bytes(report, kwargs)]


def _plain(obj: Any) -> tuple[Any, ...]:
    """``object.__reduce_ex__``'s answer for a class without its own ``__reduce__``."""
    if hasattr(obj, "__dict__"):  # (Underlay's bases declare empty __slots__)
        return copyreg.__newobj__, (type(obj),), obj.__dict__  # type: ignore[attr-defined]
    slots = type(obj).__slots__
    return copyreg.__newobj__, (type(obj),), (None, {k: getattr(obj, k) for k in slots if hasattr(obj, k)})  # type: ignore[attr-defined]


def old_bytes(report: Any, kwargs: dict[str, Any]) -> bytes:
    """The job as the command pickled it before: plain pickle, the plan, the underlay and its layers
    as their fields (the same bytes as before, checked against a job the old code made)."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    p.dispatch_table = dict(copyreg.dispatch_table)
    p.dispatch_table.update({Plan: _plain, Underlay: _plain, UnderlayLayer: _plain})
    p.dump((report, pdf_worker._walk_of(report.plan), kwargs))
    return buf.getvalue()


def old_load(data: bytes | bytearray) -> tuple[Any, dict[str, Any]]:
    report, walk, kwargs = pickle.loads(data)
    pdf_worker._adopt_walk(report.plan, walk)
    return report, kwargs


def fresh(report: Any, kwargs: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """A copy of the job made now, its walking field known as the check's: made after the worker is
    forked, as the command's job is (the worker shares none of its memory)."""
    walk = pdf_worker._walk_of(report.plan)
    report, kwargs = pickle.loads(pickle.dumps((report, kwargs), protocol=pickle.HIGHEST_PROTOCOL))
    pdf_worker._adopt_walk(report.plan, walk)
    return report, kwargs


Make = Callable[[Any, dict[str, Any]], list[bytes | memoryview]]


def hand_over(job: tuple[Any, dict[str, Any]], make: Make, load: Callable[[bytearray], Any],
              new: bool) -> tuple[float, float, float, int]:
    """One hand-over through a forked worker: (parent CPU, worker CPU, wall, bytes).  ``new``: the
    worker freezes the collector and the job pipe is widened, as now."""
    job_r, job_w = os.pipe()
    res_r, res_w = os.pipe()
    if new:
        pdf_worker._widen(job_w)
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(job_w)
            os.close(res_r)
            if new:
                gc.freeze()  # as pdf_worker.serve and _job do
            c = time.process_time()  # waiting for the job takes none
            data = pdf_worker._receive(job_r)
            load(data)  # type: ignore[arg-type]
            end = time.perf_counter()
            os.write(res_w, RESULT.pack(time.process_time() - c, end, 0.0))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(job_r)
    os.close(res_w)
    report, kwargs = fresh(*job)
    time.sleep(0.05)  # the worker is waiting for the job, as the real one is after its warm-up
    t = time.perf_counter()
    c = time.process_time()
    parts = make(report, kwargs)
    pdf_worker._send(job_w, *parts)
    parent_cpu = time.process_time() - c
    got = pdf_worker._read_exact(res_r, RESULT.size)
    os.waitpid(pid, 0)
    os.close(job_w)
    os.close(res_r)
    if got is None:
        raise SystemExit("the worker failed")
    worker_cpu, end, _ = RESULT.unpack(got)
    return parent_cpu, worker_cpu, end - t, sum(memoryview(p).nbytes for p in parts)


def _fmt(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:6.1f} ms ({min(xs) * 1000:.1f}–{max(xs) * 1000:.1f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    inputs = a.inputs or [str(SHARED / "us_apartments_inch.dxf"), str(SHARED / "tarch_t3_power_room_mm.dxf"),
                          str(assets.path("samples", "city-violations.hallplan")), "hall500"]
    tmp = tempfile.mkdtemp()
    for name in inputs:
        path = name
        if name == "hall500":
            from geometry.project import save_plan
            from geometry.synthetic import synthetic_hall

            path = os.path.join(tmp, "hall500.hallplan")
            save_plan(synthetic_hall(500, 2000), path)
        report, kwargs = make_job(path)
        ways: dict[str, tuple[Make, Callable[[bytearray], Any], bool]] = {
            "old": (old_parts, old_load, False),
            "new": (pdf_worker.job_parts, pdf_worker.load_job, True),
        }
        for way in ways.values():  # one untimed round each: first-use costs are not the format's
            hand_over((report, kwargs), *way)
        runs: dict[str, list[tuple[float, float, float, int]]] = {k: [] for k in ways}
        for _ in range(a.repeat):
            for k, way in ways.items():
                runs[k].append(hand_over((report, kwargs), *way))
        print(f"{Path(name).name}")
        for k, rs in runs.items():
            parent, worker, wall = ([r[i] for r in rs] for i in range(3))
            both = [p + w for p, w in zip(parent, worker)]
            print(f"  {k}: {rs[0][3] / 1e6:5.2f} MB  pickle+send cpu {_fmt(parent)}  receive+unpickle cpu {_fmt(worker)}"
                  f"  both cpu {_fmt(both)}  wall {_fmt(wall)}")


if __name__ == "__main__":
    main()
