"""Clear width, passages and reachability at a width, on hand-computable plans."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity
from shapely.geometry import LineString, Point, box

from geometry.circulation import Circulation, Target, clear_width, passages, reachability
from geometry.model import Counter, Entrance, Obstacle, Plan, Zone


def aisle_plan(w: float) -> Plan:
    """A 30 × 12 m hall.  A row of counters (facing down, front=270) sits ``w`` m above the south
    wall between x = 8 and 22; a back office fills the hall above them.  The main entrance is in
    the west room, the waiting area in the east room: the only way is the aisle of width ``w``."""
    p = Plan(hall=box(0, 0, 30, 12))
    p = p.with_object(Entrance(id="door", geometry=LineString([(1, 0), (4, 0)]), main=True))
    p = p.with_object(Zone(id="office", kind="office", geometry=box(8, w + 0.8, 22, 12)))
    p = p.with_object(Zone(id="wait", kind="waiting", geometry=box(24, 2, 29, 10)))
    for k in range(7):
        x = 8 + 2 * k
        p = p.with_object(Counter(id=f"c{k}", geometry=box(x, w, x + 2, w + 0.8), front=270.0))
    return p


@pytest.mark.parametrize("w, ok", [(1.79, False), (1.80, True), (1.81, True)])
def test_aisle_reach_at_180(w: float, ok: bool) -> None:
    r = Circulation(aisle_plan(w)).reach(1.80)
    assert r is not None
    assert r.is_reachable("wait") is ok
    if not ok:
        assert r.best_width_for("wait") == pytest.approx(1.79, abs=1e-3)
        pinch = r.pinches_for("wait")[0]
        assert pinch.where is not None
        # the cross-section spans the aisle, between the south wall and the counter fronts
        (x0, y0), (x1, y1) = pinch.where.coords
        assert 8 - 1e-6 <= x0 <= 22 + 1e-6 and {round(y0, 3), round(y1, 3)} == {0.0, 1.79}


@pytest.mark.parametrize("w", [1.79, 1.81])
def test_clear_width_finds_the_aisle(w: float) -> None:
    c = Circulation(aisle_plan(w))
    cw = c.clear_width(up_to=3.0)
    assert cw is not None and cw.narrowest is not None
    assert cw.narrowest.width == pytest.approx(w, abs=1e-3)
    assert cw.narrowest.where.length == pytest.approx(w, abs=1e-3)


def gap_plan() -> Plan:
    """A 20 × 10 m hall split by a wall at x = 10 with a 1.0 m gap (y 4.5–5.5); a counter in the
    east room faces the gap side; the main entrance is on the west wall."""
    wall = box(9.9, 0, 10.1, 10).difference(box(9.9, 4.5, 10.1, 5.5))
    p = Plan(hall=box(0, 0, 20, 10))
    p = p.with_object(Entrance(id="door", geometry=LineString([(0, 4), (0, 6)]), main=True))
    for i, g in enumerate(wall.geoms):
        p = p.with_object(Obstacle(id=f"wall{i}", kind="wall", geometry=g))
    return p.with_object(Counter(id="c1", geometry=box(15, 8.2, 16.6, 9.0), front=270.0))


def test_counter_behind_1m_gap() -> None:
    c = Circulation(gap_plan())
    r12 = c.reach(1.2)
    assert r12 is not None and r12.unreachable == ("c1",)
    assert r12.best_width_for("c1") == pytest.approx(1.0, abs=1e-3)
    pinch = r12.pinches_for("c1")[0]
    assert pinch.geometry.intersects(box(9.9, 4.5, 10.1, 5.5))  # drawn at the gap
    assert r12.unreachable_geometry.equals(box(15, 8.2, 16.6, 9.0))
    r09 = c.reach(0.9)
    assert r09 is not None and r09.unreachable == ()


def test_closed_room_has_no_width() -> None:
    hall = box(0, 0, 20, 10)
    free = hall.difference(box(9.9, 0, 10.1, 10))
    t = Target("x", "consult", Point(15, 5), Point(15, 5), 0.3)
    r = reachability(free, LineString([(0, 4), (0, 6)]), [t], 1.2)
    assert r.unreachable == ("x",)
    assert r.best_width_for("x") is None


def test_rotated_aisle_is_measured_exactly() -> None:
    free = box(0, 0, 20, 10).difference(box(5, 1.37, 15, 10))
    for angle in (17.0, 45.0, 90.0):
        rot = affinity.rotate(free, angle, origin=(0, 0))
        cw = clear_width(rot, up_to=3.0)
        assert cw.narrowest is not None
        assert cw.narrowest.width == pytest.approx(1.37, abs=1e-3)


def test_passages_ignore_joints_below_threshold() -> None:
    # two rooms joined by a 0.2 m slit and a 1.0 m door: only the door is a passage above 0.3 m
    wall = box(9.9, 0, 10.1, 10).difference(box(9.9, 1.0, 10.1, 1.2)).difference(box(9.9, 6, 10.1, 7))
    free = box(0, 0, 20, 10).difference(wall)
    ps = passages(free, 1.5, ignore_below=0.3)
    assert [round(p.width, 3) for p in ps] == [1.0]


@settings(max_examples=20, deadline=None)
@given(w=st.floats(min_value=0.8, max_value=2.6), angle=st.floats(min_value=0, max_value=180))
def test_corridor_width_property(w: float, angle: float) -> None:
    """Any straight corridor between two rooms, in any rotation: measured width = drawn width (±1 mm),
    and reachable at 1.80 exactly when it is at least 1.80 − 1 mm wide."""
    free = box(0, 0, 10, 6).union(box(10, 0, 18, w)).union(box(18, 0, 28, 6))
    free = affinity.rotate(free, angle, origin=(0, 0))
    start = affinity.rotate(LineString([(0, 2), (0, 4)]), angle, origin=(0, 0))
    goal = affinity.rotate(Point(24, 3), angle, origin=(0, 0))
    r = reachability(free, start, [Target("g", "waiting", goal, goal, 0.3)], 1.8)
    assert r.is_reachable("g") is (w >= 1.8 - 1e-3)
    if w < 1.8 - 1e-3:
        assert r.best_width_for("g") == pytest.approx(w, abs=1e-3)
    if w < 2.9:
        cw = clear_width(free, up_to=3.0)
        assert cw.narrowest is not None and math.isclose(cw.narrowest.width, w, abs_tol=1e-3)


def test_entrance_drawn_slightly_off_the_wall_still_starts() -> None:
    p = aisle_plan(2.0)
    p = p.replacing(Entrance(id="door", geometry=LineString([(1, -0.2), (4, -0.2)]), main=True))
    r = Circulation(p).reach(1.8)
    assert r is not None and r.unreachable == ()


def test_shortcut_gap_is_a_passage() -> None:
    # two rooms joined by a 1.0 m door in a thin wall AND a 4 m wide way round its end
    free = box(0, 0, 20, 14).difference(box(9.9, 0, 10.1, 10).difference(box(9.9, 4.5, 10.1, 5.5)))
    cw = clear_width(free, up_to=1.2)
    assert [round(p.width, 3) for p in cw.passages] == [1.0]
    assert cw.passages[0].where.distance(Point(10, 5)) < 0.15


def test_gaps_between_counters_in_a_row() -> None:
    # a row of 4 counters with 0.9 m gaps, open floor all round: three 0.9 m passages
    p = Plan(hall=box(0, 0, 20, 12)).with_object(Entrance(id="d", geometry=LineString([(9, 0), (11, 0)]), main=True))
    for k in range(4):
        x = 4 + k * 2.5
        p = p.with_object(Counter(id=f"c{k}", geometry=box(x, 5, x + 1.6, 5.8), front=270.0))
    cw = Circulation(p).clear_width(up_to=1.2)
    assert cw is not None
    assert sorted(round(q.width, 3) for q in cw.passages) == [0.9, 0.9, 0.9]
