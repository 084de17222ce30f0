"""The PDF's rooms page: the rooms the drawing's area layers give, drawn area beside stated area,
the hall's parts and columns, the building area per floor.  Absent when the plan has no rooms."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from geometry.precision import AREA, fmt
from planner.report.pdfbackend import MM
from planner.report.styles import Styles
from standards.engine import Report

GRID = HexColor("#9a9a9a")
HEAD = HexColor("#e4e9f4")
OFF = HexColor("#fde8c8")  # a stated area more than 1 % from the drawn one
CHUNK = 40
MISMATCH = 0.01


def _a(v: Any) -> str:
    return "—" if v is None else f"{fmt(float(v), AREA, thousands=True)}"


_WORDS_ZH = "房间与面积(图中面积图层)服务大厅面积由个房间组成扣除根独立柱后可用面积,;:各层建筑面积线标注名称楼层图层量得相差未命名[大厅]的标注面积与边界面积相差超过底色标出"


def rooms_text(report: Report, lang: str) -> str:
    """Every string the rooms page may print (the PDF's font must draw them all)."""
    m = report.measures
    rooms = m.get("rooms") or []
    if not rooms:
        return ""
    parts = [_WORDS_ZH if lang != "en" else "Rooms and areas (the drawing's area layers) Hall area made of rooms usable less free-standing columns"]
    parts += [f"{r.get('name', '')}{r.get('floor', '')}{r.get('layer', '')}" for r in rooms]
    parts += [str(f.get("name") or "") for f in m.get("floors") or []]
    return "".join(parts)


def rooms_page(report: Report, s: Styles, width: float) -> list[Flowable]:
    m = report.measures
    rooms = m.get("rooms") or []
    if not rooms:
        return []
    en = s.lang == "en"
    def t(zh: str, e: str) -> str:
        return e if en else zh

    out: list[Flowable] = [PageBreak(), s.p(t("房间与面积(图中面积图层)", "Rooms and areas (the drawing's area layers)"), s.h1)]
    hall_ids = set(m.get("hall_parts") or [])
    cols = m.get("hall_columns") or []
    facts = [t(f"服务大厅面积 {_a(m.get('hall_area_m2'))} m²", f"Hall area {_a(m.get('hall_area_m2'))} m²")]
    if hall_ids:
        facts.append(t(f"由 {len(hall_ids)} 个房间组成", f"made of {len(hall_ids)} rooms"))
    if cols:
        facts.append(t(f"扣除 {len(cols)} 根独立柱后可用面积 {_a(m.get('hall_usable_area_m2'))} m²",
                       f"usable area less {len(cols)} free-standing columns {_a(m.get('hall_usable_area_m2'))} m²"))
    out.append(s.p(t(",", ", ").join(facts), s.body))
    floors = m.get("floors") or []
    if floors:
        lines = [f"{f.get('name') or '—'}: {_a(f.get('building_area_m2'))} m²"
                 + (t("(建筑面积线)", " (outline)") if f.get("building_area_from") == "outline" else
                    t("(标注)", " (stated)") if f.get("building_area_from") == "text" else "") for f in floors]
        out.append(s.p(t("各层建筑面积:", "Building area per floor: ") + t(";", "; ").join(lines), s.body))
    out.append(Spacer(1, 4 * MM))
    head = [t("名称", "Name"), t("楼层", "Floor"), t("图层", "Layer"), t("量得 m²", "Drawn m²"), t("标注 m²", "Stated m²"), t("相差", "Apart")]
    cw = [width * k for k in (0.27, 0.12, 0.17, 0.15, 0.15, 0.14)]
    body: list[list[Any]] = []
    marks: list[int] = []
    for r in rooms:
        stated = r.get("stated_area_m2")
        apart = None if not stated else abs(r["area_m2"] - stated) / stated
        name = (r.get("name") or t("(未命名)", "(unnamed)")) + (t(" [大厅]", " [hall]") if r["id"] in hall_ids else "")
        body.append([s.p(name, s.cell), s.p(r.get("floor") or "", s.cell), s.p(r.get("layer") or "", s.cell),
                     s.p(_a(r["area_m2"]), s.cell_c), s.p(_a(stated), s.cell_c),
                     s.p("—" if apart is None else f"{apart * 100:.2f}%", s.cell_c)])
        if apart is not None and apart > MISMATCH:
            marks.append(len(body) - 1)
    for k in range(0, len(body), CHUNK):
        part = body[k:k + CHUNK]
        tb = Table([[s.p(h, s.cell_c) for h in head]] + part, colWidths=cw, repeatRows=1)
        style = [("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        style += [("BACKGROUND", (0, i - k + 1), (-1, i - k + 1), OFF) for i in marks if k <= i < k + CHUNK]
        tb.setStyle(TableStyle(style))
        out.append(tb)
    if marks:
        out += [Spacer(1, 3 * MM), s.p(t(f"{len(marks)} 个房间的标注面积与边界面积相差超过 1%(底色标出)",
                                          f"{len(marks)} rooms state an area more than 1% from their outline's (shaded)"), s.small)]
    return out
