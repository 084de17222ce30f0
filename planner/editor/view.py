"""The plan view: zoom, pan, fit, snapping, and mouse/keyboard routing to the active tool.

Scene units are metres with y up (the view flips y).  Frame times are measured in
``paintEvent`` so the window and the benchmark can report them.
"""

from __future__ import annotations

import math
import time
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

from geometry.snap import Snapper, UnderlayIndex
from planner.editor.canvas import PlanScene
from planner.editor.document import Document
from planner.editor.tool_host import EditorTool, SnapSettings
from planner.editor.underlay_select import UnderlaySelection


SNAP_PX = 10.0
MIN_PX_PER_M, MAX_PX_PER_M = 1e-3, 4000.0  # 4 px a millimetre; beyond, the ±100 km scene overflows the scroll bars
SLOW_FRAME_S = 0.045


class PlanView(QGraphicsView):
    cursorMoved = Signal(float, float, str)  # x, y in metres, what the cursor snapped to
    scaleChanged = Signal(float)  # pixels per metre
    painted = Signal(float)  # seconds spent in the last paint
    message = Signal(str)  # short user message (status bar)

    def __init__(self, scene: PlanScene, doc: Document) -> None:
        super().__init__(scene)
        self.plan_scene = scene
        self.doc = doc
        self.snap = SnapSettings()
        self.tool: EditorTool | None = None
        self._snapper: Snapper | None = None
        self._pan: QPointF | None = None
        self._space = False
        self.last_pos = QPointF(0, 0)
        self.frame_times: list[float] = []
        self.auto_fit = True  # keep the plan fitted on resize until the user zooms or pans
        self._aa_off_below: float | None = None
        self._zoom_anchor: tuple[QPointF, QPointF] | None = None  # (viewport point, scene point) of the last zoom
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setMouseTracking(True)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)  # zoom() keeps its own anchor
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState
                                  | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scale(20.0, -20.0)
        self.setSceneRect(QRectF(-1e5, -1e5, 2e5, 2e5))
        self._under_index: UnderlayIndex | None = None
        self.underlay_sel = UnderlaySelection(scene)  # underlay lines picked for "room from selected walls"
        doc.planChanged.connect(self._invalidate_snapper)
        doc.underlayChanged.connect(self._new_underlay)

    # --- geometry helpers ----------------------------------------------------------
    def px_per_m(self) -> float:
        return abs(self.transform().m11())

    def to_viewport(self, p: QPointF) -> QPointF:
        return QPointF(self.mapFromScene(p))

    def tol(self, px: float = SNAP_PX) -> float:
        return px / max(self.px_per_m(), 1e-9)

    def _invalidate_snapper(self, *_: Any) -> None:
        self._snapper = None

    def _new_underlay(self) -> None:
        self._under_index = None
        self._snapper = None
        self.underlay_sel.clear()
        if self.doc.underlay:  # index now (a tenth of a second on 20 MB) rather than on the first click
            self.underlay_index()

    def underlay_index(self) -> UnderlayIndex:
        if self._under_index is None:
            self._under_index = UnderlayIndex([g for _l, g in self.doc.underlay])
        return self._under_index

    def snapper(self) -> Snapper:
        """Snap targets of the current plan (rebuilt after edits; the underlay index is kept)."""
        if self._snapper is None:
            self._snapper = Snapper(self.doc.plan, self.underlay_index())
        return self._snapper

    def snapped(self, p: QPointF, last: tuple[float, float] | None = None,
                snapper: Snapper | None = None) -> tuple[float, float, str]:
        s = self.snap
        return (snapper or self.snapper()).snap(p.x(), p.y(), self.tol(), endpoints=s.endpoints, edges=s.edges,
                                   grid=s.grid_step if s.grid else None, ortho=s.ortho, last=last)

    # --- view control ------------------------------------------------------------------
    def zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by ``factor`` keeping the scene point under ``anchor`` (viewport pixels, default the
        centre) where it is on screen, to within half a pixel (the scroll bars are whole pixels)."""
        self.auto_fit = False
        new = self.px_per_m() * factor
        if not MIN_PX_PER_M <= new <= MAX_PX_PER_M:
            factor = min(max(new, MIN_PX_PER_M), MAX_PX_PER_M) / max(self.px_per_m(), 1e-12)
            if abs(factor - 1.0) < 1e-9:
                return
        if anchor is None:
            anchor = QPointF(self.viewport().rect().center())
        at = self.viewportTransform().inverted()[0].map(anchor)  # the scene point under the anchor, unrounded
        if self._zoom_anchor is not None and self._zoom_anchor[0] == anchor:
            at = self._zoom_anchor[1]  # notch after notch at one spot: whole-pixel scrolling must not add up
        self._zoom_anchor = (QPointF(anchor), at)
        self.scale(factor, factor)  # NoAnchor: Qt's own AnchorUnderMouse needs its mouse-move bookkeeping
        moved = self.viewportTransform().map(at) - anchor
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + round(moved.x()))
        v.setValue(v.value() + round(moved.y()))
        self._zoomed()

    def scene_at(self, pos: QPointF) -> QPointF:
        """The scene point (metres) under a viewport position, without rounding to whole pixels."""
        return self.viewportTransform().inverted()[0].map(pos)

    def fit_rect(self, rect: tuple[float, float, float, float], margin: float = 0.08) -> None:
        self.auto_fit = False
        self._zoom_anchor = None
        x0, y0, x1, y1 = rect
        w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
        vw, vh = max(self.viewport().width(), 50), max(self.viewport().height(), 50)
        k = min(vw / (w * (1 + 2 * margin)), vh / (h * (1 + 2 * margin)))
        self.resetTransform()
        self.scale(k, -k)
        self.centerOn((x0 + x1) / 2, (y0 + y1) / 2)
        self._zoomed()

    def _zoomed(self) -> None:
        if self._aa_off_below is not None and self.px_per_m() > self._aa_off_below:
            self._aa_off_below = None
            self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.scaleChanged.emit(self.px_per_m())

    def fit(self) -> None:
        b = self.doc.plan.bounds()
        if self.doc.underlay:
            import numpy as np
            import shapely

            ub = shapely.total_bounds(np.array([g for _l, g in self.doc.underlay], dtype=object))
            b = ub if b is None else (min(b[0], ub[0]), min(b[1], ub[1]), max(b[2], ub[2]), max(b[3], ub[3]))
        self.fit_rect(tuple(float(v) for v in b) if b is not None else (0, 0, 50, 40))  # type: ignore[arg-type]
        self.auto_fit = True

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    # --- painting ------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        rect = QRectF(rect)
        super().drawBackground(painter, rect)
        ppm = self.px_per_m()
        step = 1.0
        while step * ppm < 12:
            step *= 5 if str(step)[0] == "1" else 2
        if step * ppm > 200:
            return
        pen = QPen(QColor("#ececec"), 0)
        painter.setPen(pen)
        x = math.floor(rect.left() / step) * step
        lines: list[QLineF] = []
        while x <= rect.right() and len(lines) < 2000:
            lines.append(QLineF(x, rect.top(), x, rect.bottom()))
            x += step
        y = math.floor(rect.top() / step) * step
        while y <= rect.bottom() and len(lines) < 4000:
            lines.append(QLineF(rect.left(), y, rect.right(), y))
            y += step
        painter.drawLines(lines)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t0 = time.perf_counter()
        super().paintEvent(event)
        dt = time.perf_counter() - t0
        self.frame_times.append(dt)
        if dt > SLOW_FRAME_S and self.renderHints() & QPainter.RenderHint.Antialiasing:
            # a big drawing seen whole: drop antialiasing (about a third of the frame) until zoomed in
            self._aa_off_below = self.px_per_m() * 1.5
            self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if len(self.frame_times) > 500:
            del self.frame_times[:250]
        self.painted.emit(dt)

    # --- events ------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        """Zoom about the point under the cursor: a mouse notch is 120 eighths of a degree; a
        touchpad sends many small angle deltas, or only pixel deltas (about 50 px a notch)."""
        d = event.angleDelta().y()
        steps = d / 120.0 if d else event.pixelDelta().y() / 50.0
        if not steps:
            return
        pos = event.position()
        self.zoom(1.2 ** max(-5.0, min(5.0, steps)), pos)
        p = self.scene_at(pos)
        self.last_pos = p
        self.cursorMoved.emit(p.x(), p.y(), "")  # the coordinates shown are right after the zoom
        event.accept()

    def _scene_pos(self, event: QMouseEvent) -> QPointF:
        return self.scene_at(event.position())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setFocus()
        if event.button() == Qt.MouseButton.MiddleButton or (event.button() == Qt.MouseButton.LeftButton and self._space):
            self._pan = event.position()
            self.auto_fit = False
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if self.tool is not None:
            self.tool.press(self._scene_pos(event), event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._zoom_anchor = None
        if self._pan is not None:
            d = event.position() - self._pan
            self._pan = event.position()
            self.horizontalScrollBar().setValue(int(self.horizontalScrollBar().value() - d.x()))
            self.verticalScrollBar().setValue(int(self.verticalScrollBar().value() - d.y()))
            return
        p = self._scene_pos(event)
        self.last_pos = p
        kind = ""
        if self.tool is not None:
            kind = self.tool.move(p, event) or ""
        self.cursorMoved.emit(p.x(), p.y(), kind)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan is not None:
            self._pan = None
            self.unsetCursor()
            return
        if self.tool is not None:
            self.tool.release(self._scene_pos(event), event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.tool is not None:
            self.tool.double_click(self._scene_pos(event), event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            return
        if self.tool is not None and self.tool.key(event):
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            return
        super().keyReleaseEvent(event)
