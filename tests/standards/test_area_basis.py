"""The pack says which hall area AREA compares: the outline (default) or the usable area (less columns)."""

from __future__ import annotations

from pathlib import Path

from shapely.geometry import box

from geometry.model import Context, Obstacle, Plan
from standards.engine import check

USABLE = """
[pack]
id = "usable-area"
edition = "2030"
title_zh = "按可用面积"
title_en = "By usable area"

[rules.AREA]
clause = "二(一)2"
severity = "error"
title_zh = "服务大厅面积"
title_en = "Hall area"
[rules.AREA.params]
method = "flat"
area_basis = "usable"
[[rules.AREA.params.bands]]
levels = ["county"]
grade1 = 3000
grade2 = 2000
"""


def _plan() -> Plan:
    """A 50 × 40 m hall (2,000 m²: grade 2 by its outline) with eight 0.8 × 0.8 m columns in it."""
    cols = tuple(Obstacle(id=f"c{i}", geometry=box(5 + 5 * i, 20, 5.8 + 5 * i, 20.8), kind="column") for i in range(8))
    return Plan(context=Context(level="county", population=300000), hall=box(0, 0, 50, 40), objects=cols)


def test_default_pack_compares_the_outline_and_reports_the_usable_area() -> None:
    r = check(_plan())
    area = next(f for f in r.findings if f.rule == "AREA")
    assert area.measured == 2000.0 and area.status.value == "pass"
    assert r.measures["hall_usable_area_m2"] == round(2000 - 8 * 0.64, 3) and len(r.measures["hall_columns"]) == 8


def test_a_pack_comparing_the_usable_area(tmp_path: Path) -> None:
    pack = tmp_path / "usable.toml"
    pack.write_text(USABLE, encoding="utf-8")
    r = check(_plan(), packs=[str(pack)])
    area = next(f for f in r.findings if f.rule == "AREA")
    assert area.measured == 2000 - 8 * 0.64 and area.status.value == "fail"
    assert area.message_zh.startswith("服务大厅可用面积(扣除独立柱) 1994.88 m²,未达到二级标准") and "5.12 m²" in area.message_zh
    assert area.message_en.startswith("Usable hall area (less free-standing columns) 1994.88 m²")
