"""Measurements on a plan, in metres and square metres.

>>> from shapely.geometry import box
>>> from shapely import affinity
>>> from geometry.model import Counter
>>> c = Counter(id="c", geometry=affinity.rotate(box(0, 0, 1.6, 0.8), 33))
>>> [round(v, 6) for v in counter_dimensions(c)]
[0.8, 1.6]
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

import shapely
from shapely import affinity
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geometry.model import Counter, Obstacle, Plan, PlanObject, Room

if TYPE_CHECKING:
    import numpy as np


def counter_dimensions(counter: Counter) -> tuple[float, float]:
    """(depth front to back, length along the front) of a counter footprint, whatever its rotation.

    With ``front`` set, depth is measured along that direction; otherwise it is
    the short side of the footprint's minimum rotated rectangle.  Cached on the footprint and
    ``front`` values (the rules and the report's measures ask for every counter, and a re-check
    after an edit asks again for the counters that did not move).
    """
    g, front = counter.geometry, counter.front
    seen = _DIMS_BY_ID.get(id(g))
    if seen is not None and seen[0] is g and seen[1] == front:
        return seen[2]
    dims = _dimensions(g, front)
    if len(_DIMS_BY_ID) >= 16384:
        _DIMS_BY_ID.clear()
    _DIMS_BY_ID[id(g)] = (g, front, dims)
    return dims


# the same footprint object asked again (every check of a plan asks for each counter twice) answered by its
# identity, without hashing the geometry's value; the entry holds the geometry, so its id is not reused
_DIMS_BY_ID: dict[int, tuple[BaseGeometry, float | None, tuple[float, float]]] = {}


@lru_cache(maxsize=16384)
def _dimensions(g: BaseGeometry, front: float | None) -> tuple[float, float]:
    if front is not None:
        # rotate so that the front direction points along +y; depth = y extent
        r = affinity.rotate(g, 90.0 - front, origin="centroid")
        x0, y0, x1, y1 = r.bounds
        return (y1 - y0, x1 - x0)
    rect = g.minimum_rotated_rectangle
    coords = list(rect.exterior.coords) if isinstance(rect, Polygon) else []
    if len(coords) < 4:
        x0, y0, x1, y1 = g.bounds
        a, b = x1 - x0, y1 - y0
        return (min(a, b), max(a, b))
    a = math.dist(coords[0], coords[1])
    b = math.dist(coords[1], coords[2])
    return (min(a, b), max(a, b))


def counter_axes(counter: Counter) -> tuple[float, float, float, float]:
    """Unit vectors (length axis, depth axis) of a counter's footprint: (lx, ly, dx, dy)."""
    if counter.front is not None:
        t = math.radians(counter.front)
        return (-math.sin(t), math.cos(t), math.cos(t), math.sin(t))
    rect = counter.geometry.minimum_rotated_rectangle
    c = list(rect.exterior.coords)
    a = (c[1][0] - c[0][0], c[1][1] - c[0][1])
    b = (c[2][0] - c[1][0], c[2][1] - c[1][1])
    la, lb = math.hypot(*a), math.hypot(*b)
    long_, short, ll, ls = (a, b, la, lb) if la >= lb else (b, a, lb, la)
    return (long_[0] / ll, long_[1] / ll, short[0] / ls, short[1] / ls)


def hall_area(plan: Plan) -> float | None:
    """Net area of the service hall boundary (holes for cores and shafts excluded), plus the rooms
    marked as parts of the hall that lie apart from it (the hall on another floor).

    >>> from shapely.geometry import box
    >>> from geometry.model import Room
    >>> hall_area(Plan(hall=box(0, 0, 10, 8), objects=(Room(id="r", geometry=box(0, 30, 5, 38), hall_part=True),)))
    120.0
    """
    if plan.hall is None:
        return None
    return float(plan.hall.area) + sum(float(r.geometry.area) for r in hall_parts_apart(plan))


def hall_parts_apart(plan: Plan) -> list[Room]:
    """The rooms marked as parts of the hall that do not overlap its outline (other floors)."""
    if plan.hall is None:
        return []
    return [r for r in plan.rooms if r.hall_part and r.geometry.intersection(plan.hall).area < 0.01 * r.geometry.area]


def hall_columns(plan: Plan) -> list[Obstacle]:
    """Free-standing columns inside the hall (its outline and its parts on other floors): column
    obstacles wholly within (a column standing in the wall line is part of the wall, not of the floor)."""
    if plan.hall is None:
        return []
    cols = [o for o in plan.obstacles if o.kind == "column" and isinstance(o.geometry, Polygon)]
    if not cols:
        return []
    geoms = [c.geometry for c in cols]
    inside = shapely.contains(plan.hall, geoms)
    for part in hall_parts_apart(plan):
        inside |= shapely.contains(part.geometry, geoms)
    return [c for c, ok in zip(cols, inside.tolist()) if ok]


def usable_hall_area(plan: Plan) -> float | None:
    """The hall area less its free-standing columns (overlapping columns count once).

    >>> from shapely.geometry import box
    >>> usable_hall_area(Plan(hall=box(0, 0, 10, 10), objects=(Obstacle(id="c", geometry=box(4, 4, 5, 5), kind="column"),)))
    99.0
    """
    area = hall_area(plan)
    if area is None:
        return None
    return area - columns_area(hall_columns(plan))


def columns_area(cols: list[Obstacle]) -> float:
    """The floor area columns take (overlapping ones count once)."""
    return float(shapely.union_all([c.geometry for c in cols]).area) if cols else 0.0


def parking_area(plan: Plan) -> float | None:
    """Total parking area; overlapping parking polygons count once.  None when none is drawn."""
    lots = [p.geometry for p in plan.parking]
    if not lots:
        return None
    return float(unary_union(lots).area)


def parking_stalls(plan: Plan) -> tuple[int | None, int | None]:
    """(stalls, accessible stalls) over all parking areas; None when any area lacks the count."""
    lots = plan.parking
    if not lots:
        return (None, None)
    s = [p.stalls for p in lots]
    a = [p.accessible_stalls for p in lots]
    s_known = [v for v in s if v is not None]
    a_known = [v for v in a if v is not None]
    return (sum(s_known) if len(s_known) == len(s) else None, sum(a_known) if len(a_known) == len(a) else None)


def building_area(plan: Plan) -> float | None:
    """The centre's gross floor area (given, or footprint × floors)."""
    return plan.context.effective_building_area(plan.building)


def zone_areas(plan: Plan) -> dict[str, float]:
    """Area by zone kind (overlaps within a kind count once)."""
    out: dict[str, list[BaseGeometry]] = {}
    for z in plan.zones:
        out.setdefault(z.kind, []).append(z.geometry)
    return {k: float(unary_union(v).area) for k, v in out.items()}


def distance_to(obj: PlanObject | BaseGeometry, target: PlanObject | BaseGeometry) -> float:
    """Straight-line distance between two objects' geometries (0 when they touch)."""
    a = obj.geometry if isinstance(obj, PlanObject) else obj
    b = target.geometry if isinstance(target, PlanObject) else target
    return float(a.distance(b))


def inside_hall(plan: Plan, obj: PlanObject, tolerance: float = 0.05) -> bool | None:
    """Whether an object lies in the hall (within ``tolerance`` m); None when no hall is drawn."""
    if plan.hall is None:
        return None
    return bool(plan.hall.buffer(tolerance).covers(obj.geometry))


def transform_plan(plan: Plan, fn: Callable[[BaseGeometry], BaseGeometry]) -> Plan:
    """Apply a geometry transform to every geometry of a plan (its objects, the hall and building among them)."""
    from dataclasses import replace

    return replace(plan, objects=tuple(o.with_geometry(fn(o.geometry)) for o in plan.objects))


def centroid_xy(g: BaseGeometry) -> tuple[float, float]:
    c = g.centroid if not isinstance(g, Point) else g
    return (float(c.x), float(c.y))


def same_shapes(geoms: "np.ndarray") -> "np.ndarray | None":
    """For each of ``geoms``, the index of the first one of exactly the same shape (a paste repeated,
    footprints drawn over each other), or None when every shape differs — told by one pass over the
    bounding boxes; the shapes themselves are compared only where two boxes coincide.

    >>> import numpy as np
    >>> from shapely.geometry import box
    >>> same_shapes(np.array([box(0, 0, 1, 1), box(2, 0, 3, 1), box(0, 0, 1, 1)], dtype=object)).tolist()
    [0, 1, 0]
    >>> same_shapes(np.array([box(0, 0, 1, 1), box(2, 0, 3, 1)], dtype=object)) is None
    True
    """
    import numpy as np

    if geoms.size < 2 or np.unique(shapely.bounds(geoms), axis=0).shape[0] == geoms.size:
        return None
    _shapes, first, inverse = np.unique(shapely.to_wkb(geoms), return_index=True, return_inverse=True)
    rep: np.ndarray = first[inverse.ravel()]
    return None if np.array_equal(rep, np.arange(geoms.size)) else rep


def distinct_shapes(geoms: "np.ndarray") -> "np.ndarray":
    """``geoms`` with each shape once, in their order (:func:`same_shapes`); the array itself when no two
    are alike.  Blockers drawn over each other then block once, and each copy no longer multiplies
    every lookup near it."""
    import numpy as np

    rep = same_shapes(geoms)
    return geoms if rep is None else geoms[np.unique(rep)]
