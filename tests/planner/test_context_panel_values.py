"""The editor's context panel reads typed values through the same validator as files and the command line."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from tests.planner.test_app_features import answer_modal


def test_population_as_people_write_it_and_nan_area_refused(qtbot: Any, window: Any) -> None:
    w = window
    w.context.population.setText("50万")
    w.context.population.editingFinished.emit()
    assert w.doc.plan.context.population == 500_000 and w.doc.stack.count() == 1
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    w.context.area.setText("nan")
    w.context.area.editingFinished.emit()
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "建筑面积" in seen[0] and "nan" in seen[0]
    assert w.doc.plan.context.building_area_m2 is None and w.doc.stack.count() == 1
