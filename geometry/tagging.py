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
"""

from __future__ import annotations

from typing import Sequence

import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import polygonize, unary_union

from geometry.commands import ReplaceObjects, SetBuilding, SetHall, add_objects
from geometry.i18n import HallPlanError
from geometry.model import ConsultDesk, Counter, Obstacle, Parking, Plan, Zone

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


def _edges(g: BaseGeometry) -> BaseGeometry:
    return g.boundary if isinstance(g, (Polygon, MultiPolygon)) else g


def tag(plan: Plan, poly: Polygon, role: str, kind: str = "other") -> "SetHall | SetBuilding | ReplaceObjects":
    """The command that makes ``poly`` the hall / building or a new object of ``role``."""
    if role == "hall":
        return SetHall(plan.hall, poly)
    if role == "building":
        return SetBuilding(plan.building, poly)
    if role in ("zone", "waiting"):
        obj = Zone(id=plan.new_id("zone"), geometry=poly, kind="waiting" if role == "waiting" else kind)
    elif role == "counter":
        obj = Counter(id=plan.new_id("counter"), geometry=poly)  # type: ignore[assignment]
    elif role == "consult":
        obj = ConsultDesk(id=plan.new_id("consult"), geometry=poly)  # type: ignore[assignment]
    elif role == "parking":
        obj = Parking(id=plan.new_id("parking"), geometry=poly)  # type: ignore[assignment]
    elif role == "obstacle":
        obj = Obstacle(id=plan.new_id("obstacle"), geometry=poly, kind=kind if kind != "other" else "other")  # type: ignore[assignment]
    else:
        raise ValueError(f"unknown role {role!r}")
    return add_objects(plan, [obj])
