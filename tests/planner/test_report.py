"""The approval PDF, read back with pypdf: names, clause numbers and measured values in its text."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from shapely.geometry import LineString, MultiLineString, Point, box

from geometry.i18n import HallPlanError
from geometry.model import Context, Counter, Entrance, Facility, Plan, Zone
from geometry.project import save_plan
from geometry.synthetic import sample_plan
from planner import fonts
from planner.render import render_plan
from planner.report import build_pdf, write_pdf
from planner.report.pdfbackend import choose_sheet
from planner.report.plansheet import assign_callouts, sheet_for
from standards.engine import check
from standards.finding import Status

REPO = Path(__file__).resolve().parents[2]


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(data: bytes) -> list[str]:
    return [norm(p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages]


def hand_plan(north: float | None = None) -> Plan:
    """A small county hall drawn by hand: one counter too deep, one too high, a waiting area."""
    p = Plan(context=Context(level="county", population=600_000, target_grade=2, centre_name="测试县政务服务中心",
                             building_area_m2=4000.0, north_deg=north),
             hall=box(0, 0, 50, 42))
    p = p.with_object(Counter(id="c-1", geometry=box(5, 30, 6.6, 31.2), height_m=0.8, color="#333333", service="税务"))
    p = p.with_object(Counter(id="c-2", geometry=box(20, 30, 21.6, 30.8), height_m=1.1, color="#333333", service="社保"))
    p = p.with_object(Zone(id="z-1", geometry=box(10, 5, 30, 20), kind="waiting", seats=80))
    p = p.with_object(Entrance(id="e-1", geometry=LineString([(23, 0), (27, 0)]), main=True, accessible=True))
    return p.with_object(Facility(id="f-1", geometry=Point(24, 3), kind="queue_machine"))


@pytest.fixture(scope="module")
def county_report():  # type: ignore[no-untyped-def]
    return check(sample_plan("county", compliant=False))


@pytest.fixture(scope="module")
def county_zh(county_report) -> bytes:  # type: ignore[no-untyped-def]
    return build_pdf(county_report, "zh", date="2026-11-27")


def test_chinese_pdf_has_name_clauses_and_measures(county_zh: bytes, county_report) -> None:  # type: ignore[no-untyped-def]
    pages = pdf_text(county_zh)
    everything = "".join(pages)
    assert "隆阳区人民政府政务服务中心" in pages[0]
    assert norm("2,112.0 m²") in pages[0]  # hall area on the cover
    for clause in ("二(一)2", "二(一)4", "二(一)3"):
        assert norm(clause) in everything, clause
    assert "审核人" in pages[0] and "盖章" in pages[0]
    assert "不符合" in everything and "待确认" in everything
    area = next(f for f in county_report.findings if f.rule == "AREA")
    assert norm(f"{area.measured:,.1f}") in everything
    assert "2026-11-27" in pages[0]


def test_table_lists_failures_first_with_full_messages(county_zh: bytes, county_report) -> None:  # type: ignore[no-untyped-def]
    pages = pdf_text(county_zh)
    table = "".join(pages[2:-2])
    fails = [f for f in county_report.sorted_findings() if f.status == Status.FAIL]
    unknowns = [f for f in county_report.sorted_findings() if f.status == Status.UNKNOWN]
    for f in fails:
        assert norm(f.message_zh) in table, f.message_zh
    assert table.index(norm(fails[0].message_zh)) < table.index(norm(unknowns[0].message_zh))


def test_english_pdf(county_report) -> None:  # type: ignore[no-untyped-def]
    pages = pdf_text(build_pdf(county_report, "en"))
    everything = "".join(pages)
    assert "Longyang" not in everything  # the name stays as given
    assert "隆阳区人民政府政务服务中心" in pages[0]
    assert norm("Service hall area") in everything and norm("to confirm") in everything
    assert norm("二(一)2") in everything and norm("Reviewer") in pages[0]
    assert norm("Hall area against the grade bands") in everything


CALLOUT = (Status.FAIL, Status.WARN, Status.UNKNOWN)


def test_plan_sheet_and_callouts(county_report) -> None:  # type: ignore[no-untyped-def]
    sheet = sheet_for(county_report, None)
    callouts = assign_callouts(county_report, sheet)
    located = [f for f in county_report.findings
               if f.status in (Status.FAIL, Status.WARN, Status.UNKNOWN) and f.location is not None]
    assert located and all(callouts.number_of(f) for f in located)
    # one number per finding, 1…N in report order; every located one sits in exactly one marker
    assert sorted(callouts.number_of(f) or 0 for f in county_report.findings if f.status in CALLOUT) == \
        list(range(1, sum(f.status in CALLOUT for f in county_report.findings) + 1))
    on_marks = sorted(n for m in callouts.marks for n in m.numbers)
    assert on_marks == sorted(callouts.number_of(f) or 0 for f in located)
    first = county_report.sorted_findings()[0]
    assert first.status == Status.FAIL and callouts.number_of(first) == 1  # ① is the worst
    bx, by, bw, bh = sheet.box
    for m in callouts.marks:
        assert bx <= m.anchor[0] <= bx + bw and by <= m.anchor[1] <= by + bh


def test_sheet_grows_with_the_hall() -> None:
    assert (choose_sheet((0, 0, 8, 7)).page, choose_sheet((0, 0, 8, 7)).scale) == ("A4", 50)
    big = choose_sheet((0, 0, 64, 165))
    assert big.page == "A1" and big.scale in (200, 250, 300)
    x0, y0, x1, y1 = big.bounds
    assert (x1 - x0) * big.k <= big.box[2] + 1e-6 and (y1 - y0) * big.k <= big.box[3] + 1e-6


def test_hand_plan_north_arrow_underlay_and_page_size() -> None:
    underlay = [("A-WALL", MultiLineString([[(-2, -2), (52, -2)], [(52, -2), (52, 44)]]))]
    report = check(hand_plan(north=30.0))
    data = build_pdf(report, "zh", underlay=underlay)
    reader = PdfReader(io.BytesIO(data))
    plan_page = reader.pages[1]
    text = norm(plan_page.extract_text())
    assert "北" in text and "1:" in text and "底图(DXF)" in text and "测试县政务服务中心" in text
    sheet = sheet_for(report, underlay)
    assert (round(float(plan_page.mediabox.width)), round(float(plan_page.mediabox.height))) == tuple(round(v) for v in sheet.size)
    no_north = norm(PdfReader(io.BytesIO(build_pdf(check(hand_plan()), "zh"))).pages[1].extract_text())
    assert "北" not in no_north


def test_charts_are_vector_with_text() -> None:
    data = build_pdf(check(sample_plan("county")), "zh")
    reader = PdfReader(io.BytesIO(data))
    charts = next(p for p in reader.pages if "服务大厅面积与等级标准" in norm(p.extract_text()))
    assert "本厅" in norm(charts.extract_text())  # chart labels are text, not pixels
    assert not list(charts.images)


def test_pdf_backend_implements_the_render_interface(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from planner.report.pdfbackend import PdfBackend

    plan = hand_plan()
    sheet = choose_sheet(plan.bounds())  # type: ignore[arg-type]
    c = Canvas(str(tmp_path / "x.pdf"), pagesize=sheet.size)
    render_plan(plan, PdfBackend(c, sheet, fonts.pdf_font("bundled", "等候区").name))
    c.save()
    assert (tmp_path / "x.pdf").stat().st_size > 1000


def test_cid_fallback_when_no_font_file() -> None:
    report = check(sample_plan("village", compliant=False))
    data = build_pdf(report, "zh", font_mode="cid")
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(f.get_object()["/BaseFont"]))
    assert "/STSong-Light" in names
    assert not any("HallPlan" in n or "Droid" in n for n in names)
    pages = [norm(p.extract_text()) for p in reader.pages]
    assert norm(report.context["centre_name"]) in pages[0]
    assert norm("二(三)2") in "".join(pages)


def test_bundled_font_is_a_truetype_cjk_face() -> None:
    ff = fonts.bundled_font()
    assert ff is not None and ff.path.stat().st_size < 5_000_000
    f = fonts.pdf_font("bundled", "隆阳区政务服务中心")
    assert f.source == "bundled" and f.covers("服务大厅面积 m² ≥")
    assert fonts.pdf_font("bundled", "\U00020000").source == "cid"  # outside the subset: CID fallback
    assert fonts.cid_font().safe("88 m² ⌀1.5") == "88 m2 φ1.5"
    assert fonts.matplotlib_family("bundled") == "HallPlan Sans SC" and fonts.matplotlib_family("cid") is None


def test_write_pdf_is_atomic_and_reports_failures(tmp_path: Path) -> None:
    report = check(hand_plan())
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    write_pdf(report, target, lang="en")
    assert target.read_bytes().startswith(b"%PDF")
    with pytest.raises(HallPlanError):
        write_pdf(report, tmp_path / "missing-dir" / "r.pdf")
    with pytest.raises(HallPlanError):
        write_pdf(report, tmp_path / "x.pdf", lang="fr")


def test_cli_check_pdf_with_fonts_forced_by_environment(tmp_path: Path) -> None:
    plan = tmp_path / "t.hallplan"
    save_plan(sample_plan("township", compliant=False), plan)
    env = dict(os.environ, HALLPLAN_FONTS="cid")
    r = subprocess.run([sys.executable, "-m", "planner.commands.cli", "check", str(plan), "--pdf", str(tmp_path / "t.pdf"), "--lang", "en"],
                       capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert r.returncode == 1, r.stderr
    reader = PdfReader(str(tmp_path / "t.pdf"))
    assert "/STSong-Light" in {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert norm("二(二)2") in "".join(norm(p.extract_text()) for p in reader.pages)


def test_report_and_audit_are_headless() -> None:
    code = ("import sys, planner.report, planner.commands.audit, planner.commands.audit_context, planner.fonts, planner.report.overview, "
            "planner.report.heatmap; bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','PyQt5','PyQt6')];"
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def test_chart_font_cut_falls_back_glyph_by_glyph() -> None:
    import matplotlib
    from matplotlib.figure import Figure

    from planner.report.chartfont import FAMILY, chart_chars
    from planner.report.charts import _rc, _save, families

    fam = fonts.matplotlib_family("bundled")
    assert families(fam)[:2] == (FAMILY, fam)
    rare = next(c for c in "隆鑫淼" if c not in chart_chars())  # not among the charts' own words
    with matplotlib.rc_context(_rc(fam)):
        fig = Figure(figsize=(3, 1))
        fig.text(0.1, 0.5, f"本厅 {rare} 2,112 m²")
        pdf = _save(fig, fam)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert norm(f"本厅{rare}2,112m²") in norm(page.extract_text())
    embedded = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("HallPlanSansSC" in n for n in embedded), embedded  # the rare glyph came from the full face
    assert not any("LastResort" in n for n in embedded), embedded  # not from matplotlib's box glyphs


def test_a_failing_chart_hook_does_not_cost_the_pdf() -> None:
    from planner.report import charts

    def broken_chart(report, lang, family, size):  # type: ignore[no-untyped-def]
        raise RuntimeError("no data source")

    charts.CHART_HOOKS.append(broken_chart)
    try:
        data = build_pdf(check(hand_plan()), "en")
    finally:
        charts.CHART_HOOKS.remove(broken_chart)
    assert norm("broken_chart: RuntimeError: no data source") in "".join(pdf_text(data))


@pytest.mark.parametrize("module", ["planner.fonts", "planner.report", "planner.report.pdfbackend", "planner.commands.audit_context"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_markup_characters_in_names_are_printed_as_text() -> None:
    plan = hand_plan().with_context(centre_name="A&B <测试> 中心")
    pages = pdf_text(build_pdf(check(plan), "zh"))
    assert norm("A&B <测试> 中心") in pages[0]


def test_hall_detail_sheet_when_the_drawing_makes_the_hall_small() -> None:
    from planner.report.plansheet import callouts_on, detail_sheet

    site = [("SITE", MultiLineString([[(-200, -150), (250, -150), (250, 190), (-200, 190), (-200, -150)]]))]
    report = check(hand_plan())
    overview = sheet_for(report, site)
    detail = detail_sheet(report, overview)
    assert detail is not None and detail.detail and detail.scale <= 200 < overview.scale
    base = assign_callouts(report, overview)
    moved = callouts_on(base, detail)
    assert [m.numbers for m in moved.marks] == [m.numbers for m in base.marks]  # same numbers as the table
    reader = PdfReader(io.BytesIO(build_pdf(report, "zh", underlay=site)))
    sizes = [tuple(round(float(v)) for v in p.mediabox[2:]) for p in reader.pages[1:3]]
    assert sizes == [tuple(round(v) for v in overview.size), tuple(round(v) for v in detail.size)]
    assert "服务大厅详图" in norm(reader.pages[2].extract_text())
    assert detail_sheet(check(hand_plan()), sheet_for(check(hand_plan()), None)) is None  # hall fills the sheet
