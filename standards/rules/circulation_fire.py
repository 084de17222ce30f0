"""Fire-reach rules: EXTINGUISHER-REACH (GB 50140) and EXIT-REACH (GB 50016), by walking distance
over the walkable floor (see :mod:`geometry.circulation.fire`).  Registered by
:mod:`standards.rules.circulation`."""

from __future__ import annotations

import itertools
import math
from typing import Iterable

from standards.finding import Finding
from standards.registry import RuleContext, rule
from standards.rules.circulation_common import Walk, circulation, margin_note, metres, walk_verdict
from geometry.precision import AREA, LENGTH, at_least, at_most, fmt


@rule("EXTINGUISHER-REACH")
def check_extinguisher_reach(ctx: RuleContext) -> Iterable[Finding]:
    """Every point of the floor within the pack's walking distance (20 m) of an extinguisher
    (GB 50140-2005 Table 5.2.1, class A, medium hazard)."""
    limit = float(ctx.param("max_walk_m"))
    required = (f"步行 ≤ {limit:g} m", f"walk ≤ {limit:g} m")
    if ctx.plan.hall is None:
        yield ctx.unknown(["hall"], "缺少服务大厅边界,无法检查灭火器保护距离", "No hall boundary: extinguisher reach cannot be checked")
        return
    if not ctx.plan.facilities_of("extinguisher"):
        yield ctx.unknown(["extinguisher"], "平面中没有灭火器位置", "No extinguisher positions drawn", required=required)
        return
    c = circulation(ctx)
    cov = c.cover("extinguisher", limit)
    assert cov is not None
    far = cov.max_distance
    verdict = walk_verdict(far, limit, c.settings.resolution_m, within=cov.covered)
    if verdict == Walk.WITHIN:
        yield ctx.ok(f"大厅任一点距灭火器步行不超过 {metres(cov.max_distance)} m", f"Every point is within {metres(cov.max_distance)} m walk of an extinguisher",
                     measured=cov.max_distance, required=required, unit="m", location=ctx.plan.hall, field=cov.field)
        return
    if verdict == Walk.MARGIN:
        zh, en = margin_note(far, limit)
        yield ctx.unknown(["precision"], f"最远点距灭火器{zh}", f"Farthest point from an extinguisher: {en}", measured=far,
                          required=required, unit="m", location=cov.uncovered, field=cov.field)
        return
    ftxt = f"最远 {metres(far)} m" if math.isfinite(far) else "部分区域与灭火器不连通"
    etxt = f"farthest {metres(far)} m" if math.isfinite(far) else "some floor is cut off from every extinguisher"
    yield ctx.violation(f"{cov.uncovered.area:.1f} m² 地面距灭火器步行超过 {limit:g} m({ftxt})",
                        f"{cov.uncovered.area:.1f} m² of floor is more than {limit:g} m walk from an extinguisher ({etxt})",
                        measured=far if math.isfinite(far) else None, required=required, unit="m", location=cov.uncovered,
                        field=cov.field)


@rule("EXIT-REACH")
def check_exit_reach(ctx: RuleContext) -> Iterable[Finding]:
    """Open hall: any point within 30 m walk of an exit (37.5 m with sprinklers), and at least two
    exits at least 5 m apart (GB 50016 §5.5.17-4, §5.5.2); a hall no larger than the pack's
    single-exit area (120 m², §5.5.15) may have one."""
    plan = ctx.plan
    base, spr = float(ctx.param("max_walk_m")), float(ctx.param("max_walk_sprinklers_m"))
    n_min, sep = int(ctx.param("min_exits")), float(ctx.param("min_separation_m"))
    if plan.hall is None:
        yield ctx.unknown(["hall"], "缺少服务大厅边界,无法检查疏散距离", "No hall boundary: exit distance cannot be checked")
        return
    c = circulation(ctx)
    exits = c.exits
    if not exits:
        yield ctx.unknown(["exit"], "平面中没有安全出口(出入口)", "No exits (entrances) drawn")
        return
    sprinklers = plan.context.sprinklers
    limit = spr if sprinklers else base
    required = (f"步行 ≤ {limit:g} m" + ("(设自动喷水灭火系统)" if sprinklers else ""),
                f"walk ≤ {limit:g} m" + (" (with sprinklers)" if sprinklers else ""))
    cov = c.cover("exit", limit)
    assert cov is not None
    far = cov.max_distance
    res = c.settings.resolution_m
    # without knowing about sprinklers, the margin is judged against the larger (sprinklered) limit
    verdict = walk_verdict(far, limit if sprinklers is not None else spr, res, within=cov.covered)
    if verdict == Walk.WITHIN:
        yield ctx.ok(f"大厅任一点至最近安全出口步行不超过 {metres(far)} m", f"Every point is within {metres(far)} m walk of an exit",
                     measured=far, required=required, unit="m", location=plan.hall, field=cov.field)
    elif sprinklers is not None and verdict == Walk.MARGIN:
        zh, en = margin_note(far, limit)
        yield ctx.unknown(["precision"], f"最远点至安全出口{zh}", f"Farthest point from an exit: {en}", measured=far,
                          required=required, unit="m", location=cov.uncovered, field=cov.field)
    elif sprinklers is None and verdict != Walk.BEYOND:
        yield ctx.unknown(["sprinklers"], f"最远点至安全出口步行 {metres(far)} m:超过无喷淋时的 {base:g} m,有喷淋时限值为 {spr:g} m;"
                          "未注明是否设自动喷水灭火系统", f"The farthest point is {metres(far)} m from an exit: over the {base:g} m allowed "
                          f"without sprinklers; with sprinklers the limit is {spr:g} m, and whether the hall has them is not stated",
                          measured=far, required=required, unit="m", location=cov.uncovered, field=cov.field)
    else:
        ftxt = f"最远 {metres(far)} m" if math.isfinite(far) else "部分区域与出口不连通"
        etxt = f"farthest {metres(far)} m" if math.isfinite(far) else "some floor is cut off from every exit"
        yield ctx.violation(f"{cov.uncovered.area:.1f} m² 地面至安全出口步行超过 {limit:g} m({ftxt})",
                            f"{cov.uncovered.area:.1f} m² of floor is more than {limit:g} m walk from an exit ({etxt})",
                            measured=far if math.isfinite(far) else None, required=required, unit="m",
                            location=cov.uncovered, field=cov.field)
    req2 = (f"≥ {n_min} 个,相距 ≥ {sep:g} m", f"≥ {n_min} exits, ≥ {sep:g} m apart")
    best = max((a.geometry.distance(b.geometry) for a, b in itertools.combinations(exits, 2)), default=0.0)
    small = float(ctx.param("single_exit_max_area_m2", 0.0))
    if len(exits) < n_min and at_most(plan.hall.area, small, AREA):
        yield ctx.ok(f"大厅面积 {fmt(plan.hall.area, AREA)} m² 不大于 {small:g} m²,可只设 {len(exits)} 个疏散门",
                     f"The hall ({fmt(plan.hall.area, AREA)} m²) is no larger than {small:g} m²: one exit door is allowed",
                     measured=len(exits), required=(f"{req2[0]};≤ {small:g} m² 的房间可设 1 个", f"{req2[1]}; 1 exit allowed up to {small:g} m²"), objects=list(exits))
    elif len(exits) >= n_min and at_least(best, sep, LENGTH):
        yield ctx.ok(f"{len(exits)} 个安全出口,最远两出口相距 {metres(best)} m", f"{len(exits)} exits, the farthest two {metres(best)} m apart",
                     measured=best, required=req2, unit="m", objects=list(exits))
    elif len(exits) < n_min:
        yield ctx.violation(f"只有 {len(exits)} 个安全出口,应至少 {n_min} 个", ("Only 1 exit" if len(exits) == 1 else f"Only {len(exits)} exits") + f"; at least {n_min} needed",
                            measured=len(exits), required=req2, objects=list(exits))
    else:
        yield ctx.violation(f"安全出口最远相距 {metres(best)} m,小于 {sep:g} m", f"The exits are at most {metres(best)} m apart, less than {sep:g} m",
                            measured=best, required=req2, unit="m", objects=list(exits))
