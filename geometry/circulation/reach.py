"""Reachability at a width: from an entrance, which targets can a body ``w`` m wide get to,
and which pinch points block the others.

A target is reached when the region the body's centre can occupy (see
:mod:`geometry.circulation.width`), in the part connected to the start, comes within
``w/2 + tol`` of the target's *reach* geometry: the central half of a counter's customer face,
a zone polygon, or a facility point.  When a target is not reached, its *pinch* is found by
bisection on the width (±2 mm): the widest body that still gets there is the bottleneck width.
The pinch is then located between the centre region reachable just above that width and the
part of it that continues towards the target; its width is re-measured there exactly (twice the
least clearance along the connecting segment) when that agrees with the bisection within 5 mm.
Bisections are capped (``max_pinches``, default 40 targets); further unreachable targets are
reported without a pinch.

>>> from shapely.geometry import box, LineString, Point
>>> hall = box(0, 0, 20, 10)
>>> wall = box(9.9, 0, 10.1, 10).difference(box(9.9, 4.5, 10.1, 5.5))   # a 1.0 m gap
>>> free = hall.difference(wall)
>>> t = Target("desk", "consult", Point(15, 5), Point(15, 5), 0.3)
>>> r = reachability(free, LineString([(0, 4), (0, 6)]), [t], 1.2)
>>> r.unreachable, round(r.pinches[0].width, 3)
(('desk',), 1.0)
>>> reachability(free, LineString([(0, 4), (0, 6)]), [t], 0.9).unreachable
()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Sequence

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.circulation.space import Space
from geometry.circulation.width import EPS, bottleneck, locate, parts_near
from geometry.model import Plan

START_TOL = 0.3  # m beyond w/2: the centre region must come this close to the entrance (drawing slack)


@dataclass(frozen=True)
class Target:
    """A place a visitor must be able to get to."""

    id: str
    role: str  # "counter", "waiting", "consult", "special_population", "accessible_toilet", "self_service", "zone"
    geometry: BaseGeometry  # what to highlight
    reach: BaseGeometry  # what the body must come near
    tol: float = 0.05  # how near, beyond half the width (m)


@dataclass(frozen=True)
class Pinch:
    """A narrow piece of floor that keeps a body of the analysed width from some targets."""

    geometry: BaseGeometry  # the narrow piece (or the whole closed-off area when width is None)
    width: float | None  # clear width at its narrowest; None: the area has no opening at all
    where: LineString | None  # narrowest cross-section, when it has two sides
    blocks: tuple[str, ...]  # ids of the targets behind it


@dataclass(frozen=True, eq=False)
class Reachability:
    """Result of :func:`reachability`."""

    width: float
    start: BaseGeometry
    centre: BaseGeometry  # where the body's centre can get to from the start
    free: BaseGeometry
    reachable: tuple[str, ...]
    unreachable: tuple[str, ...]
    pinches: tuple[Pinch, ...]
    targets: dict[str, Target] = field(default_factory=dict, compare=False)

    @cached_property
    def area(self) -> BaseGeometry:
        """Floor the body sweeps from the start (draw it; computed on first use)."""
        if self.centre.is_empty:
            return Polygon()
        # the centre region keeps w/2 − 0.5 mm from every obstacle, so this stays on the floor
        return self.centre.buffer(self.width / 2.0, quad_segs=4)

    @cached_property
    def unreachable_geometry(self) -> BaseGeometry:
        """The unreachable targets' geometry (counters, zones, facilities), for drawing."""
        gs = [self.targets[t].geometry for t in self.unreachable if t in self.targets]
        return shapely.union_all(np.array(gs, dtype=object)) if gs else Polygon()

    def is_reachable(self, tid: str) -> bool:
        return tid in self.reachable

    def pinches_for(self, tid: str) -> tuple[Pinch, ...]:
        return tuple(p for p in self.pinches if tid in p.blocks)

    def best_width_for(self, tid: str) -> float | None:
        """Widest way into an unreachable target's area (None when closed off or unknown)."""
        ws = [p.width for p in self.pinches_for(tid) if p.width is not None]
        return max(ws) if ws else None


def reachability(free: BaseGeometry, start: BaseGeometry, targets: Sequence[Target], width: float,
                 max_pinches: int = 40) -> Reachability:
    """Which ``targets`` a body ``width`` m wide reaches from ``start`` within ``free``."""
    r = width / 2.0
    c_reach = _reach_region(free, start, width)
    tmap = {t.id: t for t in targets}
    ok: list[str] = []
    bad: list[str] = []
    if targets and not c_reach.is_empty:
        shapely.prepare(c_reach)
        near = shapely.dwithin(c_reach, np.array([t.reach for t in targets], dtype=object),
                               np.array([r + t.tol + EPS for t in targets]))
    else:
        near = np.zeros(len(targets), dtype=bool)
    for t, is_near in zip(targets, near):
        (ok if is_near else bad).append(t.id)
    pinches: list[Pinch] = []
    for n, tid in enumerate(bad):
        t = tmap[tid]
        p = _pinch(free, start, t, width) if n < max_pinches else None
        if p is None:
            pinches.append(Pinch(t.geometry, None, None, (tid,)))
            continue
        same = next((q for q in pinches if q.width == p.width and q.where is not None and p.where is not None
                     and q.where.distance(p.where) < 1e-6), None)
        if same is not None:
            pinches[pinches.index(same)] = Pinch(same.geometry, same.width, same.where, same.blocks + (tid,))
        else:
            pinches.append(p)
    return Reachability(width, start, c_reach, free, tuple(ok), tuple(bad), tuple(pinches), tmap)


def _reach_region(free: BaseGeometry, start: BaseGeometry, width: float) -> BaseGeometry:
    """The part of the centre region at ``width`` connected to ``start``."""
    r = width / 2.0
    comps = parts_near(free, width, start, r + START_TOL)
    return shapely.union_all(np.array(comps, dtype=object)) if comps else Polygon()


def _pinch(free: BaseGeometry, start: BaseGeometry, t: Target, width: float) -> Pinch | None:
    """Where and how narrow the way from ``start`` to ``t`` is (None when there is no way at all)."""
    b = bottleneck(free, start, t.reach, width, tol_a=START_TOL, tol_b=t.tol)
    if b is None:
        return None
    w_lo, w_hi = b, min(width, b + 0.002)
    a = _reach_region(free, start, w_hi)
    lo_region = _reach_region(free, start, max(w_lo, 2 * EPS))
    r_hi = w_hi / 2.0
    # the part beyond the pinch that leads to the target (or the target itself in a narrow niche)
    near_t = [c for c in parts_near(free, w_hi, t.reach, r_hi + t.tol + EPS)
              if c.distance(lo_region) < 1e-6 and (a.is_empty or c.distance(a) > 1e-6)]
    w, where, seg = locate(free, a if not a.is_empty else start, near_t[0] if near_t else t.reach, w_lo, w_hi)
    mid = seg.interpolate(0.5, normalized=True)
    geom = (where.centroid if where is not None else mid).buffer(max(w, 0.3) / 2.0).intersection(free)
    return Pinch(geom, w, where, (t.id,))


# --- targets of a plan ---------------------------------------------------------------------------

TARGET_ZONES = {"waiting": "waiting", "special_population": "special_population", "self_service": "self_service",
                "consultation": "consult"}
TARGET_FACILITIES = {"special_population": "special_population", "accessible_toilet": "accessible_toilet",
                     "self_service_terminal": "self_service"}
SERVICE_ZONES = ("investment", "admin_approval", "public_service", "welfare")
POINT_TOL = 0.3  # m: a facility point counts as reached from this close (beyond half the width)


def plan_targets(plan: Plan, space: Space) -> tuple[Target, ...]:
    """Every place in the plan a visitor must reach: counters' customer sides, consultation desks,
    waiting, self-service and special-population zones, service zones, and the facilities
    (special-population, accessible toilet, self-service terminal)."""
    out: list[Target] = []
    for c in plan.counters:
        side = space.sides.get(c.id)
        if side is not None:
            out.append(Target(c.id, "counter", c.geometry, side.reach or side.face_centre(0.5), 0.05))
    for d in plan.consult_desks:
        tol = 0.05 if d.geometry.geom_type == "Polygon" else POINT_TOL
        out.append(Target(d.id, "consult", d.geometry, d.geometry, tol))
    for z in plan.zones:
        role = TARGET_ZONES.get(z.kind) or ("zone" if z.kind in SERVICE_ZONES else None)
        if role is not None:
            out.append(Target(z.id, role, z.geometry, z.geometry, 0.05))
    for f in plan.facilities:
        role = TARGET_FACILITIES.get(f.kind)
        if role is not None:
            out.append(Target(f.id, role, f.geometry, f.geometry, POINT_TOL))
    return tuple(out)
