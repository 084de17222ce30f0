"""Drawings for rooms from walls, columns in pieces and counter groups, made with ezdxf."""

from __future__ import annotations

from pathlib import Path

import ezdxf

from tests.geometry.dxf_samples import new_doc, rect

DESK = (1600.0, 800.0)  # one 单柜, mm


def counter_group(path: Path, origin: tuple[float, float] = (0.0, 0.0), rotation: float = 30.0,
                  group_layer: str = "柜台") -> Path:
    """A 12 × 10 m hall holding one "柜台组" on ``group_layer``: four 单柜 blocks (one mirrored, one
    turned round), each with its own ATTRIBs (number, height, colour); the group carries a shared
    SERVICE attribute, a frame, a caption and a chair block that is not a counter."""
    doc = new_doc(4)
    msp = doc.modelspace()
    ox, oy = origin
    msp.add_lwpolyline([(ox + x, oy + y) for x, y in rect(0, 0, 12000, 10000)], close=True, dxfattribs={"layer": "服务大厅"})
    chair = doc.blocks.new("椅子")
    chair.add_circle((0, 0), 250)
    desk = doc.blocks.new("单柜")
    desk.add_lwpolyline(rect(0, 0, *DESK), close=True)
    desk.add_blockref("椅子", (800, 1100))  # the clerk's chair, part of the counter
    for i, tag in enumerate(("编号", "高度", "颜色")):
        desk.add_attdef(tag, (100, 100 + 150 * i), dxfattribs={"height": 100})
    grp = doc.blocks.new("柜台组")
    grp.add_lwpolyline(rect(-200, -200, 6600, 2000), close=True)  # the group's frame: not a counter
    grp.add_text("综合受理区", dxfattribs={"height": 250}).set_placement((0, 2200))
    grp.add_blockref("椅子", (3200, -800))  # a visitor's chair on layer 0: not a counter
    places = [((0, 0), 1, 0), ((1600, 0), 1, 0), ((4800, 0), -1, 0), ((6400, 800), 1, 180)]  # mirrored, turned
    for k, ((x, y), xs, rot) in enumerate(places):
        ref = grp.add_blockref("单柜", (x, y), dxfattribs={"layer": "柜台", "xscale": xs, "rotation": rot})
        ref.add_attrib("编号", f"{k + 1}号窗口", (x + 100, y + 100))
        ref.add_attrib("高度", "800" if k else "700", (x + 100, y + 250))
        ref.add_attrib("颜色", "深棕色", (x + 100, y + 400))
    g = msp.add_blockref("柜台组", (ox + 3000, oy + 3000), dxfattribs={"layer": group_layer, "rotation": rotation})
    g.add_attrib("SERVICE", "综合受理", (ox + 3000, oy + 3000))
    doc.saveas(path)
    return path


def column_pieces(path: Path) -> Path:
    """Four 500 mm columns on 柱, each drawn another way (four LINEs, two open polylines, an outline
    with its hatch, a hatch alone), a stray line, in a 20 × 12 m hall."""
    doc = new_doc(4)
    msp = doc.modelspace()
    msp.add_lwpolyline(rect(0, 0, 20000, 12000), close=True, dxfattribs={"layer": "服务大厅"})
    a = {"layer": "柱"}

    def corners(x: float, y: float) -> list[tuple[float, float]]:
        return [(x, y), (x + 500, y), (x + 500, y + 500), (x, y + 500)]

    c = corners(4000, 6000)
    for p, q in zip(c, c[1:] + c[:1]):
        msp.add_line(p, q, dxfattribs=a)
    c = corners(8000, 6000)
    msp.add_lwpolyline(c[:3], dxfattribs=a)
    msp.add_lwpolyline([c[2], c[3], c[0]], dxfattribs=a)
    c = corners(12000, 6000)
    msp.add_lwpolyline(c, close=True, dxfattribs=a)
    msp.add_hatch(dxfattribs=a).paths.add_polyline_path(c, is_closed=True)
    msp.add_hatch(dxfattribs=a).paths.add_polyline_path(corners(16000, 6000), is_closed=True)
    msp.add_line((1000, 1000), (1000, 3000), dxfattribs=a)  # a stray line: no column
    doc.saveas(path)
    return path


def save(doc: ezdxf.document.Drawing, path: Path) -> Path:
    doc.saveas(path)
    return path


def counter_group_dwg(path: Path, origin: tuple[float, float] = (0.0, 0.0), rotation: float = 30.0) -> Path:
    """The drawing of :func:`counter_group`, written as DWG with ezdwg's writer."""
    import ezdwg

    d = ezdwg.new()
    d.header["insunits"] = 4
    for layer in ("服务大厅", "柜台"):
        d.layers[layer] = {"color_index": 7}
    ox, oy = origin
    m = d.modelspace()
    m.add_lwpolyline([(ox + x, oy + y) for x, y in rect(0, 0, 12000, 10000)], closed=True, layer="服务大厅")
    chair = d.blocks.new("椅子")
    chair.add_circle((0.0, 0.0, 0.0), 250.0, layer="0")
    desk = d.blocks.new("单柜")
    desk.add_lwpolyline(rect(0, 0, *DESK), closed=True, layer="0")
    desk.add_blockref("椅子", (800.0, 1100.0, 0.0), layer="0")
    grp = d.blocks.new("柜台组")
    grp.add_lwpolyline(rect(-200, -200, 6600, 2000), closed=True, layer="0")
    grp.add_text("综合受理区", insert=(0.0, 2200.0, 0.0), height=250.0, layer="0")
    grp.add_blockref("椅子", (3200.0, -800.0, 0.0), layer="0")
    places = [((0, 0), 1, 0), ((1600, 0), 1, 0), ((4800, 0), -1, 0), ((6400, 800), 1, 180)]
    for k, ((x, y), xs, rot) in enumerate(places):
        ref = grp.add_blockref("单柜", (float(x), float(y), 0.0), scale=(float(xs), 1.0, 1.0), rotation=float(rot), layer="柜台")
        for tag, text, dy in (("编号", f"{k + 1}号窗口", 100), ("高度", "800" if k else "700", 250), ("颜色", "深棕色", 400)):
            grp.add_attrib(ref, tag, text, insert=(float(x + 100), float(y + dy), 0.0), height=100.0)
    g = m.add_blockref("柜台组", (ox + 3000.0, oy + 3000.0, 0.0), rotation=rotation, layer="柜台")
    m.add_attrib(g, "SERVICE", "综合受理", insert=(ox + 3000.0, oy + 3000.0, 0.0), height=100.0)
    d.save(str(path))
    return path
