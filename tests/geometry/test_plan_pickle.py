"""A pickled plan (its objects packed by class: geometry.pickling.pack_objects) comes back equal in every field
of every object, geometries bit for bit, and answers every query as the original does — by plain
pickle, by geometry.pickling (the PDF worker's) and by copy.deepcopy."""

from __future__ import annotations

import copy
import pickle
from array import array
from typing import Any, Callable

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiLineString, Point, box

from geometry import pickling
from geometry.drawing_file import Underlay, UnderlayLayer, UnderlayText
from geometry.model import (FACILITY_KINDS, OBSTACLE_KINDS, ZONE_KINDS, ConsultDesk, Context, Counter, Entrance, Facility,
                            Obstacle, Parking, Plan, PlanObject, Ramp, Room, Route, Signage, Zone)
from geometry.synthetic import sample_plan, synthetic_hall

from tests.geometry.test_model_project import full_plan

ROUND_TRIPS: dict[str, Callable[[Any], Any]] = {
    "pickle": lambda x: pickle.loads(pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL)),
    "pickle2": lambda x: pickle.loads(pickle.dumps(x, protocol=2)),
    "bulk": lambda x: pickling.loads(bytearray(pickling.dumps(x))),
    "deepcopy": copy.deepcopy,
}


def same_plan(a: Plan, b: Plan) -> None:
    assert b == a and b is not a
    assert (b.context, b.signage, dict(b.checklist), dict(b.meta)) == (a.context, a.signage, dict(a.checklist), dict(a.meta))
    assert len(b.objects) == len(a.objects)
    for x, y in zip(a.objects, b.objects):
        assert type(y) is type(x)
        assert list(vars(y)) == list(vars(x))  # the same fields in the same order
        for name, value in vars(x).items():
            got = vars(y)[name]
            if name == "geometry":
                assert type(got) is type(value)
                assert shapely.to_wkb(got, include_srid=True) == shapely.to_wkb(value, include_srid=True)
            else:
                assert got == value and type(got) is type(value)
    # the lookup tables are made again: every query answers as on the original
    assert (b.hall, b.building) == (a.hall, a.building)
    assert [o.id for o in b.counters] == [o.id for o in a.counters]
    assert [o.id for o in b.facilities] == [o.id for o in a.facilities]
    assert all(b.get(o.id) is o for o in b.objects)
    assert b.single("hall") == a.single("hall") and b.single("building") == a.single("building")
    assert b.new_id("c") == a.new_id("c")


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_a_full_plan_comes_back_whole(how: str) -> None:
    plan = full_plan()
    plan.counters  # a lookup table already made: not carried, made again
    same_plan(plan, ROUND_TRIPS[how](plan))


@pytest.mark.parametrize("how", ["pickle", "bulk"])
@pytest.mark.parametrize("name", ["city", "county", "park", "township", "village"])
def test_the_samples_come_back_whole(name: str, how: str) -> None:
    for compliant in (True, False):
        plan = sample_plan(name, compliant)
        same_plan(plan, ROUND_TRIPS[how](plan))


def test_a_large_hall_comes_back_whole() -> None:
    plan = synthetic_hall(500, 2000)
    got = ROUND_TRIPS["bulk"](plan)
    same_plan(plan, got)
    assert got.with_object(Counter(id="new", geometry=box(0, 0, 1, 1))).get("new") is not None  # still a working plan


def test_the_geometries_a_plan_shares_are_shared_again() -> None:
    plan = full_plan()
    hall = plan.single("hall")
    assert hall is not None
    got = ROUND_TRIPS["bulk"]((plan, hall.geometry))
    assert got[0].hall is got[1]


SMALL = st.floats(0.1, 50)


@st.composite
def objects(draw: Any) -> list[PlanObject]:
    out: list[PlanObject] = []
    for i in range(draw(st.integers(0, 25))):
        x, y = draw(SMALL), draw(SMALL)
        g = box(x, y, x + draw(SMALL), y + draw(SMALL))
        oid, label = f"o{i}", draw(st.sampled_from(["", "东侧", "A"]))
        kind = draw(st.sampled_from(["counter", "zone", "facility", "obstacle", "entrance", "route", "parking", "ramp",
                                     "room", "consult"]))
        if kind == "counter":
            out.append(Counter(id=oid, geometry=g, label=label, height_m=draw(st.sampled_from([None, 0.8, 1.1])),
                               accessible=draw(st.booleans()), front=draw(st.sampled_from([None, 90.0, 270.0])),
                               service=draw(st.sampled_from(["", "税务"]))))
        elif kind == "zone":
            out.append(Zone(id=oid, geometry=g, label=label, kind=draw(st.sampled_from(sorted(ZONE_KINDS))),
                            seats=draw(st.sampled_from([None, 0, 40]))))
        elif kind == "facility":
            out.append(Facility(id=oid, geometry=Point(x, y) if draw(st.booleans()) else g, label=label,
                                kind=draw(st.sampled_from(sorted(FACILITY_KINDS)))))
        elif kind == "obstacle":
            out.append(Obstacle(id=oid, geometry=g, label=label, kind=draw(st.sampled_from(sorted(OBSTACLE_KINDS)))))
        elif kind == "entrance":
            out.append(Entrance(id=oid, geometry=LineString([(x, y), (x + 1.5, y)]), main=draw(st.booleans()),
                                accessible=draw(st.sampled_from([None, True, False]))))
        elif kind == "route":
            out.append(Route(id=oid, geometry=LineString([(x, y), (x + 3, y + 1)]), width_m=draw(st.sampled_from([None, 1.5]))))
        elif kind == "parking":
            out.append(Parking(id=oid, geometry=g, stalls=draw(st.sampled_from([None, 12])), accessible_stalls=None))
        elif kind == "ramp":
            out.append(Ramp(id=oid, geometry=g, rise_m=draw(st.sampled_from([None, 0.45]))))
        elif kind == "room":
            out.append(Room(id=oid, geometry=g, label=label, stated_area_m2=draw(st.sampled_from([None, 80.0])),
                            layer="使用面积线", hall_part=draw(st.booleans())))
        else:
            out.append(ConsultDesk(id=oid, geometry=g, height_m=draw(st.sampled_from([None, 0.75]))))
    return out


@settings(max_examples=80, deadline=None)
@given(objects(), st.booleans(), st.booleans(), st.sampled_from(list(ROUND_TRIPS)))
def test_any_plan_comes_back_whole(objs: list[PlanObject], hall: bool, building: bool, how: str) -> None:
    plan = Plan(context=Context(level="county", population=300_000), objects=tuple(objs),
                hall=box(0, 0, 120, 80) if hall else None, building=box(-5, -5, 130, 90) if building else None,
                signage=Signage(text="中心", languages=("zh",)), checklist={"traffic_signs": True}, meta={"source": "x"})
    same_plan(plan, ROUND_TRIPS[how](plan))


# --- the drawing underlay ----------------------------------------------------------------------

def same_layer(a: UnderlayLayer, b: UnderlayLayer) -> None:
    assert (b.layer, b.scale) == (a.layer, a.scale)
    assert b.coords.tobytes() == a.coords.tobytes()  # vertices bit for bit
    assert b.starts.tobytes() == a.starts.tobytes() and b.starts.dtype == a.starts.dtype
    assert b.geometry().equals_exact(a.geometry(), 0)


@pytest.mark.parametrize("how", ["pickle", "bulk", "deepcopy"])
def test_an_underlay_comes_back_whole(how: str) -> None:
    rng = np.random.default_rng(3)
    big = array("d", rng.normal(size=40_000).tolist())  # the DXF reader's buffer; large: beside the pickle
    layers = [UnderlayLayer("WALL", big, np.arange(0, 20_000, 4, dtype=np.int64), 0.0254),
              UnderlayLayer("DOOR", np.array([0.0, 0.0, 1.0, 1.0, 2.0, 0.5]), np.array([0], dtype=np.int64)),
              UnderlayLayer.of_geometry("EDITOR", MultiLineString([[(0, 0), (3, 4)], [(1, 1), (2, 2)]]))]
    texts = [UnderlayText("ROOM", 5.0, 4.0, 0.5, 30.0, "服务大厅", 1, 2)]
    u = Underlay(layers, texts)
    got = ROUND_TRIPS[how](u)
    assert got.layers[2]._geom is not None and got.layers[2]._xy is None  # the editor's geometry, kept as it was
    assert got.texts == texts and len(got.layers) == len(layers)
    for a, b in zip(layers, got.layers):
        same_layer(a, b)
    assert got.vertices == u.vertices and [n for n, _ in got] == [n for n, _ in u]
