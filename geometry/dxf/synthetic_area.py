"""Generated Chinese area-layer drawings: the habits of real drawings, with the answer known.

Each floor is a bar of rooms either side of a corridor, drawn in millimetres far from the origin:
walls on ``WALL``, axes on ``轴线``, dimensions on ``PUB_DIM``, the rooms' net outlines on an area
layer (``使用面积线``, switched off as architects leave it, or TArch's ``PUB_ROOM``) with labels as
TArch and hand drafting write them (MTEXT with formatting codes ``名称:办公室\\P使用面积:12.68㎡``,
name and ``12.68m²`` as two texts, ``S=12.68``, ``面积 12.68m2``), a 建筑面积线 outline and a
``本层建筑面积:…m2`` text, and a ``一层平面图`` title under each floor.  The service hall holds a
light well (an unnamed outline inside it: a hole) and, on request, is split in two by a row of
columns (two rooms of one name) or stands on two floors.

>>> import tempfile, os
>>> with tempfile.TemporaryDirectory() as d:
...     truth = area_drawing(os.path.join(d, "a.dxf"), floors=2)
>>> len(truth.rooms), truth.floors, round(truth.hall_m2, 2)
(31, ['一层', '二层'], 157.68)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ezdxf.filemanagement import new as new_drawing
from shapely.geometry import Polygon, box

ORIGIN = (40_512_000.0, 3_318_000.0)  # mm, as a drawing on survey coordinates would be
FLOOR_NAMES = ("一层", "二层", "三层", "四层", "五层", "六层")
ROOM_NAMES = ("办公室", "档案室", "会议室", "值班室", "库房", "配电间", "卫生间", "茶水间", "资料室", "接待室", "调解室",
              "自助服务区", "母婴室", "机房", "设备间", "休息室")
WALL = 200.0  # mm; the net outline stands half a wall inside the axis
HALL_NAME = "政务服务大厅"
STYLES = ("mtext", "tarch", "s_eq", "mianji")
BAYS = (7.2, 6.0, 8.4, 4.8, 7.2, 9.0, 6.6, 5.4, 7.8, 3.9)  # m between axes
DEPTHS = (6.6, 7.2, 6.0, 6.9)


@dataclass
class TruthRoom:
    name: str
    floor: str
    area_m2: float  # the net outline less its holes, m²
    stated_m2: float  # as the label writes it (2 decimals)


@dataclass
class Truth:
    rooms: list[TruthRoom] = field(default_factory=list)
    floors: list[str] = field(default_factory=list)
    building_m2: float = 0.0
    hall_m2: float = 0.0  # all parts of the hall, holes cut


def _rect(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _label(msp: Any, style: str, layer: str, name: str, stated: float, cx: float, cy: float) -> None:
    """A room's label in one of the drafting habits, centred on (cx, cy) mm."""
    h = 350.0
    if style == "mtext":
        text = f"{{\\fSimSun|b0|i0|c134;名称:{name}}}\\P{{\\H0.8x;使用面积:{stated:.2f}㎡}}"
        msp.add_mtext(text, dxfattribs={"layer": layer, "char_height": h, "insert": (cx, cy), "attachment_point": 5})
    elif style == "tarch":  # name and area as two TEXTs, left-aligned at their insertion points
        w = len(name) * h
        msp.add_text(name, dxfattribs={"layer": layer, "height": h, "insert": (cx - w / 2, cy + 100)})
        msp.add_text(f"{stated:.2f}m²", dxfattribs={"layer": layer, "height": h * 0.8, "insert": (cx - w / 2, cy - h - 100)})
    elif style == "s_eq":
        msp.add_text(f"{name} S={stated:.2f}", dxfattribs={"layer": layer, "height": h, "insert": (cx, cy),
                                                          "halign": 1, "valign": 2, "align_point": (cx, cy)})
    else:
        msp.add_mtext(f"\\A1;{name}\\P面积 {stated:.2f}m2", dxfattribs={"layer": layer, "char_height": h, "insert": (cx, cy),
                                                                        "attachment_point": 5})


def _furnish(msp: Any, outline: Polygon, k: int) -> None:
    """What else a real floor holds in a room: a door block on the door layer, desks and chairs as
    blocks on the furniture layer, a floor-tile hatch (every third room) on the hatch layer."""
    ox, oy = ORIGIN
    x0, y0, x1, y1 = outline.bounds
    msp.add_blockref("M0921", ((x0 + 0.6) * 1000 + ox, y0 * 1000 + oy), dxfattribs={"layer": "门"})
    for j in range(2):
        if x1 - x0 > 3.5 and y1 - y0 > 3.5:
            msp.add_blockref("DESK1470", ((x0 + 0.8 + j * 1.8) * 1000 + ox, (y1 - 2.0) * 1000 + oy), dxfattribs={"layer": "家具"})
    if k % 3 == 0:
        h = msp.add_hatch(color=8, dxfattribs={"layer": "PUB_HATCH"})
        h.set_pattern_fill("ANSI31", scale=50.0)
        h.paths.add_polyline_path([(x * 1000 + ox, y * 1000 + oy) for x, y in list(outline.exterior.coords)[:-1]], is_closed=True)


def _room(msp: Any, truth: Truth, layer: str, style: str, floor: str, name: str, outline: Polygon,
          holes: tuple[Polygon, ...] = (), furnish: bool = False) -> None:
    ox, oy = ORIGIN
    if furnish:
        _furnish(msp, outline, len(truth.rooms))
    msp.add_lwpolyline([(x * 1000 + ox, y * 1000 + oy) for x, y in list(outline.exterior.coords)[:-1]], close=True,
                       dxfattribs={"layer": layer})
    net = outline
    for hole in holes:
        msp.add_lwpolyline([(x * 1000 + ox, y * 1000 + oy) for x, y in list(hole.exterior.coords)[:-1]], close=True,
                           dxfattribs={"layer": layer})
        net = net.difference(hole)
    stated = round(net.area, 2)
    c = outline.representative_point() if not holes else Polygon(outline.exterior).difference(
        box(*holes[0].buffer(1.0).bounds)).representative_point()
    _label(msp, style, "PUB_TEXT" if style != "tarch" else layer, name, stated, c.x * 1000 + ox, c.y * 1000 + oy)
    truth.rooms.append(TruthRoom(name, floor, float(net.area), stated))


def _curved_room(msp: Any, truth: Truth, layer: str, style: str, floor: str, name: str, cell: Polygon,
                 furnish: bool = False) -> None:
    """A room whose far wall is an arc bowing into it (bulge −0.15); its area from ezdxf's own
    curve, flattened to a micrometre."""
    from ezdxf import path as ezpath

    ox, oy = ORIGIN
    if furnish:
        _furnish(msp, cell, len(truth.rooms))
    x0, y0, x1, y1 = cell.bounds
    pts = [(x0 * 1000 + ox, y0 * 1000 + oy, 0), (x1 * 1000 + ox, y0 * 1000 + oy, 0), (x1 * 1000 + ox, y1 * 1000 + oy, -0.15),
           (x0 * 1000 + ox, y1 * 1000 + oy, 0)]
    e = msp.add_lwpolyline(pts, format="xyb", close=True, dxfattribs={"layer": layer})
    fine = Polygon([((v.x - ox) / 1000, (v.y - oy) / 1000) for v in ezpath.make_path(e).flattening(0.001)])
    stated = round(fine.area, 2)
    c = box(x0, y0, x1, y0 + (y1 - y0) * 0.6).centroid
    _label(msp, style, "PUB_TEXT" if style != "tarch" else layer, name, stated, c.x * 1000 + ox, c.y * 1000 + oy)
    truth.rooms.append(TruthRoom(name, floor, float(fine.area), stated))


def area_drawing(path: str | os.PathLike[str], floors: int = 3, bays: int = 8, *, split_hall: bool = False,
                 hall_floors: int = 1, layer_off: bool = True, curved: bool = False, furnished: bool = False) -> Truth:
    """Write the drawing to ``path`` and return what it holds.  Per floor: ``2 × bays`` rooms (the
    service hall takes four bays of the first floor, with a light well inside) and the corridor."""
    doc = new_drawing("R2010", setup=True)
    doc.header["$INSUNITS"] = 4
    for name in ("使用面积线", "PUB_ROOM", "PUB_TEXT", "WALL", "轴线", "PUB_DIM", "建筑面积线", "TITLE"):
        doc.layers.add(name)
    if layer_off:
        doc.layers.get("使用面积线").off()
    if furnished:
        door = doc.blocks.new("M0921")
        door.add_line((0, 0), (0, 900))
        door.add_arc((0, 0), 900, 0, 90)
        desk = doc.blocks.new("DESK1470")
        desk.add_lwpolyline([(0, 0), (1400, 0), (1400, 700), (0, 700)], close=True)
        desk.add_circle((700, -350), 250)
    msp = doc.modelspace()
    ox, oy = ORIGIN
    truth = Truth()
    widths = [BAYS[i % len(BAYS)] for i in range(bays)]
    edges = [sum(widths[:i]) for i in range(bays + 1)]
    width = edges[-1]
    for f in range(floors):
        fname = FLOOR_NAMES[f]
        truth.floors.append(fname)
        x0 = f * (width + 25.0)
        depth, corridor = DEPTHS[f % len(DEPTHS)], 2.4
        full = 2 * depth + corridor
        layer = "PUB_ROOM" if f % 2 else "使用面积线"
        style = STYLES[f % len(STYLES)]
        # walls, axes, dimensions: what a real floor also holds
        for k in range(bays + 1):
            ax = x0 + edges[k]
            msp.add_line((ax * 1000 + ox, oy - 2000), (ax * 1000 + ox, (full + 2) * 1000 + oy), dxfattribs={"layer": "轴线"})
            msp.add_text("7200", dxfattribs={"layer": "PUB_DIM", "height": 300, "insert": ((ax + 3) * 1000 + ox, oy - 1500)})
        for yy in (0.0, depth, depth + corridor, full):
            msp.add_line((x0 * 1000 + ox, yy * 1000 + oy), ((x0 + width) * 1000 + ox, yy * 1000 + oy), dxfattribs={"layer": "WALL"})
        w = WALL / 2000  # half a wall, m
        outer = box(x0 - w, -w, x0 + width + w, full + w)
        msp.add_lwpolyline([(x * 1000 + ox, y * 1000 + oy) for x, y in list(outer.exterior.coords)[:-1]], close=True,
                           dxfattribs={"layer": "建筑面积线"})
        truth.building_m2 += outer.area
        msp.add_text(f"本层建筑面积:{outer.area:.2f}m2", dxfattribs={"layer": "TITLE", "height": 400,
                                                                     "insert": ((x0 + width - 14) * 1000 + ox, oy - 4000)})
        msp.add_text(f"{fname}平面图 1:100", dxfattribs={"layer": "TITLE", "height": 700, "insert": ((x0 + width / 2 - 4) * 1000 + ox, oy - 5000)})
        # the corridor
        _room(msp, truth, layer, style, fname, "走廊", box(x0 + w, depth + w, x0 + width - w, depth + corridor - w), furnish=furnished)
        k = 0
        hall_here = f < hall_floors
        south = 0
        while south < bays:
            if hall_here and south == 0:
                if split_hall:  # two rooms of one name either side of a row of columns (the outlines meet on the axis)
                    left = box(x0 + w, w, x0 + edges[2], depth - w)
                    right = box(x0 + edges[2], w, x0 + edges[4] - w, depth - w)
                    _room(msp, truth, layer, style, fname, HALL_NAME, left, (box(x0 + 3, 2, x0 + 6, 4.5),), furnish=furnished)
                    _room(msp, truth, layer, style, fname, HALL_NAME, right, furnish=furnished)
                else:
                    hall = box(x0 + w, w, x0 + edges[4] - w, depth - w)
                    _room(msp, truth, layer, style, fname, HALL_NAME, hall, (box(x0 + 10, 2, x0 + 14, 4.5),), furnish=furnished)
                truth.hall_m2 += sum(r.area_m2 for r in truth.rooms if r.name == HALL_NAME and r.floor == fname)
                south = 4
                continue
            cell = box(x0 + edges[south] + w, w, x0 + edges[south + 1] - w, depth - w)
            _room(msp, truth, layer, style, fname, ROOM_NAMES[k % len(ROOM_NAMES)], cell, furnish=furnished)
            k += 1
            south += 1
        for north in range(bays):
            cell = box(x0 + edges[north] + w, depth + corridor + w, x0 + edges[north + 1] - w, full - w)
            if north == bays - 1:  # an L-shaped room: the stair bay's corner is another room's
                cell = cell.difference(box(x0 + edges[north] + 2.6, full - 2.2, x0 + edges[north + 1], full))
            if curved and north == 1:  # a curved wall: the outline's north edge is an arc (a bulge)
                _curved_room(msp, truth, layer, style, fname, ROOM_NAMES[k % len(ROOM_NAMES)], cell, furnish=furnished)
                k += 1
                continue
            _room(msp, truth, layer, style, fname, ROOM_NAMES[k % len(ROOM_NAMES)], cell, furnish=furnished)
            k += 1
        # a personnel list inside a room is never its name
        msp.add_text("管理人员:张三 李四", dxfattribs={"layer": "PUB_TEXT", "height": 250,
                                                  "insert": ((x0 + 0.5) * 1000 + ox, (full - 1.2) * 1000 + oy)})
    doc.saveas(path)
    return truth
