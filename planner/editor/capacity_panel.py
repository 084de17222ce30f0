"""The service-capacity panel: daily visitors and service time (into the plan's context, undoable),
the analysis' summary, and its chart (planner.report.capacity_chart, drawn once per changed result)."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from geometry.commands import SetContext
from geometry.validate import CONTEXT_SPECS, clean_value
from planner.editor.document import Document
from planner.editor.i18n_ui import t, ui_language
from standards.engine import Report


class CapacityPanel(QWidget):
    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.doc = doc
        self.visitors, self.minutes = QLineEdit(), QLineEdit()
        self.visitors.setObjectName("ctx_daily_visitors")
        self.minutes.setObjectName("ctx_service_minutes")
        self.visitors.editingFinished.connect(lambda: self._set(self.visitors, "daily_visitors"))
        self.minutes.editingFinished.connect(lambda: self._set(self.minutes, "service_minutes"))
        self.form = QFormLayout()
        self.l_visitors, self.l_minutes = QLabel(), QLabel()
        self.form.addRow(self.l_visitors, self.visitors)
        self.form.addRow(self.l_minutes, self.minutes)
        self.summary = QLabel()
        self.summary.setObjectName("capacity_summary")
        self.summary.setWordWrap(True)
        self.chart = QLabel()
        self.chart.setObjectName("capacity_chart")
        self.chart.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addLayout(self.form)
        lay.addWidget(self.summary)
        lay.addWidget(self.chart, 1)
        self.report: Report | None = None
        self._drawn: tuple[Any, ...] | None = None
        doc.planChanged.connect(lambda old, new: self._fields() if old.context is not new.context else None)
        self.retranslate()

    def retranslate(self) -> None:
        self.l_visitors.setText(t("日均办事人次", "Visitors a day"))
        self.l_minutes.setText(t("窗口平均办理时间(分钟)", "Service time per visitor (min)"))
        self.minutes.setPlaceholderText(t("不填:按规则包假定", "empty: the pack's assumption"))
        self._fields()
        if self.report is not None:
            self._drawn = None
            self.set_report(self.report)

    def _fields(self) -> None:
        ctx = self.doc.plan.context
        self.visitors.setText("" if ctx.daily_visitors is None else str(ctx.daily_visitors))
        self.minutes.setText("" if ctx.service_minutes is None else f"{ctx.service_minutes:g}")

    def _set(self, w: QLineEdit, field: str) -> None:
        try:  # the shared validator (geometry.validate): 1,200 / 1200; no NaN, no negatives
            value = clean_value(CONTEXT_SPECS[field], field, w.text(), ("背景信息", "context"), text=True)
        except ValueError as exc:
            QMessageBox.warning(self, "HallPlan", str(exc))
            self._fields()
            return
        old = self.doc.plan.context
        if getattr(old, field) != value:
            self.doc.push(SetContext(old, dataclasses.replace(old, **{field: value})))

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self.report is not None and self._drawn is None:
            self.set_report(self.report)

    def set_report(self, report: Report) -> None:
        """Show the analysis of ``report``; the chart is drawn again only when the result or language changed."""
        self.report = report
        cap = report.measures.get("capacity") or {}
        lang = ui_language()
        self.summary.setText(cap.get("summary", {}).get(lang, ""))
        key = (repr(cap), lang)
        if key == self._drawn:
            return
        self._drawn = key
        if cap.get("missing") or not cap.get("zones"):
            self.chart.clear()
            return
        if not self.isVisible():  # drawn when the panel is shown (a chart per edit costs the editor its pace)
            self._drawn = None
            return
        from planner.fonts import matplotlib_family
        from planner.report.capacity_chart import capacity_figure

        family = matplotlib_family()  # the PDF's chart face (None: English labels, no empty boxes)
        fig = capacity_figure(cap, lang, family, (6.0, 3.6))
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110)
        pm = QPixmap()
        pm.loadFromData(buf.getvalue(), "PNG")
        self.chart.setPixmap(pm)
