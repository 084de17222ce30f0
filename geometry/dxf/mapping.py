"""From collected DXF primitives to plan objects (in metres), with what was skipped and why."""

from __future__ import annotations

import copy
import re
from collections import Counter as Tally
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from geometry.dxf.collect import BlockRef, Collected, Shape, TextItem
from geometry.dxf.columns import polygons_from_parts
from geometry.dxf.layermap import LayerMap
from geometry.dxf.room_areas import AreaPlan, area_plan, even_odd
from geometry.hall_rooms import named, union_hall
from geometry.dxf.units import parse_length
from geometry.kinds import KINDS
from geometry.validate import repairing
from geometry.model import (FACILITY_KINDS, OBJECT_SPECS, OBJECT_TYPES, OBSTACLE_KINDS, ZONE_KINDS, ConsultDesk, Counter,
                            Entrance, Facility, Obstacle, Parking, PlanObject, Room, Route, Zone)

_TRUE = {"1", "y", "yes", "true", "是", "有", "√", "on"}
_FALSE = {"0", "n", "no", "false", "否", "无", "×", "off"}
_STALLS = re.compile(r"(\d+)\s*(?:个|辆)?\s*(?:车位|泊位|stalls?|spaces?|parking)", re.IGNORECASE)
_ROLE_OBSTACLE = {r: r if r in OBSTACLE_KINDS else "other" for r in KINDS["obstacle"].roles}  # obstacle layer role -> its kind
_ATTR_NAMES = {"height": ("高度", "height"), "width": ("宽度", "width"), "stalls": ("车位", "stalls"),
               "accessible_stalls": ("无障碍车位", "accessible stalls"), "seats": ("座位", "seats")}
ATTR_TAGS: dict[str, tuple[str, ...]] = {
    "height": ("HEIGHT", "高度", "H"),
    "color": ("COLOR", "COLOUR", "颜色"),
    "service": ("SERVICE", "窗口", "业务"),
    "accessible": ("ACCESSIBLE", "无障碍"),
    "label": ("LABEL", "NAME", "名称", "编号"),
    "main": ("MAIN", "主入口"),
    "sign_zh": ("SIGN_ZH", "标识"),
    "sign_en": ("SIGN_EN",),
    "front": ("FRONT", "朝向"),
    "stalls": ("STALLS", "车位"),
    "accessible_stalls": ("ACCESSIBLE_STALLS", "无障碍车位"),
    "width": ("WIDTH", "宽度"),
    "seats": ("SEATS", "座位"),
    "kind": ("KIND", "类型"),
    "id": ("ID", "HP_ID"),
}


def truthy(v: str | None) -> bool | None:
    """Yes/no from an attribute value; None when it says neither.

    >>> truthy("是"), truthy("No"), truthy("maybe"), truthy(None)
    (True, False, None, None)
    """
    if v is None:
        return None
    s = v.strip().lower()
    return True if s in _TRUE else False if s in _FALSE else None


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v else None
    except ValueError:
        return None


@dataclass
class Built:
    """What :func:`map_objects` made of the collected drawing."""

    hall: Polygon | None = None
    hall_how: tuple[str, str] | None = None  # how the hall was found (zh, en)
    building: Polygon | None = None
    objects: list[PlanObject] = field(default_factory=list)  # with their final ids
    dropped: int = 0  # obstacles outside the hall, kept in the underlay only
    recognised: dict[str, Tally[str]] = field(default_factory=dict)  # layer -> object kind -> n
    skipped: Tally[tuple[str, str]] = field(default_factory=Tally)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    holes: dict[str, int] = field(default_factory=dict)  # role -> inner outlines cut out of the one taken
    area: AreaPlan = field(default_factory=AreaPlan)  # rooms, floors and building area of the area layers


HallFinder = Callable[[list[tuple[str, str]]], tuple[Polygon | None, tuple[str, str] | None]]


def map_objects(col: Collected, lm: LayerMap, scale: float, find_hall: HallFinder | None = None,
                hall_room: str | None = None) -> Built:
    """The plan objects of a collected drawing: the hall and building outlines, the rooms of the area
    layers, then every shape and block reference by its role, with stable ids.  The hall is the
    hall layer's outline; else (or when ``hall_room`` names one) the rooms of that name, or named as
    a hall; else ``find_hall(warnings)`` (e.g. closed from the walls around its label)."""
    mp = Mapper(col, lm, scale)
    out = mp.out
    hall, hall_layer = mp.boundary("hall")
    if hall is not None:
        holes = f",含 {out.holes['hall']} 个洞口" if out.holes.get("hall") else ""
        holes_en = f", {out.holes['hall']} hole(s) cut out" if out.holes.get("hall") else ""
        out.hall_how = (f"图层 {hall_layer} 上的闭合边界,{hall.area:.1f} m²{holes}", f"closed outline on layer {hall_layer}, {hall.area:.1f} m²{holes_en}")
    out.area = area = area_plan(col, lm, scale)
    out.building, _ = mp.boundary("building", warn=len(area.floors) <= 1)  # one outline per floor is no surprise
    if area.building is not None:
        out.building = area.building
    out.warnings.extend(area.warnings)
    rooms = [Room(id="", geometry=r.geometry, label=r.name, stated_area_m2=r.stated_m2,
                  layer=(r.xdata or {}).get("source_layer", r.layer), floor=r.floor, hall_part=truthy((r.xdata or {}).get("hall_part")) is True)
             for r in area.rooms]
    parts: list[Room] = []
    if hall_room:
        parts = named(rooms, hall_room)
        if not parts:
            out.warnings.append((f"面积图层上没有名为“{hall_room}”的房间", f"no room on the area layers is named '{hall_room}'"))
    elif hall is None:
        parts = [r for r in rooms if r.label and lm.is_hall_label(r.label)]
    room_hall = union_hall([r.geometry for r in parts], [r.floor for r in parts])
    if room_hall is not None:
        hall = room_hall
        total = sum(r.geometry.area for r in parts)
        name = parts[0].label
        if len(parts) == 1:
            out.hall_how = (f"面积图层上名为“{name}”的房间,{total:.1f} m²", f"the room named '{name}' on the area layer, {total:.1f} m²")
        else:
            where = "、".join(f"{r.floor or '—'} {r.geometry.area:.1f} m²" for r in parts)
            where_en = ", ".join(f"{r.floor or '—'} {r.geometry.area:.1f} m²" for r in parts)
            out.hall_how = (f"面积图层上 {len(parts)} 个名为“{name}”的房间合并,合计 {total:.1f} m²({where})",
                            f"{len(parts)} rooms named '{name}' on the area layers, joined: {total:.1f} m² in all ({where_en})")
        keep = {id(r) for r in parts}
        rooms = [replace(r, hall_part=id(r) in keep) for r in rooms]
    if hall is None and find_hall is not None:
        hall, out.hall_how = find_hall(out.warnings)
    out.hall = hall
    if hall is not None:
        mp.clip = hall.buffer(1.0).bounds  # walls far outside the hall stay in the underlay only
        for r in rooms:
            if r.hall_part:
                x0, y0, x1, y1 = mp.clip
                a0, b0, a1, b1 = r.geometry.buffer(1.0).bounds
                mp.clip = (min(x0, a0), min(y0, b0), max(x1, a1), max(y1, b1))
    with repairing() as repaired:  # a value the model refuses (−800 mm as a height) becomes unknown, with a warning
        mp.shape_objects()
        mp.block_objects()
    for k, (r, found) in enumerate(zip(rooms, area.rooms)):
        mp._seq = 1_000_000_000 + k  # rooms after the drawn objects, in the order of the area layers
        mp.add("room", found.layer, r, found.xdata)
    for obj, fld, exc in repaired:
        at = obj.geometry.representative_point()
        mended = getattr(obj, fld) is not None
        out.warnings.append((f"{exc.zh}(位于 {at.x:.1f}, {at.y:.1f} m),{'已修正' if mended else '已记为未知'}",
                             f"{exc.en} (at {at.x:.1f}, {at.y:.1f} m); {'mended' if mended else 'taken as unknown'}"))
    mp.repair_warnings()
    out.objects = mp.finish_ids()
    out.dropped = mp.dropped
    return out


class Mapper:
    """The steps behind :func:`map_objects` (one drawing, used once)."""

    def __init__(self, col: Collected, lm: LayerMap, scale: float) -> None:
        self.col, self.map, self.scale = col, lm, scale
        self.out = Built()
        self.texts = [(t, Point(t.x * scale, t.y * scale)) for t in col.texts]
        self._tree = STRtree([p for _, p in self.texts]) if self.texts else None
        self._ids: dict[str, int] = {}
        self._pending: list[tuple[int, str, str | None, PlanObject]] = []
        self._seq = 0
        self.clip: tuple[float, float, float, float] | None = None  # obstacles outside this box are not plan objects
        self.dropped = 0
        self.repaired: Tally[str] = Tally()
        self.bad_attrs: Tally[tuple[str, str, str, str, str, str]] = Tally()  # (where zh, en, tag zh, en, value, kind) -> n
        self.repaired_at: dict[str, str] = {}

    # --- helpers ---------------------------------------------------------------
    def m(self, pts: np.ndarray) -> np.ndarray:
        return pts * self.scale

    def _note(self, layer: str, kind: str) -> None:
        self.out.recognised.setdefault(layer, Tally())[kind] += 1

    def polygon(self, pts: np.ndarray, closed: bool, where: str, holes: list[np.ndarray] | None = None) -> Polygon | None:
        pts = self.m(pts)
        if len(pts) >= 3 and not closed and np.hypot(*(pts[0] - pts[-1])) <= 0.001:
            closed = True
        if not closed or len(pts) < 3:
            return None
        poly = Polygon(pts, [self.m(h) for h in holes or () if len(h) >= 3])
        if poly.is_valid and poly.area > 0:
            return poly
        fixed = shapely.make_valid(poly)
        best = max((g for g in getattr(fixed, "geoms", [fixed]) if isinstance(g, Polygon)), key=lambda g: g.area, default=None)
        if best is None or best.area <= 0:
            return None
        self.repaired[where.rsplit(" ", 2)[0]] += 1
        self.repaired_at.setdefault(where.rsplit(" ", 2)[0], where)
        return best

    def repair_warnings(self) -> None:
        self.attr_warnings()
        for layer, n in self.repaired.items():
            self.out.warnings.append((f"图层 {layer}:{n} 个边界自相交,已修复为各自面积最大的部分(如 {self.repaired_at[layer]})",
                                      f"layer {layer}: {n} self-intersecting outlines repaired to their largest part (e.g. {self.repaired_at[layer]})"))

    def texts_in(self, poly: BaseGeometry) -> list[TextItem]:
        if self._tree is None:
            return []
        idx = self._tree.query(poly, predicate="contains")
        return [t for t in (self.texts[i][0] for i in sorted(idx)) if not self.map.is_not_name(t.text)]

    def texts_near(self, geom: BaseGeometry, dist: float) -> list[TextItem]:
        if self._tree is None:
            return []
        idx = self._tree.query(geom, predicate="dwithin", distance=dist)
        return [self.texts[i][0] for i in sorted(idx)]

    @staticmethod
    def attr(attribs: dict[str, str], xdata: dict[str, str] | None, name: str) -> str | None:
        return Mapper.attr_tag(attribs, xdata, name)[0]

    @staticmethod
    def attr_tag(attribs: dict[str, str], xdata: dict[str, str] | None, name: str) -> tuple[str | None, str]:
        """The value for ``name`` and the tag it was found under ("" for HallPlan's own XDATA)."""
        if xdata and name in xdata:
            return xdata[name], ""
        for tag in ATTR_TAGS.get(name, (name.upper(),)):
            if tag.upper() in attribs:
                return attribs[tag.upper()], tag
        return None, ""

    def length(self, attribs: dict[str, str], xdata: dict[str, str] | None, name: str, what: tuple[str, str]) -> float | None:
        """A length attribute in metres; a value that is there but unreadable, zero or negative is
        left unknown and reported (block or entity ``what``, the tag, the value)."""
        value, tag = self.attr_tag(attribs, xdata, name)
        if value is None or not value.strip():
            return None
        metres = parse_length(value, self.scale)
        if metres is None:
            self.bad_attrs[(*what, tag or _ATTR_NAMES.get(name, (name, name))[0], tag or _ATTR_NAMES.get(name, (name, name))[1],
                            value.strip()[:40], "length")] += 1
        return metres

    def count(self, attribs: dict[str, str], xdata: dict[str, str] | None, name: str, what: tuple[str, str]) -> int | None:
        """A count attribute (stalls, seats); unreadable or negative values are unknown and reported."""
        value, tag = self.attr_tag(attribs, xdata, name)
        if value is None or not value.strip():
            return None
        if re.fullmatch(r"\s*\d{1,9}\s*", value):
            return int(value)
        self.bad_attrs[(*what, tag or _ATTR_NAMES.get(name, (name, name))[0], tag or _ATTR_NAMES.get(name, (name, name))[1],
                        value.strip()[:40], "count")] += 1
        return None

    def attr_warnings(self) -> None:
        for (what_zh, what_en, tag_zh, tag_en, value, kind), n in self.bad_attrs.items():
            times = f"(× {n})" if n > 1 else ""
            times_en = f" (× {n})" if n > 1 else ""
            need_zh, need_en = ("长度(正数,可带 mm/cm/m)", "length (a positive number, mm/cm/m allowed)") if kind == "length" else \
                ("数量(非负整数)", "count (a whole number)")
            self.out.warnings.append((f"{what_zh} 的属性 {tag_zh} = “{value}” 不是可读的{need_zh},按未知处理{times}",
                                      f"{what_en}: attribute {tag_en} = '{value}' is not a readable {need_en}; left unknown{times_en}"))

    def add(self, prefix: str, layer: str, obj: PlanObject, xdata: dict[str, str] | None) -> None:
        self._pending.append((self._seq, prefix, (xdata or {}).get("id"), obj))
        self._note(layer, obj.KIND if prefix != "waiting" else "zone")

    def finish_ids(self) -> list[PlanObject]:
        """Ids: a HallPlan id carried in the file wins; the rest are ``counter-1``, ``zone-2``…"""
        from dataclasses import replace

        self._pending.sort(key=lambda t: t[0])
        taken = {xid for _, _, xid, _ in self._pending if xid}
        used: set[str] = set()
        out: list[PlanObject] = []
        counters: Tally[str] = Tally()
        for _, prefix, xid, obj in self._pending:
            if xid and xid not in used:
                oid = xid
            else:
                while True:
                    counters[prefix] += 1
                    oid = f"{prefix}-{counters[prefix]}"
                    if oid not in taken and oid not in used:
                        break
            used.add(oid)
            if oid == xid:  # an id read from the file: checked as any field
                out.append(replace(obj, id=oid))
            else:  # a well-formed id of ours: the object's fields were checked when it was made
                obj = copy.copy(obj)
                object.__setattr__(obj, "id", oid)  # frozen, and only ours until now
                out.append(obj)
        return out

    # --- roles -----------------------------------------------------------------
    def boundary(self, role: str, warn: bool = True) -> tuple[Polygon | None, str | None]:
        """The largest closed outline of a role; outlines inside it are its holes (a stair core,
        a light well), as a hatch's islands are."""
        polys: list[tuple[Polygon, str]] = []
        for s in self.col.shapes:
            if s.role == role:
                p = self.polygon(s.coords, s.closed, f"{s.layer} {s.dxftype} {s.handle}", s.holes)
                if p is not None:
                    polys.append((p, s.layer))
                else:
                    self.out.skipped[(f"{s.layer}: {s.dxftype}", "open outline, not a closed boundary")] += 1
        if not polys:
            return None, None
        nested = even_odd([p for p, _l in polys])
        tops = sorted(((g, polys[i][1], len(h)) for i, g, h in nested if not g.is_empty and g.is_valid), key=lambda t: -t[0].area)
        if not tops:
            return None, None
        holes = sum(h for _g, _l, h in tops)
        if len(tops) > 1 and warn:
            self.out.warnings.append((f"图层 {tops[0][1]} 上有 {len(tops)} 个闭合边界,取面积最大者",
                                      f"layer {tops[0][1]} holds {len(tops)} closed outlines; the largest was taken"))
        if holes:
            self.out.holes[role] = tops[0][2]
        self._note(tops[0][1], role)
        return tops[0][0], tops[0][1]

    def column_pieces(self) -> set[int]:
        """Columns drawn in pieces (four LINEs, two open polylines, an outline with its hatch): one
        column obstacle each; returns the shapes used (``id``), which are then not read one by one."""
        shapes = [s for s in self.col.shapes if s.role == "column" and s.xdata is None and not self.outside(s.coords)]
        if not any(not s.closed for s in shapes) and len(shapes) < 2:
            return set()
        parts = [(self.m(s.coords), s.closed) for s in shapes]
        polys, used = polygons_from_parts(parts, tol=0.002, min_area=1e-4)
        consumed: set[int] = set()
        pieces = [(i, shapely.points(parts[i][0])) for i in used]
        for poly in polys:
            edge = poly.exterior.buffer(0.004)
            mine = [i for i, pts in pieces if bool(np.all(shapely.covered_by(pts, edge)) or np.all(shapely.covered_by(pts, poly.buffer(0.004))))]
            if not mine:
                continue
            first = shapes[min(mine, key=lambda i: shapes[i].seq)]
            self._seq = first.seq
            self.add("obstacle", first.layer, Obstacle(id="", geometry=poly, label="", kind="column"), None)
            consumed.update(id(shapes[i]) for i in mine)
        return consumed

    def open_lines(self) -> dict[int, LineString | Point | None]:
        """``line(coords, False)`` of every open shape on an obstacle layer (walls drawn as lines:
        thousands), by ``id`` of the shape, made by shapely at once."""
        shapes = [s for s in self.col.shapes if not s.closed and s.role in _ROLE_OBSTACLE and len(s.coords) >= 2]
        out: dict[int, LineString | Point | None] = {}
        if not shapes:
            return out
        sizes = np.array([len(s.coords) for s in shapes])
        coords = self.m(np.concatenate([s.coords for s in shapes]))
        lines = shapely.linestrings(coords, indices=np.repeat(np.arange(len(shapes)), sizes))
        for s, g, ok in zip(shapes, lines.tolist(), (shapely.length(lines) > 0).tolist()):
            out[id(s)] = g if ok else None
        return out

    def shape_objects(self) -> None:
        lm = self.map
        columns = self.column_pieces()
        lines = self.open_lines()
        for s in self.col.shapes:
            if id(s) in columns:
                continue
            self._seq = s.seq
            where = f"{s.layer} {s.dxftype} {s.handle}"
            what = (f"图层 {s.layer} 上的 {s.dxftype}", f"{s.dxftype} on layer {s.layer}")
            xd = s.xdata or {}
            role = s.role
            if role in ("hall", "building", "ignore", "facility", "room"):
                if role == "facility":
                    self.out.skipped[(f"{s.layer}: {s.dxftype}", "facilities are read from blocks")] += 1
                continue
            if role == "route" and len(s.coords) < 2:
                continue
            if role in ("zone", "waiting", "counter", "consult", "parking"):
                poly = self.polygon(s.coords, s.closed, where, s.holes)
                if poly is None:
                    self.out.skipped[(f"{s.layer}: {s.dxftype}", "not a closed outline")] += 1
                    continue
                inside = self.texts_in(poly)
                label = xd.get("label", "") if s.xdata else (inside[0].text if inside else "")
                if role in ("zone", "waiting"):
                    kind = xd.get("kind") or ("waiting" if role == "waiting" else None)
                    for t in inside:
                        kind = kind or lm.zone_kind(t.text)
                    if kind not in ZONE_KINDS:
                        kind = "other"
                        self.out.warnings.append((f"{where}:分区内没有可识别的名称,类型记为“其他”",
                                                  f"{where}: no recognisable name inside the zone; kind set to 'other'"))
                    self.add("zone", s.layer, Zone(id="", geometry=poly, label=label, kind=kind, seats=self.count({}, xd, "seats", what)), xd)
                elif role == "counter":
                    self.add("counter", s.layer, self.counter(poly, label, {}, xd, what), xd)
                elif role == "consult":
                    self.add("consult", s.layer, ConsultDesk(id="", geometry=poly, label=label,
                             height_m=self.length({}, xd, "height", what), accessible=bool(truthy(xd.get("accessible")))), xd)
                else:
                    stalls = self.count({}, xd, "stalls", what)
                    for t in inside:
                        mt = _STALLS.search(t.text)
                        if stalls is None and mt:
                            stalls = int(mt.group(1))
                    self.add("parking", s.layer, Parking(id="", geometry=poly, label=label, stalls=stalls,
                                                         accessible_stalls=self.count({}, xd, "accessible_stalls", what)), xd)
            elif role == "entrance":
                line = self.line(s.coords, s.closed)
                if line is None:
                    continue
                main = truthy(xd.get("main")) if "main" in xd else any(lm.is_main_entrance_label(t.text) for t in self.texts_near(line, lm.label_distance_mm / 1000))
                self.add("entrance", s.layer, Entrance(id="", geometry=line, label=xd.get("label", ""), main=bool(main),
                                                       accessible=truthy(xd.get("accessible")), exit=truthy(xd.get("exit")) is not False), xd)
            elif role == "route":
                line = self.line(s.coords, s.closed)
                if line is not None:
                    self.add("route", s.layer, Route(id="", geometry=line, label=xd.get("label", ""),
                                                     width_m=self.length({}, xd, "width", what)), xd)
            elif role in _ROLE_FIELDS:
                self.fields_object(s, role, where, what, xd)
            elif role in _ROLE_OBSTACLE:
                if self.outside(s.coords):
                    continue
                kind = xd.get("kind") or _ROLE_OBSTACLE[role]
                geom: BaseGeometry | None = self.polygon(s.coords, s.closed, where, s.holes) if s.closed else None
                if geom is None:
                    geom = lines[id(s)] if id(s) in lines else self.line(s.coords, False)
                if geom is not None:
                    self.add("obstacle", s.layer, Obstacle(id="", geometry=geom, label=xd.get("label", ""),
                                                           kind=kind if kind in OBSTACLE_KINDS else "other"), xd)

    def fields_object(self, s: Shape, role: str, where: str, what: tuple[str, str], xd: dict[str, str]) -> None:
        """A kind read as its outline and its fields from HallPlan XDATA (the ramp): lengths with their
        unit (``rise=0.6m``), counts, yes/no, text, each checked as the project file checks it."""
        code = _ROLE_FIELDS[role]
        geom: BaseGeometry | None = self.polygon(s.coords, s.closed, where, s.holes) if s.closed else None
        if geom is None and LineString in KINDS[code].geometry:
            geom = self.line(s.coords, False)
        if geom is None or not isinstance(geom, KINDS[code].geometry):
            self.out.skipped[(f"{s.layer}: {s.dxftype}", "not a closed outline")] += 1
            return
        values: dict[str, object] = {}
        for name, spec in OBJECT_SPECS[code][2].items():
            key = name[:-2] if name.endswith("_m") else name
            if spec.kind == "float" and spec.unit == "m":
                values[name] = self.length({}, xd, key, what)
            elif spec.kind == "int":
                values[name] = self.count({}, xd, key, what)
            elif spec.kind == "bool" and key in xd:
                values[name] = bool(truthy(xd.get(key)))
            elif spec.kind == "str" and key in xd:
                values[name] = xd[key]
        self.add(code, s.layer, OBJECT_TYPES[code](id="", geometry=geom, label=xd.get("label", ""), **values), xd)

    def outside(self, pts: np.ndarray) -> bool:
        """True (and counted) when drawing-unit points lie wholly outside the clip box."""
        if self.clip is None or len(pts) == 0:
            return False
        x0, y0, x1, y1 = (c / self.scale for c in self.clip)
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        if hi[0] < x0 or hi[1] < y0 or lo[0] > x1 or lo[1] > y1:
            self.dropped += 1
            return True
        return False

    def line(self, pts: np.ndarray, closed: bool) -> LineString | Point | None:
        p = self.m(pts)
        if len(p) == 1:
            return Point(p[0])
        if closed and len(p) >= 3:
            p = np.vstack([p, p[:1]])
        if len(p) < 2:
            return None
        g = LineString(p)
        return g if g.length > 0 else None

    def counter(self, poly: Polygon, label: str, attribs: dict[str, str], xd: dict[str, str] | None,
                what: tuple[str, str]) -> Counter:
        def a(name: str) -> str | None:
            return self.attr(attribs, xd, name)

        return Counter(
            id="", geometry=poly, label=a("label") or label,
            height_m=self.length(attribs, xd, "height", what), color=a("color") or None, service=a("service") or "",
            accessible=bool(truthy(a("accessible"))), sign_zh=a("sign_zh") or None, sign_en=a("sign_en") or None,
            front=_float(a("front")),
        )

    def footprint(self, ref: BlockRef) -> Polygon | None:
        closed = [g for g in (self.polygon(p, c, f"{ref.layer} INSERT {ref.name}") for p, c in ref.parts if c) if g is not None]
        if closed:
            return max(closed, key=lambda g: g.area)
        pts = [self.m(p) for p, _ in ref.parts]
        if not pts:
            return None
        hull = shapely.MultiPoint(np.vstack(pts)).minimum_rotated_rectangle
        return hull if isinstance(hull, Polygon) and hull.area > 0 else None

    def block_objects(self) -> None:
        for ref in self.col.blockrefs:
            self._seq = ref.seq
            xd = ref.xdata or {}
            at = ref.attribs
            label = self.attr(at, xd, "label") or (ref.texts[0] if ref.texts else "")
            where = f"{ref.layer} INSERT {ref.name} {ref.handle}"
            what = (f"块 {ref.name}", f"block {ref.name}")
            pt = Point(ref.x * self.scale, ref.y * self.scale)
            if ref.role == "facility":
                kind = xd.get("kind") or ref.kind or self.attr(at, None, "kind") or "other"
                if kind not in FACILITY_KINDS:
                    kind = "other"
                self.add("facility", ref.layer, Facility(id="", geometry=pt, label=label, kind=kind), xd)
            elif ref.role == "consult" and xd.get("geom") == "point":
                self.add("consult", ref.layer, ConsultDesk(id="", geometry=pt, label=label,
                         height_m=self.length(at, xd, "height", what),
                         accessible=bool(truthy(self.attr(at, xd, "accessible")))), xd)
            elif ref.role in ("counter", "consult", "parking"):
                poly = self.footprint(ref)
                if poly is None:
                    self.out.skipped[(where, "block has no footprint")] += 1
                    continue
                if ref.role == "counter":
                    self.add("counter", ref.layer, self.counter(poly, label, at, xd, what), xd)
                elif ref.role == "consult":
                    self.add("consult", ref.layer, ConsultDesk(id="", geometry=poly, label=label,
                             height_m=self.length(at, xd, "height", what),
                             accessible=bool(truthy(self.attr(at, xd, "accessible")))), xd)
                else:
                    self.add("parking", ref.layer, Parking(id="", geometry=poly, label=label,
                             stalls=self.count(at, xd, "stalls", what), accessible_stalls=self.count(at, xd, "accessible_stalls", what)), xd)
            elif ref.role == "entrance":
                poly = self.footprint(ref)
                if poly is None:
                    continue
                line = self._axis(poly)
                main = truthy(self.attr(at, xd, "main"))
                if main is None:
                    main = "MAIN" in at or any(self.map.is_main_entrance_label(t) for t in [*ref.texts, ref.name]) or any(
                        self.map.is_main_entrance_label(t.text) for t in self.texts_near(line, self.map.label_distance_mm / 1000))
                self.add("entrance", ref.layer, Entrance(id="", geometry=line, label=label, main=bool(main),
                                                         accessible=truthy(self.attr(at, xd, "accessible"))), xd)
            else:
                pts = [self.m(p) for p, _ in ref.parts]
                if not pts or self.outside(np.vstack(pts) / self.scale):
                    continue
                hull = shapely.MultiPoint(np.vstack(pts)).convex_hull
                kind = xd.get("kind") or _ROLE_OBSTACLE.get(ref.role, "other")
                if isinstance(hull, (Polygon, LineString)) and not hull.is_empty:
                    self.add("obstacle", ref.layer, Obstacle(id="", geometry=hull, label=label,
                                                             kind=kind if kind in OBSTACLE_KINDS else "other"), xd)

    @staticmethod
    def _axis(poly: Polygon) -> LineString:
        """The long centre line of a footprint (an entrance drawn as a door block)."""
        rect = poly.minimum_rotated_rectangle
        c = np.asarray(rect.exterior.coords)[:4]
        e1, e2 = c[1] - c[0], c[2] - c[1]
        if np.hypot(*e1) >= np.hypot(*e2):
            return LineString([(c[0] + c[3]) / 2, (c[1] + c[2]) / 2])
        return LineString([(c[0] + c[1]) / 2, (c[3] + c[2]) / 2])


def _near(p: np.ndarray, lo: tuple[float, float], hi: tuple[float, float]) -> bool:
    return bool((p.min(axis=0) <= hi).all() and (p.max(axis=0) >= lo).all())


WALL_ROLES = KINDS["obstacle"].roles
# the kinds read by their own code above; every other kind (a new one, such as the ramp) is read as its
# outline and its fields (Mapper.fields_object)
_OWN_READING = frozenset({"hall", "building", "zone", "counter", "consult", "entrance", "parking", "route", "obstacle", "facility"})
_ROLE_FIELDS = {r: k.code for k in KINDS.values() if k.code not in _OWN_READING for r in k.roles}


def wall_lines(col: Collected, scale: float, where: tuple[float, float], radius: float) -> list[BaseGeometry]:
    """Wall, column, door and window lines (metres) whose box comes within ``radius`` m of ``where``."""
    walls, doors = wall_and_door_lines(col, scale, where, radius)
    return walls + doors


def wall_and_door_lines(col: Collected, scale: float, where: tuple[float, float],
                        radius: float) -> tuple[list[BaseGeometry], list[BaseGeometry]]:
    """:func:`wall_lines` split into the walls (walls, columns, windows, obstacles) and the doors."""
    walls = _role_lines(col, scale, where, radius, tuple(r for r in WALL_ROLES if r != "door"))
    return walls, _role_lines(col, scale, where, radius, ("door",))


def _role_lines(col: Collected, scale: float, where: tuple[float, float], radius: float,
                roles: tuple[str, ...]) -> list[BaseGeometry]:
    r = radius / scale
    cx, cy = where[0] / scale, where[1] / scale
    lo, hi = (cx - r, cy - r), (cx + r, cy + r)
    out: list[BaseGeometry] = []
    parts = [(s.coords, s.closed) for s in col.shapes if s.role in roles]
    parts += [pc for ref in col.blockrefs if ref.role in roles for pc in ref.parts]
    for p, closed in parts:
        if len(p) >= 2 and _near(p, lo, hi):
            q = p * scale
            out.append(LineString(np.vstack([q, q[:1]]) if closed else q))
    return out


def all_lines_near(col: Collected, scale: float, where: tuple[float, float], radius: float,
                   lm: LayerMap | None = None) -> list[BaseGeometry]:
    """Every underlay line within ``radius`` metres of a point (rooms drawn on one layer); lines on
    ignored layers (axes, dimensions, hatches by the layer map) never bound a room."""
    out: list[BaseGeometry] = []
    r = radius / scale
    cx, cy = where[0] / scale, where[1] / scale
    for layer, xy in col.under_xy.items():
        starts = col.under_starts[layer]
        if not xy or not starts or (lm is not None and lm.layer_role(layer) == "ignore"):
            continue
        arr = np.frombuffer(xy, dtype=float).reshape(-1, 2)
        idx = np.asarray(starts)
        lo = np.minimum.reduceat(arr, idx, axis=0)
        hi = np.maximum.reduceat(arr, idx, axis=0)
        ok = (lo[:, 0] <= cx + r) & (lo[:, 1] <= cy + r) & (hi[:, 0] >= cx - r) & (hi[:, 1] >= cy - r)
        ends = np.append(idx[1:], len(arr))
        for a, b in zip(idx[ok], ends[ok]):
            if b - a >= 2:
                out.append(LineString(arr[a:b] * scale))
    return out
