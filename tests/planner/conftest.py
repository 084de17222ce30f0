"""Editor test fixtures: an isolated QSettings/AppData per test and a main window."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

import assets

SAMPLE = assets.path("samples", "county-compliant.hallplan")


@pytest.fixture
def isolated_settings(tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from PySide6.QtCore import QSettings, QStandardPaths

    from planner.app import make_app

    make_app()
    # autosaves and recovery notes of this test only (test runs at the same time share Qt's test folders)
    monkeypatch.setenv("HALLPLAN_DATA_DIR", str(tmp_path / "data"))
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    from planner.editor import files

    for f in files.recovery_dir().glob("*"):
        f.unlink()
    yield tmp_path


@pytest.fixture
def window(qtbot: Any, isolated_settings: Path) -> Iterator[Any]:
    from planner.app import create_window

    w = create_window([], lang="zh", recover=False)  # not qtbot.addWidget: qtbot would close it before we can
    w.resize(1300, 850)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.mark_saved(w.doc.path or isolated_settings / "closing.hallplan")  # never prompt while tearing down
    w.close()
    w.deleteLater()
