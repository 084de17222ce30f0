"""Circulation, accessibility and visibility analyses of a hall plan (pure, Qt-free).

Modules, each small and usable alone:

- :mod:`~geometry.circulation.space` — free space: counters' customer and staff sides, public
  and walkable floor, sight blockers;
- :mod:`~geometry.circulation.width` — erosion/opening at a width, narrow map, passages and the
  narrowest one (clear width), bottleneck bisection;
- :mod:`~geometry.circulation.reach` — reachability at a width from an entrance, with pinch points;
- :mod:`~geometry.circulation.raster` and :mod:`~geometry.circulation.walking` — floor rasters
  and walking-distance fields (scipy Dijkstra on a 16-neighbour grid), shortest paths;
- :mod:`~geometry.circulation.visibility` — isovists; :mod:`~geometry.circulation.turning` —
  wheelchair turning circles; :mod:`~geometry.circulation.fire` — extinguisher / exit reach;
- :mod:`~geometry.circulation.analysis` — :class:`Circulation`, all of them lazily for one plan.
"""

from geometry.circulation.analysis import Circulation
from geometry.circulation.fire import Coverage, coverage
from geometry.circulation.raster import Grid, grid_for, mask, to_geometry
from geometry.circulation.reach import Pinch, Reachability, Target, plan_targets, reachability
from geometry.circulation.space import CounterSide, Settings, Space, build_space, counter_sides
from geometry.circulation.turning import TurningCheck, turning_circle, turning_in_front
from geometry.circulation.visibility import isovist, visible, visible_fraction
from geometry.circulation.walking import DistanceField, distance_field
from geometry.circulation.width import ClearWidth, Passage, WidthMap, bottleneck, centre_region, clear_width, passages, width_map

__all__ = [
    "Circulation", "Coverage", "coverage", "Grid", "grid_for", "mask", "to_geometry", "Pinch", "Reachability",
    "Target", "plan_targets", "reachability", "CounterSide", "Settings", "Space", "build_space", "counter_sides",
    "TurningCheck", "turning_circle", "turning_in_front", "isovist", "visible", "visible_fraction",
    "DistanceField", "distance_field", "ClearWidth", "Passage", "WidthMap", "bottleneck", "centre_region",
    "clear_width", "passages", "width_map",
]
