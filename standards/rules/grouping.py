"""Windows grouped by related business (COUNTER-GROUPING, 二(一)3 / 二(二)3).

"各服务区域应按照办理事项的业务关联性合理设置服务窗口": the seed gives no measure.  The pack's reading
(an assumption, editable there): two windows are *together* when they lie in the same drawn service zone
or within ``max_gap_m`` of each other.  The windows of one service zone kind, and the windows of one
service (the counter's ``service``), must all be linked together; otherwise they are scattered across
the hall.  One finding per scattered group; one pass when every group holds together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from geometry.measure import same_shapes
from geometry.model import ZONE_KINDS, Counter, Plan, PlanObject, Zone
from standards.finding import Finding
from standards.naming_objects import names
from standards.registry import RuleContext, rule


@dataclass(frozen=True)
class Group:
    """Windows that the standard wants together: one service zone kind, or one service."""

    zh: str
    en: str
    members: tuple[Counter, ...]
    by_zone: bool


def counter_names(counters: Sequence[Counter], plan: Plan) -> tuple[str, str]:
    """How a reviewer finds the counters on the drawing, in both languages (服务台 3 号窗口 …)."""
    objs: list[PlanObject] = list(counters)
    return names(objs, plan, "zh", limit=3), names(objs, plan, "en", limit=3)


def zone_of_counters(counters: Sequence[Counter], zones: Sequence[Zone]) -> dict[str, Zone]:
    """The service zone each counter stands in (by its centre), for counters that stand in one."""
    out: dict[str, Zone] = {}
    if not counters or not zones:
        return out
    centres = shapely.centroid(np.asarray([c.geometry for c in counters], dtype=object))
    free = np.ones(len(counters), dtype=bool)
    for z in zones:  # the first zone that covers a centre takes it
        hit = free & shapely.covers(z.geometry, centres)
        for i in np.flatnonzero(hit).tolist():
            out[counters[i].id] = z
        free &= ~hit
    return out


def near_pairs(geoms: Sequence[BaseGeometry], distance: float) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of geometries at most ``distance`` apart: candidates from the
    bounding boxes grown by ``distance`` (one tree query), then one vectorised exact test (a tree
    query with the ``dwithin`` predicate tests every candidate one by one, about 3× slower).

    >>> from shapely.geometry import Point
    >>> near_pairs([Point(0, 0), Point(1, 0), Point(5, 0)], 1.0)
    [(0, 1)]
    """
    arr = np.asarray(geoms, dtype=object)
    b = shapely.bounds(arr)
    grown = shapely.box(b[:, 0] - distance, b[:, 1] - distance, b[:, 2] + distance, b[:, 3] + distance)
    left, right = STRtree(arr).query(grown)
    keep = left < right
    left, right = left[keep], right[keep]
    close = shapely.dwithin(arr[left], arr[right], distance)
    return list(zip(left[close].tolist(), right[close].tolist()))


def shape_pairs(geoms: Sequence[BaseGeometry], distance: float) -> tuple[list[tuple[int, int]], np.ndarray | None]:
    """:func:`near_pairs` for footprints that may be drawn over each other: the pairs of *different*
    shapes at most ``distance`` apart (each copy paired with each copy of the other shape), and for
    each geometry the index of the first of its shape (None: no two alike).  Copies of one shape are
    together by definition; the caller links them, so a stack of n copies costs n, not n² pairs."""
    arr = np.asarray(geoms, dtype=object)
    rep = same_shapes(arr)
    if rep is None:
        return near_pairs(geoms, distance), None
    firsts = np.unique(rep)
    copies: dict[int, list[int]] = {}
    for i, r in enumerate(rep.tolist()):
        copies.setdefault(r, []).append(i)
    out = []
    for a, b in near_pairs(list(arr[firsts]), distance):
        for x in copies[int(firsts[a])]:
            for y in copies[int(firsts[b])]:
                out.append((min(x, y), max(x, y)))
    return out, rep


def neighbours(counters: Sequence[Counter], gap: float) -> dict[str, list[str]]:
    """Each counter's id → the ids of the counters of another shape at most ``gap`` apart (to the
    millimetre), from one pair search over all the counters (every group's parts read it, rather than
    searching again); copies of one footprint are linked by :func:`parts` itself."""
    out: dict[str, list[str]] = {}
    pairs, _same = shape_pairs([c.geometry for c in counters], gap + 0.0005)
    for i, j in pairs:
        a, b = counters[i].id, counters[j].id
        out.setdefault(a, []).append(b)
        out.setdefault(b, []).append(a)
    return out


def parts(members: Sequence[Counter], zone_of: dict[str, Zone], gap: float,
          near: dict[str, list[str]] | None = None) -> list[list[Counter]]:
    """The members split into linked parts: same zone, or at most ``gap`` apart (to the millimetre);
    ``near``: :func:`neighbours` of all the counters at that gap (searched here without it).

    >>> from shapely.geometry import box
    >>> cs = [Counter(id=str(k), geometry=box(x, 0, x + 1.6, 0.8)) for k, x in enumerate((0, 1.6, 3.8, 20))]
    >>> [[c.id for c in p] for p in parts(cs, {}, 0.5)]
    [['0', '1'], ['2'], ['3']]
    >>> len(parts(cs, {}, 2.0))
    2
    """
    n = len(members)
    root = list(range(n))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    def link(i: int, j: int) -> None:
        root[find(i)] = find(j)

    if near is None:
        pairs, _same = shape_pairs([c.geometry for c in members], gap + 0.0005)
    else:
        pos = {c.id: i for i, c in enumerate(members)}
        pairs = [(i, j) for i, c in enumerate(members) for o in near.get(c.id, ()) if (j := pos.get(o, -1)) > i]
    for i, j in pairs:
        link(i, j)
    same = same_shapes(np.asarray([c.geometry for c in members], dtype=object))
    if same is not None:  # copies of one footprint are together (0 m apart)
        for i, r in enumerate(same.tolist()):
            if r != i:
                link(i, r)
    first_in_zone: dict[str, int] = {}
    for i, c in enumerate(members):
        z = zone_of.get(c.id)
        if z is not None:
            link(i, first_in_zone.setdefault(z.id, i))
    out: dict[int, list[Counter]] = {}
    for i, c in enumerate(members):
        out.setdefault(find(i), []).append(c)
    return sorted(out.values(), key=len, reverse=True)


def groups(counters: Sequence[Counter], zone_of: dict[str, Zone], kinds: Sequence[str]) -> list[Group]:
    """The service zone kinds and the services that hold two or more windows."""
    out: list[Group] = []
    for kind in kinds:
        members = tuple(c for c in counters if c.id in zone_of and zone_of[c.id].kind == kind)
        if len(members) > 1:
            zh, en = ZONE_KINDS.get(kind, (kind, kind))
            out.append(Group(zh, "the " + en[:1].lower() + en[1:], members, True))
    services: dict[str, list[Counter]] = {}
    for c in counters:
        if c.service.strip():
            services.setdefault(c.service.strip(), []).append(c)
    for name, members_l in services.items():
        if len(members_l) > 1:
            out.append(Group(f"“{name}”业务", f"the service {name}", tuple(members_l), False))
    return out


@rule("COUNTER-GROUPING")
def check_counter_grouping(ctx: RuleContext) -> Iterable[Finding]:
    """Windows of one service zone, and of one service, sit together (二(一)3, 二(二)3)."""
    plan = ctx.plan
    gap = float(ctx.param("max_gap_m"))
    a_zh, a_en = str(ctx.param("assumption_zh", "")), str(ctx.param("assumption_en", ""))
    required = (f"同组窗口集中设置({a_zh})", f"the windows of a group together ({a_en})")
    counters = plan.counters
    if not counters:
        yield ctx.unknown(["counters"], "平面中没有服务台,无法检查窗口是否按业务关联性设置",
                          "No counters in the plan: the grouping of windows cannot be checked", required=required)
        return
    kinds = [str(k) for k in ctx.param("zone_kinds", [])]
    zone_of = zone_of_counters(counters, [z for z in plan.zones if z.kind in kinds])
    unnamed = [c for c in counters if c.id not in zone_of and not c.service.strip()]
    if len(unnamed) == len(counters):
        yield ctx.unknown(["service"], "服务台既未注明业务,也不在服务区域内,无法判断是否按业务关联性设置",
                          "The counters name no service and stand in no service zone: their grouping by business cannot be told",
                          required=required, objects=counters)
        return
    bad = 0
    checked = groups(counters, zone_of, kinds)
    near = neighbours(counters, gap)
    for g in checked:
        ps = parts(g.members, zone_of, gap, near)
        if len(ps) == 1:
            continue
        bad += 1
        # the closest pair between the largest part and the others: one vectorised distance
        firsts = np.asarray([a.geometry for a in ps[0]], dtype=object)
        others = np.asarray([b.geometry for p in ps[1:] for b in p], dtype=object)
        apart = min(shapely.distance(firsts[:, None], others[None, :]).ravel().tolist())
        where_zh = ";".join(counter_names(p, plan)[0] for p in ps)
        where_en = "; ".join(counter_names(p, plan)[1] for p in ps)
        yield ctx.violation(
            f"{g.zh}的 {len(g.members)} 个窗口分散在 {len(ps)} 处,最近相距 {apart:.2f} m,未按业务关联性集中设置:{where_zh}",
            f"The {len(g.members)} windows of {g.en} are split into {len(ps)} places, {apart:.2f} m apart at the closest, "
            f"not grouped by related business: {where_en}",
            measured=round(apart, 3), required=required, unit="m", objects=g.members)  # the members' outlines, merged when drawn
    if not bad:
        n_zone = sum(1 for g in checked if g.by_zone)
        n_srv = len(checked) - n_zone
        zh_parts = ([f"{n_zone} 个服务区的窗口各在一处"] if n_zone else []) + ([f"{n_srv} 项多窗口业务的窗口各在一处"] if n_srv else [])
        en_parts = ([f"the windows of each of {n_zone} service zones in one place"] if n_zone else []) + \
                   ([f"those of each of {n_srv} services with several windows in one place"] if n_srv else [])
        if zh_parts:
            zh = f"{len(counters)} 个窗口按业务关联性集中设置:" + ",".join(zh_parts)
            en = f"The {len(counters)} windows are grouped by related business: " + ", ".join(en_parts)
        else:
            zh = f"{len(counters)} 个窗口各办一项业务,且不分服务区,没有需要集中的同组窗口"
            en = f"Each of the {len(counters)} windows serves its own business and no service zones divide them: nothing to group"
        yield ctx.ok(zh, en, required=required, objects=counters)
    if unnamed:
        zh, en = counter_names(unnamed, plan)
        yield ctx.unknown(["service"], f"{zh}未注明业务且不在服务区域内,无法判断其归组",
                          f"The counters at {en} name no service and stand in no service zone: their group cannot be told",
                          required=required, objects=unnamed)
