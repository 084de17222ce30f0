"""The hall from a click (or a room name) on a drawing: the room the visible wall layers enclose.

Only lines on layers whose role in the layer map is wall, column, door or window are used, and only
layers the user can see; openings close on the wall line, jamb to jamb (:mod:`geometry.wall_rooms`).
Axis grids, dimensions, hatches, furniture, area lines and hidden layers are never walls.  When no
wall layer is visible, every other visible line near the point is tried and the result says so.

>>> from shapely.geometry import MultiLineString
>>> walls = MultiLineString([[(0, 0), (20, 0), (20, 16), (0, 16), (0, 0)]])
>>> axes = MultiLineString([[(8, -5), (8, 25)], [(-5, 8), (30, 8)]])
>>> pick = room_at([("WALL", walls), ("AXIS", axes)], (5, 5))
>>> round(pick.room.area, 1), pick.source
(320.0, 'walls')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Collection, Sequence

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.i18n import HallPlanError
from geometry.tagging import OpenWalls
from geometry.wall_rooms import MAX_OPENING_M, gaps_of, passages, room_near

WALL_ROLES = ("wall", "column", "door", "window")
NEVER_WALLS = ("ignore", "room")  # axes, dimensions, hatches and area lines bound no room, even without wall layers
MAX_NAME = 20  # characters: longer texts are notes, not room names
MAX_TEXTS_IN_ROOM = 6  # an outline holding more texts is a sheet frame or a title block
SEARCH_M = 150.0


@dataclass(frozen=True)
class RoomPick:
    room: Polygon
    source: str  # "walls": the wall/column/door/window layers; "lines": every visible line (no wall layer)
    layers: tuple[str, ...]  # the layers whose lines closed the room
    # (x, y, width) of openings wider than 2.5 m between wall ends inside the room: where it may run
    # on into the next room (an open passage), to check
    passages: tuple[tuple[float, float, float], ...] = ()

    @property
    def area(self) -> float:
        return float(self.room.area)


def _default_role() -> Callable[[str], str | None]:
    try:
        from geometry.dxf.layermap import load_layer_map
    except ImportError:  # pragma: no cover - the DXF package is optional
        return lambda _l: None
    return load_layer_map().layer_role


def wall_layers(layers: Sequence[str], role_of: Callable[[str], str | None] | None = None) -> list[str]:
    """The layers among ``layers`` that hold walls, columns, doors or windows."""
    role_of = role_of or _default_role()
    return [name for name in layers if role_of(name) in WALL_ROLES]


def room_at(underlay: Sequence[tuple[str, BaseGeometry]], at: tuple[float, float], *,
            hidden: Collection[str] = (), gap: float = 0.1, radius: float = SEARCH_M,
            role_of: Callable[[str], str | None] | None = None, doors_open: bool = False,
            metres_per_unit: float | None = None) -> RoomPick:
    """The room around ``at`` closed by the visible wall layers (gaps up to ``gap`` m bridged).

    Openings are closed on the wall line, jamb to jamb (:mod:`geometry.wall_rooms`): wall ends
    facing each other up to 2.5 m apart, and every door (a block, or a leaf and its arc) in its
    opening; the doors' own lines never bound the room.  ``doors_open``: doors standing across a
    space between two walls (a corridor's fire doors) stay open, so the corridor is one room.
    A click inside a wall's thickness or on its line finds the room beside it.

    Raises :class:`~geometry.tagging.OpenWalls` naming the openings (metres, and drawing units
    when ``metres_per_unit`` is given) when the walls do not close; never returns a room that
    neither holds the point nor touches the wall it stands in.  :class:`HallPlanError` when there
    are no lines at all.
    """
    role_of = role_of or _default_role()
    visible = [(name, g) for name, g in underlay if name not in hidden and g is not None and not g.is_empty]
    roles = {n: role_of(n) for n, _g in visible}
    walls_known = any(r in WALL_ROLES for r in roles.values())
    source = "walls" if walls_known else "lines"
    centre = Point(at)
    used: set[str] = set()
    columns: set[int] = set()

    def lines_within(r: float) -> tuple[list[BaseGeometry], list[BaseGeometry]]:
        walls: list[BaseGeometry] = []
        doors: list[BaseGeometry] = []
        used.clear()
        columns.clear()
        for name, g in visible:
            if roles[name] not in WALL_ROLES if walls_known else roles[name] in NEVER_WALLS:
                continue
            parts = shapely.get_parts(np.asarray([g], dtype=object))
            near = parts[shapely.dwithin(parts, centre, r)]
            if not len(near):
                continue
            near = [shapely.boundary(p) if p.geom_type == "Polygon" else p for p in near]
            (doors if walls_known and roles[name] == "door" else walls).extend(near)
            if roles[name] == "column":
                columns.update(map(id, near))
            used.add(name)
        if not walls and not doors:
            raise HallPlanError("点击处附近没有墙线(墙、柱、门、窗图层均未显示或不存在)",
                                "no wall lines near the click (no wall, column, door or window layer is shown)")
        return walls, doors

    room, walls, closures = room_near(lines_within, at, gap, radius, doors_open)
    if room is None:
        raise _open_walls(walls, closures, at, gap, metres_per_unit)
    open_to = passages([w for w in walls if id(w) not in columns], room, gap)
    return RoomPick(room, source, tuple(sorted(used, key=str.casefold)), open_to)


def _open_walls(walls: Sequence[BaseGeometry], closures: Sequence[BaseGeometry], at: tuple[float, float], gap: float,
                metres_per_unit: float | None) -> OpenWalls:
    """The open-walls error for a click whose room does not close: where the gaps are."""
    found = gaps_of(walls, closures, at, gap)
    found = found[:3]
    head_zh = f"墙线没有围合出点击处的房间(缝隙 ≤ {gap * 1000:.0f} mm、相对墙端 ≤ {MAX_OPENING_M:g} m 与门洞会自动闭合)"
    head_en = (f"the walls do not enclose the clicked room (gaps up to {gap * 1000:.0f} mm, facing wall ends up to "
               f"{MAX_OPENING_M:g} m and door openings are closed)")
    if not found:
        return OpenWalls(head_zh, head_en)

    def unit(x: float, y: float) -> tuple[str, str]:
        if not metres_per_unit:
            return "", ""
        return (f",图纸坐标 ({x / metres_per_unit:.0f}, {y / metres_per_unit:.0f})",
                f", drawing coordinates ({x / metres_per_unit:.0f}, {y / metres_per_unit:.0f})")

    zh = ";".join(f"({x:.2f}, {y:.2f}) m 处宽 {w:.2f} m{unit(x, y)[0]}" for x, y, w in found)
    en = "; ".join(f"{w:.2f} m wide at ({x:.2f}, {y:.2f}) m{unit(x, y)[1]}" for x, y, w in found)
    return OpenWalls(f"{head_zh}。缺口:{zh}", f"{head_en}. Gap: {en}", found)


def find_labels(texts: Sequence[object], name: str, hidden: Collection[str] = ()) -> list[tuple[float, float]]:
    """Where the drawing's texts reading ``name`` stand: exact matches first, then texts containing
    it (spaces ignored); texts on ``hidden`` layers are left out.  A name often stands several times
    (the plan, a title block, the notes), so callers try each place.

    >>> from types import SimpleNamespace as T
    >>> find_labels([T(text="配电房平面图", x=0, y=0, layer="A"), T(text="配电 房", x=5, y=4, layer="A"),
    ...              T(text="配电房", x=9, y=9, layer="OFF")], "配电房", hidden={"OFF"})
    [(5.0, 4.0), (0.0, 0.0)]
    """
    want = "".join(name.split()).casefold()
    if not want:
        return []
    exact: list[tuple[float, float]] = []
    partial: list[tuple[float, float]] = []
    for tx in texts:
        if str(getattr(tx, "layer", "")) in hidden:
            continue
        s = "".join(str(getattr(tx, "text", "")).split()).casefold()
        at = (float(getattr(tx, "x")), float(getattr(tx, "y")))
        if s == want:
            exact.append(at)
        elif want in s:
            partial.append(at)
    return exact + partial


def closed_rooms(underlay: Sequence[tuple[str, BaseGeometry]], texts: Sequence[object], *,
                 hidden: Collection[str] = (), min_area: float = 2.0) -> list[tuple[str, Polygon, str]]:
    """Rooms drawn as closed outlines (an area layer) and named by a text inside: ``(name, room,
    layer)``, each name once (its smallest outline), sorted by name.

    >>> from shapely.geometry import MultiLineString
    >>> from types import SimpleNamespace as T
    >>> rooms = MultiLineString([[(0, 0), (10, 0), (10, 8), (0, 8), (0, 0)], [(10, 0), (14, 0), (14, 8), (10, 8), (10, 0)]])
    >>> [(n, r.area) for n, r, _l in closed_rooms([("AREA", rooms)], [T(text="大厅", x=5, y=4, layer="T"), T(text="库房", x=12, y=4, layer="T")])]
    [('大厅', 80.0), ('库房', 32.0)]
    """
    rings: list[tuple[Polygon, str]] = []
    for name, g in underlay:
        if name in hidden or g is None or g.is_empty:
            continue
        for part in shapely.get_parts(np.asarray([g], dtype=object)):
            if part.geom_type == "LineString" and part.is_closed and len(part.coords) >= 4:
                poly = Polygon(part.coords)
                if poly.is_valid and poly.area >= min_area:
                    rings.append((poly, name))
    if not rings:
        return []
    tree = shapely.STRtree([r for r, _n in rings])
    named: list[tuple[str, Point, float]] = []
    for tx in texts:
        label = " ".join(str(getattr(tx, "text", "")).split())
        if not 2 <= len(label) <= MAX_NAME or getattr(tx, "layer", "") in hidden or not any(c.isalpha() for c in label):
            continue
        named.append((label, Point(float(getattr(tx, "x")), float(getattr(tx, "y"))), float(getattr(tx, "height", 0.0) or 0.0)))
    if not named:
        return []
    texts_in = np.zeros(len(rings), dtype=int)  # a sheet frame holds many texts, a room its name and a few more
    _t, ring_idx = tree.query(shapely.points([(p.x, p.y) for _n, p, _h in named]), predicate="within")
    np.add.at(texts_in, ring_idx, 1)
    best: dict[str, tuple[Polygon, str]] = {}
    for label, pt, h in named:
        inside = [rings[int(i)] for i in tree.query(pt, predicate="within")
                  if texts_in[int(i)] <= MAX_TEXTS_IN_ROOM and rings[int(i)][0].area >= 10 * h * h * len(label)]
        if not inside:
            continue
        poly, layer = min(inside, key=lambda r: r[0].area)
        if label not in best or poly.area < best[label][0].area:
            best[label] = (poly, layer)
    return sorted(((n, p, layer) for n, (p, layer) in best.items()), key=lambda r: r[0])
