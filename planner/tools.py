"""Drawing and editing tools.  Each tool turns mouse/keyboard input into plan commands.

Points come snapped from the view; typed input (``x,y``, ``@dx,dy``, ``@len<angle`` or a bare
length along the cursor direction) feeds the same ``add_point`` as a click.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem
from shapely.geometry import LineString, Point, Polygon, box

from geometry.commands import ReplaceObjects, add_objects, rotate, scale
from geometry.i18n import HallPlanError
from geometry.model import Counter, Entrance, Facility, Plan, Route
from geometry.snap import Snapper, objects_at, objects_in, union_bounds
from geometry.tagging import tag
from planner.canvas import Z_PREVIEW, geometry_path
from planner.document import HALL_ID, new_drag_token
from planner.i18n_ui import t
from planner.prefs import Prefs

if TYPE_CHECKING:
    from planner.view import PlanView

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)"


def parse_typed(text: str, last: tuple[float, float] | None, cursor: tuple[float, float]) -> tuple[float, float]:
    """A point from typed input.  ValueError with a readable reason on bad input.

    >>> parse_typed("3, 4", None, (0, 0)), parse_typed("@2,0", (1, 1), (0, 0)), parse_typed("@2<90", (1, 1), (0, 0))
    ((3.0, 4.0), (3.0, 1.0), (1.0, 3.0))
    >>> parse_typed("5", (0, 0), (10, 0))
    (5.0, 0.0)
    """
    s = text.strip().replace("，", ",").replace("＠", "@").replace("＜", "<")
    m = re.fullmatch(rf"({_NUM})\s*,\s*({_NUM})", s)
    if m:
        return float(m.group(1)), float(m.group(2))
    m = re.fullmatch(rf"@\s*({_NUM})\s*,\s*({_NUM})", s)
    if m and last is not None:
        return round(last[0] + float(m.group(1)), 9), round(last[1] + float(m.group(2)), 9)
    m = re.fullmatch(rf"@\s*({_NUM})\s*<\s*({_NUM})", s)
    if m and last is not None:
        d, a = float(m.group(1)), math.radians(float(m.group(2)))
        return round(last[0] + d * math.cos(a), 9), round(last[1] + d * math.sin(a), 9)
    m = re.fullmatch(_NUM, s)
    if m and last is not None:
        dx, dy = cursor[0] - last[0], cursor[1] - last[1]
        n = math.hypot(dx, dy)
        if n < 1e-9:
            raise ValueError(t("先把光标移向要画的方向", "move the cursor towards the direction first"))
        d = float(s)
        return round(last[0] + d * dx / n, 9), round(last[1] + d * dy / n, 9)
    if last is None and (s.startswith("@") or re.fullmatch(_NUM, s)):
        raise ValueError(t("第一个点请输入绝对坐标 x,y", "type absolute coordinates x,y for the first point"))
    raise ValueError(t(f"看不懂“{text}”:请输入 x,y 或 @dx,dy 或 @长度<角度 或 长度",
                       f"cannot read '{text}': type x,y or @dx,dy or @length<angle or a length"))


class Tool:
    """Base tool: no-op handlers, preview helpers."""

    name = "tool"

    def __init__(self, view: "PlanView") -> None:
        self.view = view
        self.doc = view.doc
        self._preview: list[QGraphicsPathItem] = []

    # handlers ------------------------------------------------------------------------
    def activate(self) -> None: ...

    def deactivate(self) -> None:
        self.clear_preview()

    def press(self, p: QPointF, e: QMouseEvent) -> None: ...

    def move(self, p: QPointF, e: QMouseEvent) -> str | None:
        return None

    def release(self, p: QPointF, e: QMouseEvent) -> None: ...

    def double_click(self, p: QPointF, e: QMouseEvent) -> None: ...

    def key(self, e: QKeyEvent) -> bool:
        return False

    def typed(self, text: str) -> None:
        raise ValueError(t("此工具不接受坐标输入", "this tool takes no typed coordinates"))

    def hint(self) -> str:
        return ""

    # helpers -----------------------------------------------------------------------------
    def clear_preview(self) -> None:
        for item in self._preview:
            self.view.plan_scene.removeItem(item)
        self._preview = []

    def show_preview(self, path: QPainterPath, colour: str = "#e65100") -> None:
        self.clear_preview()
        item = QGraphicsPathItem(path)
        pen = QPen(QColor(colour), 1.5)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        item.setPen(pen)
        item.setZValue(Z_PREVIEW)
        self.view.plan_scene.addItem(item)
        self._preview.append(item)

    def commit(self, make: Callable[[Plan], Any], select_new: bool = True) -> None:
        """Build a command from the current plan and push it; errors become a status message."""
        before = {o.id for o in self.doc.plan.objects}
        try:
            self.doc.push(make(self.doc.plan))
        except (ValueError, KeyError, HallPlanError) as exc:
            self.view.message.emit(t("无法完成:", "Cannot do that: ") + str(exc))
            return
        if select_new:
            new = [o.id for o in self.doc.plan.objects if o.id not in before]
            self.doc.select(new)


class PointsTool(Tool):
    """Collects clicked/typed points; subclasses say how many and what to build."""

    min_points, max_points, closed = 2, 2, False

    def __init__(self, view: "PlanView") -> None:
        super().__init__(view)
        self.points: list[tuple[float, float]] = []

    def deactivate(self) -> None:
        self.points = []
        super().deactivate()

    def last(self) -> tuple[float, float] | None:
        return self.points[-1] if self.points else None

    def press(self, p: QPointF, e: QMouseEvent) -> None:
        if e.button() == Qt.MouseButton.RightButton:
            self.finish()
            return
        if e.button() == Qt.MouseButton.LeftButton:
            x, y, _k = self.view.snapped(p, self.last())
            self.add_point((x, y))

    def double_click(self, p: QPointF, e: QMouseEvent) -> None:
        self.finish()

    def move(self, p: QPointF, e: QMouseEvent) -> str | None:
        x, y, kind = self.view.snapped(p, self.last())
        self.update_preview((x, y))
        return kind

    def key(self, e: QKeyEvent) -> bool:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            return True
        if e.key() == Qt.Key.Key_Backspace and self.points:
            self.points.pop()
            self.update_preview(None)
            return True
        if e.key() == Qt.Key.Key_Escape and self.points:
            self.points = []
            self.clear_preview()
            return True
        return False

    def typed(self, text: str) -> None:
        lp = self.view.last_pos
        self.add_point(parse_typed(text, self.last(), (lp.x(), lp.y())))

    def add_point(self, pt: tuple[float, float]) -> None:
        if self.points and math.dist(pt, self.points[-1]) < 1e-6:
            return
        self.points.append(pt)
        if len(self.points) >= self.max_points:
            self.finish()
        else:
            self.update_preview(None)

    def update_preview(self, cursor: tuple[float, float] | None) -> None:
        pts = self.points + ([cursor] if cursor else [])
        if not pts:
            self.clear_preview()
            return
        g = self.shape(pts)
        if g is not None:
            self.show_preview(geometry_path(g))

    def shape(self, pts: list[tuple[float, float]]) -> Any:
        if len(pts) >= 3 and self.closed:
            return LineString(pts + [pts[0]])
        return LineString(pts) if len(pts) >= 2 else Point(pts[0])

    def finish(self) -> None:
        pts, self.points = self.points, []
        self.clear_preview()
        if len(pts) >= self.min_points:
            self.build(pts)

    def build(self, pts: list[tuple[float, float]]) -> None: ...


AREA_ROLES = ("hall", "building", "zone", "waiting", "parking", "consult", "obstacle")


class AreaTool(PointsTool):
    """Polygon (click vertices, Enter/double-click to close) or rectangle (two corners)."""

    def __init__(self, view: "PlanView", role: str, rect: bool, kind_getter: Callable[[], str] = lambda: "other") -> None:
        super().__init__(view)
        self.role, self.rect, self.kind_getter = role, rect, kind_getter
        self.min_points, self.max_points, self.closed = (2, 2, True) if rect else (3, 10_000, True)
        self.name = f"{'rect' if rect else 'poly'}:{role}"

    def shape(self, pts: list[tuple[float, float]]) -> Any:
        if self.rect and len(pts) == 2:
            (x0, y0), (x1, y1) = pts
            return box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)).exterior
        return super().shape(pts)

    def release(self, p: QPointF, e: QMouseEvent) -> None:  # press-drag-release draws a rectangle too
        if self.rect and len(self.points) == 1 and e.button() == Qt.MouseButton.LeftButton:
            x, y, _k = self.view.snapped(p, self.last())
            if math.dist((x, y), self.points[0]) > self.view.tol(6):
                self.add_point((x, y))

    def build(self, pts: list[tuple[float, float]]) -> None:
        if self.rect:
            (x0, y0), (x1, y1) = pts
            poly = box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        else:
            poly = Polygon(pts)
        if poly.area < 1e-4:
            self.view.message.emit(t("面积为零,未创建", "zero area: nothing created"))
            return
        if not poly.is_valid:
            self.view.message.emit(t("多边形自相交,未创建", "the polygon crosses itself: nothing created"))
            return
        role = self.role
        self.commit(lambda plan: tag(plan, poly, role, self.kind_getter()))
        if role == "hall":
            self.doc.select([HALL_ID])

    def hint(self) -> str:
        if self.rect:
            return t("点击两个对角点(或拖动);可输入 x,y / @宽,高", "click two corners (or drag); or type x,y / @w,h")
        return t("依次点击顶点,回车或双击闭合;退格删除上一点;Esc 取消",
                 "click the vertices; Enter or double-click closes; Backspace undoes a point; Esc cancels")


class RouteTool(PointsTool):
    name = "route"
    min_points, max_points = 2, 10_000

    def __init__(self, view: "PlanView", prefs: Prefs) -> None:
        super().__init__(view)
        self.prefs = prefs

    def build(self, pts: list[tuple[float, float]]) -> None:
        w = self.prefs.route_width_m
        self.commit(lambda plan: add_objects(plan, [Route(id=plan.new_id("route"), geometry=LineString(pts), width_m=w)]))

    def hint(self) -> str:
        return t("点击路线各点,回车或双击结束", "click the route's points; Enter or double-click ends it")


def fresh_ids(plan: Plan, prefix: str, n: int) -> list[str]:
    """``n`` ids ``prefix-k`` not used in ``plan``, lowest first.

    >>> fresh_ids(Plan(), "counter", 3)
    ['counter-1', 'counter-2', 'counter-3']
    """
    out: list[str] = []
    k = 0
    while len(out) < n:
        k += 1
        if f"{prefix}-{k}" not in plan:
            out.append(f"{prefix}-{k}")
    return out


def counters_along(plan: Plan, a: tuple[float, float], b: tuple[float, float], prefs: Prefs, count: int | None = None) -> list[Counter]:
    """Counters in a row from ``a`` towards ``b``: the line is their customer-side front edge."""
    length = math.dist(a, b)
    if length < 1e-6:
        return []
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    nx, ny = -uy, ux  # staff side: left of the drawn line
    L, D = prefs.counter_length_m, prefs.counter_depth_m
    n = count if count else max(1, int(length / L + 1e-9))
    front = math.degrees(math.atan2(-ny, -nx)) % 360.0
    out: list[Counter] = []
    for i, oid in enumerate(fresh_ids(plan, "counter", n)):
        p0 = (a[0] + ux * L * i, a[1] + uy * L * i)
        p1 = (p0[0] + ux * L, p0[1] + uy * L)
        corners = [p0, p1, (p1[0] + nx * D, p1[1] + ny * D), (p0[0] + nx * D, p0[1] + ny * D)]
        poly = Polygon([(round(x, 6), round(y, 6)) for x, y in corners])
        k = len(plan.counters) + i + 1
        out.append(Counter(id=oid, geometry=poly, height_m=prefs.counter_height_m, color=prefs.counter_color,
                           front=round(front, 6), service=t(f"窗口 {k}", f"Window {k}")))
    return out


class CounterTool(PointsTool):
    name = "counter"

    def __init__(self, view: "PlanView", prefs: Prefs) -> None:
        super().__init__(view)
        self.prefs = prefs

    def shape(self, pts: list[tuple[float, float]]) -> Any:
        if len(pts) == 2:
            cs = counters_along(Plan(), pts[0], pts[1], self.prefs, self.prefs.counter_count or None)
            if cs:
                from shapely.geometry import MultiPolygon

                return MultiPolygon([c.geometry for c in cs])
        return super().shape(pts)

    def build(self, pts: list[tuple[float, float]]) -> None:
        n = self.prefs.counter_count or None
        self.commit(lambda plan: add_objects(plan, counters_along(plan, pts[0], pts[1], self.prefs, n)))

    def hint(self) -> str:
        return t(f"点击起点和方向点:沿线放置 {self.prefs.counter_count or '尽可能多'} 个服务台"
                 f"({self.prefs.counter_length_m:g}×{self.prefs.counter_depth_m:g} m,台面 {self.prefs.counter_height_m:g} m)",
                 f"click a start and a direction point: places {self.prefs.counter_count or 'as many as fit'} counters "
                 f"({self.prefs.counter_length_m:g}×{self.prefs.counter_depth_m:g} m, top {self.prefs.counter_height_m:g} m)")


class FacilityTool(PointsTool):
    name = "facility"
    min_points = max_points = 1

    def __init__(self, view: "PlanView", kind_getter: Callable[[], str]) -> None:
        super().__init__(view)
        self.kind_getter = kind_getter

    def build(self, pts: list[tuple[float, float]]) -> None:
        kind = self.kind_getter()
        self.commit(lambda plan: add_objects(plan, [Facility(id=plan.new_id(kind), geometry=Point(pts[0]), kind=kind)]))

    def hint(self) -> str:
        return t("点击放置设施(在工具选项中选择种类)", "click to place the facility (pick its kind in the tool options)")


class EntranceTool(PointsTool):
    """Two points on the hall boundary (or one click: an opening of the default width)."""

    name = "entrance"

    def __init__(self, view: "PlanView", prefs: Prefs) -> None:
        super().__init__(view)
        self.prefs = prefs

    def add_point(self, pt: tuple[float, float]) -> None:
        hall = self.doc.plan.hall
        if hall is None:
            self.view.message.emit(t("请先画服务大厅,入口放在大厅边界上", "draw the hall first: entrances sit on its boundary"))
            return
        ring = hall.exterior
        q = ring.interpolate(ring.project(Point(pt)))
        super().add_point((round(q.x, 6), round(q.y, 6)))

    def release(self, p: QPointF, e: QMouseEvent) -> None:
        if len(self.points) == 1 and e.button() == Qt.MouseButton.LeftButton:
            x, y, _k = self.view.snapped(p, self.last())
            if math.dist((x, y), self.points[0]) <= self.view.tol(6):
                self.single()

    def single(self) -> None:
        hall = self.doc.plan.hall
        assert hall is not None
        ring = hall.exterior
        d = ring.project(Point(self.points[0]))
        w = self.prefs.entrance_width_m / 2
        a, b = ring.interpolate(max(d - w, 0.0)), ring.interpolate(min(d + w, ring.length))
        self.points = []
        self.clear_preview()
        self.build([(round(a.x, 6), round(a.y, 6)), (round(b.x, 6), round(b.y, 6))])

    def build(self, pts: list[tuple[float, float]]) -> None:
        main = not self.doc.plan.entrances
        self.commit(lambda plan: add_objects(plan, [Entrance(id=plan.new_id("entrance"), geometry=LineString(pts), main=main)]))

    def hint(self) -> str:
        return t("在大厅边界上点击一次(默认宽度)或点击两端", "click once on the hall boundary (default width) or click both ends")


class SelectTool(Tool):
    """Pick, box-select, drag to move; corner handles resize, the round handle rotates."""

    name = "select"

    def __init__(self, view: "PlanView") -> None:
        super().__init__(view)
        self.mode: str | None = None
        self.start: tuple[float, float] = (0.0, 0.0)
        self.origin: tuple[float, float] = (0.0, 0.0)
        self.orig_plan: Plan | None = None
        self.ids: list[str] = []
        self.token = 0
        self.underlay_pick: Any = None  # (layer, geometry) clicked on the underlay, for tagging
        self.click_hall = False
        self.drag_snapper: Snapper | None = None

    def _handle_at(self, e: QMouseEvent) -> str | None:
        for item in self.view.items(e.position().toPoint()):
            role = item.data(0)
            if role:
                return str(role)
        return None

    def press(self, p: QPointF, e: QMouseEvent) -> None:
        if e.button() != Qt.MouseButton.LeftButton:
            return
        x, y = p.x(), p.y()
        self.start = (x, y)
        handle = self._handle_at(e)
        movable = [i for i in self.doc.selection if i != HALL_ID]
        if handle and movable:
            b = union_bounds(self.doc.geometry_of(i) for i in movable)
            assert b is not None
            self.ids, self.orig_plan, self.token = movable, self.doc.plan, new_drag_token()
            self.drag_snapper = Snapper(self.doc.plan.without(self.ids), self.view.underlay_index())
            if handle == "rotate":
                self.mode, self.origin = "rotate", ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
            else:
                i = int(handle.split(":")[1])
                corners = [(b[0], b[1]), (b[2], b[1]), (b[2], b[3]), (b[0], b[3])]
                self.mode, self.origin = "scale", corners[(i + 2) % 4]
                self.start = corners[i]
            return
        hits = objects_at(self.doc.plan, x, y, self.view.tol(5))
        shift = bool(e.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.click_hall = hits == [HALL_ID]  # the bare hall floor: a click selects the hall, a drag draws a box
        if hits and not self.click_hall:
            self.underlay_pick = None
            hit = next((h for h in hits if h in self.doc.selection), hits[0]) if not shift else hits[0]
            if shift:
                sel = list(self.doc.selection)
                sel.remove(hit) if hit in sel else sel.append(hit)
                self.doc.select(sel)
                return
            if hit not in self.doc.selection:
                self.doc.select([hit])
            self.ids = [i for i in self.doc.selection if i != HALL_ID]
            if self.ids:
                self.mode, self.orig_plan, self.token = "move", self.doc.plan, new_drag_token()
                self.drag_snapper = Snapper(self.doc.plan.without(self.ids), self.view.underlay_index())
            return
        self.underlay_pick = self._underlay_at(x, y)
        self.view.message.emit(t("已选中底图图元,可用“标记”菜单设为大厅/区域/服务台…", "underlay entity picked: use the Tag menu to make it a hall/zone/counter…")
                               if self.underlay_pick is not None else "")
        if not shift and not self.click_hall:
            self.doc.select([])
        self.mode = "box"

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
        sx, sy, kind = self.view.snapped(p, self.start, self.drag_snapper)  # never snap to what is being moved
        orig = self.orig_plan
        assert orig is not None
        try:
            if self.mode == "move":
                cmd = _move_cmd(orig, self.ids, sx - self.start[0], sy - self.start[1])
            elif self.mode == "rotate":
                a0 = math.atan2(self.start[1] - self.origin[1], self.start[0] - self.origin[0])
                a1 = math.atan2(y - self.origin[1], x - self.origin[0])
                ang = math.degrees(a1 - a0)
                if self.view.snap.ortho or e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    ang = round(ang / 15.0) * 15.0
                cmd = rotate(orig, self.ids, ang, self.origin)
            else:
                ox, oy = self.origin
                fx = (sx - ox) / (self.start[0] - ox) if abs(self.start[0] - ox) > 1e-9 else 1.0
                fy = (sy - oy) / (self.start[1] - oy) if abs(self.start[1] - oy) > 1e-9 else 1.0
                if abs(fx) < 1e-3 or abs(fy) < 1e-3:
                    return kind
                cmd = scale(orig, self.ids, fx, fy, self.origin)
            cur = self.doc.plan
            self.doc.push(ReplaceObjects.of(cur, tuple(cur.get(o.id) for o in cmd.old), cmd.new,  # type: ignore[misc]
                                            cmd.text_zh, cmd.text_en), drag=self.token)
        except (ValueError, KeyError):
            pass  # a degenerate intermediate shape: keep the last good one
        return kind

    def release(self, p: QPointF, e: QMouseEvent) -> None:
        if self.mode == "box":
            self.clear_preview()
            x, y = p.x(), p.y()
            shift = bool(e.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if math.dist((x, y), self.start) > self.view.tol(4):
                ids = objects_in(self.doc.plan, (self.start[0], self.start[1], x, y))
                self.doc.select((list(self.doc.selection) if shift else []) + ids)
            elif self.click_hall:
                self.doc.select((list(self.doc.selection) if shift else []) + [HALL_ID])
        self.mode, self.orig_plan, self.drag_snapper = None, None, None

    def key(self, e: QKeyEvent) -> bool:
        if e.key() == Qt.Key.Key_Escape:
            self.doc.select([])
            self.underlay_pick = None
            return True
        return False

    def hint(self) -> str:
        return t("点击选择,Shift 多选,拖动移动;方块把手缩放,圆把手旋转;中键或空格+拖动平移",
                 "click to select, Shift adds; drag to move; square handles resize, the round one rotates; middle button or Space+drag pans")


def _move_cmd(plan: Plan, ids: list[str], dx: float, dy: float) -> ReplaceObjects:
    from geometry.commands import move

    return move(plan, ids, dx, dy)


def selection_handles(bounds: tuple[float, float, float, float], px: float) -> list[tuple[float, float, str]]:
    """Four corner handles (resize) and a rotate handle above the top edge, ``px`` metres per pixel."""
    x0, y0, x1, y1 = bounds
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return [(x, y, f"scale:{i}") for i, (x, y) in enumerate(corners)] + [((x0 + x1) / 2, y1 + 22 * px, "rotate")]


__all__ = ["Tool", "SelectTool", "AreaTool", "RouteTool", "CounterTool", "FacilityTool", "EntranceTool", "parse_typed",
           "counters_along", "selection_handles", "AREA_ROLES"]
