"""The drawing as the importer reads it: small records for the commonest entities, the header,
the layer states and the block definitions — not ezdxf's whole document.

:mod:`geometry.dxf.scan` fills a :class:`LiteDoc` from the file's tags.  Each record answers
the part of ezdxf's entity interface the collector and the importer use (``dxftype()``,
``dxf.layer``, ``dxf.start``, ``lwpoints.values``, ``matrix44()``, ``attribs``, ``mcount``,
``has_xdata``/``get_xdata``), with ezdxf's defaults for absent group codes, so one collector
serves this reader and ezdxf's documents (binary files, recover mode).  Records: LINE,
LWPOLYLINE in the drawing plane without bulges, TEXT, MTEXT without columns, POINT, INSERT with
its ATTRIBs, and what is only counted (dimensions, leaders...).  Entities with curves (arcs,
circles, splines, hatches, bulged polylines) are real ezdxf entities (:mod:`geometry.dxf.records`):
ezdxf flattens them exactly as before.

>>> ins = LiteInsert("柜台", "COUNTER", "2A", 10.0, 20.0, 0.0, rotation=90.0)
>>> ins.dxftype(), ins.dxf.name, ins.mcount
('INSERT', '柜台', 1)
>>> [round(v, 6) for v in ins.matrix44().transform((1, 0, 0))]
[10.0, 21.0, 0.0]
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterator

import numpy as np
from ezdxf.math import OCS, Matrix44, Vec3

Z_AXIS = Vec3(0, 0, 1)

# per drawing: block name (lower case) -> base point; filled as blocks are read
BasePoints = dict[str, Vec3]
XData = dict[str, list[tuple[int, str]]]


class LiteEntity:
    """What every record has: its type, layer, handle and HallPlan's own XDATA (if any).

    ``e.dxf`` is the record itself, so ``e.dxf.layer`` reads as on an ezdxf entity."""

    __slots__ = ("handle", "layer", "xdata")
    DXFTYPE = ""

    def __init__(self, layer: str, handle: str | None, xdata: XData | None = None) -> None:
        self.layer = layer
        self.handle = handle
        self.xdata = xdata

    @property
    def dxf(self) -> Any:
        return self

    def dxftype(self) -> str:
        return self.DXFTYPE

    def hasattr(self, name: str) -> bool:
        return getattr(self, name, None) is not None

    def get(self, name: str, default: Any = None) -> Any:
        v = getattr(self, name, None)
        return default if v is None else v

    def has_xdata(self, appid: str) -> bool:
        return self.xdata is not None and appid in self.xdata

    def get_xdata(self, appid: str) -> list[tuple[int, str]]:
        if self.xdata is None or appid not in self.xdata:
            raise KeyError(appid)
        return self.xdata[appid]


class LiteOther(LiteEntity):
    """An entity the importer only counts (dimensions, leaders, images, attribute definitions...)."""

    __slots__ = ("kind",)

    def __init__(self, kind: str, layer: str, handle: str | None) -> None:
        super().__init__(layer, handle)
        self.kind = kind

    def dxftype(self) -> str:
        return self.kind


class LiteLine(LiteEntity):
    """A LINE (x, y of both ends; the z of a line does not reach a plan)."""

    __slots__ = ("x0", "x1", "y0", "y1")
    DXFTYPE = "LINE"

    def __init__(self, layer: str, handle: str | None, x0: float, y0: float, x1: float, y1: float,
                 xdata: XData | None = None) -> None:
        self.layer, self.handle, self.xdata = layer, handle, xdata  # LiteEntity's, without the call (the commonest record)
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1

    @property
    def start(self) -> Vec3:
        return Vec3(self.x0, self.y0, 0.0)

    @property
    def end(self) -> Vec3:
        return Vec3(self.x1, self.y1, 0.0)


class _Points:
    __slots__ = ("values",)

    def __init__(self, values: np.ndarray) -> None:
        self.values = values


class LiteLwPolyline(LiteEntity):
    """An LWPOLYLINE without bulges in the drawing plane (the others are ezdxf entities)."""

    __slots__ = ("closed", "xs", "ys")
    DXFTYPE = "LWPOLYLINE"
    extrusion = Z_AXIS

    def __init__(self, layer: str, handle: str | None, xs: list[float], ys: list[float], closed: bool,
                 xdata: XData | None = None) -> None:
        self.layer, self.handle, self.xdata = layer, handle, xdata
        self.xs, self.ys = xs, ys
        self.closed = closed

    @property
    def lwpoints(self) -> _Points:
        """As ezdxf's: ``values`` (n, 5): x, y, start width, end width, bulge (made when asked)."""
        values = np.zeros((len(self.xs), 5))
        values[:, 0] = self.xs
        values[:, 1] = self.ys
        return _Points(values)

    def points(self) -> np.ndarray:
        """The vertices (n, 2): ``lwpoints.values[:, :2]`` as a new array."""
        return np.column_stack((self.xs, self.ys)) if self.xs else np.empty((0, 2))

    def first_points(self, n: int) -> list[float]:
        """x, y, x, y... of the first ``n`` vertices."""
        return [c for xy in zip(self.xs[:n], self.ys[:n]) for c in xy]


class LiteBulged(LiteEntity):
    """An LWPOLYLINE with bulges or out of the drawing plane, as the collector reads an ezdxf
    ``LWPolyline``: ``lwpoints.values`` (n, 5: x, y, start width, end width, bulge), ``closed``,
    ``ocs()``, ``dxf.elevation``, ``dxf.extrusion``.  ``entity()`` makes the ezdxf entity (ezdxf's
    bounding box measures its arcs)."""

    __slots__ = ("_elevation_set", "const_width", "elevation", "extrusion", "flags", "lwpoints")
    DXFTYPE = "LWPOLYLINE"

    def __init__(self, layer: str, handle: str | None, values: np.ndarray, flags: int, elevation: float | None,
                 const_width: float | None, extrusion: Vec3 | None) -> None:
        self.layer, self.handle, self.xdata = layer, handle, None
        self.lwpoints = _Points(values)
        self.flags, self.elevation, self.const_width, self.extrusion = flags, elevation or 0.0, const_width, extrusion or Z_AXIS
        self._elevation_set = elevation is not None

    @property
    def closed(self) -> bool:
        return bool(self.flags & 1)

    def ocs(self) -> OCS:
        return OCS(self.extrusion)

    def entity(self) -> Any:
        from ezdxf.entities.lwpolyline import LWPolyline, LWPolylinePoints

        e = LWPolyline.new(handle=self.handle)
        e.dxf.layer = self.layer
        e.dxf.flags = self.flags
        if self._elevation_set:
            e.dxf.elevation = self.elevation
        if self.const_width is not None:
            e.dxf.const_width = self.const_width
        e.dxf.extrusion = self.extrusion
        e.lwpoints = LWPolylinePoints(self.lwpoints.values.tolist())
        return e


class _TextLike(LiteEntity):
    __slots__ = ("align_point", "halign", "height", "insert", "rotation", "text", "valign", "extrusion", "width")

    def __init__(self, layer: str, handle: str | None, text: str, insert: Vec3, align_point: Vec3 | None,
                 height: float, rotation: float, halign: int, valign: int, extrusion: Vec3,
                 xdata: XData | None = None) -> None:
        super().__init__(layer, handle, xdata)
        self.text, self.insert, self.align_point = text, insert, align_point
        self.height, self.rotation, self.halign, self.valign = height, rotation, halign, valign
        self.extrusion = extrusion
        self.width: float | None = None  # the width factor (code 41), None when not given (1)


class LiteText(_TextLike):
    __slots__ = ()
    DXFTYPE = "TEXT"


class LiteAttrib(_TextLike):
    """An ATTRIB of a block reference (``tag``, ``flags``: 1 = invisible)."""

    __slots__ = ("flags", "tag")
    DXFTYPE = "ATTRIB"

    def __init__(self, tag: str, flags: int, *args: Any) -> None:
        super().__init__(*args)
        self.tag, self.flags = tag, flags

    @property
    def is_invisible(self) -> bool:
        return bool(self.flags & 1)


class LiteMText(LiteEntity):
    """An MTEXT without columns: its text (chunks joined, line ends as ``\\P``), insertion point,
    height, rotation, attachment point and column width."""

    __slots__ = ("attachment_point", "char_height", "insert", "rotation", "style", "text", "width")
    DXFTYPE = "MTEXT"

    def __init__(self, layer: str, handle: str | None, text: str, insert: Vec3, char_height: float, rotation: float,
                 attachment_point: int | None, xdata: XData | None = None, width: float | None = None,
                 style: str | None = None) -> None:
        super().__init__(layer, handle, xdata)
        self.text, self.insert, self.char_height, self.rotation = text, insert, char_height, rotation
        self.attachment_point = attachment_point
        self.width = width  # the column width (code 41), None when not given
        self.style = style  # the text style (code 7), None when not given (Standard)


class LitePoint(LiteEntity):
    __slots__ = ("location",)
    DXFTYPE = "POINT"

    def __init__(self, layer: str, handle: str | None, location: Vec3, xdata: XData | None = None) -> None:
        super().__init__(layer, handle, xdata)
        self.location = location


class LiteInsert(LiteEntity):
    """A block reference (MINSERT grids included) and its attributes.

    ``matrix44()`` is ezdxf's ``Insert.matrix44``: OCS, scaling, rotation and the block's base point."""

    __slots__ = ("_bases", "attribs", "column_count", "column_spacing", "extrusion", "insert", "name", "rotation",
                 "row_count", "row_spacing", "xscale", "yscale", "zscale")
    DXFTYPE = "INSERT"

    def __init__(self, name: str, layer: str, handle: str | None, x: float, y: float, z: float, *,
                 xscale: float = 1.0, yscale: float = 1.0, zscale: float = 1.0, rotation: float = 0.0,
                 column_count: int = 1, row_count: int = 1, column_spacing: float = 0.0, row_spacing: float = 0.0,
                 extrusion: Vec3 = Z_AXIS, bases: BasePoints | None = None, xdata: XData | None = None) -> None:
        super().__init__(layer, handle, xdata)
        self.name = name
        self.insert = Vec3(x, y, z)
        self.xscale, self.yscale, self.zscale, self.rotation = xscale, yscale, zscale, rotation
        self.column_count, self.row_count = column_count, row_count
        self.column_spacing, self.row_spacing = column_spacing, row_spacing
        self.extrusion = extrusion
        self._bases = bases
        self.attribs: list[LiteAttrib] = []

    @property
    def mcount(self) -> int:
        return (self.row_count if self.row_spacing else 1) * (self.column_count if self.column_spacing else 1)

    def matrix44(self) -> Matrix44:
        ocs = OCS(self.extrusion)
        uz = ocs.uz
        ux = Vec3(ocs.to_wcs((1, 0, 0)))
        uy = Vec3(ocs.to_wcs((0, 1, 0)))
        m = Matrix44.ucs(ux=ux * self.xscale, uy=uy * self.yscale, uz=uz * self.zscale)
        angle = math.radians(self.rotation)
        if angle:
            m *= Matrix44.axis_rotate(uz, angle)
        insert = ocs.to_wcs(self.insert)
        base = self._bases.get(self.name.lower()) if self._bases is not None else None
        if base is not None:
            insert -= m.transform_direction(base)
        m.set_row(3, insert.xyz)
        return m


class LiteLayer:
    """One LAYER table record: its name and whether it is switched off (negative colour) or frozen."""

    __slots__ = ("_frozen", "_off", "name")

    def __init__(self, name: str, off: bool, frozen: bool) -> None:
        self.name, self._off, self._frozen = name, off, frozen

    @property
    def dxf(self) -> Any:
        return self

    def is_off(self) -> bool:
        return self._off

    def is_frozen(self) -> bool:
        return self._frozen

    def off(self) -> None:
        self._off = True

    def freeze(self) -> None:
        self._frozen = True


class LiteLayers:
    """The layer table (names compared without case, as in CAD)."""

    def __init__(self) -> None:
        self._by_key: dict[str, LiteLayer] = {}

    def add(self, layer: LiteLayer) -> None:
        self._by_key[layer.name.lower()] = layer

    def __iter__(self) -> Iterator[LiteLayer]:
        return iter(list(self._by_key.values()))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._by_key

    def get(self, name: str) -> LiteLayer | None:
        return self._by_key.get(name.lower())

    def __len__(self) -> int:
        return len(self._by_key)


class Deferred:
    """An entity of a block that is made only when the block is asked for (a paperspace layout's or a
    dimension's block: no block reference inserts them in practice): its type and tags, its numbers
    already checked."""

    __slots__ = ("kind", "tags")

    def __init__(self, kind: str, tags: list[tuple[int, str]]) -> None:
        self.kind, self.tags = kind, tags


class LiteBlock(list[Any]):
    """A block definition's entities (records or ezdxf entities) and its base point.

    ``make``: how a :class:`Deferred` entity is made (set when the block holds some)."""

    def __init__(self, name: str, base: Vec3) -> None:
        super().__init__()
        self.name = name
        self.base = base
        self.make: Callable[[str, list[tuple[int, str]]], Any] | None = None

    def made(self) -> "LiteBlock":
        """The block with its deferred entities made (once)."""
        make = self.make
        if make is not None:
            self.make = None
            self[:] = [make(e.kind, e.tags) if isinstance(e, Deferred) else e for e in self]
        return self

    def query(self, kind: str) -> list[Any]:
        return [e for e in self if e.dxftype() == kind]


class LiteBlocks:
    """Block definitions by name (without case, as ezdxf's ``doc.blocks``)."""

    def __init__(self) -> None:
        self._by_key: dict[str, LiteBlock] = {}
        self.bases: BasePoints = {}

    def add(self, block: LiteBlock) -> None:
        key = block.name.lower()
        self._by_key[key] = block
        self.bases[key] = block.base

    def get(self, name: str) -> LiteBlock | None:
        block = self._by_key.get(name.lower())
        return None if block is None else block.made()

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._by_key

    def __len__(self) -> int:
        return len(self._by_key)


class LiteModelspace(list[Any]):
    def query(self, kind: str) -> list[Any]:
        return [e for e in self if e.dxftype() == kind]


class LiteRootDict:
    """The one entry of the OBJECTS section the importer reads: HallPlan's own XRECORD."""

    def __init__(self) -> None:
        self._items: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self._items.get(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        self._items[key] = value


class LiteDoc:
    """What the importer needs of a drawing: header variables, layers, blocks, modelspace."""

    def __init__(self) -> None:
        self.header: dict[str, Any] = {}
        self.layers = LiteLayers()
        self.text_widths: dict[str, str] = {}  # text style (lower case) → its width factor as written (code 41)
        self.blocks = LiteBlocks()
        self.msp = LiteModelspace()
        self.rootdict = LiteRootDict()
        self.dxfversion = "AC1009"
        self.encoding = "cp1252"
        self.filename = ""

    def modelspace(self) -> LiteModelspace:
        return self.msp


__all__ = ["Deferred", "LiteAttrib", "LiteBulged", "LiteBlock", "LiteBlocks", "LiteDoc", "LiteEntity", "LiteInsert", "LiteLayer", "LiteLayers",
           "LiteLine", "LiteLwPolyline", "LiteMText", "LiteModelspace", "LiteOther", "LitePoint", "LiteText", "Z_AXIS"]
