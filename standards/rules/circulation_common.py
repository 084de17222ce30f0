"""What the circulation rules share: one analysis per check run, and the grid's distance margin."""

from __future__ import annotations

import math
from enum import Enum

from geometry.circulation.analysis import Circulation, analysis_of
from geometry.hall_parts import Part, sections
from geometry.precision import LENGTH, at_most, fmt
from standards.registry import RuleContext

# the circulation rules that follow people over the floor of one part of the hall: run on the hall's
# outline and again on each part apart from it (another floor, geometry.hall_parts), each part from
# its own doors or, without, its lifts and stairs.  The rest (consultation desk and special-population
# facilities near the main entrance, the accessible route from it) stay on the whole plan: a desk
# upstairs is not near the main entrance.
PER_PART_RULES = frozenset({"MAIN-AISLE", "REACH-COUNTERS", "TURNING-CIRCLE", "EXTINGUISHER-REACH", "EXIT-REACH"})

GRID_EXCESS = 0.0275  # walking paths on the 16-neighbour grid are at most 2.7 % long


def beyond_doubt(d: float, limit: float, res: float) -> bool:
    """Whether a grid walking distance ``d`` exceeds ``limit`` even allowing for the grid's
    overestimate (2.7 % plus two cells).  Between ``limit`` and that margin the verdict is
    ``unknown`` (to confirm), never a fail the grid cannot support."""
    return d > limit * (1 + GRID_EXCESS) + 2 * res


class Walk(Enum):
    """The verdict ladder of a walking-distance limit measured on the grid."""

    WITHIN = "within"  # at most the limit: pass
    MARGIN = "margin"  # over the limit but within the grid's margin: unknown, to confirm
    BEYOND = "beyond"  # over the limit beyond doubt (or unreachable): fail


def walk_verdict(d: float, limit: float, res: float, within: bool | None = None) -> Walk:
    """Where a grid walking distance ``d`` stands against ``limit``: the one ladder the circulation
    rules share.  ``within`` overrides the first step when the caller measured it otherwise (a
    coverage field already compared cell by cell).

    >>> walk_verdict(20.0, 20, 0.25), walk_verdict(20.5, 20, 0.25), walk_verdict(21.6, 20, 0.25)
    (<Walk.WITHIN: 'within'>, <Walk.MARGIN: 'margin'>, <Walk.BEYOND: 'beyond'>)
    >>> walk_verdict(math.inf, 20, 0.25)
    <Walk.BEYOND: 'beyond'>
    """
    if within if within is not None else (math.isfinite(d) and at_most(d, limit, LENGTH)):
        return Walk.WITHIN
    return Walk.BEYOND if beyond_doubt(d, limit, res) else Walk.MARGIN


def margin_note(d: float, limit: float) -> tuple[str, str]:
    dt = metres(d)
    pct = f"{GRID_EXCESS * 100:g}"  # the margin as beyond_doubt applies it, not typed in again
    return (f"步行距离 {dt} m,略超 {limit:g} m,但在栅格测距误差(≤ {pct} % + 2 格)之内,需复核",
            f"the walk is {dt} m, just over {limit:g} m but within the grid's measuring margin (≤ {pct} % + 2 cells): to confirm")


def metres(d: float) -> str:
    """A distance in metres with the digits that decide (to 1 mm, at least one decimal)."""
    return fmt(d, LENGTH, digits=1)


def circulation(ctx: RuleContext) -> Circulation:
    """The run's shared analysis of the plan."""
    return ctx.shared("circulation", lambda: analysis_of(ctx.plan))  # type: ignore[no-any-return]


def part_contexts(ctx: RuleContext) -> list[tuple[Part, RuleContext]]:
    """Each part of a hall over several floors (:func:`geometry.hall_parts.sections`, the outline's
    first) with this rule's context on it; the split and each part's analyses are made once per check
    run and shared by every rule that looks at the parts.  [] for a hall without parts apart."""
    parts: list[Part] = ctx.shared("hall sections", lambda: sections(ctx.plan))
    return [(p, ctx.on(p.plan, f"hall part {p.id}")) for p in parts]
