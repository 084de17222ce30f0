"""Build the bundled CJK font: assets/fonts/HallPlanSansSC-Regular.ttf.

Source: Noto Sans CJK SC Regular (SIL OFL 1.1), e.g. Debian's fonts-noto-cjk
``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc`` (face 2, "Noto Sans CJK SC") or
``NotoSansCJKsc-Regular.otf`` from https://github.com/googlefonts/noto-cjk.

Steps: subset to GB 2312 + Latin-1 + common symbols + every CJK character in HallPlan's own
sources, then convert the CFF (cubic) outlines to TrueType (quadratic) glyphs with cu2qu — because
reportlab embeds TrueType outlines only, and matplotlib and Qt load TrueType everywhere.  The
family is renamed ("HallPlan Sans SC") as the OFL asks of modified versions.

    python scripts/build_cjk_font.py [SOURCE.ttc|.otf] [--index 2]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "fonts" / "HallPlanSansSC-Regular.ttf"
FAMILY = "HallPlan Sans SC"
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def charset() -> set[int]:
    cps: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    for lo, hi in ((0x2000, 0x206F), (0x2100, 0x214F), (0x2150, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF),
                   (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x2700, 0x27BF),
                   (0x3000, 0x303F), (0xFF00, 0xFFEF), (0x0391, 0x03C9)):
        cps |= set(range(lo, hi + 1))
    for b1 in range(0xA1, 0xF8):  # GB 2312: symbols (A1–A9) and both levels of hanzi (B0–F7)
        for b2 in range(0xA1, 0xFF):
            try:
                cps.add(ord(bytes([b1, b2]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    for d in ("geometry", "standards", "planner", "assets", "docs", "tests"):
        for f in (ROOT / d).rglob("*"):
            if f.suffix in (".py", ".toml", ".md", ".json", ".hallplan", ".csv") and f.is_file():
                cps |= {ord(ch) for ch in _CJK.findall(f.read_text(encoding="utf-8", errors="ignore"))}
    return cps


def cff_to_glyf(font: TTFont, max_err: float = 1.0) -> None:
    """Replace CFF outlines by TrueType glyphs (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font["maxp"].tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(font["maxp"], attr, 0)
    font["maxp"].maxZones = 1
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font["post"].glyphOrder = order
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def rename(font: TTFont) -> None:
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = FAMILY
        elif rec.nameID == 6:
            rec.string = FAMILY.replace(" ", "") + "-Regular"
        elif rec.nameID == 3:
            rec.string = f"{FAMILY} Regular; subset of Noto Sans CJK SC for HallPlan"
        elif rec.nameID == 17:
            rec.string = "Regular"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("source", nargs="?", default="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    ap.add_argument("--index", type=int, default=2, help="face in a .ttc (2 = Noto Sans CJK SC in Debian's file)")
    a = ap.parse_args()
    font = TTFont(a.source, fontNumber=a.index, lazy=False)
    opts = subset.Options()
    opts.layout_features = []  # horizontal text only: no alternates, smaller file
    opts.hinting = False
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["VORG", "vhea", "vmtx", "DSIG", "BASE", "GPOS", "GSUB"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=charset())
    sub.subset(font)
    cff_to_glyf(font)
    rename(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"{OUT} {OUT.stat().st_size / 1e6:.2f} MB, {len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    main()
