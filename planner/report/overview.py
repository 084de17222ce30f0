"""The audit overview PDF: totals, a chart of grades across plans, and one line per plan."""

from __future__ import annotations

import datetime as _dt
import io
from typing import Any, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from planner import fonts
from planner.render import STATUS_COLORS
from planner.report.charts import GRADE_LABELS, grades_chart
from planner.report.merge import ChartSlot, SlotLog, merge_charts
from planner.report.pdfbackend import MM
from planner.report.styles import make_styles, tint

TITLE = ("政务服务大厅批量审查汇总", "Batch audit of service hall plans")


def build_overview(rows: Sequence[dict[str, Any]], lang: str = "zh", font_mode: str | None = None,
                   date: str | None = None) -> bytes:
    """``rows``: the audit's summary rows (name, level, grade_key, fail, warn, unknown, pass, error)."""
    i = 1 if lang == "en" else 0
    def t(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    text = "".join(f"{r.get('name', '')}{r.get('centre_name', '')}{r.get('error', '')}" for r in rows)
    font = fonts.pdf_font(font_mode, text + TITLE[0] + "一级二级未达标无法判定无法读取")
    family = fonts.matplotlib_family(font_mode)
    s = make_styles(font.name, lang, font.safe)
    date = date or _dt.date.today().isoformat()
    width = A4[0] - 36 * MM
    loaded = [r for r in rows if not r.get("error")]
    failing = [r for r in loaded if r.get("fail", 0) > 0]
    story: list[Any] = [s.p(TITLE[i], s.h1), s.p(date, s.small), Spacer(1, 4 * MM)]
    story.append(s.p(t(f"共 {len(rows)} 个平面:读取 {len(loaded)} 个,无法读取 {len(rows) - len(loaded)} 个;"
                       f"存在不符合项 {len(failing)} 个,无不符合项 {len(loaded) - len(failing)} 个。",
                       f"{len(rows)} plans: {len(loaded)} loaded, {len(rows) - len(loaded)} could not be loaded; "
                       f"{len(failing)} with failures, {len(loaded) - len(failing)} without."), s.body))
    story.append(s.p(t("达到等级分布", "Grades reached"), s.h2))
    log = SlotLog()
    story.append(ChartSlot(grades_chart(rows, lang, family, (width / 72.0, 190 / 72.0)), width, 190.0, log))
    story.append(s.p(t("各平面", "Plans"), s.h2))
    head = [t("名称", "Name"), t("级别", "Level"), t("等级", "Grade"), t("不符合", "Fail"), t("提示", "Warn"),
            t("待确认", "Unknown"), t("说明", "Note")]
    data = [[s.p(h, s.cell) for h in head]]
    styles: list[Any] = [("GRID", (0, 0), (-1, -1), 0.35, tint("#000000", 0.6)), ("BACKGROUND", (0, 0), (-1, 0), tint("#1f3a93", 0.85)),
                         ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for n, r in enumerate(rows, start=1):
        err = r.get("error") or ""
        grade = GRADE_LABELS.get(r.get("grade_key") or "unknown", GRADE_LABELS["unknown"])[i]
        note = err or r.get("worst", "")
        data.append([s.p(str(r.get("name", "")), s.cell), s.p(_level_name(r.get("level"), lang), s.cell), s.p(grade, s.cell),
                     s.p("—" if err else str(r.get("fail", 0)), s.cell_c), s.p("—" if err else str(r.get("warn", 0)), s.cell_c),
                     s.p("—" if err else str(r.get("unknown", 0)), s.cell_c), s.p(note[:300], s.grey)])
        colour = STATUS_COLORS["fail"] if (err or r.get("fail", 0)) else STATUS_COLORS["pass"]
        styles.append(("BACKGROUND", (3, n), (3, n), tint(colour, 0.75)))
    cw = [40 * MM, 18 * MM, 17 * MM, 13 * MM, 13 * MM, 15 * MM]
    cw.append(width - sum(cw))
    table = Table(data, colWidths=cw, repeatRows=1)
    table.setStyle(TableStyle(styles))
    story.append(table)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * MM, rightMargin=18 * MM, topMargin=16 * MM, bottomMargin=16 * MM,
                            title=TITLE[i], author="HallPlan", invariant=1)
    doc.build(story)
    return merge_charts(buf.getvalue(), log)


def _level_name(level: object, lang: str) -> str:
    """The level's name in the report's language (the CSV keeps the code for filtering)."""
    from geometry.model import LEVEL_NAMES

    names = LEVEL_NAMES.get(str(level)) if level else None
    return (names[1] if lang == "en" else names[0]) if names else "—"
