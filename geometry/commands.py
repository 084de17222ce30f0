"""Edit commands: every change to a plan is a command with pure ``do``/``undo``.

A command never mutates a plan; ``do(plan)`` returns the edited plan and
``undo(plan)`` the plan as it was.  The editor wraps them in QUndoCommand.

>>> from shapely.geometry import box
>>> from geometry.model import Plan, Counter
>>> p0 = Plan().with_object(Counter(id="c1", geometry=box(0, 0, 1.6, 0.8)))
>>> cmd = move(p0, ["c1"], 2.0, 1.0)
>>> p1 = cmd.do(p0)
>>> p1.get("c1").geometry.bounds
(2.0, 1.0, 3.6, 1.8)
>>> cmd.undo(p1) == p0
True
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Protocol

from shapely import affinity
from shapely.geometry import Polygon

from geometry.kinds import KINDS, SINGLE_KINDS
from geometry.model import SINGLE_TYPES, Context, Counter, Plan, PlanObject, Signage, check_object


class Command(Protocol):
    @property
    def text_zh(self) -> str: ...

    @property
    def text_en(self) -> str: ...

    def do(self, plan: Plan) -> Plan: ...

    def undo(self, plan: Plan) -> Plan: ...


@dataclass(frozen=True)
class ReplaceObjects:
    """Swap a set of objects for another (move, rotate, resize, property edit, add, delete).

    Replaced objects keep their place in the plan's object order, removed ones
    leave it, new ones are appended.  ``old_index`` (filled by :meth:`of`) lets
    ``undo`` put removed objects back exactly where they were.
    """

    old: tuple[PlanObject, ...]
    new: tuple[PlanObject, ...]
    old_index: tuple[int, ...] = ()
    text_zh: str = "编辑"
    text_en: str = "Edit"

    @classmethod
    def of(cls, plan: Plan, old: "tuple[PlanObject, ...]", new: "tuple[PlanObject, ...]",
           text_zh: str = "编辑", text_en: str = "Edit") -> "ReplaceObjects":
        pos = {o.id: i for i, o in enumerate(plan.objects)}
        for o in old:
            if o.id not in pos:
                raise KeyError(f"no such object: {o.id}")
        return cls(tuple(old), tuple(new), tuple(pos[o.id] for o in old), text_zh, text_en)

    @classmethod
    def removing(cls, plan: Plan, ids: "tuple[str, ...] | list[str]") -> "ReplaceObjects":
        wanted = set(ids)
        old = tuple(o for o in plan.objects if o.id in wanted)
        missing = wanted - {o.id for o in old}
        if missing:
            raise KeyError(f"no such object: {', '.join(sorted(missing))}")
        return cls.of(plan, old, (), *_named("删除", "Delete", old))

    @staticmethod
    def _swap(plan: Plan, out: "tuple[PlanObject, ...]", into: "tuple[PlanObject, ...]",
              index: "dict[str, int] | None") -> Plan:
        out_ids = {o.id for o in out}
        for oid in out_ids:
            if oid not in plan:
                raise KeyError(f"no such object: {oid}")
        for o in into:
            check_object(o)
        by_id = {o.id: o for o in into}
        objs: list[PlanObject] = []
        for o in plan.objects:
            if o.id in out_ids:
                if o.id in by_id:
                    objs.append(by_id.pop(o.id))
            else:
                objs.append(o)
        rest = [o for o in into if o.id in by_id]
        if index:
            for o in sorted(rest, key=lambda o: index.get(o.id, len(objs))):
                objs.insert(min(index.get(o.id, len(objs)), len(objs)), o)
        else:
            objs.extend(rest)
        return replace(plan, objects=tuple(objs))

    def do(self, plan: Plan) -> Plan:
        return self._swap(plan, self.old, self.new, None)

    def undo(self, plan: Plan) -> Plan:
        index = {o.id: i for o, i in zip(self.old, self.old_index)} if self.old_index else None
        return self._swap(plan, self.new, self.old, index)


# what the undo history calls objects: kind -> (zh, en one, en many), from the kinds' descriptors
KIND_WORDS: dict[str, tuple[str, str, str]] = {k.code: (k.zh, k.en_lower, k.en_plural) for k in KINDS.values()}


def describe(objects: "tuple[PlanObject, ...] | list[PlanObject]") -> tuple[str, str]:
    """How the history names a set of objects.

    >>> from shapely.geometry import box
    >>> describe([Counter(id=f"c{i}", geometry=box(i, 0, i + 1, 1)) for i in range(12)])
    ('12 个服务台', '12 counters')
    """
    kinds = {o.KIND for o in objects}
    n = len(objects)
    if len(kinds) != 1:
        return f"{n} 个对象", f"{n} objects" if n != 1 else "1 object"
    zh, one, many = KIND_WORDS.get(next(iter(kinds)), ("对象", "object", "objects"))
    if n == 1:
        return zh, one
    return f"{n} 个{zh}", f"{n} {many}"


def _named(verb_zh: str, verb_en: str, objects: "tuple[PlanObject, ...] | list[PlanObject]") -> tuple[str, str]:
    zh, en = describe(objects)
    return f"{verb_zh} {zh}", f"{verb_en} {en}"


def add_objects(plan: Plan, objects: "tuple[PlanObject, ...] | list[PlanObject]") -> ReplaceObjects:
    """A command that adds objects (ids must be new to the plan).  An object of a single-instance kind
    (the hall, the building) replaces the plan's one in the same step."""
    for o in objects:
        if o.id in plan:
            raise ValueError(f"duplicate object id {o.id!r}")
    gone = tuple(old for old in (plan.single(k) for k in sorted({o.KIND for o in objects} & SINGLE_KINDS)) if old is not None)
    if gone:
        return ReplaceObjects.of(plan, gone, tuple(objects), *_named("添加", "Add", objects))
    return ReplaceObjects((), tuple(objects), (), *_named("添加", "Add", objects))


def _transformed(plan: Plan, ids: "tuple[str, ...] | list[str]", fn: Any) -> tuple[tuple[PlanObject, ...], tuple[PlanObject, ...]]:
    old = []
    for oid in ids:
        o = plan.get(oid)
        if o is None:
            raise KeyError(f"no such object: {oid}")
        old.append(o)
    return tuple(old), tuple(o.with_geometry(fn(o.geometry)) for o in old)


def move(plan: Plan, ids: "tuple[str, ...] | list[str]", dx: float, dy: float) -> ReplaceObjects:
    """Move objects by (dx, dy) metres.  The command keeps the old geometry, so undo is exact."""
    old, new = _transformed(plan, ids, lambda g: affinity.translate(g, dx, dy))
    return ReplaceObjects.of(plan, old, new, *_named("移动", "Move", old))


def rotate(plan: Plan, ids: "tuple[str, ...] | list[str]", angle: float, origin: tuple[float, float]) -> ReplaceObjects:
    """Rotate objects by ``angle`` degrees counter-clockwise about ``origin``."""
    old, new = _transformed(plan, ids, lambda g: affinity.rotate(g, angle, origin=origin))
    fixed = tuple(
        replace(o, front=(o.front + angle) % 360.0) if isinstance(o, Counter) and o.front is not None else o
        for o in new
    )
    return ReplaceObjects.of(plan, old, fixed, *_named("旋转", "Rotate", old))


def scale(plan: Plan, ids: "tuple[str, ...] | list[str]", sx: float, sy: float, origin: tuple[float, float]) -> ReplaceObjects:
    """Resize objects about ``origin``."""
    old, new = _transformed(plan, ids, lambda g: affinity.scale(g, sx, sy, origin=(origin[0], origin[1])))
    return ReplaceObjects.of(plan, old, new, *_named("缩放", "Resize", old))


def edit(plan: Plan, oid: str, **changes: Any) -> ReplaceObjects:
    """Change properties (or the geometry) of one object."""
    o = plan.get(oid)
    if o is None:
        raise KeyError(f"no such object: {oid}")
    zh, en = describe([o])
    return ReplaceObjects.of(plan, (o,), (replace(o, **changes),), f"修改 {zh} 属性", f"Edit {en} properties")


def merge(first: ReplaceObjects, second: ReplaceObjects) -> ReplaceObjects | None:
    """Merge two consecutive edits of the same objects into one undo step (a drag), else None."""
    if {o.id for o in first.new} != {o.id for o in second.old} or {o.id for o in first.old} != {o.id for o in first.new}:
        return None
    if {o.id for o in second.new} != {o.id for o in second.old}:
        return None
    return ReplaceObjects(first.old, second.new, first.old_index, first.text_zh, first.text_en)


def set_outline(plan: Plan, kind: str, outline: Polygon | None) -> ReplaceObjects:
    """Draw, replace or remove the hall (``kind="hall"``) or the building outline: one ordinary object
    edit, one undo step.  A plan holds one object of such a kind, so a new one replaces the old."""
    old = plan.single(kind)
    if outline is None:
        if old is None:
            raise KeyError(f"no {kind} in the plan")
        return ReplaceObjects.removing(plan, [old.id])
    if old is not None:
        zh, en = describe([old])
        return ReplaceObjects.of(plan, (old,), (old.with_geometry(outline),), f"设置{zh}", f"Set {en}")
    new = SINGLE_TYPES[kind](id=kind if kind not in plan else plan.new_id(kind), geometry=outline)
    check_object(new)
    zh, en = describe([new])
    return ReplaceObjects((), (new,), (), f"设置{zh}", f"Set {en}")


@dataclass(frozen=True)
class SetContext:
    old: Context
    new: Context
    text_zh: str = "修改项目信息"
    text_en: str = "Edit project context"

    def do(self, plan: Plan) -> Plan:
        return replace(plan, context=self.new)

    def undo(self, plan: Plan) -> Plan:
        return replace(plan, context=self.old)


@dataclass(frozen=True)
class SetSignage:
    old: Signage
    new: Signage
    text_zh: str = "修改标识"
    text_en: str = "Edit signage"

    def do(self, plan: Plan) -> Plan:
        return replace(plan, signage=self.new)

    def undo(self, plan: Plan) -> Plan:
        return replace(plan, signage=self.old)


@dataclass(frozen=True)
class SetChecklist:
    item: str
    old: bool | None
    new: bool | None
    text_zh: str = "勾选检查项"
    text_en: str = "Tick checklist item"

    def _set(self, plan: Plan, value: bool | None) -> Plan:
        cl = dict(plan.checklist)
        if value is None:
            cl.pop(self.item, None)
        else:
            cl[self.item] = value
        return replace(plan, checklist=cl)

    def do(self, plan: Plan) -> Plan:
        return self._set(plan, self.new)

    def undo(self, plan: Plan) -> Plan:
        return self._set(plan, self.old)
