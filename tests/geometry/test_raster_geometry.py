"""Cells to polygons: :func:`to_geometry` covers exactly the cells set, whatever their pattern."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geometry.circulation.raster import Grid, to_geometry


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 25), st.integers(1, 25), st.floats(0.05, 0.9))
def test_cells_to_geometry_is_the_union_of_the_cells(seed: int, ny: int, nx: int, p: float) -> None:
    rng = np.random.default_rng(seed)
    m = rng.random((ny, nx)) < p
    g = Grid(-1.25, 3.5, 0.25, nx, ny)
    got = to_geometry(g, m)
    ii, jj = np.nonzero(m)
    cells = shapely.union_all(shapely.box(g.x0 + jj * g.res, g.y0 + ii * g.res,
                                          g.x0 + (jj + 1) * g.res, g.y0 + (ii + 1) * g.res))
    assert got.is_valid
    assert got.equals(cells) or (got.is_empty and cells.is_empty)
    assert abs(got.area - m.sum() * g.res ** 2) < 1e-9
