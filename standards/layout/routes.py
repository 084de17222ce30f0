"""The accessible routes of a layout, drawn: from the accessible entrance to the low counter and to
the accessible toilet, kept half their width clear of everything on each side.

The path is the shortest walk over the public floor shrunk by half the route's width (the raster
and Dijkstra of :mod:`geometry.circulation`), so the drawn route passes the check's own test that
nothing stands within its width.
"""

from __future__ import annotations

from typing import Callable

from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geometry.circulation.analysis import Circulation
from geometry.circulation.raster import mask
from geometry.circulation.walking import DistanceField, distance_field
from geometry.model import Plan, Route

ROUTE_WIDTH = 1.5  # m, drawn width (≥ 1.20 m clear asked; 1.50 m lets a wheelchair turn along it)


def clear_field(circ: Circulation, start: BaseGeometry, width: float) -> DistanceField | None:
    """Walking distances from the point of the floor clear for a route ``width`` wide (half of it and
    0.1 m on each side) nearest ``start``; None where no floor is that clear."""
    sp, grid = circ.space, circ.grid
    if sp is None or grid is None:
        return None
    clear = sp.public.buffer(-(width / 2 + 0.1))
    if clear.is_empty:
        return None
    first = nearest_points(clear, start.centroid)[0]
    return distance_field(grid, mask(grid, clear), [first])


def route_line(field: DistanceField, goal: BaseGeometry, width: float, within: float | None = None) -> LineString | None:
    """The route's centre line from the field's start to the clear floor nearest ``goal`` (within
    ``within``, default ``width``; mm coordinates, 5 cm simplified), or None when the clear floor does not
    come that near it (or the line is under a metre long)."""
    path = field.path_to(goal, within=width if within is None else within)
    if path is None or path.length < 1.0:
        return None
    line = path.simplify(0.05)
    return LineString([(round(x, 3), round(y, 3)) for x, y in line.coords])


def accessible_routes(plan: Plan, new_id: Callable[[str], str]) -> tuple[Route, ...]:
    """Routes from the accessible entrance to the low counter and to the accessible toilet (those
    the plan has), each ``ROUTE_WIDTH`` wide; none where the floor leaves no such way."""
    circ = Circulation(plan)
    ent = circ.accessible_entrance or circ.main_entrance
    field = None if ent is None else clear_field(circ, ent.geometry, ROUTE_WIDTH)
    if field is None:
        return ()
    targets = []
    acc = [c for c in plan.counters if c.accessible]
    if acc and acc[0].id in circ.targets:
        targets.append(("低位服务台", circ.targets[acc[0].id].reach))
    toilets = plan.facilities_of("accessible_toilet")
    if toilets:
        targets.append(("无障碍卫生间", toilets[0].geometry))
    out: list[Route] = []
    for label, goal in targets:
        line = route_line(field, goal, ROUTE_WIDTH)
        if line is not None:
            out.append(Route(id=new_id("route"), geometry=line, width_m=ROUTE_WIDTH, label=f"无障碍通道(至{label})"))
    return tuple(out)
