"""geometry.placement: rectangles and points placed clear of what stands in a room, in any outline."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon, box

from geometry.placement import fit_box, free_region, largest_box, nearest_inside


def test_fit_box_goes_round_a_core_to_the_nearest_place() -> None:
    room = free_region(box(0, 0, 20, 10), [box(8, 0, 12, 6)])
    b = fit_box(room, 4.0, 3.0, (10.0, 2.0))
    assert b is not None and room.covers(b)
    assert abs((b.bounds[2] - b.bounds[0]) - 4.0) < 1e-9 and abs((b.bounds[3] - b.bounds[1]) - 3.0) < 1e-9
    # the nearest free place to the core's middle is against one of its sides, not beyond the room
    assert b.centroid.distance(Point(10, 2)) < 5.0


def test_fit_box_says_none_when_nothing_fits() -> None:
    assert fit_box(box(0, 0, 3, 3), 4.0, 1.0, (1.5, 1.5)) is None
    assert fit_box(Polygon(), 1.0, 1.0, (0.0, 0.0)) is None


def test_largest_box_of_an_l() -> None:
    ell = Polygon([(0, 0), (30, 0), (30, 10), (10, 10), (10, 30), (0, 30)])
    b = largest_box(ell, cell=0.5, max_aspect=10)
    assert ell.covers(b) and b.area == 300.0  # one whole arm


def test_nearest_inside_pulls_a_point_in() -> None:
    p = nearest_inside(box(0, 0, 10, 10), (15.0, 5.0), inset=0.5)
    assert (p.x, p.y) == (9.5, 5.0)
    assert nearest_inside(box(0, 0, 10, 10), (3.0, 4.0)).coords[0] == (3.0, 4.0)


@settings(max_examples=40, deadline=None)
@given(st.floats(4, 40), st.floats(4, 30), st.floats(0.5, 6), st.floats(0.5, 6), st.floats(-10, 50), st.floats(-10, 40),
       st.floats(0.2, 3))
def test_fit_box_is_inside_and_of_the_size_asked(w: float, h: float, bw: float, bh: float, tx: float, ty: float, core: float) -> None:
    room = free_region(box(0, 0, w, h), [box(w / 2 - core / 2, h / 2 - core / 2, w / 2 + core / 2, h / 2 + core / 2)])
    b = fit_box(room, bw, bh, (tx, ty))
    if bw <= (w - core) / 2 - 0.5 and bh <= h - 0.5:  # a side strip of the room holds it: it must be found
        assert b is not None
    if b is None:
        return
    x0, y0, x1, y1 = b.bounds
    assert room.buffer(1e-6).covers(b)
    assert abs((x1 - x0) - bw) < 2e-3 and abs((y1 - y0) - bh) < 2e-3
