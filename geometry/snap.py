"""Snapping and picking for the editor, in plan metres (no Qt).

>>> from shapely.geometry import box
>>> from geometry.model import Plan
>>> s = Snapper(Plan(hall=box(0, 0, 10, 8)))
>>> s.snap(9.93, 8.04, tol=0.2)
(10.0, 8.0, 'endpoint')
>>> s.snap(5.02, 7.9, tol=0.2)
(5.02, 8.0, 'edge')
>>> s.snap(3.3, 4.1, tol=0.2, grid=0.5)
(3.5, 4.0, 'grid')
>>> s.snap(3.3, 4.1, tol=0.2, last=(1.0, 1.0), ortho=True, grid=None)
(1.0, 4.1, 'ortho')
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geometry.kinds import KINDS, pick_rank
from geometry.model import Plan



def _edges(g: BaseGeometry) -> BaseGeometry:
    return g.boundary if isinstance(g, Polygon) or g.geom_type == "MultiPolygon" else g


class UnderlayIndex:
    """A spatial index over the parts of an underlay (one multi-geometry per layer); built once."""

    def __init__(self, underlay: Sequence[BaseGeometry] = ()) -> None:
        under = np.array([g for g in underlay if g is not None], dtype=object)
        self.owner = np.zeros(0, dtype=np.int64)
        self.parts = np.zeros(0, dtype=object)
        if len(under):
            parts, owner = shapely.get_parts(under, return_index=True)
            keep = ~shapely.is_empty(parts)
            self.parts, self.owner = parts[keep], owner[keep]
        self.tree = shapely.STRtree(self.parts) if len(self.parts) else None

    def query(self, x: float, y: float, tol: float) -> list[int]:
        if self.tree is None:
            return []
        return [int(i) for i in self.tree.query(shapely.box(x - tol, y - tol, x + tol, y + tol))]


class Snapper:
    """Snap targets of one plan (its geometry) and an underlay (indexed once, shared between plans)."""

    def __init__(self, plan: Plan, underlay: "UnderlayIndex | Sequence[BaseGeometry]" = ()) -> None:
        self.plan = plan
        self.under = underlay if isinstance(underlay, UnderlayIndex) else UnderlayIndex(underlay)
        self._geoms = np.array([g for g in plan.iter_geometries() if g is not None and not g.is_empty], dtype=object)
        self._tree = shapely.STRtree(self._geoms) if len(self._geoms) else None

    def _near(self, x: float, y: float, tol: float) -> list[BaseGeometry]:
        out: list[BaseGeometry] = []
        if self._tree is not None:
            out += [self._geoms[i] for i in self._tree.query(shapely.box(x - tol, y - tol, x + tol, y + tol))]
        out += [self.under.parts[i] for i in self.under.query(x, y, tol)]
        return out

    def underlay_at(self, x: float, y: float, tol: float) -> tuple[int, BaseGeometry] | None:
        """(index into the underlay list, the part) of the underlay line nearest (x, y) within ``tol``."""
        p = Point(x, y)
        best, bd = None, tol
        for i in self.under.query(x, y, tol):
            d = _edges(self.under.parts[i]).distance(p)
            if d <= bd:
                best, bd = (int(self.under.owner[i]), self.under.parts[i]), d
        return best

    def underlay_near(self, x: float, y: float, radius: float) -> list[BaseGeometry]:
        """The underlay lines (parts) within ``radius`` of (x, y)."""
        if self.under.tree is None:
            return []
        idx = self.under.tree.query(Point(x, y), predicate="dwithin", distance=radius)
        return [self.under.parts[i] for i in idx]

    def snap(self, x: float, y: float, tol: float, *, endpoints: bool = True, edges: bool = True,
             grid: float | None = None, ortho: bool = False, last: tuple[float, float] | None = None) -> tuple[float, float, str]:
        """(x, y, what it snapped to): 'endpoint', 'edge', 'ortho', 'grid' or 'none'."""
        near = self._near(x, y, tol) if (endpoints or edges) else []
        if endpoints and near:
            best, bd = None, tol
            for g in near:
                pts = shapely.get_coordinates(g)
                if not len(pts):
                    continue
                d = np.hypot(pts[:, 0] - x, pts[:, 1] - y)
                i = int(np.argmin(d))
                if d[i] <= bd:
                    best, bd = (float(pts[i, 0]), float(pts[i, 1])), float(d[i])
            if best is not None:
                return best[0], best[1], "endpoint"
        if edges and near:
            p = Point(x, y)
            best_pt, bd = None, tol
            for g in near:
                e = _edges(g)
                d = e.distance(p)
                if d <= bd:
                    q = nearest_points(e, p)[0]
                    best_pt, bd = (round(q.x, 6), round(q.y, 6)), d
            if best_pt is not None:
                return best_pt[0], best_pt[1], "edge"
        kind = "none"
        if ortho and last is not None:
            if abs(x - last[0]) >= abs(y - last[1]):
                y = last[1]
            else:
                x = last[0]
            kind = "ortho"
        if grid:
            if kind == "ortho" and last is not None:
                if y == last[1]:
                    x = round(round(x / grid) * grid, 6)
                else:
                    y = round(round(y / grid) * grid, 6)
            else:
                x, y = round(round(x / grid) * grid, 6), round(round(y / grid) * grid, 6)
                kind = "grid"
        return x, y, kind


def objects_at(plan: Plan, x: float, y: float, tol: float) -> list[str]:
    """Ids under (x, y) within ``tol`` metres, topmost first (the kinds' pick order): the hall last.

    >>> from shapely.geometry import box
    >>> from geometry.model import Counter, Zone
    >>> p = Plan(hall=box(0, 0, 10, 8), objects=(Zone(id="z", geometry=box(0, 0, 5, 5)),
    ...          Counter(id="c", geometry=box(1, 1, 2.6, 1.8))))
    >>> objects_at(p, 1.5, 1.5, 0.1), objects_at(p, 8, 7, 0.1), objects_at(p, 20, 20, 0.1)
    (['c', 'z', 'hall'], ['hall'], [])
    """
    p = Point(x, y)
    hits = [o for o in plan.objects if KINDS[o.KIND].pick is not None and o.geometry.distance(p) <= tol]
    hits.sort(key=lambda o: (pick_rank(o.KIND), o.geometry.area))  # which lies "on top": the kinds' pick order
    return [o.id for o in hits]


def objects_in(plan: Plan, rect: tuple[float, float, float, float]) -> list[str]:
    """Ids of objects lying wholly inside an axis-aligned rectangle (x0, y0, x1, y1); never the hall or
    the building (single kinds are selected by a click)."""
    x0, y0, x1, y1 = rect
    r = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return [o.id for o in plan.objects if not KINDS[o.KIND].single and r.covers(o.geometry)]


def union_bounds(geoms: Iterable[BaseGeometry]) -> tuple[float, float, float, float] | None:
    gs = [g for g in geoms if g is not None and not g.is_empty]
    if not gs:
        return None
    b = shapely.total_bounds(np.array(gs, dtype=object))
    return float(b[0]), float(b[1]), float(b[2]), float(b[3])
