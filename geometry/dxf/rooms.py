"""Rooms from wall lines: close small gaps, find the room around a label, point at gaps that remain.

>>> from shapely.geometry import LineString
>>> walls = [LineString([(0, 0), (10, 0), (10, 8)]), LineString([(10, 8.05), (10, 8), (0, 8), (0, 0)])]
>>> room = room_around(walls, (5, 4), gap=0.1)
>>> round(room.area, 3)
80.0
>>> gaps = find_gaps([LineString([(0, 0), (10, 0), (10, 8), (0, 8)]), LineString([(0, 1), (0, 7)])], (5, 4), 0.1)
>>> sorted((round(g.width, 2), g.where) for g in gaps)
[(1.0, (0.0, 0.5)), (1.0, (0.0, 7.5))]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Gap:
    """Where a room fails to close: two loose wall ends ``width`` metres apart around ``where``."""

    where: tuple[float, float]
    width: float
    a: tuple[float, float]
    b: tuple[float, float]


def room_around(lines: Sequence[BaseGeometry], label: tuple[float, float], gap: float) -> Polygon | None:
    """The room (face between wall lines) that holds ``label``, closing gaps up to ``gap``.

    Lines are thickened by ``gap / 2`` (so ends up to ``gap`` apart meet), the holes of the
    union are the rooms, shrunk by ``gap / 2``; the room holding the label is grown back.
    """
    if not lines:
        return None
    r = max(gap / 2.0, 1e-6)
    arr = np.asarray(lines, dtype=object)
    fat = shapely.union_all(shapely.buffer(arr, r, quad_segs=2, cap_style="square", join_style="mitre"))
    pt = Point(label)
    best: Polygon | None = None
    for poly in getattr(fat, "geoms", [fat]):
        if not isinstance(poly, Polygon):
            continue
        for ring in poly.interiors:
            hole = Polygon(ring)
            if hole.contains(pt) and (best is None or hole.area < best.area):
                best = hole
    if best is None:
        return None
    room = best.buffer(r, join_style="mitre")
    if not isinstance(room, Polygon):
        room = max(getattr(room, "geoms", []), key=lambda g: g.area, default=None)
    return room if isinstance(room, Polygon) and room.is_valid and not room.is_empty else None


TRIAL_GAPS_M = (0.3, 0.6, 1.0, 1.6, 2.5, 4.0)


def find_gaps(lines: Sequence[BaseGeometry], label: tuple[float, float], gap: float, radius: float = 100.0) -> list[Gap]:
    """Why the room around ``label`` does not close: the openings wider than ``gap``.

    Closes the room with ever larger tolerances (doors are up to a few metres); the stretches of
    that room's outline not lying on any wall line are the gaps.  Falls back to loose wall ends.
    """
    centre = Point(label)
    local = [g for g in lines if g.distance(centre) <= radius]
    if not local:
        return []
    walls = shapely.union_all(shapely.buffer(np.asarray(local, dtype=object), gap / 2 + 1e-6, cap_style="square"))
    for trial in TRIAL_GAPS_M:
        if trial <= gap:
            continue
        room = room_around(local, label, trial)
        if room is None:
            continue
        loose = room.exterior.difference(walls)
        out: list[Gap] = []
        for piece in getattr(loose, "geoms", [loose]):
            if isinstance(piece, LineString) and piece.length > gap:
                (ax, ay), (bx, by) = piece.coords[0], piece.coords[-1]
                mid = piece.interpolate(0.5, normalized=True)
                out.append(Gap((round(mid.x, 6), round(mid.y, 6)), float(piece.length) + gap, (ax, ay), (bx, by)))
        if out:
            out.sort(key=lambda g: -g.width)
            return out[:5]
    return open_ends(local, label)


def open_ends(lines: Sequence[BaseGeometry], near: tuple[float, float], radius: float = 50.0, limit: int = 5) -> list[Gap]:
    """Loose wall ends near a label, paired with the nearest other loose end: the gaps to close."""
    if not lines:
        return []
    centre = Point(near)
    local = [g for g in lines if g.distance(centre) <= radius]
    if not local:
        return []
    noded = shapely.union_all(np.asarray(local, dtype=object))
    parts = [g for g in getattr(noded, "geoms", [noded]) if isinstance(g, LineString) and not g.is_empty]
    ends: dict[tuple[float, float], int] = {}
    for g in parts:
        if g.is_closed:
            continue
        for c in (g.coords[0], g.coords[-1]):
            k = (round(c[0], 6), round(c[1], 6))
            ends[k] = ends.get(k, 0) + 1
    loose = [k for k, n in ends.items() if n == 1]
    if not loose:
        return []
    pts = np.array(loose)
    gaps: list[Gap] = []
    seen: set[tuple[int, int]] = set()
    for i, p in enumerate(pts):
        d = np.hypot(*(pts - p).T)
        d[i] = np.inf
        j = int(np.argmin(d))
        if not np.isfinite(d[j]):
            continue
        key = (min(i, j), max(i, j))
        if key in seen:
            continue
        seen.add(key)
        a, b = tuple(map(float, pts[key[0]])), tuple(map(float, pts[key[1]]))
        gaps.append(Gap(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), float(d[j]), a, b))  # type: ignore[arg-type]
    gaps.sort(key=lambda g: (Point(g.where).distance(centre), g.width))
    return gaps[:limit]
