"""Garbage collection in the editor runs on the GUI thread only, never while background work runs."""

from __future__ import annotations

import gc
import threading

from planner.editor.worker import BackgroundRunner, background_active, background_work, install_gc_pacer


class _Runner(BackgroundRunner):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []

    def _finished(self, gen: int, result: object, seconds: float) -> None:
        self.results.append(result)


def _make_garbage(n: int = 3000) -> None:
    for _ in range(n):
        a: list[object] = []
        a.append(a)  # a cycle only the cyclic collector frees


def test_pacer_owns_collection_and_waits_for_workers(qtbot) -> None:
    # work an earlier test's window started (a live check) may still be finishing
    qtbot.waitUntil(lambda: background_active() == 0, timeout=20000)
    runner = _Runner()
    pacer = install_gc_pacer()
    assert pacer is not None and install_gc_pacer() is pacer  # one per application
    assert not gc.isenabled()  # no automatic collection, which could start on a worker thread

    release = threading.Event()
    started = threading.Event()

    def slow() -> str:
        started.set()
        release.wait(10)
        return "done"

    runner.run_in_background(1, slow, "test-slow")
    assert started.wait(5)
    assert background_active() == 1
    _make_garbage()
    assert not pacer.tick()  # work is running: no collection now
    release.set()
    qtbot.waitUntil(lambda: runner.results == ["done"], timeout=5000)
    assert background_active() == 0

    _make_garbage()
    before = gc.get_count()[0]
    assert pacer.tick()  # nothing running: the GUI thread collects
    assert gc.get_count()[0] < before


def test_background_work_counts_even_on_error() -> None:
    try:
        with background_work():
            assert background_active() == 1
            raise ValueError("boom")
    except ValueError:
        pass
    assert background_active() == 0
