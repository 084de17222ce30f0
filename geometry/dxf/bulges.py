"""Paths of 2D polylines with bulges (LWPOLYLINE, a HATCH's polyline boundaries), built as ezdxf
builds them, with less overhead per bulge.

ezdxf's ``path.make_path(lwpolyline)`` and ``path.from_hatch`` go through ``add_2d_polyline``,
whose ``bulge_to`` turns each bulge into one elliptic arc of cubic Béziers.  On a drawing with
thousands of bulges (door swings, rounded furniture) most of its cost is overhead around the
geometry: a ``numpy.linspace`` for the arc's two angles, ``get_points`` formatting each vertex
through ``locals()``, the dispatch.  This module makes the same calls on the same numbers
(``bulge_to_arc``, ``ConstructionEllipse.from_arc``, ``cubic_bezier_from_ellipse``,
``add_bezier4p``), so the paths, and the vertices their flattening gives, are the same to the
last bit (tested against ezdxf on every drawing and on random polylines).

>>> from ezdxf import path
>>> from ezdxf.entities import LWPolyline
>>> e = LWPolyline.new()
>>> e.append_points([(0, 0, 0, 0, 1.0), (2, 0, 0, 0, 0)], format="xyseb")  # a half circle below (0,0)-(2,0)
>>> pts = [tuple(v) for v in lwpolyline_path(e).flattening(0.01)]
>>> pts == [tuple(v) for v in path.make_path(e).flattening(0.01)], round(min(y for _, y, _ in pts), 6)
(True, -1.0)
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Iterator, Sequence

from ezdxf.entities.boundary_paths import PolylinePath
from ezdxf.math import OCS, Z_AXIS, ConstructionEllipse, Vec3, bulge_to_arc, cubic_bezier_from_ellipse, reverse_bezier_curves
from ezdxf.path import Path, from_hatch_boundary_path
from ezdxf.path.tools import IS_CLOSE_TOL, add_bezier4p

__all__ = ["hatch_paths", "lwpolyline_path"]


def _bulge_to(path: Path, p1: Vec3, p2: Vec3, bulge: float) -> None:
    """ezdxf's ``add_2d_polyline.bulge_to`` with ``segments=1`` (one arc of Béziers)."""
    if p1.isclose(p2, rel_tol=IS_CLOSE_TOL, abs_tol=0):
        return
    center, start_angle, end_angle, radius = bulge_to_arc(p1, p2, bulge)
    start_angle = start_angle % math.tau
    end_angle = end_angle % math.tau
    if start_angle > end_angle:
        end_angle += math.tau
    # ezdxf takes the two angles from numpy.linspace(start, end, 2): [0 * step + start, end]
    start_angle = 0.0 * (end_angle - start_angle) + start_angle
    ellipse = ConstructionEllipse.from_arc(center, radius, Z_AXIS, math.degrees(start_angle), math.degrees(end_angle))
    curves = list(cubic_bezier_from_ellipse(ellipse))
    if curves[0].control_points[0].isclose(p2, rel_tol=IS_CLOSE_TOL, abs_tol=0):
        curves = reverse_bezier_curves(curves)
    add_bezier4p(path, curves)


def polyline_path(points: Iterable[Sequence[float]], close: bool, ocs: OCS, elevation: float) -> Path:
    """ezdxf's ``add_2d_polyline`` of ``(x, y, bulge)`` points into a new path."""
    path = Path()
    prev_point: Vec3 | None = None
    prev_bulge: float = 0
    for x, y, bulge in points:
        if abs(bulge) < 1e-6:  # as ezdxf: bulges near 0 are none
            bulge = 0
        point = Vec3(x, y)
        if prev_point is None:
            path.start = point
            prev_point = point
            prev_bulge = bulge
            continue
        if prev_bulge:
            _bulge_to(path, prev_point, point, prev_bulge)
        else:
            path.line_to(point)
        prev_point = point
        prev_bulge = bulge
    if close and not path.start.isclose(path.end, rel_tol=IS_CLOSE_TOL, abs_tol=0):
        if prev_bulge:
            _bulge_to(path, path.end, path.start, prev_bulge)
        else:
            path.line_to(path.start)
    if ocs.transform or elevation:
        path.to_wcs(ocs, elevation)
    return path


def lwpolyline_path(e: Any) -> Path:
    """``ezdxf.path.make_path(e)`` of an LWPOLYLINE (an ezdxf entity: ``lwpoints``, ``closed``,
    ``ocs()``, ``dxf.elevation``)."""
    return polyline_path(e.lwpoints.values[:, (0, 1, 4)].tolist(), bool(e.closed), e.ocs(), e.dxf.elevation)


def hatch_paths(e: Any) -> Iterator[Path]:
    """``ezdxf.path.from_hatch(e)`` of a HATCH: its polyline boundaries built here, its edge
    boundaries by ezdxf."""
    ocs = e.ocs()
    elevation = e.dxf.elevation.z
    for boundary in e.paths:
        if isinstance(boundary, PolylinePath):
            yield polyline_path(boundary.vertices, boundary.is_closed, ocs, elevation)
            continue
        p = from_hatch_boundary_path(boundary, ocs, elevation=elevation)
        if p.has_sub_paths:
            yield from p.sub_paths()
        else:
            yield p
