"""What a drawing tool is, and what it may ask of the canvas: two protocols and the snap settings.

The tools (:mod:`planner.editor.tools`, :mod:`planner.editor.select_tool`) are written against :class:`ToolHost`;
the view (:class:`planner.editor.view.PlanView`) implements it and holds one :class:`EditorTool`.  Neither
side imports the other, so tools, view and underlay selection no longer import each other in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Protocol

from PySide6.QtCore import QPointF, SignalInstance
from PySide6.QtGui import QKeyEvent, QMouseEvent

from geometry.snap import Snapper, UnderlayIndex

if TYPE_CHECKING:
    from planner.editor.canvas import PlanScene
    from planner.editor.document import Document
    from planner.editor.underlay_select import UnderlaySelection


@dataclass
class SnapSettings:
    endpoints: bool = True
    edges: bool = True
    grid: bool = True
    ortho: bool = False
    grid_step: float = 0.1

    def describe(self, lang_t: Callable[[str, str], str]) -> str:
        on = [name for flag, name in ((self.endpoints, lang_t("端点", "endpoints")), (self.edges, lang_t("边", "edges")),
                                      (self.grid, lang_t("网格", "grid") + f" {self.grid_step:g} m"),
                                      (self.ortho, lang_t("正交", "ortho"))) if flag]
        return lang_t("捕捉:", "Snap: ") + (", ".join(on) if on else lang_t("关", "off"))


class ToolHost(Protocol):
    """The canvas as a tool sees it: the document, the scene to draw previews in, snapping and tolerances."""

    doc: Document
    plan_scene: PlanScene
    snap: SnapSettings
    last_pos: QPointF  # the cursor in metres
    underlay_sel: UnderlaySelection

    @property
    def message(self) -> SignalInstance:  # a short user message for the status bar (str)
        ...

    def tol(self, px: float = ...) -> float: ...

    def snapper(self) -> Snapper: ...

    def snapped(self, p: QPointF, last: tuple[float, float] | None = None,
                snapper: Snapper | None = None) -> tuple[float, float, str]: ...

    def underlay_index(self) -> UnderlayIndex: ...

    def to_viewport(self, p: QPointF) -> QPointF:
        """A scene point (metres) in viewport pixels."""
        ...


class EditorTool(Protocol):
    """A drawing or editing tool: the view routes mouse and keys here; ``cancel`` is Esc."""

    name: str

    def activate(self) -> None: ...

    def deactivate(self) -> None: ...

    def press(self, p: QPointF, e: QMouseEvent) -> None: ...

    def move(self, p: QPointF, e: QMouseEvent) -> str | None: ...

    def release(self, p: QPointF, e: QMouseEvent) -> None: ...

    def double_click(self, p: QPointF, e: QMouseEvent) -> None: ...

    def key(self, e: QKeyEvent) -> bool: ...

    def typed(self, text: str) -> None: ...

    def hint(self) -> str: ...

    def cancel(self) -> bool:
        """Drop what is in progress (points, a preview, a picked vertex); False when there was nothing."""
        ...


__all__ = ["EditorTool", "SnapSettings", "ToolHost"]
