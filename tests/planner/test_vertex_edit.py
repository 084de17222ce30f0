"""Vertex handles: drag a vertex of the selected polygon (one undo step), refuse crossings, add and remove vertices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from shapely.geometry import box

from geometry.commands import add_objects, set_outline
from geometry.model import Zone
from tests.planner.test_app_flow import vp


def setup_zone(w: Any) -> Zone:
    z = Zone(id="zone-1", geometry=box(0, 0, 10, 6), kind="waiting")
    w.doc.push(add_objects(w.doc.plan, [z]))
    w.view.fit_rect((-5, -5, 20, 12))
    w.ui.tool_acts["select"].trigger()
    w.doc.select([z.id])
    return z


def drag_handle(qtbot: Any, w: Any, role: str, *points: tuple[float, float]) -> None:
    h = next(h for h in w.scene.handles if h.data(0) == role)
    start = w.view.mapFromScene(h.pos())
    qtbot.mousePress(w.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for x, y in points:
        qtbot.mouseMove(w.view.viewport(), vp(w, x, y))
    qtbot.mouseRelease(w.view.viewport(), Qt.MouseButton.LeftButton, pos=vp(w, *points[-1]))


def test_vertex_drag_is_one_step_and_snaps(qtbot: Any, window: Any) -> None:
    w = window
    z = setup_zone(w)
    roles = [h.data(0) for h in w.scene.handles]
    assert sorted(r for r in roles if r.startswith("vertex:")) == ["vertex:0", "vertex:1", "vertex:2", "vertex:3"]
    steps = w.doc.stack.count()
    drag_handle(qtbot, w, "vertex:1", (10.5, 6.5), (11.3, 7.2), (12.02, 8.03))  # (10, 6) → grid point (12, 8)
    g = w.doc.plan.get(z.id).geometry
    assert (12.0, 8.0) in list(g.exterior.coords) and g.is_valid
    assert w.doc.stack.count() == steps + 1
    w.doc.stack.undo()
    assert w.doc.plan.get(z.id) == z


def test_crossing_outline_is_refused(qtbot: Any, window: Any) -> None:
    w = window
    z = setup_zone(w)
    steps = w.doc.stack.count()
    drag_handle(qtbot, w, "vertex:1", (11.0, 7.0), (4.0, 4.0), (-3.0, 3.0))  # ends crossing the west edge
    assert w.doc.plan.get(z.id) == z and w.doc.stack.count() == steps
    assert "自相交" in w.statusBar().currentMessage()


def test_hall_vertex_add_and_remove(qtbot: Any, window: Any) -> None:
    w = window
    w.doc.push(set_outline(w.doc.plan, "hall", box(0, 0, 20, 10)))
    w.view.fit_rect((-5, -5, 30, 15))
    w.ui.tool_acts["select"].trigger()
    w.doc.select(["hall"])
    # double-click the north edge: a new vertex there, then drag it out (an L-shape becomes a pentagon)
    qtbot.mouseDClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=vp(w, 8.0, 10.0))
    assert len(w.doc.plan.hall.exterior.coords) == 6 and w.doc.stack.count() == 2
    new = next(h.data(0) for h in w.scene.handles if h.data(0).startswith("vertex:")
               and abs(h.pos().x() - 8.0) < 0.2 and abs(h.pos().y() - 10.0) < 0.2)
    drag_handle(qtbot, w, new, (8.0, 12.0), (8.0, 14.0))
    assert abs(w.doc.plan.hall.area - (200 + 20 * 4 / 2)) < 1e-6 and w.doc.stack.count() == 3
    # the vertex just dragged is taken: Delete removes it (not the hall)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Delete)
    assert w.doc.plan.hall is not None and abs(w.doc.plan.hall.area - 200) < 1e-6 and w.doc.stack.count() == 4
    w.doc.stack.undo()
    w.doc.stack.undo()
    w.doc.stack.undo()
    assert w.doc.plan.hall.equals(box(0, 0, 20, 10))


def test_vertex_handles_only_when_the_shape_is_big_enough_on_screen() -> None:
    from planner.editor.select_tool import selection_handles

    counter = box(0, 0, 1.6, 0.8)
    vertex_roles = lambda m_per_px: [h[2] for h in selection_handles(counter.bounds, m_per_px, counter)  # noqa: E731
                                     if h[2].startswith("vertex:")]
    assert len(vertex_roles(0.01)) == 4  # 100 px per metre
    assert vertex_roles(0.1) == []  # 8 px tall: a press on it moves the counter
