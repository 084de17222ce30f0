"""Rooms from the drawing's area layers: every closed outline on a room layer, named by the label
whose text box lies in it, with the area its label states; holes; floors; the building area.

Works on the collected entities (:class:`~geometry.dxf.collect.Collected`), in metres.  Outlines on
one layer role nest like a hatch's islands: an outline inside another is its hole (a stair core, a
light well) and the outer one's area leaves it out; a hole that carries a name of its own is a room
too.  An outline without a name that only wraps others (a frame, a floor outline drawn on the area
layer) is not a room.

>>> from shapely.geometry import box
>>> [(d, p) for _i, p, d in nest([box(0, 0, 10, 10), box(2, 2, 4, 4), box(20, 0, 30, 5)])]
[(0, -1), (1, 0), (0, -1)]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.dxf.collect import Collected, Shape, TextItem
from geometry.dxf.layermap import LayerMap
from geometry.room_labels import building_area_text, floor_title, parse_label

FLOOR_GAP_M = 8.0  # drawn floors on one sheet stand at least this far apart; rooms of one floor touch
TITLE_REACH_M = 30.0  # a 一层平面图 title stands this close to its floor's drawing
MAX_LABEL_CHARS = 40  # longer texts are notes, not labels
INSIDE_TOL = 0.001  # an outline with all but this share of its area inside another lies in it
MISMATCH = 0.01  # stated and drawn areas differing by more than this share: a warning naming the room


@dataclass
class AreaRoom:
    """One room of an area layer, in metres; ``geometry`` has its holes cut out."""

    name: str
    geometry: Polygon
    stated_m2: float | None
    layer: str
    floor: str = ""
    holes: int = 0
    handle: str = ""
    xdata: dict[str, str] | None = None  # HallPlan's own (an exported plan): id, label, stated area, floor, hall part

    @property
    def area(self) -> float:
        return float(self.geometry.area)

    @property
    def mismatch(self) -> float | None:
        """|drawn − stated| / stated, None without a stated area."""
        if self.stated_m2 is None:
            return None
        return abs(self.area - self.stated_m2) / self.stated_m2


@dataclass
class Floor:
    """One drawn floor (a cluster of outlines far from the others), named by its 平面图 title."""

    name: str
    bounds: tuple[float, float, float, float]
    building_m2: float | None = None
    building_how: str = ""  # "outline" | "text" | ""
    rooms: int = 0


@dataclass
class AreaPlan:
    rooms: list[AreaRoom] = field(default_factory=list)
    floors: list[Floor] = field(default_factory=list)
    building: Polygon | None = None  # the largest floor's building outline (holes cut)
    building_m2: float | None = None  # all floors
    building_how: tuple[str, str] | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0  # unnamed outlines that only wrap others


def nest(polys: Sequence[Polygon]) -> list[tuple[int, int, int]]:
    """(index, parent index or −1, depth) of each polygon: the parent is the smallest other polygon
    holding it.  Equal outlines drawn twice: the later is a duplicate (depth −1)."""
    if not polys:
        return []
    arr = np.asarray(polys, dtype=object)
    tree = shapely.STRtree(arr)
    areas = shapely.area(arr)
    a, b = tree.query(arr, predicate="intersects")
    keep = a != b
    a, b = a[keep], b[keep]
    shared = shapely.area(shapely.intersection(arr[a], arr[b])) if len(a) else np.zeros(0)
    # a inside b: (nearly) all of a lies in b — a sloppy millimetre over the line does not matter
    inside = shared >= (1 - INSIDE_TOL) * areas[a]
    same = inside & (shared >= (1 - INSIDE_TOL) * areas[b])  # one outline drawn twice (a polyline and its hatch)
    dup = np.zeros(len(polys), dtype=bool)
    dup[a[same & (a > b)]] = True
    pairs = [(int(i), int(j)) for i, j in zip(a[inside & ~same], b[inside & ~same])]
    parent = np.full(len(polys), -1)
    best = np.full(len(polys), np.inf)
    for i, j in pairs:
        if not dup[j] and not dup[i] and areas[i] < areas[j] and areas[j] < best[i]:
            best[i], parent[i] = areas[j], j
    out: list[tuple[int, int, int]] = []
    for i in range(len(polys)):
        k, depth = i, 0
        while parent[k] >= 0 and depth <= len(polys):
            k, depth = int(parent[k]), depth + 1
        out.append((i, int(parent[i]), -1 if dup[i] else depth))
    return out


def _corners(t: TextItem, scale: float) -> np.ndarray:
    """The four corners (metres) of the box a text covers: CJK characters about one text height
    wide, others 0.6, lines 1.6 heights apart, placed by its alignment and rotation."""
    h = max(t.height, 1e-9) * scale
    lines = [ln for ln in t.text.split("\n") if ln] or [t.text]
    nl = max(t.lines, len(lines))
    chars = max(sum(1.0 if ord(c) > 0x2E7F else 0.6 for c in ln) for ln in lines)
    if nl > 1 and len(lines) == 1:  # the lines were joined: share the characters out
        chars = chars / nl
    w = chars * h
    tall = h + (nl - 1) * 1.6 * h
    hx, vy = t.align
    x0 = -w * (0.0, 0.5, 1.0)[min(max(hx, 0), 2)]
    y0 = {0: -0.2 * h, 1: 0.0, 2: -tall / 2, 3: -tall}.get(vy, 0.0)
    if vy == 0 and nl > 1:  # baseline of the first line: the others go below
        y0 = -(tall - h) - 0.2 * h
    corners = np.array(((x0, y0), (x0 + w, y0), (x0 + w, y0 + tall), (x0, y0 + tall)))
    a = math.radians(t.rotation)
    rot = np.array(((math.cos(a), math.sin(a)), (-math.sin(a), math.cos(a))))
    out: np.ndarray = corners @ rot + (t.x * scale, t.y * scale)
    return out


def text_box(t: TextItem, scale: float) -> Polygon:
    """The box a text covers, in metres (see :func:`_corners`).

    >>> round(text_box(TextItem("T", 0, 0, 500, 0, "会议室", (1, 2)), 0.001).area, 2)  # 1.5 m × 0.5 m
    0.75
    """
    return Polygon(_corners(t, scale))


@dataclass
class _Label:
    text: TextItem
    box: Polygon
    name: str
    area: float | None
    on_room_layer: bool


def _labels(texts: Iterable[TextItem], lm: LayerMap, scale: float) -> list[_Label]:
    kept: list[tuple[TextItem, str, float | None, bool]] = []
    for t in texts:
        if len(t.text) > MAX_LABEL_CHARS or lm.is_not_name(t.text) or floor_title(t.text):
            continue
        role = lm.layer_role(t.layer)
        if role == "ignore" or building_area_text(t.text) is not None:
            continue
        name, area = parse_label(t.text)
        if name or area is not None:
            kept.append((t, name, area, role == "room"))
    if not kept:
        return []
    boxes = shapely.polygons(np.array([_corners(t, scale) for t, *_r in kept]))  # one call for all the boxes
    ok = shapely.is_valid(boxes) & (shapely.area(boxes) > 0)
    return [_Label(t, box, name, area, on_room) for (t, name, area, on_room), box, good in zip(kept, boxes, ok.tolist()) if good]


def _texts_over(polys: list[Polygon], texts: list[TextItem], scale: float) -> list[TextItem]:
    """The texts standing over the area outlines' extent (a label's box may reach a little past it)."""
    if not texts:
        return []
    x0, y0, x1, y1 = shapely.total_bounds(np.asarray(polys, dtype=object))
    xy = np.array([(t.x, t.y) for t in texts]) * scale
    pad = 5.0
    ok = (xy[:, 0] >= x0 - pad) & (xy[:, 0] <= x1 + pad) & (xy[:, 1] >= y0 - pad) & (xy[:, 1] <= y1 + pad)
    return [t for t, keep in zip(texts, ok.tolist()) if keep]


def _closed(shapes: Iterable[Shape], scale: float, lines: bool = False) -> list[tuple[Polygon, Shape]]:
    """Closed outlines (metres); with ``lines``, the faces that open lines and polylines of the same
    role close between them (an area layer drawn with LINEs) too."""
    out: list[tuple[Polygon, Shape]] = []
    loose: list[tuple[np.ndarray, Shape]] = []
    for s in shapes:
        pts = s.coords * scale
        closed = s.closed or (len(pts) >= 4 and float(np.hypot(*(pts[0] - pts[-1]))) <= 0.001)
        if not closed or len(pts) < 3:
            if lines and len(pts) >= 2:
                loose.append((pts, s))
            continue
        poly = Polygon(pts, [h * scale for h in s.holes if len(h) >= 3])
        if not poly.is_valid:
            fixed = shapely.make_valid(poly)
            poly = max((g for g in getattr(fixed, "geoms", [fixed]) if isinstance(g, Polygon)), key=lambda g: g.area,
                       default=Polygon())
        if poly.is_empty or poly.area < 0.05:
            continue
        out.append((poly, s))
    by_layer: dict[str, list[tuple[np.ndarray, Shape]]] = {}
    for pts, s in loose:
        by_layer.setdefault(s.layer, []).append((pts, s))
    for group in by_layer.values():  # each layer's lines close their own faces
        noded = shapely.union_all(shapely.linestrings([p for p, _s in group]))  # split where the lines cross
        for face in shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))):
            if isinstance(face, Polygon) and face.is_valid and face.area >= 0.5:
                out.append((face, group[0][1]))
    return out


def even_odd(polys: Sequence[Polygon]) -> list[tuple[int, Polygon, list[int]]]:
    """Outlines nested as a hatch's islands: (index, the outline minus its holes, hole indices) for
    every outline at even depth."""
    tree = nest(polys)
    holes: dict[int, list[int]] = {}
    for i, parent, depth in tree:
        if depth > 0 and depth % 2 == 1:
            holes.setdefault(parent, []).append(i)
    out: list[tuple[int, Polygon, list[int]]] = []
    for i, _parent, depth in tree:
        if depth < 0 or depth % 2:
            continue
        g: BaseGeometry = polys[i]
        if i in holes:
            g = g.difference(shapely.union_all([polys[k] for k in holes[i]]))
        out.append((i, _largest(g), holes.get(i, [])))
    return out


def _largest(g: BaseGeometry) -> Polygon:
    if isinstance(g, Polygon):
        return g
    parts = [p for p in getattr(g, "geoms", []) if isinstance(p, Polygon)]
    return max(parts, key=lambda p: p.area) if parts else Polygon()


_KEY_ONLY = re.compile(r"建筑面积\s*[:：=]?\s*$")


def building_area_texts(texts: Sequence[TextItem]) -> list[TextItem]:
    """The texts that state a building area.  TArch writes the key and the value as two texts on one
    baseline (``本层建筑面积：`` then ``113.05m2`` to its right): a key with nothing after it is read
    together with the nearest text that follows it on its line (within 20 text heights)."""
    out: list[TextItem] = []
    for t in texts:
        if "建筑面积" not in t.text:
            continue
        if not _KEY_ONLY.search(t.text) or t.height <= 0:
            out.append(t)
            continue
        a = math.radians(t.rotation)
        ux, uy = math.cos(a), math.sin(a)
        best: tuple[float, TextItem] | None = None
        for o in texts:
            if o is t:
                continue
            dx, dy = o.x - t.x, o.y - t.y
            along, across = dx * ux + dy * uy, -dx * uy + dy * ux
            if 0 < along <= 20 * t.height and abs(across) <= 0.5 * t.height and (best is None or along < best[0]):
                best = (along, o)
        out.append(replace(t, text=t.text + best[1].text) if best is not None else t)
    return out


_BARE_NUMBER = re.compile(r"\d{1,7}(?:[.,]\d{1,3})?")
_AREA_UNIT_ONLY = re.compile(r"㎡|m²|m2|M2|M²|平方米|平米|sqm")


def joined_area_texts(texts: Sequence[TextItem]) -> list[TextItem]:
    """``texts`` with an area written as two texts on one baseline — a bare number, then the unit alone
    (``15.00`` and ``m²``, as room stamps of some CAD programs write it) — read as one (``15.00m²``).
    A decimal comma (``15,00``) is read as a point.  The unit's text stays (alone it says nothing)."""
    units = [u for u in texts if _AREA_UNIT_ONLY.fullmatch(u.text.strip())]
    nums = [i for i, t in enumerate(texts) if t.height > 0 and _BARE_NUMBER.fullmatch(t.text.strip())] if units else []
    if not nums:
        return list(texts)
    xy = np.array([(texts[i].x, texts[i].y) for i in nums])
    h = np.array([texts[i].height for i in nums])
    a = np.radians([texts[i].rotation for i in nums])
    ux, uy = np.cos(a), np.sin(a)
    reach = np.array([len(texts[i].text.strip()) + 3 for i in nums]) * h  # the number's width and a gap
    out = list(texts)
    taken: set[int] = set()
    for u in units:
        dx, dy = u.x - xy[:, 0], u.y - xy[:, 1]
        along, across = dx * ux + dy * uy, -dx * uy + dy * ux
        ok = (along > 0) & (along <= reach) & (np.abs(across) <= 0.5 * h)
        for k in np.flatnonzero(ok)[np.argsort(along[ok], kind="stable")]:
            i = nums[int(k)]
            if i in taken:
                continue
            taken.add(i)
            value = texts[i].text.strip()
            if re.fullmatch(r"\d+,\d{1,2}", value):  # 15,00: a decimal comma, not thousands
                value = value.replace(",", ".")
            out[i] = replace(texts[i], text=value + u.text.strip())
            break
    return out


def area_plan(col: Collected, lm: LayerMap, scale: float) -> AreaPlan:
    """Rooms, floors and building area of a collected drawing (empty when it has no area outlines)."""
    out = AreaPlan()
    rooms_in = _closed((s for s in col.shapes if s.role == "room"), scale, lines=True)
    bldg_in = _closed((s for s in col.shapes if s.role == "building"), scale)
    hall_in = _closed((s for s in col.shapes if s.role == "hall"), scale)
    labels = _labels(_texts_over([p for p, _s in rooms_in], joined_area_texts(col.texts), scale), lm, scale) if rooms_in else []
    out.rooms = _rooms(rooms_in, labels, out)
    everything = [p for p, _s in rooms_in + bldg_in + hall_in]
    titles = [(floor_title(t.text), t) for t in col.texts if "平面图" in t.text] if everything else []
    floors = _floors(everything, [(n, t) for n, t in titles if n], scale)
    _building(out, floors, bldg_in, building_area_texts(col.texts) if not bldg_in else [], scale)
    for f in floors:
        x0, y0, x1, y1 = f.bounds
        for r in out.rooms:
            c = r.geometry.representative_point()
            if x0 <= c.x <= x1 and y0 <= c.y <= y1:
                r.floor = f.name or r.floor
                f.rooms += 1
    out.floors = floors
    for r in out.rooms:
        mm = r.mismatch
        if mm is not None and mm > MISMATCH:
            who = r.name or "(未命名)"
            where = f"{r.floor} " if r.floor else ""
            out.warnings.append((f"房间“{who}”({where}图层 {r.layer}):标注面积 {r.stated_m2:.2f} m²,按边界量得 {r.area:.2f} m²,相差 {mm * 100:.1f}%",
                                 f"room '{r.name or '(unnamed)'}' ({where}layer {r.layer}): the label states {r.stated_m2:.2f} m², the outline measures {r.area:.2f} m², {mm * 100:.1f}% apart"))
    return out


def _rooms(closed: list[tuple[Polygon, Shape]], labels: list[_Label], out: AreaPlan) -> list[AreaRoom]:
    if not closed:
        return []
    polys = [p for p, _s in closed]
    tree = shapely.STRtree(polys)
    owner: dict[int, list[_Label]] = {}
    if labels:
        li, pi = tree.query([lb.box for lb in labels], predicate="intersects")
        best: dict[int, tuple[float, float, int]] = {}
        for a, b in zip(li.tolist(), pi.tolist()):
            box = labels[a].box
            share = round(box.intersection(polys[b]).area / box.area, 2)
            key = (-share, polys[b].area, b)
            if share >= 0.5 and (a not in best or key < best[a]):
                best[a] = key
        for a, (_s, _area, b) in best.items():
            owner.setdefault(b, []).append(labels[a])
    tree_rows = nest(polys)
    children: dict[int, list[int]] = {}
    for i, parent, depth in tree_rows:
        if parent >= 0 and depth >= 0:
            children.setdefault(parent, []).append(i)
    # an unnamed outline that only wraps others is a frame, not a room: its children move up
    frames = {i for i, _p, depth in tree_rows if depth >= 0 and i in children and not _named(owner.get(i, []))}
    parent_of: dict[int, int] = {}
    for i, parent, _depth in tree_rows:
        while parent in frames:
            parent = tree_rows[parent][1]
        parent_of[i] = parent
    out.skipped += len(frames)
    inside: dict[int, list[int]] = {}  # each outline's holes: the outlines whose parent it is (frames left out)
    for k, p in parent_of.items():
        if p >= 0 and k not in frames and tree_rows[k][2] >= 0:
            inside.setdefault(p, []).append(k)
    rooms: list[AreaRoom] = []
    for i, _parent, depth in tree_rows:
        if depth < 0 or i in frames:
            continue
        own = owner.get(i, [])
        holes = inside.get(i, [])
        if parent_of[i] >= 0 and not _named(own):
            continue  # an unnamed outline inside a room: a hole (stair core, light well)
        g: BaseGeometry = polys[i]
        if holes:
            g = g.difference(shapely.union_all([polys[k] for k in holes]))
        name, stated = _name_and_area(own, polys[i])
        s = closed[i][1]
        xd = s.xdata or {}
        if "label" in xd or "stated" in xd:  # HallPlan's own export says it exactly
            name, stated = xd.get("label", ""), _float(xd.get("stated"))
        rooms.append(AreaRoom(name, _largest(g), stated, s.layer, floor=xd.get("floor", ""), holes=len(holes), handle=s.handle,
                              xdata=s.xdata))
    return rooms


def _float(v: str | None) -> float | None:
    try:
        f = float(v) if v else None
    except ValueError:
        return None
    return f if f is not None and 0 < f < 1e8 else None


def _named(labels: list[_Label]) -> bool:
    return any(lb.name for lb in labels)


def _name_and_area(own: list[_Label], poly: Polygon) -> tuple[str, float | None]:
    """The room's name and stated area: the label that says both, else the name nearest the
    middle of the room and the area text nearest that name.  Among names of one size, one on the
    line just above an area text (a room stamp: number and name, then area and floor finish) comes
    first: the finish written beside the area is not the room's name."""
    if not own:
        return "", None
    mid = poly.representative_point()
    named = [lb for lb in own if lb.name]
    both = [lb for lb in named if lb.area is not None]
    if both:
        lb = min(both, key=lambda b: (not b.on_room_layer, b.box.centroid.distance(mid)))
        return lb.name, lb.area
    areas = [lb for lb in own if lb.area is not None]
    if not named:
        return "", areas[0].area if areas else None
    lb = min(named, key=lambda b: (not b.on_room_layer, -b.text.height, not any(_line_above(b, a) for a in areas),
                                   b.box.centroid.distance(mid)))
    if not areas:
        return lb.name, None
    near = min(areas, key=lambda b: b.box.centroid.distance(lb.box.centroid))
    return lb.name, near.area


def _line_above(name: _Label, area: _Label) -> bool:
    """Whether ``name`` stands on the line above ``area`` in one stamp: in the area text's own frame
    (its rotation), its middle half a line to three lines higher, and its box within five text
    heights of the area's."""
    t = area.text
    c, a = name.box.centroid, area.box.centroid
    r = math.radians(t.rotation)
    up = -(c.x - a.x) * math.sin(r) + (c.y - a.y) * math.cos(r)
    # the box is in metres, the text height in drawing units: take the line height from the box
    # (its extent across the baseline over the number of lines)
    across = [-(x - a.x) * math.sin(r) + (y - a.y) * math.cos(r) for x, y in area.box.exterior.coords]
    h = (max(across) - min(across)) / max(1, t.lines)
    if h <= 0:
        return False
    return bool(0.5 * h < up <= 3.0 * h and name.box.distance(area.box) <= 5.0 * h)


def _floors(polys: list[Polygon], titles: list[tuple[str | None, TextItem]], scale: float) -> list[Floor]:
    """Clusters of outlines separated by more than :data:`FLOOR_GAP_M`, each named by the nearest
    ``…层平面图`` title; when there are titles, a cluster without one joins the nearest titled floor."""
    if not polys:
        return []
    boxes = shapely.buffer(shapely.envelope(np.asarray(polys, dtype=object)), FLOOR_GAP_M / 2, join_style="mitre")
    merged = shapely.union_all(boxes)
    parts = [g for g in getattr(merged, "geoms", [merged]) if isinstance(g, Polygon)]
    floors: list[Floor] = []
    for g in sorted(parts, key=lambda g: (-round(g.centroid.y / 50.0), g.bounds[0])):  # rows of floors, left to right
        x0, y0, x1, y1 = g.bounds
        h = FLOOR_GAP_M / 2
        floors.append(Floor("", (x0 + h, y0 + h, x1 - h, y1 - h)))
    taken: dict[int, float] = {}
    for name, t in titles:
        p = Point(t.x * scale, t.y * scale)
        d = [shapely.box(*f.bounds).distance(p) for f in floors]
        k = int(np.argmin(d))
        if d[k] <= TITLE_REACH_M and (k not in taken or d[k] < taken[k]):
            taken[k] = d[k]
            floors[k].name = name or ""
    named = [f for f in floors if f.name]
    if named and len(named) < len(floors):  # a wing standing apart has no title: it belongs to the nearest floor
        for f in floors:
            if f.name:
                continue
            near = min(named, key=lambda g: shapely.box(*g.bounds).distance(shapely.box(*f.bounds)))
            a, b = near.bounds, f.bounds
            near.bounds = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
        floors = named
    return floors


def _building(out: AreaPlan, floors: list[Floor], bldg: list[tuple[Polygon, Shape]], texts: Sequence[TextItem],
              scale: float) -> None:
    """The building area: the building outlines of each floor (union, holes cut), or the stated
    ``本层建筑面积`` text of a floor without one; ``总建筑面积`` when stated wins for the total."""
    outlines = [(g, i) for i, g, _h in even_odd([p for p, _s in bldg])] if bldg else []
    shapes = [g for g, _i in outlines if not g.is_empty]
    if shapes:
        out.building = max(shapes, key=lambda g: g.area)
    stated: list[tuple[str, float, Point]] = []
    for t in texts:
        ba = building_area_text(t.text)
        if ba is not None:
            stated.append((ba[0], ba[1], Point(t.x * scale, t.y * scale)))
    total_text = next((v for kind, v, _p in stated if kind == "total"), None)
    if not floors and shapes:
        floors.append(Floor("", tuple(shapely.union_all(shapes).bounds)))
    by_outline = 0
    for f in floors:
        fb = shapely.box(*f.bounds)
        mine = [g for g in shapes if fb.contains(g.representative_point())]
        if mine:
            f.building_m2, f.building_how = float(shapely.union_all(mine).area), "outline"
            by_outline += 1
            continue
        near = [(fb.distance(p), v) for kind, v, p in stated if kind == "floor"]
        near = [nv for nv in near if nv[0] <= TITLE_REACH_M]
        if near:
            f.building_m2, f.building_how = min(near)[1], "text"
    known = [f.building_m2 for f in floors if f.building_m2 is not None]
    if total_text is not None and not shapes:
        out.building_m2 = total_text
        out.building_how = (f"图中标注的总建筑面积 {total_text:.2f} m²", f"the total building area the drawing states, {total_text:.2f} m²")
    elif known:
        out.building_m2 = float(sum(known))
        n = len(known)
        how = "建筑面积线" if by_outline == n else "本层建筑面积标注" if by_outline == 0 else "建筑面积线与本层建筑面积标注"
        how_en = "building-area outlines" if by_outline == n else "stated floor areas" if by_outline == 0 else "outlines and stated floor areas"
        out.building_how = (f"{n} 层的{how},合计 {out.building_m2:.2f} m²", f"{how_en} of {n} floor(s), {out.building_m2:.2f} m² in all")
    elif not floors:
        floor_texts = [v for kind, v, _p in stated if kind == "floor"]
        if floor_texts:
            out.building_m2 = float(sum(floor_texts))
            out.building_how = (f"图中标注的本层建筑面积,合计 {out.building_m2:.2f} m²",
                                f"the floor area the drawing states, {out.building_m2:.2f} m² in all")
