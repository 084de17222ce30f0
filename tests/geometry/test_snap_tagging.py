"""Snapping, picking and underlay tagging (no Qt)."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, MultiLineString, Point, box

from geometry.i18n import HallPlanError
from geometry.model import Counter, Facility, Plan, Zone
from geometry.snap import Snapper, objects_at, objects_in
from geometry.tagging import polygon_from_underlay, room_from_walls, tag


def plan() -> Plan:
    return Plan(hall=box(0, 0, 20, 10), objects=(
        Zone(id="z", geometry=box(0, 0, 8, 6), kind="waiting"),
        Counter(id="c", geometry=box(2, 2, 3.6, 2.8)),
        Facility(id="f", geometry=Point(2.5, 2.4), kind="water_dispenser")))


def test_snap_priority_endpoint_edge_grid_ortho() -> None:
    s = Snapper(plan(), [MultiLineString([[(30, 0), (40, 0)], [(30, 5), (40, 5)]])])
    assert s.snap(3.62, 2.79, 0.1)[2] == "endpoint"
    assert s.snap(35.0, 5.05, 0.1) == (35.0, 5.0, "edge")  # an underlay line
    assert s.snap(39.95, 0.02, 0.1) == (40.0, 0.0, "endpoint")
    assert s.snap(12.34, 7.77, 0.1, grid=0.5) == (12.5, 8.0, "grid")
    assert s.snap(12.34, 7.77, 0.1, endpoints=False, edges=False, grid=None) == (12.34, 7.77, "none")
    x, y, k = s.snap(15.0, 7.2, 0.1, ortho=True, last=(11.0, 7.0), grid=0.1)
    assert (x, y, k) == (15.0, 7.0, "ortho")


def test_underlay_pick_returns_the_part_and_its_layer() -> None:
    ring = LineString([(30, 0), (40, 0), (40, 5), (30, 5), (30, 0)])
    s = Snapper(plan(), [MultiLineString([[(50, 0), (60, 0)]]), MultiLineString([ring])])
    hit = s.underlay_at(35, 0.05, 0.2)
    assert hit is not None and hit[0] == 1 and hit[1].equals(ring)
    assert s.underlay_at(100, 100, 0.2) is None
    assert len(s.underlay_near(35, 2, 10)) == 1


def test_pick_order_and_box_select() -> None:
    p = plan()
    assert objects_at(p, 2.5, 2.4, 0.05) == ["f", "c", "z", "hall"]
    assert objects_in(p, (1, 1, 4, 4)) == ["c", "f"]


def test_tagging_closed_and_open_polylines() -> None:
    ring = LineString([(0, 0), (4, 0), (4, 3), (0, 3), (0, 0)])
    assert polygon_from_underlay(ring).area == 12
    with pytest.raises(HallPlanError, match="not closed|未闭合"):
        polygon_from_underlay(LineString([(0, 0), (4, 0), (4, 3), (0, 3)]))
    p0 = plan()
    cmd = tag(p0, polygon_from_underlay(ring), "parking")
    p1 = cmd.do(p0)
    assert p1.parking[0].geometry.area == 12 and cmd.undo(p1) == p0
    hall = tag(p0, box(0, 0, 5, 5), "hall")
    assert hall.do(p0).hall.area == 25 and hall.undo(hall.do(p0)) == p0


def test_room_from_walls_with_a_gap() -> None:
    walls = [LineString([(0, 0), (10, 0), (10, 8)]), LineString([(10, 8), (0, 8), (0, 0.1)])]
    room = room_from_walls(walls, at=(5, 4), gap=0.3)
    assert abs(room.area - 80) < 0.5
    with pytest.raises(HallPlanError):
        room_from_walls([LineString([(0, 0), (1, 0)])])


def _band(opening: float) -> LineString:
    """A 200 mm wall band around a 20 × 12 m room drawn as one closed outline, with an opening in the south wall."""
    band = box(-0.2, -0.2, 20.2, 12.2).difference(box(0, 0, 20, 12)).difference(box(10, -0.3, 10 + opening, 0))
    return band.exterior


def test_rooms_from_selected_lines_close_small_gaps_only() -> None:
    from geometry.tagging import OpenWalls, room_from_selected, rooms_from_lines

    room, why = room_from_selected([_band(0.05)], gap=0.1)
    assert abs(room.area - 240) < 1e-6 and why == "only"  # the wall fill is not a room
    assert rooms_from_lines([_band(0.05)], gap=0.01) == []
    with pytest.raises(OpenWalls) as err:
        room_from_selected([_band(1.0)], gap=0.1)
    (x, y, width), = err.value.gaps[:1]
    assert abs(x - 10.5) < 0.05 and abs(y) < 0.25 and abs(width - 1.0) < 0.05
    assert "10.50" in err.value.en and "gap" in err.value.en.lower()
    with pytest.raises(HallPlanError):
        room_from_selected([], gap=0.1)


def test_several_rooms_largest_or_the_clicked_one() -> None:
    from geometry.tagging import room_from_selected, rooms_from_lines

    lines = [LineString([(0, 0), (30, 0), (30, 10), (0, 10), (0, 0)]), LineString([(20, 0), (20, 10.04)])]
    assert [round(r.area) for r in rooms_from_lines(lines, gap=0.1)] == [200, 100]
    assert room_from_selected(lines, 0.1)[1] == "largest"
    room, why = room_from_selected(lines, 0.1, at=(25, 5))
    assert why == "click" and abs(room.area - 100) < 1e-6
    # a T-gap: a wall stopping 5 cm short of the one it meets
    t = [LineString([(0, 0), (10, 0), (10, 5), (0, 5), (0, 0)]), LineString([(5, 0.05), (5, 5)])]
    assert [round(r.area) for r in rooms_from_lines(t, gap=0.1)] == [25, 25]
