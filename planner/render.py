"""One narrow drawing interface shared by the Qt canvas, the PDF page and tests.

``render_plan`` walks the plan and calls a backend with a few primitives.  The
backends (Qt scene, reportlab canvas, a recording backend for tests) implement
:class:`Backend`.  No Qt or reportlab import here.

The walk has two entry points a backend user may call on their own — the canvas re-renders only
the objects that changed, the PDF prints the drawing's texts between the drawing and the objects:
:func:`render_underlay` (the drawing, dimmed, without ids) and :func:`render_objects` (plan objects,
the building and the hall among them, in the kinds' drawing order, then their labels).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol, Sequence

from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.kinds import draw_order
from geometry.model import OBJECT_TYPES, Counter, Plan, PlanObject, FACILITY_KINDS, ZONE_KINDS

Coords = Sequence[tuple[float, float]]


@dataclass(frozen=True)
class Style:
    stroke: str | None = "#333333"  # hex colour or None
    fill: str | None = None
    width: float = 0.5  # stroke width in points/pixels (cosmetic)
    alpha: float = 1.0
    dash: tuple[float, ...] = ()


class Backend(Protocol):
    def polygon(self, exterior: Coords, holes: Sequence[Coords], style: Style, obj_id: str | None) -> None: ...

    def polyline(self, coords: Coords, style: Style, obj_id: str | None) -> None: ...

    def text(self, x: float, y: float, text: str, size_m: float, style: Style, obj_id: str | None) -> None: ...

    def marker(self, x: float, y: float, kind: str, size_m: float, style: Style, obj_id: str | None) -> None: ...


class BatchBackend(Backend, Protocol):
    """A backend that can also take a run of consecutive objects of one style in one call (the PDF
    page: a real floor has two thousand walls).  It must draw exactly what :func:`draw_geometry` on
    each of them, in order, would."""

    def geometries(self, geoms: Sequence[BaseGeometry], style: Style, obj_ids: Sequence[str | None]) -> None: ...


# colours by object kind (geometry.kinds codes; "kind:variant" for a zone's kind, an accessible counter, the main
# entrance); hall objects in colour, underlay dimmed
STYLES: dict[str, Style] = {
    "underlay": Style(stroke="#b8b8b8", width=0.3),
    "building": Style(stroke="#555555", width=1.2),
    "hall": Style(stroke="#1f3a93", fill="#e3eafa", width=1.5, alpha=0.55),  # see-through: room names of the drawing stay readable
    "zone": Style(stroke="#7a8fb8", fill="#dfe7f5", width=0.6, alpha=0.6),
    "zone:waiting": Style(stroke="#4f9a5a", fill="#dcf0dc", width=0.6, alpha=0.6),
    "zone:special_population": Style(stroke="#a05fb8", fill="#f0e0f7", width=0.6, alpha=0.6),
    "zone:self_service": Style(stroke="#4f8fb0", fill="#dcecf4", width=0.6, alpha=0.6),
    "zone:office": Style(stroke="#999999", fill="#eeeeee", width=0.6, alpha=0.6),
    "counter": Style(stroke="#202020", fill="#5b3a29", width=0.6),
    "counter:accessible": Style(stroke="#202020", fill="#2f6db5", width=0.6),
    "consult": Style(stroke="#202020", fill="#d98c1f", width=0.6),
    "entrance": Style(stroke="#d62728", width=3.0),
    "entrance:main": Style(stroke="#d62728", width=4.5),
    "obstacle": Style(stroke="#333333", fill="#777777", width=0.6),
    "route": Style(stroke="#2f6db5", width=2.0, dash=(4.0, 2.0)),
    "ramp": Style(stroke="#2f6db5", fill="#cfe0f3", width=0.8, dash=(2.0, 1.0)),
    "parking": Style(stroke="#6b6b6b", fill="#e8e8e8", width=0.6, dash=(3.0, 2.0)),
    "facility": Style(stroke="#1b5e20", fill="#66bb6a", width=0.5),
    "room": Style(stroke="#8c6d9e", width=0.4, dash=(2.0, 1.5)),  # outlines only: the hall and its objects stay visible
    "label": Style(stroke=None, fill="#222222"),
}
STATUS_COLORS = {"fail": "#d62728", "warn": "#f0a020", "unknown": "#8a8a8a", "pass": "#2ca02c", "not_applicable": "#bbbbbb"}


# kinds whose objects carry a text on the drawing: kind -> (text height in metres, default text zh/en;
# None: the name of the object's own kind, a zone's)
LABELS: dict[str, tuple[float, tuple[str, str] | None]] = {
    "zone": (0.6, None), "consult": (0.35, ("咨询台", "Consultation")), "parking": (0.35, ("停车场", "Parking")),
}
MARKER_KINDS = frozenset({"facility"})  # point kinds drawn as the marker of their own kind (a symbol per facility)


def style_for(obj: PlanObject) -> Style:
    """The object's style: ``STYLES["kind:variant"]`` when there is one (a waiting zone, an accessible
    counter, the main entrance), else its kind's, else the obstacles'."""
    kind = obj.KIND
    sub = getattr(obj, "kind", None)  # the variants, most specific first: its own kind, main, accessible
    if isinstance(sub, str) and (st := STYLES.get(f"{kind}:{sub}")) is not None:
        return st
    if getattr(obj, "main", False) is True and (st := STYLES.get(f"{kind}:main")) is not None:
        return st
    if getattr(obj, "accessible", False) is True and (st := STYLES.get(f"{kind}:accessible")) is not None:
        return st
    return STYLES.get(kind, STYLES["obstacle"])


def label_for(obj: PlanObject, lang: str = "zh") -> str:
    if obj.label:
        return obj.label
    i = 1 if lang == "en" else 0
    if isinstance(obj, Counter):
        return obj.service
    spec = LABELS.get(obj.KIND)
    if spec is None:
        return ""
    if spec[1] is None:
        sub = str(getattr(obj, "kind", ""))
        return ZONE_KINDS.get(sub, (sub, sub))[i] if obj.KIND == "zone" else ""
    return spec[1][i]


def draw_geometry(backend: Backend, g: BaseGeometry, style: Style, obj_id: str | None = None) -> None:
    if g is None or g.is_empty:
        return
    if isinstance(g, Polygon):
        backend.polygon(list(g.exterior.coords), [list(r.coords) for r in g.interiors], style, obj_id)
    elif isinstance(g, LineString):
        backend.polyline(list(g.coords), style, obj_id)
    elif isinstance(g, Point):
        backend.marker(g.x, g.y, "dot", 0.4, style, obj_id)
    elif isinstance(g, (MultiPolygon, MultiLineString)) or hasattr(g, "geoms"):
        for part in g.geoms:
            draw_geometry(backend, part, style, obj_id)


def render_underlay(underlay: Iterable[tuple[str, BaseGeometry]], backend: Backend) -> None:
    """The drawing's (layer, geometry) pairs, dimmed, without ids."""
    style = STYLES["underlay"]
    for _layer, g in underlay:
        draw_geometry(backend, g, style)


def render_objects(objects: Iterable[PlanObject], backend: Backend, *, lang: str = "zh", labels: bool = True) -> None:
    """Plan objects in the kinds' drawing order (plan order within a kind), then their labels."""
    objs = tuple(objects)
    rank = {kind.code: i for i, kind in enumerate(draw_order())}  # the kinds' drawing order (geometry.kinds)
    buckets: list[list[PlanObject]] = [[] for _ in rank]
    for obj in objs:
        i = rank.get(obj.KIND)
        if i is not None and OBJECT_TYPES.get(obj.KIND) is not None:
            buckets[i].append(obj)
    many = getattr(backend, "geometries", None)  # a BatchBackend takes each run of one style in one call
    for bucket in buckets:
        styles = [style_for(obj) for obj in bucket]
        i = 0
        while i < len(bucket):
            obj, st = bucket[i], styles[i]
            if obj.KIND in MARKER_KINDS:
                backend.marker(obj.geometry.x, obj.geometry.y, str(getattr(obj, "kind", "dot")), 0.5, st, obj.id)
                i += 1
            elif many is None:
                draw_geometry(backend, obj.geometry, st, obj.id)
                i += 1
            else:
                j = i + 1
                while j < len(bucket) and styles[j] is st and bucket[j].KIND not in MARKER_KINDS:
                    j += 1
                many([o.geometry for o in bucket[i:j]], st, [o.id for o in bucket[i:j]])
                i = j
    if labels:
        for obj in objs:
            spec = LABELS.get(obj.KIND)
            if spec is not None:
                text = label_for(obj, lang)
                if text:
                    p = obj.geometry.representative_point()
                    backend.text(p.x, p.y, text, spec[0], STYLES["label"], obj.id)


def render_plan(plan: Plan, backend: Backend, *, underlay: Iterable[tuple[str, BaseGeometry]] | None = None,
                lang: str = "zh", labels: bool = True) -> None:
    """Draw the underlay (dimmed), then every object (the building and the hall first) in the kinds' drawing order."""
    if underlay:
        render_underlay(underlay, backend)
    render_objects(plan.objects, backend, lang=lang, labels=labels)


@dataclass
class RecordingBackend:
    """Records every call: what tests assert on instead of pixels."""

    calls: list[tuple[str, Any]] = field(default_factory=list)

    def polygon(self, exterior: Coords, holes: Sequence[Coords], style: Style, obj_id: str | None) -> None:
        self.calls.append(("polygon", (obj_id, len(exterior), len(holes), style)))

    def polyline(self, coords: Coords, style: Style, obj_id: str | None) -> None:
        self.calls.append(("polyline", (obj_id, len(coords), style)))

    def text(self, x: float, y: float, text: str, size_m: float, style: Style, obj_id: str | None) -> None:
        self.calls.append(("text", (obj_id, text)))

    def marker(self, x: float, y: float, kind: str, size_m: float, style: Style, obj_id: str | None) -> None:
        self.calls.append(("marker", (obj_id, kind)))

    def ids(self, kind: str | None = None) -> list[str | None]:
        return [c[1][0] for c in self.calls if kind is None or c[0] == kind]


__all__ = ["Backend", "BatchBackend", "Style", "STYLES", "STATUS_COLORS", "render_plan", "render_underlay", "render_objects",
           "draw_geometry", "RecordingBackend",
           "FACILITY_KINDS", "style_for", "label_for", "LABELS", "MARKER_KINDS"]
