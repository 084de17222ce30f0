"""A realistic office floor as Chinese architects draw it, written with ezdxf, to measure rooms from walls.

60 × 24 m in millimetres, 40 km from the origin (survey coordinates), a corridor crossed by a pair
of fire doors, rooms on both sides.  Walls are the face lines of the wall solid (cut by the
columns and the openings, exploded to LINEs on ``墙线`` or kept as polylines on ``墙``); columns of
500 × 500 on the outer walls are four LINEs, two open polylines, or an outline with its hatch, on
``柱``; doors are blocks (``M1021``, mirrored and rotated) on ``门窗`` or a LINE and an ARC on ``门``;
windows are blocks of four lines on ``窗``.  Axes (``轴线``), dimensions (``标注``), a hatch
(``填充``) and furniture (``家具``) cross the rooms and must not bound them.  Each room has its name
and ``使用面积：xx.xx㎡`` as texts (one as MTEXT); the stated area is the room between the wall
faces, less the columns, closed on the wall line across its doors.  The lobby (门厅) opens to the
street by 3.6 m with no door: rooms from walls must say where that gap is.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     rooms = office_floor(pathlib.Path(d) / "f.dxf")
>>> len(rooms), sum(r.open for r in rooms), round(sum(r.stated_m2 for r in rooms if r.name == "办公室 N01"), 2)
(15, 1, 90.83)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from ezdxf.document import Drawing
from ezdxf.filemanagement import new as new_drawing
from ezdxf.math import Matrix44
import shapely
from ezdxf.enums import TextEntityAlignment
from shapely.geometry import LineString, Point, Polygon, box

ORIGIN = (40_512_000.0, 3_208_000.0)  # mm: a floor placed in survey coordinates
W, D = 60000.0, 24000.0
T_OUT, T_IN = 300.0, 200.0
COL = 500.0
CORR = (10000.0, 12600.0)  # corridor wall centre lines (y)
SOUTH = (0.0, 21000.0, 29400.0, 37800.0, 46200.0, 52800.0, W)  # partition centre lines (x)
NORTH = (0.0, 8400.0, 16800.0, 25200.0, 33600.0, 42000.0, 50400.0, W)
FIRE_DOOR_X = 33000.0
SOUTH_NAMES = ("服务大厅", "办公室 S02", "档案室", "会议室", "卫生间", "门厅")
NORTH_NAMES = ("办公室 N01", "办公室 N02", "机房", "办公室 N04", "资料室", "值班室", "配电房")


@dataclass(frozen=True)
class FloorRoom:
    """One room of the synthetic floor: its name, where its name stands (metres, world), the area
    its label states (m²), and whether it is open (rooms from walls must name its gap)."""

    name: str
    label_m: tuple[float, float]
    stated_m2: float
    open: bool = False


def _along(a: tuple[float, float], b: tuple[float, float], extra: float) -> tuple[float, float]:
    """``b`` moved ``extra`` along the line from ``a`` (negative: the line stops short)."""
    d = math.hypot(b[0] - a[0], b[1] - a[1])
    return (b[0] + (b[0] - a[0]) / d * extra, b[1] + (b[1] - a[1]) / d * extra)


def _rect_line(a: tuple[float, float], b: tuple[float, float], t: float) -> Polygon:
    g = LineString([a, b]).buffer(t / 2, cap_style="flat", join_style="mitre")
    assert isinstance(g, Polygon)
    return g


def _walls() -> tuple[list[tuple[tuple[float, float], tuple[float, float], float]], list[Polygon]]:
    """Wall centre lines with thickness, and the columns (squares)."""
    walls: list[tuple[tuple[float, float], tuple[float, float], float]] = [
        ((-T_OUT / 2, 0), (W + T_OUT / 2, 0), T_OUT), ((-T_OUT / 2, D), (W + T_OUT / 2, D), T_OUT),
        ((0, 0), (0, D), T_OUT), ((W, 0), (W, D), T_OUT),
        ((0, CORR[0]), (W, CORR[0]), T_IN), ((0, CORR[1]), (W, CORR[1]), T_IN)]
    walls += [((x, 0), (x, CORR[0]), T_IN) for x in SOUTH[1:-1]]
    walls += [((x, CORR[1]), (x, D), T_IN) for x in NORTH[1:-1]]
    cols = [box(x - COL / 2, y - COL / 2, x + COL / 2, y + COL / 2) for x in (0.0, 8400.0, 16800.0, 25200.0, 42000.0, W)
            for y in (0.0, D)]
    cols += [box(x - COL / 2, y - COL / 2, x + COL / 2, y + COL / 2) for x in (0.0, W) for y in (CORR[0], CORR[1])]
    cols += [box(x - COL / 2, 5000 - COL / 2, x + COL / 2, 5000 + COL / 2) for x in (8400.0, 14700.0)]  # free-standing, hall
    return walls, cols


# doors: (hinge x or y along its wall, wall, width, swing side, kind) ; kind "block" or "lines"
def _doors() -> list[tuple[tuple[float, float], tuple[float, float], float, int, str]]:
    """(start of the opening, direction along the wall, width, swing side ±1 (left of direction), drawn as)."""
    out: list[tuple[tuple[float, float], tuple[float, float], float, int, str]] = []
    for i, (x0, x1) in enumerate(zip(SOUTH[:-1], SOUTH[1:])):
        w = 1800.0 if i == 0 else 1000.0
        out.append(((x1 - 1500 - w, CORR[0]), (1, 0), w, -1 if i else 1, "block" if i % 2 else "lines"))
    for i, (x0, x1) in enumerate(zip(NORTH[:-1], NORTH[1:])):
        out.append(((x0 + 800, CORR[1]), (1, 0), 1000.0, 1, "lines" if i % 2 else "block"))
    out.append(((9000.0, 0.0), (1, 0), 2400.0, 1, "block"))  # the hall's main entrance
    out.append(((2000.0, D), (1, 0), 1000.0, -1, "lines"))  # a back door of N01
    return out


def _windows() -> list[tuple[tuple[float, float], tuple[float, float], float]]:
    out: list[tuple[tuple[float, float], tuple[float, float], float]] = []
    for x0, x1 in zip(NORTH[:-1], NORTH[1:]):
        out.append((((x0 + x1) / 2 + 600, D), (1, 0), 1800.0))
    for x0, x1 in zip(SOUTH[1:-2], SOUTH[2:-1]):
        out.append((((x0 + x1) / 2 - 900, 0.0), (1, 0), 1800.0))
    out.append(((2000.0, 0.0), (1, 0), 2100.0))
    out.append(((0.0, 3000.0), (0, 1), 1500.0))
    return out


LOBBY_GAP = (55000.0, 3600.0)  # the lobby's street opening: start x, width (no door)


def _openings() -> list[Polygon]:
    ops = [box(s[0], s[1] - T_OUT, s[0] + w, s[1] + T_OUT) for s, _d, w, _sw, _k in _doors()]
    ops += [box(s[0], s[1] - T_OUT, s[0] + w, s[1] + T_OUT) if d[0] else box(s[0] - T_OUT, s[1], s[0] + T_OUT, s[1] + w)
            for s, d, w in _windows()]
    ops.append(box(LOBBY_GAP[0], -T_OUT, LOBBY_GAP[0] + LOBBY_GAP[1], T_OUT))
    return ops


def _door_block(doc: Drawing) -> None:
    blk = doc.blocks.new("M1021")  # unit door, 1 wide: hinge at (0, 0), closed along +x, opens to +y
    blk.add_line((0, 0), (0, 1), dxfattribs={"layer": "0"})
    blk.add_arc((0, 0), 1, 0, 90, dxfattribs={"layer": "0"})
    win = doc.blocks.new("C1815")  # unit window, 1 long across a wall 1 thick centred on y = 0
    for y in (-0.5, -1 / 6, 1 / 6, 0.5):
        win.add_line((0, y), (1, y), dxfattribs={"layer": "0"})


def office_floor(path: Path, rotation: float = 0.0, sloppy: bool = False) -> list[FloorRoom]:
    """Write the floor to ``path`` (turned by ``rotation`` degrees about its south-west corner); the
    rooms with their stated areas and label positions.

    ``sloppy`` draws it as hurried drafting does: one wall line in seven stops 40 mm short, one in
    eleven overshoots by 30 mm, door blocks sit in a 50 mm frame inside the opening, and doors of
    lines hinge on the wall's centre line instead of its face."""
    doc = new_drawing("R2013")
    doc.header["$INSUNITS"] = 4
    for name in ("墙线", "墙", "柱", "门窗", "门", "窗", "轴线", "标注", "填充", "家具", "房间名称"):
        doc.layers.add(name)
    _door_block(doc)
    msp = doc.modelspace()
    ox, oy = ORIGIN

    def P(x: float, y: float) -> tuple[float, float]:
        return (x + ox, y + oy)

    walls, cols = _walls()
    solid = shapely.union_all([_rect_line(a, b, t) for a, b, t in walls])
    col_union = shapely.union_all(cols)
    cut = solid.difference(col_union).difference(shapely.union_all(_openings()))
    for k, part in enumerate(shapely.get_parts(cut)):
        for ring in [part.exterior, *part.interiors]:
            pts = [P(x, y) for x, y in ring.coords]
            if k % 3 == 2:  # some walls stay polylines
                msp.add_lwpolyline(pts[:-1], close=True, dxfattribs={"layer": "墙"})
            else:
                for n, (a, b) in enumerate(zip(pts[:-1], pts[1:])):
                    if sloppy and n % 7 == 3:
                        b = _along(a, b, -40.0)
                    elif sloppy and n % 11 == 5:
                        b = _along(a, b, 30.0)
                    msp.add_line(a, b, dxfattribs={"layer": "墙线"})
    for k, c in enumerate(cols):
        x0, y0, x1, y1 = c.bounds
        corners = [P(x0, y0), P(x1, y0), P(x1, y1), P(x0, y1)]
        if k % 3 == 0:  # four LINEs
            for a, b in zip(corners, corners[1:] + corners[:1]):
                msp.add_line(a, b, dxfattribs={"layer": "柱"})
        elif k % 3 == 1:  # two open polylines
            msp.add_lwpolyline(corners[:3], dxfattribs={"layer": "柱"})
            msp.add_lwpolyline([corners[2], corners[3], corners[0]], dxfattribs={"layer": "柱"})
        else:  # an outline and its hatch
            msp.add_lwpolyline(corners, close=True, dxfattribs={"layer": "柱"})
            msp.add_hatch(dxfattribs={"layer": "柱"}).paths.add_polyline_path(corners, is_closed=True)
    for (sx, sy), (dx, dy), w, side, kind in _doors():
        if dx == 0:
            continue
        t = T_OUT if sy in (0.0, D) else T_IN
        frame = 50.0 if sloppy and kind == "block" and w < 2000 else 0.0
        face = 0.0 if sloppy and kind == "lines" else t / 2
        if side < 0 and kind == "block":
            hinge, rot, xs = P(sx + w - frame, sy - face), 180.0, 1.0
        else:
            hinge, rot, xs = P(sx + frame, sy + face * side), 0.0, 1.0
        w -= 2 * frame
        if kind == "block":
            if w > 2000:  # a double door: two mirrored leaves
                half = w / 2
                msp.add_blockref("M1021", hinge, dxfattribs={"layer": "门窗", "xscale": half, "yscale": half, "rotation": rot})
                far = (hinge[0] + w, hinge[1])
                msp.add_blockref("M1021", far, dxfattribs={"layer": "门窗", "xscale": -half, "yscale": half, "rotation": rot})
            else:
                msp.add_blockref("M1021", hinge, dxfattribs={"layer": "门窗", "xscale": w * xs, "yscale": w, "rotation": rot})
        else:
            hx, hy = hinge
            msp.add_line(hinge, (hx, hy + side * w), dxfattribs={"layer": "门"})
            msp.add_arc(hinge, w, 0 if side > 0 else 270, 90 if side > 0 else 360, dxfattribs={"layer": "门"})
    # the fire doors across the corridor: two leaves between the corridor's wall faces, no wall stubs
    y_lo, y_hi = CORR[0] + T_IN / 2, CORR[1] - T_IN / 2
    half = (y_hi - y_lo) / 2
    msp.add_line(P(FIRE_DOOR_X, y_lo), P(FIRE_DOOR_X + half, y_lo), dxfattribs={"layer": "门"})
    msp.add_arc(P(FIRE_DOOR_X, y_lo), half, 0, 90, dxfattribs={"layer": "门"})
    msp.add_line(P(FIRE_DOOR_X, y_hi), P(FIRE_DOOR_X + half, y_hi), dxfattribs={"layer": "门"})
    msp.add_arc(P(FIRE_DOOR_X, y_hi), half, 270, 360, dxfattribs={"layer": "门"})
    for (sx, sy), (dx, _dy), w in _windows():
        t = T_OUT
        if dx:
            msp.add_blockref("C1815", P(sx, sy), dxfattribs={"layer": "窗", "xscale": w, "yscale": t})
        else:
            msp.add_blockref("C1815", P(sx, sy), dxfattribs={"layer": "窗", "xscale": w, "yscale": t, "rotation": 90})
    # what must not bound a room: axes, dimensions, a floor hatch, furniture
    for x in sorted({*SOUTH, *NORTH}):
        msp.add_line(P(x, -3000), P(x, D + 3000), dxfattribs={"layer": "轴线"})
    for y in (0.0, *CORR, D):
        msp.add_line(P(-3000, y), P(W + 3000, y), dxfattribs={"layer": "轴线"})
    msp.add_line(P(0, -1500), P(W, -1500), dxfattribs={"layer": "标注"})
    toilet = [P(46400, 200), P(52600, 200), P(52600, 9800), P(46400, 9800)]
    msp.add_hatch(dxfattribs={"layer": "填充"}).paths.add_polyline_path(toilet, is_closed=True)
    for x0 in NORTH[:-1]:
        msp.add_lwpolyline([P(x0 + 1000, 20000), P(x0 + 2600, 20000), P(x0 + 2600, 20800), P(x0 + 1000, 20800)], close=True,
                           dxfattribs={"layer": "家具"})
    # rooms: the areas between wall faces, less the columns, closed on the wall line
    full = shapely.union_all([solid, col_union])
    rooms: list[FloorRoom] = []
    cells = [(n, box(a, 0, b, CORR[0])) for n, a, b in zip(SOUTH_NAMES, SOUTH[:-1], SOUTH[1:])]
    cells += [(n, box(a, CORR[1], b, D)) for n, a, b in zip(NORTH_NAMES, NORTH[:-1], NORTH[1:])]
    cells += [("走廊 西", box(0, CORR[0], FIRE_DOOR_X, CORR[1])), ("走廊 东", box(FIRE_DOOR_X, CORR[0], W, CORR[1]))]
    for k, (name, cell) in enumerate(cells):
        room = cell.difference(full)
        room = max(shapely.get_parts(room), key=lambda g: g.area)
        room = Polygon(room.exterior).difference(col_union)  # free-standing columns are not usable area
        area = round(room.area / 1e6, 2)
        x0, y0, x1, y1 = cell.bounds
        if k % 4 == 1:  # a label near a wall: 120 mm off the face, as labels often stand
            at = (x0 + T_OUT / 2 + 120 if x0 == 0 else x0 + T_IN / 2 + 120, (y0 + y1) / 2)
        else:
            at = ((x0 + x1) / 2, (y0 + y1) / 2)
        at = (at[0] + 400, at[1]) if Point(at).within(col_union.buffer(300)) else at
        if k % 5 == 3:
            msp.add_mtext(f"{name}\\P使用面积：{area:.2f}㎡", dxfattribs={"layer": "房间名称", "char_height": 350}).set_location(
                P(*at), attachment_point=7)
        else:
            msp.add_text(name, dxfattribs={"layer": "房间名称", "height": 350}).set_placement(P(*at), align=TextEntityAlignment.LEFT)
            msp.add_text(f"使用面积：{area:.2f}㎡", dxfattribs={"layer": "房间名称", "height": 300}).set_placement(
                P(at[0], at[1] - 600), align=TextEntityAlignment.LEFT)
        rooms.append(FloorRoom(name, ((at[0] + ox) / 1000, (at[1] + oy) / 1000), area, open=name == "门厅"))
    if rotation:
        turn = Matrix44.chain(Matrix44.translate(-ox, -oy, 0), Matrix44.z_rotate(math.radians(rotation)), Matrix44.translate(ox, oy, 0))
        for e in msp:
            e.transform(turn)
        rooms = [replace(r, label_m=tuple(v / 1000 for v in turn.transform((r.label_m[0] * 1000, r.label_m[1] * 1000, 0)))[:2])
                 for r in rooms]
    doc.saveas(path)
    return rooms


def lobby_gap_m(rotation: float = 0.0) -> tuple[float, float]:
    """Where the lobby's street opening is (its middle on the wall's centre line), world metres."""
    x, y = LOBBY_GAP[0] + LOBBY_GAP[1] / 2, 0.0
    a = math.radians(rotation)
    return ((ORIGIN[0] + x * math.cos(a) - y * math.sin(a)) / 1000, (ORIGIN[1] + x * math.sin(a) + y * math.cos(a)) / 1000)
