"""Benchmark: HallPlan's full DXF import vs ``ezdxf.readfile`` alone, on the same large drawing.

    python benchmarks/bench_dxf_import.py [--dir /tmp] [--mb 20] [--keep]

Generates a drawing of at least ``--mb`` MB (a floor of service halls: double-line walls, door
and furniture blocks, counters as blocks with attributes, column hatches, room labels; not
committed), then in fresh subprocesses measures, for each of the two ways of reading it, the wall
time, the peak resident memory (``VmHWM``) above the interpreter with all modules imported,
and the peak of Python allocations (``tracemalloc``, a separate run because it slows Python down).
Target: import ≤ 1.5 × readfile in time and in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def generate(path: Path, mb: float, rooms: int | None = None) -> Path:
    """A floor of ``mb`` megabytes (or of exactly ``rooms`` rooms) at ``path``."""
    import ezdxf

    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4
    door = doc.blocks.new("DOOR900")
    door.add_line((0, 0), (0, 900))
    door.add_arc((0, 0), 900, 0, 90)
    chair = doc.blocks.new("CHAIR")
    chair.add_lwpolyline([(0, 0), (450, 0), (450, 450), (0, 450)], close=True)
    chair.add_lwpolyline([(0, 400), (450, 400)])
    chair.add_circle((225, 200), 50)
    seats = doc.blocks.new("SEATS4")
    for i in range(4):
        seats.add_blockref("CHAIR", (i * 500, 0))
    counter = doc.blocks.new("柜台")
    counter.add_lwpolyline([(-800, -400), (800, -400), (800, 400), (-800, 400)], close=True)
    for i, tag in enumerate(("高度", "窗口")):
        counter.add_attdef(tag, (0, -150 * i), dxfattribs={"height": 100})
    msp = doc.modelspace()
    room = 12000.0

    def add_room(k: int) -> None:
        x0, y0 = (k % 40) * room, (k // 40) * room
        w = {"layer": "A-WALL"}
        msp.add_line((x0, y0), (x0 + room, y0), dxfattribs=w)
        msp.add_line((x0, y0 + 200), (x0 + room - 200, y0 + 200), dxfattribs=w)
        msp.add_line((x0, y0), (x0, y0 + room), dxfattribs=w)
        msp.add_line((x0 + 200, y0 + 200), (x0 + 200, y0 + room), dxfattribs=w)
        msp.add_lwpolyline([(x0 + 5000, y0 + 200, 0, 0, 0.4), (x0 + 6000, y0 + 200, 0, 0, 0)], dxfattribs=w)
        msp.add_blockref("DOOR900", (x0 + 3000, y0 + 200), dxfattribs={"layer": "A-DOOR", "rotation": 90 * (k % 4)})
        for s in range(6):
            msp.add_blockref("SEATS4", (x0 + 1000 + s * 1500, y0 + 8000), dxfattribs={"layer": "FURNITURE", "rotation": 15 * s})
        for c in range(3):
            msp.add_blockref("柜台", (x0 + 2000 + c * 2000, y0 + 3000), dxfattribs={"layer": "COUNTER"}).add_auto_attribs(
                {"高度": "800", "窗口": f"{k}-{c}"})
        h = msp.add_hatch(dxfattribs={"layer": "A-COLS"})
        h.paths.add_polyline_path([(x0 + 400, y0 + 400), (x0 + 900, y0 + 400), (x0 + 900, y0 + 900), (x0 + 400, y0 + 900)])
        for i in range(8):  # furniture drawn loose, as many drawings do
            msp.add_lwpolyline([(x0 + 7000 + i * 500, y0 + 1000), (x0 + 7400 + i * 500, y0 + 1000),
                                (x0 + 7400 + i * 500, y0 + 1600), (x0 + 7000 + i * 500, y0 + 1600)], close=True,
                               dxfattribs={"layer": "FURNITURE"})
            msp.add_line((x0 + 7000 + i * 500, y0 + 1000), (x0 + 7400 + i * 500, y0 + 1600), dxfattribs={"layer": "FURNITURE"})
        msp.add_circle((x0 + 6000, y0 + 6000), 300, dxfattribs={"layer": "FURNITURE"})
        msp.add_text(f"办事大厅 {k}", dxfattribs={"layer": "PUB_TEXT", "height": 300, "insert": (x0 + 4000, y0 + 6000)})
        msp.add_mtext(f"{{\\fSimSun;等候区\\P{k}}}", dxfattribs={"layer": "PUB_TEXT", "char_height": 250, "insert": (x0 + 4000, y0 + 9000)})

    first = 100 if rooms is None else rooms
    for k in range(first):
        add_room(k)
    doc.saveas(path)
    if rooms is not None:
        return path
    per_room = path.stat().st_size / first
    total = int(mb * 1e6 / per_room * 1.03) + 1
    for k in range(first, total):
        add_room(k)
    doc.saveas(path)
    return path


CHILD = r"""
import gc, json, resource, sys, time, tracemalloc
sys.path.insert(0, {repo!r})
import ezdxf, numpy, shapely
import geometry.dxf
from geometry.dxf import import_dxf
mode, path, trace = sys.argv[1], sys.argv[2], sys.argv[3] == "1"


def status_kb(key):
    # VmHWM (peak) belongs to this process image; ru_maxrss would carry the parent's peak over exec
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


gc.collect()
base = status_kb("VmRSS")
if trace:
    tracemalloc.start()
t0 = time.perf_counter()
if mode == "readfile":
    doc = ezdxf.readfile(path)
    n = len(doc.modelspace())
else:
    r = import_dxf(path)
    n = r.report.underlay_vertices
dt = time.perf_counter() - t0
peak_py = tracemalloc.get_traced_memory()[1] if trace else None
peak = status_kb("VmHWM")
print(json.dumps({{"seconds": dt, "rss_peak_kb": peak, "rss_base_kb": base, "py_peak": peak_py, "n": n}}))
"""


def measure(mode: str, path: Path, trace: bool) -> dict:
    code = CHILD.format(repo=str(REPO))
    out = subprocess.run([sys.executable, "-c", code, mode, str(path), "1" if trace else "0"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default="/tmp")
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--keep", action="store_true", help="keep the generated drawing")
    ap.add_argument("--file", help="benchmark this DXF instead of generating one")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each, alternating; the fastest counts")
    a = ap.parse_args()
    if a.file:
        path = Path(a.file)
    else:
        path = Path(a.dir) / "hallplan-bench.dxf"
        t = time.perf_counter()
        generate(path, a.mb)
        print(f"generated {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
    try:
        res: dict[str, dict] = {}
        for _ in range(max(1, a.repeat)):  # alternate, so both see the same machine load
            for mode in ("readfile", "import"):
                m = measure(mode, path, trace=False)
                if mode not in res or m["seconds"] < res[mode]["seconds"]:
                    res[mode] = m
        for mode in ("readfile", "import"):
            res[mode]["py_peak"] = measure(mode, path, trace=True)["py_peak"]
        for mode in ("readfile", "import"):
            m = res[mode]
            print(f"{mode:9s} time {m['seconds']:7.2f} s   RSS peak {m['rss_peak_kb'] / 1024:7.1f} MB "
                  f"(+{(m['rss_peak_kb'] - m['rss_base_kb']) / 1024:.1f} MB over the loaded interpreter)   "
                  f"tracemalloc peak {m['py_peak'] / 1e6:7.1f} MB")
        r, i = res["readfile"], res["import"]
        print(f"ratio import/readfile: time {i['seconds'] / r['seconds']:.2f}x, "
              f"RSS growth {(i['rss_peak_kb'] - i['rss_base_kb']) / max(1, r['rss_peak_kb'] - r['rss_base_kb']):.2f}x, "
              f"Python allocations {i['py_peak'] / r['py_peak']:.2f}x   (target ≤ 1.5x)")
    finally:
        if not a.keep and not a.file:
            os.unlink(path)


if __name__ == "__main__":
    main()
