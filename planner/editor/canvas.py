"""The Qt render backend and the plan scene.

:class:`QtBackend` implements ``planner.render.Backend`` with QGraphicsItems, so the canvas
draws through the same ``render_plan`` frontend as the PDF.  The scene keeps the items of each
plan object under its id and, when the plan changes, re-renders only the objects whose value
changed (plans are immutable, so identity tells).  The DXF underlay is batched: one cached
QGraphicsPathItem per layer and tile, never one item per entity.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Mapping, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsPathItem, QGraphicsScene, QGraphicsSimpleTextItem,
                               QStyleOptionGraphicsItem, QWidget)
from shapely.geometry import Polygon
from shapely.geometry import box as shapely_box
from shapely.geometry.base import BaseGeometry

from geometry.kinds import draw_order
from geometry.model import Plan
from geometry.textlines import wrap_lines
from planner.editor.badges import Badge, tooltip
from planner.editor.icons import paint_glyph
from planner.render import STATUS_COLORS, STYLES, Coords, Style, render_objects, render_underlay

Z_UNDERLAY, Z_BUILDING, Z_HALL, Z_OBJECT, Z_LABEL, Z_BADGE, Z_SELECTION, Z_HANDLE, Z_PREVIEW = 0, 1, 2, 10, 50, 60, 70, 80, 90
# z by kind: the kinds' drawing order; the building and the hall under everything (overlays lie between)
_TYPE_Z = {k.code: Z_OBJECT + i for i, k in enumerate(draw_order())} | {"building": Z_BUILDING, "hall": Z_HALL}
MARKER_PX = 15
BADGE_PX = 11


def make_pen(style: Style, colour: str | None = None, width: float | None = None) -> QPen:
    if style.stroke is None and colour is None:
        return QPen(Qt.PenStyle.NoPen)
    c = QColor(colour or style.stroke)
    pen = QPen(c, width if width is not None else style.width)
    pen.setCosmetic(True)
    if style.dash:
        pen.setDashPattern([max(d / max(pen.widthF(), 0.5), 0.5) for d in style.dash])
    return pen


def make_brush(style: Style) -> QBrush:
    if style.fill is None:
        return QBrush(Qt.BrushStyle.NoBrush)
    c = QColor(style.fill)
    c.setAlphaF(style.alpha)
    return QBrush(c)


def polygon_path(exterior: Coords, holes: Sequence[Coords] = ()) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in (exterior, *holes):
        if not ring:
            continue
        path.moveTo(ring[0][0], ring[0][1])
        for x, y in ring[1:]:
            path.lineTo(x, y)
        path.closeSubpath()
    return path


def line_path(coords: Coords) -> QPainterPath:
    path = QPainterPath()
    if coords:
        path.moveTo(coords[0][0], coords[0][1])
        for x, y in coords[1:]:
            path.lineTo(x, y)
    return path


def geometry_path(g: BaseGeometry) -> QPainterPath:
    """Outline path of any shapely geometry (for highlights and previews)."""
    path = QPainterPath()
    for part in getattr(g, "geoms", [g]):
        if isinstance(part, Polygon):
            path.addPath(polygon_path(list(part.exterior.coords), [list(r.coords) for r in part.interiors]))
        elif part.geom_type == "Point":
            path.addEllipse(QPointF(part.x, part.y), 0.25, 0.25)
        else:
            path.addPath(line_path(list(part.coords)))
    return path


class MarkerItem(QGraphicsItem):
    """A facility icon of fixed screen size."""

    def __init__(self, kind: str, font_family: str | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.font_family = font_family
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(-MARKER_PX / 2, -MARKER_PX / 2, MARKER_PX, MARKER_PX)

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        paint_glyph(p, self.boundingRect(), self.kind, self.font_family)


class DotItem(QGraphicsItem):
    """A round badge or handle of fixed screen size."""

    def __init__(self, colour: str, px: float = BADGE_PX, square: bool = False, text: str = "", dx: float = 0.0) -> None:
        super().__init__()
        self.colour, self.px, self.square, self.text = colour, px, square, text
        self.dx = dx  # screen pixels to the right of the anchor (badges side by side)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(self.dx - self.px / 2 - 1, -self.px / 2 - 1, self.px + 2, self.px + 2)

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(QColor("#ffffff") if not self.square else QColor("#333333"), 1.2))
        p.setBrush(QColor(self.colour))
        r = QRectF(self.dx - self.px / 2, -self.px / 2, self.px, self.px)
        p.drawRect(r) if self.square else p.drawEllipse(r)
        if self.text:
            f = QFont()
            f.setPixelSize(int(self.px * 0.8))
            f.setBold(True)
            p.setFont(f)
            p.setPen(QColor("#ffffff"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, self.text)


class QtBackend:
    """``planner.render.Backend`` drawing into a QGraphicsScene."""

    def __init__(self, scene: QGraphicsScene, font_family: str | None = None) -> None:
        self.scene = scene
        self.font_family = font_family
        self.items: dict[str, list[QGraphicsItem]] = {}
        self._z_of: Mapping[str, float] = {}  # stacking of plan objects by id (type order, then plan order)
        self._key: str | None = None  # id for calls without obj_id (building, underlay)
        self._z = 0.0
        self._batch: dict[tuple[int, int], QPainterPath] | None = None
        self._tile = 1.0

    @contextmanager
    def group(self, key: str | None, z: float = 0.0, z_of: Mapping[str, float] | None = None) -> Iterator[None]:
        """Items drawn inside are kept under ``key`` (calls without an id) at depth ``z``, or at
        ``z_of[id]`` for the ids listed there."""
        self._key, self._z, self._z_of = key, z, z_of or {}
        try:
            yield
        finally:
            self._key, self._z, self._z_of = None, 0.0, {}

    @contextmanager
    def batched(self, tile: float, style: Style) -> Iterator[None]:
        """Lines and outlines without an id drawn inside become one path item per ``tile``-sized cell
        (the underlay: tens of thousands of lines as a few dozen items)."""
        self._batch, self._tile = {}, max(tile, 1e-6)
        try:
            yield
        finally:
            self._end_batch(style)

    def _add(self, item: QGraphicsItem, obj_id: str | None, z: float | None = None) -> None:
        item.setZValue(z if z is not None else self._z_of.get(obj_id, self._z) if obj_id else self._z)
        self.scene.addItem(item)
        key = obj_id or self._key or ""
        self.items.setdefault(key, []).append(item)

    # --- batching (underlay) --------------------------------------------------

    def _batch_path(self, x: float, y: float) -> QPainterPath:
        assert self._batch is not None
        k = (int(math.floor(x / self._tile)), int(math.floor(y / self._tile)))
        path = self._batch.get(k)
        if path is None:
            path = self._batch[k] = QPainterPath()
        return path

    def _end_batch(self, style: Style) -> None:
        batch, self._batch = self._batch or {}, None
        pen = make_pen(style)
        for path in batch.values():
            item = QGraphicsPathItem(path)
            item.setPen(pen)
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self._add(item, None, Z_UNDERLAY)

    # --- Backend protocol -----------------------------------------------------
    def polygon(self, exterior: Coords, holes: Sequence[Coords], style: Style, obj_id: str | None) -> None:
        if self._batch is not None and obj_id is None:
            path = self._batch_path(*exterior[0])
            for ring in (exterior, *holes):
                path.moveTo(ring[0][0], ring[0][1])
                for x, y in ring[1:]:
                    path.lineTo(x, y)
            return
        item = QGraphicsPathItem(polygon_path(exterior, holes))
        item.setPen(make_pen(style))
        item.setBrush(make_brush(style))
        self._add(item, obj_id)

    def polyline(self, coords: Coords, style: Style, obj_id: str | None) -> None:
        if self._batch is not None and obj_id is None:
            path = self._batch_path(*coords[0])
            path.moveTo(coords[0][0], coords[0][1])
            for x, y in coords[1:]:
                path.lineTo(x, y)
            return
        item = QGraphicsPathItem(line_path(coords))
        item.setPen(make_pen(style))
        self._add(item, obj_id)

    def text(self, x: float, y: float, text: str, size_m: float, style: Style, obj_id: str | None) -> None:
        """Labels keep a readable screen size at every zoom (12 px for zone names, 10 px for smaller ones)."""
        item = QGraphicsSimpleTextItem(text)
        f = QFont(self.font_family) if self.font_family else QFont()
        f.setPixelSize(12 if size_m >= 0.5 else 10)
        item.setFont(f)
        item.setBrush(QColor(style.fill or "#222222"))
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        fm = QFontMetricsF(f)
        item.setTransform(QTransform.fromTranslate(-fm.horizontalAdvance(text) / 2, -fm.height() / 2))
        item.setPos(x, y)
        item.setData(2, (fm.horizontalAdvance(text), fm.height()))  # size on screen, for label_lod
        self._add(item, obj_id, Z_LABEL)

    def marker(self, x: float, y: float, kind: str, size_m: float, style: Style, obj_id: str | None) -> None:
        item = MarkerItem(kind, self.font_family)
        item.setPos(x, y)
        self._add(item, obj_id)


class PlanScene(QGraphicsScene):
    """The scene of one document: underlay, plan objects, badges, selection highlights."""

    def __init__(self, font_family: str | None = None, lang: str = "zh") -> None:
        super().__init__()
        self.backend = QtBackend(self, font_family)
        self.lang = lang
        self.plan = Plan()
        self._badges: list[QGraphicsItem] = []
        self._highlight: list[QGraphicsItem] = []
        self.handles: list[DotItem] = []
        self.setBackgroundBrush(QColor("#fbfbf8"))

    # --- underlay ---------------------------------------------------------------
    def set_underlay(self, underlay: Iterable[tuple[str, BaseGeometry]]) -> None:
        for k in [k for k in self.backend.items if k.startswith("underlay:")]:
            self._drop(k)
        by_layer: dict[str, list[tuple[str, BaseGeometry]]] = {}
        for layer, g in underlay:
            if g is None or g.is_empty:
                continue
            by_layer.setdefault(layer, []).append((layer, g))
        bounds = self._extent(by_layer)
        tile = max((bounds[2] - bounds[0]), (bounds[3] - bounds[1])) / 8.0 if bounds else 1.0
        be = self.backend
        for layer, items in by_layer.items():
            with be.group(f"underlay:{layer}", Z_UNDERLAY), be.batched(tile, STYLES["underlay"]):
                render_underlay(items, be)

    @staticmethod
    def _extent(by_layer: dict[str, list[tuple[str, BaseGeometry]]]) -> tuple[float, float, float, float] | None:
        import numpy as np
        import shapely

        gs = [g for items in by_layer.values() for _l, g in items]
        if not gs:
            return None
        b = shapely.total_bounds(np.array(gs, dtype=object))
        return float(b[0]), float(b[1]), float(b[2]), float(b[3])

    def set_underlay_texts(self, texts: Sequence[Any], limit: int = 30_000) -> int:
        """The drawing's texts, dimmed, in metres (they scale with the zoom); one parent item per
        layer and size class (heights within 2× of each other), so a layer hides at once and texts too
        small to read are skipped by their own size (see :meth:`text_lod`)."""
        for k in [k for k in self.backend.items if k.startswith("utext:")]:
            self._drop(k)
        if not texts or len(texts) > limit:
            return 0
        f = QFont(self.backend.font_family) if self.backend.font_family else QFont()
        f.setPixelSize(100)
        fm = QFontMetricsF(f)
        per_px = 1.0 / fm.height()
        colour = QColor("#5f6b7a")  # darker than the lines: a room name must be findable
        parents: dict[tuple[str, int], QGraphicsItem] = {}
        for tx in texts:
            height = max(tx.height, 1e-3)
            key = (tx.layer, math.floor(math.log2(height)))
            parent = parents.get(key)
            if parent is None:
                parent = parents[key] = QGraphicsPathItem()
                parent.setZValue(Z_UNDERLAY + 0.5)
                parent.setData(2, height)  # the class's largest text (metres), which text_lod compares
                self.addItem(parent)
                self.backend.items.setdefault(f"utext:{tx.layer}", []).append(parent)
            elif height > parent.data(2):
                parent.setData(2, height)
            s = height * per_px
            text = tx.text
            xscale = float(getattr(tx, "xscale", 1.0) or 1.0)  # the text's width factor (TArch writes 0.7)
            column = float(getattr(tx, "width", 0.0) or 0.0)  # an MTEXT's column width (m): wrapped as CAD wraps it
            if column > 0:
                text = "\n".join(wrap_lines(text, column, lambda q: fm.horizontalAdvance(q) * s * xscale))
            item = QGraphicsSimpleTextItem(text, parent)
            item.setFont(f)
            item.setBrush(colour)
            # the drawing's alignment: (x, y) is the left/centre/right end at the baseline/bottom/middle/top
            # (of the whole block when an MTEXT has several lines)
            h_al, v_al = getattr(tx, "halign", 0), getattr(tx, "valign", 0)
            lines = text.split("\n")
            block = fm.height() + (len(lines) - 1) * fm.lineSpacing()
            dx = -max(fm.horizontalAdvance(q) for q in lines) * (0.0, 0.5, 1.0)[h_al if h_al in (0, 1, 2) else 0]
            dy = {0: -fm.ascent(), 1: -block, 2: -block / 2, 3: 0.0}.get(v_al, -fm.ascent())
            t = QTransform().translate(tx.x, tx.y).rotate(tx.rotation).scale(s * xscale, -s).translate(dx, dy)
            item.setTransform(t)
        return len(texts)

    def text_lod(self, px_per_m: float) -> None:
        """Hide the drawing's texts while they would be under 4 pixels high, each size class by its
        own largest text (a room stamp's 2.5 mm unit labels no longer hide its 100 mm name)."""
        for key, items in self.backend.items.items():
            if key.startswith("utext:"):
                for it in items:
                    if it.data(1) is None:  # not hidden by the user
                        it.setVisible(float(it.data(2)) * px_per_m >= 4.0)

    def set_layer_visible(self, layer: str, on: bool) -> None:
        for key in (f"underlay:{layer}", f"utext:{layer}"):
            for it in self.backend.items.get(key, []):
                it.setData(1, None if on else "hidden")
                it.setVisible(on)

    def hidden_layers(self) -> list[str]:
        """The drawing's layers the user has switched off."""
        return sorted({k.split(":", 1)[1] for k, items in self.backend.items.items()
                       if k.startswith(("underlay:", "utext:")) and items and items[0].data(1) == "hidden"}, key=str.casefold)

    def underlay_layers(self) -> list[str]:
        names = [k.split(":", 1)[1] for k in self.backend.items if k.startswith(("underlay:", "utext:"))]
        return sorted(set(names), key=str.casefold)

    # --- plan objects -------------------------------------------------------------
    def _drop(self, key: str) -> None:
        for item in self.backend.items.pop(key, []):
            self.removeItem(item)

    def sync(self, plan: Plan, full: bool = False) -> None:
        """Bring the scene to ``plan``, re-rendering only what changed (everything when ``full``)."""
        old = self.plan
        be = self.backend
        changed, removed = self._diff(old, plan, full)
        for oid in removed:
            self._drop(oid)
        for o in changed:
            self._drop(o.id)
        if changed:
            base = self._zseq  # later renders stack above earlier ones of the same type
            z_of = {o.id: _TYPE_Z.get(o.KIND, Z_OBJECT + 5) + (base + i) * 1e-9 for i, o in enumerate(changed)}
            self._zseq += len(changed)
            with be.group(None, z_of=z_of):
                render_objects(changed, be, lang=self.lang)  # one pass, however many changed
        self.plan = plan

    _zseq = 0

    @staticmethod
    def _diff(old: Plan, new: Plan, full: bool) -> tuple[list[Any], list[str]]:
        """(objects to render, ids to drop).  An edit that replaces objects in place (a drag, a
        property change) is found in one pass over the two tuples, without building indexes."""
        if full:
            return list(new.objects), [o.id for o in old.objects if o.id not in new]
        if len(old.objects) == len(new.objects):
            pairs = [(a, b) for a, b in zip(old.objects, new.objects) if a is not b]
            if all(a.id == b.id for a, b in pairs):
                return [b for _a, b in pairs], []
        return [o for o in new.objects if old.get(o.id) is not o], [o.id for o in old.objects if o.id not in new]

    def label_lod(self, px_per_m: float) -> int:
        """Show a label only where it fits inside its shape at this zoom and does not overlap a
        label already shown (larger shapes first); returns how many are shown."""
        labels: list[tuple[float, QGraphicsItem, float, float, Any]] = []
        for oid, items in self.backend.items.items():
            obj = self.plan.get(oid) if not oid.startswith(("underlay:", "utext:")) else None
            if obj is None:
                continue
            for it in items:
                size = it.data(2)
                if size is not None:
                    labels.append((obj.geometry.area, it, size[0] / px_per_m, size[1] / px_per_m, obj.geometry))
        labels.sort(key=lambda r: -r[0])
        shown: list[tuple[float, float, float, float]] = []
        n = 0
        for _area, it, w, h, g in labels:
            x, y = it.pos().x(), it.pos().y()
            rect = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            fits = g.contains(shapely_box(*rect)) if g.geom_type in ("Polygon", "MultiPolygon") else True
            free = all(rect[2] <= r[0] or rect[0] >= r[2] or rect[3] <= r[1] or rect[1] >= r[3] for r in shown)
            it.setVisible(fits and free)
            if fits and free:
                shown.append(rect)
                n += 1
        return n

    def object_items(self, oid: str) -> list[QGraphicsItem]:
        return self.backend.items.get(oid, [])

    # --- badges and highlights -------------------------------------------------------
    def set_badges(self, badges: Sequence[Badge]) -> None:
        """One badge per finding (see :mod:`planner.editor.badges`), its tooltip the finding's clause and message."""
        for item in self._badges:
            self.removeItem(item)
        self._badges = []
        for b in badges:
            item = DotItem(STATUS_COLORS.get(b.status, "#888888"), text="!" if b.status == "fail" else "",
                           dx=b.slot * (BADGE_PX + 2))
            item.setPos(b.x, b.y)
            item.setZValue(Z_BADGE - b.slot * 1e-3)
            item.setToolTip(tooltip(b.finding, self.lang))
            item.setData(0, b.finding)
            self.addItem(item)
            self._badges.append(item)

    def badge_items(self) -> list[QGraphicsItem]:
        return list(self._badges)

    def set_highlight(self, geoms: Sequence[BaseGeometry], handles: Sequence[tuple[float, float, str]] = ()) -> list[DotItem]:
        for item in self._highlight:
            self.removeItem(item)
        self._highlight = []
        pen = QPen(QColor("#ff8c00"), 2.0)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        for g in geoms:
            item = QGraphicsPathItem(geometry_path(g))
            item.setPen(pen)
            item.setZValue(Z_SELECTION)
            self.addItem(item)
            self._highlight.append(item)
        out = []
        for x, y, role in handles:
            if role.startswith("vertex:"):
                h = DotItem("#1565c0", px=8)
            else:
                h = DotItem("#ffffff" if role != "rotate" else "#ff8c00", px=9, square=role != "rotate")
            h.setPos(x, y)
            h.setZValue(Z_HANDLE)
            h.setData(0, role)
            self.addItem(h)
            self._highlight.append(h)
            out.append(h)
        self.handles = out
        return out

    def item_count(self) -> int:
        return sum(len(v) for v in self.backend.items.values())
