"""Walk a DXF modelspace into flat primitives in world coordinates (drawing units).

ezdxf supplies the geometry: ``make_path`` / ``from_hatch`` flattening for bulges, arcs, circles,
ellipses, splines and hatch boundaries (within the given tolerance), ``plain_text`` for TEXT/MTEXT,
``Insert.matrix44`` (OCS, rotation, non-uniform and negative scaling) and ``multi_insert`` for
block references.  Instead of copying every block entity through ``virtual_entities`` for every
reference, each block definition is flattened once and its vertices are moved by the reference's
matrix: the same result for points (an affine map of a flattened arc is the flattened mapped arc),
several times faster on drawings with many inserts.  Self-inserting blocks and runaway expansion
are stopped and reported.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
from ezdxf import path as ezpath
from ezdxf.math import OCS, Matrix44, Vec3
from ezdxf.tools.text import fast_plain_mtext, plain_text

from geometry.dxf.expand import (MAX_COORD, MAX_DEPTH, OBJECT_ROLES, UNDERLAY_ROLES, ExpandMixin, affine, cell_offsets,
                                 cells, quantised_tol, text_at)
from geometry.dxf.bulges import flat_lwpolyline, flat_path, hatch_flats
from geometry.dxf.errors import DxfError
from geometry.dxf.layermap import LayerMap
from geometry.dxf.lite import LiteLine, LiteLwPolyline
from geometry.dxf.limits import Budget

__all__ = ["MAX_COORD", "BlockRef", "Collected", "Collector", "Shape", "TextItem"]

_UNDERLAY_ROLES = UNDERLAY_ROLES
_Z = Vec3(0, 0, 1)


@dataclass
class Shape:
    """One drawn entity on a layer with a role."""

    layer: str
    role: str
    coords: np.ndarray  # (n, 2) world coordinates, drawing units
    closed: bool
    dxftype: str
    handle: str
    xdata: dict[str, str] | None = None
    holes: list[np.ndarray] = field(default_factory=list)
    seq: int = 0  # order in the file


@dataclass
class TextItem:
    layer: str
    x: float
    y: float
    height: float
    rotation: float
    text: str
    align: tuple[int, int] = (0, 0)  # (horizontal 0 left/1 centre/2 right, vertical 0 baseline/1 bottom/2 middle/3 top)
    lines: int = 1  # an MTEXT's lines (they are joined in ``text``): a label's text box is this many lines tall
    width: float = 0.0  # an MTEXT's column width (drawing units; 0: none), to which CAD wraps its lines
    shown: str = ""  # an MTEXT of several paragraphs as shown: ``text`` with a ``\n`` between them ("": as ``text``)
    xscale: float = 1.0  # a TEXT's or ATTRIB's width factor (TArch writes 0.7): its letters this much narrower


@dataclass
class BlockRef:
    """A block reference that is one plan object (a counter block, a facility, a door...)."""

    name: str
    layer: str
    role: str
    kind: str | None  # facility kind when known
    handle: str
    x: float
    y: float
    rotation: float
    parts: list[tuple[np.ndarray, bool]] = field(default_factory=list)
    attribs: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    xdata: dict[str, str] | None = None
    seq: int = 0


@dataclass
class Collected:
    shapes: list[Shape] = field(default_factory=list)
    texts: list[TextItem] = field(default_factory=list)
    blockrefs: list[BlockRef] = field(default_factory=list)
    # underlay per layer: flat xy coordinates and the vertex offset where each polyline starts
    under_xy: dict[str, array[float]] = field(default_factory=dict)
    under_starts: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    vertices: int = 0
    texts_cut: int = 0  # TEXT/MTEXT/ATTRIB values longer than the limit, cut


def _mtext_plain(raw: str) -> str:
    return str(fast_plain_mtext(raw, split=False))


def _mtext_width(e: Any) -> float:
    """An MTEXT's column width (code 41; drawing units), 0 when it has none or an absurd one."""
    w = e.dxf.get("width", 0.0)
    try:
        w = float(w or 0.0)
    except (TypeError, ValueError):
        return 0.0
    return w if math.isfinite(w) and 0.0 < w <= MAX_COORD else 0.0


def _width_factor(e: Any) -> float:
    """A TEXT's or ATTRIB's width factor (code 41; 1 when not given or absurd), kept within 0.01–100."""
    return _factor(e.dxf.get("width", 1.0))


def _factor(v: Any) -> float:
    """A width factor as given (1 when missing or absurd), kept within 0.01–100."""
    try:
        f = float(v or 1.0)
    except (TypeError, ValueError):
        return 1.0
    return min(max(f, 0.01), 100.0) if math.isfinite(f) and f > 0 else 1.0


def style_widths(doc: Any) -> dict[str, float]:
    """Text style (lower case) → its width factor: what an MTEXT is drawn with (CAD narrows its
    letters by its style's factor; a TEXT carries its own).  HallPlan's reader lists them while
    scanning the tables; an ezdxf document has its STYLE table."""
    widths = getattr(doc, "text_widths", None)
    if widths is not None:
        return {k: _factor(v) for k, v in widths.items()}
    out: dict[str, float] = {}
    try:
        for st in doc.styles:
            out[str(st.dxf.name).lower()] = _factor(st.dxf.get("width", 1.0))
    except Exception:  # a broken table costs the factors, not the drawing
        return {}
    return out


def _paragraphs(raw: str, fix: Callable[[str], str]) -> str:
    """An MTEXT's plain text with its paragraphs on lines of their own (``\n``), the blanks in each
    closed up as in the text the import reads; "" when it has one paragraph or is too long to show."""
    if "\\P" not in raw or len(raw) > 4000:
        return ""
    paras = [" ".join(p.split()) for p in _mtext_plain(raw).split("\n")]
    while paras and not paras[-1]:
        paras.pop()
    while paras and not paras[0]:
        paras.pop(0)
    return fix("\n".join(paras)) if len(paras) > 1 else ""


# a block-local item: ("g", layer, coords, closed, dxftype) | ("t", layer, x, y, h, rot, text, align, lines, width, shown, xscale)
# | ("i", insert)
Item = tuple[Any, ...]


def _text_align(halign: int, valign: int) -> tuple[int, int]:
    """DXF TEXT alignment → (horizontal, vertical): "aligned" and "fit" (3, 5) end at the
    alignment point, "middle" (4) is centred both ways."""
    if halign == 4:
        return 1, 2
    return {0: 0, 1: 1, 2: 2, 3: 2, 5: 2}.get(halign, 0), valign if valign in (0, 1, 2, 3) else 0


def read_xdata(e: Any) -> dict[str, str] | None:
    """HallPlan's own XDATA (``key=value`` strings under app id HALLPLAN), if any."""
    if getattr(e, "xdata", None) is None or not e.has_xdata("HALLPLAN"):
        return None
    out: dict[str, str] = {}
    for code, value in e.get_xdata("HALLPLAN"):
        if code == 1000 and isinstance(value, str) and "=" in value:
            k, v = value.split("=", 1)
            out[k] = out.get(k, "") + v if k in out and k.endswith("+") else v
    return out


class Collector(ExpandMixin):
    def __init__(self, doc: Any, layer_map: LayerMap, tol: float, text_fix: Callable[[str], str] | None = None,
                 budget: Budget | None = None) -> None:
        self.doc = doc
        self.map = layer_map
        self.tol = tol
        self.fix = text_fix or (lambda s: s)
        self.budget = budget or Budget()
        self.out = Collected()
        self._blocks: dict[str, list[Item]] = {}
        self._expanded: dict[tuple[str, float, str], Any] = {}
        self._stack: list[str] = []
        self._m44: dict[int, Matrix44] = {}  # block entities' own matrices: ezdxf builds one in ~20 µs
        self._style_w: dict[str, float] | None = None  # text style → width factor, read on the first MTEXT

    def _mtext_factor(self, e: Any) -> float:
        """An MTEXT's width factor: its text style's (1 for a style the drawing does not list)."""
        if self._style_w is None:
            self._style_w = style_widths(self.doc)
        return self._style_w.get(str(e.dxf.get("style", "Standard") or "Standard").lower(), 1.0)

    def _matrix(self, ins: Any) -> Matrix44:
        m = self._m44.get(id(ins))
        if m is None:
            m = self._m44[id(ins)] = ins.matrix44()
        return m

    def cut(self, raw: str, plain: Callable[[str], str]) -> str:
        """Plain text of a TEXT/MTEXT/ATTRIB value, cut to the budget's length (counted in the report)."""
        limit = self.budget.limits.text_chars
        if len(raw) <= limit:
            return " ".join(plain(raw).split())
        text = " ".join(plain(raw[: 4 * limit]).split())  # formatting codes take room: cut the raw text generously
        if len(text) > limit:
            text = text[:limit]
        self.out.texts_cut += 1
        return text

    # --- entity → local items -------------------------------------------------
    def _flat(self, p: Any, tol: float) -> np.ndarray:
        """Flatten a path within ``tol``; the tolerance grows to a millionth of the curve's size,
        so a garbage radius cannot make millions of vertices (or hang)."""
        return flat_path(p, tol, MAX_COORD)

    def local_items(self, e: Any, tol: float) -> Iterable[Item]:
        t = e.dxftype()
        layer = self.fix(e.dxf.layer) if e.dxf.hasattr("layer") else "0"
        if t == "LINE":
            s, en = e.dxf.start, e.dxf.end
            yield ("g", layer, np.array(((s.x, s.y), (en.x, en.y))), False, t)
        elif t == "LWPOLYLINE":
            closed = bool(e.closed)
            if type(e) is LiteLwPolyline:  # HallPlan's record: in the drawing plane, no bulges
                yield ("g", layer, e.points(), closed, t)
                return
            v = e.lwpoints.values  # (n, 5): x, y, start width, end width, bulge
            if e.dxf.extrusion.isclose(_Z) and not v[:, 4].any():
                pts = np.array(v[:, :2], dtype=float)
            else:
                pts = flat_lwpolyline(e, tol, MAX_COORD)  # ezdxf's make_path(e) flattened, less overhead per bulge
            yield ("g", layer, pts, closed, t)
        elif t == "POLYLINE":
            if e.is_poly_face_mesh or e.is_polygon_mesh:
                self.out.skipped[(t, "3D mesh")] += 1
                return
            yield ("g", layer, self._flat(ezpath.make_path(e), tol), bool(e.is_closed), t)
        elif t in ("ARC", "CIRCLE", "ELLIPSE", "SPLINE", "SOLID", "TRACE", "3DFACE"):
            closed = t in ("CIRCLE", "SOLID", "TRACE", "3DFACE") or (t == "ELLIPSE" and e.dxf.start_param == 0 and abs(e.dxf.end_param - math.tau) < 1e-9)
            yield ("g", layer, self._flat(ezpath.make_path(e), tol), closed, t)
        elif t in ("HATCH", "MPOLYGON"):
            flats = hatch_flats(e, tol, MAX_COORD) if t == "HATCH" else (self._flat(p, tol) for p in ezpath.from_hatch(e))
            for pts in flats:  # hatch_flats: ezdxf's from_hatch, flattened
                yield ("g", layer, pts, True, t)
        elif t == "POINT":
            c = e.dxf.location
            yield ("g", layer, np.array(((c.x, c.y),)), False, t)
        elif t in ("TEXT", "MTEXT"):
            if t == "TEXT":
                aligned = bool(e.dxf.halign or e.dxf.valign) and e.dxf.hasattr("align_point")
                pos = e.dxf.align_point if aligned else e.dxf.insert
                if not e.dxf.extrusion.isclose(_Z):
                    pos = OCS(e.dxf.extrusion).to_wcs(pos)
                text = self.cut(e.dxf.text, plain_text)
                height = e.dxf.height
                align = _text_align(int(e.dxf.halign or 0), int(e.dxf.valign or 0)) if aligned else (0, 0)
            else:
                pos = e.dxf.insert
                text = self.cut(e.text, _mtext_plain)
                height = e.dxf.char_height
                ap = int(e.dxf.get("attachment_point", 1) or 1)
                align = ((ap - 1) % 3, (3, 2, 1)[min(max((ap - 1) // 3, 0), 2)])
            text = self.fix(text)
            if text:
                lines = 1 + e.text.count("\\P") if t == "MTEXT" else 1
                width, shown = (_mtext_width(e), _paragraphs(e.text, self.fix)) if t == "MTEXT" else (0.0, "")
                yield ("t", layer, pos.x, pos.y, float(height), float(e.dxf.rotation), text, align, lines, width,
                       shown if shown != text else "", _width_factor(e) if t == "TEXT" else self._mtext_factor(e))
        elif t == "INSERT":
            yield ("i", e)
        elif t == "ATTDEF":
            return
        else:
            self.out.skipped[(t, "not read (annotation or unsupported)")] += 1

    def _block_items(self, name: str, tol: float) -> list[Item] | None:
        key = f"{name}\x00{tol:.3g}"
        items = self._blocks.get(key)
        if items is None:
            block = self.doc.blocks.get(name)
            if block is None:
                return None
            items = []
            nv = 0
            for e in block:
                first = len(items)
                try:
                    items.extend(self.local_items(e, tol))
                except Exception as exc:  # one broken entity in a block must not stop the import
                    self.out.skipped[(e.dxftype(), f"unreadable in block ({type(exc).__name__})")] += 1
                    continue
                nv += sum(len(it[2]) for it in items[first:] if it[0] == "g")
                self.budget.check(self._outermost(name), vertices=nv)  # huge curves in one block definition
            self._blocks[key] = items
        return items

    # --- emitting ---------------------------------------------------------------
    def _count(self, layer: str, t: str) -> None:
        c = self.out.counts.get(layer)
        if c is None:
            c = self.out.counts[layer] = Counter()
        c[t] += 1

    def _ok(self, pts: np.ndarray, t: str) -> bool:
        if len(pts) == 0:
            self.out.skipped[(t, "no geometry")] += 1
            return False
        if not np.abs(pts).max() <= MAX_COORD:  # NaN and inf fail this too
            self.out.skipped[(t, "absurd coordinates")] += 1
            return False
        return True

    def _underlay(self, layer: str, pts: np.ndarray, closed: bool) -> None:
        xy = self.out.under_xy.get(layer)
        if xy is None:
            xy = self.out.under_xy[layer] = array("d")
            self.out.under_starts[layer] = []
        if len(pts) < 2:
            return
        self.out.under_starts[layer].append(len(xy) // 2)
        flat = np.ascontiguousarray(pts, dtype=np.float64)  # the doubles as they are, one copy (extend made a float per value)
        xy.frombytes(flat.tobytes())
        if closed:
            xy.frombytes(flat[0].tobytes())
        self.out.vertices += len(pts)

    def emit_geom(self, layer: str, pts: np.ndarray, closed: bool, t: str, handle: str, xdata: dict[str, str] | None,
                  count: bool = True) -> None:
        if count:
            self._count(layer, t)
        if not self._ok(pts, t):
            return
        role = self.map.layer_role(layer)
        if role is not None and role != "ignore":
            shapes = self.out.shapes
            if xdata and xdata.get("hole") == "1" and shapes and shapes[-1].layer == layer:
                shapes[-1].holes.append(pts)
            else:
                shapes.append(Shape(layer, role, pts, closed, t, handle, xdata, seq=len(shapes) + len(self.out.blockrefs)))
        if role in _UNDERLAY_ROLES:
            self._underlay(layer, pts, closed)

    def emit_text(self, layer: str, x: float, y: float, h: float, rot: float, text: str, align: tuple[int, int] = (0, 0),
                  lines: int = 1, width: float = 0.0, shown: str = "", xscale: float = 1.0, *, count: bool = True) -> None:
        if count:
            self._count(layer, "TEXT")
        if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > MAX_COORD:
            self.out.skipped[("TEXT", "absurd coordinates")] += 1
            return
        self.out.texts.append(TextItem(layer, x, y, h, rot, text, align, lines, width, shown, xscale))

    def _attrib_texts(self, ins: Any, layer: str) -> None:
        for a in ins.attribs:
            try:
                if a.is_invisible:
                    continue
                aligned = bool(a.dxf.halign or a.dxf.valign) and a.dxf.hasattr("align_point")
                pos = a.dxf.align_point if aligned else a.dxf.insert
                text = self.fix(self.cut(a.dxf.text, plain_text))
                alayer = layer if a.dxf.layer == "0" else a.dxf.layer
                if text:
                    self.budget.charge(texts=1)
                    self.emit_text(alayer, float(pos.x), float(pos.y), float(a.dxf.height), float(a.dxf.rotation), text,
                                   _text_align(int(a.dxf.halign or 0), int(a.dxf.valign or 0)) if aligned else (0, 0),
                                   xscale=_width_factor(a), count=False)
            except DxfError:  # over the import budget: the importer says so
                raise
            except Exception:  # a broken attribute is not worth losing the drawing
                self.out.skipped[("ATTRIB", "unreadable")] += 1

    # --- walking ----------------------------------------------------------------
    def run(self, entities: Iterable[Any], total: int, progress: Callable[[float, str], None] | None) -> Collected:
        step = max(1, total // 50)
        self.budget.charge(entities=total)
        for i, e in enumerate(entities):
            if i % step == 0:
                self.budget.check()
                if progress is not None:
                    progress(i / max(total, 1), "读取图元 / reading entities")
            try:
                self._top(e)
            except DxfError:  # over the budget: the import stops
                raise
            except Exception as exc:  # keep going: report the entity, never a traceback
                self.out.skipped[(e.dxftype(), f"unreadable ({type(exc).__name__})")] += 1
        out: Collected = self.out
        return out

    def _top(self, e: Any) -> None:
        xdata = read_xdata(e)
        if xdata is None and e.dxftype() == "LINE" and self._plain_line(e):
            return
        handle = e.dxf.handle or ""
        for item in self.local_items(e, self.tol):
            if item[0] == "g":
                self.budget.charge(vertices=len(item[2]))
                self.emit_geom(item[1], item[2], item[3], item[4], handle, xdata)
            elif item[0] == "t":
                self.budget.charge(texts=1)
                self.emit_text(*item[1:])
            else:
                self._insert(item[1], None, None, None, xdata)

    def _plain_line(self, e: Any) -> bool:
        """Fast path for the commonest entity: a LINE on a layer without a plan role goes straight
        to the underlay, no arrays.  False when the general path must handle it."""
        layer = self.fix(e.dxf.layer)
        if self.map.layer_role(layer) not in (None, "ignore"):
            return False
        if type(e) is LiteLine:  # HallPlan's record: the numbers themselves, no vectors
            x0, y0, x1, y1 = e.x0, e.y0, e.x1, e.y1
        else:
            s, en = e.dxf.start, e.dxf.end
            x0, y0, x1, y1 = s.x, s.y, en.x, en.y
        self._count(layer, "LINE")
        if not abs(x0) + abs(y0) + abs(x1) + abs(y1) < MAX_COORD:  # NaN and inf fail this too
            self.out.skipped[("LINE", "absurd coordinates")] += 1
            return True
        xy = self.out.under_xy.get(layer)
        if xy is None:
            xy = self.out.under_xy[layer] = array("d")
            self.out.under_starts[layer] = []
        self.out.under_starts[layer].append(len(xy) // 2)
        xy.extend((x0, y0, x1, y1))
        self.out.vertices += 2
        self.budget.vertices += 2  # checked in the loop: plain lines are as many as the file holds
        return True

    def _insert(self, ins: Any, outer: Matrix44 | None, outer_layer: str | None, ref: BlockRef | None,
                xdata: dict[str, str] | None = None) -> None:
        layer = self.fix(ins.dxf.layer)
        if outer_layer is not None and layer == "0":
            layer = outer_layer
        name = ins.dxf.name
        k = cells(ins)
        self.budget.charge(refs=k, block=self._outermost(name))  # a MINSERT's cells count before one is made
        if k == 1:
            self._insert_one(ins, outer, layer, ref, xdata)
        elif ref is None and not self._is_object_insert(name, layer):
            offs = cell_offsets(ins)
            if offs is not None and outer is not None:
                offs = offs @ affine(outer)[0]
            self._insert_one(ins, outer, layer, None, xdata, offs)
        else:  # cells that are plan objects, or parts of one: each cell's own matrix, no ezdxf copies
            if ref is None:
                self.budget.check(self._outermost(name), objects=k)
            else:
                self.budget.charge(parts=k, block=self._outermost(name))
            base = self._matrix(ins)
            offs = cell_offsets(ins)
            for off in (offs if offs is not None else np.zeros((1, 2))):
                self._insert_one(ins, outer, layer, ref, xdata, local=base * Matrix44.translate(float(off[0]), float(off[1]), 0))

    def _insert_one(self, ins: Any, outer: Matrix44 | None, layer: str, ref: BlockRef | None, xdata: dict[str, str] | None,
                    offs: np.ndarray | None = None, local: Matrix44 | None = None) -> None:
        """One block reference (``local``: its matrix, for a MINSERT cell), or (``offs``) all cells
        of a MINSERT without a plan meaning."""
        name = ins.dxf.name
        k = 1 if offs is None else len(offs)
        self.out.counts.setdefault(layer, Counter())["INSERT"] += k
        if name in self._stack:
            self.out.skipped[("INSERT", f"block {self.fix(name)!r} inserts itself")] += k
            return
        if len(self._stack) >= MAX_DEPTH:
            self.out.skipped[("INSERT", f"nested deeper than {MAX_DEPTH}")] += k
            return
        m = self._matrix(ins) if local is None else local
        if outer is not None:
            m = m * outer
        if not sum(map(abs, m)) < MAX_COORD:  # NaN and inf fail this too
            self.out.skipped[("INSERT", "absurd transformation")] += k
            return
        sx, tol = quantised_tol(self.tol, m)
        if ref is None and offs is None:
            role_kind = self.map.block_role(self.fix(name))
            lrole = self.map.layer_role(layer)
            role: str | None = None
            kind: str | None = None
            if role_kind is not None:
                role, kind = role_kind
            elif lrole in OBJECT_ROLES:
                role = lrole
            if role == "counter" and self._is_counter_group(name, tol):
                self._emit_group(ins, m, layer, tol)
                return
            if role is not None:
                self.budget.charge(objects=1, block=self._outermost(name))
                ins_pt = m.transform(Vec3(0, 0, 0))
                x_dir = m.transform_direction(Vec3(1, 0, 0))
                ref = BlockRef(self.fix(name), layer, role, kind, ins.dxf.handle or "", ins_pt.x, ins_pt.y,
                               math.degrees(math.atan2(x_dir.y, x_dir.x)), xdata=xdata,
                               seq=len(self.out.shapes) + len(self.out.blockrefs))
                for a in ins.attribs:
                    ref.attribs[self.fix(a.dxf.tag).strip().upper()] = self.fix(self.cut(a.dxf.text, plain_text)).strip()
                self.out.blockrefs.append(ref)
        elif ref is not None and ins.attribs:
            for a in ins.attribs:
                ref.attribs.setdefault(self.fix(a.dxf.tag).strip().upper(), self.fix(self.cut(a.dxf.text, plain_text)).strip())
        if ref is None:  # no plan meaning: expand once per block, move by the matrix
            if outer is None and ins.attribs:  # attribute values (a room number in a tag) are texts of the drawing
                self._attrib_texts(ins, layer)
            self._stack.append(name)
            try:
                ex = self._expand(name, tol, layer)
            finally:
                self._stack.pop()
            if ex is None:
                self.out.skipped[("INSERT", f"block {self.fix(name)!r} is not defined")] += k
            else:
                self._emit_expanded(ex, m, ins.dxf.handle or "", offs, name)
            return
        items = self._block_items(name, tol)
        if items is None:
            self.out.skipped[("INSERT", f"block {self.fix(name)!r} is not defined")] += 1
            return
        self.budget.charge(entities=len(items), parts=len(items), block=self._outermost(name))
        a, t = affine(m)
        self._stack.append(name)
        try:
            for item in items:
                kind_ = item[0]
                if kind_ == "i":
                    self._insert(item[1], m, layer, ref)
                    continue
                ilayer = layer if item[1] == "0" else item[1]
                if kind_ == "g":
                    self.budget.charge(vertices=len(item[2]))
                    pts = item[2] @ a + t
                    self._count(ilayer, item[4])
                    if self._ok(pts, item[4]):
                        ref.parts.append((pts, item[3]))
                        if ref.role in _UNDERLAY_ROLES:
                            self._underlay(ilayer, pts, item[3])
                elif kind_ == "t":
                    self.budget.charge(texts=1)
                    ref.texts.append(item[6])
                    self.emit_text(*text_at(item[1:], ilayer, np.array((item[2], item[3])) @ a + t, sx))
        finally:
            self._stack.pop()
