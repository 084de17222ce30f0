"""Facility rules: required point facilities per level (FACILITIES), CCTV and alarms at the
entrances (CCTV-ENTRANCE), and the checklist items a plan cannot show (EQUIPMENT, TRAFFIC-SIGN,
CO-LOCATION): ``unknown`` until the user ticks them, never ``pass`` by default."""

from __future__ import annotations

from typing import Iterable

import numpy as np
import shapely
from shapely.ops import unary_union

from geometry.model import FACILITY_KINDS
from geometry.precision import LENGTH, at_most, fmt
from standards.finding import Finding, Outline
from standards.naming_objects import english_noun, object_name, sentence_start
from standards.registry import RuleContext, rule


def checklist_findings(ctx: RuleContext, items: Iterable[str]) -> Iterable[Finding]:
    """One finding per checklist item: ticked yes → pass, ticked no → violation, unticked → unknown.

    Each finding names its item (``extra["checklist"]``) so that the report's checklist page shows the
    state the findings table gives."""
    for item in items:
        zh, en = ctx.checklist_name(item)
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
            yield ctx.violation(f"平面中没有{zh}", f"The plan has no {english_noun(en)}", measured=0, required=(f"设置{zh}", en),
                                location=ctx.plan.hall, facility=kind)


@rule("CCTV-ENTRANCE")
def check_cctv_entrance(ctx: RuleContext) -> Iterable[Finding]:
    """CCTV and an alarm at every entrance (within the pack's distance)."""
    plan = ctx.plan
    dmax = float(ctx.param("max_distance_m"))
    ents = plan.entrances
    required = f"≤ {dmax:g} m"
    if not ents:
        yield ctx.unknown(["entrances"], "缺少出入口,无法检查出入口监控报警", "No entrance drawn: cannot check CCTV and alarms at it")
        return
    listed = ctx.other_params("FACILITIES").get("required", {}).get(ctx.level or "", [])
    for kind in ctx.param("kinds", ["cctv", "alarm"]):
        zh, en = FACILITY_KINDS[kind]
        en = english_noun(en)
        devices = plan.facilities_of(kind)
        if not devices:
            # one missing device kind is one defect: reported once, by FACILITIES where it lists the kind
            if ctx.applies("FACILITIES") and kind in listed:
                yield ctx.not_applicable(f"平面中没有{zh},已在“{ctx.title('FACILITIES')}”中报告,此处不重复计",
                                         f"The plan has no {en}; reported once under '{ctx.title('FACILITIES', 'en')}'",
                                         required=required, objects=list(ents), related=("FACILITIES",))
            else:
                yield ctx.violation(f"平面中没有{zh},{len(ents)} 个出入口均未设{zh}", f"The plan has no {en}: none at any of the "
                                    + ("1 entrance" if len(ents) == 1 else f"{len(ents)} entrances"),
                                    required=required, objects=list(ents),
                                    location=Outline([e.geometry.buffer(dmax) for e in ents]))
            continue
        geoms = np.asarray([d.geometry for d in devices], dtype=object)
        for e in ents:
            at_zh, at_en = object_name(e, plan, "zh"), object_name(e, plan, "en")
            dists = shapely.distance(geoms, e.geometry).tolist()  # each device's distance, in one call
            dist = min(dists)
            near = [d for d, x in zip(devices, dists) if at_most(x, dmax, LENGTH)]
            d_txt = fmt(dist, LENGTH, digits=1)
            if near:
                yield ctx.ok(f"{at_zh}附近 {d_txt} m 处有{zh}", f"{sentence_start(en)} {d_txt} m from {at_en}",
                             measured=dist, unit="m", required=required, objects=[e, *near])
            else:
                yield ctx.violation(f"{at_zh}附近 {dmax:g} m 内没有{zh}(最近的在 {d_txt} m 外)",
                                    f"No {en} within {dmax:g} m of {at_en} (the nearest is {d_txt} m away)",
                                    measured=dist, unit="m", required=required, objects=[e],
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
