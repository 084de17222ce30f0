"""Rooms from walls on a realistic floor: openings closed jamb to jamb, doors that neither add nor
remove area, a corridor's fire doors open on request, clicks near walls, gaps named where they are."""

from __future__ import annotations

import math
from pathlib import Path

import ezdxf
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import union_all
from shapely.affinity import rotate, translate
from shapely.geometry.base import BaseGeometry
from shapely.geometry import LineString, MultiLineString, Point, box

from geometry.dxf import import_dxf
from geometry.dxf.synthetic_floor import ORIGIN, FloorRoom, office_floor
from geometry.room_pick import room_at
from geometry.tagging import OpenWalls
from geometry.wall_rooms import door_chords, facing_closures, room_in


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[FloorRoom], object]:
    path = tmp_path_factory.mktemp("floor") / "办公楼 二层.dxf"
    rooms = office_floor(path)
    return rooms, import_dxf(path)


def test_every_closed_room_within_one_percent_of_its_stated_area(floor: tuple[list[FloorRoom], object]) -> None:
    rooms, res = floor
    underlay = res.underlay  # type: ignore[attr-defined]
    closed = [r for r in rooms if not r.open]
    assert len(closed) == 14
    for r in closed:
        pick = room_at(underlay, r.label_m, metres_per_unit=0.001)
        assert pick.room.covers(Point(r.label_m)) or pick.room.distance(Point(r.label_m)) < 0.6, r.name
        assert abs(pick.area - r.stated_m2) <= 0.01 * r.stated_m2, (r.name, pick.area, r.stated_m2)
        assert pick.source == "walls" and "轴线" not in pick.layers and "家具" not in pick.layers


def test_open_room_names_its_gap_in_metres_and_drawing_units(floor: tuple[list[FloorRoom], object]) -> None:
    rooms, res = floor
    lobby = next(r for r in rooms if r.open)
    with pytest.raises(OpenWalls) as e:
        room_at(res.underlay, lobby.label_m, metres_per_unit=0.001)  # type: ignore[attr-defined]
    (x, y, width), = e.value.gaps  # one gap: the 3.6 m street opening, not the stretches between pilasters
    assert abs(width - 3.6) < 0.01
    assert abs(x - (ORIGIN[0] / 1000 + 56.8)) < 0.05 and abs(y - ORIGIN[1] / 1000) < 0.2
    assert "缺口" in e.value.zh and "3.60 m" in e.value.zh and f"{x * 1000:.0f}" in e.value.zh  # drawing units (mm) too
    assert "drawing coordinates" in e.value.en


def test_fire_doors_open_make_the_corridor_one_room(floor: tuple[list[FloorRoom], object]) -> None:
    rooms, res = floor
    west, east = (next(r for r in rooms if r.name == n) for n in ("走廊 西", "走廊 东"))
    underlay = res.underlay  # type: ignore[attr-defined]
    closed = room_at(underlay, west.label_m).area
    whole = room_at(underlay, west.label_m, doors_open=True)
    assert abs(closed - west.stated_m2) < 0.01 * west.stated_m2
    assert abs(whole.area - (west.stated_m2 + east.stated_m2)) < 0.01 * (west.stated_m2 + east.stated_m2)
    assert whole.room.contains(Point(east.label_m))
    office = next(r for r in rooms if r.name == "办公室 N02")  # doors in walls stay closed
    assert abs(room_at(underlay, office.label_m, doors_open=True).area - office.stated_m2) < 0.01 * office.stated_m2


def test_click_inside_a_wall_or_on_its_line_finds_the_room_beside_it(floor: tuple[list[FloorRoom], object]) -> None:
    rooms, res = floor
    ox, oy = ORIGIN[0] / 1000, ORIGIN[1] / 1000
    hall = next(r for r in rooms if r.name == "服务大厅")
    for at in ((ox + 20.95, oy + 5.0), (ox + 20.9, oy + 5.0)):  # inside the 200 mm partition; on its face line
        pick = room_at(res.underlay, at)  # type: ignore[attr-defined]
        assert pick.room.distance(Point(at)) < 0.2 and abs(pick.area - hall.stated_m2) < 0.01 * hall.stated_m2


def _room(side: int, block: bool, doc_path: Path, at: float = 2.0, width: float = 0.9) -> float:
    """A 6 × 4 m room of single LINE walls on WALL, a door in the south wall swinging ``side``."""
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 6
    msp = doc.modelspace()
    for a, b in (((at + width, 0), (6, 0)), ((6, 0), (6, 4)), ((6, 4), (0, 4)), ((0, 4), (0, 0)), ((0, 0), (at, 0))):
        msp.add_line(a, b, dxfattribs={"layer": "WALL"})
    if block:
        blk = doc.blocks.new("DOOR1")
        blk.add_line((0, 0), (0, 1))
        blk.add_arc((0, 0), 1, 0, 90)
        msp.add_blockref("DOOR1", (at, 0), dxfattribs={"layer": "DOOR", "xscale": width, "yscale": width * side})
    else:
        msp.add_line((at, 0), (at, side * width), dxfattribs={"layer": "DOOR"})
        msp.add_arc((at, 0), width, 0 if side > 0 else 270, 90 if side > 0 else 360, dxfattribs={"layer": "DOOR"})
    doc.saveas(doc_path)
    return float(room_at(import_dxf(doc_path).underlay, (3.0, 2.0)).area)


@pytest.mark.parametrize("block", [True, False])
def test_door_swing_neither_adds_nor_removes_area(block: bool, tmp_path: Path) -> None:
    assert _room(1, block, tmp_path / "in.dxf") == pytest.approx(24.0, abs=1e-6)
    assert _room(-1, block, tmp_path / "out.dxf") == pytest.approx(24.0, abs=1e-6)
    assert _room(1, block, tmp_path / "wide.dxf", at=1.0, width=3.2) == pytest.approx(24.0, abs=1e-6)  # wider than 2.5 m


@settings(max_examples=25, deadline=None)
@given(x0=st.floats(-1e5, 1e5), y0=st.floats(-1e5, 1e5), w=st.floats(3.0, 30.0), h=st.floats(3.0, 20.0),
       at=st.floats(0.05, 0.9), door=st.floats(0.7, 2.4), side=st.sampled_from([1, -1]), turn=st.floats(0.0, 360.0))
def test_a_door_in_any_wall_closes_the_room_on_the_wall_line(x0: float, y0: float, w: float, h: float, at: float,
                                                            door: float, side: int, turn: float) -> None:
    door = min(door, w - 1.0)
    s = at * (w - door - 0.2) + 0.1
    walls = [LineString([(s + door, 0), (w, 0), (w, h), (0, h), (0, 0), (s, 0)])]
    leaf = LineString([(s, 0), (s, side * door)])
    arc = LineString([(s + door * math.cos(t), side * door * math.sin(t)) for t in np.linspace(0, math.pi / 2, 17)])

    def place(g: BaseGeometry) -> BaseGeometry:
        return translate(rotate(g, turn, origin=(0, 0)), x0, y0)

    walls, doors = [place(g) for g in walls], [place(leaf), place(arc)]
    chords, missed = door_chords(doors, walls)
    assert not missed
    inside = place(Point(w / 2, h / 2))
    room = room_in(walls, facing_closures(walls, 0.01) + chords, (inside.x, inside.y), 0.01)
    assert room is not None and room.area == pytest.approx(w * h, rel=1e-6)


def test_no_closure_crosses_a_wall() -> None:
    # two collinear wall ends 1 m apart, but a wall runs between them: no closure
    walls = [LineString([(0, 0), (4, 0)]), LineString([(5, 0), (9, 0)]), LineString([(4.5, -3), (4.5, 3)])]
    assert facing_closures(walls, 0.05) == []
    walls = walls[:2]
    (c,) = facing_closures(walls, 0.05)
    assert c.length == pytest.approx(1.0)


def test_open_walls_never_return_a_room_without_the_point() -> None:
    u = [("WALL", MultiLineString([[(0, 0), (10, 0), (10, 8), (0, 8)], [(0, 8), (0, 4)]]))]  # 4 m open on the west
    with pytest.raises(OpenWalls) as e:
        room_at(u, (5, 4))
    assert e.value.gaps and abs(e.value.gaps[0][0]) < 0.01 and abs(e.value.gaps[0][2] - 4.0) < 0.01


def test_real_tarch_plan_rooms_match_hand_checked_outlines(shared: Path) -> None:
    """The four rooms of the real TArch sheet's plan, clicked at their labels, against the rooms
    between the wall faces less the 400 mm columns, read by hand off its WALL and COLUMN layers."""
    res = import_dxf(shared / "dxf" / "tarch_t3_power_room_mm.dxf")
    cols = [box(x, y, x + 0.4, y + 0.4) for x in (39.0321, 43.5821, 48.1321) for y in (72.1808, 77.9508, 83.6808)]
    faces = {(39.627, 79.831): (39.2321, 76.3208, 43.6821, 83.8808), (46.608, 79.856): (43.8821, 76.3208, 48.3321, 83.8808),
             (40.803, 74.333): (39.2321, 72.3808, 43.6821, 76.1208), (45.530, 74.333): (43.8821, 72.3808, 48.3321, 76.1208)}
    for at, rect in faces.items():
        want = box(*rect).difference(union_all(cols))
        pick = room_at(res.underlay, at)
        assert pick.room.symmetric_difference(want).area < 0.001 * want.area, at
        assert set(pick.layers) <= {"WALL", "COLUMN", "WINDOW"}


def test_an_open_passage_wider_than_a_door_is_named() -> None:
    """Two rooms joined by a 3 m opening without a door are one room; the pick says where it may
    run on (columns facing each other across a room are no passage)."""
    rooms = [[(0, 0), (12, 0), (12, 4), (0, 4), (0, 0)], [(6, 0), (6, 0.5)], [(6, 3.5), (6, 4)]]
    cols = [[(2.0, 1.8), (2.4, 1.8), (2.4, 2.2), (2.0, 2.2), (2.0, 1.8)], [(9.6, 1.8), (10.0, 1.8), (10.0, 2.2), (9.6, 2.2), (9.6, 1.8)]]
    pick = room_at([("WALL", MultiLineString(rooms)), ("COLUMN", MultiLineString(cols))], (3, 3))
    assert pick.area == pytest.approx(48.0) and pick.passages == ((6.0, 2.0, 3.0),)
    rooms[1:] = [[(6, 0), (6, 1.5)], [(6, 2.5), (6, 4)]]  # a 1 m door opening: closed, no passage
    pick = room_at([("WALL", MultiLineString(rooms)), ("COLUMN", MultiLineString(cols))], (3, 3))
    assert pick.area == pytest.approx(24.0) and pick.passages == ()  # the outline: free-standing columns stay inside


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> object:
    path = tmp_path_factory.mktemp("office") / "f.dxf"
    office_floor(path, rotation=17.0, sloppy=True)
    return import_dxf(path)


@settings(max_examples=15, deadline=None)
@given(u=st.floats(0.0, 1.0), v=st.floats(0.0, 1.0))
def test_a_click_anywhere_gives_its_room_the_room_beside_its_wall_or_an_error(office: object, u: float, v: float) -> None:
    """Never a room that does not hold the click, except for a click inside a wall's thickness."""
    from shapely.affinity import rotate as turn

    local = Point(-0.5 + u * 61.0, -0.5 + v * 25.0)  # the floor (60 × 24 m), its outer walls and a step outside
    ox, oy = ORIGIN[0] / 1000, ORIGIN[1] / 1000
    at = turn(translate(local, ox, oy), 17.0, origin=(ox, oy))
    try:
        pick = room_at(office.underlay, (at.x, at.y))  # type: ignore[attr-defined]
    except OpenWalls:
        return
    if not pick.room.contains(at):
        assert pick.room.distance(at) < 0.6  # the click stood in a wall: the room beside it


def _arc(c: tuple[float, float], r: float, a0: float, a1: float) -> list[tuple[float, float]]:
    t = np.radians(np.linspace(a0, a1, 24))
    return [(c[0] + r * math.cos(v), c[1] + r * math.sin(v)) for v in t]


def _walls(x0: float, x1: float) -> MultiLineString:
    """A 6 × 4 m room in 200 mm double-line walls, the south wall open from x0 to x1 (jambs drawn)."""
    return MultiLineString([[(x1, 0), (6, 0), (6, 4), (0, 4), (0, 0), (x0, 0)],
                            [(x1, -0.2), (6.2, -0.2), (6.2, 4.2), (-0.2, 4.2), (-0.2, -0.2), (x0, -0.2)],
                            [(x0, 0), (x0, -0.2)], [(x1, 0), (x1, -0.2)]])


DOORS = {
    "leaf drawn as a thin rectangle": (2.0, 3.5, [[(2, 0), (2.05, 0), (2.05, 1.5), (2, 1.5), (2, 0)], _arc((2, 0), 1.5, 0, 90)]),
    "unequal double door (子母门)": (2.0, 3.5, [[(2, 0), (2, 1.0)], _arc((2, 0), 1.0, 0, 90), [(3.5, 0), (3.5, 0.5)],
                                               _arc((3.5, 0), 0.5, 90, 180)]),
    "sliding door (推拉门)": (2.0, 3.5, [[(2, -0.06), (2.8, -0.06), (2.8, -0.1), (2, -0.1), (2, -0.06)],
                                       [(2.7, -0.1), (3.5, -0.1), (3.5, -0.14), (2.7, -0.14), (2.7, -0.1)]]),
    "3 m double door hinged on the outer face, swinging out": (1.5, 4.5, [[(1.5, -0.2), (1.5, -1.7)], _arc((1.5, -0.2), 1.5, 270, 360),
                                                                         [(4.5, -0.2), (4.5, -1.7)], _arc((4.5, -0.2), 1.5, 180, 270)]),
}


@pytest.mark.parametrize("kind", list(DOORS))
def test_door_habits_close_on_the_rooms_own_wall_face(kind: str) -> None:
    x0, x1, door = DOORS[kind]
    pick = room_at([("WALL", _walls(x0, x1)), ("DOOR", MultiLineString(door))], (3.0, 2.0))
    assert pick.area == pytest.approx(24.0, abs=1e-6)
