"""Live checking: re-run the rule packs after the plan changes, off the GUI thread.

Changes are debounced (a drag produces one check when it pauses), the check runs on a pool
thread, and a result that belongs to a plan that is no longer current is dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from geometry.model import Plan
from planner.worker import BackgroundRunner
from standards.engine import Report, check


class CheckRunner(BackgroundRunner):
    reportReady = Signal(object)  # Report
    failed = Signal(str)

    def __init__(self, delay_ms: int = 150, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start)
        self._pending: Plan | None = None
        self._generation = 0
        self._running = False
        self.report: Report | None = None
        self.last_seconds = 0.0

    def request(self, plan: Plan) -> None:
        """Check ``plan`` soon (restarts the debounce timer)."""
        self._pending = plan
        self._generation += 1
        self._timer.start()

    def check_now(self, plan: Plan) -> Report:
        """Synchronous check (exports, tests)."""
        self.report = check(plan)
        return self.report

    def busy(self) -> bool:
        return self._running or self._timer.isActive()

    def _start(self) -> None:
        if self._running:  # one at a time; the finished handler starts the next
            return
        plan, gen = self._pending, self._generation
        if plan is None:
            return
        self._running = True
        self.run_in_background(gen, lambda: check(plan), "hallplan-check")

    def _finished(self, gen: int, result: Any, seconds: float) -> None:
        self._running = False
        self.last_seconds = seconds
        if gen != self._generation:  # the plan changed meanwhile: check the newest one
            self._timer.start(0)
            return
        if isinstance(result, Exception):
            self.failed.emit(f"{type(result).__name__}: {result}")
            return
        self.report = result
        self.reportReady.emit(result)
