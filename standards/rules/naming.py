"""Name (NAME) and name sign (SIGNAGE) rules, per administrative level."""

from __future__ import annotations

import re
from typing import Any, Iterable

from geometry.model import LEVEL_NAMES
from standards.finding import Finding
from standards.missing_names import missing_names
from standards.naming_objects import has_cjk
from standards.registry import RuleContext, rule
from standards.sign_vocabulary import matches

_LABEL = {"song": ("宋体", "Song"), "gold": ("金色", "gold"), "red": ("红色", "red"),
          "yellow": ("黄色", "yellow"), "copper": ("铜牌", "a copper plaque")}
# what each facet of the sign is called, for people
_FACET = {"typeface": ("字体", "typeface"), "color": ("字的颜色", "lettering colour"),
          "background": ("底色", "ground colour"), "material": ("材质", "material")}


@rule("NAME")
def check_name(ctx: RuleContext) -> Iterable[Finding]:
    """The centre's name follows the level's pattern (二(一)1, 二(二)1, 二(三)1)."""
    name = (ctx.plan.context.centre_name or "").strip()
    level = ctx.level
    patterns: dict[str, str] = ctx.param("patterns", {})
    examples: dict[str, str] = ctx.param("examples", {})
    if level is None or level not in patterns:
        yield ctx.unknown(["level"], "缺少行政级别,无法检查名称", "Administrative level missing: cannot check the name",
                          measured=name or None)
        return
    example = examples.get(level, "")
    required = (f"如“{example}”", "the standard form for this level") if example else (patterns[level], patterns[level])
    if not name:
        yield ctx.unknown(["centre_name"], "缺少中心名称", "Centre name missing", required=required)
    elif re.fullmatch(patterns[level], re.sub(r"\s+", "", name)):
        yield ctx.ok(f"名称“{name}”符合规范", "The centre's name follows the standard form", measured=name, required=required)
    else:
        yield ctx.violation(f"名称“{name}”不符合{LEVEL_NAMES[level][0]}规范格式,应如“{example}”",
                            f"The centre's name does not follow the standard form for {LEVEL_NAMES[level][1]} centres",
                            measured=name, required=required)


@rule("SIGNAGE")
def check_signage(ctx: RuleContext) -> Iterable[Finding]:
    """The name sign outside: typeface, colour, languages, material as the level requires."""
    level = ctx.level
    need: dict[str, Any] | None = ctx.params.get(level) if level else None
    if need is None:
        yield ctx.unknown(["level"], "缺少行政级别,无法检查标识", "Administrative level missing: cannot check the sign")
        return
    s = ctx.plan.signage
    problems_zh: list[str] = []
    problems_en: list[str] = []
    missing: list[str] = []
    req_parts: list[str] = []
    req_en: list[str] = []
    checks = [("typeface", s.typeface, need.get("typeface")), ("color", s.color, need.get("color")),
              ("background", s.background, need.get("background")), ("material", s.material, need.get("material"))]
    unclear_zh: list[str] = []
    unclear_en: list[str] = []
    for facet, value, want in checks:
        if not want:
            continue
        fz, fe = _FACET[facet]
        wz, we = _LABEL[want]
        req_parts.append({"typeface": wz, "color": f"{wz}字", "background": f"{wz[:1]}底"}.get(facet, wz))
        req_en.append({"typeface": f"{we} typeface", "color": f"{we} lettering", "background": f"{we} ground"}.get(facet, we))
        m = matches(facet, value, want)
        shown = f" '{value}'" if value and not has_cjk(str(value)) else ""
        if value is None or not str(value).strip():
            missing.append(facet)
        elif m is None:
            missing.append(facet)
            unclear_zh.append(f"{fz}“{value}”无法判断是否为{wz}")
            unclear_en.append(f"cannot tell whether the {fe}{shown} is {we}")
        elif not m:
            problems_zh.append(f"{fz}为“{value}”,应为{wz}")
            problems_en.append(f"the {fe}{shown} is not {we}")
    langs = need.get("languages", [])
    if langs:
        req_parts.append("中英文" if "en" in langs else "中文")
        req_en.append("Chinese and English" if "en" in langs else "Chinese")
        if not s.languages:
            missing.append("languages")
        else:
            lack = [lg for lg in langs if lg not in s.languages]
            if lack:
                problems_zh.append(f"缺少{'英文' if 'en' in lack else '中文'}")
                problems_en.append(f"no {'English' if 'en' in lack else 'Chinese'} text")
    for flag, zh, en in (("fixed", "固定标注", "fixed"), ("prominent", "显著位置", "in a prominent place")):
        if need.get(flag):
            req_parts.append(zh)
            req_en.append(en)
            v = getattr(s, flag)
            if v is None:
                missing.append(flag)
            elif not v:
                problems_zh.append(f"未{zh}")
                problems_en.append(f"not {en}")
    required = ("、".join(req_parts), ", ".join(req_en))
    if problems_zh:
        yield ctx.violation("名称标识牌:" + ";".join(problems_zh), "Name sign: " + "; ".join(problems_en), required=required,
                            measured=s.text)
    elif missing:
        unread = [k for k in missing if k not in _FACET or not (getattr(s, k) or "").strip()]
        zh = "、".join(unclear_zh + ([f"未注明{missing_names(unread)}"] if unread else []))
        en = "; ".join(unclear_en + ([f"{missing_names(unread, 'en')} not stated"] if unread else []))
        yield ctx.unknown(missing, f"名称标识牌待确认:{zh}", f"Name sign to confirm: {en}", required=required, measured=s.text)
    else:
        yield ctx.ok("名称标识牌符合要求", "Name sign as required", required=required, measured=s.text)
