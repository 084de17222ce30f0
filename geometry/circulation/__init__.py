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

The names below come from their modules when first asked for: a check of a plan without a hall
builds a :class:`Circulation` that has nothing to search, and needs none of the search modules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geometry.circulation.analysis import Circulation
    from geometry.circulation.fire import Coverage, coverage
    from geometry.circulation.raster import Grid, grid_for, mask, to_geometry
    from geometry.circulation.reach import Pinch, Reachability, Target, plan_targets, reachability
    from geometry.circulation.space import CounterSide, Settings, Space, build_space, counter_sides
    from geometry.circulation.turning import TurningCheck, turning_circle, turning_in_front
    from geometry.circulation.visibility import isovist, visible, visible_fraction
    from geometry.circulation.walking import DistanceField, distance_field
    from geometry.circulation.width import (ClearWidth, Passage, WidthMap, bottleneck, centre_region, clear_width, passages,
                                            width_map)

_MODULE_OF: dict[str, str] = {
    "Circulation": "analysis", "Coverage": "fire", "coverage": "fire",
    **dict.fromkeys(("Grid", "grid_for", "mask", "to_geometry"), "raster"),
    **dict.fromkeys(("Pinch", "Reachability", "Target", "plan_targets", "reachability"), "reach"),
    **dict.fromkeys(("CounterSide", "Settings", "Space", "build_space", "counter_sides"), "space"),
    **dict.fromkeys(("TurningCheck", "turning_circle", "turning_in_front"), "turning"),
    **dict.fromkeys(("isovist", "visible", "visible_fraction"), "visibility"),
    "DistanceField": "walking", "distance_field": "walking",
    **dict.fromkeys(("ClearWidth", "Passage", "WidthMap", "bottleneck", "centre_region", "clear_width", "passages",
                     "width_map"), "width"),
}


def __getattr__(name: str) -> Any:
    """``geometry.circulation.NAME``: the name from its module, imported now if it was not."""
    where = _MODULE_OF.get(name)
    if where is None:  # a submodule not imported yet: the import system imports it after this
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Circulation", "Coverage", "coverage", "Grid", "grid_for", "mask", "to_geometry", "Pinch", "Reachability",
    "Target", "plan_targets", "reachability", "CounterSide", "Settings", "Space", "build_space", "counter_sides",
    "TurningCheck", "turning_circle", "turning_in_front", "isovist", "visible", "visible_fraction",
    "DistanceField", "distance_field", "ClearWidth", "Passage", "WidthMap", "bottleneck", "centre_region",
    "clear_width", "passages", "width_map",
]
