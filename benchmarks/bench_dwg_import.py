"""Benchmark: HallPlan's DWG import vs ``ezdwg.read`` alone, on the same drawing.

    python benchmarks/bench_dwg_import.py [--dir /tmp] [--halls 400] [--file some.dwg] [--keep]

Generates a DWG with ezdwg (a grid of service halls: outlines, walls, counters, labels; not
committed; counters are polylines, not blocks, because ezdwg 0.17's ``to_dxf`` drops the block
references of the DWGs its own writer makes), or takes ``--file``, then in fresh subprocesses (ezdwg caches decoded tables per
path, so every measurement starts cold) times:

- ``ezdwg.read``: opening the file (ezdwg decodes lazily, so this is the header only);
- ``ezdwg.read`` + decoding every model-space entity (``list(doc.modelspace().query())``): the
  floor for any reader that looks at the geometry;
- ``ezdwg.to_dxf``: ezdwg's own conversion to DXF through ezdxf;
- ``import_dxf``: HallPlan's whole import (conversion, reading the DXF back, units, layer map,
  plan, underlay, report).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

STEPS = {
    "ezdwg.read": "import ezdwg; d = ezdwg.read(P)",
    "ezdwg.read + decode entities": "import ezdwg; d = ezdwg.read(P); n = len(list(d.modelspace().query()))",
    "ezdwg.to_dxf": "import ezdwg, tempfile, os; t = tempfile.mkdtemp(); ezdwg.to_dxf(P, os.path.join(t, 'x.dxf'))",
    "HallPlan import_dxf": "from geometry.dxf import import_dxf; r = import_dxf(P)",
}


def generate(path: Path, halls: int) -> Path:
    import ezdwg

    d = ezdwg.new()
    for layer in ("服务大厅", "墙线", "柜台", "文字", "门线"):
        d.layers[layer] = {"color_index": 7}
    d.header["insunits"] = 4
    m = d.modelspace()
    side = max(1, int(halls ** 0.5))
    for i in range(halls):
        x0, y0 = (i % side) * 40000.0, (i // side) * 30000.0
        m.add_lwpolyline([(x0, y0), (x0 + 30000, y0), (x0 + 30000, y0 + 20000), (x0, y0 + 20000)], closed=True, layer="服务大厅")
        for k in range(10):
            m.add_line((x0 + 3000 * k, y0), (x0 + 3000 * k, y0 + 5000), layer="墙线")
            cx, cy = x0 + 2000 + 2500 * k, y0 + 8000
            m.add_lwpolyline([(cx, cy), (cx + 1600, cy), (cx + 1600, cy + 800), (cx, cy + 800)], closed=True, layer="柜台")
        m.add_line((x0 + 14000, y0), (x0 + 14900, y0), layer="门线")
        m.add_text(f"服务大厅 {i}", insert=(x0 + 5000, y0 + 15000, 0.0), height=500.0, layer="文字")
    d.save(str(path))
    return path


def measure(path: Path, code: str) -> float:
    prog = ("import sys, time; sys.path.insert(0, %r); P = %r\nt0 = time.perf_counter()\n%s\n"
            "print(time.perf_counter() - t0)") % (str(REPO), str(path), code)
    best = float("inf")
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, check=True, cwd=REPO)
        best = min(best, float(out.stdout.strip().splitlines()[-1]))
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default=tempfile.gettempdir())
    ap.add_argument("--halls", type=int, default=400)
    ap.add_argument("--file", help="an existing DWG instead of a generated one")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    path = Path(a.file) if a.file else generate(Path(a.dir) / f"bench-{a.halls}-halls.dwg", a.halls)
    times = {name: measure(path, code) for name, code in STEPS.items()}
    floor = times["ezdwg.read + decode entities"]
    result = {"file": str(path), "bytes": path.stat().st_size, "seconds (best of 3, fresh process)": times,
              "import / (read + decode)": round(times["HallPlan import_dxf"] / floor, 2),
              "import / to_dxf": round(times["HallPlan import_dxf"] / times["ezdwg.to_dxf"], 2)}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if not a.file and not a.keep:
        path.unlink()


if __name__ == "__main__":
    main()
