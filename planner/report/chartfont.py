"""A small font for the charts: the CJK face cut down to the characters charts can print.

matplotlib subsets the embedded TrueType font on every ``savefig`` (fontTools), and with a
GB 2312-sized face that is most of a chart's cost (≈ 0.05 s per subset, two per figure).  Charts
print only HallPlan's own words (titles, zone and level names, grades, numbers), so a face of a
few hundred glyphs serves them; it is made once per user (in matplotlib's cache folder, keyed by
the source font and the character set) and put first in the family list, with the full face after
it: matplotlib falls back glyph by glyph, so a character outside the cut still prints.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path

from geometry.model import LEVEL_NAMES, ZONE_KINDS

FAMILY = "HallPlan Chart Sans"
_HERE = Path(__file__).resolve().parent
_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


def chart_chars() -> str:
    """Every character a chart may print: ASCII, Latin-1, common symbols and HallPlan's words."""
    text = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(chr(c) for c in range(0xA0, 0x100))
    text += "–—‘’“”…•≥≤±×÷−→←↑↓√°%‰²³·"
    for f in sorted(_HERE.glob("*.py")):
        text += "".join(_CJK.findall(f.read_text(encoding="utf-8")))
    for zh, en in list(ZONE_KINDS.values()) + list(LEVEL_NAMES.values()):
        text += zh + en
    return "".join(sorted(set(text)))


def _build(src: Path, index: int, chars: str, out: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(src), fontNumber=index)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = FAMILY
        elif rec.nameID == 6:
            rec.string = FAMILY.replace(" ", "")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(tmp))
    os.replace(tmp, out)


@functools.lru_cache(maxsize=4)
def chart_family(src: str, index: int = 0) -> str | None:
    """Register the small chart face cut from ``src`` with matplotlib; its family name, or None."""
    try:
        import matplotlib
        from matplotlib import font_manager

        chars = chart_chars()
        st = os.stat(src)
        key = hashlib.sha1(f"{src}|{index}|{st.st_size}|{st.st_mtime_ns}|{chars}".encode()).hexdigest()[:16]
        out = Path(matplotlib.get_cachedir()) / "hallplan" / f"chart-{key}.ttf"  # per user, like matplotlib's own
        if not out.is_file():
            _build(Path(src), index, chars, out)
        font_manager.fontManager.addfont(str(out))
        return FAMILY
    except Exception:  # no cut face: the charts use the full one, only slower
        return None
