"""A re-check after edits, with every cache kept across plans (rasters' weights patched near the
edit, walking fields reused when their raster and sources did not change, per-geometry caches),
gives exactly the findings of a check from scratch."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, box

from geometry.circulation.analysis import forget_analyses
from geometry.commands import move
from geometry.model import ConsultDesk, Context, Counter, Entrance, Facility, Plan, Zone
from standards.engine import check

CODES = ["MAIN-AISLE", "ACCESSIBLE-ROUTE", "REACH-COUNTERS", "CONSULT-VISIBLE", "SPECIAL-NEAR-ENTRANCE",
         "TURNING-CIRCLE", "LOW-COUNTER", "EXTINGUISHER-REACH", "EXIT-REACH"]


def hall() -> Plan:
    p = Plan(context=Context(level="county", population=300000, sprinklers=False), hall=box(0, 0, 24, 16))
    objs: list[Any] = [
        Entrance(id="main", geometry=LineString([(11, 0), (13, 0)]), main=True, accessible=True),
        Entrance(id="exit", geometry=LineString([(0, 13), (0, 14.5)])),
        ConsultDesk(id="desk", geometry=box(10.5, 3, 13.5, 3.8), accessible=True, height_m=0.78),
        Zone(id="wait", kind="waiting", geometry=box(1, 1, 7, 5)),
        Zone(id="sp", kind="special_population", geometry=box(17, 1, 21, 4)),
        Facility(id="ext1", kind="extinguisher", geometry=Point(1, 8)),
        Facility(id="ext2", kind="extinguisher", geometry=Point(23, 8)),
    ]
    objs += [Counter(id=f"c{k}", geometry=box(3 + 3 * k, 10, 4.6 + 3 * k, 10.8), front=270.0, height_m=0.8,
                     accessible=(k == 0)) for k in range(6)]
    for o in objs:
        p = p.with_object(o)
    return p


def findings(plan: Plan) -> list[dict[str, Any]]:
    return [f.to_json() for f in check(plan, only=CODES).findings]


steps = st.lists(st.tuples(st.sampled_from(["c0", "c2", "c5", "desk", "ext1"]),
                           st.floats(-0.6, 0.6), st.floats(-0.6, 0.6), st.booleans()), min_size=1, max_size=4)


@settings(max_examples=12, deadline=None)
@given(steps)
def test_recheck_after_edits_equals_a_fresh_check(edits: list[tuple[str, float, float, bool]]) -> None:
    plan = hall()
    findings(plan)  # the editor has checked the plan before the edits
    for oid, dx, dy, tiny in edits:
        if tiny:  # less than a cell: the rasters often stay as they were
            dx, dy = dx / 20, dy / 20
        plan = move(plan, [oid], dx, dy).do(plan)
        warm = findings(plan)
        forget_analyses()
        fresh = findings(plan)
        assert warm == fresh
