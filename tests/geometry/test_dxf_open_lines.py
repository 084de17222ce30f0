"""Mapper.open_lines (every open wall line's LineString, made by shapely at once) gives what
Mapper.line gives one shape at a time: the same geometry to the last bit, the same refusals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from geometry.dxf.collect import Collector, Shape
from geometry.dxf.layermap import load_layer_map
from geometry.dxf.mapping import _ROLE_OBSTACLE, Mapper
from geometry.dxf.reader import open_document
from tests.geometry import dxf_samples as S

SHARED = Path("/work/shared/dxf")
REAL = [SHARED / n for n in ("tarch_t3_power_room_mm.dxf", "us_apartments_inch.dxf") if (SHARED / n).is_file()]


def _same(mp: Mapper) -> int:
    got = mp.open_lines()
    n = 0
    for s in mp.col.shapes:
        if s.closed or s.role not in _ROLE_OBSTACLE or len(s.coords) < 2:
            assert id(s) not in got
            continue
        want = mp.line(s.coords, False)
        g = got[id(s)]
        assert (g is None) == (want is None)
        if g is not None and want is not None:
            assert g.wkb == want.wkb
            n += 1
    return n


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_drawings(path: Path) -> None:
    doc, _info = open_document(path)
    msp = doc.modelspace()
    col = Collector(doc, load_layer_map(), tol=0.5).run(msp, len(msp), None)
    assert _same(Mapper(col, load_layer_map(), 0.001)) > 0


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # GEOS on the NaN vertex
def test_odd_lines(tmp_path: Path) -> None:
    doc, _info = open_document(S.walled_hall(tmp_path / "w.dxf"))
    msp = doc.modelspace()
    col = Collector(doc, load_layer_map(), tol=0.5).run(msp, len(msp), None)
    odd = [np.array([[0.0, 0.0], [0.0, 0.0]]), np.array([[1.0, 2.0], [np.nan, 3.0], [4.0, 5.0]]),
           np.array([[-0.0, 1e300], [5.0, -1e-300]]), np.array([[3.0, 4.0], [3.0, 4.0], [3.0, 4.0]])]
    col.shapes += [Shape("WALL", "wall", c, False, "LINE", f"x{i}") for i, c in enumerate(odd)]
    assert _same(Mapper(col, load_layer_map(), 0.001)) >= 1
