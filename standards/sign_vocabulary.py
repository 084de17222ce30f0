"""Words for the name sign: colours, typefaces and materials in Chinese and English.

The SIGNAGE rule asks whether what the user typed *is* gold, Song, copper …  A substring test
would call 金属灰 (metallic grey) and 非金色 (not gold) gold and 仿宋 (FangSong) Song.  Here a value
is read as a phrase: modifiers (金属, 哑光, metallic, matt) are set aside, the head word decides
(in Chinese and English the head comes last: 金属灰 is a grey, 香槟金 a gold), a negation (非, 不是,
not, non-) turns a match into a mismatch, and hex or RGB colours are classed by hue, saturation
and lightness.  What the vocabulary cannot read is ``None`` (the rule then says to confirm).

>>> [matches("color", v, "gold") for v in ("金色", "金属灰", "非金色", "#D4AF37", "香槟金", "紫罗兰")]
[True, False, False, True, True, None]
>>> [matches("typeface", v, "song") for v in ("宋体", "仿宋", "方正小标宋", "SimSun", "黑体", "Comic Neue", "Songti SC")]
[True, False, True, True, False, None, True]
>>> [matches("material", v, "copper") for v in ("铜牌", "不锈钢", "brass plaque", "非铜质", "纸")]
[True, False, True, False, None]
"""

from __future__ import annotations

import colorsys
import re

from standards.colors import parse_rgb

# canonical name -> words (Chinese and English, lower case); longest words are matched first
COLOURS: dict[str, tuple[str, ...]] = {
    "gold": ("金色", "金黄", "金", "香槟金", "玫瑰金", "gold", "golden", "gilt", "gilded"),
    "red": ("红色", "红", "大红", "中国红", "朱红", "red", "crimson", "scarlet", "vermilion"),
    "yellow": ("黄色", "黄", "明黄", "yellow"),
    "grey": ("灰色", "灰", "grey", "gray"),
    "silver": ("银色", "银", "silver"),
    "white": ("白色", "白", "white"),
    "black": ("黑色", "黑", "black"),
    "blue": ("蓝色", "蓝", "blue", "navy"),
    "green": ("绿色", "绿", "green"),
    "brown": ("棕色", "棕", "褐", "咖啡", "brown"),
    "orange": ("橙色", "橙", "orange"),
    "purple": ("紫色", "紫", "purple", "violet"),
    "copper": ("铜色", "古铜", "copper", "bronze"),
}
# words that qualify a colour without being one (a longer match wins: 金属 before 金)
COLOUR_MODIFIERS = ("金属", "金属色", "哑光", "亮光", "拉丝", "磨砂", "仿", "深", "浅", "淡", "亮", "暗",
                    "metallic", "metal", "matt", "matte", "brushed", "dark", "light", "bright", "pale", "deep",
                    "coloured", "colored", "colour", "color")

TYPEFACES: dict[str, tuple[str, ...]] = {
    # FangSong is its own family, not a Song: listed first so 仿宋 is never read as 宋
    "fangsong": ("仿宋", "仿宋体", "仿宋_gb2312", "fangsong", "fang song", "simfang", "stfangsong"),
    "song": ("宋体", "宋", "标宋", "小标宋", "中宋", "粗宋", "书宋", "报宋", "思源宋体", "华文宋体", "simsun", "nsimsun",
             "songti", "song", "stsong", "stzhongsong", "source han serif", "noto serif cjk", "ming", "mingliu"),
    "kai": ("楷体", "楷", "kaiti", "kai", "stkaiti", "simkai"),
    "hei": ("黑体", "微软雅黑", "雅黑", "思源黑体", "simhei", "heiti", "hei", "yahei", "microsoft yahei",
            "source han sans", "noto sans cjk", "arial", "helvetica"),
    "li": ("隶书", "隶", "lishu", "simli"),
    "xingkai": ("行楷", "xingkai", "stxingkai"),
}

MATERIALS: dict[str, tuple[str, ...]] = {
    "copper": ("铜", "铜牌", "黄铜", "紫铜", "青铜", "copper", "brass", "bronze"),
    "steel": ("不锈钢", "钢", "铁", "stainless", "steel", "iron"),
    "aluminium": ("铝", "铝板", "aluminium", "aluminum"),
    "wood": ("木", "木牌", "实木", "wood", "wooden", "timber"),
    "acrylic": ("亚克力", "有机玻璃", "acrylic", "perspex", "plexiglass"),
    "stone": ("石", "石材", "大理石", "花岗岩", "stone", "marble", "granite"),
    "plastic": ("塑料", "pvc", "plastic"),
}

TYPE_MODIFIERS = ("方正", "华文", "汉仪", "字体", "简体", "繁体", "gb2312", "sc", "tc", "std", "pro", "regular", "bold",
                  "light", "medium", "font", "typeface", "简", "繁")
MATERIAL_MODIFIERS = ("材质", "牌", "板", "质", "镀", "拉丝", "plaque", "plate", "sign", "board", "plated", "brushed")
_MODIFIERS = {"color": COLOUR_MODIFIERS, "background": COLOUR_MODIFIERS, "typeface": TYPE_MODIFIERS,
              "material": MATERIAL_MODIFIERS}

_NEGATION = re.compile(r"^\s*(非|不是|不用|不为|无|没有|not\b|non-?|no\b)\s*", re.I)


def _vocab(facet: str) -> dict[str, tuple[str, ...]]:
    return {"color": COLOURS, "background": COLOURS, "typeface": TYPEFACES, "material": MATERIALS}[facet]


def _tokens(text: str, vocab: dict[str, tuple[str, ...]], modifiers: tuple[str, ...]) -> list[str] | None:
    """The canonical names found in ``text`` in order; None when something is left unread."""
    words = sorted(((w, name) for name, ws in vocab.items() for w in ws), key=lambda p: -len(p[0]))
    words += [(m, "") for m in modifiers]
    words.sort(key=lambda p: -len(p[0]))
    t = text.lower()
    out: list[str] = []
    i = 0
    while i < len(t):
        if t[i] in " -_/,.()()、·色体字":
            i += 1
            continue
        for w, name in words:
            ascii_word = w.isascii() and w[:1].isalpha()
            if t.startswith(w, i) and (not ascii_word or not t[i + len(w):i + len(w) + 1].isalpha()):
                if name:
                    out.append(name)
                i += len(w)
                break
        else:
            return None  # a word the vocabulary does not know
    return out


def colour_of_rgb(rgb: tuple[int, int, int]) -> str | None:
    """The colour name of an sRGB value by hue, saturation and lightness; None near a boundary.

    >>> colour_of_rgb((0xD4, 0xAF, 0x37)), colour_of_rgb((0xFF, 0xD7, 0x00)), colour_of_rgb((0x80, 0x80, 0x80))
    ('gold', 'gold', 'grey')
    >>> colour_of_rgb((0xC8, 0x10, 0x2E)), colour_of_rgb((0xFF, 0xFF, 0x00))
    ('red', 'yellow')
    """
    h, lum, s = colorsys.rgb_to_hls(*(c / 255.0 for c in rgb))
    hue = h * 360.0
    if lum <= 0.10:
        return "black"
    if lum >= 0.94:
        return "white"
    if s < 0.12:
        return "grey"
    if s < 0.2:
        return None  # greyish: cannot tell
    for name, lo, hi in (("red", -12, 12), ("orange", 18, 34), ("gold", 38, 54), ("yellow", 57, 68),
                         ("green", 80, 165), ("blue", 190, 250), ("purple", 265, 320)):
        h2 = hue - 360 if hue > 180 and lo < 0 else hue
        if lo <= h2 <= hi:
            if name == "gold" and lum > 0.8:
                return None  # a pale cream is not gold, not clearly anything
            return name
    return None  # between two hues


def classify(facet: str, value: str | None) -> tuple[str | None, bool]:
    """(canonical name or None, negated) for a typed value of ``facet`` (color, background, typeface, material)."""
    if value is None or not str(value).strip():
        return None, False
    text = str(value).strip()
    m = _NEGATION.match(text)
    negated = bool(m)
    if m:
        text = text[m.end():]
    if facet in ("color", "background"):
        rgb = parse_rgb(text)
        if rgb is not None:
            return colour_of_rgb(rgb), negated
    names = _tokens(text, _vocab(facet), _MODIFIERS[facet])
    if not names:
        return None, negated
    return names[-1], negated  # the head word comes last


def matches(facet: str, value: str | None, want: str) -> bool | None:
    """Whether ``value`` is ``want`` (True/False), or None when the vocabulary cannot tell."""
    name, negated = classify(facet, value)
    if name is None:
        return None
    if negated:
        return False if name == want else None  # "not red" does not say which colour it is
    return name == want
