"""Fixes that size areas: the waiting area (WAITING), a missing service zone (ZONES), the parking
(PARKING) and its accessible stalls (ACCESSIBLE-PARKING)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Iterator

from shapely.geometry import Polygon, box
from shapely.ops import unary_union

from geometry.commands import ReplaceObjects
from geometry.measure import building_area, parking_area, parking_stalls
from geometry.model import ZONE_KINDS, Plan, Zone, object_title
from standards.engine import Report
from standards.finding import Finding
from standards.fixes.base import Candidate, fixer
from standards.fixes.base import param as _param
from standards.fixes.space import free_floor, grow_along_free_edge, place_rects

SERVICE_KINDS = ("investment", "admin_approval", "public_service", "welfare")


def _round_up(x: float, step: float = 0.5) -> float:
    return math.ceil(x / step - 1e-9) * step


def _shape(area: float, ratio: float = 1.5) -> tuple[float, float]:
    """A rectangle of ``area`` m², ``ratio`` : 1, sides rounded up to 0.5 m."""
    w = _round_up(math.sqrt(area * ratio))
    return w, _round_up(area / w)


def _near_counters(plan: Plan) -> Polygon | None:
    g = unary_union([c.geometry for c in plan.counters]) if plan.counters else None
    return None if g is None else g.centroid.buffer(0.01)


@fixer("WAITING")
def fix_waiting(report: Report, f: Finding) -> Iterator[Candidate]:
    """Too small: enlarge a waiting area by the missing m² along a free edge.  None: add one of the
    size the windows need, in free floor nearest the counters."""
    plan = report.plan
    per = _param(report, f, "min_m2_per_counter", 3.0)
    need = per * max(len(plan.counters), 1)
    waits = sorted(plan.zones_of("waiting"), key=lambda z: z.geometry.area, reverse=True)
    if waits:
        have = float(unary_union([z.geometry for z in waits]).area)
        add = _round_up(max(need - have, 0.0) + 0.05)
        for z in waits:
            if not isinstance(z.geometry, Polygon):
                continue
            free = free_floor(plan, clearance=1.2, skip=[z.id], zone_kinds=("waiting",), facilities=False)
            grown = grow_along_free_edge(z.geometry, add, free)
            if grown is None:
                continue
            zh, en = object_title(z)
            yield Candidate(f"沿空闲边扩大{zh} {add:g} m²(至 {grown.area:.1f} m²)",
                            f"Enlarge the {en[0].lower() + en[1:]} by {add:g} m² along a free edge (to {grown.area:.1f} m²)",
                            ReplaceObjects.of(plan, (z,), (replace(z, geometry=grown),), f"修复:扩大{zh}", f"Fix: enlarge {en}"))
        return
    w, h = _shape(_round_up(need + 0.05))
    spots: list[Polygon] = []
    for avoid in (SERVICE_KINDS + ("special_population", "self_service", "consultation"), ()):  # open floor first
        spots = place_rects(free_floor(plan, clearance=1.2, zone_kinds=avoid, facilities=False), w, h, near=_near_counters(plan), k=3)
        if spots:
            break
    for r in spots:
        z = Zone(id=plan.new_id("zone"), geometry=r, kind="waiting")
        yield Candidate(f"在空闲地面添加 {w:g} × {h:g} m 等候区({w * h:.1f} m²)",
                        f"Add a {w:g} × {h:g} m waiting area ({w * h:.1f} m²) on free floor",
                        ReplaceObjects((), (z,), (), "修复:添加等候区", "Fix: add a waiting area"))


def _zone_kind(f: Finding) -> str | None:
    return next((k for k, (zh, en) in ZONE_KINDS.items() if f.required in (zh, en) or f.required_en == en), None)


@fixer("ZONES")
def fix_zone(report: Report, f: Finding) -> Iterator[Candidate]:
    """A missing service zone: placed on floor no other service zone takes, sized like the others
    (the median), or else carved from the largest service zone's half with fewer counters."""
    plan = report.plan
    kind = _zone_kind(f)
    if kind is None or plan.hall is None:
        return
    zh, en = ZONE_KINDS[kind]
    others = sorted((z for z in plan.zones if z.kind in SERVICE_KINDS), key=lambda z: z.geometry.area)
    area = others[len(others) // 2].geometry.area if others else 60.0
    free = free_floor(plan, clearance=0.0, zone_kinds=SERVICE_KINDS)
    for size in (area, area / 2, 30.0):  # as large as the others, else smaller
        w, h = _shape(size)
        spots = place_rects(free, w, h, k=1)
        for r in spots:
            z = Zone(id=plan.new_id("zone"), geometry=r, kind=kind)
            yield Candidate(f"在空闲地面添加{zh}({w * h:.0f} m²)", f"Add the {en[0].lower() + en[1:]} ({w * h:.0f} m²) on free floor",
                            ReplaceObjects((), (z,), (), f"修复:添加{zh}", f"Fix: add {en}"))
        if spots:
            break
    for big in reversed(others[-2:]):
        g = big.geometry
        x0, y0, x1, y1 = g.bounds
        halves = ((box(x0, y0, (x0 + x1) / 2, y1), box((x0 + x1) / 2, y0, x1, y1)) if x1 - x0 >= y1 - y0
                  else (box(x0, y0, x1, (y0 + y1) / 2), box(x0, (y0 + y1) / 2, x1, y1)))
        parts = [g.intersection(hv) for hv in halves]
        if not all(isinstance(p, Polygon) and not p.is_empty for p in parts):
            continue
        n = [sum(1 for c in plan.counters if p.contains(c.geometry.centroid)) for p in parts]
        keep, give = (parts[0], parts[1]) if n[0] >= n[1] else (parts[1], parts[0])
        z = Zone(id=plan.new_id("zone"), geometry=give, kind=kind)
        bz, be = object_title(big)
        yield Candidate(f"将{bz}的一半({give.area:.0f} m²)划为{zh}", f"Make half of the {be[0].lower() + be[1:]} ({give.area:.0f} m²) the {en[0].lower() + en[1:]}",
                        ReplaceObjects.of(plan, (big,), (replace(big, geometry=keep), z), f"修复:划出{zh}", f"Fix: carve out {en}"))


@fixer("PARKING")
def fix_parking(report: Report, f: Finding) -> Iterator[Candidate]:
    """Parking below the band: the largest lot enlarged along a free edge (off the building and the
    other lots) by the missing m², to the middle of the band."""
    plan = report.plan
    band = f.extra.get("band") or {}
    ba, pa = building_area(plan), parking_area(plan)
    if not ba or pa is None or "min" not in band or f.measured is None:
        return
    lo, hi = float(band["min"]), float(band.get("max", band["min"]))
    if float(f.measured) > hi:
        yield from _shrink_parking(plan, pa - (lo + hi) / 2 * ba, pa - hi * ba)
        return
    if float(f.measured) >= lo:
        return
    lots = sorted(plan.parking, key=lambda p: p.geometry.area, reverse=True)
    site = unary_union([g for g in plan.iter_geometries()]).envelope.buffer(60.0, join_style="mitre")
    for target in ((lo + hi) / 2, lo):
        add = _round_up(target * ba - pa + 0.5, 1.0)
        for lot in lots[:2]:
            if not isinstance(lot.geometry, Polygon):
                continue
            busy = [g for g in (plan.building, plan.hall) if g is not None]
            busy += [o.geometry.buffer(0.5) for o in plan.objects if o.id != lot.id and o.KIND in ("parking", "obstacle")]
            free = site.difference(unary_union(busy)) if busy else site
            grown = grow_along_free_edge(lot.geometry, add, free)
            if grown is None:
                continue
            stalls = None if lot.stalls is None else int(lot.stalls * grown.area / lot.geometry.area)
            acc = lot.accessible_stalls if stalls is None or lot.accessible_stalls is None else min(lot.accessible_stalls, stalls)
            new = replace(lot, geometry=grown, stalls=stalls, accessible_stalls=acc)
            zh, en = object_title(lot)
            yield Candidate(f"沿空闲边扩大{zh} {add:g} m²", f"Enlarge the {en[0].lower() + en[1:]} by {add:g} m² along a free edge",
                            ReplaceObjects.of(plan, (lot,), (new,), f"修复:扩大{zh}", f"Fix: enlarge {en}"))


def _shrink_parking(plan: Plan, *removes: float) -> Iterator[Candidate]:
    """Above the band: a strip taken off the largest lot along its longest edge, to the middle of the
    band, else to its top."""
    import shapely

    lots = sorted(plan.parking, key=lambda p: p.geometry.area, reverse=True)
    for want in removes:
        cut = _round_up(want + 0.5, 1.0)
        for lot in lots[:2]:
            g = lot.geometry
            if not isinstance(g, Polygon) or cut >= g.area * 0.9:
                continue
            coords = list(shapely.geometry.polygon.orient(g, 1.0).exterior.coords)
            edges = sorted(zip(coords, coords[1:]), key=lambda e: -((e[1][0] - e[0][0]) ** 2 + (e[1][1] - e[0][1]) ** 2))
            for (ax, ay), (bx, by) in edges[:2]:
                length = math.hypot(bx - ax, by - ay)
                depth = cut / length
                nx, ny = -(by - ay) / length, (bx - ax) / length  # inward for a counter-clockwise ring
                strip = Polygon([(ax, ay), (bx, by), (bx + nx * depth, by + ny * depth), (ax + nx * depth, ay + ny * depth)])
                if not g.buffer(1e-6).contains(strip):
                    continue
                left = g.difference(strip)
                if not isinstance(left, Polygon) or left.is_empty:
                    continue
                left = left.simplify(0)
                stalls = None if lot.stalls is None else max(0, int(lot.stalls * left.area / g.area))
                acc = lot.accessible_stalls if stalls is None or lot.accessible_stalls is None else min(lot.accessible_stalls, stalls)
                zh, en = object_title(lot)
                yield Candidate(f"将{zh}沿长边缩小 {cut:g} m²", f"Take {cut:g} m² off the {en[0].lower() + en[1:]} along its long side",
                                ReplaceObjects.of(plan, (lot,), (replace(lot, geometry=left, stalls=stalls, accessible_stalls=acc),),
                                                  f"修复:缩小{zh}", f"Fix: reduce {en}"))
                break


@fixer("ACCESSIBLE-PARKING")
def fix_accessible_parking(report: Report, f: Finding) -> Iterator[Candidate]:
    """Mark the missing accessible stalls in the lot with the most stalls."""
    plan = report.plan
    n, a = parking_stalls(plan)
    if n is None or a is None:
        return
    per, least = _param(report, f, "stalls_per_accessible", 100), _param(report, f, "min_accessible", 1)
    need = max(int(least), math.ceil(n / per))
    lots = sorted((p for p in plan.parking if p.stalls), key=lambda p: p.stalls or 0, reverse=True)
    for lot in lots:
        stalls, acc = lot.stalls or 0, lot.accessible_stalls or 0
        add = need - a
        if acc + add > stalls:
            continue
        zh, en = object_title(lot)
        yield Candidate(f"在{zh}增设 {add} 个无障碍车位(共 {acc + add} 个)",
                        f"Mark {add} more accessible stall{'s' if add != 1 else ''} in the {en[0].lower() + en[1:]} ({acc + add} in all)",
                        ReplaceObjects.of(plan, (lot,), (replace(lot, accessible_stalls=acc + add),),
                                          f"修复:{zh}无障碍车位", f"Fix: accessible stalls of {en}"))


