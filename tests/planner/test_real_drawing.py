"""The editor on a real-size drawing: the hall by a click, the drawing kept with the project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMessageBox

from geometry.drawing_file import drawing_path, load_drawing
from tests.planner.real_floor import HALL_AREA, HALL_LABEL_AT, university_floor
from tests.planner.test_app_features import answer_modal
from tests.planner.test_app_flow import click


def _open_floor(w: Any, tmp_path: Path) -> Path:
    src = university_floor(tmp_path / "教学楼 一层.dxf")
    assert w.files.open_path(src, confirm=False, interactive=False)
    assert w.doc.plan.hall is None and w.doc.underlay
    w.view.fit()
    return src


def _layer_item(w: Any, name: str) -> Any:
    items = w.layers.list.findItems(name, Qt.MatchFlag.MatchExactly)
    assert items, name
    return items[0]


def test_hall_by_click_uses_visible_wall_layers(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    _open_floor(w, tmp_path)
    w.ui.tool_acts["select"].trigger()
    # the old wall crossing the room is on a wall layer: while shown it splits the room
    click(qtbot, w, *HALL_LABEL_AT)
    w.ui.acts["room_hall"].trigger()
    split = w.doc.plan.hall.area
    assert 100 < split < 250
    w.doc.stack.undo()
    _layer_item(w, "A-WALL-OLD").setCheckState(Qt.CheckState.Unchecked)  # the user hides it
    click(qtbot, w, *HALL_LABEL_AT)
    w.ui.acts["room_hall"].trigger()
    area = w.doc.plan.hall.area
    # the room between the wall faces (doors close their openings on the wall line), not a 60.48 m² axis bay
    assert abs(area - HALL_AREA) < 0.5, area
    assert f"{area:.1f} m²" in w.statusBar().currentMessage() and "WALL" in w.statusBar().currentMessage()
    assert w.doc.selection == ("hall",) and w.props.info["area"].text() == f"{area:.2f} m²"
    w.doc.stack.undo()
    # without the door layer the openings still close: their jambs face each other across at most 2.5 m
    _layer_item(w, "DOOR").setCheckState(Qt.CheckState.Unchecked)
    click(qtbot, w, *HALL_LABEL_AT)
    w.ui.acts["room_hall"].trigger()
    assert abs(w.doc.plan.hall.area - HALL_AREA) < 0.5 and "DOOR" not in w.statusBar().currentMessage()


def test_drawing_kept_after_save_and_reopen(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    src = _open_floor(w, tmp_path)
    layers = [name for name, _g in w.doc.underlay]
    vertices = sum(len(g.geoms) for _n, g in w.doc.underlay)
    texts = sorted(tx.text for tx in w.doc.underlay_texts)
    assert "办事区 A101" in texts
    _layer_item(w, "AXIS").setCheckState(Qt.CheckState.Unchecked)
    target = tmp_path / "plan.hallplan"
    assert w.files.save_to(target)
    assert drawing_path(target).is_file()
    w.files.new_plan()
    assert not w.doc.underlay and not w.scene.underlay_layers()
    assert w.files.open_path(target, confirm=False, interactive=False)
    assert [name for name, _g in w.doc.underlay] == layers
    assert sum(len(g.geoms) for _n, g in w.doc.underlay) == vertices
    assert sorted(tx.text for tx in w.doc.underlay_texts) == texts
    assert w.scene.hidden_layers() == ["AXIS"] and _layer_item(w, "AXIS").checkState() == Qt.CheckState.Unchecked
    assert _layer_item(w, "WALL").checkState() == Qt.CheckState.Checked
    assert w.doc.source == src.resolve() and not w.doc.modified
    # the source drawing changes: reopening says so and offers to import it again
    university_floor(src, hidden_old_wall=True)
    with src.open("a", encoding="utf-8") as fh:
        fh.write("\n")
    w.files.new_plan()
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Yes, seen)
    assert w.files.open_path(target, confirm=False, interactive=True)
    assert seen and src.name in seen[0]
    assert w.doc.modified and w.doc.plan.hall is None and w.doc.underlay  # drawing read again, plan kept
    assert w.files.save_to(target)
    assert load_drawing(target).sha256 is not None and w.doc.drawing_saved[0] == target.resolve()


def test_plan_without_drawing_has_no_sidecar_and_damaged_one_still_opens(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from tests.planner.conftest import SAMPLE

    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    target = tmp_path / "plain.hallplan"
    assert w.files.save_to(target)
    assert not drawing_path(target).exists()
    drawing_path(target).write_bytes(b"PK\x03\x04 not really a zip")
    w.files.new_plan()
    assert w.files.open_path(target, confirm=False, interactive=False)
    assert w.doc.plan.objects and not w.doc.underlay
    assert "损坏" in w.statusBar().currentMessage()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_drawing_texts_on_canvas(qtbot: Any, window: Any, tmp_path: Path, lang: str) -> None:
    """Texts drawn at their true height and position (centred where the drawing centres them)."""
    w = window
    if lang == "en":
        w.ui.acts["lang_en"].trigger()
    _open_floor(w, tmp_path)
    items = [it for k, v in w.scene.backend.items.items() if k.startswith("utext:") for p in v for it in p.childItems()]
    hall = next(it for it in items if it.text() == "办事区 A101")
    r = hall.sceneBoundingRect()
    assert abs(r.height() - 0.45 * 1.2) < 0.25  # true height 450 mm (plus the font's line gap)
    assert abs(r.center().x() - HALL_LABEL_AT[0]) < 0.1 and abs(r.center().y() - HALL_LABEL_AT[1]) < 0.2


def test_find_box_zooms_to_a_room_name(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    _open_floor(w, tmp_path)
    w.ui.acts["find"].trigger()
    assert w.ui.find_box.hasFocus() or QApplication_focus_is(w.ui.find_box)
    w.ui.find_box.setText("会议室")  # QTest cannot type Chinese
    qtbot.keyClick(w.ui.find_box, Qt.Key.Key_Return)
    centre = w.view.scene_at(QPointF(w.view.viewport().rect().center()))
    assert abs(centre.x() - 35.0) < 0.5 and abs(centre.y() - 8.0) < 0.5  # "会议室 A102" stands at (35, 8)
    assert w.view.px_per_m() > 40  # zoomed in: the 0.45 m text is readable
    assert "1" in w.statusBar().currentMessage() and "会议室 A102" in w.statusBar().currentMessage()
    visible = [p.isVisible() for k, v in w.scene.backend.items.items() if k == "utext:PUB_TEXT" for p in v]
    assert visible and all(visible)
    w.ui.find_box.clear()
    w.ui.find_box.setText("教室")  # seven of them: Enter goes from one to the next
    seen = set()
    for _ in range(7):
        qtbot.keyClick(w.ui.find_box, Qt.Key.Key_Return)
        seen.add(round(w.view.scene_at(QPointF(w.view.viewport().rect().center())).x()))
    assert len(seen) == 7
    w.ui.find_box.clear()
    w.ui.find_box.setText("不存在的房间")  # QTest cannot type Chinese
    qtbot.keyClick(w.ui.find_box, Qt.Key.Key_Return)
    assert "没有" in w.statusBar().currentMessage()


def QApplication_focus_is(widget: Any) -> bool:  # noqa: N802 - offscreen windows may not take focus
    from PySide6.QtWidgets import QApplication

    return QApplication.focusWidget() is widget


def test_layers_off_in_the_drawing_stay_hidden(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    src = university_floor(tmp_path / "off.dxf", hidden_old_wall=True)
    assert w.files.open_path(src, confirm=False, interactive=False)
    assert w.scene.hidden_layers() == ["A-WALL-OLD"]
    assert _layer_item(w, "A-WALL-OLD").checkState() == Qt.CheckState.Unchecked
    w.view.fit()
    w.ui.tool_acts["select"].trigger()
    click(qtbot, w, *HALL_LABEL_AT)
    w.ui.acts["room_hall"].trigger()  # the switched-off wall does not split the room
    assert abs(w.doc.plan.hall.area - HALL_AREA) < 0.5


def test_hall_from_the_list_of_rooms(qtbot: Any, window: Any, tmp_path: Path) -> None:
    import ezdxf

    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    for (x0, y0, x1, y1), name in (((0, 0, 20000, 16000), "综合受理区"), ((20000, 0, 28000, 16000), "档案室"),
                                   ((0, 16000, 28000, 19000), "走廊")):
        msp.add_lwpolyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], close=True, dxfattribs={"layer": "SPACE"})
        msp.add_text(name, dxfattribs={"layer": "SPACE_TEXT", "height": 400, "insert": ((x0 + x1) / 2, (y0 + y1) / 2)})
    path = tmp_path / "rooms.dxf"
    doc.saveas(path)
    w = window
    assert w.files.open_path(path, confirm=False, interactive=False)
    from planner.editor.room_list import RoomListDialog, pick_hall_from_rooms

    assert pick_hall_from_rooms(w, interactive=False, name="综合受理")
    assert abs(w.doc.plan.hall.area - 320.0) < 1e-6 and w.doc.selection == ("hall",)
    assert "320.0 m²" in w.statusBar().currentMessage()
    w.doc.stack.undo()
    assert w.doc.plan.hall is None
    dlg = RoomListDialog(w, __import__("geometry.room_pick", fromlist=["x"]).closed_rooms(w.doc.underlay, w.doc.underlay_texts))
    assert [dlg.list.item(i).text().split()[0] for i in range(dlg.list.count())] == ["档案室", "综合受理区", "走廊"]
    dlg.filter.setText("档案")
    assert dlg.list.count() == 1 and "128.0 m²" in dlg.list.item(0).text()
