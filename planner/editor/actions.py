"""Menus, toolbars, shortcuts and the drawing-tool switchboard of the main window.

:class:`WindowActions` is a controller the window owns (``window.ui``): it builds the actions and
bars once, connects them to the window's document, view, file controller and edit operations, and
switches the drawing tool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMenu, QMessageBox, QSpinBox, QToolBar

from geometry.kinds import KINDS
from geometry.model import FACILITY_KINDS, ZONE_KINDS
from planner.editor.i18n_ui import pair, t, ui_language
from planner.editor.icons import facility_icon, tool_icon
from planner.editor.pdf_sheet_dialog import ask_pdf_sheet
from planner.editor.room_list import pick_hall_from_rooms
from planner.editor.select_tool import SelectTool
from planner.editor.underlay_select import make_room_from_selection
from planner.editor.tools import AREA_ROLES, AreaTool, CounterTool, EntranceTool, FacilityTool, RouteTool, Tool

T = TypeVar("T")

if TYPE_CHECKING:
    from planner.editor.find_text import FindBox
    from planner.editor.overlays import OverlayAction
    from planner.editor.window import MainWindow

# tool -> (glyph, shortcut, names when the tool is not simply named as the kind it draws)
_TOOL_KEYS: dict[str, tuple[str, str, tuple[str, str] | None]] = {
    "select": ("↖", "S", ("选择", "Select")), "hall": ("厅", "H", None), "building": ("楼", "", None),
    "zone": ("区", "Z", None), "waiting": ("候", "W", ("等候区", "Waiting area")), "parking": ("车", "P", None),
    "counter": ("台", "C", ("服务台(沿线)", "Counters (along a line)")), "consult": ("询", "", None),
    "obstacle": ("柱", "", ("障碍物/柱", "Obstacle / column")), "facility": ("设", "A", None),
    "entrance": ("门", "E", None), "route": ("径", "R", None),
}
_TOOL_KEYS |= {role: (KINDS[role].zh[0], "", None) for role in AREA_ROLES if role not in _TOOL_KEYS}  # a new kind: its first character
# the English interface's tool glyphs (Latin: any font draws them); a new kind: its first two letters
TOOL_GLYPHS_EN: dict[str, str] = {"select": "↖", "hall": "H", "building": "B", "zone": "Z", "waiting": "W", "parking": "P",
                                  "counter": "C", "consult": "i", "obstacle": "O", "facility": "F", "entrance": "E", "route": "R"}
TOOL_GLYPHS_EN |= {role: KINDS[role].en[:2] for role in _TOOL_KEYS if role not in TOOL_GLYPHS_EN}
# name -> (glyph, zh, en, shortcut); the names of the kinds from their descriptors (geometry.kinds)
TOOLS: dict[str, tuple[str, str, str, str]] = {
    name: (glyph, *(names or (KINDS[name].zh, KINDS[name].en)), key) for name, (glyph, key, names) in _TOOL_KEYS.items()}

# name -> (zh, en, shortcut)
ACTIONS: dict[str, tuple[str, str, Any]] = {
    "new": ("新建", "New", QKeySequence.StandardKey.New),
    "open": ("打开…", "Open…", QKeySequence.StandardKey.Open),
    "import": ("导入 DXF…", "Import DXF…", "Ctrl+I"),
    "save": ("保存", "Save", QKeySequence.StandardKey.Save),
    "save_as": ("另存为…", "Save as…", QKeySequence.StandardKey.SaveAs),
    "export_dxf": ("导出带标注的 DXF…", "Export annotated DXF…", ""),
    "export_pdf": ("导出审批 PDF…", "Export approval PDF…", ""),
    "pdf_sheet": ("PDF 图纸与比例…", "PDF paper and scale…", ""),
    "export_xlsx": ("导出 Excel 合规表…", "Export Excel compliance table…", ""),
    "export_docx": ("导出审查意见书(Word)…", "Export review opinion (Word)…", ""),
    "prefs": ("绘图默认值…", "Drawing defaults…", ""),
    "quit": ("退出", "Quit", QKeySequence.StandardKey.Quit),
    "undo": ("撤销", "Undo", QKeySequence.StandardKey.Undo),
    "redo": ("重做", "Redo", QKeySequence.StandardKey.Redo),
    "delete": ("删除", "Delete", QKeySequence.StandardKey.Delete),
    "copy": ("复制", "Copy", QKeySequence.StandardKey.Copy),
    "cut": ("剪切", "Cut", QKeySequence.StandardKey.Cut),
    "paste": ("粘贴", "Paste", QKeySequence.StandardKey.Paste),
    "rotate90": ("旋转 90°", "Rotate 90°", "Ctrl+R"),
    "select_all": ("全选", "Select all", QKeySequence.StandardKey.SelectAll),
    "escape": ("取消", "Cancel", "Esc"),
    "fit": ("适应窗口", "Fit to window", "F"),
    "find": ("查找文字…", "Find text…", QKeySequence.StandardKey.Find),
    "zoom_in": ("放大", "Zoom in", QKeySequence.StandardKey.ZoomIn),
    "zoom_out": ("缩小", "Zoom out", QKeySequence.StandardKey.ZoomOut),
    "rect_mode": ("矩形模式", "Rectangle mode", "Q"),
    "snap_endpoints": ("捕捉端点", "Snap to endpoints", ""),
    "snap_edges": ("捕捉边", "Snap to edges", ""),
    "snap_grid": ("捕捉网格", "Snap to grid", ""),
    "snap_ortho": ("正交", "Orthogonal", "F8"),
    "tag_hall": ("设为服务大厅", "Set as service hall", ""),
    "tag_building": ("设为建筑轮廓", "Set as building outline", ""),
    "tag_zone": ("设为功能分区(当前种类)", "Set as zone (current kind)", ""),
    "tag_waiting": ("设为等候区", "Set as waiting area", ""),
    "tag_counter": ("设为服务台", "Set as counter", ""),
    "tag_consult": ("设为咨询台", "Set as consultation desk", ""),
    "tag_parking": ("设为停车场", "Set as parking", ""),
    "tag_ramp": ("设为坡道", "Set as ramp", ""),
    "tag_column": ("设为柱(障碍物)", "Set as column (obstacle)", ""),
    "room_hall": ("由墙线围合生成大厅(在房间内点击后)", "Make the hall from walls (after clicking inside the room)", ""),
    "room_zone": ("由墙线围合生成分区(在房间内点击后)", "Make a zone from walls (after clicking inside the room)", ""),
    "rooms_hall": ("从房间列表选择服务大厅…", "The hall from the list of rooms…", ""),
    "doors_open": ("由墙线围合时门按开启(走廊不被门分隔)", "Rooms from walls: doors open (a corridor stays one room)", ""),
    "walls_hall": ("设为服务大厅", "As the service hall", ""),
    "walls_building": ("设为建筑轮廓", "As the building outline", ""),
    "walls_zone": ("设为功能分区(当前种类)", "As a zone (current kind)", ""),
    "walls_waiting": ("设为等候区", "As a waiting area", ""),
    "walls_parking": ("设为停车场", "As parking", ""),
    "layout": ("布置方案…", "Layout proposals…", ""),
    "lang_zh": ("中文", "中文", ""),
    "lang_en": ("English", "English", ""),
}
MENUS = {"file": ("文件", "&File"), "edit": ("编辑", "&Edit"), "view": ("视图", "&View"), "draw": ("绘制", "&Draw"),
         "tag": ("标记底图", "&Tag"), "overlays": ("分析叠加层", "&Overlays"), "lang": ("语言", "&Language"),
         "recent": ("最近打开", "Recent files"), "walls": ("由所选墙线生成房间", "Make room from selected walls")}


class WindowActions:
    """The window's actions, menus and tool bars, and which drawing tool is active."""

    def __init__(self, window: MainWindow) -> None:
        self.win = window
        self.current_tool = "select"
        self.overlay_acts: dict[str, OverlayAction] = {}
        self.build_actions()

    def build_actions(self) -> None:
        w = self.win
        files = w.files
        self.acts = {}
        for name, (_zh, _en, key) in ACTIONS.items():
            action = QAction(w)
            action.setObjectName(f"act_{name}")
            if key:
                action.setShortcuts([QKeySequence(key)] if isinstance(key, str) else QKeySequence.keyBindings(key))
            self.acts[name] = action
        a = self.acts
        redo = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        for extra in ("Ctrl+Y", "Ctrl+Shift+Z"):
            if QKeySequence(extra) not in redo:
                redo.append(QKeySequence(extra))
        a["redo"].setShortcuts(redo)
        hooks: dict[str, Callable[[], Any]] = {
            "new": files.new_plan, "open": files.open_dialog, "import": files.import_dialog, "save": files.save, "save_as": files.save_as,
            "export_dxf": files.export_dxf, "export_pdf": files.export_pdf, "pdf_sheet": lambda: ask_pdf_sheet(files),
            "export_xlsx": files.export_xlsx, "export_docx": files.export_docx, "prefs": files.edit_prefs, "quit": w.close,
            "undo": w.doc.stack.undo, "redo": w.doc.stack.redo, "delete": w.delete_selection, "copy": w.copy_selection,
            "cut": w.cut_selection, "paste": w.paste, "rotate90": w.rotate_selection, "select_all": w.select_all,
            "escape": w.escape, "fit": w.view.fit, "find": lambda: self.find_box.open(), "zoom_in": lambda: w.view.zoom(1.25), "zoom_out": lambda: w.view.zoom(0.8),
            "tag_hall": lambda: w.tag_pick("hall"), "tag_building": lambda: w.tag_pick("building"),
            "tag_zone": lambda: w.tag_pick("zone"), "tag_waiting": lambda: w.tag_pick("waiting"),
            "tag_counter": lambda: w.tag_pick("counter"), "tag_consult": lambda: w.tag_pick("consult"),
            "tag_parking": lambda: w.tag_pick("parking"), "tag_ramp": lambda: w.tag_pick("ramp"),
            "tag_column": lambda: w.tag_pick("column"), "room_hall": lambda: w.tag_pick("hall", True),
            "room_zone": lambda: w.tag_pick("zone", True), "rooms_hall": lambda: pick_hall_from_rooms(w),
            **{f"walls_{r}": _bound(make_room_from_selection, w, r) for r in ("hall", "building", "zone", "waiting", "parking")},
            "lang_zh": lambda: w.set_language("zh"), "lang_en": lambda: w.set_language("en"),
            "layout": lambda: _open_layout(w),
        }
        for name in ("select_all", "delete", "copy", "cut", "paste", "undo", "redo"):  # a text field keeps its own keys
            hooks[name] = _unless_text_field(name, hooks[name])
        for name, fn in hooks.items():
            a[name].triggered.connect(lambda _c=False, fn=fn: fn())
        w.doc.stack.canUndoChanged.connect(a["undo"].setEnabled)
        w.doc.stack.canRedoChanged.connect(a["redo"].setEnabled)
        a["undo"].setEnabled(False)
        a["redo"].setEnabled(False)
        settings = QSettings()
        snap = w.view.snap
        for name, attr in (("snap_endpoints", "endpoints"), ("snap_edges", "edges"), ("snap_grid", "grid"), ("snap_ortho", "ortho")):
            act = a[name]
            act.setCheckable(True)
            v = settings.value(f"snap/{attr}")
            setattr(snap, attr, getattr(snap, attr) if v is None else v in (True, "true", "1", 1))
            act.setChecked(getattr(snap, attr))
            act.toggled.connect(lambda on, attr=attr: self._set_snap(attr, on))
        a["doors_open"].setCheckable(True)  # rooms from walls: a corridor's fire doors stay open
        a["rect_mode"].setCheckable(True)
        a["rect_mode"].setChecked(True)
        a["rect_mode"].toggled.connect(self._rect_mode_toggled)
        lang_group = QActionGroup(w)
        for name in ("lang_zh", "lang_en"):
            a[name].setCheckable(True)
            lang_group.addAction(a[name])
        a["lang_" + ui_language()].setChecked(True)
        self.tool_group = QActionGroup(w)
        self.tool_acts = {}
        for name, (glyph, _zh, _en, key) in TOOLS.items():
            act = QAction(tool_icon(glyph), "", w)
            act.setObjectName(f"tool_{name}")
            act.setCheckable(True)
            if key:
                act.setShortcut(QKeySequence(key))
            act.triggered.connect(lambda _c=False, n=name: self.set_tool(n))
            self.tool_group.addAction(act)
            self.tool_acts[name] = act
        self._build_menus()
        self._build_toolbars()

    def _rect_mode_toggled(self, _on: bool) -> None:
        if self.current_tool in _AREA:
            self.set_tool(self.current_tool)
        self.retranslate_actions()

    def _set_snap(self, attr: str, on: bool) -> None:
        w = self.win
        setattr(w.view.snap, attr, on)
        QSettings().setValue(f"snap/{attr}", on)
        w.update_snap_label()

    def _build_menus(self) -> None:
        w = self.win
        mb = w.menuBar()
        self.menus = {k: QMenu(w) for k in MENUS}
        a = self.acts
        m = self.menus
        for k in ("file", "edit", "view", "draw", "tag", "overlays", "lang"):
            mb.addMenu(m[k])
        for name in ("new", "open", "import"):
            m["file"].addAction(a[name])
        m["file"].addMenu(m["recent"])
        m["recent"].aboutToShow.connect(self.fill_recent_menu)
        m["file"].addSeparator()
        entry: str | None
        for entry in ("save", "save_as", None, "export_dxf", "export_pdf", "pdf_sheet", "export_xlsx", "export_docx", None, "prefs", None,
                     "quit"):
            m["file"].addSeparator() if entry is None else m["file"].addAction(a[entry])
        for entry in ("undo", "redo", None, "cut", "copy", "paste", "delete", None, "rotate90", "select_all", "escape"):
            m["edit"].addSeparator() if entry is None else m["edit"].addAction(a[entry])
        for entry in ("fit", "zoom_in", "zoom_out", "find", None, "snap_endpoints", "snap_edges", "snap_grid", "snap_ortho"):
            m["view"].addSeparator() if entry is None else m["view"].addAction(a[entry])
        m["view"].addSeparator()
        self.dock_menu_anchor = m["view"]
        for name in TOOLS:
            m["draw"].addAction(self.tool_acts[name])
        m["draw"].addSeparator()
        m["draw"].addAction(a["rect_mode"])
        m["draw"].addSeparator()
        m["draw"].addAction(a["layout"])
        for entry in ("tag_hall", "tag_building", "tag_zone", "tag_waiting", "tag_counter", "tag_consult", "tag_parking",
                      "tag_ramp", "tag_column", None,
                     "room_hall", "room_zone", "doors_open", "rooms_hall"):
            m["tag"].addSeparator() if entry is None else m["tag"].addAction(a[entry])
        m["tag"].addMenu(m["walls"])
        for name in ("walls_hall", "walls_building", "walls_zone", "walls_waiting", "walls_parking"):
            m["walls"].addAction(a[name])
        m["lang"].addAction(a["lang_zh"])
        m["lang"].addAction(a["lang_en"])
        from planner.editor.overlays import build_overlay_actions

        self.overlay_acts = build_overlay_actions(w, m["overlays"])
        for dock in w.docks.values():
            m["view"].addAction(dock.toggleViewAction())

    def _build_toolbars(self) -> None:
        w = self.win
        self.main_bar = QToolBar(w)
        self.main_bar.setObjectName("bar_main")
        for name in ("open", "save", "undo", "redo", "fit"):
            self.main_bar.addAction(self.acts[name])
        from planner.editor.find_text import FindBox

        self.find_box = FindBox(w)
        self.main_bar.addWidget(self.find_box)
        self.tool_bar = QToolBar(w)
        self.tool_bar.setObjectName("bar_tools")
        for act in self.tool_acts.values():
            self.tool_bar.addAction(act)
        self.tool_bar.addSeparator()
        self.tool_bar.addAction(self.acts["rect_mode"])
        self.snap_bar = QToolBar(w)
        self.snap_bar.setObjectName("bar_snap")
        for name in ("snap_endpoints", "snap_edges", "snap_grid", "snap_ortho"):
            self.snap_bar.addAction(self.acts[name])
        self.options_bar = QToolBar(w)
        self.options_bar.setObjectName("bar_options")
        self.zone_kind_label, self.facility_label, self.count_label, self.typed_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.zone_kind_combo = QComboBox()
        self.zone_kind_combo.setObjectName("zone_kind")
        self.facility_combo = QComboBox()
        self.facility_combo.setObjectName("facility_kind")
        self.count_spin = QSpinBox()
        self.count_spin.setObjectName("counter_count")
        self.count_spin.setRange(0, 200)
        self.count_spin.setValue(w.prefs.counter_count)
        self.count_spin.valueChanged.connect(self._count_changed)
        self.typed = QLineEdit()
        self.typed.setObjectName("typed")
        self.typed.setMinimumWidth(160)
        self.typed.returnPressed.connect(self._typed_entered)
        for wd in (self.typed_label, self.typed, self.zone_kind_label, self.zone_kind_combo, self.facility_label,
                   self.facility_combo, self.count_label, self.count_spin):
            self.options_bar.addWidget(wd)
        w.addToolBar(self.main_bar)
        w.addToolBar(self.tool_bar)
        w.addToolBar(self.snap_bar)
        w.addToolBarBreak()
        w.addToolBar(self.options_bar)

    def _count_changed(self, n: int) -> None:
        w = self.win
        w.prefs.counter_count = n
        w.prefs.save()
        if self.current_tool == "counter" and w.view.tool is not None:  # the hint says the new count
            w.statusBar().showMessage(w.view.tool.hint())

    def _typed_entered(self) -> None:
        w = self.win
        text = self.typed.text()
        if not text.strip() or w.view.tool is None:
            return
        try:
            w.view.tool.typed(text)
        except ValueError as exc:
            QMessageBox.warning(w, t("坐标输入", "Typed input"), str(exc))
            return
        self.typed.clear()

    def set_tool(self, name: str) -> None:
        w = self.win
        view = w.view
        if view.tool is not None:
            view.tool.deactivate()
        rect = self.acts["rect_mode"].isChecked()
        zone_kind = lambda: self.zone_kind_combo.currentData() or "other"  # noqa: E731
        makers: dict[str, Callable[[], Tool]] = {
            "select": lambda: SelectTool(view),
            "counter": lambda: CounterTool(view, w.prefs),
            "facility": lambda: FacilityTool(view, lambda: self.facility_combo.currentData() or "other"),
            "entrance": lambda: EntranceTool(view, w.prefs),
            "route": lambda: RouteTool(view, w.prefs),
        }
        for role in _AREA:
            makers[role] = _bound(AreaTool, view, role, rect, zone_kind if role in ("zone", "obstacle") else _other)
        view.tool = makers[name]()
        view.tool.activate()
        self.current_tool = name
        self.tool_acts[name].setChecked(True)
        self.zone_kind_combo.setEnabled(name in ("zone", "select"))
        self.facility_combo.setEnabled(name == "facility")
        self.count_spin.setEnabled(name == "counter")
        w.refresh_selection()
        hint = view.tool.hint()
        if hint:
            w.statusBar().showMessage(hint)

    def fill_recent_menu(self) -> None:
        menu = self.menus["recent"]
        menu.clear()
        from planner.editor import files as recent

        items = recent.recent_files()
        if not items:
            menu.addAction(t("(无)", "(none)")).setEnabled(False)
        from planner.paths import menu_label

        for path in items:
            act = menu.addAction(menu_label(path))
            act.setToolTip(path)
            act.triggered.connect(lambda _c=False, p=path: self.win.files.open_path(p))

    def update_export_actions(self) -> None:
        from planner.editor.fileops import dxf_export_available, office_export_available, pdf_export_available

        for name, ok, mod in (("export_dxf", dxf_export_available(), "geometry.dxf.export_dxf"),
                              ("export_pdf", pdf_export_available(), "planner.report.write_pdf"),
                              ("export_xlsx", office_export_available(), "openpyxl"),
                              ("export_docx", office_export_available(), "python-docx")):
            act = self.acts[name]
            act.setEnabled(ok)
            act.setToolTip("" if ok else t(f"此版本缺少 {mod},无法导出", f"{mod} is not available in this version"))
            if not ok:
                act.setText(act.text() + t("(不可用)", " (not available)"))

    def retranslate_actions(self) -> None:
        w = self.win
        for name, (zh, en, _k) in ACTIONS.items():
            self.acts[name].setText(t(zh, en))
        for name, (glyph, zh, en, key) in TOOLS.items():
            self.tool_acts[name].setIcon(tool_icon(t(glyph, TOOL_GLYPHS_EN[name])))
            self.tool_acts[name].setText(t(zh, en))
            self.tool_acts[name].setToolTip(t(zh, en) + (f" ({key})" if key else ""))
        for k, (zh, en) in MENUS.items():
            self.menus[k].setTitle(t(zh, en))
        for bar, (zh, en) in ((self.main_bar, ("文件", "File")), (self.tool_bar, ("绘制工具", "Drawing tools")),
                              (self.snap_bar, ("捕捉", "Snapping")), (self.options_bar, ("工具选项", "Tool options"))):
            bar.setWindowTitle(t(zh, en))
        self.find_box.retranslate()
        rect = self.acts["rect_mode"]
        rect.setToolTip(t("矩形模式(Q):开 — 两点画矩形;关 — 逐点画多边形", "Rectangle mode (Q): on — two corners make a rectangle; off — click a polygon")
                        if rect.isChecked() else t("矩形模式(Q):关 — 逐点画多边形", "Rectangle mode (Q): off — click the vertices of a polygon"))
        rect.setText(t("矩形模式:开", "Rectangle mode: on") if rect.isChecked() else t("矩形模式:关", "Rectangle mode: off"))
        self.typed_label.setText(t(" 坐标/长度: ", " Coordinates/length: "))
        self.typed.setPlaceholderText(t("x,y  @dx,dy  @长度<角度  长度", "x,y  @dx,dy  @len<angle  len"))
        self.zone_kind_label.setText(t("  分区种类: ", "  Zone kind: "))
        self.facility_label.setText(t("  设施: ", "  Facility: "))
        self.count_label.setText(t("  服务台数量(0=铺满): ", "  Counters (0 = fill): "))
        for combo, kinds, icons in ((self.zone_kind_combo, ZONE_KINDS, False), (self.facility_combo, FACILITY_KINDS, True)):
            cur = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for code, names in kinds.items():
                if icons:
                    combo.addItem(facility_icon(code), pair(names), code)
                else:
                    combo.addItem(pair(names), code)
            if cur is not None:
                combo.setCurrentIndex(max(0, combo.findData(cur)))
            combo.blockSignals(False)
        self.update_export_actions()
        for act in self.overlay_acts.values():
            act.retranslate()


_AREA = AREA_ROLES


def _other() -> str:
    return "other"


def _bound(fn: Callable[..., T], *args: Any) -> Callable[[], T]:
    """``fn`` with its arguments bound now (a lambda in a loop would see the loop's last value)."""
    return lambda: fn(*args)


def _unless_text_field(name: str, fn: Callable[[], Any]) -> Callable[[], Any]:
    return lambda: None if _to_text_field(name) else fn()


def _open_layout(w: Any) -> Any:
    from planner.editor.layout_dialog import open_layout_dialog  # on first use: the proposer stays out of start-up

    return open_layout_dialog(w)


def _to_text_field(name: str) -> bool:
    """When a text field has the focus, Ctrl+A, Del, Ctrl+C/X/V and Ctrl+Z act on its text, never on
    the drawing; True when the field took the key."""
    from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QPlainTextEdit, QTextEdit

    fw = QApplication.focusWidget()
    if isinstance(fw, QAbstractSpinBox):
        fw = fw.findChild(QLineEdit) or fw
    if isinstance(fw, QComboBox) and fw.isEditable():
        fw = fw.lineEdit()
    if not isinstance(fw, (QLineEdit, QTextEdit, QPlainTextEdit)):
        return False
    method = {"select_all": "selectAll", "copy": "copy", "cut": "cut", "paste": "paste", "undo": "undo", "redo": "redo"}.get(name)
    if method is not None:
        getattr(fw, method)()
    elif isinstance(fw, QLineEdit):
        fw.del_()
    else:
        fw.textCursor().deleteChar()
    return True
