"""`hallplan check drawing.dxf` end to end: a drawing in millimetres on Chinese layers, the report,
the PDF and the annotated DXF, and the annotated DXF read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.geometry.dxf_samples import chinese_hall
from tests.planner.test_cli import hallplan


@pytest.fixture(scope="module")
def drawing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return chinese_hall(tmp_path_factory.mktemp("dxf") / "大厅 方案.dxf")


def test_check_a_dxf_drawing_writes_json_pdf_and_annotated_dxf(drawing: Path, tmp_path: Path) -> None:
    out_json, out_pdf, out_dxf = tmp_path / "r.json", tmp_path / "r.pdf", tmp_path / "marked.dxf"
    r = hallplan("check", str(drawing), "--level", "township", "--population", "52000", "--name", "腾冲市和顺镇为民服务中心",
                 "--json", str(out_json), "--pdf", str(out_pdf), "--dxf-out", str(out_dxf))
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    assert "mm" in r.stdout  # the import states the units it used
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["measures"]["hall_area_m2"] == pytest.approx(600.0)  # 30 × 20 m, drawn in mm
    assert data["context"]["level"] == "township" and data["context"]["population_class"] == 1
    assert data["measures"]["achieved_grade"] == "grade1"
    widths = sorted(c["width_m"] for c in data["measures"]["counters"])
    assert widths[0] == pytest.approx(0.8)
    assert "import" in data and data["import"]
    text = "".join(p.extract_text() for p in PdfReader(str(out_pdf)).pages)
    assert "腾冲市和顺镇为民服务中心" in text and "二(二)2" in text
    # the annotated DXF is a drawing HallPlan (and CAD programs) can read back
    r2 = hallplan("check", str(out_dxf), "--level", "township", "--population", "52000", "--json", str(tmp_path / "r2.json"))
    assert r2.returncode in (0, 1), r2.stderr
    back = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    assert back["measures"]["hall_area_m2"] == pytest.approx(600.0, abs=0.05)
    assert back["measures"]["counter_count"] == data["measures"]["counter_count"]


def test_units_option_overrides_the_guess(drawing: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    hallplan("check", str(drawing), "--units", "cm", "--json", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["measures"]["hall_area_m2"] == pytest.approx(60_000.0)


def test_corrupt_dxf_is_one_line_exit_2(tmp_path: Path) -> None:
    f = tmp_path / "坏.dxf"
    f.write_bytes(b"0\nSECTION\n2\nENTITIES\n0\nLINE\n8\n0\n10\nnot-a-number")
    r = hallplan("check", str(f))
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "坏.dxf" in r.stderr
    f.write_bytes(b"\x00\x01 this is not a drawing at all")
    r = hallplan("check", str(f))
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_layer_switched_off_in_the_drawing_is_not_printed(tmp_path: Path) -> None:
    import ezdxf

    path = chinese_hall(tmp_path / "hall.dxf")
    doc = ezdxf.readfile(path)
    doc.layers.add("备注可见")
    doc.layers.add("备注隐藏").off()
    msp = doc.modelspace()
    msp.add_text("档案室ABC", dxfattribs={"layer": "备注可见", "height": 800, "insert": (3000, 12000)})
    msp.add_text("临时草稿XYZ", dxfattribs={"layer": "备注隐藏", "height": 800, "insert": (3000, 14000)})
    doc.saveas(path)
    out_pdf = tmp_path / "r.pdf"
    r = hallplan("check", str(path), "--level", "township", "--population", "52000", "--pdf", str(out_pdf))
    assert r.returncode in (0, 1), r.stderr
    text = "".join(p.extract_text() for p in PdfReader(str(out_pdf)).pages)
    assert "档案室ABC" in text  # the drawing's texts are printed …
    assert "临时草稿XYZ" not in text  # … except on a layer the drawing switched off


def test_a_real_drawing_with_nothing_recognised_says_how_to_go_on(tmp_path: Path) -> None:
    """A real drawing (binary_r2000.dxf, from another CAD program, bundled) whose layers all read as
    underlay: one line that says so and names the three ways to give it a hall — not 'the plan is empty'."""
    f = Path(__file__).resolve().parents[1] / "data" / "dxf" / "binary_r2000.dxf"
    r = hallplan("check", str(f), "--pdf", str(tmp_path / "h.pdf"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert "没有可识别为服务大厅" in last and "--hall-room" in last and "--layers" in last and "编辑器" in last
    assert not (tmp_path / "h.pdf").exists()
    r = hallplan("check", str(f), "--lang", "en")
    assert r.returncode == 2 and "no layer of the drawing was recognised" in r.stderr and "tag an outline as the hall" in r.stderr
