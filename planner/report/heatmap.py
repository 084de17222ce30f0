"""Walking-distance heatmap from the main entrance (``geometry.circulation``), for the approval PDF.

The distance field is a raster by nature, so it is embedded as an image under vector outlines
(hall, counters, zones) and a vector colour bar.  Returns None when the plan has no hall or no
main entrance, or when the circulation analyses are not available.
"""

from __future__ import annotations

from typing import Any

from planner.report.charts import _rc, _save, _t
from standards.engine import Report


def heatmap_applies(report: Report) -> bool:
    """Whether the plan can have a heatmap (a hall and a main entrance): without them
    :func:`walking_heatmap` draws nothing, so nothing needs matplotlib."""
    return report.plan.hall is not None and report.plan.main_entrance() is not None


def walking_heatmap(report: Report, lang: str, family: str | None, size_in: tuple[float, float]) -> tuple[str, bytes] | None:
    try:
        from geometry.circulation.analysis import analysis_of
    except ImportError:
        return None
    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure

    plan = report.plan
    field = analysis_of(plan).walk  # the check's own field when the check analysed this plan
    if field is None or plan.hall is None:
        return None
    v = np.where(np.isfinite(field.values), field.values, np.nan)
    if not np.isfinite(v).any():
        return None
    x0, y0, x1, y1 = plan.hall.bounds
    w_in = size_in[0]
    h_in = min(max(w_in * (y1 - y0) / max(x1 - x0, 1e-9) + 0.4, 2.0), size_in[1])
    with matplotlib.rc_context(_rc(family)):
        fig = Figure(figsize=(w_in, h_in))
        ax = fig.add_axes((0.02, 0.04, 0.84, 0.92))
        cmap = matplotlib.colormaps["viridis_r"].with_extremes(bad="white")
        im = ax.imshow(np.ma.masked_invalid(v), origin="lower", extent=field.extent, cmap=cmap, interpolation="nearest")
        _outline(ax, plan.hall, "#1f3a93", 1.2)
        for c in plan.counters:
            _outline(ax, c.geometry, "#202020", 0.5, fill="#5b3a29")
        for z in plan.zones:
            _outline(ax, z.geometry, "#555555", 0.4)
        ent = plan.main_entrance()
        if ent is not None:
            xs, ys = ent.geometry.xy if ent.geometry.geom_type == "LineString" else ([ent.geometry.x], [ent.geometry.y])
            ax.plot(list(xs), list(ys), color="#d62728", lw=3)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_axis_off()
        cax = fig.add_axes((0.88, 0.1, 0.025, 0.8))
        cb = fig.colorbar(im, cax=cax)
        cb.set_label(_t("步行距离(m)", "walking distance (m)", lang, family))
        far = field.max_distance()
        title = (f"Walking distance from the main entrance (farthest {far:.1f} m)" if lang == "en"
                 else f"自主入口的步行距离(最远 {far:.1f} m)")
        return title, _save(fig, family)


def _outline(ax: Any, g: Any, colour: str, lw: float, fill: str | None = None) -> None:
    for part in getattr(g, "geoms", [g]):
        if part.geom_type != "Polygon":
            continue
        xs, ys = part.exterior.xy
        if fill:
            ax.fill(list(xs), list(ys), color=fill, lw=0)
        ax.plot(list(xs), list(ys), color=colour, lw=lw)
