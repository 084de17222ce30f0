"""Walking distances: shortest walking paths over a floor raster, with scipy's Dijkstra.

The floor is rasterised at ``res`` (cells whose centre is at least the walker's body radius from
every obstacle), and each cell is joined to its 16 neighbours (the 8 adjacent cells and the 8
knight moves, which no move may cut an obstacle corner to make).  Shortest paths on that grid
overestimate the straight-line length by at most 2.7 % (1/cos 13.3°) and are exact along the
axes and diagonals; the plain 8-neighbour grid (scikit-image's ``MCP_Geometric``) errs by up to
8.2 %.  Sources (a door line, extinguisher points) join the grid through one virtual node linked
to the cells near them by their exact straight-line distance, so the field starts at the right
values.  The search itself is ``scipy.sparse.csgraph.dijkstra``.  The graph's structure (every
cell, 16 slots) is built once per grid and cached; a new floor only rewrites the edge weights
(``inf`` where a move is blocked), so re-running after an edit costs little more than the search.

>>> from shapely.geometry import box, Point
>>> from geometry.circulation.raster import grid_for, mask
>>> floor = box(0, 0, 30, 4)
>>> g = grid_for(floor, 0.2)
>>> f = distance_field(g, mask(g, floor, 0.25), [Point(0, 2)])
>>> abs(f.at(Point(25, 2)) - 25.0) < 0.2
True
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import numpy as np
import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from geometry.circulation.raster import Grid, to_geometry
from geometry.measure import distinct_shapes
from geometry.precision import WIDTH_EPS

# (dy, dx, cells that must be free besides both ends) — forward half of the 16-neighbourhood
_MOVES: tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...] = (
    (0, 1, ()),
    (1, 0, ()),
    (1, 1, ((0, 1), (1, 0))),
    (1, -1, ((0, -1), (1, 0))),
    (1, 2, ((0, 1), (1, 1))),
    (2, 1, ((1, 0), (1, 1))),
    (2, -1, ((1, 0), (1, -1))),
    (1, -2, ((0, -1), (1, -1))),
)


def _moves16() -> list[tuple[int, int, tuple[tuple[int, int], ...]]]:
    out = []
    for dy, dx, via in _MOVES:
        out.append((dy, dx, via))
        out.append((-dy, -dx, tuple((-a, -b) for a, b in via)))
    return out


MOVES16 = _moves16()


@lru_cache(maxsize=4)
def _structure(ny: int, nx: int) -> tuple[np.ndarray, np.ndarray]:
    """(indptr, indices) of the full 16-slot grid graph over every cell (row-major node ids)."""
    n = ny * nx
    ii, jj = np.divmod(np.arange(n), nx)
    nbr = np.empty((n, len(MOVES16)), dtype=np.int32)
    for k, (dy, dx, _) in enumerate(MOVES16):
        ti, tj = ii + dy, jj + dx
        inside = (ti >= 0) & (ti < ny) & (tj >= 0) & (tj < nx)
        nbr[:, k] = np.where(inside, ti * nx + tj, 0)
    indptr = np.arange(0, len(MOVES16) * n + 1, len(MOVES16), dtype=np.int32)
    indices = nbr.ravel()
    indptr.setflags(write=False)
    indices.setflags(write=False)
    return indptr, indices


def grid_weights(m: np.ndarray, res: float) -> np.ndarray:
    """Edge lengths (m) of the 16-slot grid graph for floor ``m``; ``inf`` where a move is blocked
    (either end off the floor, or an obstacle corner cut)."""
    ny, nx = m.shape
    w = np.empty((ny, nx, len(MOVES16)))
    _weights_into(w, m, res, 0, ny, 0, nx)
    return w.ravel()


_PAD = 2  # the farthest a move (a knight move and the cells it passes) reaches from its cell


def _weights_into(w: np.ndarray, m: np.ndarray, res: float, i0: int, i1: int, j0: int, j1: int) -> None:
    """Write the weights of the cells ``[i0:i1, j0:j1]`` of floor ``m`` into ``w`` (``(ny, nx, 16)``)."""
    ny, nx = m.shape
    h, wd = i1 - i0, j1 - j0
    mp = np.zeros((h + 2 * _PAD, wd + 2 * _PAD), dtype=bool)  # the window and the cells its moves reach
    a0, a1, b0, b1 = max(0, i0 - _PAD), min(ny, i1 + _PAD), max(0, j0 - _PAD), min(nx, j1 + _PAD)
    mp[a0 - i0 + _PAD:a1 - i0 + _PAD, b0 - j0 + _PAD:b1 - j0 + _PAD] = m[a0:a1, b0:b1]
    own = m[i0:i1, j0:j1]
    out = w[i0:i1, j0:j1]
    out[...] = np.inf  # blocked unless set below (one masked write per move)
    for k, (dy, dx, via) in enumerate(MOVES16):
        ok = own & mp[_PAD + dy:_PAD + dy + h, _PAD + dx:_PAD + dx + wd]
        for vy, vx in via:
            ok &= mp[_PAD + vy:_PAD + vy + h, _PAD + vx:_PAD + vx + wd]
        out[..., k][ok] = res * float(np.hypot(dy, dx))


class _WeightCache:
    """The weights of the last few floors per grid, brought up to date for a new floor by rewriting
    only the cells near those that changed (an edit moves one object: a few hundred cells of a
    hundred thousand).  The weights of a cell depend only on the floor within two cells of it, so
    the patched array equals :func:`grid_weights` of the new floor (tested)."""

    def __init__(self, slots: int = 4) -> None:
        self._slots = slots
        self._entries: list[tuple[float, np.ndarray, np.ndarray]] = []  # (res, floor, weights (ny, nx, 16))
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def weights(self, m: np.ndarray, res: float, tail: Sequence[np.ndarray] = ()) -> np.ndarray:
        """:func:`grid_weights` of ``m`` followed by ``tail`` (the virtual sources' edges): a fresh
        array, copied out under the lock (another thread may patch the cached one next)."""
        with self._lock:
            best, best_n = -1, -1
            for k, (r, fm, _) in enumerate(self._entries):
                if r == res and fm.shape == m.shape:
                    n = int(np.count_nonzero(fm != m))
                    if best < 0 or n < best_n:
                        best, best_n = k, n
            ny, nx = m.shape
            window: tuple[int, int, int, int] | None = None  # the cells to rewrite in the nearest entry
            if best >= 0 and best_n <= m.size // 4:
                if best_n == 0:
                    window = (0, 0, 0, 0)
                else:
                    ii, jj = np.nonzero(self._entries[best][1] != m)
                    i0, i1 = max(0, int(ii.min()) - _PAD), min(ny, int(ii.max()) + 1 + _PAD)
                    j0, j1 = max(0, int(jj.min()) - _PAD), min(nx, int(jj.max()) + 1 + _PAD)
                    if (i1 - i0) * (j1 - j0) <= m.size // 4:
                        window = (i0, i1, j0, j1)
            if window is None:
                # nothing close (another floor of the same grid, as the public and the walkable floor
                # of one hall, differs all over it): the whole grid, kept beside the others rather
                # than rewriting theirs, so each floor finds its own next time
                w = np.empty((*m.shape, len(MOVES16)))
                _weights_into(w, m, res, 0, ny, 0, nx)
                self._entries.insert(0, (res, m.copy(), w))
                del self._entries[self._slots:]
            else:
                _, fm, w = self._entries.pop(best)
                i0, i1, j0, j1 = window
                if i1 > i0:
                    w.setflags(write=True)
                    _weights_into(w, m, res, i0, i1, j0, j1)
                    fm[...] = m
                self._entries.insert(0, (res, fm, w))
            w.setflags(write=False)
            return np.concatenate([w.ravel(), *tail])


_WEIGHTS = _WeightCache()


@dataclass(frozen=True, eq=False)
class DistanceField:
    """Walking distance (m) from the sources to every floor cell.

    ``values`` is ``(ny, nx)``: ``nan`` off the floor, ``inf`` on floor no source reaches.
    """

    grid: Grid
    values: np.ndarray
    floor: np.ndarray  # bool mask of floor cells
    _pred: np.ndarray | None  # predecessor of each cell (flat index) on its shortest path
    _blockers: np.ndarray | None = None  # solids a last straight step may not cross
    _tree: shapely.STRtree | None = None
    # best cell (flat index, -1 for none) of the geometries :meth:`at_many` looked up with the default
    # reach, by id (the geometry is kept beside it, so an id is never mistaken for another's): a path
    # asked for afterwards starts from the cell the distance was read at without looking it up again
    _best: dict[int, tuple[BaseGeometry, float, int]] = field(default_factory=dict, repr=False)

    @property
    def extent(self) -> tuple[float, float, float, float]:
        return self.grid.extent

    @property
    def transform(self) -> tuple[float, float, float, float, float, float]:
        return self.grid.transform

    def _best_cell(self, g: BaseGeometry, within: float,
                   near: tuple[BaseGeometry, ...] | None = None) -> tuple[float, int, int]:
        """Best cell for ``g``; ``near`` (the blockers within ``within`` of ``g``, in tree order)
        when the caller has already looked them up for many geometries at once."""
        ii, jj, d = self.grid.cells_near(g, within)
        if self._tree is not None and self._blockers is not None and ii.size:
            if near is None:
                vis = _visible_cells(g, self.grid, within, self._blockers, self._tree)
            else:
                vis = _visible_cached(g, self.grid, within, near)
            ii, jj, d = ii[vis], jj[vis], d[vis]
        if ii.size == 0:
            return float("inf"), -1, -1
        tot = self.values[ii, jj] + d
        tot = np.where(np.isnan(tot), np.inf, tot)
        k = int(np.argmin(tot))
        return float(tot[k]), int(ii[k]), int(jj[k])

    def at(self, g: BaseGeometry, within: float | None = None) -> float:
        """Walking distance to ``g``: best floor cell within ``within`` m of it (default: 2.5 cells
        plus 0.5 m, enough to step off a wall or a counter face), plus the last straight step."""
        w = within if within is not None else 2.5 * self.grid.res + 0.5
        return self._best_cell(g, w)[0]

    def at_many(self, geoms: Sequence[BaseGeometry], within: float | None = None) -> list[float]:
        """:meth:`at` for each of ``geoms`` (the same values), with one tree query for all of them and
        one gather over the field: each geometry's visible cells are cached on it and the blockers
        near it, so after an edit only the geometries near it look anything up anew."""
        w = within if within is not None else 2.5 * self.grid.res + 0.5
        if not geoms:
            return []
        b = self._blockers
        if self._tree is None or b is None:
            cells = [_reach_cells(g, self.grid, w, ()) for g in geoms]
        else:
            near = _near_blockers(geoms, w, b, self._tree)  # by geometry, then blocker index
            cells = [_reach_cells(g, self.grid, w, nb) for g, nb in zip(geoms, near)]
        sizes = np.fromiter((c[0].size for c in cells), dtype=np.int64, count=len(cells))
        out = np.full(len(cells), np.inf)
        best = np.full(len(cells), -1, dtype=np.int64)
        if sizes.any():
            flat = np.concatenate([c[0] for c in cells])
            tot = self.values.ravel()[flat] + np.concatenate([c[1] for c in cells])
            tot[np.isnan(tot)] = np.inf
            filled = sizes > 0
            starts_ = np.cumsum(sizes) - sizes
            out[filled] = np.minimum.reduceat(tot, starts_[filled])
            # the first cell of each geometry at its minimum (as np.argmin in :meth:`_best_cell` picks)
            seg = np.repeat(np.arange(len(cells)), sizes)
            at_min = np.flatnonzero(tot == out[seg])
            first_seg, first = np.unique(seg[at_min], return_index=True)
            best[first_seg] = flat[at_min[first]]
        if within is None:
            memo = self._best
            for g, dist, cell in zip(geoms, out.tolist(), best.tolist()):
                memo[id(g)] = (g, dist, cell)
        return out.tolist()

    def path_to(self, g: BaseGeometry, within: float | None = None) -> LineString | None:
        """The shortest walking path from the sources to ``g`` (cell centres), or None."""
        if self._pred is None:
            return None
        got = self._best.get(id(g)) if within is None else None
        if got is not None and got[0] is g:
            dist, node = got[1], got[2]
        else:
            w = within if within is not None else 2.5 * self.grid.res + 0.5
            dist, i, j = self._best_cell(g, w)
            node = i * self.grid.nx + j
        if not math.isfinite(dist):
            return None
        pred = self._pred
        n = pred.size
        chain = []
        while 0 <= node < n:
            chain.append(node)
            node = pred.item(node)
        flat = np.array(chain[::-1])
        x, y = self.grid.xy(flat // self.grid.nx, flat % self.grid.nx)
        xy = np.column_stack([x, y])
        path: LineString = shapely.linestrings(xy if len(xy) > 1 else np.repeat(xy, 2, axis=0))
        return path

    def beyond(self, limit: float) -> np.ndarray:
        """Floor cells farther than ``limit`` (or unreachable), compared to 1 mm (:mod:`geometry.precision`)."""
        v = np.where(self.floor, self.values, -np.inf)
        return v >= limit + WIDTH_EPS

    def beyond_geometry(self, limit: float) -> BaseGeometry:
        """Floor farther than ``limit`` as polygons (cells, for drawing and reporting)."""
        return to_geometry(self.grid, self.beyond(limit))

    def max_distance(self) -> float:
        v = self.values[self.floor]
        return float(v.max()) if v.size else float("nan")


def distance_field(grid: Grid, floor: np.ndarray, sources: Sequence[BaseGeometry],
                   join: float | None = None, blockers: Sequence[BaseGeometry] = ()) -> DistanceField:
    """Walking distance over ``floor`` (bool mask on ``grid``) from the nearest of ``sources``.

    Each source is joined to the floor cells within ``join`` m of it (default: 0.5 m plus 2.5
    cells) by their straight-line distance, unless that line crosses one of ``blockers`` (walls,
    columns, counters) other than one the source stands in or touches.
    """
    return distance_fields(grid, floor, [sources], join, blockers=blockers)[0]


def _visible_cells(g: BaseGeometry, grid: Grid, within: float, blockers: np.ndarray,
                   tree: shapely.STRtree | None) -> np.ndarray:
    """Which of the cells within ``within`` of ``g`` (as :meth:`Grid.cells_near` lists them) see
    ``g`` without a blocker in between (a blocker ``g`` stands in or touches does not count).

    Cached on ``g`` and the blockers near it, so an edit elsewhere costs only a lookup."""
    if tree is None:
        return np.ones(grid.cells_near(g, within)[0].size, dtype=bool)
    near = tuple(blockers[i] for i in sorted(tree.query(g, predicate="dwithin", distance=within).tolist()))
    return _visible_cached(g, grid, within, near)


def _near_blockers(geoms: Sequence[BaseGeometry], within: float, blockers: np.ndarray,
                   tree: shapely.STRtree | None) -> list[tuple[BaseGeometry, ...]]:
    """For each of ``geoms``, the blockers within ``within`` of it in index order (as
    :func:`_visible_cells` lists them), with one tree query for all of them."""
    if tree is None or not geoms:
        return [() for _ in geoms]
    src, hit = tree.query(np.array(list(geoms), dtype=object), predicate="dwithin", distance=within)
    order = np.lexsort((hit, src))
    src, hit = src[order], hit[order]
    starts = np.searchsorted(src, np.arange(len(geoms) + 1)).tolist()
    hits = hit.tolist()
    return [tuple([blockers[i] for i in hits[starts[k]:starts[k + 1]]]) for k in range(len(geoms))]


@lru_cache(maxsize=8192)
def _visible_cached(g: BaseGeometry, grid: Grid, within: float, near: tuple[BaseGeometry, ...]) -> np.ndarray:
    ii, jj, _ = grid.cells_near(g, within)
    ok = np.ones(ii.size, dtype=bool)
    if not near or ii.size == 0:
        ok.setflags(write=False)
        return ok
    x, y = grid.xy(ii, jj)
    if g.geom_type == "Point":
        start = np.broadcast_to(np.array([g.x, g.y]), (ii.size, 2))
        segs = shapely.linestrings(np.stack([start, np.column_stack([x, y])], axis=1))
    else:
        segs = shapely.shortest_line(shapely.points(x, y), g)
    for b in near:
        if b.distance(g) <= 1e-6:
            continue  # the source stands in or against it (an extinguisher on a column)
        hit = shapely.intersects(segs, b) & ~shapely.touches(segs, b)
        ok &= ~hit
    ok.setflags(write=False)
    return ok


@lru_cache(maxsize=8192)
def _reach_cells(g: BaseGeometry, grid: Grid, within: float,
                 near: tuple[BaseGeometry, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(flat cell index, straight distance) of the cells within ``within`` of ``g`` that see it past
    ``near`` (the blockers near it, as :func:`_visible_cells` lists them)."""
    ii, jj, d = grid.cells_near(g, within)
    if near:
        vis = _visible_cached(g, grid, within, near)
        ii, jj, d = ii[vis], jj[vis], d[vis]
    flat = ii * grid.nx + jj
    flat.setflags(write=False)
    return flat, d


def distance_fields(grid: Grid, floor: np.ndarray, source_sets: Sequence[Sequence[BaseGeometry]],
                    join: float | None = None, paths: bool = True,
                    blockers: Sequence[BaseGeometry] = ()) -> list[DistanceField]:
    """One :func:`distance_field` per set of sources, sharing one graph of ``floor``.

    Each set gets its own virtual node with edges *out* to its cells only, so no path can
    pass through another set's sources.  ``paths=False`` skips the predecessors (no
    :meth:`DistanceField.path_to`), which saves time.
    """
    import scipy.sparse as sp  # here, not at the top: a command that never searches (most PDFs of
    from scipy.sparse import csgraph  # drawings without a hall) does not pay for importing scipy

    ny, nx = floor.shape
    n = ny * nx
    indptr, indices = _structure(ny, nx)
    k = len(source_sets)
    join = join if join is not None else 0.5 + 2.5 * grid.res
    ptr, cols, ws = [indptr], [indices], []
    end = int(indptr[-1])
    barr = distinct_shapes(np.array(list(blockers), dtype=object))
    tree = shapely.STRtree(barr) if barr.size else None
    near = _near_blockers([s for sources in source_sets for s in sources], join, barr, tree)
    k_src = 0
    for sources in source_sets:  # virtual node n + s_i: edges out to its sources' cells only
        vc, vw = [], []
        for s in sources:
            ii, jj, d = grid.cells_near(s, join)
            keep = floor[ii, jj]
            if tree is not None and keep.any():
                keep &= _visible_cached(s, grid, join, near[k_src])
            k_src += 1
            vc.append((ii * nx + jj)[keep].astype(np.int32))
            vw.append(np.maximum(d[keep], 1e-9))  # csgraph ignores zero weights
        c = np.concatenate(vc) if vc else np.zeros(0, dtype=np.int32)
        end += c.size
        ptr.append(np.array([end], dtype=np.int32))
        cols.append(c)
        ws.append(np.concatenate(vw) if vw else np.zeros(0))
    import hashlib  # here: only a hall's walking search keys its fields (OpenSSL's module, 2 ms)

    floor_key = hashlib.blake2b(np.packbits(floor).tobytes(), digest_size=16).digest()
    keys = [(grid, floor.shape, floor_key, hashlib.blake2b(c.tobytes() + w.tobytes(), digest_size=16).digest())
            for c, w in zip(cols[1:], ws)]
    found = [_FIELDS.get(key, paths) for key in keys]
    missing = [s_i for s_i, f in enumerate(found) if f is None]
    if missing:
        data = _WEIGHTS.weights(floor, grid.res, ws)
        graph = sp.csr_array((data, np.concatenate(cols), np.concatenate(ptr)), shape=(n + k, n + k))
    for s_i in missing:  # one search per set: scipy is ~1.5x slower on several indices at once
        pred = None
        if paths:
            dist, pred = csgraph.dijkstra(graph, directed=True, indices=n + s_i, return_predecessors=True)
            pred = pred[:n]
            pred.setflags(write=False)
        else:
            dist = csgraph.dijkstra(graph, directed=True, indices=n + s_i)
        values = dist[:n].reshape(ny, nx).copy()
        values[~floor] = np.nan
        values.setflags(write=False)
        found[s_i] = (values, pred)
        _FIELDS.put(keys[s_i], values, pred)
    out = []
    for got in found:
        assert got is not None
        out.append(DistanceField(grid, got[0], floor, got[1] if paths else None, barr if tree is not None else None, tree))
    return out


class _FieldCache:
    """The last few walking fields, keyed on the floor raster and the source cells with their join
    distances (everything the search reads): an edit that leaves them as they were (a counter moved
    by less than a cell, a label changed, a facility away from the floor's cells) reuses the field
    instead of searching again.  Values are read-only arrays shared by the fields that reuse them."""

    def __init__(self, slots: int = 8) -> None:
        self._slots = slots
        self._entries: dict[tuple[object, ...], tuple[np.ndarray, np.ndarray | None]] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get(self, key: tuple[object, ...], paths: bool) -> tuple[np.ndarray, np.ndarray | None] | None:
        with self._lock:
            got = self._entries.get(key)
            if got is None or (paths and got[1] is None):
                return None
            self._entries[key] = self._entries.pop(key)  # most recent last
            return got

    def put(self, key: tuple[object, ...], values: np.ndarray, pred: np.ndarray | None) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if pred is None and old is not None and old[1] is not None:
                pred = old[1]  # keep the paths a search with predecessors found
            self._entries[key] = (values, pred)
            while len(self._entries) > self._slots:
                del self._entries[next(iter(self._entries))]


_FIELDS = _FieldCache()

