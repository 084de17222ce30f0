"""Circulation, accessibility and fire-reach rules over :mod:`geometry.circulation`.

MAIN-AISLE, REACH-COUNTERS, ACCESSIBLE-ROUTE, CONSULT-VISIBLE, SPECIAL-NEAR-ENTRANCE, TURNING-CIRCLE,
LOW-COUNTER, ACCESSIBLE-PARKING here; EXTINGUISHER-REACH and EXIT-REACH in
:mod:`standards.rules.circulation_fire`.  Every number comes from the rule's pack entry; one
:class:`~geometry.circulation.Circulation` is shared by all rules of a check run.  Missing data
gives ``unknown`` naming what is missing, never a pass.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from shapely.geometry import Point
from shapely.ops import unary_union

from geometry.circulation.space import blocked_along
from geometry.measure import parking_stalls
from geometry.kinds import KINDS
from geometry.model import FACILITY_KINDS, ZONE_KINDS, ConsultDesk, Counter
from geometry.hall_parts import on_parts_apart
from geometry.precision import LENGTH, at_least, at_most, between, fmt
from standards.finding import Finding
from standards.naming_objects import object_name, sentence_start
from standards.registry import RuleContext, rule
from standards.rules.layout import nearest_special
from standards.rules.circulation_common import Walk, circulation, margin_note, part_contexts, walk_verdict

if TYPE_CHECKING:
    from geometry.circulation import Circulation, Reachability, Target

def _lower(en: str) -> str:
    return en[0].lower() + en[1:]


# what a walking target is called when it is not an object of the plan: the kinds' and sub-kinds' names
ROLE_NAMES: dict[str, tuple[str, str]] = {
    **{code: (KINDS[code].zh, KINDS[code].en_lower) for code in ("counter", "consult", "zone")},
    **{code: (zh, _lower(en)) for code, (zh, en) in ZONE_KINDS.items() if code in ("waiting", "self_service")},
    **{code: (zh, _lower(en)) for code, (zh, en) in FACILITY_KINDS.items() if code in ("special_population", "accessible_toilet")},
}


def _label(ctx: RuleContext, t: Target | str) -> tuple[str, str]:
    """(Chinese, English) name of a target or object for people (English for mid-sentence)."""
    oid = t if isinstance(t, str) else t.id
    if oid in ctx.plan:
        return object_name(oid, ctx.plan, "zh"), object_name(oid, ctx.plan, "en")
    zh, en = ROLE_NAMES.get(t.role, ("目的地", "destination")) if not isinstance(t, str) else ("目的地", "destination")
    return zh, f"the {en}"


def _article(number_text: str) -> str:
    """The English article before a number read aloud: "an 8.2 m walk", "an 11 m walk", "a 12 m walk"."""
    head = number_text.replace(",", "").split(".")[0]
    return "an" if head.startswith("8") or head in ("11", "18") or (len(head) in (5, 6) and head[:2] in ("11", "18")) else "a"


def _stalls(n: int, noun: str) -> str:
    """ "1 accessible stall", "3 accessible stalls"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def cm(v: float) -> str:
    """Metres printed as centimetres with the digits that decide."""
    return fmt(v, LENGTH, scale=100, digits=0)


def _m(d: float) -> str:
    """A walking distance or width in metres with the digits that decide (to 1 mm, at least 0.1 m)."""
    return fmt(d, LENGTH, digits=1)


def _needs_hall_and_entrance(ctx: RuleContext, c: Circulation, start: str = "main") -> Iterable[Finding]:
    if ctx.plan.hall is None:
        yield ctx.unknown(["hall"], "缺少服务大厅边界,无法分析通行", "No hall boundary: circulation cannot be analysed")
    elif start == "main" and c.main_entrance is None and ctx.plan.meta.get("hall_part") and not ctx.plan.entrances:
        # a part of the hall on another floor (geometry.hall_parts) with no door, lift or stairs drawn on it
        yield ctx.unknown(["arrival"], "这部分大厅没有画出入口、电梯或楼梯,无法确定人从哪里到达,无法分析通行",
                          "No door, lift or stairs drawn on this part of the hall: where people arrive is unknown, "
                          "so circulation cannot be analysed")
    elif start == "main" and c.main_entrance is None:
        yield ctx.unknown(["main_entrance"], "未指定主入口(请将一个出入口标为主入口),无法分析通行",
                          "No main entrance marked (mark one entrance as the main entrance): circulation cannot be analysed")


def _blocked(ctx: RuleContext, r: Reachability, t: Target, need: float, what_zh: str, what_en: str,
             required: str | tuple[str, str]) -> Finding:
    """A violation for an unreachable target, located at its pinch points."""
    pinches = r.pinches_for(t.id)
    best = r.best_width_for(t.id)
    zh_t, en_t = _label(ctx, t)
    loc = unary_union([p.geometry for p in pinches] + [t.geometry]) if pinches else t.geometry
    if best is not None:
        zh = f"{what_zh}到{zh_t}最窄处净宽 {fmt(best, LENGTH)} m,小于 {need:.2f} m"
        en = f"{what_en} to {en_t} narrows to {fmt(best, LENGTH)} m, less than {need:.2f} m"
    else:
        zh = f"{what_zh}无法到达{zh_t}(宽 {need:.2f} m 的通道不通)"
        en = f"{what_en} cannot reach {en_t} (no {need:.2f} m wide way)"
    where = [p.where for p in pinches if p.where is not None]
    return ctx.violation(zh, en, measured=best, required=required, unit="m", objects=[t.id], location=loc,
                         pinch=where[0] if where else None)


@rule("MAIN-AISLE")
def check_main_aisle(ctx: RuleContext) -> Iterable[Finding]:
    """Main aisle ≥ 1.80 m clear from the main entrance to the consultation desk, waiting areas,
    self-service and special-population areas and each service zone (GB 55019 §2.2.2 by analogy)."""
    c = circulation(ctx)
    gaps = list(_needs_hall_and_entrance(ctx, c))
    if gaps:
        yield from gaps
        return
    w = float(ctx.param("min_width_m"))
    roles = set(ctx.param("destinations", ["waiting", "consult", "zone", "self_service", "special_population"]))
    required = f"≥ {w:.2f} m"
    dest = [t for t in c.targets.values() if t.role in roles]
    if not dest:
        yield ctx.unknown(["waiting_area", "consult_desk", "service_zones"],
                          "没有等候区、咨询台或服务功能区,无法确定主通道走向",
                          "No waiting area, consultation desk or service zone drawn: the main aisle cannot be traced",
                          required=required)
        return
    r = c.reach(w)
    assert r is not None
    bad = [t for t in dest if not r.is_reachable(t.id)]
    for t in bad:
        yield _blocked(ctx, r, t, w, "主通道", "The main aisle", required)
    if not bad:
        yield ctx.ok(f"主入口至 {len(dest)} 处主要目的地均有净宽 ≥ {w:.2f} m 的通道",
                     f"A way at least {w:.2f} m wide leads from the main entrance to all {len(dest)} main destinations",
                     required=required, unit="m", objects=[t.id for t in dest], location=r.area)


@rule("REACH-COUNTERS")
def check_reach_counters(ctx: RuleContext) -> Iterable[Finding]:
    """Every counter's customer side and every waiting area reachable from the main entrance by an
    aisle of the pack's width (secondary aisle 1.20 m; GB 55019 §2.2.2 by analogy)."""
    c = circulation(ctx)
    gaps = list(_needs_hall_and_entrance(ctx, c))
    if gaps:
        yield from gaps
        return
    w = float(ctx.param("width_m"))
    required = f"≥ {w:.2f} m"
    dest = [t for t in c.targets.values() if t.role in ("counter", "waiting")]
    if not dest:
        yield ctx.unknown(["counters", "waiting_area"], "平面中没有服务台或等候区", "No counters or waiting areas in the plan",
                          required=required)
        return
    r = c.reach(w)
    assert r is not None
    bad = [t for t in dest if not r.is_reachable(t.id)]
    for t in bad:
        yield _blocked(ctx, r, t, w, "通道", "The aisle", required)
    n_c = sum(t.role == "counter" for t in dest)
    if not bad:
        n_w = len(dest) - n_c
        what_en = " and ".join(x for x in (
            ("the customer side of the counter" if n_c == 1 else f"the customer side of all {n_c} counters") if n_c else "",
            ("the waiting area" if n_w == 1 else f"all {n_w} waiting areas") if n_w else "") if x)
        what_zh = "和".join(x for x in (f"{n_c} 个服务台的客户侧" if n_c else "", f"{n_w} 处等候区" if n_w else "") if x)
        yield ctx.ok(f"{what_zh}均可经净宽 ≥ {w:.2f} m 的通道到达",
                     f"{sentence_start(what_en)} can be reached by aisles at least {w:.2f} m wide",
                     required=required, unit="m", location=r.area)


@rule("ACCESSIBLE-ROUTE")
def check_accessible_route(ctx: RuleContext) -> Iterable[Finding]:
    """Accessible route ≥ 1.20 m wide and continuous: accessible entrance → special-population
    area → accessible counter → accessible toilet (GB 55019 §2.2.2); drawn routes as wide as declared."""
    c = circulation(ctx)
    plan = ctx.plan
    w = float(ctx.param("min_width_m"))
    required = (f"≥ {w:.2f} m,连续", f"≥ {w:.2f} m, continuous")
    if plan.hall is None:
        yield ctx.unknown(["hall"], "缺少服务大厅边界,无法分析无障碍通道", "No hall boundary: the accessible route cannot be analysed")
        return
    if c.accessible_entrance is None:
        if plan.entrances:
            yield ctx.violation("没有无障碍出入口(主入口标为非无障碍,且无其他无障碍出入口)",
                                "No accessible entrance (the main entrance is marked not accessible and no other is)",
                                required=required, objects=list(plan.entrances))
        else:
            yield ctx.unknown(["entrances"], "缺少出入口,无法分析无障碍通道", "No entrance drawn: the accessible route cannot be analysed")
        return
    chain = [("special_population", [t for t in c.targets.values() if t.role == "special_population"]),
             ("counter", [t for t in c.targets.values() if t.role == "counter" and getattr(plan.get(t.id), "accessible", False)]),
             ("accessible_toilet", [t for t in c.targets.values() if t.role == "accessible_toilet"])]
    r = c.reach(w, "accessible")
    assert r is not None
    names = {"special_population": ("特殊人群服务区/设施", "special-population area or facility"),
             "counter": ("低位无障碍服务台", "accessible (low) counter"),
             "accessible_toilet": ("无障碍卫生间", "accessible toilet")}
    # links the level does not demand are left out of the chain when absent: special-population
    # facilities are required only where the seed asks for them (二(一)4), and an accessible toilet only
    # where there are public toilets or the level requires them (GB 55019 §3.2.4)
    sp_levels = ctx.param("special_population_levels", ["city", "county", "park"])
    toilet_levels = ctx.param("accessible_toilet_levels", ["city", "county", "park"])
    needed = {"special_population": ctx.level in sp_levels, "counter": True,
              "accessible_toilet": ctx.level in toilet_levels or bool(plan.facilities_of("toilet"))}
    chain = [(k, ts) for k, ts in chain if ts or needed[k]]
    missing = [k for k, ts in chain if not ts]
    if missing:
        zh = "、".join(names[k][0] for k in missing)
        en = " or ".join(names[k][1] for k in missing)
        it = "it" if len(missing) == 1 else "them"
        yield ctx.unknown(missing, f"平面中没有{zh},无法检查无障碍通道到达该处", f"No {en} drawn: the accessible route to {it} cannot be checked",
                          required=required)
    for key, ts in chain:
        if not ts:
            continue
        ok = [t for t in ts if r.is_reachable(t.id)]
        if ok:  # one reachable instance of each link keeps the chain continuous
            path = c.walking_path(ok[0].id) if c.accessible_entrance is c.main_entrance else None
            yield ctx.ok(f"无障碍出入口至{names[key][0]}有净宽 ≥ {w:.2f} m 的连续通道",
                         f"A continuous route at least {w:.2f} m wide leads from the accessible entrance to the {names[key][1]}",
                         required=required, unit="m", objects=[ok[0].id],
                         location=unary_union([g for g in (path, ok[0].geometry) if g is not None]))
        else:
            here = [t for t, apart in zip(ts, on_parts_apart(plan, [t.geometry for t in ts])) if not apart]
            if here:
                yield _blocked(ctx, r, here[0], w, "无障碍通道", "The accessible route", required)
            else:  # every one stands on a part of the hall on another floor (geometry.hall_parts)
                yield _via_lift(ctx, c, names[key], ts, w, required)
    for route in plan.routes:
        rz, re_ = _label(ctx, route.id)
        if route.width_m is not None and not at_least(route.width_m, w, LENGTH):
            yield ctx.violation(f"{rz}标注宽度 {fmt(route.width_m, LENGTH)} m,小于 {w:.2f} m",
                                f"{sentence_start(re_)} is declared {fmt(route.width_m, LENGTH)} m wide, less than {w:.2f} m",
                                measured=route.width_m, required=required, unit="m", objects=[route])
        sp = c.space
        if sp is not None:
            blocked = blocked_along(route.geometry, plan.hall, sp.public, w)
            if blocked.area > 0.01:
                yield ctx.violation(f"{rz}沿线 {w:.2f} m 宽度内有障碍物(约 {blocked.area:.2f} m²)",
                                    f"Obstacles within the {w:.2f} m width along {re_} (about {blocked.area:.2f} m²)",
                                    measured=round(blocked.area, 2), required=required, unit="m²", objects=[route], location=blocked)


def _via_lift(ctx: RuleContext, c: Circulation, name: tuple[str, str], ts: list[Target], w: float,
              required: tuple[str, str]) -> Finding:
    """The accessible route to a link of the chain whose every instance stands on a part of the hall on
    another floor: from the accessible entrance to a lift on the entrance floor, up, and from that
    part's lift to one of them, each stretch at least ``w`` wide (the lift car itself is not checked)."""
    from geometry.circulation.reach import POINT_TOL, Target as Place, reachability
    from geometry.hall_parts import owners

    plan, sp, ent = ctx.plan, c.space, c.accessible_entrance
    assert plan.hall is not None and sp is not None and ent is not None
    (main, _), *parts = part_contexts(ctx)  # a link stands on a part apart: there are parts
    lifts = [f for f in main.plan.facilities_of("lift") if f.geometry.distance(plan.hall) <= 1.0]
    nz, ne = name
    if not lifts:
        return ctx.violation(f"{nz}都在另一层的大厅部分,而主入口所在层没有电梯:轮椅无法到达",
                             f"Every {ne} is on a part of the hall on another floor, and the entrance floor has no lift: "
                             f"wheelchairs cannot get there", required=required, objects=[t.id for t in ts])
    up = reachability(sp.public, ent.geometry, [Place(f.id, "lift", f.geometry, f.geometry, POINT_TOL) for f in lifts], w)
    ok_lifts = [f for f in lifts if up.is_reachable(f.id)]
    if not ok_lifts:
        return ctx.violation(f"无障碍出入口至电梯没有净宽 ≥ {w:.2f} m 的通道,轮椅无法到达另一层的{nz}",
                             f"No way at least {w:.2f} m wide leads from the accessible entrance to a lift: wheelchairs "
                             f"cannot get to the {ne} on the other floor", required=required,
                             objects=[f.id for f in lifts] + [t.id for t in ts], location=unary_union([f.geometry for f in lifts]))
    whose = owners(plan, [p.room for p, _ in parts if p.room is not None], [t.geometry for t in ts])  # parts apart: all rooms
    tried: list[tuple[Any, str]] = []
    for k, (part, prc) in enumerate(parts):
        mine = [t for t, o in zip(ts, whose) if o == k]
        if not mine:
            continue
        pc = circulation(prc)  # the part's analysis the walking rules made (or will use) in this run
        pent = pc.accessible_entrance
        if pent is None:
            tried.append((part, "none"))
            continue
        pr = pc.reach(w, "accessible")
        got = [t for t in mine if pr is not None and pr.is_reachable(t.id)]
        if got:
            pz, pe = part.name
            return ctx.ok(f"无障碍出入口经电梯至{pz}的{nz}有净宽 ≥ {w:.2f} m 的连续通道",
                          f"A continuous route at least {w:.2f} m wide leads from the accessible entrance by the lift to the "
                          f"{ne} on {pe}", required=required, unit="m", objects=[ok_lifts[0].id, pent.id, got[0].id],
                          location=unary_union([ok_lifts[0].geometry, pent.geometry, got[0].geometry]))
        tried.append((part, "blocked"))
    part, why = tried[0]
    pz, pe = part.name
    if why == "none":
        return ctx.violation(f"{pz}没有电梯(或无障碍出入口):轮椅无法到达那里的{nz}",
                             f"{sentence_start(pe)} has no lift (nor an accessible way in): wheelchairs cannot get to the {ne} there",
                             required=required, objects=[t.id for t in ts])
    return ctx.violation(f"{pz}电梯至{nz}没有净宽 ≥ {w:.2f} m 的通道",
                         f"On {pe} no way at least {w:.2f} m wide leads from the lift to the {ne}", required=required,
                         objects=[t.id for t in ts], location=unary_union([t.geometry for t in ts]))


@rule("CONSULT-VISIBLE")
def check_consult_visible(ctx: RuleContext) -> Iterable[Finding]:
    """Consultation desk near (walking distance ≤ pack value) and in view of the main entrance (二(一)3)."""
    c = circulation(ctx)
    gaps = list(_needs_hall_and_entrance(ctx, c))
    if gaps:
        yield from gaps
        return
    dmax = float(ctx.param("max_walk_m"))
    required = (f"主入口可见,步行 ≤ {dmax:g} m", f"in view of the main entrance, walk ≤ {dmax:g} m")
    desks = [t for t in c.targets.values() if t.role == "consult"]
    if not desks:
        if ctx.applies("CONSULT"):  # the missing desk is one defect, reported by CONSULT
            yield ctx.not_applicable(f"平面中没有咨询服务台,已在“{ctx.title('CONSULT')}”中报告,此处不重复计",
                                     f"No consultation desk drawn; reported once under '{ctx.title('CONSULT', 'en')}'",
                                     required=required, related=("CONSULT",))
        else:
            yield ctx.unknown(["consult_desk"], "平面中没有咨询服务台", "No consultation desk drawn", required=required)
        return
    dist = c.walking_distances()
    iso = c.entrance_isovist
    from geometry.circulation import visible

    res = c.settings.resolution_m
    scored = [(t, dist.get(t.id, math.inf), iso is not None and visible(iso, t.geometry)) for t in desks]
    walk = {t.id: walk_verdict(d, dmax, res) for t, d, _ in scored}
    near = {k: v == Walk.WITHIN for k, v in walk.items()}
    scored.sort(key=lambda s: (not (s[2] and near[s[0].id]), s[1]))
    t, d, seen = scored[0]
    tz, te = _label(ctx, t)
    dtxt = f"{_m(d)} m" if math.isfinite(d) else "不可达"
    dtxt_en = f"{_m(d)} m" if math.isfinite(d) else "unreachable"
    path = c.walking_path(t.id)
    extra: dict[str, Any] = {"isovist": iso, "path": path}
    loc = unary_union([g for g in (t.geometry, path) if g is not None])
    if seen and near[t.id]:
        yield ctx.ok(f"{tz}在主入口视线内,步行 {dtxt}", f"{sentence_start(te)} is in view of the main entrance, {dtxt_en} away",
                     measured=d, required=required, unit="m", objects=[t.id], location=loc, **extra)
        return
    if seen and walk[t.id] == Walk.MARGIN:
        zh, en = margin_note(d, dmax)
        yield ctx.unknown(["precision"], f"{tz}在主入口视线内;{zh}", f"{sentence_start(te)} is in view; {en}",
                          measured=d, required=required, unit="m", objects=[t.id], location=loc, **extra)
        return
    why_zh = ([] if seen else ["从主入口看不到"]) + ([] if near[t.id] else [f"步行距离 {dtxt} 超过 {dmax:g} m"])
    walk_en = (f"{_article(_m(d))} {_m(d)} m walk" if math.isfinite(d) else "unreachable on foot")
    why_en = ([] if seen else ["not in view of the main entrance"]) + ([] if near[t.id] else [f"{walk_en}, more than {dmax:g} m"])
    yield ctx.violation(f"{tz}" + ",".join(why_zh), f"{sentence_start(te)}: " + "; ".join(why_en),
                        measured=d if math.isfinite(d) else None, required=required, unit="m", objects=[t.id],
                        location=loc, **extra)


@rule("SPECIAL-NEAR-ENTRANCE")
def check_special_near(ctx: RuleContext) -> Iterable[Finding]:
    """Special-population facilities within the pack's walking distance of the main entrance
    (二(一)4 "靠近出入口"; the distance is an engineering assumption, confidence L)."""
    c = circulation(ctx)
    gaps = list(_needs_hall_and_entrance(ctx, c))
    if gaps:
        yield from gaps
        return
    dmax = float(ctx.param("max_walk_m"))
    required = (f"步行 ≤ {dmax:g} m(工程假定)", f"walk ≤ {dmax:g} m (assumption)")
    items = [t for t in c.targets.values() if t.role == "special_population"]
    if not items:
        if ctx.applies("SPECIAL-ACCESS"):  # one missing facility, one finding: SPECIAL-ACCESS reports it
            yield ctx.not_applicable(f"平面中没有特殊人群服务设施,已在“{ctx.title('SPECIAL-ACCESS')}”中报告,此处不重复计",
                                     f"No special-population facility drawn; reported once under '{ctx.title('SPECIAL-ACCESS', 'en')}'",
                                     required=required, related=("SPECIAL-ACCESS",))
        else:
            yield ctx.unknown(["special_population"], "平面中没有特殊人群服务区或设施", "No special-population zone or facility drawn",
                              required=required)
        return
    # when SPECIAL-ACCESS already fails (none is near an entrance even in a straight line), a walk that
    # is too long is the same defect: it is linked there, not counted again; a walk that passes still says so
    access_fails = False
    if ctx.applies("SPECIAL-ACCESS") and ctx.plan.entrances:
        _, straight = nearest_special(ctx.plan)
        access_fails = not at_most(straight, float(ctx.other_params("SPECIAL-ACCESS").get("max_distance_m", math.inf)), LENGTH)
    dist = c.walking_distances()
    linked: list[str] = []
    for t in items:
        d = dist.get(t.id, math.inf)
        path = c.walking_path(t.id)
        loc = unary_union([g for g in (path, t.geometry) if g is not None])
        tz, te = _label(ctx, t)
        verdict = walk_verdict(d, dmax, c.settings.resolution_m)
        if verdict == Walk.WITHIN:
            yield ctx.ok(f"{tz}距主入口步行 {_m(d)} m", f"{sentence_start(te)} is {_article(_m(d))} {_m(d)} m walk from the main entrance",
                         measured=d, required=required, unit="m", objects=[t.id], location=loc, path=path)
        elif access_fails:
            linked.append(t.id)
        elif verdict == Walk.MARGIN:
            zh, en = margin_note(d, dmax)
            yield ctx.unknown(["precision"], f"{tz}:{zh}", f"{sentence_start(te)}: {en}",
                              measured=d, required=required, unit="m", objects=[t.id], location=loc, path=path)
        else:
            dz = f"{_m(d)} m" if math.isfinite(d) else "不可达"
            de = f"{_m(d)} m" if math.isfinite(d) else "unreachable"
            yield ctx.violation(f"{tz}距主入口步行 {dz},超过 {dmax:g} m",
                                f"{sentence_start(te)} is {de} from the main entrance on foot, more than {dmax:g} m",
                                measured=d if math.isfinite(d) else None, required=required, unit="m", objects=[t.id],
                                location=loc, path=path)
    if linked:
        yield ctx.not_applicable(f"特殊人群服务设施离出入口过远,已在“{ctx.title('SPECIAL-ACCESS')}”中报告,此处不重复计",
                                 f"The special-population facilities are far from every entrance; reported once under "
                                 f"'{ctx.title('SPECIAL-ACCESS', 'en')}'", required=required, related=("SPECIAL-ACCESS",),
                                 objects=linked)


@rule("TURNING-CIRCLE")
def check_turning(ctx: RuleContext) -> Iterable[Finding]:
    """A wheelchair turning circle (Ø 1.50 m) in front of each accessible counter and at the ends of
    the drawn accessible routes (GB 55019 §3.1.2, §3.6.3)."""
    c = circulation(ctx)
    plan = ctx.plan
    dia = float(ctx.param("diameter_m"))
    reach = float(ctx.param("reach_m", 0.3))
    required = f"Ø ≥ {dia:.2f} m"
    if plan.hall is None:
        yield ctx.unknown(["hall"], "缺少服务大厅边界,无法检查轮椅回转空间", "No hall boundary: turning space cannot be checked")
        return
    acc = [k for k in plan.counters if k.accessible]
    if not acc and plan.meta.get("hall_part"):  # one part of a hall over several floors (geometry.hall_parts):
        if plan.counters:  # LOW-COUNTER asks for one low counter in the whole hall, not one on every floor
            yield ctx.not_applicable("这部分大厅没有低位无障碍服务台,无需检查其前方回转空间",
                                     "No accessible counter on this part of the hall: no turning space in front of one to check",
                                     required=required)
    elif not acc and plan.counters and ctx.applies("LOW-COUNTER"):  # one defect, reported by LOW-COUNTER
        yield ctx.not_applicable(f"没有低位无障碍服务台,已在“{ctx.title('LOW-COUNTER')}”中报告,此处不重复计",
                                 f"No accessible counter; reported once under '{ctx.title('LOW-COUNTER', 'en')}'",
                                 required=required, related=("LOW-COUNTER",))
    elif not acc:
        yield ctx.unknown(["accessible_counter"], "没有低位无障碍服务台,无法检查其前方回转空间",
                          "No accessible counter: turning space in front of it cannot be checked", required=required)
    for k in acc:
        tc = c.turning_at_counter(k.id, dia, reach)
        if tc is None:
            continue
        kz, ke = _label(ctx, k.id)
        if tc.fits:
            yield ctx.ok(f"低位服务台{kz}前可容纳直径 {dia:.2f} m 的轮椅回转圆", f"A {dia:.2f} m turning circle fits in front of accessible {ke}",
                         measured=dia, required=required, unit="m", objects=[k], location=tc.circle)
        else:
            yield ctx.violation(f"低位服务台{kz}前放不下直径 {dia:.2f} m 的轮椅回转圆", f"No {dia:.2f} m turning circle fits in front of accessible {ke}",
                                required=required, unit="m", objects=[k], location=tc.searched)
    for route in plan.routes:
        coords = list(route.geometry.coords)
        for end in (Point(coords[0]), Point(coords[-1])):
            if not plan.hall.covers(end):
                continue  # ends outside the hall (parking, street) are outside this analysis
            tc = c.turning_at(end, dia, float(ctx.param("end_within_m", 0.5)))
            if tc is None:
                continue
            rz, re_ = _label(ctx, route.id)
            if tc.fits:
                yield ctx.ok(f"{rz}端部可容纳直径 {dia:.2f} m 的回转圆", f"A {dia:.2f} m turning circle fits at the end of {re_}",
                             measured=dia, required=required, unit="m", objects=[route], location=tc.circle)
            else:
                yield ctx.violation(f"{rz}端部放不下直径 {dia:.2f} m 的回转圆", f"No {dia:.2f} m turning circle fits at the end of {re_}",
                                    required=required, unit="m", objects=[route], location=tc.searched)


@rule("LOW-COUNTER")
def check_low_counter(ctx: RuleContext) -> Iterable[Finding]:
    """At least one low (accessible) counter with its top 0.70–0.85 m; consultation desks too
    (GB 55019 §3.6.1, §3.6.4)."""
    lo, hi = float(ctx.param("min_height_m")), float(ctx.param("max_height_m"))
    required = (f"至少一处低位服务台,台面 {lo * 100:.0f}–{hi * 100:.0f} cm", f"at least one low counter, top {lo * 100:.0f}–{hi * 100:.0f} cm")
    groups: list[tuple[str, str, Sequence[Counter | ConsultDesk]]] = [
        ("服务台", "counter", ctx.plan.counters), ("咨询服务台", "consultation desk", ctx.plan.consult_desks)]
    for zh, en, items in groups:
        if not items:
            continue
        acc = [o for o in items if o.accessible]
        if not acc:
            yield ctx.violation(f"没有低位(无障碍){zh}", f"No low (accessible) {en}", required=required, objects=list(items))
            continue
        heights = [(o, o.height_m) for o in acc if o.height_m is not None]
        good = [(o, h) for o, h in heights if between(h, lo, hi, LENGTH)]
        if good:
            o, h = good[0]
            oz, oe = _label(ctx, o.id)
            yield ctx.ok(f"{oz}为低位台面,高 {cm(h)} cm", f"{sentence_start(oe)} is low: top at {cm(h)} cm",
                         measured=h, required=required, unit="m", objects=[o])
        elif not heights:
            yield ctx.unknown(["height_m"], f"低位{zh}缺少台面高度", f"Low {en}: top height missing",
                              required=required, objects=acc)
        else:
            o, h = heights[0]
            oz, oe = _label(ctx, o.id)
            yield ctx.violation(f"{oz}标为无障碍,但台面高 {cm(h)} cm,不在 {lo * 100:.0f}–{hi * 100:.0f} cm",
                                f"{sentence_start(oe)} is marked accessible but its top is at {cm(h)} cm, outside {lo * 100:.0f}–{hi * 100:.0f} cm",
                                measured=h, required=required, unit="m", objects=acc)
    if not ctx.plan.counters and not ctx.plan.consult_desks:
        yield ctx.unknown(["counters"], "平面中没有服务台", "No counters in the plan", required=required)


@rule("ACCESSIBLE-PARKING")
def check_accessible_parking(ctx: RuleContext) -> Iterable[Finding]:
    """Accessible stalls ≥ max(1, ceil(n / 100)) where parking exists (GB 55019 §2.9.5)."""
    if not ctx.plan.parking:
        yield ctx.not_applicable("平面中没有停车场", "No parking in the plan")
        return
    n, a = parking_stalls(ctx.plan)
    per, least = int(ctx.param("stalls_per_accessible")), int(ctx.param("min_accessible"))
    if n is None or a is None:
        yield ctx.unknown(["stalls"], "停车场缺少车位数或无障碍车位数", "Parking: stall or accessible-stall count missing",
                          objects=list(ctx.plan.parking))
        return
    if n == 0:
        yield ctx.not_applicable("停车场车位数为 0", "The parking has no stalls", objects=list(ctx.plan.parking))
        return
    need = max(least, math.ceil(n / per))
    required = f"≥ {need}(max({least}, ⌈{n}/{per}⌉))"
    if a >= need:
        yield ctx.ok(f"无障碍车位 {a} 个(共 {n} 个车位)", f"{_stalls(a, 'accessible stall')} of {n}", measured=a, required=required,
                     objects=list(ctx.plan.parking))
    else:
        yield ctx.violation(f"无障碍车位 {a} 个,{n} 个车位应至少 {need} 个",
                            f"{_stalls(a, 'accessible stall')}; {_stalls(n, 'stall')} need at least {need}",
                            measured=a, required=required, objects=list(ctx.plan.parking))


from standards.rules import circulation_fire  # noqa: E402,F401  (registers the fire-reach rules)
