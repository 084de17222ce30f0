"""A hall over several floors: the walking rules look at each part of the hall on its own.

The hall's outline is one floor's part; the rooms marked as parts of the hall on other floors count
for its area (geometry.measure).  The walking analyses cannot cross from one floor's drawing to
another's: before, every counter drawn on the upper floor's part failed REACH-COUNTERS ("the aisle
cannot reach counter 5") although nothing blocked it.  Now each part is analysed as a hall of its own,
from its doors or, without, its lift and stairs; findings name the part."""

from __future__ import annotations

import dataclasses
from collections import Counter as Count
from pathlib import Path
from typing import Any

import pytest
from shapely import affinity
from shapely.geometry import Point

from geometry.hall_parts import main_room, on_parts_apart, sections, split
from geometry.model import Entrance, Facility, Plan, Room
from geometry.project import load_plan
from standards.engine import check
from standards.finding import Status

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "samples" / "county-compliant.hallplan"
WALKING = ("MAIN-AISLE", "REACH-COUNTERS", "TURNING-CIRCLE", "EXTINGUISHER-REACH", "EXIT-REACH")


def _two_floors(with_arrivals: bool, move_accessible: bool = False) -> tuple[Plan, set[str], float]:
    """The compliant county sample with a copy of its hall outline 20 m above it as the hall's second-floor
    part, half of its counters moved up there (and, when asked, its extinguishers copied up, a lift and
    two stairs in its corners)."""
    plan = load_plan(SAMPLE)
    assert plan.hall is not None
    x0, y0, x1, y1 = plan.hall.bounds
    dy = (y1 - y0) + 20.0
    part = Room(id="room-2f", geometry=affinity.translate(plan.hall, 0, dy), label="政务服务大厅", floor="二层", hall_part=True)
    counters = [c for c in plan.counters if not c.accessible]
    moved = {c.id for c in counters[: len(counters) // 2]}
    if move_accessible:
        moved |= {c.id for c in plan.counters if c.accessible}
    objs = [dataclasses.replace(o, geometry=affinity.translate(o.geometry, 0, dy)) if o.id in moved else o for o in plan.objects]
    objs.append(part)
    if with_arrivals:
        objs += [Facility(id="lift-2f", geometry=Point(x0 + 2, y0 + dy + 2), kind="lift"),
                 Facility(id="stair-a", geometry=Point(x0 + 1.5, y1 + dy - 1.5), kind="stairs"),
                 Facility(id="stair-b", geometry=Point(x1 - 1.5, y1 + dy - 1.5), kind="stairs")]
        objs += [dataclasses.replace(f, id=f"{f.id}-2f", geometry=affinity.translate(f.geometry, 0, dy))
                 for f in plan.facilities_of("extinguisher")]
    return dataclasses.replace(plan, objects=tuple(objs)), moved, dy


def test_split_puts_each_object_on_its_part_and_the_lift_and_stairs_stand_in_for_doors() -> None:
    plan, moved, _ = _two_floors(with_arrivals=True)
    main, parts = split(plan)
    (part,) = parts
    assert {c.id for c in part.plan.counters} == moved
    assert {c.id for c in main.counters} == {c.id for c in plan.counters} - moved
    assert part.plan.hall is not None and part.plan.hall.equals(part.room.geometry)
    # no door drawn on the part: the lift (main, accessible, no exit) and the stairs (exits) are its entrances
    ents = {e.id: (e.main, e.accessible, e.exit) for e in part.plan.entrances}
    assert ents == {"lift-2f": (True, True, False), "stair-a": (False, False, True), "stair-b": (False, False, True)}
    assert part.arrivals == ("lift-2f", "stair-a", "stair-b") and part.arrival_kind == "lift"
    assert not any(f.kind in ("lift", "stairs") for f in part.plan.facilities)  # they became its entrances
    assert len(main.entrances) == len(plan.entrances)  # the ground floor's doors stay where they are
    assert part.name == ("政务服务大厅(二层)", "政务服务大厅 (二层)")
    assert main_room(plan) is None  # the sample's outline is drawn by hand, not from a room
    first, second = sections(plan)
    assert (first.id, first.name, first.main) == ("main", ("主入口所在的大厅部分", "the part of the hall with the main entrance"), True)
    assert second.id == "room-2f" and second.plan is not None and not second.main
    # the outline drawn from a room with no name: that room's id, still named as the part with the main entrance
    home = Room(id="room-1f", geometry=plan.hall, hall_part=True)
    first = sections(dataclasses.replace(plan, objects=plan.objects + (home,)))[0]
    assert first.id == "room-1f" and first.name[1] == "the part of the hall with the main entrance"
    assert on_parts_apart(plan, [plan.get(next(iter(moved))).geometry, plan.counters[-1].geometry]) == [True, False]


@pytest.mark.parametrize("main", [True, False])
def test_a_door_drawn_on_a_part_is_an_entrance_beside_its_lift_and_stairs(main: bool) -> None:
    """A door on the part's edge is one more way in (and out); the stairs stay its exits; the lift is the
    main way in unless the door is marked main."""
    plan, _, dy = _two_floors(with_arrivals=True)
    door = next(e for e in plan.entrances if e.main)
    up = Entrance(id="door-2f", geometry=affinity.translate(door.geometry, 0, dy), main=main)
    _, (part,) = split(dataclasses.replace(plan, objects=plan.objects + (up,)))
    assert sorted(e.id for e in part.plan.entrances) == ["door-2f", "lift-2f", "stair-a", "stair-b"]
    assert part.plan.main_entrance().id == ("door-2f" if main else "lift-2f")
    assert part.arrival_kind == ("" if main else "lift") and part.arrivals == ("lift-2f", "stair-a", "stair-b")
    assert sorted(e.id for e in part.plan.entrances if e.exit) == ["door-2f", "stair-a", "stair-b"]


def test_counters_upstairs_are_not_reported_unreachable() -> None:
    plan, moved, _ = _two_floors(with_arrivals=True)
    base = check(load_plan(SAMPLE))
    r = check(plan)
    reach = [f for f in r.findings if f.rule == "REACH-COUNTERS"]
    assert all(f.status == Status.PASS for f in reach) and len(reach) == 2
    up = [f for f in r.findings if f.extra.get("hall_part") == "room-2f"]
    assert {f.rule for f in up} == set(WALKING)
    assert all(f.message_zh.startswith("政务服务大厅(二层)(以电梯为入口):") for f in up)
    assert all(f.message_en.startswith("政务服务大厅 (二层) (entered by the lift): ") for f in up)
    # the part's fire reach is measured from its own extinguishers and to its stairs
    ext = next(f for f in up if f.rule == "EXTINGUISHER-REACH")
    assert ext.status == Status.PASS and ext.measured is not None and ext.measured < 20.0
    exits = [f for f in up if f.rule == "EXIT-REACH"]
    assert any("2 exits" in f.message_en for f in exits)
    far = next(f for f in exits if f.measured is not None and "walk from an exit" in f.message_en)
    assert far.status == Status.FAIL and 37.5 < far.measured < 60  # two stairs in the far corners of a 64 × 33 m floor
    assert far.location is not None and far.location.within(plan.get("room-2f").geometry.buffer(0.01))
    # the ground floor keeps the verdicts it had alone, named as the part with the main entrance
    main = [f for f in r.findings if f.rule in WALKING and f.extra.get("hall_part") == "main"]
    assert all(f.message_en.startswith("The part of the hall with the main entrance: ") for f in main)
    assert Count(f.status for f in main if f.rule != "TURNING-CIRCLE") == Count(
        f.status for f in base.findings if f.rule in WALKING and f.rule != "TURNING-CIRCLE")
    # and the rules that are not about walking are as they were, for the whole plan
    other = lambda rep: Count((f.rule, f.status) for f in rep.findings if f.rule not in WALKING and f.rule != "ACCESSIBLE-ROUTE")  # noqa: E731
    assert other(r) == other(base)


def test_a_part_with_no_door_lift_or_stairs_is_unknown_not_failed() -> None:
    plan, moved, _ = _two_floors(with_arrivals=False)
    r = check(plan)
    assert not [f for f in r.findings if f.status == Status.FAIL and set(f.object_ids) & moved]
    up = {f.rule: f for f in r.findings if f.extra.get("hall_part") == "room-2f"}
    for code in ("MAIN-AISLE", "REACH-COUNTERS"):
        assert up[code].status == Status.UNKNOWN and up[code].missing == ("arrival",)
        assert "没有画出入口、电梯或楼梯" in up[code].message_zh and "No door, lift or stairs" in up[code].message_en
    assert up["EXTINGUISHER-REACH"].status == Status.UNKNOWN and up["EXIT-REACH"].status == Status.UNKNOWN
    # no accessible counter upstairs: not a missing one (LOW-COUNTER asks for one in the whole hall)
    assert up["TURNING-CIRCLE"].status == Status.NOT_APPLICABLE and "on this part" in up["TURNING-CIRCLE"].message_en


def _route_to(plan: Plan, moved: set[str]) -> list[Any]:
    return [f for f in check(plan).findings if f.rule == "ACCESSIBLE-ROUTE" and set(f.object_ids) & moved]


def test_the_low_counter_upstairs_is_reached_by_the_lift_or_the_route_fails_where_it_breaks() -> None:
    """The only low counter moved upstairs: the accessible route runs from the accessible entrance to a
    lift on the entrance floor, and from the part's lift to the counter, each stretch 1.20 m wide."""
    plan, moved, _ = _two_floors(with_arrivals=True, move_accessible=True)
    # the sample's own lift stands in the back office: the public cannot get to it
    (link,) = _route_to(plan, moved)
    assert link.status == Status.FAIL and "to a lift" in link.message_en and "电梯" in link.message_zh
    # a lift off the public floor of the ground floor: the route goes up by it
    x0, y0, _, _ = plan.hall.bounds
    public_lift = Facility(id="lift-public", geometry=Point(x0 + 3, y0 + 12), kind="lift")
    with_lift = dataclasses.replace(plan, objects=plan.objects + (public_lift,))
    (link,) = _route_to(with_lift, moved)
    assert link.status == Status.PASS, link.message_en
    assert "by the lift to the accessible (low) counter on 政务服务大厅 (二层)" in link.message_en
    assert {"lift-public", "lift-2f"} <= set(link.object_ids)
    # no lift upstairs (only stairs): wheelchairs cannot get to it
    no_lift_up = dataclasses.replace(with_lift, objects=tuple(o for o in with_lift.objects if o.id != "lift-2f"))
    (link,) = _route_to(no_lift_up, moved)
    assert link.status == Status.FAIL and "has no lift" in link.message_en
    # no lift anywhere on the entrance floor
    no_lift = dataclasses.replace(plan, objects=tuple(o for o in plan.objects if getattr(o, "kind", "") != "lift" or o.id == "lift-2f"))
    (link,) = _route_to(no_lift, moved)
    assert link.status == Status.FAIL and "entrance floor has no lift" in link.message_en
    r = check(with_lift)
    turn = [f for f in r.findings if f.rule == "TURNING-CIRCLE" and f.extra.get("hall_part") == "room-2f"]
    assert any(f.status == Status.PASS and "accessible" in f.message_en for f in turn)  # checked where it stands
    assert all(f.status == Status.PASS for f in r.findings if f.rule == "LOW-COUNTER")


def test_a_plan_without_parts_is_checked_as_before() -> None:
    plan = load_plan(SAMPLE)
    assert split(plan) == (plan, [])
    assert not [f for f in check(plan).findings if "hall_part" in f.extra]


@pytest.mark.slow
def test_an_area_drawing_with_the_hall_on_two_floors_names_both_parts(tmp_path: Path) -> None:
    """From the drawing: the hall is a room on each of two floors' area layers (the same name)."""
    from geometry.dxf import import_dxf
    from geometry.dxf.synthetic_area import area_drawing

    area_drawing(tmp_path / "two.dxf", floors=2, hall_floors=2)
    plan = import_dxf(tmp_path / "two.dxf").plan
    plan = dataclasses.replace(plan, context=dataclasses.replace(plan.context, level="township"))
    r = check(plan)
    named = {f.message_zh.split(":")[0] for f in r.findings if f.rule == "REACH-COUNTERS"}
    assert named == {"政务服务大厅(一层)", "政务服务大厅(二层)"}


def test_the_json_report_says_which_part_a_finding_is_about(tmp_path: Path) -> None:
    import json

    import jsonschema

    plan, _, _ = _two_floors(with_arrivals=True)
    data = json.loads(json.dumps(check(plan).to_json()))
    schema = json.loads((SAMPLE.parents[1] / "schema" / "hallplan.report-1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    parts = Count(f.get("hall_part") for f in data["findings"] if f["rule"] in WALKING)
    assert set(parts) == {"main", "room-2f"} and None not in parts
    assert not [f for f in data["findings"] if f["rule"] not in WALKING and "hall_part" in f]


def test_a_finding_on_a_part_gets_a_guided_fix_proved_on_the_whole_plan() -> None:
    """The fixers work on the part as a hall of its own; their edit is applied to the whole plan and
    proved by checking it: the part's exit reach fails with two stairs in its far corners, and an
    exit door on the part's own edge brings every point within reach."""
    from standards.fixes.base import fixes_for

    plan, _, _ = _two_floors(with_arrivals=True)
    report = check(plan)
    (far,) = [f for f in report.findings if f.rule == "EXIT-REACH" and f.status == Status.FAIL]
    assert far.extra["hall_part"] == "room-2f"
    fixes = fixes_for(report, far)
    assert fixes, "no fix for the part's exit reach"
    fix = fixes[0]
    added = [o for o in fix.command.new if o.id not in {x.id for x in fix.command.old}]
    assert added and all(o.id not in plan for o in added)  # fresh ids in the whole plan
    door = next(o for o in added if isinstance(o, Entrance))
    part = plan.get("room-2f").geometry
    assert door.geometry.distance(part.exterior) < 0.01  # on the part's own edge, not the ground floor's
    after = fix.command.do(plan)
    up = [f for f in check(after).findings if f.rule == "EXIT-REACH" and f.extra.get("hall_part") == "room-2f"]
    assert up and all(f.status == Status.PASS for f in up)
    assert not fix.costs
    # the lift and stairs stand in for doors on the part only: no fix edits them as entrances
    for f in fixes:
        assert not ({o.id for o in f.command.new} & {"lift-2f", "stair-a", "stair-b"})
