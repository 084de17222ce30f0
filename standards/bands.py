"""The texts that quote a pack's bands, formatted from the values a finding carries (never typed in).

>>> percent_band({"min": 0.1, "max": 0.2})
'10%–20%'
>>> percent_band({"min": 0.125, "max": 0.25}), percent_band(None)
('12.5%–25%', None)
"""

from __future__ import annotations

from typing import Any, Mapping

from geometry.precision import RATIO, fmt


def percent(v: float) -> str:
    """A ratio as a percentage with only the digits it has (0.1 → 10%, 0.125 → 12.5%)."""
    text = fmt(v, RATIO, scale=100)
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def percent_band(band: Mapping[str, Any] | None) -> str | None:
    """``{"min": 0.1, "max": 0.2}`` → "10%–20%"; None when there is no band."""
    if not band:
        return None
    return f"{percent(float(band['min']))}–{percent(float(band['max']))}"
