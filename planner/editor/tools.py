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

from geometry.commands import add_objects
from geometry.i18n import HallPlanError
from geometry.kinds import draw_order
from geometry.model import Counter, Entrance, Facility, Plan, Route
from geometry.tagging import tag
from planner.editor.canvas import Z_PREVIEW, geometry_path
from planner.editor.i18n_ui import t
from planner.editor.prefs import Prefs

if TYPE_CHECKING:
    from planner.editor.tool_host import ToolHost

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
    """Base tool (implements :class:`planner.editor.tool_host.EditorTool` against a
    :class:`planner.editor.tool_host.ToolHost`): no-op handlers, preview helpers."""

    name = "tool"

    def __init__(self, view: "ToolHost") -> None:
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

    def cancel(self) -> bool:
        """Esc: drop the preview; this tool has nothing else in progress."""
        self.clear_preview()
        return False

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

    def __init__(self, view: "ToolHost") -> None:
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
        if e.key() == Qt.Key.Key_Escape:
            return self.cancel()
        return False

    def cancel(self) -> bool:
        """Esc: drop the points clicked so far (False when there were none)."""
        had = bool(self.points)
        self.points = []
        self.clear_preview()
        return had

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


# the roles drawn as an outline by the area tool: every kind drawn as a polygon (geometry.kinds), counters
# and facilities having their own tools
AREA_ROLES = ("hall", "building", "zone", "waiting", "parking", "consult", "obstacle",
              *(k.code for k in draw_order() if Polygon in k.geometry and k.code not in ("hall", "building", "zone", "parking", "consult",
                                                                                        "obstacle", "counter")))


class AreaTool(PointsTool):
    """Polygon (click vertices, Enter/double-click to close) or rectangle (two corners)."""

    def __init__(self, view: "ToolHost", role: str, rect: bool, kind_getter: Callable[[], str] = lambda: "other") -> None:
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
            hall = self.doc.plan.single("hall")
            self.doc.select([hall.id] if hall is not None else [])

    def hint(self) -> str:
        if self.rect:
            return t("点击两个对角点(或拖动);可输入 x,y / @宽,高", "click two corners (or drag); or type x,y / @w,h")
        return t("依次点击顶点,回车或双击闭合;退格删除上一点;Esc 取消",
                 "click the vertices; Enter or double-click closes; Backspace undoes a point; Esc cancels")


class RouteTool(PointsTool):
    name = "route"
    min_points, max_points = 2, 10_000

    def __init__(self, view: "ToolHost", prefs: Prefs) -> None:
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

    def __init__(self, view: "ToolHost", prefs: Prefs) -> None:
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
        self.commit(lambda plan: add_objects(plan, tuple(counters_along(plan, pts[0], pts[1], self.prefs, n))))

    def hint(self) -> str:
        return t(f"点击起点和方向点:沿线放置 {self.prefs.counter_count or '尽可能多'} 个服务台"
                 f"({self.prefs.counter_length_m:g}×{self.prefs.counter_depth_m:g} m,台面 {self.prefs.counter_height_m:g} m)",
                 f"click a start and a direction point: places {self.prefs.counter_count or 'as many as fit'} counters "
                 f"({self.prefs.counter_length_m:g}×{self.prefs.counter_depth_m:g} m, top {self.prefs.counter_height_m:g} m)")


class FacilityTool(PointsTool):
    name = "facility"
    min_points = max_points = 1

    def __init__(self, view: "ToolHost", kind_getter: Callable[[], str]) -> None:
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

    def __init__(self, view: "ToolHost", prefs: Prefs) -> None:
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


__all__ = ["Tool", "AreaTool", "RouteTool", "CounterTool", "FacilityTool", "EntranceTool", "parse_typed",
           "counters_along", "fresh_ids", "AREA_ROLES"]
