"""Fixes on counters: depth (COUNTER-WIDTH), top height (COUNTER-HEIGHT), colour (COUNTER-COLOR),
a low counter (LOW-COUNTER), missing township windows added where the row has room
(TOWNSHIP-WINDOWS), and counter rows shifted to open an aisle (MAIN-AISLE, REACH-COUNTERS)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Iterable, Iterator

from shapely import affinity

from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geometry.commands import ReplaceObjects, describe
from geometry.measure import counter_axes, counter_dimensions
from geometry.model import ConsultDesk, Counter, Plan, PlanObject
from standards.colors import is_dark
from standards.finding import Finding
from standards.engine import Report
from standards.fixes.base import BAD, Candidate, fixer, names
from standards.fixes.base import param as _param
from standards.fixes.space import extend_row, free_floor


def _counters(plan: Plan, f: Finding) -> list[Counter]:
    return [o for o in (plan.get(i) for i in f.object_ids) if isinstance(o, Counter)]



def with_depth(c: Counter, depth: float) -> BaseGeometry:
    """The counter's footprint with its depth set to ``depth``, the back edge kept (the customer
    side moves), about the centre when the front is not known."""
    lx, ly, dx, dy = counter_axes(c)
    old, _ = counter_dimensions(c)
    ang = math.degrees(math.atan2(dy, dx))
    cen = c.geometry.centroid
    local = affinity.rotate(c.geometry, -ang, origin=cen)
    x0, _y0, x1, _y1 = local.bounds
    origin = (x0, cen.y) if c.front is not None else (cen.x, cen.y)  # front known: keep the back (x0 after rotation)
    scaled = affinity.scale(local, depth / old, 1.0, origin=origin)
    return affinity.rotate(scaled, ang, origin=cen)


@fixer("COUNTER-WIDTH")
def fix_width(report: Report, f: Finding) -> Iterator[Candidate]:
    plan = report.plan
    lo, hi = _param(report, f, "min_m", 0.75), _param(report, f, "max_m", 0.90)
    target = round((lo + hi) / 2, 2)
    for c in _counters(plan, f):
        new = replace(c, geometry=with_depth(c, target))
        zh, en = names(plan, c)
        yield Candidate(f"将{zh}台面宽改为 {target * 100:.0f} cm", f"Make {en} {target * 100:.0f} cm deep",
                        ReplaceObjects.of(plan, (c,), (new,), f"修复:{zh}台面宽", f"Fix: {en} depth"))


@fixer("COUNTER-HEIGHT")
def fix_height(report: Report, f: Finding) -> Iterator[Candidate]:
    plan = report.plan
    nominal = _param(report, f, "nominal_m", 0.80)
    for c in _counters(plan, f):
        zh, en = names(plan, c)
        yield Candidate(f"将{zh}台面高改为 {nominal * 100:.0f} cm", f"Set the top of {en} to {nominal * 100:.0f} cm",
                        ReplaceObjects.of(plan, (c,), (replace(c, height_m=nominal),), f"修复:{zh}台面高", f"Fix: {en} height"))


@fixer("COUNTER-COLOR")
def fix_color(report: Report, f: Finding) -> Iterator[Candidate]:
    plan = report.plan
    max_l = _param(report, f, "max_luminance", 0.18)
    dark = [c.color for c in plan.counters if c.color and is_dark(c.color, max_l)]
    colour = max(set(dark), key=dark.count) if dark else "深棕色"  # the colour the other counters have
    for c in _counters(plan, f):
        zh, en = names(plan, c)
        yield Candidate(f"将{zh}改为“{colour}”(与其他服务台一致)" if dark else f"将{zh}改为“{colour}”",
                        f"Make {en} '{colour}'" + (" like the other counters" if dark else ""),
                        ReplaceObjects.of(plan, (c,), (replace(c, color=colour),), f"修复:{zh}颜色", f"Fix: {en} colour"))


def _entrance_point(plan: Plan) -> BaseGeometry | None:
    e = plan.main_entrance() or (plan.entrances[0] if plan.entrances else None)
    return None if e is None else e.geometry


@fixer("LOW-COUNTER")
def fix_low_counter(report: Report, f: Finding) -> Iterator[Candidate]:
    """The counter (or desk) nearest the main entrance made a low one, top in the middle of the band."""
    plan = report.plan
    lo, hi = _param(report, f, "min_height_m", 0.70), _param(report, f, "max_height_m", 0.85)
    h = round((lo + hi) / 2, 2)
    items = [o for o in (plan.get(i) for i in f.object_ids) if isinstance(o, (Counter, ConsultDesk))]
    acc = [o for o in items if getattr(o, "accessible", False)]
    ent = _entrance_point(plan)
    pool = acc or items
    if ent is not None:
        pool = sorted(pool, key=lambda o: o.geometry.distance(ent))
    for o in pool[:4]:
        zh, en = names(plan, o)
        new = replace(o, accessible=True, height_m=h)
        yield Candidate(f"将{zh}设为低位无障碍服务台,台面高 {h * 100:.0f} cm", f"Make {en} a low accessible counter, top at {h * 100:.0f} cm",
                        ReplaceObjects.of(plan, (o,), (new,), f"修复:低位{zh}", f"Fix: low {en}"))


def rows(plan: Plan) -> list[list[Counter]]:
    """Counters grouped into rows: same orientation, on one line, touching or nearly (≤ 0.6 m gaps)."""
    out: list[list[Counter]] = []
    for c in sorted(plan.counters, key=lambda c: (c.geometry.centroid.x, c.geometry.centroid.y)):
        lx, ly, dx, dy = counter_axes(c)
        cen = c.geometry.centroid
        for row in out:
            r0 = row[0]
            rx, ry, rdx, rdy = counter_axes(r0)
            if abs(abs(lx * rx + ly * ry) - 1.0) > 1e-3:
                continue
            off = (cen.x - r0.geometry.centroid.x) * rdx + (cen.y - r0.geometry.centroid.y) * rdy
            if abs(off) < 0.05 and min(c.geometry.distance(o.geometry) for o in row) <= 0.6:
                row.append(c)
                break
        else:
            out.append([c])
    return out


def _row_gap(row: list[Counter]) -> float:
    lx, ly, _dx, _dy = counter_axes(row[0])
    pos = sorted((c.geometry.centroid.x * lx + c.geometry.centroid.y * ly, c) for c in row)
    length = counter_dimensions(row[0])[1]
    gaps = [b[0] - a[0] - length for a, b in zip(pos, pos[1:])]
    return max(0.0, sorted(gaps)[len(gaps) // 2]) if gaps else 0.0


def _model_counter(report: Report, row: list[Counter]) -> Counter:
    """The counter a new window copies: one of the row with no failing or warning finding, if any."""
    bad = {i for f in report.findings if f.status in BAD for i in f.object_ids}
    return next((c for c in row if c.id not in bad and not c.accessible), next((c for c in row if not c.accessible), row[0]))


@fixer("TOWNSHIP-WINDOWS")
def fix_missing_window(report: Report, f: Finding) -> Iterator[Candidate]:
    """Add the missing window as a counter continuing a row where the row has room, named for the service."""
    plan = report.plan
    name_zh = f.required or ""
    name_en = f.required_en or name_zh
    free = free_floor(plan, clearance=0.0)
    seen: set[bytes] = set()
    for row in sorted(rows(plan), key=len, reverse=True)[:3]:
        lx, ly, _dx, _dy = counter_axes(row[0])
        spots = extend_row(list(row), free, 1, (lx, ly), _row_gap(row))
        if not spots or spots[0].wkb in seen:  # two rows in line offer the same place once
            continue
        seen.add(spots[0].wkb)
        model = _model_counter(report, row)
        geom = spots[0]
        wspec = report.specs.get("COUNTER-WIDTH")
        if wspec is not None:  # the new window as deep as the standard asks, even when its model is not
            lo, hi = float(wspec.params.get("min_m", 0.75)), float(wspec.params.get("max_m", 0.90))
            depth = counter_dimensions(model)[0]
            if not lo - 1e-6 <= depth <= hi + 1e-6:
                geom = with_depth(replace(model, geometry=geom), round((lo + hi) / 2, 2))
        new = replace(model, id=plan.new_id("counter"), geometry=geom, service=name_zh, sign_zh=name_zh,
                      sign_en=name_en if model.sign_en else model.sign_en, label="", accessible=False)
        yield Candidate(f"在服务台排末端添加“{name_zh}”窗口", f"Add a window for {name_en.lower()} at the end of a counter row",
                        ReplaceObjects((), (new,), (), f"修复:添加“{name_zh}”窗口", f"Fix: add a {name_en} window"))


def _aisle_need(report: Report, f: Finding) -> float:
    """The clear width the aisle rule asks (MAIN-AISLE: min_width_m, REACH-COUNTERS: width_m)."""
    return _param(report, f, "min_width_m", _param(report, f, "width_m", 1.8))


@fixer("MAIN-AISLE", "REACH-COUNTERS")
def fix_aisle(report: Report, f: Finding) -> Iterator[Candidate]:
    """Shift the counter row at the narrow point away from it by what the aisle lacks (both ways tried)."""
    plan = report.plan
    need = _aisle_need(report, f)
    pinch = f.extra.get("pinch")
    where: BaseGeometry | None = pinch if isinstance(pinch, BaseGeometry) else f.location
    if where is None or where.is_empty:
        return
    best = f.measured if isinstance(f.measured, (int, float)) else 0.0
    lack = max(need - float(best), 0.1)
    shifts = sorted({round(math.ceil(round((x + 0.05) / 0.05, 6)) * 0.05, 2) for x in (lack, need)})
    near = [r for r in rows(plan) if unary_union([c.geometry for c in r]).distance(where) <= need]
    near.sort(key=lambda r: unary_union([c.geometry for c in r]).distance(where))
    for row in near[:2]:
        _lx, _ly, dx, dy = counter_axes(row[0])
        g = unary_union([c.geometry for c in row])
        mid = where.centroid
        side = 1.0 if (g.centroid.x - mid.x) * dx + (g.centroid.y - mid.y) * dy >= 0 else -1.0  # away from the pinch
        for s in shifts:
            for sign in (side, -side):
                mx, my = sign * dx * s, sign * dy * s
                new = tuple(replace(c, geometry=affinity.translate(c.geometry, mx, my)) for c in row)
                zh, en = describe(list[PlanObject](row))
                yield Candidate(f"将{zh}平移 {s:.2f} m,使通道净宽达到 {need:.2f} m",
                                f"Shift {en} by {s:.2f} m to open the aisle to {need:.2f} m",
                                ReplaceObjects.of(plan, tuple(row), new, f"修复:平移{zh}", f"Fix: shift {en}"))




def _fresh_counter_ids(plan: Plan, n: int) -> list[str]:
    out: list[str] = []
    k = 1
    while len(out) < n:
        cand = f"counter-{k}"
        if cand not in plan:
            out.append(cand)
        k += 1
    return out


@fixer("WINDOW-DENSITY")
def fix_density(report: Report, f: Finding) -> Iterator[Candidate]:
    """Too much hall per window (a pack that warns above its band): add the windows the band asks,
    continuing the rows that have room, the longest rows first.  Too little: take the windows over
    the band from the ends of the longest rows."""
    plan = report.plan
    if plan.hall is None or not plan.counters:
        return
    area, n = float(plan.hall.area), len(plan.counters)
    lo, hi = _param(report, f, "min_m2_per_window", 16.0), _param(report, f, "max_m2_per_window", 24.0)
    if area / n > hi:
        want = math.ceil(area / hi - 1e-9) - n
        free = free_floor(plan, clearance=0.0)
        spots: list[tuple[list[Counter], BaseGeometry]] = []
        for row in sorted(rows(plan), key=len, reverse=True):
            if len(spots) >= want:
                break
            lx, ly, _dx, _dy = counter_axes(row[0])
            got = extend_row(list(row), free, want - len(spots), (lx, ly), _row_gap(row))
            spots += [(row, g) for g in got]
            if got:
                free = free.difference(unary_union(got).buffer(0.3))
        if len(spots) < want:
            return
        ids = _fresh_counter_ids(plan, want)
        new = tuple(replace(_model_counter(report, row), id=i, geometry=g, label="", accessible=False)
                    for i, (row, g) in zip(ids, spots))
        yield Candidate(f"在服务台排末端添加 {want} 个窗口(每窗口 {area / (n + want):.1f} m²)",
                        f"Add {want} window{'s' if want != 1 else ''} at the ends of the counter rows ({area / (n + want):.1f} m² per window)",
                        ReplaceObjects((), new, (), f"修复:添加 {want} 个窗口", f"Fix: add {want} windows"))
    elif area / n < lo:
        drop = n - math.floor(area / lo + 1e-9)
        ends: list[Counter] = []
        for row in sorted(rows(plan), key=len, reverse=True):
            lx, ly, _dx, _dy = counter_axes(row[0])
            ordered = sorted(row, key=lambda c: c.geometry.centroid.x * lx + c.geometry.centroid.y * ly)
            while ordered and len(ends) < drop and len(ordered) > 1:
                ends.append(ordered.pop())
        if len(ends) < drop:
            return
        cmd = ReplaceObjects.removing(plan, [c.id for c in ends])
        yield Candidate(f"撤去服务台排末端的 {drop} 个窗口", f"Take {drop} window{'s' if drop != 1 else ''} off the ends of the counter rows",
                        replace(cmd, text_zh=f"修复:撤去 {drop} 个窗口", text_en=f"Fix: take off {drop} windows"))
