"""The import budget: how much a drawing may expand to before the import is refused.

A few kilobytes of nested block references (or one MINSERT of 100000 × 100000 cells) describe
more geometry than any machine holds. The :class:`Budget` is charged as the expansion happens —
before the arrays are made, MINSERT cells counted up front — and raises a :class:`DxfError` naming
the limit and the block as soon as one is exceeded, so such a file is refused in seconds with
bounded memory. The defaults let a real 20 MB drawing and a generated 210 MB one through
(see ``benchmarks/bench_dxf_import.py``) with room to spare.

>>> b = Budget(ImportLimits(block_refs=10), "x.dxf")
>>> b.charge(refs=8, block="SEAT")
>>> try:
...     b.charge(refs=3, block="SEAT")
... except DxfError as e:
...     print(e.en)
x.dxf: block references expand to more than 10 inserts (block SEAT); purge or simplify the block in CAD, or split the drawing
"""

from __future__ import annotations

from dataclasses import dataclass

from geometry.dxf.errors import DxfError


@dataclass(frozen=True)
class ImportLimits:
    """Upper bounds for one import (all counted after block expansion)."""

    vertices: int = 60_000_000  # vertices of all geometry (about 16 bytes each in memory)
    entities: int = 10_000_000  # lines, polylines, texts... of the drawing and inside its block references
    texts: int = 500_000  # texts after expansion (each a Python object, and a point the plan is searched by)
    block_refs: int = 5_000_000  # block references expanded: nested ones and every MINSERT cell included
    plan_objects: int = 200_000  # block references that become plan objects (counters, facilities, doors...)
    object_parts: int = 500_000  # entities and references inside those blocks (read one by one, not cached)
    text_chars: int = 2_000  # a longer TEXT/MTEXT/ATTRIB is cut to this many characters (with a report note)


# limit name -> (zh what, en what)
_WHAT = {
    "vertices": ("个顶点", "vertices"),
    "entities": ("个图元", "entities"),
    "texts": ("段文字", "texts"),
    "block_refs": ("次块参照", "inserts"),
    "plan_objects": ("个平面对象(柜台、设施等块参照)", "plan objects (counter, facility... blocks)"),
    "object_parts": ("个图元", "entities"),
}
_LEAD = {
    "vertices": ("图形展开后超过", "the drawing expands to more than"),
    "entities": ("图形展开后超过", "the drawing expands to more than"),
    "texts": ("图形展开后超过", "the drawing expands to more than"),
    "block_refs": ("图块嵌套展开超过", "block references expand to more than"),
    "plan_objects": ("块参照生成超过", "block references make more than"),
    "object_parts": ("平面对象块(柜台、设施等)内含超过", "the blocks that are plan objects (counters, facilities...) hold more than"),
}


class Budget:
    """Running totals of one import against its :class:`ImportLimits`."""

    __slots__ = ("entities", "limits", "objects", "parts", "refs", "source", "texts", "vertices")

    def __init__(self, limits: ImportLimits | None = None, source: str = "") -> None:
        self.limits = limits or ImportLimits()
        self.source = source
        self.vertices = self.entities = self.texts = self.refs = self.objects = self.parts = 0

    def charge(self, vertices: int = 0, entities: int = 0, refs: int = 0, objects: int = 0, parts: int = 0,
               texts: int = 0, block: str = "") -> None:
        """Add to the totals; raise :class:`DxfError` when one goes over its limit."""
        self.vertices += vertices
        self.entities += entities
        self.texts += texts
        self.refs += refs
        self.objects += objects
        self.parts += parts
        self.check(block)

    def check(self, block: str = "", vertices: int = 0, entities: int = 0, refs: int = 0, objects: int = 0,
              texts: int = 0) -> None:
        """Raise when the totals plus the given amounts (not added) are over a limit."""
        lim = self.limits
        if self.refs + refs > lim.block_refs:
            self.over("block_refs", lim.block_refs, block)
        if self.objects + objects > lim.plan_objects:
            self.over("plan_objects", lim.plan_objects, block)
        if self.parts > lim.object_parts:
            self.over("object_parts", lim.object_parts, block)
        if self.entities + entities > lim.entities:
            self.over("entities", lim.entities, block)
        if self.texts + texts > lim.texts:
            self.over("texts", lim.texts, block)
        if self.vertices + vertices > lim.vertices:
            self.over("vertices", lim.vertices, block)

    def over(self, which: str, limit: int, block: str = "") -> None:
        lead_zh, lead_en = _LEAD[which]
        what_zh, what_en = _WHAT[which]
        where_zh = f"(块 {block})" if block else ""
        where_en = f" (block {block})" if block else ""
        pre = f"{self.source}: " if self.source else ""
        hint_zh = "请在 CAD 中清理或简化该块,或拆分图纸后再导入" if block else "请在 CAD 中拆分图纸后再导入"
        hint_en = "purge or simplify the block in CAD, or split the drawing" if block else "split the drawing in CAD"
        raise DxfError(f"{pre}{lead_zh} {limit:,} {what_zh}{where_zh},超出导入上限;{hint_zh}",
                       f"{pre}{lead_en} {limit:,} {what_en}{where_en}; {hint_en}")
