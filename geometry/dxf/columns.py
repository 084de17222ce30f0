"""Columns as polygons, however they were drawn: a closed polyline, a hatch, four LINEs, two open
polylines (two "U"s or "L"s), or several of these on top of each other (an outline and its hatch).

The pieces are noded on a fine grid (ends that miss each other by up to ``tol`` still meet), the
faces between them are polygonised, and overlapping or nested faces of one column merge into one
polygon (a column outline with a hatch or an inner line is one column, not three).

>>> import numpy as np
>>> sq = [np.array(p, dtype=float) for p in ([(0, 0), (400, 0)], [(400, 0), (400, 400)],
...       [(400, 400), (0, 400)], [(0, 400), (0, 0)])]
>>> polys, used = polygons_from_parts([(p, False) for p in sq], tol=1.0)
>>> [round(p.area) for p in polys], used
([160000], [0, 1, 2, 3])
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon

from geometry.dxf.collect import Collected

COLUMN_ROLES = ("column",)


def polygons_from_parts(parts: Sequence[tuple[np.ndarray, bool]], tol: float,
                        min_area: float = 0.0) -> tuple[list[Polygon], list[int]]:
    """Column polygons from ``(points, closed)`` pieces (any units) and the indices of the pieces
    that make them; pieces that bound no face (a stray line) are left out of both."""
    lines: list[LineString] = []
    index: list[int] = []
    for i, (pts, closed) in enumerate(parts):
        p = np.asarray(pts, dtype=float)
        if len(p) < 2 or not np.isfinite(p).all():
            continue
        if closed and (p[0] != p[-1]).any():
            p = np.vstack([p, p[:1]])
        g = LineString(p)
        if g.length > 0:
            lines.append(g)
            index.append(i)
    if not lines:
        return [], []
    grid = max(tol, 1e-9)
    arr = np.asarray(lines, dtype=object)
    i, j = shapely.STRtree(arr).query(arr, predicate="dwithin", distance=2 * grid)  # one column: its touching pieces
    from scipy.sparse import coo_matrix  # scipy on first use, not at import
    from scipy.sparse.csgraph import connected_components

    _n, which = connected_components(coo_matrix((np.ones(len(i)), (i, j)), shape=(len(arr), len(arr))), directed=False)
    polys: list[Polygon] = []
    used: list[int] = []
    order = np.argsort(which, kind="stable")
    for members in np.split(order, np.flatnonzero(np.diff(which[order])) + 1):
        for poly in _column(arr[members], grid, min_area):
            polys.append(poly)
            used.extend(index[int(m)] for m in members if _on(arr[m], poly, grid))
    rank = sorted(range(len(polys)), key=lambda q: (round(polys[q].centroid.x / grid), round(polys[q].centroid.y / grid)))
    return [polys[q] for q in rank], sorted(set(used))


def _column(pieces: np.ndarray, grid: float, min_area: float) -> list[Polygon]:
    """The polygons one cluster of touching pieces makes (usually one column)."""
    closed = [p for p in pieces if p.is_closed and len(p.coords) >= 4]
    if closed:  # an outline with its hatch, or inner lines, on it: the column as drawn
        outline = Polygon(max(closed, key=lambda p: Polygon(p.coords).area).coords)
        if outline.is_valid and outline.area > min_area and all(_on(p, outline, grid) for p in pieces):
            return [outline]
    snapped = shapely.set_precision(pieces, grid)
    snapped = shapely.snap(snapped, shapely.union_all(snapped), grid * 2)
    faces = [f for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(snapped)))) if f.area > 0]
    if not faces:
        return []
    merged = shapely.union_all(np.asarray([Polygon(f.exterior) for f in faces], dtype=object))
    return [Polygon(g.exterior) for g in shapely.get_parts(merged) if isinstance(g, Polygon) and g.area > min_area]


def _on(piece: LineString, poly: Polygon, grid: float) -> bool:
    """Every vertex of ``piece`` on or inside ``poly`` (within two grid steps)."""
    return bool((shapely.distance(shapely.points(np.asarray(piece.coords)[:, :2]), poly) <= grid * 2).all())


def column_polygons(col: Collected, scale: float, tol_m: float = 0.005) -> list[Polygon]:
    """Every column of a collected drawing as one polygon in metres: the shapes and block parts on
    column layers (closed outlines, hatches, LINEs, open polylines), merged per column.

    Free-standing columns inside a hall, and the columns that bound a room, come from here."""
    parts = [(s.coords * scale, s.closed) for s in col.shapes if s.role in COLUMN_ROLES]
    parts += [(p * scale, c) for ref in col.blockrefs if ref.role in COLUMN_ROLES for p, c in ref.parts]
    return polygons_from_parts(parts, tol_m, min_area=1e-4)[0]
