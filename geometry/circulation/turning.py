"""Wheelchair turning space: does a circle of a given diameter fit on the floor near a place?

A circle of diameter ``D`` fits with its centre at ``c`` exactly when ``c`` lies in the floor
eroded by ``D/2`` (see :func:`geometry.circulation.width.centre_region`, 1 mm slack).  In front
of a counter the centre must lie in the strip in front of its customer face, at most
``D/2 + reach`` from it (the circle comes within ``reach`` of the counter).

>>> from shapely.geometry import box, Point
>>> floor = box(0, 0, 4, 1.6)
>>> turning_circle(floor, Point(2, 0.8)).fits, turning_circle(box(0, 0, 4, 1.4), Point(2, 0.7)).fits
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.circulation.space import CounterSide, _rect
from geometry.circulation.width import centre_region


@dataclass(frozen=True)
class TurningCheck:
    """Whether a turning circle fits; the circle found (draw it) or the place searched."""

    fits: bool
    diameter: float
    circle: Polygon | None  # a circle that fits, when one does
    searched: BaseGeometry  # where its centre was looked for


def turning_circle(floor: BaseGeometry, near: BaseGeometry, diameter: float = 1.5, within: float = 0.5) -> TurningCheck:
    """A circle of ``diameter`` on ``floor`` with its centre within ``within`` m of ``near``."""
    region = near.buffer(within) if within > 0 else near
    return _fit(floor, region, diameter)


def turning_in_front(floor: BaseGeometry, side: CounterSide, diameter: float = 1.5, reach: float = 0.3) -> TurningCheck:
    """A circle of ``diameter`` in front of a counter's customer face (centre in the face's strip,
    the circle no farther than ``reach`` m from the face)."""
    (x0, y0), (x1, y1) = side.face.coords[0], side.face.coords[-1]
    dx, dy = side.customer_dir
    lx, ly = x1 - x0, y1 - y0
    n = (lx * lx + ly * ly) ** 0.5
    lx, ly = lx / n, ly / n
    s0 = x0 * lx + y0 * ly
    t0 = x0 * dx + y0 * dy
    strip = _rect((lx, ly), (dx, dy), s0, s0 + n, t0, t0 + diameter / 2.0 + reach + 1e-6)
    return _fit(floor, strip, diameter)


def _fit(floor: BaseGeometry, region: BaseGeometry, diameter: float) -> TurningCheck:
    centres = centre_region(floor, diameter)
    hit = centres.intersection(region) if not centres.is_empty else Polygon()
    if hit.is_empty:
        return TurningCheck(False, diameter, None, region)
    c = hit.representative_point() if hit.geom_type != "Point" else hit
    return TurningCheck(True, diameter, Point(c.x, c.y).buffer(diameter / 2.0), region)
