"""Background work for the editor: run a function on a thread, hand its result back on the GUI thread.

No Python objects cross threads in signals: the worker appends ``(gen, result, seconds)`` to a list
and emits an empty signal; the GUI thread drains the list and calls ``_finished``.  An exception in
the work is returned as the result, never raised in the thread.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal


class BackgroundRunner(QObject):
    _ready = Signal()  # a worker finished; its result waits in _results

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[tuple[int, Any, float]] = []
        self._ready.connect(self._collect)

    def run_in_background(self, gen: int, fn: Callable[[], Any], name: str) -> None:
        """Run ``fn`` on a daemon thread; ``_finished(gen, result or exception, seconds)`` follows."""

        def work() -> None:
            t0 = time.perf_counter()
            try:
                result: Any = fn()
            except Exception as exc:  # reported to the window, never raised in the thread
                result = exc
            self._results.append((gen, result, time.perf_counter() - t0))
            try:
                self._ready.emit()
            except RuntimeError:  # the window closed while this ran
                pass

        threading.Thread(target=work, daemon=True, name=name).start()

    def _collect(self) -> None:
        while self._results:
            self._finished(*self._results.pop(0))

    def _finished(self, gen: int, result: Any, seconds: float) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
