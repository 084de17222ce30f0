"""The drawing's texts (room names, axis numbers) on the plan sheet, dimmed under the plan objects.

Each text is printed at its true height at the sheet's scale, rotated and aligned as in the
drawing, an MTEXT's paragraphs on lines of their own, wrapped to its column width
(:mod:`geometry.textlines`); texts that would print under 1.2 pt (unreadable) are left out, and so are texts outside
the sheet.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from geometry.textlines import baselines, wrap_lines
from planner.report.pdfbackend import Sheet

TEXT_COLOUR = "#7d8590"
MIN_PT = 1.2


def underlay_texts(underlay: Any) -> list[Any]:
    """The texts that travel with an underlay (the DXF import's or the kept drawing's)."""
    return list(getattr(underlay, "texts", None) or ())


def draw_underlay_texts(c: Canvas, sheet: Sheet, texts: Sequence[Any] | Iterable[Any], font: str,
                        safe: Callable[[str], str] = str) -> int:
    """Print the texts; returns how many were printed."""
    bx, by, bw, bh = sheet.box
    n = 0
    c.saveState()
    c.setFillColor(HexColor(TEXT_COLOUR))
    c.setFillAlpha(1.0)
    for tx in texts:
        size = float(tx.height) * sheet.k
        if size < MIN_PT or not tx.text:
            continue
        px, py = sheet.to_page(float(tx.x), float(tx.y))
        if not (bx - bw * 0.2 <= px <= bx + bw * 1.2 and by - bh * 0.2 <= py <= by + bh * 1.2):
            continue
        raw = str(tx.text)
        h_al, v_al = int(getattr(tx, "halign", 0) or 0), int(getattr(tx, "valign", 0) or 0)
        dy = {0: 0.0, 1: 0.12 * size, 2: -0.4 * size, 3: -0.88 * size}.get(v_al, 0.0)
        column = float(getattr(tx, "width", 0.0) or 0.0) * sheet.k  # an MTEXT's column width, on the page
        xscale = float(getattr(tx, "xscale", 1.0) or 1.0)  # the text's width factor (TArch's 0.7)
        if "\n" in raw or column > 0:  # paragraphs, wrapped to the column: one line each, as CAD shows them
            lines = [safe(s) for s in wrap_lines(raw, column, lambda s: stringWidth(safe(s), font, size) * xscale)]
            ys = baselines(len(lines), size, v_al, dy)
        else:
            lines, ys = [safe(raw)], [dy]
        c.saveState()
        c.translate(px, py)
        if tx.rotation:
            c.rotate(float(tx.rotation))
        if xscale != 1.0:  # the text's width factor: narrower letters, as CAD draws them (TArch's 0.7)
            c.scale(xscale, 1.0)
        c.setFont(font, size)
        for text, y in zip(lines, ys):
            if text:
                width = stringWidth(text, font, size)
                c.drawString(-width * (0.0, 0.5, 1.0)[h_al if h_al in (0, 1, 2) else 0], y, text)
        c.restoreState()
        n += 1
    c.restoreState()
    return n
