"""Free space (customer / staff sides), visibility and turning circles."""

from __future__ import annotations

import pytest
from shapely import affinity
from shapely.geometry import LineString, Point, box

from geometry.circulation import Circulation, Settings, build_space, counter_sides, isovist, turning_circle, visible
from geometry.model import ConsultDesk, Counter, Entrance, Facility, Obstacle, Plan, Zone


def test_front_attribute_wins() -> None:
    p = Plan(hall=box(0, 0, 10, 10)).with_object(Counter(id="c", geometry=box(4, 1, 5.6, 1.8), front=270.0))
    s = counter_sides(p)["c"]
    assert s.basis == "front"
    assert s.customer_dir == pytest.approx((0.0, -1.0), abs=1e-9)
    assert s.face.distance(LineString([(4, 1), (5.6, 1)])) < 1e-9
    assert s.staff.bounds == pytest.approx((4, 1.8, 5.6, 2.8))


def test_open_area_decides_side_against_a_wall() -> None:
    # counter 0.3 m from the north wall: customers must be on the south side
    p = Plan(hall=box(0, 0, 10, 10)).with_object(Counter(id="c", geometry=box(4, 8.9, 5.6, 9.7)))
    s = counter_sides(p)["c"]
    assert s.basis == "open_area" and s.customer_dir == pytest.approx((0.0, -1.0))


def test_back_office_counts_as_closed() -> None:
    p = Plan(hall=box(0, 0, 20, 20)).with_object(Counter(id="c", geometry=box(9, 10, 10.6, 10.8)))
    p = p.with_object(Zone(id="o", kind="office", geometry=box(0, 10.8, 20, 20)))
    assert counter_sides(p)["c"].customer_dir == pytest.approx((0.0, -1.0))


def test_tie_goes_to_the_main_entrance() -> None:
    # island counter in the middle: both sides equally open; entrance on the east wall
    p = Plan(hall=box(0, 0, 20, 20)).with_object(Counter(id="c", geometry=box(9.6, 9, 10.4, 10.6)))
    p = p.with_object(Entrance(id="d", geometry=LineString([(20, 9), (20, 11)]), main=True))
    s = counter_sides(p)["c"]
    assert s.basis == "entrance" and s.customer_dir == pytest.approx((1.0, 0.0))


def test_rotated_counter_sides() -> None:
    g = affinity.rotate(box(0, 0, 1.6, 0.8), 30, origin=(0, 0))
    g = affinity.translate(g, 10, 10)
    p = Plan(hall=box(0, 0, 20, 20)).with_object(Counter(id="c", geometry=g, front=120.0))
    s = counter_sides(p)["c"]
    # the face is 1.6 m long and the staff strip 1.0 m deep, behind it
    assert s.face.length == pytest.approx(1.6)
    assert s.staff.area == pytest.approx(1.6 * 1.0)
    assert s.staff.centroid.distance(s.face) > 1.0


def test_public_floor_excludes_counters_staff_and_obstacles() -> None:
    p = Plan(hall=box(0, 0, 10, 6))
    p = p.with_object(Counter(id="c", geometry=box(2, 1.0, 3.6, 1.8), front=270.0))
    p = p.with_object(Obstacle(id="col", kind="column", geometry=Point(8, 3)))
    p = p.with_object(Obstacle(id="door", kind="door", geometry=box(0, 2, 0.1, 3)))
    p = p.with_object(ConsultDesk(id="d", geometry=box(6, 4, 7, 5)))
    s = build_space(p, Settings(point_obstacle_radius_m=0.2))
    taken = 1.6 * 1.8 + 3.1365 * 0.04 + 1.0  # counter + staff, column (buffer polygon), desk
    assert s.public.area == pytest.approx(60 - taken, abs=0.01)
    assert s.walkable.area == pytest.approx(60 - 1.6 * 0.8 - 3.1365 * 0.04 - 1.0, abs=0.01)


def test_isovist_and_consult_visibility() -> None:
    hall = box(0, 0, 30, 20)
    iso = isovist(Point(15, 0.3), hall, box(10, 5, 20, 6))  # a wall segment in front of the door
    assert not visible(iso, box(14, 10, 16, 11))
    assert visible(iso, box(2, 10, 4, 11))
    p = Plan(hall=hall).with_object(Entrance(id="e", geometry=LineString([(14, 0), (16, 0)]), main=True))
    p1 = p.with_object(Obstacle(id="w", kind="wall", geometry=box(10, 5, 20, 6)))
    p2 = p.with_object(Obstacle(id="w", kind="furniture", geometry=box(10, 5, 20, 6)))  # low: see-through
    desk = box(14, 10, 16, 11)
    i1, i2 = Circulation(p1).entrance_isovist, Circulation(p2).entrance_isovist
    assert i1 is not None and i2 is not None
    assert not visible(i1, desk) and visible(i2, desk)


def test_screen_visible_from_waiting() -> None:
    p = Plan(hall=box(0, 0, 30, 20))
    p = p.with_object(Facility(id="s", kind="display_screen", geometry=Point(15, 19.9)))
    p = p.with_object(Zone(id="w1", kind="waiting", geometry=box(5, 5, 10, 10)))
    p = p.with_object(Obstacle(id="wall", kind="wall", geometry=box(0, 12, 12, 12.2)))
    p = p.with_object(Zone(id="w2", kind="waiting", geometry=box(18, 5, 25, 10)))
    p = p.with_object(Facility(id="seat-hidden", kind="rest_seats", geometry=Point(3, 3)))
    p = p.with_object(Facility(id="seat-seen", kind="rest_seats", geometry=Point(20, 3)))
    vis = Circulation(p).screen_visibility()["s"]
    assert vis["w2"] == pytest.approx(1.0)
    assert vis["w1"] < 0.5
    assert vis["seat-seen"] == 1.0 and vis["seat-hidden"] == 0.0


def test_turning_circle_exact_threshold() -> None:
    assert turning_circle(box(0, 0, 4, 1.50), Point(2, 0.75)).fits
    assert not turning_circle(box(0, 0, 4, 1.49), Point(2, 0.75)).fits


def test_turning_in_front_of_counter() -> None:
    def plan(depth: float) -> Plan:
        # customer side faces south onto a strip ``depth`` deep, closed by a wall
        p = Plan(hall=box(0, 0, 10, 10)).with_object(Counter(id="c", geometry=box(4, depth, 5.6, depth + 0.8), front=270.0))
        return p.with_object(Obstacle(id="o", kind="wall", geometry=box(0, depth + 0.8, 3.9, 10)))
    ok = Circulation(plan(1.6)).turning_at_counter("c")
    bad = Circulation(plan(1.4)).turning_at_counter("c")
    assert ok is not None and ok.fits and ok.circle is not None
    assert ok.circle.area == pytest.approx(3.1416 * 0.75 ** 2, rel=0.01)
    assert bad is not None and not bad.fits
