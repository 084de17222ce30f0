"""The plan page: drawing (through ``draw_underlay`` and ``render_plan``), numbered finding callouts, legend, scale, north.

Every finding that is not a pass (fail, warning, to confirm) has one number, computed once by
:func:`standards.callouts.number_findings` for the plan sheet, the compliance table and the DXF.
Findings whose anchors fall within one marker's width on paper share that marker, which shows
all their numbers ("3–5"), so a dense hall stays readable.  Findings about the whole hall (area,
zones) share the marker at the hall's top-left corner.  Numbers follow the table's order: ① is the worst.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import shapely
from reportlab.lib.colors import HexColor, white
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from shapely.geometry import Point

from geometry.drawing_file import Underlay
from geometry.kinds import KINDS
from geometry.model import LEVEL_NAMES, Plan
from planner.render import STATUS_COLORS, STYLES, Style, render_plan, render_underlay
from planner.report.pdfbackend import (LEGEND_W, MARGIN, MM, SAFETY_KINDS, STRIP_H, PdfBackend, Sheet, choose_sheet,
                                      ui_factor)
from planner.report.text import w
from standards.callouts import CALLOUT_STATUSES, Callout, number_findings, number_labels
from standards.engine import Report
from standards.finding import STATUS_ORDER, STATUS_TEXT, Finding, Status

R = 5.5  # callout radius, points
OFFSET = (7.0, 7.0)  # callout centre from its anchor, points
LABEL_MAX = 9  # characters of numbers in one marker; the legend and the table list the rest


@dataclass
class Mark:
    """One marker on the plan: the callouts (numbered findings) whose anchors meet on paper."""

    anchor: tuple[float, float]  # page points
    status: Status
    callouts: list[Callout] = field(default_factory=list)
    at: tuple[float, float] = (0.0, 0.0)  # plan metres

    @property
    def numbers(self) -> list[int]:
        return [c.number for c in self.callouts]

    @property
    def findings(self) -> list[Finding]:
        return [c.finding for c in self.callouts]

    @property
    def label(self) -> str:
        """The numbers printed in the marker: "7", "3,4", "3–9" (the legend lists each)."""
        text = number_labels(self.numbers)
        if len(text) > LABEL_MAX:
            text = text[:LABEL_MAX - 1].rstrip(",–") + "…"
        return text


@dataclass
class Callouts:
    marks: list[Mark]
    numbered: list[Callout]  # every numbered finding (standards.callouts), with or without a marker
    numbers: dict[int, int] = field(default_factory=dict)  # id(finding) -> callout number

    def __post_init__(self) -> None:
        if not self.numbers:
            self.numbers = {id(c.finding): c.number for c in self.numbered}

    def number_of(self, f: Finding) -> int | None:
        return self.numbers.get(id(f))

    def marked_ids(self) -> set[int]:
        """id() of the findings that have a marker on this sheet."""
        return {id(c.finding) for m in self.marks for c in m.callouts}


def _vertices(underlay: Sequence[tuple[str, Any]], i: int) -> tuple[Any, Any] | None:
    """Layer ``i``'s lines as vertex arrays (:meth:`geometry.drawing_file.UnderlayLayer.lines`) when the
    underlay keeps them so; None: read ``underlay[i]``'s geometry."""
    return underlay.layers[i].lines() if isinstance(underlay, Underlay) else None


def _layer_bounds(underlay: Sequence[tuple[str, Any]]) -> list[tuple[float, float, float, float]]:
    """The bounds of each non-empty layer, as shapely gives them; a drawing's layers from their vertex arrays."""
    out = []
    for i in range(len(underlay)):
        raw = _vertices(underlay, i)
        if raw is not None and (len(raw[0]) == 0 or bool(np.isfinite(raw[0]).all())):
            if len(raw[0]):
                x, y = raw[0][:, 0], raw[0][:, 1]  # a column at a time: numpy's min over axis 0 of (n, 2) is 30× slower
                out.append((float(x.min()), float(y.min()), float(x.max()), float(y.max())))
            continue
        g = underlay[i][1]
        if not g.is_empty:
            out.append(g.bounds)
    return out


def plan_bounds(plan: Plan, underlay: Sequence[tuple[str, Any]] | None = None) -> tuple[float, float, float, float]:
    b = plan.bounds()
    xs: list[float] = [] if b is None else [b[0], b[2]]
    ys: list[float] = [] if b is None else [b[1], b[3]]
    if underlay:  # the whole drawing: the hall detail sheet shows the hall when this makes it small
        for x0, y0, x1, y1 in _layer_bounds(underlay):
            xs += [x0, x1]
            ys += [y0, y1]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 10.0, 10.0)


def _anchor(f: Finding, plan: Plan) -> Point | None:
    g = f.location
    if g is None or g.is_empty:
        return None
    hall = plan.hall
    if hall is not None and g.geom_type in ("Polygon", "MultiPolygon") and g.area >= 0.5 * hall.area:
        x0, y0, x1, y1 = hall.bounds
        corner = Point(x0 + 0.03 * (x1 - x0), y1 - 0.05 * (y1 - y0))
        return corner if hall.contains(corner) else hall.representative_point()
    if g.geom_type == "LineString":
        return g.interpolate(0.5, normalized=True)
    return g.representative_point()


def assign_callouts(report: Report, sheet: Sheet) -> Callouts:
    """Markers for the report's numbered findings (:func:`standards.callouts.number_findings`, the
    numbers the DXF and the compliance table carry); findings whose anchors meet share a marker."""
    marks: list[Mark] = []
    plan = report.plan
    numbered = number_findings(report.findings)
    for c in numbered:
        p = _anchor(c.finding, plan)
        if p is None:
            continue
        ax, ay = sheet.to_page(p.x, p.y)
        near = next((m for m in marks if math.hypot(m.anchor[0] - ax, m.anchor[1] - ay) < 2.2 * R), None)
        if near is None:
            near = Mark((ax, ay), c.finding.status, at=(p.x, p.y))
            marks.append(near)
        elif STATUS_ORDER[c.finding.status] < STATUS_ORDER[near.status]:
            near.status = c.finding.status
        near.callouts.append(c)
    return Callouts(marks, numbered)


def callouts_on(callouts: Callouts, sheet: Sheet) -> Callouts:
    """The same callouts (same numbers) placed on another sheet; those outside its drawing area dropped."""
    bx, by, bw, bh = sheet.box
    marks = []
    for m in callouts.marks:
        ax, ay = sheet.to_page(*m.at)
        if bx <= ax <= bx + bw and by <= ay <= by + bh:
            marks.append(Mark((ax, ay), m.status, m.callouts, m.at))
    return Callouts(marks, callouts.numbered, callouts.numbers)


def detail_sheet(report: Report, overview: Sheet) -> Sheet | None:
    """A sheet of the hall alone when the overview (whole drawing, building, parking) shows it at
    less than two thirds of the scale the hall would get by itself; else None."""
    hall = report.plan.hall
    if hall is None:
        return None
    x0, y0, x1, y1 = hall.bounds
    d = choose_sheet((x0, y0, x1, y1))
    if d.scale * 1.5 > overview.scale:
        return None
    return Sheet(d.page, d.size, d.scale, d.box, d.bounds, detail=True)


def _widths(plan: Plan) -> dict[str, float]:
    out = {}
    for o in plan.objects:
        if o.geometry.geom_type == "Polygon":
            x0, _y0, x1, _y1 = o.geometry.bounds
            out[o.id] = x1 - x0
    return out


def _draw_callouts(c: Canvas, callouts: Callouts, font: str) -> None:
    for m in callouts.marks:
        ax, ay = m.anchor
        text = m.label
        size = 6.0 if len(text) < 3 else 5.2
        half = max(R, stringWidth(text, font, size) / 2 + 2.0)  # a pill when the numbers need it
        cx, cy = ax + OFFSET[0] + (half - R), ay + OFFSET[1]
        col = HexColor(STATUS_COLORS[m.status.value])
        c.setFillAlpha(1.0)
        c.setStrokeColor(col)
        c.setFillColor(col)
        c.setDash([], 0)
        c.setLineWidth(0.6)
        c.line(ax, ay, cx - (half - R), cy)
        c.circle(ax, ay, 1.0, stroke=0, fill=1)
        c.setStrokeColor(white)
        if half > R:
            c.roundRect(cx - half, cy - R, 2 * half, 2 * R, R, stroke=1, fill=1)
        else:
            c.circle(cx, cy, R, stroke=1, fill=1)
        c.setFillColor(white)
        c.setFont(font, size)
        c.drawCentredString(cx, cy - size * 0.35, text)


def _scale_bar(c: Canvas, x: float, y: float, sheet: Sheet, font: str, u: float = 1.0) -> None:
    k = sheet.k / u  # drawn in a frame scaled by u: lengths stay true to the plan scale
    step = next(s for s in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if s * k * 4 >= 35 * MM)
    c.setLineWidth(0.5)
    c.setStrokeColor(HexColor("#000000"))
    for i in range(4):
        c.setFillColor(HexColor("#000000") if i % 2 == 0 else white)
        c.rect(x + i * step * k, y, step * k, 2.2 * MM, stroke=1, fill=1)
    c.setFillColor(HexColor("#000000"))
    c.setFont(font, 6.5)
    for i in range(5):
        label = f"{step * i:g}" + (" m" if i == 4 else "")
        c.drawCentredString(x + i * step * k, y - 3.2 * MM, label)


def _north_arrow(c: Canvas, cx: float, cy: float, deg: float, font: str, lang: str) -> None:
    c.saveState()
    c.translate(cx, cy)
    c.rotate(deg)  # north_deg: counter-clockwise from +y, like reportlab's rotation
    size = 5.5 * MM
    c.setLineWidth(0.6)
    c.setStrokeColor(HexColor("#000000"))
    c.setFillColor(HexColor("#000000"))
    p = c.beginPath()
    p.moveTo(0, size)
    p.lineTo(-size * 0.35, -size * 0.6)
    p.lineTo(0, -size * 0.3)
    p.close()
    c.drawPath(p, stroke=1, fill=1)
    p = c.beginPath()
    p.moveTo(0, size)
    p.lineTo(size * 0.35, -size * 0.6)
    p.lineTo(0, -size * 0.3)
    p.close()
    c.setFillColor(white)
    c.drawPath(p, stroke=1, fill=1)
    c.setFillColor(HexColor("#000000"))
    c.setFont(font, 8)
    c.drawCentredString(0, size + 2.0, w("north", lang))
    c.restoreState()


def _kind(code: str, swatch: str) -> tuple[str, str, str, str]:
    """A legend row named as the kind is (geometry.kinds)."""
    return code, KINDS[code].zh, KINDS[code].en, swatch


LEGEND: tuple[tuple[str, str, str, str], ...] = (
    _kind("hall", "poly"), _kind("zone", "poly"),
    ("zone:waiting", "等候区", "Waiting area", "poly"), ("zone:special_population", "特殊人群服务区", "Special population", "poly"),
    ("zone:self_service", "自助服务区", "Self-service", "poly"), ("zone:office", "办公区", "Back office", "poly"),
    _kind("counter", "poly"), ("counter:accessible", "无障碍服务台", "Accessible counter", "poly"),
    _kind("consult", "poly"), ("entrance:main", "主入口", "Main entrance", "line"),
    _kind("entrance", "line"), ("obstacle", "墙、柱、障碍物", "Wall, column, obstacle", "poly"),
    _kind("route", "line"), _kind("parking", "poly"),
    _kind("facility", "dot"), ("facility:safety", "消防与安全设施", "Fire and safety equipment", "square"),
    ("room", "房间(面积图层)", "Room (area layer)", "line"),
    ("underlay", "底图(DXF)", "Underlay (DXF)", "line"),
)


def _swatch(c: Canvas, x: float, y: float, st: Style, kind: str) -> None:
    c.setFillAlpha(1.0)
    c.setStrokeColor(HexColor(st.stroke or "#000000"))
    c.setLineWidth(min(st.width, 4.5))
    c.setDash(list(st.dash) if st.dash else [], 0)
    if kind == "poly":
        c.setFillColor(HexColor(st.fill or "#ffffff"))
        c.rect(x, y, 8 * MM, 3.5 * MM, stroke=1, fill=1 if st.fill else 0)
    elif kind == "line":
        c.line(x, y + 1.75 * MM, x + 8 * MM, y + 1.75 * MM)
    elif kind == "square":
        c.setFillColor(HexColor(st.fill or "#000000"))
        c.rect(x + 2.5 * MM, y + 0.25 * MM, 3 * MM, 3 * MM, stroke=1, fill=1)
    else:
        c.setFillColor(HexColor(st.fill or "#000000"))
        c.circle(x + 4 * MM, y + 1.75 * MM, 1.5 * MM, stroke=1, fill=1)
    c.setDash([], 0)


def legend_keys(plan: Plan, has_underlay: bool) -> set[str]:
    """The legend entries the drawing uses (style keys of :data:`planner.render.STYLES`)."""
    from planner.render import style_for

    used = {id(style_for(o)) for o in plan.objects}  # each object styled once, not once per style
    keys = {k for k, st in STYLES.items() if id(st) in used}
    keys |= {o.KIND for o in plan.objects if o.KIND in STYLES and o.KIND not in ("zone", "entrance")}  # their own rows only as drawn
    if any(getattr(o, "kind", None) in SAFETY_KINDS for o in plan.facilities):
        keys.add("facility:safety")
    if plan.hall is not None:
        keys.add("hall")
    if has_underlay:
        keys.add("underlay")
    return keys


def _legend(c: Canvas, x: float, top: float, bottom: float, callouts: Callouts, font: str, lang: str,
            present: set[str], specs: dict[str, Any], safe: Callable[[str], str] = str) -> None:
    i = 1 if lang == "en" else 0
    c.setFillColor(HexColor("#000000"))
    c.setFont(font, 10)
    c.drawString(x, top - 10, w("legend", lang))
    y = top - 24
    for key, zh, en, kind in LEGEND:
        if key not in present:
            continue
        _swatch(c, x, y, STYLES[key.split(":")[0] if key == "facility:safety" else key], kind)
        c.setFillColor(HexColor("#000000"))
        c.setFont(font, 7.5)
        c.drawString(x + 10 * MM, y + 0.8 * MM, (zh, en)[i])
        y -= 5.2 * MM
    y -= 3 * MM
    for st in CALLOUT_STATUSES:
        c.setFillColor(HexColor(STATUS_COLORS[st.value]))
        c.circle(x + 4 * MM, y + 1.75 * MM, R, stroke=0, fill=1)
        c.setFillColor(HexColor("#000000"))
        c.setFont(font, 7.5)
        c.drawString(x + 10 * MM, y + 0.8 * MM, STATUS_TEXT[st][i])
        y -= 5.2 * MM
    y -= 3 * MM
    c.setFont(font, 10)
    c.drawString(x, y, w("callouts", lang))
    y -= 5 * MM
    maxw = 60 * MM
    listed = sorted((cl for m in callouts.marks for cl in m.callouts), key=lambda cl: cl.number)
    if not listed:
        c.setFont(font, 7.5)
        c.drawString(x, y, "—")
    for n, cl in enumerate(listed):
        if y < bottom + 8 * MM:
            c.setFont(font, 7)
            c.drawString(x, y, f"… {len(listed) - n} " + w("see_table", lang))
            break
        f = cl.finding
        spec = specs.get(f.rule)
        title = (spec.title_en if lang == "en" else spec.title_zh) if spec else f.rule
        line = safe(f"{cl.number}  {f.clause} {title}")
        c.setFont(font, 7)
        while stringWidth(line, font, 7) > maxw and len(line) > 4:
            line = line[:-2] + "…"
        c.setFillColor(HexColor(STATUS_COLORS[f.status.value]))
        c.drawString(x, y, line)
        y -= 3.8 * MM


def _line_vertices(chunks: list[tuple[Any, Any]]) -> tuple[Any, Any] | None:
    """The polylines of several layers as one (vertices, polyline number) pair, numbered on."""
    if not chunks:
        return None
    offset = 0
    idxs = []
    for coords, idx in chunks:
        idxs.append(idx + offset)
        offset += int(idx[-1]) + 1 if len(idx) else 0
    return np.concatenate([c for c, _ in chunks]), np.concatenate(idxs)


def draw_underlay(backend: PdfBackend, underlay: Sequence[tuple[str, Any]]) -> None:
    """The drawing's linework, dimmed: its lines batched into a few long paths (a real floor has ten
    thousand), anything else (closed shapes, points) as :func:`planner.render.render_underlay` draws it.
    The layers of a :class:`geometry.drawing_file.Underlay` are read as their vertex arrays (no shapely
    lines are built); other layers' lines through shapely, in layer order all the same."""
    style = STYLES["underlay"]
    chunks: list[tuple[Any, Any]] = []
    rest: list[tuple[str, Any]] = []
    for i in range(len(underlay)):
        raw = _vertices(underlay, i)
        if raw is not None:
            chunks.append(raw)
            continue
        layer, g = underlay[i]
        if g is None or g.is_empty:
            continue
        if g.geom_type in ("LineString", "MultiLineString"):
            coords, idx = shapely.get_coordinates(shapely.get_parts(np.asarray([g], dtype=object)), return_index=True)
            chunks.append((coords, idx))
        else:
            rest.append((layer, g))
    vertices = _line_vertices(chunks)
    if vertices is not None:
        backend.polylines((), style, vertices)
    if rest:
        render_underlay(rest, backend)


def draw_plan_page(c: Canvas, report: Report, sheet: Sheet, callouts: Callouts, font: str, lang: str,
                   underlay: Sequence[tuple[str, Any]] | None, safe: Callable[[str], str] = str,
                   texts: Sequence[Any] = ()) -> None:
    """Draw the whole plan sheet on the current page (its size set by the caller).

    ``safe`` makes free text printable in the font (see :meth:`planner.fonts.PdfFont.safe`);
    ``texts``: the drawing's texts, printed dimmed between the drawing and the plan objects."""
    plan = report.plan
    bx, by, bw, bh = sheet.box
    pw, ph = sheet.size
    c.saveState()
    p = c.beginPath()
    p.rect(bx, by, bw, bh)
    c.clipPath(p, stroke=0, fill=0)
    backend = PdfBackend(c, sheet, font, _widths(plan), safe)
    if underlay:
        draw_underlay(backend, underlay)
    if texts:
        from planner.report.undertext import draw_underlay_texts

        draw_underlay_texts(c, sheet, texts, font, safe)
        backend.canvas_changed()  # the texts changed the fill colour
    render_plan(plan, backend, lang=lang)
    _draw_callouts(c, callouts, font)
    c.restoreState()
    c.setStrokeColor(HexColor("#000000"))
    c.setLineWidth(0.8)
    c.setDash([], 0)
    c.rect(MARGIN, MARGIN, pw - 2 * MARGIN, ph - 2 * MARGIN, stroke=1, fill=0)
    u = ui_factor(sheet.size)
    strip = STRIP_H * u
    lx = pw - MARGIN - LEGEND_W * u
    c.line(MARGIN, MARGIN + strip, pw - MARGIN, MARGIN + strip)
    c.line(lx - 2 * MM * u, MARGIN + strip, lx - 2 * MM * u, ph - MARGIN)
    c.saveState()  # legend and strip are drawn at A3 size, then scaled up on bigger sheets
    c.translate(lx, MARGIN + strip)
    c.scale(u, u)
    _legend(c, 1 * MM, (ph - MARGIN - 3 * MM - (MARGIN + strip)) / u, 0, callouts, font, lang,
            legend_keys(plan, bool(underlay)), report.specs, safe)
    c.restoreState()
    c.saveState()
    c.translate(MARGIN, MARGIN)
    c.scale(u, u)
    _strip(c, report, sheet, font, lang, (pw - 2 * MARGIN) / u, safe)
    c.restoreState()


def _strip(c: Canvas, report: Report, sheet: Sheet, font: str, lang: str, width: float,
           safe: Callable[[str], str] = str) -> None:
    """Title strip in local coordinates (origin bottom-left of the strip, A3 units)."""
    plan = report.plan
    ctx = report.context
    name = ctx.get("centre_name") or w("unnamed", lang)
    level = ctx.get("level")
    lvl = LEVEL_NAMES[level][1 if lang == "en" else 0] if level else ""
    c.setFillColor(HexColor("#000000"))
    c.setFont(font, 13)
    title = safe(f"{w('plan_detail' if sheet.detail else 'plan_title', lang)} — {name}")
    c.drawString(4 * MM, STRIP_H - 8 * MM, title)
    c.setFont(font, 8.5)
    c.drawString(4 * MM, 5 * MM, f"{lvl}    {w('scale', lang)} 1:{sheet.scale}    {sheet.page}")
    sx = max(4 * MM + stringWidth(title, font, 13) + 12 * MM, width * 0.45)
    _scale_bar(c, sx, 9 * MM, sheet, font, ui_factor(sheet.size))
    north = plan.context.north_deg
    if north is not None:
        _north_arrow(c, width - LEGEND_W - 12 * MM, STRIP_H / 2 - 2.5 * MM, north, font, lang)


def sheet_for(report: Report, underlay: Sequence[tuple[str, Any]] | None, paper: str | None = None,
              scale: int | None = None) -> Sheet:
    return choose_sheet(plan_bounds(report.plan, underlay), paper, scale)
