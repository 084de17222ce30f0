"""The render walk's entry points: the whole plan is the underlay, then the objects (the building and
the hall first), each callable alone (the canvas re-renders only what changed) — asserted on the
recording backend."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString

import assets
from geometry.kinds import draw_order
from geometry.project import load_plan
from planner.render import RecordingBackend, render_objects, render_plan, render_underlay

SAMPLE = load_plan(assets.path("samples", "county-compliant.hallplan"))
UNDERLAY = [("A-WALL", LineString([(0, 0), (10, 0)])), ("A-WALL", LineString([(10, 0), (10, 8)]))]
RANK = {k.code: i for i, k in enumerate(draw_order())}


def test_the_whole_plan_is_the_underlay_then_the_objects() -> None:
    whole = RecordingBackend()
    render_plan(SAMPLE, whole, underlay=UNDERLAY, lang="en")
    parts = RecordingBackend()
    render_underlay(UNDERLAY, parts)
    render_objects(SAMPLE.objects, parts, lang="en")
    assert whole.calls == parts.calls
    assert [c[0] for c in whole.calls[:2]] == ["polyline", "polyline"] and whole.ids()[:2] == [None, None]
    drawn = [i for i in whole.ids() if i is not None]
    assert drawn[:2] == [SAMPLE.single("building").id, SAMPLE.single("hall").id]  # under everything else
    labels = [c for c in whole.calls if c[0] == "text"]
    assert labels and whole.calls[-len(labels):] == labels  # labels come last, above every shape


def test_no_objects_draw_nothing() -> None:
    rec = RecordingBackend()
    render_objects((), rec)
    render_underlay((), rec)
    assert rec.calls == []


@settings(max_examples=30, deadline=None)
@given(st.permutations(SAMPLE.objects))
def test_objects_come_out_in_drawing_order_whatever_order_they_are_given(objs: Any) -> None:
    rec = RecordingBackend()
    render_objects(objs, rec, labels=False)
    by_id = {o.id: o for o in SAMPLE.objects}
    ranks = [RANK[by_id[i].KIND] for i in rec.ids() if i is not None]
    assert ranks == sorted(ranks)
    assert set(rec.ids()) == {o.id for o in SAMPLE.objects}
