"""The editor checks against the plan's packs and can switch them: a shipped pack, the default pair,
or a pack file; a pack that cannot be read is said so and never silently replaced."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from geometry.synthetic import sample_plan
from planner.editor.pack_choice import choice_key
from tests.standards.test_context_packs import STRICT_HEIGHT

PROVINCE = STRICT_HEIGHT + """
[rules.PARKING]
clause = "第2条"
severity = "error"
title_zh = "停车"
title_en = "Parking"
[rules.PARKING.params]
min_ratio = 0.125
max_ratio = 0.25

[[checklist_items]]
code = "kiosk_network"
zh = "自助终端联网"
en = "Kiosks on the network"
levels = ["county"]
"""


def _panel(window: Any) -> Any:
    from planner.editor.panels import ContextPanel

    return window.findChild(ContextPanel)


def test_switching_packs_rechecks_undoes_and_rebuilds_the_checklist(qtbot: Any, window: Any, tmp_path: Path) -> None:
    window.doc.reset(sample_plan("county"))
    panel = _panel(window)
    combo = panel.packs.combo
    assert combo.currentData() == choice_key(None) and "保山" in combo.currentText()  # the default pair
    assert window.checker.check_now(window.doc.plan).packs[0].id == "baoshan-2016"
    combo.setCurrentIndex(combo.findData(choice_key(("national-figures",))))
    combo.activated.emit(combo.currentIndex())
    assert window.doc.plan.context.packs == ("national-figures",)
    assert [p.id for p in window.checker.check_now(window.doc.plan).packs] == ["national-figures"]
    qtbot.waitUntil(lambda: window.report is not None and [p.id for p in window.report.packs] == ["national-figures"], timeout=5000)
    # national figures define no checklist items: the ticks (kept by item code) show as in the PDF's list
    assert list(panel.checks) == list(window.checker.check_now(window.doc.plan).checklist_catalogue())
    assert "traffic_signs" in panel.checks
    pack = tmp_path / "prov.toml"
    pack.write_text(PROVINCE, encoding="utf-8")
    assert panel.packs.use_file(str(pack))
    assert window.doc.plan.context.packs == (str(pack.resolve()),)
    assert list(panel.checks) == ["kiosk_network"] and panel.checks["kiosk_network"].isVisibleTo(panel)
    assert "Strict" in combo.currentText() or "严格" in combo.currentText()
    qtbot.waitUntil(lambda: window.report is not None and window.report.packs[0].id == "strict-heights", timeout=5000)
    assert "12.5%–25%" in window.gauges.park_title.text()  # the gauge quotes this pack's band
    window.doc.stack.undo()
    window.doc.stack.undo()
    assert window.doc.plan.context.packs is None and combo.currentData() == choice_key(None)
    assert "traffic_signs" in panel.checks


def test_a_bad_pack_file_is_refused_with_its_reason(window: Any, tmp_path: Path) -> None:
    window.doc.reset(sample_plan("county"))
    panel = _panel(window)
    bad = tmp_path / "bad.toml"
    bad.write_text("[pack]\nid = 'x'\n[rules.AREA]\nclause = 1\n", encoding="utf-8")
    assert not panel.packs.use_file(str(bad))
    assert window.doc.plan.context.packs is None
    assert panel.packs.note.isVisibleTo(panel) and "bad.toml" in panel.packs.note.text()
    panel.packs.ask_file = lambda _parent: None  # "open pack file…", then cancelled: nothing changes
    combo = panel.packs.combo
    combo.activated.emit(combo.count() - 1)
    assert window.doc.plan.context.packs is None and combo.currentData() == choice_key(None)


def test_a_plan_naming_a_missing_pack_says_so_in_the_editor(qtbot: Any, window: Any) -> None:
    plan = sample_plan("county")
    window.doc.reset(replace(plan, context=replace(plan.context, packs=("gone-pack",))))
    panel = _panel(window)
    qtbot.waitUntil(lambda: "gone-pack" in window.check_label.text(), timeout=5000)
    assert panel.packs.note.isVisibleTo(panel) and "gone-pack" in panel.packs.note.text()
    assert panel.checks == {}  # the checklist is not taken from another pack either
    assert panel.packs.combo.currentData() == choice_key(("gone-pack",))


def test_the_quick_check_runs_the_plans_packs_and_keeps_nothing_from_other_packs(tmp_path: Path) -> None:
    from planner.editor.checker import quick_check, slow_codes
    from standards.engine import check

    pack = tmp_path / "prov.toml"
    pack.write_text(PROVINCE, encoding="utf-8")
    plan = sample_plan("county")
    previous = check(plan)  # the full check against the built-in packs
    own = replace(plan, context=replace(plan.context, packs=(str(pack),)))
    quick = quick_check(own, previous)
    assert [p.id for p in quick.packs] == ["strict-heights"]
    assert {f.rule for f in quick.findings} == {"COUNTER-HEIGHT", "PARKING"}  # its own rules, none kept from before
    same = quick_check(plan, previous)
    assert any(f.rule in slow_codes() for f in same.findings)  # same packs: the circulation findings are kept
