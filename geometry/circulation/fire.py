"""Fire reach: is every point of the floor within a walking distance of an extinguisher / an exit?

Walking distance is measured on the walkable floor (the whole hall less counters, desks, walls,
columns and furniture: staff sides and back offices need cover too) with
:mod:`geometry.circulation.walking`; the parts farther than the limit, or cut off, come back as
geometry.  Shortest paths on the 16-neighbour grid are at most 2.7 % long, so the verdict errs
on the safe side by at most that much (0.54 m at 20 m) plus one cell.

>>> from shapely.geometry import box, Point
>>> from geometry.circulation.raster import grid_for, mask
>>> floor = box(0, 0, 50, 4)
>>> g = grid_for(floor, 0.25)
>>> cov = coverage(g, mask(g, floor, 0.25), [Point(0.3, 2)], 20.0)
>>> 19.5 < cov.uncovered.bounds[0] < 21   # the corridor beyond about 20 m is uncovered
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

import numpy as np
from shapely.geometry.base import BaseGeometry

from geometry.circulation.raster import Grid, to_geometry
from geometry.circulation.walking import DistanceField, distance_field


@dataclass(frozen=True, eq=False)
class Coverage:
    """Result of :func:`coverage`."""

    limit: float
    field: DistanceField  # walking distance to the nearest source (draw as a heatmap)
    max_distance: float  # over the floor; inf when some floor is cut off from every source
    beyond: np.ndarray  # floor cells farther than the limit (or cut off)
    uncovered_share: float  # of the floor's cells

    @property
    def covered(self) -> bool:
        return not bool(self.beyond.any())

    @cached_property
    def uncovered(self) -> BaseGeometry:
        """Floor farther than the limit, as polygons (union of cells; computed on first use)."""
        return to_geometry(self.field.grid, self.beyond)


def coverage(grid: Grid, floor: np.ndarray, sources: Sequence[BaseGeometry], limit: float) -> Coverage:
    """Walking-distance cover of ``floor`` from ``sources`` against ``limit`` (m)."""
    return coverage_of(distance_field(grid, floor, sources), limit)


def coverage_of(f: DistanceField, limit: float) -> Coverage:
    """Cover of a distance field's floor against ``limit`` (m)."""
    beyond = f.beyond(limit)
    n = int(f.floor.sum())
    share = float(beyond.sum()) / n if n else 0.0
    return Coverage(limit, f, f.max_distance(), beyond, share)
