"""Where the canvas puts a badge for each finding (no Qt: the placement is plain data).

One badge per failing, warning or to-confirm finding, at the finding's own location: a point
where it is, a line (a pinch's cross-section) at its middle, an area at its top-right corner.
A finding without a location but about one object sits on that object.  A finding about the
whole plan (no location and no single object, or the whole hall) gets no badge on the canvas:
the findings panel shows it once.  Badges at the same spot are laid side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry

from geometry.model import Plan
from standards.finding import STATUS_ORDER, STATUS_TEXT, Finding, Status

SHOWN = (Status.FAIL, Status.WARN, Status.UNKNOWN)


@dataclass(frozen=True)
class Badge:
    x: float  # metres
    y: float
    slot: int  # 0, 1, 2 … for badges at the same spot (laid side by side on screen)
    finding: Finding

    @property
    def status(self) -> str:
        return self.finding.status.value


def anchor_of(g: BaseGeometry) -> tuple[float, float]:
    """Where a badge for geometry ``g`` goes.

    >>> anchor_of(Point(1, 2)), anchor_of(LineString([(0, 0), (4, 0)]))
    ((1.0, 2.0), (2.0, 0.0))
    """
    if isinstance(g, Point):
        return g.x, g.y
    if isinstance(g, (LineString, MultiLineString)):
        p = g.interpolate(0.5, normalized=True) if isinstance(g, LineString) else max(g.geoms, key=lambda s: s.length).interpolate(0.5, normalized=True)
        return p.x, p.y
    x0, y0, x1, y1 = g.bounds
    return x1, y1


def about_whole_plan(f: Finding, plan: Plan, hall: BaseGeometry | None = None) -> bool:
    """True for a finding about the whole plan or the whole hall (shown once, in the panel)."""
    loc = f.location
    if loc is None or loc.is_empty:
        return not (len(f.object_ids) == 1 and f.object_ids[0] in plan)
    for h in (hall, plan.hall):
        if h is not None and (loc is h or loc.equals(h)):
            return True
    return False


def place_badges(findings: Iterable[Finding], plan: Plan, hall: BaseGeometry | None = None) -> tuple[list[Badge], list[Finding]]:
    """(badges on the canvas, findings about the whole plan), worst first.  ``hall`` is the hall
    the findings were computed on (the plan may have moved on since)."""
    on_canvas: list[Badge] = []
    whole: list[Finding] = []
    taken: dict[tuple[float, float], int] = {}
    for f in sorted((f for f in findings if f.status in SHOWN), key=lambda f: STATUS_ORDER[f.status]):
        if about_whole_plan(f, plan, hall):
            whole.append(f)
            continue
        if f.location is not None and not f.location.is_empty:
            x, y = anchor_of(f.location)
        else:
            x, y = anchor_of(plan.get(f.object_ids[0]).geometry)  # type: ignore[union-attr]
        key = (round(x, 2), round(y, 2))
        slot = taken.get(key, 0)
        taken[key] = slot + 1
        on_canvas.append(Badge(x, y, slot, f))
    return on_canvas, whole


def tooltip(f: Finding, lang: str) -> str:
    """The badge's tooltip: status and clause, the message, measured against required."""
    i = 1 if lang == "en" else 0
    head = f"{STATUS_TEXT[f.status][i]} · " + ("条款 " if lang != "en" else "clause ") + (f.clause or "—")
    lines = [head, f.message(lang)]
    req = f.required_text(lang)
    if f.measured is not None or req:
        lines.append(("实测 " if lang != "en" else "measured ") + f.measured_text()
                     + (("  要求 " if lang != "en" else "  required ") + req if req else ""))
    return "\n".join(lines)
