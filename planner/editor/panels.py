"""Property panel for the selection and the project context form.

Both only read the document and push commands; they refresh on the document's signals.
Bad input shows a message box and leaves the plan as it was.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QScrollArea, QVBoxLayout, QWidget)

from geometry.commands import SetChecklist, SetContext, SetSignage, edit
from geometry.kinds import KINDS, kind_names
from geometry.measure import counter_dimensions
from geometry.model import (FACILITY_KINDS, LEVEL_NAMES, LEVELS, OBJECT_SPECS, OBSTACLE_KINDS, ZONE_KINDS, Counter,
                            Plan, PlanObject, object_fields)
from geometry.validate import CONTEXT_SPECS, clean_value
from planner.editor.document import Document
from planner.editor.i18n_ui import pair, t
from planner.editor.pack_choice import PackChooser
from standards.engine import resolve_packs
from standards.packs import ChecklistItem, Pack, PackError, checklist_catalogue

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "id": ("编号", "Id"), "label": ("名称", "Label"), "kind": ("种类", "Kind"), "seats": ("座位数", "Seats"),
    "height_m": ("台面高度 (m)", "Height (m)"), "color": ("颜色", "Colour"), "service": ("服务事项", "Service"),
    "accessible": ("无障碍", "Accessible"), "sign_zh": ("标识(中文)", "Sign (Chinese)"), "sign_en": ("标识(英文)", "Sign (English)"),
    "front": ("朝向 (°)", "Front (°)"), "main": ("主入口", "Main entrance"), "exit": ("可作出口", "Usable as exit"),
    "width_m": ("宽度 (m)", "Width (m)"), "stalls": ("车位数", "Stalls"), "accessible_stalls": ("无障碍车位", "Accessible stalls"),
    "stated_area_m2": ("标注面积 (m²)", "Stated area (m²)"), "layer": ("图层", "Layer"), "floor": ("楼层", "Floor"),
    "hall_part": ("属于服务大厅", "Part of the hall"),
}
def field_name(kind: str, name: str) -> tuple[str, str]:
    """(zh, en) label of an object's field: the panel's wording, else the field spec's (a new kind's fields)."""
    if name in FIELD_NAMES:
        return FIELD_NAMES[name]
    spec = OBJECT_SPECS.get(kind, ("", "", {}))[2].get(name)
    if spec is None:
        return name, name
    unit = f" ({spec.unit})" if spec.unit else ""
    return spec.zh + unit, spec.en[:1].upper() + spec.en[1:] + unit


KIND_NAMES: dict[str, tuple[str, str]] = kind_names()  # the kinds' display names (geometry.kinds)
KIND_LISTS = {"zone": ZONE_KINDS, "facility": FACILITY_KINDS, "obstacle": OBSTACLE_KINDS}

# checklist tick in the model (None = to confirm) → checkbox state
_CHECK_STATE = {True: Qt.CheckState.Checked, False: Qt.CheckState.Unchecked, None: Qt.CheckState.PartiallyChecked}


def parse_optional(text: str, typ: type) -> Any:
    """'' -> None, else typ(text); ValueError with a readable message."""
    s = text.strip().replace("，", ".")
    if not s:
        return None
    try:
        v = typ(float(s)) if typ is int and float(s).is_integer() else typ(s)
    except ValueError:
        raise ValueError(t(f"“{text}”不是有效的数字", f"'{text}' is not a valid number")) from None
    if isinstance(v, (int, float)) and v < 0:
        raise ValueError(t("不能为负数", "cannot be negative"))
    return v


def plan_packs_or_default(plan: Plan) -> list[Pack]:
    """The packs the plan is checked against; none when they cannot be read (the pack row says why:
    the checklist never shows another pack's items instead)."""
    try:
        return resolve_packs(plan.context.packs)
    except PackError:
        return []


def _warn(parent: QWidget, text: str) -> None:
    QMessageBox.warning(parent, t("输入有误", "Invalid input"), text)


class PropertyPanel(QWidget):
    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.doc = doc
        self.form = QFormLayout()
        self.title = QLabel()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.title)
        lay.addLayout(self.form)
        lay.addStretch(1)
        self.editors: dict[str, QWidget] = {}
        self.info: dict[str, QLabel] = {}
        self._shown: Any = None
        doc.selectionChanged.connect(lambda _s: self.rebuild())
        doc.planChanged.connect(self._plan_changed)
        self.rebuild()

    def retranslate(self) -> None:
        self._shown = None
        self.rebuild()

    def _plan_changed(self, _old: Plan, new: Plan) -> None:
        sel = self.doc.selection
        cur = new.get(sel[0]) if len(sel) == 1 else None
        if cur is self._shown:
            return
        old = self._shown
        if cur is not None and type(cur) is type(old) and getattr(cur, "id", None) == getattr(old, "id", None) and old is not None:
            self._refresh_values(cur)  # the same object edited (e.g. dragged): update in place, keep focus
        else:
            self.rebuild()

    def _refresh_values(self, obj: Any) -> None:
        self._shown = obj
        for name, label in self.info.items():
            label.setText(self._info_text(obj, name))
        if not isinstance(obj, PlanObject) or KINDS[obj.KIND].single:  # the hall, the building: only the area is shown
            return
        for name, value in object_fields(obj).items():
            w = self.editors.get(name)
            if w is None or w.hasFocus():
                continue
            w.blockSignals(True)
            if isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value)))
            elif isinstance(w, QCheckBox):
                w.setCheckState(self._tri(value))
            elif isinstance(w, QLineEdit):
                w.setText("" if value is None else (f"{value:g}" if isinstance(value, float) else str(value)))
            w.blockSignals(False)

    @staticmethod
    def _info_text(obj: Any, name: str) -> str:
        if name == "area":
            return f"{obj.area if not hasattr(obj, 'geometry') else obj.geometry.area:.2f} m²"
        d, length = counter_dimensions(obj)
        return f"{d:.2f} × {length:.2f} m"

    def rebuild(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        self.info = {}
        sel = self.doc.selection
        plan = self.doc.plan
        if not sel:
            self._shown = None
            self.title.setText(t("未选择对象", "Nothing selected"))
            return
        if len(sel) > 1:
            self._shown = None
            self.title.setText(t(f"已选择 {len(sel)} 个对象", f"{len(sel)} objects selected"))
            return
        obj = plan.get(sel[0])
        self._shown = obj
        if obj is None:
            return
        single = KINDS[obj.KIND].single  # the hall, the building: one per plan, named by their kind alone
        self.title.setText(f"<b>{pair(KIND_NAMES.get(obj.KIND, (obj.KIND, obj.KIND)))}</b>" + ("" if single else f" · {obj.id}"))
        if obj.geometry.geom_type == "Polygon":
            self.info["area"] = QLabel(self._info_text(obj, "area"))
            self.form.addRow(t("面积", "Area"), self.info["area"])
        if single:
            return
        if isinstance(obj, Counter):
            self.info["dims"] = QLabel(self._info_text(obj, "dims"))
            self.form.addRow(t("进深 × 长度", "Depth × length"), self.info["dims"])
        for name, value in object_fields(obj).items():
            if name == "id":
                continue
            self.form.addRow(pair(field_name(obj.KIND, name)), self._editor(obj, name, value))

    def _editor(self, obj: Any, name: str, value: Any) -> QWidget:
        ftype = {f.name: f.type for f in dataclasses.fields(obj)}[name]
        w: QWidget
        if name == "kind" and obj.KIND in KIND_LISTS:
            w = combo = QComboBox()
            kinds = KIND_LISTS[obj.KIND]
            for code, names in kinds.items():
                combo.addItem(pair(names), code)
            combo.setCurrentIndex(max(0, list(kinds).index(value) if value in kinds else 0))
            combo.currentIndexChanged.connect(lambda _i: self._commit(obj.id, name, combo.currentData()))
        elif isinstance(value, bool) or "bool" in str(ftype):
            w = tick = QCheckBox()
            tick.setTristate("None" in str(ftype))
            tick.setCheckState(self._tri(value))
            tick.stateChanged.connect(lambda _s: self._commit(obj.id, name, self._from_tri(tick)))
        else:
            w = line = QLineEdit("" if value is None else (f"{value:g}" if isinstance(value, float) else str(value)))
            typ: Callable[[str], Any] = str
            if "float" in str(ftype):
                typ = lambda s: parse_optional(s, float)  # noqa: E731
            elif "int" in str(ftype):
                typ = lambda s: parse_optional(s, int)  # noqa: E731
            elif "None" in str(ftype):
                typ = lambda s: s.strip() or None  # noqa: E731
            line.editingFinished.connect(lambda: self._commit_text(obj.id, name, line, typ))
        w.setObjectName(f"prop_{name}")
        self.editors[name] = w
        return w

    @staticmethod
    def _tri(value: Any) -> Any:
        return Qt.CheckState.PartiallyChecked if value is None else (Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)

    @staticmethod
    def _from_tri(w: QCheckBox) -> bool | None:
        from PySide6.QtCore import Qt

        s = w.checkState()
        return None if s == Qt.CheckState.PartiallyChecked else s == Qt.CheckState.Checked

    def _commit_text(self, oid: str, name: str, w: QLineEdit, typ: Callable[[str], Any]) -> None:
        try:
            value = typ(w.text())
        except ValueError as exc:
            _warn(self, str(exc))
            self._shown = None
            self.rebuild()
            return
        self._commit(oid, name, value)

    def _commit(self, oid: str, name: str, value: Any) -> None:
        o = self.doc.plan.get(oid)
        if o is None or getattr(o, name) == value:
            return
        try:
            self.doc.push(edit(self.doc.plan, oid, **{name: value}))
        except (ValueError, TypeError) as exc:
            _warn(self, str(exc))


class _ClickLabel(QLabel):
    """A checklist item's text: wraps to the panel's width; a click ticks its box."""

    def __init__(self, box: QCheckBox) -> None:
        super().__init__()
        self.box = box
        self.setWordWrap(True)

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802
        self.box.click()


class ContextPanel(QScrollArea):
    """Level, population, target grade, centre name, building area, signage, checklist."""

    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.doc = doc
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # labels wrap, nothing is cut off
        inner = QWidget()
        self.setWidget(inner)
        lay = QVBoxLayout(inner)
        self.form = QFormLayout()
        lay.addLayout(self.form)
        self.name, self.population, self.area, self.floors, self.sign = (QLineEdit() for _ in range(5))
        self.level, self.grade = QComboBox(), QComboBox()
        self.labels = [QLabel() for _ in range(7)]
        for lbl, w in zip(self.labels, (self.name, self.level, self.population, self.grade, self.area, self.floors, self.sign)):
            self.form.addRow(lbl, w)
        self.packs = PackChooser(doc)
        self.packs_label = QLabel()
        self.form.addRow(self.packs_label, self.packs)
        self.checks_box = QGroupBox()
        cl = QVBoxLayout(self.checks_box)
        self.checks_legend = QLabel()
        self.checks_legend.setWordWrap(True)
        cl.addWidget(self.checks_legend)
        self.checks_layout = cl
        self.checks: dict[str, QCheckBox] = {}
        self.check_labels: dict[str, QLabel] = {}
        self.check_rows: dict[str, QWidget] = {}
        self.items: dict[str, ChecklistItem] = {}
        self._build_checks()
        lay.addWidget(self.checks_box)
        lay.addStretch(1)
        for w, fld, typ in ((self.name, "centre_name", str), (self.population, "population", int),
                            (self.area, "building_area_m2", float), (self.floors, "floors", int)):
            w.setObjectName(f"ctx_{fld}")
            w.editingFinished.connect(lambda w=w, fld=fld, typ=typ: self._text(w, fld, typ))
        self.sign.editingFinished.connect(self._sign)
        self.level.currentIndexChanged.connect(lambda _i: self._set("level", self.level.currentData()))
        self.grade.currentIndexChanged.connect(lambda _i: self._set("target_grade", self.grade.currentData()))
        self.level.setObjectName("ctx_level")
        self.grade.setObjectName("ctx_target_grade")
        doc.planChanged.connect(lambda old, new: self.refresh() if (old.context is not new.context or old.checklist
                                                                     is not new.checklist or old.signage is not new.signage) else None)
        self.retranslate()

    def _build_checks(self) -> None:
        """One tick box per checklist item of the packs the plan is checked against (rebuilt when they change)."""
        packs = plan_packs_or_default(self.doc.plan)
        # as the report lists them (Report.checklist_catalogue): packs without items give the built-in ones
        items = (checklist_catalogue(packs) or checklist_catalogue()) if packs else {}
        if list(items) == list(self.items) and all(items[c] == self.items[c] for c in items):
            return
        for row in self.check_rows.values():
            self.checks_layout.removeWidget(row)
            row.deleteLater()
        self.checks, self.check_labels, self.check_rows, self.items = {}, {}, {}, items
        for code, item in items.items():
            row = QWidget()
            hl = QHBoxLayout(row)
            hl.setContentsMargins(0, 0, 0, 0)
            cb = QCheckBox()
            cb.setObjectName(f"check_{code}")
            cb.setTristate(True)  # checked = done, unchecked = confirmed missing, partial = to confirm
            cb.stateChanged.connect(lambda st, c=code: self._tick_state(c, st))
            text = _ClickLabel(cb)  # a long item wraps instead of being cut off at the panel's edge
            text.setText(pair((item.zh, item.en)))
            hl.addWidget(cb, 0, Qt.AlignmentFlag.AlignTop)
            hl.addWidget(text, 1)
            self.checks_layout.addWidget(row)
            self.checks[code] = cb
            self.check_labels[code] = text
            self.check_rows[code] = row

    def retranslate(self) -> None:
        names = (("中心名称", "Centre name"), ("行政级别", "Level"), ("辖区人口", "Population"), ("目标等级", "Target grade"),
                 ("建筑面积 (m²)", "Building area (m²)"), ("楼层数", "Floors"), ("中心标识牌文字", "Name sign text"))
        for lbl, n in zip(self.labels, names):
            lbl.setText(pair(n))
        self.packs_label.setText(pair(("规则包", "Rule packs")))
        self.checks_box.setTitle(t("检查项(平面图无法体现)", "Checklist (not on the plan)"))
        self.checks_legend.setText(t("勾选 = 已落实;空 = 确认未落实;半选 = 待确认",
                                     "ticked = done; empty = confirmed missing; partial = to confirm"))
        for code, lbl in self.check_labels.items():
            lbl.setText(pair((self.items[code].zh, self.items[code].en)))
        self.refresh()

    def refresh(self) -> None:
        ctx, plan = self.doc.plan.context, self.doc.plan
        self.packs.refresh()
        self._build_checks()
        widgets = [self.level, self.grade, *self.checks.values()]
        for w in widgets:
            w.blockSignals(True)
        self.level.clear()
        self.level.addItem(t("(未填)", "(not set)"), None)
        for lv in LEVELS:
            self.level.addItem(pair(LEVEL_NAMES[lv]), lv)
        self.level.setCurrentIndex(0 if ctx.level is None else LEVELS.index(ctx.level) + 1)
        self.grade.clear()
        for label, v in ((t("(未填,按二级)", "(not set: grade 2)"), None), (t("一级", "Grade 1"), 1), (t("二级", "Grade 2"), 2)):
            self.grade.addItem(label, v)
        self.grade.setCurrentIndex({None: 0, 1: 1, 2: 2}[ctx.target_grade])
        applicable = {c for c, item in self.items.items() if ctx.level is None or ctx.level in item.levels}
        for code, cb in self.checks.items():
            cb.setCheckState(_CHECK_STATE[plan.checklist.get(code)])
            self.check_rows[code].setVisible(code in applicable)  # only what the standard asks of this level
        for w in widgets:
            w.blockSignals(False)
        self.name.setText(ctx.centre_name or "")
        self.population.setText("" if ctx.population is None else str(ctx.population))
        self.area.setText("" if ctx.building_area_m2 is None else f"{ctx.building_area_m2:g}")
        self.floors.setText("" if ctx.floors is None else str(ctx.floors))
        self.sign.setText(plan.signage.text or "")

    def _text(self, w: QLineEdit, fld: str, typ: type) -> None:
        try:
            # the shared validator (geometry.validate), as for the file and the command line: 50万, 1,200; no NaN
            value = (w.text().strip() or None) if typ is str else clean_value(CONTEXT_SPECS[fld], fld, w.text(), ("背景信息", "context"), text=True)
        except ValueError as exc:
            _warn(self, str(exc))
            self.refresh()
            return
        self._set(fld, value)

    def _set(self, fld: str, value: Any) -> None:
        old = self.doc.plan.context
        if getattr(old, fld) == value:
            return
        try:
            new = dataclasses.replace(old, **{fld: value})
        except (ValueError, TypeError) as exc:
            _warn(self, str(exc))
            self.refresh()
            return
        self.doc.push(SetContext(old, new))

    def _sign(self) -> None:
        old = self.doc.plan.signage
        text = self.sign.text().strip() or None
        if old.text != text:
            self.doc.push(SetSignage(old, dataclasses.replace(old, text=text)))

    def _tick_state(self, code: str, state: Any) -> None:
        value = {Qt.CheckState.Checked.value: True, Qt.CheckState.Unchecked.value: False}.get(
            state.value if hasattr(state, "value") else int(state))
        old = self.doc.plan.checklist.get(code)
        if old != value:
            self.doc.push(SetChecklist(code, old, value))
