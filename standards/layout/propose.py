"""Layout proposals: alternatives built, checked by the engine, completed by a small search, ranked;
and the "cannot" answer when the outline cannot hold a compliant layout.

Ranking: proposals without failures first, then by a score (0–100) of what a reviewer weighs:
walking distance from the main entrance to the counters, how many counters the waiting area sees,
and counters per 100 m² of hall.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Sequence

from shapely.geometry import Point

from geometry.circulation.analysis import Circulation
from geometry.circulation.visibility import visible
from geometry.invalid import InvalidPlan
from geometry.model import Plan
from standards.engine import Report, check
from standards.finding import Finding, Status
from standards.layout.build import ALTERNATIVE_NAMES, ALTERNATIVES, Params, build, stripped
from standards.layout.needs import Needs, needs_for
from standards.packs import Pack

# rules no layout changes: they read the context, the parking, the sign or the user's ticks
LAYOUT_FREE = frozenset({"AREA", "PARKING", "SITE", "NAME", "SIGNAGE", "TRAFFIC-SIGN", "EQUIPMENT", "CO-LOCATION",
                         "ACCESSIBLE-PARKING"})
OUTLINE_RULES = frozenset({"EXIT-REACH"})  # failing on the empty hall already: the outline's (too few or too far exits)
REACH_RULES = frozenset({"EXTINGUISHER-REACH", "EXIT-REACH"})
VARIANTS = (Params(), Params(desk_y=7.5), Params(corner_scale=0.7), Params(desk_y=4.0, corner_scale=0.5),
            Params(corner_scale=0.5, extras=False))
MAX_REPAIR_ROUNDS = 6
MAX_BUILDS = 6  # candidates built and checked per alternative (a count, not a time: the answer must not depend on the load)


@dataclass(frozen=True)
class Proposal:
    alternative: str
    plan: Plan
    report: Report
    fails: tuple[Finding, ...]  # every failure of the check
    layout_fails: tuple[Finding, ...]  # the failures the layout causes (not the outline's or the context's)
    walk_m: float | None  # mean walk from the main entrance to the counters
    visible: float | None  # share of counters in view of the waiting area
    density: float  # counters per 100 m² of hall
    score: float
    notes: tuple[str, ...]
    seconds: float

    def name(self, lang: str = "zh") -> str:
        zh, en = ALTERNATIVE_NAMES[self.alternative]
        return en if lang == "en" else zh


@dataclass(frozen=True)
class Answer:
    proposals: tuple[Proposal, ...]  # ranked, best first
    cannot: bool  # the outline cannot hold a compliant layout (too small, or the layout still fails)
    reasons: tuple[tuple[str, str], ...]  # (zh, en): why, with the shortfall
    other_fails: tuple[Finding, ...]  # failures no layout can change (the name, the parking, ticked items)
    needs: Needs

    @property
    def best(self) -> Proposal:
        return self.proposals[0]


def propose(plan: Plan, alternatives: int = 3, counters: int | None = None,
            packs: Sequence[str | Pack] | None = None) -> Answer:
    """Up to ``alternatives`` layouts for ``plan``'s hall (its contents are replaced; the outline,
    entrances, obstacles and context are kept), ranked.  Deterministic for the same input."""
    if plan.hall is None:
        raise InvalidPlan("没有服务大厅边界,无法布置", "there is no service hall boundary to lay out")
    if plan.context.level is None:
        raise InvalidPlan("缺少行政级别(--level),无法确定需要布置的内容",
                          "the administrative level is missing (--level): what to lay out cannot be decided")
    needs = needs_for(plan, counters, packs)
    empty = check(stripped(plan), packs=packs, only=OUTLINE_RULES)
    outline_fails = {f.rule for f in empty.findings if f.status == Status.FAIL}
    out = [_search(plan, needs, alt, outline_fails, packs) for alt in ALTERNATIVES[:max(1, min(alternatives, len(ALTERNATIVES)))]]
    out.sort(key=lambda p: (len(p.layout_fails), len(p.fails), -p.score, ALTERNATIVES.index(p.alternative)))
    distinct: list[Proposal] = []
    seen: set[tuple[tuple[float, ...], ...]] = set()
    for p in out:  # a small hall gives the same counters whatever the alternative: shown once
        sig = tuple(sorted(tuple(round(v, 2) for v in c.geometry.bounds) for c in p.plan.counters))
        if sig not in seen:
            seen.add(sig)
            distinct.append(p)
    best = distinct[0]
    reasons = _reasons(best)
    outline = tuple(f for f in best.fails if f.rule == "AREA" or (f.rule in OUTLINE_RULES and f not in best.layout_fails))
    other = tuple(f for f in best.fails if f not in outline and f not in best.layout_fails)
    return Answer(tuple(distinct), bool(outline) or bool(best.layout_fails) or _short(best), tuple(reasons), other, needs)


def _short(p: Proposal) -> bool:
    """Fewer windows placed than needed."""
    return any(n.startswith("counters:") for n in p.notes)


def _search(plan: Plan, needs: Needs, alt: str, outline_fails: set[str],
            packs: Sequence[str | Pack] | None) -> Proposal:
    t0 = time.perf_counter()
    best: Proposal | None = None
    builds = 0
    for variant in VARIANTS:
        params = replace(variant, alternative=alt)
        for _ in range(MAX_REPAIR_ROUNDS):
            cand, notes = build(plan, needs, params)
            report = check(cand, packs=packs)
            builds += 1
            prop = _proposal(alt, cand, report, outline_fails, notes, t0)
            if best is None or _rank(prop) < _rank(best):
                best = prop
            repaired = _repair(params, prop.layout_fails + _borderline(prop))
            if repaired is None or builds >= MAX_BUILDS:
                break
            params = repaired
        assert best is not None
        if _rank(best) == (0, len(best.fails), 0, 0) or builds >= MAX_BUILDS:
            break
    assert best is not None
    return replace(best, seconds=round(time.perf_counter() - t0, 3))


def _borderline(p: Proposal) -> tuple[Finding, ...]:
    """Reach findings left to confirm (a walk within the raster's error of the limit): the search
    answers them as failures, so the proposal leaves nothing for a reviewer to measure again."""
    return tuple(f for f in p.report.findings if f.rule in REACH_RULES and f.status == Status.UNKNOWN and f.location is not None)


def _rank(p: Proposal) -> tuple[int, int, int, int]:
    """Fewer failures of the layout, then of all, then reach findings left to confirm, then warnings
    the layout could avoid (a waiting area under the assumed m² per window…)."""
    warns = sum(1 for f in p.report.findings if f.status == Status.WARN and f.rule not in LAYOUT_FREE)
    return len(p.layout_fails), len(p.fails), len(_borderline(p)), warns


def _where(f: Finding) -> tuple[float, float]:
    """The middle of the largest part of a finding's location, in plan coordinates."""
    loc = f.location
    assert loc is not None
    parts = sorted(getattr(loc, "geoms", [loc]), key=lambda g: -g.area)
    p = parts[0].representative_point() if parts and not parts[0].is_empty else Point(0, 0)
    return round(p.x, 3), round(p.y, 3)


def _repair(params: Params, fails: Sequence[Finding]) -> Params | None:
    """The next parameters for the failures the search knows how to answer: one more extinguisher
    where the floor is out of reach of one, a way through the counter rows where an exit is too far.
    None when there is nothing to answer."""
    route_fails = [f for f in fails if any(i.startswith("route-") for i in f.object_ids)]
    if route_fails and params.routes:  # a drawn route in the way of a rule: leave the routes out
        return replace(params, routes=False)
    located = [f for f in fails if f.location is not None]
    ext = tuple(_where(f) for f in located if f.rule == "EXTINGUISHER-REACH")
    ways = tuple(_where(f) for f in located if f.rule == "EXIT-REACH")
    if ways and len(params.passages) < 3:
        return replace(params, passages=params.passages + ways[:1])
    if ext:
        return replace(params, extra_extinguishers=params.extra_extinguishers + ext)
    return None


def _proposal(alt: str, plan: Plan, report: Report, outline_fails: set[str], notes: list[str],
              t0: float) -> Proposal:
    fails = tuple(f for f in report.findings if f.status == Status.FAIL)
    layout = tuple(f for f in fails if not _not_layout(f, outline_fails))
    walk, vis = _measures(plan)
    area = plan.hall.area if plan.hall is not None else 0.0
    density = 100.0 * len(plan.counters) / area if area > 0 else 0.0
    score = 0.0
    if walk is not None:
        score += 40.0 * max(0.0, 1.0 - walk / 60.0)
    if vis is not None:
        score += 40.0 * vis
    score += 20.0 * min(1.0, density / 2.0)
    return Proposal(alt, plan, report, fails, layout, walk, vis, round(density, 2), round(score, 1), tuple(notes),
                    round(time.perf_counter() - t0, 3))


def _not_layout(f: Finding, outline_fails: set[str]) -> bool:
    """A failure no layout can change: a context rule, an item the user ticked as missing, or the
    outline's own (the same failure on the empty hall)."""
    return (f.rule in LAYOUT_FREE or f.extra.get("proof") == "tick"
            or (f.rule in OUTLINE_RULES and f.rule in outline_fails))


def _measures(plan: Plan) -> tuple[float | None, float | None]:
    """Mean walk entrance → counters, and the share of counters the (largest) waiting area sees."""
    if not plan.counters:
        return None, None
    circ = Circulation(plan)
    dist = circ.walking_distances()
    walks = [dist[c.id] for c in plan.counters if c.id in dist and dist[c.id] != float("inf")]
    walk = round(sum(walks) / len(walks), 1) if walks else None
    waits = [z for z in plan.zones if z.kind == "waiting"]
    vis = None
    if waits:
        iso = circ.isovist_from(max(waits, key=lambda z: z.geometry.area).geometry)
        if iso is not None and not iso.is_empty:
            vis = round(sum(1 for c in plan.counters if visible(iso, c.geometry)) / len(plan.counters), 3)
    return walk, vis


def _reasons(best: Proposal) -> list[tuple[str, str]]:
    """Why the best layout is not compliant: the hall's shortfall, what did not fit, the layout's failures."""
    out: list[tuple[str, str]] = []
    for f in best.fails:
        if f.rule == "AREA":
            bands = f.extra.get("bands") or {}
            grade = f.extra.get("target_grade")
            need = bands.get(f"grade{grade}") if grade else None
            have = f.measured
            if isinstance(need, (int, float)) and isinstance(have, (int, float)):
                gap = round(float(need) - float(have), 2)
                out.append((f"服务大厅面积不足:需 ≥ {need:g} m²,现 {have:.1f} m²,差 {gap:.1f} m²",
                            f"The hall is too small: needs ≥ {need:g} m², has {have:.1f} m², short by {gap:.1f} m²"))
            else:
                out.append((f.message_zh, f.message_en))
        elif f.rule in OUTLINE_RULES and f not in best.layout_fails:  # the outline's exits: too few, or too far
            out.append((f.message_zh, f.message_en))
    for n in best.notes:
        if n.startswith("counters:"):
            got, want = n.split(":")[1].split("/")
            out.append((f"只能放下 {got} 个服务窗口,需 {want} 个,差 {int(want) - int(got)} 个",
                        f"Only {got} service windows fit, {want} are needed: {int(want) - int(got)} short"))
        elif n.startswith("waiting:") and any(f.rule == "WAITING" for f in best.fails):
            got, want = n.split(":")[1].split("/")
            out.append((f"等候区只能放下 {got} m²,需 {want} m²,差 {int(want) - int(got)} m²",
                        f"The waiting area can only be {got} m², {want} m² are needed: {int(want) - int(got)} m² short"))
    seen = {z for z, _ in out}
    for f in best.layout_fails:
        if f.message_zh not in seen:
            seen.add(f.message_zh)
            out.append((f.message_zh, f.message_en))
    return out
