"""geometry.bulk_checks.object_errors: for every object the same answer as check_object, asked one by one."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from geometry.bulk_checks import object_errors
from geometry.model import Building, Counter, Entrance, Facility, Hall, Obstacle, PlanObject, Room, Route, check_object

_COORD = st.one_of(st.floats(-1e3, 1e3), st.sampled_from([math.nan, math.inf, -math.inf, 2e9, -1e10, 1e9, 0.0]))


def _one(kind: int, pts: list[tuple[float, float]]) -> PlanObject:
    square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    ring = pts if len(pts) >= 3 else square
    shapes = [
        lambda: Counter(id="c", geometry=Polygon(ring)),
        lambda: Counter(id="c", geometry=Point(pts[0])),  # a type the kind does not allow
        lambda: Obstacle(id="o", geometry=Polygon(ring)),
        lambda: Route(id="r", geometry=LineString(pts if len(pts) >= 2 else square)),
        lambda: Facility(id="f", geometry=Point(pts[0]), kind="printer"),
        lambda: Entrance(id="e", geometry=LineString(pts if len(pts) >= 2 else square)),
        lambda: Room(id="rm", geometry=Polygon(ring)),
        lambda: Room(id="rm", geometry=Polygon()),
        lambda: Hall(id="hall", geometry=Polygon(ring)),
        lambda: Building(id="building", geometry=Polygon(ring)),
        lambda: Obstacle(id="o", geometry=MultiPolygon([Polygon(square), Polygon([(x + 3, y) for x, y in ring])])),
    ]
    try:
        return shapes[kind % len(shapes)]()
    except Exception:  # a ring GEOS will not make (too few distinct points)
        return Obstacle(id="o", geometry=Polygon(square))


def _message(obj: PlanObject) -> str | None:
    try:
        check_object(obj)
    except ValueError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.lists(st.tuples(_COORD, _COORD), min_size=1, max_size=6)), max_size=12))
def test_same_answer_as_check_object(spec: list[tuple[int, list[tuple[float, float]]]]) -> None:
    objs = [_one(kind, pts) for kind, pts in spec]
    got = [None if e is None else f"{type(e).__name__}: {e}" for e in object_errors(objs)]
    assert got == [_message(o) for o in objs]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_bow_tie_nan_and_far_away() -> None:
    objs = [Counter(id="ok", geometry=Polygon([(0, 0), (1, 0), (1, 1)])),
            Counter(id="bow", geometry=Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])),
            Route(id="nan", geometry=LineString([(0, 0), (math.nan, 1)])),
            Facility(id="far", geometry=Point(3e9, 0), kind="printer")]
    errors = object_errors(objs)
    assert errors[0] is None and all(e is not None for e in errors[1:])
    assert [str(e) for e in errors[1:]] == [_message(o).split(": ", 1)[1] for o in objs[1:]]  # type: ignore[union-attr]
    assert object_errors([]) == []
