"""The editor's model holder: the current plan, its file, the selection and the undo stack.

Every edit reaches the plan through :meth:`Document.push`, which wraps a pure
``geometry.commands`` command in a :class:`PlanCommand` on a ``QUndoStack``.  Widgets never
change the plan themselves; they react to :attr:`Document.planChanged` and
:attr:`Document.selectionChanged`.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from shapely.geometry.base import BaseGeometry

from geometry.commands import Command, ReplaceObjects, merge
from geometry.model import Plan
from planner.editor.i18n_ui import t

if TYPE_CHECKING:
    from geometry.dxf import ImportResult

_drag_tokens = itertools.count(1)


def new_drag_token() -> int:
    """A fresh token: commands pushed with the same token merge into one undo step (one drag)."""
    return next(_drag_tokens)


class PlanCommand(QUndoCommand):
    """A QUndoCommand around a pure plan command."""

    MERGE_ID = 4711

    def __init__(self, doc: "Document", cmd: Command, drag: int | None = None) -> None:
        super().__init__(t(cmd.text_zh, cmd.text_en))
        self.doc = doc
        self.cmd = cmd
        self.drag = drag

    def retranslate(self) -> None:
        self.setText(t(self.cmd.text_zh, self.cmd.text_en))

    def redo(self) -> None:
        self.doc._apply(self.cmd.do(self.doc.plan))

    def undo(self) -> None:
        self.doc._apply(self.cmd.undo(self.doc.plan))

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self.MERGE_ID if self.drag is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, PlanCommand) or other.drag != self.drag or self.drag is None:
            return False
        if not isinstance(self.cmd, ReplaceObjects) or not isinstance(other.cmd, ReplaceObjects):
            return False
        merged = merge(self.cmd, other.cmd)
        if merged is None:
            return False
        self.cmd = merged
        self.setObsolete(len(merged.old) == len(merged.new) and all(a == b for a, b in zip(merged.old, merged.new)))
        return True  # a drag that ends where it began leaves no undo step (the stack drops an obsolete command)


class Document(QObject):
    """One open plan."""

    planChanged = Signal(object, object)  # old plan, new plan
    selectionChanged = Signal(object)  # tuple of ids
    underlayChanged = Signal()
    fileChanged = Signal()  # path or modified flag

    def __init__(self, plan: Plan | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan: Plan = plan or Plan()
        self.path: Path | None = None
        self.source: Path | None = None  # the DXF a plan was imported from
        self.import_result: ImportResult | None = None
        self.underlay: list[tuple[str, BaseGeometry]] = []
        self.underlay_texts: list[Any] = []  # the drawing's texts (DXF import or the kept drawing)
        self.hidden_layers: tuple[str, ...] = ()  # drawing layers hidden when it was opened
        self.source_sha256: str | None = None  # of the DXF the drawing came from
        self.drawing_saved: tuple[Any, ...] | None = None  # (path, hidden) the drawing was last written for
        self.selection: tuple[str, ...] = ()
        self.stack = QUndoStack(self)
        # a bound slot, not a lambda: Qt disconnects it when the document goes, so the stack's
        # own teardown at exit cannot emit into a deleted document
        self.stack.cleanChanged.connect(self._clean_changed)

    def _clean_changed(self, _clean: bool) -> None:
        self.fileChanged.emit()

    # --- edits ----------------------------------------------------------------
    def push(self, cmd: Command, drag: int | None = None) -> None:
        """Apply ``cmd`` as one undoable step (merged with the previous one of the same drag)."""
        self.stack.push(PlanCommand(self, cmd, drag))

    def begin_macro(self, zh: str, en: str) -> None:
        self.stack.beginMacro(t(zh, en))

    def end_macro(self) -> None:
        self.stack.endMacro()

    def _apply(self, new: Plan) -> None:
        old, self.plan = self.plan, new
        gone = [i for i in self.selection if i not in new]
        self.planChanged.emit(old, new)
        if gone:
            self.select([i for i in self.selection if i not in gone])

    # --- the whole plan ---------------------------------------------------------
    def reset(self, plan: Plan, path: Path | None = None, underlay: Sequence[tuple[str, BaseGeometry]] = (),
              import_result: ImportResult | None = None, source: Path | None = None, modified: bool = False,
              underlay_texts: Sequence[Any] | None = None, hidden_layers: Sequence[str] = (),
              source_sha256: str | None = None) -> None:
        """Replace the plan (open/new/import): clears the undo history."""
        old = self.plan
        self.stack.clear()
        self.plan = plan
        self.path = path
        self.source = source
        self.import_result = import_result
        self.underlay = list(underlay)
        if underlay_texts is None:
            underlay_texts = getattr(import_result, "underlay_texts", None) or ()
        self.underlay_texts = list(underlay_texts)
        self.hidden_layers = tuple(hidden_layers)
        self.source_sha256 = source_sha256
        self.drawing_saved = None
        self.selection = ()
        if modified:  # an import or a recovered plan is not saved anywhere yet
            self.stack.resetClean()
        self.underlayChanged.emit()
        self.planChanged.emit(old, plan)
        self.selectionChanged.emit(())
        self.fileChanged.emit()

    @property
    def modified(self) -> bool:
        return not self.stack.isClean()

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.stack.setClean()
        self.fileChanged.emit()

    # --- selection --------------------------------------------------------------
    def select(self, ids: Iterable[str]) -> None:
        valid = tuple(dict.fromkeys(i for i in ids if i in self.plan))
        if valid != self.selection:
            self.selection = valid
            self.selectionChanged.emit(valid)

    def selected_objects(self) -> list[Any]:
        return [o for o in (self.plan.get(i) for i in self.selection) if o is not None]

    def geometry_of(self, oid: str) -> BaseGeometry | None:
        o = self.plan.get(oid)
        return None if o is None else o.geometry

    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        if self.source is not None:
            return self.source.name
        return t("未命名", "Untitled")
