"""The tool protocol: every tool of the editor cancels on Esc through ``cancel()``, and the tools,
the view and the underlay selection no longer import each other in a circle."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF

from planner.editor.actions import TOOLS
from planner.editor.tools import PointsTool
from tests.planner.conftest import SAMPLE

REPO = Path(__file__).resolve().parents[2]


def _imports(module: str) -> set[str]:
    """Modules ``planner/editor/<module>.py`` imports (top level, in functions, or for type checking)."""
    tree = ast.parse((REPO / "planner" / "editor" / f"{module}.py").read_text(encoding="utf-8"))
    return {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}


def test_tools_view_and_underlay_selection_do_not_import_in_a_circle() -> None:
    for tool_module in ("tools", "select_tool", "vertex_tool", "underlay_select"):
        assert "planner.editor.view" not in _imports(tool_module), tool_module
    assert "planner.editor.tools" not in _imports("view") and "planner.editor.select_tool" not in _imports("view")
    assert not {"planner.editor.view", "planner.editor.tools", "planner.editor.select_tool"} & _imports("tool_host")


def test_esc_cancels_the_points_of_every_drawing_tool_then_returns_to_select(window: Any) -> None:
    w = window
    assert w.files.open_path(SAMPLE, confirm=False)  # a hall: the entrance tool puts points on its edge
    esc = w.ui.acts["escape"]
    drawn = 0
    for name in TOOLS:
        w.ui.set_tool(name)
        tool = w.view.tool
        if isinstance(tool, PointsTool) and tool.max_points > 1:  # a one-click tool has nothing to cancel
            tool.add_point((1.0, 1.0))
            tool.update_preview((2.0, 3.0))
            assert tool.points and tool._preview
            drawn += 1
            esc.trigger()  # the first Esc drops the points, the tool stays
            assert w.view.tool is tool and tool.points == [] and tool._preview == []
        if name != "select":
            esc.trigger()  # nothing in progress: back to the select tool
            assert w.ui.current_tool == "select" and w.view.tool.name == "select", name
    assert drawn >= 8  # hall, building, zone, waiting, parking, consult, obstacle, counter, entrance, route


def test_esc_with_the_select_tool_clears_the_selection_and_keeps_the_tool(window: Any) -> None:
    w = window
    w.files.new_plan()
    w.ui.set_tool("zone")
    tool = w.view.tool
    for x, y in ((0, 0), (6, 4)):  # rectangle mode: two corners make a zone, which is selected
        tool.add_point((float(x), float(y)))
    assert len(w.doc.selection) == 1
    w.ui.set_tool("select")
    select = w.view.tool
    assert select.cancel() is True
    assert w.doc.selection == () and w.view.tool is select
    assert w.view.to_viewport(QPointF(0, 0)) == QPointF(w.view.mapFromScene(QPointF(0, 0)))
