"""Turning underlay geometry into plan objects ("set as service hall", "make room from walls").

>>> from shapely.geometry import LineString
>>> ring = LineString([(0, 0), (4, 0), (4, 3), (0, 3), (0, 0)])
>>> poly = polygon_from_underlay(ring)
>>> poly.area
12.0
>>> p1 = tag(Plan(), poly, "waiting").do(Plan())
>>> p1.zones[0].kind, p1.zones[0].id
('waiting', 'zone-1')
>>> tag(Plan(), poly, "hall").do(Plan()).hall.area
12.0

Rooms from selected wall lines: ends closer than the gap tolerance are joined.

>>> walls = [LineString([(0, 0), (10, 0), (10, 8)]), LineString([(10, 8.05), (0, 8), (0, 0)])]
>>> room, why = room_from_selected(walls, gap=0.1)
>>> round(room.area, 1), why
(80.2, 'only')
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import polygonize, unary_union

from geometry.commands import ReplaceObjects, add_objects, set_outline
from geometry.i18n import HallPlanError
from geometry.kinds import kind_for_role
from geometry.model import OBJECT_TYPES, Plan

TAG_ROLES = ("hall", "building", "zone", "waiting", "counter", "consult", "parking", "obstacle")


def polygon_from_underlay(g: BaseGeometry) -> Polygon:
    """The polygon a closed polyline (or polygon) encloses; HallPlanError when it is open or degenerate."""
    if isinstance(g, Polygon):
        poly = g
    elif isinstance(g, LineString):
        coords = list(g.coords)
        if len(coords) < 3:
            raise HallPlanError("所选线段不是闭合多段线", "the selected line is not a closed polyline")
        gap = shapely.Point(coords[0]).distance(shapely.Point(coords[-1]))
        if gap > 1e-3:
            raise HallPlanError(f"所选多段线未闭合(首尾相距 {gap:.3f} m)",
                                f"the selected polyline is not closed (its ends are {gap:.3f} m apart)")
        poly = Polygon(coords)
    else:
        raise HallPlanError(f"不能由 {g.geom_type} 生成区域", f"cannot make an area from a {g.geom_type}")
    if not poly.is_valid:
        fixed = poly.buffer(0)
        if isinstance(fixed, MultiPolygon):
            fixed = max(fixed.geoms, key=lambda p: p.area)
        poly = fixed
    if not isinstance(poly, Polygon) or poly.is_empty or poly.area <= 1e-6:
        raise HallPlanError("所选多段线围合面积为零", "the selected polyline encloses no area")
    return poly


def room_from_walls(lines: Sequence[BaseGeometry], at: tuple[float, float] | None = None, gap: float = 0.3) -> Polygon:
    """The room the wall lines enclose (around ``at`` when given, else the largest one).

    Uses the DXF package's gap-closing ``room_around`` when a point is given; otherwise
    polygonizes the noded lines.
    """
    if not lines:
        raise HallPlanError("没有选中墙线", "no wall lines selected")
    if at is not None:
        try:
            from geometry.dxf import rooms
        except ImportError:  # pragma: no cover - the DXF package is optional
            rooms = None  # type: ignore[assignment]
        if rooms is not None:
            room = rooms.room_around(list(lines), at, gap)
            if room is not None:
                return room
    faces = [p for p in polygonize(unary_union([_edges(g) for g in lines])) if p.area > 1e-6]
    if at is not None:
        faces = [p for p in faces if p.contains(shapely.Point(at))] or faces
    if not faces:
        raise HallPlanError("所选墙线没有围合出房间(可能有缺口)", "the selected walls enclose no room (there may be a gap)")
    return max(faces, key=lambda p: p.area) if at is None else min(faces, key=lambda p: p.area)


class OpenWalls(HallPlanError):
    """The selected walls enclose no room; ``gaps`` are (x, y, width) of the openings found."""

    def __init__(self, zh: str, en: str, gaps: Sequence[tuple[float, float, float]] = ()) -> None:
        super().__init__(zh, en)
        self.gaps = tuple(gaps)


def _gap_connectors(parts: Sequence[BaseGeometry], gap: float) -> list[LineString]:
    """Short segments that close openings up to ``gap``: between vertices closer than ``gap`` and
    from every loose end to the nearest other line within ``gap``."""
    out: list[LineString] = []
    xy = np.unique(shapely.get_coordinates(np.asarray(parts, dtype=object)), axis=0)
    if len(xy) > 1:
        pts = shapely.points(xy)
        a, b = shapely.STRtree(pts).query(pts, predicate="dwithin", distance=gap)
        for i, j in zip(a, b):
            if i < j:
                out.append(LineString([xy[i], xy[j]]))
    noded = unary_union(list(parts))
    pieces = [g for g in getattr(noded, "geoms", [noded]) if isinstance(g, LineString) and not g.is_empty]
    degree: dict[tuple[float, float], int] = {}
    for g in pieces:
        if not g.is_closed:
            for c in (g.coords[0], g.coords[-1]):
                k = (round(c[0], 9), round(c[1], 9))
                degree[k] = degree.get(k, 0) + 1
    if pieces:
        tree = shapely.STRtree(pieces)
        for k, n in degree.items():
            if n != 1:
                continue
            end = Point(k)
            for i in tree.query(end, predicate="dwithin", distance=gap):
                piece = pieces[int(i)]
                if piece.distance(end) > 1e-9:
                    q = piece.interpolate(piece.project(end))
                    out.append(LineString([k, (q.x, q.y)]))
    return out


def rooms_from_lines(lines: Sequence[BaseGeometry], gap: float = 0.1, min_width: float = 0.6) -> list[Polygon]:
    """The rooms exactly these lines enclose, largest first.

    The lines are noded, openings up to ``gap`` metres are closed by short connectors, the faces
    are polygonized; faces narrower than ``min_width`` (the fill between double wall lines, slivers)
    are not rooms.
    """
    parts = [p for g in lines for p in shapely.get_parts(_edges(g)) if not p.is_empty]
    if not parts:
        return []
    faces = list(polygonize(unary_union(parts + _gap_connectors(parts, gap))))
    rooms = [f for f in faces if isinstance(f, Polygon) and f.area > 1e-6
             and not f.buffer(-min_width / 2.0, join_style="mitre").is_empty]
    return sorted(rooms, key=lambda p: -p.area)


MAX_SELECTED_VERTICES = 100_000  # a box around a whole drawing is not a room's walls (and would freeze the editor)


def room_from_selected(lines: Sequence[BaseGeometry], gap: float = 0.1,
                       at: tuple[float, float] | None = None) -> tuple[Polygon, str]:
    """(the room, which one): the room around ``at`` ("click"), the only one ("only") or the
    largest of several ("largest").  :class:`OpenWalls` says where the gaps are when none closes."""
    if not lines:
        raise HallPlanError("没有选中墙线:请先用选择工具点击底图线条(Shift 加选)",
                            "no wall lines selected: click underlay lines with the select tool first (Shift adds)")
    n = int(shapely.get_num_coordinates(np.asarray(list(lines), dtype=object)).sum())
    if n > MAX_SELECTED_VERTICES:
        raise HallPlanError(f"选中的线条太多({n} 个顶点):请只选一个房间的墙线",
                            f"too many lines selected ({n} vertices): select the walls of one room")
    rooms = rooms_from_lines(lines, gap)
    if rooms:
        if at is not None:
            inside = [r for r in rooms if r.contains(Point(at))]
            if inside:
                return min(inside, key=lambda r: r.area), "click"
        return rooms[0], "only" if len(rooms) == 1 else "largest"
    raise _open_walls(lines, gap, at)


def _open_walls(lines: Sequence[BaseGeometry], gap: float, at: tuple[float, float] | None) -> OpenWalls:
    hull = unary_union(list(lines)).convex_hull
    label = at if at is not None and hull.contains(Point(at)) else (hull.centroid.x, hull.centroid.y)
    try:
        from geometry.dxf.rooms import find_gaps
    except ImportError:  # pragma: no cover - the DXF package is optional
        found: list[tuple[float, float, float]] = []
    else:
        found = [(g.where[0], g.where[1], g.width) for g in find_gaps(list(lines), label, gap)][:3]
    head_zh = f"所选墙线没有围合出房间(缝隙 ≤ {gap * 1000:.0f} mm 会自动闭合)"
    head_en = f"the selected walls enclose no room (gaps up to {gap * 1000:.0f} mm are closed)"
    if not found:
        return OpenWalls(head_zh + ":请多选几段墙线", head_en + ": select more wall lines")
    zh = ";".join(f"({x:.2f}, {y:.2f}) 处宽 {w:.2f} m" for x, y, w in found)
    en = "; ".join(f"{w:.2f} m wide at ({x:.2f}, {y:.2f})" for x, y, w in found)
    return OpenWalls(f"{head_zh}。缺口:{zh}", f"{head_en}. Gap: {en}", found)


def _edges(g: BaseGeometry) -> BaseGeometry:
    return g.boundary if isinstance(g, (Polygon, MultiPolygon)) else g


def tag(plan: Plan, poly: Polygon, role: str, kind: str = "other") -> ReplaceObjects:
    """The command that makes ``poly`` a new object of ``role`` (the hall or building: replacing the plan's one)."""
    try:
        k = kind_for_role(role)
    except KeyError:
        raise ValueError(f"unknown role {role!r}") from None
    if Polygon not in k.geometry or k.code == "facility":
        raise ValueError(f"role {role!r} is not drawn as an outline")
    if k.single:
        return set_outline(plan, k.code, poly)
    extra = {"kind": role if role != k.code else kind} if k.code in ("zone", "obstacle") else {}  # waiting; a wall, a column
    return add_objects(plan, [OBJECT_TYPES[k.code](id=plan.new_id(k.code), geometry=poly, **extra)])
