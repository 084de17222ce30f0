"""Visibility: the isovist (the floor seen from a point) and what falls inside it.

The isovist is built by casting rays from the viewpoint to every vertex of the walls and sight
blockers (and just either side of each), plus ``rays`` evenly spaced ones, and joining the nearest
hits in angular order: exact for polygonal walls up to the vertex rays' 1e-5 rad offset.  The
segment–ray intersections are one numpy computation (rays × segments).  Sight is blocked by the
hall's walls and by the blockers passed in (walls, columns, cores, and counters tall enough, see
:class:`geometry.circulation.space.Settings`); low furniture and ordinary counters do not block.

>>> from shapely.geometry import box, Point
>>> hall = box(0, 0, 20, 10)
>>> v = isovist(Point(1, 5), hall, box(5, 3, 6, 7))
>>> v.contains(Point(19, 5)), v.contains(Point(8, 9.5))
(False, True)
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry


def _segments(g: BaseGeometry) -> np.ndarray:
    """All boundary segments of ``g`` as an (n, 4) array x0, y0, x1, y1."""
    if g.is_empty:
        return np.zeros((0, 4))
    b = g.boundary if g.geom_type in ("Polygon", "MultiPolygon") else g
    out = []
    for line in getattr(b, "geoms", [b]):
        c = np.asarray(line.coords)
        if len(c) >= 2:
            out.append(np.hstack([c[:-1, :2], c[1:, :2]]))
    return np.vstack(out) if out else np.zeros((0, 4))


def isovist(viewpoint: Point, hall: Polygon, blockers: BaseGeometry | None = None, rays: int = 720,
            max_range: float | None = None) -> Polygon:
    """The part of ``hall`` visible from ``viewpoint`` (which must lie inside it)."""
    segs = _segments(hall)
    if blockers is not None and not blockers.is_empty:
        segs = np.vstack([segs, _segments(blockers.intersection(hall.buffer(1e-6)))])
    ox, oy = viewpoint.x, viewpoint.y
    verts = np.unique(np.vstack([segs[:, :2], segs[:, 2:]]), axis=0)
    va = np.arctan2(verts[:, 1] - oy, verts[:, 0] - ox)
    ang = np.concatenate([va - 1e-5, va, va + 1e-5, np.linspace(-np.pi, np.pi, rays, endpoint=False)])
    ang = np.unique(np.mod(ang + np.pi, 2 * np.pi) - np.pi)
    dx, dy = np.cos(ang)[:, None], np.sin(ang)[:, None]
    x0, y0, x1, y1 = (segs[:, k][None, :] for k in range(4))
    ex, ey = x1 - x0, y1 - y0
    den = dx * ey - dy * ex
    wx, wy = x0 - ox, y0 - oy
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (wx * ey - wy * ex) / den  # distance along the ray
        u = (wx * dy - wy * dx) / den  # position along the segment
    ok = (np.abs(den) > 1e-12) & (t > 1e-9) & (u >= -1e-9) & (u <= 1 + 1e-9)
    t = np.where(ok, t, np.inf)
    dist = t.min(axis=1)
    if max_range is not None:
        dist = np.minimum(dist, max_range)
    dist = np.where(np.isfinite(dist), dist, 0.0)
    pts = np.column_stack([ox + np.cos(ang) * dist, oy + np.sin(ang) * dist])
    poly = Polygon(pts)
    if not poly.is_valid:
        poly = shapely.make_valid(poly)
        polys = [p for p in getattr(poly, "geoms", [poly]) if p.geom_type == "Polygon"]
        poly = max(polys, key=lambda p: p.area) if polys else Polygon()
    return poly


def inside_point(p: Point, floor: BaseGeometry, inset: float = 0.05) -> Point:
    """``p`` itself when it lies inside ``floor`` (by ``inset``), else the nearest such point."""
    inner = floor.buffer(-inset)
    if inner.is_empty:
        inner = floor
    if inner.contains(p):
        return p
    return shapely.ops.nearest_points(p, inner)[1]


def visible(iso: Polygon, target: BaseGeometry, tol: float = 0.05) -> bool:
    """Whether any part of ``target`` is in the isovist (within ``tol`` m of it)."""
    return bool(iso.buffer(tol).intersects(target))


def visible_fraction(iso: Polygon, area: BaseGeometry) -> float:
    """Share of ``area`` inside the isovist (0–1); 0 for an empty area."""
    if area.is_empty or area.area == 0:
        return 0.0
    return float(iso.intersection(area).area / area.area)
