"""A hall drawn over several floors, split into one plan per part for the walking analyses.

A plan's hall is one outline; the rooms marked as parts of the hall that lie apart from it (the
hall continued on another floor, :func:`geometry.measure.hall_parts_apart`) count for its area.
Walking over the floor cannot cross from one floor's drawing to another's, so the circulation
rules that follow people through the hall (aisles, reach, turning space, fire reach) look at
each part on its own: :func:`split` gives the main part (the outline, with the objects on it) and
each part apart as a hall of its own, with the objects drawn on it.  People arrive on a part by its
lifts, stairs and escalators, which stand in for entrances beside any door drawn on its edge (the
lift is the main and accessible way in unless a door is marked main; stairs are the exits of an
upper floor, GB 50016 §5.5).

>>> from shapely.geometry import box, Point
>>> from geometry.model import Counter, Facility, Room
>>> plan = Plan(hall=box(0, 0, 20, 10), objects=(
...     Room(id="up", geometry=box(0, 30, 20, 40), label="二层大厅", hall_part=True),
...     Counter(id="c1", geometry=box(2, 2, 4, 3)), Counter(id="c2", geometry=box(2, 32, 4, 33)),
...     Facility(id="lift", geometry=Point(18, 38), kind="lift")))
>>> main, parts = split(plan)
>>> [c.id for c in main.counters], [(p.room.id, [c.id for c in p.plan.counters]) for p in parts]
(['c1'], [('up', ['c2'])])
>>> [(e.id, e.main, e.accessible, e.exit) for e in parts[0].plan.entrances], parts[0].arrivals
([('lift', True, True, False)], ('lift',))
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geometry.measure import hall_parts_apart
from geometry.model import Entrance, Facility, Plan, PlanObject, Room

NEAR_M = 1.0  # an object this close to a part's outline is on it (a door drawn on the wall line)
ARRIVALS = ("lift", "stairs", "escalator")  # what stands in for an entrance on a part without doors


@dataclass(frozen=True)
class Part:
    """One part of the hall as a hall of its own: the outline's (``room`` the room it is drawn from, or
    None), or one apart from it."""

    room: Room | None
    plan: Plan  # hall = the part's outline; the objects on it (its arrivals as entrances)
    arrivals: tuple[str, ...] = ()  # the lifts/stairs/escalators standing in for entrances
    arrival_kind: str = ""  # the kind of the one standing in for the main entrance ("lift", "stairs"…; "": a door)
    main: bool = False  # the outline's part (with the main entrance)

    @property
    def id(self) -> str:
        """Its room's id; ``"main"`` for the outline when no room gives it (findings' ``hall_part``)."""
        return self.room.id if self.room is not None else "main"

    @property
    def name(self) -> tuple[str, str]:
        """How findings name the part: its label with its floor (parts of one hall often share the
        hall's name), else its floor's, else a plain description."""
        if self.room is None or (self.main and not self.room.label.strip()):
            return "主入口所在的大厅部分", "the part of the hall with the main entrance"
        label, floor = self.room.label.strip(), self.room.floor.strip()
        if label and floor and floor not in label:
            return f"{label}({floor})", f"{label} ({floor})"
        if label:
            return label, label
        if floor:
            return f"{floor}大厅部分", f"hall part on {floor}"
        return "大厅的另一部分", "the other part of the hall"


def _anchor(g: BaseGeometry) -> BaseGeometry:
    """The point that places an object on a part: a line's middle, an area's inner point."""
    if g.geom_type == "LineString":
        return g.interpolate(0.5, normalized=True)
    return g.representative_point()


def owners(plan: Plan, parts: list[Room], geoms: list[BaseGeometry]) -> list[int]:
    """For each of ``geoms`` (objects' geometries), the index of the part it is on, -1 for the main
    part (the hall's outline, or nowhere near any part: parking, the site)."""
    if not geoms:
        return []
    pts = np.array([_anchor(g) for g in geoms], dtype=object)
    best = np.full(len(geoms), -1)
    best_d = np.full(len(geoms), np.inf)
    if plan.hall is not None:
        best_d = np.asarray(shapely.distance(plan.hall, pts), dtype=float)
        best_d = np.where(best_d <= NEAR_M, best_d, np.inf)
    for k, room in enumerate(parts):
        d = np.asarray(shapely.distance(room.geometry, pts), dtype=float)
        take = (d <= NEAR_M) & (d < best_d)
        best[take] = k
        best_d[take] = d[take]
    return [int(v) for v in best.tolist()]


def _arrival(f: Facility, main: bool) -> Entrance:
    return Entrance(id=f.id, geometry=f.geometry, label=f.label, main=main, accessible=f.kind == "lift",
                    exit=f.kind == "stairs")


def split(plan: Plan) -> tuple[Plan, list[Part]]:
    """The main part (the plan less the objects drawn on parts apart) and each part apart as a hall
    of its own; ``(plan, [])`` when the hall has no part apart."""
    main, parts, _home = _split(plan)
    return main, parts


def _split(plan: Plan) -> tuple[Plan, list[Part], Room | None]:
    """:func:`split`, and the room the outline is drawn from (:func:`main_room`)."""
    parts = hall_parts_apart(plan)
    if not parts:
        return plan, [], None
    movable = [o for o in plan.objects if not isinstance(o, Room)]
    whose = owners(plan, parts, [o.geometry for o in movable])
    on: list[list[PlanObject]] = [[] for _ in parts]
    for o, k in zip(movable, whose):
        if k >= 0:
            on[k].append(o)
    moved = {id(o) for objs in on for o in objs}
    home = main_room(plan)
    main = dataclasses.replace(plan, objects=tuple(o for o in plan.objects if id(o) not in moved),
                               meta={**plan.meta, "hall_part": Part(home, plan).id})
    out: list[Part] = []
    for room, objs in zip(parts, on):
        # its lifts, stairs and escalators are ways in (and its stairs ways out) beside any door drawn on it;
        # the main way in is a door marked main, else the lift, else the stairs
        ways = sorted((o for o in objs if isinstance(o, Facility) and o.kind in ARRIVALS), key=lambda f: ARRIVALS.index(f.kind))
        first = ways[0].id if ways and not any(isinstance(o, Entrance) and o.main for o in objs) else None
        swap = {f.id: _arrival(f, f.id == first) for f in ways}
        objs = [swap.get(o.id, o) if isinstance(o, Facility) else o for o in objs]
        arrivals = tuple(f.id for f in ways)
        kind = ways[0].kind if first is not None else ""
        sub = Plan(context=plan.context, hall=room.geometry, building=plan.building, objects=tuple(objs),
                   signage=plan.signage, checklist=plan.checklist, meta={"hall_part": room.id})
        out.append(Part(room, sub, arrivals, kind))
    return main, out, home


def sections(plan: Plan) -> list[Part]:
    """Every part of a hall over several floors as a hall of its own, the outline's first; [] for a
    hall without parts apart."""
    main, parts, home = _split(plan)
    if not parts:
        return []
    return [Part(home, main, main=True)] + parts


def main_room(plan: Plan) -> Room | None:
    """The room marked as part of the hall that its outline is drawn from (the floor with the main
    entrance), None when no such room overlaps it."""
    if plan.hall is None:
        return None
    own = [r for r in plan.rooms if r.hall_part and r.geometry.intersection(plan.hall).area >= 0.01 * r.geometry.area]
    return max(own, key=lambda r: r.geometry.intersection(plan.hall).area) if own else None


def on_parts_apart(plan: Plan, geoms: list[BaseGeometry]) -> list[bool]:
    """Whether each of ``geoms`` lies on a part of the hall apart from its outline (another floor)."""
    parts = hall_parts_apart(plan)
    if not parts or not geoms:
        return [False] * len(geoms)
    return [k >= 0 for k in owners(plan, parts, list(geoms))]


__all__ = ["ARRIVALS", "NEAR_M", "Part", "main_room", "on_parts_apart", "owners", "sections", "split"]
