"""Open whatever the user points at: a ``.hallplan`` project or a DXF drawing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from geometry.i18n import HallPlanError
from geometry.model import Plan
from geometry.project import load_plan

Progress = Callable[[float, str], None]


def load_any(path: str | os.PathLike[str], layers: str | os.PathLike[str] | None = None,
             progress: Progress | None = None, units: str | None = None) -> tuple[Plan, Any | None]:
    """(plan, import report or None).  Raises HallPlanError with a one-line reason."""
    p = Path(path)
    if not p.exists():
        raise HallPlanError(f"找不到文件:{p}", f"file not found: {p}")
    if p.is_dir():
        raise HallPlanError(f"{p} 是文件夹,不是平面文件", f"{p} is a folder, not a plan file")
    suffix = p.suffix.lower()
    if suffix == ".dxf":
        try:
            from geometry.dxf import import_dxf
        except ImportError:
            raise HallPlanError("此版本不能读取 DXF", "this version cannot read DXF") from None
        result = import_dxf(p, layer_map=layers, progress=progress, units=units)
        return result.plan, result
    if suffix in (".hallplan", ".json"):
        return load_plan(p), None
    raise HallPlanError(f"不认识的文件类型“{p.suffix}”:请给出 .hallplan 项目或 .dxf 图纸",
                        f"unknown file type '{p.suffix}': give a .hallplan project or a .dxf drawing")
