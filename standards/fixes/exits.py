"""Fixes of the exits (EXIT-REACH): where floor is more than the allowed walk from every exit, or
the hall has too few exits or they are too close together, a new exit door is proposed on the hall's
boundary — nearest the floor that is out of reach, or farthest from the exits there are — and proved
by the re-check.  Whether the door can open there (to outside or a protected route) is the
architect's to confirm: the title says so.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np
import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from geometry.commands import ReplaceObjects
from geometry.model import FACILITY_KINDS, Entrance, Facility, Plan
from standards.engine import Report, check
from standards.finding import Finding
from standards.fixes.base import BAD, Candidate, fixer
from standards.fixes.placing import fresh_id
from standards.fixes.space import free_floor, place_point

DOOR_M = 1.4  # clear width of the proposed exit door (GB 50016 §5.5.18: ≥ 1.40 m for a hall's evacuation door)
STEP_M = 0.5  # spacing of the places tried along the boundary


def door_at(plan: Plan, along: float) -> LineString | None:
    """A door line ``DOOR_M`` wide on the hall's outer boundary, centred ``along`` metres from its start."""
    hall = plan.hall
    if hall is None:
        return None
    ring = LineString(hall.exterior.coords)
    n = ring.length
    if n < 2 * DOOR_M:
        return None
    a = min(max(along - DOOR_M / 2, 0.0), n - DOOR_M)
    door = substring(ring, a, a + DOOR_M)
    return door if isinstance(door, LineString) and door.length > 0 else None


def _clear_of_doors(plan: Plan, pts: np.ndarray) -> np.ndarray:
    """Which of the boundary places ``pts`` would give a door clear of every existing door (1 m apart at least)."""
    if not plan.entrances:
        return np.ones(len(pts), dtype=bool)
    doors = shapely.union_all([e.geometry for e in plan.entrances])
    return np.asarray(shapely.distance(pts, doors) > DOOR_M / 2 + 1.0)


def _far(report: Report, plan: Plan) -> BaseGeometry | None:
    """The floor out of reach of every exit on ``plan`` (EXIT-REACH's failing distance finding), or None."""
    for x in check(plan, packs=report.packs, only=["EXIT-REACH"]).findings:
        if x.status in BAD and x.unit == "m" and x.location is not None and not x.location.is_empty:
            return x.location
    return None


def _door_near(report: Report, plan: Plan, target: BaseGeometry | None, far_from: BaseGeometry | None) -> list[Entrance | Facility] | None:
    """A new exit door (and its camera and alarm) on the boundary nearest ``target``, or farthest from
    ``far_from``: the first place that has room; None when none has."""
    assert plan.hall is not None
    ring = LineString(plan.hall.exterior.coords)
    along = np.arange(0.0, ring.length, STEP_M)
    pts = shapely.line_interpolate_point(ring, along)
    ok = _clear_of_doors(plan, pts)
    if target is not None:
        order = np.argsort(np.where(ok, shapely.distance(pts, target), np.inf))
    elif far_from is not None:
        order = np.argsort(np.where(ok, -shapely.distance(pts, far_from), np.inf))
    else:
        return None
    for i in order[:6].tolist():
        if not ok[i]:
            break
        door = door_at(plan, float(along[i]))
        if door is None:
            continue
        new = Entrance(id=plan.new_id("entrance"), geometry=door, main=False, accessible=None, exit=True, label="安全出口")
        guards = _guards(report, plan.with_object(new), new)
        if guards is not None:
            return [new, *guards]
    return None


@fixer("EXIT-REACH")
def fix_exit_reach(report: Report, f: Finding) -> Iterator[Candidate]:
    """Floor out of reach: exit doors on the boundary nearest the largest out-of-reach piece, one at a
    time until no floor is out of reach (three at most; none offered when three do not do it).  Too few exits or too close: one door at the
    boundary place farthest from the exits there are."""
    plan = report.plan
    if plan.hall is None:
        return
    added: list[Entrance | Facility] = []
    current = plan
    far = f.location if f.unit == "m" else None
    for _ in range(3 if far is not None else 1):
        if far is not None:
            pieces = list(getattr(far, "geoms", [far]))
            made = _door_near(report, current, max(pieces, key=lambda g: g.area), None)
        else:
            exits = [e.geometry for e in current.entrances if e.exit]
            made = _door_near(report, current, None, shapely.union_all(exits) if exits else None)
        if made is None:
            return
        added += made
        for o in made:
            current = current.with_object(o)
        if f.unit != "m":
            break
        far = _far(report, current)
        if far is None:
            break
    if f.unit == "m" and far is not None:  # doors on the boundary do not bring every point within reach
        return
    doors = [o for o in added if isinstance(o, Entrance)]
    if not doors:
        return
    where = "、".join(f"({d.geometry.centroid.x:.1f}, {d.geometry.centroid.y:.1f})" for d in doors)
    guarded = len(added) > len(doors)
    n = len(doors)
    yield Candidate(f"在大厅边界 {where} 处增设 {n} 个安全出口(净宽 {DOOR_M:.2f} m)" + ("并在门内配监控和报警装置" if guarded else "")
                    + ";须核实门外为室外或安全通道",
                    f"Add {n} exit door{'s' if n > 1 else ''} on the hall boundary at {where.replace('、', ', ')} ({DOOR_M:.2f} m clear)"
                    + (", with a camera and an alarm inside" if guarded else "") + "; confirm they open to outside or a protected route",
                    ReplaceObjects((), tuple(added), (), "修复:增设安全出口", "Fix: add exit doors"))


def _guards(report: Report, plan: Plan, door: Entrance) -> list[Facility] | None:
    """The camera and alarm every entrance has by the packs' CCTV-ENTRANCE (its kinds, within its
    distance), on free floor inside ``door``; [] when no pack asks; None when there is no room."""
    spec = report.specs.get("CCTV-ENTRANCE")
    if spec is None:
        return []
    kinds = [k for k in spec.params.get("kinds", ["cctv", "alarm"]) if k in FACILITY_KINDS]
    dmax = float(spec.params.get("max_distance_m", 8.0))
    free = free_floor(plan, clearance=0.3)
    added: list[Facility] = []
    for kind in kinds:
        q = place_point(free, door.geometry, margin=0.3)
        if q is None or q.distance(door.geometry) > dmax:
            return None
        added.append(Facility(id=fresh_id(plan, added), geometry=q, kind=kind))
        free = free.difference(q.buffer(0.3))
    return added
