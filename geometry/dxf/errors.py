"""The one error the DXF package raises: a bilingual, one-line :class:`DxfError`."""

from __future__ import annotations

from geometry.i18n import HallPlanError


class DxfError(HallPlanError):
    """A DXF file that cannot be imported or written; the message says why, in one line."""

    def __init__(self, zh: str, en: str | None = None) -> None:
        zh = " ".join(zh.split())
        en = " ".join((en if en is not None else zh).split())
        super().__init__(zh, en)
