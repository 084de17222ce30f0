"""Facility rules: required point facilities per level (FACILITIES), CCTV and alarms at the
entrances (CCTV-ENTRANCE), and the checklist items a plan cannot show (EQUIPMENT, TRAFFIC-SIGN,
CO-LOCATION): ``unknown`` until the user ticks them, never ``pass`` by default."""

from __future__ import annotations

from typing import Iterable

from shapely.ops import unary_union

from geometry.model import CHECKLIST_ITEMS, FACILITY_KINDS
from standards.finding import Finding
from standards.registry import RuleContext, rule


def checklist_findings(ctx: RuleContext, items: Iterable[str]) -> Iterable[Finding]:
    """One finding per checklist item: ticked yes → pass, ticked no → violation, unticked → unknown.

    Each finding names its item (``extra["checklist"]``) so that the report's checklist page shows the
    state the findings table gives."""
    for item in items:
        zh, en = CHECKLIST_ITEMS.get(item, (item, item))
        tick = ctx.plan.checklist.get(item)
        if tick is None:
            yield ctx.unknown([f"checklist:{item}"], f"核对项待确认:{zh}", f"Checklist item to confirm: {en}", required=(zh, en),
                              checklist=item)
        elif tick:
            yield ctx.ok(f"已确认:{zh}", f"Confirmed: {en}", required=(zh, en), measured="是", checklist=item)
        else:
            yield ctx.violation(f"确认未落实:{zh}", f"Confirmed missing: {en}", required=(zh, en), measured="否", checklist=item)


@rule("FACILITIES")
def check_facilities(ctx: RuleContext) -> Iterable[Finding]:
    """Each facility the level's clause lists is on the plan: one finding per kind."""
    required: dict[str, list[str]] = ctx.param("required", {})
    kinds = required.get(ctx.level or "", [])
    for kind in kinds:
        zh, en = FACILITY_KINDS.get(kind, (kind, kind))
        found = ctx.plan.facilities_of(kind)
        if found:
            yield ctx.ok(f"{zh}:{len(found)} 处", f"{en}: {len(found)}", measured=len(found), required=(f"设置{zh}", en),
                         objects=found, facility=kind)
        else:
            yield ctx.violation(f"平面中没有{zh}", f"The plan has no {en.lower()}", measured=0, required=(f"设置{zh}", en),
                                location=ctx.plan.hall, facility=kind)


@rule("CCTV-ENTRANCE")
def check_cctv_entrance(ctx: RuleContext) -> Iterable[Finding]:
    """CCTV and an alarm at every entrance (within the pack's distance)."""
    plan = ctx.plan
    dmax = float(ctx.param("max_distance_m"))
    ents = plan.entrances
    if not ents:
        yield ctx.unknown(["entrance"], "缺少出入口,无法检查出入口监控报警", "No entrance drawn: cannot check CCTV and alarms at it")
        return
    for kind in ctx.param("kinds", ["cctv", "alarm"]):
        zh, en = FACILITY_KINDS[kind]
        devices = plan.facilities_of(kind)
        for e in ents:
            near = [d for d in devices if d.geometry.distance(e.geometry) <= dmax]
            label = e.label or e.id
            if near:
                dist = min(d.geometry.distance(e.geometry) for d in near)
                yield ctx.ok(f"出入口 {label} 附近 {dist:.1f} m 有{zh}", f"{en} {dist:.1f} m from entrance {label}",
                             measured=dist, unit="m", required=f"≤ {dmax:g} m", objects=[e, *near])
            else:
                dist = min((d.geometry.distance(e.geometry) for d in devices), default=None)
                yield ctx.violation(f"出入口 {label} 附近 {dmax:g} m 内没有{zh}", f"No {en.lower()} within {dmax:g} m of entrance {label}",
                                    measured=dist, unit="m", required=f"≤ {dmax:g} m", objects=[e],
                                    location=unary_union([e.geometry.buffer(dmax)]))


@rule("EQUIPMENT")
def check_equipment(ctx: RuleContext) -> Iterable[Finding]:
    """Office and IT equipment and the network (checklist)."""
    yield from checklist_findings(ctx, ctx.param("checklist", []))


@rule("TRAFFIC-SIGN")
def check_traffic_sign(ctx: RuleContext) -> Iterable[Finding]:
    """Traffic direction signs at the main junctions (checklist)."""
    yield from checklist_findings(ctx, [ctx.param("checklist", "traffic_signs")])


@rule("SITE")
def check_site(ctx: RuleContext) -> Iterable[Finding]:
    """The centre's site follows the town plan: easy to reach, pleasant, where people go (checklist)."""
    yield from checklist_findings(ctx, [ctx.param("checklist", "site_location")])


@rule("CO-LOCATION")
def check_co_location(ctx: RuleContext) -> Iterable[Finding]:
    """Township centre / village station on the government's / committee's site (checklist)."""
    yield from checklist_findings(ctx, [ctx.param("checklist", "co_location")])
