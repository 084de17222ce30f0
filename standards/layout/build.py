"""One candidate layout: counters, zones, desk, waiting area and facilities placed in a hall.

Everything is placed in the working frame (:mod:`standards.layout.frame`) with the primitives of
:mod:`geometry.placement` and :mod:`standards.layout.rows`, so the same steps serve any outline: a
rectangle, an L, a hall with a column grid or a curved front.  The result is a plain plan; the
proposer checks it with the engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import shapely
from shapely import affinity
from shapely.geometry import LineString, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from geometry.circulation.space import PASSABLE_OBSTACLES
from geometry.model import ConsultDesk, Counter, Entrance, Facility, Obstacle, Plan, PlanObject, Zone
from geometry.placement import fit_box, largest_box, nearest_inside, shrink
from standards.layout.facilities import place_facilities as _facilities
from standards.layout.frame import Frame, frame_for
from standards.layout.needs import BIG_LEVELS, Needs
from standards.layout.routes import accessible_routes
from standards.layout.rows import APPROACH, ROW_AISLE, STAFF_DEPTH, Slot, scan_rows

ALTERNATIVES = ("back", "island", "L")
ALTERNATIVE_NAMES = {"back": ("服务台沿后墙", "Counters along the back wall"), "island": ("岛式服务台", "Island counters"),
                     "L": ("L 形服务台", "L-shaped counters")}
DARK_COLOUR = "#3B2A20"
ISLAND_FROM_ENTRANCE = 7.5  # m: an island stands behind the consultation desk and the corner areas
CORNER_SLACK = 2.5  # a corner area this far from its place beside the entrance still counts as there
PASSAGE = 1.8  # a way the search opens through the counter rows
ZONE_DEPTH = 6.0  # a service zone reaches this far in front of its counters


@dataclass(frozen=True)
class Params:
    """What the search varies within one alternative."""

    alternative: str = "back"
    desk_y: float = 5.4  # the consultation desk's distance in front of the main entrance
    corner_scale: float = 1.0  # size of the special-population and self-service areas
    extra_extinguishers: tuple[tuple[float, float], ...] = ()  # plan coordinates, added by the search
    passages: tuple[tuple[float, float], ...] = ()  # plan points the counter rows leave a 1.8 m way through
    routes: bool = True  # draw the accessible routes (the search drops them if one fails)
    extras: bool = True  # areas no rule of the level asks for (a township's special-population corner)


@dataclass
class _Site:
    """The hall in the working frame and what is already taken."""

    frame: Frame
    hall: Polygon
    free: BaseGeometry  # floor clear of walls, columns and cores
    lobby: Polygon  # kept clear in front of the main entrance
    doors: BaseGeometry  # kept clear in front of every entrance
    taken: list[BaseGeometry] = field(default_factory=list)  # placed solids with their clearances

    def region(self, grow: float = 0.0, lobby: bool = True) -> BaseGeometry:
        cut = [self.doors] + ([self.lobby] if lobby else []) + [t.buffer(grow) if grow else t for t in self.taken]
        return self.free.difference(shapely.union_all(cut))


# what a proposal keeps of the plan: the outlines and what is built (the rest it lays out anew)
KEPT_KINDS = frozenset({"hall", "building", "entrance", "obstacle", "ramp", "parking"})


def stripped(plan: Plan) -> Plan:
    """The plan with its contents removed: the hall, the building, entrances, obstacles, ramps, parking
    and the context (signage, checklist ticks) stay."""
    return replace(plan, objects=tuple(o for o in plan.objects if o.KIND in KEPT_KINDS))


def main_entrance(plan: Plan) -> Entrance | None:
    ents = sorted(plan.entrances, key=lambda e: (not e.main, not e.accessible, e.id))
    return ents[0] if ents else None


def _site(plan: Plan) -> _Site:
    assert plan.hall is not None
    ent = main_entrance(plan)
    frame = frame_for(plan.hall, ent.geometry if ent else None)
    hall = frame.to_local(plan.hall)
    assert isinstance(hall, Polygon)
    blockers = []
    for o in plan.of_type(Obstacle):
        if o.kind in PASSABLE_OBSTACLES:
            continue
        g = frame.to_local(o.geometry)
        blockers.append(g.buffer(0.3) if g.geom_type == "Point" else g.buffer(0.1) if g.geom_type == "LineString" else g)
    free = hall.difference(shapely.union_all([b.buffer(0.15) for b in blockers])) if blockers else hall
    half = 1.5
    if ent is not None and isinstance(ent.geometry, LineString):
        half = max(1.5, ent.geometry.length / 2 + 1.0)
    lobby = box(-half, -1.0, half, 3.6)
    doors = shapely.union_all([frame.to_local(_door_way(plan.hall, e, e is not ent)) for e in plan.entrances]) \
        if plan.entrances else Polygon()
    return _Site(frame, hall, free, lobby, doors)


EXIT_WAY_M = 8.0  # a way this deep is kept clear inside every other exit, so that rows never wall one off


def _door_way(hall: Polygon, e: Entrance, exit_way: bool) -> BaseGeometry:
    """What stays clear at an entrance: 2 m around it and, for an exit, a 2.4 m wide way into the hall."""
    near = e.geometry.buffer(2.0)
    if not exit_way or not isinstance(e.geometry, LineString):
        return near
    fr = frame_for(hall, e.geometry)
    a = math.radians(fr.angle)
    dx, dy = -math.sin(a) * EXIT_WAY_M, math.cos(a) * EXIT_WAY_M  # the frame's +y: into the hall
    mid = e.geometry.centroid
    way = LineString([(mid.x, mid.y), (mid.x + dx, mid.y + dy)]).buffer(1.2, cap_style="flat")
    return near.union(way)


class _Ids:
    def __init__(self, plan: Plan) -> None:
        self.used = {o.id for o in plan.objects}
        self.n: dict[str, int] = {}

    def __call__(self, prefix: str) -> str:
        while True:
            self.n[prefix] = self.n.get(prefix, 0) + 1
            oid = f"{prefix}-{self.n[prefix]}"
            if oid not in self.used:
                self.used.add(oid)
                return oid


def build(plan: Plan, needs: Needs, params: Params) -> tuple[Plan, list[str]]:
    """The plan with a layout of ``params.alternative`` placed in it, and notes on what did not fit."""
    base = stripped(plan)
    site = _site(base)
    ids = _Ids(base)
    f = site.frame
    out: list[PlanObject] = []
    notes: list[str] = []

    def add(obj: PlanObject) -> PlanObject:
        out.append(obj)
        return obj

    shrunk: dict[int, tuple[BaseGeometry, BaseGeometry]] = {}  # region id → (region, shrunk once)

    def fac(kind: str, at: tuple[float, float], region: BaseGeometry | None = None, label: str = "") -> None:
        reg = region if region is not None and not region.is_empty else site.free
        if id(reg) not in shrunk:
            shrunk[id(reg)] = (reg, shrink(reg, 0.3))
        p = nearest_inside(shrunk[id(reg)][1], at, inset=0.0)
        add(Facility(id=ids(kind.replace("_", "-")), geometry=f.to_world(p), kind=kind, label=label))

    # 1. counters
    for px, py in params.passages:  # a way through the rows, from the front to the back wall, where the search asked
        q = f.to_local(Point(px, py))
        hb = site.hall.bounds
        site.taken.append(box(q.x - PASSAGE / 2, hb[1], q.x + PASSAGE / 2, hb[3]))
    slots = _counters(site, needs, params.alternative)
    site.taken.clear()  # the passages only part the rows: zones and facilities may stand in them
    if len(slots) < needs.counters:
        notes.append(f"counters:{len(slots)}/{needs.counters}")
    counters = _make_counters(slots, needs, f, ids)
    for s in slots:
        site.taken.append(_reserve(s))
    # 2. service zones and the back office
    zone_boxes = _service_zones(site, slots, needs)
    for kind, g in zone_boxes:
        add(Zone(id=ids("zone"), geometry=f.to_world(g), kind=kind))
    for office in _office(site, slots):
        add(Zone(id=ids("zone"), geometry=f.to_world(office), kind="office"))
    out.extend(counters)
    # 3. consultation desk in front of the main entrance
    desk_local: Polygon | None = None
    if needs.consult and needs.counters > 1:
        w, d = (3.0, 0.8) if needs.level != "township" else (2.0, 0.6)
        desk_local = fit_box(site.region(1.0, lobby=True), w, d, (0.0, params.desk_y))
        if desk_local is None:
            notes.append("consult")
        else:
            add(ConsultDesk(id=ids("consult"), geometry=f.to_world(desk_local), height_m=0.75, accessible=True, label="咨询服务台"))
            site.taken.append(desk_local.buffer(ROW_AISLE))
    # 4. special-population and self-service areas beside the entrance
    corners: dict[str, Polygon] = {}
    special = needs.special_zone and (params.extras or needs.level in BIG_LEVELS)
    wanted = [k for k, on in (("special_population", special), ("self_service", needs.self_service)) if on]
    for kind in wanted:
        side = -1.0 if kind == "special_population" else 1.0
        found: list[tuple[float, Polygon]] = []  # (distance from where it belongs, the area), largest size first
        for w, d in ((7.5, 6.0), (6.0, 5.0), (4.5, 4.0), (3.0, 3.0)):
            w, d = w * params.corner_scale, d * params.corner_scale
            target = (side * (site.lobby.bounds[2] + 1.0 + w / 2), 1.0 + d / 2)
            g = fit_box(site.region(ROW_AISLE), w, d, target)
            if g is not None:
                found.append((g.centroid.distance(Point(target)), g))
        if not found:
            notes.append(kind)
            continue
        # beside the entrance if any size fits there, else the nearest to it
        g = next((g for dist, g in found if dist <= CORNER_SLACK), min(found, key=lambda t: (t[0], -t[1].area))[1])
        corners[kind] = g
        add(Zone(id=ids("zone"), geometry=f.to_world(g), kind=kind))
        site.taken.append(g)
    # 5. waiting area from what is left, as near the middle as it fits
    need_area = needs.waiting_m2_per_counter * needs.counters
    hb = site.hall.bounds
    found_wait = largest_box(site.region(ROW_AISLE), cell=0.5, target=(0.0, (hb[1] + hb[3]) / 2))
    if found_wait.is_empty or found_wait.area < need_area:
        notes.append(f"waiting:{0 if found_wait.is_empty else found_wait.area:.0f}/{need_area:.0f}")
    waiting: Polygon | None = None
    if not found_wait.is_empty:
        waiting = _trim(found_wait, max(need_area * 2.0, 12.0))  # twice the minimum, the rest stays open floor
        add(Zone(id=ids("zone"), geometry=f.to_world(waiting), kind="waiting", seats=max(4, 3 * needs.counters)))
    # 6. facilities
    _facilities(site, needs, params, slots, corners, waiting, fac, base)
    out_plan = replace(base, objects=base.objects + tuple(out))
    if params.routes:
        out_plan = replace(out_plan, objects=out_plan.objects + accessible_routes(out_plan, ids))
    return out_plan, notes


def _counters(site: _Site, needs: Needs, alt: str) -> list[Slot]:
    region = site.region()
    n = needs.counters
    hb = site.hall.bounds
    if alt == "island" and n >= 4:
        # clear of the side walls (a way round it) and of the lobby, where the desk and the corner areas go
        inner = region.intersection(box(hb[0] + 3.0, max(hb[1], ISLAND_FROM_ENTRANCE), hb[2] - 3.0, hb[3] - 2.4))
        slots = scan_rows(inner, n, 90.0, island=True, prefer_y=hb[1] + (hb[3] - hb[1]) * 0.55)
        if len(slots) >= n:
            return slots
    if alt == "L" and n >= 4:
        n_back = max(1, math.ceil(n * 0.6))
        if len(needs.zone_groups) > 1:  # whole service zones on each wall: none is split round the corner
            k = max(1, min(len(needs.zone_groups) - 1, round(len(needs.zone_groups) * 0.6)))
            n_back = sum(c for _, c in needs.zone_groups[:k])
        back = scan_rows(region, n_back, 90.0, max_rows=1)
        if back:
            reserved = shapely.union_all([_reserve(s).buffer(ROW_AISLE) for s in back])
            rest = region.difference(reserved).difference(box(hb[0], hb[1], hb[2], hb[1] + 8.0))
            side_wall = 180.0 if abs(hb[0]) >= abs(hb[2]) else 0.0
            side = scan_rows(rest, n - len(back), side_wall, row0=1)
            if len(back) + len(side) >= n:
                return back + side
    return scan_rows(region, n, 90.0)


def _reserve(s: Slot) -> BaseGeometry:
    """A counter with its staff strip behind and its approach in front: kept clear of anything else."""
    rad = math.radians(s.customer_deg)
    dx, dy = math.cos(rad), math.sin(rad)
    fp = s.footprint
    front = affinity.translate(fp, dx * APPROACH * 0.999, dy * APPROACH * 0.999)
    back = affinity.translate(fp, -dx * STAFF_DEPTH, -dy * STAFF_DEPTH)
    return shapely.union_all([fp, front.union(fp).convex_hull, back.union(fp).convex_hull])


def _make_counters(slots: list[Slot], needs: Needs, f: Frame, ids: _Ids) -> list[Counter]:
    if not slots:
        return []
    acc = min(range(len(slots)), key=lambda i: (slots[i].footprint.centroid.distance(Point(0, 0)), i))
    out: list[Counter] = []
    for i, s in enumerate(slots):
        zh, en = needs.services[i] if i < len(needs.services) else needs.services[-1]
        out.append(Counter(id=ids("counter"), geometry=f.to_world(s.footprint), height_m=0.75 if i == acc else 0.80,
                           color=DARK_COLOUR, service=zh, accessible=i == acc, sign_zh=f"{zh}窗口",
                           sign_en=f"{en} Window" if needs.level in ("city", "county", "park") else None,
                           front=f.direction(s.customer_deg)))
    return out


def _cell(s: Slot) -> Polygon:
    """A counter with its staff strip behind and ZONE_DEPTH of floor in front: its share of its zone."""
    rad = math.radians(s.customer_deg)
    dx, dy = math.cos(rad), math.sin(rad)
    reach = affinity.translate(s.footprint, dx * ZONE_DEPTH, dy * ZONE_DEPTH)
    back = affinity.translate(s.footprint, -dx * STAFF_DEPTH, -dy * STAFF_DEPTH)
    g = shapely.union_all([reach, back]).convex_hull
    return g if isinstance(g, Polygon) else s.footprint


def _service_zones(site: _Site, slots: list[Slot], needs: Needs) -> list[tuple[str, Polygon]]:
    """One zone per service zone kind around its counters; zones never overlap, so each counter
    stands in its own group's zone."""
    out: list[tuple[str, Polygon]] = []
    groups: list[tuple[str, list[Slot]]] = []
    k = 0
    for kind, n in needs.zone_groups:
        groups.append((kind, slots[k:k + n]))
        k += n
    cells = {id(s): _cell(s) for s in slots}
    used: list[BaseGeometry] = []
    for gi, (kind, members) in enumerate(groups):
        if not members:
            continue
        others = shapely.union_all([cells[id(s)] for j, (_, ms) in enumerate(groups) if j != gi for s in ms] + used)
        g = shapely.union_all([cells[id(s)] for s in members])
        if not isinstance(g, Polygon):
            g = g.convex_hull.difference(others)
        g = g.intersection(site.hall)
        pieces = [p for p in getattr(g, "geoms", [g]) if isinstance(p, Polygon) and p.area > 0.5]
        if pieces:
            best = max(pieces, key=lambda p: sum(p.covers(s.footprint.centroid) for s in members) * 1e6 + p.area)
            out.append((kind, best))
            used.append(best)
    return out


def _office(site: _Site, slots: list[Slot]) -> list[Polygon]:
    """The staff strips behind the counters, one back-office zone per connected piece."""
    strips = []
    for s in slots:
        rad = math.radians(s.customer_deg)
        back = affinity.translate(s.footprint, -math.cos(rad) * STAFF_DEPTH, -math.sin(rad) * STAFF_DEPTH)
        strips.append(back.difference(s.footprint))
    if not strips:
        return []
    g = shapely.union_all(strips).intersection(site.hall)
    return [p for p in getattr(g, "geoms", [g]) if isinstance(p, Polygon) and p.area > 0.5]


def _trim(b: Polygon, area: float) -> Polygon:
    """The middle part of a rectangle, no larger than ``area`` (same proportions)."""
    if b.area <= area:
        return b
    k = math.sqrt(area / b.area)
    x0, y0, x1, y1 = b.bounds
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * k, (y1 - y0) * k
    return box(round(cx - w / 2, 3), round(cy - h / 2, 3), round(cx + w / 2, 3), round(cy + h / 2, 3))

