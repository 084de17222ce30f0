"""A drawing's texts as CAD shows them: an MTEXT's paragraphs and column width (read from the drawing,
scaled with a block's insert, kept in the saved drawing, printed one line each in the PDF and drawn
wrapped in the editor) and a TEXT's width factor (narrower letters); single-line texts as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ezdxf
import pytest
from pypdf import PdfReader

from geometry.dxf import import_dxf
from geometry.drawing_file import load_drawing, save_drawing
from geometry.textlines import wrap_lines

NOTE = "设计说明\\P1. 本工程为政务服务中心室内装修设计,服务大厅面积按标准配置,所有通道满足无障碍要求。\\P2. 图中尺寸以毫米计。"


def _drawing(path: Path) -> Path:
    """A hall in millimetres with a note (an MTEXT 6 m wide, 250 mm letters, top-left at (1000, 9000)),
    the same note in a block inserted at half scale, and a one-line TEXT."""
    doc = ezdxf.new("R2018")
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (30000, 0), (30000, 20000), (0, 20000)], close=True, dxfattribs={"layer": "HALL"})
    msp.add_mtext(NOTE, dxfattribs={"layer": "说明", "char_height": 250, "width": 6000, "insert": (1000, 9000),
                                     "attachment_point": 1})
    blk = doc.blocks.new("NOTE")
    blk.add_mtext(NOTE, dxfattribs={"layer": "说明", "char_height": 250, "width": 6000, "insert": (0, 0), "attachment_point": 1})
    msp.add_blockref("NOTE", (15000, 9000), dxfattribs={"xscale": 0.5, "yscale": 0.5, "layer": "说明"})
    msp.add_text("服务大厅", height=500, dxfattribs={"layer": "说明"}).set_placement((20000, 15000))
    doc.saveas(path)
    return path


@pytest.fixture(scope="module")
def drawing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _drawing(tmp_path_factory.mktemp("mtext") / "说明.dxf")


def test_the_column_width_is_read_and_scaled_with_the_insert(drawing: Path, tmp_path: Path) -> None:
    texts = import_dxf(drawing).underlay.texts
    notes = sorted((t for t in texts if t.text.startswith("设计说明")), key=lambda t: t.x)
    assert [round(t.width, 6) for t in notes] == [6.0, 3.0]  # metres; the block's half-scale insert halves it
    assert notes[0].text.count("\n") == 2 and notes[0].valign == 3
    (title,) = [t for t in texts if t.text == "服务大厅"]
    assert title.width == 0.0  # a TEXT has no column
    # kept in the drawing saved beside a project, and read back
    project = tmp_path / "p.hallplan"
    save_drawing(project, [], texts)
    back = load_drawing(project)
    assert back is not None and sorted(round(t.width, 6) for t in back.texts) == [0.0, 3.0, 6.0]


def test_the_pdf_prints_each_line_of_a_wrapped_note(drawing: Path, tmp_path: Path) -> None:
    from tests.planner.test_cli import hallplan

    pdf = tmp_path / "n.pdf"
    r = hallplan("check", str(drawing), "--pdf", str(pdf), "--level", "township")
    assert r.returncode in (0, 1), r.stderr
    page = next(p for p in PdfReader(str(pdf)).pages if "设计说明" in (p.extract_text() or ""))
    lines = [s.strip() for s in (page.extract_text() or "").splitlines()]
    # the heading and each paragraph on lines of their own; the long paragraph wrapped (6 m of 250 mm letters:
    # at most 24 characters a line), so no line holds the whole paragraph
    assert "设计说明" in lines
    para = "1. 本工程为政务服务中心室内装修设计,服务大厅面积按标准配置,所有通道满足无障碍要求。"
    assert para not in lines and any(s.startswith("1. 本工程") for s in lines)
    assert all(len(s) <= 30 for s in lines if "本工程" in s or "所有通道" in s)


def test_wrap_lines_keeps_every_character_and_fits_the_width() -> None:
    text = NOTE.replace("\\P", "\n")
    for width in (3.0, 7.5, 24.0, 1000.0):
        lines = wrap_lines(text, width, lambda s: float(len(s)))
        assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")
        assert all(len(s) <= width or " " not in s for s in lines)


def test_the_editor_draws_the_note_wrapped(qtbot: Any, window: Any, drawing: Path) -> None:
    w = window
    assert w.files.open_path(drawing, confirm=False, interactive=False)
    items = [c for parent in w.scene.backend.items["utext:说明"] for c in parent.childItems()]
    notes = sorted((i for i in items if i.text().startswith("设计说明")), key=lambda i: i.sceneBoundingRect().left())
    assert len(notes) == 2 and all(i.text().count("\n") > 2 for i in notes)  # paragraphs and wrapped lines
    for item, width in zip(notes, (6.0, 3.0)):
        box = item.sceneBoundingRect()
        assert box.width() <= width * 1.02  # within its column (metres)
    (title,) = [i for i in items if i.text() == "服务大厅"]
    assert "\n" not in title.text()


def test_a_text_keeps_its_width_factor_from_the_drawing_to_the_page(tmp_path: Path, qtbot: Any, window: Any) -> None:
    """TArch writes its texts with a width factor (0.7: letters narrower than high); drawn at 1.0 they ran
    into each other (the real floor's drawing list). Read by both readers, kept in the saved drawing,
    drawn narrower in the editor, and scaled on the PDF page."""
    from geometry.dxf.importer import import_dxf as imp

    doc = ezdxf.new("R2018")
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (30000, 0), (30000, 20000), (0, 20000)], close=True, dxfattribs={"layer": "HALL"})
    msp.add_text("轴立面图", height=500, dxfattribs={"layer": "说明", "width": 0.7}).set_placement((2000, 5000))
    msp.add_text("轴立面图", height=500, dxfattribs={"layer": "说明"}).set_placement((2000, 9000))
    path = tmp_path / "narrow.dxf"
    doc.saveas(path)
    for fast in (True, False):
        texts = sorted(imp(path, fast=fast).underlay.texts, key=lambda t: t.y)
        assert [t.xscale for t in texts] == [pytest.approx(0.7), 1.0]
    project = tmp_path / "p.hallplan"
    save_drawing(project, [], texts)
    back = load_drawing(project)
    assert back is not None and sorted(t.xscale for t in back.texts) == [pytest.approx(0.7), 1.0]
    # the editor: the narrow text is 0.7 of the other's width
    w = window
    assert w.files.open_path(path, confirm=False, interactive=False)
    items = sorted((c for p in w.scene.backend.items["utext:说明"] for c in p.childItems()), key=lambda i: i.sceneBoundingRect().top())
    widths = sorted(i.sceneBoundingRect().width() for i in items)
    assert widths[0] / widths[1] == pytest.approx(0.7, rel=1e-3)
    # the PDF: the narrow text is drawn under a 0.7 horizontal scale
    pdf = tmp_path / "n.pdf"
    from tests.planner.test_cli import hallplan

    r = hallplan("check", str(path), "--pdf", str(pdf))
    assert r.returncode in (0, 1), r.stderr
    pages = [p.get_contents() for p in PdfReader(str(pdf)).pages]
    data = b"".join(c.get_data() for c in pages if c is not None)
    import re

    assert re.search(rb"(?<![\d.])0?\.7 0 0 1 [-\d.]+ [-\d.]+ cm", data)  # the text's placement, 0.7 wide


def test_an_mtext_is_as_narrow_as_its_text_style_and_wraps_so(tmp_path: Path, qtbot: Any, window: Any) -> None:
    """An MTEXT carries no width factor of its own: CAD draws it with its text style's (TArch's styles
    say 0.7 or 0.71, the US apartments' 0.8).  Read by both readers (a style the drawing does not list
    reads 1); the editor wraps the note to its column with the narrower letters, so it needs fewer
    lines than the same note in a 1.0 style, and each stays within the column."""
    from geometry.dxf.importer import import_dxf as imp

    doc = ezdxf.new("R2018")
    doc.header["$INSUNITS"] = 4
    doc.styles.add("TARCH", font="simsun.ttf").dxf.width = 0.7
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (30000, 0), (30000, 20000), (0, 20000)], close=True, dxfattribs={"layer": "HALL"})
    common = {"layer": "说明", "char_height": 250, "width": 6000, "attachment_point": 1}
    msp.add_mtext(NOTE, dxfattribs={**common, "style": "TARCH", "insert": (1000, 9000)})
    msp.add_mtext(NOTE, dxfattribs={**common, "insert": (15000, 9000)})  # Standard: 1.0
    msp.add_mtext("另注", dxfattribs={**common, "style": "UNLISTED", "insert": (1000, 15000)})
    path = tmp_path / "narrow_note.dxf"
    doc.saveas(path)
    for fast in (True, False):
        texts = sorted(imp(path, fast=fast).underlay.texts, key=lambda t: (t.y, t.x))
        assert [(t.text[:4], round(t.xscale, 6)) for t in texts] == [("设计说明", 0.7), ("设计说明", 1.0), ("另注", 1.0)]
    w = window
    assert w.files.open_path(path, confirm=False, interactive=False)
    items = [c for p in w.scene.backend.items["utext:说明"] for c in p.childItems()]
    narrow, wide = sorted((i for i in items if i.text().startswith("设计说明")), key=lambda i: i.sceneBoundingRect().left())
    assert narrow.text().count("\n") < wide.text().count("\n")
    assert narrow.sceneBoundingRect().width() <= 6.0 * 1.02 and wide.sceneBoundingRect().width() <= 6.0 * 1.02
