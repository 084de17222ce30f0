"""Layout rules: functional zones (ZONES), consultation desk (CONSULT), waiting areas (WAITING),
special-population facilities near the entrance (SPECIAL-ACCESS)."""

from __future__ import annotations

from typing import Iterable

import numpy as np
import shapely
from shapely.ops import unary_union

from geometry.measure import inside_hall
from geometry.model import ZONE_KINDS, Facility, Plan, Zone
from geometry.precision import AREA, LENGTH, at_least, at_most, difference, fmt
from standards.finding import Finding, Severity
from standards.naming_objects import english_noun, object_name, sentence_start
from standards.registry import RuleContext, rule


@rule("ZONES")
def check_zones(ctx: RuleContext) -> Iterable[Finding]:
    """City/county/park halls are divided into the four service zones (二(一)3): one finding per zone."""
    for kind in ctx.param("required", []):
        zh, en = ZONE_KINDS.get(kind, (kind, kind))
        zones = ctx.plan.zones_of(kind)
        if zones:
            area = sum(z.geometry.area for z in zones)
            yield ctx.ok(f"已设{zh}({fmt(area, AREA)} m²)", f"{en} present ({fmt(area, AREA)} m²)", measured=area, unit="m²",
                         required=(zh, en), objects=zones)
        else:
            yield ctx.violation(f"平面中没有{zh}", f"The plan has no {english_noun(en)}", required=(zh, en), location=ctx.plan.hall)


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
        yield ctx.ok(f"服务大厅内设有 {len(inside)} 处咨询服务台",
                     "1 consultation desk in the hall" if len(inside) == 1 else f"{len(inside)} consultation desks in the hall",
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
    a_txt = fmt(area, AREA)
    yield ctx.ok(f"设有 {len(waits)} 处等候区,共 {a_txt} m²",
                 f"1 waiting area of {a_txt} m²" if len(waits) == 1 else f"{len(waits)} waiting areas, {a_txt} m² in all",
                 measured=area, unit="m²", required=("设置服务等候区", "a waiting area"), objects=waits)
    n = len(plan.counters)
    assumption = (str(ctx.param("assumption_zh", "")), str(ctx.param("assumption_en", "")))
    if n == 0:
        yield ctx.unknown(["counters"], "没有服务窗口,无法判断等候区面积是否满足需求",
                          "No counters: cannot tell whether the waiting area is large enough",
                          severity=Severity.WARNING, objects=waits)
        return
    need = per * n
    n_txt = fmt(need, AREA)
    required = (f"≥ {n_txt} m²({assumption[0]})", f"≥ {n_txt} m² ({assumption[1]})")
    win_en = "1 window" if n == 1 else f"{n} windows"
    if at_least(area, need, AREA):
        yield ctx.ok(f"等候区 {a_txt} m² ≥ {n_txt} m²({n} 个窗口 × {per:g} m²)",
                     f"Waiting area {a_txt} m² ≥ {n_txt} m² ({win_en} × {per:g} m²)",
                     measured=area, unit="m²", required=required, objects=waits, severity=Severity.WARNING)
    else:
        add = fmt(difference(need, area, AREA), AREA)
        yield ctx.violation(f"等候区 {a_txt} m² 小于 {n_txt} m²({n} 个窗口 × {per:g} m²,{assumption[0]}),需增加 {add} m²",
                            f"Waiting area {a_txt} m² is below {n_txt} m² ({win_en} × {per:g} m²; {assumption[1]}): add {add} m²",
                            measured=area, unit="m²", required=required, objects=waits, severity=Severity.WARNING)


def nearest_special(plan: Plan) -> tuple[Zone | Facility, float]:
    """The special-population zone or facility nearest an entrance, and its straight-line distance
    (the plan must have both)."""
    items: list[Zone | Facility] = [*plan.zones_of("special_population"), *plan.facilities_of("special_population")]
    ent_geom = unary_union([e.geometry for e in plan.entrances])
    dists = shapely.distance(np.asarray([o.geometry for o in items], dtype=object), ent_geom).tolist()
    i = min(range(len(items)), key=dists.__getitem__)  # the first nearest, as min(items, key=distance)
    return items[i], float(dists[i])


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
        yield ctx.unknown(["entrances"], "缺少出入口,无法判断特殊人群服务设施是否靠近出入口",
                          "No entrance drawn: cannot tell whether the special-population facility is near it",
                          required=required, objects=items)
        return
    best, d = nearest_special(plan)
    nearest = min(ents, key=lambda e: e.geometry.distance(best.geometry))
    who_zh, who_en = object_name(best, plan, "zh"), object_name(best, plan, "en")
    at_zh, at_en = object_name(nearest, plan, "zh"), object_name(nearest, plan, "en")
    d_txt = fmt(d, LENGTH, digits=1)
    if at_most(d, dmax, LENGTH):
        yield ctx.ok(f"{who_zh} 距{at_zh} {d_txt} m", f"{sentence_start(who_en)} is {d_txt} m from {at_en}",
                     measured=d, unit="m", required=required, objects=[best])
    else:
        yield ctx.violation(f"{who_zh} 距最近的出入口({at_zh}){d_txt} m,超过 {dmax:g} m",
                            f"{sentence_start(who_en)} is {d_txt} m from the nearest entrance ({at_en}), more than {dmax:g} m",
                            measured=d, unit="m", required=required, objects=[best])
