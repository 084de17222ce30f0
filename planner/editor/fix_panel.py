"""Guided fixes in the editor: the fixes of the chosen finding (standards.fixes), a ghost outline of
each on the canvas, and Apply as one undo step; the re-check that follows says whether the finding passes."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (QComboBox, QGraphicsPathItem, QGraphicsScene, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from planner.editor.canvas import geometry_path
from planner.editor.document import Document
from planner.editor.i18n_ui import t, ui_language
from planner.editor.worker import BackgroundRunner
from standards.engine import Report, check
from standards.finding import Finding, Status
from standards.fixes import Fix, fixes_for

Z_GHOST = 900.0  # above the plan, below the selection handles
GHOST = "#2e7d32"


def _match(report: Report, f: Finding) -> Finding | None:
    """The finding of ``report`` that is ``f`` (same rule and objects; the message too when it has no objects)."""
    same = [g for g in report.findings if g.rule == f.rule and g.object_ids == f.object_ids and g.status == f.status]
    if not f.object_ids:
        same = [g for g in same if g.message_en == f.message_en] or same
    return same[0] if same else None


class _Runner(BackgroundRunner):
    """The editor's one background mechanism (planner.editor.worker): the fixes are computed off the GUI
    thread, each candidate proved by a full check (about a second on a 500-counter hall)."""

    def __init__(self, done: Callable[[int, Any], None], parent: QObject) -> None:
        super().__init__(parent)
        self._done = done

    def _finished(self, gen: int, result: Any, seconds: float) -> None:
        self._done(gen, result)


def compute(finding: Finding, report: Report | None, plan: Any) -> tuple[Finding | None, list[Fix]]:
    """The finding on ``plan`` and its fixes (a fresh check when the report is not of this plan)."""
    packs = report.packs if report is not None else None
    fresh = report if report is not None and report.plan is plan else check(plan, packs=packs)
    target = _match(fresh, finding)
    return target, ([] if target is None else fixes_for(fresh, target))


class FixPanel(QWidget):
    """Below the findings: what the chosen fix does, what it costs, Apply / Cancel."""

    def __init__(self, doc: Document, scene: QGraphicsScene) -> None:
        super().__init__()
        self.setObjectName("fix_panel")
        self.doc, self.scene = doc, scene
        self.fixes: list[Fix] = []
        self.target: Finding | None = None
        self._ghost: list[QGraphicsPathItem] = []
        self._pending: Finding | None = None  # the finding of the fix just applied, until the live re-check reports on it
        self._plan: object = None  # the plan the fixes were computed on: an edit since makes them stale
        self._gen = 0  # the newest request; an older answer is dropped
        self.busy = False
        self._runner = _Runner(self._computed, self)
        doc.planChanged.connect(lambda _old, new: self.clear() if self.fixes and new is not self._plan else None)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.choice = QComboBox()
        self.choice.setObjectName("fix_choice")
        self.choice.currentIndexChanged.connect(lambda _i: self._show())
        self.cost = QLabel()
        self.cost.setWordWrap(True)
        self.cost.setStyleSheet("color: #b71c1c")
        self.result = QLabel()
        self.result.setObjectName("fix_result")
        self.result.setWordWrap(True)
        self.apply_button, self.cancel_button = QPushButton(), QPushButton()
        self.apply_button.setObjectName("fix_apply")
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        for w in (self.heading, self.choice, self.cost):
            lay.addWidget(w)
        lay.addLayout(buttons)
        lay.addWidget(self.result)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        self.apply_button.setText(t("应用修复", "Apply fix"))
        self.cancel_button.setText(t("取消", "Cancel"))
        if self.fixes:
            self._fill()

    # --- offering ---------------------------------------------------------------------------
    def offer(self, finding: Finding, report: Report | None) -> None:
        """Compute the fixes of ``finding`` on the current plan (in the background), then preview the first."""
        self.clear()
        self.result.setVisible(False)
        plan = self.doc.plan
        self._gen += 1
        self._plan = plan
        self.busy = True
        self._say(t("正在计算修复并复查…", "computing a fix and re-checking…"))
        self._runner.run_in_background(self._gen, lambda: compute(finding, report, plan), "hallplan-fixes")

    def _computed(self, gen: int, result: Any) -> None:
        if gen != self._gen:
            return  # a newer request (or an edit) came since
        self.busy = False
        if isinstance(result, Exception):
            self._say(t("修复计算出错:", "computing the fix failed: ") + f"{type(result).__name__}: {result}")
            return
        target, fixes = result
        if self.doc.plan is not self._plan:
            self._say(t("平面已改变,请重新选择“修复…”", "the plan changed meanwhile: press Fix… again"))
            return
        if target is None:  # the plan moved on: this finding no longer stands
            self._say(t("该项在当前平面上已不存在", "this finding no longer stands on the current plan"))
            return
        self.target, self.fixes = target, fixes
        if not fixes:
            self._say(t("未找到可行的修复:平面中没有足够空间,或修复无法通过复查",
                        "no fix found: no room on the plan, or none passes the re-check"))
            return
        self._fill()
        self.setVisible(True)

    def _fill(self) -> None:
        lang = ui_language()
        self.choice.blockSignals(True)
        self.choice.clear()
        for fx in self.fixes:
            self.choice.addItem(fx.title(lang))
        self.choice.blockSignals(False)
        self.choice.setVisible(len(self.fixes) > 1)
        self._show()

    def current(self) -> Fix | None:
        i = self.choice.currentIndex()
        return self.fixes[i] if 0 <= i < len(self.fixes) else None

    def _show(self) -> None:
        fx = self.current()
        if fx is None:
            return
        lang = ui_language()
        self.heading.setText(t("修复:", "Fix: ") + fx.title(lang))
        self.heading.setVisible(True)
        self.cost.setText(fx.cost_text(lang))
        self.cost.setVisible(bool(fx.costs))
        self.apply_button.setVisible(True)
        self.cancel_button.setVisible(True)
        self._preview(fx)

    def _preview(self, fx: Fix) -> None:
        """The ghost: the objects as the fix leaves them, dashed green over the plan."""
        self._drop_ghost()
        pen = QPen(QColor(GHOST), 2.0)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        fill = QColor(GHOST)
        fill.setAlpha(50)
        for g in getattr(fx.preview, "geoms", [fx.preview]):
            item = QGraphicsPathItem(geometry_path(g))
            item.setPen(pen)
            item.setBrush(QBrush(fill))
            item.setZValue(Z_GHOST)
            item.setData(0, "fix-ghost")
            self.scene.addItem(item)
            self._ghost.append(item)

    def ghost_items(self) -> list[QGraphicsPathItem]:
        return list(self._ghost)

    def _drop_ghost(self) -> None:
        for item in self._ghost:
            self.scene.removeItem(item)
        self._ghost = []

    def _say(self, text: str) -> None:
        self.heading.setText(text)
        self.heading.setVisible(True)
        self.setVisible(True)

    # --- applying ---------------------------------------------------------------------------
    def apply(self) -> None:
        """The fix as one undo step; the window's live check then re-checks the plan."""
        fx = self.current()
        if fx is None or self.target is None:
            return
        target = self.target
        self.clear()
        self.doc.push(fx.command)
        self.doc.select([o.id for o in fx.command.new])
        self._pending = target
        self._report_result(fx.after, target)

    def on_report(self, report: Report) -> None:
        """The live re-check after an applied fix: say whether the finding now passes."""
        if self._pending is not None and report.plan is self.doc.plan:
            self._report_result(report, self._pending)

    def _report_result(self, report: Report, target: Finding) -> None:
        bad = [g for g in report.findings if g.rule == target.rule and g.status in (Status.FAIL, Status.WARN)]
        still = [g for g in bad if set(g.object_ids) & set(target.object_ids)] if target.object_ids else \
            [g for g in bad if g.message_en == target.message_en]
        ok = not still
        lang = ui_language()
        self.result.setText(t(f"复查:{target.rule} 该项已符合", f"Re-check: {target.rule} now passes") if ok else
                            t(f"复查:{target.rule} 仍不符合:", f"Re-check: {target.rule} still fails: ") + still[0].message(lang))
        self.result.setStyleSheet("color: #2e7d32" if ok else "color: #b71c1c")
        self.result.setVisible(True)
        self.setVisible(True)

    def clear(self) -> None:
        self._gen += 1  # an answer still on its way is no longer wanted
        self.busy = False
        self._drop_ghost()
        self.fixes, self.target = [], None
        self.choice.clear()
        for w in (self.heading, self.choice, self.cost, self.apply_button, self.cancel_button):
            w.setVisible(False)
        self.setVisible(self.result.isVisible())
