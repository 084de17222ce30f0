"""DXF import on real third-party drawings: units, encodings, recover mode, what was recognised.

MIT-licensed copies live in tests/data/dxf (see SOURCES.md); the others are read from the shared
folder beside the clone and skipped when it is absent.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from geometry.dxf import import_dxf
from geometry.project import plan_from_json, plan_to_json
from tests.conftest import REPO

DATA = REPO / "tests" / "data" / "dxf"


def _check_common(path: Path):
    t0 = time.perf_counter()
    r = import_dxf(path)
    elapsed = time.perf_counter() - t0
    assert r.report.hall is None  # none of these has a service hall
    lines = r.report.lines("en")
    assert any(line.startswith("units: ") for line in lines)
    assert any("no service hall recognised" in line for line in lines)
    json.dumps(r.report.to_dict(), allow_nan=False, ensure_ascii=False)
    assert plan_from_json(plan_to_json(r.plan)) == r.plan  # the imported plan saves as a project
    assert r.underlay and r.report.underlay_vertices > 0
    return r, elapsed


def test_barcelona_pavilion_metres_layers() -> None:
    r, _ = _check_common(DATA / "barcelona_pavilion_m.dxf")
    rep = r.report
    assert rep.units.name == "m" and rep.units.declared == "m"
    assert rep.layers["Walls"].role == "wall" and rep.layers["Columns"].role == "column" and rep.layers["Doors"].role == "door"
    assert rep.layers["Walls"].recognised == {"obstacle": 60}
    assert rep.layers["Flooring"].role is None and rep.layers["Flooring"].entities == {"LINE": 260}
    x0, y0, x1, y1 = r.plan.bounds()
    assert 40 < x1 - x0 < 60 and 15 < y1 - y0 < 30


def test_broken_r12_is_recovered() -> None:
    r, _ = _check_common(DATA / "r12_broken_recoverable.dxf")
    assert r.report.recovered
    assert any("recover mode" in en for _, en in r.report.notes)
    assert r.report.layers["0"].entities["LINE"] == 1441


def test_binary_dxf() -> None:
    r, _ = _check_common(DATA / "binary_r2000.dxf")
    assert r.report.binary and r.report.layers["0"].entities == {"LINE": 3}


def test_ancient_ac1003_via_recover() -> None:
    r, _ = _check_common(DATA / "ac1003_1987.dxf")
    assert r.report.recovered and r.report.layers["1"].entities == {"LINE": 13, "ARC": 9}


def test_tarch_mm_gbk(shared: Path) -> None:
    r, _ = _check_common(shared / "dxf" / "tarch_t3_power_room_mm.dxf")
    rep = r.report
    assert rep.units.name == "mm" and rep.units.declared is None
    assert rep.encoding == "gbk"
    assert rep.layers["WALL"].role == "wall" and rep.layers["WINDOW"].role == "window" and rep.layers["AXIS"].role == "ignore"
    assert rep.layers["除台阶$0$建-立面-划分"].role is None  # bound-xref layer, Chinese name, read as is
    texts = [t.text for t in r.underlay_texts]
    assert any("建筑面积为113.05" in t for t in texts)
    assert any(t.startswith("Ø110UPVC") for t in texts)  # %%C → Ø
    assert not any("%%" in t for t in texts)


def test_gbk_r12_without_codepage(shared: Path) -> None:
    r, _ = _check_common(shared / "dxf" / "r12_gbk_no_codepage.dxf")
    rep = r.report
    assert rep.encoding == "gbk" and "测试测试" in [t.text for t in r.underlay_texts]
    assert rep.units.name == "m" and "survey" in rep.units.reason_en
    (layer, g), = r.underlay
    assert g.bounds[0] > 497_000 and g.bounds[1] > 2_373_000  # projected coordinates kept as they are


def test_warehouse_units_lie(shared: Path) -> None:
    r, _ = _check_common(shared / "dxf" / "warehouse_units_lie.dxf")
    u = r.report.units
    assert u.declared == "mm" and u.name == "m" and "implausible" in u.reason_en
    assert r.report.layers["MUR"].role == "wall"


def test_us_apartments_unitless_inches(shared: Path) -> None:
    r, elapsed = _check_common(shared / "dxf" / "us_apartments_inch.dxf")
    u = r.report.units
    assert u.name == "in" and u.declared is None and "imperial" in u.reason_en
    x0, y0, x1, y1 = r.plan.bounds()
    assert 60 < x1 - x0 < 130  # an apartment block, not a 100 km city
    assert r.report.layers["WALL"].role == "wall"
    assert elapsed < 30


def test_hackerspace_cm_rooms_from_lines(shared: Path, tmp_path: Path) -> None:
    r, _ = _check_common(shared / "dxf" / "hackerspace_cm.dxf")
    assert r.report.units.name == "cm"
    # everything is on layer 0: name a room as the hall and compare with the area written in it
    for room, stated in (("Fællesrum", 60.0), ("Værksted", 25.0)):
        user = tmp_path / "map.toml"
        user.write_text(f'[labels]\nhall = ["{room}"]\n', encoding="utf-8")
        hall = import_dxf(shared / "dxf" / "hackerspace_cm.dxf", layer_map=user).plan.hall
        assert hall is not None and hall.area == pytest.approx(stated, rel=0.05)
