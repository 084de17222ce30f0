"""The faster PDF build (issue 14) against the slow path it replaces: the drawing's linework formatted by
numpy (same points within 0.005 pt), the streams' zlib level, the font probe's cache, the paragraph
that remembers its wrap (content streams byte for byte the same)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from shapely.geometry import LineString, MultiLineString

from geometry.synthetic import sample_plan
from planner import fontcache, fonts
from planner.report import build_pdf
from planner.report.flate import FlateCanvas
from planner.report.pdfbackend import BATCH, PdfBackend, choose_sheet
from planner.report.pdfnumbers import UNIT_CM, ascii_ints, lines_bytes
from planner.render import Style
from standards.engine import check

INT64 = st.integers(min_value=-(10**15), max_value=10**15)


@given(arrays(np.int64, st.integers(0, 60), elements=INT64))
def test_ascii_ints_print_what_str_prints(values: np.ndarray) -> None:
    chars, used = ascii_ints(values)
    assert [bytes(row[keep]).decode() for row, keep in zip(chars, used)] == [str(int(v)) for v in values]


@given(st.lists(st.lists(st.tuples(INT64, INT64), min_size=1, max_size=6), min_size=1, max_size=30), st.integers(1, 7))
def test_lines_bytes_are_the_polylines_in_paths_of_batch_lines(lines: list[list[tuple[int, int]]], batch: int) -> None:
    xy = np.array([p for line in lines for p in line], dtype=np.int64)
    first = np.array([i == 0 for line in lines for i in range(len(line))])
    text = lines_bytes(xy, first, batch).decode("ascii")
    paths = text.split("S\n")
    assert paths[-1] == "" and len(paths) - 1 == -(-len(lines) // batch)  # a stroke per batch, one at the end
    ops = text.replace("S\n", "").splitlines()
    assert ops == [f"{x} {y} {'m' if f else 'l'}" for (x, y), f in zip(xy.tolist(), first)]


def _old_numbers(sheet, lines) -> list[float]:  # type: ignore[no-untyped-def]
    """The coordinates as the slow path printed them (fp_str of each point on the page)."""
    out: list[float] = []
    for ln in lines:
        for g in getattr(ln, "geoms", [ln]):
            pts = [sheet.to_page(x, y) for x, y in g.coords]
            out += [float(v) for v in fp_str([c for p in pts for c in p]).split()]
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(st.floats(-500, 500), st.floats(-500, 500)), min_size=2, max_size=5),
                min_size=1, max_size=25))
def test_lines_code_draws_the_same_points_within_a_hundredth_of_a_point(raw: list[list[tuple[float, float]]]) -> None:
    lines = [LineString(r) for r in raw]
    batched = [MultiLineString(lines[:3])] + lines[3:]  # multi-part geometries are split into their lines
    sheet = choose_sheet((-500.0, -500.0, 500.0, 500.0))
    code = sheet.lines_code(batched)
    nums = [int(t) / 100 for t in code.split() if t not in ("m", "l", "S")]
    old = _old_numbers(sheet, batched)
    assert len(nums) == len(old)
    assert max(abs(a - b) for a, b in zip(nums, old)) <= 0.0051
    assert code.count(" m\n") == len(lines) and code.count("S\n") == -(-len(lines) // BATCH)


def test_lines_code_leaves_out_what_cannot_be_drawn() -> None:
    sheet = choose_sheet((0.0, 0.0, 10.0, 10.0))
    assert sheet.lines_code([]) == "" and sheet.lines_code([LineString()]) == ""
    code = sheet.lines_code([LineString([(0, 0), (float("inf"), 1)]), LineString([(1, 1), (2, 2)])])
    assert code.count(" m\n") == 1 and code.count(" l\n") == 1


def test_polylines_are_drawn_in_hundredths_with_width_and_dash_scaled() -> None:
    buf = io.BytesIO()
    c = Canvas(buf, pageCompression=0)
    sheet = choose_sheet((0.0, 0.0, 10.0, 10.0))
    be = PdfBackend(c, sheet, "Helvetica")
    be.polylines([LineString([(0, 0), (10, 10)])], Style(stroke="#102030", width=0.35, dash=(2.0, 1.5)))
    c.showPage()
    c.save()
    page = PdfReader(io.BytesIO(buf.getvalue())).pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    block = page[page.index("q\n" + UNIT_CM):]
    assert re.search(r"^35 w$", block, re.M) and re.search(r"^\[200 150\] 0 d$", block, re.M)
    assert block.index("S\nQ") > block.index(" l\n")


def test_flate_canvas_compresses_at_its_level_and_puts_reportlab_back() -> None:
    def pdf(canvas_class: type, **kw: int) -> bytes:
        buf = io.BytesIO()
        c = canvas_class(buf, **kw)
        for i in range(400):
            c.drawString(10, 10 + i, f"line {i} " * 8)
        c.showPage()
        c.save()
        return buf.getvalue()

    fast, slow, plain = pdf(FlateCanvas, flate_level=1), pdf(FlateCanvas, flate_level=9), pdf(Canvas)
    assert pdfdoc.PDFZCompress.__class__.__name__ == "PDFStreamFilterZCompress" and rl_config.useA85
    texts = [PdfReader(io.BytesIO(d)).pages[0].get_contents().get_data() for d in (fast, slow, plain)]  # type: ignore[union-attr]
    assert texts[0] == texts[1] == texts[2]
    assert len(fast) > len(slow)
    header = re.compile(rb"stream\r?\n(x.)")  # zlib's header names its level: 01 fastest, 9c default, da best
    assert set(header.findall(fast)) == {b"x\x01"} and b"ASCII85" in plain and b"ASCII85" not in fast


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(fontcache.ENV_DIR, str(tmp_path / "cache"))
    fontcache.forget()
    yield tmp_path / "cache"  # type: ignore[misc]
    fontcache.forget()


def test_font_probe_is_kept_and_asked_again_when_the_file_changes(cache_dir: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = fonts.bundled_font()
    assert bundled is not None
    font = tmp_path / "copy.ttf"
    font.write_bytes(bundled.path.read_bytes())
    first = fonts._probe(font, 0, "system")
    assert first is not None and first.family == bundled.family
    assert (cache_dir / fontcache.FILE).is_file()
    fontcache.forget()  # a new process: read from the file, the font is not opened

    def opened(*_a: object) -> None:
        raise AssertionError("the font was opened again")

    monkeypatch.setattr(fonts, "_probe_family", opened)
    assert fonts._probe(font, 0, "system") == first
    monkeypatch.undo()
    monkeypatch.setenv(fontcache.ENV_DIR, str(cache_dir))
    font.write_bytes(b"not a font any more")  # changed: probed again, and now refused
    os.utime(font, ns=(1, 1))
    assert fonts._probe(font, 0, "system") is None
    fontcache.forget()
    assert fonts._probe(font, 0, "system") is None  # the refusal is kept too


def test_font_cache_that_cannot_be_read_or_written_is_ignored(cache_dir: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = fonts.bundled_font()
    assert bundled is not None
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / fontcache.FILE).write_bytes(b"\xff\x00 not json")
    fontcache.forget()
    assert fonts._probe(bundled.path, 0, "bundled") == bundled
    blocked = tmp_path / "file-in-the-way"
    blocked.write_text("x")
    monkeypatch.setenv(fontcache.ENV_DIR, str(blocked / "cache"))  # its folder cannot be made
    fontcache.forget()
    assert fonts._probe(bundled.path, 0, "bundled") == bundled
    assert fontcache.get(fontcache.key_of(bundled.path, 0)) == {"family": bundled.family}  # kept in this process


@pytest.mark.parametrize(("lang", "mode"), [("zh", None), ("en", None), ("zh", "cid")])
def test_paragraph_shortcuts_leave_every_page_the_same(lang: str, mode: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wrap memo and the plain-text fragments against reportlab's own parse and wrap, byte for byte."""
    from planner.report import styles

    report = check(sample_plan("city", compliant=False))

    def pages() -> list[bytes]:
        data = build_pdf(report, lang, date="2026-11-29", font_mode=mode)
        return [p.get_contents().get_data() for p in PdfReader(io.BytesIO(data)).pages]  # type: ignore[union-attr]

    fast = pages()
    monkeypatch.setattr(styles.Para, "wrap", Paragraph.wrap)
    monkeypatch.setattr(styles, "_PLAIN", re.compile(r"(?!)"))  # every paragraph parsed
    assert pages() == fast and len(fast) >= 7


@settings(max_examples=80, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_plain_fragment_is_the_one_the_parser_makes(text: str) -> None:
    from planner.report.styles import _PLAIN, make_styles

    s = make_styles("Helvetica", "zh")
    fast = s.p(text, s.cell)
    parsed = Paragraph(s.safe(styles_escape(text)), s.cell)
    if _PLAIN.fullmatch(fast.text or ""):
        assert [f.__dict__ for f in fast.frags] == [f.__dict__ for f in parsed.frags]
        assert fast.text == parsed.text


def styles_escape(text: str) -> str:
    from planner.report.styles import escape

    return escape(text).replace("\n", "<br/>")


@pytest.mark.parametrize("module", ["planner.report.pdfnumbers", "planner.report.flate", "planner.fontcache",
                                    "planner.report.styles"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_coordinates_far_off_the_sheet_stay_pdf_integers() -> None:
    sheet = choose_sheet((0.0, 0.0, 10.0, 10.0))
    code = sheet.lines_code([LineString([(0, 0), (1e300, -1e300)]), LineString([(1, 1), (2, 2)])])
    nums = [int(t) for t in code.split() if t not in ("m", "l", "S")]
    assert len(nums) == 8 and max(abs(n) for n in nums) <= 2**31 - 1


def test_a_damaged_face_count_in_the_cache_is_not_believed(cache_dir: Path, tmp_path: Path) -> None:
    coll = tmp_path / "fake.ttc"
    coll.write_bytes(b"ttcf not really")
    fontcache.put(fontcache.key_of(coll, -1), 10**9)
    assert list(fonts._faces(coll)) == []  # counted again: an unreadable collection has no faces
