"""Guided fixes: each fix kind applied to a failing plan (a bundled sample's violation or the
compliant county sample with one defect made) turns its finding to pass and makes no other fail."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from shapely import affinity
from shapely.geometry import LineString, Point, box

from geometry.model import Obstacle, Plan
from geometry.synthetic import sample_plan
from standards.engine import Report, check
from standards.finding import Status
from standards.fixes import Fix, fixes_for, has_fixer

BAD = (Status.FAIL, Status.WARN)


@pytest.fixture(scope="module")
def county() -> Plan:
    return sample_plan("county")


def _new_fails(before: Report, after: Report) -> list[str]:
    """Findings failing after that were not failing before: same rule and an object in common (or, for
    findings about no object, the same message) counts as the same finding."""
    was = [g for g in before.findings if g.status == Status.FAIL]
    return [f"{f.rule}: {f.message_en}" for f in after.findings if f.status == Status.FAIL and not any(
        g.rule == f.rule and (set(g.object_ids) & set(f.object_ids) or g.message_en == f.message_en) for g in was)]


def fix_and_verify(plan: Plan, rule: str, want_en: str, packs: list[str] | None = None) -> tuple[Fix, Report]:
    before = check(plan, packs=packs)
    target = next(f for f in before.findings if f.rule == rule and f.status in BAD)
    assert has_fixer(target)
    fixes = fixes_for(before, target)
    assert fixes, f"no fix offered for {rule}"
    fix = fixes[0]
    assert want_en in fix.title("en") and fix.title("zh") and not fix.costs, (fix.title("en"), fix.cost_text("en"))
    fixed = fix.apply(plan)
    after = check(fixed, packs=packs)  # a fresh check of the edited plan, not the fix's own
    # the finding turned to pass ...
    if target.object_ids:
        assert not [f for f in after.findings if f.rule == rule and f.status in BAD and set(f.object_ids) & set(target.object_ids)]
    else:
        assert sum(f.rule == rule and f.status in BAD for f in after.findings) < sum(
            f.rule == rule and f.status in BAD for f in before.findings)
    passes = [f for f in after.findings if f.rule == rule and f.status == Status.PASS]
    assert passes, f"{rule} shows no pass after the fix"
    # ... and nothing else turned to fail
    assert not _new_fails(before, after)
    # one undo step gives the plan back
    assert fix.command.undo(fixed) == plan
    assert not fix.preview.is_empty
    return fix, after


def test_waiting_area_added_where_there_is_none() -> None:
    fix, after = fix_and_verify(sample_plan("county", compliant=False), "WAITING", "waiting area")
    z = fix.command.new[0]
    assert z.KIND == "zone" and z.kind == "waiting"
    assert z.geometry.area >= 3.0 * len(after.plan.counters)


def test_waiting_area_enlarged_by_the_missing_area_along_a_free_edge(county: Plan) -> None:
    w = county.zones_of("waiting")[0]
    small = box(*w.geometry.bounds[:2], w.geometry.bounds[0] + 8, w.geometry.bounds[1] + 6)  # 48 m² for 24 windows
    plan = county.replacing(replace(w, geometry=small))
    fix, _ = fix_and_verify(plan, "WAITING", "Enlarge")
    grown = fix.command.new[0].geometry
    assert grown.contains(small) and 72.0 <= grown.area <= 73.0  # 24 × 3 m², to the next 0.5 m²


def test_missing_counters_added_where_the_row_has_room() -> None:
    fix, _ = fix_and_verify(sample_plan("township", compliant=False), "TOWNSHIP-WINDOWS", "Add a window for")
    (c,) = fix.command.new
    assert c.KIND == "counter" and c.service


def test_windows_added_where_the_rows_have_room(tmp_path: Path) -> None:
    """A pack that warns above its hall-per-window band: the windows it asks, continuing the row."""
    from geometry.model import Context, Counter, Entrance
    from standards.packs import PACK_DIR

    pack = tmp_path / "national-warn-above.toml"
    pack.write_text((PACK_DIR / "national-figures.toml").read_text(encoding="utf-8").replace("warn_above = false", "warn_above = true"),
                    encoding="utf-8")
    plan = Plan(context=Context(level="township", population=30000), hall=box(0, 0, 10, 10))
    for i in range(3):
        plan = plan.with_object(Counter(id=f"c{i}", geometry=box(1 + 1.6 * i, 9.0, 2.6 + 1.6 * i, 9.8), height_m=0.8, color="深棕色",
                                        front=270.0, service="社会保障", sign_zh="社会保障"))
    plan = plan.with_object(Entrance(id="e1", geometry=LineString([(4, 0), (6, 0)]), main=True))
    fix, after = fix_and_verify(plan, "WINDOW-DENSITY", "Add 2 windows", packs=["baoshan-2016", str(pack)])
    assert len(after.plan.counters) == 5 and all(plan.hall.contains(c.geometry) for c in fix.command.new)
    assert all(abs(c.geometry.bounds[1] - 9.0) < 1e-9 for c in fix.command.new)  # on the row's line


def test_consultation_desk_added(county: Plan) -> None:
    plan = sample_plan("city", compliant=False)
    fix, after = fix_and_verify(plan, "CONSULT", "consultation desk")
    assert any(f.rule == "CONSULT-VISIBLE" and f.status == Status.PASS for f in after.findings)


def test_consultation_desk_moved_into_view_within_the_walk(county: Plan) -> None:
    d = county.consult_desks[0]
    plan = county.replacing(d.with_geometry(affinity.translate(d.geometry, 28, 22)))  # to a back corner
    fix, _ = fix_and_verify(plan, "CONSULT-VISIBLE", "Move the consultation desk")
    assert fix.command.new[0].id == d.id


def test_counter_row_shifted_to_open_the_aisle(county: Plan) -> None:
    c1 = county.get("counter-1")
    wall = Obstacle(id="wall-x", geometry=LineString([(0, 20), (61, 20)]), kind="wall")
    row = [replace(c1, id=f"counter-x{i}", geometry=box(62.0, 17.6 + 1.6 * i, 62.8, 19.2 + 1.6 * i), front=180.0)
           for i in range(3)]
    plan = county.with_object(wall)
    for c in row:
        plan = plan.with_object(c)
    fix, _ = fix_and_verify(plan, "REACH-COUNTERS", "Shift 3 counters")
    assert {o.id for o in fix.command.new} == {c.id for c in row}
    assert all(o.geometry.bounds[0] > 62.0 for o in fix.command.new)  # moved away from the wall's end


def test_extinguisher_added_where_the_floor_is_out_of_reach(county: Plan) -> None:
    plan = county.without(["extinguisher-10", "extinguisher-11", "extinguisher-12"])
    fix, _ = fix_and_verify(plan, "EXTINGUISHER-REACH", "fire extinguisher")
    assert all(o.kind == "extinguisher" and o.geometry.x > 44 for o in fix.command.new)


def test_accessible_parking_stalls_added(county: Plan) -> None:
    lot = county.parking[0]
    fix, _ = fix_and_verify(county.replacing(replace(lot, accessible_stalls=0)), "ACCESSIBLE-PARKING", "accessible stall")
    assert fix.command.new[0].accessible_stalls == 1


def test_parking_enlarged_to_the_band() -> None:
    fix, after = fix_and_verify(sample_plan("city", compliant=False), "PARKING", "Enlarge the parking")
    assert after.measures["parking_ratio"] >= 0.10


def test_parking_above_the_band_reduced() -> None:
    fix, after = fix_and_verify(sample_plan("county", compliant=False), "PARKING", "Take 601 m² off the parking")
    assert 0.10 <= after.measures["parking_ratio"] <= 0.20
    (lot,) = fix.command.new
    assert fix.command.old[0].geometry.buffer(1e-6).contains(lot.geometry)  # what is left lies on the old lot


def test_low_counter_made() -> None:
    fix, _ = fix_and_verify(sample_plan("city", compliant=False), "LOW-COUNTER", "low accessible counter")
    assert fix.command.new[0].accessible and 0.70 <= fix.command.new[0].height_m <= 0.85


@pytest.mark.parametrize("rule,words", [("COUNTER-WIDTH", "deep"), ("COUNTER-COLOR", "Make counter"),
                                        ("COUNTER-HEIGHT", "Set the top")])
def test_counter_properties(rule: str, words: str) -> None:
    fix_and_verify(sample_plan("city", compliant=False), rule, words)


def test_missing_zone_added() -> None:
    fix_and_verify(sample_plan("city", compliant=False), "ZONES", "welfare services zone")


@pytest.mark.parametrize("level,kind", [("city", "toilet"), ("park", "queue_machine"), ("county", "cctv")])
def test_missing_facility_added(level: str, kind: str) -> None:
    plan = sample_plan(level, compliant=False)
    before = check(plan)
    target = next(f for f in before.findings if f.rule == "FACILITIES" and f.status == Status.FAIL and f.extra["facility"] == kind)
    (fix,) = fixes_for(before, target)
    assert not fix.costs and all(o.kind == kind for o in fix.command.new)
    after = check(fix.apply(plan))
    assert any(f.rule == "FACILITIES" and f.extra.get("facility") == kind and f.status == Status.PASS for f in after.findings)
    assert not _new_fails(before, after)


def test_camera_added_at_the_entrance_without_one(county: Plan) -> None:
    fix, _ = fix_and_verify(county.without(["cctv-2"]), "CCTV-ENTRANCE", "CCTV camera beside the entrance")
    (cam,) = fix.command.new
    assert cam.kind == "cctv" and cam.geometry.distance(county.get("entrance-side").geometry) <= 8.0


def test_special_population_zone_moved_beside_the_entrance() -> None:
    fix_and_verify(sample_plan("park", compliant=False), "SPECIAL-ACCESS", "beside the main entrance")


def test_a_fix_that_breaks_another_rule_shows_the_cost(county: Plan) -> None:
    """The parking enlarged to the middle of the band needs a second accessible stall: offered, with that cost."""
    from standards.fixes.base import verify
    from standards.fixes.areas import fix_parking

    plan = sample_plan("city", compliant=False)
    before = check(plan)
    target = next(f for f in before.findings if f.rule == "PARKING" and f.status == Status.FAIL)
    first = next(iter(fix_parking(before, target)))  # to the middle of the band
    fix = verify(before, target, first)
    assert fix is not None and [f.rule for f in fix.costs] == ["ACCESSIBLE-PARKING"]
    assert "ACCESSIBLE-PARKING" not in fix.cost_text("en") and "fail" in fix.cost_text("en")
    assert fix.cost_text("zh").startswith("会使另外 1 项不符合")


def test_no_fix_for_what_is_not_geometric() -> None:
    report = check(sample_plan("city", compliant=False))
    name = next(f for f in report.findings if f.rule == "NAME" and f.status == Status.FAIL)
    assert not has_fixer(name) and fixes_for(report, name) == []
    passing = next(f for f in report.findings if f.status == Status.PASS)
    assert fixes_for(report, passing) == []




def _route_plan(_county: Plan) -> tuple[Plan, Any]:
    """The compliant county sample (its accessible route passes) and that route."""
    compliant = sample_plan("county", True)
    assert compliant.routes
    return compliant, compliant.routes[0]


def test_accessible_route_declared_too_narrow_is_declared_the_minimum(county: Plan) -> None:
    plan, route = _route_plan(county)
    narrow = plan.replacing(replace(route, width_m=1.0))
    fix, after = fix_and_verify(narrow, "ACCESSIBLE-ROUTE", "Declare the accessible route")
    (new,) = fix.command.new
    assert new.width_m == 1.2 and new.geometry.equals(route.geometry)


def test_accessible_route_goes_round_a_column_standing_on_it_and_keeps_the_rest(county: Plan) -> None:
    plan, route = _route_plan(county)
    line = route.geometry
    c = line.interpolate(0.5, normalized=True)
    blocked = plan.with_object(Obstacle(id="col-on-route", geometry=box(c.x - 0.3, c.y - 0.3, c.x + 0.3, c.y + 0.3), kind="column"))
    fix, after = fix_and_verify(blocked, "ACCESSIBLE-ROUTE", "round what stands on it")
    (new,) = fix.command.new
    g = new.geometry
    assert g.coords[0] == pytest.approx(line.coords[0], abs=1e-3) and g.coords[-1] == pytest.approx(line.coords[-1], abs=1e-3)
    assert g.distance(box(c.x - 0.3, c.y - 0.3, c.x + 0.3, c.y + 0.3)) >= 0.6 - 0.05  # half the 1.20 m clear, on a 5 cm raster
    # away from the column the route is the one drawn: only the stretch round it moved
    far = [line.interpolate(t, normalized=True) for t in (0.05, 0.2, 0.35, 0.65, 0.8, 0.95)]
    assert all(p.distance(c) < 3.0 or g.distance(p) < 1e-3 for p in far)
    assert new.width_m == route.width_m


def test_no_route_fix_where_no_floor_is_clear_for_the_width(county: Plan) -> None:
    """Walls all round the route's far end, the route crossing them: no way round, so nothing is offered."""
    plan, route = _route_plan(county)
    ex, ey = route.geometry.coords[-1]
    ring = box(ex - 2.5, ey - 2.5, ex + 2.5, ey + 2.5).difference(box(ex - 2.2, ey - 2.2, ex + 2.2, ey + 2.2))
    walled = plan.with_object(Obstacle(id="walls-round", geometry=ring.intersection(plan.hall), kind="wall"))
    report = check(walled)
    target = next(f for f in report.findings if f.rule == "ACCESSIBLE-ROUTE" and f.status in BAD and route.id in f.object_ids)
    assert has_fixer(target) and fixes_for(report, target) == []


def _one_exit(name: str) -> Plan:
    """A compliant sample with only its main entrance left: too few exits, floor out of reach."""
    p = sample_plan(name, True)
    return replace(p, objects=tuple(o for o in p.objects if not (o.KIND == "entrance" and not getattr(o, "main", False))))


@pytest.mark.parametrize("name", ["county", "park"])
def test_exit_added_on_the_boundary_where_the_floor_is_out_of_reach(name: str) -> None:
    plan = _one_exit(name)
    before = check(plan)
    far = next(f for f in before.findings if f.rule == "EXIT-REACH" and f.status in BAD and f.unit == "m")
    fixes = fixes_for(before, far)
    assert fixes and not fixes[0].costs and "confirm they open to outside" in fixes[0].title("en")
    doors = [o for o in fixes[0].command.new if o.KIND == "entrance"]
    guards = [o for o in fixes[0].command.new if o.KIND == "facility"]
    assert 1 <= len(doors) <= 3 and all(d.exit and not d.main for d in doors)  # type: ignore[attr-defined]
    assert all(d.geometry.length == pytest.approx(1.4) and d.geometry.distance(plan.hall.exterior) < 1e-6 for d in doors)  # type: ignore[union-attr]
    assert sorted(g.kind for g in guards) == sorted(["alarm", "cctv"] * len(doors))  # type: ignore[attr-defined]
    after = check(fixes[0].apply(plan))
    assert not [f for f in after.findings if f.rule == "EXIT-REACH" and f.status in BAD and f.unit == "m"]
    assert not _new_fails(before, after)


def test_no_exit_fix_when_boundary_doors_leave_floor_out_of_reach() -> None:
    """The city sample with one exit: three doors on the boundary still leave a pocket beyond 37.5 m,
    so the distance finding gets no fix (the count finding still gets its second door)."""
    plan = _one_exit("city")
    before = check(plan)
    far = next(f for f in before.findings if f.rule == "EXIT-REACH" and f.status in BAD and f.unit == "m")
    few = next(f for f in before.findings if f.rule == "EXIT-REACH" and f.status in BAD and f.unit != "m")
    assert fixes_for(before, far) == []
    assert fixes_for(before, few) and "Add 1 exit door" in fixes_for(before, few)[0].title("en")


def test_second_exit_added_far_from_the_first() -> None:
    plan = _one_exit("township")
    fix, after = fix_and_verify(plan, "EXIT-REACH", "Add 1 exit door")
    door = fix.command.new[0]
    main = next(e for e in plan.entrances if e.main)
    assert door.geometry.distance(main.geometry) >= 5.0  # the pack's 5 m apart, and as far as the boundary goes


def test_a_fix_of_one_finding_without_objects_does_not_count_for_another_of_its_rule() -> None:
    """resolved(): the second exit clears "too few exits" but not the floor out of reach (both EXIT-REACH,
    neither naming an object); before, any drop in the rule's failures counted for both."""
    from standards.fixes.base import resolved

    plan = _one_exit("city")
    before = check(plan)
    far = next(f for f in before.findings if f.rule == "EXIT-REACH" and f.status in BAD and f.unit == "m")
    few = next(f for f in before.findings if f.rule == "EXIT-REACH" and f.status in BAD and f.unit != "m")
    after = check(fixes_for(before, few)[0].apply(plan))
    assert [f.unit for f in after.findings if f.rule == "EXIT-REACH" and f.status in BAD] == ["m"]
    assert resolved(few, before, after) and not resolved(far, before, after)


# --- TURNING-CIRCLE --------------------------------------------------------------------------------

def _low_counter(plan: Plan) -> Any:
    return next(c for c in plan.counters if c.accessible)


def _in_front(plan: Plan, depth_from: float, depth_to: float) -> Any:
    """A box across the low counter's customer face, ``depth_from``–``depth_to`` m in front of it."""
    from geometry.circulation.analysis import Circulation

    side = Circulation(plan).space.sides[_low_counter(plan).id]  # type: ignore[union-attr]
    (x0, y0), (x1, y1) = side.face.coords[0], side.face.coords[-1]
    dx, dy = side.customer_dir
    pts = [(x0 + dx * t, y0 + dy * t) for t in (depth_from, depth_to)] + [(x1 + dx * t, y1 + dy * t) for t in (depth_to, depth_from)]
    from shapely.geometry import Polygon

    return Polygon(pts).buffer(-0.05, join_style="mitre")


def test_furniture_in_front_of_the_low_counter_is_moved_out_of_the_turning_space(county: Plan) -> None:
    low = _low_counter(county)
    sofa = _in_front(county, 0.6, 1.3)
    plan = county.with_object(Obstacle(id="sofa", geometry=sofa, kind="furniture"))
    fix, after = fix_and_verify(plan, "TURNING-CIRCLE", "Move ")
    assert "turning space in front of" in fix.title("en") and "回转空间" in fix.title("zh")
    (moved,) = fix.command.new
    assert moved.id == "sofa" and moved.kind == "furniture"
    assert moved.geometry.area == pytest.approx(sofa.area) and moved.geometry.within(county.hall)
    # moved, not turned, and clear of everything that stands in the hall
    c0, c1 = sofa.centroid, moved.geometry.centroid
    assert affinity.translate(sofa, c1.x - c0.x, c1.y - c0.y).equals_exact(moved.geometry, 1e-6)
    assert all(moved.geometry.distance(o.geometry) >= 0.9 - 1e-6 for o in county.objects
               if o.KIND in ("counter", "consult", "obstacle"))
    passes = [f for f in after.findings if f.rule == "TURNING-CIRCLE" and low.id in f.object_ids]
    assert passes and all(f.status == Status.PASS for f in passes)


def test_a_column_in_front_of_the_low_counter_moves_the_low_counter_instead(county: Plan) -> None:
    low = _low_counter(county)
    plan = county.with_object(Obstacle(id="col-front", geometry=_in_front(county, 0.5, 1.0), kind="column"))
    fix, after = fix_and_verify(plan, "TURNING-CIRCLE", "the low accessible counter")
    old, new = sorted(fix.command.new, key=lambda o: o.id != low.id)
    assert old.id == low.id and not old.accessible and new.accessible
    assert new.height_m == low.height_m and old.height_m == plan.get(new.id).height_m  # heights swapped
    assert [f.status for f in after.findings if f.rule == "TURNING-CIRCLE" and new.id in f.object_ids] == [Status.PASS]
    assert not [f for f in after.findings if f.rule == "LOW-COUNTER" and f.status in BAD]


def test_a_route_ending_in_a_narrow_corridor_is_taken_on_to_where_a_circle_fits(county: Plan) -> None:
    plan, route = _route_plan(county)
    ex, ey = route.geometry.coords[-1]
    px, py = route.geometry.coords[-2]
    # walls 1.1 m apart along the route's last stretch, past its end: a corridor too narrow to turn in
    if abs(px - ex) < 1e-9:  # the last stretch runs north-south
        walls = [box(ex - 0.95, ey - 1.5, ex - 0.55, ey + 1.5), box(ex + 0.55, ey - 1.5, ex + 0.95, ey + 1.5)]
    else:
        walls = [box(ex - 1.5, ey - 0.95, ex + 1.5, ey - 0.55), box(ex - 1.5, ey + 0.55, ex + 1.5, ey + 0.95)]
    narrow = plan
    for i, w in enumerate(walls):
        narrow = narrow.with_object(Obstacle(id=f"corridor-{i}", geometry=w.intersection(plan.hall), kind="wall"))
    fix, after = fix_and_verify(narrow, "TURNING-CIRCLE", "on to where a turning circle fits")
    (new,) = fix.command.new
    coords = list(new.geometry.coords)
    assert coords[:-1] == list(route.geometry.coords)  # the route as drawn, one stretch added at its end
    assert 0 < Point(coords[-1]).distance(Point(ex, ey)) <= 3.0


def test_no_turning_fix_when_nothing_can_move_and_no_other_counter_has_room(county: Plan) -> None:
    low = _low_counter(county)
    only = replace(county, objects=tuple(o for o in county.objects if o.KIND != "counter" or o.id == low.id))
    plan = only.with_object(Obstacle(id="col-front", geometry=_in_front(only, 0.5, 1.0), kind="column"))
    report = check(plan)
    target = next(f for f in report.findings if f.rule == "TURNING-CIRCLE" and f.status in BAD)
    assert has_fixer(target) and fixes_for(report, target) == []
