"""Entrances, stairs, escalators and accessible passages (ENTRANCES-STAIRS, 二(一)4).

"合理设置出入口、楼梯、扶梯、残疾人专用通道等基础设施".  What the plan can show is checked: entrances with
the main one marked; on a centre of several floors, stairs (or an escalator) and a lift for wheelchairs
(the lift is the pack's assumption, so its absence is a warning).  Whether the layout is *sensible* is
the checklist item the pack names.  The accessible entrance and route are ACCESSIBLE-ROUTE's.
"""

from __future__ import annotations

from typing import Iterable

import shapely

from geometry.model import FACILITY_KINDS, Ramp
from geometry.precision import LENGTH, RATIO, at_least, at_most, fmt
from standards.finding import Finding, Severity
from standards.naming_objects import object_name, sentence_start
from standards.registry import RuleContext, rule
from standards.rules.facilities import checklist_findings


def _kind_names(kinds: list[str]) -> tuple[str, str]:
    zh = "或".join(FACILITY_KINDS.get(k, (k, k))[0] for k in kinds)
    en = " or ".join(FACILITY_KINDS.get(k, (k, k))[1].lower() for k in kinds)
    return zh, en


@rule("ENTRANCES-STAIRS")
def check_entrances_stairs(ctx: RuleContext) -> Iterable[Finding]:
    """Entrances drawn with a main one; stairs and a lift where the centre has several floors."""
    plan = ctx.plan
    ents = plan.entrances
    req_ent = ("设出入口并标明主入口", "entrances drawn, the main one marked")
    if not ents:
        yield ctx.unknown(["entrance"], "平面中没有出入口", "No entrance drawn", required=req_ent)
    elif plan.main_entrance() is None:
        yield ctx.unknown(["main_entrance"], f"平面中有 {len(ents)} 个出入口,但未标明哪一个是主入口",
                          f"{len(ents)} entrances are drawn, but none is marked as the main one", required=req_ent, objects=ents)
    else:
        yield ctx.ok(f"设有 {len(ents)} 个出入口,已标明主入口", f"{len(ents)} entrance{'s' if len(ents) != 1 else ''} drawn, the main one marked",
                     measured=len(ents), required=req_ent, objects=ents)
    floors = plan.context.floors
    stairs = [str(k) for k in ctx.param("stairs_kinds", ["stairs"])]
    lifts = [str(k) for k in ctx.param("lift_kinds", ["lift"])]
    s_zh, s_en = _kind_names(stairs)
    l_zh, l_en = _kind_names(lifts)
    if floors is None:
        yield ctx.unknown(["floors"], f"未填写楼层数,无法判断是否需要{s_zh}以及{l_zh}",
                          f"Number of floors not given: cannot tell whether {s_en}, and a {l_en}, are needed")
    elif floors <= 1:
        yield ctx.not_applicable(f"单层中心,不需要{s_zh}和{l_zh}", f"Single-storey centre: no {s_en} or {l_en} needed")
    else:
        found = [f for k in stairs for f in plan.facilities_of(k)]
        req = (f"{floors} 层:设{s_zh}", f"{floors} floors: {s_en}")
        if found:
            yield ctx.ok(f"{floors} 层中心,平面中有 {len(found)} 处{s_zh}", f"{floors}-storey centre: {s_en} drawn ({len(found)})",
                         measured=len(found), required=req, objects=found)
        else:
            yield ctx.violation(f"{floors} 层中心,平面中没有{s_zh}", f"{floors}-storey centre, but no {s_en} drawn",
                                measured=0, required=req, location=plan.hall)
        lift_sev = Severity.WARNING if ctx.param("lift_is_assumption", True) else None
        found_l = [f for k in lifts for f in plan.facilities_of(k)]
        req_l = (f"{floors} 层:设{l_zh}供轮椅到达各层(工程假定)", f"{floors} floors: a {l_en} for wheelchairs (assumption)")
        if found_l:
            yield ctx.ok(f"平面中有 {len(found_l)} 部{l_zh}", f"{l_en[:1].upper() + l_en[1:]} drawn ({len(found_l)})", measured=len(found_l),
                         required=req_l, objects=found_l, severity=lift_sev)
        else:
            yield ctx.violation(f"{floors} 层中心,平面中没有{l_zh},轮椅无法到达其他楼层",
                                f"{floors}-storey centre without a {l_en}: wheelchairs cannot reach the other floors",
                                measured=0, required=req_l, location=plan.hall, severity=lift_sev)
    item = ctx.param("checklist")
    if item:
        yield from checklist_findings(ctx, [str(item)])


def ramp_size(ramp: Ramp) -> tuple[float, float]:
    """(clear width, horizontal run) of a ramp: as given, else the short and the long side of its footprint."""
    x, y = shapely.get_coordinates(shapely.minimum_rotated_rectangle(ramp.geometry))[:3].T
    a, b = float(((x[1] - x[0]) ** 2 + (y[1] - y[0]) ** 2) ** 0.5), float(((x[2] - x[1]) ** 2 + (y[2] - y[1]) ** 2) ** 0.5)
    return (ramp.width_m if ramp.width_m is not None else min(a, b)), (ramp.length_m if ramp.length_m is not None else max(a, b))


@rule("RAMP")
def check_ramps(ctx: RuleContext) -> Iterable[Finding]:
    """Each wheelchair ramp: slope at most 1:12 (1:10 for a rise of 0.15 m at most), rise per run at
    most 0.75 m, clear width at least 1.20 m (GB 55019 §2.3.1, §2.3.2; "不应大于/不应小于": error).
    Its rise is not on a floor plan: without it the slope is ``unknown``, never ``pass``."""
    ramps = [r for r in ctx.plan.of_type(Ramp) if r.accessible]
    steep, short_rise, short_steep = float(ctx.param("max_slope", 12)), float(ctx.param("short_rise_m", 0.15)), float(ctx.param("short_slope", 10))
    max_rise, min_w = float(ctx.param("max_rise_m", 0.75)), float(ctx.param("min_width_m", 1.20))
    if not ramps:
        yield ctx.not_applicable("平面中没有轮椅坡道", "No wheelchair ramp drawn")
        return
    for r in ramps:
        width, run = ramp_size(r)
        zh, en = object_name(r, ctx.plan, "zh"), object_name(r, ctx.plan, "en")
        w_txt = fmt(width, LENGTH)
        if not at_least(width, min_w, LENGTH):
            yield ctx.violation(f"{zh}通行净宽 {w_txt} m,小于 {fmt(min_w, LENGTH)} m",
                                f"{sentence_start(en)} is {w_txt} m clear, less than {fmt(min_w, LENGTH)} m",
                                measured=round(width, 3), unit="m", required=(f"≥ {fmt(min_w, LENGTH)} m", f"≥ {fmt(min_w, LENGTH)} m"), objects=[r])
            continue
        if r.rise_m is None:
            yield ctx.unknown(["ramp_rise"], f"{zh}未填写提升高度,无法检查坡度(净宽 {w_txt} m 符合)",
                              f"{sentence_start(en)} has no rise given: its slope cannot be checked (its {w_txt} m width complies)",
                              required=(f"坡度 ≤ 1:{steep:g}", f"slope ≤ 1:{steep:g}"), objects=[r])
            continue
        limit = short_steep if at_most(r.rise_m, short_rise, LENGTH) else steep
        slope = r.rise_m / run
        req = (f"坡度 ≤ 1:{limit:g},每段提升高度 ≤ {fmt(max_rise, LENGTH)} m", f"slope ≤ 1:{limit:g}, rise ≤ {fmt(max_rise, LENGTH)} m per run")
        one_in = f"1:{run / r.rise_m:.1f}" if r.rise_m > 0 else "0"
        if not at_most(r.rise_m, max_rise, LENGTH):
            yield ctx.violation(f"{zh}一段提升 {fmt(r.rise_m, LENGTH)} m,超过 {fmt(max_rise, LENGTH)} m(应设休息平台分段)",
                                f"{sentence_start(en)} climbs {fmt(r.rise_m, LENGTH)} m in one run, more than {fmt(max_rise, LENGTH)} m (a landing is needed)",
                                measured=round(r.rise_m, 3), unit="m", required=req, objects=[r])
        elif not at_most(slope, 1.0 / limit, RATIO):
            yield ctx.violation(f"{zh}坡度 {one_in},陡于 1:{limit:g}", f"{sentence_start(en)} slopes {one_in}, steeper than 1:{limit:g}",
                                measured=one_in, required=req, objects=[r])
        else:
            yield ctx.ok(f"{zh}坡度 {one_in}、提升 {fmt(r.rise_m, LENGTH)} m、净宽 {w_txt} m,符合",
                         f"{sentence_start(en)}: slope {one_in}, rise {fmt(r.rise_m, LENGTH)} m, {w_txt} m clear: complies",
                         measured=one_in, required=req, objects=[r])
