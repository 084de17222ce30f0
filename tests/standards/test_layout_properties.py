"""Property: whatever the rectangle, the side of its entrance and a core in it, a proposal places every
counter inside the hall, clear of the core and of each other, and every facility on the hall's floor."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Polygon, box

from geometry.model import Context, Entrance, Obstacle, Plan
from standards.layout import propose


@st.composite
def halls(draw: st.DrawFn) -> Plan:
    w = draw(st.floats(18.0, 50.0))
    d = draw(st.floats(14.0, 36.0))
    side = draw(st.sampled_from(["s", "n", "e", "w"]))
    at = draw(st.floats(0.25, 0.75))
    level, pop = draw(st.sampled_from([("county", 935_000), ("park", 120_000), ("township", 62_000)]))
    hole = draw(st.booleans())
    outer = [(0, 0), (w, 0), (w, d), (0, d)]
    core = [(w * 0.45, d * 0.45), (w * 0.45 + 3, d * 0.45), (w * 0.45 + 3, d * 0.45 + 3), (w * 0.45, d * 0.45 + 3)]
    hall = Polygon(outer, [core[::-1]] if hole else [])
    door = {"s": [(w * at - 1.5, 0), (w * at + 1.5, 0)], "n": [(w * at - 1.5, d), (w * at + 1.5, d)],
            "e": [(w, d * at - 1.5), (w, d * at + 1.5)], "w": [(0, d * at - 1.5), (0, d * at + 1.5)]}[side]
    other = {"s": [(0, d / 2 - 0.9), (0, d / 2 + 0.9)], "n": [(w, d / 2 - 0.9), (w, d / 2 + 0.9)],
             "e": [(w / 2 - 0.9, 0), (w / 2 + 0.9, 0)], "w": [(w / 2 - 0.9, d), (w / 2 + 0.9, d)]}[side]
    objs = (Entrance(id="main", geometry=LineString(door), main=True, accessible=True),
            Entrance(id="side", geometry=LineString(other)),
            Obstacle(id="col", geometry=box(w * 0.25, d * 0.7, w * 0.25 + 0.6, d * 0.7 + 0.6), kind="column"))
    return Plan(context=Context(level=level, population=pop, target_grade=2, sprinklers=True), hall=hall, objects=objs)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(halls())
def test_everything_placed_stands_in_the_hall_clear_of_obstacles(plan: Plan) -> None:
    answer = propose(plan, alternatives=1)
    placed = answer.best.plan
    assert placed.hall is not None
    floor = placed.hall.buffer(1e-3)
    column = plan.get("col")
    assert column is not None
    counters = placed.counters
    assert counters
    for i, c in enumerate(counters):
        assert floor.covers(c.geometry)
        assert not c.geometry.intersects(column.geometry)
        for other in counters[i + 1:]:
            assert c.geometry.intersection(other.geometry).area < 1e-6
    for f in placed.facilities:
        assert floor.covers(f.geometry)
    for z in placed.zones:
        assert floor.covers(z.geometry)
    assert all(desk.geometry.within(floor) for desk in placed.consult_desks)
    # the answer is honest: "cannot" exactly when it has reasons to give, and then the best still has some failure or shortfall
    assert answer.cannot == bool(answer.reasons)
    if not answer.cannot:
        assert not answer.best.layout_fails and not any(f.rule == "AREA" for f in answer.best.fails)
