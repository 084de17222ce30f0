"""The approval PDF's plan sheet as a picture (for the Word draft).

The sheet is drawn exactly as in the PDF (``planner.report.plansheet``: underlay, objects, callouts,
legend, scale bar) onto a one-page PDF, which PDFium (pypdfium2, wheels for Windows, macOS and Linux,
no system tools) rasterises.
"""

from __future__ import annotations

import io
from typing import Any, Iterable

from planner import fonts
from planner.report.document import report_text
from planner.report.plansheet import assign_callouts, draw_plan_page, sheet_for
from standards.engine import Report


def plan_pdf(report: Report, lang: str = "zh", underlay: Iterable[tuple[str, Any]] | None = None,
             font_mode: str | None = None) -> tuple[bytes, tuple[float, float]]:
    """The plan sheet alone as a one-page PDF, and its page size in points."""
    from reportlab.pdfgen.canvas import Canvas

    under = list(underlay) if underlay else None
    font = fonts.pdf_font(font_mode, report_text(report, lang))
    sheet = sheet_for(report, under)
    callouts = assign_callouts(report, sheet)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=sheet.size, invariant=1)
    draw_plan_page(c, report, sheet, callouts, font.name, lang, under, font.safe)
    c.showPage()
    c.save()
    return buf.getvalue(), (float(sheet.size[0]), float(sheet.size[1]))


def plan_png(report: Report, lang: str = "zh", underlay: Iterable[tuple[str, Any]] | None = None,
             width_px: int = 2400, font_mode: str | None = None) -> tuple[bytes, tuple[int, int]]:
    """The plan sheet as a PNG ``width_px`` wide (any sheet size), and its size in pixels."""
    import pypdfium2 as pdfium

    data, (w_pt, _h_pt) = plan_pdf(report, lang, underlay, font_mode)
    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        image = page.render(scale=width_px / w_pt, draw_annots=False).to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue(), image.size


__all__ = ["plan_pdf", "plan_png"]
