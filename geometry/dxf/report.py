"""What an import recognised, skipped and assumed: the record beside the imported plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geometry.drawing_file import Underlay as Underlay, UnderlayLayer as UnderlayLayer  # the one underlay type
from geometry.drawing_file import UnderlayText as UnderlayText  # re-exported: the import's texts
from geometry.dxf.units import Units
from geometry.i18n import pick
from geometry.kinds import KINDS
from geometry.model import Plan

# what a layer role is called in the import summary: the kinds' names, and the roles that are not kinds
ROLE_NAMES: dict[str, tuple[str, str]] = {
    **{code: (k.zh, k.en_lower) for code, k in KINDS.items()},
    "waiting": ("等候区", "waiting area"), "wall": ("墙", "wall"), "column": ("柱", "column"), "door": ("门", "door"),
    "window": ("窗", "window"), "room": ("房间", "room"), "ignore": ("忽略", "ignored"),
}


@dataclass
class LayerReport:
    layer: str
    role: str | None
    entities: dict[str, int]  # DXF type -> count (block contents counted on their effective layer)
    recognised: dict[str, int]  # plan object kind -> count


# Why an entity was skipped: the importer records it in English; the Chinese summary says it in Chinese.
_WHY_ZH: tuple[tuple[str, str], ...] = (
    (r"3D mesh$", "三维网格"),
    (r"not read \(annotation or unsupported\)$", "不读取(标注或不支持的类型)"),
    (r"unreadable in block \((.*)\)$", r"块中的图元无法读取(\1)"),
    (r"unreadable \((.*)\)$", r"无法读取(\1)"),
    (r"no geometry$", "没有几何图形"),
    (r"absurd coordinates$", "坐标异常(过大或不是数字)"),
    (r"absurd transformation$", "变换异常(比例或坐标过大)"),
    (r"block '(.*)' inserts itself$", r"块“\1”插入了自身"),
    (r"block '(.*)' is not defined$", r"块“\1”没有定义"),
    (r"nested deeper than (\d+)$", r"嵌套超过 \1 层"),
    (r"expansion limit reached$", "已达到展开上限"),
    (r"unusable geometry \((.*)\)$", r"几何不可用(\1)"),
)


def why_zh(why: str) -> str:
    """The Chinese of a skip reason (unchanged when it is not one the importer writes).

    >>> why_zh("block 'A' inserts itself"), why_zh("nested deeper than 16"), why_zh("no geometry")
    ('块“A”插入了自身', '嵌套超过 16 层', '没有几何图形')
    """
    import re

    for pattern, zh in _WHY_ZH:
        if re.match(pattern, why):
            return re.sub(pattern, zh, why)
    return why


@dataclass
class ImportReport:
    source: str
    dxf_version: str
    encoding: str
    binary: bool
    recovered: bool
    units: Units
    layers: dict[str, LayerReport] = field(default_factory=dict)
    skipped: list[tuple[str, int, str]] = field(default_factory=list)  # (what, how many, why)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)
    notes: list[tuple[str, str]] = field(default_factory=list)
    hall: tuple[str, str] | None = None  # how the hall was found (zh, en); None: no hall recognised
    objects: dict[str, int] = field(default_factory=dict)
    underlay_layers: int = 0
    underlay_vertices: int = 0
    seconds: float = 0.0
    source_format: str = "DXF"  # or "DWG" (read through a DXF conversion)
    dwg_version: str = ""  # AC1032 … for a DWG
    layers_off: list[str] = field(default_factory=list)  # layers holding entities that are off (read all the same)
    layers_frozen: list[str] = field(default_factory=list)

    def lines(self, lang: str | None = None) -> list[str]:
        """The report as short lines of text in one language."""
        def p(zh: str, en: str) -> str:
            return pick(zh, en, lang)

        if self.source_format == "DWG":
            source = p(f"来源:{self.source}(DWG {self.dwg_version})", f"source: {self.source} (DWG {self.dwg_version})")
        else:
            source = p(f"来源:{self.source}(DXF {self.dxf_version},{'二进制' if self.binary else 'ASCII'},编码 {self.encoding})",
                       f"source: {self.source} (DXF {self.dxf_version}, {'binary' if self.binary else 'ASCII'}, encoding {self.encoding})")
        out = [
            source,
            p(f"单位:{self.units.name} — {self.units.reason_zh}", f"units: {self.units.name} — {self.units.reason_en}"),
            p(f"服务大厅:{self.hall[0]}", f"service hall: {self.hall[1]}") if self.hall else
            p("未识别到服务大厅(可在编辑器中将底图标记为大厅)", "no service hall recognised (tag one on the underlay in the editor)"),
        ]
        if self.objects:
            out.append(p("识别对象:", "objects: ") + ", ".join(f"{p(*ROLE_NAMES.get(k, (k, k)))} {v}"
                                                            for k, v in sorted(self.objects.items())))
        for zh, en in self.notes:
            out.append(p(zh, en))
        for lr in sorted(self.layers.values(), key=lambda r: -sum(r.entities.values())):
            role = p(*ROLE_NAMES[lr.role]) if lr.role else p("底图", "underlay")
            ents = ", ".join(f"{k} {v}" for k, v in sorted(lr.entities.items(), key=lambda kv: -kv[1]))
            rec = ", ".join(f"{p(*ROLE_NAMES.get(k, (k, k)))} {v}" for k, v in sorted(lr.recognised.items()))
            out.append(p(f"图层 {lr.layer} [{role}]:{ents}", f"layer {lr.layer} [{role}]: {ents}") + (f" → {rec}" if rec else ""))
        for what, n, why in self.skipped:
            out.append(p(f"跳过 {what} × {n}:{why_zh(why)}", f"skipped {what} × {n}: {why}"))
        for zh, en in self.warnings:
            out.append(p(f"警告:{zh}", f"warning: {en}"))
        return out

    def text(self, lang: str | None = None) -> str:
        return "\n".join(self.lines(lang))

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "format": self.source_format.lower(), "dwg_version": self.dwg_version or None,
            "dxf_version": self.dxf_version, "encoding": self.encoding, "binary": self.binary,
            "recovered": self.recovered, "units": self.units.to_dict(),
            "hall": None if self.hall is None else {"zh": self.hall[0], "en": self.hall[1]},
            "objects": dict(self.objects),
            "layers": [{"layer": r.layer, "role": r.role, "entities": r.entities, "recognised": r.recognised} for r in self.layers.values()],
            "skipped": [{"what": w, "count": n, "why": y} for w, n, y in self.skipped],
            "warnings": [{"zh": zh, "en": en} for zh, en in self.warnings],
            "notes": [{"zh": zh, "en": en} for zh, en in self.notes],
            "layers_off": list(self.layers_off), "layers_frozen": list(self.layers_frozen),
            "underlay": {"layers": self.underlay_layers, "vertices": self.underlay_vertices},
            "seconds": round(self.seconds, 3),
        }


@dataclass
class ImportResult:
    """The imported plan (metres), the report, and the drawing as a dimmed underlay.

    ``underlay`` is a sequence of ``(layer, MultiLineString)`` in metres: every line of the drawing
    that did not become a plan object, plus walls/columns/doors/windows; ``underlay_texts`` the texts.
    """

    plan: Plan
    report: ImportReport
    underlay: Underlay = field(default_factory=Underlay)
    underlay_texts: list[UnderlayText] = field(default_factory=list)
    hidden_layers: list[str] = field(default_factory=list)  # layers switched off or frozen in the drawing

    @property
    def printed_underlay(self) -> Underlay:
        """The drawing as a PDF or DXF export prints it: without the layers switched off or frozen."""
        return self.underlay.without(self.hidden_layers)

    def summary(self, lang: str | None = None) -> str:
        """The import report as text (what the command line prints before the findings)."""
        return self.report.text(lang)

    def to_json(self) -> dict[str, Any]:
        """The import report as JSON-ready data (the ``import`` member of the check report)."""
        return self.report.to_dict()
