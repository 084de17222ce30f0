"""The editor's proposal view: layouts for the hall, side by side with their scores; choosing one is
one undoable step, and everything it places stays editable like anything drawn.

The proposals are worked out in the background (:class:`planner.worker.BackgroundRunner`, the
editor's one mechanism) by :func:`standards.layout.propose`; each is drawn with the editor's own
renderer (:class:`planner.canvas.QtBackend` over :func:`planner.render.render_plan`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QDialog, QFrame, QGraphicsScene, QGraphicsView, QHBoxLayout, QLabel, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from geometry.commands import ReplaceObjects
from geometry.i18n import HallPlanError
from geometry.model import Plan
from planner.editor.canvas import QtBackend
from planner.editor.document import Document
from planner.editor.i18n_ui import t, ui_language
from planner.render import render_plan
from planner.editor.worker import BackgroundRunner
from standards.layout import Answer, Proposal, propose
from standards.layout.build import KEPT_KINDS
from standards.layout.needs import counters_basis

PREVIEW_W, PREVIEW_H = 320, 240


def proposal_command(plan: Plan, proposal: Proposal) -> ReplaceObjects:
    """The one edit that puts ``proposal`` in place of ``plan``'s contents (its hall, building,
    entrances, obstacles, ramps and parking stay)."""
    old = tuple(o for o in plan.objects if o.KIND not in KEPT_KINDS)
    kept = {o.id for o in plan.objects if o.KIND in KEPT_KINDS}
    new = tuple(o for o in proposal.plan.objects if o.id not in kept)
    return ReplaceObjects.of(plan, old, new, f"采用布置方案:{proposal.name('zh')}", f"Apply layout proposal: {proposal.name('en')}")


class _Runner(BackgroundRunner):
    def __init__(self, dialog: "LayoutDialog") -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def _finished(self, gen: int, result: Any, seconds: float) -> None:
        self.dialog.finished_work(gen, result, seconds)


class PlanPreview(QGraphicsView):
    """A small, still picture of a plan, drawn as the canvas draws it."""

    def __init__(self, plan: Plan, parent: QWidget | None = None) -> None:
        self._scene = QGraphicsScene()
        super().__init__(self._scene, parent)
        self.setFixedSize(PREVIEW_W, PREVIEW_H)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # the layout itself: the facility markers (drawn at screen size) would bury it at this scale
        shown = tuple(o for o in plan.objects if o.KIND not in ("building", "parking", "facility"))
        render_plan(Plan(objects=shown), QtBackend(self._scene), labels=False, lang=ui_language())
        b = plan.hall.bounds if plan.hall is not None else (0.0, 0.0, 10.0, 10.0)
        w, h = max(b[2] - b[0], 1.0), max(b[3] - b[1], 1.0)
        k = min((PREVIEW_W - 16) / w, (PREVIEW_H - 16) / h)
        self.scale(k, -k)  # y up, as on the canvas
        self.centerOn((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)


class ProposalCard(QFrame):
    chosen = Signal(int)

    def __init__(self, rank: int, p: Proposal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"proposal_{p.alternative}")
        lay = QVBoxLayout(self)
        lay.addWidget(PlanPreview(p.plan, self))
        self.title = QLabel(t(f"{rank}. {p.name('zh')} — 得分 {p.score:.1f}", f"{rank}. {p.name('en')} — score {p.score:.1f}"))
        f = self.title.font()
        f.setBold(True)
        self.title.setFont(f)
        lay.addWidget(self.title)
        walk = "—" if p.walk_m is None else f"{p.walk_m:.1f} m"
        vis = "—" if p.visible is None else f"{p.visible * 100:.0f}%"
        fails = t(f"不合格 {len(p.fails)} 项", f"{len(p.fails)} failures") if p.fails else t("无不合格项", "no failures")
        self.details = QLabel(t(f"{fails}\n入口至窗口平均步行 {walk}\n等候区可见窗口 {vis}\n每百平方米 {p.density:.2f} 个窗口",
                                f"{fails}\nmean walk entrance → windows {walk}\nwindows seen from waiting {vis}\n{p.density:.2f} windows per 100 m²"))
        self.details.setStyleSheet("color: #b00000;" if p.fails else "")
        lay.addWidget(self.details)
        self.button = QPushButton(t("采用此方案", "Use this layout"))
        self.button.setObjectName(f"use_{p.alternative}")
        self.button.clicked.connect(lambda: self.chosen.emit(rank - 1))
        lay.addWidget(self.button)


class LayoutDialog(QDialog):
    """Proposals for the document's hall; :attr:`answer` holds the last ones."""

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layout_dialog")
        self.doc = doc
        self.answer: Answer | None = None
        self.made_from: Plan | None = None
        self.gen = 0
        self.runner = _Runner(self)
        self.setWindowTitle(t("布置方案", "Layout proposals"))
        top = QHBoxLayout()
        self.counters = QSpinBox()
        self.counters.setRange(0, 1000)
        self.counters.setSpecialValueText(t("按规则包", "from the pack"))
        self.counters.setMinimumWidth(120)
        self.alternatives = QSpinBox()
        self.alternatives.setRange(1, 3)
        self.alternatives.setValue(3)
        self.go = QPushButton(t("生成方案", "Propose"))
        self.go.clicked.connect(self.start)
        for w in (QLabel(t("服务窗口数:", "Windows:")), self.counters, QLabel(t("方案数:", "Alternatives:")), self.alternatives, self.go):
            top.addWidget(w)
        top.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.cards_box = QHBoxLayout()
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addLayout(self.cards_box)
        lay.addWidget(self.reasons)
        self.cards: list[ProposalCard] = []

    def start(self) -> None:
        """Work the proposals out in the background for the plan as it is now."""
        plan = self.doc.plan
        n, alts = self.counters.value() or None, self.alternatives.value()
        self.gen += 1
        self.made_from = plan
        self.go.setEnabled(False)
        self.status.setText(t("正在生成方案…", "Working out the proposals…"))
        self.runner.run_in_background(self.gen, lambda: propose(plan, alternatives=alts, counters=n), "layout-proposals")

    def finished_work(self, gen: int, result: Any, seconds: float) -> None:
        if gen != self.gen:
            return
        self.go.setEnabled(True)
        if isinstance(result, HallPlanError):
            self.status.setText(t("无法生成方案:", "No proposal: ") + result.text(ui_language()))
            return
        if isinstance(result, Exception):
            self.status.setText(t("生成方案出错:", "Proposals failed: ") + f"{type(result).__name__}: {result}")
            return
        assert isinstance(result, Answer)
        self.show_answer(result, seconds)

    def show_answer(self, answer: Answer, seconds: float) -> None:
        self.answer = answer
        for c in self.cards:
            self.cards_box.removeWidget(c)
            c.deleteLater()
        self.cards = []
        for rank, p in enumerate(answer.proposals, start=1):
            card = ProposalCard(rank, p, self)
            card.chosen.connect(self.choose)
            self.cards_box.addWidget(card)
            card.show()  # now: a layout shows a widget added to a visible parent only at the next event loop turn
            self.cards.append(card)
        n = answer.needs
        zh, en = counters_basis(n)
        self.status.setText(t(f"{len(answer.proposals)} 个方案,按合规与得分排序({seconds:.1f} s);每个方案布置 {n.counters} 个服务窗口({zh})",
                              f"{len(answer.proposals)} proposals, ranked by compliance and score ({seconds:.1f} s); {n.counters} windows each ({en})"))
        lines: list[str] = []
        if answer.cannot:
            lines.append(t("此轮廓无法布置出完全合规的方案:", "This outline cannot hold a compliant layout:"))
            lines += ["  • " + t(zh, en) for zh, en in answer.reasons]
        if answer.other_fails:
            lines.append(t("与布置无关的不合格项:", "Failures no layout can change:"))
            lines += ["  • " + f.message(ui_language()) for f in answer.other_fails]
        self.reasons.setText("\n".join(lines))
        lay = self.layout()
        assert lay is not None  # made in __init__
        lay.activate()  # the new cards' size now, not at the next event loop turn
        self.resize(lay.sizeHint().expandedTo(self.size()))

    def choose(self, index: int) -> None:
        """Put proposal ``index`` in place of the plan's contents: one undo step."""
        if self.answer is None:
            return
        if self.doc.plan is not self.made_from:
            self.status.setText(t("平面已改动,请重新生成方案", "The plan has changed since: propose again"))
            return
        self.doc.push(proposal_command(self.doc.plan, self.answer.proposals[index]))
        self.accept()


def open_layout_dialog(window: Any) -> LayoutDialog:
    """Menu entry: the proposal view for the window's document, started at once (non-modal)."""
    dlg = LayoutDialog(window.doc, window)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dlg.show()
    if window.doc.plan.hall is None:
        dlg.status.setText(t("请先绘制或标记服务大厅边界", "Draw or tag the service hall boundary first"))
    else:
        dlg.start()
    return dlg
