"""Drawings generated with ezdxf for DXF import tests with exact expectations (all in millimetres)."""

from __future__ import annotations

from pathlib import Path

import ezdxf
from ezdxf.enums import TextEntityAlignment


def new_doc(insunits: int | None = 4, version: str = "R2010") -> ezdxf.document.Drawing:
    doc = ezdxf.new(version)
    if insunits is not None:
        doc.header["$INSUNITS"] = insunits
    return doc


def rect(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def counter_block(doc: ezdxf.document.Drawing, name: str = "柜台") -> None:
    blk = doc.blocks.new(name)
    blk.add_lwpolyline(rect(-800, -400, 800, 400), close=True)
    for i, tag in enumerate(("高度", "颜色", "窗口", "无障碍")):
        blk.add_attdef(tag, (0, -150 * i), dxfattribs={"height": 100})


def chinese_hall(path: Path) -> Path:
    """A 30 × 20 m hall on Chinese layers, counters as blocks with attributes, zones, entrances, facilities."""
    doc = new_doc(4)
    msp = doc.modelspace()
    msp.add_lwpolyline(rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "服务大厅"})
    msp.add_lwpolyline(rect(-5000, -5000, 40000, 30000), close=True, dxfattribs={"layer": "建筑轮廓"})
    counter_block(doc)
    msp.add_blockref("柜台", (5000, 3000), dxfattribs={"layer": "柜台"}).add_auto_attribs(
        {"高度": "800", "颜色": "红", "窗口": "社保", "无障碍": "是"})
    msp.add_blockref("柜台", (9000, 3000), dxfattribs={"layer": "柜台", "rotation": 90}).add_auto_attribs(
        {"高度": "80cm", "颜色": "", "窗口": "医保", "无障碍": "否"})
    msp.add_blockref("柜台", (13000, 3000), dxfattribs={"layer": "柜台"}).add_auto_attribs({"窗口": "公积金"})
    # a counter drawn as a plain closed polyline
    msp.add_lwpolyline(rect(17000, 2600, 18600, 3400), close=True, dxfattribs={"layer": "窗口"})
    msp.add_lwpolyline(rect(0, 10000, 10000, 20000), close=True, dxfattribs={"layer": "功能分区"})
    msp.add_text("等候区", dxfattribs={"layer": "文字", "height": 500}).set_placement((5000, 15000), align=TextEntityAlignment.MIDDLE_CENTER)
    msp.add_lwpolyline(rect(10000, 10000, 20000, 20000), close=True, dxfattribs={"layer": "功能分区"})
    msp.add_mtext(r"{\fSimSun|b0|i0;投资项目\P集中审批服务区}", dxfattribs={"layer": "文字", "char_height": 400, "insert": (15000, 15000)})
    msp.add_lwpolyline(rect(20000, 10000, 30000, 20000), close=True, dxfattribs={"layer": "等候区"})
    msp.add_line((14000, 0), (16000, 0), dxfattribs={"layer": "出入口"})
    msp.add_text("主入口", dxfattribs={"layer": "文字", "height": 500, "insert": (14500, -900)})
    msp.add_line((30000, 8000), (30000, 10000), dxfattribs={"layer": "出入口"})
    msp.add_lwpolyline(rect(22000, 1000, 24000, 2000), close=True, dxfattribs={"layer": "咨询台"})
    msp.add_lwpolyline(rect(32000, 0, 39000, 10000), close=True, dxfattribs={"layer": "停车场"})
    msp.add_text("20个车位", dxfattribs={"layer": "文字", "height": 500, "insert": (33000, 5000)})
    msp.add_lwpolyline([(15000, -3000), (15000, 0), (15000, 5000)], dxfattribs={"layer": "无障碍通道"})
    fx = doc.blocks.new("灭火器")
    fx.add_circle((0, 0), 200)
    msp.add_blockref("灭火器", (1000, 1000))
    # a semicircular bulged wall: (0,8000) → (4000,8000), bulge 1 = radius 2 m, centre (2000,8000)
    msp.add_lwpolyline([(0, 8000, 0, 0, 1.0), (4000, 8000, 0, 0, 0)], format="xyseb", dxfattribs={"layer": "墙体"})
    doc.saveas(path)
    return path


def nested_inserts(path: Path) -> Path:
    """Counters and a camera inside a group block, inserted rotated, scaled and mirrored, two deep."""
    doc = new_doc(4)
    counter_block(doc, "COUNTER")
    cam = doc.blocks.new("CCTV")
    cam.add_circle((0, 0), 100)
    grp = doc.blocks.new("GROUP")
    grp.add_blockref("COUNTER", (1000, 0)).add_auto_attribs({"高度": "0.8m", "窗口": "A"})
    grp.add_blockref("COUNTER", (3000, 0), dxfattribs={"rotation": 90})
    grp.add_blockref("CCTV", (0, 2000))
    outer = doc.blocks.new("FLOOR")
    outer.add_blockref("GROUP", (0, 0), dxfattribs={"rotation": 30, "xscale": -1})  # mirrored
    msp = doc.modelspace()
    msp.add_lwpolyline(rect(-20000, -20000, 20000, 20000), close=True, dxfattribs={"layer": "HALL"})
    msp.add_blockref("FLOOR", (10000, 5000), dxfattribs={"xscale": 2, "yscale": 2, "layer": "PLAN"})
    doc.saveas(path)
    return path


def walled_hall(path: Path, gap: float = 50.0, label: str = "服务大厅") -> Path:
    """No hall boundary: a 200 mm wall band (one closed outline, as TArch draws walls) around a
    20 × 12 m room, with an opening ``gap`` mm wide in the south wall at x = 10 m."""
    from shapely.geometry import box

    doc = new_doc(4)
    msp = doc.modelspace()
    a = {"layer": "A-WALL"}
    band = box(-200, -200, 20200, 12200).difference(box(0, 0, 20000, 12000)).difference(box(10000, -300, 10000 + gap, 0))
    msp.add_lwpolyline(list(band.exterior.coords)[:-1], close=True, dxfattribs=a)
    for ring in band.interiors:
        msp.add_lwpolyline(list(ring.coords)[:-1], close=True, dxfattribs=a)
    # a second room next door, labelled otherwise
    msp.add_lwpolyline([(20200, -200), (30000, -200), (30000, 12200), (20200, 12200)], dxfattribs=a)
    msp.add_text(label, dxfattribs={"layer": "ROOM-NAME", "height": 500, "insert": (9000, 6000)})
    msp.add_text("办公室", dxfattribs={"layer": "ROOM-NAME", "height": 500, "insert": (25000, 6000)})
    doc.saveas(path)
    return path


def self_inserting(path: Path) -> Path:
    doc = new_doc(4)
    blk = doc.blocks.new("LOOP")
    blk.add_line((0, 0), (1000, 0))
    blk.add_blockref("LOOP", (100, 100))
    msp = doc.modelspace()
    msp.add_blockref("LOOP", (0, 0))
    msp.add_line((0, 0), (30000, 20000))
    doc.saveas(path)
    return path


def unitless_box(path: Path, size: float, insunits: int | None = None, origin: tuple[float, float] = (0, 0)) -> Path:
    doc = new_doc(insunits)
    msp = doc.modelspace()
    x, y = origin
    msp.add_lwpolyline(rect(x, y, x + size, y + size * 0.6), close=True, dxfattribs={"layer": "HALL"})
    for i in range(10):
        msp.add_line((x + i * size / 10, y), (x + i * size / 10, y + size * 0.6), dxfattribs={"layer": "GRID"})
    doc.saveas(path)
    return path


# --- hostile drawings: small on disk, enormous when expanded -------------------------------------

def laughs(path: Path, levels: int = 8, fanout: int = 10, layer: str = "0", leaf: str = "line") -> Path:
    """"Billion laughs": block L0 holds a line, each L(k) inserts L(k-1) ``fanout`` times, the
    modelspace inserts the top one: ``fanout ** levels`` lines from a few KB."""
    doc = new_doc(4)
    if leaf == "text":
        doc.blocks.new("L0").add_text("等候区", dxfattribs={"height": 100})
    else:
        doc.blocks.new("L0").add_line((0, 0), (100, 0))
    for k in range(1, levels + 1):
        blk = doc.blocks.new(f"L{k}")
        for i in range(fanout):
            blk.add_blockref(f"L{k - 1}", (0, 10.0 * i))
    doc.modelspace().add_blockref(f"L{levels}", (0, 0), dxfattribs={"layer": layer})
    doc.saveas(path)
    return path


def minsert_bomb(path: Path, where: str, rows: int = 100_000, cols: int = 100_000) -> Path:
    """A MINSERT of ``rows`` × ``cols`` cells: ``where`` = "top" (in modelspace), "nested" (inside a
    block inserted once) or "counter" (a counter block on the counter layer)."""
    doc = new_doc(4)
    msp = doc.modelspace()
    msp.add_lwpolyline(rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "HALL"})
    if where == "counter":
        counter_block(doc, "COUNTER")
        name, layer = "COUNTER", "COUNTER"
    else:
        doc.blocks.new("SEAT").add_circle((0, 0), 200)
        name, layer = "SEAT", "FURNITURE"
    attribs = {"layer": layer, "row_count": rows, "column_count": cols, "row_spacing": 500.0, "column_spacing": 500.0}
    if where == "nested":
        doc.blocks.new("ROOM").add_blockref(name, (0, 0), dxfattribs=attribs)
        msp.add_blockref("ROOM", (1000, 1000), dxfattribs={"layer": layer})
    else:
        msp.add_blockref(name, (1000, 1000), dxfattribs=attribs)
    doc.saveas(path)
    return path
