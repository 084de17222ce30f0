"""The placement helpers of the fixes: a grown polygon gains exactly the area asked, keeps the old
one and stays on free floor; a placed rectangle has its size and lies inside the free floor."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from standards.fixes.space import grow_along_free_edge, place_rects

coord = st.floats(0, 40, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(x=coord, y=coord, w=st.floats(1, 10), h=st.floats(1, 10), add=st.floats(0.5, 60), hole=st.booleans())
def test_grown_area(x: float, y: float, w: float, h: float, add: float, hole: bool) -> None:
    poly = box(x, y, x + w, y + h)
    free: Polygon = box(-5, -5, 60, 60).difference(poly)
    if hole:  # something standing just right of the polygon
        free = free.difference(box(x + w + 0.5, y - 1, x + w + 2, y + h + 1))
    grown = grow_along_free_edge(poly, add, free)
    if grown is None:
        return
    assert abs(grown.area - (poly.area + add)) < 1e-2
    assert grown.buffer(1e-6).contains(poly)
    assert free.union(poly).buffer(1e-3).contains(grown)


@settings(max_examples=60, deadline=None)
@given(w=st.floats(0.5, 8), h=st.floats(0.5, 8), k=st.integers(1, 4))
def test_placed_rectangles(w: float, h: float, k: int) -> None:
    free = box(0, 0, 20, 12).difference(box(5, 3, 9, 12))  # a floor with a block standing in it
    rects = place_rects(free, w, h, near=box(19, 0, 20, 1), k=k, min_apart=1.0)
    assert len(rects) <= k
    for r in rects:
        x0, y0, x1, y1 = r.bounds
        assert sorted((round(x1 - x0, 6), round(y1 - y0, 6))) == sorted((round(w, 6), round(h, 6)))
        assert free.buffer(1e-6).contains(r)
    for a, b in zip(rects, rects[1:]):
        assert a.distance(b) >= 1.0 - 1e-9
    if w <= 10 and h <= 11 and rects:  # the nearest spot first
        assert rects[0].distance(box(19, 0, 20, 1)) <= min(r.distance(box(19, 0, 20, 1)) for r in rects)
