"""Fixes that place or move things: the consultation desk (CONSULT, CONSULT-VISIBLE), the
special-population area (SPECIAL-ACCESS, SPECIAL-NEAR-ENTRANCE), extinguishers where the floor is
out of reach (EXTINGUISHER-REACH) and missing facilities (FACILITIES)."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from shapely import affinity
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.commands import ReplaceObjects
from geometry.model import FACILITY_KINDS, ConsultDesk, Facility, Plan, PlanObject, Zone, object_title
from standards.engine import Report, check
from standards.finding import Finding, Status
from standards.fixes.base import Candidate, fixer
from standards.fixes.space import free_floor, place_point, place_rects
from standards.naming_objects import object_name

DESK = (1.6, 0.8)  # a consultation desk's footprint, m
PER_ENTRANCE_KINDS = ("cctv", "alarm")
NEAR_ENTRANCE_KINDS = ("queue_machine", "guide_sign", "notice_board", "display_screen", "special_population", "cctv", "alarm",
                       "warning_sign", "notice_sign", "self_service_terminal", "writing_desk", "water_dispenser")


def _entrance(plan: Plan) -> BaseGeometry | None:
    e = plan.main_entrance() or (plan.entrances[0] if plan.entrances else None)
    return None if e is None else e.geometry


def fresh_id(plan: Plan, added: list[Facility]) -> str:
    """A facility id new to the plan and to the ones a fix adds with it."""
    return plan.new_id("facility") if not added else \
        next(f"facility-{n}" for n in range(1, 10**6) if f"facility-{n}" not in plan and all(a.id != f"facility-{n}" for a in added))


def _lower(en: str) -> str:
    """'Toilet' → 'toilet' inside a sentence; 'CCTV camera' stays."""
    return en[0].lower() + en[1:] if en and not en[:2].isupper() else en


@fixer("CONSULT", "CONSULT-VISIBLE")
def fix_consult(report: Report, f: Finding) -> Iterator[Candidate]:
    """Put the desk (or a new low desk) on free floor nearest the main entrance, clear of its doorway:
    the nearest spots first; the re-check proves it is in view and within the walk."""
    plan = report.plan
    ent = _entrance(plan)
    if plan.hall is None or ent is None:
        return
    desks = [o for o in (plan.get(i) for i in f.object_ids) if isinstance(o, ConsultDesk)] or list(plan.consult_desks)
    desk = desks[0] if desks else None
    skip = [desk.id] if desk is not None else []
    w, h = DESK
    if desk is not None and isinstance(desk.geometry, Polygon):
        x0, y0, x1, y1 = desk.geometry.bounds
        w, h = x1 - x0, y1 - y0
    # clear of the doorways by 3 m (people come in there), the nearest spots first
    for r in place_rects(free_floor(plan, clearance=1.2, skip=skip, door_clear=3.0), w, h, near=ent, k=4, min_apart=3.0):
        d = r.distance(ent)
        if desk is None:
            new = ConsultDesk(id=plan.new_id("consult"), geometry=r, height_m=0.78, accessible=True)
            yield Candidate(f"在主入口内 {d:.1f} m 处添加咨询服务台(低位,台面 78 cm)",
                            f"Add a consultation desk (low, top at 78 cm) {d:.1f} m inside the main entrance",
                            ReplaceObjects((), (new,), (), "修复:添加咨询服务台", "Fix: add a consultation desk"))
        else:
            g = desk.geometry
            c = g.centroid
            moved = affinity.translate(g, r.centroid.x - c.x, r.centroid.y - c.y)
            if isinstance(g, Polygon) and abs((g.bounds[2] - g.bounds[0]) - (r.bounds[2] - r.bounds[0])) > 1e-6:
                moved = affinity.rotate(moved, 90, origin="centroid")
            zh, en = object_title(desk)
            yield Candidate(f"将{zh}移到主入口内 {d:.1f} m 处", f"Move the {_lower(en)} to {d:.1f} m inside the main entrance",
                            ReplaceObjects.of(plan, (desk,), (replace(desk, geometry=moved),), f"修复:移动{zh}", f"Fix: move {en}"))


def _inside(zone: Zone, plan: Plan) -> list[PlanObject]:
    return [o for o in plan.facilities if zone.geometry.contains(o.geometry)]


@fixer("SPECIAL-ACCESS", "SPECIAL-NEAR-ENTRANCE")
def fix_special(report: Report, f: Finding) -> Iterator[Candidate]:
    """Move the special-population zone (with what stands in it) or facility beside the main
    entrance; without one, add a special-population facility there."""
    plan = report.plan
    ent = _entrance(plan)
    if plan.hall is None or ent is None:
        return
    items = [o for o in (plan.get(i) for i in f.object_ids) if o is not None] or \
        [*plan.zones_of("special_population"), *plan.facilities_of("special_population")]
    for item in items[:1]:
        group = [item, *(_inside(item, plan) if isinstance(item, Zone) else [])]
        if isinstance(item, Zone):
            x0, y0, x1, y1 = item.geometry.bounds
            spots = place_rects(free_floor(plan, clearance=0.6, skip=[o.id for o in group]), x1 - x0, y1 - y0, near=ent, k=3)
            anchors = [(r.bounds[0] - x0, r.bounds[1] - y0, r) for r in spots]
            anchors = [a for a in anchors if abs((a[2].bounds[2] - a[2].bounds[0]) - (x1 - x0)) < 1e-6]
        else:
            p = place_point(free_floor(plan, clearance=0.6, skip=[item.id]), ent, margin=0.5)
            anchors = [] if p is None else [(p.x - item.geometry.x, p.y - item.geometry.y, p)]
        for dx, dy, spot in anchors:
            new = tuple(o.with_geometry(affinity.translate(o.geometry, dx, dy)) for o in group)
            zh, en = object_title(item)
            d = spot.distance(ent)
            yield Candidate(f"将{zh}移到主入口旁({d:.1f} m)", f"Move the {_lower(en)} beside the main entrance ({d:.1f} m)",
                            ReplaceObjects.of(plan, tuple(group), new, f"修复:移动{zh}", f"Fix: move {en}"))
    if not items:
        p = place_point(free_floor(plan, clearance=0.6), ent, margin=0.5)
        if p is not None:
            zh, en = FACILITY_KINDS["special_population"]
            new_f = Facility(id=plan.new_id("facility"), geometry=p, kind="special_population")
            yield Candidate(f"在主入口旁({p.distance(ent):.1f} m)添加{zh}", f"Add a {_lower(en)} beside the main entrance ({p.distance(ent):.1f} m)",
                            ReplaceObjects((), (new_f,), (), f"修复:添加{zh}", f"Fix: add {en}"))


@fixer("EXTINGUISHER-REACH")
def fix_extinguisher(report: Report, f: Finding) -> Iterator[Candidate]:
    """Add extinguishers where the floor is out of reach: one at the middle of the largest uncovered
    piece (on free floor), again until the rule passes (at most six)."""
    plan = report.plan
    if plan.hall is None:
        return
    added: list[Facility] = []
    uncovered = f.location
    current = plan
    for _ in range(6):
        if uncovered is None or uncovered.is_empty:
            break
        pieces = list(getattr(uncovered, "geoms", [uncovered]))
        piece = max(pieces, key=lambda g: g.area)
        p = place_point(free_floor(current, clearance=0.3), piece.representative_point(), margin=0.2)
        if p is None:
            return
        ext = Facility(id=fresh_id(plan, added), geometry=p, kind="extinguisher")
        added.append(ext)
        current = current.with_object(ext)
        again = [x for x in check(current, packs=report.packs, only=["EXTINGUISHER-REACH"]).findings if x.status == Status.FAIL]
        if not again:
            break
        uncovered = again[0].location
    if added:
        n = len(added)
        yield Candidate(f"在未覆盖区域添加 {n} 具灭火器", f"Add {n} fire extinguisher{'s' if n != 1 else ''} where the floor is out of reach",
                        ReplaceObjects((), tuple(added), (), f"修复:添加 {n} 具灭火器", f"Fix: add {n} extinguisher{'s' if n != 1 else ''}"))


@fixer("FACILITIES")
def fix_facility(report: Report, f: Finding) -> Iterator[Candidate]:
    """Add the missing facility on free floor: by the main entrance for what visitors meet first
    (queue machine, guidance…), against the back of the hall for the rest (toilets, first aid…)."""
    plan = report.plan
    kind = f.extra.get("facility")
    if plan.hall is None or not isinstance(kind, str) or kind not in FACILITY_KINDS:
        return
    ent = _entrance(plan)
    zh, en = FACILITY_KINDS[kind]
    if kind in PER_ENTRANCE_KINDS and plan.entrances:  # a camera and an alarm at every entrance (CCTV-ENTRANCE)
        free = free_floor(plan, clearance=0.3)
        added: list[Facility] = []
        for e in plan.entrances:
            q = place_point(free, e.geometry, margin=0.3)
            if q is None:
                return
            added.append(Facility(id=fresh_id(plan, added), geometry=q, kind=kind))
        n = len(added)
        yield Candidate(f"在每个出入口旁添加{zh}(共 {n} 处)", f"Add a {_lower(en)} beside each entrance ({n} in all)",
                        ReplaceObjects((), tuple(added), (), f"修复:添加{zh}", f"Fix: add {en}"))
        return
    if kind in NEAR_ENTRANCE_KINDS and ent is not None:
        target: BaseGeometry = ent
    else:
        ring = plan.hall.exterior
        far_from = ent if ent is not None else plan.hall.centroid
        target = max((Point(c) for c in ring.coords), key=lambda q: q.distance(far_from))
    p = place_point(free_floor(plan, clearance=0.8), target, margin=0.3)
    if p is None:
        return
    where_zh, where_en = ("主入口旁", "by the main entrance") if target is ent else ("大厅后部", "at the back of the hall")
    new = Facility(id=plan.new_id("facility"), geometry=p, kind=kind)
    yield Candidate(f"在{where_zh}添加{zh}", f"Add a {_lower(en)} {where_en}",
                    ReplaceObjects((), (new,), (), f"修复:添加{zh}", f"Fix: add {en}"))




@fixer("CCTV-ENTRANCE")
def fix_cctv(report: Report, f: Finding) -> Iterator[Candidate]:
    """A camera (or an alarm) inside each entrance the finding names, on free floor within the
    pack's distance."""
    plan = report.plan
    kinds = [k for k in (report.specs[f.rule].params.get("kinds", ["cctv", "alarm"]) if f.rule in report.specs else ["cctv", "alarm"])
             if k in FACILITY_KINDS]
    kind = next((k for k in kinds if FACILITY_KINDS[k][0] in f.message_zh), None)
    entrances = [e for e in (plan.get(i) for i in f.object_ids) if e is not None and e.KIND == "entrance"]
    if kind is None or not entrances or plan.hall is None:
        return
    dmax = float(report.specs[f.rule].params.get("max_distance_m", 8.0)) if f.rule in report.specs else 8.0
    free = free_floor(plan, clearance=0.3)
    added: list[Facility] = []
    for e in entrances:
        p = place_point(free, e.geometry, margin=0.3)
        if p is None or p.distance(e.geometry) > dmax:
            return
        added.append(Facility(id=fresh_id(plan, added), geometry=p, kind=kind))
    zh, en = FACILITY_KINDS[kind]
    n = len(added)
    names_zh = "、".join(object_name(e, plan, "zh") for e in entrances)
    yield Candidate(f"在{names_zh}旁添加{zh}" + (f"(共 {n} 处)" if n > 1 else ""),
                    f"Add a {_lower(en)} beside " + ("the entrance" if n == 1 else f"each of the {n} entrances"),
                    ReplaceObjects((), tuple(added), (), f"修复:添加{zh}", f"Fix: add {en}"))
