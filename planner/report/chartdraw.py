"""The approval PDF's charts page drawn with reportlab's own graphics (``reportlab.graphics``).

The charts are a few bars, lines and labels: drawn as reportlab shapes they go onto the page as
vector graphics in the document's own font (so Chinese prints with the CID font as well), with no
matplotlib import, no chart PDF to save and no pypdf pass to lay it onto the page (together most
of the time of a report's charts).  The panels and their reading are those of
:mod:`planner.report.charts` (area against the grade bands, area by zone, parking ratio);
matplotlib stays for the raster heatmap and the plug-in charts (:data:`charts.CHART_HOOKS`).

>>> from shapely.geometry import box
>>> from geometry.model import Context, Plan
>>> from standards.engine import check
>>> d = report_drawing(check(Plan(context=Context(level="county", population=500000), hall=box(0, 0, 60, 50))),
...                    "en", "Helvetica", 480.0)
>>> round(d.width), round(d.height)
(480, 309)
"""

from __future__ import annotations

from typing import Callable

from reportlab.graphics.charts.axes import XValueAxis
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib.colors import Color, HexColor, white

from geometry.measure import zone_areas
from geometry.model import ZONE_KINDS
from planner.report.charts import AMBER, BLUE, GREEN, GREY, PANELS, RED, _panel_title
from standards.bands import percent_band
from standards.engine import Report

INCH = 72.0
TITLE = HexColor("#1f3a93")
INK = HexColor("#202020")
ZONE_FILL, ZONE_EDGE = HexColor("#9db4dc"), HexColor("#5a78b0")


class _Axes:
    """A panel's plotting box with its data limits: data → page coordinates."""

    def __init__(self, x: float, y: float, w: float, h: float, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
        self.x, self.y, self.w, self.h, self.xlim, self.ylim = x, y, w, h, xlim, ylim

    def px(self, v: float) -> float:
        a, b = self.xlim
        return self.x + (v - a) / (b - a) * self.w

    def py(self, v: float) -> float:
        a, b = self.ylim
        return self.y + (v - a) / (b - a) * self.h


class _Pen:
    """Draws into one group in one font, making every text printable in it (``safe``)."""

    def __init__(self, group: Group, font: str, safe: Callable[[str], str]) -> None:
        self.g, self.font, self.safe = group, font, safe

    def text(self, x: float, y: float, text: str, size: float = 8.0, anchor: str = "start",
             colour: Color = INK, valign: str = "baseline", boxed: bool = False) -> None:
        t = self.safe(text)
        if valign == "center":
            y -= size * 0.35
        elif valign == "top":
            y -= size * 0.8
        elif valign == "bottom":
            y += size * 0.22
        if boxed:  # a white label box, as over a line
            from reportlab.pdfbase.pdfmetrics import stringWidth

            wd = stringWidth(t, self.font, size)
            x0 = x - (wd / 2 if anchor == "middle" else wd if anchor == "end" else 0)
            self.g.add(Rect(x0 - 2, y - size * 0.28, wd + 4, size * 1.2, fillColor=white, strokeColor=None, fillOpacity=0.9))
        self.g.add(String(x, y, t, fontName=self.font, fontSize=size, fillColor=colour, textAnchor=anchor))

    def bar(self, ax: _Axes, x0: float, x1: float, yc: float, height: float, fill: str | Color,
            edge: str | Color = white) -> None:
        fc = HexColor(fill) if isinstance(fill, str) else fill
        ec = HexColor(edge) if isinstance(edge, str) else edge
        y0, y1 = ax.py(yc - height / 2), ax.py(yc + height / 2)
        self.g.add(Rect(ax.px(x0), y0, ax.px(x1) - ax.px(x0), y1 - y0, fillColor=fc, strokeColor=ec, strokeWidth=0.5))

    def vline(self, ax: _Axes, x: float, y0: float, y1: float, colour: Color, width: float, dashed: bool = False) -> None:
        self.g.add(Line(ax.px(x), ax.py(y0), ax.px(x), ax.py(y1), strokeColor=colour, strokeWidth=width,
                        strokeDashArray=[3.7, 1.6] if dashed else None))

    def x_axis(self, ax: _Axes, label: str | None, fmt: Callable[[float], str] | None = None) -> None:
        """The bottom axis with reportlab's ticks (nice steps), its numbers and its unit."""
        a = XValueAxis()
        a.setPosition(ax.x, ax.y, ax.w)
        a.valueMin, a.valueMax = ax.xlim
        a.visibleGrid = False
        a.strokeWidth = 0.8
        a.tickDown, a.tickUp = 3.5, 0
        a.labels.fontName, a.labels.fontSize = self.font, 8
        a.labels.dy = -2
        a.labelTextFormat = fmt if fmt is not None else (lambda v: f"{v:,.0f}")
        a.configure([ax.xlim])
        self.g.add(a)
        if label:
            self.text(ax.x + ax.w / 2, ax.y - 24, label, 8, "middle")


def _area(pen: _Pen, ax_box: tuple[float, float, float, float], report: Report, zh_text: bool) -> bool:
    area = report.measures.get("hall_area_m2")
    bands = report.measures.get("area_bands")  # the AREA rule's own bands, carried by its finding
    if area is None or not bands:
        return False
    def t(zh: str, en: str) -> str:
        return zh if zh_text else en

    g1, g2 = float(bands["grade1"]), float(bands["grade2"])
    top = max(g1 * 1.35, area * 1.12)
    ax = _Axes(*ax_box, (0.0, top), (-0.6, 1.45))
    for lo, hi, col, label in ((0.0, g2, RED, t("未达标", "below")), (g2, g1, AMBER, t("二级", "grade 2")),
                               (g1, top, GREEN, t("一级", "grade 1"))):
        pen.bar(ax, lo, hi, 0.0, 0.8, col)
        x = (lo + hi) / 2
        if abs(x - area) < 0.06 * top:  # keep the band's name clear of the hall's marker
            x = lo + (hi - lo) * (0.25 if area > x else 0.75)
        pen.text(ax.px(x), ax.py(0.0), label, 8, "middle", valign="center")
    target = report.plan.context.target_grade or 2
    need = g1 if target == 1 else g2
    blue = HexColor(BLUE)
    pen.vline(ax, need, -0.45, 1.0, blue, 1.0, dashed=True)
    pen.text(ax.px(need), ax.py(1.02), t(f"目标{'一' if target == 1 else '二'}级 ≥ {need:,.0f} m²", f"target grade {target} ≥ {need:,.0f} m²"),
             7.5, "middle", blue, valign="bottom", boxed=True)
    pen.vline(ax, area, -0.5, 0.55, INK, 2.2)
    pen.text(ax.px(area), ax.py(0.58), t(f"本厅 {area:,.0f} m²", f"this hall {area:,.0f} m²"), 8.5, "middle",
             valign="bottom", boxed=True)
    pen.x_axis(ax, "m²")
    return True


def _zones(pen: _Pen, ax_box: tuple[float, float, float, float], report: Report, zh_text: bool) -> bool:
    areas = zone_areas(report.plan)
    if not areas:
        return False
    items = sorted(areas.items(), key=lambda kv: kv[1])
    top = max(v for _, v in items) * 1.22
    ax = _Axes(*ax_box, (0.0, top), (-0.5 - 0.045 * len(items), len(items) - 0.5 + 0.045 * len(items)))
    for k, (kind, v) in enumerate(items):
        pen.bar(ax, 0.0, v, float(k), 0.8, ZONE_FILL, ZONE_EDGE)
        name = ZONE_KINDS.get(kind, (kind, kind))[0 if zh_text else 1]
        pen.text(ax.x - 4, ax.py(float(k)), name, 8, "end", valign="center")
        pen.text(ax.px(v), ax.py(float(k)), f" {v:,.0f} m²", 7.5, valign="center")
    pen.g.add(Line(ax.x, ax.y, ax.x, ax.y + ax.h, strokeColor=INK, strokeWidth=0.8))
    pen.x_axis(ax, "m²")
    return True


def _parking(pen: _Pen, ax_box: tuple[float, float, float, float], report: Report, zh_text: bool) -> bool:
    ratio = report.measures.get("parking_ratio")
    band = report.measures.get("parking_band")  # the PARKING rule's band, carried by its finding
    if ratio is None or not band:
        return False
    lo, hi = float(band["min"]), float(band["max"])
    top = max(hi * 1.5, ratio * 1.15)
    ax = _Axes(*ax_box, (0.0, top), (-0.6, 1.1))
    pen.bar(ax, 0.0, lo, 0.0, 0.8, RED)
    pen.bar(ax, lo, hi, 0.0, 0.8, GREEN)
    pen.bar(ax, hi, top, 0.0, 0.8, AMBER)
    pen.text(ax.px((lo + hi) / 2), ax.py(0.0), percent_band(band) or "", 8, "middle", valign="center")
    pen.vline(ax, ratio, -0.5, 0.55, INK, 2.2)
    pa, ba = report.measures.get("parking_area_m2"), report.measures.get("building_area_m2")
    pen.text(ax.px(ratio), ax.py(0.58), f"本中心 {ratio:.1%}({pa:,.0f} / {ba:,.0f} m²)" if zh_text
             else f"this centre {ratio:.1%} ({pa:,.0f} / {ba:,.0f} m²)", 8.5, "middle", valign="bottom", boxed=True)
    pen.x_axis(ax, None, lambda v: f"{v:.0%}")
    return True


DRAW = {"area": _area, "zones": _zones, "parking": _parking}


def report_drawing(report: Report, lang: str, font: str, width: float,
                   safe: Callable[[str], str] = str) -> Drawing:
    """The report's charts stacked in one drawing ``width`` points wide, in ``font`` (any font the
    document uses: the charts' Chinese prints wherever the report's does).  A chart without data
    says so instead of drawing."""
    zh_text = lang != "en"
    n_zones = max(len({z.kind for z in report.plan.zones}), 1)
    heights = [1.75 * INCH, (0.75 + 0.24 * n_zones) * INCH, 1.45 * INCH]
    total = sum(heights) + 0.1 * INCH
    d = Drawing(width, total)
    pen = _Pen(Group(), font, safe)
    top = total
    for (zh, en, key), h in zip(PANELS, heights):
        title = _panel_title(zh, en, report, lang, "")  # the document's font prints Chinese: no English fallback
        pen.text(0.005 * width, top - 0.05 * INCH, title, 11, colour=TITLE, valign="top")
        left = 0.3 if key == "zones" else 0.04
        box = (left * width, top - h + 0.45 * INCH, (0.95 - left) * width, h - 0.85 * INCH)
        if not DRAW[key](pen, box, report, zh_text):
            pen.text(box[0], box[1] + box[3] / 2, "数据不足,无法绘制" if zh_text else "not enough data to draw", 8,
                     colour=HexColor(GREY), valign="center")
        top -= h
    d.add(pen.g)
    return d
