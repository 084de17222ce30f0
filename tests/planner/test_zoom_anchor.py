"""The wheel zooms about the point under the cursor, on a mouse and on a touchpad."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.planner.conftest import SAMPLE


def wheel(view: Any, pos: QPointF, angle: int = 0, pixels: int = 0) -> None:
    vp = view.viewport()
    ev = QWheelEvent(pos, QPointF(vp.mapToGlobal(pos.toPoint())), QPoint(0, pixels), QPoint(0, angle),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp, ev)


def on_screen(view: Any, x: float, y: float) -> QPointF:
    return view.viewportTransform().map(QPointF(x, y))


@pytest.mark.parametrize("angle,pixels", [(120, 0), (-120, 0), (360, 0), (15, 0), (0, 12), (0, -40)])
def test_point_under_cursor_stays(window: Any, angle: int, pixels: int) -> None:
    window.files.open_path(SAMPLE, confirm=False)
    view = window.view
    vp = view.viewport().rect()
    for fx, fy in ((0.2, 0.3), (0.85, 0.7), (0.5, 0.5)):
        pos = QPointF(vp.width() * fx + 0.37, vp.height() * fy + 0.61)
        under = view.scene_at(pos)
        k = view.px_per_m()
        wheel(view, pos, angle, pixels)
        assert view.px_per_m() != pytest.approx(k)
        after = on_screen(view, under.x(), under.y())
        assert abs(after.x() - pos.x()) <= 1.0 and abs(after.y() - pos.y()) <= 1.0
        # the coordinates in the status bar are those of the point under the cursor after the zoom
        assert f"x = {under.x():.2f} m" in window.pos_label.text() or abs(
            float(window.pos_label.text().split("x = ")[1].split(" m")[0]) - under.x()) <= 2 / view.px_per_m()


def test_many_notches_keep_the_drawing(window: Any) -> None:
    """Twenty notches in and out about a corner point: the point never leaves the cursor."""
    window.files.open_path(SAMPLE, confirm=False)
    view = window.view
    pos = QPointF(100.5, 120.25)
    under = view.scene_at(pos)
    for angle in [120] * 12 + [-120] * 20 + [120] * 8:
        wheel(view, pos, angle)
        after = on_screen(view, under.x(), under.y())
        assert abs(after.x() - pos.x()) <= 1.0 and abs(after.y() - pos.y()) <= 1.0


def test_zoom_is_bounded(window: Any) -> None:
    view = window.view
    for _ in range(200):
        wheel(view, QPointF(50, 50), 600)
    assert view.px_per_m() <= 4000.0 + 1e-6
    under = view.scene_at(QPointF(50, 50))
    wheel(view, QPointF(50, 50), -120)
    after = on_screen(view, under.x(), under.y())
    assert abs(after.x() - 50) <= 1.0 and abs(after.y() - 50) <= 1.0
