"""Editor speed on a big drawing, compared with ezdxf's own Qt viewer on the same file.

    python benchmarks/bench_editor.py [--mb 20] [--file some.dxf]

Generates (once, cached in the temp folder) a DXF of about ``--mb`` megabytes: a large office
floor in millimetres with walls, a column grid, furniture polylines, door arcs and texts.  Then,
each in its own process (offscreen Qt, raster painting, the same viewport size):

- **hallplan**: ``load_any`` (the DXF importer), building the scene (batched underlay), time to
  the first finished paint of the window, then frame times while panning and zooming;
- **ezdxf**: ``ezdxf.readfile`` + ``CADWidget.set_document`` (ezdxf's ``ezdxf view`` machinery,
  PyQtBackend on a QGraphicsScene), first paint, then the same pans and zooms.

Frame time = the view's ``paintEvent`` for one full repaint of the viewport.  Not part of the test
run (it takes a minute).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
VIEW_W, VIEW_H = 1200, 800


def make_dxf(path: Path, mb: float) -> Path:
    """A big floor plan (mm): repeated bays of walls, columns, desks, chairs, door arcs, texts."""
    import ezdxf

    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    for name in ("A-WALL", "S-COLS", "I-FURN", "A-DOOR", "A-ANNO", "A-GRID"):
        doc.layers.add(name)
    bay = 0
    target = mb * 1_000_000
    per_bay = 7_800  # bytes a bay writes, roughly (measured)
    n_bays = max(1, int(target / per_bay))
    cols = int(math.ceil(math.sqrt(n_bays)))
    for bay in range(n_bays):
        bx, by = (bay % cols) * 12_000.0, (bay // cols) * 9_000.0
        msp.add_lwpolyline([(bx, by), (bx + 12_000, by), (bx + 12_000, by + 9_000), (bx, by + 9_000)], close=True,
                           dxfattribs={"layer": "A-WALL"})
        msp.add_line((bx + 200, by), (bx + 200, by + 9_000), dxfattribs={"layer": "A-WALL"})
        for i in range(4):
            for j in range(3):
                x, y = bx + 1_500 + i * 2_800, by + 1_500 + j * 2_800
                msp.add_lwpolyline([(x, y), (x + 1_600, y), (x + 1_600, y + 800), (x, y + 800)], close=True,
                                   dxfattribs={"layer": "I-FURN"})
                for k in range(2):
                    cx = x + 300 + k * 800
                    msp.add_lwpolyline([(cx, y - 550), (cx + 450, y - 550), (cx + 450, y - 100), (cx, y - 100)], close=True,
                                       dxfattribs={"layer": "I-FURN"})
        for i in range(3):
            msp.add_circle((bx + 4_000 * i + 500, by + 500), 300, dxfattribs={"layer": "S-COLS"})
        msp.add_arc((bx + 6_000, by), 900, 0, 90, dxfattribs={"layer": "A-DOOR"})
        msp.add_line((bx, by + 4_500), (bx + 12_000, by + 4_500), dxfattribs={"layer": "A-GRID"})
        msp.add_text(f"办公室 {bay}", height=300, dxfattribs={"layer": "A-ANNO"}).set_placement((bx + 5_000, by + 4_000))
    doc.saveas(path)
    return path


def frames(view: Any, repaint: Callable[[], float]) -> dict[str, Any]:
    """Frame times (ms) of full repaints while panning at three zooms and zooming in steps."""
    out: dict[str, list[float]] = {"pan_fit": [], "pan_4x": [], "pan_16x": [], "zoom": []}
    hs, vs = view.horizontalScrollBar(), view.verticalScrollBar()

    centre = view.scene().itemsBoundingRect().center()

    def pan(key: str) -> None:
        view.centerOn(centre)
        for i in range(12):
            hs.setValue(hs.value() + (40 if i % 2 else -25))
            vs.setValue(vs.value() + 15)
            out[key].append(repaint())

    pan("pan_fit")
    for _ in range(8):  # 1.2**8 ≈ 4.3
        view.scale(1.2, 1.2)
        out["zoom"].append(repaint())
    pan("pan_4x")
    view.scale(4.0, 4.0)
    out["zoom"].append(repaint())
    pan("pan_16x")
    return {k: {"median_ms": round(statistics.median(v), 1), "max_ms": round(max(v), 1), "n": len(v)} for k, v in out.items()}


def drag_latency(w: Any) -> dict[str, Any]:
    """Milliseconds per mouse move while dragging one object (edit command, scene update, snapping)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest

    obj = w.doc.plan.objects[len(w.doc.plan.objects) // 2]
    c = obj.geometry.representative_point()
    w.view.fit_rect(obj.geometry.buffer(5).bounds)
    w.ui.set_tool("select")
    vp = w.view.viewport()
    start = w.view.mapFromScene(QPointF(c.x, c.y))
    t = time.perf_counter()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    press_ms = (time.perf_counter() - t) * 1000
    times = []
    for i in range(1, 21):
        t = time.perf_counter()
        QTest.mouseMove(vp, start + QPoint(3 * i, 2 * i))
        times.append((time.perf_counter() - t) * 1000)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(60, 40))
    moved = w.doc.plan.get(obj.id).geometry.bounds != obj.geometry.bounds
    return {"press_ms": round(press_ms, 1), "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1), "undo_steps": w.doc.stack.count(),
            "moved": moved}


def timed_repaint(view: Any, holder: dict[str, float]) -> Callable[[], float]:
    def run() -> float:
        holder["t"] = 0.0
        view.viewport().repaint()
        return holder["t"] * 1000

    return run


def run_hallplan(path: Path) -> dict[str, Any]:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)
    from planner.app import make_app

    app = make_app()
    from planner.loading import load_any
    from planner.editor.window import MainWindow

    t0 = time.perf_counter()
    loaded = load_any(path)
    plan, res = loaded.plan, loaded.imported
    t_import = time.perf_counter() - t0
    w = MainWindow("zh")
    for dock in w.docks.values():
        dock.hide()
    w.resize(VIEW_W, VIEW_H + 120)
    t1 = time.perf_counter()
    w.doc.reset(plan, underlay=res.underlay, import_result=res, source=path)
    t_scene = time.perf_counter() - t1
    holder = {"t": 0.0}
    w.view.painted.connect(lambda dt: holder.__setitem__("t", holder["t"] + dt))
    w.show()
    w.view.fit()
    t2 = time.perf_counter()
    while holder["t"] == 0.0:
        QApplication.processEvents()
    t_paint = time.perf_counter() - t2
    result = {"import_s": round(t_import, 2), "scene_s": round(t_scene, 2), "first_paint_s": round(t_paint, 2),
              "time_to_first_paint_s": round(t_import + t_scene + t_paint, 2), "scene_items": w.scene.item_count(),
              "underlay_vertices": getattr(res.report, "underlay_vertices", None)}
    result["frames"] = frames(w.view, timed_repaint(w.view, holder))
    result["drag"] = drag_latency(w)
    t3 = time.perf_counter()
    w.checker.check_now(w.doc.plan)
    result["check_s"] = round(time.perf_counter() - t3, 2)
    w.doc.mark_saved(path.with_suffix(".hallplan"))
    del app
    return result


def run_ezdxf(path: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from planner.editor.qtcompat import guard_none_refcount

    guard_none_refcount()
    import ezdxf
    from ezdxf.addons.drawing.qtviewer import CADGraphicsView, CADWidget, Configuration

    holder = {"t": 0.0}

    class TimedView(CADGraphicsView):  # type: ignore[misc]
        def paintEvent(self, event: Any) -> None:  # noqa: N802
            t = time.perf_counter()
            super().paintEvent(event)
            holder["t"] += time.perf_counter() - t

    t0 = time.perf_counter()
    doc = ezdxf.readfile(path)
    t_read = time.perf_counter() - t0
    view = TimedView()
    cad = CADWidget(view, config=Configuration())
    cad.resize(VIEW_W, VIEW_H)
    t1 = time.perf_counter()
    cad.set_document(doc)
    t_draw = time.perf_counter() - t1
    cad.show()
    t2 = time.perf_counter()
    while holder["t"] == 0.0:
        QApplication.processEvents()
    t_paint = time.perf_counter() - t2
    result = {"read_s": round(t_read, 2), "draw_scene_s": round(t_draw, 2), "first_paint_s": round(t_paint, 2),
              "time_to_first_paint_s": round(t_read + t_draw + t_paint, 2), "scene_items": len(view.scene().items())}
    result["frames"] = frames(view, timed_repaint(view, holder))
    del app
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--file", type=Path)
    ap.add_argument("--which", choices=["hallplan", "ezdxf"])
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path = args.file or Path(tempfile.gettempdir()) / f"hallplan-bench-{args.mb:g}mb.dxf"
    if args.which:
        sys.path.insert(0, str(ROOT))
        res = run_hallplan(path) if args.which == "hallplan" else run_ezdxf(path)
        print(json.dumps(res))
        sys.stdout.flush()
        os._exit(0)  # skip Qt teardown
    if not path.exists():
        t = time.perf_counter()
        make_dxf(path, args.mb)
        print(f"generated {path} in {time.perf_counter() - t:.1f} s")
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB), viewport {VIEW_W}×{VIEW_H}, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}")
    results = {}
    for which in ("hallplan", "ezdxf"):
        out = subprocess.run([sys.executable, __file__, "--which", which, "--file", str(path)], capture_output=True, text=True,
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
        if not line:
            print(f"{which}: failed\n{out.stderr[-2000:]}")
            continue
        results[which] = json.loads(line[-1])
        print(which, json.dumps(results[which], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
