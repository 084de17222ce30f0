"""The accessible routes of a layout, drawn: from the accessible entrance to the low counter and to
the accessible toilet, kept half their width clear of everything on each side.

The path is the shortest walk over the public floor shrunk by half the route's width (the raster
and Dijkstra of :mod:`geometry.circulation`), so the drawn route passes the check's own test that
nothing stands within its width.
"""

from __future__ import annotations

from typing import Callable

from shapely.geometry import LineString
from shapely.ops import nearest_points

from geometry.circulation.analysis import Circulation
from geometry.circulation.raster import mask
from geometry.circulation.walking import distance_field
from geometry.model import Plan, Route

ROUTE_WIDTH = 1.5  # m, drawn width (≥ 1.20 m clear asked; 1.50 m lets a wheelchair turn along it)


def accessible_routes(plan: Plan, new_id: Callable[[str], str]) -> tuple[Route, ...]:
    """Routes from the accessible entrance to the low counter and to the accessible toilet (those
    the plan has), each ``ROUTE_WIDTH`` wide; none where the floor leaves no such way."""
    circ = Circulation(plan)
    sp, grid = circ.space, circ.grid
    ent = circ.accessible_entrance or circ.main_entrance
    if sp is None or grid is None or ent is None:
        return ()
    clear = sp.public.buffer(-(ROUTE_WIDTH / 2 + 0.1))
    if clear.is_empty:
        return ()
    start = nearest_points(clear, ent.geometry.centroid)[0]
    field = distance_field(grid, mask(grid, clear), [start])
    targets = []
    acc = [c for c in plan.counters if c.accessible]
    if acc and acc[0].id in circ.targets:
        targets.append(("低位服务台", circ.targets[acc[0].id].reach))
    toilets = plan.facilities_of("accessible_toilet")
    if toilets:
        targets.append(("无障碍卫生间", toilets[0].geometry))
    out: list[Route] = []
    for label, goal in targets:
        path = field.path_to(goal, within=ROUTE_WIDTH)
        if path is None or path.length < 1.0:
            continue
        line = path.simplify(0.05)
        coords = [(round(x, 3), round(y, 3)) for x, y in line.coords]
        out.append(Route(id=new_id("route"), geometry=LineString(coords), width_m=ROUTE_WIDTH, label=f"无障碍通道(至{label})"))
    return tuple(out)
