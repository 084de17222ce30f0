"""One underlay type: the DXF import, the drawing kept beside a project and the editor's visible
layers all hand the exports an :class:`Underlay` with its texts."""

from __future__ import annotations

from pathlib import Path

import ezdxf
from shapely.geometry import LineString, MultiLineString, Polygon

from geometry.drawing_file import Underlay, UnderlayLayer, UnderlayText, load_drawing, save_drawing
from geometry.dxf import import_dxf

WALLS = MultiLineString([[(0, 0), (10, 0), (10, 8)], [(0, 8), (0, 0)]])
TEXTS = [UnderlayText("ROOM", 5.0, 4.0, 0.5, 0.0, "服务大厅"), UnderlayText("AXIS", 0.0, -1.0, 0.3, 0.0, "1")]


def test_the_kept_drawing_loads_as_the_underlay_type(tmp_path: Path) -> None:
    save_drawing(tmp_path / "a.hallplan", [("WALL", WALLS), ("AXIS", LineString([(0, -1), (10, -1)]))], TEXTS,
                 hidden=("AXIS",))
    d = load_drawing(tmp_path / "a.hallplan")
    assert d is not None and isinstance(d.layers, Underlay) and isinstance(d.underlay, Underlay)
    assert [n for n, _g in d.layers] == ["WALL", "AXIS"] and d.layers.vertices == 5 + 2
    assert [n for n, _g in d.underlay] == ["WALL"] and [t.text for t in d.underlay.texts] == ["服务大厅"]
    assert d.underlay[0][1].equals(WALLS)


def test_the_dxf_import_gives_the_same_type(tmp_path: Path) -> None:
    doc = ezdxf.new()
    doc.layers.add("A-WALL")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (10000, 0), (10000, 8000)], dxfattribs={"layer": "A-WALL"})
    msp.add_text("大厅", dxfattribs={"layer": "A-WALL", "height": 500, "insert": (5000, 4000)})
    doc.header["$INSUNITS"] = 4
    doc.saveas(tmp_path / "a.dxf")
    res = import_dxf(tmp_path / "a.dxf")
    assert isinstance(res.underlay, Underlay) and isinstance(res.printed_underlay, Underlay)
    assert any(n == "A-WALL" for n, _g in res.underlay)


def test_pairs_the_editor_holds_keep_their_geometry_and_texts() -> None:
    room = Polygon([(0, 0), (4, 0), (4, 3), (0, 3)])
    u = Underlay.of_pairs([("WALL", WALLS), ("ROOM", room), ("EMPTY", LineString())], TEXTS)
    assert [n for n, _g in u] == ["WALL", "ROOM"]
    assert u[1][1] is room  # the editor's geometry as it is, not rebuilt from arrays
    assert u.vertices == 5 + 5 and u.layers[0].bounds() == (0.0, 0.0, 10.0, 8.0)
    shown = u.without({"ROOM"})
    assert [n for n, _g in shown] == ["WALL"] and [t.layer for t in shown.texts] == ["AXIS"]
    assert isinstance(UnderlayLayer.of_geometry("W", WALLS).geometry(), MultiLineString)
