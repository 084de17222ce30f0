"""Matplotlib charts (the audit overview, the heatmap and plug-in charts) saved as one-page PDFs;
the report's own chart panels are drawn by planner.report.chartdraw from :data:`PANELS`.

Each chart is drawn at the size of its slot on the page and saved as PDF (vector, its font
embedded as TrueType, ``pdf.fonttype = 42``), then laid onto the report page unscaled by
:mod:`planner.report.merge`.  No pyplot: figures are built directly, so nothing depends on a
display or a GUI backend.  When no CJK TrueType face exists (font mode ``cid``), chart text
falls back to English rather than printing empty boxes.

Further charts (e.g. the walking-distance heatmap of ``geometry.circulation``) plug in through
:data:`CHART_HOOKS`: ``hook(report, lang, family, size_in) -> (title, pdf_bytes) | None``.
"""

from __future__ import annotations

import functools
import io
from typing import Any, Callable, Sequence

from planner.render import STATUS_COLORS
from standards.bands import percent_band
from standards.engine import Report

ChartHook = Callable[[Report, str, "str | None", tuple[float, float]], "tuple[str, bytes] | None"]
CHART_HOOKS: list[ChartHook] = []
GREEN, AMBER, RED, GREY, BLUE = "#9fd39f", "#f6d38a", "#f2a8a8", "#8a8a8a", "#2f6db5"


def _figure(size_in: tuple[float, float]) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=size_in)


def _save(fig: Any, family: str | None) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig.savefig(buf, format="pdf", metadata={"CreationDate": None, "Creator": "HallPlan"})
    return buf.getvalue()


def _rc(family: str | None) -> Any:  # matplotlib's typed rc keys; a plain dict here
    return {"font.family": list(families(family)), "font.size": 8,  # a list: matplotlib falls back glyph by glyph
            "axes.unicode_minus": False, "pdf.fonttype": 42}


@functools.lru_cache(maxsize=8)
def families(family: str | None) -> tuple[str, ...]:
    """Font list for the charts: the small chart face cut from ``family``, the full face, DejaVu."""
    if family is None:
        return ("DejaVu Sans",)
    from matplotlib import font_manager

    from planner.report.chartfont import chart_family

    try:
        path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        return (family, "DejaVu Sans")
    small = chart_family(path)
    return tuple(f for f in (small, family, "DejaVu Sans") if f)


def _t(zh: str, en: str, lang: str, family: str | None) -> str:
    return en if (lang == "en" or family is None) else zh


# The report's chart panels (drawn by planner.report.chartdraw): (zh title, en title, drawing key).
PANELS: tuple[tuple[str, str, str], ...] = (
    ("服务大厅面积与等级标准", "Hall area against the grade bands", "area"),
    ("各功能区面积", "Area by zone", "zones"),
    ("停车坪比例(建筑面积的 {band})", "Parking ratio ({band} of building area)", "parking"),
)


def _panel_title(zh: str, en: str, report: Report, lang: str, family: str | None) -> str:
    """A chart's title, quoting the pack's band where it has one ("{band}")."""
    band = percent_band(report.measures.get("parking_band"))
    if "{band}" in zh and band is None:
        return _t("停车坪占建筑面积比例", "Parking as a share of the building area", lang, family)
    return _t(zh, en, lang, family).replace("{band}", band or "")


GRADE_ORDER = ("grade1", "grade2", "below", "unknown", "error")
GRADE_LABELS = {"grade1": ("一级", "grade 1"), "grade2": ("二级", "grade 2"), "below": ("未达标", "below"),
                "unknown": ("无法判定", "cannot tell"), "error": ("无法读取", "not loaded")}


def grades_chart(rows: Sequence[dict[str, Any]], lang: str, family: str | None, size_in: tuple[float, float]) -> bytes:
    """Audit overview: how many plans reach each grade, split by whether they have failures."""
    import matplotlib

    i = 1 if (lang == "en" or family is None) else 0
    ok = [sum(1 for r in rows if r["grade_key"] == g and r["fail"] == 0 and g != "error") for g in GRADE_ORDER]
    bad = [sum(1 for r in rows if r["grade_key"] == g and (r["fail"] > 0 or g == "error")) for g in GRADE_ORDER]
    with matplotlib.rc_context(_rc(family)):
        fig = _figure(size_in)
        ax = fig.add_axes((0.1, 0.16, 0.86, 0.74))
        xs = range(len(GRADE_ORDER))
        ax.bar(xs, ok, color=STATUS_COLORS["pass"], label=_t("无不符合项", "no failures", lang, family))
        ax.bar(xs, bad, bottom=ok, color=STATUS_COLORS["fail"], label=_t("有不符合项 / 无法读取", "with failures / not loaded", lang, family))
        for x, a, b in zip(xs, ok, bad):
            if a + b:
                ax.text(x, a + b, str(a + b), ha="center", va="bottom", fontsize=8)
        ax.set_xticks(list(xs), [GRADE_LABELS[g][i] for g in GRADE_ORDER])
        ax.set_ylabel(_t("平面数", "plans", lang, family))
        ax.set_ylim(0, max([a + b for a, b in zip(ok, bad)] + [1]) * 1.18)
        ax.legend(frameon=False, fontsize=7.5)
        for s in ("top", "right"):
            ax.spines[s].set_visible(False)
        return _save(fig, family)
