"""Name (NAME) and name sign (SIGNAGE) rules, per administrative level."""

from __future__ import annotations

import re
from typing import Any, Iterable

from geometry.model import LEVEL_NAMES
from standards.finding import Finding
from standards.registry import RuleContext, rule

_SONG = ("宋", "song", "simsun", "stsong", "fangsong", "仿宋")
_GOLD = ("金", "gold")
_RED = ("红", "red")
_YELLOW = ("黄", "yellow")
_COPPER = ("铜", "copper", "brass")
_WORDS = {"song": _SONG, "gold": _GOLD, "red": _RED, "yellow": _YELLOW, "copper": _COPPER}
_LABEL = {"song": ("宋体", "Song typeface"), "gold": ("金色", "gold"), "red": ("红色", "red"),
          "yellow": ("黄底", "yellow ground"), "copper": ("铜牌", "copper plaque")}


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
    required = (f"如“{example}”", f"e.g. '{example}'") if example else (patterns[level], patterns[level])
    if not name:
        yield ctx.unknown(["centre_name"], "缺少中心名称", "Centre name missing", required=required)
    elif re.fullmatch(patterns[level], re.sub(r"\s+", "", name)):
        yield ctx.ok(f"名称“{name}”符合规范", f"Name '{name}' follows the standard form", measured=name, required=required)
    else:
        yield ctx.violation(f"名称“{name}”不符合{LEVEL_NAMES[level][0]}规范格式,应如“{example}”",
                            f"Name '{name}' does not follow the standard form for this level, e.g. '{example}'",
                            measured=name, required=required)


def _matches(value: Any, key: str) -> bool | None:
    if value is None or not str(value).strip():
        return None
    v = str(value).lower()
    return any(w in v for w in _WORDS[key])


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
    for field, value, want in checks:
        if not want:
            continue
        req_parts.append(_LABEL[want][0])
        req_en.append(_LABEL[want][1])
        m = _matches(value, want)
        if m is None:
            missing.append(field)
        elif not m:
            problems_zh.append(f"{field} 为“{value}”,应为{_LABEL[want][0]}")
            problems_en.append(f"{field} is '{value}', should be {_LABEL[want][1]}")
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
        yield ctx.unknown(missing, "名称标识牌信息不全,待确认:" + "、".join(missing),
                          "Name sign details missing, to confirm: " + ", ".join(missing), required=required, measured=s.text)
    else:
        yield ctx.ok("名称标识牌符合要求", "Name sign as required", required=required, measured=s.text)
