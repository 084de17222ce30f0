"""Editing a polygon's outline vertex by vertex (Qt-free: the select tool calls these).

Each function returns a new polygon (geometry is a value) or ``None`` when the result would be
no valid polygon (self-intersecting, too few vertices, no area): the caller keeps the old shape.

>>> from shapely.geometry import box
>>> sq = box(0, 0, 4, 4)                      # vertices (4 0) (4 4) (0 4) (0 0)
>>> vertices(sq)
[(4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
>>> move_vertex(sq, 1, (6, 6)).area
24.0
>>> move_vertex(sq, 1, (-2, 2)) is None     # the outline would cross itself
True
>>> poly, i = insert_vertex(sq, (2, 4.05), 0.1)
>>> i, len(vertices(poly)), poly.area
(2, 5, 16.0)
>>> remove_vertex(poly, 2).equals(sq), remove_vertex(Polygon([(0, 0), (1, 0), (0, 1)]), 0) is None
(True, True)
"""

from __future__ import annotations

from shapely.geometry import LineString, Point, Polygon


def vertices(poly: Polygon) -> list[tuple[float, float]]:
    """The exterior vertices, without the closing repeat of the first one."""
    return [(float(x), float(y)) for x, y, *_ in poly.exterior.coords[:-1]]


def _rebuild(poly: Polygon, ring: list[tuple[float, float]]) -> Polygon | None:
    if len(ring) < 3:
        return None
    new = Polygon(ring, [list(r.coords) for r in poly.interiors])
    return new if new.is_valid and new.area > 1e-6 else None


def move_vertex(poly: Polygon, i: int, to: tuple[float, float]) -> Polygon | None:
    """``poly`` with exterior vertex ``i`` moved to ``to``; None if that makes no valid polygon."""
    ring = vertices(poly)
    ring[i % len(ring)] = (float(to[0]), float(to[1]))
    return _rebuild(poly, ring)


def insert_vertex(poly: Polygon, at: tuple[float, float], tol: float) -> tuple[Polygon, int] | None:
    """A new vertex on the exterior edge nearest ``at`` (within ``tol``): (polygon, its index)."""
    ring = vertices(poly)
    p = Point(at)
    best, bd = None, tol
    for k in range(len(ring)):
        edge = LineString([ring[k], ring[(k + 1) % len(ring)]])
        d = edge.distance(p)
        if d <= bd:
            best, bd = k, d
    if best is None:
        return None
    edge = LineString([ring[best], ring[(best + 1) % len(ring)]])
    q = edge.interpolate(edge.project(p))
    new_pt = (round(q.x, 6), round(q.y, 6))
    if new_pt in (ring[best], ring[(best + 1) % len(ring)]):
        return None
    ring.insert(best + 1, new_pt)
    out = _rebuild(poly, ring)
    return None if out is None else (out, best + 1)


def remove_vertex(poly: Polygon, i: int) -> Polygon | None:
    """``poly`` without exterior vertex ``i``; None when fewer than three would remain."""
    ring = vertices(poly)
    del ring[i % len(ring)]
    return _rebuild(poly, ring)


__all__ = ["vertices", "move_vertex", "insert_vertex", "remove_vertex"]
