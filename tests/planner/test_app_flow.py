"""The editor end to end, driven like a user: mouse on the canvas, keys, typed coordinates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt

from geometry.model import Plan
from geometry.project import load_plan
from tests.planner.conftest import SAMPLE


def vp(w: Any, x: float, y: float) -> QPoint:
    """Viewport pixel of plan point (x, y) metres."""
    return w.view.mapFromScene(QPointF(x, y))


def click(qtbot: Any, w: Any, x: float, y: float, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    pos = vp(w, x, y)
    qtbot.mouseMove(w.view.viewport(), pos)
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, modifier, pos)


def typed(qtbot: Any, w: Any, text: str) -> None:
    w.ui.typed.clear()
    qtbot.keyClicks(w.ui.typed, text)
    qtbot.keyClick(w.ui.typed, Qt.Key.Key_Return)


def finding(w: Any, rule: str) -> Any:
    return next((f for f in w.report.findings if f.rule == rule), None) if w.report else None


def test_draw_check_undo_save_reopen(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    assert w.doc.plan == Plan()
    w.view.fit_rect((-5, -5, 45, 35))
    # 1. the hall: rectangle tool, two clicks (grid snapping rounds to 0.1 m)
    w.ui.tool_acts["hall"].trigger()
    click(qtbot, w, 0, 0)
    click(qtbot, w, 40, 30)
    assert w.doc.plan.hall is not None
    assert abs(w.doc.plan.hall.area - 1200) < 1.0
    # 2. context typed into the form
    w.context.level.setCurrentIndex(w.context.level.findData("county"))
    for field, text in ((w.context.population, "300000"), (w.context.area, "4000")):
        field.setFocus()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert w.doc.plan.context.level == "county" and w.doc.plan.context.population == 300000
    assert w.doc.plan.context.building_area_m2 == 4000
    # 3. counters along a typed line: 4 counters of 1.6 × 0.8 m
    w.ui.count_spin.setValue(4)
    w.ui.tool_acts["counter"].trigger()
    typed(qtbot, w, "5,25")
    typed(qtbot, w, "@6.4,0")
    assert len(w.doc.plan.counters) == 4
    c = w.doc.plan.counters[0]
    assert c.height_m == 0.8 and abs(c.geometry.area - 1.28) < 1e-6
    # 4. a polygon zone by clicks + Enter, then a facility, an entrance and a route
    w.ui.tool_acts["waiting"].trigger()
    w.ui.acts["rect_mode"].setChecked(False)
    for x, y in ((10, 5), (20, 5), (20, 12), (10, 12)):
        click(qtbot, w, x, y)
    qtbot.keyClick(w.view, Qt.Key.Key_Return)
    assert [z.kind for z in w.doc.plan.zones] == ["waiting"]
    qtbot.mouseClick(w.facility_palette.buttons["water_dispenser"], Qt.MouseButton.LeftButton)  # the palette picks the tool
    assert w.ui.current_tool == "facility"
    click(qtbot, w, 30, 10)
    assert w.doc.plan.facilities[0].kind == "water_dispenser"
    w.ui.tool_acts["entrance"].trigger()
    click(qtbot, w, 20, 0.3)  # one click near the boundary: an opening of the default width on it
    ent = w.doc.plan.entrances[0]
    assert ent.main and abs(ent.geometry.length - 2.0) < 1e-6
    # 5. findings follow the plan, off the GUI thread
    qtbot.waitUntil(lambda: finding(w, "AREA") is not None and finding(w, "AREA").measured is not None
                    and abs(finding(w, "AREA").measured - 1200) < 1, timeout=10000)
    assert w.findings.tree.topLevelItemCount() > 0
    assert "1200" in w.gauges.area_text.text()
    # 6. select and drag a counter: one undo step
    w.ui.tool_acts["select"].trigger()
    n_steps = w.doc.stack.count()
    before = w.doc.plan.get("counter-1").geometry.bounds
    start = vp(w, before[0] + 0.8, before[1] + 0.4)
    qtbot.mousePress(w.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 6):
        qtbot.mouseMove(w.view.viewport(), start + QPoint(0, 8 * i))
    qtbot.mouseRelease(w.view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(0, 40))
    after = w.doc.plan.get("counter-1").geometry.bounds
    assert after[1] < before[1] - 0.5  # moved down (y up in the plan)
    assert w.doc.stack.count() == n_steps + 1
    # 7. delete with the Del key, copy/paste with the keyboard
    w.doc.select(["counter-4"])
    qtbot.keyClick(w.view, Qt.Key.Key_Delete)
    assert "counter-4" not in w.doc.plan
    w.doc.select(["counter-3"])
    qtbot.keyClick(w.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(w.doc.plan.counters) == 4
    drawn = w.doc.plan
    # 8. undo everything (Ctrl+Z) back to the empty plan, redo it all (Ctrl+Shift+Z)
    while w.doc.stack.canUndo():
        qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.doc.plan == Plan()
    qtbot.waitUntil(lambda: w.report is not None and w.report.plan == Plan(), timeout=10000)
    while w.doc.stack.canRedo():
        qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.doc.plan == drawn
    # 9. save, reopen, same plan
    target = tmp_path / "大厅 方案.hallplan"
    assert w.files.save_to(target)
    assert not w.doc.modified
    assert load_plan(target) == drawn
    w.files.new_plan()
    assert w.doc.plan == Plan()
    assert w.files.open_path(target, confirm=False)
    assert w.doc.plan == drawn and w.doc.path == target.resolve()


def test_open_sample_findings_click_and_badges(qtbot: Any, window: Any) -> None:
    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    qtbot.waitUntil(lambda: w.report is not None and w.report.plan is w.doc.plan, timeout=10000)
    assert w.scene.item_count() > len(w.doc.plan.objects)
    # a counter that fails: change its height in the property panel
    sample = w.doc.plan
    cid = sample.counters[0].id
    w.doc.select([cid])
    editor = w.props.editors["height_m"]
    editor.clear()
    qtbot.keyClicks(editor, "1.1")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert w.doc.plan.get(cid).height_m == 1.1
    qtbot.waitUntil(lambda: w.report is not None and any(f.rule == "COUNTER-HEIGHT" and cid in f.object_ids and f.status.value != "pass"
                                                         for f in w.report.findings), timeout=10000)
    assert any(cid in it.data(0).object_ids for it in w.scene.badge_items())
    w.findings.set_filter("problems")
    items = [w.findings.tree.topLevelItem(i).child(j) for i in range(w.findings.tree.topLevelItemCount())
             for j in range(w.findings.tree.topLevelItem(i).childCount())]
    target = next(it for it in items if cid in it.data(0, Qt.ItemDataRole.UserRole).object_ids)
    w.doc.select([])
    w.findings._clicked(target)
    assert cid in w.doc.selection
    w.doc.stack.undo()
    assert w.doc.plan == sample  # back to the sample as it was opened
    assert not w.doc.modified


def test_language_switch_and_memory(qtbot: Any, window: Any) -> None:
    w = window
    assert w.ui.acts["save"].text() == "保存"
    w.ui.acts["lang_en"].trigger()
    assert w.ui.acts["save"].text() == "Save"
    assert w.docks["findings"].windowTitle() == "Findings"
    assert w.context.labels[0].text() == "Centre name"
    from planner.editor.i18n_ui import saved_language

    assert saved_language() == "en"
    w.ui.acts["lang_zh"].trigger()
    assert w.ui.menus["file"].title() == "文件"


def test_the_ramp_kind_has_a_tool_and_a_second_hall_replaces_the_first(qtbot: Any, window: Any) -> None:
    from geometry.model import Hall, Ramp

    w = window
    w.view.fit_rect((-5, -5, 45, 35))
    w.ui.tool_acts["hall"].trigger()
    click(qtbot, w, 0, 0)
    click(qtbot, w, 40, 30)
    w.ui.tool_acts["ramp"].trigger()  # a tool from the kind's descriptor alone
    assert w.ui.tool_acts["ramp"].text().startswith("坡") or "坡道" in w.ui.tool_acts["ramp"].toolTip()
    click(qtbot, w, 10, 0)
    click(qtbot, w, 11.5, 8)
    ramps = w.doc.plan.of_type(Ramp)
    assert len(ramps) == 1 and abs(ramps[0].geometry.area - 12.0) < 0.5  # corners snap to the nearest grid point or edge
    w.doc.select([ramps[0].id])  # its fields in the property panel, named as its field specs name them
    from PySide6.QtWidgets import QFormLayout, QLabel

    form = w.props.form
    rows = [form.itemAt(i, QFormLayout.ItemRole.LabelRole).widget().text() for i in range(form.rowCount())
            if form.itemAt(i, QFormLayout.ItemRole.LabelRole) is not None]
    assert any("提升高度 (m)" in r for r in rows) and any("水平长度 (m)" in r for r in rows)
    assert not any(r.endswith("_m") or "rise" == r for r in rows) and "坡道" in w.props.title.text()
    assert isinstance(form.itemAt(0, QFormLayout.ItemRole.FieldRole).widget(), QLabel)  # the area first
    # a second hall: one undo step replaces the first, undo brings it back
    steps = w.doc.stack.count()
    w.ui.tool_acts["hall"].trigger()
    typed(qtbot, w, "0,0")
    typed(qtbot, w, "@20,20")
    halls = w.doc.plan.of_type(Hall)
    assert len(halls) == 1 and abs(halls[0].geometry.area - 400) < 1.0 and w.doc.stack.count() == steps + 1
    assert w.doc.selection == (halls[0].id,)
    w.doc.stack.undo()
    assert abs(w.doc.plan.hall.area - 1200) < 1.0 and len(w.doc.plan.of_type(Hall)) == 1
