"""One context validator for every source: command line, DXF XRECORD, audit sidecars and CSV, DXF attributes."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import ezdxf
import pytest

import assets
from geometry.dxf import export_dxf, import_dxf
from geometry.dxf.writer import APPID
from geometry.i18n import HallPlanError, set_language
from geometry.synthetic import sample_plan
from planner.commands.audit_context import csv_context, read_csv, read_sidecar
from planner.commands.cli import main
from standards.engine import check
from tests.geometry.dxf_samples import counter_block, new_doc, rect

SAMPLE = str(assets.path("samples", "county-compliant.hallplan"))


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(["check", *args])
    finally:
        set_language("zh")
    return rc, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("args, en, zh", [
    (["--population", "-1"], "--population: population must be at least 0", "--population:服务人口(population)应不小于 0"),
    (["--population", "abc"], "population must be a number, not the text 'abc'", "应为数字"),
    (["--population", "1.5"], "must be a whole number, not 1.5", "应为整数"),
    (["--building-area", "nan"], "--building-area: building area (building_area_m2) must be a number, not the text 'nan'", "建筑面积"),
    (["--building-area", "1e400"], "building area (building_area_m2) is not a finite number", "不是有限数值"),
    (["--building-area", "0"], "must be more than 0", "应大于 0"),
])
def test_bad_context_options_exit_2_with_one_line(args: list[str], en: str, zh: str) -> None:
    for lang, words in (("en", en), ("zh", zh)):
        rc, out, err = cli(SAMPLE, *args, "--lang", lang)
        assert rc == 2 and out == "", out
        assert err.startswith("hallplan: ") and len(err.strip().splitlines()) == 1 and words in err, err


def test_population_as_people_write_it(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    rc, _, err = cli(SAMPLE, "--population", "50万", "--building-area", "6,000", "--json", str(out))
    assert rc in (0, 1), err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["context"]["population"] == 500_000 and data["context"]["population_class"] == 1
    assert data["measures"]["building_area_m2"] == 6000


def _with_xrecord(src: Path, dst: Path, change: dict[str, object]) -> None:
    """A HallPlan export whose stored project data was edited by another program."""
    doc = ezdxf.readfile(src)
    xr = doc.rootdict.get(APPID)
    data = json.loads("".join(str(t.value) for t in xr.tags if t.code == 1))
    data["context"].update(change)
    data["checklist"]["traffic_signs"] = "false"  # text, not a tick
    blob = json.dumps(data, ensure_ascii=False)  # NaN as the JSON literal another writer may emit
    xr.reset([(1, blob[i:i + 200]) for i in range(0, len(blob), 200)])
    doc.saveas(dst)


def test_xrecord_nan_building_area_is_dropped_with_a_warning_and_parking_is_not_a_pass(tmp_path: Path) -> None:
    export_dxf(sample_plan("county", True), tmp_path / "ok.dxf")
    # floors null too, so nothing else gives the building area
    _with_xrecord(tmp_path / "ok.dxf", tmp_path / "bad.dxf", {"building_area_m2": math.nan, "floors": None, "population": "935000"})
    res = import_dxf(tmp_path / "bad.dxf")
    ctx = res.plan.context
    assert ctx.building_area_m2 is None and ctx.population is None and ctx.level == "county"  # the rest is kept
    warned = " ".join(en for _, en in res.report.warnings)
    assert "building area (building_area_m2) is not a finite number" in warned and "population must be a whole number" in warned
    assert "checklist item 'traffic_signs' must be true or false" in warned and "traffic_signs" not in res.plan.checklist
    parking = [f for f in check(res.plan).findings if f.rule == "PARKING"]
    assert parking and all(f.status == "unknown" for f in parking)


def test_sidecar_and_csv_go_through_the_same_validator(tmp_path: Path) -> None:
    side = tmp_path / "a.context.toml"
    side.write_text('population = "50万"\nbuilding_area = "6,000"\nlevel = "县级"\n[checklist]\ntraffic_signs = "否"\n',
                    encoding="utf-8")
    assert read_sidecar(side) == ({"population": 500_000, "building_area_m2": 6000.0, "level": "county"},
                                  {"traffic_signs": False})
    for body, words in (('{"building_area": "nan"}', "building area (building_area_m2) must be a number"),
                        ('{"population": -5}', "population must be at least 0"),
                        ('{"building_area_m2": 1e999}', "is not a finite number"),
                        ('{"checklist": {"traffic_signs": "maybe"}}', "must be yes or no")):
        side = tmp_path / "b.context.json"
        side.write_text(body, encoding="utf-8")
        with pytest.raises(HallPlanError) as e:
            read_sidecar(side)
        assert words in e.value.en and "b.context.json" in e.value.en, e.value.en
    sheet = tmp_path / "ctx.csv"
    sheet.write_text("name,level,population,building_area\na.dxf,county,1,nan\nb,市级,-3,100\n", encoding="utf-8")
    rows = read_csv(sheet)
    with pytest.raises(HallPlanError, match="建筑面积"):
        csv_context(rows["a"], "CSV a")
    with pytest.raises(HallPlanError, match="服务人口"):
        csv_context(rows["b"], "CSV b")


def test_counter_height_the_model_refuses_is_unknown_with_a_warning_not_an_internal_error(tmp_path: Path) -> None:
    doc = new_doc(4)
    msp = doc.modelspace()
    msp.add_lwpolyline(rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "服务大厅"})
    counter_block(doc)
    for i, h in enumerate(("-800", "800000", "800")):
        msp.add_blockref("柜台", (3000 + 3000 * i, 3000), dxfattribs={"layer": "柜台"}).add_auto_attribs({"高度": h})
    doc.saveas(tmp_path / "h.dxf")
    res = import_dxf(tmp_path / "h.dxf")
    heights = sorted((c.geometry.centroid.x, c.height_m) for c in res.plan.counters)
    assert [h for _, h in heights] == [None, None, 0.8]
    # -800 the attribute reader leaves unknown itself (a negative size); 800 m the model refuses
    warned = [en for _, en in res.report.warnings if "top height" in en]
    assert len(warned) == 1 and "not 800.0" in warned[0] and "taken as unknown" in warned[0]
    assert any("-800" in en for _, en in res.report.warnings)
    height = [f for f in check(res.plan).findings if f.rule == "COUNTER-HEIGHT"]
    assert sum(f.status == "pass" for f in height) <= 1  # only the 80 cm counter can pass
    rc, _, err = cli(str(tmp_path / "h.dxf"), "--lang", "en")
    assert rc in (0, 1) and "internal error" not in err


def test_context_files_are_read_only_when_regular_and_bounded(tmp_path: Path) -> None:
    side = tmp_path / "a.context.json"
    side.symlink_to("/dev/zero")
    with pytest.raises(HallPlanError) as e:
        read_sidecar(side)
    assert "not a regular file" in e.value.en
    fifo = tmp_path / "ctx.csv"
    os.mkfifo(fifo)
    r = subprocess.run([sys.executable, "-c", "import sys\nfrom planner.commands.audit_context import read_csv\n"
                        "try:\n read_csv(__import__('pathlib').Path(sys.argv[1]))\nexcept Exception as e: print(e.en)", str(fifo)],
                       capture_output=True, text=True, timeout=30, cwd=Path(__file__).resolve().parents[2])
    assert "not a regular file" in r.stdout, r.stdout + r.stderr
    deep = tmp_path / "b.context.json"
    deep.write_text('{"population": ' + "[" * 50_000 + "]" * 50_000 + "}", encoding="utf-8")
    with pytest.raises(HallPlanError, match="b.context.json"):
        read_sidecar(deep)
