"""Benchmark: HallPlan's full DXF import vs ``ezdxf.readfile`` alone, on the same drawings.

    python benchmarks/bench_dxf_import.py [--mb 20] [--repeat 5] [--file F ...] [--big 200]

For each drawing (a generated floor of at least ``--mb`` MB, and each ``--file``, e.g. the real
TArch drawing in ``shared/dxf``) the two ways of reading it run alternately in fresh processes,
``--repeat`` times each: wall time, peak resident memory (``VmHWM``) above the interpreter with
all modules imported, and the peak of Python allocations (``tracemalloc``, a separate run
because it slows Python down).  Medians with min–max.  Targets: the import faster than
``readfile`` alone and within 1.1 × its memory.

``--big 200`` grows the generated drawing to 200 MB (in ``--dir``, never in the repository) by
copying its entities with new handles and offsets, and measures the import's peak memory
(target: within 2 GB); ``--big-readfile`` measures ``readfile`` on it too (minutes, ~3 GB).
"""

from __future__ import annotations

import argparse
import json
import statistics
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
c0 = time.process_time()
if mode == "readfile":
    doc = ezdxf.readfile(path)
    n = len(doc.modelspace())
else:
    r = import_dxf(path)
    n = r.report.underlay_vertices
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
peak_py = tracemalloc.get_traced_memory()[1] if trace else None
peak = status_kb("VmHWM")
print(json.dumps({{"seconds": dt, "cpu": cpu, "rss_peak_kb": peak, "rss_base_kb": base, "py_peak": peak_py, "n": n}}))
"""


def measure(mode: str, path: Path, trace: bool) -> dict:
    code = CHILD.format(repo=str(REPO))
    out = subprocess.run([sys.executable, "-c", code, mode, str(path), "1" if trace else "0"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def grow(src: Path, dst: Path, mb: float) -> Path:
    """``src`` with its ENTITIES copied (new handles, each copy moved up) until ``dst`` has ``mb`` MB."""
    lines = src.read_text(encoding="utf-8").splitlines()
    pairs = list(zip(lines[::2], lines[1::2]))
    start = next(i for i, (c, v) in enumerate(pairs) if c.strip() == "2" and v == "ENTITIES") + 1
    end = next(i for i in range(start, len(pairs)) if pairs[i][0].strip() == "0" and pairs[i][1] == "ENDSEC")
    body = pairs[start:end]
    handles = {v for c, v in body if c.strip() == "5"}
    shift = 16 ** len(format(max(int(h, 16) for h in handles), "x"))
    ys = [float(v) for c, v in body if c.strip() == "20"]
    dy = (max(ys) - min(ys)) * 1.1 + 12000.0
    head = "\n".join(f"{c}\n{v}" for c, v in pairs[:start])
    tail = "\n".join(f"{c}\n{v}" for c, v in pairs[end:])
    copies = max(1, int(mb * 1e6 / src.stat().st_size + 0.999))
    with open(dst, "w", encoding="utf-8") as out:
        out.write(head + "\n")
        for k in range(copies):
            kind = ""
            buf = []
            for c, v in body:
                code = int(c)
                if code == 0:
                    kind = v
                elif code == 5 or (code == 330 and v in handles):
                    v = format(int(v, 16) + k * shift, "X")
                elif code in (20, 21) and not (kind == "MTEXT" and code == 21):
                    v = repr(float(v) + k * dy)
                buf.append(f"{c}\n{v}\n")
            out.write("".join(buf))
        out.write(tail + "\n")
    return dst


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} ({min(values):.2f}–{max(values):.2f})"


def compare(path: Path, repeat: int) -> None:
    """Alternating runs of both, then one tracemalloc run of each; prints a table row per way."""
    runs: dict[str, list[dict]] = {"readfile": [], "import": []}
    for _ in range(max(1, repeat)):  # alternate, so both see the same machine load
        for mode in runs:
            runs[mode].append(measure(mode, path, trace=False))
    py = {mode: measure(mode, path, trace=True)["py_peak"] for mode in runs}
    print(f"\n{path.name} ({path.stat().st_size / 1e6:.1f} MB), {repeat} runs each, alternating; median (min–max)")
    med: dict[str, tuple[float, float]] = {}
    cpu_med: dict[str, float] = {}
    for mode, ms in runs.items():
        secs = [m["seconds"] for m in ms]
        cpus = [m["cpu"] for m in ms]
        cpu_med[mode] = statistics.median(cpus)
        grow_mb = [(m["rss_peak_kb"] - m["rss_base_kb"]) / 1024 for m in ms]
        peak_mb = [m["rss_peak_kb"] / 1024 for m in ms]
        med[mode] = (statistics.median(secs), statistics.median(grow_mb))
        print(f"  {mode:9s} time {_stats(secs)} s   CPU {_stats(cpus)} s   RSS peak {_stats(peak_mb)} MB   growth {_stats(grow_mb)} MB   "
              f"tracemalloc peak {py[mode] / 1e6:7.1f} MB")
    (rt, rg), (it, ig) = med["readfile"], med["import"]
    print(f"  import/readfile: time {it / rt:.2f}x (CPU {cpu_med['import'] / cpu_med['readfile']:.2f}x), RSS growth {ig / max(rg, 1e-9):.2f}x, "
          f"Python allocations {py['import'] / py['readfile']:.2f}x   (targets < 1x time, <= 1.1x memory)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default="/tmp")
    ap.add_argument("--mb", type=float, default=20.0, help="size of the generated drawing (0: none)")
    ap.add_argument("--keep", action="store_true", help="keep the generated drawings")
    ap.add_argument("--file", action="append", default=[], help="also benchmark this DXF (repeatable)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs of each, alternating")
    ap.add_argument("--big", type=float, default=0.0, help="grow the generated drawing to this many MB: import memory")
    ap.add_argument("--big-readfile", action="store_true", help="measure readfile on the big drawing too")
    a = ap.parse_args()
    made: list[Path] = []
    try:
        paths = [Path(f) for f in a.file]
        if a.mb > 0 or a.big:
            gen = Path(a.dir) / "hallplan-bench.dxf"
            t = time.perf_counter()
            generate(gen, a.mb or 20.0)
            made.append(gen)
            print(f"generated {gen} ({gen.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
            if a.mb > 0:
                paths.append(gen)
        for path in paths:
            compare(path, a.repeat)
        if a.big:
            big = Path(a.dir) / "hallplan-bench-big.dxf"
            t = time.perf_counter()
            grow(made[0], big, a.big)
            made.append(big)
            print(f"\ngrew {big} ({big.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
            for mode in (("import", "readfile") if a.big_readfile else ("import",)):
                m = measure(mode, big, trace=False)
                print(f"  {mode:9s} time {m['seconds']:7.1f} s   CPU {m['cpu']:7.1f} s   RSS peak {m['rss_peak_kb'] / 1024:7.0f} MB   "
                      f"(+{(m['rss_peak_kb'] - m['rss_base_kb']) / 1024:.0f} MB over the loaded interpreter)   target ≤ 2048 MB")
    finally:
        if not a.keep:
            for p in made:
                p.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
