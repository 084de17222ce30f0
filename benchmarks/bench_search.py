"""Benchmark: the walking search on the 500-counter hall — scipy's Dijkstra against the other compiled
shortest-path libraries on the package index, on the same graph in the same run.

    python benchmarks/bench_search.py [--repeat 5]
    pip install igraph networkit   # optional: each library found is timed beside scipy

The graph is the one the full check searches (the walkable floor of ``synthetic_hall(500, 2000)``,
16-neighbour grid, one virtual source node; captured from ``csgraph.dijkstra`` during a check).
Prints, per library, the median of ``--repeat`` searches (wall ms), the one-off graph build where the
library needs its own graph, and whether its distances equal scipy's.  This is the floor under the
check's "walking fields searched again" figure: three such searches per check.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from typing import Any, Callable

import numpy as np


def _median_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, float, float, Any]:
    ts, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        ts.append((time.perf_counter() - t) * 1000)
    return statistics.median(ts), min(ts), max(ts), out


def captured_searches() -> list[tuple[Any, int]]:
    """(graph, source node) of every search a full check of the 500-counter hall makes."""
    from scipy.sparse import csgraph

    from geometry.circulation import walking
    from geometry.synthetic import synthetic_hall
    from standards.engine import check

    real = csgraph.dijkstra
    got: list[tuple[Any, int]] = []

    def keep(graph: Any, *args: Any, **kw: Any) -> Any:
        got.append((graph, int(kw["indices"])))
        return real(graph, *args, **kw)

    walking._FIELDS.clear()
    csgraph.dijkstra = keep
    try:
        check(dataclasses.replace(synthetic_hall(500, 2000)))
    finally:
        csgraph.dijkstra = real
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    from scipy.sparse import csgraph

    searches = captured_searches()
    print(f"{len(searches)} searches in a full check; timing the last (the fire field over the walkable floor)")
    graph, src = searches[-1]
    n = graph.shape[0]
    finite = np.isfinite(graph.data)
    print(f"graph: {n:,} nodes, {graph.nnz:,} edge slots, {int(finite.sum()):,} open moves")
    med, lo, hi, ref = _median_ms(lambda: csgraph.dijkstra(graph, directed=True, indices=src), a.repeat)
    print(f"  scipy csgraph.dijkstra   {med:7.1f} ms ({lo:.1f}–{hi:.1f})")
    rows = np.repeat(np.arange(n, dtype=np.int32), np.diff(graph.indptr))[finite]
    cols = graph.indices[finite]
    w = graph.data[finite]
    try:
        import igraph
    except ImportError:
        print("  igraph                   not installed (pip install igraph)")
    else:
        t = time.perf_counter()
        g = igraph.Graph(n=n, edges=np.column_stack([rows, cols]), directed=True)
        build = (time.perf_counter() - t) * 1000
        med, lo, hi, out = _median_ms(lambda: g.distances(source=src, weights=w, mode="out"), a.repeat)
        same = np.allclose(np.asarray(out[0]), ref)
        print(f"  igraph {igraph.__version__:<17} {med:7.1f} ms ({lo:.1f}–{hi:.1f}), graph build {build:.0f} ms, "
              f"distances equal: {same}")
    try:
        import networkit as nk
    except ImportError:
        print("  networkit                not installed (pip install networkit)")
    else:
        t = time.perf_counter()
        G = nk.Graph(n, weighted=True, directed=True)
        G.addEdges((w, (rows, cols)), checkMultiEdge=False)
        build = (time.perf_counter() - t) * 1000

        def nk_search() -> np.ndarray:
            d = nk.distance.Dijkstra(G, src, storePaths=False)
            d.run()
            out = np.asarray(d.getDistances())
            out[out > 1e300] = np.inf
            return out

        med, lo, hi, out = _median_ms(nk_search, a.repeat)
        print(f"  networkit {nk.__version__:<14} {med:7.1f} ms ({lo:.1f}–{hi:.1f}), graph build {build:.0f} ms, "
              f"distances equal: {np.allclose(out, ref)}")
    try:
        import skimage
        from skimage.graph import MCP_Geometric
    except ImportError:
        print("  scikit-image             not installed (pip install scikit-image)")
    else:
        # the grid searcher of image processing: 8 neighbours only (offsets of -1, 0, 1), so another
        # metric (up to 8.2 % long) — timed on the same floor from the cell nearest the same source
        ny, nx = _grid_shape(graph)
        nodes = ny * nx
        floor = np.isfinite(graph.data[:nodes * 16]).reshape(nodes, 16).any(axis=1)
        cost = np.where(floor.reshape(ny, nx), 1.0, np.inf)
        lo_ = graph.indptr[src]
        start = int(graph.indices[lo_ + int(np.argmin(graph.data[lo_:graph.indptr[src + 1]]))])
        med, lo, hi, _ = _median_ms(lambda: MCP_Geometric(cost, fully_connected=True).find_costs([divmod(start, nx)]),
                                    a.repeat)
        print(f"  scikit-image {skimage.__version__:<11} {med:7.1f} ms ({lo:.1f}–{hi:.1f}) with 8 neighbours "
              f"(MCP_Geometric: no knight moves, another metric)")
        try:
            import dijkstra3d
        except ImportError:
            print("  dijkstra3d               not installed (pip install dijkstra3d)")
        else:  # C++ voxel Dijkstra: 26 neighbours in 3D, so 8 on one slice — again no knight moves
            vox = floor.reshape(ny, nx, 1).astype(np.uint8)
            med, lo, hi, _ = _median_ms(lambda: dijkstra3d.euclidean_distance_field(vox, source=(*divmod(start, nx), 0)),
                                        a.repeat)
            print(f"  dijkstra3d               {med:7.1f} ms ({lo:.1f}–{hi:.1f}) with 8 neighbours (another metric)")


def _grid_shape(graph: Any) -> tuple[int, int]:
    """(ny, nx) of the grid behind the graph (its cells, then a virtual node per source set): slot 2
    of every cell is the move one row down (walking.MOVES16: (0, 1), (0, -1), (1, 0), ...)."""
    nx = int(graph.indices[graph.indptr[0] + 2])
    return graph.shape[0] // nx, nx


if __name__ == "__main__":
    main()
