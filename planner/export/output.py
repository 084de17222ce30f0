"""Writing an export: its folder made when missing, the file replaced atomically, failures in one line."""

from __future__ import annotations

import os
from pathlib import Path

from geometry.i18n import HallPlanError
from geometry.project import atomic_write_bytes


def save_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` (a failed write leaves an old file as it was).

    >>> import tempfile; d = tempfile.mkdtemp()
    >>> save_bytes(Path(d) / "新 文件夹" / "a.bin", b"x"); (Path(d) / "新 文件夹" / "a.bin").read_bytes()
    b'x'
    """
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise HallPlanError(f"无法创建文件夹 {p.parent}({reason})", f"cannot create the folder {p.parent} ({reason})") from None
    atomic_write_bytes(p, data)


__all__ = ["save_bytes"]
