"""Tag → Make room from selected walls, driven like a user on an imported DXF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.planner.test_app_features import answer_modal
from tests.planner.test_app_flow import click, vp

pytest.importorskip("geometry.dxf")

from tests.geometry.dxf_samples import new_doc, walled_hall  # noqa: E402


def line_room(path: Path, gap_mm: float) -> Path:
    """A 20 × 12 m room of plain LINEs on an unmapped layer (so they stay underlay), split by a
    partition at x = 14 m; the west wall stops ``gap_mm`` short of the north-west corner."""
    doc = new_doc(4)
    msp = doc.modelspace()
    for a, b in (((0, 0), (20000, 0)), ((20000, 0), (20000, 12000)), ((20000, 12000), (0, 12000)),
                 ((0, 0), (0, 12000 - gap_mm)), ((14000, 0), (14000, 12000))):
        msp.add_line(a, b, dxfattribs={"layer": "SKETCH"})
    doc.saveas(path)
    return path


def drag(qtbot: Any, w: Any, a: tuple[float, float], b: tuple[float, float], modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    pa, pb = vp(w, *a), vp(w, *b)
    qtbot.mousePress(w.view.viewport(), Qt.MouseButton.LeftButton, modifier, pa)
    qtbot.mouseMove(w.view.viewport(), (pa + pb) / 2)
    qtbot.mouseRelease(w.view.viewport(), Qt.MouseButton.LeftButton, modifier, pb)


def test_room_from_clicked_underlay_lines(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    assert w.files.open_path(line_room(tmp_path / "线条 房间.dxf", gap_mm=50.0), confirm=False, interactive=False)
    assert w.doc.plan.hall is None and not w.doc.plan.objects and w.doc.underlay
    w.ui.tool_acts["select"].trigger()
    for i, (x, y) in enumerate(((7.0, 0.0), (20.0, 6.0), (7.0, 12.0), (0.0, 6.0))):
        click(qtbot, w, x, y, Qt.KeyboardModifier.ShiftModifier if i else Qt.KeyboardModifier.NoModifier)
    sel = w.view.underlay_sel
    assert len(sel.lines) == 4 and sel._item is not None  # shown highlighted
    click(qtbot, w, 0.0, 6.0, Qt.KeyboardModifier.ShiftModifier)  # Shift+click again drops a line
    assert len(sel.lines) == 3
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    w.ui.acts["walls_hall"].trigger()
    assert seen and "缺口" in seen[0] and w.doc.plan.hall is None and not w.doc.stack.count()
    click(qtbot, w, 0.0, 6.0, Qt.KeyboardModifier.ShiftModifier)
    w.ui.acts["walls_hall"].trigger()  # the 5 cm gap is within the layer map's tolerance
    assert abs(w.doc.plan.hall.area - 240.0) < 0.01 and w.doc.stack.count() == 1
    assert w.doc.selection == ("hall",)
    w.doc.stack.undo()
    assert w.doc.plan.hall is None
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)
    assert not sel.lines


def test_box_select_lines_largest_room_or_the_clicked_one(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    assert w.files.open_path(line_room(tmp_path / "box.dxf", gap_mm=50.0), confirm=False, interactive=False)
    w.ui.tool_acts["select"].trigger()
    drag(qtbot, w, (-1.0, -1.0), (21.0, 13.0))
    assert len(w.view.underlay_sel.lines) == 5
    w.ui.acts["walls_zone"].trigger()
    assert abs(w.doc.plan.zones[-1].geometry.area - 14 * 12) < 0.01  # two rooms: the largest
    assert "最大" in w.statusBar().currentMessage()
    click(qtbot, w, 17.0, 3.0, Qt.KeyboardModifier.ShiftModifier)  # Shift+click inside the small room keeps the lines
    assert len(w.view.underlay_sel.lines) == 5
    w.ui.acts["walls_parking"].trigger()
    assert abs(w.doc.plan.parking[-1].geometry.area - 6 * 12) < 0.01
    assert "最后点击" in w.statusBar().currentMessage()
    assert w.doc.stack.count() == 2


def test_wall_obstacles_count_as_selected_walls(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    assert w.files.open_path(walled_hall(tmp_path / "墙体.dxf", gap=50.0, label="库房"), confirm=False, interactive=False)
    w.ui.tool_acts["select"].trigger()
    click(qtbot, w, -0.2, 6.0)  # the wall band (imported as a wall obstacle), open by 5 cm at the south
    assert w.doc.selection == ("obstacle-1",)
    w.ui.acts["walls_hall"].trigger()
    assert abs(w.doc.plan.hall.area - 240.0) < 0.01


def test_open_walls_say_where_the_gap_is(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    assert w.files.open_path(walled_hall(tmp_path / "open.dxf", gap=1000.0, label="库房"), confirm=False, interactive=False)
    w.ui.tool_acts["select"].trigger()
    click(qtbot, w, -0.2, 6.0)
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    w.ui.acts["walls_hall"].trigger()
    assert w.doc.plan.hall is None and not w.doc.stack.count()
    assert seen and "缺口" in seen[0] and "(10.50, " in seen[0]
    assert w.view.underlay_sel.gaps and w.view.underlay_sel._gap_item is not None  # marked on the canvas
