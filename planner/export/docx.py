"""The 审查意见书 draft as a Word document (python-docx): what a reviewer edits, signs and files.

The centre and its context, the key measures, the result, every failure, warning and item to confirm
with its clause, the plan sheet as a picture, the checklist, the reviewer's items and a signature block.
"""

from __future__ import annotations

import datetime as _dt
import io
from typing import Any, Iterable

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from geometry.i18n import HallPlanError
from planner.export.rows import (callout_numbers, checklist, counts, finding_row, key_measures, pick, reviewer_items,
                                 rule_title, status_color, verdict)
from planner.export.output import save_bytes
from planner.report.text import w
from standards.engine import Report
from standards.finding import Status

SERIF_ZH, SANS_ZH, LATIN = "宋体", "黑体", "Times New Roman"  # SimSun / SimHei: on every Chinese Windows
WORDS: dict[str, tuple[str, str]] = {
    "title": ("政务服务大厅平面设计审查意见书", "Review opinion on the service hall plan"),
    "draft": ("(草稿,由 HallPlan 生成,经审查人修改、签字后有效)",
              "(draft made by HallPlan; valid once edited and signed by the reviewer)"),
    "to": ("致:{name}", "To: {name}"),
    "intro": ("依据{basis},对该中心服务大厅平面进行了审查,意见如下。",
              "The service hall plan was reviewed against {basis}; the opinion follows."),
    "basis": ("《保山市政务服务规范化建设实施方案》(2016)及国家标准补充规定",
              "the 2016 Baoshan plan for standardised service centres and the national figures"),
    "s_context": ("一、基本情况", "1. The centre"),
    "s_result": ("二、审查结果", "2. Result"),
    "s_fail": ("三、不符合项(须整改)", "3. Failures (to correct)"),
    "s_warn": ("四、提示项(宜改进)", "4. Warnings (advisable)"),
    "s_unknown": ("五、待确认事项", "5. Items to confirm"),
    "s_plan": ("六、平面图", "6. The plan"),
    "s_checklist": ("七、核查清单", "7. Checklist"),
    "s_opinion": ("八、审查意见", "8. Opinion"),
    "none": ("无。", "None."),
    "measured": ("实测", "measured"),
    "required": ("要求", "required"),
    "objects": ("涉及", "concerns"),
    "plan_caption": ("图 1 平面图(编号与审批 PDF 的标注一致)", "Figure 1 The plan (numbers as the approval PDF's callouts)"),
    "opinion_hint": ("(审查人填写)", "(to be written by the reviewer)"),
    "reviewer": ("审查人(签字)", "Reviewer (signature)"),
    "unit": ("审查单位(盖章)", "Reviewing office (stamp)"),
    "date": ("日期", "Date"),
    "generated": ("HallPlan 生成于 {date}", "made by HallPlan on {date}"),
    "more": ("另有 {n} 项,见 Excel 合规表或审批 PDF。", "{n} more: see the Excel table or the approval PDF."),
}
MAX_ITEMS = 60  # per section; a 500-counter hall lists the rest in the workbook


def t(key: str, lang: str, **fmt: Any) -> str:
    s = pick(WORDS[key], lang)
    return s.format(**fmt) if fmt else s


def _fonts(run_or_style: Any, east_asian: str, latin: str = LATIN) -> None:
    font = run_or_style.font
    font.name = latin
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _shade(cell: _Cell, hex_color: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_color.lstrip("#").upper())
    tcpr.append(shd)


def _tint(hex_color: str, amount: float = 0.55) -> str:
    h = hex_color.lstrip("#")
    return "".join(f"{round(int(h[i:i + 2], 16) + (255 - int(h[i:i + 2], 16)) * amount):02X}" for i in (0, 2, 4))


def _setup(doc: DocxDocument) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(2.2))
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    _fonts(normal, SERIF_ZH)
    normal.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        st = doc.styles[name]
        _fonts(st, SANS_ZH)
        st.font.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
    doc.styles["Title"].font.size = Pt(20)
    doc.styles["Heading 1"].font.size = Pt(14)


def _section(doc: DocxDocument, landscape: bool) -> None:
    from docx.enum.section import WD_SECTION

    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    long_side, short_side = Cm(29.7), Cm(21.0)
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = (long_side, short_side) if landscape else (short_side, long_side)
    sec.left_margin = sec.right_margin = Cm(2.0 if landscape else 2.2)
    sec.top_margin = sec.bottom_margin = Cm(1.6 if landscape else 2.0)


def _table(doc: DocxDocument, rows: list[list[str]], widths_cm: list[float], header: bool = True) -> Any:
    table = doc.add_table(rows=len(rows), cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for c, width in enumerate(widths_cm):  # the grid (LibreOffice, WPS) and every cell (Word)
        table.columns[c].width = Cm(width)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Cm(widths_cm[c])
            cell.text = value
            if header and r == 0:
                _shade(cell, "E4E9F4")
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return table


def _page_number(paragraph: Any, lang: str) -> None:
    """`` · 第 N 页`` / `` · page N`` with N a PAGE field (every later section links to this footer)."""
    before, after = (" · page ", "") if lang == "en" else (" · 第 ", " 页")
    paragraph.add_run(before).font.size = Pt(8)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    if after:
        paragraph.add_run(after).font.size = Pt(8)


def _keep_together(table: Any) -> None:
    """The table on one page (Word, WPS and LibreOffice: rows that cannot split, each kept with the next)."""
    rows = list(table.rows)
    for i, row in enumerate(rows):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if i < len(rows) - 1:
            for cell in row.cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True


def _findings(doc: DocxDocument, report: Report, lang: str, status: Status, key: str, numbers: dict[int, int]) -> None:
    """The findings of ``status`` under heading ``key``, each under its callout number (``numbers``:
    :func:`planner.export.rows.callout_numbers`, the plan figure's and the approval PDF's)."""
    doc.add_heading(t(key, lang), level=1)
    items = [f for f in report.sorted_findings() if f.status == status]
    memo: dict[str, str] = {}
    if not items:
        doc.add_paragraph(t("none", lang))
        return
    for f in items[:MAX_ITEMS]:
        row = finding_row(report, f, lang, memo, numbers.get(id(f)))
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True  # the item and its measured/required line on one page
        head = p.add_run(f"{row.cell('callout')}. [{f.clause}] {rule_title(report, f.rule, lang)}")
        head.bold = True
        head.font.color.rgb = RGBColor.from_string(status_color(status).lstrip("#").upper()) if status == Status.FAIL else None
        p.add_run(("  " if lang == "en" else " ") + row.cell("message"))
        detail = f"{t('measured', lang)}: {row.cell('measured')};{t('required', lang)}: {row.cell('required')}"
        if lang == "en":
            detail = detail.replace(";", "; ")
        if row.cell("objects"):
            detail += (f";{t('objects', lang)}: " if lang != "en" else f"; {t('objects', lang)}: ") + row.cell("objects")
        sub = doc.add_paragraph(detail)
        sub.paragraph_format.left_indent = Cm(0.8)
        sub.runs[0].font.size = Pt(9.5)
        sub.runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    if len(items) > MAX_ITEMS:
        doc.add_paragraph(t("more", lang, n=len(items) - MAX_ITEMS))


def build_docx(report: Report, lang: str = "zh", underlay: Iterable[tuple[str, Any]] | None = None, *,
               date: str | None = None, font_mode: str | None = None, plan_picture: bool = True) -> bytes:
    """The 审查意见书 draft of ``report`` as .docx bytes."""
    if lang not in ("zh", "en"):
        raise HallPlanError(f"不支持的语言:{lang}", f"unsupported language: {lang}")
    date = date or _dt.date.today().isoformat()
    doc = Document()
    _setup(doc)
    name = report.context.get("centre_name") or w("unnamed", lang)
    title = doc.add_heading(t("title", lang), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d = doc.add_paragraph(t("draft", lang))
    d.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.runs[0].font.size = Pt(9)
    doc.add_paragraph(t("to", lang, name=name))
    doc.add_paragraph(t("intro", lang, basis=t("basis", lang)))

    doc.add_heading(t("s_context", lang), level=1)
    _table(doc, [[a, b] for a, b in key_measures(report, lang)], [5.0, 11.6], header=False)

    doc.add_heading(t("s_result", lang), level=1)
    got = counts(report, lang)
    table = _table(doc, [[word for _st, word, _n in got], [str(n) for _st, _w, n in got]], [3.32] * 5)
    for c, (st, _word, _n) in enumerate(got):
        _shade(table.cell(0, c), _tint(status_color(st)))
    doc.add_paragraph(verdict(report, lang))
    for p in report.packs:
        doc.add_paragraph(p.label(lang), style="List Bullet")

    numbers = callout_numbers(report)
    _findings(doc, report, lang, Status.FAIL, "s_fail", numbers)
    _findings(doc, report, lang, Status.WARN, "s_warn", numbers)
    _findings(doc, report, lang, Status.UNKNOWN, "s_unknown", numbers)

    if plan_picture:  # the sheet on a landscape page of its own
        from planner.export.planpng import plan_png

        png, (px_w, px_h) = plan_png(report, lang, underlay, font_mode=font_mode)
        _section(doc, landscape=True)
        doc.add_heading(t("s_plan", lang), level=1)
        box_w, box_h = 29.7 - 2 * 2.0, 21.0 - 2 * 1.6 - 3.2  # page less margins, heading and caption
        width = min(box_w, box_h * px_w / px_h)
        doc.add_picture(io.BytesIO(png), width=Cm(width))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap = doc.add_paragraph(t("plan_caption", lang))
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap.runs[0].font.size = Pt(9)
        _section(doc, landscape=False)
    else:
        doc.add_heading(t("s_plan", lang), level=1)

    doc.add_heading(t("s_checklist", lang), level=1)
    rows = [[w("col_clause", lang), w("check_item", lang), w("check_state", lang)]]
    rows += [list(r) for r in checklist(report, lang)]
    _table(doc, rows, [2.6, 9.6, 4.4])
    doc.add_paragraph()
    doc.add_paragraph(w("reviewer_title", lang)).runs[0].bold = True
    rrows = [[w("col_clause", lang), w("check_item", lang), w("verified", lang).lstrip("□ ").strip() or "—"]]
    rrows += [[clause, text, w("verified", lang)] for clause, text in reviewer_items(report, lang)]
    _table(doc, rrows, [2.6, 11.0, 3.0])

    doc.add_heading(t("s_opinion", lang), level=1)
    sig = _table(doc, [[t("opinion_hint", lang), ""], [t("reviewer", lang), ""], [t("unit", lang), ""], [t("date", lang), ""]],
                 [4.0, 12.6], header=False)
    sig.cell(0, 0).merge(sig.cell(0, 1))
    sig.rows[0].height = Cm(5.0)
    for r in range(1, 4):
        sig.rows[r].height = Cm(1.4)
        _shade(sig.cell(r, 0), "E4E9F4")
    _keep_together(sig)
    foot = doc.sections[0].footer.paragraphs[0]
    foot.text = f"{name} — {t('title', lang)} · {t('generated', lang, date=date)}"
    foot.runs[0].font.size = Pt(8)
    _page_number(foot, lang)
    doc.core_properties.title = f"{name} {t('title', lang)}"
    doc.core_properties.author = "HallPlan"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_docx(report: Report, path: Any, lang: str = "zh", underlay: Iterable[tuple[str, Any]] | None = None, *,
               date: str | None = None, font_mode: str | None = None) -> None:
    """Write the 审查意见书 draft of ``report`` to ``path`` atomically; failures are one-line ``HallPlanError``."""
    try:
        data = build_docx(report, lang, underlay, date=date, font_mode=font_mode)
    except HallPlanError:
        raise
    except Exception as exc:  # python-docx / rendering failures become one actionable line
        raise HallPlanError(f"无法生成 Word 文档:{type(exc).__name__}: {exc}", f"cannot make the Word document: {type(exc).__name__}: {exc}") from exc
    save_bytes(path, data)


__all__ = ["build_docx", "write_docx", "WORDS"]
