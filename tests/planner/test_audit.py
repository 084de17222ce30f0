"""Batch audit over a folder of generated plans, one of them broken."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from geometry.dxf import export_dxf
from geometry.project import save_plan
from geometry.synthetic import sample_plan
from planner.commands.audit import main, summary_csv
from planner.commands.audit_context import parse_level, read_csv


def make_folder(root: Path) -> Path:
    d = root / "plans"
    (d / "sub").mkdir(parents=True)
    save_plan(sample_plan("village"), d / "village-ok.hallplan")
    save_plan(sample_plan("township", compliant=False), d / "sub" / "township-bad.hallplan")
    save_plan(sample_plan("village", compliant=False), d / "村-违规.hallplan")
    export_dxf(sample_plan("township"), d / "sub" / "township-drawing.dxf")
    (d / "broken.hallplan").write_text('{"format": "hallplan", "version": 1, "objects": [{"type": "counter"}]}', encoding="utf-8")
    (d / "notes.txt").write_text("not a plan", encoding="utf-8")  # ignored: not a plan suffix
    # sidecar: the village-ok plan's population changes class (5,000 or more: class 1)
    (d / "village-ok.context.toml").write_text('population = 8000\ncentre_name = "水碓村为民服务站(复核)"\n', encoding="utf-8")
    return d


def read_summary(out: Path) -> list[dict[str, str]]:
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_audit_folder_with_a_broken_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = make_folder(tmp_path)
    ctx = tmp_path / "context.csv"
    ctx.write_bytes("name,level,population,building_area\nsub/township-bad.hallplan,乡镇,40000,950\nghost,村,10,10\n"
                    .encode("gb18030"))
    out = tmp_path / "out"
    code = main([str(d), "--out", str(out), "--csv", str(ctx), "--jobs", "2"])
    assert code == 1
    rows = read_summary(out)
    by_name = {r["名称"]: r for r in rows}
    assert set(by_name) == {"broken", "village-ok", "township-bad", "村-违规", "township-drawing"}
    assert by_name["township-drawing"]["未能检查的原因"] == "" and by_name["township-drawing"]["级别"] == "乡镇级"
    assert by_name["broken"]["达到等级"] == "无法读取"
    assert "缺少 id 或 geometry" in by_name["broken"]["未能检查的原因"]
    ok = by_name["village-ok"]
    assert ok["中心名称"] == "水碓村为民服务站(复核)" and ok["人口"] == "8000"
    assert ok["达到等级"] == "未达标"  # 56 m² is grade 1 for class 2, below the class-1 band the sidecar's population gives
    assert by_name["township-bad"]["人口"] == "40000"  # from the CSV (GB 18030, as Chinese Excel saves it)
    assert int(by_name["村-违规"]["不符合"]) > 0 and by_name["村-违规"]["主要问题"]
    for name in ("village-ok", "township-bad", "村-违规", "township-drawing"):
        assert (out / f"{name}.pdf").read_bytes().startswith(b"%PDF")
        data = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert data["schema"] == "hallplan.report/1" and data["source"].endswith((".hallplan", ".dxf"))
    assert not (out / "broken.pdf").exists()
    overview = "".join(p.extract_text() for p in PdfReader(str(out / "overview.pdf")).pages)
    assert "达到等级分布" in overview and "broken" in overview
    err = capsys.readouterr().err
    assert "broken" in err and "ghost" in err  # a CSV row without a plan is named


AREA_ONLY = """
[pack]
id = "test-area-only"
edition = "test"
[rules.AREA]
clause = "二(三)2"
severity = "error"
title_zh = "服务大厅面积"
title_en = "Service hall area"
[rules.AREA.params]
method = "population_class"
[[rules.AREA.params.bands]]
levels = ["village"]
class1_min_population = 5000
class1 = { grade1 = 100, grade2 = 60 }
class2 = { grade1 = 50, grade2 = 30 }
"""


def test_exit_codes(tmp_path: Path) -> None:
    d = tmp_path / "ok"
    d.mkdir()
    save_plan(sample_plan("village"), d / "v.hallplan")
    pack = tmp_path / "area-only.toml"
    pack.write_text(AREA_ONLY, encoding="utf-8")
    assert main([str(d), "--out", str(tmp_path / "o1"), "--no-pdf", "--jobs", "1", "--pack", str(pack)]) == 0
    assert main([str(d), "--out", str(tmp_path / "o1"), "--no-pdf", "--pack", str(tmp_path / "nope.toml")]) == 2
    assert main([str(tmp_path / "nowhere"), "--out", str(tmp_path / "o2")]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty), "--out", str(tmp_path / "o3")]) == 2
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("level,population\ncounty,1\n", encoding="utf-8")
    assert main([str(d), "--out", str(tmp_path / "o4"), "--csv", str(bad_csv)]) == 2
    with pytest.raises(SystemExit) as e:
        main([str(d)])  # --out missing
    assert e.value.code == 2


def test_bad_sidecar_fails_only_its_plan(tmp_path: Path) -> None:
    d = tmp_path / "p"
    d.mkdir()
    save_plan(sample_plan("village"), d / "a.hallplan")
    save_plan(sample_plan("village"), d / "b.hallplan")
    (d / "b.context.json").write_text('{"level": "planet"}', encoding="utf-8")
    assert main([str(d), "--out", str(tmp_path / "o"), "--no-pdf", "--jobs", "1", "--lang", "en"]) == 1
    rows = {r["name"]: r for r in read_summary(tmp_path / "o")}
    assert rows["a"]["not checked because"] == "" and "unknown level 'planet'" in rows["b"]["not checked because"]


def test_summary_csv_and_context_helpers(tmp_path: Path) -> None:
    raw = summary_csv([{"name": "隆阳", "grade_key": "grade1", "fail": 0, "error": ""}], "zh")
    assert raw.startswith("\ufeff名称".encode("utf-8"))
    assert [parse_level(x) for x in ("市级", "县(市、区)级", "园区", "街道", "社区")] == ["city", "county", "park", "township", "village"]
    p = tmp_path / "c.csv"
    p.write_text("\ufeffName;Level;Population\nA.dxf;county;1\n", encoding="utf-8")
    assert read_csv(p)["a"]["level"] == "county"


def test_dxf_import_report_and_underlay_reach_the_outputs(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    export_dxf(sample_plan("village"), d / "v.dxf")
    main([str(d), "--out", str(tmp_path / "o"), "--jobs", "1"])
    data = json.loads((tmp_path / "o" / "v.json").read_text(encoding="utf-8"))
    assert "import" in data and data["context"]["level"] == "village"
    assert (tmp_path / "o" / "v.pdf").read_bytes().startswith(b"%PDF")
