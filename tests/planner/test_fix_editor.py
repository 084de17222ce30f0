"""The editor's guided fixes and capacity panel, on the real window offscreen: a fix is previewed as
a ghost on the canvas, applied as one undo step, and the re-check shows the finding pass."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from geometry.synthetic import sample_plan
from standards.finding import Finding, Status


def _item(w: Any, rule: str) -> Any:
    tree = w.findings.tree
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            f = top.child(j).data(0, Qt.ItemDataRole.UserRole)
            if isinstance(f, Finding) and f.rule == rule and f.status != Status.PASS:
                return top.child(j)
    return None


def _status(w: Any, rule: str) -> list[Status]:
    return [f.status for f in w.report.findings if f.rule == rule]


def test_fix_preview_apply_undo(qtbot: Any, window: Any) -> None:
    w = window
    plan = sample_plan("county", compliant=False)
    w.doc.reset(plan)
    qtbot.waitUntil(lambda: w.report is not None and w.report.plan is w.doc.plan and _item(w, "WAITING") is not None, timeout=15000)
    item = _item(w, "WAITING")
    assert item.text(1) == "WAITING · 修复"
    name = _item(w, "NAME")
    w.findings.tree.setCurrentItem(name)
    assert not w.findings.fix_button.isEnabled()  # a name is not a fix of placement
    w.findings.tree.setCurrentItem(item)
    assert w.findings.fix_button.isEnabled() and w.findings.fix_button.text() == "修复…"
    qtbot.mouseClick(w.findings.fix_button, Qt.MouseButton.LeftButton)
    assert w.fixes.busy and w.fixes.heading.text() == "正在计算修复并复查…"  # computed in the background
    qtbot.waitUntil(lambda: bool(w.fixes.fixes), timeout=15000)
    fixes = w.fixes.fixes
    assert fixes and w.fixes.heading.text().startswith("修复:在空闲地面添加")
    ghosts = w.fixes.ghost_items()
    assert ghosts and all(g.scene() is w.scene for g in ghosts)
    assert ghosts[0].path().boundingRect().width() > 5  # the new waiting area's outline, in metres
    steps = w.doc.stack.count()
    qtbot.mouseClick(w.fixes.apply_button, Qt.MouseButton.LeftButton)
    assert w.doc.stack.count() == steps + 1  # one undo step
    assert not w.fixes.ghost_items() and not any(i.data(0) == "fix-ghost" for i in w.scene.items())
    assert len(w.doc.plan.zones_of("waiting")) == 1
    qtbot.waitUntil(lambda: w.report.plan is w.doc.plan and w.checker.phase != "quick", timeout=15000)
    assert _status(w, "WAITING") == [Status.PASS, Status.PASS]
    assert w.fixes.result.text() == "复查:WAITING 该项已符合"
    w.doc.stack.undo()
    assert w.doc.plan == plan


def test_cancel_drops_the_ghost(qtbot: Any, window: Any) -> None:
    w = window
    w.doc.reset(sample_plan("park", compliant=False))
    qtbot.waitUntil(lambda: w.report is not None and w.report.plan is w.doc.plan and _item(w, "SPECIAL-ACCESS") is not None,
                    timeout=15000)
    w.findings.tree.setCurrentItem(_item(w, "SPECIAL-ACCESS"))
    w.findings.fix_button.click()
    qtbot.waitUntil(lambda: bool(w.fixes.ghost_items()), timeout=15000)
    assert w.fixes.apply_button.isVisible()
    w.fixes.cancel_button.click()
    assert not w.fixes.ghost_items() and not w.fixes.apply_button.isVisible()
    w.findings.fix_button.click()
    qtbot.waitUntil(lambda: bool(w.fixes.ghost_items()), timeout=15000)
    from geometry.commands import move  # an edit of the plan after the fix was computed makes it stale: the ghost goes

    counter = w.doc.plan.counters[0]
    w.doc.push(move(w.doc.plan, [counter.id], 0.5, 0.0))
    assert not w.fixes.ghost_items() and not w.fixes.apply_button.isVisible()


def test_capacity_panel_enters_visitors_and_shows_the_analysis(qtbot: Any, window: Any) -> None:
    w = window
    w.doc.reset(sample_plan("county"))
    qtbot.waitUntil(lambda: w.report is not None and w.report.plan is w.doc.plan, timeout=15000)
    assert w.capacity.summary.text() == "未估算服务能力:缺少日均办事人次"
    w.docks["capacity"].raise_()
    w.capacity.visitors.setText("400")
    w.capacity.visitors.editingFinished.emit()
    assert w.doc.plan.context.daily_visitors == 400
    qtbot.waitUntil(lambda: w.report.plan is w.doc.plan and "高峰排队需等候座位" in w.capacity.summary.text(), timeout=15000)
    qtbot.waitUntil(lambda: w.capacity.chart.pixmap() is not None and not w.capacity.chart.pixmap().isNull(), timeout=5000)
    w.doc.stack.undo()
    assert w.doc.plan.context.daily_visitors is None and w.capacity.visitors.text() == ""


def test_an_edit_while_the_fix_is_computed_drops_its_answer(qtbot: Any, window: Any) -> None:
    from geometry.commands import move

    w = window
    w.doc.reset(sample_plan("city", compliant=False))
    qtbot.waitUntil(lambda: w.report is not None and w.report.plan is w.doc.plan and _item(w, "CONSULT") is not None,
                    timeout=15000)
    w.findings.tree.setCurrentItem(_item(w, "CONSULT"))
    w.findings.fix_button.click()
    w.doc.push(move(w.doc.plan, [w.doc.plan.counters[0].id], 0.2, 0.0))  # before the answer arrives
    qtbot.waitUntil(lambda: not w.fixes.busy, timeout=15000)
    assert not w.fixes.ghost_items() and not w.fixes.apply_button.isVisible()
    assert w.fixes.heading.text() == "平面已改变,请重新选择“修复…”"


def test_a_fix_on_the_upper_floors_part_of_the_hall_is_previewed_and_applied(qtbot: Any, window: Any) -> None:
    """A hall over two floors: the second floor's exit reach fails (two stairs in its far corners); the
    fix is computed on that part, previewed there as a ghost, applied as one step, and the re-check
    shows that part's exit reach pass."""
    from shapely.geometry import Point

    from tests.standards.test_hall_parts import _two_floors

    w = window
    plan, _, _ = _two_floors(with_arrivals=True)
    w.doc.reset(plan)
    qtbot.waitUntil(lambda: w.report is not None and w.report.plan is w.doc.plan and _item(w, "EXIT-REACH") is not None,
                    timeout=20000)
    item = _item(w, "EXIT-REACH")
    f = item.data(0, Qt.ItemDataRole.UserRole)
    assert f.extra["hall_part"] == "room-2f" and item.text(1) == "EXIT-REACH · 修复"
    w.findings.tree.setCurrentItem(item)
    qtbot.mouseClick(w.findings.fix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(w.fixes.fixes), timeout=30000)
    ghosts = w.fixes.ghost_items()
    part = plan.get("room-2f").geometry
    box = ghosts[0].path().boundingRect()
    assert ghosts and part.buffer(1.0).contains(Point(box.center().x(), box.center().y()))  # on the upper part
    steps = w.doc.stack.count()
    qtbot.mouseClick(w.fixes.apply_button, Qt.MouseButton.LeftButton)
    assert w.doc.stack.count() == steps + 1
    qtbot.waitUntil(lambda: w.report.plan is w.doc.plan and w.checker.phase != "quick", timeout=20000)
    up = [x for x in w.report.findings if x.rule == "EXIT-REACH" and x.extra.get("hall_part") == "room-2f"]
    assert up and all(x.status == Status.PASS for x in up)
