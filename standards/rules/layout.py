"""Layout rules: functional zones (ZONES), consultation desk (CONSULT), waiting areas (WAITING),
special-population facilities near the entrance (SPECIAL-ACCESS)."""

from __future__ import annotations

from typing import Iterable

from shapely.ops import unary_union

from geometry.measure import inside_hall
from geometry.model import ZONE_KINDS, Facility, Zone
from standards.finding import Finding, Severity
from standards.registry import RuleContext, rule


@rule("ZONES")
def check_zones(ctx: RuleContext) -> Iterable[Finding]:
    """City/county/park halls are divided into the four service zones (二(一)3): one finding per zone."""
    for kind in ctx.param("required", []):
        zh, en = ZONE_KINDS.get(kind, (kind, kind))
        zones = ctx.plan.zones_of(kind)
        if zones:
            area = sum(z.geometry.area for z in zones)
            yield ctx.ok(f"已设{zh}({area:.0f} m²)", f"{en} present ({area:.0f} m²)", measured=area, unit="m²",
                         required=(zh, en), objects=zones)
        else:
            yield ctx.violation(f"平面中没有{zh}", f"The plan has no {en.lower()}", required=(zh, en), location=ctx.plan.hall)


@rule("CONSULT")
def check_consult(ctx: RuleContext) -> Iterable[Finding]:
    """A consultation desk in the hall (二(一)3).  Visibility from the entrance: CONSULT-VISIBLE."""
    desks = ctx.plan.consult_desks
    required = ("服务大厅内设咨询服务台", "a consultation desk in the hall")
    if not desks:
        yield ctx.violation("平面中没有咨询服务台", "The plan has no consultation desk", required=required, location=ctx.plan.hall)
        return
    inside = [d for d in desks if inside_hall(ctx.plan, d)]
    if ctx.plan.hall is None:
        yield ctx.unknown(["hall"], "已设咨询服务台,但缺少服务大厅边界,无法判断是否在大厅内",
                          "A consultation desk is drawn, but with no hall boundary its place cannot be checked",
                          required=required, objects=desks)
    elif inside:
        yield ctx.ok(f"服务大厅内设有 {len(inside)} 处咨询服务台", f"{len(inside)} consultation desk(s) in the hall",
                     measured=len(inside), required=required, objects=inside)
    else:
        yield ctx.violation("咨询服务台不在服务大厅内", "The consultation desk is outside the hall", required=required, objects=desks)


@rule("WAITING")
def check_waiting(ctx: RuleContext) -> Iterable[Finding]:
    """Waiting areas exist (应) and are large enough (the per-window figure is an assumption → warning)."""
    plan = ctx.plan
    waits = plan.zones_of("waiting")
    per = float(ctx.param("min_m2_per_counter", 3.0))
    if not waits:
        yield ctx.violation("平面中没有服务等候区", "The plan has no waiting area", required=("设置服务等候区", "a waiting area"), location=plan.hall)
        return
    area = float(unary_union([z.geometry for z in waits]).area)
    yield ctx.ok(f"设有 {len(waits)} 处等候区,共 {area:.0f} m²", f"{len(waits)} waiting area(s), {area:.0f} m² in all",
                 measured=area, unit="m²", required=("设置服务等候区", "a waiting area"), objects=waits)
    n = len(plan.counters)
    assumption = (str(ctx.param("assumption_zh", "")), str(ctx.param("assumption_en", "")))
    if n == 0:
        yield ctx.unknown(["counters"], "没有服务窗口,无法判断等候区面积是否满足需求",
                          "No counters: cannot tell whether the waiting area is large enough",
                          severity=Severity.WARNING, objects=waits)
        return
    need = per * n
    required = (f"≥ {need:.0f} m²({assumption[0]})", f"≥ {need:.0f} m² ({assumption[1]})")
    if area + 1e-9 >= need:
        yield ctx.ok(f"等候区 {area:.0f} m² ≥ {need:.0f} m²({n} 个窗口 × {per:g} m²)",
                     f"Waiting area {area:.0f} m² ≥ {need:.0f} m² ({n} windows × {per:g} m²)",
                     measured=area, unit="m²", required=required, objects=waits, severity=Severity.WARNING)
    else:
        yield ctx.violation(f"等候区 {area:.0f} m² 小于 {need:.0f} m²({n} 个窗口 × {per:g} m²,{assumption[0]}),需增加 {need - area:.0f} m²",
                            f"Waiting area {area:.0f} m² is below {need:.0f} m² ({n} windows × {per:g} m²; {assumption[1]}): add {need - area:.0f} m²",
                            measured=area, unit="m²", required=required, objects=waits, severity=Severity.WARNING)


@rule("SPECIAL-ACCESS")
def check_special(ctx: RuleContext) -> Iterable[Finding]:
    """Special-population facilities in the hall close to the entrance (二(一)4)."""
    plan = ctx.plan
    dmax = float(ctx.param("max_distance_m"))
    required = (f"靠近出入口(≤ {dmax:g} m,工程假定)", f"close to an entrance (≤ {dmax:g} m, assumption)")
    items: list[Zone | Facility] = [*plan.zones_of("special_population"), *plan.facilities_of("special_population")]
    if not items:
        yield ctx.violation("平面中没有特殊人群服务设施(特殊人群服务区或设施)",
                            "The plan has no special-population facility (zone or facility)", required=required,
                            location=plan.hall)
        return
    ents = plan.entrances
    if not ents:
        yield ctx.unknown(["entrance"], "缺少出入口,无法判断特殊人群服务设施是否靠近出入口",
                          "No entrance drawn: cannot tell whether the special-population facility is near it",
                          required=required, objects=items)
        return
    ent_geom = unary_union([e.geometry for e in ents])
    best = min(items, key=lambda o: o.geometry.distance(ent_geom))
    d = float(best.geometry.distance(ent_geom))
    if d <= dmax:
        yield ctx.ok(f"特殊人群服务设施距出入口 {d:.1f} m", f"Special-population facility {d:.1f} m from an entrance",
                     measured=d, unit="m", required=required, objects=[best])
    else:
        yield ctx.violation(f"特殊人群服务设施距最近出入口 {d:.1f} m,超过 {dmax:g} m",
                            f"The nearest special-population facility is {d:.1f} m from an entrance, more than {dmax:g} m",
                            measured=d, unit="m", required=required, objects=[best])
