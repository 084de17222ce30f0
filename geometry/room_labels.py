"""What a room label on a Chinese drawing says: the room's name and the area it states.

TArch and hand-drawn area plans write ``名称:走廊 使用面积:577.52㎡``, ``办公室 12.68m2``, ``面积 12.68m²``,
``S=12.68``, ``12.68平方米``; a floor's building area stands as ``本层建筑面积:286.73m2``.  Square
millimetres are never an area here (``12680000mm2`` is a dimension's unit, not a room's area).

>>> parse_label("名称:走廊 使用面积:577.52㎡"), parse_label("母婴房间 8.50㎡")
(('走廊', 577.52), ('母婴房间', 8.5))
>>> parse_label("办公室  S=12.68"), parse_label("面积 12.68m2"), parse_label("库房 12680000mm2")
(('办公室', 12.68), ('', 12.68), ('库房', None))
>>> parse_label("m²"), parse_label("m³/h"), parse_label("°C"), parse_label("WC")
(('', None), ('', None), ('', None), ('WC', None))
>>> building_area_text("本层建筑面积:286.73m2"), building_area_text("总建筑面积 1,286.5 ㎡")
(('floor', 286.73), ('total', 1286.5))
"""

from __future__ import annotations

import re

_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_UNIT = r"(?:㎡|m²|m2|M2|M²|平方米|平米|sqm)"
# an area with its unit (not mm², not cm²): "12.68㎡", "12.68 m2"
_WITH_UNIT = re.compile(rf"(?<![\d.]){_NUM}\s*{_UNIT}(?![\w])")
# an area after its keyword: "面积:12.68", "S=12.68", "A=12.68" (unit optional, but never mm/cm)
_AFTER_KEY = re.compile(rf"(?:(?:使用面积|建筑面积|套内面积|净面积|面积)\s*[:：=]?|(?<![A-Za-z])[SA]\s*[:：=])\s*{_NUM}(?!\s*(?:mm|cm|MM|CM|毫米|厘米))"
                        rf"(?:\s*{_UNIT})?")
_KEYWORDS = re.compile(r"(?:房间名称|名称|房间|使用面积|建筑面积|套内面积|净面积|面积|(?<![A-Za-z])[SA])\s*[:：=]")  # "名称:" — never 房 of 母婴房间
_FLOOR_BA = re.compile(rf"(本层|总|总计|合计)?\s*建筑面积\s*[:：=]?\s*{_NUM}\s*{_UNIT}?")
_SMALL_UNITS = re.compile(rf"{_NUM}\s*(?:mm|cm|MM|CM)(?:2|²)?(?![\w])")  # a dimension in a label is never its name
_PUNCT = " \t:：=,，;；/()（）[]【】-_·."
# a text that is only a unit is a label's unit, not its name (room stamps hold "m²", "m³/h", "lx", "°C" beside
# their values, each a text of its own)
_ONLY_UNIT = re.compile(r"(?:m|m2|m²|m3|m³|㎡|m3/h|m³/h|l/s|lx|w|kw|°c|℃|k|pa|db|%|os|pers)", re.IGNORECASE)


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def stated_area(text: str) -> float | None:
    """The area (m²) a label states, None when it states none.

    >>> stated_area("使用面积:12.68㎡"), stated_area("S=12.68"), stated_area("3600"), stated_area("12.68平方米")
    (12.68, 12.68, None, 12.68)
    """
    m = _AFTER_KEY.search(text) or _WITH_UNIT.search(text)
    if m is None:
        return None
    value = _num(m.group(1))
    return value if 0 < value < 1e8 else None


def parse_label(text: str) -> tuple[str, float | None]:
    """(name, stated area m² or None) of a room label; the name is "" when the label only states
    an area (TArch writes the name and the area as two texts)."""
    area = stated_area(text)
    rest = text
    for m in (_AFTER_KEY, _WITH_UNIT, _SMALL_UNITS):
        rest = m.sub(" ", rest)
    rest = _KEYWORDS.sub(" ", rest)
    name = " ".join(rest.split()).strip(_PUNCT)
    if not any(c.isalpha() for c in name) or _ONLY_UNIT.fullmatch(name):
        name = ""
    return name, area


def building_area_text(text: str) -> tuple[str, float] | None:
    """("floor" | "total", m²) when the text states a building area (``本层建筑面积:286.73m2``,
    ``总建筑面积 …``); a bare ``建筑面积`` is a floor's."""
    m = _FLOOR_BA.search(text)
    if m is None:
        return None
    value = _num(m.group(2))
    if not 0 < value < 1e8:
        return None
    return ("total" if m.group(1) in ("总", "总计", "合计") else "floor"), value


_TITLE = re.compile(r"([^\s:：]{0,12}?(?:层|楼)[^\s:：]{0,6}?)平面图")


def floor_title(text: str) -> str | None:
    """The floor a drawing title names (``一层平面图`` → ``一层``), None for other texts.

    >>> floor_title("一层平面图 1:100"), floor_title("二层平面图"), floor_title("总平面图"), floor_title("办公室")
    ('一层', '二层', None, None)
    """
    m = _TITLE.search(text.replace(" ", ""))
    return m.group(1) if m else None


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FLOOR_NUM = re.compile(r"(地下|负|-|B)?\s*([0-9]+|[零〇一二两三四五六七八九十]+)\s*(层|楼|F)?$", re.IGNORECASE)


def _cn_number(s: str) -> int | None:
    """A number written in digits or Chinese numerals up to 99 (十二 → 12, 二十 → 20)."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _CN_DIGITS.get(a, -1) if a else 1
        ones = _CN_DIGITS.get(b, -1) if b else 0
        return tens * 10 + ones if tens >= 0 and ones >= 0 and "十" not in b else None
    return _CN_DIGITS.get(s) if len(s) == 1 else None


def floor_rank(name: str) -> int | None:
    """The storey a floor's name says, for ordering floors: 1 for the ground floor (一层, 首层, 底层,
    1F, F1, 1层), 2 for the next, negative below ground (地下一层, 负一层, B1); None when it says none.

    >>> [floor_rank(s) for s in ("一层", "首层", "二层", "十二层", "2F", "F3", "地下一层", "B2", "3楼", "屋顶层", "")]
    [1, 1, 2, 12, 2, 3, -1, -2, 3, None, None]
    """
    s = "".join(name.split()).replace("平面图", "")
    if not s:
        return None
    if s.startswith(("首层", "底层", "首", "一楼")) and len(s) <= 3:
        return 1
    m = re.fullmatch(r"[Ff]\s*([0-9]+)", s)
    if m:
        return int(m.group(1))
    m = _FLOOR_NUM.fullmatch(s)
    if not m:
        return None
    n = _cn_number(m.group(2))
    if n is None or n == 0:
        return None
    return -n if m.group(1) else n


def is_area_label(text: str) -> bool:
    """True when a text is only an area (``12.68㎡``), no name."""
    name, area = parse_label(text)
    return area is not None and not name
