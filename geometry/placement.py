"""Placement primitives: where an axis-aligned rectangle or a point fits in a free region.

Shared by the layout proposer (:mod:`standards.layout`) and anything else that must put a new
object into a plan clear of what is already there (guided fixes).  The region is any shapely
area (holes and several parts allowed); the answers are exact (checked with shapely), the search
runs on a raster of the region (``cell`` metres) so it works for any outline.

>>> from shapely.geometry import box
>>> room = box(0, 0, 10, 6).difference(box(4, 0, 6, 4))   # a U: a core in the middle of the front
>>> b = fit_box(room, 3.0, 2.0, (5.0, 1.0))
>>> b is not None and room.covers(b) and b.bounds
(1.0, 0.0, 4.0, 2.0)
>>> largest_box(box(0, 0, 10, 6).difference(box(0, 0, 4, 3))).bounds
(4.0, 0.0, 10.0, 6.0)
>>> nearest_inside(box(0, 0, 4, 4), (9.0, 2.0), inset=0.5).coords[0]
(3.5, 2.0)
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from scipy import ndimage
from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

__all__ = ["fit_box", "largest_box", "nearest_inside", "shrink", "raster", "free_region"]


def raster(region: BaseGeometry, cell: float) -> tuple[np.ndarray, float, float]:
    """The region as a boolean grid of ``cell``-sized squares that lie wholly inside it
    (row 0 at the bottom), with the grid's origin (x0, y0)."""
    x0, y0, x1, y1 = region.bounds
    nx, ny = max(1, int(math.ceil((x1 - x0) / cell))), max(1, int(math.ceil((y1 - y0) / cell)))
    xs = x0 + (np.arange(nx) + 0.5) * cell
    ys = y0 + (np.arange(ny) + 0.5) * cell
    gx, gy = np.meshgrid(xs, ys)
    inner = region.buffer(-cell / 2 + 1e-6, join_style="mitre")  # a square of a diagonal edge may poke out: callers confirm
    shapely.prepare(inner)
    inside = shapely.contains_xy(inner, gx, gy) if not inner.is_empty else np.zeros(gx.shape, bool)
    return np.asarray(inside, dtype=bool), x0, y0


def fit_box(region: BaseGeometry, width: float, height: float, target: tuple[float, float], cell: float = 0.25,
            tries: int = 400) -> Polygon | None:
    """The ``width`` × ``height`` axis-aligned rectangle inside ``region`` whose centre is nearest
    ``target``; None when none fits.  Candidates come from the raster, each is confirmed exactly."""
    if region.is_empty or width <= 0 or height <= 0:
        return None
    grid, x0, y0 = raster(region, cell)
    kw, kh = max(1, int(math.ceil(width / cell - 1e-9))), max(1, int(math.ceil(height / cell - 1e-9)))
    if grid.shape[0] < kh or grid.shape[1] < kw:
        return None
    # lower-left cells from which a kh × kw block of inside cells starts (a moving-window sum)
    s = np.pad(grid.astype(np.int32), ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    block = s[kh:, kw:] - s[:-kh, kw:] - s[kh:, :-kw] + s[:-kh, :-kw]
    ok = np.argwhere(block == kh * kw)
    if len(ok) == 0:
        return _exact_nearest(region, width, height, target)
    cx = x0 + ok[:, 1] * cell + width / 2
    cy = y0 + ok[:, 0] * cell + height / 2
    order = np.lexsort((cx, cy, np.hypot(cx - target[0], cy - target[1])))
    shapely.prepare(region)
    for k in order[:tries]:
        b = box(cx[k] - width / 2, cy[k] - height / 2, cx[k] + width / 2, cy[k] + height / 2)
        if region.covers(b):
            return _round_box(b)
    return None


def _exact_nearest(region: BaseGeometry, width: float, height: float, target: tuple[float, float]) -> Polygon | None:
    """A rectangle centred at the target, for regions finer than the raster (rarely used)."""
    b = box(target[0] - width / 2, target[1] - height / 2, target[0] + width / 2, target[1] + height / 2)
    return b if region.covers(b) else None


def _round_box(b: Polygon) -> Polygon:
    x0, y0, x1, y1 = (round(v, 3) for v in b.bounds)
    return box(x0, y0, x1, y1)


def largest_box(region: BaseGeometry, cell: float = 0.5, target: tuple[float, float] | None = None,
                max_aspect: float = 4.0) -> Polygon:
    """The largest axis-aligned rectangle of raster cells inside ``region`` (sides at most
    ``max_aspect`` to one); among equal areas the one whose centre is nearest ``target``.
    Empty polygon when the region holds no cell."""
    grid, x0, y0 = raster(region, cell)
    ny, nx = grid.shape
    heights = np.zeros(nx, dtype=np.int64)
    best: tuple[float, float, tuple[int, int, int, int]] | None = None  # (-area, distance, (r0, c0, r1, c1))
    for r in range(ny):
        heights = np.where(grid[r], heights + 1, 0)
        stack: list[int] = []
        for c in range(nx + 1):
            h = heights[c] if c < nx else 0
            while stack and heights[stack[-1]] >= h:
                top = stack.pop()
                hh = int(heights[top])
                left = stack[-1] + 1 if stack else 0
                ww = c - left
                if hh == 0 or ww == 0:
                    continue
                # the widest rectangle of this height, trimmed to the aspect limit
                w_use, h_use = min(ww, int(hh * max_aspect)), min(hh, int(ww * max_aspect))
                area = w_use * h_use
                cand = (r - h_use + 1, left + (ww - w_use) // 2, r + 1, left + (ww - w_use) // 2 + w_use)
                dist = 0.0
                if target is not None:
                    mx, my = x0 + (cand[1] + cand[3]) / 2 * cell, y0 + (cand[0] + cand[2]) / 2 * cell
                    dist = math.hypot(mx - target[0], my - target[1])
                key = (-float(area), dist, cand)
                if best is None or key < best:
                    best = key
            stack.append(c)
    if best is None:
        return Polygon()
    r0, c0, r1, c1 = best[2]
    b = _round_box(box(x0 + c0 * cell, y0 + r0 * cell, x0 + c1 * cell, y0 + r1 * cell))
    if not region.covers(b):  # a cell of a slanted edge pokes out: keep the part inside (its largest piece)
        part = region.intersection(b)
        pieces = [g for g in getattr(part, "geoms", [part]) if isinstance(g, Polygon)]
        return max(pieces, key=lambda g: g.area) if pieces else Polygon()
    return b


def shrink(region: BaseGeometry, inset: float) -> BaseGeometry:
    """``region`` shrunk by ``inset``, or the region itself where nothing would be left."""
    inner = region.buffer(-inset) if inset > 0 else region
    return region if inner.is_empty else inner


def nearest_inside(region: BaseGeometry, target: tuple[float, float], inset: float = 0.3) -> Point:
    """The point of ``region`` (shrunk by ``inset`` where it can be) nearest ``target``.  Placing many
    points in one region: shrink it once (:func:`shrink`) and pass ``inset=0``."""
    inner = shrink(region, inset)
    p = Point(target)
    if inner.covers(p):
        return Point(round(p.x, 3), round(p.y, 3))
    q = nearest_points(inner, p)[0]
    return Point(round(q.x, 3), round(q.y, 3))


def free_region(hall: Polygon, blockers: list[BaseGeometry], clearance: float = 0.0) -> BaseGeometry:
    """The hall minus what stands in it (each blocker grown by ``clearance``)."""
    if not blockers:
        return hall
    taken = shapely.union_all([b.buffer(clearance) if clearance > 0 else b for b in blockers])
    return hall.difference(taken)
