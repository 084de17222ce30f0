"""Lay vector chart pages (matplotlib PDF output) onto reserved slots of a reportlab PDF.

reportlab cannot import PDF pages (that is the commercial PageCatcher) and rasterising the charts
would lose the vector.  Converting through SVG (svglib) loses the embedded fonts and text.  So the
report is written by reportlab with empty :class:`ChartSlot` boxes that remember where they landed,
and pypdf then places each one-page chart PDF on its page at that box as a Form XObject: vector,
searchable text, fonts embedded by matplotlib.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, cast

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
    """``pdf`` with every logged chart laid on its page; ``pdf`` unchanged when there are none.

    Each chart page becomes a Form XObject (its content stream copied as bytes, its resources
    cloned) drawn with one ``cm … Do`` at its box: nothing is parsed or re-encoded, which is several
    times faster than pypdf's ``merge_transformed_page`` on chart pages of thousands of operators.
    """
    if not log.placed:
        return pdf
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                               StreamObject)

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for n, p in enumerate(log.placed):
        chart = PdfReader(io.BytesIO(p.pdf)).pages[0]
        box = [float(v) for v in chart.mediabox]
        cw, ch = box[2] - box[0], box[3] - box[1]
        s = min(p.w / cw, p.h / ch) if cw and ch else 1.0
        dx = p.x + (p.w - cw * s) / 2 - box[0] * s
        dy = p.y + (p.h - ch * s) / 2 - box[1] * s
        contents = chart.get_contents()
        form = DecodedStreamObject()
        form.set_data(contents.get_data() if contents is not None else b"")
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject([FloatObject(v) for v in box]),
                     NameObject("/Resources"): cast(Any, chart["/Resources"]).get_object().clone(writer)})
        ref = writer._add_object(form.flate_encode())
        page = writer.pages[p.page - 1]
        res = cast(Any, page["/Resources"]).get_object()
        xo = res.get("/XObject")
        if xo is None:
            xo = DictionaryObject()
            res[NameObject("/XObject")] = xo
        name = f"/HPChart{n}"
        xo.get_object()[NameObject(name)] = ref
        draw = DecodedStreamObject()
        draw.set_data(f"q {s:.6f} 0 0 {s:.6f} {dx:.4f} {dy:.4f} cm {name} Do Q".encode("ascii"))
        old = cast(Any, page["/Contents"])
        parts = list(old.get_object()) if isinstance(old.get_object(), ArrayObject) else [old]
        page[NameObject("/Contents")] = ArrayObject(parts + [writer._add_object(draw)])
        assert isinstance(form, StreamObject)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
