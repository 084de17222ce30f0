"""A square grid over the hall, and rasterisation of geometry onto it (cached per geometry value,
so moving one counter re-rasterises only that counter).

Cell ``(i, j)`` (row ``i``, column ``j``) has its centre at
``(x0 + (j + 0.5) * res, y0 + (i + 0.5) * res)``: rows grow with *y* (draw with
``origin="lower"`` and :attr:`Grid.extent`).

>>> from shapely.geometry import box
>>> g = grid_for(box(0, 0, 2, 1), 0.5)
>>> g.shape, g.extent
((4, 6), (-0.5, 2.5, -0.5, 1.5))
>>> int(mask(g, box(0, 0, 2, 1)).sum())
8
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Grid:
    x0: float
    y0: float
    res: float
    nx: int
    ny: int

    @property
    def shape(self) -> tuple[int, int]:
        return (self.ny, self.nx)

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(left, right, bottom, top) for matplotlib's ``imshow(origin="lower")``."""
        return (self.x0, self.x0 + self.nx * self.res, self.y0, self.y0 + self.ny * self.res)

    @property
    def transform(self) -> tuple[float, float, float, float, float, float]:
        """Affine (a, b, c, d, e, f): x = a*col + b*row + c, y = d*col + e*row + f (cell corners)."""
        return (self.res, 0.0, self.x0, 0.0, self.res, self.y0)

    def xy(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cell centres of rows ``i`` and columns ``j``."""
        return self.x0 + (j + 0.5) * self.res, self.y0 + (i + 0.5) * self.res

    def window(self, bounds: tuple[float, float, float, float], pad: float = 0.0) -> tuple[int, int, int, int]:
        """(i0, i1, j0, j1): rows and columns whose centres may lie within ``bounds`` (+ pad)."""
        x0, y0, x1, y1 = bounds
        j0 = max(0, int(math.floor((x0 - pad - self.x0) / self.res - 0.5)))
        j1 = min(self.nx, int(math.ceil((x1 + pad - self.x0) / self.res + 0.5)))
        i0 = max(0, int(math.floor((y0 - pad - self.y0) / self.res - 0.5)))
        i1 = min(self.ny, int(math.ceil((y1 + pad - self.y0) / self.res + 0.5)))
        return i0, max(i0, i1), j0, max(j0, j1)

    def cells_near(self, g: BaseGeometry, dist: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, cols, distance) of the cells whose centres lie within ``dist`` of ``g`` (cached)."""
        return _cells_near(g, self, dist)


@lru_cache(maxsize=8192)
def _cells_near(g: BaseGeometry, grid: Grid, dist: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    i0, i1, j0, j1 = grid.window(g.bounds, dist)
    ii, jj = np.mgrid[i0:i1, j0:j1]
    ii, jj = ii.ravel(), jj.ravel()
    x, y = grid.xy(ii, jj)
    d = shapely.distance(g, shapely.points(x, y))
    keep = d <= dist
    out = (ii[keep], jj[keep], d[keep])
    for a in out:
        a.setflags(write=False)
    return out


def grid_for(hall: BaseGeometry, res: float) -> Grid:
    """A grid covering ``hall`` with one cell of margin, aligned to multiples of ``res``."""
    x0, y0, x1, y1 = hall.bounds
    gx0 = math.floor(x0 / res) * res - res
    gy0 = math.floor(y0 / res) * res - res
    nx = int(math.ceil((x1 - gx0) / res)) + 1
    ny = int(math.ceil((y1 - gy0) / res)) + 1
    return Grid(gx0, gy0, res, nx, ny)


@lru_cache(maxsize=8192)
def _window_mask(g: BaseGeometry, grid: Grid, grow: float) -> tuple[int, int, int, int, np.ndarray]:
    """Cells whose centre is within ``grow`` of ``g`` (inside it when ``grow`` is 0), in g's window."""
    i0, i1, j0, j1 = grid.window(g.bounds, grow)
    ii, jj = np.mgrid[i0:i1, j0:j1]
    x, y = grid.xy(ii, jj)
    if grow > 0:
        shapely.prepare(g)
        m = shapely.dwithin(g, shapely.points(x, y), grow)
    else:
        m = shapely.contains_xy(g, x, y)
    m.setflags(write=False)
    return i0, i1, j0, j1, m


def paint(target: np.ndarray, grid: Grid, g: BaseGeometry, grow: float = 0.0, value: bool = True) -> None:
    """Set the cells of ``g`` (grown by ``grow``) to ``value`` in ``target``, in place."""
    if g.is_empty:
        return
    for p in getattr(g, "geoms", [g]):
        i0, i1, j0, j1, m = _window_mask(p, grid, grow)
        if value:
            target[i0:i1, j0:j1] |= m
        else:
            target[i0:i1, j0:j1] &= ~m


@lru_cache(maxsize=64)
def _full_mask(g: BaseGeometry, grid: Grid, shrink: float) -> np.ndarray:
    inner = g.buffer(-shrink) if shrink > 0 else g
    ii, jj = np.mgrid[0:grid.ny, 0:grid.nx]
    x, y = grid.xy(ii, jj)
    shapely.prepare(inner)
    m: np.ndarray = np.asarray(shapely.contains_xy(inner, x, y), dtype=bool)
    m.setflags(write=False)
    return m


def mask(grid: Grid, g: BaseGeometry, shrink: float = 0.0) -> np.ndarray:
    """Cells whose centre lies inside ``g`` shrunk by ``shrink`` (a fresh, writable array)."""
    out: np.ndarray = _full_mask(g, grid, shrink).copy()
    return out


def to_geometry(grid: Grid, m: np.ndarray) -> BaseGeometry:
    """The union of the cells set in ``m`` (row runs merged into boxes, then unioned).

    Runs spanning the same columns in consecutive rows are *not* merged into taller boxes first,
    although that unions 2-4x faster on a large floor: the union comes out with its vertices in
    another order, and the PDF's callout of an uncovered-floor finding, put at the geometry's
    representative point, moved with it.

    >>> g = Grid(0.0, 0.0, 1.0, 4, 3)
    >>> m = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 1, 1, 1]], dtype=bool)
    >>> to_geometry(g, m).area, to_geometry(g, m).geom_type
    (7.0, 'Polygon')
    """
    if not m.any():
        return Polygon()
    pad = np.zeros((m.shape[0], m.shape[1] + 2), dtype=np.int8)
    pad[:, 1:-1] = m
    d = np.diff(pad, axis=1)
    ri, rs = np.nonzero(d == 1)
    _, re = np.nonzero(d == -1)
    x0 = grid.x0 + rs * grid.res
    x1 = grid.x0 + re * grid.res
    y0 = grid.y0 + ri * grid.res
    boxes = shapely.box(x0, y0, x1, y0 + grid.res)
    return shapely.union_all(boxes)
