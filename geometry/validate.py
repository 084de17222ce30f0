"""Every field of a plan, its type and range, checked once in one place.

The model's dataclasses call :func:`check_fields` when they are built, so no rule can ever receive NaN,
infinity, a negative size, or text where a number belongs, whatever the source.  The readers (project
file, the context a DXF export carries, the command line, the audit's sidecars and CSV) go through
:func:`clean_value` / :func:`context_values`, which take the source's own spelling (``strict`` JSON types
for files HallPlan writes; ``text`` for what people type: ``50万``, ``1,200``, ``是``) and give the same
one-line error naming the field and where it is.

>>> context_values({"population": "50万", "level": "县级"}, "--population", text=True)
{'population': 500000, 'level': 'county'}
>>> try:
...     clean_value(CONTEXT_SPECS["building_area_m2"], "building_area_m2", float("nan"), "context")
... except FieldError as e:
...     print(e.en)
context: building area (building_area_m2) is not a finite number (NaN or infinity)
"""

from __future__ import annotations

import math
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

import numpy as np
import shapely

from geometry.i18n import HallPlanError

LEVELS: tuple[str, ...] = ("city", "county", "park", "township", "village")
COORD_LIMIT_M = 1e9  # |x|, |y| in metres; a plan beyond this is a unit or data error
MAX_TEXT = 10_000  # characters in one text field


class FieldError(HallPlanError, ValueError):
    """A field with a value of the wrong type or out of range (also a ValueError for the model's callers)."""


@dataclass(frozen=True)
class Spec:
    """What one field may hold.  ``kind``: int, float, bool, str, strs (list of text) or choice."""

    kind: str
    zh: str
    en: str
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False  # lo itself is not allowed (a size of 0)
    unit: str = ""
    choices: tuple[str, ...] = ()
    nullable: bool = True


def _num(kind: str, zh: str, en: str, lo: float, hi: float, unit: str = "", lo_open: bool = False) -> Spec:
    return Spec(kind, zh, en, lo=lo, hi=hi, unit=unit, lo_open=lo_open)


CONTEXT_SPECS: dict[str, Spec] = {
    "level": Spec("choice", "级别", "level", choices=LEVELS),
    "population": _num("int", "服务人口", "population", 0, 2_000_000_000),
    "target_grade": _num("int", "目标等级", "target grade", 1, 2),
    "centre_name": Spec("str", "中心名称", "centre name"),
    "building_area_m2": _num("float", "建筑面积", "building area", 0, 1e8, "m²", lo_open=True),
    "footprint_m2": _num("float", "占地面积", "footprint", 0, 1e8, "m²", lo_open=True),
    "floors": _num("int", "楼层数", "floors", 1, 300),
    "north_deg": _num("float", "北向角度", "north direction", -360, 360, "°"),
    "sprinklers": Spec("bool", "自动喷水灭火系统", "sprinklers"),
    "occupant_load": _num("int", "人员数量", "occupant load", 0, 10_000_000),
    "packs": Spec("strs", "规则包", "rule packs"),  # pack ids or .toml paths; absent/null: the built-in packs
    # service capacity analysis (standards.capacity): visitors a day, mean minutes a window serves one
    "daily_visitors": _num("int", "日均办事人次", "daily visitors", 0, 10_000_000),
    "service_minutes": _num("float", "窗口平均办理时间", "mean service time per window", 0, 24 * 60, "min", lo_open=True),
}

SIGNAGE_SPECS: dict[str, Spec] = {
    "text": Spec("str", "标牌文字", "sign text"),
    "languages": Spec("strs", "标牌语言", "sign languages", nullable=False),
    "typeface": Spec("str", "字体", "typeface"),
    "color": Spec("str", "文字颜色", "text colour"),
    "background": Spec("str", "底色", "background colour"),
    "material": Spec("str", "材质", "material"),
    "fixed": Spec("bool", "固定设置", "fixed"),
    "prominent": Spec("bool", "醒目位置", "prominent"),
}

_HEIGHT = _num("float", "台面高度", "top height", 0, 10, "m", lo_open=True)
COMMON_SPECS: dict[str, Spec] = {"id": Spec("str", "编号", "id", nullable=False), "label": Spec("str", "名称", "label", nullable=False)}


def _kinds(zh: str, en: str, table: Mapping[str, Any]) -> Spec:
    return Spec("choice", zh, en, choices=tuple(table), nullable=False)


def object_specs(zone_kinds: Mapping[str, Any], facility_kinds: Mapping[str, Any],
                 obstacle_kinds: Mapping[str, Any]) -> dict[str, dict[str, Spec]]:
    """Per object type: its field specs (names of the types: ``geometry.kinds``).  Built by the model
    from its kind tables."""
    return {
        "zone": {"kind": _kinds("功能区类型", "zone kind", zone_kinds), "seats": _num("int", "座位数", "seats", 0, 1_000_000)},
        "counter": {
            "height_m": _HEIGHT, "color": Spec("str", "颜色", "colour"), "service": Spec("str", "业务", "service", nullable=False),
            "accessible": Spec("bool", "低位(无障碍)", "accessible", nullable=False),
            "sign_zh": Spec("str", "中文标识", "Chinese sign"), "sign_en": Spec("str", "英文标识", "English sign"),
            "front": _num("float", "朝向", "front direction", -720, 720, "°")},
        "consult": {"height_m": _HEIGHT, "accessible": Spec("bool", "低位(无障碍)", "accessible", nullable=False)},
        "entrance": {"main": Spec("bool", "主入口", "main entrance", nullable=False), "accessible": Spec("bool", "无障碍", "accessible"),
                     "exit": Spec("bool", "安全出口", "exit", nullable=False)},
        "obstacle": {"kind": _kinds("障碍物类型", "obstacle kind", obstacle_kinds)},
        "route": {"width_m": _num("float", "宽度", "width", 0, 100, "m", lo_open=True)},
        "parking": {"stalls": _num("int", "车位数", "stalls", 0, 1_000_000),
                    "accessible_stalls": _num("int", "无障碍车位数", "accessible stalls", 0, 1_000_000)},
        "facility": {"kind": _kinds("设施类型", "facility kind", facility_kinds)},
    }


def _show(v: Any) -> tuple[str, str]:
    """How a wrong value is named in a message (short; never a 5,000-digit number in full)."""
    if isinstance(v, HugeInt):
        return f" {len(v):,} 位的数", f"a number of {len(v):,} digits"
    if isinstance(v, bool):
        return (" true" if v else " false"), ("true" if v else "false")
    if isinstance(v, str):
        s = short(v)
        return f"文本“{s}”", f"the text '{s}'"
    if isinstance(v, (int, float)):
        s = repr(v)
        if len(s) > 40:
            return f" {s[:12]}…({len(s):,} 位)", f"{s[:12]}… ({len(s):,} digits)"
        return f" {s}", s
    if isinstance(v, (list, tuple)):
        return "列表", "a list"
    if isinstance(v, dict):
        return "键值表", "an object"
    return type(v).__name__, type(v).__name__


def short(s: str, n: int = 40) -> str:
    """``s`` cut to ``n`` characters for a one-line message, control characters shown escaped.

    >>> short("a\\nb"), short("x" * 50, 5)
    ('a\\\\nb', 'xxxx…')
    """
    s = s if len(s) <= n else s[: n - 1] + "…"
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


Where = str | tuple[str, str] | Callable[[], tuple[str, str]]  # one name, (zh, en), or made only when needed


def place(where: Where) -> tuple[str, str]:
    if callable(where):
        return where()
    return where if isinstance(where, tuple) else (where, where)


def _fail(spec: Spec, name: str, where: Where, zh: str, en: str) -> FieldError:
    wz, we = place(where)
    return FieldError(f"{wz}:{spec.zh}({name}){zh}", f"{we}: {_label_en(spec, name)} {en}")


def _label_en(spec: Spec, name: str) -> str:
    return spec.en if spec.en.replace(" ", "_") == name else f"{spec.en} ({name})"


class HugeInt(str):
    """An integer in a JSON file with more digits than Python converts (4,300): kept as its digits."""


def parse_json_int(digits: str) -> int | HugeInt:
    """``json.loads(parse_int=...)``: a huge integer becomes a value the validators name, not a parse error."""
    return HugeInt(digits) if len(digits.lstrip("-")) > 4000 else int(digits)


_CN_UNITS = {"万": 10_000, "亿": 100_000_000}
_TEXT_NUM = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(万|亿)?\s*(?:人|m²|m2|平方米|㎡)?\s*$")
_TRUE = {"1", "true", "yes", "y", "是", "有", "t"}
_FALSE = {"0", "false", "no", "n", "否", "无", "没有", "f"}
_LEVEL_WORDS = {"市": "city", "县": "county", "区": "county", "园": "park", "乡": "township", "镇": "township",
                "街道": "township", "村": "village", "社区": "village"}
LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "city": ("市级", "city"),
    "county": ("县(市、区)级", "county"),
    "park": ("园区", "industrial park"),
    "township": ("乡镇(街道)", "township"),
    "village": ("村(社区)", "village"),
}


def parse_level(text: str) -> str | None:
    """A level code from what people write (县级, Township, 村(社区)); None when it is none of them.

    >>> parse_level("县级"), parse_level("Township"), parse_level("村(社区)"), parse_level("planet")
    ('county', 'township', 'village', None)
    """
    t = text.strip()
    if t.lower() in LEVELS:
        return t.lower()
    for code, (zh, en) in LEVEL_NAMES.items():
        if t in (zh, en):
            return code
    for word, code in _LEVEL_WORDS.items():  # first match wins: 村(社区) → village, 县(市、区)级 → county
        if t.startswith(word):
            return code
    return None


def _from_text(spec: Spec, name: str, raw: str, where: Where) -> Any:
    """What a person typed, read as the field's kind (``50万``, ``1,200``, ``是``)."""
    t = raw.strip()
    if spec.kind in ("int", "float"):
        m = _TEXT_NUM.match(t.replace(",", "").replace(",", "").replace("_", ""))
        if not m:
            zh, en = _show(raw)
            raise _fail(spec, name, where, f"应为数字,而不是{zh}", f"must be a number, not {en}")
        x = float(m.group(1)) * _CN_UNITS.get(m.group(2) or "", 1)
        if spec.kind == "float":
            return x
        return int(x) if math.isfinite(x) and x.is_integer() else x
    if spec.kind == "bool":
        if t.lower() in _TRUE:
            return True
        if t.lower() in _FALSE:
            return False
        zh, en = _show(raw)
        raise _fail(spec, name, where, f"应为 是/否,而不是{zh}", f"must be yes or no, not {en}")
    if spec.kind == "choice" and name == "level":
        return parse_level(t) or t
    return t


def clean_value(spec: Spec, name: str, value: Any, where: Where, text: bool = False) -> Any:
    """``value`` checked against ``spec`` (and read from text first when ``text``); raises FieldError.

    Integral numbers are accepted for integer fields (``500000.0``); booleans never count as numbers.
    """
    if text and isinstance(value, str) and not isinstance(value, HugeInt):
        if not value.strip():
            value = None
        elif spec.kind not in ("str", "strs"):
            value = _from_text(spec, name, value, where)
    if value is None:
        if spec.nullable:
            return None
        raise _fail(spec, name, where, "缺失", "is missing")
    k = spec.kind
    t = type(value)  # fast paths for the common, valid case (a plan has thousands of objects)
    if t is float and k == "float" and spec.lo is not None and spec.hi is not None and (
            spec.lo < value <= spec.hi or (value == spec.lo and not spec.lo_open)):
        return value
    if t is bool and k == "bool":
        return value
    if t is str and k in ("str", "choice") and value.isascii() and len(value) <= MAX_TEXT and (
            k == "str" or value in spec.choices):
        return value
    shown = value  # as given, for messages (1e30, not the integer it converts to)
    if k in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            zh, en = _show(value)
            what_zh, what_en = ("整数", "a whole number") if k == "int" else ("数字", "a number")
            raise _fail(spec, name, where, f"应为{what_zh},而不是{zh}", f"must be {what_en}, not {en}")
        if isinstance(value, float) and not math.isfinite(value):
            raise _fail(spec, name, where, "不是有限数值(NaN 或无穷大)", "is not a finite number (NaN or infinity)")
        if k == "int":
            if isinstance(value, float):
                if not value.is_integer():
                    raise _fail(spec, name, where, f"应为整数,而不是 {value!r}", f"must be a whole number, not {value!r}")
                value = int(value)
        elif isinstance(value, int) and abs(value) > 1e300:  # beyond any range, and float() would overflow
            zh, en = _show(value)
            raise _fail(spec, name, where, f"超出范围:{zh}", f"is out of range: {en}")
        else:
            value = float(value)
        lo, hi = spec.lo, spec.hi
        assert lo is not None and hi is not None
        if value < lo or (spec.lo_open and value == lo) or value > hi:
            zh, en = _show(shown)
            low_zh = f"大于 {_fmt(lo)} " if spec.lo_open else f"不小于 {_fmt(lo)} "
            low_en = f"more than {_fmt(lo)}" if spec.lo_open else f"at least {_fmt(lo)}"
            raise _fail(spec, name, where, f"应{low_zh}且不大于 {_fmt(hi)} {spec.unit},而不是{zh}".replace(" ,", ","),
                        f"must be {low_en} and at most {_fmt(hi)} {spec.unit}, not {en}".replace(" ,", ","))
        return value
    if k == "bool":
        if not isinstance(value, bool):
            zh, en = _show(value)
            raise _fail(spec, name, where, f"应为 true/false,而不是{zh}", f"must be true or false, not {en}")
        return value
    if k in ("str", "choice"):
        if not isinstance(value, str) or isinstance(value, HugeInt):
            zh, en = _show(value)
            raise _fail(spec, name, where, f"应为文本,而不是{zh}", f"must be text, not {en}")
        _check_field_text(value, spec, name, where)
        if k == "choice" and value not in spec.choices:
            wz, we = place(where)
            shown = short(value)
            raise FieldError(f"{wz}:未知的{spec.zh}({name})“{shown}”(应为 {', '.join(spec.choices)} 之一)",
                             f"{we}: unknown {spec.en} '{shown}' ({name}; expected one of {', '.join(spec.choices)})")
        return value
    if k == "strs":
        if not isinstance(value, (list, tuple)) or not all(isinstance(x, str) for x in value):
            zh, en = _show(value)
            raise _fail(spec, name, where, f"应为文本列表,而不是{zh}", f"must be a list of text, not {en}")
        for x in value:
            _check_field_text(x, spec, name, where)
        return tuple(value)
    raise AssertionError(f"unknown field kind {k}")


def _check_field_text(s: str, spec: Spec, name: str, where: Where) -> None:
    if len(s) > MAX_TEXT or not s.isascii():  # the messages are only built when needed
        check_text(s, f"{place(where)[0]}:{spec.zh}({name})", f"{place(where)[1]}: {_label_en(spec, name)}")


def check_text(s: str, where_zh: str, where_en: str) -> None:
    """Text that can be saved again: not too long, no lone surrogate halves (``"\\ud800"`` in JSON)."""
    if len(s) > MAX_TEXT:
        raise FieldError(f"{where_zh}文本过长({len(s):,} 字符,上限 {MAX_TEXT:,})",
                         f"{where_en} is too long ({len(s):,} characters, the limit is {MAX_TEXT:,})")
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldError(f"{where_zh}含有无效字符(孤立的 UTF-16 代理项)",
                         f"{where_en} holds an invalid character (a lone UTF-16 surrogate)") from None


Repair = list[tuple[Any, str, FieldError]]
_REPAIR: ContextVar[Repair | None] = ContextVar("hallplan_repair", default=None)


@contextmanager
def repairing() -> Iterator[Repair]:
    """Inside: a field that may be unknown and holds a value its spec refuses (a counter height of
    −0.8 m read from a drawing) is set to unknown (None) instead of raising, and text with undecodable
    bytes or over the length limit is mended; each such (object, field, error) is listed, so the
    importer can warn about it.  Outside, the model refuses such values."""
    found: Repair = []
    token = _REPAIR.set(found)
    try:
        yield found
    finally:
        _REPAIR.reset(token)


def check_fields(specs: Mapping[str, Spec], obj: Any, where: Where) -> None:
    """Raise FieldError for the first field of ``obj`` (a dataclass) that its spec does not allow."""
    for name, spec in specs.items():
        value = getattr(obj, name)
        try:
            if spec.kind == "strs" and isinstance(value, tuple):
                clean_value(spec, name, list(value), where)
                continue
            if spec.kind == "float" and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)  # 1 for 1.0 is fine in the model
            if clean_value(spec, name, value, where) != value:
                raise _fail(spec, name, where, f"类型不对:{_show(value)[0].strip()}", f"has the wrong type: {_show(value)[1]}")
        except FieldError as exc:
            fixed: Any = None
            if spec.kind == "str" and isinstance(value, str):  # undecodable bytes (ezdxf's surrogateescape) → U+FFFD
                fixed = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value[:MAX_TEXT])
            elif not spec.nullable:
                raise
            repair_or_raise(obj, name, fixed, exc)


def repair_or_raise(obj: Any, name: str, fixed: Any, exc: FieldError) -> None:
    """Inside :func:`repairing`: set ``obj.name`` (a dataclass being built) to ``fixed`` and list it; else raise."""
    repair = _REPAIR.get()
    if repair is None:
        raise exc
    object.__setattr__(obj, name, fixed)  # frozen dataclass, still being built
    repair.append((obj, name, exc))


def check_at_most(obj: Any, name: str, limit_name: str, specs: Mapping[str, Spec], where: Where) -> None:
    """``obj.name`` ≤ ``obj.limit_name`` when both are known (5 accessible stalls of 1 is a data error)."""
    value, limit = getattr(obj, name), getattr(obj, limit_name)
    if value is None or limit is None or value <= limit:
        return
    wz, we = place(where)
    a, b = specs[name], specs[limit_name]
    exc = FieldError(f"{wz}:{a.zh}({name})为 {value},多于{b.zh}({limit_name}){limit}",
                     f"{we}: {_label_en(a, name)} ({value}) is more than the {_label_en(b, limit_name)} ({limit})")
    repair_or_raise(obj, name, None, exc)


ALIASES = {"name": "centre_name", "building_area": "building_area_m2", "area": "building_area_m2",
           "target": "target_grade", "grade": "target_grade", "footprint": "footprint_m2"}


def context_values(data: Mapping[str, Any], where: Where, text: bool = False, aliases: bool = False) -> dict[str, Any]:
    """Context fields from a mapping, each checked; unknown keys are an error.  ``None`` values are kept.

    ``text``: values may be typed text (sidecars, CSV, the command line); ``aliases``: accept
    ``building_area``, ``name`` … as in the audit's sidecars and CSV.
    """
    out: dict[str, Any] = {}
    for k, v in data.items():
        key = str(k).strip().lower() if aliases else k
        key = ALIASES.get(key, key) if aliases else key
        spec = CONTEXT_SPECS.get(key)
        if spec is None:
            raise FieldError(f"{place(where)[0]}:未知字段“{k}”", f"{place(where)[1]}: unknown field '{k}'")
        out[key] = clean_value(spec, key, v, where, text=text)
    return out


def signage_values(data: Mapping[str, Any], where: Where) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        spec = SIGNAGE_SPECS.get(k)
        if spec is None:
            raise FieldError(f"{place(where)[0]}:未知字段“{k}”", f"{place(where)[1]}: unknown field '{k}'")
        out[k] = clean_value(spec, k, v, where)
    return out


def check_coordinates(geom: Any, where: Where) -> None:
    """Every coordinate finite and within ±10⁹ m (a plan beyond that is a unit or data error).

    GEOS bounds skip NaN vertices, so lines are looked at vertex by vertex; a point's bounds are its
    coordinates, and a polygon with a NaN vertex is not valid (checked with the polygon).
    """
    b = geom.bounds
    if geom.geom_type not in ("Point", "Polygon"):
        xy = shapely.get_coordinates(geom)
        b = (float(xy.min()), float(xy.max())) if xy.size and np.isfinite(xy).all() else (math.nan,)
    if not all(math.isfinite(x) for x in b):
        wz, we = place(where)
        raise FieldError(f"{wz}:坐标不是有限数值(NaN 或无穷大)", f"{we}: coordinates are not finite (NaN or infinity)")
    if any(abs(x) > COORD_LIMIT_M for x in b):
        wz, we = place(where)
        raise FieldError(f"{wz}:坐标超出 ±10⁹ m", f"{we}: coordinates beyond ±10⁹ m")
