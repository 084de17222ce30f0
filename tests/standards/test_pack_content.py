"""The standard's content lives in the packs: checklist items (per level, names, clauses) and reviewer
items; the plan keeps only its ticks."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

import geometry.model
from geometry.synthetic import sample_plan
from standards.engine import check
from standards.packs import PackError, checklist_catalogue, checklist_items_for, load_pack, parse_pack

REPO = Path(__file__).resolve().parents[2]

PROVINCE = {"pack": {"id": "prov-2024", "title_zh": "某省标准", "title_en": "A province"},
            "rules": {"EQUIPMENT": {"clause": {"county": "第5条"}, "severity": "error", "title_zh": "设备", "title_en": "Equipment",
                                    "levels": ["county"], "params": {"checklist": ["kiosk_network", "network"]}}},
            "checklist_items": [
                {"code": "kiosk_network", "zh": "自助终端联网", "en": "Kiosks on the network", "levels": ["county"],
                 "clause": {"county": "第5条"}},
                {"code": "network", "zh": "省电子政务外网", "en": "The province's e-government network", "levels": ["county"]}]}


def test_the_geometry_model_no_longer_defines_checklist_items() -> None:
    assert not hasattr(geometry.model, "CHECKLIST_ITEMS") and not hasattr(geometry.model, "checklist_items_for")


def test_the_seed_pack_defines_every_item_with_its_levels_and_clause() -> None:
    items = load_pack("baoshan-2016").checklist_items
    assert len(items) == 21 and len({i.code for i in items}) == 21
    ten = [i for i in items if i.code.startswith("village_") and i.levels == ("village",)]
    assert len(ten) == 14 and all(i.clause_for("village").startswith("二(三)") for i in ten)
    traffic = checklist_catalogue()["traffic_signs"]
    assert traffic.clause_for("county") == "二(一)1" and traffic.clause_for("township") == "二(二)1"
    assert checklist_items_for("county") == ("traffic_signs", "site_location", "office_equipment", "it_equipment",
                                             "network", "access_layout")


def test_a_province_pack_brings_its_own_items_and_the_rules_name_them_from_it() -> None:
    pack = parse_pack(PROVINCE)
    plan = replace(sample_plan("county"), checklist={"kiosk_network": True})
    r = check(plan, packs=[pack])
    eq = {f.extra["checklist"]: f for f in r.findings if f.rule == "EQUIPMENT"}
    assert eq["kiosk_network"].message_zh == "已确认:自助终端联网" and eq["kiosk_network"].status.value == "pass"
    assert eq["network"].required == "省电子政务外网"  # the province's name for the same code
    assert [i.code for i in r.checklist_items()] == ["kiosk_network", "network"]
    assert [i.code for i in check(replace(plan, context=replace(plan.context, level="township")), packs=[pack]).checklist_items()] == []


@pytest.mark.parametrize("bad, word", [
    ([{"code": "x", "zh": "甲"}], "en"),
    ([{"code": "x", "zh": "甲", "en": "A", "levels": ["province"]}], "levels"),
    ([{"code": "x", "zh": "甲", "en": "A"}, {"code": "x", "zh": "乙", "en": "B"}], "twice"),
    ([{"code": "x", "zh": "甲", "en": "A", "clause": 5}], "clause"),
    ({"code": "x"}, "array"),
])
def test_a_malformed_checklist_item_is_refused_with_its_place(bad: object, word: str) -> None:
    with pytest.raises(PackError) as e:
        parse_pack({"pack": {"id": "p"}, "checklist_items": bad}, "p.toml")
    assert "p.toml" in e.value.en and word in e.value.en


def test_listing_code_reads_the_items_from_the_packs_not_from_a_code_level_list() -> None:
    for rel in ("planner/editor/panels.py", "planner/report/checklist.py", "standards/rules/facilities.py",
                "standards/rules/village.py", "standards/missing_names.py", "planner/commands/audit_context.py"):
        names = {n.id for n in ast.walk(ast.parse((REPO / rel).read_text(encoding="utf-8"))) if isinstance(n, ast.Name)}
        assert "CHECKLIST_ITEMS" not in names, rel
