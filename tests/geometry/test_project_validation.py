"""The project loader on hostile files: bounded reads, and every field's type and range checked once."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import jsonschema
import pytest

import assets
from geometry.i18n import HallPlanError
from geometry.model import Context, Counter
from geometry.project import MAX_BYTES, MAX_OBJECTS, ProjectError, load_plan, plan_from_json, plan_to_dict, save_plan
from geometry.schema import project_schema
from geometry.synthetic import sample_plan
from geometry.validate import FieldError, clean_value, CONTEXT_SPECS, context_values

SCHEMA = json.loads(assets.path("schema", "hallplan.project-2.schema.json").read_text(encoding="utf-8"))
REPO = Path(__file__).resolve().parents[2]


def base() -> dict[str, Any]:
    return plan_to_dict(sample_plan("township", True))


def first(d: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(o for o in d["objects"] if o["type"] == kind)


def refused(d: dict[str, Any] | str) -> ProjectError:
    text = d if isinstance(d, str) else json.dumps(d, ensure_ascii=False)
    with pytest.raises(ProjectError) as e:
        plan_from_json(text)
    return e.value


# --- the file itself --------------------------------------------------------------------------------

def test_symlink_to_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    link = tmp_path / "zero.hallplan"
    link.symlink_to("/dev/zero")
    t0 = time.perf_counter()
    with pytest.raises(ProjectError) as e:
        load_plan(link)
    assert time.perf_counter() - t0 < 1.0
    assert "not a regular file" in e.value.en and "不是普通文件" in e.value.zh


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.hallplan"
    os.mkfifo(fifo)
    # in a child process, so a regression shows as a timeout rather than a stalled suite
    r = subprocess.run([sys.executable, "-c", "import sys; from geometry.project import load_plan\n"
                        "try:\n load_plan(sys.argv[1])\nexcept Exception as e: print(e.en)", str(fifo)],
                       capture_output=True, text=True, timeout=20, cwd=REPO)
    assert "not a regular file" in r.stdout, r.stdout + r.stderr


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.hallplan"
    with open(big, "wb") as fh:  # sparse: 65 MB long, nothing on disk
        fh.truncate(MAX_BYTES + 1024 * 1024)
    with pytest.raises(ProjectError) as e:
        load_plan(big)
    assert "too large" in e.value.en and f"{MAX_BYTES // 2**20} MB" in e.value.en and "过大" in e.value.zh


def test_too_many_objects_are_refused_with_the_limit() -> None:
    d = base()
    pt = {"type": "facility", "kind": "other", "label": "", "geometry": {"type": "Point", "coordinates": [1, 1]}}
    d["objects"] = [dict(pt, id=f"f{i}") for i in range(MAX_OBJECTS + 1)]
    e = refused(d)
    assert f"{MAX_OBJECTS:,}" in e.en and "too many objects" in e.en and "对象过多" in e.zh


def test_json_nested_100000_levels_is_a_clear_refusal() -> None:
    e = refused('{"format": "hallplan", "version": 1, "meta": {"a": ' + "[" * 100_000 + "]" * 100_000 + "}}")
    assert "nested too deep" in e.en


def test_deep_meta_that_json_reads_is_still_refused_so_it_can_be_saved() -> None:
    d = base()
    inner: dict[str, Any] = {}
    d["meta"] = {"x": inner}
    for _ in range(40):
        inner["x"] = {}
        inner = inner["x"]
    assert "nested deeper" in refused(d).en


def test_5000_digit_population_names_the_field() -> None:
    text = json.dumps(base()).replace('"population": 62000', '"population": ' + "9" * 5000)
    e = refused(text)
    assert "population" in e.en and "5,000 digits" in e.en and "服务人口" in e.zh


def test_1e300_coordinates_name_the_object() -> None:
    d = base()
    first(d, "counter")["geometry"]["coordinates"][0][1] = [1e300, 0]
    e = refused(d)
    assert "counter" in e.en and "10⁹ m" in e.en
    d = base()
    d["hall"]["coordinates"][0][2] = [1e300, 1e300]
    assert "hall" in refused(d).en


def test_lone_surrogate_text_is_refused_so_the_plan_can_be_saved() -> None:
    d = base()
    first(d, "counter")["label"] = "\ud800"
    assert "surrogate" in refused(d).en
    d = base()
    d["meta"]["notes"] = ["ok", "\udfff"]
    assert "meta.notes[1] holds an invalid character" in refused(d).en


def test_bom_file_loads(tmp_path: Path) -> None:
    f = tmp_path / "bom.hallplan"
    f.write_bytes(b"\xef\xbb\xbf" + json.dumps(base(), ensure_ascii=False).encode("utf-8"))
    assert load_plan(f) == sample_plan("township", True)


# --- every field's type and range ----------------------------------------------------------------

Mut = Callable[[dict[str, Any]], None]
CASES: list[tuple[str, Mut, str, str]] = [
    ("population NaN", lambda d: d["context"].update(population=math.nan), "population is not a finite number", "服务人口"),
    ("building area NaN", lambda d: d["context"].update(building_area_m2=math.nan), "building area (building_area_m2) is not a finite", "建筑面积"),
    ("building area inf", lambda d: d["context"].update(building_area_m2=math.inf), "building_area_m2", "建筑面积"),
    ("negative area", lambda d: d["context"].update(building_area_m2=-5), "must be more than 0", "应大于 0"),
    ("accessible as text", lambda d: first(d, "counter").update(accessible="false"), "accessible must be true or false, not the text 'false'", "应为 true/false"),
    ("height as text", lambda d: first(d, "counter").update(height_m="0.8"), "top height (height_m) must be a number, not the text '0.8'", "台面高度"),
    ("height -800", lambda d: first(d, "counter").update(height_m=-800), "top height (height_m) must be more than 0 and at most 10 m", "台面高度"),
    ("height 0", lambda d: first(d, "consult").update(height_m=0), "consultation desk", "咨询台"),
    ("population as text", lambda d: d["context"].update(population="62000"), "population must be a whole number, not the text '62000'", "服务人口"),
    ("population 1.5", lambda d: d["context"].update(population=1.5), "population must be a whole number", "整数"),
    ("population true", lambda d: d["context"].update(population=True), "population must be a whole number, not true", "服务人口"),
    ("target grade 3", lambda d: d["context"].update(target_grade=3), "target grade must be at least 1 and at most 2, not 3", "目标等级"),
    ("floors 0", lambda d: d["context"].update(floors=0), "floors must be at least 1", "楼层数"),
    ("sprinklers as text", lambda d: d["context"].update(sprinklers="yes"), "sprinklers must be true or false", "自动喷水"),
    ("level number", lambda d: d["context"].update(level=1), "level must be text", "级别"),
    ("centre name list", lambda d: d["context"].update(centre_name=["a"]), "centre name must be text, not a list", "中心名称"),
    ("signage fixed text", lambda d: d["signage"].update(fixed="true"), "fixed must be true or false", "标牌"),
    ("signage languages text", lambda d: d["signage"].update(languages="zh"), "sign languages (languages) must be a list of text", "标牌语言"),
    ("zone kind", lambda d: first(d, "zone").update(kind="lounge"), "unknown zone kind 'lounge'", "功能区类型"),
    ("accessible stalls > stalls", lambda d: d["objects"].append(
        {"type": "parking", "id": "p9", "stalls": 1, "accessible_stalls": 5,
         "geometry": {"type": "Polygon", "coordinates": [[[-9, -9], [-5, -9], [-5, -5], [-9, -5], [-9, -9]]]}}),
     "parking p9: accessible stalls (5) is more than the stalls (1)", "无障碍车位数(accessible_stalls)为 5,多于车位数"),
    ("seats negative", lambda d: first(d, "zone").update(seats=-1), "seats must be at least 0", "座位数"),
    ("facility kind number", lambda d: first(d, "facility").update(kind=3), "facility kind (kind) must be text", "设施类型"),
    ("entrance main null", lambda d: first(d, "entrance").update(main=None), "main entrance (main) is missing", "主入口"),
    ("front inf", lambda d: first(d, "counter").update(front=math.inf), "front direction (front) is not a finite number", "朝向"),
    ("id number", lambda d: first(d, "counter").update(id=5), "the id must be non-empty text", "编号"),
    ("checklist text", lambda d: d["checklist"].update(traffic_signs="true"), "checklist item 'traffic_signs' must be true or false", "核查项"),
    ("meta NaN", lambda d: d["meta"].update(x=math.nan), "meta.x holds NaN", "附加信息 meta.x"),
    ("version true", lambda d: d.update(version=True), "version must be a whole number", "版本号"),
    ("unknown top-level field", lambda d: d.update(colour="red"), "unknown fields: colour", "未知字段"),
    ("context a list", lambda d: d.update(context=[1]), "context must be an object", "背景信息"),
    ("hall a string", lambda d: d.update(hall="x"), "hall must be a GeoJSON polygon", "服务大厅边界"),
]


@pytest.mark.parametrize("mutate, en, zh", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_field_is_refused_naming_field_and_object_in_both_languages(mutate: Mut, en: str, zh: str) -> None:
    d = base()
    mutate(d)
    e = refused(d)
    assert en in e.en and zh in e.zh, (e.en, e.zh)
    # the published schema agrees where JSON can hold the value (it has no NaN) and a schema can say it
    if not any(w in en for w in ("NaN", "finite", "digits", "is more than")):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(d, SCHEMA)


def test_model_refuses_what_the_loader_refuses() -> None:
    """No path around the loader: the dataclasses check the same specs when built."""
    with pytest.raises(FieldError):
        Context(population=math.nan)  # type: ignore[arg-type]
    with pytest.raises(ValueError):  # FieldError is a ValueError for the model's callers
        Context(building_area_m2=float("inf"))
    with pytest.raises(HallPlanError, match="应为数字"):
        from shapely.geometry import box

        Counter(id="c", geometry=box(0, 0, 1, 1), height_m="0.8")  # type: ignore[arg-type]


def test_integral_numbers_and_ints_for_floats_are_accepted() -> None:
    d = base()
    d["context"].update(population=62000.0, building_area_m2=900)
    p = plan_from_json(json.dumps(d))
    assert p.context.population == 62000 and isinstance(p.context.population, int)
    assert p.context.building_area_m2 == 900.0


def test_text_values_people_type() -> None:
    assert context_values({"population": "50万", "building_area": "6,000", "level": "县级", "sprinklers": "是"},
                          "x", text=True, aliases=True) == {"population": 500_000, "building_area_m2": 6000.0,
                                                            "level": "county", "sprinklers": True}
    for bad in ("nan", "inf", "abc", "8,00,0m", "-1"):
        with pytest.raises(FieldError):
            clean_value(CONTEXT_SPECS["building_area_m2"], "building_area_m2", bad, "x", text=True)


# --- the published schema ----------------------------------------------------------------------------

def test_published_schema_is_the_generated_one_and_samples_validate(tmp_path: Path) -> None:
    assert SCHEMA == json.loads(json.dumps(project_schema())), "regenerate: python -m geometry.schema > assets/schema/…"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for f in sorted(assets.path("samples").glob("*.hallplan")):
        validator.validate(json.loads(f.read_text(encoding="utf-8")))
    out = tmp_path / "saved.hallplan"
    save_plan(sample_plan("city", False), out)  # what HallPlan saves validates too
    validator.validate(json.loads(out.read_text(encoding="utf-8")))


def test_every_drawing_that_imports_can_be_saved_and_loads_back_equal(tmp_path: Path) -> None:
    """A plan that loaded can always be saved: the bundled real drawings and a generated Chinese hall."""
    from geometry.dxf import import_dxf
    from geometry.i18n import HallPlanError
    from tests.geometry.dxf_samples import chinese_hall

    drawings = sorted((REPO / "tests" / "data" / "dxf").glob("*.dxf")) + [chinese_hall(tmp_path / "hall.dxf")]
    saved = 0
    for f in drawings:
        try:
            plan = import_dxf(f).plan
        except HallPlanError:
            continue  # refused with a reason: nothing loaded, nothing to save
        out = tmp_path / f"{f.stem}.hallplan"
        save_plan(plan, out)
        assert load_plan(out) == plan, f.name
        saved += 1
    assert saved >= 4


def test_drawing_whose_file_name_is_not_utf8_can_be_saved(tmp_path: Path) -> None:
    import shutil

    from geometry.dxf import import_dxf
    from tests.geometry.dxf_samples import chinese_hall

    bad = tmp_path / os.fsdecode(b"hall\xff.dxf")  # a name from a GBK disk, seen on a UTF-8 system
    shutil.copy(chinese_hall(tmp_path / "hall.dxf"), bad)
    plan = import_dxf(bad).plan
    save_plan(plan, tmp_path / "hall.hallplan")
    assert load_plan(tmp_path / "hall.hallplan") == plan and "\ufffd" in plan.meta["source"]


def test_model_refuses_a_checklist_tick_given_as_text() -> None:
    from geometry.model import Plan

    with pytest.raises(FieldError, match="traffic_signs"):
        Plan(checklist={"traffic_signs": "false"})  # type: ignore[dict-item]
