"""planner.report.cjkwrap breaks a Chinese paragraph of several styles into the lines reportlab's
cjkFragSplit makes, attribute for attribute (issue 14: the compliance table's items were a tenth of the build)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cjkFragSplit

from planner import fonts
from planner.report.cjkwrap import cjk_frag_split, handles
from planner.report.styles import Para, escape, make_styles

ALPHABET = "服务大厅窗口面积等候区，。、）（：；！？—…ABCxyz019 -_/.,()%"
FONT = fonts.pdf_font(None, ALPHABET)
STYLES = make_styles(FONT.name, "zh", FONT.safe)


def _plain(x: Any) -> Any:
    """A line or fragment as comparable data: its attributes, its words' attributes."""
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if not hasattr(x, "__dict__"):
        return x
    return {k: _plain(v) if k in ("words", "lines") else v for k, v in vars(x).items()}


SEGMENT = st.tuples(st.sampled_from(["plain", "bold", "grey", "big", "br"]), st.text(ALPHABET, max_size=30))


def _markup(segments: list[tuple[str, str]]) -> str:
    out = []
    for kind, text in segments:
        t = escape(text)
        out.append({"plain": t, "bold": f"<b>{t}</b>", "grey": f"<font color='#777777'>{t}</font>",
                    "big": f"<font size='11'>{t}</font>", "br": f"{t}<br/>"}[kind])
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(SEGMENT, min_size=1, max_size=6), st.lists(st.floats(8.0, 240.0), min_size=1, max_size=3),
       st.booleans())
def test_the_lines_are_reportlabs(segments: list[tuple[str, str]], widths: list[float], bounds: bool) -> None:
    frags = Paragraph(_markup(segments), STYLES.cell).frags
    if not handles(frags):
        return
    assert _plain(cjk_frag_split(frags, widths, bounds)) == _plain(cjkFragSplit(frags, widths, bounds))


@settings(max_examples=100, deadline=None)
@given(st.lists(SEGMENT, min_size=2, max_size=5), st.floats(20.0, 200.0))
def test_a_table_cell_wraps_and_draws_as_reportlabs_paragraph(segments: list[tuple[str, str]], width: float) -> None:
    text = _markup(segments)
    ours, theirs = Para(text, STYLES.cell), Paragraph(text, STYLES.cell)
    assert ours.wrap(width, 1000) == theirs.wrap(width, 1000)
    assert _plain(ours.blPara) == _plain(theirs.blPara)


def test_a_finding_item_is_broken_here() -> None:
    p = Para("<b>服务台数量</b> <font color='#777777'>COUNTERS</font><br/>服务大厅窗口数量不足,需要至少十个窗口。", STYLES.cell)
    p.wrap(120, 1000)
    assert p.blPara.kind == 1 and len(p.blPara.lines) >= 3


TEMPLATES = ["<b>{0}</b> <font color='#777777'>{1}</font><br/>{2}",
             "<b>{0}</b> <font color='#777777'>{1}</font><br/>{2}<br/><font color='#777777'>缺少: {3}</font>"]
PART = st.one_of(st.text(ALPHABET, min_size=1, max_size=20), st.text("服务 a&<>\n²·\ue000\ue001", max_size=8))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TEMPLATES), st.lists(PART, min_size=4, max_size=4))
def test_a_filled_template_has_the_parsers_fragments(template: str, parts: list[str]) -> None:
    n = template.count("{")
    ours = STYLES.filled(template, parts[:n], STYLES.cell)
    theirs = Paragraph(FONT.safe(template.format(*(escape(t) for t in parts[:n]))), STYLES.cell)
    assert _plain(ours.frags) == _plain(theirs.frags)
    assert ours.getPlainText() == theirs.getPlainText()


def _safe_one_by_one(font: fonts.PdfFont, text: str) -> str:
    """PdfFont.safe as it was written, a character at a time."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch.isascii() or font._has(ch):
            out.append(ch)
            continue
        sub = fonts._CID_SUBST.get(ch, "?")
        out.append(sub if all(c.isascii() or font._has(c) for c in sub) else "?")
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET + "⌈⌀²³·“”§\u0301\U0001f600ÅéЖ", max_size=30), st.sampled_from([None, "cid"]))
def test_safe_prints_what_it_printed_a_character_at_a_time(text: str, mode: str | None) -> None:
    font = fonts.pdf_font(mode, "服务")
    assert font.safe(text) == _safe_one_by_one(font, text)
