"""One badge per finding, at the finding's location, with a tooltip (placement without Qt, then the canvas)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from shapely.geometry import LineString, box

import assets
from geometry.model import Counter, Plan
from geometry.project import load_plan
from planner.editor.badges import place_badges, tooltip
from standards.engine import check
from standards.finding import Finding, Severity, Status

CITY = assets.path("samples", "city-violations.hallplan")


def _f(status: Status, ids: tuple[str, ...] = (), loc: Any = None, rule: str = "X") -> Finding:
    return Finding(rule, "二(一)4", Severity.ERROR, status, "柜台过高", "counter too high", measured=1.1, unit="m",
                   required="0.7–0.9 m", object_ids=ids, location=loc)


def test_one_badge_per_finding_where_it_is() -> None:
    counters = tuple(Counter(id=f"c{i}", geometry=box(i * 2, 0, i * 2 + 1.6, 0.8)) for i in range(12))
    plan = Plan(hall=box(-5, -5, 40, 20), objects=counters)
    low = _f(Status.FAIL, tuple(c.id for c in counters), None)  # "no low counter": about all twelve, no place
    one = _f(Status.WARN, ("c3",), counters[3].geometry)
    pinch = _f(Status.FAIL, (), LineString([(10, 5), (12, 5)]))
    area = _f(Status.FAIL, (), plan.hall)
    ok = _f(Status.PASS, ("c4",), counters[4].geometry)
    badges, whole = place_badges([ok, low, one, pinch, area], plan, plan.hall)
    assert [b.finding for b in badges] == [pinch, one]  # worst first; passes get none
    assert (badges[0].x, badges[0].y) == (11.0, 5.0)  # the middle of the pinch's cross-section
    assert (badges[1].x, badges[1].y) == (7.6, 0.8)  # top-right of the counter
    assert whole == [low, area]  # about the whole plan: in the panel, not on twelve counters


def test_badges_at_one_spot_are_side_by_side() -> None:
    c = Counter(id="c1", geometry=box(0, 0, 1.6, 0.8))
    plan = Plan(hall=box(-5, -5, 10, 10), objects=(c,))
    fs = [_f(Status.FAIL, ("c1",), c.geometry, rule=r) for r in ("A", "B", "C")]
    badges, whole = place_badges(fs, plan)
    assert sorted(b.slot for b in badges) == [0, 1, 2] and not whole


def test_tooltip_has_clause_message_and_figures() -> None:
    f = _f(Status.FAIL, ("c1",))
    zh, en = tooltip(f, "zh"), tooltip(f, "en")
    assert "不符合" in zh and "二(一)4" in zh and "柜台过高" in zh and "1.10 m" in zh and "0.7–0.9 m" in zh
    assert "fail" in en and "clause 二(一)4" in en and "counter too high" in en and "required" in en


def test_canvas_badges_and_tooltips(qtbot: Any, window: Any) -> None:
    w = window
    assert w.files.open_path(CITY, confirm=False)
    qtbot.waitUntil(lambda: w.report is not None and w.report.plan is w.doc.plan and w.checker.phase == "full", timeout=15000)
    report = check(load_plan(CITY))
    problems = [f for f in report.findings if f.status.value in ("fail", "warn", "unknown")]
    items = w.scene.badge_items()
    whole = w.findings._plan_wide
    assert len(items) + len(whole) == len(problems)  # one badge per finding, no more
    low = next(f for f in problems if f.rule == "LOW-COUNTER")
    assert len(low.object_ids) > 10
    assert sum(1 for it in items if it.data(0).rule == "LOW-COUNTER") == 1  # not one on every counter
    for it in items:
        f = it.data(0)
        assert f.clause in it.toolTip() and f.message("zh") in it.toolTip()
    assert w.findings.plan_wide.isVisible() == bool(whole) and "全平面" in w.findings.plan_wide.text()
    # hovering a badge shows its tooltip
    w.view.fit()
    QApplication.processEvents()
    it = items[-1]
    pos = w.view.mapFromScene(it.scenePos()) + QPoint(int(it.boundingRect().center().x()), 0)
    vp = w.view.viewport()
    QApplication.sendEvent(vp, QHelpEvent(QHelpEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=3000)
    shown = QToolTip.text()
    assert any(shown == i.toolTip() for i in items)
    # English mode: the tooltips follow
    w.ui.acts["lang_en"].trigger()
    assert all(it.data(0).message("en") in it.toolTip() and "clause" in it.toolTip() for it in w.scene.badge_items())


def test_labels_fit_their_shapes_and_never_overlap(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import QRectF

    w = window
    assert w.files.open_path(CITY, confirm=False)
    for lang in ("zh", "en"):
        w.ui.acts[f"lang_{lang}"].trigger()
        for k in (2.0, 6.0, 20.0, 60.0):  # from the whole hall to a close-up
            w.view.fit()
            w.view.zoom(k / w.view.px_per_m())
            labels = [(oid, it) for oid, items in w.scene.backend.items.items() for it in items if it.data(2) is not None]
            assert labels
            shown = [(oid, it) for oid, it in labels if it.isVisible()]
            ppm = w.view.px_per_m()
            rects = []
            for oid, it in shown:
                wd, ht = it.data(2)
                r = QRectF(it.pos().x() - wd / 2 / ppm, it.pos().y() - ht / 2 / ppm, wd / ppm, ht / ppm)
                g = w.doc.plan.get(oid).geometry
                x0, y0, x1, y1 = g.bounds
                assert x0 - 1e-6 <= r.left() and r.right() <= x1 + 1e-6 and y0 - 1e-6 <= r.top() and r.bottom() <= y1 + 1e-6
                assert not any(r.intersects(o) for o in rects)
                rects.append(r)
            if k == 60.0:
                assert shown  # close up, the zone names are there
