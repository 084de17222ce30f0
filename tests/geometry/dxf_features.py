"""One drawing with every entity kind and placement the DXF reader must get right (generated with ezdxf)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ezdxf
from ezdxf.enums import TextEntityAlignment
from ezdxf.math import Vec3


def features(path: Path, version: str = "R2010") -> Path:
    """Curves, hatches, MTEXT, dimensions, MINSERT, block base points, mirrored (−Z) entities,
    invisible attributes, XDATA, off/frozen layers and paperspace entities (which must not count)."""
    doc = ezdxf.new(version, setup=True)
    doc.header["$INSUNITS"] = 4
    doc.layers.add("OFF-LAYER").off()
    doc.layers.add("FROZEN").freeze()
    doc.appids.add("HALLPLAN")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (30000, 0), (30000, 20000), (0, 20000)], close=True, dxfattribs={"layer": "服务大厅"})
    blk = doc.blocks.new("DESK", base_point=(500, 250))
    blk.add_lwpolyline([(0, 0), (1000, 0), (1000, 500), (0, 500)], close=True)
    blk.add_arc((500, 250), 200, 0, 180)
    blk.add_attdef("窗口", (0, -100), dxfattribs={"height": 100})
    blk.add_text("桌", dxfattribs={"height": 120, "insert": (100, 100)})
    nest = doc.blocks.new("PAIR")
    nest.add_blockref("DESK", (0, 0))
    nest.add_blockref("DESK", (2000, 0), dxfattribs={"rotation": 30, "xscale": -1})
    nest.add_line((0, 0), (2000, 0), dxfattribs={"layer": "0"})
    ins = msp.add_blockref("DESK", (5000, 3000), dxfattribs={"layer": "柜台", "rotation": 45})
    ins.add_auto_attribs({"窗口": "社保"})
    ins.attribs[0].dxf.flags = 1  # invisible
    msp.add_blockref("DESK", (9000, 3000), dxfattribs={"layer": "柜台", "xscale": 1.5, "yscale": -1}).add_auto_attribs({"窗口": "医保"})
    msp.add_blockref("PAIR", (2000, 12000), dxfattribs={"layer": "FURNITURE"})
    msp.add_blockref("DESK", (12000, 8000), dxfattribs={"layer": "FURNITURE", "row_count": 3, "column_count": 4,
                                                       "row_spacing": 800.0, "column_spacing": 1200.0, "rotation": 10})
    msp.add_blockref("PAIR", (20000, 12000), dxfattribs={"layer": "FURNITURE", "extrusion": (0, 0, -1)})
    msp.add_circle((15000, 15000), 400, dxfattribs={"layer": "柱"})
    msp.add_arc((16000, 15000), 400, 30, 250, dxfattribs={"layer": "墙体"})
    msp.add_ellipse((17000, 15000), major_axis=(600, 0), ratio=0.5, dxfattribs={"layer": "FURNITURE"})
    msp.add_spline([(0, 0), (1000, 2000), (3000, 1000), (4000, 3000)], dxfattribs={"layer": "FURNITURE"})
    msp.add_polyline2d([(100, 100), (900, 100), (900, 900)], format="xy", close=True, dxfattribs={"layer": "墙体"})
    p2 = msp.add_polyline2d([(1100, 100, 0, 0, 0.5), (1900, 100, 0, 0, 0)], format="xyseb", dxfattribs={"layer": "墙体"})
    p2.dxf.flags = p2.dxf.flags  # bulged 2D polyline
    msp.add_lwpolyline([(2000, 100, 0, 0, 1.0), (3000, 100, 0, 0, 0)], format="xyseb", dxfattribs={"layer": "墙体"})
    msp.add_lwpolyline([(4000, 100), (5000, 100), (5000, 600)], dxfattribs={"layer": "墙体", "extrusion": (0, 0, -1)})
    msp.add_lwpolyline([], dxfattribs={"layer": "墙体"})
    msp.add_solid([(6000, 100), (6500, 100), (6000, 600)], dxfattribs={"layer": "柱"})
    msp.add_point((7000, 100), dxfattribs={"layer": "FURNITURE"})
    h = msp.add_hatch(dxfattribs={"layer": "柱"})
    h.paths.add_polyline_path([(8000, 100), (8500, 100), (8500, 600), (8000, 600)])
    msp.add_text("等候区", dxfattribs={"layer": "文字", "height": 500}).set_placement((5000, 15000), align=TextEntityAlignment.MIDDLE_CENTER)
    msp.add_text("出口", dxfattribs={"layer": "文字", "height": 300, "insert": (1000, 18000), "rotation": 90})
    msp.add_text("镜像", dxfattribs={"layer": "文字", "height": 300, "insert": (2000, 18000), "extrusion": (0, 0, -1)})
    msp.add_text("%%C100 关闭层", dxfattribs={"layer": "OFF-LAYER", "height": 300, "insert": (3000, 18000)})
    msp.add_mtext("{\\fSimSun;办事\\P大厅}", dxfattribs={"layer": "文字", "char_height": 400, "insert": (8000, 18000),
                                                        "attachment_point": 5})
    msp.add_line((0, 19000), (5000, 19000), dxfattribs={"layer": "FROZEN"})
    line = msp.add_line((0, 100), (30000, 100), dxfattribs={"layer": "墙体"})
    line.set_xdata("HALLPLAN", [(1000, "kind=wall"), (1000, "id=w9")])
    dim = msp.add_linear_dim(base=(0, -1000), p1=(0, 0), p2=(30000, 0), dxfattribs={"layer": "DIM"})
    dim.render()
    msp.add_leader([(0, 0), (1000, 1000)], dxfattribs={"layer": "DIM"})
    psp = doc.layout("Layout1")
    psp.add_line((0, 0), (100, 100), dxfattribs={"layer": "墙体"})  # paperspace: not part of the plan
    psp.add_text("图框", dxfattribs={"layer": "文字"})
    doc.saveas(path)
    return path


def features_r12(path: Path) -> Path:
    """The same kinds as an R12 drawing has them (no handles needed, POLYLINE instead of LWPOLYLINE)."""
    doc = ezdxf.new("R12")
    doc.header["$INSUNITS"] = 4
    doc.layers.add("OFF-LAYER").off()
    msp = doc.modelspace()
    msp.add_polyline2d([(0, 0), (30000, 0), (30000, 20000), (0, 20000)], close=True, dxfattribs={"layer": "服务大厅"})
    blk = doc.blocks.new("DESK", base_point=(500, 250))
    blk.add_polyline2d([(0, 0), (1000, 0), (1000, 500), (0, 500)], close=True)
    blk.add_attdef("窗口", (0, -100), dxfattribs={"height": 100})
    ins = msp.add_blockref("DESK", (5000, 3000), dxfattribs={"layer": "柜台", "rotation": 45})
    ins.add_auto_attribs({"窗口": "社保"})
    msp.add_blockref("DESK", (12000, 8000), dxfattribs={"layer": "FURNITURE", "row_count": 2, "column_count": 2,
                                                       "row_spacing": 800.0, "column_spacing": 1200.0})
    msp.add_circle((15000, 15000), 400, dxfattribs={"layer": "柱"})
    msp.add_arc((16000, 15000), 400, 30, 250, dxfattribs={"layer": "墙体"})
    msp.add_line((0, 100), (30000, 100), dxfattribs={"layer": "墙体"})
    msp.add_text("等候区", dxfattribs={"layer": "文字", "height": 500, "insert": (5000, 15000)})
    msp.add_text("关闭", dxfattribs={"layer": "OFF-LAYER", "height": 500, "insert": (5000, 16000)})
    doc.saveas(path)
    return path


def hatches(path: Path) -> Path:
    """HATCHes as drawings have them, on a mapped layer (columns) and the underlay: polyline paths
    with and without bulges, edge paths of lines, counter-clockwise and clockwise arcs, an ellipse
    and a spline edge, pattern and gradient fills, seed points, elevation, a mirrored (−Z) hatch,
    hatches in nested blocks; SOLIDs with 3 and 4 corners, one mirrored."""
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4
    doc.appids.add("TARCH")
    doc.appids.add("HALLPLAN")
    msp = doc.modelspace()

    def add(layout: Any, layer: str, **attribs: Any) -> Any:
        return layout.add_hatch(dxfattribs={"layer": layer, **attribs})

    msp.add_lwpolyline([(0, 0), (30000, 0), (30000, 20000), (0, 20000)], close=True, dxfattribs={"layer": "服务大厅"})
    h = add(msp, "柱")
    h.paths.add_polyline_path([(1000, 1000), (1600, 1000), (1600, 1600), (1000, 1600)])
    h = add(msp, "填充")  # bulged polyline path, open flag, plus a hole
    h.paths.add_polyline_path([(2000, 1000, 0.5), (3000, 1000, 0), (3000, 2000, -0.3), (2000, 2000, 0)], is_closed=True, flags=1)
    h.paths.add_polyline_path([(2400, 1400), (2600, 1400), (2600, 1600)], is_closed=False, flags=16)
    h.paths[0].source_boundary_objects = ["1A", "2B"]  # associative: the entities it was made from
    h.set_xdata("TARCH", [(1000, "TCH_HATCH"), (1070, 3), (1010, (1.0, 2.0, 0.0))])  # another program's XDATA
    h = add(msp, "柱", elevation=(0, 0, 250))  # edge path: lines and arcs both ways round
    ep = h.paths.add_edge_path()
    ep.add_line((4000, 1000), (5000, 1000))
    ep.add_arc((5000, 1500), 500, -90, 90, ccw=True)
    ep.add_line((5000, 2000), (4000, 2000))
    ep.add_arc((4000, 1500), 500, 270, 90, ccw=False)
    h = add(msp, "填充", extrusion=(0, 0, -1))  # mirrored: OCS x runs the other way
    h.paths.add_polyline_path([(-6000, 1000, 1.0), (-7000, 1000, 0), (-7000, 2000, 0)], is_closed=True)
    ep = h.paths.add_edge_path()
    ep.add_line((-8000, 1000), (-9000, 1000))
    ep.add_arc((-9000, 1500), 500, 270, 90, ccw=False)
    ep.add_line((-9000, 2000), (-8000, 2000))
    ep.add_line((-8000, 2000), (-8000, 1000))
    h = add(msp, "填充")  # an ellipse and a spline edge (ezdxf's own edge loaders)
    ep = h.paths.add_edge_path()
    ep.add_ellipse((11000, 1500), major_axis=(800, 0), ratio=0.5, start_angle=0, end_angle=180)
    ep.add_spline(control_points=[(10200, 1500), (10500, 900), (11500, 900), (11800, 1500)], degree=3)
    h = add(msp, "填充")  # pattern fill with seed points
    h.set_pattern_fill("ANSI33", scale=10)  # dashed lines (49)
    h.paths.add_polyline_path([(12000, 1000), (13000, 1000), (13000, 2000), (12000, 2000)])
    h.set_seed_points([(12500, 1500), (12600, 1600)])
    h = add(msp, "填充")  # gradient
    h.set_gradient((255, 0, 0), (0, 0, 255))
    h.paths.add_polyline_path([(14000, 1000), (15000, 1000), (15000, 2000)])
    add(msp, "填充")  # no boundary at all
    h = add(msp, "柱")  # HallPlan's own XDATA: ezdxf's loader, the collector reads it
    h.paths.add_polyline_path([(16000, 3000), (16500, 3000), (16500, 3500)])
    h.set_xdata("HALLPLAN", [(1000, "kind=column"), (1000, "id=col9")])
    inner = doc.blocks.new("HATCHED")
    inner.add_hatch().paths.add_polyline_path([(0, 0, 0.2), (400, 0, 0), (400, 400, 0), (0, 400, 0)])
    ep = inner.add_hatch(dxfattribs={"layer": "柱"}).paths.add_edge_path()
    ep.add_line((0, 0), (300, 0))
    ep.add_arc((0, 0), 300, 0, 90)
    ep.add_line((0, 300), (0, 0))
    outer = doc.blocks.new("HATCHED2")
    outer.add_blockref("HATCHED", (0, 0), dxfattribs={"rotation": 30})
    outer.add_blockref("HATCHED", (1000, 0), dxfattribs={"xscale": -1, "extrusion": (0, 0, -1)})
    msp.add_blockref("HATCHED", (16000, 1000), dxfattribs={"layer": "填充"})
    msp.add_blockref("HATCHED2", (18000, 1000), dxfattribs={"layer": "填充", "rotation": 15})
    msp.add_solid([(20000, 1000), (20500, 1000), (20000, 1500)], dxfattribs={"layer": "柱"})
    msp.add_solid([(21000, 1000), (21500, 1000), (21000, 1500), (21500, 1500)], dxfattribs={"layer": "填充"})
    msp.add_solid([(22000, 1000), (22500, 1000), (22000, 1500), (22500, 1500)], dxfattribs={"layer": "柱", "extrusion": (0, 0, -1)})
    msp.add_trace([(23000, 1000), (23500, 1000), (23000, 1500), (23500, 1500)], dxfattribs={"layer": "柱"})
    msp.add_3dface([(24000, 1000), (24500, 1000), (24500, 1500), (24000, 1500)], dxfattribs={"layer": "柱"})
    doc.saveas(path)
    return path
