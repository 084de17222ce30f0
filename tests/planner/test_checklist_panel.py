"""The checklist in the context form has three states: done, confirmed missing, to confirm."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from geometry.synthetic import sample_plan
from standards.engine import check
from standards.finding import Status


def _panel(window: Any) -> Any:
    from planner.editor.panels import ContextPanel

    return window.findChild(ContextPanel)


def test_checklist_three_states_round_trip_through_undo(qtbot: Any, window: Any) -> None:
    window.doc.reset(sample_plan("county"))  # all ticks True
    panel = _panel(window)
    cb = panel.checks["traffic_signs"]
    assert cb.checkState() == Qt.CheckState.Checked and cb.isVisibleTo(panel)
    assert not panel.checks["village_ledger"].isVisibleTo(panel)  # not asked of a county
    cb.setCheckState(Qt.CheckState.Unchecked)
    assert window.doc.plan.checklist["traffic_signs"] is False
    f = [f for f in check(window.doc.plan, only=["TRAFFIC-SIGN"]).findings][0]
    assert f.status == Status.FAIL
    cb.setCheckState(Qt.CheckState.PartiallyChecked)
    assert "traffic_signs" not in window.doc.plan.checklist
    assert check(window.doc.plan, only=["TRAFFIC-SIGN"]).findings[0].status == Status.UNKNOWN
    window.doc.stack.undo()
    assert window.doc.plan.checklist["traffic_signs"] is False and cb.checkState() == Qt.CheckState.Unchecked
    window.doc.stack.undo()
    assert window.doc.plan.checklist["traffic_signs"] is True and cb.checkState() == Qt.CheckState.Checked
