"""Clear width: which parts of a free space a body of a given width can use, and the passages
narrower than it.

A body of width ``w`` is a disc of diameter ``w``.  Its centre can be anywhere in the free space
eroded by ``w/2`` (the *centre region*); the floor it can sweep is that region dilated again by
``w/2`` (the morphological *opening*).  What is left of the free space — the *narrow map* — is
floor such a body cannot reach (narrow passages, niches, corners).

A *passage* narrower than ``w`` joins two parts of the centre region that are separate at ``w``
but adjacent (their swept floors touch, or one narrow piece touches both).  Its clear width is
found by bisection on the centre region's connectivity (±2 mm), then re-measured exactly where
the two parts are closest just above that width: twice the least clearance (distance to the
nearest obstacle) along the segment between them.  An aisle between straight walls, a door gap
in a thin wall and a gap between two counters are so measured exactly.

Widths are compared with a 1 mm tolerance (an aisle of 1.7995 m passes at 1.80 m); round ends
(counter corners) are approximated with 16 segments per quarter circle, which errs by at most
0.2 % of the width, in favour of the plan.

>>> from shapely.geometry import box
>>> free = box(0, 0, 20, 10).difference(box(5, 1.79, 15, 10))  # a 1.79 m aisle under a block
>>> cw = clear_width(free, up_to=3.0)
>>> round(cw.narrowest.width, 3)
1.79
>>> clear_width(free, up_to=1.5).narrowest is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.circulation.space import parts
from geometry.precision import WIDTH_EPS

EPS = WIDTH_EPS  # half the width tolerance: widths within 1 mm of the threshold pass (geometry.precision)
QUAD_SEGS = 16
MIN_PIECE_AREA = 1e-4  # m²: smaller narrow pieces are numerical dust


@dataclass(frozen=True, eq=False)
class WidthMap:
    """The free space seen by a body of width ``width``."""

    width: float
    free: BaseGeometry
    centre: BaseGeometry  # where the body's centre can be
    opening: BaseGeometry  # floor the body can sweep (reaches ~EPS beyond the walls)
    narrow: tuple[Polygon, ...]  # connected pieces of floor too narrow for the body

    @property
    def narrow_map(self) -> BaseGeometry:
        """All narrow floor as one geometry (for drawing)."""
        return shapely.union_all(np.array(self.narrow, dtype=object)) if self.narrow else Polygon()


@lru_cache(maxsize=256)
def centre_region(free: BaseGeometry, width: float) -> BaseGeometry:
    """Where the centre of a body ``width`` m wide can be (``free`` eroded by ``width/2``, 1 mm slack).

    >>> from shapely.geometry import box
    >>> centre_region(box(0, 0, 10, 1.0), 1.2).is_empty
    True
    """
    r = width / 2.0
    return free.buffer(-(r - EPS), quad_segs=QUAD_SEGS) if r > EPS else free


@lru_cache(maxsize=64)
def width_map(free: BaseGeometry, width: float) -> WidthMap:
    """Erode and open ``free`` for a body ``width`` m wide (cached on the geometry value).

    >>> from shapely.geometry import box
    >>> wm = width_map(box(0, 0, 10, 1.0), 1.2)   # a 1.0 m corridor is too narrow for 1.2 m
    >>> wm.centre.is_empty, len(wm.narrow)
    (True, 1)
    """
    r = width / 2.0
    centre = centre_region(free, width)
    opening = centre.buffer(r, quad_segs=QUAD_SEGS) if not centre.is_empty else Polygon()
    rest = free.difference(opening) if not opening.is_empty else free
    pieces = tuple(p for p in parts(rest) if p.geom_type == "Polygon" and p.area > MIN_PIECE_AREA)
    return WidthMap(width, free, centre, opening, pieces)


def segment_width(free: BaseGeometry, seg: LineString, step: float = 0.05) -> tuple[float, LineString] | None:
    """Clear width where ``seg`` is tightest, and the cross-section there.

    At the point of ``seg`` with the least clearance, the cross-section runs from the nearest
    obstacle point straight across to the first obstacle on the other side.

    None when ``seg`` leaves ``free``.

    >>> from shapely.geometry import box
    >>> w, where = segment_width(box(0, 0, 10, 1.5), LineString([(1, 0.75), (9, 0.75)]))
    >>> round(w, 3), round(where.length, 3)
    (1.5, 1.5)
    """
    if seg.is_empty or seg.length < 1e-9:
        return None
    shapely.prepare(free)
    if not free.covers(seg) and seg.difference(free).length > 1e-6:
        return None
    n = max(2, int(np.ceil(seg.length / step)) + 1)
    pts = shapely.line_interpolate_point(seg, np.linspace(0.0, 1.0, n), normalized=True)
    pts = np.append(pts, seg.interpolate(0.5, normalized=True))
    edge = free.boundary
    shapely.prepare(edge)
    d = shapely.distance(pts, edge)
    k = int(np.argmin(d))
    m = pts[k]
    near = shapely.shortest_line(m, edge)
    if near is None:
        return None
    p1 = near.coords[-1]
    dk = float(d[k])
    if dk < 1e-9:
        return 0.0, LineString([p1, p1])
    ux, uy = (m.x - p1[0]) / dk, (m.y - p1[1]) / dk
    ray = LineString([(m.x, m.y), (m.x + ux * (4 * dk + 1), m.y + uy * (4 * dk + 1))])
    hits = [g for g in parts(ray.intersection(edge)) if not g.is_empty]
    if hits:
        # the first wall the ray meets across the passage
        p2 = min((c for g in hits for c in g.coords), key=lambda c: (c[0] - m.x) ** 2 + (c[1] - m.y) ** 2)
        return float(np.hypot(p2[0] - p1[0], p2[1] - p1[1])), LineString([p1, p2])
    return 2.0 * dk, LineString([p1, (2 * m.x - p1[0], 2 * m.y - p1[1])])


Erode = Callable[[BaseGeometry, float], BaseGeometry]


@lru_cache(maxsize=4096)
def _local_centre(free: BaseGeometry, width: float) -> BaseGeometry:
    """:func:`centre_region` for small local windows, in a cache of its own."""
    return centre_region.__wrapped__(free, width)


@lru_cache(maxsize=512)
def centre_parts(free: BaseGeometry, width: float, erode: Erode = centre_region) -> tuple[np.ndarray, shapely.STRtree]:
    """The parts of the centre region at ``width`` and a spatial index over them (cached)."""
    arr = np.array(parts(erode(free, width)), dtype=object)
    return arr, shapely.STRtree(arr)


def parts_near(free: BaseGeometry, width: float, g: BaseGeometry, dist: float,
               erode: Erode = centre_region) -> list[BaseGeometry]:
    """Parts of the centre region at ``width`` within ``dist`` of ``g``."""
    arr, tree = centre_parts(free, width, erode)
    if arr.size == 0:
        return []
    return [arr[i] for i in sorted(tree.query(g, predicate="dwithin", distance=dist))]


def _connected(free: BaseGeometry, width: float, a: BaseGeometry, b: BaseGeometry,
               tol_a: float = 0.05, tol_b: float = 0.05, erode: Erode = centre_region) -> bool:
    """Whether one part of the centre region at ``width`` comes within ``w/2 + tol`` of both ``a`` and ``b``."""
    r = width / 2.0
    arr, tree = centre_parts(free, width, erode)
    if arr.size == 0:
        return False
    ia = set(tree.query(a, predicate="dwithin", distance=r + tol_a + EPS).tolist())
    if not ia:
        return False
    ib = tree.query(b, predicate="dwithin", distance=r + tol_b + EPS).tolist()
    return any(i in ia for i in ib)


def bottleneck(free: BaseGeometry, a: BaseGeometry, b: BaseGeometry, hi: float, lo: float = 0.0,
               tol: float = 0.002, tol_a: float = 0.05, tol_b: float = 0.05,
               erode: Erode = centre_region) -> float | None:
    """Largest width (±``tol``) at which a body gets from near ``a`` to near ``b``; None if not even at ``lo``.

    "Near" is within half the width plus ``tol_a`` / ``tol_b``.  Probe widths sit on a fixed
    ladder of ``tol`` steps, so searches share cached centre regions.

    >>> from shapely.geometry import box, Point
    >>> free = box(0, 0, 10, 4).difference(box(4.9, 1.1, 5.1, 4))   # a 1.1 m gap under a wall
    >>> round(bottleneck(free, Point(1, 3), Point(9, 3), 2.0, tol_a=1.0, tol_b=1.0), 3)
    1.1
    """
    if not _connected(free, max(lo, 2 * EPS), a, b, tol_a, tol_b, erode):
        return None
    k_lo, k_hi = int(np.floor(lo / tol)), int(np.ceil(hi / tol))
    if _connected(free, k_hi * tol, a, b, tol_a, tol_b, erode):
        return k_hi * tol
    while k_hi - k_lo > 1:
        k = (k_lo + k_hi) // 2
        if _connected(free, max(k * tol, 2 * EPS), a, b, tol_a, tol_b, erode):
            k_lo = k
        else:
            k_hi = k
    return k_lo * tol


@dataclass(frozen=True)
class Passage:
    """A passage narrower than the width it was found at."""

    geometry: Polygon  # the narrow floor it runs through (for drawing)
    width: float  # clear width at its narrowest (m)
    where: LineString  # the narrowest cross-section (from one side to the other)


def locate(free: BaseGeometry, a: BaseGeometry, b: BaseGeometry, w_lo: float, w_hi: float,
           erode: Erode = centre_region) -> tuple[float, LineString | None, LineString]:
    """(width, cross-section, connecting segment) of the bottleneck between ``a`` and ``b``,
    given that a body ``w_lo`` wide gets through and one ``w_hi`` wide does not.

    The width is re-measured along the segment between the parts of the centre region at
    ``w_hi`` that hold ``a`` and ``b``; kept when it agrees with ``w_lo`` within 5 mm.
    """
    pa = parts_near(free, w_hi, a, 1e-6, erode)
    pb = parts_near(free, w_hi, b, 1e-6, erode)
    ga = pa[0] if pa else a
    gb = pb[0] if pb else b
    seg = shapely.shortest_line(ga, gb)
    got = segment_width(free, seg) if seg.length > 1e-9 else None
    if got is not None and abs(got[0] - w_lo) <= 0.007:
        return got[0], got[1], seg
    return w_lo, None, seg


def passages(free: BaseGeometry, width: float, ignore_below: float = 0.0) -> tuple[Passage, ...]:
    """Passages of ``free`` narrower than ``width`` between parts at least ``width`` wide (narrowest first).

    Gaps narrower than ``ignore_below`` are treated as closed.
    """
    wm = width_map(free, width)
    comps = parts(wm.centre)
    if not comps:
        return ()
    r = width / 2.0
    swept = [c.buffer(r, quad_segs=QUAD_SEGS) for c in comps]
    tree = shapely.STRtree(np.array(swept, dtype=object))
    pairs: set[tuple[int, int]] = set()
    ii, jj = tree.query(np.array(swept, dtype=object), predicate="dwithin", distance=1e-3)
    pairs.update((int(i), int(j)) for i, j in zip(ii, jj) if i < j)
    via: dict[tuple[int, int], Polygon] = {}
    for p in wm.narrow:
        touch = sorted(int(k) for k in tree.query(p, predicate="dwithin", distance=1e-3))
        for x, i in enumerate(touch):
            for j in touch[x + 1:]:
                pairs.add((i, j))
                via.setdefault((i, j), p)
    out: list[Passage] = []
    for i, j in sorted(pairs):
        b = bottleneck(free, comps[i], comps[j], width, lo=max(ignore_below, 2 * EPS), tol_a=0.0, tol_b=0.0)
        if b is None or b >= width - 2 * EPS:
            continue
        w, where, seg = locate(free, comps[i], comps[j], b, min(width, b + 0.002))
        if w < ignore_below:
            continue
        line = where if where is not None else seg
        geom = via.get((i, j)) or line.buffer(0.1, cap_style="flat")
        out.append(Passage(geom, w, line))
    out += _shortcuts(free, wm, ignore_below, out)
    return tuple(sorted(out, key=lambda q: q.width))


def _quick(free: BaseGeometry, a: BaseGeometry, b: BaseGeometry, width: float) -> tuple[float, LineString] | None:
    """Width across the straight segment between ``a`` and ``b``, when two probes (2 mm either side)
    confirm it is the bottleneck; None otherwise (then bisect)."""
    got = segment_width(free, shapely.shortest_line(a, b))
    if got is None or got[0] <= 4 * EPS or got[0] >= width:
        return None
    w = got[0]
    ok = _connected(free, w - 0.002, a, b, 0.0, 0.0, _local_centre) and \
        not _connected(free, min(width, w + 0.002), a, b, 0.0, 0.0, _local_centre)
    return got if ok else None


def _mouths(piece: Polygon, opening: BaseGeometry) -> list[BaseGeometry]:
    """Where a narrow piece meets wider floor: its boundary's contacts with the opening (grown by
    0.1 mm), at least 2 cm long."""
    x0, y0, x1, y1 = piece.bounds
    near = shapely.clip_by_rect(opening, x0 - 0.01, y0 - 0.01, x1 + 0.01, y1 + 0.01).buffer(1e-4, quad_segs=2)
    contact = piece.boundary.intersection(near)
    lines = [g for g in parts(contact) if g.geom_type in ("LineString", "MultiLineString")]
    if not lines:
        return []
    merged = parts(shapely.line_merge(shapely.union_all(np.array(lines, dtype=object))))
    return [m for m in merged if m.length >= 0.02]


def _shortcuts(free: BaseGeometry, wm: WidthMap, ignore_below: float, known: list[Passage]) -> list[Passage]:
    """Passages whose two sides are also joined another, wider way (a gap between two counters
    between two aisles, a door in a thin wall).  Each narrow piece is looked at locally — the piece
    plus the floor within ``width + 0.6`` m of where it meets wider floor — where its sides are joined only
    through it; the bottleneck between two sides is kept when its cross-section ends on real walls
    (not on the window's edge)."""
    width = wm.width
    if wm.opening.is_empty:
        return []
    edge = free.boundary
    shapely.prepare(edge)
    found = list(known)
    out: list[Passage] = []
    for p in wm.narrow:
        if any(q.where.centroid.distance(p) < 1e-3 for q in found):
            continue  # already measured from a neighbouring piece
        mouths = _mouths(p, wm.opening)
        if not mouths:
            continue
        caps = shapely.union_all(np.array([m.simplify(0.02).buffer(width + 0.6, quad_segs=2) for m in mouths],
                                          dtype=object)).union(p)
        x0, y0, x1, y1 = caps.bounds
        local = [g for g in parts(shapely.clip_by_rect(free, x0, y0, x1, y1).intersection(caps))
                 if g.geom_type == "Polygon" and g.area > 1e-6 and g.intersects(p)]
        if not local:
            continue
        lp = local[0] if len(local) == 1 else shapely.union_all(np.array(local, dtype=object))
        near = [c for c in parts(_local_centre(lp, width)) if c.distance(p) <= width]
        for x, ci in enumerate(near):
            for cj in near[x + 1:]:
                got = _quick(lp, ci, cj, width)
                if got is None:
                    b = bottleneck(lp, ci, cj, width, lo=max(ignore_below, 2 * EPS), tol_a=0.0, tol_b=0.0,
                                   erode=_local_centre)
                    if b is None or b >= width - 2 * EPS:
                        continue
                    w, where, _ = locate(lp, ci, cj, b, min(width, b + 0.002), erode=_local_centre)
                else:
                    w, where = got
                if where is None or w < ignore_below or w >= width - 2 * EPS:
                    continue
                ends = shapely.points(np.asarray(where.coords))
                if float(shapely.distance(edge, ends).max()) > 1e-6:
                    continue  # measured against the window's edge, not across a real passage
                if any(abs(q.width - w) < 0.01 and q.where.distance(where) < 0.3 for q in found):
                    continue
                q = Passage(p, w, where)
                found.append(q)
                out.append(q)
    return out


@dataclass(frozen=True)
class ClearWidth:
    """The narrowest passage of a free space and every passage narrower than ``up_to``."""

    up_to: float
    narrowest: Passage | None  # None: no passage narrower than up_to
    passages: tuple[Passage, ...]
    narrow_map: BaseGeometry  # all floor a body ``up_to`` wide cannot reach (incl. corners)


def clear_width(free: BaseGeometry, up_to: float = 3.0, ignore_below: float = 0.0) -> ClearWidth:
    """The narrowest passage of ``free`` (if any is narrower than ``up_to``) and where it is.

    Passages narrower than ``ignore_below`` (gaps nobody walks through, e.g. joints between
    counters) are left out.
    """
    ps = passages(free, up_to, ignore_below)
    return ClearWidth(up_to, ps[0] if ps else None, ps, width_map(free, up_to).narrow_map)
