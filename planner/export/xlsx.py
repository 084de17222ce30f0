"""The compliance table as an Excel workbook (openpyxl): a sheet of findings a reviewer filters, a summary sheet.

Readable by Excel, WPS and LibreOffice: plain cells, a frozen header row, an autofilter, column widths
set, statuses filled in their colours.  The audit's workbook has one row per plan.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from geometry.i18n import HallPlanError
from planner.export.rows import COLUMN_INDEX, FINDING_COLUMNS, counts, finding_rows, key_measures, pick, status_color, verdict
from planner.export.output import save_bytes
from planner.report.text import w
from standards.engine import Report
from standards.finding import STATUS_TEXT, Status

FONT = "Microsoft YaHei"  # Excel and WPS on Windows have it; LibreOffice substitutes a CJK face
HEAD_FILL = PatternFill("solid", fgColor="E4E9F4")
THIN = Side(style="thin", color="9A9A9A")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = {"callout": 8, "clause": 16, "rule": 26, "code": 24, "status": 14, "severity": 18, "measured": 18, "required": 24,
          "objects": 28, "message": 70}  # the widest a column grows, in characters (a CJK character counts two)
LINE_PT = 15.0  # row height per line of wrapped text
SHEET_NAMES = {"findings": ("合规表", "Findings"), "summary": ("汇总", "Summary"), "plans": ("各平面", "Plans")}


def _tint(hex_color: str, amount: float = 0.55) -> str:
    """The colour mixed with white (0: the colour, 1: white), as openpyxl's RRGGBB."""
    h = hex_color.lstrip("#")
    rgb = [int(h[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def status_fill(st: Status | str) -> PatternFill:
    return PatternFill("solid", fgColor=_tint(status_color(st)))


def _header(ws: Worksheet, names: Sequence[str], widths: Sequence[float]) -> None:
    ws.append(list(names))
    for i, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD_FILL
        cell.border = GRID
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def text_width(text: object) -> int:
    """Display width in Excel's character units: CJK and full-width characters count two.

    >>> text_width("条文号"), text_width("Clause")
    (6, 6)
    """
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _body(ws: Worksheet, wrap: Iterable[int] = (), caps: Sequence[float] | None = None) -> None:
    """Fonts, borders, column widths from the content (up to ``caps``), row heights for the wrapped
    columns (Excel, WPS and LibreOffice all honour a set height; not all re-measure on opening), the filter."""
    wrapping = set(wrap)
    rows = list(ws.iter_rows(min_row=1))
    ncol = ws.max_column
    sizes = [[text_width(c.value) if c.value is not None else 0 for c in row] for row in rows]
    widths = []
    for c in range(ncol):
        cap = caps[c] if caps is not None and c < len(caps) else 40.0
        widths.append(max(8.0, min(cap, max((sz[c] for sz in sizes if c < len(sz)), default=0) + 2.0)))
        ws.column_dimensions[get_column_letter(c + 1)].width = widths[c]
    font, head_align = Font(name=FONT), Alignment(vertical="center", wrap_text=True)
    top, top_wrap = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    for row, sz in zip(rows, sizes):
        lines = 1
        for cell, n in zip(row, sz):
            col = cell.column - 1
            if cell.row == 1:
                cell.alignment = head_align
            else:
                cell.font, cell.border = font, GRID
                cell.alignment = top_wrap if col + 1 in wrapping else top
            if (col + 1 in wrapping or cell.row == 1) and n:
                room = max(1, int(widths[col] - 1.5))
                text = str(cell.value)
                lines = max(lines, sum(-(-text_width(part) // room) or 1 for part in text.split("\n")) if "\n" in text else -(-n // room))
        ws.row_dimensions[row[0].row].height = LINE_PT * lines + 3
    if ws.max_row >= 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(ncol)}{max(ws.max_row, 2)}"


def _print_setup(ws: Worksheet, landscape: bool) -> None:
    """Printed as a reviewer files it: every column on the page width, the header row on every page."""
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def build_workbook(report: Report, lang: str = "zh") -> Workbook:
    """The workbook of ``report``: sheet 1 the findings, sheet 2 the summary (key measures, counts by status)."""
    wb = Workbook()
    ws = wb.active
    ws.title = pick(SHEET_NAMES["findings"], lang)
    _header(ws, [pick((zh, en), lang) for _k, zh, en in FINDING_COLUMNS], [WIDTHS[k] for k, _zh, _en in FINDING_COLUMNS])
    status_col = COLUMN_INDEX["status"] + 1
    rows = finding_rows(report, lang)
    for row in rows:
        cells: list[object] = list(row.cells)
        number = row.cell("callout")
        cells[COLUMN_INDEX["callout"]] = int(number) if number else None  # a number Excel can sort, not text
        ws.append(cells)
    wrapped = ("clause", "rule", "measured", "required", "objects", "message")
    _body(ws, wrap=[COLUMN_INDEX[k] + 1 for k in wrapped], caps=[WIDTHS[k] for k, _zh, _en in FINDING_COLUMNS])
    for r, row in enumerate(rows, start=2):
        ws.cell(row=r, column=status_col).fill = status_fill(row.status)
    _print_setup(ws, landscape=True)

    sm = wb.create_sheet(pick(SHEET_NAMES["summary"], lang))
    _header(sm, [pick(("项目", "Item"), lang), pick(("数值", "Value"), lang)], [26, 48])
    for label, value in key_measures(report, lang):
        sm.append([label, value])
    first_count = sm.max_row + 1
    for st, word, n in counts(report, lang):
        sm.append([word, n])
    sm.append([w("result", lang), verdict(report, lang)])
    for p in report.packs:
        sm.append([w("packs", lang), p.label(lang)])
    _body(sm, wrap=(2,), caps=(30, 60))
    _print_setup(sm, landscape=False)
    for i, (st, _word, _n) in enumerate(counts(report, lang)):
        sm.cell(row=first_count + i, column=1).fill = status_fill(st)
    wb.properties.title = f"{report.context.get('centre_name') or ''} {w('title', lang)}".strip()
    wb.properties.creator = "HallPlan"
    return wb


def _save(wb: Workbook, path: Any) -> None:
    buf = io.BytesIO()
    try:
        wb.save(buf)
    except Exception as exc:  # openpyxl failures become one actionable line
        raise HallPlanError(f"无法生成 Excel 表格:{type(exc).__name__}: {exc}", f"cannot make the workbook: {type(exc).__name__}: {exc}") from exc
    save_bytes(path, buf.getvalue())


def write_xlsx(report: Report, path: Any, lang: str = "zh") -> None:
    """Write the compliance workbook of ``report`` to ``path`` atomically (see :func:`build_workbook`)."""
    if lang not in ("zh", "en"):
        raise HallPlanError(f"不支持的语言:{lang}", f"unsupported language: {lang}")
    _save(build_workbook(report, lang), path)


# the audit's workbook: the rows of its summary.csv, as typed cells
def write_audit_xlsx(header: Sequence[str], rows: Sequence[Sequence[Any]], path: Any, lang: str = "zh") -> None:
    """One row per plan under ``header``, numbers as numbers (a reviewer sorts by hall area); the count
    columns headed in their status colours, a plan's failure count filled red when it has failures."""
    wb = Workbook()
    ws = wb.active
    ws.title = pick(SHEET_NAMES["plans"], lang)
    _header(ws, list(header), [max(10.0, min(40.0, 2.2 * len(str(t)) + 4)) for t in header])
    for r in rows:
        ws.append([_cell(v) for v in r])
    _body(ws, wrap=[i + 1 for i, t in enumerate(header) if str(t) in ("主要问题", "worst findings")], caps=[60.0 if str(t) in ("主要问题", "worst findings") else 40.0 for t in header])
    _print_setup(ws, landscape=True)
    words = {pick(STATUS_TEXT[st], lang): st for st in Status}
    words.update({"fail": Status.FAIL, "warn": Status.WARN, "unknown": Status.UNKNOWN, "pass": Status.PASS, "n/a": Status.NOT_APPLICABLE})
    for c, title in enumerate(header, start=1):
        st = words.get(str(title))
        if st is None:
            continue
        ws.cell(row=1, column=c).fill = status_fill(st)
        if st == Status.FAIL:
            for i in range(2, ws.max_row + 1):
                v = ws.cell(row=i, column=c).value
                if isinstance(v, int) and v > 0:
                    ws.cell(row=i, column=c).fill = status_fill(st)
    _save(wb, path)


def audit_workbook(csv_file: Path, lang: str = "zh") -> Path | None:
    """``summary.xlsx`` beside the audit's ``summary.csv``, from the same rows; None (and one line on
    stderr) when it cannot be written: the audit's other outputs stand."""
    import csv
    import sys

    out = csv_file.with_suffix(".xlsx")
    try:
        with open(csv_file, encoding="utf-8-sig", newline="") as fh:
            table = list(csv.reader(fh))
        if not table:
            return None
        write_audit_xlsx(table[0], table[1:], out, lang)
    except (OSError, HallPlanError) as exc:
        text = exc.text(lang) if isinstance(exc, HallPlanError) else str(exc)
        print(pick(("hallplan audit: 未能写出 Excel 汇总:", "hallplan audit: no Excel summary: "), lang) + text, file=sys.stderr)
        return None
    return out


def _cell(v: Any) -> Any:
    """A CSV cell as a number when it is one (not NaN/inf), else the text; empty stays empty."""
    if not isinstance(v, str):
        return v
    text = v.strip()
    if text == "":
        return None
    if text.lstrip("-").isdigit() and len(text) < 16:
        return int(text)
    try:
        x = float(text)
    except ValueError:
        return v
    return x if x == x and abs(x) != float("inf") else v


__all__ = ["build_workbook", "write_xlsx", "write_audit_xlsx", "audit_workbook", "status_fill"]
