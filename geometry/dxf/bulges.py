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
import numpy as np
from ezdxf.math import OCS, Z_AXIS, Bezier4P, ConstructionEllipse, Vec3, bulge_to_arc, cubic_bezier_from_ellipse
from ezdxf.path import Path, from_hatch_boundary_path
from ezdxf.path.tools import IS_CLOSE_TOL, add_bezier4p

__all__ = ["flat_lwpolyline", "flat_path", "flat_polyline", "hatch_flats", "hatch_paths", "lwpolyline_path"]


def _bulge_to(path: Path, p1: Vec3, p2: Vec3, bulge: float) -> None:
    """ezdxf's ``add_2d_polyline.bulge_to`` with ``segments=1`` (one arc of Béziers)."""
    curves = _bulge_curves(p1, p2, bulge)
    if curves:
        add_bezier4p(path, [Bezier4P(c) for c in curves])


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


def _bulge_curves(p1: Vec3, p2: Vec3, bulge: float) -> list[tuple[Vec3, Vec3, Vec3, Vec3]]:
    """The control points of the Béziers :func:`_bulge_to` adds, in the direction ezdxf adds them
    (``reverse_bezier_curves`` when the first starts at ``p2``); none when the two points are the same."""
    if p1.isclose(p2, rel_tol=IS_CLOSE_TOL, abs_tol=0):
        return []
    center, start_angle, end_angle, radius = bulge_to_arc(p1, p2, bulge)
    start_angle = start_angle % math.tau
    end_angle = end_angle % math.tau
    if start_angle > end_angle:
        end_angle += math.tau
    # ezdxf takes the two angles from numpy.linspace(start, end, 2): [0 * step + start, end]
    start_angle = 0.0 * (end_angle - start_angle) + start_angle
    ellipse = ConstructionEllipse.from_arc(center, radius, Z_AXIS, math.degrees(start_angle), math.degrees(end_angle))
    curves = [c.control_points for c in cubic_bezier_from_ellipse(ellipse)]
    if curves and curves[0][0].isclose(p2, rel_tol=IS_CLOSE_TOL, abs_tol=0):
        curves = [(d, c, b, a) for a, b, c, d in reversed(curves)]  # reverse_bezier_curves
    return curves


def flat_polyline(points: Iterable[Sequence[float]], close: bool, tol: float, max_coord: float) -> np.ndarray:
    """The vertices of ``polyline_path(points, close, OCS(), 0)`` flattened as the collector
    flattens a path (``Collector._flat``: within ``tol``, grown to a millionth of the path's size;
    one NaN vertex when a control point is not finite or beyond ``max_coord``) — the same numbers,
    without the ``Path``: its vertices and commands are two lists here, each Bézier is flattened
    by ezdxf's ``Bezier4P.flattening`` as ``Path.flattening`` does."""
    verts: list[Vec3] = [Vec3()]  # Path._vertices: the start, then each command's vertices
    curve_at: list[int] = []  # Path._start_index of the CURVE4 commands ...
    line_at: list[int] = []  # ... and of the LINE_TO commands
    order: list[bool] = []  # True: a curve

    def line_to(p: Vec3) -> None:
        line_at.append(len(verts))
        order.append(False)
        verts.append(p)

    def bulge_to(p1: Vec3, p2: Vec3, bulge: float) -> None:
        curves = _bulge_curves(p1, p2, bulge)
        if not curves:
            return
        if verts[-1].isclose(curves[-1][3]):  # add_bezier4p: connect to the curves' end
            curves = [(d, c, b, a) for a, b, c, d in reversed(curves)]
        for start, ctrl1, ctrl2, end in curves:
            if not start.isclose(verts[-1]):
                line_to(start)
            if start.isclose(ctrl1, rel_tol=1e-15, abs_tol=0.0) and end.isclose(ctrl2, rel_tol=1e-15, abs_tol=0.0):
                line_to(end)
            else:
                curve_at.append(len(verts))
                order.append(True)
                verts.extend((ctrl1, ctrl2, end))

    prev_point: Vec3 | None = None
    prev_bulge: float = 0
    for x, y, bulge in points:
        if abs(bulge) < 1e-6:
            bulge = 0
        point = Vec3(x, y)
        if prev_point is None:
            verts[0] = point
            prev_point = point
            prev_bulge = bulge
            continue
        if prev_bulge:
            bulge_to(prev_point, point, prev_bulge)
        else:
            line_to(point)
        prev_point = point
        prev_bulge = bulge
    if close and not verts[0].isclose(verts[-1], rel_tol=IS_CLOSE_TOL, abs_tol=0):
        if prev_bulge:
            bulge_to(verts[-1], verts[0], prev_bulge)
        else:
            line_to(verts[0])
    if not order:
        return np.empty((0, 2))
    xs = [v.x for v in verts]
    ys = [v.y for v in verts]
    if not all(map(math.isfinite, xs + ys)) or max(map(abs, xs + ys)) > max_coord:
        return np.array(((np.nan, np.nan),))
    distance = max(tol, max(max(xs) - min(xs), max(ys) - min(ys)) * 1e-6)
    out: list[Vec3] = [verts[0]]
    lines, curves = iter(line_at), iter(curve_at)
    start = verts[0]
    for is_curve in order:
        if is_curve:
            i = next(curves)
            end = verts[i + 2]
            out += Bezier4P((start, verts[i], verts[i + 1], end)).flattening(distance, 4)[1:]
        else:
            end = verts[next(lines)]
            out.append(end)
        start = end
    return np.column_stack(([v.x for v in out], [v.y for v in out]))


def lwpolyline_path(e: Any) -> Path:
    """``ezdxf.path.make_path(e)`` of an LWPOLYLINE (an ezdxf entity: ``lwpoints``, ``closed``,
    ``ocs()``, ``dxf.elevation``)."""
    return polyline_path(e.lwpoints.values[:, (0, 1, 4)].tolist(), bool(e.closed), e.ocs(), e.dxf.elevation)


def flat_path(p: Path, tol: float, max_coord: float) -> np.ndarray:
    """Flatten a path within ``tol``; the tolerance grows to a millionth of the curve's size,
    so a garbage radius cannot make millions of vertices (or hang); one NaN vertex when a control
    point is not finite or beyond ``max_coord``."""
    cv = p.control_vertices()
    if not cv:
        return np.empty((0, 2))
    box = np.column_stack(([v.x for v in cv], [v.y for v in cv]))  # as np.array of (x, y) pairs, faster
    if not np.isfinite(box).all() or np.abs(box).max() > max_coord:
        return np.array(((np.nan, np.nan),))
    size = float((box.max(axis=0) - box.min(axis=0)).max())
    pts = list(p.flattening(max(tol, size * 1e-6), segments=4))
    return np.column_stack(([v.x for v in pts], [v.y for v in pts])) if pts else np.empty((0, 2))


def flat_lwpolyline(e: Any, tol: float, max_coord: float) -> np.ndarray:
    """``flat_path(lwpolyline_path(e), tol, max_coord)``: directly when the polyline lies in the
    drawing plane (no OCS, no elevation), as almost every one does."""
    if e.ocs().transform or e.dxf.elevation:
        return flat_path(lwpolyline_path(e), tol, max_coord)
    return flat_polyline(e.lwpoints.values[:, (0, 1, 4)].tolist(), bool(e.closed), tol, max_coord)


def hatch_flats(e: Any, tol: float, max_coord: float) -> Iterator[np.ndarray]:
    """``flat_path`` of each of :func:`hatch_paths`, the polyline boundaries in the drawing plane
    by :func:`flat_polyline`."""
    ocs = e.ocs()
    elevation = e.dxf.elevation.z
    plain = not (ocs.transform or elevation)
    for boundary in e.paths:
        if isinstance(boundary, PolylinePath):
            if plain:
                yield flat_polyline(boundary.vertices, boundary.is_closed, tol, max_coord)
            else:
                yield flat_path(polyline_path(boundary.vertices, boundary.is_closed, ocs, elevation), tol, max_coord)
            continue
        p = from_hatch_boundary_path(boundary, ocs, elevation=elevation)
        for sub in (p.sub_paths() if p.has_sub_paths else [p]):
            yield flat_path(sub, tol, max_coord)


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
