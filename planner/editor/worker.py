"""Background work for the editor: run a function on a thread, hand its result back on the GUI thread.

No Python objects cross threads in signals: the worker appends ``(gen, result, seconds)`` to a list
and emits an empty signal; the GUI thread drains the list and calls ``_finished``.  An exception in
the work is returned as the result, never raised in the thread.

Python's cyclic garbage collector runs only on the GUI thread and only while no background work runs
(``GcPacer``): the checks spend most of their time in shapely with the GIL released, and a collection
that frees Qt wrappers or geometries at that moment, or one that a worker thread triggers and that
then deletes Qt objects off their thread, crashed the editor natively (about one full test run in
twenty).  This is the usual remedy for Qt applications with Python threads.
"""

from __future__ import annotations

import gc
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

_active = 0
_active_lock = threading.Lock()


@contextmanager
def background_work() -> Iterator[None]:
    """Count a piece of work running off the GUI thread (no garbage collection meanwhile)."""
    global _active
    with _active_lock:
        _active += 1
    try:
        yield
    finally:
        with _active_lock:
            _active -= 1


def background_active() -> int:
    """How many pieces of background work are running now."""
    return _active


class GcPacer(QObject):
    """Automatic garbage collection off; the GUI thread collects on a timer when no work runs."""

    INTERVAL_MS = 500

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self.collections = 0
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def tick(self) -> bool:
        """Collect the generations whose thresholds were passed, as the automatic collector would."""
        if background_active():
            return False
        counts, thresholds = gc.get_count(), gc.get_threshold()
        gen = -1
        for g in range(3):
            if thresholds[g] and counts[g] > thresholds[g]:
                gen = g
        if gen < 0:
            return False
        gc.collect(gen)
        self.collections += 1
        return True


_pacer: GcPacer | None = None


def install_gc_pacer() -> GcPacer | None:
    """Install the pacer once per application (no application yet: nothing to do)."""
    global _pacer
    app = QCoreApplication.instance()
    if app is None:
        return None
    try:
        current = _pacer is not None and _pacer.parent() is app
    except RuntimeError:  # the application that owned it is gone
        current = False
    if not current:
        _pacer = GcPacer(app)
    return _pacer


class BackgroundRunner(QObject):
    _ready = Signal()  # a worker finished; its result waits in _results

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        install_gc_pacer()
        self._results: list[tuple[int, Any, float]] = []
        self._ready.connect(self._collect)

    def run_in_background(self, gen: int, fn: Callable[[], Any], name: str) -> None:
        """Run ``fn`` on a daemon thread; ``_finished(gen, result or exception, seconds)`` follows."""

        def work() -> None:
            t0 = time.perf_counter()
            with background_work():
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
