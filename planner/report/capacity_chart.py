"""The service-capacity chart (``standards.capacity``) for the approval PDF and the editor's panel.

Left: per zone, the waiting seats the peak queue needs (bars), with the windows' utilisation and the
mean wait written beside them; a zone whose windows cannot keep up is drawn red with no bound.
Right: seats and waiting area, needed against what the plan has.  Returns None when the analysis
lacks its inputs (the charts page then says what is missing, in one line).
"""

from __future__ import annotations

from typing import Any

from planner.report.charts import AMBER, BLUE, GREEN, GREY, RED, _rc, _save, _t
from standards.engine import Report


def capacity_figure(cap: dict[str, Any], lang: str, family: str | None, size_in: tuple[float, float]) -> Any:
    """The matplotlib figure of a report's ``measures["capacity"]`` (which must have its inputs)."""
    import matplotlib
    from matplotlib.figure import Figure

    zones = cap["zones"]
    en = lang == "en" or family is None
    with matplotlib.rc_context(_rc(family)):
        h = min(size_in[1], max(2.4, 0.45 * len(zones) + 1.4))
        fig = Figure(figsize=(size_in[0], h))
        ax = fig.add_axes((0.25, 0.2, 0.38, 0.68))
        names = [z["zone"]["en" if en else "zh"] for z in zones]
        stable = [z["stable"] for z in zones]
        top = max([z["seats"] or 0 for z in zones] + [1])
        vals = [z["seats"] if z["stable"] else top * 1.15 for z in zones]
        ys = list(range(len(zones)))[::-1]
        ax.barh(ys, vals, color=[BLUE if s else RED for s in stable], height=0.6)
        for y, z, v in zip(ys, zones, vals):
            if z["stable"]:
                note = (f"{z['seats']} · ρ {z['utilisation']:.0%} · {z['mean_wait_min']:.1f} min" if en else
                        f"{z['seats']} 座 · 利用率 {z['utilisation']:.0%} · 等候 {z['mean_wait_min']:.1f} 分")
            else:
                note = f"∞ · ρ {z['utilisation']:.0%}" if en else f"∞ · 利用率 {z['utilisation']:.0%}"
            ax.text(v + top * 0.02, y, note, va="center", fontsize=6.5)
        ax.set_yticks(ys, [f"{n} ({z['windows']})" for n, z in zip(names, zones)])
        ax.set_xlim(0, top * 1.9)
        ax.set_xlabel(_t("高峰排队需等候座位(括号内为窗口数)", "waiting seats for the peak queue (windows in brackets)", lang, family))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        bx = fig.add_axes((0.74, 0.2, 0.24, 0.68))
        need_s, have_s = cap["seats_needed"], cap["seats_planned"]
        need_a, have_a = cap["waiting_area_needed_m2"], cap["waiting_area_m2"]
        labels = [_t("座位", "seats", lang, family), _t("面积 m²", "area m²", lang, family)]
        rel = [(need_s, have_s), (need_a, have_a)]
        for i, (need, have) in enumerate(rel):
            scale = max([v for v in (need, have) if v is not None] + [1])
            if need is not None:
                bx.bar(i - 0.2, need / scale, width=0.38, color=GREY)
                bx.text(i - 0.2, need / scale + 0.03, f"{need:.0f}", ha="center", fontsize=6.5)
            if have is not None:
                ok = need is None or have >= need
                bx.bar(i + 0.2, have / scale, width=0.38, color=GREEN if ok else AMBER)
                bx.text(i + 0.2, have / scale + 0.03, f"{have:.0f}", ha="center", fontsize=6.5)
            else:
                bx.text(i + 0.2, 0.05, _t("未注明", "not given", lang, family), ha="center", rotation=90, fontsize=6.5)
        bx.set_xticks([0, 1], labels)
        bx.set_yticks([])
        bx.set_ylim(0, 1.25)
        for side in ("top", "right", "left"):
            bx.spines[side].set_visible(False)
        bx.set_title(_t("需要(灰)/ 平面(绿)", "needed (grey) / plan (green)", lang, family), fontsize=7)
        fig.text(0.01, 0.03, cap["assumption"]["en" if en else "zh"], fontsize=5.5, color="#555555", wrap=True)
        return fig


def capacity_chart(report: Report, lang: str, family: str | None, size_in: tuple[float, float]) -> tuple[str, bytes] | None:
    """A chart hook of the approval PDF (planner.report.pages): title and one-page PDF, or None."""
    cap = report.measures.get("capacity")
    if not cap or cap.get("missing") or not cap.get("zones"):
        return None
    fig = capacity_figure(cap, lang, family, size_in)
    title = cap["summary"]["en" if lang == "en" else "zh"]
    return (f"Service capacity: {title}" if lang == "en" else f"服务能力:{title}"), _save(fig, family)
