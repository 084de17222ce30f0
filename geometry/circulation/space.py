"""Free space: where visitors (and staff) can stand, once counters, their staff side, walls,
columns and furniture are taken out of the hall.

The customer side of a counter (the side a visitor stands on) is decided as follows, in order:

1. ``Counter.front`` when set (the direction the customer side faces);
2. otherwise the side of the footprint's depth axis that faces more open floor: a probe
   rectangle as long as the counter and ``Settings.side_probe_m`` deep is laid against each long
   face, and the side whose probe holds more of the hall's floor (minus other counters, desks,
   obstacles and back-office zones) wins;
3. when both probes are within 10 % of each other, the side whose face is nearer the main
   entrance wins; without a main entrance, the +depth side (deterministic, reported as
   ``basis="default"``).

The staff side is a strip ``Settings.staff_depth_m`` deep behind the counter: it is not public
floor.  Back-office zones (``Zone.kind == "office"``) are not public floor either.

>>> from shapely.geometry import box
>>> from geometry.model import Plan, Counter, Obstacle
>>> p = Plan(hall=box(0, 0, 10, 6)).with_object(Counter(id="c", geometry=box(2, 1.0, 3.6, 1.8)))
>>> s = build_space(p)
>>> s.sides["c"].customer_dir, s.sides["c"].basis
((0.0, 1.0), 'open_area')
>>> round(s.public.area, 2)  # 60 m² hall − 1.6 × (0.8 + 1.0) counter and staff strip
57.12
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Mapping

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.measure import counter_axes, distinct_shapes
from geometry.model import Counter, Plan

# obstacle kinds that do not stop walking (a door is an opening, a window sits in a wall)
PASSABLE_OBSTACLES = frozenset({"door", "window"})
# obstacle kinds that do not stop sight (low furniture); counters are handled by height
SEE_THROUGH_OBSTACLES = frozenset({"door", "window", "furniture"})


@dataclass(frozen=True)
class Settings:
    """Modelling assumptions of the analyses (not figures of a standard: those live in the packs)."""

    staff_depth_m: float = 1.0  # staff strip behind a counter (chair and clearance)
    approach_depth_m: float = 0.6  # where a customer stands in front of a counter
    side_probe_m: float = 5.0  # depth of the open-floor probe deciding the customer side
    body_radius_m: float = 0.25  # a walker's half shoulder width (raster walking only)
    resolution_m: float = 0.25  # raster cell size for distance fields (doors ≥ 0.75 m stay open)
    line_half_thickness_m: float = 0.05  # walls drawn as lines get this half thickness
    point_obstacle_radius_m: float = 0.2  # columns drawn as points get this radius
    sight_block_height_m: float = 1.5  # counters at least this tall block sight
    isovist_rays: int = 720  # uniform rays of an isovist (plus rays at every blocker vertex)


@dataclass(frozen=True)
class CounterSide:
    """Which side of a counter is the customer's, and the strips derived from it."""

    counter_id: str
    customer_dir: tuple[float, float]  # unit vector from the counter towards the customer
    face: LineString  # the customer face (long edge of the footprint's oriented box)
    staff: Polygon  # the staff strip behind the counter
    approach: Polygon  # where a customer stands, in front of the face
    basis: str  # "front" | "open_area" | "entrance" | "default"
    reach: LineString | None = None  # the central half of the face: where a visitor must get to

    def face_centre(self, fraction: float = 0.5) -> LineString:
        """The central ``fraction`` of the customer face (used as the place to reach)."""
        a, b = np.asarray(self.face.coords[0]), np.asarray(self.face.coords[-1])
        lo, hi = 0.5 - fraction / 2, 0.5 + fraction / 2
        return LineString([tuple(a + (b - a) * lo), tuple(a + (b - a) * hi)])


@dataclass(frozen=True)
class Space:
    """The floors of a hall, as shapely geometry (all in metres)."""

    hall: Polygon
    public: BaseGeometry  # visitors' floor: hall − solids − staff strips − back office
    sight_blockers: BaseGeometry  # what stops a line of sight inside the hall
    sides: Mapping[str, CounterSide] = field(default_factory=dict)
    solid_parts: tuple[BaseGeometry, ...] = ()  # counters, desks, walls, columns, furniture, one by one
    non_public_parts: tuple[BaseGeometry, ...] = ()  # staff strips and back-office zones

    @cached_property
    def solids(self) -> BaseGeometry:
        return shapely.union_all(np.array(self.solid_parts, dtype=object))

    @cached_property
    def non_public(self) -> BaseGeometry:
        return shapely.union_all(np.array(self.non_public_parts, dtype=object))

    @cached_property
    def walkable(self) -> BaseGeometry:
        """Any floor a person can stand on: hall − solids (staff sides and back offices included)."""
        return _polygonal(self.hall.difference(self.solids)) if not self.solids.is_empty else self.hall


def _solid(g: BaseGeometry, s: Settings) -> BaseGeometry:
    if g.geom_type in ("LineString", "MultiLineString"):
        return g.buffer(s.line_half_thickness_m, cap_style="flat")
    if g.geom_type in ("Point", "MultiPoint"):
        return g.buffer(s.point_obstacle_radius_m)
    return g


def _oriented_box(g: BaseGeometry, lx: float, ly: float, dx: float, dy: float) -> tuple[float, float, float, float]:
    """(s0, s1, t0, t1): extent of ``g`` along the length axis (s) and the depth axis (t)."""
    xy = shapely.get_coordinates(g)
    s = xy @ np.array([lx, ly])
    t = xy @ np.array([dx, dy])
    return float(s.min()), float(s.max()), float(t.min()), float(t.max())


def _rect(l: tuple[float, float], d: tuple[float, float], s0: float, s1: float, t0: float, t1: float) -> Polygon:
    (lx, ly), (dx, dy) = l, d
    pts = [(s * lx + t * dx, s * ly + t * dy) for s, t in ((s0, t0), (s1, t0), (s1, t1), (s0, t1))]
    return Polygon(pts)


@lru_cache(maxsize=8192)
def _frame(g: BaseGeometry, front: float | None) -> tuple[tuple[float, float], tuple[float, float], float, float, float, float]:
    """Length axis, depth axis and the footprint's extent along them (cached per footprint)."""
    lx, ly, dx, dy = counter_axes(Counter(id="", geometry=g, front=front))
    s0, s1, t0, t1 = _oriented_box(g, lx, ly, dx, dy)
    return (lx, ly), (dx, dy), s0, s1, t0, t1


@lru_cache(maxsize=8192)
def _probes(g: BaseGeometry, depth: float) -> tuple[Polygon, Polygon]:
    l, d, s0, s1, t0, t1 = _frame(g, None)
    return _rect(l, d, s0, s1, t1, t1 + depth), _rect(l, d, s0, s1, t0 - depth, t0)


@lru_cache(maxsize=8192)
def _side_geoms(g: BaseGeometry, front: float | None, sign: float, staff_depth: float, approach_depth: float
                ) -> tuple[tuple[float, float], LineString, Polygon, Polygon, LineString]:
    """(customer direction, face, staff strip, approach strip, central half of the face)."""
    l, d, s0, s1, t0, t1 = _frame(g, front)
    dd = (d[0] * sign, d[1] * sign)
    tt0, tt1 = (t0, t1) if sign > 0 else (-t1, -t0)  # in the (l, dd) frame the face is at the max
    face = LineString([(s0 * l[0] + tt1 * dd[0], s0 * l[1] + tt1 * dd[1]),
                       (s1 * l[0] + tt1 * dd[0], s1 * l[1] + tt1 * dd[1])])
    q0, q1 = s0 + (s1 - s0) / 4, s1 - (s1 - s0) / 4
    reach = LineString([(q0 * l[0] + tt1 * dd[0], q0 * l[1] + tt1 * dd[1]),
                        (q1 * l[0] + tt1 * dd[0], q1 * l[1] + tt1 * dd[1])])
    staff = _rect(l, dd, s0, s1, tt0 - staff_depth, tt0)
    approach = _rect(l, dd, s0, s1, tt1, tt1 + approach_depth)
    return (_clean(dd[0]), _clean(dd[1])), face, staff, approach, reach


def counter_sides(plan: Plan, settings: Settings = Settings(),
                  blockers: list[BaseGeometry] | None = None) -> dict[str, CounterSide]:
    """Customer side, customer face, staff strip and approach strip of every counter.

    ``blockers`` are the solids and non-public zones that probes subtract (counters are always
    included); computed from the plan when not given.  Geometry derived from one footprint is
    cached on the footprint's value.
    """
    counters = plan.counters
    if not counters:
        return {}
    if blockers is None:
        blockers = [_solid(o.geometry, settings) for o in plan.obstacles if o.kind not in PASSABLE_OBSTACLES]
        blockers += [d.geometry for d in plan.consult_desks if d.geometry.geom_type == "Polygon"]
        blockers += [z.geometry for z in plan.zones_of("office")]
    main = plan.main_entrance()
    free_side = [c for c in counters if c.front is None]
    open_area = np.zeros(2 * len(free_side))
    if free_side:
        # footprints drawn over each other (a paste repeated): each shape cuts a probe once
        all_blockers = distinct_shapes(np.array([c.geometry for c in counters] + list(blockers), dtype=object))
        parr = np.array([p for c in free_side for p in _probes(c.geometry, settings.side_probe_m)], dtype=object)
        hall = plan.hall
        open_area = shapely.area(shapely.intersection(parr, hall)) if hall is not None else shapely.area(parr)
        tree = shapely.STRtree(all_blockers)
        pi, bi = tree.query(parr, predicate="intersects")
        if len(pi):
            cut = shapely.area(shapely.intersection(parr[pi], all_blockers[bi]))
            np.subtract.at(open_area, pi, cut)
    out: dict[str, CounterSide] = {}
    k = 0
    for c in counters:
        sign, basis = 1.0, "front"
        if c.front is None:
            l, d, s0, s1, t0, t1 = _frame(c.geometry, None)
            a_plus, a_minus = float(open_area[k]), float(open_area[k + 1])
            k += 2
            probe_area = (s1 - s0) * settings.side_probe_m
            if abs(a_plus - a_minus) > 0.1 * probe_area:
                sign, basis = (1.0 if a_plus > a_minus else -1.0), "open_area"
            elif main is not None:
                mid = (s0 + s1) / 2
                fp = Point(mid * l[0] + t1 * d[0], mid * l[1] + t1 * d[1])
                fm = Point(mid * l[0] + t0 * d[0], mid * l[1] + t0 * d[1])
                g = main.geometry
                sign, basis = (1.0 if fp.distance(g) <= fm.distance(g) else -1.0), "entrance"
            else:
                sign, basis = 1.0, "default"
        dd, face, staff, approach, reach = _side_geoms(c.geometry, c.front, sign, settings.staff_depth_m,
                                                       settings.approach_depth_m)
        out[c.id] = CounterSide(c.id, dd, face, staff, approach, basis, reach)
    return out


def blocked_along(line: BaseGeometry, hall: BaseGeometry, public: BaseGeometry, width: float) -> BaseGeometry:
    """What stands within half ``width`` of ``line`` inside ``hall``: the band along the line (flat
    ends) less the public floor — an accessible route's test that nothing stands within its width."""
    inside = line.intersection(hall)
    if inside.is_empty:
        return inside
    return inside.buffer(width / 2.0, cap_style="flat").intersection(hall).difference(public.buffer(1e-6))


def _clean(v: float) -> float:
    r = round(v, 12)
    return 0.0 if r == 0 else r


def _blocks_sight(c: Counter, s: Settings) -> bool:
    return c.height_m is not None and c.height_m >= s.sight_block_height_m


def build_space(plan: Plan, settings: Settings = Settings()) -> Space:
    """Public floor, walkable floor and sight blockers of the plan's hall.

    Raises ValueError when the plan has no hall boundary.
    """
    if plan.hall is None:
        raise ValueError("the plan has no hall boundary")
    hall = plan.hall
    obst = [(o, _solid(o.geometry, settings)) for o in plan.obstacles]
    block_walk = [g for o, g in obst if o.kind not in PASSABLE_OBSTACLES]
    desks = [d.geometry for d in plan.consult_desks if d.geometry.geom_type == "Polygon"]
    office = [z.geometry for z in plan.zones_of("office")]
    sides = counter_sides(plan, settings, block_walk + desks + office)
    counters = [c.geometry for c in plan.counters]
    solid_parts = tuple(counters + block_walk + desks)
    non_public_parts = tuple([s.staff for s in sides.values()] + office)
    taken = shapely.union_all(np.array(solid_parts + non_public_parts, dtype=object))
    public = hall.difference(taken) if not taken.is_empty else hall
    sight = [g for o, g in obst if o.kind not in SEE_THROUGH_OBSTACLES]
    sight += [c.geometry for c in plan.counters if _blocks_sight(c, settings)]
    sight_blockers = shapely.union_all(np.array(sight, dtype=object))
    return Space(hall=hall, public=_polygonal(public), sight_blockers=sight_blockers, sides=sides,
                 solid_parts=solid_parts, non_public_parts=non_public_parts)


def _polygonal(g: BaseGeometry) -> BaseGeometry:
    """Drop the lines and points a difference may leave behind."""
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in getattr(g, "geoms", [g]) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(np.array(parts, dtype=object)) if parts else Polygon()


def parts(g: BaseGeometry) -> list[BaseGeometry]:
    """The single parts of a (multi-)geometry; empty list for an empty one."""
    if g.is_empty:
        return []
    return list(getattr(g, "geoms", [g]))


def unit_normal_into(line: BaseGeometry, area: BaseGeometry, step: float = 0.3) -> Point:
    """A point ``step`` m from the middle of ``line`` on the side of ``area`` (e.g. just inside a door)."""
    mid = line.interpolate(0.5, normalized=True) if line.geom_type == "LineString" else line.centroid
    if line.geom_type != "LineString" or line.length == 0:
        return Point(mid.x, mid.y)
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    n = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / n, (x1 - x0) / n
    a = Point(mid.x + nx * step, mid.y + ny * step)
    b = Point(mid.x - nx * step, mid.y - ny * step)
    return a if area.distance(a) <= area.distance(b) else b
