"""Assemble the approval PDF: A4 text pages around a plan sheet sized to the hall."""

from __future__ import annotations

import datetime as _dt
import io
import os
from typing import Any, Iterable, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from geometry.drawing_file import Underlay
from geometry.i18n import HallPlanError
from planner import fonts
from planner.report.checklist import checklist_rows
from planner.report.flate import FlateCanvas
from planner.report.merge import SlotLog, merge_charts
from planner.report.pages import charts_page, checklist_page, compliance_table, cover
from planner.report.rooms_page import rooms_page, rooms_text
from planner.report.pdfbackend import MM, page_names
from planner.report.plansheet import Callouts, assign_callouts, callouts_on, detail_sheet, draw_plan_page, sheet_for
from planner.report.styles import make_styles
from planner.report.undertext import underlay_texts
from planner.report.text import WORDS, w
from standards.engine import Report

TEXT_MARGIN = 18 * MM


class PlanFlowable(Flowable):  # type: ignore[misc]
    """Fills a whole plan-sheet page (its frame is the page, without padding)."""

    def __init__(self, report: Report, sheet: Any, callouts: Callouts, font: fonts.PdfFont, lang: str,
                 underlay: Sequence[tuple[str, Any]] | None, texts: Sequence[Any] = ()) -> None:
        super().__init__()
        self.args = (report, sheet, callouts, font, lang, underlay)
        self.texts = texts

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, ah
        return aw, ah

    def draw(self) -> None:
        report, sheet, callouts, font, lang, underlay = self.args
        draw_plan_page(self.canv, report, sheet, callouts, font.name, lang, underlay, font.safe, self.texts)


def report_text(report: Report, lang: str) -> str:
    """Every string the PDF may print, to choose a font that draws all of them."""
    plan = report.plan
    parts: list[str] = [str(v) for v in report.context.values() if v is not None]
    parts += [f"{f.clause}{f.message(lang)}{f.required_text(lang) or ''}{f.unit or ''}{f.measured if isinstance(f.measured, str) else ''}"
              for f in report.findings]
    parts += [p.label(lang) for p in report.packs]
    parts += [f"{s.title_zh if lang != 'en' else s.title_en}" for s in report.specs.values()]
    for o in plan.objects:
        parts += [o.label, str(getattr(o, "service", "") or ""), str(getattr(o, "sign_zh", "") or "")]
    parts += [str(v) for v in vars(plan.signage).values() if v is not None]
    parts += [str(v) for v in plan.meta.values() if isinstance(v, str)]
    parts += [zh if lang != "en" else en for zh, en in WORDS.values()]
    parts += [f"{r.clause}{r.text(lang)}" for r in report.reviewer_items()]
    parts += [f"{r.clause}{r.label(lang)}{r.state_text(lang)}" for r in checklist_rows(report)]
    cap = report.measures.get("capacity") or {}  # the service-capacity page's texts (planner.report.capacity_chart)
    parts += [cap.get(k, {}).get(lang, "") for k in ("summary", "assumption")] + ["座利用率等候分服务能力需要平面灰绿未注明面积窗口数"]
    parts.append(rooms_text(report, lang))  # the rooms page (planner.report.rooms_page)
    return "".join(parts) + "①√□—–≥≤²×…•"


def pdf_date(date: str) -> str | None:
    """The PDF date string of a report date ("2026-03-05" → "D:20260305000000+00'00'"); None when
    the text is not an ISO date (then the PDF keeps reportlab's fixed date).

    >>> pdf_date("2026-03-05"), pdf_date("next week")
    ("D:20260305000000+00'00'", None)
    """
    try:
        d = _dt.date.fromisoformat(date.strip()[:10])
    except ValueError:
        return None
    return f"D:{d:%Y%m%d}000000+00'00'"


def source_name(report: Report, source: str | os.PathLike[str] | None) -> str:
    """What the PDF shows as the plan's source: the file's name, never a folder of this computer;
    "—" for a plan that came from no file (drawn or generated)."""
    src = source if source is not None else report.plan.meta.get("source")
    if not src or not isinstance(src, (str, os.PathLike)):
        return "—"
    text = os.fspath(src)
    name = text.replace("\\", "/").rsplit("/", 1)[-1]
    return name if "." in name.strip(".") else "—"  # a bare word such as "generated" is no file


def _footer(report: Report, lang: str, font: fonts.PdfFont, date: str) -> Any:
    name = font.safe(report.context.get("centre_name") or w("unnamed", lang))
    stamp = pdf_date(date)

    def on_page(c: Any, doc: Any) -> None:
        pw, _ph = c._pagesize
        if stamp:  # the metadata's creation date is the report's date, not the moment of writing
            c.setDateFormatter(lambda *_: stamp)
        c.saveState()
        c.setFont(font.name, 7.5)
        c.setFillGray(0.35)
        c.drawString(TEXT_MARGIN, 10 * MM, f"{name} — {w('title', lang)}")
        c.drawRightString(pw - TEXT_MARGIN, 10 * MM, f"{w('generated', lang)} {date}    {w('page', lang, n=c.getPageNumber())}")
        c.restoreState()

    return on_page


def build_pdf(report: Report, lang: str = "zh", underlay: Iterable[tuple[str, Any]] | None = None, *,
              font_mode: str | None = None, date: str | None = None, source: str | os.PathLike[str] | None = None,
              paper: str | None = None, scale: int | None = None) -> bytes:
    """The approval PDF as bytes (see :func:`write_pdf`)."""
    if lang not in ("zh", "en"):
        raise HallPlanError(f"不支持的语言:{lang}", f"unsupported language: {lang}")
    if paper is not None and paper.upper() not in page_names():
        raise HallPlanError(f"不支持的图纸尺寸:{paper}(可选 {'、'.join(page_names())})",
                            f"unsupported paper size: {paper} (choose {', '.join(page_names())})")
    texts = underlay_texts(underlay)
    # a drawing's layers stay vertex arrays (the plan sheet draws them without building shapely lines)
    under: Sequence[tuple[str, Any]] | None = (underlay if isinstance(underlay, Underlay) else list(underlay or ())) or None
    date = date or _dt.date.today().isoformat()
    font = fonts.pdf_font(font_mode, report_text(report, lang) + "".join(str(t.text) for t in texts[:20000]))
    s = make_styles(font.name, lang, font.safe)
    sheet = sheet_for(report, under, paper, scale)
    callouts = assign_callouts(report, sheet)
    detail = detail_sheet(report, sheet) if paper is None and scale is None else None
    log = SlotLog()
    buf = io.BytesIO()
    pw, ph = A4
    width = pw - 2 * TEXT_MARGIN
    doc = BaseDocTemplate(buf, pagesize=A4, title=f"{report.context.get('centre_name') or ''} {w('title', lang)}".strip(),
                          author="HallPlan", creator="HallPlan", subject=w("subtitle", lang), invariant=1)
    text_frame = Frame(TEXT_MARGIN, 16 * MM, width, ph - TEXT_MARGIN - 16 * MM, id="text")
    plan_frame = Frame(0, 0, sheet.size[0], sheet.size[1], 0, 0, 0, 0, id="plan", showBoundary=0)
    on_page = _footer(report, lang, font, date)
    templates = [PageTemplate(id="text", frames=[text_frame], onPage=on_page, pagesize=A4),
                 PageTemplate(id="plan", frames=[plan_frame], pagesize=sheet.size)]
    if detail is not None:
        templates.append(PageTemplate(id="detail", frames=[Frame(0, 0, detail.size[0], detail.size[1], 0, 0, 0, 0, id="detail")],
                                      pagesize=detail.size))
    doc.addPageTemplates(templates)
    story: list[Flowable] = cover(report, s, date, width, source_name(report, source))
    story += [NextPageTemplate("plan"), PageBreak(), PlanFlowable(report, sheet, callouts, font, lang, under, texts)]
    if detail is not None:
        story += [NextPageTemplate("detail"), PageBreak(),
                  PlanFlowable(report, detail, callouts_on(callouts, detail), font, lang, under, texts)]
    story += [NextPageTemplate("text"), PageBreak()]
    story += compliance_table(report, callouts, s, width)
    story += [PageBreak()] + charts_page(report, s, width, lambda: fonts.matplotlib_family(font_mode), log)
    story += [PageBreak()] + checklist_page(report, s, width)
    story += rooms_page(report, s, width)
    doc.build(story, canvasmaker=FlateCanvas)
    return merge_charts(buf.getvalue(), log)


def write_pdf(report: Report, path: Any, lang: str = "zh", underlay: Iterable[tuple[str, Any]] | None = None, *,
              font_mode: str | None = None, date: str | None = None, source: str | os.PathLike[str] | None = None,
              paper: str | None = None, scale: int | None = None) -> None:
    """Write the approval PDF of ``report`` to ``path`` atomically.

    ``underlay``: the DXF drawing as (layer, geometry) pairs, drawn dimmed under the plan, with its
    texts when it carries them (``underlay.texts``: the import's or the kept drawing's).
    ``paper`` (A4…A0) and ``scale`` (the N of 1:N) choose the plan sheet; automatic by default.
    ``font_mode``: ``auto`` / ``system`` / ``bundled`` / ``cid`` (default: ``HALLPLAN_FONTS`` or auto).
    ``date``: the report's date (ISO, default today), printed and used as the PDF's creation date.
    ``source``: the plan's file; only its name is shown (default: the plan's recorded source).
    Raises :class:`HallPlanError` with a one-line reason when the PDF cannot be made or saved.
    """
    from geometry.project import atomic_write_bytes

    atomic_write_bytes(path, pdf_bytes(report, lang, underlay, font_mode=font_mode, date=date, source=source, paper=paper,
                                       scale=scale))


def pdf_bytes(report: Report, lang: str = "zh", underlay: Iterable[tuple[str, Any]] | None = None, **options: Any) -> bytes:
    """:func:`build_pdf` as :func:`write_pdf` makes it: a failure is a :class:`HallPlanError` with a
    one-line reason (the PDF worker of ``hallplan check`` builds first and writes later)."""
    try:
        return build_pdf(report, lang, underlay, **options)
    except HallPlanError:
        raise
    except Exception as exc:  # reportlab/pypdf/matplotlib failures become one actionable line
        raise HallPlanError(f"无法生成 PDF:{type(exc).__name__}: {exc}", f"cannot make the PDF: {type(exc).__name__}: {exc}") from exc
