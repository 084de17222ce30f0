"""Underlay lines picked with the select tool (click, Shift+click, box) and rooms made from them
(together with any selected wall obstacles, which is what the DXF import makes of wall layers).

The picked lines are view state, not plan state: they live here, drawn highlighted over the
underlay, until the user picks others, presses Esc or a new drawing is opened.  Tag → "Make room
from selected walls" turns exactly these lines into a room (``geometry.tagging.room_from_selected``)
and sets it as the hall or another role through one undoable command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Sequence

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene, QMessageBox
from shapely.geometry.base import BaseGeometry

from geometry.i18n import HallPlanError
from planner.editor.canvas import Z_SELECTION, geometry_path
from planner.editor.i18n_ui import t

if TYPE_CHECKING:
    from planner.editor.tool_host import ToolHost
    from planner.editor.window import MainWindow

class UnderlaySelection:
    """The underlay line parts the user picked, and their highlight (plus gap markers)."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.lines: list[BaseGeometry] = []
        self.gaps: list[tuple[float, float, float]] = []
        self._item: QGraphicsPathItem | None = None
        self._gap_item: QGraphicsPathItem | None = None

    def set(self, lines: Sequence[BaseGeometry]) -> None:
        self.lines = list(dict.fromkeys(lines))  # parts are shared objects of the index: identity is enough
        self.gaps = []
        self._redraw()

    def add(self, lines: Sequence[BaseGeometry]) -> None:
        self.set(self.lines + list(lines))

    def toggle(self, line: BaseGeometry) -> None:
        self.set([g for g in self.lines if g is not line] if any(g is line for g in self.lines) else self.lines + [line])

    def clear(self) -> None:
        if self.lines or self.gaps:
            self.set([])

    def show_gaps(self, gaps: Sequence[tuple[float, float, float]]) -> None:
        self.gaps = list(gaps)
        self._redraw()

    def _redraw(self) -> None:
        for item in (self._item, self._gap_item):
            if item is not None and item.scene() is self.scene:
                self.scene.removeItem(item)
        self._item = self._gap_item = None
        if self.lines:
            path = QPainterPath()
            for g in self.lines:
                path.addPath(geometry_path(g))
            self._item = self._add(path, "#1565c0", 3.0)
        if self.gaps:
            path = QPainterPath()
            for x, y, w in self.gaps:
                r = max(w, 0.3)
                path.addEllipse(QPointF(x, y), r, r)
            self._gap_item = self._add(path, "#d32f2f", 2.5)

    def _add(self, path: QPainterPath, colour: str, width: float) -> QGraphicsPathItem:
        item = QGraphicsPathItem(path)
        pen = QPen(QColor(colour), width)
        pen.setCosmetic(True)
        item.setPen(pen)
        item.setZValue(Z_SELECTION - 1)
        self.scene.addItem(item)
        return item


def lines_in_box(view: "ToolHost", rect: tuple[float, float, float, float]) -> list[BaseGeometry]:
    """Underlay line parts lying wholly inside an axis-aligned rectangle."""
    import shapely

    index = view.underlay_index()
    if index.tree is None:
        return []
    x0, y0, x1, y1 = rect
    r = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return [index.parts[int(i)] for i in sorted(index.tree.query(r, predicate="contains"))]


def gap_tolerance_m() -> float:
    """The layer map's gap tolerance (what the DXF import closes), in metres."""
    try:
        from geometry.dxf import load_layer_map
    except ImportError:  # pragma: no cover - the DXF package is optional
        return 0.1
    return float(load_layer_map().gap_tolerance_mm) / 1000.0


def push_room(w: MainWindow, role: str, make: Callable[[], BaseGeometry]) -> bool:
    """Make a room (``make()``) and tag it as ``role`` in one undoable step, selecting it; when it
    cannot be made, mark the open walls' gaps and say why (status line and a message box)."""
    from geometry.tagging import OpenWalls, tag

    try:
        room = make()
        kind = w.ui.zone_kind_combo.currentData() or "other"
        before = {o.id for o in w.doc.plan.objects}
        w.doc.push(tag(w.doc.plan, room, role, kind))
    except OpenWalls as exc:
        w.view.underlay_sel.show_gaps(exc.gaps)
        w.statusBar().showMessage(str(exc), 15000)
        QMessageBox.warning(w, t("墙线未闭合", "Walls do not close"), str(exc))
        return False
    except (HallPlanError, ValueError) as exc:
        w.statusBar().showMessage(str(exc), 10000)
        QMessageBox.warning(w, t("无法生成房间", "Cannot make a room"), str(exc))
        return False
    new = [o.id for o in w.doc.plan.objects if o.id not in before]
    hall = w.doc.plan.single("hall")
    w.doc.select([hall.id] if role == "hall" and hall is not None else new)
    return True


def make_room_from_selection(w: MainWindow, role: str) -> bool:
    """Tag → Make room from selected walls: one undoable command, or a message saying what is open."""
    from geometry.model import Obstacle
    from geometry.tagging import room_from_selected

    view = w.view
    sel: UnderlaySelection = view.underlay_sel
    # imported walls often became wall obstacles: selected ones count as wall lines too
    lines = sel.lines + [o.geometry for o in w.doc.selected_objects() if isinstance(o, Obstacle)]
    at = getattr(view.tool, "last_click", None)
    gap = gap_tolerance_m()
    made: list[tuple[BaseGeometry, str]] = []

    def make() -> BaseGeometry:
        made.append(room_from_selected(lines, gap, at))
        return made[-1][0]

    if not push_room(w, role, make):
        return False
    room, which = made[-1]
    n_rooms = _count_rooms(lines, gap)
    area = f"{room.area:.1f} m²"
    if which == "click":
        msg = t(f"已由所选墙线生成房间({area}):共围合出 {n_rooms} 个房间,用了包含最后点击处的一个",
                f"room made from the selected walls ({area}): {n_rooms} rooms enclosed, used the one holding the last click")
    elif which == "largest":
        msg = t(f"已由所选墙线生成房间({area}):共围合出 {n_rooms} 个房间,用了最大的一个(Shift+点击房间内部可改选)",
                f"room made from the selected walls ({area}): {n_rooms} rooms enclosed, used the largest (Shift+click inside a room to pick it)")
    else:
        msg = t(f"已由所选墙线生成房间({area})", f"room made from the selected walls ({area})")
    w.statusBar().showMessage(msg, 10000)
    return True


def _count_rooms(lines: Sequence[BaseGeometry], gap: float) -> int:
    from geometry.tagging import rooms_from_lines

    return len(rooms_from_lines(lines, gap))


__all__ = ["UnderlaySelection", "lines_in_box", "gap_tolerance_m", "make_room_from_selection"]
