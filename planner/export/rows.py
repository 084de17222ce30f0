"""What the workbook and the Word draft print: finding rows, key measures, checklist, in words.

One place for both exports, built on the approval PDF's words (``planner.report.text``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geometry.model import LEVEL_NAMES, Plan
from planner.render import STATUS_COLORS
from planner.report.text import GRADE_TEXT, num, w
from standards.engine import Report
from standards.finding import STATUS_TEXT, Finding, Status
from standards.callouts import number_findings
from standards.naming_objects import object_name

FINDING_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("callout", "编号", "No."), ("clause", "条文号", "Clause"), ("rule", "检查项", "Check"), ("code", "规则代码", "Rule code"),
    ("status", "结果", "Status"), ("severity", "性质", "Severity"), ("measured", "实测值", "Measured"),
    ("required", "要求值", "Required"), ("objects", "对象", "Objects"), ("message", "说明", "Finding"),
)
SEVERITY_TEXT = {"error": ("强制(应/须)", "mandatory (shall)"), "warning": ("建议(宜)", "advisory (should)")}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def status_word(st: Status | str, lang: str) -> str:
    return pick(STATUS_TEXT[Status(st)], lang)


def status_color(st: Status | str) -> str:
    """The status colour of the PDF and the editor, as ``#rrggbb``."""
    return STATUS_COLORS[Status(st).value]


def rule_title(report: Report, code: str, lang: str) -> str:
    spec = report.specs.get(code)
    if spec is None:
        return code
    return spec.title_en if lang == "en" else spec.title_zh


def object_names(plan: Plan, ids: tuple[str, ...], lang: str, limit: int = 12, memo: dict[str, str] | None = None) -> str:
    """The objects of a finding as the rule messages name them (服务台 3 号窗口, 主入口), never by id.
    ``memo``: names already made for this plan (a counter appears in several findings)."""
    memo = {} if memo is None else memo
    names = []
    for oid in ids[:limit]:
        if oid not in memo:
            memo[oid] = object_name(oid, plan, lang) if plan.get(oid) is not None else ""
        if memo[oid]:
            names.append(memo[oid])
    if len(ids) > limit:
        names.append(f"… +{len(ids) - limit}")
    return ("、" if lang != "en" else ", ").join(names)


@dataclass(frozen=True)
class Row:
    """One finding in words, plus its status for colouring."""

    status: Status
    cells: tuple[str, ...]  # in the order of FINDING_COLUMNS

    def cell(self, key: str) -> str:
        """The cell of column ``key`` (a FINDING_COLUMNS key)."""
        return self.cells[COLUMN_INDEX[key]]


COLUMN_INDEX = {key: i for i, (key, _zh, _en) in enumerate(FINDING_COLUMNS)}


def callout_numbers(report: Report) -> dict[int, int]:
    """The approval PDF's callout number of each finding it marks (failures, warnings, items to
    confirm), keyed by the finding's identity: the same numbers as the plan sheet, the DXF and the JSON."""
    return {id(c.finding): c.number for c in number_findings(report.findings)}


def finding_row(report: Report, f: Finding, lang: str, memo: dict[str, str] | None = None,
                number: int | None = None) -> Row:
    """``number``: the finding's callout number (blank for passes and not-applicable findings)."""
    message = f.message(lang)  # an unknown's message names what is missing (its field codes are not for readers)
    return Row(f.status, ("" if number is None else str(number), f.clause, rule_title(report, f.rule, lang), f.rule, status_word(f.status, lang),
                          pick(SEVERITY_TEXT.get(f.severity.value, ("", "")), lang), f.measured_text(),
                          f.required_text(lang) or "—", object_names(report.plan, f.object_ids, lang, memo=memo), message))


def finding_rows(report: Report, lang: str) -> list[Row]:
    """Every finding, failures first (not-applicable ones too: a reviewer filters them out)."""
    memo: dict[str, str] = {}
    numbers = callout_numbers(report)
    return [finding_row(report, f, lang, memo, numbers.get(id(f))) for f in report.sorted_findings()]


def grade(key: Any, lang: str) -> str:
    return pick(GRADE_TEXT.get(key, GRADE_TEXT[None]), lang)


def key_measures(report: Report, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs: the centre, the context and the key measures, as on the PDF's cover."""
    c, m, plan = report.context, report.measures, report.plan
    level = c.get("level")
    cls = c.get("population_class")
    ratio = m.get("parking_ratio")
    target = c.get("target_grade") or 2
    return [
        (w("centre", lang), c.get("centre_name") or w("unnamed", lang)),
        (w("level", lang), pick(LEVEL_NAMES[level], lang) if level in LEVEL_NAMES else w("unknown", lang)),
        (w("population", lang), num(c.get("population"), "", lang)),
        (w("pop_class", lang), w("class_n", lang, n=cls) if cls else w("unknown", lang)),
        (w("hall_area", lang), num(m.get("hall_area_m2"), "m²", lang)),
        (w("achieved", lang), grade(m.get("achieved_grade"), lang)),
        (w("target", lang), grade(f"grade{target}", lang)),
        (w("building_area", lang), num(m.get("building_area_m2"), "m²", lang)),
        (w("parking", lang), num(m.get("parking_area_m2"), "m²", lang) + ("" if ratio is None else f" ({ratio:.1%})")),
        (w("counters", lang), str(m.get("counter_count", 0))),
        (w("source_file", lang), str(plan.meta.get("source") or "—")),
    ]


COUNT_ORDER = (Status.FAIL, Status.WARN, Status.UNKNOWN, Status.PASS, Status.NOT_APPLICABLE)


def counts(report: Report, lang: str) -> list[tuple[Status, str, int]]:
    got = report.counts()
    return [(st, status_word(st, lang), got[st.value]) for st in COUNT_ORDER]


def verdict(report: Report, lang: str) -> str:
    got = report.counts()
    return w("verdict_fail" if got["fail"] else "verdict_unknown" if got["unknown"] else "verdict_pass", lang)


def checklist(report: Report, lang: str) -> list[tuple[str, str, str]]:
    """(clause, item, state in words) for the checklist, from the same findings as the PDF's checklist."""
    from planner.report.checklist import checklist_rows

    return [(r.clause, r.label(lang), r.state_text(lang)) for r in checklist_rows(report)]


def reviewer_items(report: Report, lang: str) -> list[tuple[str, str]]:
    """(clause, text) of what the packs ask of the organisation at the plan's level, for the reviewer."""
    return [(r.clause, r.text(lang)) for r in report.reviewer_items()]


__all__ = ["COLUMN_INDEX", "FINDING_COLUMNS", "Row", "callout_numbers", "finding_row", "finding_rows", "key_measures", "counts", "verdict", "checklist",
           "reviewer_items", "status_word", "status_color", "rule_title", "object_names", "pick", "grade"]
