"""Names of plan objects for people: what a reviewer sees on the drawing, never an internal id.

Every rule message names its objects through :func:`object_name`, in both languages:
服务台 3 号窗口 / counter window 3, 主入口 / the main entrance, 等候区 2 / waiting area 2.
A number is added only when the plan holds more than one object of the same sort; it counts
the objects of that sort in the plan's order (the order they are drawn and listed).

>>> from shapely.geometry import LineString, box
>>> from geometry.model import Counter, Entrance, Plan, Zone
>>> p = Plan(hall=box(0, 0, 30, 20), objects=(
...     Counter(id="c-a", geometry=box(1, 1, 2.6, 1.8)),
...     Counter(id="c-b", geometry=box(3, 1, 4.6, 1.8), service="社保"),
...     Entrance(id="e1", geometry=LineString([(5, 0), (7, 0)]), main=True),
...     Zone(id="z9", geometry=box(10, 10, 20, 15), kind="waiting")))
>>> object_name(p.get("c-b"), p, "zh"), object_name(p.get("c-b"), p, "en")
('服务台 2 号窗口(社保)', 'counter window 2')
>>> object_name("e1", p, "zh"), object_name("e1", p, "en")
('主入口', 'the main entrance')
>>> object_name("z9", p, "en")
'the waiting area'
>>> sentence_start(object_name("z9", p, "en"))
'The waiting area'
"""

from __future__ import annotations

import functools
import re
from typing import Sequence

from geometry.kinds import KINDS
from geometry.model import (FACILITY_KINDS, OBSTACLE_KINDS, ZONE_KINDS, Counter, Entrance, Facility, Obstacle, Parking,
                            Plan, PlanObject, Zone)

# words that keep their capitals in English text
_ACRONYMS = ("CCTV", "ID")


@functools.cache
def _cjk() -> re.Pattern[str]:
    """Chinese characters and full-width punctuation; compiled on first use: the class of 30,000
    characters takes 2 ms, which a check that names nothing need not spend."""
    return re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese characters or full-width punctuation.

    >>> has_cjk("counter 3"), has_cjk("主入口")
    (False, True)
    """
    return bool(_cjk().search(text))


def english_noun(name: str) -> str:
    """A kind's English name as it reads inside a sentence: lower case, acronyms kept.

    >>> english_noun("CCTV camera"), english_noun("Waiting area"), english_noun("ID-card reader")
    ('CCTV camera', 'waiting area', 'ID-card reader')
    """
    if any(name.startswith(a) for a in _ACRONYMS):
        return name
    return name[:1].lower() + name[1:]


def sentence_start(text: str) -> str:
    """``text`` with its first letter capitalised (for a name that opens an English sentence).

    >>> sentence_start("the main entrance is 3 m wide")
    'The main entrance is 3 m wide'
    """
    return text[:1].upper() + text[1:]


def _sort_key(obj: PlanObject) -> str:
    """Objects counted together: counters, desks, entrances ... and zones/facilities of one kind."""
    kind = getattr(obj, "kind", "")
    return f"{obj.KIND}:{kind}" if isinstance(obj, (Zone, Facility, Obstacle)) else obj.KIND


_last_table: "tuple[Plan, dict[str, tuple[int, int]]] | None" = None


def _ordinals(plan: Plan) -> dict[str, tuple[int, int]]:
    """Every object's (position among its sort, how many of that sort): built once per plan value.

    A report names hundreds of objects of one plan; counting the plan's objects for each name made the
    500-counter benchmark hall's seed rules take 1.8 s instead of 30 ms.  Plans are immutable values, so
    the table of the last plan named is kept (a new plan after an edit builds a new one).
    """
    global _last_table
    last = _last_table
    if last is not None and last[0] is plan:
        return last[1]
    groups: dict[str, list[str]] = {}
    for o in plan.objects:
        if isinstance(o, Entrance) and o.main:  # the main entrance has its own name; number the others
            continue
        groups.setdefault(_sort_key(o), []).append(o.id)
    table = {oid: (i, len(ids)) for ids in groups.values() for i, oid in enumerate(ids, start=1)}
    _last_table = (plan, table)
    return table


def _ordinal(obj: PlanObject, plan: Plan | None) -> tuple[int, int]:
    """(position among objects of the same sort, how many there are); (1, 1) without a plan."""
    if plan is None:
        return 1, 1
    found = _ordinals(plan).get(obj.id)
    if found is not None:
        return found
    same = [o for o in plan.objects if _sort_key(o) == _sort_key(obj)
            and not (isinstance(o, Entrance) and o.main)]  # an object not (yet) on the plan comes last
    return len(same) + 1, len(same)


def _numbered(zh: str, en: str, n: int, total: int, lang: str) -> str:
    if lang == "en":
        return f"{english_noun(en)} {n}" if total > 1 else f"the {english_noun(en)}"
    return f"{zh} {n}" if total > 1 else zh


def _user_label(obj: PlanObject, lang: str) -> str | None:
    """The label the user wrote, when it can be shown in ``lang`` (Chinese labels only in Chinese)."""
    label = (obj.label or "").strip()
    if not label or (lang == "en" and has_cjk(label)):
        return None
    return label


def _counter(obj: Counter, plan: Plan | None, lang: str) -> str:
    n, _ = _ordinal(obj, plan)
    label = _user_label(obj, lang)
    if lang == "en":
        name = f"counter {label}" if label else f"counter window {n}"
        return name + (f" ({obj.service})" if obj.service and not has_cjk(obj.service) else "")
    if label:
        name = label if ("窗口" in label or "服务台" in label) else f"服务台 {label}"
    else:
        name = f"服务台 {n} 号窗口"
    return name + (f"({obj.service})" if obj.service else "")


def _entrance(obj: Entrance, plan: Plan | None, lang: str) -> str:
    if obj.main:
        return "the main entrance" if lang == "en" else "主入口"
    n, total = _ordinal(obj, plan)
    label = _user_label(obj, lang)
    if lang == "en":
        return f"entrance {n}" if total > 1 else "the side entrance"
    if label and label not in ("出入口", "入口"):
        return f"{label}({n} 号出入口)" if total > 1 else label
    return f"{n} 号出入口" if total > 1 else "次入口"


def object_name(obj: PlanObject | str, plan: Plan | None, lang: str = "zh") -> str:
    """The name a person uses for ``obj`` (an object or its id) on ``plan``, in ``lang`` ("zh"/"en").

    English names are written for the middle of a sentence ("the waiting area", "counter window 3");
    wrap with :func:`sentence_start` where one opens a sentence.  An id the plan does not hold is
    named by its sort only ("对象" / "an object"), never shown raw.
    """
    if isinstance(obj, str):
        found = plan.get(obj) if plan is not None else None
        if found is None:
            return "an object" if lang == "en" else "对象"
        obj = found
    if isinstance(obj, Counter):
        return _counter(obj, plan, lang)
    if isinstance(obj, Entrance):
        return _entrance(obj, plan, lang)
    n, total = _ordinal(obj, plan)
    label = _user_label(obj, lang)
    if isinstance(obj, Zone):
        zh, en = ZONE_KINDS.get(obj.kind, ZONE_KINDS["other"])
        if obj.kind == "other":
            zh, en = "功能区", "Zone"
    elif isinstance(obj, Facility):
        zh, en = FACILITY_KINDS.get(obj.kind, FACILITY_KINDS["other"])
    elif isinstance(obj, Obstacle):
        zh, en = OBSTACLE_KINDS.get(obj.kind, OBSTACLE_KINDS["other"])
    elif isinstance(obj, Parking):
        zh, en = "停车场", "Car park"
    else:  # named as its kind is (geometry.kinds)
        kind = KINDS.get(obj.KIND)
        zh, en = (kind.zh, kind.en) if kind is not None else ("对象", "Object")
    if label and lang == "zh" and label != zh:
        return f"{label}({zh} {n})" if total > 1 and zh not in label else label
    if label and lang == "en":
        return f"{english_noun(en)} {label}"
    return _numbered(zh, en, n, total, lang)


def names(objs: Sequence[PlanObject | str], plan: Plan | None, lang: str = "zh", limit: int = 5) -> str:
    """Several objects named in one list ("服务台 1 号窗口、服务台 2 号窗口 等 7 处").

    >>> names([], None, "en")
    ''
    """
    items: "list[PlanObject | str]" = list(objs)
    shown = [object_name(o, plan, lang) for o in items[:limit]]
    rest = len(objs) - len(shown)
    if lang == "en":
        text = ", ".join(shown)
        return text + (f" and {rest} more" if rest > 0 else "")
    text = "、".join(shown)
    return text + (f" 等 {len(objs)} 处" if rest > 0 else "")
