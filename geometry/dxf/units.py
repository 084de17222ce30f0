"""Drawing units: what ``$INSUNITS`` says, what the geometry says, and numbers written with units.

>>> parse_length("800mm", 0.001), parse_length("80 cm", 1.0), parse_length("0.8m", 0.001)
(0.8, 0.8, 0.8)
>>> parse_length("800", 0.001), parse_length("", 0.001), parse_length("high", 0.001)
(0.8, None, None)
>>> parse_length("8,00", 0.001), parse_length("800mm800", 0.001), parse_length("-800", 0.001), parse_length("0", 0.001)
(None, None, None, None)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from ezdxf.units import METER_FACTOR, unit_name

# units HallPlan will choose between when the header is silent or wrong: name -> metres per unit
CANDIDATES: dict[str, float] = {"mm": 0.001, "cm": 0.01, "m": 1.0, "in": 0.0254, "ft": 0.3048}
_CODE_NAME = {1: "in", 2: "ft", 4: "mm", 5: "cm", 6: "m", 14: "dm"}
NAME_CODE = {v: k for k, v in _CODE_NAME.items()}
# a floor plan's robust extent in metres that we accept as plausible
PLAUSIBLE_M = (1.5, 3000.0)
TYPICAL_M = 50.0


@dataclass(frozen=True)
class Units:
    name: str  # "mm", "cm", "m", "in", "ft", ...
    scale: float  # metres per drawing unit
    reason_zh: str
    reason_en: str
    declared: str | None = None  # what $INSUNITS said, None when unitless

    def to_dict(self) -> dict[str, Any]:
        return {"units": self.name, "metres_per_unit": self.scale, "declared": self.declared,
                "reason": {"zh": self.reason_zh, "en": self.reason_en}}


def declared_units(insunits: Any) -> tuple[str | None, float | None]:
    """``(name, metres per unit)`` for an $INSUNITS code; ``(None, None)`` when unitless/unknown."""
    try:
        code = int(insunits)
    except (TypeError, ValueError):
        return None, None
    factor = METER_FACTOR[code] if 0 < code < len(METER_FACTOR) else None
    if not factor:
        return None, None
    name = _CODE_NAME.get(code) or str(unit_name(code)).lower()
    return name, 1.0 / float(factor)


def robust_extent(points: np.ndarray) -> float:
    """The larger side of the 2nd–98th percentile box of sample points (outliers ignored)."""
    if len(points) == 0:
        return 0.0
    lo, hi = percentiles(points, (2.0, 98.0))
    return float(max(hi - lo))


def percentiles(points: np.ndarray, qs: tuple[float, ...]) -> list[np.ndarray]:
    """``np.percentile(points, qs, axis=0)`` of an (n, k) float array, the same numbers (numpy's
    default 'linear' method, its arithmetic step by step) without ``np.percentile``'s call of
    ``np.unique``, whose first use imports ``numpy.ma`` (6–7 ms; nothing else a DXF check does
    needs it).  Other arrays, and any with a NaN or an infinity, go to ``np.percentile`` itself.

    >>> pts = np.array([[0.0, 5.0], [1.0, 7.0], [10.0, 6.0], [3.0, 9.0]])
    >>> [a.tolist() for a in percentiles(pts, (2.0, 50.0, 98.0))]
    [[0.06, 5.06], [2.0, 6.5], [9.58, 8.879999999999999]]
    """
    n = len(points)
    if points.dtype != np.float64 or points.ndim != 2 or n == 0 or not np.isfinite(points).all():
        return list(np.percentile(points, list(qs), axis=0))
    ordered = np.sort(points, axis=0)
    out: list[np.ndarray] = []
    for q in qs:
        at = (n - 1) * (q / 100)  # numpy's virtual index: (n - 1) * (q / 100)
        if at >= n - 1:
            out.append(ordered[-1].copy())
            continue
        below = math.floor(at)
        gamma = at - below
        a, b = ordered[below], ordered[below + 1]
        diff = b - a
        # numpy's _lerp: a + diff * t, or b - diff * (1 - t) where t >= 0.5
        out.append(a + diff * gamma if gamma < 0.5 else b - diff * (1 - gamma))
    return out


def looks_like_survey_metres(points: np.ndarray) -> bool:
    """Projected (Gauss-Krüger / UTM) coordinates in metres: easting 1e5–1e6 (or with a zone
    prefix up to 1e8), northing 1e6–1e7."""
    if len(points) == 0:
        return False
    x, y = np.median(points, axis=0)
    east = 1e5 <= abs(x) < 1e6 or 1e7 <= abs(x) < 1e8
    north = 1e6 <= abs(y) < 1e7
    return bool(east and north)


def _plausible(size_m: float) -> bool:
    return PLAUSIBLE_M[0] <= size_m <= PLAUSIBLE_M[1]


def _best(extent: float, names: tuple[str, ...] = ("mm", "m", "cm")) -> str:
    """The candidate unit that makes the drawing closest to a typical hall (metric unless told)."""

    def score(name: str) -> float:
        size = extent * CANDIDATES[name]
        return abs(math.log(max(size, 1e-12) / TYPICAL_M)) + (0 if _plausible(size) else 100)

    return min(names, key=score)


def choose_units(header: Any, points: np.ndarray, override: str | None = None) -> Units:
    """Decide the drawing units from the header and the geometry, and say why."""
    if override:
        name = override.strip().lower()
        if name not in CANDIDATES:
            from geometry.dxf.errors import DxfError

            raise DxfError(f"未知单位 “{override}”(可用:mm, cm, m, in, ft)", f"unknown units '{override}' (use mm, cm, m, in or ft)")
        return Units(name, CANDIDATES[name], f"按用户指定的单位 {name}", f"units {name} as given by the user")
    ext = robust_extent(points)
    decl, decl_scale = declared_units(header.get("$INSUNITS", 0))

    def size_txt(name: str) -> str:
        return f"{ext * CANDIDATES.get(name, decl_scale or 1.0):.4g} m"

    if decl is not None and decl_scale is not None:
        size = ext * decl_scale
        if ext == 0 or _plausible(size):
            return Units(decl, decl_scale, f"$INSUNITS 声明为 {decl},图形尺寸约 {size:.4g} m,合理", f"$INSUNITS says {decl}; the drawing is about {size:.4g} m across, plausible", decl)
        best = _best(ext)
        if best == decl:
            return Units(decl, decl_scale, f"$INSUNITS 声明为 {decl};图形约 {size:.4g} m,尺寸异常,但其他单位更不合理,仍按 {decl}",
                         f"$INSUNITS says {decl}; the drawing is an unusual {size:.4g} m across, but other units fit worse: kept {decl}", decl)
        return Units(
            best, CANDIDATES[best],
            f"$INSUNITS 声明为 {decl},但按此图形仅 {size:.4g} m 宽,不合理;按 {best} 读取(约 {size_txt(best)})",
            f"$INSUNITS says {decl}, but that makes the drawing {size:.4g} m across, implausible; read as {best} (about {size_txt(best)})",
            decl,
        )
    if ext == 0:
        return Units("mm", 0.001, "无单位且无图形,按毫米", "unitless and no geometry: taken as millimetres")
    lunits, dimlunit = header.get("$LUNITS", 2), header.get("$DIMLUNIT", 2)
    if (lunits in (3, 4) or dimlunit in (3, 4, 6)) and _plausible(ext * CANDIDATES["in"]):
        return Units("in", CANDIDATES["in"],
                     f"无单位($INSUNITS=0),但长度格式为英制(建筑/工程,$LUNITS={lunits},$DIMLUNIT={dimlunit}),按英寸(约 {size_txt('in')})",
                     f"unitless ($INSUNITS=0) but the length format is imperial (architectural/engineering: $LUNITS={lunits}, $DIMLUNIT={dimlunit}); taken as inches (about {size_txt('in')} across)")
    if looks_like_survey_metres(points) and 1.0 <= ext <= 100_000:
        return Units("m", 1.0,
                     f"无单位,坐标为测量投影坐标(米),按米(约 {size_txt('m')})",
                     f"unitless, and the coordinates look like projected survey coordinates in metres; taken as metres (about {size_txt('m')} across)")
    if _plausible(ext * 0.001):
        return Units("mm", 0.001, f"无单位,按毫米(国内习惯),图形约 {size_txt('mm')},合理",
                     f"unitless: taken as millimetres (the Chinese habit); the drawing is about {size_txt('mm')} across, plausible")
    best = _best(ext)
    return Units(best, CANDIDATES[best],
                 f"无单位;按毫米图形仅 {size_txt('mm')},不合理,按 {best}(约 {size_txt(best)})",
                 f"unitless; as millimetres the drawing would be {size_txt('mm')} across, implausible; taken as {best} (about {size_txt(best)} across)")


_NUM_UNIT = re.compile(r"^\s*([-+]?\d+(?:\.\d*)?|[-+]?\.\d+)\s*(mm|cm|dm|m|毫米|厘米|米|in|\"|ft|')?\s*$", re.IGNORECASE)
_UNIT_M = {"mm": 0.001, "毫米": 0.001, "cm": 0.01, "厘米": 0.01, "dm": 0.1, "m": 1.0, "米": 1.0,
           "in": 0.0254, '"': 0.0254, "ft": 0.3048, "'": 0.3048}


def parse_length(text: str | None, scale: float) -> float | None:
    """A length in metres from an attribute value: a bare number is in drawing units
    (``scale`` metres each), a number with a unit is taken as written; anything else (a decimal
    comma is ambiguous: ``8,00``), and zero or negative sizes → None, never a guess."""
    if text is None:
        return None
    m = _NUM_UNIT.match(str(text)[:100])
    if not m:
        return None
    value = float(m.group(1))
    unit = (m.group(2) or "").lower()
    metres = value * (_UNIT_M[unit] if unit else scale)
    if not math.isfinite(metres) or metres <= 0:
        return None
    return round(metres, 9)
