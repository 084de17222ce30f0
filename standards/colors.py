"""Is a colour dark?  Named colours (Chinese or English) or hex values.

>>> is_dark("深棕色"), is_dark("#2b2b2b"), is_dark("white"), is_dark("胡桃木"), is_dark("???")
(True, True, False, True, None)
>>> is_dark("非深色"), is_dark("not dark"), is_dark("非黑色")
(False, False, None)
"""

from __future__ import annotations

import functools
import re

_DARK_WORDS = ("深", "暗", "黑", "墨", "藏青", "胡桃", "红木", "紫檀", "酸枝", "咖啡", "褐",
               "dark", "black", "charcoal", "navy", "walnut", "mahogany", "espresso", "ebony", "wenge",
               "graphite", "anthracite", "chocolate")
_LIGHT_WORDS = ("浅", "淡", "白", "米", "亮", "银", "乳", "象牙", "原木", "枫木", "橡木", "黄", "粉",
                "light", "white", "ivory", "beige", "cream", "silver", "pale", "maple", "oak", "yellow",
                "pink", "natural")
_NEGATION = re.compile(r"^\s*(非|不是|不为|not\b|non-?)\s*", re.I)
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
_RGB = re.compile(r"^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$", re.I)


def relative_luminance(r: int, g: int, b: int) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black … 1 white)."""

    def lin(c: int) -> float:
        s = c / 255.0
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def parse_rgb(text: str) -> tuple[int, int, int] | None:
    t = text.strip()
    m = _HEX.match(t)
    if m:
        h = m.group(1)
        if len(h) == 3:
            h = "".join(ch * 2 for ch in h)
        return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))
    m = _RGB.match(t)
    if m:
        vals = tuple(int(v) for v in m.groups())
        if all(0 <= v <= 255 for v in vals):
            return vals  # type: ignore[return-value]
    return None


@functools.lru_cache(maxsize=1024)  # a plan repeats a few colours over hundreds of counters
def is_dark(text: str | None, max_luminance: float = 0.18) -> bool | None:
    """True/False when the colour is known to be dark/light, None when it cannot be told."""
    if text is None or not str(text).strip():
        return None
    t = str(text).strip().lower()
    neg = _NEGATION.match(t)
    if neg:  # "非深色" is light; "非黑色" says only what it is not
        return False if t[neg.end():].strip() in ("深色", "深", "dark", "dark colour", "dark color") else None
    rgb = parse_rgb(t)
    if rgb is not None:
        return relative_luminance(*rgb) <= max_luminance
    if any(w in t for w in _DARK_WORDS):
        return True
    if any(w in t for w in _LIGHT_WORDS):
        return False
    return None
