"""The report's checklist: each item the standard asks of the plan's level with its state, taken from
the same findings the compliance table prints, so that the two never disagree.

States: ``proven`` (the plan shows it: a telephone drawn, a water dispenser drawn), ``done`` (the user
ticked it as done), ``missing`` (confirmed missing, or not on the plan), ``to_confirm`` (not yet
ticked) and ``not_applicable``.
"""

from __future__ import annotations

from dataclasses import dataclass

from geometry.model import FACILITY_KINDS
from standards.engine import Report
from standards.finding import Finding, Status

STATE_WORDS: dict[str, tuple[str, str]] = {
    "proven": ("√ 平面图已表达", "√ shown on the plan"),
    "done": ("√ 已落实(申报)", "√ done (declared)"),
    "missing": ("× 确认未落实", "× confirmed missing"),
    "not_drawn": ("× 平面图中没有", "× not on the plan"),
    "to_confirm": ("□ 待确认", "□ to confirm"),
    "not_applicable": ("— 不适用", "— not applicable"),
}
# the finding status each state stands for (the compliance table's column)
STATE_STATUS: dict[str, tuple[Status, ...]] = {
    "proven": (Status.PASS,), "done": (Status.PASS,), "missing": (Status.FAIL, Status.WARN),
    "not_drawn": (Status.FAIL, Status.WARN), "to_confirm": (Status.UNKNOWN,), "not_applicable": (Status.NOT_APPLICABLE,),
}


@dataclass(frozen=True)
class ChecklistRow:
    key: str  # checklist item code, or the facility kind
    zh: str
    en: str
    state: str  # a key of STATE_WORDS
    clause: str
    rule: str | None  # the finding's rule code (None: from the tick alone, no rule checked it)

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def state_text(self, lang: str) -> str:
        return STATE_WORDS[self.state][1 if lang == "en" else 0]


def _state(f: Finding) -> str:
    if f.status == Status.PASS:
        return "done" if f.extra.get("proof", "tick") == "tick" and "facility" not in f.extra else "proven"
    if f.status in (Status.FAIL, Status.WARN):
        return "not_drawn" if "facility" in f.extra else "missing"
    if f.status == Status.UNKNOWN:
        return "to_confirm"
    return "not_applicable"


def _tick_state(tick: bool | None) -> str:
    return "to_confirm" if tick is None else "done" if tick else "missing"


def checklist_rows(report: Report) -> list[ChecklistRow]:
    """Checklist items first (in the pack's order), then the facilities the level's clause lists.

    An item no finding speaks for (its rule is not in the packs used) shows the user's tick.
    """
    plan = report.plan
    level = plan.context.level
    by_item: dict[str, Finding] = {}
    facilities: dict[str, Finding] = {}
    for f in report.findings:
        item = f.extra.get("checklist")
        if isinstance(item, str):
            by_item.setdefault(item, f)
        kind = f.extra.get("facility")
        if isinstance(kind, str):
            facilities.setdefault(kind, f)
    rows: list[ChecklistRow] = []
    items = report.checklist_catalogue()  # the items of the packs the plan was checked against
    for k, item in items.items():
        if not (level is None or level in item.levels or k in by_item):
            continue
        zh, en = item.zh, item.en
        said = by_item.get(k)
        if said is None:
            rows.append(ChecklistRow(k, zh, en, _tick_state(plan.checklist.get(k)), item.clause_for(level) or "—", None))
        else:
            rows.append(ChecklistRow(k, zh, en, _state(said), said.clause, said.rule))
    for kind, f in facilities.items():
        zh, en = FACILITY_KINDS.get(kind, (kind, kind))
        rows.append(ChecklistRow(kind, zh, en, _state(f), f.clause, f.rule))
    return rows


__all__ = ["ChecklistRow", "checklist_rows", "STATE_WORDS", "STATE_STATUS"]
