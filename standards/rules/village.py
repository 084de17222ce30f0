"""Village rules: the 'ten ones' (VILLAGE-TEN, 二(三)4) and the counter or desk with the office
equipment (VILLAGE-EQUIPMENT, 二(三)3): one finding per item.  Items the plan can show are read from
it (``proof = "plan"``); the rest are checklist ticks (``proof = "tick"``)."""

from __future__ import annotations

from typing import Iterable

from geometry.model import FACILITY_KINDS
from standards.finding import Finding
from standards.registry import RuleContext, rule


def ticked(ctx: RuleContext, item: str, unknown_zh: str, unknown_en: str) -> Finding:
    """The finding for a checklist item the plan does not show: the user's tick decides."""
    zh, en = ctx.checklist_name(item)
    tick = ctx.plan.checklist.get(item)
    if tick is True:
        return ctx.ok(f"已确认:{zh}", f"Confirmed: {en}", required=(zh, en), measured="是", checklist=item, proof="tick")
    if tick is False:
        return ctx.violation(f"确认未落实:{zh}", f"Confirmed missing: {en}", required=(zh, en), measured="否",
                             checklist=item, proof="tick")
    return ctx.unknown([f"checklist:{item}"], unknown_zh, unknown_en, required=(zh, en), checklist=item)


@rule("VILLAGE-TEN")
def check_village_ten(ctx: RuleContext) -> Iterable[Finding]:
    plan = ctx.plan
    items: dict[str, str] = ctx.param("items", {})
    for item, shown_by in items.items():
        zh, en = ctx.checklist_name(item)
        if shown_by == "hall" and plan.hall is not None:
            yield ctx.ok(f"{zh}:服务场所 {plan.hall.area:.0f} m²", f"{en}: service room of {plan.hall.area:.0f} m²",
                         required=(zh, en), measured=round(plan.hall.area, 1), location=plan.hall, checklist=item, proof="plan")
            continue
        if shown_by == "signage" and plan.signage.text:
            yield ctx.ok(f"{zh}:{plan.signage.text}", f"{en}: {plan.signage.text}", required=(zh, en), measured=plan.signage.text,
                         checklist=item, proof="plan")
            continue
        if shown_by and shown_by not in ("hall", "signage"):
            found = plan.facilities_of(shown_by)
            if found:
                yield ctx.ok(f"{zh}:平面中 {len(found)} 处", f"{en}: {len(found)} on the plan", required=(zh, en),
                             measured=len(found), objects=found, checklist=item, proof="plan")
                continue
        yield ticked(ctx, item, f"“十个一”待确认:{zh}", f"'Ten ones' item to confirm: {en}")


@rule("VILLAGE-EQUIPMENT")
def check_village_equipment(ctx: RuleContext) -> Iterable[Finding]:
    """An open counter where conditions allow, else a desk and a filing cabinet; a printer and a fax
    (二(三)3).  The telephone and the computer are 'ten ones' items (VILLAGE-TEN)."""
    plan = ctx.plan
    without: dict[str, str] = ctx.param("without_counter", {})
    always: dict[str, str] = ctx.param("always", {})
    counters = plan.counters
    if counters:
        yield ctx.ok(f"设有开放式服务台({len(counters)} 个)", f"Open counter present ({len(counters)})", measured=len(counters),
                     required=("有条件的设开放式服务台", "an open counter where conditions allow"), objects=counters)
    for item, kind in without.items():
        zh, en = ctx.checklist_name(item)
        if counters:
            yield ctx.not_applicable(f"已设开放式服务台,不另要求{FACILITY_KINDS.get(kind, (zh, en))[0]}",
                                     f"An open counter is drawn: no separate {FACILITY_KINDS.get(kind, (zh, en))[1].lower()} required",
                                     checklist=item)
        else:
            yield from _shown_or_ticked(ctx, item, kind)
    for item, kind in always.items():
        yield from _shown_or_ticked(ctx, item, kind)


def _shown_or_ticked(ctx: RuleContext, item: str, kind: str) -> Iterable[Finding]:
    zh, en = ctx.checklist_name(item)
    name_zh, name_en = FACILITY_KINDS.get(kind, (zh, en))
    found = ctx.plan.facilities_of(kind)
    if found:
        yield ctx.ok(f"{name_zh}:平面中 {len(found)} 处", f"{name_en}: {len(found)} on the plan", required=(zh, en),
                     measured=len(found), objects=found, checklist=item, proof="plan")
    else:
        yield ticked(ctx, item, f"平面中没有{name_zh},待确认是否已配备", f"No {name_en.lower()} on the plan: to confirm whether there is one")
