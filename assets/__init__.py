"""Data only: sample plans, layer maps, fonts, icons, translations.  Reach files through :func:`path`."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """Absolute path of a bundled asset, e.g. ``path("samples", "county-compliant.hallplan")``."""
    return _ROOT.joinpath(*parts)
