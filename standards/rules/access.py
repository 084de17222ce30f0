"""Entrances, stairs, escalators and accessible passages (ENTRANCES-STAIRS, 二(一)4).

"合理设置出入口、楼梯、扶梯、残疾人专用通道等基础设施".  What the plan can show is checked: entrances with
the main one marked; on a centre of several floors, stairs (or an escalator) and a lift for wheelchairs
(the lift is the pack's assumption, so its absence is a warning).  Whether the layout is *sensible* is
the checklist item the pack names.  The accessible entrance and route are ACCESSIBLE-ROUTE's.
"""

from __future__ import annotations

from typing import Iterable

from geometry.model import FACILITY_KINDS
from standards.finding import Finding, Severity
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
