"""Small editor things seen on a real drawing: history names, text fields keep their keys, hints, rectangle mode, English tools."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from geometry.commands import add_objects, move
from tests.planner.conftest import SAMPLE


def test_history_names_each_step(window: Any) -> None:
    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    plan = w.doc.plan
    consult = plan.of_type(__import__("geometry.model", fromlist=["ConsultDesk"]).ConsultDesk)[0]
    w.doc.push(move(plan, [consult.id], 1.0, 0.0))
    counters = [c.id for c in w.doc.plan.counters[:12]]
    w.doc.push(move(w.doc.plan, counters, 0.0, 0.5))
    texts = [w.doc.stack.command(i).text() for i in range(w.doc.stack.count())]
    assert texts == ["移动 咨询台", "移动 12 个服务台"]
    w.ui.acts["lang_en"].trigger()
    assert [w.doc.stack.command(i).text() for i in range(w.doc.stack.count())] == ["Move consultation desk", "Move 12 counters"]
    from dataclasses import replace

    new = [replace(c, id=f"new-{i}") for i, c in enumerate(w.doc.plan.counters[:3])]
    w.doc.push(add_objects(w.doc.plan, new))
    assert w.doc.stack.command(w.doc.stack.count() - 1).text() == "Add 3 counters"


def test_text_fields_keep_their_keys(qtbot: Any, window: Any) -> None:
    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    w.doc.select([w.doc.plan.counters[0].id])
    field = w.ui.typed
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=3000)
    field.setText("12,34")
    field.setCursorPosition(0)
    n = len(w.doc.plan.objects)
    w.ui.acts["select_all"].trigger()
    assert field.selectedText() == "12,34" and len(w.doc.selection) == 1  # the text, not the drawing
    w.ui.acts["delete"].trigger()
    assert field.text() == "" and len(w.doc.plan.objects) == n  # Del took the text, no counter was deleted
    w.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view, timeout=3000)
    w.ui.acts["select_all"].trigger()
    assert len(w.doc.selection) == n - 2  # all but the hall and the building (single kinds: picked by a click)


def test_counter_hint_follows_the_spin_box_and_rect_mode_shows(window: Any) -> None:
    w = window
    w.ui.set_tool("counter")
    w.ui.count_spin.setValue(7)
    assert "7 个服务台" in w.statusBar().currentMessage()
    w.ui.count_spin.setValue(12)
    assert "12 个服务台" in w.statusBar().currentMessage()
    assert w.ui.acts["rect_mode"].isChecked() and "开" in w.ui.acts["rect_mode"].text()
    w.ui.acts["rect_mode"].trigger()
    assert "关" in w.ui.acts["rect_mode"].text()


def test_english_tools_have_text_and_tooltips(window: Any) -> None:
    w = window
    w.ui.acts["lang_en"].trigger()
    for name, act in w.ui.tool_acts.items():
        assert act.text() and act.toolTip() and all(ord(c) < 0x3000 for c in act.toolTip()), name
    assert w.ui.find_box.placeholderText().startswith("Find")


def test_left_panel_texts_are_not_cut_off(window: Any) -> None:
    from planner.editor.panels import ContextPanel

    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    panel = w.findChild(ContextPanel)
    w.docks["context"].raise_()
    QApplication.processEvents()
    inner = panel.widget()
    assert inner.width() <= panel.viewport().width()  # no sideways scrolling: nothing hides past the edge
    for code, lbl in panel.check_labels.items():
        if panel.check_rows[code].isVisibleTo(panel):
            assert lbl.wordWrap() and lbl.geometry().right() <= inner.width()
            need = lbl.heightForWidth(lbl.width())
            assert lbl.height() >= need - 1, code  # every line of a long item shows
    cb = panel.checks["traffic_signs"]
    before = cb.checkState()
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    QTest.mouseClick(panel.check_labels["traffic_signs"], Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert cb.checkState() != before  # the text ticks its box too


def test_file_dialogs_speak_the_ui_language(qtbot: Any, window: Any, tmp_path: Any) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

    w = window
    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, QFileDialog):
            buttons = dlg.findChild(QDialogButtonBox)
            seen.append((dlg.labelText(QFileDialog.DialogLabel.FileName), [b.text() for b in buttons.buttons()]))
            dlg.reject()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    assert w.files.save_as() is False  # cancelled: nothing saved
    assert seen and seen[0][0] == "文件名:" and "保存" in seen[0][1] and "取消" in seen[0][1]
    w.ui.acts["lang_en"].trigger()
    QTimer.singleShot(20, answer)
    w.files.import_dialog()
    assert seen[-1][0] == "File name:" and "Open" in seen[-1][1]


def test_english_interface_draws_latin_glyphs_in_tool_palette_and_marker_icons(qtbot: Any, window: Any) -> None:
    """In English the tool buttons, the facility palette and the canvas markers carry Latin letters
    (a machine without a CJK font shows no empty boxes); back in Chinese, the Chinese glyphs return."""
    from planner.editor.actions import TOOL_GLYPHS_EN, TOOLS
    from planner.editor.icons import GLYPHS, GLYPHS_EN, glyph

    def image(icon: Any) -> bytes:
        return bytes(icon.pixmap(24, 24).toImage().constBits())

    cjk = lambda s: any("\u2e80" <= ch <= "\u9fff" for ch in s)  # noqa: E731
    assert not any(cjk(g) for g in [*GLYPHS_EN.values(), *TOOL_GLYPHS_EN.values()])
    assert set(TOOL_GLYPHS_EN) == set(TOOLS)
    w = window
    w.check_label.setText("检查中…")  # a check under way when the language changes
    zh_tool = image(w.ui.tool_acts["hall"].icon())
    zh_palette = image(w.facility_palette.buttons["extinguisher"].icon())
    w.set_language("en")
    try:
        assert glyph("extinguisher") == ("FE", GLYPHS["extinguisher"][1])
        assert image(w.ui.tool_acts["hall"].icon()) != zh_tool
        assert image(w.facility_palette.buttons["extinguisher"].icon()) != zh_palette
        assert w.check_label.text() == "checking…"
    finally:
        w.set_language("zh")
    assert glyph("extinguisher")[0] == "灭" and image(w.ui.tool_acts["hall"].icon()) == zh_tool
