"""The live check in two passes: quick after an edit, full when the plan is still."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geometry.commands import move
from planner.editor.checker import CheckRunner, quick_check, slow_codes
from standards.engine import check
from tests.planner.real_floor import floor_plan


def _key(report: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted((f.rule, f.status.value, f.object_ids) for f in report.findings)


def test_quick_then_full_on_a_real_floor(qtbot: Any, tmp_path: Path) -> None:
    plan: Any = floor_plan(tmp_path / "floor.dxf")
    runner = CheckRunner(delay_ms=10, refine_ms=50)
    phases: list[str] = []
    runner.reportReady.connect(lambda _r: phases.append(runner.phase))
    runner.request(plan)
    qtbot.waitUntil(lambda: phases[-2:] == ["quick", "full"], timeout=20000)
    first_full = runner.report
    assert _key(first_full) == _key(check(plan))
    slow = slow_codes()
    assert {"MAIN-AISLE", "REACH-COUNTERS", "EXIT-REACH", "EXTINGUISHER-REACH"} <= slow
    assert {f.rule for f in first_full.findings} & slow  # the floor does get circulation findings
    # an edit: the quick report comes first, with the circulation findings of the last full check
    phases.clear()
    moved = move(plan, ["c3"], 0.3, 0.0).do(plan)
    runner.request(moved)
    qtbot.waitUntil(lambda: phases[:1] == ["quick"], timeout=20000)
    quick = runner.report
    assert quick.plan is moved
    assert sorted(f.rule for f in quick.findings if f.rule in slow) == sorted(f.rule for f in first_full.findings if f.rule in slow)
    assert _key(quick_check(moved, None)) == sorted(k for k in _key(check(moved)) if k[0] not in slow)
    qtbot.waitUntil(lambda: phases[-1:] == ["full"], timeout=20000)
    assert runner.report.plan is moved and _key(runner.report) == _key(check(moved))


def test_edits_in_a_row_never_start_the_full_check(qtbot: Any, tmp_path: Path) -> None:
    plan: Any = floor_plan(tmp_path / "floor.dxf")
    runner = CheckRunner(delay_ms=10, refine_ms=3000)
    phases: list[str] = []
    runner.reportReady.connect(lambda _r: phases.append(runner.phase))
    for k in range(3):
        plan = move(plan, ["c1"], 0.1, 0.0).do(plan)
        runner.request(plan)
        qtbot.waitUntil(lambda n=k: len(phases) == n + 1, timeout=20000)
    assert phases == ["quick", "quick", "quick"] and runner.busy()  # the full check waits for a pause
