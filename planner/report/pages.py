"""The text pages of the approval PDF as platypus flowables: cover, compliance table, charts, checklist."""

from __future__ import annotations

from itertools import groupby
from typing import Any, Callable

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from geometry.model import LEVEL_NAMES
from geometry.precision import AREA, RATIO, fmt
from planner.render import STATUS_COLORS
from planner.report import charts
from planner.report.checklist import STATE_STATUS, checklist_rows
from planner.report.merge import ChartSlot, SlotLog
from planner.report.pdfbackend import MM
from planner.report.plansheet import Callouts
from planner.report.styles import Styles, escape, tint
from planner.report.text import GRADE_TEXT, SIGNAGE_FIELDS, num, w
from standards.callouts import measured_like_required
from standards.engine import Report
from standards.finding import STATUS_ORDER, STATUS_TEXT, Finding, Status

GRID = HexColor("#9a9a9a")
HEAD = HexColor("#e4e9f4")
PASS_GROUP = 3  # more passing findings of one rule than this are summarised in one row
CHUNK = 40  # rows per table (long tables split faster in chunks)


def _grade(key: Any, lang: str) -> str:
    return GRADE_TEXT.get(key, GRADE_TEXT[None])[1 if lang == "en" else 0]


def cover(report: Report, s: Styles, date: str, width: float, source: str = "—") -> list[Flowable]:
    lang = s.lang
    c, m = report.context, report.measures
    i = 1 if lang == "en" else 0
    out: list[Flowable] = [s.p(w("title", lang), s.h1), s.p(w("subtitle", lang), s.small), Spacer(1, 6 * MM)]
    level = c.get("level")
    target = c.get("target_grade") or 2
    ratio = m.get("parking_ratio")

    def area(v: Any) -> str:  # the digits that decide (geometry.precision): 2,999.99 m² never reads 3,000.0
        return w("unknown", lang) if v is None else f"{fmt(float(v), AREA, thousands=True)} m²"

    park = w("unknown", lang) if m.get("parking_area_m2") is None else (
        area(m["parking_area_m2"]) + ("" if ratio is None else f"  ({fmt(ratio, RATIO, scale=100)}%)"))
    cls = c.get("population_class")
    rows = [
        (w("centre", lang), c.get("centre_name") or w("unnamed", lang)),
        (w("level", lang), LEVEL_NAMES[level][i] if level else w("unknown", lang)),
        (w("population", lang) + " / " + w("pop_class", lang),
         f"{num(c.get('population'), '', lang)} / {w('class_n', lang, n=cls) if cls else w('unknown', lang)}"),
        (w("hall_area", lang), area(m.get("hall_area_m2"))),
        (w("achieved", lang) + " / " + w("target", lang), f"{_grade(m.get('achieved_grade'), lang)} / {_grade(f'grade{target}', lang)}"),
        (w("building_area", lang), area(m.get("building_area_m2"))),
        (w("parking", lang), park),
        (w("counters", lang), str(m.get("counter_count", 0))),
        (w("source_file", lang), source),
        (w("date", lang), date),
    ]
    t = Table([[s.p(a, s.cell), s.p(b, s.body)] for a, b in rows], colWidths=[48 * MM, width - 48 * MM])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (0, -1), HEAD),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    out += [t, Spacer(1, 5 * MM), s.p(w("result", lang), s.h2)]
    counts = report.counts()
    order = (Status.FAIL, Status.WARN, Status.UNKNOWN, Status.PASS, Status.NOT_APPLICABLE)
    ct = Table([[s.p(STATUS_TEXT[st][i], s.cell_c) for st in order], [s.p(str(counts[st.value]), s.h2) for st in order]],
               colWidths=[width / 5] * 5)
    ct.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, GRID), ("ALIGN", (0, 0), (-1, -1), "CENTER")]
                           + [("BACKGROUND", (k, 0), (k, 1), tint(STATUS_COLORS[st.value])) for k, st in enumerate(order)]))
    verdict = "verdict_fail" if counts["fail"] else "verdict_unknown" if counts["unknown"] else "verdict_pass"
    out += [ct, Spacer(1, 3 * MM), s.p(w(verdict, lang), s.body), Spacer(1, 4 * MM), s.p(w("packs", lang), s.h2)]
    for p in report.packs:
        out.append(s.p(f"• {p.label(lang)}", s.body))
    out += [Spacer(1, 6 * MM), s.p(w("signature", lang), s.h2), signature_block(s, width)]
    return out


def signature_block(s: Styles, width: float) -> Table:
    lang = s.lang
    rows = [[s.p(w("opinion", lang), s.cell), "", "", ""],
            [s.p(w("reviewer", lang), s.cell), "", s.p(w("stamp", lang), s.cell), ""],
            [s.p(w("review_date", lang), s.cell), "", "", ""]]
    cw = [24 * MM, width / 2 - 24 * MM, 18 * MM, width / 2 - 18 * MM]
    t = Table(rows, colWidths=cw, rowHeights=[26 * MM, 14 * MM, 14 * MM])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, GRID), ("SPAN", (1, 0), (3, 0)), ("SPAN", (2, 1), (2, 2)),
                           ("SPAN", (3, 1), (3, 2)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BACKGROUND", (0, 0), (0, -1), HEAD), ("BACKGROUND", (2, 1), (2, 2), HEAD)]))
    return t


def _item(f: Finding, report: Report, s: Styles) -> Any:
    spec = report.specs.get(f.rule)
    title = (spec.title_en if s.lang == "en" else spec.title_zh) if spec else f.rule
    template = "<b>{0}</b> <font color='#777777'>{1}</font><br/>{2}"
    parts = [title, f.rule, f.message(s.lang)]
    if f.status == Status.UNKNOWN and f.missing:
        template += f"<br/><font color='#777777'>{w('missing', s.lang)}: {{3}}</font>"
        parts.append(f.missing_text(s.lang))
    return s.filled(template, parts, s.cell)


def _title(report: Report, rule: str, lang: str) -> str:
    spec = report.specs.get(rule)
    return (spec.title_en if lang == "en" else spec.title_zh) if spec else rule


def _status_cell(st: Status, s: Styles) -> Any:
    return s.p(STATUS_TEXT[st][1 if s.lang == "en" else 0], s.cell_c)


def table_rows(report: Report, callouts: Callouts, s: Styles) -> tuple[list[list[Any]], list[tuple[Status, bool]]]:
    """Rows of the compliance table (without header) and (status, has a callout), failures first."""
    rows: list[list[Any]] = []
    statuses: list[tuple[Status, bool]] = []
    ordered = [f for f in report.sorted_findings() if f.status != Status.NOT_APPLICABLE]
    on_plan = callouts.marked_ids()
    for st, group in groupby(ordered, key=lambda f: f.status):
        items = list(group)
        if st != Status.PASS:
            for f in items:
                n = callouts.number_of(f)
                rows.append([s.p(str(n) if n else "", s.cell_c), s.p(f.clause, s.cell), _item(f, report, s),
                             s.p(measured_like_required(f, s.lang), s.cell), s.p(f.required_text(s.lang) or "—", s.cell),
                             _status_cell(st, s)])
                statuses.append((st, id(f) in on_plan))
            continue
        by_rule: dict[str, list[Finding]] = {}
        for f in items:
            by_rule.setdefault(f.rule, []).append(f)
        for rule, fs in by_rule.items():
            if len(fs) <= PASS_GROUP:
                for f in fs:
                    rows.append(["", s.p(f.clause, s.cell), _item(f, report, s), s.p(measured_like_required(f, s.lang), s.cell),
                                 s.p(f.required_text(s.lang) or "—", s.cell), _status_cell(st, s)])
                    statuses.append((st, False))
                continue
            f0 = fs[0]
            nums = [f.measured for f in fs if isinstance(f.measured, (int, float)) and not isinstance(f.measured, bool)]
            measured = "—"
            if nums:
                lo, hi = min(nums), max(nums)
                measured = w("range", s.lang, lo=measured_like_required(_with(f0, lo), s.lang), hi=measured_like_required(_with(f0, hi), s.lang))
            spec = report.specs.get(rule)
            title = (spec.title_en if s.lang == "en" else spec.title_zh) if spec else rule
            rows.append(["", s.p(f0.clause, s.cell), s.p(f"<b>{escape(title)}</b> <font color='#777777'>{escape(rule)}</font><br/>"
                                                          + w("n_pass", s.lang, n=len(fs)), s.cell, markup=True),
                         s.p(measured, s.cell), s.p(f0.required_text(s.lang) or "—", s.cell), _status_cell(st, s)])
            statuses.append((st, False))
    return rows, statuses


def _with(f: Finding, v: Any) -> Finding:
    from dataclasses import replace

    return replace(f, measured=v)


def compliance_table(report: Report, callouts: Callouts, s: Styles, width: float) -> list[Flowable]:
    lang = s.lang
    out: list[Flowable] = [s.p(w("table_title", lang), s.h1)]
    head = [s.p(w(k, lang), s.cell_c) for k in ("col_no", "col_clause", "col_item", "col_measured", "col_required", "col_status")]
    st_w = 18 if lang == "en" else 14  # "to confirm" on one line
    cw = [10 * MM, 19 * MM, width - (10 + 19 + 25 + 27 + st_w) * MM, 25 * MM, 27 * MM, st_w * MM]
    rows, statuses = table_rows(report, callouts, s)
    for start in range(0, max(len(rows), 1), CHUNK):
        chunk = rows[start:start + CHUNK]
        sts = statuses[start:start + CHUNK]
        t = Table([head] + chunk, colWidths=cw, repeatRows=1)
        style = [("GRID", (0, 0), (-1, -1), 0.35, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        style += [("BACKGROUND", (5, r + 1), (5, r + 1), tint(STATUS_COLORS[st.value], 0.7)) for r, (st, _) in enumerate(sts)]
        style += [("BACKGROUND", (0, r + 1), (0, r + 1), tint(STATUS_COLORS[st.value], 0.45))
                  for r, (st, marked) in enumerate(sts) if marked]
        t.setStyle(TableStyle(style))
        out.append(t)
    na = sorted({f.rule for f in report.findings if f.status == Status.NOT_APPLICABLE})
    if na:
        names = [_title(report, rule, lang) for rule in na]
        out += [Spacer(1, 3 * MM), s.p(f"{w('not_applicable', lang)}: {'; '.join(names)}", s.grey)]
    return out


def charts_page(report: Report, s: Styles, width: float, family: "Callable[[], str | None]", log: SlotLog,
                height: float = 700.0) -> list[Flowable]:
    """The charts page: the report's charts drawn as reportlab graphics in the document's font, then
    the walking heatmap, the service-capacity chart and the plug-in charts (matplotlib; ``family()``
    resolves their font, only when one of them draws)."""
    from planner.report.capacity_chart import capacity_chart
    from planner.report.chartdraw import report_drawing
    from planner.report.heatmap import heatmap_applies, walking_heatmap

    out: list[Flowable] = [s.p(w("charts_title", s.lang), s.h1), report_drawing(report, s.lang, s.font, width, s.safe)]
    cap = report.measures.get("capacity") or {}
    if cap.get("missing"):  # the service-capacity analysis says what it lacks, in one line
        out.append(s.p(cap["summary"]["en" if s.lang == "en" else "zh"], s.grey))
    hooks = (([walking_heatmap] if heatmap_applies(report) else [])
             + ([capacity_chart] if cap and not cap.get("missing") else []) + list(charts.CHART_HOOKS))
    fam = family() if hooks else None
    for hook in hooks:
        try:
            got = hook(report, s.lang, fam, (width / 72.0, (height - 60) / 72.0))
        except Exception as exc:  # an optional chart must not cost the whole approval PDF
            out.append(s.p(f"{w('no_data', s.lang)} ({getattr(hook, '__name__', 'chart')}: {type(exc).__name__}: {exc})", s.grey))
            continue
        if got:
            box = _chart_size(got[1], width)
            out += [PageBreak(), s.p(got[0], s.h2), ChartSlot(got[1], box[0], box[1], log)]
    return out


def _chart_size(pdf: bytes, width: float) -> tuple[float, float]:
    import io

    from pypdf import PdfReader

    mb = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return width, float(mb.height) * width / float(mb.width)


def checklist_page(report: Report, s: Styles, width: float) -> list[Flowable]:
    """Checklist items and facilities with the state the findings give (shown on the plan / done /
    confirmed missing / to confirm), the name sign as declared, and the reviewer's items of the level."""
    lang = s.lang
    i = 1 if lang == "en" else 0
    plan = report.plan
    out: list[Flowable] = [s.p(w("checklist_title", lang), s.h1), s.p(w("checklist_legend", lang), s.grey)]
    crows = checklist_rows(report)
    rows = [[s.p(w("check_item", lang), s.cell), s.p(w("col_clause", lang), s.cell), s.p(w("check_state", lang), s.cell)]]
    rows += [[s.p(r.label(lang), s.cell), s.p(r.clause, s.cell), s.p(r.state_text(lang), s.cell)] for r in crows]
    t = Table(rows, colWidths=[width - 64 * MM, 22 * MM, 42 * MM], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.35, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]
                          + [("BACKGROUND", (2, k + 1), (2, k + 1), tint(STATUS_COLORS[STATE_STATUS[r.state][0].value], 0.7))
                             for k, r in enumerate(crows)]))
    out += [t, s.p(w("signage_title", lang), s.h2)]
    sig = plan.signage
    srows = []
    for name, zh, en in SIGNAGE_FIELDS:
        v = getattr(sig, name)
        if isinstance(v, bool):
            v = w("yes" if v else "no", lang)
        elif isinstance(v, tuple):
            v = ", ".join(v) if v else None
        srows.append([s.p((zh, en)[i], s.cell), s.p(str(v) if v not in (None, "") else w("not_stated", lang), s.cell)])
    st = Table(srows, colWidths=[40 * MM, width - 40 * MM])
    st.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.35, GRID), ("BACKGROUND", (0, 0), (0, -1), HEAD)]))
    out += [st, s.p(w("reviewer_title", lang), s.h2)]
    rrows = [[s.p(r.clause, s.cell), s.p(r.text(lang), s.cell), s.p(w("verified", lang), s.cell)] for r in report.reviewer_items()]
    if rrows:
        rt = Table(rrows, colWidths=[22 * MM, width - 52 * MM, 30 * MM])
        rt.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.35, GRID), ("BACKGROUND", (0, 0), (0, -1), HEAD)]))
        out.append(rt)
    return out


__all__ = ["cover", "compliance_table", "charts_page", "checklist_page", "table_rows", "STATUS_ORDER"]
