"""Rooms from wall lines with their openings closed on the wall line, jamb to jamb.

An opening is closed by a straight segment where the room's wall face would run if there were no
opening: between two wall ends facing each other along one line (up to :data:`MAX_OPENING_M`), and
across each door (a door block or a leaf and its swing arc) from jamb to jamb.  The door's own lines
never bound a room, so its swing neither adds nor removes area.  With the doors open, doors that
stand across a space between two walls (a corridor's fire doors) are not closed; doors in a wall
(between two facing wall ends) still are.

>>> from shapely.geometry import LineString
>>> walls = [LineString([(0, 0), (10, 0), (10, 8), (6, 8)]), LineString([(5, 8), (0, 8), (0, 0)])]
>>> [round(c.length, 2) for c in facing_closures(walls, 0.1)]
[1.0]
>>> room_in(walls, [], (5, 4), 0.1) is None, round(room_in(walls, facing_closures(walls, 0.1), (5, 4), 0.1).area, 2)
(True, 80.0)
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

MAX_OPENING_M = 2.5  # wall ends facing each other across up to this many metres close a room
MAX_DOOR_M = 4.0  # a door (block or arc) closes its opening up to this wide
FIRST_M = 25.0  # rooms are looked for among the lines this near a click first, then farther
RECESS_M = 0.6  # a wall this close behind facing wall ends, all along: a recess between pilasters, no opening
MAX_GAP_SHOWN_M = 12.0  # wider facing ends are named as a gap when a room does not close
_COS = 0.996  # about 5°: wall ends "face" each other along one line
THIN_M = 0.45  # a face narrower than this is a wall's inside, not a room: a click there looks next door
NEAR_M = 0.6  # how far from a click inside a wall the room around it is looked for
AMBIGUOUS_M = 0.1  # two rooms (or a room and open space) this much apart in distance from such a click: ask


def _segments(lines: Sequence[BaseGeometry]) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for g in lines:
        for part in shapely.get_parts(np.asarray([g], dtype=object)):
            if part.geom_type == "LineString":
                c = np.asarray(part.coords)[:, :2]
            elif part.geom_type == "Polygon":
                c = np.asarray(part.exterior.coords)[:, :2]
            else:
                continue
            if len(c) >= 2:
                out.append(c)
    return out


def wall_ends(lines: Sequence[BaseGeometry], min_run: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Where straight runs of the lines end, with the direction each run leaves by (unit vectors):
    both ends of every segment (at least ``min_run`` long), so the corners of a closed wall outline
    at its jambs count too."""
    segs = [np.stack([c[:-1], c[1:]], axis=1) for c in _segments(lines)]
    if not segs:
        return np.empty((0, 2)), np.empty((0, 2))
    s = np.concatenate(segs)
    d = s[:, 1] - s[:, 0]
    n = np.hypot(d[:, 0], d[:, 1])
    keep = n > max(min_run, 0.0)
    s, d, n = s[keep], d[keep], n[keep]
    u = d / n[:, None]
    pts = np.concatenate([s[:, 1], s[:, 0]])
    dirs = np.concatenate([u, -u])
    key = np.round(np.hstack([pts, dirs]), 6)
    _k, first = np.unique(key, axis=0, return_index=True)
    return pts[first], dirs[first]


def facing_closures(lines: Sequence[BaseGeometry], gap: float, max_gap: float = MAX_OPENING_M,
                    min_gap: float | None = None, min_run: float = 0.0) -> list[LineString]:
    """Segments joining wall ends that face each other along one line across ``min_gap`` (default
    ``gap``) to ``max_gap`` metres, where the segment crosses no other wall line."""
    pts, dirs = wall_ends(lines, min_run)
    if len(pts) < 2:
        return []
    lo = gap if min_gap is None else min_gap
    from scipy.spatial import cKDTree  # scipy on first use: an import that reads no walls does not pay for it

    tree = cKDTree(pts)
    pairs = tree.query_pairs(max_gap, output_type="ndarray")
    if not len(pairs):
        return []
    i, j = pairs[:, 0], pairs[:, 1]
    v = pts[j] - pts[i]
    d = np.hypot(v[:, 0], v[:, 1])
    ok = d > lo
    u = v / np.where(d > 0, d, 1.0)[:, None]
    ok &= np.einsum("ij,ij->i", dirs[i], -dirs[j]) > _COS  # two runs of one wall line, pointing at each other
    ok &= np.einsum("ij,ij->i", dirs[i], u) > 0
    side = np.abs(dirs[i, 0] * v[:, 1] - dirs[i, 1] * v[:, 0])  # how far the other end stands off this run's line
    ok &= side <= max(gap / 2.0, 0.01) + 0.01
    if not ok.any():
        return []
    segs = shapely.linestrings(np.stack([pts[i[ok]], pts[j[ok]]], axis=1))
    walls = shapely.STRtree(np.asarray(lines, dtype=object))
    inner = shapely.line_interpolate_point(segs, 0.002, normalized=True), shapely.line_interpolate_point(segs, 0.998, normalized=True)
    cores = shapely.linestrings(np.stack([shapely.get_coordinates(inner[0]), shapely.get_coordinates(inner[1])], axis=1))
    hit_seg, _w = walls.query(cores, predicate="intersects")
    crossed = np.zeros(len(segs), dtype=bool)
    crossed[hit_seg] = True
    crossed |= _backed(segs, walls)
    keep = sorted(((float(s.length), s) for s, c in zip(segs, crossed) if not c), key=lambda t: t[0])
    out: list[LineString] = []
    used: set[tuple[float, float]] = set()
    for _len, s in keep:  # each end closes once, with its nearest partner
        (ax, ay), (bx, by) = s.coords
        a, b = (round(ax, 6), round(ay, 6)), (round(bx, 6), round(by, 6))
        if a in used or b in used:
            continue
        used.update((a, b))
        out.append(s)
    return out


def _backed(segs: np.ndarray, walls: shapely.STRtree) -> np.ndarray:
    """Which segments have a wall right behind them along their whole length (within
    :data:`RECESS_M` on one side): two pilasters facing each other across a recess, not an opening."""
    a = shapely.get_coordinates(shapely.get_point(segs, 0))
    b = shapely.get_coordinates(shapely.get_point(segs, 1))
    d = b - a
    n = np.stack([-d[:, 1], d[:, 0]], axis=1) / np.hypot(d[:, 0], d[:, 1])[:, None]
    backed = np.zeros(len(segs), dtype=bool)
    for side in (1.0, -1.0):
        hit_all = np.ones(len(segs), dtype=bool)
        for f in (0.1, 0.3, 0.5, 0.7, 0.9):
            p = a + f * d + n * 0.02 * side
            rays = shapely.linestrings(np.stack([p, p + n * RECESS_M * side], axis=1))
            hit = np.zeros(len(segs), dtype=bool)
            r_idx, _w = walls.query(rays, predicate="intersects")
            hit[r_idx] = True
            hit_all &= hit
        backed |= hit_all
    return backed


def door_chords(doors: Sequence[BaseGeometry], walls: Sequence[BaseGeometry], reach: float = 0.35,
                max_width: float = MAX_DOOR_M) -> tuple[list[LineString], list[BaseGeometry]]:
    """For each door (its connected lines: a leaf and a swing arc, or a block's parts) the segment
    across its opening from jamb to jamb, and the doors no opening was found for.

    The opening is the door's outline edge (convex hull) whose two ends touch walls and whose
    length does not run along a wall; it is stretched to the walls it stops short of."""
    if not doors or not walls:
        return [], list(doors)
    parts = shapely.get_parts(np.asarray(doors, dtype=object))
    i, j = shapely.STRtree(parts).query(parts, predicate="dwithin", distance=0.04)  # a door: its touching lines
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n_doors, which = connected_components(coo_matrix((np.ones(len(i)), (i, j)), shape=(len(parts), len(parts))), directed=False)
    wall_parts = shapely.get_parts(np.asarray(walls, dtype=object))
    wall_tree = shapely.STRtree(wall_parts)
    chords: list[LineString] = []
    missed: list[BaseGeometry] = []
    for k in range(n_doors):
        members = parts[which == k]
        hull = shapely.convex_hull(shapely.multipoints(shapely.get_coordinates(members)))
        if not isinstance(hull, Polygon):
            missed.extend(members)
            continue
        local = wall_parts[wall_tree.query(hull, predicate="dwithin", distance=reach + 0.1)]
        if not len(local):
            missed.extend(members)
            continue
        c = np.asarray(shapely.simplify(hull, 0.01).exterior.coords)  # nearly collinear hull vertices merged
        hinges = [h for h in (_arc_centre(m) for m in members) if h is not None]
        best: tuple[tuple[int, float, float], LineString] | None = None
        for a, b in zip(c[:-1], c[1:]):
            length = float(np.hypot(*(b - a)))
            if length < 0.4 or length > max_width + 0.1:
                continue
            da, db = (float(shapely.distance(local, Point(p)).min()) for p in (a, b))
            if da > reach or db > reach:
                continue
            edge = LineString([a, b])
            probe = shapely.points(a + np.linspace(0.05, 0.95, 10)[:, None] * (b - a))
            if shapely.dwithin(local[:, None], probe[None, :], 0.02).any(axis=0).mean() > 0.5:
                continue  # a leaf opened flat against a wall
            # the opening runs through the hinges (the arcs' centres) from jamb to jamb: that first,
            # then the edge whose ends sit closest to the walls, then the longest
            score = (sum(edge.distance(h) < 0.03 for h in hinges), -round(da + db, 2), length)
            if hinges and not score[0]:
                continue  # an edge through no hinge is the open leaves' tips, not the opening
            if best is None or score > best[0]:
                best = (score, edge)
        if best is None:
            missed.extend(members)
            continue
        chords.append(_stretch(best[1], local, reach))
    return chords, missed


def _arc_centre(part: BaseGeometry) -> Point | None:
    """The centre of a flattened arc (a door's swing), or None when ``part`` is not one."""
    c = np.asarray(part.coords)[:, :2] if part.geom_type == "LineString" else np.empty((0, 2))
    if len(c) < 5:
        return None
    (ax, ay), (bx, by), (cx, cy) = c[0], c[len(c) // 2], c[-1]
    d = 2.0 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    if abs(d) < 1e-12:
        return None
    ux = ((ax * ax + ay * ay) * (by - cy) + (bx * bx + by * by) * (cy - ay) + (cx * cx + cy * cy) * (ay - by)) / d
    uy = ((ax * ax + ay * ay) * (cx - bx) + (bx * bx + by * by) * (ax - cx) + (cx * cx + cy * cy) * (bx - ax)) / d
    r = np.hypot(c[:, 0] - ux, c[:, 1] - uy)
    if r.mean() < 0.3 or r.std() > 0.02 * r.mean():
        return None
    return Point(ux, uy)


def _stretch(edge: LineString, walls: np.ndarray, reach: float) -> LineString:
    """``edge`` lengthened at each end to the first of the ``walls`` it meets within ``reach``."""
    (ax, ay), (bx, by) = edge.coords
    length = edge.length
    ux, uy = (bx - ax) / length, (by - ay) / length
    out = []
    for (px, py), s in (((ax, ay), -1.0), ((bx, by), 1.0)):
        end = Point(px, py)
        if float(shapely.distance(walls, end).min()) < 1e-6:
            out.append((px, py))
            continue
        ray = LineString([(px, py), (px + s * ux * reach, py + s * uy * reach)])
        xy = shapely.get_coordinates(shapely.intersection(ray, walls))
        if not len(xy):
            out.append((px, py))
            continue
        q = xy[int(np.argmin(np.hypot(xy[:, 0] - px, xy[:, 1] - py)))]
        out.append((float(q[0]), float(q[1])))
    return LineString(out)


def room_in(walls: Sequence[BaseGeometry], closures: Sequence[BaseGeometry], at: tuple[float, float], gap: float) -> Polygon | None:
    """The face of ``walls`` and ``closures`` holding ``at`` (gaps up to ``gap`` bridged), or the
    room next to it when ``at`` stands inside a wall (a label placed on or near the wall)."""
    lines = [*walls, *closures]
    if not lines:
        return None
    r = max(gap / 2.0, 1e-6)
    fat = shapely.union_all(shapely.buffer(np.asarray(lines, dtype=object), r, quad_segs=2, cap_style="square",
                                           join_style="mitre"))
    holes = [Polygon(ring) for poly in shapely.get_parts(fat) if isinstance(poly, Polygon) for ring in poly.interiors]
    if not holes:
        return None
    pt = Point(at)
    inside = [h for h in holes if h.contains(pt)]
    if inside:
        best = min(inside, key=lambda h: h.area)
        if not _thin(best):
            return _grow(best, r, pt)
    elif fat.distance(pt) > 0:  # outside every wall and every room: the walls are open
        return None
    # on a wall line or inside a wall's thickness: the room beside it, when no other room and no
    # open space (a room that does not close) is about as near
    near = sorted((h.distance(pt), k) for k, h in enumerate(holes) if not _thin(h) and h.distance(pt) <= NEAR_M)
    if not near or (len(near) > 1 and near[1][0] < near[0][0] + AMBIGUOUS_M):
        return None
    x0, y0, x1, y1 = fat.bounds
    open_space = shapely.box(x0 - 1, y0 - 1, x1 + 1, y1 + 1).difference(shapely.union_all([fat, *holes]))
    if open_space.distance(pt) < near[0][0] + AMBIGUOUS_M:
        return None
    return _grow(holes[near[0][1]], r, None)


def _thin(h: Polygon) -> bool:
    return bool(h.area < 1.0 or 2.0 * h.area / max(h.length, 1e-9) < THIN_M)


def _grow(hole: Polygon, r: float, pt: Point | None) -> Polygon | None:
    room = hole.buffer(r, join_style="mitre")
    if not isinstance(room, Polygon):
        room = max(shapely.get_parts(room), key=lambda g: g.area, default=None)
    if not isinstance(room, Polygon) or not room.is_valid or room.is_empty:
        return None
    return room if pt is None or room.contains(pt) else None


def room_between(walls: Sequence[BaseGeometry], doors: Sequence[BaseGeometry], at: tuple[float, float], gap: float,
                 doors_open: bool = False) -> tuple[Polygon | None, list[BaseGeometry], list[BaseGeometry]]:
    """The room around ``at`` from wall lines (walls, columns, windows) and door lines, its openings
    closed on the wall line; also the lines and closures used (to name the gaps when it is None).
    ``doors_open``: doors standing across a space between two walls are left open."""
    closures: list[BaseGeometry] = list(facing_closures(walls, gap))
    chords, missed = door_chords(doors, walls)
    wide_doors = [c for c in chords if c.length > MAX_OPENING_M - 0.1]
    if wide_doors:  # a door wider than 2.5 m: its wall's faces close across its opening too
        wide = facing_closures(walls, gap, max_gap=MAX_DOOR_M + 0.1, min_gap=MAX_OPENING_M - 0.1)
        closures += [w for w in wide if any(_beside(w, c) for c in wide_doors)]
    if doors_open:
        chords = [c for c in chords if _in_a_wall(c, closures)]
    else:
        walls = [*walls, *missed]  # a door whose opening was not found closes as drawn
    closures += chords
    return room_in(walls, closures, at, gap), list(walls), closures


def room_near(lines_within: Callable[[float], tuple[list[BaseGeometry], list[BaseGeometry]]], at: tuple[float, float],
              gap: float, radius: float, doors_open: bool = False) -> tuple[Polygon | None, list[BaseGeometry], list[BaseGeometry]]:
    """:func:`room_between` over the walls and doors ``lines_within(r)`` metres of ``at``: first
    within :data:`FIRST_M` (a room well inside that window is the room of the whole drawing), then
    within ``radius`` when the room reaches the window's edge or does not close."""
    for r in ((FIRST_M, radius) if radius > FIRST_M else (radius,)):
        walls, doors = lines_within(r)
        room, walls, closures = room_between(walls, doors, at, gap, doors_open)
        if r >= radius:
            break
        if room is not None:
            xy = np.asarray(room.exterior.coords)
            if float(np.hypot(xy[:, 0] - at[0], xy[:, 1] - at[1]).max()) <= r - MAX_DOOR_M - 0.5:
                break
    return room, walls, closures


def _beside(a: LineString, b: LineString) -> bool:
    """``a`` runs along ``b`` (parallel, about as long, within a wall's thickness of it)."""
    (ax, ay), (bx, by) = a.coords[0], a.coords[-1]
    (cx, cy), (dx, dy) = b.coords[0], b.coords[-1]
    cos = abs((bx - ax) * (dx - cx) + (by - ay) * (dy - cy)) / max(a.length * b.length, 1e-12)
    return bool(cos > 0.99 and abs(a.length - b.length) < 0.5
                and a.interpolate(0.5, normalized=True).distance(b.interpolate(0.5, normalized=True)) < 0.7)


def _in_a_wall(chord: BaseGeometry, closures: Sequence[BaseGeometry]) -> bool:
    """A door chord that runs along a closure between facing wall ends is a door in a wall."""
    return any(chord.buffer(0.05).intersection(c).length > 0.5 * c.length for c in closures)


def gaps_of(walls: Sequence[BaseGeometry], closures: Sequence[BaseGeometry], at: tuple[float, float],
            gap: float) -> list[tuple[float, float, float]]:
    """Why the room around ``at`` does not close: ``(x, y, width)`` of its openings, widest first
    (at most three).  Wall ends facing each other across more than :data:`MAX_OPENING_M` are closed
    until the room closes; those the room needs are the gaps (a stretch between two pilasters it
    does not need is none).  Falls back to :func:`geometry.dxf.rooms.find_gaps`."""
    from geometry.dxf.rooms import find_gaps

    found: list[tuple[float, float, float]] = []
    wide = facing_closures(walls, gap, max_gap=MAX_GAP_SHOWN_M, min_gap=MAX_OPENING_M)
    room = room_in(walls, [*closures, *wide], at, gap) if wide else None
    if room is not None:
        edge = room.exterior.buffer(gap + 0.01)
        needed = [w for w in wide if edge.covers(w)]
        for w in sorted(needed, key=lambda c: -c.length):
            rest = [c for c in needed if c is not w]
            if room_in(walls, [*closures, *rest], at, gap) is not None:
                needed = rest
        for w in sorted(needed, key=lambda c: -c.length):
            mid = w.interpolate(0.5, normalized=True)
            found.append((round(mid.x, 6), round(mid.y, 6), float(w.length)))
    if not found:
        found = [(g.where[0], g.where[1], g.width) for g in find_gaps([*walls, *closures], at, gap)]
    return found[:3]


def passages(walls: Sequence[BaseGeometry], room: Polygon, gap: float) -> tuple[tuple[float, float, float], ...]:
    """``(x, y, width)`` of the openings wider than :data:`MAX_OPENING_M` between wall ends facing
    each other across ``room``: where it may run on into the next room through an open passage.
    Pass the walls without the columns (two columns facing each other are no passage)."""
    inside = room.buffer(-gap)
    out = []
    for w in facing_closures(walls, gap, max_gap=MAX_GAP_SHOWN_M, min_gap=MAX_OPENING_M, min_run=0.2):
        mid = w.interpolate(0.5, normalized=True)
        if inside.contains(mid):
            out.append((round(mid.x, 6), round(mid.y, 6), float(w.length)))
    return tuple(sorted(out, key=lambda p: -p[2])[:3])
