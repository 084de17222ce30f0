"""Paragraph styles for one font and language, and small table helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from planner.report.cjkwrap import cjk_frag_split, handles


_PLAIN = re.compile(r"[^<>&\s]+(?: [^<>&\s]+)*")  # what the markup parser keeps as it is: words, single spaces
_MARKS = re.compile("[\ue000-\ue0ff]")  # the placeholders of Styles.filled (a text holding one is parsed as usual)


def escape(text: str) -> str:
    """``text`` as paragraph markup prints it: ``&``, ``<`` and ``>`` escaped (what
    ``xml.sax.saxutils.escape`` does, without the ~13 ms of ``urllib.request`` and ``email`` it imports).

    >>> escape("A&B <测试>")
    'A&amp;B &lt;测试&gt;'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Para(Paragraph):  # type: ignore[misc]
    """A :class:`Paragraph` that remembers its last wrap.  reportlab wraps a table cell again and again
    with the same width (the table measured, then each table it splits into over pages measured anew
    over the same cells, and the repeated header on every page); wrapping Chinese text is the costly
    part of the text pages, and its answer depends only on the text, the style and the width."""

    _memo: tuple[float, tuple[float, float], object] | None = None  # width, answer, the lines it made

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        memo = self._memo
        # the lines made then must still be the paragraph's (reportlab drops them when a split fails)
        if memo is not None and memo[0] == availWidth and self.__dict__.get("blPara") is memo[2]:
            self.width, self.height = memo[1]  # what wrap() leaves on the paragraph, as it would
            return memo[1]
        got: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._memo = (availWidth, got, self.__dict__.get("blPara")) if "blPara" in self.__dict__ else None
        return got

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802, N803 (reportlab's names)
        """reportlab's, with a paragraph of several styles broken by :func:`planner.report.cjkwrap.cjk_frag_split`
        (the same lines, without an object per character); every other case as reportlab does it."""
        frags = self.frags
        style = self.style
        if (len(frags) > 1 and not self.bulletText and not style.endDots and not getattr(self, "_splitpara", 0)
                and handles(frags)):
            if not isinstance(maxWidths, (list, tuple)):
                maxWidths = [maxWidths]  # noqa: N806
            self.height = 0
            auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
            return cjk_frag_split(frags, maxWidths, auto not in ("", "off"))
        return super().breakLinesCJK(maxWidths)


@dataclass(frozen=True)
class Styles:
    font: str
    lang: str
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_c: ParagraphStyle
    grey: ParagraphStyle
    safe: Callable[[str], str] = str
    _plain: dict[int, Any] = field(default_factory=dict, compare=False, repr=False)  # id(style) → parsed "x"
    _filled: dict[tuple[str, int], Any] = field(default_factory=dict, compare=False, repr=False)  # parsed templates

    def p(self, text: str, style: ParagraphStyle | None = None, markup: bool = False) -> Paragraph:
        """A paragraph of plain ``text`` (escaped) unless ``markup``; made printable in the font.

        Most cells of the tables are plain words ("待确认", "二(一)4", "—"): their markup is nothing but
        the text, so instead of running reportlab's markup parser on each, the fragment it made for
        ``"x"`` in that style is copied with the text in it — the fragment the parser makes for it."""
        style = style or self.body
        src = self.safe(text if markup else escape(text).replace("\n", "<br/>"))
        if _PLAIN.fullmatch(src) and getattr(style, "textTransform", None) is None:
            template = self._plain.get(id(style))
            if template is None:
                template = self._plain[id(style)] = (style, Paragraph("x", style).frags[0])
            return Para(src, style, frags=[template[1].clone(text=src)])
        return Para(src, style)


    def filled(self, template: str, parts: Sequence[str], style: ParagraphStyle | None = None) -> Paragraph:
        """``p(template.format(*map(escape, parts)), style, markup=True)``: a paragraph of markup with plain
        texts in it (a compliance-table item: bold title, grey rule code, message).

        When every part is plain words (as :meth:`p` takes them), the template is parsed once, with a
        placeholder character for each part, and its fragments are copied with the parts in place of the
        placeholders — the fragments the markup parser makes for the filled markup."""
        style = style or self.body
        texts = [self.safe(t) for t in parts]
        markup = self.safe(template.format(*(escape(t) for t in parts)))
        if (getattr(style, "textTransform", None) is not None or not all(_PLAIN.fullmatch(t) for t in texts)
                or any(_MARKS.search(t) for t in texts)):
            return Para(markup, style)
        marks = [chr(0xE000 + i) for i in range(len(parts))]  # private-use characters: plain words to the parser
        key = (template, id(style))
        got = self._filled.get(key)
        if got is None:
            got = self._filled[key] = (style, Paragraph(template.format(*marks), style).frags)
        frags = []
        for f in got[1]:
            text = f.text
            for mark, t in zip(marks, texts):
                if mark in text:
                    text = text.replace(mark, t)
            frags.append(f.clone(text=text))
        return Para(markup, style, frags=frags)


def make_styles(font: str, lang: str, safe: Callable[[str], str] = str) -> Styles:
    wrap = "CJK" if lang != "en" else None

    def st(name: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap=wrap, **kw)

    return Styles(
        font=font, lang=lang,
        h1=st("h1", 18, 24, spaceAfter=6, textColor=HexColor("#1f3a93")),
        h2=st("h2", 12.5, 17, spaceBefore=8, spaceAfter=5, textColor=HexColor("#1f3a93")),
        body=st("body", 9.5, 13.5),
        small=st("small", 8, 10.5, textColor=HexColor("#444444")),
        cell=st("cell", 7.8, 10),
        cell_c=st("cell_c", 7.8, 10, alignment=1),
        grey=st("grey", 7.5, 9.5, textColor=HexColor("#666666")),
        safe=safe,
    )


def tint(hex_colour: str, amount: float = 0.78) -> HexColor:
    """A pale version of a colour for table backgrounds."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    mix = [round(v + (255 - v) * amount) for v in (r, g, b)]
    return HexColor("#%02x%02x%02x" % tuple(mix))
