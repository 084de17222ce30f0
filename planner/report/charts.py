"""Charts for the approval PDF and the audit overview: matplotlib figures saved as one-page PDFs.

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

from geometry.measure import zone_areas
from geometry.model import ZONE_KINDS
from planner.render import STATUS_COLORS
from standards.bands import percent_band
from standards.engine import Report

ChartHook = Callable[[Report, str, "str | None", tuple[float, float]], "tuple[str, bytes] | None"]
CHART_HOOKS: list[ChartHook] = []
GREEN, AMBER, RED, GREY, BLUE = "#9fd39f", "#f6d38a", "#f2a8a8", "#8a8a8a", "#2f6db5"
_BOX = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9}


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


def _area(ax: Any, report: Report, lang: str, family: str | None) -> bool:
    """Hall area against the grade bands of the plan's level and population class."""
    area = report.measures.get("hall_area_m2")
    bands = report.measures.get("area_bands")  # the AREA rule's own bands, carried by its finding
    plan = report.plan
    if area is None or not bands:
        return False
    g1, g2 = float(bands["grade1"]), float(bands["grade2"])
    top = max(g1 * 1.35, area * 1.12)
    segments = [(0, g2, RED, _t("未达标", "below", lang, family)), (g2, g1, AMBER, _t("二级", "grade 2", lang, family)),
                (g1, top, GREEN, _t("一级", "grade 1", lang, family))]
    for lo, hi, col, label in segments:
        ax.barh(0, hi - lo, left=lo, height=0.8, color=col, edgecolor="white")
        x = (lo + hi) / 2
        if abs(x - area) < 0.06 * top:  # keep the band's name clear of the hall's marker
            x = lo + (hi - lo) * (0.25 if area > x else 0.75)
        ax.text(x, 0, label, ha="center", va="center", fontsize=8)
    target = plan.context.target_grade or 2
    need = g1 if target == 1 else g2
    ax.plot([need, need], [-0.45, 1.0], color=BLUE, lw=1, ls="--")
    ax.text(need, 1.02, _t(f"目标{'一' if target == 1 else '二'}级 ≥ {need:,.0f} m²", f"target grade {target} ≥ {need:,.0f} m²",
                           lang, family), ha="center", va="bottom", fontsize=7.5, color=BLUE, bbox=_BOX)
    ax.plot([area, area], [-0.5, 0.55], color="#202020", lw=2.2)
    ax.text(area, 0.58, _t(f"本厅 {area:,.0f} m²", f"this hall {area:,.0f} m²", lang, family), ha="center", va="bottom",
            fontsize=8.5, bbox=_BOX)
    ax.set_xlim(0, top)
    ax.set_ylim(-0.6, 1.45)
    ax.set_yticks([])
    ax.set_xlabel("m²")
    for s in ("top", "right", "left"):
        ax.spines[s].set_visible(False)
    return True


def _zones(ax: Any, report: Report, lang: str, family: str | None) -> bool:
    """Area of each functional zone kind."""
    areas = zone_areas(report.plan)
    if not areas:
        return False
    items = sorted(areas.items(), key=lambda kv: kv[1])
    i = 1 if (lang == "en" or family is None) else 0
    labels = [ZONE_KINDS.get(k, (k, k))[i] for k, _ in items]
    bars = ax.barh(range(len(items)), [v for _, v in items], color="#9db4dc", edgecolor="#5a78b0")
    ax.set_yticks(range(len(items)), labels)
    for b, (_, v) in zip(bars, items):
        ax.text(b.get_width(), b.get_y() + b.get_height() / 2, f" {v:,.0f} m²", va="center", fontsize=7.5)
    ax.set_xlim(0, max(v for _, v in items) * 1.22)
    ax.set_xlabel("m²")
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    return True


def _parking(ax: Any, report: Report, lang: str, family: str | None) -> bool:
    """Parking area as a share of the building area, against the pack's band (the PARKING finding's)."""
    import matplotlib.ticker

    ratio = report.measures.get("parking_ratio")
    band = report.measures.get("parking_band")  # the PARKING rule's band, carried by its finding
    if ratio is None or not band:
        return False
    lo, hi = float(band["min"]), float(band["max"])
    top = max(hi * 1.5, ratio * 1.15)
    ax.barh(0, lo, color=RED, height=0.8, edgecolor="white")
    ax.barh(0, hi - lo, left=lo, color=GREEN, height=0.8, edgecolor="white")
    ax.barh(0, top - hi, left=hi, color=AMBER, height=0.8, edgecolor="white")
    ax.text((lo + hi) / 2, 0, percent_band(band) or "", ha="center", va="center", fontsize=8)
    ax.plot([ratio, ratio], [-0.5, 0.55], color="#202020", lw=2.2)
    pa, ba = report.measures.get("parking_area_m2"), report.measures.get("building_area_m2")
    ax.text(ratio, 0.58, _t(f"本中心 {ratio:.1%}({pa:,.0f} / {ba:,.0f} m²)", f"this centre {ratio:.1%} ({pa:,.0f} / {ba:,.0f} m²)",
                            lang, family), ha="center", va="bottom", fontsize=8.5, bbox=_BOX)
    ax.set_xlim(0, top)
    ax.set_ylim(-0.6, 1.1)
    ax.set_yticks([])
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    for s in ("top", "right", "left"):
        ax.spines[s].set_visible(False)
    return True


PANELS: tuple[tuple[str, str, Callable[..., bool]], ...] = (
    ("服务大厅面积与等级标准", "Hall area against the grade bands", _area),
    ("各功能区面积", "Area by zone", _zones),
    ("停车坪比例(建筑面积的 {band})", "Parking ratio ({band} of building area)", _parking),
)


def _panel_title(zh: str, en: str, report: Report, lang: str, family: str | None) -> str:
    """A chart's title, quoting the pack's band where it has one ("{band}")."""
    band = percent_band(report.measures.get("parking_band"))
    if "{band}" in zh and band is None:
        return _t("停车坪占建筑面积比例", "Parking as a share of the building area", lang, family)
    return _t(zh, en, lang, family).replace("{band}", band or "")


def report_charts(report: Report, lang: str, family: str | None, width_in: float) -> tuple[bytes, float]:
    """The report's charts stacked in one figure (one embedded font subset, not one per chart):
    (PDF bytes, height in inches).  A chart without data says so instead of drawing."""
    import matplotlib

    n_zones = max(len({z.kind for z in report.plan.zones}), 1)
    heights = [1.75, 0.75 + 0.24 * n_zones, 1.45]  # inches, title included
    total = sum(heights) + 0.1
    with matplotlib.rc_context(_rc(family)):
        fig = _figure((width_in, total))
        top = total
        for (zh, en, draw), h in zip(PANELS, heights):
            fig.text(0.005, (top - 0.05) / total, _panel_title(zh, en, report, lang, family), fontsize=11, color="#1f3a93", va="top")
            left = 0.3 if draw is _zones else 0.04
            ax = fig.add_axes((left, (top - h + 0.45) / total, 0.95 - left, (h - 0.85) / total))
            if not draw(ax, report, lang, family):
                ax.set_axis_off()
                ax.text(0.0, 0.5, _t("数据不足,无法绘制", "not enough data to draw", lang, family), color=GREY,
                        transform=ax.transAxes, va="center")
            top -= h
        return _save(fig, family), total


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
