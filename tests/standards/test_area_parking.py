from __future__ import annotations

import math

import pytest
from shapely.geometry import box

from geometry.model import Context, Parking, Plan
from standards.finding import Severity, Status
from standards.packs import parse_pack
from tests.standards.helpers import one, run


def hall(area: float) -> box:
    return box(0, 0, area / 10.0, 10.0)


def plan(level: str, population: int | None, area: float, target: int | None = None) -> Plan:
    return Plan(context=Context(level=level, population=population, target_grade=target), hall=hall(area))


@pytest.mark.parametrize(
    "level, population, area, grade",
    [
        ("county", 500_000, 3000, "grade1"),  # 50万人以上 includes 500,000 → class 1
        ("county", 500_000, 2999.9, "grade2"),
        ("county", 499_999, 2000, "grade1"),  # class 2: grade 1 ≥ 2000
        ("county", 499_999, 1999.9, "grade2"),
        ("county", 499_999, 1500, "grade2"),
        ("county", 499_999, 1499.9, "below"),
        ("city", 500_000, 1999.9, "below"),
        ("park", 80_000, 1500, "grade2"),
        ("township", 50_000, 300, "grade1"),
        ("township", 50_000, 299, "grade2"),
        ("township", 50_000, 199, "below"),
        ("township", 49_999, 150, "grade1"),
        ("township", 49_999, 80, "grade2"),
        ("township", 49_999, 79.9, "below"),
        ("village", 5_000, 100, "grade1"),
        ("village", 5_000, 60, "grade2"),
        ("village", 4_999, 50, "grade1"),
        ("village", 4_999, 30, "grade2"),
        ("village", 4_999, 29.9, "below"),
    ],
)
def test_area_grade_bands(level: str, population: int, area: float, grade: str) -> None:
    from standards.engine import check

    r = check(plan(level, population, area))
    assert r.measures["achieved_grade"] == grade
    f = one(plan(level, population, area), "AREA")
    assert f.status == (Status.FAIL if grade == "below" else Status.PASS)
    assert f.severity == Severity.ERROR
    assert math.isclose(f.measured, area, rel_tol=1e-9)


def test_population_class_in_report_includes_the_boundary() -> None:
    from standards.engine import check

    assert check(plan("county", 500_000, 10)).context["population_class"] == 1
    assert check(plan("county", 499_999, 10)).context["population_class"] == 2
    assert check(plan("township", 50_000, 10)).context["population_class"] == 1
    assert check(plan("village", 4_999, 10)).context["population_class"] == 2


def test_target_grade_one_not_reached_fails_with_shortfall() -> None:
    f = one(plan("county", 600_000, 2500, target=1), "AREA")
    assert f.status == Status.FAIL and "500.0" in f.message_zh and "3000" in f.required


def test_area_unknown_when_population_decides_and_is_missing() -> None:
    f = one(plan("county", None, 2500), "AREA")
    assert f.status == Status.UNKNOWN and "population" in f.missing


def test_area_known_without_population_when_both_classes_agree() -> None:
    f = one(plan("county", None, 3500), "AREA")  # grade 1 in either class
    assert f.status == Status.PASS
    assert one(plan("county", None, 1000), "AREA").status == Status.FAIL  # below in either class


def test_area_unknown_without_hall_or_level() -> None:
    assert one(Plan(context=Context(level="county", population=1)), "AREA").status == Status.UNKNOWN
    f = one(Plan(context=Context(population=1), hall=hall(5000)), "AREA")
    assert f.status == Status.UNKNOWN and "level" in f.missing


def parking_plan(level: str, building: float | None, lot: float | None) -> Plan:
    objs = (Parking(id="p", geometry=box(0, -100, lot / 10.0, -90), stalls=10, accessible_stalls=1),) if lot else ()
    return Plan(context=Context(level=level, population=1, building_area_m2=building), hall=hall(100), objects=objs)


@pytest.mark.parametrize(
    "lot, status",
    [(999.0, Status.FAIL), (1000.0, Status.PASS), (1500.0, Status.PASS), (2000.0, Status.PASS), (2001.0, Status.WARN)],
)
def test_parking_band(lot: float, status: Status) -> None:
    f = one(parking_plan("county", 10_000, lot), "PARKING")
    assert f.status == status
    assert f.measured == pytest.approx(lot / 10_000)


def test_parking_messages_say_how_much_to_add_or_remove() -> None:
    assert "1000" in one(parking_plan("city", 20_000, 1000), "PARKING").message_zh  # 2000 - 1000
    assert "500" in one(parking_plan("city", 10_000, 2500), "PARKING").message_en


def test_parking_only_for_city_county_park() -> None:
    assert one(parking_plan("township", 10_000, 50), "PARKING").status == Status.NOT_APPLICABLE
    assert one(parking_plan("village", 10_000, 50), "PARKING").status == Status.NOT_APPLICABLE


def test_parking_unknown_without_building_area_or_lots() -> None:
    f = one(parking_plan("county", None, 1500), "PARKING")
    assert f.status == Status.UNKNOWN and "building_area" in f.missing
    f = one(parking_plan("county", 10_000, None), "PARKING")
    assert f.status == Status.UNKNOWN and "parking" in f.missing


def test_building_area_from_footprint_times_floors() -> None:
    from dataclasses import replace

    p = parking_plan("county", None, 1500)
    p = replace(p, context=replace(p.context, footprint_m2=2500.0, floors=4))
    assert one(p, "PARKING").measured == pytest.approx(0.15)


def _pack(method: str, band: dict) -> object:
    return parse_pack({"pack": {"id": f"test-{method}"}, "rules": {"AREA": {
        "clause": "X", "severity": "error", "title_zh": "面积", "title_en": "Area",
        "params": {"method": method, "bands": [{"levels": ["county", "township"], **band}]}}}})


def test_flat_minimum_sizing_method() -> None:
    from standards.engine import check

    pack = _pack("flat", {"grade1": 200, "grade2": 100})  # e.g. Ezhou district
    assert check(plan("county", None, 200), packs=[pack]).measures["achieved_grade"] == "grade1"
    assert check(plan("county", None, 150), packs=[pack]).measures["achieved_grade"] == "grade2"
    assert check(plan("county", None, 99), packs=[pack]).measures["achieved_grade"] == "below"


def test_window_count_sizing_method() -> None:
    from geometry.model import Counter
    from standards.engine import check

    pack = _pack("windows", {"base_m2": 100, "grade1_m2_per_window": 30, "grade2_m2_per_window": 20})
    p = plan("county", None, 400)
    p = p.with_object(Counter(id="a", geometry=box(1, 1, 2.6, 1.8))).with_object(Counter(id="b", geometry=box(3, 1, 4.6, 1.8)))
    assert check(p, packs=[pack]).measures["achieved_grade"] == "grade1"  # 100 + 2 × 30 = 160
    p = plan("county", None, 125).with_object(Counter(id="a", geometry=box(1, 1, 2.6, 1.8)))
    assert check(p, packs=[pack]).measures["achieved_grade"] == "grade2"  # 100 + 20 = 120 ≤ 125 < 100 + 30
    assert run(p, "AREA", packs=[pack])[0].status == Status.PASS
    p = plan("county", None, 119).with_object(Counter(id="a", geometry=box(1, 1, 2.6, 1.8)))
    assert run(p, "AREA", packs=[pack])[0].status == Status.FAIL
