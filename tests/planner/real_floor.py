"""A real-size floor as architects draw it (millimetres, TArch-like layers), made with ezdxf.

120 × 36 m, a corridor, rooms on both sides; walls as pairs of face lines with door openings,
doors as a leaf and a swing arc on DOOR, an axis grid (8.4 × 7.2 m bays) on AXIS with numbers,
room names on PUB_TEXT, stairs on STAIR, and an old wall on A-WALL-OLD that crosses the big room
(the user hides that layer).  The big room "办事区 A101" (19.6 × 16.2 m = 317.52 m² between the
wall faces) is the service hall; its axis bays are 60.48 m².
"""

from __future__ import annotations

import math
from pathlib import Path

import ezdxf
from ezdxf.enums import TextEntityAlignment

HALL_NAME = "办事区 A101"
HALL_AREA = 19.6 * 16.2
HALL_LABEL_AT = (18.0, 8.0)  # metres
T = 200.0  # wall thickness, mm

# wall centre lines (mm) and the door openings on each: (start along the wall, width, swing side +1/-1)
WALLS: list[tuple[tuple[float, float], tuple[float, float], list[tuple[float, float, int]]]] = [
    ((0, 0), (120000, 0), [(17000, 2000, 1)]),  # south facade, the main entrance into the hall
    ((120000, 0), (120000, 36000), []),
    ((120000, 36000), (0, 36000), []),
    ((0, 36000), (0, 0), []),
    ((0, 16400), (120000, 16400), [(12000, 1500, -1), (34000, 1000, -1), (50000, 1000, -1), (66000, 1000, -1),
                                   (82000, 1000, -1), (100000, 1000, -1), (114000, 1000, -1), (3000, 1000, -1)]),
    ((0, 19600), (120000, 19600), [(5000, 1000, 1), (22000, 1000, 1), (40000, 1000, 1), (58000, 1000, 1),
                                   (75000, 1000, 1), (92000, 1000, 1), (110000, 1000, 1)]),
]
for x in (8400, 28200, 42000, 58800, 75600, 92400, 109200):
    WALLS.append(((x, 0), (x, 16400), [(4000, 1000, 1)] if x == 28200 else []))
for x in (16800, 33600, 50400, 67200, 84000, 100800):
    WALLS.append(((x, 19600), (x, 36000), []))

ROOMS = [(HALL_NAME, HALL_LABEL_AT), ("楼梯间", (4.2, 8.0)), ("会议室 A102", (35.0, 8.0)), ("档案室 A103", (50.0, 8.0)),
         ("办公室 A104", (67.0, 8.0)), ("办公室 A105", (84.0, 8.0)), ("机房 A106", (100.0, 8.0)), ("卫生间", (114.0, 8.0)),
         ("走廊", (60.0, 18.0)), ("教室 B201", (8.0, 28.0)), ("教室 B202", (25.0, 28.0)), ("教室 B203", (42.0, 28.0)),
         ("教室 B204", (59.0, 28.0)), ("教室 B205", (75.0, 28.0)), ("教室 B206", (92.0, 28.0)), ("教室 B207", (110.0, 28.0))]


def _wall(msp: object, a: tuple[float, float], b: tuple[float, float], doors: list[tuple[float, float, int]]) -> None:
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay)
    ux, uy = (bx - ax) / length, (by - ay) / length
    nx, ny = -uy, ux
    cuts = sorted((s, s + w) for s, w, _ in doors)
    spans, pos = [], 0.0
    for s, e in cuts:
        spans.append((pos, s))
        pos = e
    spans.append((pos, length))

    def at(d: float, off: float) -> tuple[float, float]:
        return ax + ux * d + nx * off, ay + uy * d + ny * off

    for s, e in spans:
        for off in (-T / 2, T / 2):
            msp.add_line(at(s, off), at(e, off), dxfattribs={"layer": "WALL"})  # type: ignore[attr-defined]
    for s, e in cuts:  # jambs
        for d in (s, e):
            msp.add_line(at(d, -T / 2), at(d, T / 2), dxfattribs={"layer": "WALL"})  # type: ignore[attr-defined]
    for s, w, side in doors:
        hinge = at(s, 0)
        tip = (hinge[0] + nx * side * w, hinge[1] + ny * side * w)
        msp.add_line(hinge, tip, dxfattribs={"layer": "DOOR"})  # type: ignore[attr-defined]
        a0 = math.degrees(math.atan2(uy, ux))
        a1 = math.degrees(math.atan2(ny * side, nx * side))
        lo, hi = (a0, a1) if (a1 - a0) % 360 <= 180 else (a1, a0)
        msp.add_arc(hinge, w, lo, hi, dxfattribs={"layer": "DOOR"})  # type: ignore[attr-defined]


def university_floor(path: Path, hidden_old_wall: bool = False) -> Path:
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4
    for name in ("WALL", "DOOR", "AXIS", "AXIS_TEXT", "PUB_TEXT", "STAIR", "A-WALL-OLD"):
        doc.layers.add(name)
    if hidden_old_wall:
        doc.layers.get("A-WALL-OLD").off()
    msp = doc.modelspace()
    for a, b, doors in WALLS:
        _wall(msp, a, b, doors)
    for i, x in enumerate(range(0, 120001, 8400)):
        msp.add_line((x, -3000), (x, 39000), dxfattribs={"layer": "AXIS"})
        msp.add_circle((x, -3800), 800, dxfattribs={"layer": "AXIS"})
        msp.add_text(str(i + 1), dxfattribs={"layer": "AXIS_TEXT", "height": 700}).set_placement(
            (x, -3800), align=TextEntityAlignment.MIDDLE_CENTER)
    for j, y in enumerate(range(0, 36001, 7200)):
        msp.add_line((-3000, y), (123000, y), dxfattribs={"layer": "AXIS"})
        msp.add_text("ABCDEF"[j], dxfattribs={"layer": "AXIS_TEXT", "height": 700}).set_placement(
            (-3800, y), align=TextEntityAlignment.MIDDLE_CENTER)
    for name, (x, y) in ROOMS:
        msp.add_text(name, dxfattribs={"layer": "PUB_TEXT", "height": 450}).set_placement(
            (x * 1000, y * 1000), align=TextEntityAlignment.MIDDLE_CENTER)
    for k in range(12):  # a stair in the stair room
        msp.add_line((1000, 2000 + k * 280), (7400, 2000 + k * 280), dxfattribs={"layer": "STAIR"})
    msp.add_line((8500, 16300), (28100, 100), dxfattribs={"layer": "A-WALL-OLD"})  # splits the room in two
    doc.saveas(path)
    return path


def floor_plan(path: Path) -> "object":
    """The floor imported, its big room made the hall (the old wall hidden), furnished as a county
    hall: a main entrance, a consultation desk, a waiting area, an extinguisher and 11 counters."""
    import dataclasses

    from shapely.geometry import LineString, Point, box

    from geometry.dxf import import_dxf
    from geometry.model import ConsultDesk, Context, Counter, Entrance, Facility, Zone
    from geometry.room_pick import room_at

    res = import_dxf(university_floor(path))
    hall = room_at(res.underlay, HALL_LABEL_AT, gap=0.1, hidden={"A-WALL-OLD"}).room
    plan = dataclasses.replace(res.plan, hall=hall, context=Context(level="county", population=400000))
    objs = [Entrance(id="main", geometry=LineString([(17, 0.1), (19, 0.1)]), main=True, accessible=True),
            ConsultDesk(id="consult", geometry=box(17, 3, 19.4, 3.8), height_m=0.78),
            Zone(id="wait", kind="waiting", geometry=box(9, 1, 15, 6)),
            Facility(id="fx", kind="extinguisher", geometry=Point(9, 15))]
    objs += [Counter(id=f"c{i}", geometry=box(9.5 + i * 1.6, 13.5, 11.1 + i * 1.6, 14.3), height_m=0.8, color="深棕色",
                     service="综合") for i in range(11)]
    for o in objs:
        plan = plan.with_object(o)
    return plan
