"""Open whatever the user points at: a ``.hallplan`` project, a DXF or a DWG drawing.

:func:`load_any` returns a :class:`LoadedPlan` for every format, so the command line, the audit
and the editor read the import report and the underlay by name, never by probing.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Literal

from geometry.i18n import HallPlanError
from geometry.model import Plan

if TYPE_CHECKING:
    from geometry.drawing_file import Drawing, Underlay
    from geometry.dxf import ImportResult

Progress = Callable[[float, str], None]
Format = Literal["hallplan", "dxf", "dwg"]
DRAWING_SUFFIXES = (".dxf", ".dwg")


@dataclass(frozen=True)
class LoadedPlan:
    """A plan and where it came from; ``imported`` is the drawing's import result (None for projects)."""

    plan: Plan
    source: Path
    format: Format
    imported: "ImportResult | None" = None
    drawing: "Drawing | None" = None  # a project's drawing kept beside it (geometry.drawing_file)

    @property
    def underlay(self) -> "Underlay | None":
        """The drawing to show dimmed, with its texts (None for a project without one)."""
        if self.imported is not None:
            return self.imported.underlay
        return self.drawing.underlay if self.drawing is not None else None

    @property
    def printed_underlay(self) -> "Underlay | None":
        """The drawing as exports print it: the layers the drawing switched off or froze left out."""
        if self.imported is not None:
            return self.imported.printed_underlay
        return self.drawing.underlay if self.drawing is not None else None

    @property
    def underlay_texts(self) -> "list[Any]":
        if self.imported is not None:
            return list(self.imported.underlay_texts)
        return list(self.drawing.underlay_texts) if self.drawing is not None else []

    def summary(self, lang: str | None = None) -> str | None:
        """The import report as text, or None for a project."""
        return self.imported.summary(lang) if self.imported is not None else None

    def import_json(self) -> dict[str, Any] | None:
        """The ``import`` member of the check report, or None for a project."""
        return self.imported.to_json() if self.imported is not None else None


@contextmanager
def long_lived() -> Iterator[None]:
    """What the block makes lives as long as the process and holds no garbage (modules): the
    cyclic collector is off while it runs, and what is alive after it goes straight to the oldest
    generation (``gc.freeze`` then ``gc.unfreeze``: no scan), where only a full collection looks
    at it, as it would once young collections had scanned it twice.  The collector is back on
    after the block if it was on (the editor keeps it off and collects on its own timer)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_on:
            gc.enable()


def import_drawing(path: str | os.PathLike[str], layers: Any = None, progress: Progress | None = None,
                   units: str | None = None, hall_room: str | None = None) -> LoadedPlan:
    """A DXF or DWG drawing (by its suffix) through the one import path."""
    p = Path(path)
    try:
        with long_lived():  # the first time: ezdxf's modules, 13 ms of collections in a check
            from geometry.dxf import import_dxf
    except ImportError:
        raise HallPlanError("此版本不能读取 DXF/DWG", "this version cannot read DXF/DWG") from None
    result = import_dxf(p, layer_map=layers, progress=progress, units=units, hall_room=hall_room)
    fmt: Format = "dwg" if result.report.source_format == "DWG" else "dxf"
    return LoadedPlan(plan=result.plan, source=p, format=fmt, imported=result)


def load_any(path: str | os.PathLike[str], layers: str | os.PathLike[str] | None = None,
             progress: Progress | None = None, units: str | None = None, hall_room: str | None = None) -> LoadedPlan:
    """The plan at ``path`` with its import result.  Raises HallPlanError with a one-line reason.
    ``hall_room``: a drawing's rooms of that name make the hall (the import keeps the objects around them)."""
    p = Path(path)
    if not p.exists():
        raise HallPlanError(f"找不到文件:{p}", f"file not found: {p}")
    if p.is_dir():
        raise HallPlanError(f"{p} 是文件夹,不是平面文件", f"{p} is a folder, not a plan file")
    suffix = p.suffix.lower()
    if suffix in DRAWING_SUFFIXES:
        return import_drawing(p, layers=layers, progress=progress, units=units, hall_room=hall_room)
    if suffix in (".hallplan", ".json"):
        from geometry.drawing_file import load_drawing

        try:  # the drawing kept beside the project: its underlay and texts print as the import's did
            drawing = load_drawing(p)
        except HallPlanError:  # a damaged drawing never stops the plan (the editor says so)
            drawing = None
        from geometry.project_repair import load_or_explain  # a file that does not read: can it be repaired?

        return LoadedPlan(plan=load_or_explain(p), source=p, format="hallplan", drawing=drawing)
    raise HallPlanError(f"不认识的文件类型“{p.suffix}”:请给出 .hallplan 项目、.dxf 或 .dwg 图纸",
                        f"unknown file type '{p.suffix}': give a .hallplan project or a .dxf or .dwg drawing")
