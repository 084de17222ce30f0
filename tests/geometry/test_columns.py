"""Columns drawn in pieces become one column polygon each."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geometry.dxf import import_dxf
from geometry.dxf.columns import column_polygons, polygons_from_parts
from tests.geometry.wall_samples import column_pieces


def test_each_drawing_habit_gives_one_column(tmp_path: Path) -> None:
    res = import_dxf(column_pieces(tmp_path / "柱.dxf"))
    cols = [o for o in res.plan.obstacles if o.kind == "column" and o.geometry.geom_type == "Polygon"]
    assert len(cols) == 4
    assert all(c.geometry.area == pytest.approx(0.25, rel=1e-6) for c in cols)
    assert sorted(round(c.geometry.centroid.x, 2) for c in cols) == [4.25, 8.25, 12.25, 16.25]
    lines = [o for o in res.plan.obstacles if o.kind == "column" and o.geometry.geom_type != "Polygon"]
    assert len(lines) == 1  # the stray line is not a column polygon, and not lost


def test_column_polygons_from_collected_entities(tmp_path: Path) -> None:
    from geometry.dxf.collect import Collector
    from geometry.dxf.layermap import load_layer_map

    import ezdxf

    doc = ezdxf.readfile(column_pieces(tmp_path / "c.dxf"))
    col = Collector(doc, load_layer_map(), tol=0.5).run(doc.modelspace(), len(doc.modelspace()), None)
    polys = column_polygons(col, 0.001)
    assert [round(p.area, 4) for p in polys] == [0.25] * 4


@settings(max_examples=40, deadline=None)
@given(x=st.floats(-1e6, 1e6), y=st.floats(-1e6, 1e6), w=st.floats(200, 1500), h=st.floats(200, 1500),
       jitter=st.lists(st.floats(-0.9, 0.9), min_size=8, max_size=8), turn=st.floats(0, 3.14))
def test_four_lines_that_nearly_meet_are_one_column(x: float, y: float, w: float, h: float, jitter: list[float],
                                                     turn: float) -> None:
    c, s = np.cos(turn), np.sin(turn)
    corners = np.array([(0, 0), (w, 0), (w, h), (0, h)]) @ np.array([[c, s], [-s, c]]) + (x, y)
    j = np.array(jitter).reshape(4, 2)
    parts = [(np.array([corners[k] + j[k], corners[(k + 1) % 4] - j[(k + 1) % 4] * 0.5]), False) for k in range(4)]
    polys, used = polygons_from_parts(parts, tol=2.0)
    assert len(polys) == 1 and sorted(used) == [0, 1, 2, 3]
    assert polys[0].area == pytest.approx(w * h, rel=0.02)


def test_barcelona_pavilions_eight_cruciform_columns() -> None:
    """The real Barcelona Pavilion plan draws each of its eight cruciform columns as twelve lines."""
    from tests.conftest import REPO

    res = import_dxf(REPO / "tests" / "data" / "dxf" / "barcelona_pavilion_m.dxf")
    cols = [o.geometry for o in res.plan.obstacles if o.kind == "column"]
    assert len(cols) == 8
    assert all(c.geom_type == "Polygon" and len(c.exterior.coords) == 13 for c in cols)  # a cross: 12 corners
    assert all(0.0095 < c.area < 0.0105 for c in cols)
