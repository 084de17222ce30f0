"""Editor features beyond the main flow: DXF import and tagging, recovery, prompts, handles, snapping."""

from __future__ import annotations

import time

from pathlib import Path
from typing import Any

import ezdxf
import pytest
from PySide6.QtCore import QPoint, QTimer, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from geometry.model import Plan
from tests.planner.conftest import SAMPLE
from tests.planner.test_app_flow import click, vp


def answer_modal(button: QMessageBox.StandardButton, seen: list[str]) -> QTimer:
    """Press ``button`` on the next modal message box (what a user would do).

    The timer belongs to the application, so it works even if the caller drops it. For 10 s after its
    answer, a further box that nobody answers within 3 s (one the test did not expect, e.g. an error
    after the answered prompt) is closed and recorded as ``UNEXPECTED: …``: the test then fails on its
    assertions instead of waiting forever."""
    timer = QTimer(QApplication.instance())
    timer.setInterval(20)
    answered_at: float | None = None
    waiting: dict[int, float] = {}

    def poll() -> None:
        nonlocal answered_at
        now = time.monotonic()
        if answered_at is not None and now - answered_at > 10.0:
            timer.stop()
            timer.deleteLater()
            return
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        if answered_at is None and box.button(button) is not None:
            answered_at = now
            seen.append(box.text())
            box.button(button).click()
            return
        if answered_at is not None and now - waiting.setdefault(id(box), now) > 3.0:
            seen.append("UNEXPECTED: " + box.text())
            box.reject()

    timer.timeout.connect(poll)
    timer.start()
    return timer


def small_dxf(path: Path) -> Path:
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4  # mm
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (30000, 0), (30000, 20000), (0, 20000)], close=True, dxfattribs={"layer": "轮廓线"})
    msp.add_line((0, 10000), (30000, 10000), dxfattribs={"layer": "轴线"})
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.saveas(path)
    return path


def test_dxf_import_underlay_tag_and_reassign(qtbot: Any, window: Any, tmp_path: Path) -> None:
    pytest.importorskip("geometry.dxf")
    w = window
    path = small_dxf(tmp_path / "图纸 目录" / "大厅平面.dxf")
    assert w.files.open_path(path, confirm=False, interactive=False)
    assert w.doc.plan.hall is None and w.doc.underlay
    assert w.doc.modified and w.doc.source == path.resolve()
    assert any(k.startswith("underlay:") for k in w.scene.backend.items)
    # tag the closed outline as the hall: click its edge with the select tool, then Tag → hall
    w.ui.tool_acts["select"].trigger()
    click(qtbot, w, 15.0, 20.0)
    assert w.view.tool.underlay_pick is not None
    w.ui.acts["tag_hall"].trigger()
    assert w.doc.plan.hall is not None and abs(w.doc.plan.hall.area - 600.0) < 1e-6
    w.doc.stack.undo()
    assert w.doc.plan.hall is None
    # the same outline as a ramp, then as a column: the Tag menu offers every outline kind
    for action, kind, sub in (("tag_ramp", "ramp", None), ("tag_column", "obstacle", "column")):
        w.ui.acts[action].trigger()
        made = [o for o in w.doc.plan.objects if o.KIND == kind]
        assert len(made) == 1 and abs(made[0].geometry.area - 600.0) < 1e-6 and getattr(made[0], "kind", None) == sub
        w.doc.stack.undo()
    # the import dialog: reassign the layer to "hall" and import again
    from planner.editor.import_dialog import ImportDialog

    dlg = ImportDialog(path, w)
    dlg.start()
    qtbot.waitUntil(lambda: dlg.result_value is not None, timeout=20000)
    rows = {dlg.table.item(r, 0).text(): r for r in range(dlg.table.rowCount())}
    assert "轮廓线" in rows
    combo = dlg.table.cellWidget(rows["轮廓线"], 3)
    combo.setCurrentIndex(combo.findData("hall"))
    dlg.result_value = None
    dlg.start()
    qtbot.waitUntil(lambda: dlg.result_value is not None, timeout=20000)
    assert dlg.result_value.plan.hall is not None
    assert "mm" in dlg.units_reason.text()
    dlg.reject()


def test_bad_dxf_gives_a_message_not_a_traceback(qtbot: Any, window: Any, tmp_path: Path) -> None:
    pytest.importorskip("geometry.dxf")
    bad = tmp_path / "坏.dxf"
    bad.write_bytes(b"this is not a drawing\n")
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    assert not window.files.open_path(bad, confirm=False, interactive=False)
    assert seen and "Traceback" not in seen[0]
    assert window.doc.plan == Plan()


def test_recovery_after_crash(qtbot: Any, isolated_settings: Path) -> None:
    from planner.editor import files
    from planner.app import create_window

    plan = Plan().with_context(centre_name="恢复测试中心")
    files.autosave(plan, str(isolated_settings / "lost.hallplan"), pid=2 ** 22 + 12345)  # a pid that is not running
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Yes, seen)
    w = create_window([], lang="zh", recover=True)
    assert seen and "恢复" in seen[0]
    assert w.doc.plan.context.centre_name == "恢复测试中心" and w.doc.modified
    assert not files.pending_recoveries()
    w.doc.mark_saved(isolated_settings / "x.hallplan")
    w.close()


def test_autosave_and_clean_exit(qtbot: Any, window: Any) -> None:
    from planner.editor import files

    w = window
    assert w.files.autosave_now() is None  # nothing to save
    w.context.name.setText("自动保存")
    w.context.name.editingFinished.emit()
    target = w.files.autosave_now()
    assert target is not None and target.exists()
    w.files.save_to(target.parent / "saved.hallplan")
    assert not target.exists()  # saving clears the recovery file
    assert files.recent_files()[0].endswith("saved.hallplan")


def test_unsaved_prompt_cancel_then_discard(qtbot: Any, window: Any) -> None:
    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    w.delete_selection()
    w.doc.select([w.doc.plan.counters[0].id])
    w.delete_selection()
    changed = w.doc.plan
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Cancel, seen)
    w.files.new_plan()
    assert seen and w.doc.plan is changed
    _t2 = answer_modal(QMessageBox.StandardButton.Discard, seen)
    w.files.new_plan()
    assert w.doc.plan == Plan() and len(seen) == 2


def test_bad_number_shows_a_message_and_changes_nothing(qtbot: Any, window: Any) -> None:
    w = window
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    w.context.population.setText("很多")
    w.context.population.editingFinished.emit()
    assert seen and "很多" in seen[0]
    assert w.doc.plan.context.population is None and not w.doc.stack.count()


def test_rotate_handle_drag_is_one_step_and_snapping_switches(qtbot: Any, window: Any) -> None:
    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    c = w.doc.plan.counters[0]
    w.view.fit_rect(c.geometry.buffer(3).bounds)
    w.ui.tool_acts["select"].trigger()
    w.doc.select([c.id])
    handle = next(h for h in w.scene._highlight if getattr(h, "data", lambda _i: None)(0) == "rotate")
    start = w.view.mapFromScene(handle.pos())
    steps = w.doc.stack.count()
    qtbot.mousePress(w.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 8):
        qtbot.mouseMove(w.view.viewport(), start + QPoint(10 * i, 6 * i))
    qtbot.mouseRelease(w.view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(70, 42))
    assert w.doc.stack.count() == steps + 1
    rotated = w.doc.plan.get(c.id)
    assert rotated.geometry.bounds != c.geometry.bounds and abs(rotated.geometry.area - c.geometry.area) < 1e-6
    w.doc.stack.undo()
    assert w.doc.plan.get(c.id) == c
    # grid snapping on: clicks land on the 0.1 m grid; off: they do not
    w.ui.acts["snap_endpoints"].setChecked(False)
    w.ui.acts["snap_edges"].setChecked(False)
    w.ui.tool_acts["facility"].trigger()
    x, y = c.geometry.centroid.x + 2.0333, c.geometry.centroid.y - 2.0777
    click(qtbot, w, x, y)
    p = w.doc.plan.facilities[-1].geometry
    assert abs(p.x * 10 - round(p.x * 10)) < 1e-6
    w.ui.acts["snap_grid"].setChecked(False)
    click(qtbot, w, x + 0.5, y)
    p = w.doc.plan.facilities[-1].geometry
    assert abs(p.x * 10 - round(p.x * 10)) > 1e-3
    assert "网格" not in w.snap_label.text()


def test_overlay_and_exports(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    act = w.ui.overlay_acts["narrow"]
    if not act.isEnabled():
        pytest.skip("geometry.circulation not installed")
    w.ui.overlay_acts["isovist"].setChecked(True)
    qtbot.waitUntil(lambda: len(w.overlays.items) > 0, timeout=20000)
    w.ui.overlay_acts["isovist"].setChecked(False)
    assert not w.overlays.items
    if w.ui.acts["export_dxf"].isEnabled():
        out = tmp_path / "导出.dxf"
        assert w.files.export_dxf(out) and out.stat().st_size > 0
    else:
        assert w.ui.acts["export_dxf"].toolTip()
    if w.ui.acts["export_pdf"].isEnabled():
        out = tmp_path / "审批.pdf"
        assert w.files.export_pdf(out) and out.read_bytes()[:4] == b"%PDF"
    else:
        assert w.ui.acts["export_pdf"].toolTip()


def test_box_select_on_the_hall_floor_and_hall_click(qtbot: Any, window: Any) -> None:
    from geometry.snap import objects_at

    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    w.ui.tool_acts["select"].trigger()
    floors = {"hall", getattr(w.doc.plan.single("building"), "id", "hall")}
    bare = lambda x, y: objects_at(w.doc.plan, x, y, 0.6)[:1] == ["hall"] and floors.issuperset(objects_at(w.doc.plan, x, y, 0.6))  # noqa: E731
    f, px, py = next((f, f.geometry.x + dx, f.geometry.y + dy) for f in w.doc.plan.facilities
                     for dx in (-2.0, 2.0) for dy in (-2.0, 2.0) if bare(f.geometry.x + dx, f.geometry.y + dy))
    fx, fy = f.geometry.x, f.geometry.y
    w.view.fit_rect((fx - 6, fy - 6, fx + 6, fy + 6))
    a, b = vp(w, px, py), vp(w, 2 * fx - px, 2 * fy - py)
    qtbot.mousePress(w.view.viewport(), Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(w.view.viewport(), (a + b) / 2)
    qtbot.mouseRelease(w.view.viewport(), Qt.MouseButton.LeftButton, pos=b)
    assert f.id in w.doc.selection and "hall" not in w.doc.selection
    assert not w.doc.stack.count()  # a box drag moves nothing
    click(qtbot, w, px, py)
    assert w.doc.selection == ("hall",)
    assert "m²" in w.props.form.itemAt(0, w.props.form.ItemRole.FieldRole).widget().text()


def test_a_click_on_the_bare_building_floor_outside_the_hall_selects_the_building(qtbot: Any, window: Any) -> None:
    """The building outline is an object like the hall: a click on its floor outside the hall selects it
    (its area in the properties), Delete removes it, undo brings it back; inside the hall the hall wins."""
    from geometry.snap import objects_at

    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    w.ui.tool_acts["select"].trigger()
    plan = w.doc.plan
    building, hall = plan.single("building"), plan.single("hall")
    assert building is not None and hall is not None
    minx, miny, maxx, maxy = building.geometry.bounds
    spot = next((x, y) for x in [minx + (maxx - minx) * i / 40 for i in range(1, 40)]
                for y in [miny + (maxy - miny) * j / 40 for j in range(1, 40)]
                if objects_at(plan, x, y, 1.0) == [building.id])
    w.view.fit()
    click(qtbot, w, *spot)
    assert w.doc.selection == (building.id,)
    assert "m²" in w.props.form.itemAt(0, w.props.form.ItemRole.FieldRole).widget().text()
    hx, hy = hall.geometry.representative_point().coords[0]
    inside = objects_at(plan, hx, hy, 0.3)
    assert inside[-2:] == [hall.id, building.id]  # the hall over the building
    qtbot.keyClick(w.view.viewport(), Qt.Key.Key_Delete)
    assert w.doc.plan.building is None and w.doc.plan.hall is not None
    w.doc.stack.undo()
    assert w.doc.plan.building is not None and w.doc.plan.building.equals(building.geometry)


def test_underlay_texts_and_layer_toggle(qtbot: Any, window: Any, tmp_path: Path) -> None:
    pytest.importorskip("geometry.dxf")
    w = window
    path = small_dxf(tmp_path / "texts.dxf")
    doc = ezdxf.readfile(path)
    doc.modelspace().add_text("等候区", height=500, dxfattribs={"layer": "文字"}).set_placement((5000, 5000))
    doc.saveas(path)
    assert w.files.open_path(path, confirm=False, interactive=False)
    assert "文字" in w.scene.underlay_layers() and w.layers.list.count() >= 2
    texts = w.scene.backend.items["utext:文字"]
    w.view.fit()
    assert texts[0].isVisible()  # 0.5 m text at fit zoom is readable
    w.view.fit_rect((0, 0, 3000, 2000))
    assert not texts[0].isVisible()  # far out: skipped
    w.view.fit()
    item = w.layers.list.findItems("轮廓线", Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Unchecked)
    assert not any(it.isVisible() for it in w.scene.backend.items["underlay:轮廓线"])


def test_drawing_texts_hide_by_their_own_size(qtbot: Any, window: Any, tmp_path: Path) -> None:
    """A room stamp on one layer: a 100 mm name among many 2.5 mm unit labels (the real AutoCAD 2018 DWG's
    stamp). Zoomed so the name is 10 px high, the name shows and the labels (0.25 px) stay hidden — the
    labels' size decided for the whole layer before, hiding the name at every zoom."""
    w = window
    path = small_dxf(tmp_path / "stamp.dxf")
    doc = ezdxf.readfile(path)
    msp = doc.modelspace()
    msp.add_text("Pomieszczenie", height=100, dxfattribs={"layer": "STAMP"}).set_placement((5000, 5000))
    for i in range(9):
        msp.add_text("m³/h", height=2.5, dxfattribs={"layer": "STAMP"}).set_placement((5000 + 10 * i, 4900))
    doc.saveas(path)
    assert w.files.open_path(path, confirm=False, interactive=False)
    w.view.fit_rect((4.0, 4.0, 7.0, 6.0))
    w.scene.text_lod(100.0)  # 100 px a metre: the name 10 px, the labels 0.25 px
    items = [c for p in w.scene.backend.items["utext:STAMP"] for c in p.childItems()]
    shown = {i.text() for i in items if i.isVisible()}
    assert shown == {"Pomieszczenie"}
    w.scene.text_lod(2000.0)  # labels 5 px: all show
    assert all(i.isVisible() for i in items)
    w.scene.text_lod(20.0)  # the name 2 px: none
    assert not any(i.isVisible() for i in items)
    w.scene.set_layer_visible("STAMP", False)  # the user's switch still wins
    w.scene.text_lod(2000.0)
    assert not any(i.isVisible() for i in items)


def test_hall_resize_by_handle_and_move_by_outline(qtbot: Any, window: Any) -> None:
    from shapely.geometry import box

    from geometry.commands import set_outline

    w = window
    w.doc.push(set_outline(w.doc.plan, "hall", box(0, 0, 20, 10)))
    w.view.fit_rect((-5, -5, 30, 15))
    w.ui.tool_acts["select"].trigger()
    click(qtbot, w, 10, 5)  # bare floor: the hall
    assert w.doc.selection == ("hall",)
    corner = next(h for h in w.scene.handles if h.data(0) == "scale:2")  # top right
    start = w.view.mapFromScene(corner.pos())
    end = start + QPoint(round(5 * w.view.px_per_m()), 0)  # the handle sits just off the corner: drag it 5 m right
    qtbot.mousePress(w.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(w.view.viewport(), (start + end) / 2)
    qtbot.mouseMove(w.view.viewport(), end)
    qtbot.mouseRelease(w.view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert abs(w.doc.plan.hall.area - 250) < 1e-6 and w.doc.stack.count() == 2  # one step for the whole drag
    a, b = vp(w, 10, 0), vp(w, 10, 3)
    qtbot.mousePress(w.view.viewport(), Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(w.view.viewport(), b)
    qtbot.mouseRelease(w.view.viewport(), Qt.MouseButton.LeftButton, pos=b)
    assert w.doc.plan.hall.bounds == (0.0, 3.0, 25.0, 13.0) and w.doc.stack.count() == 3
    w.doc.stack.undo()
    w.doc.stack.undo()
    assert w.doc.plan.hall.equals(box(0, 0, 20, 10))


def test_failed_save_keeps_the_work_and_says_why(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    w.context.name.setText("保存失败测试")
    w.context.name.editingFinished.emit()
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    assert not w.files.save_to(tmp_path / "没有这个目录" / "plan.hallplan")
    assert seen and "plan.hallplan" in seen[0]
    assert w.doc.modified and w.doc.plan.context.centre_name == "保存失败测试"
    good = tmp_path / "plan.hallplan"
    good.write_text("old", encoding="utf-8")
    assert w.files.save_to(good) and not w.doc.modified


def test_findings_tree_keeps_folds_across_rechecks(qtbot: Any, window: Any) -> None:
    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    qtbot.waitUntil(lambda: w.report is not None and w.report.plan is w.doc.plan, timeout=10000)
    top = w.findings.tree.topLevelItem(0)
    clause = top.data(0, Qt.ItemDataRole.UserRole)
    top.setExpanded(not top.isExpanded())
    state = top.isExpanded()
    w.context.name.setText("重新检查")
    w.context.name.editingFinished.emit()
    qtbot.waitUntil(lambda: w.report.plan is w.doc.plan, timeout=10000)
    again = next(w.findings.tree.topLevelItem(i) for i in range(w.findings.tree.topLevelItemCount())
                 if w.findings.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == clause)
    assert again.isExpanded() == state
