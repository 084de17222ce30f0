"""Block references without a plan meaning (furniture groups, whole floors as one block...) are
expanded once per (block, tolerance, inherited layer) into one vertex array grouped by layer; each
reference then costs one matrix product and a few array appends, not a Python loop per entity.
A MINSERT's cells are one broadcast over the grid offsets, not one virtual INSERT per cell.

Parts on layers with a role, texts, and nested block references that are plan objects (a counter
block inside a group) are kept aside and emitted one by one through the collector.

Every expansion carries its totals (vertices, entities, block references once emitted); the
collector's :class:`~geometry.dxf.limits.Budget` is checked with them *before* arrays are copied,
so a nested-block bomb or a 100000 × 100000 MINSERT is refused without being built.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ezdxf.math import OCS, Matrix44, Vec3

from geometry.dxf.limits import Budget

MAX_DEPTH = 16
MAX_COORD = 1e12  # drawing units; beyond this a coordinate is garbage
OBJECT_ROLES = ("counter", "consult", "entrance", "facility", "wall", "column", "door", "window", "obstacle", "parking")
UNDERLAY_ROLES = (None, "ignore", "wall", "column", "door", "window", "obstacle", "room")
_BATCH_VERTS = 1 << 20  # MINSERT cells are emitted in batches of about this many vertices

# per layer: runs of (vertices, polyline starts relative to the run)
Runs = dict[str, list[tuple[np.ndarray, np.ndarray]]]


@dataclass
class Expanded:
    verts: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))  # grouped by layer, closing vertices included
    groups: list[tuple[str, int, int, np.ndarray]] = field(default_factory=list)  # layer, first, end, part starts (relative)
    role_parts: list[tuple[str, np.ndarray, bool, str]] = field(default_factory=list)  # layer, local pts, closed, type
    texts: list[tuple[Any, ...]] = field(default_factory=list)  # a TextItem's fields, in the block's coordinates
    role_inserts: list[tuple[Any, Matrix44 | None, str]] = field(default_factory=list)  # insert, to-this-block matrix, parent layer
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)
    # what one emission of this expansion costs (role inserts are charged when they are inserted)
    n_verts: int = 0
    n_ents: int = 0
    n_refs: int = 0
    n_texts: int = 0
    n_objs: int = 0  # plan-object block references (MINSERT cells included) among the role inserts


def quantised_tol(tol: float, m: Matrix44) -> tuple[float, float]:
    """(scale of ``m``, flattening tolerance in the block's own units, rounded down to a power of 2)."""
    sx = math.sqrt(abs(m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0])) or 1.0
    t = tol / max(sx, 1e-9)
    return sx, (2.0 ** math.floor(math.log2(t)) if t > 0 else tol)


def affine(m: Matrix44) -> tuple[np.ndarray, np.ndarray]:
    return np.array(((m[0, 0], m[0, 1]), (m[1, 0], m[1, 1]))), np.array((m[3, 0], m[3, 1]))


def cells(ins: Any) -> int:
    """How many block references an INSERT stands for (a MINSERT's rows × columns), at least 1."""
    n = ins.mcount
    return n if n > 1 else 1


def cell_offsets(ins: Any) -> np.ndarray | None:
    """The MINSERT cells' offsets from the first cell, in the coordinates the INSERT lives in
    (as ezdxf's ``multi_insert``: the grid is rotated with the block, not scaled); None for a
    plain INSERT. Call only after the cell count passed the budget."""
    if ins.mcount <= 1:
        return None
    d = ins.dxf
    rows = max(1, int(d.row_count)) if d.row_spacing else 1
    cols = max(1, int(d.column_count)) if d.column_spacing else 1
    c, r = np.meshgrid(np.arange(cols) * float(d.column_spacing), np.arange(rows) * float(d.row_spacing))
    off = np.column_stack((c.ravel(), r.ravel()))
    if d.rotation:
        a = math.radians(d.rotation)
        off = off @ np.array(((math.cos(a), math.sin(a)), (-math.sin(a), math.cos(a))))
    ocs = OCS(d.extrusion)
    ux, uy = ocs.to_wcs(Vec3(1, 0, 0)), ocs.to_wcs(Vec3(0, 1, 0))
    out: np.ndarray = off[:, :1] * np.array((ux.x, ux.y)) + off[:, 1:] * np.array((uy.x, uy.y))
    return out


def _scale(a: np.ndarray) -> float:
    """How much the 2×2 matrix ``a`` scales lengths (text heights), 1 when it flattens them."""
    return math.sqrt(abs(np.linalg.det(a))) or 1.0


def text_at(fields: tuple[Any, ...], layer: str, xy: np.ndarray, sx: float) -> tuple[Any, ...]:
    """A text's fields (layer, x, y, height, rotation, text, align, lines, column width, shown, width factor:
    those of :class:`~geometry.dxf.collect.TextItem`) placed at ``xy`` on ``layer`` by a block reference
    that scales lengths by ``sx`` (the height and an MTEXT's column width scale; the rest stays)."""
    _layer, _x, _y, h, rot, text, align, lines, width, shown, xscale = fields
    return (layer, float(xy[0]), float(xy[1]), h * sx, rot, text, align, lines, width * sx, shown, xscale)


def _tile(local: np.ndarray, starts: np.ndarray, offs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One run holding ``local`` moved by every offset, and its polyline starts."""
    n = len(local)
    verts = (local[None, :, :] + offs[:, None, :]).reshape(-1, 2)
    return verts, (starts[None, :] + n * np.arange(len(offs), dtype=np.int64)[:, None]).ravel()


class ExpandMixin:
    """Mixed into :class:`geometry.dxf.collect.Collector` (uses its map, fix, stack, budget and output)."""

    map: Any
    fix: Any
    out: Any
    tol: float
    budget: Budget
    _stack: list[str]
    _expanded: dict[tuple[str, float, str], Expanded | None]

    def _block_items(self, name: str, tol: float) -> list[tuple[Any, ...]] | None: ...  # noqa: E704
    def emit_geom(self, layer: str, pts: np.ndarray, closed: bool, t: str, handle: str, xdata: Any, count: bool = True) -> None: ...  # noqa: E704
    def emit_text(self, layer: str, x: float, y: float, h: float, rot: float, text: str, align: tuple[int, int] = (0, 0),
                  lines: int = 1, width: float = 0.0, shown: str = "", xscale: float = 1.0, *, count: bool = True) -> None: ...  # noqa: E704
    def _insert(self, ins: Any, outer: Matrix44 | None, outer_layer: str | None, ref: Any, xdata: Any = None) -> None: ...  # noqa: E704

    def _is_counter_child(self, ins: Any) -> bool:
        """A block reference inside a block that is itself a counter: by its block name, or by its own
        layer (not one inherited from layer 0)."""
        rk = self.map.block_role(self.fix(ins.dxf.name))
        if rk is not None:
            return bool(rk[0] == "counter")
        own = str(self.fix(ins.dxf.layer))
        return own != "0" and bool(self.map.layer_role(own) == "counter")

    def _is_counter_group(self, name: str, tol: float) -> bool:
        """Block ``name`` holds counter blocks (a 柜台组 of 单柜): each is a counter, not the group."""
        items = self._block_items(name, tol)
        return bool(items) and any(it[0] == "i" and self._is_counter_child(it[1]) for it in items or ())

    def _emit_group(self, ins: Any, m: Matrix44, layer: str, tol: float) -> None:
        """A counter group: one counter per inner counter block (its own footprint, rotation, mirror
        and attributes; the group's attributes fill what a child does not say); the group's other
        lines and blocks stay in the underlay, its texts are texts of the drawing."""
        name = ins.dxf.name
        items = self._block_items(name, tol) or []
        self.budget.charge(entities=len(items), block=self._outermost(name))
        shared = {self.fix(a.dxf.tag).strip().upper(): self.fix(str(a.dxf.text)).strip() for a in ins.attribs}
        before = len(self.out.blockrefs)
        a, t = affine(m)
        sx = _scale(a) if any(item[0] == "t" for item in items) else 1.0  # only texts need it
        self._stack.append(name)
        try:
            for item in items:
                if item[0] == "i":
                    child = item[1]
                    self._insert(child, m, layer if self._is_counter_child(child) else None, None)
                    continue
                ilayer = layer if item[1] == "0" else item[1]
                if item[0] == "g":
                    pts = item[2] @ a + t
                    self._count(ilayer, item[4])
                    if len(pts) >= 2 and np.abs(pts).max() <= MAX_COORD:
                        self._underlay(ilayer, pts, item[3])
                else:
                    self.emit_text(*text_at(item[1:], ilayer, np.array((item[2], item[3])) @ a + t, sx))
        finally:
            self._stack.pop()
        for ref in self.out.blockrefs[before:]:
            for k, v in shared.items():
                ref.attribs.setdefault(k, v)

    def _count(self, layer: str, t: str) -> None: ...  # noqa: E704
    def _underlay(self, layer: str, pts: np.ndarray, closed: bool) -> None: ...  # noqa: E704

    def _is_object_insert(self, name: str, layer: str) -> bool:
        return self.map.block_role(self.fix(name)) is not None or self.map.layer_role(layer) in OBJECT_ROLES

    def _outermost(self, name: str) -> str:
        """The modelspace block whose expansion is under way (named in a refusal)."""
        return str(self.fix(self._stack[0] if self._stack else name))

    def _check(self, ex: Expanded, name: str) -> None:
        self.budget.check(self._outermost(name), vertices=ex.n_verts, entities=ex.n_ents, refs=ex.n_refs, objects=ex.n_objs,
                          texts=ex.n_texts)

    def _expand(self, name: str, tol: float, inherited: str) -> Expanded | None:
        key = (name, tol, inherited)
        if key in self._expanded:
            return self._expanded[key]
        items = self._block_items(name, tol)
        if items is None:
            self._expanded[key] = None
            return None
        ex = Expanded()
        runs: Runs = {}

        def count(layer: str, t: str, n: int = 1) -> None:
            ex.counts.setdefault(layer, Counter())[t] += n

        for item in items:
            if item[0] == "i":
                self._expand_nested(item[1], tol, inherited, ex, runs, count)
                continue
            layer = inherited if item[1] == "0" else item[1]
            ex.n_ents += 1
            if item[0] == "t":
                count(layer, "TEXT")
                ex.texts.append((layer, *item[2:]))
                ex.n_texts += 1
                continue
            pts, closed, t = item[2], item[3], item[4]
            count(layer, t)
            if len(pts) == 0:
                ex.skipped[(t, "no geometry")] += 1
                continue
            if not np.abs(pts).max() <= MAX_COORD:
                ex.skipped[(t, "absurd coordinates")] += 1
                continue
            role = self.map.layer_role(layer)
            if role is not None and role != "ignore":
                ex.role_parts.append((layer, pts, closed, t))
                ex.n_verts += len(pts)
            elif len(pts) >= 2:
                p = np.vstack([pts, pts[:1]]) if closed else pts
                runs.setdefault(layer, []).append((p, np.zeros(1, dtype=np.int64)))
                ex.n_verts += len(p)
        self._check(ex, name)
        verts: list[np.ndarray] = []
        n = 0
        for layer, parts in runs.items():
            starts: list[np.ndarray] = []
            first = n
            for p, s in parts:
                starts.append(s + (n - first))
                verts.append(p)
                n += len(p)
            ex.groups.append((layer, first, n, np.concatenate(starts)))
        if verts:
            ex.verts = np.vstack(verts)
        self._expanded[key] = ex
        return ex

    def _expand_nested(self, ins: Any, tol: float, inherited: str, ex: Expanded, runs: Runs, count: Any) -> None:
        layer = self.fix(ins.dxf.layer)
        if layer == "0":
            layer = inherited
        name = ins.dxf.name
        k = cells(ins)
        if self._is_object_insert(name, layer):
            ex.role_inserts.append((ins, None, inherited))
            ex.n_objs += k
            self._check(ex, name)
            return
        count(layer, "INSERT", k)
        ex.n_refs += k
        self._check(ex, name)  # a 100000 × 100000 MINSERT stops here, before any cell is made
        if name in self._stack:
            ex.skipped[("INSERT", f"block {self.fix(name)!r} inserts itself")] += k
            return
        if len(self._stack) >= MAX_DEPTH:
            ex.skipped[("INSERT", f"nested deeper than {MAX_DEPTH}")] += k
            return
        m = ins.matrix44()
        if not sum(map(abs, m)) < MAX_COORD:  # NaN and inf fail this too
            ex.skipped[("INSERT", "absurd transformation")] += k
            return
        _, sub_tol = quantised_tol(tol, m)
        self._stack.append(name)
        try:
            sub = self._expand(name, sub_tol, layer)
        finally:
            self._stack.pop()
        if sub is None:
            ex.skipped[("INSERT", f"block {self.fix(name)!r} is not defined")] += k
            return
        ex.n_verts += k * sub.n_verts
        ex.n_ents += k * sub.n_ents
        ex.n_refs += k * sub.n_refs
        ex.n_texts += k * sub.n_texts
        ex.n_objs += k * sub.n_objs
        self._check(ex, name)  # before the copies are made
        a, t = affine(m)
        offs = cell_offsets(ins)
        sx = _scale(a) if sub.texts else 1.0  # only texts need it
        for glayer, first, end, starts in sub.groups:
            local = sub.verts[first:end] @ a + t
            runs.setdefault(glayer, []).append((local, starts) if offs is None else _tile(local, starts, offs))
        for clayer, c in sub.counts.items():
            ex.counts.setdefault(clayer, Counter()).update({key: v * k for key, v in c.items()})
        ex.skipped.update({key: v * k for key, v in sub.skipped.items()})
        if not (sub.role_parts or sub.texts or sub.role_inserts):
            return
        for off in (np.zeros((1, 2)) if offs is None else offs):
            tt = t + off
            mm = m if offs is None else m * Matrix44.translate(float(off[0]), float(off[1]), 0)
            for player, pts, closed, pt in sub.role_parts:
                ex.role_parts.append((player, pts @ a + tt, closed, pt))
            for fields in sub.texts:
                ex.texts.append(text_at(fields, fields[0], np.array((fields[1], fields[2])) @ a + tt, sx))
            for rins, rel, rlayer in sub.role_inserts:
                ex.role_inserts.append((rins, mm if rel is None else rel * mm, rlayer if rel is not None else layer))

    def _emit_expanded(self, ex: Expanded, m: Matrix44, handle: str, offs: np.ndarray | None = None, name: str = "") -> None:
        k = 1 if offs is None else len(offs)
        self.budget.charge(vertices=k * ex.n_verts, entities=k * ex.n_ents, refs=k * ex.n_refs, texts=k * ex.n_texts,
                           block=self._outermost(name))
        self.budget.check(self._outermost(name), objects=k * ex.n_objs)
        a, t = affine(m)
        sx = _scale(a) if ex.texts else 1.0  # only texts need it (numpy's det costs ~10 µs a call)
        for layer, c in ex.counts.items():
            self.out.counts.setdefault(layer, Counter()).update(c if k == 1 else {key: v * k for key, v in c.items()})
        self.out.skipped.update(ex.skipped if k == 1 else {key: v * k for key, v in ex.skipped.items()})
        all_offs = np.zeros((1, 2)) if offs is None else offs
        if len(ex.verts):
            local = ex.verts @ a + t
            step = max(1, _BATCH_VERTS // len(local))
            for b in range(0, len(all_offs), step):
                batch = all_offs[b:b + step]
                world = local + batch[0] if len(batch) == 1 else (local[None, :, :] + batch[:, None, :]).reshape(-1, 2)
                if not np.abs(world).max() <= MAX_COORD:
                    self.out.skipped[("INSERT", "absurd coordinates")] += len(batch)
                    continue
                n = len(local)
                for layer, first, end, starts in ex.groups:
                    xy = self.out.under_xy.get(layer)
                    if xy is None:
                        xy = self.out.under_xy[layer] = array("d")
                        self.out.under_starts[layer] = []
                    base = len(xy) // 2
                    if len(batch) == 1:
                        self.out.under_starts[layer].extend((starts + base).tolist())
                        xy.frombytes(np.ascontiguousarray(world[first:end]).tobytes())
                    else:
                        span = end - first
                        cellwise = world.reshape(len(batch), n, 2)[:, first:end]
                        st = (starts[None, :] + base + span * np.arange(len(batch), dtype=np.int64)[:, None]).ravel()
                        self.out.under_starts[layer].extend(st.tolist())
                        xy.frombytes(np.ascontiguousarray(cellwise).tobytes())
                self.out.vertices += len(world)
        if not (ex.role_parts or ex.texts or ex.role_inserts):
            return
        for off in all_offs:
            tt = t + off
            mm = m if offs is None else m * Matrix44.translate(float(off[0]), float(off[1]), 0)
            for layer, pts, closed, pt in ex.role_parts:
                self.emit_geom(layer, pts @ a + tt, closed, pt, handle, None, count=False)
            for fields in ex.texts:
                self.emit_text(*text_at(fields, fields[0], np.array((fields[1], fields[2])) @ a + tt, sx), count=False)
            for ins, rel, parent_layer in ex.role_inserts:
                self._insert(ins, mm if rel is None else rel * mm, parent_layer, None)
