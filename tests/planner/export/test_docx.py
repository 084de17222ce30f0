"""The 审查意见书 draft, read back with python-docx; its plan picture with Pillow."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from PIL import Image

import assets
from planner.export import write_docx
from planner.export.docx import build_docx
from planner.export.planpng import plan_png
from planner.loading import load_any
from standards.engine import Report, check
from standards.finding import Status
from tests.planner.test_cli import hallplan


@pytest.fixture(scope="module")
def county() -> Report:
    plan = load_any(str(assets.path("samples", "county-violations.hallplan"))).plan
    return check(plan)


def _text(d: docx.document.Document) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_draft_holds_centre_measures_failures_checklist_signature_and_the_plan(county: Report, tmp_path: Path) -> None:
    out = tmp_path / "意见 书" / "county.docx"
    write_docx(county, out, date="2026-11-29")
    d = docx.Document(str(out))
    text = _text(d)
    assert "政务服务大厅平面设计审查意见书" in text
    assert county.context["centre_name"] in text
    for heading in ("一、基本情况", "二、审查结果", "三、不符合项(须整改)", "五、待确认事项", "六、平面图", "七、核查清单", "八、审查意见"):
        assert heading in [p.text for p in d.paragraphs], heading
    assert "2,112.0 m²" in text and "二级" in text  # hall area, achieved grade
    fails = [f for f in county.findings if f.status == Status.FAIL]
    area = next(f for f in fails if f.rule == "AREA")
    assert any(p.text.startswith("1. [二(一)2] 服务大厅面积") and area.message_zh in p.text for p in d.paragraphs)
    assert sum(1 for p in d.paragraphs if p.text[:1].isdigit() and "[" in p.text) >= len(fails)
    assert "主要路口设置交通指示牌" in text and "审查人(签字)" in text and "审查单位(盖章)" in text
    # the checklist says what the PDF's checklist says (same rows, same states); the level's reviewer items
    from planner.report.checklist import checklist_rows

    table = next(t for t in d.tables if t.cell(0, 1).text == "事项" and t.cell(0, 2).text == "状态")
    got = [(r.cells[0].text, r.cells[1].text, r.cells[2].text) for r in table.rows[1:]]
    assert got == [(r.clause, r.zh, r.state_text("zh")) for r in checklist_rows(county)]
    assert all(item.zh in text for item in county.reviewer_items())
    # the plan sheet is a picture, on a landscape page of its own
    pics = d.inline_shapes
    assert len(pics) == 1
    blob = d.part.related_parts[pics[0]._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    img = Image.open(io.BytesIO(blob))
    assert img.format == "PNG" and img.width >= 2000
    assert any(s.page_width > s.page_height for s in d.sections)
    assert "entrance-" not in text and "height_m" not in text
    footer = d.sections[0].footer
    assert footer.paragraphs[0].text.startswith(county.context["centre_name"]) and 'instr="PAGE"' in footer._element.xml


def test_items_carry_the_callout_numbers_of_the_plan_figure(county: Report) -> None:
    """The figure's caption says its numbers are the approval PDF's: the warnings and items to confirm
    continue the numbering after the failures instead of starting again at 1."""
    data = build_docx(county, date="2026-11-29", plan_picture=False)
    heads = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text[:1].isdigit() and ". [" in p.text]
    numbered = {(f["callout"], f["clause"]) for f in county.to_json()["findings"] if f.get("callout") is not None}
    got = {(int(h.split(".", 1)[0]), h.split("[", 1)[1].split("]", 1)[0]) for h in heads}
    assert got and got <= numbered
    counts = county.counts()
    assert counts["warn"] and max(n for n, _c in got) > counts["fail"]  # a warning numbered after the failures
    assert [n for n, _c in sorted(got)][: counts["fail"]] == list(range(1, counts["fail"] + 1))


def test_plan_picture_is_the_plan_sheet_not_a_blank_page(county: Report) -> None:
    png, (w, h) = plan_png(county, width_px=800)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (w, h) and abs(w - 800) <= 1 and abs(h / w - 841 / 1189) < 0.01  # an A-series sheet, 800 px wide (PDFium rounds up)
    colours = img.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # lines, fills, callouts: not one flat colour
    red = sum(n for n, (r, g, b) in colours if r > 180 and g < 80 and b < 80)
    assert red > 20  # the red failure callouts and the entrances are drawn


def test_english_draft_and_cli(tmp_path: Path) -> None:
    out = tmp_path / "Program Files" / "review.docx"
    r = hallplan("check", str(assets.path("samples", "township-violations.hallplan")), "--docx", str(out), "--lang", "en")
    assert r.returncode == 1, r.stderr
    assert f"review opinion draft written to {out}" in r.stdout
    text = _text(docx.Document(str(out)))
    assert "Review opinion on the service hall plan" in text and "3. Failures (to correct)" in text
    assert "Reviewer (signature)" in text
