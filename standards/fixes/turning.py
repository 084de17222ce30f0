"""Fixes of the wheelchair turning space (TURNING-CIRCLE, GB 55019 §3.1.2, §3.6.3).

In front of an accessible counter: furniture standing where the circle would go is moved to the
nearest free floor (the position along the counter's face that needs the fewest moves first, only
furniture: walls, columns, shafts, other counters and desks stay); or the accessible counter is
moved to another counter that has the room in front (the two swap their low/normal role and
their top heights).  At the end of an accessible route: the end is taken to the nearest spot
within a few metres where the circle fits.

Every candidate is proved by the re-check (:func:`standards.fixes.base.verify`): the counter's or
route's finding must pass, and what else newly fails is shown as the cost.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Iterator, Sequence

import shapely
from shapely import affinity
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, unary_union

from geometry.circulation.analysis import Circulation
from geometry.circulation.space import CounterSide
from geometry.circulation.width import centre_region
from geometry.commands import ReplaceObjects
from geometry.model import Counter, Obstacle, Plan, Route, object_title
from geometry.precision import LENGTH, fmt
from standards.engine import Report
from standards.finding import Finding
from standards.fixes.base import Candidate, fixer, names, param
from standards.fixes.space import free_floor, place_point

MOVABLE = frozenset({"furniture"})  # obstacle kinds a fix may move (walls, columns, doors, shafts stay)
CLEARANCE = 0.9  # m: a moved piece keeps this from everything else (GB 55019's 0.90 m passage)
_MARGIN = 0.05  # m: the circle is kept this clear of what stays (the rule's fit has 1 mm slack)
MAX_END_MOVE = 3.0  # m: a route's end is moved at most this far to where a circle fits



def _positions(side: CounterSide, radius: float, reach: float, margin: float, step: float = 0.25) -> list[Point]:
    """Centres of a circle (``radius`` plus ``margin``) just clear of the counter's customer face and
    within ``reach`` of it, the middle of the face first."""
    (x0, y0), (x1, y1) = side.face.coords[0], side.face.coords[-1]
    dx, dy = side.customer_dir
    n = math.hypot(x1 - x0, y1 - y0)
    if n <= 0:
        return []
    lx, ly = (x1 - x0) / n, (y1 - y0) / n
    t = min(radius + margin + 1e-3, radius + reach)  # within reach of the face, the margin off the counter
    offsets = sorted({round(min(max(n / 2 + k * step, 0.0), n), 6) for k in range(-int(n / step) - 1, int(n / step) + 2)},
                     key=lambda s: (abs(s - n / 2), s))
    return [Point(x0 + lx * s + dx * t, y0 + ly * s + dy * t) for s in offsets]


def _moves_for(plan: Plan, circ: Circulation, disc: BaseGeometry) -> list[Obstacle] | None:
    """The furniture to move so that ``disc`` is clear, or None when something that stays is in it."""
    sp = circ.space
    if sp is None or plan.hall is None or not plan.hall.contains(disc):
        return None
    movable = [o for o in plan.obstacles if o.kind in MOVABLE and o.geometry.intersects(disc)]
    staying = [g for g in (*sp.solid_parts, *sp.non_public_parts) if g.intersects(disc)]
    if movable:  # the furniture is among the solid parts too: what is left of them once it is gone
        gone = unary_union([o.geometry.buffer(0.01) for o in movable])
        rest = shapely.difference(unary_union(staying), gone) if staying else None
        if rest is not None and rest.intersection(disc).area > 1e-4:
            return None
    elif staying:
        return None
    return movable


def _moved(plan: Plan, pieces: Sequence[Obstacle], keep_clear: BaseGeometry) -> list[Obstacle] | None:
    """``pieces`` each moved (not turned) to the nearest free floor outside ``keep_clear``; None when one has no room."""
    skip = {o.id for o in pieces}
    free = free_floor(plan, clearance=CLEARANCE, skip=skip).difference(keep_clear.buffer(CLEARANCE))
    out: list[Obstacle] = []
    for o in pieces:
        c = o.geometry.centroid
        radius = max(Point(c.x, c.y).distance(Point(x, y)) for x, y in _coords(o.geometry))
        p = place_point(free, c, margin=radius)
        if p is None:
            return None
        g = affinity.translate(o.geometry, p.x - c.x, p.y - c.y)
        out.append(replace(o, geometry=g))
        free = free.difference(g.buffer(CLEARANCE))
    return out


def _coords(g: BaseGeometry) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in shapely.get_coordinates(g)]


def _counter_candidates(report: Report, f: Finding, circ: Circulation, k: Counter) -> Iterator[Candidate]:
    plan = report.plan
    sp = circ.space
    if sp is None or k.id not in sp.sides:
        return
    dia = param(report, f, "diameter_m", 1.5)
    reach = param(report, f, "reach_m", 0.3)
    r = dia / 2.0
    margin = min(_MARGIN, reach / 2.0)
    kz, ke = names(plan, k)
    seen: set[tuple[str, ...]] = set()
    offered = 0
    for c in _positions(sp.sides[k.id], r, reach, margin):
        if offered >= 2:
            break
        disc = c.buffer(r + margin)
        pieces = _moves_for(plan, circ, disc)
        if not pieces:
            continue
        key = tuple(sorted(o.id for o in pieces))
        if key in seen:
            continue
        seen.add(key)
        moved = _moved(plan, pieces, disc)
        if moved is None:
            continue
        offered += 1
        names_zh = "、".join(names(plan, o)[0] for o in pieces)
        names_en = ", ".join(names(plan, o)[1] for o in pieces)
        yield Candidate(f"将{names_zh}移出{kz}前的轮椅回转空间(Ø{fmt(dia, LENGTH)} m)",
                        f"Move {names_en} out of the {fmt(dia, LENGTH)} m turning space in front of {ke}",
                        ReplaceObjects.of(plan, tuple(pieces), tuple(moved), f"修复:{kz}前回转空间",
                                          f"Fix: turning space in front of {ke}"))
    # the low counter's role moved to a counter with the room in front (nearest the entrance first)
    ent = plan.main_entrance()
    others = [o for o in plan.counters if not o.accessible and o.id != k.id]
    if ent is not None:
        others.sort(key=lambda o: o.geometry.distance(ent.geometry))
    tried = 0
    for o in others:
        if tried >= 2:
            break
        tc = circ.turning_at_counter(o.id, dia, reach)
        if tc is None or not tc.fits:
            continue
        tried += 1
        oz, oe = names(plan, o)
        new_k = replace(k, accessible=False, height_m=o.height_m)
        new_o = replace(o, accessible=True, height_m=k.height_m)
        yield Candidate(f"改以{oz}为低位无障碍服务台(其前方可容纳 Ø{fmt(dia, LENGTH)} m 回转圆),{kz}改为普通服务台(两者台面高互换)",
                        f"Make {oe} the low accessible counter (a {fmt(dia, LENGTH)} m turning circle fits in front of it) "
                        f"and {ke} an ordinary one (their top heights swapped)",
                        ReplaceObjects.of(plan, (k, o), (new_k, new_o), f"修复:低位服务台改设于{oz}",
                                          f"Fix: low counter moved to {oe}"))


def _spot_in_reach(end: Point, centres: BaseGeometry, walkable: BaseGeometry, step: float = 0.1) -> Point | None:
    """The nearest centre of ``centres`` within :data:`MAX_END_MOVE` of ``end`` that a straight line
    over ``walkable`` reaches (the nearest may lie beyond a wall), or None."""
    near = centres.intersection(end.buffer(MAX_END_MOVE))
    if near.is_empty:
        return None
    edge = near.boundary
    at = shapely.line_interpolate_point(edge, [i * step for i in range(int(edge.length / step) + 1)]) \
        if edge.geom_type == "LineString" else shapely.points(shapely.get_coordinates(shapely.segmentize(edge, step)))
    spots = [nearest_points(near, end)[0], *at]
    spots.sort(key=lambda q: q.distance(end))
    for q in spots:
        if walkable.covers(LineString([end, q])):
            return q
    return None


def _route_candidates(report: Report, f: Finding, circ: Circulation, route: Route) -> Iterator[Candidate]:
    plan = report.plan
    sp = circ.space
    if sp is None or plan.hall is None:
        return
    dia = param(report, f, "diameter_m", 1.5)
    within = param(report, f, "end_within_m", 0.5)
    centres = centre_region(sp.public, dia + 2 * _MARGIN)
    if centres.is_empty:
        return
    coords = list(route.geometry.coords)
    zh, en = object_title(route)
    en = en[0].lower() + en[1:]
    walkable = sp.public.buffer(1e-6)
    ends: list[tuple[int, tuple[float, float], float]] = []  # (which end, the spot, how far)
    for i in sorted({0, len(coords) - 1}):
        end = Point(coords[i])
        if not plan.hall.covers(end):
            continue  # the rule does not look at ends outside the hall
        tc = circ.turning_at(end, dia, within)
        if tc is None or tc.fits:
            continue
        spot = _spot_in_reach(end, centres, walkable)
        if spot is None:
            return  # an end with no room near it reachable straight on: nothing offered
        ends.append((i, (round(spot.x, 3), round(spot.y, 3)), spot.distance(end)))
    if not ends:
        return
    new = list(coords)
    for i, xy, _d in sorted(ends, reverse=True):  # the end goes on to the spot (the drawn way kept)
        new.insert(i + 1 if i else 0, xy)
    far = max(d for _i, _xy, d in ends)
    if len(ends) == 2:
        which_zh, which_en = "两端", "both ends"
    else:
        which_zh, which_en = ("起点", "start") if ends[0][0] == 0 else ("终点", "end")
    yield Candidate(f"将{zh}的{which_zh}延至可回转处(延长 {far:.1f} m)",
                    f"Take the {which_en} of the {en} on to where a turning circle fits ({far:.1f} m)",
                    ReplaceObjects.of(plan, (route,), (replace(route, geometry=LineString(new)),),
                                      f"修复:{zh}{which_zh}回转空间", f"Fix: turning space at the {which_en} of the {en}"))


@fixer("TURNING-CIRCLE")
def fix_turning(report: Report, f: Finding) -> Iterator[Candidate]:
    """Candidates for each accessible counter or route the finding names (see the module's text)."""
    plan = report.plan
    if plan.hall is None:
        return
    circ = Circulation(plan)
    for o in (plan.get(i) for i in f.object_ids):
        if isinstance(o, Counter) and o.accessible:
            yield from _counter_candidates(report, f, circ, o)
        elif isinstance(o, Route):
            yield from _route_candidates(report, f, circ, o)
