"""One small Chinese hall drawn twice, as DWG (written with ezdwg) and as DXF (written with ezdxf)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ezdxf

Rect = list[tuple[float, float]]


def rect(x0: float, y0: float, x1: float, y1: float) -> Rect:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


# (layer, closed polyline) — millimetres, far from the origin as surveyed drawings are
OX, OY = 512_000.0, 3_120_000.0
POLYS: list[tuple[str, Rect]] = [
    ("服务大厅", rect(OX, OY, OX + 30000, OY + 20000)),
    ("建筑面积线", rect(OX - 5000, OY - 5000, OX + 40000, OY + 30000)),
    ("柜台", rect(OX + 2000, OY + 2000, OX + 3600, OY + 2800)),
    ("柜台", rect(OX + 4000, OY + 2000, OX + 5600, OY + 2800)),
    ("柜台", rect(OX + 6000, OY + 2000, OX + 7600, OY + 2800)),
    ("功能分区", rect(OX, OY + 10000, OX + 10000, OY + 20000)),
    ("咨询台", rect(OX + 22000, OY + 1000, OX + 24000, OY + 2000)),
]
LINES: list[tuple[str, tuple[float, float], tuple[float, float]]] = [
    ("出入口", (OX + 14000, OY), (OX + 16000, OY)),
    ("墙体", (OX + 12000, OY + 8000), (OX + 12000, OY + 14000)),
    ("门线", (OX + 12000, OY + 14000), (OX + 12900, OY + 14000)),
]
TEXTS: list[tuple[str, str, tuple[float, float]]] = [
    ("文字", "等候区", (OX + 5000, OY + 15000)),
    ("文字", "主入口", (OX + 14500, OY - 900)),
]
OFF_LAYER = "柜台"  # switched off in both files: still read
INSUNITS_MM = 4


def write_dwg(path: Path) -> Path:
    import ezdwg

    d = ezdwg.new()
    for layer in {la for la, _ in POLYS} | {la for la, *_ in LINES} | {la for la, *_ in TEXTS}:
        d.layers[layer] = {"color_index": 7, **({"off": True} if layer == OFF_LAYER else {})}
    d.header["insunits"] = INSUNITS_MM
    m = d.modelspace()
    for layer, pts in POLYS:
        m.add_lwpolyline(pts, closed=True, layer=layer)
    for layer, a, b in LINES:
        m.add_line((*a, 0.0), (*b, 0.0), layer=layer)
    for layer, text, at in TEXTS:
        m.add_text(text, insert=(*at, 0.0), height=500.0, layer=layer)
    d.save(str(path))
    return path


def write_dxf(path: Path) -> Path:
    doc: Any = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = INSUNITS_MM
    doc.layers.add(OFF_LAYER).off()
    msp = doc.modelspace()
    for layer, pts in POLYS:
        msp.add_lwpolyline(pts, close=True, dxfattribs={"layer": layer})
    for layer, a, b in LINES:
        msp.add_line(a, b, dxfattribs={"layer": layer})
    for layer, text, at in TEXTS:
        msp.add_text(text, dxfattribs={"layer": layer, "height": 500, "insert": at})
    doc.saveas(path)
    return path
