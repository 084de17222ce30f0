"""The clauses added for issue 9: windows grouped by related business (COUNTER-GROUPING), entrances,
stairs and lifts (ENTRANCES-STAIRS), the village counter or desk and office equipment
(VILLAGE-EQUIPMENT), notice signs, and the reviewer items of each level."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity
from shapely.geometry import Point, box

from geometry.model import Context, Counter, Facility, Plan, PlanObject, Zone
from geometry.synthetic import sample_plan
from standards.engine import check
from standards.finding import Severity, Status
from standards.packs import PackError, parse_pack
from tests.standards.helpers import one, run


def _row(services: list[str], x0: float = 1.0, y: float = 10.0, gap: float = 0.0) -> list[Counter]:
    out, x = [], x0
    for k, s in enumerate(services):
        out.append(Counter(id=f"c{x0:g}-{k}", geometry=box(x, y, x + 1.6, y + 0.8), height_m=0.8, color="#333333", service=s))
        x += 1.6 + gap
    return out


def _hall(*objs: PlanObject, level: str = "township") -> Plan:
    return Plan(context=Context(level=level, population=60000), hall=box(0, 0, 40, 20), objects=tuple(objs))


# ---------------------------------------------------------------- COUNTER-GROUPING
def test_grouping_passes_on_the_samples_and_fails_a_split_service() -> None:
    for level in ("city", "county", "park", "township"):
        assert [f.status for f in run(sample_plan(level), "COUNTER-GROUPING")] == [Status.PASS]
    plan = _hall(*_row(["社保", "社保", "户籍"]), *_row(["社保"], x0=25.0))
    f = one(plan, "COUNTER-GROUPING")
    assert f.status == Status.FAIL and f.severity == Severity.ERROR and f.clause == "二(二)3"
    assert "“社保”业务的 3 个窗口分散在 2 处" in f.message_zh and f.message_zh.endswith(":服务台 1 号窗口(社保)、服务台 2 号窗口(社保);服务台 4 号窗口(社保)")
    assert "split into 2 places" in f.message_en and not any("\u4e00" <= ch <= "\u9fff" for ch in f.message_en.replace("社保", ""))
    assert f.measured == pytest.approx(25.0 - (1.0 + 2 * 1.6), abs=1e-3) and f.unit == "m"
    assert len(f.object_ids) == 3


@pytest.mark.parametrize(("gap", "status"), [(2.0, Status.PASS), (2.002, Status.FAIL)])
def test_grouping_gap_at_the_packs_two_metres(gap: float, status: Status) -> None:
    plan = _hall(*_row(["社保", "社保"], gap=gap))
    assert one(plan, "COUNTER-GROUPING").status == status


def test_a_zone_holds_its_windows_together_and_a_split_zone_is_scattered() -> None:
    zone = Zone(id="z1", geometry=box(0, 5, 20, 19), kind="welfare")
    facing = _row(["民政", "残联"], y=6.0) + _row(["医保", "退役军人"], x0=1.0001, y=14.0)  # two rows 7 m apart, one zone
    assert one(_hall(zone, *facing, level="county"), "COUNTER-GROUPING").status == Status.PASS
    far_zone = Zone(id="z2", geometry=box(30, 5, 39, 19), kind="welfare")
    far = _row(["水电气"], x0=32.0, y=10.0)
    f = one(_hall(zone, far_zone, *facing, *far, level="county"), "COUNTER-GROUPING")
    assert f.status == Status.FAIL and "惠民服务区的 5 个窗口分散在 2 处" in f.message_zh and f.clause == "二(一)3"
    assert "welfare services zone" in f.message_en


def test_grouping_unknown_without_services_or_zones_and_for_unnamed_counters() -> None:
    bare = [replace(c, service="") for c in _row(["", ""])]
    f = one(_hall(*bare), "COUNTER-GROUPING")
    assert f.status == Status.UNKNOWN and f.missing == ("service",)
    mixed = run(_hall(*_row(["社保", "社保"]), *[replace(c, id="u1", service="") for c in _row([""], x0=30.0)]), "COUNTER-GROUPING")
    assert [x.status for x in mixed] == [Status.PASS, Status.UNKNOWN] and "服务台 3 号窗口" in mixed[1].message_zh
    assert one(_hall(), "COUNTER-GROUPING").status == Status.UNKNOWN
    assert one(sample_plan("village"), "COUNTER-GROUPING").status == Status.NOT_APPLICABLE


@settings(max_examples=25, deadline=None)
@given(angle=st.floats(0, 360), dx=st.floats(-1e5, 1e5), dy=st.floats(-1e5, 1e5))
def test_grouping_verdict_does_not_move_with_the_drawing(angle: float, dx: float, dy: float) -> None:
    objs = [*_row(["社保", "社保", "户籍"]), *_row(["社保"], x0=25.0), *_row(["税务", "税务"], x0=12.0, gap=2.0)]

    def move(g):  # type: ignore[no-untyped-def]
        return affinity.translate(affinity.rotate(g, angle, origin=(0, 0)), dx, dy)

    plan = Plan(context=Context(level="township"), hall=move(box(0, 0, 40, 20)),
                objects=tuple(replace(o, geometry=move(o.geometry)) for o in objs))
    fs = run(plan, "COUNTER-GROUPING")
    assert [f.status for f in fs] == [Status.FAIL] and "社保" in fs[0].message_zh


# ---------------------------------------------------------------- ENTRANCES-STAIRS
def test_entrances_stairs_and_lift_on_a_multi_storey_centre() -> None:
    p = sample_plan("county")
    assert p.context.floors == 2
    assert {f.status for f in run(p, "ENTRANCES-STAIRS")} == {Status.PASS}
    no_stairs = run(p.without([f.id for f in p.facilities_of("stairs")]), "ENTRANCES-STAIRS")
    bad = [f for f in no_stairs if f.status == Status.FAIL]
    assert len(bad) == 1 and "没有楼梯或扶梯" in bad[0].message_zh and bad[0].severity == Severity.ERROR
    escalator = Facility(id="esc", geometry=Point(10, 10), kind="escalator")
    assert Status.FAIL not in {f.status for f in run(p.without([f.id for f in p.facilities_of("stairs")]).with_object(escalator),
                                                     "ENTRANCES-STAIRS")}
    no_lift = [f for f in run(p.without([f.id for f in p.facilities_of("lift")]), "ENTRANCES-STAIRS") if f.status != Status.PASS]
    assert [(f.status, f.severity) for f in no_lift] == [(Status.WARN, Severity.WARNING)]
    assert "工程假定" in (no_lift[0].required or "") and "assumption" in (no_lift[0].required_en or "")


def test_entrances_stairs_unknown_or_not_applicable_by_floors_and_entrances() -> None:
    p = sample_plan("park")
    unknown = [f for f in run(p.with_context(floors=None), "ENTRANCES-STAIRS") if f.status == Status.UNKNOWN]
    assert [f.missing for f in unknown] == [("floors",)]
    single = run(p.with_context(floors=1).without([f.id for f in p.facilities_of("stairs") + p.facilities_of("lift")]),
                 "ENTRANCES-STAIRS")
    assert Status.FAIL not in {f.status for f in single} and Status.NOT_APPLICABLE in {f.status for f in single}
    no_main = p.without([e.id for e in p.entrances if e.main])
    assert any(f.missing == ("main_entrance",) for f in run(no_main, "ENTRANCES-STAIRS"))
    none = run(p.without([e.id for e in p.entrances]), "ENTRANCES-STAIRS")
    assert any(f.status == Status.UNKNOWN and f.missing == ("entrance",) for f in none)


def test_access_layout_is_a_checklist_item_in_three_states() -> None:
    p = sample_plan("city")
    by_tick = {}
    for tick in (True, False, None):
        checklist = {k: v for k, v in {**p.checklist, "access_layout": tick}.items() if v is not None}
        f = [x for x in run(replace(p, checklist=checklist), "ENTRANCES-STAIRS") if x.extra.get("checklist") == "access_layout"]
        by_tick[tick] = f[0].status
    assert by_tick == {True: Status.PASS, False: Status.FAIL, None: Status.UNKNOWN}


# ---------------------------------------------------------------- notice signs
def test_notice_signs_are_among_the_facilities_of_the_big_halls() -> None:
    p = sample_plan("county")
    p2 = p.without([f.id for f in p.facilities_of("notice_sign")])
    bad = [f for f in run(p2, "FACILITIES") if f.status == Status.FAIL]
    assert len(bad) == 1 and "告知性标志" in bad[0].message_zh and "notice sign" in bad[0].message_en
    assert not any("告知性标志" in f.message_zh for f in run(sample_plan("township"), "FACILITIES"))


# ---------------------------------------------------------------- VILLAGE-EQUIPMENT
def test_village_counter_makes_desk_and_cabinet_not_applicable_printer_and_fax_are_drawn() -> None:
    fs = run(sample_plan("village"), "VILLAGE-EQUIPMENT")
    assert [f.status for f in fs] == [Status.PASS, Status.NOT_APPLICABLE, Status.NOT_APPLICABLE, Status.PASS, Status.PASS]
    assert [f.extra.get("proof") for f in fs[3:]] == ["plan", "plan"]
    assert all(f.clause == "二(三)3" for f in fs)


def test_village_without_counter_needs_desk_and_cabinet_drawn_or_ticked() -> None:
    v = sample_plan("village")
    v = v.without([c.id for c in v.counters] + [f.id for f in v.facilities_of("printer")])
    v = v.with_object(Facility(id="desk-1", geometry=Point(3, 5), kind="office_desk"))
    v = replace(v, checklist={**v.checklist, "village_printer": False})
    got = {f.extra["checklist"]: (f.status, f.extra.get("proof")) for f in run(v, "VILLAGE-EQUIPMENT")}
    assert got == {"village_desk": (Status.PASS, "plan"), "village_filing_cabinet": (Status.UNKNOWN, None),
                   "village_printer": (Status.FAIL, "tick"), "village_fax": (Status.PASS, "plan")}
    ticked = replace(v, checklist={**v.checklist, "village_filing_cabinet": True})
    cab = [f for f in run(ticked, "VILLAGE-EQUIPMENT") if f.extra.get("checklist") == "village_filing_cabinet"]
    assert cab[0].status == Status.PASS and cab[0].extra["proof"] == "tick"


# ---------------------------------------------------------------- reviewer items per level
def test_reviewer_items_follow_the_level() -> None:
    def items(level: str) -> list[tuple[str, str]]:
        return [(r["clause"], r["text"]["zh"]) for r in check(sample_plan(level)).to_json()["reviewer_items"]]

    town, village, city = items("township"), items("village"), items("city")
    assert all(c.startswith(("二(二)5", "三")) for c, _ in town) and any("代办员" in t for _, t in town)
    assert all(c == "二(三)4" for c, _ in village) and any("全程代办" in t for _, t in village)
    assert all(c.startswith(("二(一)5", "三")) for c, _ in city) and len(city) == 10
    assert len(check(Plan()).reviewer_items()) == 18  # level unknown: every item


def test_bad_reviewer_items_are_refused_clearly() -> None:
    with pytest.raises(PackError) as e:
        parse_pack({"pack": {"id": "x"}, "reviewer_items": [{"clause": "1", "zh": "甲"}]})
    assert "clause, zh and en" in e.value.en and "#1" in e.value.en
    with pytest.raises(PackError) as e:
        parse_pack({"pack": {"id": "x"}, "reviewer_items": [{"clause": "1", "zh": "甲", "en": "a", "levels": ["moon"]}]})
    assert "unknown levels" in e.value.en
    p = parse_pack({"pack": {"id": "x"}, "reviewer_items": [{"clause": "1", "zh": "甲", "en": "a", "levels": ["village"]}]})
    assert [r.clause for r in p.reviewer_items_for("village")] == ["1"] and p.reviewer_items_for("city") == ()


def test_new_facility_kinds_round_trip_through_dxf(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from geometry.dxf import export_dxf, import_dxf

    p = sample_plan("village").with_object(Facility(id="desk-9", geometry=Point(3.0, 5.0), kind="office_desk"))
    p = p.with_object(Facility(id="notice-9", geometry=Point(2.0, 1.0), kind="notice_sign"))
    out = tmp_path / "v.dxf"
    export_dxf(p, out)
    back = import_dxf(out).plan
    kinds = sorted(f.kind for f in back.facilities)
    assert "office_desk" in kinds and "notice_sign" in kinds and kinds == sorted(f.kind for f in p.facilities)

