"""The Finding record's fast constructor and lazily merged outlines, and the grouping rule's vectorised
helpers: each gives exactly what the plain form gives."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box
from shapely.ops import unary_union
from shapely.strtree import STRtree

from geometry.model import Counter, Zone
from standards.finding import Finding, Outline, Severity, Status
from standards.rules.grouping import near_pairs, zone_of_counters


def test_constructor_lists_every_field_in_order_with_its_default() -> None:
    params = list(inspect.signature(Finding.__init__).parameters.values())[1:]
    fields = dataclasses.fields(Finding)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields):
        if f.default is not dataclasses.MISSING:
            assert p.default == f.default, f.name
        elif f.default_factory is not dataclasses.MISSING:
            assert p.default is None and Finding("X", "1", Severity.ERROR, Status.PASS, "z", "e").extra == f.default_factory()
        else:
            assert p.default is inspect.Parameter.empty, f.name


def test_finding_is_frozen() -> None:
    f = Finding("X", "1", Severity.ERROR, Status.FAIL, "z", "e", location=box(0, 0, 1, 1))
    for name in ("rule", "location", "status"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(f, name, None)


def test_outline_is_merged_on_first_read_and_survives_copies() -> None:
    parts = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 5, 6, 6)]
    f = Finding("X", "1", Severity.ERROR, Status.FAIL, "z", "e", object_ids=("a", "b", "c"), location=Outline(parts))
    copy = pickle.loads(pickle.dumps(f))  # the audit's worker processes send findings so
    assert copy == f and hash(copy) == hash(f)
    assert f.location is not None and f.location.equals(unary_union(parts))
    assert f.location is f.location  # merged once, then kept
    assert dataclasses.replace(f, rule="Y").location.equals(f.location)  # type: ignore[union-attr]
    assert Finding("X", "1", Severity.ERROR, Status.PASS, "z", "e").location is None


boxes = st.lists(st.tuples(st.floats(0, 50), st.floats(0, 50), st.floats(0.1, 3), st.floats(0.1, 3)),
                 min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(boxes, st.floats(0, 4))
def test_near_pairs_equals_the_tree_dwithin_query(spec: list[tuple[float, float, float, float]], gap: float) -> None:
    geoms = [box(x, y, x + w, y + h) for x, y, w, h in spec]
    left, right = STRtree(geoms).query(geoms, predicate="dwithin", distance=gap)
    expected = sorted((i, j) for i, j in zip(np.asarray(left).tolist(), np.asarray(right).tolist()) if i < j)
    assert sorted(near_pairs(geoms, gap)) == expected


@settings(max_examples=40, deadline=None)
@given(boxes, boxes)
def test_zone_of_counters_takes_the_first_zone_covering_the_centre(cs: list[tuple[float, float, float, float]],
                                                                    zs: list[tuple[float, float, float, float]]) -> None:
    counters = [Counter(id=f"c{i}", geometry=box(x, y, x + w, y + h)) for i, (x, y, w, h) in enumerate(cs)]
    zones = [Zone(id=f"z{i}", kind="welfare", geometry=box(x, y, x + 4 * w, y + 4 * h)) for i, (x, y, w, h) in enumerate(zs)]
    expected = {}
    for c in counters:
        for z in zones:
            if z.geometry.covers(c.geometry.centroid):
                expected[c.id] = z.id
                break
    assert {k: z.id for k, z in zone_of_counters(counters, zones).items()} == expected
