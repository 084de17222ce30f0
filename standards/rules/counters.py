"""Per-counter rules: height (COUNTER-HEIGHT), width/depth (COUNTER-WIDTH), colour (COUNTER-COLOR),
sign (COUNTER-SIGN).  One finding per counter."""

from __future__ import annotations

import functools
from typing import Iterable

from geometry.measure import counter_dimensions
from geometry.model import Counter
from geometry.precision import LENGTH, fmt, steps
from standards.colors import is_dark
from standards.finding import Finding
from standards.naming_objects import object_name, sentence_start
from standards.registry import RuleContext, rule


def _names(ctx: RuleContext) -> dict[str, tuple[str, str]]:
    """Every counter's (Chinese, English) name by id; the English one opens a sentence.  Named once per
    check (the four counter rules name every counter)."""

    def table() -> dict[str, tuple[str, str]]:
        plan = ctx.plan
        return {c.id: (object_name(c, plan, "zh"), sentence_start(object_name(c, plan, "en"))) for c in plan.counters}

    got: dict[str, tuple[str, str]] = ctx.shared("counter-names", table)
    return got


@functools.lru_cache(maxsize=4096)
def cm(v: float, digits: int = 0) -> str:
    """Metres printed as centimetres with the digits that decide (1 mm = 0.1 cm); the few sizes a hall's
    counters come in are printed once."""
    return fmt(v, LENGTH, scale=100, digits=digits)


@functools.lru_cache(maxsize=1024)
def quoted_en(value: str | None) -> str:
    """A user-typed value for English text: " 'walnut'" when it is English, "" when it is Chinese
    (no Chinese in English text; the Chinese message shows it)."""
    from standards.naming_objects import has_cjk

    if value is None or not value.strip() or has_cjk(value):
        return ""
    return f" '{value.strip()}'"


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
    # lo ≤ height ≤ hi to the millimetre (precision.between), the limits in steps once
    lo_s, hi_s = steps(lo, LENGTH), steps(hi, LENGTH)
    names = _names(ctx)
    for c in counters:
        zh, en = names[c.id]
        if c.accessible and ctx.param("skip_accessible", True):
            yield ctx.not_applicable(f"{zh} 为低位无障碍服务台,按无障碍要求检查",
                                     f"{en} is a low accessible counter, checked against the accessibility figures",
                                     objects=[c])
            continue
        if c.height_m is None:
            yield ctx.unknown(["height_m"], f"{zh} 缺少台面高度", f"{en}: counter height missing",
                              required=required, objects=[c])
        elif lo_s <= steps(c.height_m, LENGTH) <= hi_s:
            h = cm(c.height_m)
            yield ctx.ok(f"{zh} 台面高 {h} cm", f"{en}: top at {h} cm",
                         measured=c.height_m, required=required, unit="m", objects=[c])
        else:
            h = cm(c.height_m)
            yield ctx.violation(f"{zh} 台面高 {h} cm,不在 {nominal * 100:.0f} cm 左右",
                                f"{en}: top at {h} cm, not about {nominal * 100:.0f} cm",
                                measured=c.height_m, required=required, unit="m", objects=[c])


@rule("COUNTER-WIDTH")
def check_counter_width(ctx: RuleContext) -> Iterable[Finding]:
    """Counter width (depth front to back) 75–90 cm inclusive, whatever the rotation."""
    lo, hi = float(ctx.param("min_m")), float(ctx.param("max_m"))
    required = f"{lo * 100:.0f}–{hi * 100:.0f} cm"
    counters = ctx.plan.counters
    if not counters:
        yield ctx.unknown(["counters"], "平面中没有服务台", "No counters in the plan", required=required)
        return
    lo_s, hi_s = steps(lo, LENGTH), steps(hi, LENGTH)  # lo ≤ depth ≤ hi to the millimetre (precision.between)
    names = _names(ctx)
    for c in counters:
        zh, en = names[c.id]
        depth, _ = counter_dimensions(c)
        d = cm(depth, 1)
        if lo_s <= steps(depth, LENGTH) <= hi_s:
            yield ctx.ok(f"{zh} 台面宽 {d} cm", f"{en} is {d} cm deep",
                         measured=depth, required=required, unit="m", objects=[c])
        else:
            yield ctx.violation(f"{zh} 台面宽 {d} cm,不在 {required} 范围内",
                                f"{en} is {d} cm deep, outside {required}",
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
    names = _names(ctx)
    for c in counters:
        zh, en = names[c.id]
        dark = is_dark(c.color, max_l)
        shown = quoted_en(c.color)
        if c.color is None or not str(c.color).strip():
            yield ctx.unknown(["color"], f"{zh} 缺少颜色", f"{en}: colour missing", required=required, objects=[c])
        elif dark is None:
            yield ctx.unknown(["color"], f"{zh} 颜色“{c.color}”无法判断深浅,请改用色值(如 #3B2A20)",
                              f"{en}: cannot tell whether the colour{shown} is dark; give a hex value (e.g. #3B2A20)",
                              measured=c.color, required=required, objects=[c])
        elif dark:
            yield ctx.ok(f"{zh} 颜色“{c.color}”,为深色", f"{en}: the colour{shown} is dark",
                         measured=c.color, required=required, objects=[c])
        else:
            yield ctx.violation(f"{zh} 颜色“{c.color}”,不是深色", f"{en}: the colour{shown} is not dark",
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
    names = _names(ctx)
    for c in counters:
        zh, en = names[c.id]
        has_zh = bool(c.sign_zh and c.sign_zh.strip())
        has_en = bool(c.sign_en and c.sign_en.strip())
        if has_zh and (has_en or not bilingual):
            yield ctx.ok(f"{zh} 标识牌:{c.sign_zh}" + (f" / {c.sign_en}" if has_en else ""),
                         f"{en}: " + ("the sign reads " + quoted_en(c.sign_en).strip() if has_en else "the sign is in Chinese"),
                         measured=c.sign_zh, required=required, objects=[c])
            continue
        # None = not stated (unknown); "" = stated as absent (violation)
        unstated = [k for k, v, need in (("sign_zh", c.sign_zh, True), ("sign_en", c.sign_en, bilingual)) if need and v is None]
        lack = [x for x, ok in (("中文", has_zh), ("英文", has_en or not bilingual)) if not ok]
        lack_en = [x for x, ok in (("Chinese", has_zh), ("English", has_en or not bilingual)) if not ok]
        if unstated and len(unstated) == len(lack):
            yield ctx.unknown(unstated, f"{zh} 未注明{'、'.join(lack)}标识牌", f"{en}: {' and '.join(lack_en)} sign not stated",
                              required=required, objects=[c])
        else:
            yield ctx.violation(f"{zh} 缺少{'、'.join(lack)}标识牌", f"{en} has no {' and '.join(lack_en)} sign",
                                measured=c.sign_zh, required=required, objects=[c])
