"""Per-counter rules: height (COUNTER-HEIGHT), width/depth (COUNTER-WIDTH), colour (COUNTER-COLOR),
sign (COUNTER-SIGN).  One finding per counter."""

from __future__ import annotations

from typing import Iterable

from geometry.measure import counter_dimensions
from standards.colors import is_dark
from standards.finding import Finding
from standards.registry import RuleContext, rule


def _name(c) -> str:  # type: ignore[no-untyped-def]
    return f"{c.id}" + (f"({c.service})" if c.service else "")


@rule("COUNTER-HEIGHT")
def check_counter_height(ctx: RuleContext) -> Iterable[Finding]:
    """Counter top about 80 cm (宜, 二(一)4 / 二(二)4); tolerance from the pack."""
    nominal, tol = float(ctx.param("nominal_m")), float(ctx.param("tolerance_m"))
    lo, hi = nominal - tol, nominal + tol
    required = (f"{nominal * 100:.0f} cm 左右({lo * 100:.0f}–{hi * 100:.0f} cm)", f"about {nominal * 100:.0f} cm ({lo * 100:.0f}–{hi * 100:.0f} cm)")
    counters = ctx.plan.counters
    if not counters:
        yield ctx.unknown(["counters"], "平面中没有服务台", "No counters in the plan", required=required)
        return
    for c in counters:
        if c.accessible and ctx.param("skip_accessible", True):
            yield ctx.not_applicable(f"{_name(c)} 为低位无障碍服务台,按无障碍要求检查",
                                     f"{_name(c)} is a low accessible counter, checked against the accessibility figures",
                                     objects=[c])
            continue
        if c.height_m is None:
            yield ctx.unknown(["height_m"], f"{_name(c)} 缺少台面高度", f"{_name(c)}: counter height missing",
                              required=required, objects=[c])
        elif lo - 1e-9 <= c.height_m <= hi + 1e-9:
            yield ctx.ok(f"{_name(c)} 台面高 {c.height_m * 100:.0f} cm", f"{_name(c)} top at {c.height_m * 100:.0f} cm",
                         measured=c.height_m, required=required, unit="m", objects=[c])
        else:
            yield ctx.violation(f"{_name(c)} 台面高 {c.height_m * 100:.0f} cm,不在 80 cm 左右",
                                f"{_name(c)} top at {c.height_m * 100:.0f} cm, not about 80 cm",
                                measured=c.height_m, required=required, unit="m", objects=[c])


@rule("COUNTER-WIDTH")
def check_counter_width(ctx: RuleContext) -> Iterable[Finding]:
    """Counter width (depth front to back) 75–90 cm inclusive, whatever the rotation."""
    lo, hi = float(ctx.param("min_m")), float(ctx.param("max_m"))
    eps = float(ctx.param("epsilon_m", 0.0005))
    required = f"{lo * 100:.0f}–{hi * 100:.0f} cm"
    counters = ctx.plan.counters
    if not counters:
        yield ctx.unknown(["counters"], "平面中没有服务台", "No counters in the plan", required=required)
        return
    for c in counters:
        depth, _ = counter_dimensions(c)
        if lo - eps <= depth <= hi + eps:
            yield ctx.ok(f"{_name(c)} 台面宽 {depth * 100:.1f} cm", f"{_name(c)} is {depth * 100:.1f} cm deep",
                         measured=depth, required=required, unit="m", objects=[c])
        else:
            yield ctx.violation(f"{_name(c)} 台面宽 {depth * 100:.1f} cm,不在 {required} 范围内",
                                f"{_name(c)} is {depth * 100:.1f} cm deep, outside {required}",
                                measured=depth, required=required, unit="m", objects=[c])


@rule("COUNTER-COLOR")
def check_counter_color(ctx: RuleContext) -> Iterable[Finding]:
    """Counters are dark (named colour or hex value)."""
    max_l = float(ctx.param("max_luminance", 0.18))
    required = ("深色", "dark")
    counters = ctx.plan.counters
    if not counters:
        yield ctx.unknown(["counters"], "平面中没有服务台", "No counters in the plan", required=required)
        return
    for c in counters:
        dark = is_dark(c.color, max_l)
        if c.color is None or not str(c.color).strip():
            yield ctx.unknown(["color"], f"{_name(c)} 缺少颜色", f"{_name(c)}: colour missing", required=required, objects=[c])
        elif dark is None:
            yield ctx.unknown(["color"], f"{_name(c)} 颜色“{c.color}”无法判断深浅,请改用色值(如 #3B2A20)",
                              f"{_name(c)}: cannot tell whether '{c.color}' is dark; give a hex value (e.g. #3B2A20)",
                              measured=c.color, required=required, objects=[c])
        elif dark:
            yield ctx.ok(f"{_name(c)} 颜色 {c.color},为深色", f"{_name(c)} colour {c.color} is dark",
                         measured=c.color, required=required, objects=[c])
        else:
            yield ctx.violation(f"{_name(c)} 颜色 {c.color},不是深色", f"{_name(c)} colour {c.color} is not dark",
                                measured=c.color, required=required, objects=[c])


@rule("COUNTER-SIGN")
def check_counter_sign(ctx: RuleContext) -> Iterable[Finding]:
    """A sign above each counter: Chinese and English at city/county/park, a window sign at township."""
    bilingual = ctx.level in ctx.param("bilingual_levels", [])
    required = ("中、英文部门标识牌", "Chinese and English department sign") if bilingual else ("窗口标识牌", "window sign")
    counters = ctx.plan.counters
    if not counters:
        yield ctx.unknown(["counters"], "平面中没有服务台", "No counters in the plan", required=required)
        return
    for c in counters:
        has_zh = bool(c.sign_zh and c.sign_zh.strip())
        has_en = bool(c.sign_en and c.sign_en.strip())
        if has_zh and (has_en or not bilingual):
            yield ctx.ok(f"{_name(c)} 标识牌:{c.sign_zh}" + (f" / {c.sign_en}" if has_en else ""),
                         f"{_name(c)} sign: {c.sign_zh}" + (f" / {c.sign_en}" if has_en else ""),
                         measured=c.sign_zh, required=required, objects=[c])
            continue
        # None = not stated (unknown); "" = stated as absent (violation)
        unstated = [k for k, v, need in (("sign_zh", c.sign_zh, True), ("sign_en", c.sign_en, bilingual)) if need and v is None]
        lack = [x for x, ok in (("中文", has_zh), ("英文", has_en or not bilingual)) if not ok]
        lack_en = [x for x, ok in (("Chinese", has_zh), ("English", has_en or not bilingual)) if not ok]
        if unstated and len(unstated) == len(lack):
            yield ctx.unknown(unstated, f"{_name(c)} 未注明{'、'.join(lack)}标识牌", f"{_name(c)}: {' and '.join(lack_en)} sign not stated",
                              required=required, objects=[c])
        else:
            yield ctx.violation(f"{_name(c)} 缺少{'、'.join(lack)}标识牌", f"{_name(c)} has no {' and '.join(lack_en)} sign",
                                measured=c.sign_zh, required=required, objects=[c])
