"""The check engine: run every rule of the enabled packs over a plan and collect a report.

>>> from shapely.geometry import box
>>> from geometry.model import Plan, Context
>>> r = check(Plan(context=Context(level="county", population=500000), hall=box(0, 0, 60, 50)))
>>> r.measures["achieved_grade"], r.context["population_class"]
('grade1', 1)
"""

from __future__ import annotations

import dataclasses
import math
import traceback
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from geometry.measure import (building_area, centroid_xy, columns_area, counter_dimensions, hall_area, hall_columns,
                              parking_area)
from geometry.model import LEVEL_NAMES, Plan
from standards import rules as _rules  # noqa: F401  (registers the rules)
from standards.capacity import capacity
from standards.finding import STATUS_ORDER, Finding, Severity, Status
from standards.packs import DEFAULT_PACKS, ChecklistItem, Pack, PackError, ReviewerItem, checklist_catalogue, load_pack
from standards.registry import RULES, RuleContext, RuleSpec
from standards.rules.circulation_common import PER_PART_RULES, part_contexts

SCHEMA = "hallplan.report/1"

def _all_reviewer_items() -> tuple[tuple[str, str, str], ...]:
    items = [r for name in DEFAULT_PACKS for r in load_pack(name).reviewer_items]
    return tuple((r.clause, r.zh, r.en) for r in items)


# Every reviewer item of the default packs as (clause, zh, en), whatever the level: kept for callers
# written before the items moved into the pack.  A report lists its level's own: Report.reviewer_items().
REVIEWER_ITEMS: tuple[tuple[str, str, str], ...] = _all_reviewer_items()


@dataclass
class Report:
    plan: Plan
    packs: list[Pack]
    context: dict[str, Any]
    measures: dict[str, Any]
    findings: list[Finding]
    specs: dict[str, RuleSpec] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Status}
        for f in self.findings:
            out[f.status.value] += 1
        return out

    @property
    def failed(self) -> bool:
        return any(f.status == Status.FAIL for f in self.findings)

    def sorted_findings(self) -> list[Finding]:
        """Failures first, then warnings, unknowns, passes, not-applicable; stable within each."""
        return sorted(self.findings, key=lambda f: STATUS_ORDER[f.status])

    def reviewer_items(self) -> list[ReviewerItem]:
        """What the packs ask of the organisation at the plan's level (服务要求, 工作要求): listed for the
        reviewer, never checked.  Each item carries that level's own clause."""
        seen: set[tuple[str, str]] = set()
        out: list[ReviewerItem] = []
        for p in self.packs:
            for item in p.reviewer_items_for(self.plan.context.level):
                if (item.clause, item.zh) not in seen:
                    seen.add((item.clause, item.zh))
                    out.append(item)
        return out

    def checklist_catalogue(self) -> dict[str, ChecklistItem]:
        """Every checklist item of the run's packs by code; packs that define none (national figures
        alone) give the built-in items, so the user's ticks (kept by item code) still show."""
        return checklist_catalogue(self.packs) or checklist_catalogue()

    def checklist_items(self) -> list[ChecklistItem]:
        """The checklist items the packs ask at the plan's level (all of them when the level is unknown)."""
        level = self.plan.context.level
        return [i for i in self.checklist_catalogue().values() if level is None or level in i.levels]

    def _findings_json(self) -> list[dict[str, Any]]:
        """Each finding's record, with its callout number where the PDF and the DXF mark it (the same
        numbers: :func:`standards.callouts.number_findings`)."""
        from standards.callouts import number_findings

        numbers = {id(c.finding): c.number for c in number_findings(self.findings)}
        out = []
        for f in self.findings:
            rec = f.to_json()
            if id(f) in numbers:
                rec["callout"] = numbers[id(f)]
            out.append(rec)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "context": self.context,
            "measures": self.measures,
            "packs": [{"id": p.id, "edition": p.edition, "title": {"zh": p.title_zh, "en": p.title_en}} for p in self.packs],
            "counts": self.counts(),
            "findings": self._findings_json(),
            "reviewer_items": [{"clause": r.clause, "text": {"zh": r.zh, "en": r.en}} for r in self.reviewer_items()],
        }


def resolve_packs(packs: Sequence[str | Pack] | None) -> list[Pack]:
    return [p if isinstance(p, Pack) else load_pack(p) for p in (packs or DEFAULT_PACKS)]


def finding_data(findings: Iterable[Finding], rule: str, key: str) -> Any:
    """A value a rule put in its finding's data (the AREA bands, the PARKING band…), None if absent."""
    return next((f.extra[key] for f in findings if f.rule == rule and key in f.extra), None)


def compute_measures(plan: Plan, findings: Sequence[Finding]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report's context and key measures; the grade, bands and population class are the AREA and
    PARKING rules' own (read from their findings' data, never worked out a second time here)."""
    ctx = plan.context
    pop_cls = finding_data(findings, "AREA", "population_class")
    grade = finding_data(findings, "AREA", "achieved_grade")
    ha, ba, pa = hall_area(plan), building_area(plan), parking_area(plan)
    counters = []
    for c in plan.counters:
        depth, length = counter_dimensions(c)
        x, y = centroid_xy(c.geometry)
        counters.append({"id": c.id, "centroid": [round(x, 4), round(y, 4)], "width_m": round(depth, 4),
                         "length_m": round(length, 4), "height_m": c.height_m})
    rooms = [{"id": r.id, "name": r.label, "area_m2": round(float(r.geometry.area), 3), "stated_area_m2": r.stated_area_m2,
              "layer": r.layer, "floor": r.floor, "hall_part": r.hall_part} for r in plan.rooms]
    cols = hall_columns(plan)  # free-standing columns in the hall: the usable area leaves them out
    ua = None if ha is None else ha - columns_area(cols)
    measures = {
        "hall_area_m2": None if ha is None else round(ha, 3),
        "hall_usable_area_m2": None if ua is None else round(ua, 3),
        "hall_columns": [c.id for c in cols],
        "hall_parts": [r["id"] for r in rooms if r["hall_part"]],
        "building_area_m2": None if ba is None else round(ba, 3),
        "parking_area_m2": None if pa is None else round(pa, 3),
        "parking_ratio": None if (pa is None or not ba or not math.isfinite(pa / ba)) else round(pa / ba, 5),
        "achieved_grade": grade,
        "area_bands": finding_data(findings, "AREA", "bands"),
        "parking_band": finding_data(findings, "PARKING", "band"),
        "counter_count": len(counters),
        "counters": counters,
        "rooms": rooms,
        "floors": _floors(plan),
    }
    context = {
        "level": ctx.level,
        "level_name": LEVEL_NAMES[ctx.level][0] if ctx.level else None,
        "population": ctx.population,
        "population_class": pop_cls,
        "target_grade": ctx.target_grade,
        "centre_name": ctx.centre_name,
    }
    return context, measures


def _floors(plan: Plan) -> list[dict[str, Any]]:
    """The drawn floors an import found (name, building area and how it was read, rooms), [] for one."""
    floors = plan.meta.get("floors") if isinstance(plan.meta, dict) or hasattr(plan.meta, "get") else None
    if not isinstance(floors, (list, tuple)):
        return []
    return [dict(f) for f in floors if isinstance(f, dict)]


def _run_rule(fn: Any, rc: RuleContext) -> list[Finding]:
    try:
        return list(fn(rc))
    except MemoryError:  # over the memory limit: the caller decides (the audit reports the plan as over it)
        raise
    except Exception as exc:  # a rule must never take the whole check down
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return [rc.unknown(["internal"], f"规则内部错误,未能检查:{detail}", f"Internal error, rule not evaluated: {detail}",
                           severity=rc.spec.severity)]


def _per_part(fn: Any, parts: list[tuple[Any, RuleContext]]) -> list[Finding]:
    """A walking rule on each part of a hall drawn over several floors (:func:`part_contexts`): the
    outline with the objects on it, then each part apart as a hall of its own, its findings named by
    the part."""
    out: list[Finding] = []
    for part, prc in parts:
        out.extend(_in_part(f, part) for f in _run_rule(fn, prc))
    return out


def _in_part(f: Finding, part: Any) -> Finding:
    """``f`` as found on one part (a :class:`geometry.hall_parts.Part`) of a hall over several floors:
    its messages name the part (and what people arrive by when no door is marked main on it)."""
    from geometry.model import FACILITY_KINDS
    from standards.naming_objects import sentence_start

    zh, en = part.name
    if part.arrival_kind:
        kz, ke = FACILITY_KINDS.get(part.arrival_kind, FACILITY_KINDS["other"])
        zh, en = f"{zh}(以{kz}为入口)", f"{en} (entered by the {ke.lower()})"
    return dataclasses.replace(f, message_zh=f"{zh}:{f.message_zh}", message_en=f"{sentence_start(en)}: {f.message_en}",
                               extra={**f.extra, "hall_part": part.id})


def check(plan: Plan, packs: Sequence[str | Pack] | None = None, only: Iterable[str] | None = None) -> Report:
    """Check ``plan`` against ``packs``; without them, the packs its context names (default: Baoshan
    2016 + national figures).  A pack that cannot be found or read raises :class:`PackError`: never a
    silent check against something else."""
    if packs is None and plan.context.packs is not None:
        try:
            pack_objs = resolve_packs(plan.context.packs)
        except PackError as exc:
            raise PackError(f"背景信息:规则包(packs)无法使用:{exc.zh}",
                            f"context: a rule pack the plan names (packs) cannot be used: {exc.en}") from None
    else:
        pack_objs = resolve_packs(packs)
    specs: dict[str, RuleSpec] = {}
    for p in pack_objs:
        specs.update(p.rules)  # a later pack may refine an earlier one's rule
    wanted = set(only) if only is not None else None
    # checklist items named as the run's packs name them (the built-in packs' names for the rest)
    names = {c: (i.zh, i.en) for c, i in {**checklist_catalogue(), **checklist_catalogue(pack_objs)}.items()}
    shared: dict[str, Any] = {"_only": wanted, "_checklist": names}
    findings: list[Finding] = []
    level = plan.context.level
    for code, spec in specs.items():
        if wanted is not None and code not in wanted:
            continue
        rc = RuleContext(plan, spec, shared, specs)
        if spec.levels is not None:
            if level is None:
                findings.append(rc.unknown(["level"], f"{spec.title_zh}:缺少行政级别,无法判断是否适用",
                                           f"{spec.title_en}: the administrative level is missing, so whether this applies is unknown"))
                continue
            if level not in spec.levels:
                findings.append(rc.not_applicable(f"{spec.title_zh}:不适用于{LEVEL_NAMES[level][0]}",
                                                  f"{spec.title_en}: does not apply at {LEVEL_NAMES[level][1]} level"))
                continue
        fn = RULES.get(code)
        if fn is None:
            findings.append(rc.unknown(["implementation"], f"本版本 HallPlan 未实现规则 {code}",
                                       f"Rule {code} is not implemented in this version of HallPlan"))
            continue
        parts = part_contexts(rc) if code in PER_PART_RULES else []
        if parts:
            findings.extend(_per_part(fn, parts))
        else:
            findings.extend(_run_rule(fn, rc))
    context, measures = compute_measures(plan, findings)
    measures["capacity"] = capacity(plan, pack_objs).to_json()  # an analysis, not a rule (standards.capacity)
    return Report(plan=plan, packs=pack_objs, context=context, measures=measures, findings=findings, specs=specs)


def with_overrides(plan: Plan, **overrides: Any) -> Plan:
    """A plan with some context fields replaced (None values are ignored)."""
    changes = {k: v for k, v in overrides.items() if v is not None}
    if not changes:
        return plan
    return dataclasses.replace(plan, context=dataclasses.replace(plan.context, **changes))


__all__ = ["check", "PackError", "Report", "with_overrides", "SCHEMA", "Severity", "Status"]
