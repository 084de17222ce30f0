"""``export_dxf``: a plan (and its findings) → a DXF in millimetres that CAD programs open.

Every object lands on its own ``HP-*`` layer (names the default layer map reads back), carries
its id and fields as XDATA (app id ``HALLPLAN``), counters are block references with attributes,
facilities are blocks named for their kind, and findings become numbered markers with a callout
on ``HP-FINDINGS``.  Context, signage and checklist travel in an XRECORD, so export → import
gives back the same plan.
"""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import asdict
from typing import Any, Callable, Iterable, Protocol, Sequence

from ezdxf import units as ezunits
from ezdxf.enums import TextEntityAlignment
from ezdxf.filemanagement import new as new_drawing
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.dxf.errors import DxfError
from geometry.dxf.layermap import load_layer_map
from geometry.i18n import get_language
from geometry.kinds import layer_of, writer_layers
from geometry.model import FACILITY_KINDS, ZONE_KINDS, Counter, Plan, object_fields
from geometry.project import ProjectError, atomic_write_bytes

MM = 1000.0  # drawing units per metre
APPID = "HALLPLAN"
LAYERS: dict[str, int] = {**writer_layers(), "HP-TEXT": 7, "HP-FINDINGS": 1}  # layer -> ACI colour (objects' from their kinds)
STATUS_COLOUR = {"fail": 1, "warn": 30, "unknown": 5, "pass": 3, "not_applicable": 8}
COUNTER_TAGS = ("ID", "LABEL", "SERVICE", "HEIGHT", "COLOR", "ACCESSIBLE", "SIGN_ZH", "SIGN_EN", "FRONT")
_BAD_LAYER_CHARS = re.compile(r'[<>/\\":;?*|=`\x00-\x1f]')


def _mm(xy: Iterable[Sequence[float]]) -> list[tuple[float, float]]:
    return [(x * MM, y * MM) for x, y, *_ in xy]


def _xdata(**fields: Any) -> list[tuple[int, str]]:
    out = []
    for k, v in fields.items():
        if v is None:
            continue
        if isinstance(v, bool):
            v = "1" if v else "0"
        out.append((1000, f"{k}={v}"[:250]))
    return out


def _fmt(v: float | None) -> str:
    return "" if v is None else repr(float(v))


class _Writer:
    def __init__(self) -> None:
        self.doc = new_drawing("R2010", setup=True, units=ezunits.MM)
        self.doc.header["$MEASUREMENT"] = 1
        self.doc.appids.add(APPID)
        style = self.doc.styles.get("Standard")
        style.dxf.font = "simsun.ttf"  # a CJK font CAD programs know; they substitute when missing
        for name, colour in LAYERS.items():
            self.doc.layers.add(name, color=colour)
        self.msp = self.doc.modelspace()
        self.lm = load_layer_map()

    def ring(self, coords: Any, layer: str, xd: list[tuple[int, str]] | None, closed: bool = True) -> Any:
        pts = _mm(coords)
        if closed and len(pts) > 1 and pts[0] == pts[-1]:
            pts = pts[:-1]
        e = self.msp.add_lwpolyline(pts, close=closed, dxfattribs={"layer": layer})
        if xd:
            e.set_xdata(APPID, xd)
        return e

    def geom(self, g: BaseGeometry, layer: str, xd: list[tuple[int, str]]) -> None:
        if isinstance(g, Polygon):
            self.ring(g.exterior.coords, layer, xd)
            for hole in g.interiors:
                self.ring(hole.coords, layer, _xdata(hole=True))
        elif isinstance(g, LineString):
            self.ring(g.coords, layer, xd, closed=False)
        elif isinstance(g, Point):
            e = self.msp.add_point((g.x * MM, g.y * MM), dxfattribs={"layer": layer})
            e.set_xdata(APPID, xd)

    def text(self, s: str, at: Point, layer: str = "HP-TEXT", height: float = 250.0, colour: int | None = None) -> None:
        if not s:
            return
        attrs: dict[str, Any] = {"layer": layer, "height": height}
        if colour is not None:
            attrs["color"] = colour
        self.msp.add_text(s, dxfattribs=attrs).set_placement((at.x * MM, at.y * MM), align=TextEntityAlignment.MIDDLE_CENTER)

    def counter_block(self, c: Counter, n: int) -> str:
        name = f"HP_COUNTER_{n}"
        blk = self.doc.blocks.new(name)
        cx, cy = c.geometry.centroid.x, c.geometry.centroid.y
        blk.add_lwpolyline([((x - cx) * MM, (y - cy) * MM) for x, y in c.geometry.exterior.coords[:-1]], close=True)
        for i, tag in enumerate(COUNTER_TAGS):
            blk.add_attdef(tag, (0, -i * 120.0), dxfattribs={"height": 100.0, "flags": 0 if tag in ("ID", "SERVICE") else 1})
        ins = self.msp.add_blockref(name, (cx * MM, cy * MM), dxfattribs={"layer": layer_of("counter")})
        ins.add_auto_attribs({
            "ID": c.id, "LABEL": c.label, "SERVICE": c.service, "HEIGHT": "" if c.height_m is None else f"{c.height_m!r}m",
            "COLOR": c.color or "", "ACCESSIBLE": "是" if c.accessible else "否", "SIGN_ZH": c.sign_zh or "",
            "SIGN_EN": c.sign_en or "", "FRONT": _fmt(c.front),
        })
        ins.set_xdata(APPID, _xdata(id=c.id))
        return name

    def facility_block(self, kind: str) -> str:
        names = [n for n in self.lm.facilities.get(kind, []) if n.isascii()]
        name = names[0].upper() if names else "HP_FACILITY"
        if name not in self.doc.blocks:
            blk = self.doc.blocks.new(name)
            blk.add_circle((0, 0), 250.0)
            blk.add_line((-250.0, 0), (250.0, 0))
            blk.add_line((0, -250.0), (0, 250.0))
        return name

    def point_block(self, name: str) -> str:
        if name not in self.doc.blocks:
            blk = self.doc.blocks.new(name)
            blk.add_circle((0, 0), 300.0)
        return name


def _marker_point(g: BaseGeometry) -> Point:
    if isinstance(g, Point):
        return g
    if isinstance(g, (LineString, MultiLineString)) and not isinstance(g, Polygon):
        return g.interpolate(0.5, normalized=True) if isinstance(g, LineString) else g.representative_point()
    return g.representative_point()


class Callout(Protocol):
    """A numbered finding to mark (``standards.callouts.Callout``: the numbers the PDF uses too)."""

    @property
    def number(self) -> int: ...

    @property
    def status(self) -> str: ...

    @property
    def location(self) -> BaseGeometry | None: ...

    def line(self, lang: str) -> str: ...


def _findings(w: _Writer, callouts: Sequence[Callout], plan: Plan, lang: str) -> None:
    """Numbered markers at each finding's location (findings at one spot share a marker and
    stack their callout lines); findings without a location are listed under the plan."""
    bounds = plan.bounds() or (0.0, 0.0, 10.0, 10.0)
    table_y = bounds[1] - 2.0
    spots: dict[tuple[int, int], list[tuple[Callout, Point]]] = {}
    for c in callouts:
        loc = c.location
        colour = STATUS_COLOUR.get(c.status, 1)
        if loc is None or loc.is_empty:
            w.msp.add_text(c.line(lang), dxfattribs={"layer": "HP-FINDINGS", "height": 200.0, "color": colour,
                                                     "insert": (bounds[0] * MM, table_y * MM)})
            table_y -= 0.4
            continue
        p = _marker_point(loc)
        spots.setdefault((round(p.x * 2), round(p.y * 2)), []).append((c, p))
        if not isinstance(loc, Point):
            g = loc if isinstance(loc, (Polygon, LineString)) else loc.envelope
            e = w.ring(g.exterior.coords, "HP-FINDINGS", None) if isinstance(g, Polygon) else w.ring(g.coords, "HP-FINDINGS", None, closed=False)
            e.dxf.color = colour
    # callouts in a column right of the plan, in the order of the markers from top to bottom, so
    # no two callouts overlap; a leader joins each marker to its lines
    tx = (bounds[2] + 3.0) * MM
    ty = bounds[3] * MM
    for group in sorted(spots.values(), key=lambda g: (-g[0][1].y, g[0][1].x)):
        c0, p = group[0]
        colour = STATUS_COLOUR.get(min((c.status for c, _ in group), key=lambda st: _STATUS_RANK.get(st, 9)), 1)
        nums = [c.number for c, _ in group]
        if len(nums) <= 3:
            label = ",".join(map(str, nums))
        else:  # a run "3–9"; else the first number and how many more (every line beside lists its own)
            label = f"{nums[0]}–{nums[-1]}" if nums[-1] - nums[0] == len(nums) - 1 else f"{nums[0]}+{len(nums) - 1}"
        px, py = p.x * MM, p.y * MM
        w.msp.add_circle((px, py), 400.0, dxfattribs={"layer": "HP-FINDINGS", "color": colour})
        w.text(label, p, "HP-FINDINGS", 300.0 if len(nums) == 1 else 160.0, colour)
        w.msp.add_line((px + 400.0, py), (tx - 200.0, ty + 100.0), dxfattribs={"layer": "HP-FINDINGS", "color": colour})
        for c, _ in group:
            w.msp.add_text(c.line(lang), dxfattribs={"layer": "HP-FINDINGS", "height": 200.0,
                                                     "color": STATUS_COLOUR.get(c.status, 1), "insert": (tx, ty)})
            ty -= 300.0
        ty -= 200.0


_STATUS_RANK = {"fail": 0, "warn": 1, "unknown": 2, "pass": 3, "not_applicable": 4}


def _write_zone(w: _Writer, o: Any, common: dict[str, Any]) -> None:
    w.geom(o.geometry, layer_of("zone"), _xdata(**common, kind=o.kind, seats=o.seats))
    w.text(o.label or ZONE_KINDS.get(o.kind, ("", ""))[0], o.geometry.representative_point())


def _write_consult(w: _Writer, o: Any, common: dict[str, Any]) -> None:
    xd = _xdata(**common, height=None if o.height_m is None else f"{o.height_m!r}m", accessible=o.accessible)
    if isinstance(o.geometry, Point):
        ins = w.msp.add_blockref(w.point_block("HP_CONSULT_POINT"), (o.geometry.x * MM, o.geometry.y * MM),
                                 dxfattribs={"layer": layer_of("consult")})
        ins.set_xdata(APPID, xd + _xdata(geom="point"))
    else:
        w.geom(o.geometry, layer_of("consult"), xd)


def _write_entrance(w: _Writer, o: Any, common: dict[str, Any]) -> None:
    w.geom(o.geometry, layer_of("entrance"), _xdata(**common, main=o.main, accessible=o.accessible, exit=o.exit))
    if o.main:
        w.text("主入口", _marker_point(o.geometry), height=300.0)


def _write_facility(w: _Writer, o: Any, common: dict[str, Any]) -> None:
    g = o.geometry
    ins = w.msp.add_blockref(w.facility_block(o.kind), (g.x * MM, g.y * MM), dxfattribs={"layer": layer_of("facility")})
    ins.set_xdata(APPID, _xdata(**common, kind=o.kind))
    w.text(FACILITY_KINDS.get(o.kind, ("", ""))[0], Point(g.x, g.y - 0.45), height=150.0)


def _write_fields(w: _Writer, o: Any, common: dict[str, Any]) -> None:
    """Any other kind: its outline on its kind's layer (or sublayer), its fields as XDATA; lengths
    in metres are written with their unit (``width=1.2m``) as the importer reads them."""
    fields = {k[:-2] if k.endswith("_m") else k: (f"{v!r}m" if k.endswith("_m") and v is not None else v)
              for k, v in object_fields(o).items() if k not in ("id", "label")}
    w.geom(o.geometry, layer_of(o.KIND, fields.get("kind")), _xdata(**common, **fields))


def _write_room(w: _Writer, o: Any, common: dict[str, Any]) -> None:
    """A room as an area layer is drawn: its outline and its label (name, stated area), with XDATA that
    gives them back exactly (``geometry.dxf.room_areas`` reads both)."""
    w.geom(o.geometry, layer_of(o.KIND), _xdata(**common, stated=None if o.stated_area_m2 is None else repr(o.stated_area_m2),
                                                 floor=o.floor or None, hall_part=o.hall_part or None,
                                                 source_layer=o.layer or None))
    label = o.label + (f" 使用面积:{o.stated_area_m2:.2f}㎡" if o.stated_area_m2 is not None else "")
    w.text(label.strip(), o.geometry.representative_point(), layer="HP-ROOM-TEXT", height=200.0)


# how each kind is written, when it needs more than its outline and fields (counters: their own block)
_WRITE: dict[str, Callable[[_Writer, Any, dict[str, Any]], None]] = {
    "zone": _write_zone, "consult": _write_consult, "entrance": _write_entrance, "facility": _write_facility,
    "room": _write_room,
}


def build_document(plan: Plan, callouts: Sequence[Callout] = (), underlay: Iterable[tuple[str, BaseGeometry]] | None = None,
                   lang: str | None = None) -> Any:
    """The ezdxf document for a plan (for callers that want to add to it before saving)."""
    w = _Writer()
    if underlay:
        for layer, g in underlay:
            name = "UNDERLAY-" + _BAD_LAYER_CHARS.sub("_", layer)[:200]
            if name not in w.doc.layers:
                w.doc.layers.add(name, color=8)
            for part in getattr(g, "geoms", [g]):
                if isinstance(part, LineString) and len(part.coords) >= 2:
                    w.ring(part.coords, name, None, closed=False)
                elif isinstance(part, Polygon):
                    w.ring(part.exterior.coords, name, None)
    n_counter = 0
    for o in plan.objects:
        if isinstance(o, Counter):
            n_counter += 1
            w.counter_block(o, n_counter)
        else:
            _WRITE.get(o.KIND, _write_fields)(w, o, {"id": o.id, "label": o.label or None})
    _findings(w, callouts, plan, lang or get_language())
    extra = {"context": asdict(plan.context), "signage": asdict(plan.signage), "checklist": dict(plan.checklist)}
    blob = json.dumps(extra, ensure_ascii=False)
    w.doc.rootdict.add_xrecord(APPID).reset([(1, blob[i:i + 200]) for i in range(0, len(blob), 200)])
    return w.doc


def export_dxf(plan: Plan, path: str | os.PathLike[str], callouts: Sequence[Callout] = (),
               underlay: Iterable[tuple[str, BaseGeometry]] | None = None, *, lang: str | None = None) -> None:
    """Write ``plan`` (metres) as a millimetre DXF (R2010) with a findings layer; atomic save.

    ``callouts``: the numbered findings to mark, ``standards.callouts.number_findings(report.findings)``,
    the same numbers the approval PDF prints.  ``underlay`` (layer, geometry in metres) goes on grey UNDERLAY-* layers.
    Callouts are in ``lang`` ("zh"/"en"; default: the process language, see geometry.i18n).
    """
    doc = build_document(plan, callouts, underlay, lang)
    buf = io.StringIO()
    doc.write(buf)
    try:
        atomic_write_bytes(path, buf.getvalue().encode("utf-8"))
    except ProjectError as exc:
        raise DxfError(exc.zh, exc.en) from None
