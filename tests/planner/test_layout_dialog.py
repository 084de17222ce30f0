"""The editor's proposal view: alternatives side by side with their scores; choosing one is one
undo step and what it places stays editable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import assets
from geometry.commands import move
from geometry.project import load_plan
from standards.layout import stripped


def _open(window: Any, qtbot: Any, name: str, alternatives: int = 3) -> Any:
    from planner.editor.layout_dialog import LayoutDialog

    window.doc.reset(stripped(load_plan(assets.path("samples", f"{name}.hallplan"))))
    window.ui.acts["layout"].trigger()
    dlg = window.findChild(LayoutDialog)
    assert dlg is not None and dlg.isVisible()
    if alternatives != 3:  # ask again with fewer
        qtbot.waitUntil(lambda: dlg.go.isEnabled(), timeout=60000)
        dlg.alternatives.setValue(alternatives)
        dlg.go.click()
    qtbot.waitUntil(lambda: dlg.answer is not None and dlg.go.isEnabled() and len(dlg.cards) == len(dlg.answer.proposals),
                    timeout=60000)
    return dlg


def test_menu_entry_in_both_languages(window: Any) -> None:
    act = window.ui.acts["layout"]
    assert act.text() == "布置方案…"
    assert act in window.ui.menus["draw"].actions()
    window.set_language("en")
    assert act.text() == "Layout proposals…"


def test_proposals_side_by_side_choose_one_is_one_undo_step(window: Any, qtbot: Any, tmp_path: Path) -> None:
    dlg = _open(window, qtbot, "county-compliant")
    answer = dlg.answer
    assert len(dlg.cards) == 3
    assert [c.title.text().split(".")[0] for c in dlg.cards] == ["1", "2", "3"]
    assert "得分" in dlg.cards[0].title.text() and "无不合格项" in dlg.cards[0].details.text()
    shot = dlg.grab()  # the picture the note describes
    assert not shot.isNull() and shot.width() > 3 * 300
    assert shot.save(str(tmp_path / "proposals.png"))
    before = window.doc.plan
    steps = window.doc.stack.count()
    chosen = answer.proposals[1]
    dlg.cards[1].button.click()
    assert window.doc.stack.count() == steps + 1
    plan = window.doc.plan
    assert sorted(c.geometry.bounds for c in plan.counters) == sorted(c.geometry.bounds for c in chosen.plan.counters)
    assert {e.id for e in plan.entrances} == {e.id for e in before.entrances}
    window.doc.stack.undo()
    assert window.doc.plan.objects == before.objects
    window.doc.stack.redo()
    c = window.doc.plan.counters[0]
    window.doc.push(move(window.doc.plan, [c.id], 0.5, 0.0))  # placed objects stay editable
    assert window.doc.plan.get(c.id).geometry.bounds[0] == c.geometry.bounds[0] + 0.5


def test_cannot_answer_is_shown_with_the_shortfall(window: Any, qtbot: Any) -> None:
    dlg = _open(window, qtbot, "city-violations", alternatives=1)
    assert len(dlg.cards) == 1
    text = dlg.reasons.text()
    assert "无法布置出完全合规" in text and "差 580.8 m²" in text
    assert "不合格" in dlg.cards[0].details.text()


def test_a_changed_plan_is_not_overwritten_by_an_old_proposal(window: Any, qtbot: Any) -> None:
    dlg = _open(window, qtbot, "village-compliant")
    from geometry.commands import add_objects
    from geometry.model import Obstacle
    from shapely.geometry import box

    window.doc.push(add_objects(window.doc.plan, [Obstacle(id="col-x", geometry=box(1, 1, 1.4, 1.4), kind="column")]))
    steps = window.doc.stack.count()
    dlg.cards[0].button.click()
    assert window.doc.stack.count() == steps and "已改动" in dlg.status.text()


def test_proposal_view_in_english(window: Any, qtbot: Any) -> None:
    window.set_language("en")
    dlg = _open(window, qtbot, "village-compliant")
    assert dlg.windowTitle() == "Layout proposals"
    card = dlg.cards[0]
    assert card.title.text().startswith("1. Counters along the back wall — score ")
    assert "no failures" in card.details.text() and "windows per 100 m²" in card.details.text()
    assert card.button.text() == "Use this layout"
