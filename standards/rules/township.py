"""Township service windows (TOWNSHIP-WINDOWS, 二(二)5(4), 一般应 → warning)."""

from __future__ import annotations

from typing import Any, Iterable

from standards.finding import Finding
from standards.naming_objects import english_noun, object_name
from standards.registry import RuleContext, rule


@rule("TOWNSHIP-WINDOWS")
def check_township_windows(ctx: RuleContext) -> Iterable[Finding]:
    """One finding per window the clause names, matched on counters' service names and signs."""
    windows: dict[str, dict[str, Any]] = ctx.param("windows", {})
    counters = ctx.plan.counters
    texts = [(c, " ".join(t for t in (c.service, c.sign_zh or "", c.sign_en or "", c.label) if t).lower()) for c in counters]
    for _key, w in windows.items():
        hits = [c for c, t in texts if any(k.lower() in t for k in w["keywords"])]
        if hits:
            yield ctx.ok(f"已设{w['zh']}窗口", f"{w['en']} window present", required=(w["zh"], w["en"]),
                         measured="、".join(c.service or object_name(c, ctx.plan) for c in hits), objects=hits)
        elif counters and all(not t.strip() for _c, t in texts):
            yield ctx.unknown(["service"], f"服务台未注明窗口名称,无法确认{w['zh']}窗口",
                              f"Counters carry no service names: cannot confirm a {english_noun(w['en'])} window", required=(w["zh"], w["en"]))
        else:
            yield ctx.violation(f"没有{w['zh']}窗口", f"No {english_noun(w['en'])} window", required=(w["zh"], w["en"]), location=ctx.plan.hall)
