"""Walking distances, distance fields and fire reach on hand-computable plans.

Tolerance used below: grid paths are exact along the axes; the walker's centre keeps the body
radius (0.25 m) from walls and the source/target join adds at most one cell, so an L-shaped walk
along two axis-parallel legs comes out within 0.3 m of the sum of the legs at 0.2 m cells (and
within 2.7 % + 0.3 m in any direction).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from shapely.geometry import LineString, Point, Polygon, box

from geometry.circulation import Circulation, Settings, coverage, distance_field, grid_for, mask
from geometry.model import Counter, Entrance, Facility, Obstacle, Plan

L_HALL = Polygon([(0, 0), (4, 0), (4, 16), (24, 16), (24, 20), (0, 20)])  # legs: x 0–4 up, y 16–20 east


@pytest.mark.parametrize("res", [0.1, 0.2])
def test_l_hall_distance_is_sum_of_legs(res: float) -> None:
    # walker's centre: up x = 3.75 (0.25 m off the inner wall) to y = 16.25, then east to x = 23.75
    g = grid_for(L_HALL, res)
    floor = mask(g, L_HALL, 0.25)
    f = distance_field(g, floor, [Point(3.75, 0.25)])
    legs = (16.25 - 0.25) + (23.75 - 3.75)
    d = f.at(Point(23.75, 16.25))
    assert abs(d - legs) <= 0.3, d
    # the shortest path turns at the inner corner
    path = f.path_to(Point(23.75, 16.25))
    assert path is not None and path.distance(Point(4, 16)) < 0.25 + 2 * res


def test_l_hall_through_the_plan_api() -> None:
    p = Plan(hall=L_HALL)
    p = p.with_object(Entrance(id="door", geometry=LineString([(3.5, 0), (4.0, 0)]), main=True))
    p = p.with_object(Facility(id="wc", kind="accessible_toilet", geometry=Point(23.75, 16.25)))
    c = Circulation(p)
    d = c.walking_distances()["wc"]
    # from the door (3.75, 0) up 16.25 m and east 20 m
    assert abs(d - 36.25) <= 0.3
    f = c.walk
    assert f is not None
    assert f.values.shape == c.grid.shape  # type: ignore[union-attr]
    left, right, bottom, top = f.extent
    assert left <= 0 and right >= 24 and bottom <= 0 and top >= 20


def test_diagonal_error_bound() -> None:
    floor_poly = box(0, 0, 40, 40)
    g = grid_for(floor_poly, 0.2)
    f = distance_field(g, mask(g, floor_poly, 0.25), [Point(1, 1)])
    for x, y in [(39, 1), (39, 39), (39, 10), (20, 39), (30, 20)]:
        true = math.hypot(x - 1, y - 1)
        d = f.at(Point(x, y))
        assert true - 0.2 <= d <= true * 1.028 + 0.2, (x, y, d, true)


def test_counter_customer_side_distance_uses_front() -> None:
    p = Plan(hall=box(0, 0, 20, 20))
    p = p.with_object(Entrance(id="door", geometry=LineString([(9, 0), (11, 0)]), main=True))
    # counter at the top, customers face north (front=90): they must walk round to its far side
    p = p.with_object(Counter(id="c", geometry=box(2, 10, 18, 10.8), front=90.0))
    c = Circulation(p)
    d = c.walking_distances()["c"]
    # round the counter end (about (2, 10.8)) to its north face centre (10, 10.8): > 8 + 11
    assert d > 18.0
    path = c.walking_path("c")
    assert path is not None and path.coords[-1][1] > 10.8


def test_fire_coverage_corridor() -> None:
    floor_poly = box(0, 0, 50, 4)
    g = grid_for(floor_poly, 0.2)
    cov = coverage(g, mask(g, floor_poly, 0.25), [Point(0.3, 2)], 20.0)
    assert not cov.covered
    minx, _, maxx, _ = cov.uncovered.bounds
    assert 19.9 < minx < 20.6 and maxx == pytest.approx(49.9, abs=0.2)
    both = coverage(g, mask(g, floor_poly, 0.25), [Point(0.3, 2), Point(49.7, 2)], 30.0)
    assert both.covered and both.max_distance < 25.5


def test_cut_off_room_is_uncovered() -> None:
    floor_poly = box(0, 0, 20, 10).difference(box(9.9, 0, 10.1, 10))
    g = grid_for(floor_poly, 0.25)
    cov = coverage(g, mask(g, floor_poly, 0.25), [Point(1, 5)], 30.0)
    assert math.isinf(cov.max_distance)
    assert cov.uncovered.area == pytest.approx(10 * 10, rel=0.1)


def test_fire_reach_through_the_plan_api() -> None:
    p = Plan(hall=box(0, 0, 60, 10))
    p = p.with_object(Entrance(id="w", geometry=LineString([(0, 4), (0, 6)]), main=True))
    p = p.with_object(Facility(id="e1", kind="extinguisher", geometry=Point(1, 1)))
    c = Circulation(p, Settings(resolution_m=0.25))
    ext = c.cover("extinguisher", 20.0)
    ex = c.cover("exit", 30.0)
    assert ext is not None and ex is not None
    true = math.hypot(59.625 - 1, 9.625 - 1)  # farthest cell centre (0.25 m cells, 0.25 m off the walls)
    assert true - 0.01 <= ext.max_distance <= true * 1.028 + 0.25
    # beyond 30 m of the west door; grid paths may be up to 2.7 % long, so it may start at 30 / 1.027 = 29.2 m
    assert not ex.covered and 29.0 < ex.uncovered.bounds[0] < 31
    assert np.isnan(ex.field.values[0, 0])  # off the floor


def test_caches_follow_edits() -> None:
    """Moving a counter (a new plan value) changes every cached result that depends on it, and
    moving it back gives the first answers again."""
    from geometry.commands import move

    p0 = Plan(hall=box(0, 0, 30, 10))
    p0 = p0.with_object(Entrance(id="door", geometry=LineString([(1, 0), (3, 0)]), main=True))
    p0 = p0.with_object(Facility(id="wc", kind="accessible_toilet", geometry=Point(28, 5)))
    p0 = p0.with_object(Counter(id="c", geometry=box(14, 8.2, 15.6, 9.0), front=270.0))
    c0 = Circulation(p0)
    r0, d0 = c0.reach(1.2), c0.walking_distances()["wc"]
    # turn the counter into a barrier across the hall: rotate it to stand north-south at x = 15
    block = Counter(id="c", geometry=box(14.6, 0.0, 15.4, 9.9), front=180.0)
    p1 = p0.replacing(block)
    c1 = Circulation(p1)
    r1 = c1.reach(1.2)
    assert r0 is not None and r1 is not None
    assert r0.is_reachable("wc") and not r1.is_reachable("wc")
    assert math.isinf(c1.walking_distances()["wc"])  # the 0.1 m slit left at the wall lets no walker by
    p2 = move(p1, ["c"], 0.0, 0.0).do(p1).replacing(p0.get("c"))  # type: ignore[arg-type]
    c2 = Circulation(p2)
    assert c2.reach(1.2).is_reachable("wc")  # type: ignore[union-attr]
    assert c2.walking_distances()["wc"] == pytest.approx(d0)


def test_source_beside_a_thin_wall_does_not_leak_through() -> None:
    # an extinguisher in the west room, 0.3 m from a 0.1 m wall; the east room is entered round
    # the wall's north end (a 2 m opening at y 8-10)
    p = Plan(hall=box(0, 0, 20, 10))
    p = p.with_object(Obstacle(id="w", kind="wall", geometry=box(9.95, 0, 10.05, 8)))
    p = p.with_object(Facility(id="x", kind="extinguisher", geometry=Point(9.65, 1)))
    p = p.with_object(Entrance(id="d", geometry=LineString([(0, 4), (0, 6)]), main=True))
    f = Circulation(p).fire_fields["extinguisher"]
    # just across the wall: up 7 m, round the end, down 7 m — not 0.6 m straight through it
    assert f.at(Point(10.5, 1)) > 14.0


def test_at_many_gives_at_for_each_geometry_behind_blockers() -> None:
    # a wall with a gap between the door and the targets: blockers near some targets, none near others
    hall = box(0, 0, 20, 12)
    wall = box(0, 6, 14, 6.2)
    p = Plan(hall=hall).with_object(Entrance(id="door", geometry=LineString([(9, 0), (11, 0)]), main=True))
    p = p.with_object(Obstacle(id="wall", geometry=wall))
    c = Circulation(p)
    f = c.walk
    assert f is not None
    geoms = [Point(2, 6.5), Point(2, 5.8), Point(18, 11), box(5, 8, 6, 9), LineString([(1, 6.3), (3, 6.3)]), Point(30, 30)]
    many = f.at_many(geoms)
    assert many == [f.at(g) for g in geoms]
    assert math.isfinite(many[0]) and many[0] > many[1]  # round the wall's end, not through it
    assert many[-1] == math.inf  # off the hall: no cell near it
    assert f.at_many([]) == []
    assert c.walking_distances() == c.walking_distances()  # computed once, same values each time


def test_path_after_at_many_is_the_path_looked_up_afresh() -> None:
    # path_to starts from the cell at_many read the distance at: the same path as looking the cell up again
    hall = box(0, 0, 20, 12)
    p = Plan(hall=hall).with_object(Entrance(id="door", geometry=LineString([(9, 0), (11, 0)]), main=True))
    p = p.with_object(Obstacle(id="wall", geometry=box(0, 6, 14, 6.2)))
    f = Circulation(p).walk
    assert f is not None
    geoms = [Point(2, 6.5), Point(2, 5.8), Point(18, 11), box(5, 8, 6, 9), LineString([(1, 6.3), (3, 6.3)]), Point(30, 30)]
    fresh = [f.path_to(g) for g in geoms]
    f.at_many(geoms)
    assert len(f._best) == len(geoms)
    again = [f.path_to(g) for g in geoms]
    assert [None if a is None else a.wkb for a in again] == [None if a is None else a.wkb for a in fresh]
    assert fresh[-1] is None and fresh[0] is not None
    # an equal geometry that is another object is looked up, not taken for the one remembered
    assert f.path_to(Point(2, 6.5)) == fresh[0]
