"""Repairing a project file that does not open as it is (geometry.project_repair)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import assets
from geometry.project import ProjectError, load_plan, plan_from_dict, save_plan
from geometry.project_repair import RepairableProjectError, load_or_explain, salvage, salvage_file


def sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(assets.path("samples", "county-violations.hallplan").read_text(encoding="utf-8"))
    return data


def test_a_readable_file_is_salvaged_unchanged() -> None:
    data = sample()
    plan, notes = salvage(data)
    assert notes == [] and plan == plan_from_dict(data)


def test_every_bad_part_is_left_out_or_mended_and_named() -> None:
    data = sample()
    n = len(data["objects"])
    data["context"]["population"] = "很多"
    data["signage"]["languages"] = 5
    data["checklist"]["电子政务网络"] = "是"
    data["meta"]["bad"] = float("inf")
    data["extra"] = {"x": 1}
    counter = next(i for i, o in enumerate(data["objects"]) if o["type"] == "counter")
    data["objects"][counter]["height_m"] = 70  # cm written as m
    data["objects"][counter]["colour"] = "blue"  # a field no counter has
    data["objects"].append({"type": "spaceship", "id": "x", "geometry": {"type": "Point", "coordinates": [1, 1]}})
    data["objects"].append({**data["objects"][0]})  # the same id again
    data["hall"]["coordinates"] = [[[0, 0], [64, 33], [64, 0], [0, 33], [0, 0]]]  # a bow tie
    with pytest.raises(ProjectError):
        plan_from_dict(data)
    plan, notes = salvage(data)
    text = "\n".join(zh for zh, _en in notes)
    english = "\n".join(en for _zh, en in notes)
    for words in ("extra", "服务人口", "languages", "电子政务网络", "meta.bad", "height_m", "colour", "spaceship", "重复", "自相交"):
        assert words in text, words
    assert "crossed itself" in english and "spaceship" in english
    assert len(notes) == 10
    assert plan.context.population is None and plan.context.level == "county"
    assert len(plan.objects) == n + 1 + 2  # the duplicate kept under a new id, the spaceship left out; + hall and building
    c = plan.get(data["objects"][counter]["id"])
    assert c is not None and c.height_m is None  # type: ignore[attr-defined]
    assert plan.hall is not None and plan.hall.is_valid and plan.hall.area == pytest.approx(528.0)
    assert plan == plan_from_dict(json.loads(json.dumps(data_of(plan))))  # what it opens saves and reopens as is


def data_of(plan: Any) -> dict[str, Any]:
    from geometry.project import plan_to_dict

    return plan_to_dict(plan)


@pytest.mark.parametrize("data, words", [
    ({"format": "other"}, "不是 HallPlan 项目文件"),
    ({"format": "hallplan", "version": 99}, "版本 99"),
    ({"format": "hallplan", "version": "2"}, "版本"),
    ({"format": "hallplan", "version": 10 ** 400}, "版本"),  # too large for a float: refused, not an OverflowError
    ({"format": "hallplan", "version": float("nan")}, "版本"),
    ({"format": "hallplan", "version": 1.5}, "版本"),
])
def test_what_is_not_a_project_of_this_version_is_not_salvaged(data: dict[str, Any], words: str) -> None:
    with pytest.raises(ProjectError, match=words):
        salvage(data)


def test_load_or_explain_says_when_a_repair_would_open_it(tmp_path: Path) -> None:
    data = sample()
    data["objects"][3]["height_m"] = 99
    bad = tmp_path / "坏.hallplan"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RepairableProjectError) as got:
        load_or_explain(bad)
    assert got.value.changes == 1 and got.value.path == bad and "height_m" in got.value.zh
    notjson = tmp_path / "x.hallplan"
    notjson.write_text("{", encoding="utf-8")
    with pytest.raises(ProjectError) as plain:
        load_or_explain(notjson)
    assert not isinstance(plain.value, RepairableProjectError)
    plan, notes = salvage_file(bad)
    save_plan(plan, tmp_path / "ok.hallplan")
    assert load_plan(tmp_path / "ok.hallplan") == plan and len(notes) == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.sampled_from(["height_m", "depth_m", "label", "accessible", "seats", "kind", "nonsense"]),
                          st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.text(max_size=5), st.booleans())),
                max_size=6))
def test_any_field_damage_still_opens_and_reopens(damage: list[tuple[int, str, Any]]) -> None:
    """Whatever values a hand edit leaves in objects' fields, the file opens repaired, and the repaired
    plan saves and reopens as itself."""
    data = sample()
    objs = data["objects"]
    for i, field, value in damage:
        objs[i % len(objs)][field] = value
    plan, _notes = salvage(data)
    assert len(plan.objects) == len(objs) + 2
    assert plan_from_dict(json.loads(json.dumps(data_of(plan), allow_nan=False))) == plan
