"""Switchable analysis overlays from ``geometry.circulation``: narrow passages, unreachable
counters, the walking-distance heatmap and the isovist from the main entrance.

Computed on a pool thread after the plan settles; drawn through ``planner.render.draw_geometry``
(and a pixmap for the heatmap).  Menu entries are disabled with a tooltip when the circulation
package is not installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QImage, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsPixmapItem, QMenu

from geometry.model import Plan
from planner.editor.canvas import Z_BADGE, Z_HALL
from planner.editor.i18n_ui import t
from planner.editor.worker import BackgroundRunner
from planner.render import Style, draw_geometry

if TYPE_CHECKING:
    from planner.editor.window import MainWindow

# name -> (zh, en)
OVERLAYS: dict[str, tuple[str, str]] = {
    "narrow": ("狭窄通道(< 1.2 m)", "Narrow passages (< 1.2 m)"),
    "unreachable": ("轮椅可达范围与不可达服务台", "Wheelchair reach and unreachable counters"),
    "heatmap": ("步行距离热力图(自主入口)", "Walking-distance heatmap (from the main entrance)"),
    "isovist": ("主入口视域", "View from the main entrance"),
}
STYLE = {
    "narrow": Style(stroke="#d62728", fill="#d62728", width=1.0, alpha=0.45),
    "pinch": Style(stroke="#d62728", width=3.0),
    "reach": Style(stroke=None, fill="#2ca02c", alpha=0.18),
    "unreachable": Style(stroke="#d62728", fill="#d62728", width=2.5, alpha=0.35),
    "isovist": Style(stroke="#e6a100", fill="#ffd54f", width=1.0, alpha=0.3),
}

UNDER_OBJECTS = {"reach", "isovist"}


def available() -> bool:
    try:
        import geometry.circulation  # noqa: F401
    except ImportError:
        return False
    return True


def compute(plan: Plan, names: set[str]) -> dict[str, Any]:
    """The overlay geometry for ``names`` (pure; runs on a pool thread)."""
    from geometry.circulation import Circulation

    c = Circulation(plan)
    out: dict[str, Any] = {}
    if "narrow" in names:
        cw = c.clear_width(up_to=1.2)
        out["narrow"] = [] if cw is None else [("narrow", p.geometry) for p in cw.passages] + [("pinch", p.where) for p in cw.passages]
    if "unreachable" in names:
        r = c.reach(0.9)
        items: list[tuple[str, Any]] = []
        if r is not None:
            items.append(("reach", r.area))
            items += [("unreachable", plan.get(i).geometry) for i in r.unreachable if plan.get(i) is not None]  # type: ignore[union-attr]
            items += [("pinch", p.where) for p in r.pinches if getattr(p, "where", None) is not None]
        out["unreachable"] = items
    if "heatmap" in names:
        f = c.walk
        out["heatmap"] = None if f is None else (f.grid, np.array(f.values, dtype=float))
    if "isovist" in names:
        iso = c.entrance_isovist
        out["isovist"] = [] if iso is None else [("isovist", iso)]
    return out


def heat_image(values: np.ndarray) -> QImage:
    """RGBA image of a distance field: near = yellow, far = dark blue, off-floor transparent."""
    v = values.copy()
    finite = np.isfinite(v)
    vmax = float(np.nanmax(v[finite])) if finite.any() else 1.0
    norm = np.clip(np.where(finite, v / max(vmax, 1e-9), 1.0), 0, 1)
    stops = np.array([[253, 231, 37], [94, 201, 98], [33, 145, 140], [59, 82, 139], [68, 1, 84]], dtype=float)
    pos = norm * (len(stops) - 1)
    i0 = np.clip(np.floor(pos).astype(int), 0, len(stops) - 2)
    frac = (pos - i0)[..., None]
    rgb = stops[i0] * (1 - frac) + stops[i0 + 1] * frac
    alpha = np.where(np.isnan(values), 0, np.where(finite, 150, 90))
    rgba = np.dstack([rgb, alpha]).astype(np.uint8)[::-1].copy()  # row 0 at the top for QImage
    h, w = rgba.shape[:2]
    return QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


class OverlayAction(QAction):
    def __init__(self, name: str, parent: QObject) -> None:
        super().__init__(parent)
        self.name = name
        self.setCheckable(True)
        self.setObjectName(f"overlay_{name}")

    def retranslate(self) -> None:
        self.setText(t(*OVERLAYS[self.name]))
        if not self.isEnabled():
            self.setToolTip(t("需要 geometry.circulation(分析模块未安装)", "needs geometry.circulation (not installed)"))


class OverlayManager(BackgroundRunner):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.enabled: set[str] = set()
        self.items: list[Any] = []
        self.gen = 0
        self.last_seconds = 0.0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(400)
        self.timer.timeout.connect(self._start)
        window.doc.planChanged.connect(lambda _o, _n: self.request())

    def set_enabled(self, name: str, on: bool) -> None:
        (self.enabled.add if on else self.enabled.discard)(name)
        self.request()

    def request(self) -> None:
        self.gen += 1
        if self.enabled:
            self.timer.start()
        else:
            self._clear()

    def _start(self) -> None:
        plan, names, gen = self.w.doc.plan, set(self.enabled), self.gen
        # an analysis failure comes back as the result: it must not take the editor down
        self.run_in_background(gen, lambda: compute(plan, names), "hallplan-overlay")

    def _clear(self) -> None:
        scene = self.w.scene
        for item in self.items:
            scene.removeItem(item)
        self.items = []
        scene.backend.items.pop("overlay", None)

    def _finished(self, gen: int, res: Any, seconds: float) -> None:
        if gen != self.gen:
            return
        self.last_seconds = seconds
        self._clear()
        if isinstance(res, Exception):
            self.w.statusBar().showMessage(t("分析失败:", "analysis failed: ") + str(res), 8000)
            return
        scene, be = self.w.scene, self.w.scene.backend
        for name in ("narrow", "unreachable", "isovist"):
            for style, g in res.get(name) or []:
                if g is not None and not g.is_empty:
                    z = Z_HALL + 0.6 if style in UNDER_OBJECTS else Z_BADGE - 5  # areas under the objects, marks above
                    with be.group("overlay", z):
                        draw_geometry(be, g, STYLE[style], None)
        self.items = be.items.pop("overlay", [])
        heat = res.get("heatmap")
        if heat is not None:
            grid, values = heat
            item = QGraphicsPixmapItem(QPixmap.fromImage(heat_image(values)))
            item.setTransform(QTransform(grid.res, 0, 0, -grid.res, grid.x0, grid.y0 + grid.ny * grid.res))
            item.setZValue(Z_HALL + 0.5)
            item.setOpacity(0.8)
            scene.addItem(item)
            self.items.append(item)
        self.w.statusBar().showMessage(t(f"分析叠加层已更新({seconds:.1f} s)", f"overlays updated ({seconds:.1f} s)"), 4000)


def build_overlay_actions(window: MainWindow, menu: QMenu) -> dict[str, OverlayAction]:
    ok = available()
    window.overlays = OverlayManager(window)
    acts = {}
    for name in OVERLAYS:
        a = OverlayAction(name, window)
        a.setEnabled(ok)
        a.toggled.connect(lambda on, n=name: window.overlays.set_enabled(n, on))
        menu.addAction(a)
        acts[name] = a
    return acts
