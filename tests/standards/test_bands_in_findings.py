"""The AREA bands and the PARKING band travel in the findings' data; the report's measures, the
charts and the editor's gauges read them there instead of working the bands out again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from shapely.geometry import box

from geometry.model import Context, Counter, Parking, Plan
from standards.engine import check
from standards.packs import load_pack, parse_pack

REPO = Path(__file__).resolve().parents[2]


def test_area_finding_carries_its_bands_and_the_measures_repeat_them() -> None:
    p = Plan(context=Context(level="county", population=935_000, target_grade=1), hall=box(0, 0, 50, 50))
    r = check(p)
    f = next(f for f in r.findings if f.rule == "AREA")
    assert f.extra["bands"] == {"grade1": 3000.0, "grade2": 2000.0}
    assert f.extra["achieved_grade"] == "grade2" and f.extra["population_class"] == 1
    assert r.measures["area_bands"] == {"grade1": 3000.0, "grade2": 2000.0}
    assert r.measures["achieved_grade"] == "grade2" and r.context["population_class"] == 1
    small = check(Plan(context=Context(level="county", population=499_999), hall=box(0, 0, 40, 40)))
    assert small.measures["area_bands"] == {"grade1": 2000.0, "grade2": 1500.0}


def test_bands_unknown_when_the_population_decides_them() -> None:
    r = check(Plan(context=Context(level="county"), hall=box(0, 0, 45, 45)))  # 2,025 m²: class 1 → 2, class 2 → 1
    assert r.measures["area_bands"] is None and r.measures["achieved_grade"] is None


def test_a_province_pack_band_reaches_the_measures() -> None:
    pack = parse_pack({"pack": {"id": "prov"}, "rules": {
        "AREA": {"clause": "X", "severity": "error", "title_zh": "面积", "title_en": "Area",
                 "params": {"method": "windows", "bands": [{"levels": ["county"], "base_m2": 100,
                                                             "grade1_m2_per_window": 30, "grade2_m2_per_window": 20}]}},
        "PARKING": {"clause": "Y", "severity": "error", "title_zh": "停车", "title_en": "Parking",
                    "params": {"min_ratio": 0.125, "max_ratio": 0.25}}}})
    p = Plan(context=Context(level="county", building_area_m2=1000), hall=box(0, 0, 20, 10),
             objects=(Counter(id="a", geometry=box(1, 1, 2.6, 1.8)), Parking(id="p", geometry=box(0, -20, 10, -10))))
    r = check(p, packs=[pack])
    assert r.measures["area_bands"] == {"grade1": 130.0, "grade2": 120.0}
    assert r.measures["parking_band"] == {"min": 0.125, "max": 0.25}
    f = next(f for f in r.findings if f.rule == "PARKING")
    assert f.required == "12.5%–25%" and "低于 12.5%" in f.message_zh and "below 12.5%" in f.message_en


def test_default_parking_band_is_the_packs() -> None:
    lo = load_pack("baoshan-2016").rules["PARKING"].params["min_ratio"]
    p = Plan(context=Context(level="county", building_area_m2=10_000, population=1), hall=box(0, 0, 40, 40),
             objects=(Parking(id="p", geometry=box(0, -100, 150, -90)),))
    assert check(p).measures["parking_band"]["min"] == pytest.approx(lo)


@pytest.mark.parametrize("rel", ["planner/editor/findings.py", "planner/report/charts.py", "standards/engine.py"])
def test_readers_do_not_redo_the_band_logic(rel: str) -> None:
    tree = ast.parse((REPO / rel).read_text(encoding="utf-8"))
    mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "standards.rules.area" not in mods, rel


def test_a_vanishing_building_area_gives_no_infinite_ratio() -> None:
    """5e-324 m² is a valid building area (> 0) but no ratio can be told from it: unknown, never a crash."""
    p = Plan(context=Context(level="county", building_area_m2=5e-324, population=1), hall=box(0, 0, 40, 40),
             objects=(Parking(id="p", geometry=box(0, -20, 10, -10)),))
    r = check(p)
    f = next(f for f in r.findings if f.rule == "PARKING")
    assert f.status.value == "unknown" and f.missing == ("building_area",)
    assert r.measures["parking_ratio"] is None and r.measures["parking_band"] == {"min": 0.1, "max": 0.2}


def test_a_huge_version_number_is_refused_not_overflowed() -> None:
    from geometry.project import ProjectError, plan_from_dict, plan_to_dict

    d = plan_to_dict(Plan())
    d["version"] = 10 ** 400
    with pytest.raises(ProjectError):
        plan_from_dict(d)
