"""The rule registry: each rule is a small function registered under a stable code.

A rule receives a :class:`RuleContext` (the plan, its pack entry with the
numbers, shared measurements) and yields findings.  Codes never change meaning:
reports and audits refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from shapely.geometry.base import BaseGeometry

from geometry.model import Plan, PlanObject
from standards.finding import Finding, Outline, Severity, Status

RuleFn = Callable[["RuleContext"], Iterable[Finding]]
RULES: dict[str, RuleFn] = {}


def rule(code: str) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the implementation of rule ``code``."""

    def deco(fn: RuleFn) -> RuleFn:
        if code in RULES and RULES[code] is not fn:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = fn
        return fn

    return deco



def clause_for(clause: "str | dict[str, str]", level: str | None) -> str:
    """The clause a pack entry cites for ``level``: one for all levels, the level's own, or all of them.

    >>> clause_for({"city": "二(一)2", "township": "二(二)2"}, "township"), clause_for("三(一)", "village")
    ('二(二)2', '三(一)')
    """
    if isinstance(clause, str):
        return clause
    if level and level in clause:
        return clause[level]
    return " / ".join(dict.fromkeys(clause.values()))


@dataclass(frozen=True)
class RuleSpec:
    """One rule's entry in a pack: clause, severity, applicability, texts and numbers."""

    code: str
    pack: str
    clause: str | dict[str, str]
    severity: Severity
    title_zh: str
    title_en: str
    levels: tuple[str, ...] | None = None  # None: every level
    requirement_zh: str = ""
    requirement_en: str = ""
    source: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def clause_for(self, level: str | None) -> str:
        return clause_for(self.clause, level)


class RuleContext:
    """What a rule sees: the plan, its own pack entry, and a cache shared by all rules of one run."""

    def __init__(self, plan: Plan, spec: RuleSpec, shared: dict[str, Any], specs: dict[str, RuleSpec]) -> None:
        self.plan = plan
        self.spec = spec
        self._shared = shared
        self._specs = specs
        self._clause = spec.clause_for(plan.context.level)
        # read for every finding (a check makes thousands): looked up once
        self._code, self._pack, self._severity = spec.code, spec.pack, spec.severity

    @property
    def level(self) -> str | None:
        return self.plan.context.level

    @property
    def params(self) -> dict[str, Any]:
        return self.spec.params

    def param(self, name: str, default: Any = None) -> Any:
        return self.spec.params.get(name, default)

    def other_params(self, code: str) -> dict[str, Any]:
        """Another rule's numbers (e.g. AREA's bands for the population class)."""
        s = self._specs.get(code)
        return dict(s.params) if s else {}

    def title(self, code: str, lang: str = "zh") -> str:
        """Another rule's title as the reports show it (to say where a defect is reported)."""
        s = self._specs.get(code)
        if s is None:
            return code
        return s.title_en if lang == "en" else s.title_zh

    def checklist_name(self, item: str) -> tuple[str, str]:
        """A checklist item's (zh, en) name as the run's packs give it."""
        names: dict[str, tuple[str, str]] = self._shared.get("_checklist", {})
        return names.get(item, ("核对项", "a checklist item"))

    def applies(self, code: str) -> bool:
        """Whether rule ``code`` is in the run's packs and applies at the plan's level."""
        s = self._specs.get(code)
        only = self._shared.get("_only")
        if only is not None and code not in only:
            return False
        return s is not None and (s.levels is None or self.level in s.levels)

    def on(self, plan: Plan, key: str) -> "RuleContext":
        """This rule's context for another plan (a part of this one), with a cache of its own kept in
        this run's under ``key``: the run's settings (keys starting with ``_``) and nothing else."""
        sub = self._shared.get(key)
        if sub is None:
            sub = self._shared[key] = {k: v for k, v in self._shared.items() if k.startswith("_")}
        return RuleContext(plan, self.spec, sub, self._specs)

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute once per check run and share between rules (e.g. a circulation analysis)."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]

    # --- building findings --------------------------------------------------
    # ok / violation / unknown / not_applicable take finding()'s keywords written out and hand them on by
    # position: a check builds thousands of findings, and passing ``**kw`` on again cost a third of each
    def finding(self, status: Status, zh: str, en: str, *, measured: Any = None,
                required: str | tuple[str, str] | None = None,
                unit: str | None = None, objects: Iterable[PlanObject | str] = (),
                location: BaseGeometry | None = None, missing: Iterable[str] = (),
                severity: Severity | None = None, related: Iterable[str] = (), **extra: Any) -> Finding:
        return self._make(status, zh, en, measured, required, unit, objects, location, missing, severity, related, extra)

    def _make(self, status: Status, zh: str, en: str, measured: Any, required: str | tuple[str, str] | None,
              unit: str | None, objects: Iterable[PlanObject | str], location: BaseGeometry | None,
              missing: Iterable[str], severity: Severity | None, related: Iterable[str], extra: dict[str, Any]) -> Finding:
        objs = objects if isinstance(objects, (list, tuple)) else list(objects)
        where: BaseGeometry | Outline | None = location
        if len(objs) == 1:  # the common case (one finding per object): no lists built
            o = objs[0]
            if isinstance(o, str):
                ids: tuple[str, ...] = (o,)
            else:
                ids = (o.id,)
                if location is None and isinstance(o, PlanObject):
                    where = o.geometry
        else:
            ids = tuple([o if isinstance(o, str) else o.id for o in objs])
            if location is None and objs:
                geoms = [o.geometry for o in objs if isinstance(o, PlanObject)]
                if geoms:  # several objects: their outlines merged when a reporter first reads it
                    where = geoms[0] if len(geoms) == 1 else Outline(geoms)
        req_zh, req_en = required if isinstance(required, tuple) else (required, None)
        return Finding(self._code, self._clause, severity or self._severity, status, zh, en, measured, req_zh, unit, ids,
                       where, self._pack, missing if isinstance(missing, tuple) else tuple(missing), req_en,
                       related if isinstance(related, tuple) else tuple(related), extra)

    def ok(self, zh: str, en: str, *, measured: Any = None, required: str | tuple[str, str] | None = None,
           unit: str | None = None, objects: Iterable[PlanObject | str] = (), location: BaseGeometry | None = None,
           missing: Iterable[str] = (), severity: Severity | None = None, related: Iterable[str] = (),
           **extra: Any) -> Finding:
        return self._make(Status.PASS, zh, en, measured, required, unit, objects, location, missing, severity, related, extra)

    def violation(self, zh: str, en: str, *, measured: Any = None, required: str | tuple[str, str] | None = None,
                  unit: str | None = None, objects: Iterable[PlanObject | str] = (), location: BaseGeometry | None = None,
                  missing: Iterable[str] = (), severity: Severity | None = None, related: Iterable[str] = (),
                  **extra: Any) -> Finding:
        """``fail`` for an error-severity rule, ``warn`` for a warning-severity one."""
        sev = severity or self._severity
        return self._make(Status.FAIL if sev == Severity.ERROR else Status.WARN, zh, en, measured, required, unit, objects,
                          location, missing, severity, related, extra)

    def unknown(self, missing: Iterable[str], zh: str, en: str, *, measured: Any = None,
                required: str | tuple[str, str] | None = None, unit: str | None = None,
                objects: Iterable[PlanObject | str] = (), location: BaseGeometry | None = None,
                severity: Severity | None = None, related: Iterable[str] = (), **extra: Any) -> Finding:
        return self._make(Status.UNKNOWN, zh, en, measured, required, unit, objects, location, tuple(missing), severity,
                          related, extra)

    def not_applicable(self, zh: str, en: str, *, measured: Any = None, required: str | tuple[str, str] | None = None,
                       unit: str | None = None, objects: Iterable[PlanObject | str] = (),
                       location: BaseGeometry | None = None, missing: Iterable[str] = (),
                       severity: Severity | None = None, related: Iterable[str] = (), **extra: Any) -> Finding:
        return self._make(Status.NOT_APPLICABLE, zh, en, measured, required, unit, objects, location, missing, severity,
                          related, extra)


def iter_rules() -> Iterator[tuple[str, RuleFn]]:
    yield from sorted(RULES.items())
