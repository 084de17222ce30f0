"""The facilities of a candidate layout: each kind the packs require, placed where the rules want
it (evaluation devices at the counters, cameras and alarms at the entrances, terminals in the
self-service area, extinguishers on a grid the search then completes), on the public floor."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable

import shapely
from shapely import affinity
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.model import Plan
from standards.layout.needs import BIG_LEVELS, Needs
from standards.layout.rows import STAFF_DEPTH, Slot

if TYPE_CHECKING:
    from standards.layout.build import Params, _Site

Place = Callable[..., None]
EXTINGUISHER_GRID_M = 13.0  # straight-line spacing of the first guess (the walk limit is 20 m; the search adds more)


def _public(site: "_Site", slots: list[Slot]) -> BaseGeometry:
    """Floor a visitor reaches: clear of walls, counters with their staff strips, desks."""
    solid = []
    for s in slots:
        rad = math.radians(s.customer_deg)
        back = affinity.translate(s.footprint, -math.cos(rad) * STAFF_DEPTH, -math.sin(rad) * STAFF_DEPTH)
        solid.append(s.footprint.union(back).convex_hull.buffer(0.3))
    return site.free.difference(shapely.union_all(solid)) if solid else site.free


def place_facilities(site: "_Site", needs: Needs, params: "Params", slots: list[Slot], corners: dict[str, Polygon],
                     waiting: Polygon | None, fac: Place, base: Plan) -> None:
    f = site.frame
    floor = _public(site, slots)
    hb = site.hall.bounds
    lobby = site.lobby.bounds
    required = set(needs.facilities)
    big = needs.level in BIG_LEVELS

    def has(kind: str) -> bool:
        return kind in required or (big and kind in ("toilet", "accessible_toilet"))

    # at each counter: an evaluation device on the customer side
    if has("evaluation_device") or needs.level == "township":
        for s in slots:
            c = s.footprint.centroid
            rad = math.radians(s.customer_deg)
            fac("evaluation_device", (c.x + math.cos(rad) * 0.6, c.y + math.sin(rad) * 0.6), floor)
    # the waiting area: seats, water, writing desks, the call screen
    if waiting is not None:
        x0, y0, x1, y1 = waiting.bounds
        if has("rest_seats"):
            for k in range(4 if big else 2):
                fac("rest_seats", (x0 + (k + 0.5) * (x1 - x0) / (4 if big else 2), (y0 + y1) / 2), floor)
        if has("water_dispenser"):
            fac("water_dispenser", (x0 + 0.5, y0 + 0.5), floor)
        if has("writing_desk"):
            fac("writing_desk", (x1 - 0.8, y1 - 0.8), floor)
        if has("display_screen"):
            fac("display_screen", ((x0 + x1) / 2, y1 - 0.3), floor, "叫号显示屏")
    else:
        for kind in ("rest_seats", "water_dispenser", "writing_desk"):
            if has(kind):
                fac(kind, ((hb[0] + hb[2]) / 2, (hb[1] + hb[3]) / 2), floor)
    # the lobby: queue machine, signs, first aid
    if has("queue_machine"):
        fac("queue_machine", (lobby[2] + 0.5, 2.5), floor)
    if has("guide_sign"):
        fac("guide_sign", (0.0, 7.5), floor)
    if has("warning_sign"):
        fac("warning_sign", (lobby[2] + 0.3, 0.5), floor)
    if has("notice_sign"):
        fac("notice_sign", (lobby[0] - 0.3, 0.5), floor, "办事须知")
    if has("notice_board"):
        fac("notice_board", (hb[0] + 0.3, (hb[1] + hb[3]) / 2), floor)
    if has("display_screen"):
        fac("display_screen", (hb[0] + 0.3, hb[1] + (hb[3] - hb[1]) * 0.3), floor, "信息公开大屏")
    sp = corners.get("special_population")
    if sp is not None or needs.special_zone:
        at = sp.centroid if sp is not None else Point(lobby[0] - 2.0, 2.0)
        fac("special_population", (at.x, at.y), floor, "爱心服务台")
    if has("first_aid"):
        at = sp.centroid if sp is not None else Point(lobby[0] - 2.0, 2.0)
        fac("first_aid", (at.x + 1.0, at.y + 1.0), floor)
    ss = corners.get("self_service")
    if has("self_service_terminal"):
        at = ss.bounds if ss is not None else (lobby[2] + 1.0, 1.0, lobby[2] + 5.0, 4.0)
        for k in range(3):
            fac("self_service_terminal", (at[0] + (k + 0.5) * (at[2] - at[0]) / 3, at[3] - 0.5), floor)
    # toilets on the side wall, about mid-depth
    for kind, frac in (("toilet", 0.5), ("accessible_toilet", 0.4)):
        if has(kind):
            fac(kind, (hb[2], hb[1] + (hb[3] - hb[1]) * frac), floor, {"toilet": "洗手间", "accessible_toilet": "无障碍卫生间"}[kind])
    # cameras and alarms at every entrance, exit signs at every exit
    for e in base.entrances:
        g = f.to_local(e.geometry)
        m = g.centroid if isinstance(g, LineString) else g
        along = (1.8, 0.0)
        if isinstance(g, LineString) and g.length > 0:
            (ax, ay), (bx, by) = g.coords[0], g.coords[-1]
            along = ((bx - ax) / g.length * 1.8, (by - ay) / g.length * 1.8)
        if has("cctv"):
            fac("cctv", (m.x + along[0], m.y + along[1]), floor)
        if has("alarm"):
            fac("alarm", (m.x - along[0], m.y - along[1]), floor)
        if has("exit_sign") and (e.exit or e.main):
            fac("exit_sign", (m.x, m.y), floor)
    if has("exit_sign") and not base.entrances:  # no entrance drawn: at the side the layout was made from
        fac("exit_sign", (0.0, 0.3), floor)
    if has("emergency_light"):
        for frac in (0.25, 0.5, 0.75):
            fac("emergency_light", (hb[0] + (hb[2] - hb[0]) * frac, hb[1] + (hb[3] - hb[1]) * 0.5), floor)
    # stairs and lift to the other floors, in a back corner
    if needs.stairs:
        fac("stairs", (hb[0] + 1.5, hb[3] - 1.5), floor, "楼梯")
    if needs.lift:
        fac("lift", (hb[0] + 4.0, hb[3] - 1.5), floor, "无障碍电梯")
    # the village's items, behind or beside its counter
    for k, kind in enumerate(needs.village_items):
        at = slots[0].footprint.centroid if slots else Point((hb[0] + hb[2]) / 2, hb[3] - 1.0)
        fac(kind, (at.x - 2.0 + 0.8 * k, at.y + 1.0), None)
    # extinguishers: a grid over the floor, then the points the search added
    if has("extinguisher") or needs.level in ("township", "village"):
        placed: list[Point] = []
        nx = max(1, math.ceil((hb[2] - hb[0]) / EXTINGUISHER_GRID_M))
        ny = max(1, math.ceil((hb[3] - hb[1]) / EXTINGUISHER_GRID_M))
        for i in range(nx):
            for j in range(ny):
                x = hb[0] + (i + 0.5) * (hb[2] - hb[0]) / nx
                y = hb[1] + (j + 0.5) * (hb[3] - hb[1]) / ny
                if site.hall.distance(Point(x, y)) > EXTINGUISHER_GRID_M / 2:
                    continue  # a grid point far outside an L's arm
                fac("extinguisher", (x, y), floor)
                placed.append(Point(x, y))
        # the search's points go where the uncovered floor is (a staff strip too), off the counters
        walkable = site.free.difference(shapely.union_all([s.footprint.buffer(0.2) for s in slots])) if slots else site.free
        for wx, wy in params.extra_extinguishers:
            p = f.to_local(Point(wx, wy))
            fac("extinguisher", (p.x, p.y), walkable)
