"""Hall area → achieved grade (AREA), parking ratio (PARKING), hall area per window (WINDOW-DENSITY)."""

from __future__ import annotations

import math
from typing import Any, Iterable

from geometry.measure import building_area, hall_area, parking_area, usable_hall_area
from geometry.model import Plan
from geometry.precision import AREA as AREA_Q
from geometry.precision import RATIO, at_least, at_most, difference, fmt
from standards.finding import Finding, Severity, Status
from standards.registry import RuleContext, rule

GRADE_ZH = {"grade1": "一级", "grade2": "二级", "below": "未达标"}
GRADE_EN = {"grade1": "grade 1", "grade2": "grade 2", "below": "below standard"}


def band_for(params: dict[str, Any], level: str | None) -> dict[str, Any] | None:
    for band in params.get("bands", []):
        if level in band.get("levels", []):
            return band  # type: ignore[no-any-return]
    return None


def population_class(params: dict[str, Any], level: str | None, population: int | None) -> int | None:
    """1 or 2; "以上" includes the number itself (≥).  None when it cannot be told.

    >>> p = {"method": "population_class", "bands": [{"levels": ["county"], "class1_min_population": 500000}]}
    >>> population_class(p, "county", 500000), population_class(p, "county", 499999)
    (1, 2)
    """
    band = band_for(params, level)
    if band is None or population is None or "class1_min_population" not in band:
        return None
    return 1 if population >= band["class1_min_population"] else 2


def thresholds(params: dict[str, Any], plan: Plan, population_cls: int | None) -> tuple[float, float] | None:
    """(grade-1 minimum, grade-2 minimum) in m² for the plan, by the pack's sizing method."""
    level = plan.context.level
    band = band_for(params, level)
    if band is None:
        return None
    method = params.get("method", "population_class")
    if method == "population_class":
        if population_cls is None:
            return None
        b = band[f"class{population_cls}"]
        return (float(b["grade1"]), float(b["grade2"]))
    if method == "flat":
        return (float(band["grade1"]), float(band["grade2"]))
    if method == "windows":
        n = len(plan.counters)
        return (float(band.get("base_m2", 0)) + n * float(band["grade1_m2_per_window"]),
                float(band.get("base_m2", 0)) + n * float(band["grade2_m2_per_window"]))
    raise ValueError(f"unknown sizing method {method!r}")


def grade_of(area: float, t: tuple[float, float]) -> str:
    """The grade an area reaches, compared at 0.01 m² (:mod:`geometry.precision`).

    >>> grade_of(2999.9999999, (3000, 2000)), grade_of(2999.99, (3000, 2000))
    ('grade1', 'grade2')
    """
    return "grade1" if at_least(area, t[0], AREA_Q) else "grade2" if at_least(area, t[1], AREA_Q) else "below"


def compared_area(params: dict[str, Any], plan: Plan) -> float | None:
    """The hall area the pack compares: ``area_basis = "outline"`` (default) or ``"usable"``
    (the outline less its free-standing columns)."""
    basis = params.get("area_basis", "outline")
    if basis == "usable":
        return usable_hall_area(plan)
    if basis != "outline":
        raise ValueError(f"unknown area basis {basis!r}")
    return hall_area(plan)


def achieved_grade(params: dict[str, Any], plan: Plan) -> tuple[str | None, tuple[float, float] | None, list[str]]:
    """(grade, thresholds, missing).  When the population is unknown but both classes give the
    same grade, that grade is certain and is returned."""
    area = compared_area(params, plan)
    missing: list[str] = []
    if area is None:
        missing.append("hall")
    if plan.context.level is None:
        missing.append("level")
    if missing:
        return None, None, missing
    assert area is not None
    method = params.get("method", "population_class")
    if method == "population_class" and plan.context.population is None:
        options = {c: thresholds(params, plan, c) for c in (1, 2)}
        grades = {grade_of(area, t) for t in options.values() if t is not None}
        if len(grades) == 1:
            return grades.pop(), None, []
        return None, None, ["population"]
    t = thresholds(params, plan, population_class(params, plan.context.level, plan.context.population))
    if t is None:
        return None, None, ["level"]
    return grade_of(area, t), t, []


def band_data(params: dict[str, Any], plan: Plan) -> dict[str, float] | None:
    """The plan's grade bands as data (``{"grade1": m², "grade2": m²}``), None when the level, the
    population class or the pack's band is missing.

    >>> from geometry.model import Context
    >>> p = {"method": "flat", "bands": [{"levels": ["county"], "grade1": 300, "grade2": 200}]}
    >>> band_data(p, Plan(context=Context(level="county")))
    {'grade1': 300.0, 'grade2': 200.0}
    """
    try:
        t = thresholds(params, plan, population_class(params, plan.context.level, plan.context.population))
    except (KeyError, ValueError, TypeError):
        return None
    return None if t is None else {"grade1": t[0], "grade2": t[1]}


_MISSING_TEXT = {"hall": ("服务大厅边界", "the service hall boundary"), "level": ("行政级别", "the administrative level"),
                 "population": ("辖区人口", "the jurisdiction population"),
                 "building_area": ("建筑面积", "the building area"), "parking": ("停车场", "the parking area")}


def missing_text(keys: Iterable[str]) -> tuple[str, str]:
    ks = list(keys)
    return ("、".join(_MISSING_TEXT.get(k, ("其他数据", ""))[0] for k in ks),
            " and ".join(_MISSING_TEXT.get(k, ("", "other data"))[1] for k in ks))


@rule("AREA")
def check_area(ctx: RuleContext) -> Iterable[Finding]:
    """Service hall area reaches the target grade's band (二(一)2, 二(二)2, 二(三)2)."""
    plan = ctx.plan
    grade, t, missing = achieved_grade(ctx.params, plan)
    area = compared_area(ctx.params, plan)
    target = plan.context.target_grade or 2
    usable = ctx.params.get("area_basis", "outline") == "usable"
    what_zh, what_en = ("服务大厅可用面积(扣除独立柱)", "Usable hall area (less free-standing columns)") if usable else ("服务大厅面积", "Hall area")
    # the bands travel with the finding: panels, charts and the report's measures read them from here
    data: dict[str, Any] = {"achieved_grade": grade, "bands": band_data(ctx.params, plan), "target_grade": target,
                            "population_class": population_class(ctx.params, plan.context.level, plan.context.population)}
    if grade is None:
        zh, en = missing_text(missing)
        yield ctx.unknown(missing, f"缺少{zh},无法判定服务大厅面积等级", f"Cannot grade the hall area without {en}",
                          measured=area, unit="m²", **data)
        return
    need_key = "grade1" if target == 1 else "grade2"
    ok = grade == "grade1" or (grade == need_key)
    if t is not None:
        required: tuple[str, str] = (f"≥ {t[target - 1]:g} m²({GRADE_ZH[need_key]})", f"≥ {t[target - 1]:g} m² ({GRADE_EN[need_key]})")
        required_num = t[target - 1]
    else:
        required = (GRADE_ZH[need_key], GRADE_EN[need_key])
        required_num = None
    loc = plan.hall
    a_txt = fmt(area, AREA_Q) if area is not None else "—"
    if ok:
        yield ctx.ok(f"{what_zh} {a_txt} m²,达到{GRADE_ZH[grade]}标准", f"{what_en} {a_txt} m² reaches {GRADE_EN[grade]}",
                     measured=area, required=required, unit="m²", location=loc, **data)
    else:
        gap = fmt(difference(required_num, area, AREA_Q), AREA_Q) if required_num is not None and area is not None else None
        short = f",差 {gap} m²" if gap else ""
        short_en = f", {gap} m² short" if gap else ""
        got_zh = "未达到二级标准" if grade == "below" else f"仅达到{GRADE_ZH[grade]}标准"
        got_en = "does not reach grade 2" if grade == "below" else f"reaches only {GRADE_EN[grade]}"
        yield ctx.violation(
            f"{what_zh} {a_txt} m²,{got_zh},未达到目标{GRADE_ZH[need_key]}标准{short}",
            f"{what_en} {a_txt} m² {got_en}, below the target {GRADE_EN[need_key]}{short_en}",
            measured=area, required=required, unit="m²", location=loc, **data)


@rule("PARKING")
def check_parking(ctx: RuleContext) -> Iterable[Finding]:
    """Free parking of 10 %–20 % of the centre's building area (二(一)2)."""
    plan = ctx.plan
    lo, hi = float(ctx.param("min_ratio")), float(ctx.param("max_ratio"))
    lo_txt, hi_txt = f"{fmt(lo, RATIO, scale=100, digits=0)}%", f"{fmt(hi, RATIO, scale=100, digits=0)}%"
    required = f"{lo_txt}–{hi_txt}"
    band: dict[str, Any] = {"band": {"min": lo, "max": hi}}
    ba, pa = building_area(plan), parking_area(plan)
    missing = (["building_area"] if not ba else []) + (["parking"] if pa is None else [])
    if missing:
        zh, en = missing_text(missing)
        yield ctx.unknown(missing, f"缺少{zh},无法计算停车坪比例", f"Cannot compute the parking ratio without {en}",
                          required=required, **band)
        return
    assert ba is not None and pa is not None
    ratio = pa / ba
    if not math.isfinite(ratio):  # a building area of 5e-324 m²: no ratio can be told from it
        zh, en = missing_text(["building_area"])
        yield ctx.unknown(["building_area"], f"缺少{zh},无法计算停车坪比例", f"Cannot compute the parking ratio without {en}",
                          required=required, **band)
        return
    lots = plan.parking
    r_txt, pa_txt = f"{fmt(ratio, RATIO, scale=100)}%", fmt(pa, AREA_Q)
    measured = rounded_ratio(ratio)
    if not at_least(ratio, lo, RATIO):
        add = fmt(max(difference(lo * ba, pa, AREA_Q), AREA_Q.step), AREA_Q)
        yield ctx.violation(f"停车坪 {pa_txt} m²,占建筑面积 {r_txt},低于 {lo_txt},需增加 {add} m²",
                            f"Parking {pa_txt} m² is {r_txt} of the building area, below {lo_txt}: add {add} m²",
                            measured=measured, required=required, unit="ratio", objects=lots, **band)
    elif not at_most(ratio, hi, RATIO):
        over = fmt(max(difference(pa, hi * ba, AREA_Q), AREA_Q.step), AREA_Q)
        yield ctx.finding(Status.WARN, f"停车坪 {pa_txt} m²,占建筑面积 {r_txt},超出 {hi_txt} 上限 {over} m²",
                          f"Parking {pa_txt} m² is {r_txt} of the building area, {over} m² above the {hi_txt} band",
                          measured=measured, required=required, unit="ratio", objects=lots,
                          severity=Severity.WARNING, **band)
    else:
        yield ctx.ok(f"停车坪占建筑面积 {r_txt},在 {required} 范围内", f"Parking is {r_txt} of the building area, within {required}",
                     measured=measured, required=required, unit="ratio", objects=lots, **band)


def rounded_ratio(ratio: float) -> float:
    """A ratio as compared and reported: to 0.01 % (so 0.09999999 is reported as 0.1)."""
    return round(ratio, 4)


@rule("WINDOW-DENSITY")
def check_window_density(ctx: RuleContext) -> Iterable[Finding]:
    """Hall area per service window within a plausible band (GB 50226 §5.4.4 by analogy)."""
    plan = ctx.plan
    area = hall_area(plan)
    n = len(plan.counters)
    lo, hi = float(ctx.param("min_m2_per_window")), float(ctx.param("max_m2_per_window"))
    required = (f"{lo:g}–{hi:g} m²/窗口", f"{lo:g}–{hi:g} m² per window")
    if area is None or n == 0:
        missing = (["hall"] if area is None else []) + (["counters"] if n == 0 else [])
        yield ctx.unknown(missing, "缺少服务大厅或服务窗口,无法计算每窗口面积", "No hall or no counters: cannot compute area per window",
                          required=required)
        return
    per = area / n
    p_txt = fmt(per, AREA_Q)
    if at_least(per, lo, AREA_Q) and at_most(per, hi, AREA_Q):
        yield ctx.ok(f"每窗口 {p_txt} m²", f"{p_txt} m² per window", measured=per, required=required, unit="m²")
    elif at_least(per, lo, AREA_Q) and not ctx.param("warn_above", False):
        yield ctx.ok(f"每窗口 {p_txt} m²,高于 {hi:g} m²,面积宽裕", f"{p_txt} m² per window, above {hi:g} m²: generous",
                     measured=per, required=required, unit="m²")
    else:
        low = not at_least(per, lo, AREA_Q)
        side = "偏少" if low else "偏多"
        side_en = "little" if low else "much"
        yield ctx.violation(f"每窗口 {p_txt} m²,面积{side}(合理范围 {lo:g}–{hi:g} m²)",
                            f"{p_txt} m² per window: too {side_en} hall per window (plausible {lo:g}–{hi:g} m²)",
                            measured=per, required=required, unit="m²", location=plan.hall)
