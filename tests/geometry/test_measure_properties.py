"""Measurements do not change under rotation, translation and unit scaling (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity
from shapely.geometry import box

from geometry.measure import counter_dimensions, hall_area, parking_area, transform_plan
from geometry.model import Counter
from geometry.synthetic import sample_plan
from standards.engine import check

BASE = sample_plan("township")
BASE_REPORT = check(BASE)


def _statuses(plan):  # type: ignore[no-untyped-def]
    return [(f.rule, f.status, tuple(f.object_ids)) for f in check(plan).findings]


angles = st.floats(min_value=-360, max_value=360, allow_nan=False)
offsets = st.floats(min_value=-5e5, max_value=5e5, allow_nan=False)


@settings(max_examples=25, deadline=None)
@given(angle=angles, dx=offsets, dy=offsets)
def test_rigid_motion_keeps_every_measure_and_finding(angle: float, dx: float, dy: float) -> None:
    def rigid(g):  # type: ignore[no-untyped-def]
        return affinity.translate(affinity.rotate(g, angle, origin=(0, 0)), dx, dy)

    moved = transform_plan(BASE, rigid)
    # a counter's `front` direction turns with it
    from dataclasses import replace

    moved = replace(moved, objects=tuple(replace(o, front=(o.front + angle) % 360) if isinstance(o, Counter) and o.front is not None else o
                                         for o in moved.objects))
    assert math.isclose(hall_area(moved), hall_area(BASE), rel_tol=1e-9)
    for a, b in zip(BASE.counters, moved.counters):
        da, db = counter_dimensions(a), counter_dimensions(b)
        assert math.isclose(da[0], db[0], abs_tol=1e-6) and math.isclose(da[1], db[1], abs_tol=1e-6)
    assert _statuses(moved) == _statuses(BASE)


@settings(max_examples=20, deadline=None)
@given(unit=st.sampled_from([0.001, 0.01, 0.0254, 0.3048, 1.0, 1000.0]))
def test_drawing_in_other_units_converted_back_measures_the_same(unit: float) -> None:
    """A plan drawn in another unit (coordinates ÷ unit), converted back to metres (× unit)."""
    drawn = transform_plan(BASE, lambda g: affinity.scale(g, 1 / unit, 1 / unit, origin=(0, 0)))
    back = transform_plan(drawn, lambda g: affinity.scale(g, unit, unit, origin=(0, 0)))
    assert math.isclose(hall_area(back), hall_area(BASE), rel_tol=1e-9)
    assert _statuses(back) == _statuses(BASE)


@settings(max_examples=60, deadline=None)
@given(depth=st.floats(0.3, 2.0), length=st.floats(0.3, 4.0), angle=angles)
def test_counter_depth_is_the_short_side_whatever_the_rotation(depth: float, length: float, angle: float) -> None:
    c = Counter(id="c", geometry=affinity.rotate(box(0, 0, length, depth), angle))
    d, l = counter_dimensions(c)
    assert math.isclose(d, min(depth, length), rel_tol=1e-6)
    assert math.isclose(l, max(depth, length), rel_tol=1e-6)


@settings(max_examples=40, deadline=None)
@given(angle=angles)
def test_counter_depth_with_front_follows_the_front(angle: float) -> None:
    # a deep square-ish counter: 1.0 along the front, 1.2 front-to-back; front faces -y before rotation
    g = affinity.rotate(box(0, 0, 1.0, 1.2), angle, origin=(0, 0))
    c = Counter(id="c", geometry=g, front=(270.0 + angle) % 360)
    d, l = counter_dimensions(c)
    assert math.isclose(d, 1.2, abs_tol=1e-6) and math.isclose(l, 1.0, abs_tol=1e-6)


def test_overlapping_parking_counts_once() -> None:
    from geometry.model import Parking, Plan

    p = Plan(objects=(Parking(id="a", geometry=box(0, 0, 10, 10)), Parking(id="b", geometry=box(5, 0, 15, 10))))
    assert parking_area(p) == 150.0


def test_survey_coordinates_keep_precision() -> None:
    far = transform_plan(BASE, lambda g: affinity.translate(g, 39_512_345.678, 2_812_345.123))
    assert math.isclose(hall_area(far), hall_area(BASE), rel_tol=1e-9)
    assert [round(counter_dimensions(c)[0], 6) for c in far.counters] == [round(counter_dimensions(c)[0], 6) for c in BASE.counters]
