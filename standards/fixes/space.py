"""Where a fix may put things: the hall's free floor, a spot for a rectangle or a point, and a
polygon grown along one of its free edges.  Plain shapely over the plan; no rule knowledge.

>>> from shapely.geometry import box
>>> from geometry.model import Plan, Counter
>>> p = Plan(hall=box(0, 0, 10, 10)).with_object(Counter(id="c1", geometry=box(0, 0, 10, 1)))
>>> round(free_floor(p, clearance=1.0).area, 1)
80.0
>>> place_rects(free_floor(p, clearance=1.0), 2.0, 1.0, k=1)[0].bounds
(0.0, 2.0, 2.0, 3.0)
>>> grown = grow_along_free_edge(box(0, 5, 4, 8), 8.0, box(0, 2, 10, 10))
>>> round(grown.area, 1), grown.bounds
(20.0, (0.0, 5.0, 4.0, 10.0))
"""

from __future__ import annotations

import math
from typing import Iterable

import numpy as np
import shapely
from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, unary_union

from geometry.model import Plan, PlanObject

_SLACK = 1e-6


def occupied(plan: Plan, clearance: float, skip: Iterable[str] = (), zone_kinds: Iterable[str] = (),
             facilities: bool = True, door_clear: float = 1.5) -> BaseGeometry:
    """What a new object must keep ``clearance`` away from: counters, desks, obstacles, facilities
    the doorways (a clear 1.5 m in front of each entrance) and the accessible routes' width, plus the zones of ``zone_kinds``."""
    skip_ids = set(skip)
    kinds = set(zone_kinds)
    parts: list[BaseGeometry] = []
    for o in plan.objects:
        if o.id in skip_ids:
            continue
        k = o.KIND
        if k in ("counter", "consult", "obstacle"):
            parts.append(o.geometry.buffer(clearance))
        elif k == "facility" and facilities:
            parts.append(o.geometry.buffer(max(clearance, 0.3)))
        elif k == "entrance":
            parts.append(o.geometry.buffer(door_clear))
        elif k == "route":  # the accessible route's clear width stays clear
            parts.append(o.geometry.buffer(max((getattr(o, "width_m", None) or 1.2) / 2, clearance / 2)))
        elif k == "zone" and getattr(o, "kind", "") in kinds:
            parts.append(o.geometry.buffer(clearance))
    return unary_union(parts) if parts else Polygon()


def free_floor(plan: Plan, clearance: float = 1.2, skip: Iterable[str] = (), zone_kinds: Iterable[str] = (),
               facilities: bool = True, door_clear: float = 1.5) -> BaseGeometry:
    """The hall's floor at least ``clearance`` from everything standing on it (empty without a hall);
    point facilities (seats, a water dispenser) may be left out, for an area that takes them in."""
    if plan.hall is None:
        return Polygon()
    return plan.hall.difference(occupied(plan, clearance, skip, zone_kinds, facilities, door_clear))


def place_rects(free: BaseGeometry, w: float, h: float, near: BaseGeometry | None = None, k: int = 3,
                min_apart: float = 2.0, step: float = 0.5, limit: int = 40000) -> list[Polygon]:
    """Up to ``k`` axis-aligned ``w`` × ``h`` rectangles (either way round) inside ``free``, nearest
    ``near`` first (lowest-left first without it), at least ``min_apart`` from each other; tried on
    a ``step`` grid (coarser for large floors)."""
    if free.is_empty:
        return []
    x0, y0, x1, y1 = free.bounds
    step = max(step, math.sqrt((x1 - x0) * (y1 - y0) / limit))
    shapely.prepare(free)
    found: list[tuple[float, Polygon]] = []
    for a, b in ((w, h), (h, w)) if abs(w - h) > 1e-9 else ((w, h),):
        xs = np.arange(x0, x1 - a + _SLACK, step)
        ys = np.arange(y0, y1 - b + _SLACK, step)
        if not len(xs) or not len(ys):
            continue
        gx, gy = np.meshgrid(xs, ys)
        boxes = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + a, gy.ravel() + b)
        ok = boxes[shapely.contains(free, boxes)]
        if not len(ok):
            continue
        cen = shapely.centroid(ok)
        d = shapely.distance(ok, near) + 1e-3 * shapely.distance(cen, near.centroid) if near is not None else \
            shapely.get_x(cen) + shapely.get_y(cen)
        found.extend((float(d[i]), ok[i]) for i in np.argsort(d, kind="stable")[: 50 * k])
    found.sort(key=lambda t: t[0])
    out: list[Polygon] = []
    for _d, r in found:
        if all(r.distance(o) >= min_apart for o in out):
            out.append(r)
            if len(out) >= k:
                break
    return out


def place_point(free: BaseGeometry, target: BaseGeometry, margin: float = 0.3) -> Point | None:
    """The point of ``free`` (kept ``margin`` inside it) nearest ``target``; None when there is no room."""
    inner = free.buffer(-margin) if margin > 0 else free
    if inner.is_empty:
        return None
    p = nearest_points(inner, target)[0]
    return Point(round(p.x, 3), round(p.y, 3))


def grow_along_free_edge(poly: Polygon, add_m2: float, free: BaseGeometry, min_edge: float = 1.0) -> Polygon | None:
    """``poly`` with a strip of ``add_m2`` added outward along one of its edges, the strip lying in
    ``free``; the longest such edge (the shallowest strip) wins.  None when no edge has the room."""
    ring = shapely.geometry.polygon.orient(poly, 1.0).exterior
    coords = list(ring.coords)
    shapely.prepare(free)
    room = free.buffer(_SLACK * 10)
    best: tuple[float, Polygon] | None = None
    for (ax, ay), (bx, by) in zip(coords, coords[1:]):
        length = math.hypot(bx - ax, by - ay)
        if length < min_edge:
            continue
        depth = add_m2 / length
        nx, ny = (by - ay) / length, -(bx - ax) / length  # outward for a counter-clockwise ring
        strip = Polygon([(ax, ay), (bx, by), (bx + nx * depth, by + ny * depth), (ax + nx * depth, ay + ny * depth)])
        if not room.contains(strip):
            continue
        if best is None or depth < best[0]:
            grown = poly.union(strip)
            if isinstance(grown, Polygon):  # the old vertices kept exactly; the ones left in line dropped
                tidy = grown.simplify(0)
                best = (depth, tidy if isinstance(tidy, Polygon) and tidy.is_valid else grown)
    return None if best is None else best[1]


def extend_row(row: list[PlanObject], free: BaseGeometry, n: int, axis: tuple[float, float], gap: float) -> list[BaseGeometry]:
    """Up to ``n`` footprints continuing a row of like objects along ``axis`` at its own pitch, each
    inside ``free``: alternately past the last and before the first, stepping over a place that is
    taken (a screen on the wall, a door) until the row leaves the floor."""
    from shapely import affinity

    shapely.prepare(free)
    bound = free.envelope
    ordered = sorted(row, key=lambda o: o.geometry.centroid.x * axis[0] + o.geometry.centroid.y * axis[1])
    first = ordered[0].geometry
    length = max(abs(np.dot(np.array(c) - np.array(first.centroid.coords[0]), axis)) for c in first.exterior.coords) * 2
    pitch = length + gap
    out: list[BaseGeometry] = []
    ends = {+1: [ordered[-1].geometry, 1], -1: [first, 1]}
    done: set[int] = set()
    while len(out) < n and len(done) < 2:
        for sign in (+1, -1):
            if sign in done or len(out) >= n:
                continue
            g, k = ends[sign]
            while True:
                cand = affinity.translate(g, sign * axis[0] * pitch * k, sign * axis[1] * pitch * k)
                k += 1
                if free.contains(cand):
                    out.append(cand)
                    break
                if not cand.intersects(bound):
                    done.add(sign)
                    break
            ends[sign][1] = k
    return out


def rect(cx: float, cy: float, w: float, h: float) -> Polygon:
    return box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
