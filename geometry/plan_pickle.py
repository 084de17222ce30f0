"""A plan's objects as the pickle of a :class:`~geometry.model.Plan` holds them: packed by class.

Pickled one by one, each object of a plan costs a reduce call, a class lookup and a state dict with
its field names; a real floor's plan has thousands (every column and door is one), which made
pickling the plan the slowest part of handing a check to the PDF worker.  Packed, each run of
objects of one class with the same fields is its class, the field names once, and one tuple of
values per object; unpacked, each object gets back exactly the fields it had (geometries included,
the same objects where pickle shares them), without ``__init__`` and its checks, as plain
unpickling does.

>>> from shapely.geometry import box
>>> from geometry.model import Counter, Facility
>>> objs = (Counter(id="c1", geometry=box(0, 0, 1.6, 0.8), height_m=0.8), Counter(id="c2", geometry=box(2, 0, 3.6, 0.8)),
...         Facility(id="f1", geometry=box(5, 5, 6, 6), kind="toilet"))
>>> groups = pack_objects(objs)
>>> [(cls.__name__, len(rows)) for cls, names, rows in groups]
[('Counter', 2), ('Facility', 1)]
>>> unpack_objects(groups) == objs
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from geometry.model import PlanObject

# (class, field names, one tuple of values per object)
ObjectGroup = tuple[type["PlanObject"], tuple[str, ...], list[tuple[Any, ...]]]


def pack_objects(objects: Iterable["PlanObject"]) -> list[ObjectGroup]:
    """The objects in their order, as runs of one class and one set of fields."""
    groups: list[ObjectGroup] = []
    cls: type | None = None
    names: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = []
    for o in objects:
        d = o.__dict__
        keys = tuple(d)
        if type(o) is not cls or keys != names:
            cls, names, rows = type(o), keys, []
            groups.append((cls, names, rows))
        rows.append(tuple(d.values()))
    return groups


def unpack_objects(groups: Iterable[ObjectGroup]) -> tuple["PlanObject", ...]:
    """The objects :func:`pack_objects` packed, each with the fields it had."""
    out: list[PlanObject] = []
    add = out.append
    new = object.__new__
    for cls, names, rows in groups:
        for row in rows:
            o = new(cls)
            o.__dict__.update(zip(names, row))
            add(o)
    return tuple(out)


__all__ = ["ObjectGroup", "pack_objects", "unpack_objects"]
