"""The findings panel (grouped by clause, filterable, counts by status) and the gauges."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSizePolicy, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from planner.editor.i18n_ui import t, ui_language
from planner.render import STATUS_COLORS
from standards.bands import percent, percent_band
from standards.engine import Report
from standards.finding import STATUS_ORDER, STATUS_TEXT, Finding, Status
from standards.fixes import has_fixer

FILTERS = ("all", "fail", "problems", "unknown")


def status_icon(status: str, size: int = 12) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(STATUS_COLORS.get(status, "#888888")))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pm)


def _measured(f: Finding) -> str:
    return "" if f.measured is None else f.measured_text()


class FindingsPanel(QWidget):
    findingActivated = Signal(object)  # Finding
    fixRequested = Signal(object)  # Finding: compute and preview its fixes (planner.editor.fix_panel)

    def __init__(self) -> None:
        super().__init__()
        self.report: Report | None = None
        self.filter = QComboBox()
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.plan_wide = QLabel()  # the one badge for findings about the whole plan (none on the canvas)
        self.plan_wide.setObjectName("plan_wide_badge")
        self.plan_wide.setWordWrap(True)
        self.plan_wide.setVisible(False)
        self._plan_wide: list[Finding] = []
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.tree.setMinimumWidth(380)
        self.tree.header().setStretchLastSection(False)
        hdr = self.tree.header()
        hdr.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 140), (2, 72), (3, 96)):  # the rule column holds "CODE · 修复" for a finding with a fix
            hdr.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(col, width)
        hdr.setMinimumSectionSize(40)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.filter.currentIndexChanged.connect(lambda _i: self._fill())
        top = QHBoxLayout()
        self.filter_label = QLabel()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter, 1)
        self.fix_button = QPushButton()  # "修复…" on a failing finding whose fix is computed (standards.fixes)
        self.fix_button.setObjectName("fix_button")
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(self._fix)
        self.tree.currentItemChanged.connect(lambda item, _prev: self.fix_button.setEnabled(self._fixable(item)))
        top.addWidget(self.fix_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.counts)
        lay.addWidget(self.plan_wide)
        lay.addWidget(self.tree, 1)
        self.retranslate()

    def retranslate(self) -> None:
        i = max(self.filter.currentIndex(), 0)
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItems([t("全部", "All"), t("仅不符合", "Failures only"), t("不符合与提示", "Failures and warnings"),
                              t("待确认", "To confirm")])
        self.filter.setCurrentIndex(i)
        self.filter.blockSignals(False)
        self.filter_label.setText(t("显示:", "Show:"))
        self.fix_button.setText(t("修复…", "Fix…"))
        self.fix_button.setToolTip(t("计算并预览所选结论的修复(经复查验证)", "compute and preview a fix of the chosen finding (proved by re-checking)"))
        self.tree.setHeaderLabels([t("条款 / 结论", "Clause / verdict"), t("规则", "Rule"), t("实测", "Measured"), t("要求", "Required")])
        if hasattr(self, "_plan_wide"):
            self.set_plan_wide(self._plan_wide)
        self._fill()

    def set_plan_wide(self, findings: list[Finding]) -> None:
        """Show findings about the whole plan as one badge above the list, their messages in its tooltip."""
        from planner.editor.badges import tooltip

        self._plan_wide = list(findings)
        self.plan_wide.setVisible(bool(findings))
        if not findings:
            return
        lang = ui_language()
        i = 1 if lang == "en" else 0
        worst = min(findings, key=lambda f: STATUS_ORDER[f.status]).status
        c = {s: sum(1 for f in findings if f.status == s) for s in Status}
        parts = [f"{STATUS_TEXT[s][i]} {n}" for s, n in sorted(c.items(), key=lambda kv: STATUS_ORDER[kv[0]]) if n]
        colour = STATUS_COLORS.get(worst.value, "#888888")
        self.plan_wide.setText(f'<span style="color:{colour}; font-size:14px">●</span> '
                               + t("全平面:", "Whole plan: ") + ", ".join(parts))
        self.plan_wide.setToolTip("\n\n".join(tooltip(f, lang) for f in findings))

    def set_filter(self, name: str) -> None:
        self.filter.setCurrentIndex(FILTERS.index(name))

    def set_report(self, report: Report) -> None:
        self.report = report
        self._fill()

    def _wanted(self, f: Finding) -> bool:
        mode = FILTERS[max(self.filter.currentIndex(), 0)]
        if mode == "fail":
            return f.status == Status.FAIL
        if mode == "problems":
            return f.status in (Status.FAIL, Status.WARN)
        if mode == "unknown":
            return f.status == Status.UNKNOWN
        return True

    def visible_findings(self) -> list[Finding]:
        if self.report is None:
            return []
        return [f for f in self.report.sorted_findings() if self._wanted(f)]

    def _fill(self) -> None:
        # a re-check after every edit must not fold the tree or jump to the top: keep what the user opened
        tops = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        expanded = {item.data(0, Qt.ItemDataRole.UserRole): item.isExpanded() for item in tops if item is not None}
        scroll = self.tree.verticalScrollBar().value()
        self.tree.clear()
        if self.report is None:
            self.counts.setText(t("尚未检查", "Not checked yet"))
            return
        lang = ui_language()
        i = 1 if lang == "en" else 0
        c = self.report.counts()
        self.counts.setText("  ·  ".join(f"{STATUS_TEXT[s][i]} {c[s.value]}" for s in sorted(Status, key=STATUS_ORDER.__getitem__)))
        groups: dict[str, list[Finding]] = {}
        for f in self.visible_findings():
            groups.setdefault(f.clause or "—", []).append(f)
        for clause, fs in groups.items():
            worst = min(fs, key=lambda f: STATUS_ORDER[f.status]).status
            top = QTreeWidgetItem([f"{clause}  ({len(fs)})"])
            top.setData(0, Qt.ItemDataRole.UserRole, clause)
            top.setIcon(0, status_icon(worst.value))
            self.tree.addTopLevelItem(top)
            for f in fs:
                fixable = has_fixer(f)
                rule_text = f"{f.rule} · {t('修复', 'Fix')}" if fixable else f.rule
                item = QTreeWidgetItem([f.message(lang), rule_text, _measured(f), f.required_text(lang) or ""])
                item.setIcon(0, status_icon(f.status.value))
                tip = f"{STATUS_TEXT[f.status][i]}: {f.message(lang)}"
                if f.required:
                    tip += "\n" + t("要求:", "required: ") + (f.required_text(lang) or "")
                if fixable:
                    tip += "\n" + t("可修复:选中后点“修复…”", "a fix can be computed: choose it and press Fix…")
                for col in range(4):
                    item.setToolTip(col, tip)
                item.setData(0, Qt.ItemDataRole.UserRole, f)
                top.addChild(item)
            default = worst in (Status.FAIL, Status.WARN) or len(groups) < 12
            top.setExpanded(expanded.get(clause, default))
        self.tree.verticalScrollBar().setValue(scroll)

    def _fixable(self, item: QTreeWidgetItem | None) -> bool:
        f = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return isinstance(f, Finding) and has_fixer(f)

    def _fix(self) -> None:
        item = self.tree.currentItem()
        if item is not None and self._fixable(item):
            self.fixRequested.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def _clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        f = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(f, Finding):
            self.findingActivated.emit(f)


class Gauge(QWidget):
    """A horizontal band gauge: coloured segments, a marker for the measured value."""

    def __init__(self) -> None:
        super().__init__()
        self.segments: list[tuple[float, float, str, str]] = []  # (from, to, colour, label)
        self.value: float | None = None
        self.setMinimumHeight(34)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set(self, segments: list[tuple[float, float, str, str]], value: float | None) -> None:
        self.segments, self.value = segments, value
        self.update()

    def paintEvent(self, _e: Any) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width() - 8, 16
        if not self.segments:
            p.setPen(QColor("#999999"))
            p.drawRect(QRectF(4, 4, w, h))
            return
        lo, hi = self.segments[0][0], self.segments[-1][1]
        span = max(hi - lo, 1e-9)
        f = p.font()
        f.setPixelSize(10)
        p.setFont(f)
        for a, b, colour, label in self.segments:
            x0, x1 = 4 + w * (a - lo) / span, 4 + w * (b - lo) / span
            p.fillRect(QRectF(x0, 4, x1 - x0, h), QColor(colour))
            p.setPen(QColor("#222222"))
            p.drawText(QRectF(x0, 4, x1 - x0, h), Qt.AlignmentFlag.AlignCenter, label)
        if self.value is not None:
            x = 4 + w * (min(max(self.value, lo), hi) - lo) / span
            p.setPen(QColor("#000000"))
            p.setBrush(QColor("#000000"))
            p.drawRect(QRectF(x - 1.5, 1, 3, h + 6))


class GaugePanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.area_title, self.area_gauge, self.area_text = QLabel(), Gauge(), QLabel()
        self.park_title, self.park_gauge, self.park_text = QLabel(), Gauge(), QLabel()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        for wdg in (self.area_title, self.area_gauge, self.area_text, self.park_title, self.park_gauge, self.park_text):
            lay.addWidget(wdg)
        for lbl in (self.area_text, self.park_text):
            lbl.setWordWrap(True)
        lay.addStretch(1)
        self.report: Report | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.area_title.setText("<b>" + t("服务大厅面积(等级)", "Hall area (grade bands)") + "</b>")
        self._park_title()
        if self.report is not None:
            self.set_report(self.report)

    def _park_title(self) -> None:
        """The parking gauge's title quotes the pack's band, read from the PARKING finding."""
        band = percent_band(self.report.measures.get("parking_band")) if self.report is not None else None
        self.park_title.setText("<b>" + (t(f"停车坪占建筑面积比例({band})", f"Parking / building area ({band})") if band
                                         else t("停车坪占建筑面积比例", "Parking / building area")) + "</b>")

    def set_report(self, report: Report) -> None:
        self.report = report
        self._park_title()
        self._area(report)
        self._parking(report)

    def _finding(self, report: Report, rule: str) -> Finding | None:
        return next((f for f in report.findings if f.rule == rule), None)

    def _area(self, r: Report) -> None:
        area = r.measures.get("hall_area_m2")
        bands = r.measures.get("area_bands")  # the AREA rule's bands, carried by its finding
        f = self._finding(r, "AREA")
        if not bands or area is None:
            self.area_gauge.set([], None)
            self.area_text.setText(f.message(ui_language()) if f is not None else t("无数据", "no data"))
            return
        g1, g2 = float(bands["grade1"]), float(bands["grade2"])
        top = max(g1 * 1.3, area * 1.1)
        self.area_gauge.set([(0, g2, "#f4b6b6", t("未达标", "below")), (g2, g1, "#ffe08a", t("二级", "grade 2")),
                             (g1, top, "#b7e1b0", t("一级", "grade 1"))], area)
        if area >= g1:
            msg = t(f"{area:.0f} m²:一级(≥ {g1:g} m²)", f"{area:.0f} m²: grade 1 (≥ {g1:g} m²)")
        elif area >= g2:
            msg = t(f"{area:.0f} m²:二级;达到一级还需增加 {g1 - area:.0f} m²", f"{area:.0f} m²: grade 2; add {g1 - area:.0f} m² for grade 1")
        else:
            msg = t(f"{area:.0f} m²:未达标;达到二级还需增加 {g2 - area:.0f} m²", f"{area:.0f} m²: below standard; add {g2 - area:.0f} m² for grade 2")
        self.area_text.setText(msg)

    def _parking(self, r: Report) -> None:
        ratio, ba, pa = r.measures.get("parking_ratio"), r.measures.get("building_area_m2"), r.measures.get("parking_area_m2")
        band = r.measures.get("parking_band")  # the PARKING rule's band, carried by its finding
        f = self._finding(r, "PARKING")
        if ratio is None or not ba or pa is None or not band:
            self.park_gauge.set([], None)
            self.park_text.setText(f.message(ui_language()) if f is not None else t("无数据", "no data"))
            return
        lo, hi = float(band["min"]), float(band["max"])
        top = max(hi * 1.5, ratio * 1.1)
        self.park_gauge.set([(0, lo, "#f4b6b6", f"<{percent(lo)}"), (lo, hi, "#b7e1b0", percent_band(band) or ""),
                             (hi, top, "#ffe08a", f">{percent(hi)}")], ratio)
        if ratio < lo:
            msg = t(f"{ratio:.1%}(停车 {pa:.0f} / 建筑 {ba:.0f} m²):需增加 {lo * ba - pa:.0f} m²",
                    f"{ratio:.1%} (parking {pa:.0f} / building {ba:.0f} m²): add {lo * ba - pa:.0f} m²")
        elif ratio > hi:
            msg = t(f"{ratio:.1%}(停车 {pa:.0f} / 建筑 {ba:.0f} m²):超出上限,可减少 {pa - hi * ba:.0f} m²",
                    f"{ratio:.1%} (parking {pa:.0f} / building {ba:.0f} m²): above the band, remove {pa - hi * ba:.0f} m²")
        else:
            msg = t(f"{ratio:.1%}:在范围内(还可增加 {hi * ba - pa:.0f} m²,或减少 {pa - lo * ba:.0f} m²)",
                    f"{ratio:.1%}: within the band (room to add {hi * ba - pa:.0f} m² or remove {pa - lo * ba:.0f} m²)")
        self.park_text.setText(msg)
