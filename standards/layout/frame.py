"""The proposer's working frame: the main entrance at the origin, the hall lying towards +y.

Layouts are worked out in this frame (counter rows along "the back", the lobby "in front") and
turned back to the plan's coordinates at the end, so any orientation of the hall works alike.

>>> from shapely.geometry import LineString, box
>>> f = frame_for(box(0, 0, 20, 10), LineString([(20, 4), (20, 6)]))   # entrance on the east wall
>>> round(f.angle)                                                       # the hall lies towards -x
90
>>> [round(v, 6) for v in f.to_local(box(0, 0, 20, 10)).bounds]
[-5.0, 0.0, 5.0, 20.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from shapely import affinity
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points


@dataclass(frozen=True)
class Frame:
    """world = rotate(local, angle) + (ox, oy)."""

    angle: float
    ox: float
    oy: float

    def to_local(self, g: BaseGeometry) -> BaseGeometry:
        return affinity.rotate(affinity.translate(g, -self.ox, -self.oy), -self.angle, origin=(0.0, 0.0))

    def to_world(self, g: BaseGeometry) -> BaseGeometry:
        out = affinity.translate(affinity.rotate(g, self.angle, origin=(0.0, 0.0)), self.ox, self.oy)
        return shapely.set_precision(out, 0.001) if self.angle % 90 == 0 else out

    def direction(self, local_deg: float) -> float:
        """A direction of the frame (degrees from +x) in the plan's coordinates."""
        return round((local_deg + self.angle) % 360.0, 6)


def frame_for(hall: Polygon, entrance: BaseGeometry | None) -> Frame:
    """The frame whose origin is the entrance's middle and whose +y points into the hall (across the
    wall the entrance is in).  Without an entrance: the middle of the hall's lowest edge."""
    ring = hall.exterior
    if entrance is None or entrance.is_empty:
        x0, y0, x1, _ = hall.bounds
        mid = nearest_points(ring, Point((x0 + x1) / 2, y0))[0]
    else:
        c = entrance.centroid if isinstance(entrance, LineString) else entrance
        mid = nearest_points(ring, c)[0] if not isinstance(entrance, LineString) else c
    if isinstance(entrance, LineString) and entrance.length > 0:  # across the opening, end to end (a curved wall too)
        (ax, ay), (bx, by) = entrance.coords[0], entrance.coords[-1]
    else:  # the wall segment nearest the entrance's middle
        coords = list(ring.coords)
        best = min(range(len(coords) - 1), key=lambda i: LineString([coords[i], coords[i + 1]]).distance(mid))
        (ax, ay), (bx, by) = coords[best], coords[best + 1]
    dx, dy = bx - ax, by - ay
    n = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / n, dx / n
    probe = Point(mid.x + nx * 0.5, mid.y + ny * 0.5)
    if not hall.contains(probe):
        nx, ny = -nx, -ny
    angle = math.degrees(math.atan2(ny, nx)) - 90.0
    angle = round(angle, 6) % 360.0
    return Frame(angle=angle, ox=round(mid.x, 6), oy=round(mid.y, 6))
