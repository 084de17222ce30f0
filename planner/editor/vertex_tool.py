"""Vertex editing for the select tool: drag a vertex handle of the one selected polygon, add a
vertex by double-clicking an edge, remove the vertex last taken with Delete.

A drag pushes one command per mouse move with the drag's token, so the stack merges them into one
undo step; a position that would make the outline cross itself is not applied, and a drag that ends
there puts the old shape back (the merged step is then a no-op and the stack drops it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF
from PySide6.QtGui import QMouseEvent
from shapely.geometry import Polygon

from geometry.commands import ReplaceObjects
from geometry.model import Plan
from geometry.snap import Snapper
from planner.editor.document import Document, new_drag_token
from planner.editor.i18n_ui import t
from planner.editor.vertices import insert_vertex, move_vertex, remove_vertex, vertices

if TYPE_CHECKING:
    from planner.editor.tool_host import ToolHost


class VertexEditing:
    """Mixed into :class:`planner.editor.select_tool.SelectTool` (which routes presses, moves and releases here)."""

    view: "ToolHost"
    doc: Document
    mode: str | None
    orig_plan: Plan | None
    token: int
    ids: list[str]
    grab: tuple[float, float]
    start: tuple[float, float]
    drag_snapper: Snapper | None
    vertex: tuple[str, int] | None = None  # (object id, vertex index) of the vertex handle last taken
    vertex_bad = False  # the last position tried would make the outline cross itself
    pushed = False

    def _polygon(self, oid: str) -> Polygon | None:
        g = self.doc.geometry_of(oid)
        return g if isinstance(g, Polygon) else None

    def _push_shape(self, oid: str, poly: Polygon, drag: int | None, zh: str, en: str) -> None:
        cur = self.doc.plan
        o = cur.get(oid)
        assert o is not None
        self.doc.push(ReplaceObjects.of(cur, (o,), (o.with_geometry(poly),), zh, en), drag=drag)

    def _take_vertex(self, oid: str, i: int, x: float, y: float) -> None:
        poly = self._polygon(oid)
        if poly is None:
            return
        vx, vy = vertices(poly)[i]
        self.vertex, self.vertex_bad, self.pushed = (oid, i), False, False
        self.mode, self.orig_plan, self.token, self.ids = "vertex", self.doc.plan, new_drag_token(), [oid]
        self.grab, self.start = (0.0, 0.0), (vx, vy)  # the vertex follows the (snapped) cursor
        self.drag_snapper = Snapper(self.doc.plan.without([oid]), self.view.underlay_index())
        self.doc.selectionChanged.emit(self.doc.selection)  # redraw: the taken vertex shows
        self.view.message.emit(t("拖动顶点;Delete 删除此顶点", "drag the vertex; Delete removes it"))

    def _drag_vertex(self, p: QPointF) -> str:
        assert self.vertex is not None and self.orig_plan is not None
        oid, i = self.vertex
        ring = vertices(self._orig_polygon(oid))
        sx, sy, kind = self.view.snapped(p, ring[i - 1], self.drag_snapper)  # ortho from the previous vertex
        new = move_vertex(self._orig_polygon(oid), i, (sx, sy))
        self.vertex_bad = new is None
        if new is None:
            self.view.message.emit(t("轮廓会自相交:此位置不可用", "the outline would cross itself here"))
        else:
            self._push_shape(oid, new, self.token, "移动顶点", "Move vertex")
            self.pushed = True
        return kind

    def _orig_polygon(self, oid: str) -> Polygon:
        assert self.orig_plan is not None
        g = self.orig_plan.get(oid).geometry  # type: ignore[union-attr]
        assert isinstance(g, Polygon)
        return g

    def _drop_vertex(self) -> None:
        if self.vertex is not None and self.vertex_bad:
            if self.pushed:  # back to the shape before the drag: merged into the drag, the step disappears
                self._push_shape(self.vertex[0], self._orig_polygon(self.vertex[0]), self.token, "移动顶点", "Move vertex")
            self.view.message.emit(t("轮廓会自相交,已保留原来的形状", "the outline would cross itself: the old shape is kept"))

    def double_click(self, p: QPointF, e: QMouseEvent) -> None:
        """Double-click on the edge of the one selected polygon: a new vertex there."""
        if len(self.doc.selection) != 1:
            return
        oid = self.doc.selection[0]
        poly = self._polygon(oid)
        got = None if poly is None else insert_vertex(poly, (p.x(), p.y()), self.view.tol(6))
        if got is None:
            return
        self._push_shape(oid, got[0], None, "添加顶点", "Add vertex")
        self.vertex = (oid, got[1])
        self.doc.selectionChanged.emit(self.doc.selection)

    def remove_vertex(self) -> bool:
        """Delete the vertex handle last taken (the window's Delete comes here first)."""
        if self.vertex is None or self.doc.selection != (self.vertex[0],):
            self.vertex = None
            return False
        oid, i = self.vertex
        poly = self._polygon(oid)
        self.vertex = None
        new = None if poly is None or i >= len(vertices(poly)) else remove_vertex(poly, i)
        if new is None:
            self.view.message.emit(t("不能删除此顶点:多边形至少三个顶点且不能自相交",
                                     "cannot remove this vertex: a polygon keeps three vertices and must not cross itself"))
            self.doc.selectionChanged.emit(self.doc.selection)
            return True
        self._push_shape(oid, new, None, "删除顶点", "Remove vertex")
        self.doc.selectionChanged.emit(self.doc.selection)
        return True


def mark_vertex(handles: "list[Any]", i: int) -> None:
    """Show the vertex handle last taken (the one Delete removes)."""
    for h in handles:
        if h.data(0) == f"vertex:{i}":
            h.colour = "#ff8c00"
            h.update()
