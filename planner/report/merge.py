"""Lay vector chart pages (matplotlib PDF output) onto reserved slots of a reportlab PDF.

reportlab cannot import PDF pages (that is the commercial PageCatcher) and rasterising the charts
would lose the vector.  Converting through SVG (svglib) loses the embedded fonts and text.  So the
report is written by reportlab with empty :class:`ChartSlot` boxes that remember where they landed,
and pypdf then merges each one-page chart PDF onto its page at that box: vector, searchable text,
fonts embedded by matplotlib.  pypdf is pure Python and keeps resource names apart when merging.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable


@dataclass
class Placed:
    page: int  # 1-based
    x: float
    y: float
    w: float
    h: float
    pdf: bytes


@dataclass
class SlotLog:
    placed: list[Placed] = field(default_factory=list)


class ChartSlot(Flowable):  # type: ignore[misc]
    """Reserves ``w`` × ``h`` points for a chart and records where it was drawn."""

    def __init__(self, pdf: bytes, w: float, h: float, log: SlotLog) -> None:
        super().__init__()
        self.pdf, self.width, self.height, self.log = pdf, w, h, log

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 (reportlab API)
        self.log.placed.append(Placed(canvas.getPageNumber(), x, y, self.width, self.height, self.pdf))

    def draw(self) -> None:  # pragma: no cover - drawOn does the work
        pass


def merge_charts(pdf: bytes, log: SlotLog) -> bytes:
    """``pdf`` with every logged chart laid on its page; ``pdf`` unchanged when there are none."""
    if not log.placed:
        return pdf
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for p in log.placed:
        chart = PdfReader(io.BytesIO(p.pdf)).pages[0]
        box = chart.mediabox
        cw, ch = float(box.width), float(box.height)
        s = min(p.w / cw, p.h / ch) if cw and ch else 1.0
        dx = p.x + (p.w - cw * s) / 2 - float(box.left) * s
        dy = p.y + (p.h - ch * s) / 2 - float(box.bottom) * s
        writer.pages[p.page - 1].merge_transformed_page(chart, Transformation().scale(s, s).translate(dx, dy))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
