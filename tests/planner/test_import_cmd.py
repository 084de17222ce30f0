"""``hallplan import`` keeps the drawing; ``check --pdf`` prints it with its texts, on the paper asked for."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from geometry.drawing_file import drawing_path, load_drawing
from geometry.project import load_plan
from planner.commands.cli import main
from planner.report.pdfbackend import MM
from tests.planner.real_floor import HALL_AREA, HALL_NAME, university_floor


def norm(s: str) -> str:
    return "".join(s.split())


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("import")
    src = university_floor(d / "一层平面.dxf", hidden_old_wall=True)  # the old wall's layer is off in the drawing
    assert main(["import", str(src), "-o", str(d / "一层"), "--hall-room", HALL_NAME]) == 0
    return d / "一层.hallplan"


def test_import_writes_plan_and_drawing(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = load_plan(imported)
    assert plan.hall is not None and abs(plan.hall.area - HALL_AREA) < 0.5  # the room, not a 60 m² axis bay
    kept = load_drawing(imported)
    assert kept is not None and drawing_path(imported).name == "一层.drawing.npz"
    assert {"WALL", "DOOR", "AXIS", "A-WALL-OLD"} <= {name for name, _g in kept.layers}
    assert kept.hidden == ("A-WALL-OLD",) and "A-WALL-OLD" not in {name for name, _g in kept.underlay}
    assert any(tx.text == HALL_NAME for tx in kept.texts) and kept.source_name == "一层平面.dxf" and kept.sha256


def test_pdf_after_reopen_has_drawing_texts_on_chosen_paper(imported: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    code = main(["check", str(imported), "--pdf", str(pdf), "--paper", "a3", "--scale", "1:200"])
    assert code in (0, 1)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    page = reader.pages[1]
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    assert sorted((round(w / MM), round(h / MM))) == [297, 420]  # A3
    text = norm(page.extract_text())
    assert "1:200" in text
    assert norm(HALL_NAME) in text and "会议室" in text  # room names of the drawing, now in the PDF
    assert "12" in text  # axis numbers


def test_bad_scale_and_unknown_room_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = university_floor(tmp_path / "f.dxf")
    with pytest.raises(SystemExit) as e:
        main(["check", str(src), "--scale", "1:x"])
    assert e.value.code == 2
    assert main(["import", str(src), "-o", str(tmp_path / "p.hallplan"), "--hall-room", "不存在"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "hallplan: 图中没有名为“不存在”的房间,也没有文字“不存在”"
    assert not (tmp_path / "p.hallplan").exists()


def test_county_sample_is_not_on_a1() -> None:
    from planner.report.plansheet import sheet_for
    from standards.engine import check

    import assets

    for name in ("county-compliant", "county-violations"):
        sheet = sheet_for(check(load_plan(assets.path("samples", f"{name}.hallplan"))), None)
        assert sheet.page in ("A3", "A2") and sheet.scale <= 300


def test_hall_room_named_in_a_title_block_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A room's name usually stands in the title block and the notes as well: the room that closes is taken."""
    import ezdxf

    src = university_floor(tmp_path / "f.dxf", hidden_old_wall=True)
    doc = ezdxf.readfile(src)
    msp = doc.modelspace()
    label = next(e for e in msp.query("TEXT") if e.dxf.text == HALL_NAME)
    attribs = label.dxfattribs()
    msp.delete_entity(label)
    # the name first stands far outside the building (a title block), where no walls enclose it …
    msp.add_text(HALL_NAME, dxfattribs={"layer": "PUB_TEXT", "height": 500, "insert": (-200000, -200000)})
    msp.add_text(HALL_NAME, dxfattribs=attribs)  # … and then in the room itself
    doc.saveas(src)
    from planner.loading import load_any
    from geometry.room_pick import find_labels

    res = load_any(src).imported
    assert res is not None and find_labels(res.underlay_texts, HALL_NAME)[0] == (-200.0, -200.0)
    assert main(["import", str(src), "-o", str(tmp_path / "p.hallplan"), "--hall-room", HALL_NAME]) == 0
    plan = load_plan(tmp_path / "p.hallplan")
    assert plan.hall is not None and abs(plan.hall.area - HALL_AREA) < 0.5


def test_check_hall_room_summary_names_the_chosen_hall(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A drawing whose hall is found only by ``--hall-room`` (walls around the label): the import summary
    says how it was found, in the JSON too, and does not also say that no hall was recognised."""
    src = university_floor(tmp_path / "一层平面.dxf", hidden_old_wall=True)
    out = tmp_path / "r.json"
    assert main(["check", str(src), "--hall-room", HALL_NAME, "--json", str(out)]) in (0, 1)
    text = capsys.readouterr().out
    assert "未识别到服务大厅" not in text
    line = next(ln for ln in text.splitlines() if ln.startswith("服务大厅:(--hall-room)"))
    assert HALL_NAME in line
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["measures"]["hall_area_m2"] == pytest.approx(HALL_AREA, abs=0.01)
    assert "--hall-room" in json.dumps(data["import"], ensure_ascii=False)
