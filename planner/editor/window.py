"""The main window: canvas in the middle, panels in docks, the live check wired to the plan.

The window composes its parts instead of inheriting them: the document, the scene and view, the
check runner, the file controller (``files``: :class:`planner.editor.fileops.FileOps`) and the actions,
menus and tool switchboard (``ui``: :class:`planner.editor.actions.WindowActions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QUndoView

from geometry.commands import ReplaceObjects, add_objects, rotate
from geometry.kinds import KINDS
from geometry.i18n import HallPlanError
from geometry.model import PlanObject
from geometry.snap import union_bounds
from planner.editor.actions import WindowActions
from planner.editor.badges import place_badges
from planner.editor.canvas import PlanScene
from planner.editor.capacity_panel import CapacityPanel
from planner.editor.checker import CheckRunner
from planner.editor.document import Document
from planner.editor.fileops import FileOps
from planner.editor.findings import FindingsPanel, GaugePanel
from planner.editor.fix_panel import FixPanel
from planner.editor.i18n_ui import install_qt_translations, save_language, set_ui_language, t, ui_language
from planner.editor.layers_panel import LayersPanel
from planner.editor.palette import FacilityPalette
from planner.editor.panels import ContextPanel, PropertyPanel
from planner.editor.prefs import Prefs
from planner.editor.select_tool import SelectTool, selection_handles
from planner.editor.vertex_tool import mark_vertex
from planner.editor.tools import fresh_ids
from planner.editor.view import PlanView
from standards.engine import Report
from standards.finding import Finding

if TYPE_CHECKING:
    from planner.editor.overlays import OverlayManager

_font_family: str | None = None


def cjk_font_family() -> str | None:
    """The Chinese font for the editor: planner.fonts' answer, registered with Qt once."""
    global _font_family
    if _font_family is not None:
        return _font_family or None
    _font_family = ""
    try:
        from planner.fonts import qt_font_file

        path = qt_font_file()
    except Exception:  # fonts are a nicety; Qt's default font still works
        path = None
    if path is not None:
        fid = QFontDatabase.addApplicationFont(str(path))
        fams = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
        _font_family = fams[0] if fams else ""
    return _font_family or None



CHECKING = ("检查中…", "checking…")  # the status bar while a check runs

class MainWindow(QMainWindow):
    overlays: OverlayManager  # the analysis overlays (made with their menu, planner.editor.overlays)

    def __init__(self, lang: str | None = None) -> None:
        super().__init__()
        set_ui_language(lang or "zh")
        install_qt_translations(lang or "zh")
        fam = cjk_font_family()
        if fam:
            f = QFont(fam)
            f.setPointSizeF(self.font().pointSizeF())
            self.setFont(f)
        self.prefs = Prefs.load()
        self.doc = Document(parent=self)
        self.scene = PlanScene(fam, ui_language())
        self.view = PlanView(self.scene, self.doc)
        self.view.snap.grid_step = self.prefs.grid_step_m
        self.setCentralWidget(self.view)
        self.checker = CheckRunner(parent=self)
        self.findings = FindingsPanel()
        self.fixes = FixPanel(self.doc, self.scene)  # guided fixes, under the findings (issue 15)
        findings_box = self.findings.layout()
        assert findings_box is not None  # the panel lays out its tree and filter
        findings_box.addWidget(self.fixes)
        self.capacity = CapacityPanel(self.doc)
        self.gauges = GaugePanel()
        self.props = PropertyPanel(self.doc)
        self.context = ContextPanel(self.doc)
        self.history = QUndoView(self.doc.stack)
        self.layers = LayersPanel(self.scene)
        self.facility_palette = FacilityPalette(self.choose_facility)
        self.docks: dict[str, QDockWidget] = {}
        for key, widget, area in (("findings", self.findings, Qt.DockWidgetArea.RightDockWidgetArea),
                                  ("gauges", self.gauges, Qt.DockWidgetArea.RightDockWidgetArea),
                                  ("capacity", self.capacity, Qt.DockWidgetArea.RightDockWidgetArea),
                                  ("props", self.props, Qt.DockWidgetArea.LeftDockWidgetArea),
                                  ("context", self.context, Qt.DockWidgetArea.LeftDockWidgetArea),
                                  ("history", self.history, Qt.DockWidgetArea.LeftDockWidgetArea),
                                  ("layers", self.layers, Qt.DockWidgetArea.LeftDockWidgetArea),
                                  ("palette", self.facility_palette, Qt.DockWidgetArea.LeftDockWidgetArea)):
            dock = QDockWidget(self)
            dock.setObjectName(f"dock_{key}")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[key] = dock
        self.tabifyDockWidget(self.docks["gauges"], self.docks["capacity"])
        self.docks["gauges"].raise_()
        self.tabifyDockWidget(self.docks["context"], self.docks["history"])
        self.tabifyDockWidget(self.docks["history"], self.docks["layers"])
        self.tabifyDockWidget(self.docks["layers"], self.docks["palette"])
        self.docks["props"].raise_()
        self.docks["context"].raise_()
        self.pos_label, self.scale_label, self.snap_label, self.check_label = QLabel(), QLabel(), QLabel(), QLabel()
        for w in (self.check_label, self.snap_label, self.scale_label, self.pos_label):
            self.statusBar().addPermanentWidget(w)
        self._clipboard: tuple[Any, ...] = ()
        self._pastes = 0
        self.report: Report | None = None
        self.files = FileOps(self, self.doc, self.view, self.checker, self.prefs)
        self.ui = WindowActions(self)
        self._wire()
        self.ui.set_tool("select")
        self.retranslate()
        self.resize(1400, 900)
        self._docks_sized = False
        self.checker.request(self.doc.plan)

    # --- wiring ------------------------------------------------------------------------------
    def _wire(self) -> None:
        d = self.doc
        d.planChanged.connect(self._plan_changed)
        d.selectionChanged.connect(lambda _s: self.refresh_selection())
        d.underlayChanged.connect(self._underlay_changed)
        d.fileChanged.connect(self.update_title)
        self.checker.reportReady.connect(self._report)
        self.checker.failed.connect(lambda msg: self.check_label.setText(t("检查出错:", "check failed: ") + msg))
        self.findings.findingActivated.connect(self.show_finding)
        self.findings.fixRequested.connect(lambda f: self.fixes.offer(f, self.report))
        self.view.cursorMoved.connect(self._cursor)
        self.view.scaleChanged.connect(self._scale_changed)
        self.view.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.files.prefsChanged.connect(self.update_snap_label)

    def _scale_changed(self, px_per_m: float) -> None:
        self._scale_text()
        self.refresh_selection()
        self.scene.text_lod(px_per_m)
        self.scene.label_lod(px_per_m)

    def _underlay_changed(self) -> None:
        self.scene.set_underlay(self.doc.underlay)
        self.scene.set_underlay_texts(self.doc.underlay_texts)
        self.scene.text_lod(self.view.px_per_m())
        for layer in self.doc.hidden_layers:  # as the drawing was kept: hidden layers stay hidden
            self.scene.set_layer_visible(layer, False)
        self.layers.refresh()

    def _plan_changed(self, _old: Any, new: Any) -> None:
        self.scene.sync(new)
        self.scene.label_lod(self.view.px_per_m())
        self.check_label.setText(t(*CHECKING))
        self.checker.request(new)
        self.refresh_selection()
        if self.report is not None:
            self._badges(self.report)

    def _badges(self, report: Report) -> None:
        """One badge per finding on the canvas; findings about the whole plan once, in the panel."""
        self.scene.lang = ui_language()
        on_canvas, whole = place_badges(report.findings, self.doc.plan, report.plan.hall)
        self.scene.set_badges(on_canvas)
        self.findings.set_plan_wide(whole)

    def _report(self, report: Report) -> None:
        self.report = report
        self.findings.set_report(report)
        self.gauges.set_report(report)
        self.fixes.on_report(report)
        self.capacity.set_report(report)
        self._badges(report)
        c = report.counts()
        ms = self.checker.last_seconds * 1000
        if self.checker.phase == "quick":
            self.check_label.setText(t(f"快速检查 {ms:.0f} ms:不符合 {c['fail']}(通行分析为上次结果,停顿后更新)",
                                       f"quick check {ms:.0f} ms: {c['fail']} failing (circulation from the last full check, updated when idle)"))
        else:
            self.check_label.setText(t(f"完整检查 {ms:.0f} ms:不符合 {c['fail']}", f"full check {ms:.0f} ms: {c['fail']} failing"))

    def refresh_selection(self) -> None:
        ids = self.doc.selection
        geoms = [g for g in (self.doc.geometry_of(i) for i in ids) if g is not None]
        hall = self.doc.plan.single("hall")
        movable = [i for i in ids if hall is None or i != hall.id] or list(ids)  # the hall on its own, or what sits in it
        handles = []
        tool = self.view.tool
        if movable and isinstance(tool, SelectTool):
            b = union_bounds(self.doc.geometry_of(i) for i in movable)
            if b is not None:
                outline = self.doc.geometry_of(ids[0]) if len(ids) == 1 else None
                handles = selection_handles(b, self.view.tol(1), outline)
        items = self.scene.set_highlight(geoms, handles)
        if isinstance(tool, SelectTool) and tool.vertex is not None and ids == (tool.vertex[0],):
            mark_vertex(items, tool.vertex[1])

    def _cursor(self, x: float, y: float, snapped: str) -> None:
        names = {"endpoint": t("端点", "endpoint"), "edge": t("边", "edge"), "grid": t("网格", "grid"), "ortho": t("正交", "ortho")}
        extra = f"  [{names[snapped]}]" if snapped in names else ""
        self.pos_label.setText(f"x = {x:.2f} m, y = {y:.2f} m{extra}")

    def _scale_text(self) -> None:
        ppm = self.view.px_per_m()
        dpm = max(self.logicalDpiX(), 1) / 0.0254  # screen pixels per real metre
        self.scale_label.setText(t("比例", "scale") + f" 1:{dpm / max(ppm, 1e-9):,.0f}")

    def update_title(self) -> None:
        star = "*" if self.doc.modified else ""
        self.setWindowTitle(f"{self.doc.display_name()}{star} — HallPlan " + t("政务服务大厅规划", "service hall planner"))

    def update_snap_label(self) -> None:
        self.snap_label.setText(self.view.snap.describe(t))

    # --- findings → canvas ------------------------------------------------------------------
    def show_finding(self, f: Finding) -> None:
        ids = [i for i in f.object_ids if i in self.doc.plan]
        geoms = [self.doc.geometry_of(i) for i in ids]
        if f.location is not None and not f.location.is_empty:
            geoms.append(f.location)
        if not ids and self.report is not None and f.location is not None:  # a finding about an object's whole outline
            ids = [o.id for o in self.report.plan.objects if o.geometry is f.location and o.id in self.doc.plan]
        self.doc.select(ids)
        b = union_bounds(geoms)
        if b is None:
            self.statusBar().showMessage(t("此结论不对应平面上的对象", "this finding points at nothing on the plan"), 6000)
            return
        pad = 3.0
        self.view.fit_rect((b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad), margin=0.15)

    # --- edit operations ----------------------------------------------------------------------
    def delete_selection(self) -> None:
        if isinstance(self.view.tool, SelectTool) and self.view.tool.remove_vertex():
            return  # a vertex handle was taken: Delete removes that vertex
        ids = [i for i in self.doc.selection if i in self.doc.plan]
        if ids:
            self.doc.push(ReplaceObjects.removing(self.doc.plan, ids))

    def copy_selection(self) -> None:
        self._clipboard = tuple(o for o in self.doc.selected_objects() if not KINDS[o.KIND].single)  # one hall per plan
        self._pastes = 0
        self.statusBar().showMessage(t(f"已复制 {len(self._clipboard)} 个对象", f"copied {len(self._clipboard)} objects"), 4000)

    def cut_selection(self) -> None:
        self.copy_selection()
        self.delete_selection()

    def paste(self) -> None:
        if not self._clipboard:
            return
        from dataclasses import replace

        from shapely import affinity

        self._pastes += 1
        off = 1.0 * self._pastes
        plan = self.doc.plan
        new = []
        by_prefix: dict[str, list[PlanObject]] = {}
        for o in self._clipboard:
            by_prefix.setdefault(o.id.rsplit("-", 1)[0] if "-" in o.id else o.KIND, []).append(o)
        for prefix, objs in by_prefix.items():
            for o, oid in zip(objs, fresh_ids(plan, prefix, len(objs))):
                new.append(replace(o, id=oid, geometry=affinity.translate(o.geometry, off, -off)))
        self.doc.push(add_objects(plan, new))
        self.doc.select([o.id for o in new])

    def rotate_selection(self, angle: float = 90.0) -> None:
        hall = self.doc.plan.single("hall")
        ids = [i for i in self.doc.selection if hall is None or i != hall.id]
        b = union_bounds(self.doc.geometry_of(i) for i in ids)
        if b is not None:
            self.doc.push(rotate(self.doc.plan, ids, angle, ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)))

    def select_all(self) -> None:
        self.doc.select([o.id for o in self.doc.plan.objects if not KINDS[o.KIND].single])

    def escape(self) -> None:
        """Esc: the tool drops what it has in progress; a tool with nothing in progress gives way to the select tool."""
        tool = self.view.tool
        if tool is None or not tool.cancel():
            self.ui.set_tool("select")

    def choose_facility(self, kind: str) -> None:
        """From the palette: pick the kind and take the facility tool."""
        self.ui.facility_combo.setCurrentIndex(max(0, self.ui.facility_combo.findData(kind)))
        self.ui.set_tool("facility")

    # --- tagging the underlay -------------------------------------------------------------------
    def tag_pick(self, role: str, from_walls: bool = False) -> None:
        from geometry.tagging import polygon_from_underlay, tag

        tool = self.view.tool
        pick = tool.underlay_pick if isinstance(tool, SelectTool) else None
        at = tool.start if isinstance(tool, SelectTool) else None
        if from_walls:  # where the user clicked, not the base point of the wall obstacle that click selected
            self.room_at_click(role, tool.last_click if isinstance(tool, SelectTool) and tool.last_click else at)
            return
        try:
            if pick is None:
                raise HallPlanError("请先用选择工具点击底图上的一条闭合多段线", "first click a closed polyline of the underlay with the select tool")
            poly = polygon_from_underlay(pick[1])
            kind = self.ui.zone_kind_combo.currentData() or "other"
            self.doc.push(tag(self.doc.plan, poly, role, kind))
        except (HallPlanError, ValueError) as exc:
            QMessageBox.warning(self, t("无法标记", "Cannot tag"), str(exc))
            return
        self.statusBar().showMessage(t("已标记", "tagged"), 3000)

    def room_at_click(self, role: str, at: tuple[float, float] | None) -> bool:
        """Tag → Make the hall from walls: the room around the last click, closed by the visible
        wall, column, door and window layers; its area in the status bar, or the gaps marked."""
        from geometry.room_pick import RoomPick, room_at
        from planner.editor.underlay_select import gap_tolerance_m, push_room

        self.view.underlay_sel.clear()
        picked: list[RoomPick] = []

        def make() -> Any:
            if at is None:
                raise HallPlanError("请先在房间内点击一下", "click inside the room first")
            picked.append(room_at(self.doc.underlay, at, hidden=set(self.scene.hidden_layers()), gap=gap_tolerance_m(),
                                  doors_open=self.ui.acts["doors_open"].isChecked(),
                                  metres_per_unit=self.doc.plan.meta.get("metres_per_unit")))
            return picked[-1].room

        if not push_room(self, role, make):
            return False
        pick = picked[-1]
        layers = ", ".join(pick.layers)
        what = t("服务大厅", "service hall") if role == "hall" else t("房间", "room")
        if pick.source == "walls":
            msg = t(f"{what} {pick.area:.1f} m²,由图层 {layers} 的墙、柱、门、窗围合",
                    f"{what} {pick.area:.1f} m², closed by the walls, columns, doors and windows of {layers}")
        else:
            msg = t(f"{what} {pick.area:.1f} m²,由可见线条围合(没有显示墙图层,请核对)",
                    f"{what} {pick.area:.1f} m², closed by the visible lines (no wall layer is shown: please check)")
        if pick.passages:  # an opening wider than a door inside it: the room may run on into the next one
            x, y, wd = pick.passages[0]
            msg += t(f";注意:({x:.2f}, {y:.2f}) 处有 {wd:.2f} m 宽的开口,房间可能与相邻房间连通",
                     f"; note: a {wd:.2f} m wide opening at ({x:.2f}, {y:.2f}) may join it to the next room")
        self.statusBar().showMessage(msg, 15000)
        return True

    # --- language -----------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        set_ui_language(lang)
        install_qt_translations(lang)
        save_language(lang)
        self.scene.lang = lang
        self.scene.sync(self.doc.plan, full=True)
        self.scene.label_lod(self.view.px_per_m())
        for i in range(self.doc.stack.count()):
            cmd = self.doc.stack.command(i)
            if hasattr(cmd, "retranslate"):
                cmd.retranslate()
        self.retranslate()

    def retranslate(self) -> None:
        self.ui.retranslate_actions()
        titles = {"findings": ("检查结果", "Findings"), "gauges": ("关键指标", "Key figures"), "props": ("属性", "Properties"),
                  "context": ("项目信息", "Project"), "history": ("操作历史", "History"), "layers": ("底图图层", "Layers"),
                  "palette": ("设施", "Facilities"), "capacity": ("服务能力", "Capacity")}
        for k, dock in self.docks.items():
            dock.setWindowTitle(t(*titles[k]))
        self.history.setEmptyLabel(t("<打开时>", "<opened>"))
        for panel in (self.findings, self.gauges, self.props, self.context, self.layers, self.facility_palette, self.fixes,
                      self.capacity):
            panel.retranslate()
        self.update_snap_label()
        self._scale_text()
        self.update_title()
        if self.check_label.text() in CHECKING:  # a check under way: say so in the new language
            self.check_label.setText(t(*CHECKING))
        elif self.report is not None:
            self._report(self.report)
        if self.view.tool is not None and self.view.tool.hint():
            self.statusBar().showMessage(self.view.tool.hint())

    def restore_layout(self) -> None:
        """Window size and dock layout as the user left them."""
        s = QSettings()
        geo, state = s.value("ui/geometry"), s.value("ui/state")
        if geo is not None:
            self.restoreGeometry(geo)
        if state is not None and self.restoreState(state):
            self._docks_sized = True

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._docks_sized:  # docks get their widths once the window has its size
            self._docks_sized = True
            self.resizeDocks([self.docks["findings"], self.docks["props"]], [max(480, self.width() // 3), 300],
                             Qt.Orientation.Horizontal)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.files.confirm_discard():
            event.ignore()
            return
        QSettings().setValue("ui/geometry", self.saveGeometry())
        QSettings().setValue("ui/state", self.saveState())
        self.files.clear_autosave()
        event.accept()


__all__ = ["MainWindow", "cjk_font_family"]
