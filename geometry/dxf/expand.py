"""Block references without a plan meaning (furniture groups, whole floors as one block...) are
expanded once per (block, tolerance, inherited layer) into one vertex array grouped by layer; each
reference then costs one matrix product and a few array appends, not a Python loop per entity.

Parts on layers with a role, texts, and nested block references that are plan objects (a counter
block inside a group) are kept aside and emitted one by one through the collector.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ezdxf.math import Matrix44

MAX_DEPTH = 16
MAX_COORD = 1e12  # drawing units; beyond this a coordinate is garbage
OBJECT_ROLES = ("counter", "consult", "entrance", "facility", "wall", "column", "door", "window", "obstacle", "parking")
UNDERLAY_ROLES = (None, "ignore", "wall", "column", "door", "window", "obstacle")


@dataclass
class Expanded:
    verts: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))  # grouped by layer, closing vertices included
    groups: list[tuple[str, int, int, np.ndarray]] = field(default_factory=list)  # layer, first, end, part starts (relative)
    role_parts: list[tuple[str, np.ndarray, bool, str]] = field(default_factory=list)  # layer, local pts, closed, type
    texts: list[tuple[str, float, float, float, float, str]] = field(default_factory=list)
    role_inserts: list[tuple[Any, Matrix44 | None, str]] = field(default_factory=list)  # insert, to-this-block matrix, parent layer
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)


def quantised_tol(tol: float, m: Matrix44) -> tuple[float, float]:
    """(scale of ``m``, flattening tolerance in the block's own units, rounded down to a power of 2)."""
    sx = math.sqrt(abs(m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0])) or 1.0
    t = tol / max(sx, 1e-9)
    return sx, (2.0 ** math.floor(math.log2(t)) if t > 0 else tol)


def affine(m: Matrix44) -> tuple[np.ndarray, np.ndarray]:
    return np.array(((m[0, 0], m[0, 1]), (m[1, 0], m[1, 1]))), np.array((m[3, 0], m[3, 1]))


class ExpandMixin:
    """Mixed into :class:`geometry.dxf.collect.Collector` (uses its map, fix, stack and output)."""

    map: Any
    fix: Any
    out: Any
    tol: float
    _stack: list[str]
    _expanded: dict[tuple[str, float, str], Expanded | None]

    def _block_items(self, name: str, tol: float) -> list[tuple[Any, ...]] | None: ...  # noqa: E704
    def emit_geom(self, layer: str, pts: np.ndarray, closed: bool, t: str, handle: str, xdata: Any, count: bool = True) -> None: ...  # noqa: E704
    def emit_text(self, layer: str, x: float, y: float, h: float, rot: float, text: str, count: bool = True) -> None: ...  # noqa: E704
    def _insert(self, ins: Any, outer: Matrix44 | None, outer_layer: str | None, ref: Any, xdata: Any = None) -> None: ...  # noqa: E704

    def _is_object_insert(self, name: str, layer: str) -> bool:
        return self.map.block_role(self.fix(name)) is not None or self.map.layer_role(layer) in OBJECT_ROLES

    def _expand(self, name: str, tol: float, inherited: str) -> Expanded | None:
        key = (name, tol, inherited)
        if key in self._expanded:
            return self._expanded[key]
        items = self._block_items(name, tol)
        if items is None:
            self._expanded[key] = None
            return None
        ex = Expanded()
        chunks: dict[str, list[tuple[np.ndarray, bool]]] = {}

        def count(layer: str, t: str, n: int = 1) -> None:
            ex.counts.setdefault(layer, Counter())[t] += n

        for item in items:
            if item[0] == "i":
                self._expand_nested(item[1], tol, inherited, ex, chunks, count)
                continue
            layer = inherited if item[1] == "0" else item[1]
            if item[0] == "t":
                count(layer, "TEXT")
                ex.texts.append((layer, *item[2:]))
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
            elif len(pts) >= 2:
                chunks.setdefault(layer, []).append((pts, closed))
        verts: list[np.ndarray] = []
        n = 0
        for layer, parts in chunks.items():
            starts = []
            first = n
            for pts, closed in parts:
                starts.append(n - first)
                p = np.vstack([pts, pts[:1]]) if closed else pts
                verts.append(p)
                n += len(p)
            ex.groups.append((layer, first, n, np.asarray(starts, dtype=np.int64)))
        if verts:
            ex.verts = np.vstack(verts)
        self._expanded[key] = ex
        return ex

    def _expand_nested(self, ins: Any, tol: float, inherited: str, ex: Expanded,
                       chunks: dict[str, list[tuple[np.ndarray, bool]]], count: Any) -> None:
        layer = self.fix(ins.dxf.layer)
        if layer == "0":
            layer = inherited
        name = ins.dxf.name
        if self._is_object_insert(name, layer):
            ex.role_inserts.append((ins, None, inherited))
            return
        for one in (ins.multi_insert() if ins.mcount > 1 else (ins,)):
            count(layer, "INSERT")
            if name in self._stack:
                ex.skipped[("INSERT", f"block {self.fix(name)!r} inserts itself")] += 1
                continue
            if len(self._stack) >= MAX_DEPTH:
                ex.skipped[("INSERT", f"nested deeper than {MAX_DEPTH}")] += 1
                continue
            m = one.matrix44()
            if not sum(map(abs, m)) < MAX_COORD:  # NaN and inf fail this too
                ex.skipped[("INSERT", "absurd transformation")] += 1
                continue
            _, sub_tol = quantised_tol(tol, m)
            self._stack.append(name)
            try:
                sub = self._expand(name, sub_tol, layer)
            finally:
                self._stack.pop()
            if sub is None:
                ex.skipped[("INSERT", f"block {self.fix(name)!r} is not defined")] += 1
                continue
            a, t = affine(m)
            sx = math.sqrt(abs(np.linalg.det(a))) or 1.0
            for glayer, first, end, starts in sub.groups:
                chunks.setdefault(glayer, []).extend(
                    (seg, False) for seg in np.split(sub.verts[first:end] @ a + t, starts[1:]))
            for player, pts, closed, pt in sub.role_parts:
                ex.role_parts.append((player, pts @ a + t, closed, pt))
            for tlayer, x, y, h, rot, text in sub.texts:
                wx, wy = np.array((x, y)) @ a + t
                ex.texts.append((tlayer, float(wx), float(wy), h * sx, rot, text))
            for rins, rel, rlayer in sub.role_inserts:
                ex.role_inserts.append((rins, m if rel is None else rel * m, rlayer if rel is not None else layer))
            for clayer, c in sub.counts.items():
                ex.counts.setdefault(clayer, Counter()).update(c)
            ex.skipped.update(sub.skipped)

    def _emit_expanded(self, ex: Expanded, m: Matrix44, handle: str) -> None:
        a, t = affine(m)
        sx = math.sqrt(abs(np.linalg.det(a))) or 1.0
        for layer, c in ex.counts.items():
            self.out.counts.setdefault(layer, Counter()).update(c)
        self.out.skipped.update(ex.skipped)
        if len(ex.verts):
            world = ex.verts @ a + t
            if not np.abs(world).max() <= MAX_COORD:
                self.out.skipped[("INSERT", "absurd coordinates")] += 1
                return
            for layer, first, end, starts in ex.groups:
                xy = self.out.under_xy.get(layer)
                if xy is None:
                    xy = self.out.under_xy[layer] = array("d")
                    self.out.under_starts[layer] = []
                base = len(xy) // 2
                self.out.under_starts[layer].extend((starts + base).tolist())
                xy.frombytes(np.ascontiguousarray(world[first:end]).tobytes())
            self.out.vertices += len(world)
        for layer, pts, closed, pt in ex.role_parts:
            self.emit_geom(layer, pts @ a + t, closed, pt, handle, None, count=False)
        for layer, x, y, h, rot, text in ex.texts:
            wx, wy = np.array((x, y)) @ a + t
            self.emit_text(layer, float(wx), float(wy), h * sx, rot, text, count=False)
        for ins, rel, parent_layer in ex.role_inserts:
            self._insert(ins, m if rel is None else rel * m, parent_layer, None)
