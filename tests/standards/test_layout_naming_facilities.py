from __future__ import annotations

from dataclasses import replace

import pytest
from shapely.geometry import LineString, Point, box

from geometry.model import Context, Counter, Entrance, Facility, Plan, Signage, Zone
from geometry.synthetic import sample_plan
from standards.finding import Severity, Status
from tests.standards.helpers import one, run, statuses


def test_zones_one_finding_per_required_zone() -> None:
    p = sample_plan("county")
    assert statuses(p, "ZONES") == [Status.PASS] * 4
    p2 = p.without([z.id for z in p.zones if z.kind in ("welfare", "investment")])
    fs = run(p2, "ZONES")
    assert [f.status for f in fs] == [Status.FAIL, Status.PASS, Status.PASS, Status.FAIL]
    assert "投资项目集中审批服务区" in fs[0].message_zh


def test_zones_not_required_in_township() -> None:
    assert statuses(sample_plan("township"), "ZONES") == [Status.NOT_APPLICABLE]


def test_consult_desk_missing_or_outside() -> None:
    p = sample_plan("city")
    assert one(p, "CONSULT").status == Status.PASS
    desk = p.consult_desks[0]
    assert one(p.without([desk.id]), "CONSULT").status == Status.FAIL
    outside = p.replacing(replace(desk, geometry=box(-20, -20, -18, -19)))
    assert one(outside, "CONSULT").status == Status.FAIL
    assert one(replace(p, hall=None), "CONSULT").status == Status.UNKNOWN


def test_waiting_presence_is_error_and_size_assumption_is_warning() -> None:
    p = sample_plan("county")
    fs = run(p, "WAITING")
    assert [f.status for f in fs] == [Status.PASS, Status.PASS]
    w = p.zones_of("waiting")[0]
    small = p.replacing(replace(w, geometry=box(20, 10, 25, 12)))  # 10 m² for 24 counters
    fs = run(small, "WAITING")
    assert fs[1].status == Status.WARN and fs[1].severity == Severity.WARNING and "工程假定" in fs[1].message_zh
    none = p.without([w.id])
    f = one(none, "WAITING")
    assert f.status == Status.FAIL and f.severity == Severity.ERROR


def test_special_population_near_entrance() -> None:
    p = sample_plan("county")
    assert one(p, "SPECIAL-ACCESS").status == Status.PASS
    far = sample_plan("park", compliant=False)
    f = one(far, "SPECIAL-ACCESS")
    assert f.status == Status.FAIL and f.measured > 15
    no_ent = p.without([e.id for e in p.entrances])
    assert one(no_ent, "SPECIAL-ACCESS").status == Status.UNKNOWN


@pytest.mark.parametrize(
    "level, name, ok",
    [
        ("city", "保山市人民政府政务服务中心", True),
        ("city", "保山市政务服务中心", False),
        ("county", "隆阳区人民政府政务服务中心", True),
        ("county", "施甸县人民政府政务服务中心", True),
        ("county", "腾冲市人民政府政务服务中心", True),
        ("county", "隆阳区政务服务中心", False),
        ("park", "保山工贸园区政务服务中心", True),
        ("park", "保山工贸园政务服务中心", False),
        ("township", "腾冲市和顺镇为民服务中心", True),
        ("township", "隆阳区永昌街道为民服务中心", True),
        ("township", "施甸县旧城乡为民服务中心", True),
        ("township", "和顺镇为民服务中心", False),
        ("village", "和顺镇水碓村为民服务站", True),
        ("village", "永昌街道太保社区为民服务站", True),
        ("village", "水碓村为民服务站", False),
        ("village", "和顺镇水碓村为民服务中心", False),
    ],
)
def test_name_format_per_level(level: str, name: str, ok: bool) -> None:
    p = Plan(context=Context(level=level, centre_name=name))
    f = one(p, "NAME")
    assert f.status == (Status.PASS if ok else Status.FAIL), name
    assert f.severity == Severity.ERROR


def test_name_missing_is_unknown() -> None:
    assert one(Plan(context=Context(level="city")), "NAME").status == Status.UNKNOWN


def test_signage_per_level() -> None:
    for lvl in ("city", "county", "park", "township", "village"):
        assert one(sample_plan(lvl), "SIGNAGE").status == Status.PASS, lvl
    p = sample_plan("city")
    assert one(replace(p, signage=replace(p.signage, languages=("zh",))), "SIGNAGE").status == Status.FAIL
    assert one(replace(p, signage=replace(p.signage, typeface="黑体")), "SIGNAGE").status == Status.FAIL
    f = one(replace(p, signage=Signage()), "SIGNAGE")
    assert f.status == Status.UNKNOWN and "typeface" in f.missing
    v = sample_plan("village")
    assert one(replace(v, signage=replace(v.signage, material="不锈钢")), "SIGNAGE").status == Status.FAIL


def test_facilities_one_per_kind_and_per_level() -> None:
    p = sample_plan("county")
    fs = run(p, "FACILITIES")
    assert len(fs) == 17 and all(f.status == Status.PASS for f in fs)  # 17 kinds, notice signs included
    p2 = p.without([f.id for f in p.facilities_of("queue_machine")])
    failed = [f for f in run(p2, "FACILITIES") if f.status == Status.FAIL]
    assert len(failed) == 1 and "排队叫号机" in failed[0].message_zh
    assert len(run(sample_plan("township"), "FACILITIES")) == 7
    assert len(run(sample_plan("village"), "FACILITIES")) == 3


def test_cctv_and_alarm_at_each_entrance() -> None:
    p = sample_plan("county")
    assert all(s == Status.PASS for s in statuses(p, "CCTV-ENTRANCE"))
    # a camera missing at one entrance: a defect of that entrance
    far = max(p.entrances, key=lambda e: e.geometry.centroid.x)
    cams = [f for f in p.facilities_of("cctv") if f.geometry.distance(far.geometry) <= 8.0]
    left = [f for f in p.facilities_of("cctv") if f not in cams]
    bare = {e.id for e in p.entrances if all(c.geometry.distance(e.geometry) > 8.0 for c in left)}
    fs = run(p.without([c.id for c in cams]), "CCTV-ENTRANCE")
    failed = [f for f in fs if f.status == Status.FAIL]
    assert far.id in bare and {f.object_ids[0] for f in failed} == bare
    assert "附近 8 m 内没有监控" in failed[0].message_zh and "No CCTV camera within 8 m of" in failed[0].message_en


def test_no_camera_at_all_is_one_defect_counted_once() -> None:
    p = sample_plan("county")
    p2 = p.without([f.id for f in p.facilities_of("cctv")])
    # alone, CCTV-ENTRANCE reports the missing camera once for all the entrances
    alone = [f for f in run(p2, "CCTV-ENTRANCE") if f.status == Status.FAIL]
    assert len(alone) == 1 and set(alone[0].object_ids) == {e.id for e in p.entrances}
    # with FACILITIES, which lists cameras at this level, the defect is counted there only
    from standards.engine import check

    fs = [f for f in check(p2).findings if "监控" in f.message_zh and f.status == Status.FAIL]
    assert [f.rule for f in fs] == ["FACILITIES"]
    linked = [f for f in check(p2).findings if f.rule == "CCTV-ENTRANCE" and f.status == Status.NOT_APPLICABLE]
    assert len(linked) == 1 and linked[0].related == ("FACILITIES",) and "已在" in linked[0].message_zh


def test_checklist_items_unknown_until_ticked() -> None:
    p = replace(sample_plan("county"), checklist={})
    assert all(s == Status.UNKNOWN for s in statuses(p, "EQUIPMENT"))
    assert statuses(p, "TRAFFIC-SIGN") == [Status.UNKNOWN]
    p = replace(p, checklist={"traffic_signs": False})
    assert statuses(p, "TRAFFIC-SIGN") == [Status.FAIL]
    p = replace(p, checklist={"traffic_signs": True})
    assert statuses(p, "TRAFFIC-SIGN") == [Status.PASS]


def test_township_windows_are_warnings() -> None:
    p = sample_plan("township")
    assert statuses(p, "TOWNSHIP-WINDOWS") == [Status.PASS] * 6
    bad = sample_plan("township", compliant=False)
    fs = run(bad, "TOWNSHIP-WINDOWS")
    assert [f.status for f in fs].count(Status.WARN) == 3 and all(f.severity == Severity.WARNING for f in fs)
    unnamed = Plan(context=Context(level="township"), objects=(Counter(id="c", geometry=box(0, 0, 1.6, 0.8)),))
    assert set(statuses(unnamed, "TOWNSHIP-WINDOWS")) == {Status.UNKNOWN}
    assert statuses(sample_plan("county"), "TOWNSHIP-WINDOWS") == [Status.NOT_APPLICABLE]


def test_village_ten_ones() -> None:
    p = sample_plan("village")
    fs = run(p, "VILLAGE-TEN")
    assert len(fs) == 10 and all(f.status == Status.PASS for f in fs)
    bare = Plan(context=Context(level="village"), hall=box(0, 0, 8, 7))
    st = statuses(bare, "VILLAGE-TEN")
    assert st[0] == Status.PASS and st.count(Status.UNKNOWN) == 9  # only the room itself is shown
    with_phone = bare.with_object(Facility(id="t", geometry=Point(1, 1), kind="telephone"))
    assert statuses(with_phone, "VILLAGE-TEN").count(Status.PASS) == 2


def test_levels_unknown_make_level_rules_unknown() -> None:
    p = replace(sample_plan("county"), context=Context())
    f = one(p, "ZONES")
    assert f.status == Status.UNKNOWN and f.missing == ("level",)


def test_entrance_geometry_must_be_a_line_or_point() -> None:
    with pytest.raises(ValueError):
        Plan().with_object(Entrance(id="e", geometry=box(0, 0, 1, 1)))
    Plan().with_object(Entrance(id="e", geometry=LineString([(0, 0), (1, 0)])))


@pytest.mark.parametrize(("colour", "status"), [
    ("金色", Status.PASS), ("香槟金", Status.PASS), ("#D4AF37", Status.PASS), ("rgb(255, 215, 0)", Status.PASS), ("Gold", Status.PASS),
    ("金属灰", Status.FAIL), ("非金色", Status.FAIL), ("not gold", Status.FAIL), ("#808080", Status.FAIL), ("红色", Status.FAIL),
    ("紫罗兰", Status.UNKNOWN), ("非红色", Status.UNKNOWN), ("#F5F0E0", Status.UNKNOWN)])
def test_signage_colour_read_as_a_phrase_not_a_substring(colour: str, status: Status) -> None:
    p = sample_plan("county")
    f = one(replace(p, signage=replace(p.signage, color=colour)), "SIGNAGE")
    assert f.status == status, f.message_zh
    if status == Status.FAIL:
        assert f"字的颜色为“{colour}”,应为金色" in f.message_zh and "color" not in f.message_zh
    if status == Status.UNKNOWN:
        assert "无法判断是否为金色" in f.message_zh and f.missing == ("color",)


@pytest.mark.parametrize(("face", "status"), [
    ("宋体", Status.PASS), ("方正小标宋", Status.PASS), ("SimSun", Status.PASS), ("华文中宋", Status.PASS),
    ("仿宋", Status.FAIL), ("仿宋_GB2312", Status.FAIL), ("黑体", Status.FAIL), ("非宋体", Status.FAIL),
    ("Comic Neue", Status.UNKNOWN)])
def test_signage_typeface_fangsong_is_not_song(face: str, status: Status) -> None:
    p = sample_plan("city")
    f = one(replace(p, signage=replace(p.signage, typeface=face)), "SIGNAGE")
    assert f.status == status, f.message_zh
    assert "typeface" not in f.message_zh


def test_signage_unstated_details_named_for_people() -> None:
    p = sample_plan("village")
    f = one(replace(p, signage=replace(p.signage, material=None, background=None)), "SIGNAGE")
    assert f.status == Status.UNKNOWN and "底色" in f.message_zh and "材质" in f.message_zh
    assert "the sign's material" in f.message_en and "background" not in f.message_en
