"""All circulation analyses of one plan, computed lazily and shared between the rules of a check.

Every result is geometry a view can draw, with the numbers beside it.  Results are computed on
first use; expensive parts are cached across plans on geometry *values* (the free space's
erosions, each object's raster cells), so after moving one counter only what depends on it is
redone.

>>> from shapely.geometry import box, LineString, Point
>>> from geometry.model import Plan, Counter, Entrance, Zone
>>> p = (Plan(hall=box(0, 0, 30, 20))
...      .with_object(Entrance(id="door", geometry=LineString([(14, 0), (16, 0)]), main=True))
...      .with_object(Counter(id="c1", geometry=box(10, 17, 11.6, 17.8), front=270.0))
...      .with_object(Zone(id="wait", kind="waiting", geometry=box(2, 2, 8, 8))))
>>> a = Circulation(p)
>>> a.reach(1.8).unreachable
()
>>> round(a.walking_distances()["c1"], 1)   # straight line 17.2 m; grid paths are <= 2.7 % long
17.6
"""

from __future__ import annotations

import threading
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from geometry.circulation.space import Settings, Space, build_space, unit_normal_into
from geometry.model import Entrance, Plan

if TYPE_CHECKING:  # each search's module is imported by the method that searches (a plan without a hall needs none)
    from geometry.circulation.fire import Coverage
    from geometry.circulation.raster import Grid
    from geometry.circulation.reach import Reachability, Target
    from geometry.circulation.turning import TurningCheck
    from geometry.circulation.walking import DistanceField
    from geometry.circulation.width import ClearWidth


_RECENT: list["Circulation"] = []  # the analyses made last, newest first (see :func:`analysis_of`)
_RECENT_LOCK = threading.Lock()


def analysis_of(plan: Plan, settings: Settings = Settings()) -> "Circulation":
    """The analysis of ``plan``: the one made last for this very plan value and settings when there is
    one (a plan is immutable), so the check's rules and the report's heatmap share one walking field.

    >>> from shapely.geometry import box
    >>> p = Plan(hall=box(0, 0, 10, 10))
    >>> analysis_of(p) is analysis_of(p), analysis_of(p) is analysis_of(Plan(hall=box(0, 0, 10, 10)))
    (True, False)
    """
    with _RECENT_LOCK:
        for c in _RECENT:
            if c.plan is plan and c.settings == settings:
                return c
        c = Circulation(plan, settings)
        _RECENT.insert(0, c)
        del _RECENT[2:]
        return c


def forget_analyses() -> None:
    """Drop every analysis and cache kept across plans (benchmarks measure cold runs with it)."""
    from geometry.circulation import raster, space, walking, width

    with _RECENT_LOCK:
        _RECENT.clear()
    walking._FIELDS.clear()
    walking._WEIGHTS.clear()
    for mod in (raster, space, walking, width):
        for obj in list(vars(mod).values()):
            if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", None) == mod.__name__:
                obj.cache_clear()


class Circulation:
    """Lazy bundle of the analyses of ``plan``; attributes are None when the plan lacks the data."""

    def __init__(self, plan: Plan, settings: Settings = Settings()) -> None:
        self.plan = plan
        self.settings = settings
        self._reach: dict[tuple[float, str], Reachability | None] = {}
        self._cover: dict[tuple[str, float], Coverage | None] = {}
        self._walking: dict[str, float] | None = None

    # --- floors ---------------------------------------------------------------------------
    @cached_property
    def space(self) -> Space | None:
        return build_space(self.plan, self.settings) if self.plan.hall is not None else None

    @cached_property
    def targets(self) -> dict[str, Target]:
        from geometry.circulation.reach import plan_targets

        return {t.id: t for t in plan_targets(self.plan, self.space)} if self.space else {}

    @property
    def main_entrance(self) -> Entrance | None:
        return self.plan.main_entrance()

    @property
    def accessible_entrance(self) -> Entrance | None:
        """The main entrance when it is accessible (or not marked), else the first accessible one."""
        main = self.main_entrance
        if main is not None and main.accessible is not False:
            return main
        return next((e for e in self.plan.entrances if e.accessible), None)

    # --- widths and reachability ---------------------------------------------------------
    def reach(self, width: float, start: str = "main") -> Reachability | None:
        """Targets reachable at ``width`` from the main (or ``"accessible"``) entrance."""
        from geometry.circulation.reach import reachability

        key = (round(width, 6), start)
        if key not in self._reach:
            ent = self.main_entrance if start == "main" else self.accessible_entrance
            sp = self.space
            self._reach[key] = (None if ent is None or sp is None else
                                reachability(sp.public, ent.geometry, list(self.targets.values()), width))
        return self._reach[key]

    def clear_width(self, up_to: float = 3.0, ignore_below: float = 0.3) -> ClearWidth | None:
        """Narrowest passage of the public floor (between areas at least ``up_to`` wide)."""
        from geometry.circulation.width import clear_width

        return clear_width(self.space.public, up_to, ignore_below) if self.space else None

    def turning_at_counter(self, counter_id: str, diameter: float = 1.5, reach: float = 0.3) -> TurningCheck | None:
        from geometry.circulation.turning import turning_in_front

        sp = self.space
        if sp is None or counter_id not in sp.sides:
            return None
        return turning_in_front(sp.public, sp.sides[counter_id], diameter, reach)

    def turning_at(self, where: BaseGeometry, diameter: float = 1.5, within: float = 0.5) -> TurningCheck | None:
        from geometry.circulation.turning import turning_circle

        return turning_circle(self.space.public, where, diameter, within) if self.space else None

    # --- rasters and walking -------------------------------------------------------------
    @cached_property
    def grid(self) -> Grid | None:
        from geometry.circulation.raster import grid_for

        return grid_for(self.plan.hall, self.settings.resolution_m) if self.plan.hall is not None else None

    def _floor(self, public: bool) -> np.ndarray:
        from geometry.circulation.raster import mask, paint

        sp, g, rb = self.space, self.grid, self.settings.body_radius_m
        assert sp is not None and g is not None
        m = mask(g, sp.hall, rb)
        for part in sp.solid_parts:
            paint(m, g, part, rb, value=False)
        if public:
            for part in sp.non_public_parts:
                paint(m, g, part, rb, value=False)
        return m

    @cached_property
    def public_floor(self) -> np.ndarray | None:
        """Raster of the public floor a walker's centre can use (cells on :attr:`grid`)."""
        return self._floor(True) if self.space else None

    @cached_property
    def walkable_floor(self) -> np.ndarray | None:
        return self._floor(False) if self.space else None

    @cached_property
    def walk(self) -> DistanceField | None:
        """Walking distance from the main entrance over the public floor (heatmap)."""
        from geometry.circulation.walking import distance_field

        ent = self.main_entrance
        if ent is None or self.space is None:
            return None
        assert self.grid is not None and self.public_floor is not None
        return distance_field(self.grid, self.public_floor, [ent.geometry], blockers=self.space.solid_parts)

    def walking_distances(self) -> dict[str, float]:
        """Walking distance (m) from the main entrance to every target (counters' customer sides,
        desks, zones) and every other facility point and zone of the plan (inf: no way).

        Computed once per analysis (several rules read it); each call returns its own copy."""
        if self._walking is None:
            f = self.walk
            if f is None:
                return {}
            ids = list(self.targets)
            geoms = [t.reach for t in self.targets.values()]
            seen = set(ids)
            for o in (*self.plan.facilities, *self.plan.zones):
                if o.id not in seen:
                    seen.add(o.id)
                    ids.append(o.id)
                    geoms.append(o.geometry)
            self._walking = dict(zip(ids, f.at_many(geoms)))
        return dict(self._walking)

    def walking_path(self, target_id: str) -> LineString | None:
        f, t = self.walk, self.targets.get(target_id)
        return None if f is None or t is None else f.path_to(t.reach)

    # --- visibility ----------------------------------------------------------------------
    def viewpoint(self, g: BaseGeometry) -> Point | None:
        from geometry.circulation.visibility import inside_point

        sp = self.space
        if sp is None:
            return None
        p = unit_normal_into(g, sp.hall, 0.3) if g.geom_type == "LineString" else g.centroid
        return inside_point(p, sp.hall.difference(sp.sight_blockers) if not sp.sight_blockers.is_empty else sp.hall)

    def isovist_from(self, g: BaseGeometry) -> BaseGeometry | None:
        from geometry.circulation.visibility import isovist

        sp, vp = self.space, self.viewpoint(g)
        if sp is None or vp is None:
            return None
        return isovist(vp, sp.hall, sp.sight_blockers, self.settings.isovist_rays)

    @cached_property
    def entrance_isovist(self) -> BaseGeometry | None:
        """What is seen from just inside the main entrance."""
        ent = self.main_entrance
        return None if ent is None else self.isovist_from(ent.geometry)

    def screen_visibility(self) -> dict[str, dict[str, float]]:
        """For each display screen, the share of each waiting area from which it is seen, and for
        each rest-seat point 1.0 (seen) or 0.0 (sight is visibility both ways)."""
        from geometry.circulation.visibility import visible, visible_fraction

        out: dict[str, dict[str, float]] = {}
        waits = self.plan.zones_of("waiting")
        seats = self.plan.facilities_of("rest_seats")
        for s in self.plan.facilities_of("display_screen"):
            iso = self.isovist_from(s.geometry)
            if iso is not None:
                row = {z.id: visible_fraction(iso, z.geometry) for z in waits}
                row.update({p.id: 1.0 if visible(iso, p.geometry) else 0.0 for p in seats})
                out[s.id] = row
        return out

    # --- fire ----------------------------------------------------------------------------
    @cached_property
    def fire_fields(self) -> dict[str, DistanceField]:
        """Walking distance over the walkable floor to the nearest extinguisher and the nearest exit
        (one graph, two searches); a key is missing when the plan has none of those."""
        from geometry.circulation.walking import distance_fields

        if self.space is None:
            return {}
        sets = {"extinguisher": [f.geometry for f in self.plan.facilities_of("extinguisher")],
                "exit": [e.geometry for e in self.exits]}
        sets = {k: v for k, v in sets.items() if v}
        if not sets:
            return {}
        assert self.grid is not None and self.walkable_floor is not None
        fields = distance_fields(self.grid, self.walkable_floor, list(sets.values()), paths=False,
                                 blockers=self.space.solid_parts)
        return dict(zip(sets, fields))

    def cover(self, what: str, limit: float) -> Coverage | None:
        """Walking-distance cover of the walkable floor from ``"extinguisher"`` points or ``"exit"`` doors."""
        key = (what, round(limit, 6))
        if key not in self._cover:
            f = self.fire_fields.get(what)
            if f is None:
                self._cover[key] = None
            else:
                from geometry.circulation.fire import coverage_of

                self._cover[key] = coverage_of(f, limit)
        return self._cover[key]

    @property
    def exits(self) -> tuple[Entrance, ...]:
        return tuple(e for e in self.plan.entrances if e.exit)

    # --- everything ----------------------------------------------------------------------
    def run_all(self, aisle: float = 1.8, route: float = 1.2, extinguisher: float = 20.0, exit: float = 30.0) -> dict[str, Any]:
        """Compute every analysis (for benchmarks and exports)."""
        acc = [c.id for c in self.plan.counters if c.accessible]
        return {
            "space": self.space,
            "reach_aisle": self.reach(aisle),
            "reach_route": self.reach(route, "accessible"),
            "walking": self.walking_distances(),
            "isovist": self.entrance_isovist,
            "screens": self.screen_visibility(),
            "turning": {c: self.turning_at_counter(c) for c in acc},
            "extinguisher": self.cover("extinguisher", extinguisher),
            "exit": self.cover("exit", exit),
        }

