"""A guided fix: a computed edit offered on a failing finding, proved by re-checking the plan.

A fixer (one per rule code, registered with :func:`fixer`) proposes candidate edits for a finding
as :class:`geometry.commands.ReplaceObjects` commands (one undo step each).  :func:`fixes_for`
applies each candidate to the plan, checks the result against the same packs, and keeps the
candidates that turn the finding to pass; a candidate that makes another finding fail is kept only
with that cost listed (and after the ones without cost).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter as Tally
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geometry.commands import ReplaceObjects
from geometry.model import Plan, PlanObject
from standards.engine import Report, check
from standards.finding import Finding, Status
from standards.naming_objects import object_name
from standards.registry import RuleSpec

BAD = (Status.FAIL, Status.WARN)


@dataclass(frozen=True)
class Candidate:
    """What a fixer proposes: a title in both languages and the edit."""

    title_zh: str
    title_en: str
    command: ReplaceObjects


@dataclass(frozen=True)
class Fix:
    """A verified fix: the edit, what it shows on the canvas, and what it costs elsewhere."""

    rule: str
    title_zh: str
    title_en: str
    command: ReplaceObjects
    preview: BaseGeometry  # the outlines of the objects as the fix leaves them (the editor's ghost)
    after: Report = field(compare=False, repr=False)  # the check of the fixed plan
    costs: tuple[Finding, ...] = ()  # findings that fail after the fix and did not before

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    def cost_text(self, lang: str = "zh") -> str:
        """The cost as one line ('' when there is none)."""
        if not self.costs:
            return ""
        names = "; ".join(f.message(lang) for f in self.costs[:3]) + (" …" if len(self.costs) > 3 else "")
        return (f"Makes {len(self.costs)} other finding(s) fail: {names}" if lang == "en"
                else f"会使另外 {len(self.costs)} 项不符合:{names}")

    def apply(self, plan: Plan) -> Plan:
        return self.command.do(plan)


FixerFn = Callable[[Report, Finding], Iterable[Candidate]]  # the report the finding is from
FIXERS: dict[str, FixerFn] = {}


def fixer(*codes: str) -> Callable[[FixerFn], FixerFn]:
    """Register ``fn`` as the fixer of the rules ``codes``."""

    def deco(fn: FixerFn) -> FixerFn:
        for code in codes:
            FIXERS[code] = fn
        return fn

    return deco


def has_fixer(finding: Finding) -> bool:
    """Whether a fix may be computed for ``finding`` (a failing or warning finding of a rule with a fixer)."""
    return finding.status in BAD and finding.rule in FIXERS


def _key(f: Finding) -> tuple[str, tuple[str, ...], str]:
    return (f.rule, f.object_ids, f.message_en if not f.object_ids else "")


def resolved(target: Finding, before: Report, after: Report) -> bool:
    """Whether ``target`` (a finding of ``before``) no longer fails or warns in ``after``."""
    bad_after = [f for f in after.findings if f.rule == target.rule and f.status in BAD]
    if target.object_ids:
        ids = set(target.object_ids)
        return not any(ids & set(f.object_ids) for f in bad_after)
    # findings that name no object: fewer of the target's sort fail (not merely fewer of the rule's:
    # adding an exit door clears "too few exits" without bringing the far floor within reach)
    same = _sort(target)
    bad_before = sum(1 for f in before.findings if f.rule == target.rule and f.status in BAD and _sort(f) == same)
    return sum(1 for f in bad_after if _sort(f) == same) < bad_before


def _sort(f: Finding) -> tuple[object, ...]:
    """What tells apart the findings of one rule that name no object (EXIT-REACH's floor out of reach
    from its too-few-exits; FACILITIES' missing kinds): the unit, whether it has a place, and the plain
    values of its extra data (not what a rule keeps there for drawing, such as a walking field)."""
    plain = (str, int, float, bool, type(None))
    return (f.unit, f.location is None, tuple(sorted((k, v) for k, v in f.extra.items() if isinstance(v, plain))))


def new_failures(before: Report, after: Report, target: Finding) -> tuple[Finding, ...]:
    """Findings that fail in ``after`` beyond those that failed in ``before`` (per rule), other than the target's."""
    fails_before = Tally(f.rule for f in before.findings if f.status == Status.FAIL)
    keys_before = {_key(f) for f in before.findings if f.status == Status.FAIL}
    out: list[Finding] = []
    by_rule: dict[str, list[Finding]] = {}
    for f in after.findings:
        if f.status == Status.FAIL:
            by_rule.setdefault(f.rule, []).append(f)
    for rule, fs in by_rule.items():
        if rule == target.rule or len(fs) <= fails_before.get(rule, 0):
            continue
        fresh = [f for f in fs if _key(f) not in keys_before] or fs
        out.extend(fresh[: len(fs) - fails_before.get(rule, 0)])
    return tuple(out)


def preview_of(command: ReplaceObjects) -> BaseGeometry:
    return unary_union([o.geometry for o in command.new])


def verify(report: Report, finding: Finding, candidate: Candidate) -> Fix | None:
    """The candidate as a :class:`Fix` when it turns ``finding`` to pass, else None."""
    plan = report.plan
    try:
        fixed = candidate.command.do(plan)
    except (KeyError, ValueError):
        return None
    after = check(fixed, packs=report.packs)
    if not resolved(finding, report, after):
        return None
    return Fix(finding.rule, candidate.title_zh, candidate.title_en, candidate.command, preview_of(candidate.command), after,
               new_failures(report, after, finding))


def candidates(report: Report, finding: Finding) -> Iterator[Candidate]:
    fn = FIXERS.get(finding.rule)
    if fn is None or finding.status not in BAD:
        return iter(())
    part = _on_part(report, finding)
    if part is None:
        return iter(fn(report, finding))
    return _part_candidates(report, fn, *part)


def _on_part(report: Report, finding: Finding) -> tuple[Report, Finding, frozenset[str]] | None:
    """For a finding on one part of a hall over several floors (:mod:`geometry.hall_parts`): that part
    checked as a hall of its own, the same finding there, and the ids standing in for its entrances
    (its lift and stairs, facilities in the plan itself); None for a finding about the whole plan."""
    pid = finding.extra.get("hall_part")
    if pid is None:
        return None
    from geometry.hall_parts import sections

    for part in sections(report.plan):
        if part.id != pid:
            continue
        sub_report = check(part.plan, packs=report.packs, only=[finding.rule])
        same = _sort(finding)[:2]
        for f in sub_report.findings:
            if f.status == finding.status and f.object_ids == finding.object_ids and _sort(f)[:2] == same:
                return sub_report, f, frozenset(part.arrivals)
    return None


def _part_candidates(report: Report, fn: "FixerFn", sub_report: Report, sub_finding: Finding,
                     arrivals: frozenset[str]) -> Iterator[Candidate]:
    """The fixer's candidates for the part, as edits of the whole plan (proved on it by :func:`verify`);
    a candidate that would edit a lift or stairs standing in for a door is left out (in the plan they
    are facilities, not entrances)."""
    for cand in fn(sub_report, sub_finding):
        touched = {o.id for o in cand.command.old} | {o.id for o in cand.command.new}
        if touched & arrivals:
            continue
        # an object the fixer adds took a fresh id of the part: fresh in the whole plan too
        olds, new, taken = {o.id for o in cand.command.old}, [], set()
        for o in cand.command.new:
            if o.id not in olds and (o.id in report.plan or o.id in taken):
                prefix = o.id.rsplit("-", 1)[0] if "-" in o.id else o.id
                fresh = next(f"{prefix}-{n}" for n in itertools.count(1)
                             if f"{prefix}-{n}" not in report.plan and f"{prefix}-{n}" not in taken)
                o = dataclasses.replace(o, id=fresh)
            taken.add(o.id)
            new.append(o)
        try:
            command = ReplaceObjects.of(report.plan, cand.command.old, tuple(new), cand.command.text_zh, cand.command.text_en)
        except KeyError:
            continue
        yield Candidate(cand.title_zh, cand.title_en, command)


def fixes_for(report: Report, finding: Finding, limit: int = 3, tries: int = 6) -> list[Fix]:
    """The verified fixes of ``finding``: the first without cost, or else (at most ``limit``) those
    that resolve it at a cost, the cheapest first.

    Candidates are tried in the fixer's order of preference, at most ``tries`` of them; the search
    stops at the first fix without cost."""
    from standards import fixes as _registry  # noqa: F401  (registers the fixers)

    out: list[Fix] = []
    for i, cand in enumerate(candidates(report, finding)):
        if i >= tries:
            break
        fix = verify(report, finding, cand)
        if fix is None:
            continue
        if not fix.costs:
            return [fix]
        out.append(fix)
        if len(out) >= limit:
            break
    out.sort(key=lambda f: len(f.costs))
    return out[:limit]


def names(plan: Plan, o: PlanObject) -> tuple[str, str]:
    """What a fix's title calls ``o``: its name on ``plan`` in Chinese and in English."""
    return object_name(o, plan, "zh"), object_name(o, plan, "en")


def spec_of(report: Report, finding: Finding) -> RuleSpec | None:
    return report.specs.get(finding.rule)


def param(report: Report, finding: Finding, name: str, default: float) -> float:
    """A number of the finding's rule from the report's packs (``default`` when the pack has none)."""
    spec = spec_of(report, finding)
    return float(spec.params.get(name, default)) if spec is not None else default
