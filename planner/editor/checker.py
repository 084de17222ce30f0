"""Live checking: re-run the rule packs after the plan changes, off the GUI thread.

Changes are debounced (a drag produces one check when it pauses), the check runs on a pool
thread, and a result that belongs to a plan that is no longer current is dropped.

Two passes keep the editor responsive on a real floor: a **quick** check right after an edit runs
every rule except the circulation and fire-reach analyses (tens of milliseconds) and keeps those
findings from the last full check; once the plan has been still for ``refine_ms`` the **full**
check runs and replaces them.  :attr:`CheckRunner.phase` says which one the last report was.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

import dataclasses

from geometry.i18n import HallPlanError
from geometry.model import Plan
from planner.editor.i18n_ui import ui_language
from planner.editor.worker import BackgroundRunner
from standards.engine import Report, check
from standards.registry import RULES

SLOW_MODULES = "standards.rules.circulation"  # circulation, accessibility and fire reach (grid analyses)


def slow_codes() -> frozenset[str]:
    """The rules that run the circulation analyses (left to the full check)."""
    return frozenset(code for code, fn in RULES.items() if getattr(fn, "__module__", "").startswith(SLOW_MODULES))


def quick_check(plan: Plan, previous: Report | None) -> Report:
    """Every rule but the slow ones; their findings are taken from ``previous`` (the last full check)."""
    from standards.engine import resolve_packs

    slow = slow_codes()
    codes = {code for pack in resolve_packs(plan.context.packs) for code in pack.rules}  # the plan's packs
    report = check(plan, only=codes - slow)
    if previous is None or [p.id for p in previous.packs] != [p.id for p in report.packs]:
        return report  # the last full check was against other packs: nothing of it is kept
    kept = [f for f in previous.findings if f.rule in slow]
    return dataclasses.replace(report, findings=report.findings + kept)


class CheckRunner(BackgroundRunner):
    reportReady = Signal(object)  # Report
    failed = Signal(str)

    def __init__(self, delay_ms: int = 150, parent: QObject | None = None, refine_ms: int = 400) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start)
        self._refine = QTimer(self)
        self._refine.setSingleShot(True)
        self._refine.setInterval(refine_ms)
        self._refine.timeout.connect(self._start_full)
        self._pending: Plan | None = None
        self._generation = 0
        self._running = False
        self._phase_running = "quick"
        self.report: Report | None = None
        self.full_report: Report | None = None  # the last report with every rule run on its own plan
        self.last_seconds = 0.0
        self.phase = "full"  # of the last report: "quick" (circulation from the last full check) or "full"

    def request(self, plan: Plan) -> None:
        """Check ``plan`` soon (restarts the debounce timer); the full check follows when it is still."""
        self._pending = plan
        self._generation += 1
        self._refine.stop()
        self._timer.start()

    def check_now(self, plan: Plan) -> Report:
        """Synchronous full check (exports, tests) against the plan's packs; raises PackError when they cannot be read."""
        self.report = self.full_report = check(plan)
        return self.report

    def busy(self) -> bool:
        return self._running or self._timer.isActive() or self._refine.isActive()

    def _start(self, full: bool = False) -> None:
        if self._running:  # one at a time; the finished handler starts the next
            return
        plan, gen = self._pending, self._generation
        if plan is None:
            return
        self._running = True
        previous = self.full_report
        self._phase_running = "full" if full else "quick"
        if self._phase_running == "full":
            self.run_in_background(gen, lambda: check(plan), "hallplan-check")
        else:
            self.run_in_background(gen, lambda: quick_check(plan, previous), "hallplan-quick-check")

    def _start_full(self) -> None:
        self._start(full=True)

    def _finished(self, gen: int, result: Any, seconds: float) -> None:
        self._running = False
        phase = self._phase_running
        if gen != self._generation:  # the plan changed meanwhile: check the newest one
            self._timer.start(0)
            return
        self.last_seconds = seconds
        if isinstance(result, HallPlanError):  # e.g. the plan's pack cannot be found: said, never replaced
            self.failed.emit(result.text(ui_language()))
            return
        if isinstance(result, Exception):
            self.failed.emit(f"{type(result).__name__}: {result}")
            return
        self.report = result
        self.phase = phase
        if phase == "full":
            self.full_report = result
        else:
            self._refine.start()  # the full check when the plan has been still a moment
        self.reportReady.emit(result)
