"""Village 'ten ones' (VILLAGE-TEN, 二(三)4): one finding per item.  Items the plan can show are
read from it; the rest are checklist ticks."""

from __future__ import annotations

from typing import Iterable

from geometry.model import CHECKLIST_ITEMS
from standards.finding import Finding
from standards.registry import RuleContext, rule


@rule("VILLAGE-TEN")
def check_village_ten(ctx: RuleContext) -> Iterable[Finding]:
    plan = ctx.plan
    items: dict[str, str] = ctx.param("items", {})
    for item, shown_by in items.items():
        zh, en = CHECKLIST_ITEMS.get(item, (item, item))
        tick = plan.checklist.get(item)
        if shown_by == "hall" and plan.hall is not None:
            yield ctx.ok(f"{zh}:服务场所 {plan.hall.area:.0f} m²", f"{en}: service room of {plan.hall.area:.0f} m²",
                         required=(zh, en), measured=round(plan.hall.area, 1), location=plan.hall)
            continue
        if shown_by == "signage" and plan.signage.text:
            yield ctx.ok(f"{zh}:{plan.signage.text}", f"{en}: {plan.signage.text}", required=(zh, en), measured=plan.signage.text)
            continue
        if shown_by and shown_by not in ("hall", "signage"):
            found = plan.facilities_of(shown_by)
            if found:
                yield ctx.ok(f"{zh}:平面中 {len(found)} 处", f"{en}: {len(found)} on the plan", required=(zh, en),
                             measured=len(found), objects=found)
                continue
        if tick is True:
            yield ctx.ok(f"已确认:{zh}", f"Confirmed: {en}", required=(zh, en), measured="是")
        elif tick is False:
            yield ctx.violation(f"确认未落实:{zh}", f"Confirmed missing: {en}", required=(zh, en), measured="否")
        else:
            yield ctx.unknown([f"checklist:{item}"], f"“十个一”待确认:{zh}", f"'Ten ones' item to confirm: {en}", required=(zh, en))
