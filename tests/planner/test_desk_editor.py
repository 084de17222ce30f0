"""The editor on the reviewer's desk: File → Export to Excel and Word, recent files with spaces and
Chinese in their paths, settings and autosave where the platform keeps them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from tests.planner.conftest import SAMPLE


@pytest.fixture(autouse=True)
def background_work_done(qtbot: Any) -> Any:
    """Each test ends with the live check and overlays finished, so none runs into the next test: the
    closed window's pending timers fire (and are deleted) here, and the work they start is waited for."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from planner.editor.worker import background_active

    yield
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qtbot.wait(200)
        qtbot.waitUntil(lambda: background_active() == 0, timeout=30000)


def test_file_menu_exports_excel_and_word(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    texts = [a.text() for a in w.ui.menus["file"].actions()]
    assert "导出 Excel 合规表…" in texts and "导出审查意见书(Word)…" in texts
    assert w.ui.acts["export_xlsx"].isEnabled() and w.ui.acts["export_docx"].isEnabled()
    out = tmp_path / "我的 文档" / "合规表.xlsx"
    assert w.files.export_xlsx(out)
    ws = openpyxl.load_workbook(out)["合规表"]
    assert ws["A1"].value == "编号" and ws["B1"].value == "条文号" and ws.max_row > 10
    out = tmp_path / "我的 文档" / "意见书.docx"
    assert w.files.export_docx(out)
    d = docx.Document(str(out))
    assert d.paragraphs[0].text == "政务服务大厅平面设计审查意见书" and len(d.inline_shapes) == 1
    assert "已导出" in w.statusBar().currentMessage()


def test_export_to_an_unwritable_place_says_why(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from tests.planner.test_app_features import answer_modal

    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    seen: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    assert not w.files.export_xlsx(blocker / "x.xlsx")
    assert seen and "a file" in seen[0]


def test_recent_files_with_spaces_and_chinese(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from planner.editor import files

    w = window
    folder = tmp_path / "县 政务中心" / "R&D 方案"
    folder.mkdir(parents=True)
    plan = folder / "大厅 平面 v2.1.hallplan"
    plan.write_bytes(SAMPLE.read_bytes())
    assert w.files.open_path(str(plan), confirm=False)
    assert files.recent_files()[0] == str(plan.resolve())
    files.add_recent(str(folder / "." / plan.name))  # another spelling of the same file
    assert files.recent_files().count(str(plan.resolve())) == 1
    w.ui.fill_recent_menu()
    act = w.ui.menus["recent"].actions()[0]
    assert act.text().startswith("大厅 平面 v2.1.hallplan — ") and "R&&D 方案" in act.text()
    assert act.toolTip() == str(plan.resolve())
    w.doc.mark_saved(w.doc.path)
    w.files.new_plan()
    act.trigger()
    assert w.doc.path == plan.resolve() or Path(w.doc.path).resolve() == plan.resolve()


def test_settings_and_autosave_in_the_platform_locations(qtbot: Any, window: Any, monkeypatch: Any) -> None:
    from PySide6.QtCore import QSettings, QStandardPaths

    from planner.editor import files

    monkeypatch.delenv("HALLPLAN_DATA_DIR")  # the platform's own place, not the test run's own folder

    assert QSettings().organizationName() == "HallPlan" and QSettings().applicationName() == "HallPlan"
    app_data = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    assert files.recovery_dir().parent == app_data  # %APPDATA%\HallPlan\HallPlan on Windows, ~/Library/Application Support on macOS
    window.context.name.setText("自动保存 测试")
    window.context.name.editingFinished.emit()
    saved = window.files.autosave_now()
    assert saved is not None and Path(saved).is_relative_to(app_data) and Path(saved).exists()
