"""The select tool: pick, box-select, move, resize and rotate, each drag one undo step."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent

from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from geometry.commands import ReplaceObjects, move, rotate, scale
from geometry.kinds import SINGLE_KINDS
from geometry.model import Plan
from geometry.snap import Snapper, objects_at, objects_in, union_bounds
from planner.editor.canvas import geometry_path
from planner.editor.document import new_drag_token
from planner.editor.i18n_ui import t
from planner.editor.tools import Tool
from planner.editor.underlay_select import lines_in_box
from planner.editor.vertex_tool import VertexEditing
from planner.editor.vertices import vertices

if TYPE_CHECKING:
    from planner.editor.tool_host import ToolHost


class SelectTool(VertexEditing, Tool):
    """Pick, box-select, drag to move; corner handles resize, the round handle rotates."""

    name = "select"

    def __init__(self, view: "ToolHost") -> None:
        super().__init__(view)
        self.mode: str | None = None
        self.start: tuple[float, float] = (0.0, 0.0)
        self.origin: tuple[float, float] = (0.0, 0.0)
        self.orig_plan: Plan | None = None
        self.ids: list[str] = []
        self.token = 0
        self.underlay_pick: Any = None  # (layer, geometry) clicked on the underlay, for tagging
        self.last_click: tuple[float, float] | None = None  # picks the room when selected walls enclose several
        self.click_floor: str | None = None
        self.drag_snapper: Snapper | None = None
        self.hall_edit = False  # the hall alone is selected: its outline and handles move/resize/rotate it
        self.grab: tuple[float, float] = (0.0, 0.0)  # where on the handle the mouse took it (handles sit off the point they move)
        self.vertex: tuple[str, int] | None = None  # (object id, vertex index) of the vertex handle last taken
        self.vertex_bad = False  # the last vertex position tried would make the outline cross itself
        self.pushed = False

    def _handle_at(self, e: QMouseEvent) -> str | None:
        """The selection handle under the mouse (checked by distance: asking the scene for the items
        at a point would test the shapes of every underlay path there)."""
        pos = e.position()
        best, bd = None, 8.0
        for item in self.view.plan_scene.handles:
            q = self.view.to_viewport(item.pos())
            d = max(abs(q.x() - pos.x()), abs(q.y() - pos.y()))
            if d < bd:
                best, bd = str(item.data(0)), d
        return best

    def press(self, p: QPointF, e: QMouseEvent) -> None:
        if e.button() != Qt.MouseButton.LeftButton:
            return
        x, y = p.x(), p.y()
        self.start = self.last_click = (x, y)
        handle = self._handle_at(e)
        hall_id = self._hall_id()
        movable = [i for i in self.doc.selection if i != hall_id]
        self.hall_edit = hall_id is not None and self.doc.selection == (hall_id,)
        if handle and handle.startswith("vertex:") and len(self.doc.selection) == 1:
            self._take_vertex(self.doc.selection[0], int(handle.split(":")[1]), x, y)
            return
        if self.vertex is not None:
            self.vertex = None
            self.view.message.emit("")
        if handle and (movable or self.hall_edit):
            self.ids, self.orig_plan, self.token = movable or list(self.doc.selection), self.doc.plan, new_drag_token()
            b = union_bounds(self.doc.geometry_of(i) for i in self.ids)
            assert b is not None
            self.drag_snapper = self._snapper_without()
            if handle == "rotate":
                self.mode, self.origin = "rotate", ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
            else:
                i = int(handle.split(":")[1])
                corners = [(b[0], b[1]), (b[2], b[1]), (b[2], b[3]), (b[0], b[3])]
                self.mode, self.origin = "scale", corners[(i + 2) % 4]
                self.start = corners[i]
                self.grab = (x - corners[i][0], y - corners[i][1])
            return
        hits = objects_at(self.doc.plan, x, y, self.view.tol(5))
        shift = bool(e.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        hall = self.doc.plan.hall
        if self.hall_edit and hall_id in hits and hall is not None and not shift \
                and hall.exterior.distance(Point(x, y)) <= self.view.tol(5):
            self.ids, self.orig_plan, self.token, self.mode = list(self.doc.selection), self.doc.plan, new_drag_token(), "move"  # drag its outline
            self.start = self._base_point(p)
            self.drag_snapper = self._snapper_without()
            return
        self.hall_edit = False
        # the bare floor of the hall or the building (nothing else under the cursor): a click selects
        # the hall (or, outside it, the building), a drag draws a selection box
        singles = {o.id for k in SINGLE_KINDS if (o := self.doc.plan.single(k)) is not None}
        self.click_floor = hits[0] if hits and singles.issuperset(hits) else None
        if hits and self.click_floor is None:
            self.underlay_pick = None
            if not shift:
                self.view.underlay_sel.clear()
            hit = next((h for h in hits if h in self.doc.selection), hits[0]) if not shift else hits[0]
            if shift:
                sel = list(self.doc.selection)
                sel.remove(hit) if hit in sel else sel.append(hit)
                self.doc.select(sel)
                return
            if hit not in self.doc.selection:
                self.doc.select([hit])
            self.ids = [i for i in self.doc.selection if i != hall_id]
            if self.ids:
                self.mode, self.orig_plan, self.token = "move", self.doc.plan, new_drag_token()
                self.start = self._base_point(p)
                self.drag_snapper = self._snapper_without()
            return
        self.underlay_pick = self._underlay_at(x, y)
        picked = self.view.underlay_sel
        if self.underlay_pick is not None:
            self.click_floor = None  # a drawing line, not the bare floor
            picked.toggle(self.underlay_pick[1]) if shift else picked.set([self.underlay_pick[1]])
        elif not shift:
            picked.clear()
        n = len(picked.lines)
        self.view.message.emit(t(f"已选中 {n} 段底图线条:用“标记”菜单设为大厅/区域/服务台…,或由所选墙线生成房间(Shift 加选)",
                                 f"{n} underlay line(s) picked: use the Tag menu to make a hall/zone/counter… or a room from the selected walls (Shift adds)")
                               if n else "")
        if not shift and self.click_floor is None:
            self.doc.select([])
        self.mode = "box"

    def _base_point(self, p: QPointF) -> tuple[float, float]:
        """Where a move starts: a vertex under the cursor, else the grid point (so grid moves stay on the grid)."""
        s = self.view.snap
        x, y, _k = self.view.snapper().snap(p.x(), p.y(), self.view.tol(), endpoints=s.endpoints, edges=False,
                                            grid=s.grid_step if s.grid else None)
        return x, y

    def _snapper_without(self) -> Snapper:
        """Snap targets without what is about to move."""
        return Snapper(self.doc.plan.without(self.ids), self.view.underlay_index())

    def _hall_id(self) -> str | None:
        """The hall's id: the hall is an ordinary object, selected by a click on its bare floor and moved
        by its outline (a drag on the floor draws a selection box)."""
        hall = self.doc.plan.single("hall")
        return None if hall is None else hall.id

    def _underlay_at(self, x: float, y: float) -> Any:
        hit = self.view.snapper().underlay_at(x, y, self.view.tol(5))
        return None if hit is None else (self.doc.underlay[hit[0]][0], hit[1])

    def move(self, p: QPointF, e: QMouseEvent) -> str | None:
        if self.mode is None or self.orig_plan is None and self.mode != "box":
            return None
        x, y = p.x(), p.y()
        if self.mode == "box":
            self.show_preview(geometry_path(box(min(x, self.start[0]), min(y, self.start[1]), max(x, self.start[0]),
                                                max(y, self.start[1])).exterior), "#1565c0")
            return None
        if self.mode in ("scale", "vertex"):
            p = QPointF(p.x() - self.grab[0], p.y() - self.grab[1])
        if self.mode == "vertex":
            return self._drag_vertex(p)
        sx, sy, kind = self.view.snapped(p, self.start, self.drag_snapper)  # never snap to what is being moved
        orig = self.orig_plan
        assert orig is not None
        try:
            if self.mode == "move":
                dx, dy = sx - self.start[0], sy - self.start[1]
                cmd = move(orig, self.ids, dx, dy) if self.ids else None
            elif self.mode == "rotate":
                a0 = math.atan2(self.start[1] - self.origin[1], self.start[0] - self.origin[0])
                a1 = math.atan2(y - self.origin[1], x - self.origin[0])
                ang = math.degrees(a1 - a0)
                if self.view.snap.ortho or e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    ang = round(ang / 15.0) * 15.0
                cmd = rotate(orig, self.ids, ang, self.origin) if self.ids else None
            else:
                ox, oy = self.origin
                fx = (sx - ox) / (self.start[0] - ox) if abs(self.start[0] - ox) > 1e-9 else 1.0
                fy = (sy - oy) / (self.start[1] - oy) if abs(self.start[1] - oy) > 1e-9 else 1.0
                if abs(fx) < 1e-3 or abs(fy) < 1e-3:
                    return kind
                cmd = scale(orig, self.ids, fx, fy, self.origin) if self.ids else None
            cur = self.doc.plan
            if cmd is not None:
                self.doc.push(ReplaceObjects.of(cur, tuple(cur.get(o.id) for o in cmd.old), cmd.new,  # type: ignore[misc]
                                                cmd.text_zh, cmd.text_en), drag=self.token)
        except (ValueError, KeyError):
            pass  # a degenerate intermediate shape: keep the last good one
        return kind

    def release(self, p: QPointF, e: QMouseEvent) -> None:
        if self.mode == "vertex":
            self._drop_vertex()
        if self.mode == "box":
            self.clear_preview()
            x, y = p.x(), p.y()
            shift = bool(e.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if math.dist((x, y), self.start) > self.view.tol(4):
                rect = (self.start[0], self.start[1], x, y)
                ids = objects_in(self.doc.plan, rect)
                self.doc.select((list(self.doc.selection) if shift else []) + ids)
                lines = lines_in_box(self.view, rect)
                self.view.underlay_sel.add(lines) if shift else self.view.underlay_sel.set(lines)
            elif self.click_floor is not None:
                self.doc.select((list(self.doc.selection) if shift else []) + [self.click_floor])
        self.mode, self.orig_plan, self.drag_snapper = None, None, None
        self.hall_edit = self._hall_id() is not None and self.doc.selection == (self._hall_id(),)

    def key(self, e: QKeyEvent) -> bool:
        if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.vertex is not None:
            return self.remove_vertex()
        if e.key() == Qt.Key.Key_Escape:
            return self.cancel()
        return False

    def cancel(self) -> bool:
        """Esc: forget the vertex taken and the underlay pick, clear the selection (the select tool stays)."""
        self.vertex = None
        self.doc.select([])
        self.underlay_pick = None
        self.view.underlay_sel.clear()
        self.clear_preview()
        return True

    def hint(self) -> str:
        return t("点击选择,Shift 多选,拖动移动;方块把手缩放,圆把手旋转,蓝点拖动顶点(双击边加点,Delete 删点);中键或空格+拖动平移",
                 "click to select, Shift adds; drag to move; square handles resize, the round one rotates, blue dots move vertices "
                 "(double-click an edge adds one, Delete removes one); middle button or Space+drag pans")


def selection_handles(bounds: tuple[float, float, float, float], px: float,
                      outline: BaseGeometry | None = None) -> list[tuple[float, float, str]]:
    """Four resize handles just off the corners, a rotate handle above the top edge and, for one
    polygon (``outline``), a handle on each vertex; ``px`` metres per pixel."""
    x0, y0, x1, y1 = bounds
    o = HANDLE_OFFSET_PX * px
    corners = [(x0 - o, y0 - o), (x1 + o, y0 - o), (x1 + o, y1 + o), (x0 - o, y1 + o)]
    out = [(x, y, f"scale:{i}") for i, (x, y) in enumerate(corners)] + [((x0 + x1) / 2, y1 + 26 * px, "rotate")]
    big_enough = min(x1 - x0, y1 - y0) >= 30 * px  # a counter seen from afar: its body moves it, not a vertex
    if isinstance(outline, Polygon) and big_enough and len(outline.exterior.coords) <= MAX_VERTEX_HANDLES:
        out += [(x, y, f"vertex:{i}") for i, (x, y) in enumerate(vertices(outline))]
    return out


HANDLE_OFFSET_PX = 8
MAX_VERTEX_HANDLES = 400  # an outline traced from arcs has hundreds: no handles rather than a hedge of them
