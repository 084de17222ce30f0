"""PDF path code for a run of plan objects of one style, made in one pass.

:class:`planner.report.pdfbackend.PdfBackend` draws an object's polygon as reportlab's path object does
(``n``, then ``x y m x y l … h`` per ring) and a line as ``n x y m x y l …``, every number through reportlab's
``fp_str``.  A real floor has two thousand walls; drawing them one by one spent most of its time in
per-object Python (shapely coordinates, the page transform, formatting).  Here every vertex of the run is
taken from shapely, moved onto the page and formatted in one call each, and the path code of each
part is then joined from those strings: the same bytes, object for object, as the one-by-one drawing.

>>> from shapely.geometry import LineString, Polygon
>>> from planner.report.pdfbackend import Sheet
>>> sheet = Sheet("A4", (100.0, 100.0), 100, (0.0, 0.0, 100.0, 100.0), (0.0, 0.0, 1.0, 1.0))
>>> shape_codes(sheet, [LineString([(0, 0), (1, 0)]), Polygon([(0, 0), (1, 0), (1, 1)])])
[(False, 'n 35.82677 35.82677 m 64.17323 35.82677 l'), (True, 'n 35.82677 35.82677 m 64.17323 35.82677 l 64.17323 64.17323 l 35.82677 35.82677 l h')]
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import shapely
from reportlab.lib.rl_accel import fp_str

SIMPLE_TYPES = (1, 2, 3, 5, 6)  # shapely type ids drawn here: LineString, LinearRing, Polygon, MultiLineString, MultiPolygon
_POLYGON = 3


def _objects(geoms: Sequence[Any]) -> np.ndarray:
    return np.fromiter(geoms, dtype=object, count=len(geoms))  # np.asarray probes each object for the array protocol


def simple(geoms: Sequence[Any]) -> list[bool]:
    """Which of ``geoms`` :func:`shape_codes` draws (lines and polygons, single or multi); the others
    (points, collections, None) are drawn one by one."""
    return np.isin(shapely.get_type_id(_objects(geoms)), SIMPLE_TYPES).tolist()  # type: ignore[no-any-return]


def shape_codes(sheet: Any, geoms: Sequence[Any]) -> list[tuple[bool, str]]:
    """For each part of ``geoms`` that draws something, in :func:`planner.render.draw_geometry`'s order:
    (whether it is a polygon, its path code without the painting operator).  A line needs two points,
    a polygon an exterior of three (holes of fewer are left out), as in the one-by-one drawing.
    ``geoms``: lines and polygons only (:func:`simple`)."""
    parts = shapely.get_parts(_objects(geoms))
    if parts.size == 0:
        return []
    is_poly = shapely.get_type_id(parts) == _POLYGON
    rings, ring_of = shapely.get_rings(parts[is_poly], return_index=True)
    owner = np.concatenate([np.flatnonzero(~is_poly), np.flatnonzero(is_poly)[ring_of]])
    order = np.argsort(owner, kind="stable")  # each part's lines or rings (exterior first) in part order
    items, owner = np.concatenate([parts[~is_poly], rings])[order], owner[order]
    coords, idx = shapely.get_coordinates(items, return_index=True)
    counts = np.bincount(idx, minlength=items.size)
    ends = np.cumsum(counts)
    bx, by, bw, bh = sheet.box
    x0, y0, x1, y1 = sheet.bounds
    k = sheet.k
    ox = bx + (bw - (x1 - x0) * k) / 2  # Sheet.to_page, the same floating-point operations
    oy = by + (bh - (y1 - y0) * k) / 2
    page = np.empty(coords.shape)
    page[:, 0] = ox + (coords[:, 0] - x0) * k
    page[:, 1] = oy + (coords[:, 1] - y0) * k
    nums = fp_str(page.ravel().tolist()).split(" ") if page.size else []
    first = np.ones(len(idx), dtype=bool)
    first[1:] = idx[1:] != idx[:-1]
    tokens: list[str] = [""] * (3 * len(idx))  # x y m, x y l, … for every vertex, to be joined ring by ring
    tokens[0::3] = nums[0::2]
    tokens[1::3] = nums[1::2]
    tokens[2::3] = np.where(first, "m", "l").tolist()
    out: list[tuple[bool, str]] = []
    poly_of = is_poly[owner].tolist()
    own = owner.tolist()
    cnt = counts.tolist()
    end = (3 * ends).tolist()
    n_items = len(own)
    i = 0
    while i < n_items:
        if not poly_of[i]:
            if cnt[i] >= 2:
                out.append((False, "n " + " ".join(tokens[end[i] - 3 * cnt[i]:end[i]])))
            i += 1
            continue
        j = i + 1  # the polygon's rings: items[i] is its exterior
        while j < n_items and own[j] == own[i]:
            j += 1
        if cnt[i] >= 3:
            out.append((True, "n " + " ".join([" ".join(tokens[end[r] - 3 * cnt[r]:end[r]]) + " h"
                                               for r in range(i, j) if cnt[r] >= 3])))
        i = j
    return out


__all__ = ["SIMPLE_TYPES", "shape_codes", "simple"]
