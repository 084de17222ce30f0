from __future__ import annotations

import json
import os
from typing import Any

import pytest
from shapely.geometry import LineString, Point, Polygon, box

from geometry.model import Context, Counter, Entrance, Facility, Plan, Signage, Zone
from geometry.project import VERSION, ProjectError, load_plan, plan_from_json, plan_to_json, save_plan
from geometry.synthetic import sample_plan


def full_plan() -> Plan:
    hall = Polygon([(0, 0), (30.25, 0), (30.25, 20.125), (0, 20.125)], [[(10, 10), (12, 10), (12, 12), (10, 12)]])
    return Plan(
        context=Context(level="county", population=512_345, target_grade=1, centre_name="隆阳区人民政府政务服务中心",
                        building_area_m2=4321.5, north_deg=12.5),
        hall=hall,
        building=box(-1, -1, 31.3, 21.1),
        objects=(
            Counter(id="c1", geometry=box(1.1, 1.3, 2.7, 2.1), height_m=0.8, color="#3B2A20", service="税务",
                    sign_zh="税务窗口", sign_en="Taxation", accessible=False, front=270.0),
            Zone(id="z1", geometry=box(0, 0, 10, 8), kind="waiting", seats=40, label="等候区"),
            Entrance(id="e1", geometry=LineString([(14, 0), (17, 0)]), main=True, accessible=True),
            Facility(id="f1", geometry=Point(3.3333333333333335, 4.1), kind="extinguisher"),
        ),
        signage=Signage(text="隆阳区人民政府政务服务中心", languages=("zh", "en"), typeface="宋体", color="金色", fixed=True),
        checklist={"traffic_signs": True},
        meta={"source": "test"},
    )


def test_round_trip_is_exact() -> None:
    p = full_plan()
    assert plan_from_json(plan_to_json(p)) == p


@pytest.mark.parametrize("name", ["city", "county", "park", "township", "village"])
def test_samples_round_trip_exactly(tmp_path, name: str) -> None:
    for compliant in (True, False):
        p = sample_plan(name, compliant)
        f = tmp_path / "x.hallplan"
        save_plan(p, f)
        assert load_plan(f) == p


def test_newer_version_is_rejected_with_clear_message() -> None:
    data = json.loads(plan_to_json(full_plan()))
    data["version"] = VERSION + 1
    with pytest.raises(ProjectError) as e:
        plan_from_json(json.dumps(data))
    assert "更新版本" in e.value.zh and "newer" in e.value.en


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda d: d.update(format="other"), "not a HallPlan"),
        (lambda d: d.pop("version"), "no version"),
        (lambda d: d["objects"][0].update(type="spaceship"), "unknown object type"),
        (lambda d: d["objects"][0].pop("geometry"), "missing id or geometry"),
        (lambda d: d["objects"][0].update(geometry={"type": "Point", "coordinates": [1, 2]}), "Counter must be a polygon, not a point"),
        (lambda d: d["objects"][0].update(colour="red"), "unknown field 'colour'"),
        (lambda d: d["context"].update(level="planet"), "unknown level"),
        (lambda d: d["objects"].append(dict(d["objects"][0])), "two objects have the same id"),
        (lambda d: d.update(hall={"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}),
         "The service hall boundary crosses itself at (5, 5)"),
    ],
)
def test_malformed_files_are_rejected_with_a_reason(mutate, words: str) -> None:
    data = json.loads(plan_to_json(full_plan()))
    mutate(data)
    with pytest.raises(ProjectError) as e:
        plan_from_json(json.dumps(data))
    assert words in e.value.en


def test_not_json_names_line_and_column(tmp_path) -> None:
    f = tmp_path / "bad.hallplan"
    f.write_text('{"format": "hallplan",\n  "version": 1,,\n}', encoding="utf-8")
    with pytest.raises(ProjectError) as e:
        load_plan(f)
    assert "line 2" in e.value.en and "bad.hallplan" in e.value.en


def test_save_into_missing_folder_says_why(tmp_path) -> None:
    with pytest.raises(ProjectError) as e:
        save_plan(full_plan(), tmp_path / "no-such-folder" / "plan.hallplan")
    assert "save failed" in e.value.en and "No such file" in e.value.en


def test_full_disk_during_save_keeps_old_file(tmp_path) -> None:
    """A write that fails half-way (RLIMIT_FSIZE makes write() fail as a full disk would)."""
    import subprocess
    import sys

    f = tmp_path / "plan.hallplan"
    save_plan(full_plan(), f)
    before = f.read_bytes()
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))\n"
        "from geometry.project import save_plan, ProjectError\n"
        "from geometry.synthetic import sample_plan\n"
        "try:\n"
        f"    save_plan(sample_plan('city'), {str(f)!r})\n"
        "except ProjectError as e:\n"
        "    print('ERR', e.en); sys.exit(0)\n"
        "sys.exit(3)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "save failed" in r.stdout
    assert f.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.hallplan"]  # no temp file left behind


def test_plan_rejects_self_intersecting_hall() -> None:
    with pytest.raises(ValueError) as e:  # a ValueError that speaks both languages
        Plan(hall=Polygon([(0, 0), (10, 10), (10, 0), (0, 10)]))
    assert e.value.zh == "服务大厅边界自相交,位置 (5, 5)"  # type: ignore[attr-defined]
    assert e.value.en == "The service hall boundary crosses itself at (5, 5)"  # type: ignore[attr-defined]


def test_new_id_and_queries() -> None:
    p = full_plan()
    assert p.new_id("c") == "c-1"
    assert p.main_entrance().id == "e1"
    assert [z.id for z in p.zones_of("waiting")] == ["z1"]
    with pytest.raises(KeyError):
        p.without(["nope"])


def test_a_file_saved_by_format_version_1_still_opens_and_saves_as_version_2(tmp_path: Any) -> None:
    """tests/data/project-v1.hallplan was written by HallPlan before the hall became an object (format 1)."""
    from pathlib import Path

    from geometry.model import Building, ConsultDesk, Hall, Obstacle, Parking, Route

    old = Path(__file__).parents[1] / "data" / "project-v1.hallplan"
    assert json.loads(old.read_text(encoding="utf-8"))["version"] == 1
    p = load_plan(old)
    assert isinstance(p.get("hall"), Hall) and isinstance(p.get("building"), Building)
    assert p.hall is not None and p.hall.bounds == (0.0, 0.0, 40.0, 25.0) and p.building.bounds == (-5.0, -5.0, 45.0, 30.0)
    kinds = [type(o) for o in p.objects]
    assert kinds == [Building, Hall, Zone, Counter, ConsultDesk, Entrance, Obstacle, Route, Parking, Facility]
    c = p.get("c-1")
    assert isinstance(c, Counter) and (c.height_m, c.service, c.accessible, c.front) == (0.8, "社保", True, 90.0)
    assert p.context.level == "county" and p.context.floors == 2 and p.checklist == {"ten_one_1": True}
    assert p.signage.languages == ("zh", "en")
    save_plan(p, tmp_path / "again.hallplan")
    data = json.loads((tmp_path / "again.hallplan").read_text(encoding="utf-8"))
    assert data["version"] == VERSION == 2
    assert data["hall"] == json.loads(old.read_text(encoding="utf-8"))["hall"]  # the hall is saved as before
    assert [o["type"] for o in data["objects"]] == ["zone", "counter", "consult", "entrance", "obstacle", "route", "parking", "facility"]
    assert load_plan(tmp_path / "again.hallplan") == p


def test_every_bundled_sample_opens_through_the_migration() -> None:
    import assets

    for path in sorted(assets.path("samples").glob("*.hallplan")):
        assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1
        p = load_plan(path)
        assert p.hall is not None and p.get("hall") is not None and p.counters


def test_the_halls_and_the_buildings_names_are_saved_and_reopened(tmp_path: Any) -> None:
    """A hall named in the editor ("一楼大厅") keeps its name through save and reopen; the outlines stay
    plain GeoJSON (older readers of version 2 open the file), the names in meta.outline_labels."""
    import dataclasses

    plan = sample_plan("county", True)
    hall, building = plan.single("hall"), plan.single("building")
    assert hall is not None and building is not None
    named = plan.replacing(dataclasses.replace(hall, label="一楼大厅")).replacing(dataclasses.replace(building, label="综合楼"))
    f = tmp_path / "named.hallplan"
    save_plan(named, f)
    data = json.loads(f.read_text(encoding="utf-8"))
    assert data["meta"]["outline_labels"] == {"hall": "一楼大厅", "building": "综合楼"}
    back = load_plan(f)
    assert back.single("hall").label == "一楼大厅" and back.single("building").label == "综合楼"  # type: ignore[union-attr]
    assert "outline_labels" not in back.meta and back == named
    assert plan_to_json(back) == plan_to_json(named)
    # unnamed outlines write nothing; a name of an outline the file lacks is dropped; wrong types are refused
    assert "outline_labels" not in json.loads(plan_to_json(plan))["meta"]
    data["building"] = None
    assert load_plan_text(data).single("building") is None
    for bad, words in (([1], "键值表"), ({"hall": 5}, "应为文本"), ({"floor": "x"}, "未知轮廓")):
        data["meta"]["outline_labels"] = bad
        with pytest.raises(ProjectError, match=words):
            load_plan_text(data)


def load_plan_text(data: dict[str, Any]) -> Plan:
    return plan_from_json(json.dumps(data, ensure_ascii=False))
