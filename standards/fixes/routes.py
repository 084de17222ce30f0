"""Fixes of the accessible route (ACCESSIBLE-ROUTE): a drawn route whose declared width is under the
minimum, or along which something stands within that width, is redrawn along the floor that is clear
for the width (the shortest such way between its two ends) and declared that wide.

The re-check proves it: the route's finding must pass, and nothing else may newly fail without the
cost being shown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.ops import substring

from geometry.circulation.analysis import Circulation
from geometry.circulation.space import blocked_along
from geometry.commands import ReplaceObjects
from geometry.model import Route, object_title
from geometry.precision import LENGTH, fmt
from standards.engine import Report
from standards.finding import Finding
from standards.fixes.base import Candidate, fixer, param
from standards.layout.routes import clear_field, route_line

DEFAULT_MIN_WIDTH = 1.2  # m: GB 55019 §2.2.2, when the pack gives no figure


def _blocked_spans(route: Route, circ: Circulation, width: float, step: float = 0.1) -> list[tuple[float, float]]:
    """Stretches (from, to, in metres along the route) where something stands within half ``width`` of
    it: the rule's own test, walked in ``step``s."""
    plan = circ.plan
    sp = circ.space
    if sp is None or plan.hall is None:
        return []
    line = route.geometry
    blocked = blocked_along(line, plan.hall, sp.public, width)  # the rule's own test
    if blocked.area <= 0.01:
        return []
    at = np.arange(0.0, line.length + step, step)
    at[-1] = min(at[-1], line.length)
    discs = shapely.buffer(shapely.line_interpolate_point(line, at), width / 2.0)
    bad = shapely.intersects(discs, blocked)
    spans: list[tuple[float, float]] = []
    for i in np.flatnonzero(bad):
        a = float(at[i])
        if spans and a - spans[-1][1] <= step * 1.5:
            spans[-1] = (spans[-1][0], a)
        else:
            spans.append((a, a))
    return spans


def _detour(route: Route, circ: Circulation, need: float, width: float, margin: float = 1.0) -> LineString | None:
    """The route with each stretch blocked within ``need`` replaced by the shortest way over floor clear
    for ``width`` (its declared width, at least ``need``) between points ``margin`` before and after it
    (the rest of the route as drawn), or None."""
    line = route.geometry
    spans = _blocked_spans(route, circ, need)
    if not spans:
        return None
    pos = 0.0
    pieces: list[list[tuple[float, float]]] = []
    for a, b in spans:
        a, b = max(0.0, a - margin), min(line.length, b + margin)
        if a > pos:
            pieces.append(list(substring(line, pos, a).coords))
        field = clear_field(circ, line.interpolate(a), width)
        way = None if field is None else route_line(field, line.interpolate(b), width, within=0.3)  # meet the route where it is
        if way is None:
            return None
        pieces.append(list(way.coords))
        pos = b
    if pos < line.length:
        pieces.append(list(substring(line, pos, line.length).coords))
    coords: list[tuple[float, float]] = []
    for piece in pieces:
        for x, y in piece:
            if not coords or (abs(coords[-1][0] - x) > 1e-9 or abs(coords[-1][1] - y) > 1e-9):
                coords.append((round(x, 3), round(y, 3)))
    return LineString(coords) if len(coords) >= 2 else None


@fixer("ACCESSIBLE-ROUTE")
def fix_accessible_route(report: Report, f: Finding) -> Iterator[Candidate]:
    """For each route the finding names: when it is only declared too narrow, declare it the minimum
    width (the re-check keeps this only when nothing stands within that width along it); where
    something stands on it, go round it over floor clear for the width, keeping the rest as drawn;
    failing that, redraw it between its ends over such floor."""
    plan = report.plan
    routes = [o for o in (plan.get(i) for i in f.object_ids) if isinstance(o, Route)]
    if not routes or plan.hall is None:
        return
    w = param(report, f, "min_width_m", DEFAULT_MIN_WIDTH)
    circ = Circulation(plan)
    for route in routes:
        zh, en = object_title(route)
        en = en[0].lower() + en[1:]
        width = max(w, route.width_m or 0.0)
        if route.width_m is not None and route.width_m < w:
            yield Candidate(f"将{zh}的标注宽度改为 {fmt(w, LENGTH)} m", f"Declare the {en} {fmt(w, LENGTH)} m wide",
                            ReplaceObjects.of(plan, (route,), (replace(route, width_m=w),),
                                              f"修复:{zh}宽度", f"Fix: width of the {en}"))
        detour = _detour(route, circ, w, width)
        if detour is not None:
            yield Candidate(f"{zh}绕开沿线障碍物(净宽 {fmt(width, LENGTH)} m,其余照原样)",
                            f"Take the {en} round what stands on it ({fmt(width, LENGTH)} m clear, the rest as drawn)",
                            ReplaceObjects.of(plan, (route,), (replace(route, geometry=detour, width_m=width),),
                                              f"修复:{zh}绕行", f"Fix: {en} round obstacles"))
        coords = list(route.geometry.coords)
        field = clear_field(circ, Point(coords[0]), width)
        line = None if field is None else route_line(field, Point(coords[-1]), width)
        if line is None:
            continue
        yield Candidate(f"沿净宽 {fmt(width, LENGTH)} m 的通路重画{zh}(长 {line.length:.1f} m)",
                        f"Redraw the {en} along floor clear for {fmt(width, LENGTH)} m ({line.length:.1f} m long)",
                        ReplaceObjects.of(plan, (route,), (replace(route, geometry=line, width_m=width),),
                                          f"修复:重画{zh}", f"Fix: redraw the {en}"))
