"""A reportlab backend for :func:`planner.render.render_plan`, and the choice of page size and scale.

The backend maps plan metres to page points at a fixed scale; every call becomes PDF vector
operators (paths, text in the embedded font).  Styles are set only when they change, so a hall
with thousands of objects stays a compact page.

>>> [(s.page, s.scale) for s in map(choose_sheet, [(0, 0, 8, 7), (0, 0, 20, 16), (0, 0, 64, 33), (0, 0, 64, 165)])]
[('A4', 50), ('A3', 100), ('A3', 250), ('A1', 250)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A0, A1, A2, A3, A4
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import FILL_NON_ZERO, PATH_OPS, Canvas

from planner.render import Coords, Style, draw_geometry
from planner.report.pdfnumbers import UNIT_CM, UNITS_PER_PT, lines_bytes
from planner.report.shapecode import shape_codes, simple

MM = 72.0 / 25.4
PAGES: tuple[tuple[str, tuple[float, float]], ...] = (("A4", A4), ("A3", A3), ("A2", A2), ("A1", A1), ("A0", A0))
SCALES = (50, 100, 150, 200, 250, 300, 500, 1000, 2000, 5000, 10000)  # GB/T 50001 plan scales
READABLE = {"A4": 100}  # the coarsest scale worth each sheet (default 1:300); beyond it a bigger sheet is tried
READABLE_DEFAULT = 300  # a county hall (about 70 m with its parking) fits A3 at 1:250 instead of landing on A1
MAX_PAGE = "A1"  # the largest sheet; A0 only when A1 holds the drawing at no standard scale
MARGIN = 10 * MM
LEGEND_W = 62 * MM
STRIP_H = 20 * MM
SAFETY_KINDS = frozenset({"extinguisher", "exit_sign", "emergency_light", "alarm", "warning_sign"})  # drawn as squares
PAD = 0.04  # share of the plan extent left free around it for callouts


@dataclass(frozen=True)
class Sheet:
    page: str
    size: tuple[float, float]  # points, as printed (landscape or portrait)
    scale: int  # 1:scale
    box: tuple[float, float, float, float]  # drawing area x, y, w, h in points
    bounds: tuple[float, float, float, float]  # plan extent shown, metres
    detail: bool = False  # a detail sheet of the hall (the overview sheet shows the whole drawing)

    @property
    def k(self) -> float:
        """Points per metre."""
        return 1000.0 * MM / self.scale

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        bx, by, bw, bh = self.box
        x0, y0, x1, y1 = self.bounds
        k = self.k
        # centre the plan in the drawing area
        ox = bx + (bw - (x1 - x0) * k) / 2
        oy = by + (bh - (y1 - y0) * k) / 2
        return ox + (x - x0) * k, oy + (y - y0) * k

    def path_code(self, coords: Coords) -> str:
        """PDF path operators for the open polyline ``coords`` (``n x y m x y l …``), the same bytes as
        reportlab's path object builds point by point, formatted in one call."""
        bx, by, bw, bh = self.box
        x0, y0, x1, y1 = self.bounds
        k = self.k
        ox = bx + (bw - (x1 - x0) * k) / 2
        oy = by + (bh - (y1 - y0) * k) / 2
        nums = fp_str([v for x, y in coords for v in (ox + (x - x0) * k, oy + (y - y0) * k)]).split(" ")
        ops = ["m"] + ["l"] * (len(nums) // 2 - 1)
        return "n " + " ".join(f"{nums[2 * i]} {nums[2 * i + 1]} {op}" for i, op in enumerate(ops))


    def lines_code(self, lines: Sequence[Any]) -> str:
        """PDF path operators for many open polylines (shapely LineStrings or MultiLineStrings) as
        subpaths of a few stroked paths (``x y m x y l … S``), each path at most ``BATCH`` lines, in
        hundredths of a point (:mod:`planner.report.pdfnumbers`): to be drawn under ``UNIT_CM``.
        Every coordinate is transformed and formatted by numpy in one pass; parts with fewer than two
        points or with a coordinate that is not finite draw nothing."""
        import numpy as np
        import shapely

        parts = shapely.get_parts(np.asarray(lines, dtype=object))
        if parts.size == 0:
            return ""
        coords, idx = shapely.get_coordinates(parts, return_index=True)
        return self.lines_code_of(coords, idx)

    def lines_code_of(self, coords: Any, idx: Any) -> str:
        """:meth:`lines_code` of polylines given as their vertices (metres, an (n, 2) array) and the
        number of the polyline each vertex belongs to (ascending)."""
        import numpy as np

        if len(idx) == 0:
            return ""
        counts = np.bincount(idx)
        keep = counts >= 2
        if not np.isfinite(coords).all():  # (a whole-array test first: the row test over axis 1 is slow)
            keep[idx[~np.isfinite(coords).all(axis=1)]] = False
        if not keep.all():
            sel = keep[idx]
            coords, idx = coords[sel], idx[sel]
        if coords.size == 0:
            return ""
        bx, by, bw, bh = self.box
        x0, y0, x1, y1 = self.bounds
        k = self.k
        ox = bx + (bw - (x1 - x0) * k) / 2
        oy = by + (bh - (y1 - y0) * k) / 2
        xy = np.empty(coords.shape, dtype=np.int64)  # kept to PDF's integer range (±2³¹, kilometres off the sheet)
        t = np.empty(len(coords))
        for c, (o, lo) in enumerate(((ox, x0), (oy, y0))):  # rint(clip((o + (v - lo) * k) * 100)), in one buffer
            np.subtract(coords[:, c], lo, out=t)
            t *= k
            t += o
            t *= UNITS_PER_PT
            np.rint(t, out=t)
            np.clip(t, -PDF_INT, PDF_INT, out=t)
            xy[:, c] = t
        first = np.ones(idx.size, dtype=bool)
        first[1:] = idx[1:] != idx[:-1]
        return lines_bytes(xy, first, BATCH).decode("ascii")


PDF_INT = 2**31 - 1  # the largest integer every PDF reader takes
BATCH = 2000  # lines per PDF path: viewers draw a long path no slower, and the page stays small


class _PathCode:
    """A ready-made path for :meth:`Canvas.drawPath` (it only asks a path for ``getCode()``)."""

    def __init__(self, code: str) -> None:
        self.code = code

    def getCode(self) -> str:  # noqa: N802  (reportlab's name)
        return self.code


def ui_factor(size: tuple[float, float]) -> float:
    """How much larger legend, title strip and their text are on a sheet bigger than A3 (√ of the size)."""
    return max(1.0, float((max(size) / max(A3)) ** 0.5))


def _box_for(size: tuple[float, float]) -> tuple[float, float, float, float]:
    w, h = size
    u = ui_factor(size)
    return (MARGIN, MARGIN + STRIP_H * u, w - 2 * MARGIN - (LEGEND_W + 4 * MM) * u, h - 2 * MARGIN - STRIP_H * u)


def _finest_scale(extent: tuple[float, float], box: tuple[float, float, float, float]) -> int | None:
    for s in SCALES:
        k = 1000.0 * MM / s
        if extent[0] * k <= box[2] and extent[1] * k <= box[3]:
            return s
    return None


def _nice_above(x: float) -> int:
    """The smallest 1, 2, 2.5 or 5 × 10^k not below ``x``: 61,251 → 100,000; 12,300 → 20,000."""
    k = 10 ** max(len(str(int(x))) - 1, 0)
    return next(int(m * k) for m in (1, 2, 2.5, 5, 10) if m * k >= x)


def page_names() -> list[str]:
    return [name for name, _size in PAGES]


def parse_scale(text: str) -> int:
    """``1:100``, ``1/100`` or ``100`` → 100; ValueError for anything else.

    >>> parse_scale("1:100"), parse_scale(" 1/250 "), parse_scale("500")
    (100, 250, 500)
    """
    t = text.strip().replace("：", ":").replace("/", ":")
    n = t.split(":", 1)[1] if ":" in t else t
    if ":" in t and t.split(":", 1)[0].strip() != "1":
        raise ValueError(text)
    v = int(n.strip())
    if not 1 <= v <= 100_000:
        raise ValueError(text)
    return v


def forced_sheet(bounds: tuple[float, float, float, float], paper: str | None, scale: int | None) -> Sheet:
    """The sheet the user asked for: ``paper`` (A4…A0) and/or ``scale`` (1:scale).  Without a
    paper, the smallest sheet holding the plan at that scale (A0 if none); without a scale, the
    finest standard scale on that paper.  What does not fit is cut off at the sheet's edge,
    around the plan's centre.

    >>> s = forced_sheet((0, 0, 64, 54), "A3", None); (s.page, s.scale)
    ('A3', 250)
    >>> s = forced_sheet((0, 0, 64, 54), None, 100); (s.page, s.scale)
    ('A0', 100)
    >>> s = forced_sheet((0, 0, 64, 54), "A3", 100); (s.page, s.scale, s.size[0] > s.size[1])
    ('A3', 100, True)
    """
    x0, y0, x1, y1 = bounds
    dx, dy = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    padded = (x0 - dx * PAD, y0 - dy * PAD, x1 + dx * PAD, y1 + dy * PAD)
    extent = (padded[2] - padded[0], padded[3] - padded[1])
    pages = [(n, sz) for n, sz in PAGES if paper is None or n == paper.upper()]
    if not pages:
        raise ValueError(paper)
    if scale is None:
        best = None
        for name, (pw, ph) in pages:
            for size in ((ph, pw), (pw, ph)):
                sc = _finest_scale(extent, _box_for(size))
                if sc is not None and (best is None or sc < best[2]):
                    best = (name, size, sc)
        if best is None:  # nothing standard fits: the nice scale above what the landscape sheet needs
            name, (pw, ph) = pages[-1]
            size = (ph, pw)
            box = _box_for(size)
            need = max(extent[0] * 1000 * MM / box[2], extent[1] * 1000 * MM / box[3])
            best = (name, size, _nice_above(need))
        return Sheet(best[0], best[1], best[2], _box_for(best[1]), padded)
    k = 1000.0 * MM / scale
    for name, (pw, ph) in pages:
        for size in ((ph, pw), (pw, ph)):
            box = _box_for(size)
            if extent[0] * k <= box[2] and extent[1] * k <= box[3]:
                return Sheet(name, size, scale, box, padded)
    name, (pw, ph) = pages[-1]
    size = (ph, pw) if extent[0] >= extent[1] else (pw, ph)
    return Sheet(name, size, scale, _box_for(size), padded)


def choose_sheet(bounds: tuple[float, float, float, float], paper: str | None = None, scale: int | None = None) -> Sheet:
    """The smallest sheet (A4 at 1:100 or finer, A3…A1 at 1:300 or finer, landscape or portrait); else
    the sheet giving the finest scale up to A1 (A0 only when A1 would need coarser than 1:10000).  A
    hall that comes out small gets a detail sheet of its own (:func:`planner.report.plansheet.detail_sheet`).
    ``paper`` / ``scale`` force a sheet (:func:`forced_sheet`)."""
    if paper is not None or scale is not None:
        return forced_sheet(bounds, paper, scale)
    x0, y0, x1, y1 = bounds
    dx, dy = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    padded = (x0 - dx * PAD, y0 - dy * PAD, x1 + dx * PAD, y1 + dy * PAD)
    extent = (padded[2] - padded[0], padded[3] - padded[1])
    options: list[tuple[str, tuple[float, float], int]] = []
    for name, (pw, ph) in PAGES:
        best: tuple[int, tuple[float, float]] | None = None
        for size in ((ph, pw), (pw, ph)):  # landscape first
            s = _finest_scale(extent, _box_for(size))
            if s is not None and (best is None or s < best[0]):
                best = (s, size)
        if best is not None:
            options.append((name, best[1], best[0]))
    if not options:
        name, (pw, ph) = PAGES[-1]
        size = (ph, pw)
        box = _box_for(size)
        need = max(extent[0] * 1000 * MM / box[2], extent[1] * 1000 * MM / box[3])
        scale = _nice_above(need)
        return Sheet(name, size, scale, box, padded)
    names = [p for p, _ in PAGES]
    limit = names.index(MAX_PAGE)
    for name, size, s in options:
        if s <= READABLE.get(name, READABLE_DEFAULT) and names.index(name) <= limit:
            return Sheet(name, size, s, _box_for(size), padded)
    upto = [o for o in options if names.index(o[0]) <= limit]
    name, size, s = min(upto, key=lambda o: (o[2], names.index(o[0]))) if upto else min(options, key=lambda o: o[2])
    return Sheet(name, size, s, _box_for(size), padded)


class PdfBackend:
    """Implements :class:`planner.render.Backend` on a reportlab canvas at a sheet's scale."""

    def __init__(self, canv: Canvas, sheet: Sheet, font: str, widths: Mapping[str, float] | None = None,
                 safe: Callable[[str], str] = str) -> None:
        self.c = canv
        self.safe = safe
        self.sheet = sheet
        self.font = font
        self.widths = widths or {}
        self._state: tuple[object, ...] | None = None

    def canvas_changed(self) -> None:
        """Someone else drew on the canvas (the drawing's texts): set the colours again next time."""
        self._state = None

    def _style(self, st: Style, fill: bool) -> None:
        key = (st.stroke, st.fill if fill else None, st.width, st.alpha, st.dash)
        if key == self._state:
            return
        self._state = key
        c = self.c
        if st.stroke:
            c.setStrokeColor(HexColor(st.stroke))
        if fill and st.fill:
            c.setFillColor(HexColor(st.fill))
        c.setLineWidth(st.width)
        c.setFillAlpha(st.alpha)
        c.setStrokeAlpha(1.0)
        c.setDash(list(st.dash) if st.dash else [], 0)

    def _ring(self, p: object, coords: Coords) -> None:
        pts = [self.sheet.to_page(x, y) for x, y in coords]
        p.moveTo(*pts[0])  # type: ignore[attr-defined]
        for q in pts[1:]:
            p.lineTo(*q)  # type: ignore[attr-defined]
        p.close()  # type: ignore[attr-defined]

    def polygon(self, exterior: Coords, holes: Sequence[Coords], style: Style, obj_id: str | None) -> None:
        if len(exterior) < 3:
            return
        self._style(style, True)
        p = self.c.beginPath()
        self._ring(p, exterior)
        for h in holes:
            if len(h) >= 3:
                self._ring(p, h)
        self.c.drawPath(p, stroke=1 if style.stroke else 0, fill=1 if style.fill else 0, fillMode=1)

    def polyline(self, coords: Coords, style: Style, obj_id: str | None) -> None:
        if len(coords) < 2 or not style.stroke:
            return
        self._style(style, False)
        self.c.drawPath(_PathCode(self.sheet.path_code(coords)), stroke=1, fill=0)

    def geometries(self, geoms: Sequence[Any], style: Style, obj_ids: Sequence[str | None]) -> None:
        """A run of objects of one style (:class:`planner.render.BatchBackend`): what :meth:`polygon` and
        :meth:`polyline` would draw for each, in order, with their path code made in one pass
        (:mod:`planner.report.shapecode`); points and collections as :func:`planner.render.draw_geometry` draws them."""
        ok = simple(geoms)
        i, n = 0, len(geoms)
        while i < n:
            if not ok[i]:
                draw_geometry(self, geoms[i], style, obj_ids[i])
                i += 1
                continue
            j = i + 1
            while j < n and ok[j]:
                j += 1
            self._shapes(shape_codes(self.sheet, geoms[i:j]), style)
            i = j

    def _shapes(self, codes: Sequence[tuple[bool, str]], style: Style) -> None:
        code = self.c._code  # the page's operators, as reportlab's own path objects append to them
        poly_op = PATH_OPS[1 if style.stroke else 0, 1 if style.fill else 0, FILL_NON_ZERO]
        for is_poly, path in codes:
            if is_poly:
                self._style(style, True)
                code += (path, poly_op)
            elif style.stroke:
                self._style(style, False)
                code += (path, "S")

    def polylines(self, lines: Sequence[Any], style: Style, vertices: tuple[Any, Any] | None = None) -> None:
        """Many open polylines in one style (the drawing's linework) as a few long paths, drawn in
        hundredths of a point inside ``q … Q`` (the line width and dash scaled to match).  ``vertices``:
        the lines as :meth:`Sheet.lines_code_of` takes them, instead of ``lines``."""
        if not style.stroke:
            return
        code = self.sheet.lines_code(lines) if vertices is None else self.sheet.lines_code_of(*vertices)
        if not code:
            return
        self._style(style, False)
        dash = fp_str([d * UNITS_PER_PT for d in style.dash]) if style.dash else ""
        self.c.addLiteral(f"q\n{UNIT_CM}\n{fp_str(style.width * UNITS_PER_PT)} w\n[{dash}] 0 d\n{code}Q")

    def text(self, x: float, y: float, text: str, size_m: float, style: Style, obj_id: str | None) -> None:
        if not text:
            return
        text = self.safe(text)
        size = min(max(size_m * self.sheet.k, 4.0), 10.0)
        room = self.widths.get(obj_id or "", 0.0) * self.sheet.k * 0.92
        width1 = stringWidth(text, self.font, 1.0) or 1.0
        if room > 0 and width1 * size > room:
            size = max(room / width1, 3.0)
        px, py = self.sheet.to_page(x, y)
        self._state = None
        self.c.setFillAlpha(1.0)
        self.c.setFillColor(HexColor(style.fill or "#222222"))
        self.c.setFont(self.font, size)
        self.c.drawCentredString(px, py - size * 0.35, text)

    def marker(self, x: float, y: float, kind: str, size_m: float, style: Style, obj_id: str | None) -> None:
        self._style(style, True)
        r = max(size_m * self.sheet.k / 2, 1.2)
        px, py = self.sheet.to_page(x, y)
        if kind in SAFETY_KINDS:
            self.c.rect(px - r, py - r, 2 * r, 2 * r, stroke=1, fill=1)  # safety equipment: squares
        else:
            self.c.circle(px, py, r, stroke=1, fill=1)
