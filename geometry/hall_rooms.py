"""The service hall from the plan's rooms: the room(s) whose name says so, or the name the user gives.

Several rooms of that name (a hall on each of two floors, or a hall split by a row of columns) make
one hall: the union of their outlines.  Touching parts merge into the hall outline; parts apart
from it (another floor) stay rooms marked as parts of the hall, and their area counts in the hall
area (:func:`geometry.measure.hall_area`).

>>> from shapely.geometry import box
>>> from geometry.model import Plan, Room
>>> p = Plan(objects=(Room(id="r1", geometry=box(0, 0, 10, 8), label="服务大厅"),
...                   Room(id="r2", geometry=box(10, 0, 16, 8), label="服务大厅"),
...                   Room(id="r3", geometry=box(0, 30, 10, 38), label="服务大厅"),
...                   Room(id="r4", geometry=box(16, 0, 20, 8), label="库房")))
>>> q, how = with_hall_from_rooms(p, "服务大厅")
>>> round(q.hall.area), [r.id for r in q.rooms if r.hall_part], how[1]
(128, ['r1', 'r2', 'r3'], "3 rooms named '服务大厅' (208.0 m² in all)")
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Sequence

import shapely
from shapely.geometry import Polygon

from geometry.model import Plan, Room


def _norm(s: str) -> str:
    return "".join(s.split()).casefold()


def named(rooms: Sequence[Room], name: str) -> list[Room]:
    """The rooms called ``name`` (spaces and case ignored); when none is, those whose name holds it."""
    want = _norm(name)
    if not want:
        return []
    exact = [r for r in rooms if _norm(r.label) == want]
    return exact or [r for r in rooms if want in _norm(r.label)]


def union_hall(parts: Sequence[Polygon], floors: Sequence[str] = ()) -> Polygon | None:
    """The hall outline of its parts: their union; when they lie apart (a hall on two floors), the
    piece on the lowest floor above ground that ``floors`` (the parts' floor names) tell — where the
    main entrance is, so the rules about the way from it look at that floor — else the largest.

    >>> from shapely.geometry import box
    >>> up, down = box(0, 40, 30, 70), box(0, 0, 20, 20)
    >>> union_hall([up, down]).area, union_hall([up, down], ["二层", "一层"]).area, union_hall([up, down], ["", ""]).area
    (900.0, 400.0, 900.0)
    """
    if not parts:
        return None
    u = shapely.union_all(list(parts))
    pieces = [g for g in getattr(u, "geoms", [u]) if isinstance(g, Polygon) and not g.is_empty]
    if not pieces:
        return None
    best = max(pieces, key=lambda g: g.area)
    if len(pieces) > 1 and len(floors) == len(parts):
        from geometry.room_labels import floor_rank

        def rank(piece: Polygon) -> int | None:
            ranks = [r for p, f in zip(parts, floors)
                     if (r := floor_rank(f)) is not None and r >= 1 and piece.intersection(p).area > 0.5 * p.area]
            return min(ranks) if ranks else None

        ranked = [(r, -g.area, k) for k, g in enumerate(pieces) if (r := rank(g)) is not None]
        if ranked:
            best = pieces[min(ranked)[2]]
    return best if best.is_valid else None


def with_hall_from_rooms(plan: Plan, name: str | None = None,
                         is_hall: Callable[[str], bool] | None = None) -> tuple[Plan, tuple[str, str]] | None:
    """The plan with its hall made of the rooms called ``name`` (or, without a name, the rooms
    ``is_hall`` accepts); None when no room qualifies.  Returns how, in both languages."""
    rooms = plan.rooms
    if name:
        parts = named(rooms, name)
        shown = name
    elif is_hall is not None:
        parts = [r for r in rooms if r.label and is_hall(r.label)]
        shown = parts[0].label if parts else ""
    else:
        return None
    hall = union_hall([r.geometry for r in parts], [r.floor for r in parts])
    if hall is None:
        return None
    ids = {r.id for r in parts}
    objects = tuple(dataclasses.replace(o, hall_part=o.id in ids) if isinstance(o, Room) and (o.hall_part or o.id in ids) else o
                    for o in plan.objects)
    total = sum(r.geometry.area for r in parts)
    if len(parts) == 1:
        how = (f"面积图层上名为“{parts[0].label}”的房间,{total:.1f} m²", f"the room named '{parts[0].label}' on the area layer, {total:.1f} m²")
    else:
        how = (f"{len(parts)} 个名为“{shown}”的房间(合计 {total:.1f} m²)", f"{len(parts)} rooms named '{shown}' ({total:.1f} m² in all)")
    return dataclasses.replace(plan, objects=objects).with_outline("hall", hall), how
