"""DXF entities, from their tags, as the importer reads them: small records for the commonest
kinds (:mod:`geometry.dxf.lite`), ezdxf entities made from their values for arcs, circles, bulged
polylines and hatches (their boundary paths as ezdxf's loader makes them), and ezdxf's own loader
(``factory.load``) for the rest of what the collector draws — splines, ellipses, solids, 2D/3D
polylines — so curves are flattened by ezdxf as before.  What the importer never reads
(dimensions, leaders, images...) is only counted.  Tags are typed by :func:`_compiled`, which
makes what ezdxf's ``tag_compiler`` makes.

>>> b = Builder(LiteDoc())
>>> e, linked = b.entity("LINE", [(8, "WALL"), (10, "0"), (20, "0"), (11, "5"), (21, "1")])
>>> e.dxftype(), e.dxf.layer, e.dxf.end.y, linked
('LINE', 'WALL', 1.0, False)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ezdxf.entities import factory
from ezdxf.entities.arc import Arc
from ezdxf.entities.boundary_paths import BoundaryPaths, EdgePath, PolylinePath
from ezdxf.entities.circle import Circle
from ezdxf.entities.hatch import Hatch
from ezdxf.entities.lwpolyline import LWPolyline, LWPolylinePoints
from ezdxf.entities.polygon import PATH_CODES
from ezdxf.lldxf.extendedtags import ExtendedTags
from ezdxf.lldxf.tags import Tags as EzTags
from ezdxf.lldxf.tagger import tag_compiler
from ezdxf.lldxf.const import DXFStructureError
from ezdxf.lldxf.types import BINARY_DATA, POINT_CODES, TYPE_TABLE, DXFTag, DXFVertex
from ezdxf.lldxf.validator import is_not_null_vector, is_valid_layer_name
from ezdxf.math import Vec3

from geometry.dxf.lite import (Z_AXIS, LiteAttrib, LiteBulged, LiteDoc, LiteInsert, LiteLine, LiteLwPolyline, LiteMText, LiteOther,
                               LitePoint, LiteText, XData)

XDATA_APP = "HALLPLAN"  # the only XDATA the importer reads
# loaded with ezdxf's own classes: the collector flattens them through ezdxf
EZDXF_TYPES = frozenset(("ELLIPSE", "SPLINE", "SOLID", "TRACE", "3DFACE", "HATCH", "MPOLYGON", "POLYLINE", "VERTEX", "SEQEND"))
# a HATCH's own values before its boundary paths (compiled): elevation, extrusion, pattern name, solid fill, associative
_HATCH_HEAD = frozenset((10, 210, 2, 70, 71))
# after the boundary paths, where these codes stand only as seed points (after 98)
_HATCH_POINT_CODES = frozenset((10, 20, 30, 210, 220, 230))
_RAW_PATH_CODES = frozenset(PATH_CODES | {20, 21, 22, 23})  # boundary path codes as in the file (y after each x)

Tags = list[tuple[int, str]]
_FLOAT_CODES = frozenset(code for code, kind in TYPE_TABLE.items() if kind is float)
_INT_CODES = frozenset(code for code, kind in TYPE_TABLE.items() if kind is int)
_LW_FIELDS = {20: 1, 40: 2, 41: 3, 42: 4}  # an LWPOLYLINE vertex's codes after its x: y, widths, bulge
# layer, handle, text, insert, align point, height, rotation, horizontal and vertical alignment, extrusion
_TextArgs = tuple[str, str | None, str, Vec3, Vec3 | None, float, float, int, int, Vec3]


class ScanError(Exception):
    """The file breaks the DXF structure (ezdxf's loader would refuse it too)."""


def to_int(v: str) -> int:
    try:
        return int(v)
    except ValueError:
        return int(float(v))  # some programs write integers as floats


def to_vec(d: dict[int, str], code: int, default: Vec3 | None) -> Vec3 | None:
    if code not in d:
        return default
    return Vec3(float(d[code]), float(d.get(code + 10, 0.0)), float(d.get(code + 20, 0.0)))


def _compiled(tags: Tags) -> list[Any]:
    """ezdxf's typed tags of ``tags``: what ``tag_compiler`` makes (points as vertices of 2 or 3
    coordinates, numbers converted by the code's type, integers written as floats accepted),
    without its generator's cost per tag; binary data goes through ``tag_compiler`` itself."""
    out: list[Any] = []
    append = out.append
    n = len(tags)
    i = 0
    try:
        while i < n:
            code, v = tags[i]
            if code in POINT_CODES:
                if i + 1 >= n or tags[i + 1][0] != code + 10:
                    raise DXFStructureError(f"Missing required y coordinate (code {code})")
                if i + 2 < n and tags[i + 2][0] == code + 20:
                    append(DXFVertex(code, (float(v), float(tags[i + 1][1]), float(tags[i + 2][1]))))
                    i += 3
                else:
                    append(DXFVertex(code, (float(v), float(tags[i + 1][1]))))
                    i += 2
                continue
            if code in BINARY_DATA:
                # the end marker lets the compiler finish a last 2D point (it looks one tag ahead for a z)
                return list(tag_compiler(iter([DXFTag(c, x) for c, x in tags] + [DXFTag(0, "")])))[:-1]
            append(DXFTag(code, _value(code, v.strip() if code == 0 else v)))
            i += 1
    except ValueError:
        raise DXFStructureError(f"Invalid tag near code {tags[i][0]}") from None
    return out


def check_values(tags: Tags) -> None:
    """Convert every number of ``tags`` as ezdxf's ``tag_compiler`` would, keeping none: an entity
    the importer skips (paperspace) still refuses the file when one of its numbers is none, as
    ezdxf's loader does (the points' structure is checked as the file is read)."""
    floats = [v for code, v in tags if code in _FLOAT_CODES]
    ints = [v for code, v in tags if code in _INT_CODES]
    try:
        for _ in map(float, floats):
            pass
        for x in map(float, ints):  # int() takes no more than float(), and int(float()) the finite ones
            if x - x != 0.0:
                raise ValueError
    except ValueError:  # the first value that is no number (an integer written as a float is fine)
        for code, v in tags:
            if code in _FLOAT_CODES or code in _INT_CODES:
                _value(code, v)


def _value(code: int, v: str) -> Any:
    """The typed value of a tag that is no coordinate, as ezdxf's ``tag_compiler`` makes it."""
    kind = TYPE_TABLE.get(code, str)
    try:
        return kind(v)
    except ValueError:
        if kind is not int:
            raise DXFStructureError(f"Invalid tag value (code {code})") from None
        try:
            return int(float(v))  # some programs write integers as floats
        except ValueError:
            raise DXFStructureError(f"Invalid tag value (code {code})") from None


def _boundary_paths(tags: Tags) -> BoundaryPaths | None:
    """A HATCH's boundary paths from their tags (after the count 91), as ezdxf's
    ``BoundaryPaths.load_tags`` makes them from its compiled tags: polyline paths read here (the
    commonest and largest), edge paths by ezdxf's ``EdgePath.load_tags``.  None when the tags do
    not start with a path (ezdxf's loader decides what that means)."""
    if not tags or tags[0][0] != 92:
        return None
    starts = [i for i, (code, _) in enumerate(tags) if code == 92] + [len(tags)]
    paths: list[Any] = []
    for a, b in zip(starts, starts[1:]):
        group = tags[a:b]
        flags = _value(92, group[0][1])
        path: Any = _polyline_path(group) if flags & 2 else EdgePath.load_tags(EzTags(_compiled(group)))
        path.path_type_flags = flags
        paths.append(path)
    return BoundaryPaths(paths)


def _polyline_path(tags: Tags) -> PolylinePath:
    """ezdxf's ``PolylinePath.load_tags`` over the tags of one polyline path (each 20 right after
    its 10, no z: the caller checked), every value converted as its compiler would."""
    path = PolylinePath()
    k = len(tags)
    handles: list[str] = []
    while k and tags[k - 1][0] in (97, 330):  # the source boundary objects: a count 97, then handles
        k -= 1
        code, v = tags[k]
        if code == 330:
            handles.append(_value(330, v))
        else:
            _value(97, v)
            handles.reverse()
            path.source_boundary_objects = handles
            break
    vertices = path.vertices
    x = 0.0
    for code, v in tags[:k]:
        if code == 10:
            x = float(v)
        elif code == 20:
            vertices.append((x, float(v), 0.0))
        elif code == 42:
            px, py, _ = vertices.pop()
            vertices.append((px, py, _value(42, v)))
        elif code == 73:
            path.is_closed = _value(73, v)
        elif code == 92:
            path.path_type_flags = _value(92, v)
        elif 11 <= code <= 13 or 21 <= code <= 23:
            float(v)  # a point ezdxf compiles and ignores here
        else:
            _value(code, v)
    return path


def _hatch_rest(codes: list[int]) -> bool:
    """Whether the codes after a HATCH's boundary paths hold points only as seed points (the 10s
    after 98, and the one tag after them that ezdxf's loader drops with them).  On the file's codes
    (a y apart from its x) this is stricter than on ezdxf's compiled ones, never looser."""
    if _HATCH_POINT_CODES.isdisjoint(codes):
        return True
    if 98 not in codes:
        return False
    i = j = codes.index(98)
    while j < len(codes) and codes[j] in (98, 10, 20):
        j += 1
    return _HATCH_POINT_CODES.isdisjoint(codes[:i]) and _HATCH_POINT_CODES.isdisjoint(codes[j + 1:])


def _xdata(tags: Tags) -> XData | None:
    """HallPlan's XDATA group of an entity (strings as in the file), or None."""
    out: list[tuple[int, str]] | None = None
    for code, v in tags:
        if code == 1001:
            if out is not None:
                break
            if v == XDATA_APP:
                out = []
        elif out is not None:
            out.append((code, v))
    return None if out is None else {XDATA_APP: out}


class Builder:
    """Turns (type, tags) into records or ezdxf entities, links ATTRIBs and VERTEXes."""

    def __init__(self, doc: LiteDoc) -> None:
        self.doc = doc
        self.r12 = True
        self._names: dict[str, str] = {}  # one string object per layer name
        self.parent: Any = None
        self.expected = ""

    def name(self, s: str) -> str:
        return self._names.setdefault(s, s)

    def ezdxf(self, kind: str, tags: Tags) -> Any:
        return factory.load(ExtendedTags(_compiled([(0, kind)] + tags)))

    def line(self, tags: Tags) -> Any:
        d = dict(tags)
        return LiteLine(self.name(d.get(8, "0")), d.get(5), float(d.get(10, 0.0)), float(d.get(20, 0.0)),
                        float(d.get(11, 0.0)), float(d.get(21, 0.0)), _xdata(tags) if 1001 in d else None)

    def lwpolyline(self, tags: Tags) -> Any:
        xs: list[float] = []
        ys: list[float] = []
        layer, handle, flags, flat = "0", None, 0, True
        for code, v in tags:
            if code == 10:
                xs.append(float(v))
            elif code == 20:
                ys.append(float(v))
            elif code == 42:
                if float(v):
                    flat = False
            elif code == 8:
                layer = v
            elif code == 5:
                handle = v
            elif code == 70:
                flags = to_int(v)
            elif code == 210 or code == 220:
                if float(v):
                    flat = False
            elif code == 230:
                if float(v) != 1.0:
                    flat = False
            elif code == 1001 or code == 101:
                break
        if len(xs) != len(ys):
            return self.ezdxf("LWPOLYLINE", tags)
        if flat:
            return LiteLwPolyline(self.name(layer), handle, xs, ys, bool(flags & 1), _xdata(tags))
        return self.bulged(tags)

    def bulged(self, tags: Tags) -> Any:
        """An LWPOLYLINE with bulges or out of the drawing plane, as an ezdxf entity made from its
        values (ezdxf's tag loader costs several times more)."""
        d = dict(tags)
        if 1001 in d or 101 in d:
            return self.ezdxf("LWPOLYLINE", tags)
        pts: list[list[float]] = []
        for code, v in tags:
            if code == 10:
                pts.append([float(v), 0.0, 0.0, 0.0, 0.0])
            elif pts and code in _LW_FIELDS:
                pts[-1][_LW_FIELDS[code]] = float(v)
        layer = self.name(d.get(8, "0"))
        if not is_valid_layer_name(layer):  # ezdxf's entity refuses the name: its loader decides
            e = LWPolyline.new(handle=d.get(5))
            e.dxf.layer = layer
            return e
        extrusion = to_vec(d, 210, Z_AXIS)
        if extrusion is not None and not is_not_null_vector(extrusion):
            extrusion = Z_AXIS  # as ezdxf's attribute fixes it
        values = np.array(pts, dtype=np.float64) if pts else np.ndarray((0, 5), dtype=np.float64)  # as LWPolylinePoints(pts)
        return LiteBulged(layer, d.get(5), values, to_int(d.get(70, "0")), float(d[38]) if 38 in d else None,
                          float(d[43]) if 43 in d else None, extrusion)

    def hatch(self, tags: Tags) -> Any:
        """A HATCH as an ezdxf ``Hatch`` made from its values: layer, elevation, extrusion and its
        boundary paths (:func:`_boundary_paths`: the objects ezdxf's loader makes).  The fill
        pattern, gradient and seed points are not kept (nothing draws them), but their values are
        converted as ezdxf's loader would, so a broken one still refuses the file; so is other
        programs' XDATA, which nothing reads.  Anything out of the ordinary goes to ezdxf's loader."""
        codes = [c for c, _ in tags]
        if 101 in codes or not BINARY_DATA.isdisjoint(codes):
            return self.ezdxf("HATCH", tags)
        if 1001 in codes:  # XDATA (TArch keeps its own there): read only when it is HallPlan's
            x = codes.index(1001)
            if (1001, XDATA_APP) in tags[x:] or min(codes[x:]) < 1000:
                return self.ezdxf("HATCH", tags)
            _compiled(tags[x:])  # a broken value refuses the file, as in ezdxf's loader
            tags, codes = tags[:x], codes[:x]
        try:
            sub = tags.index((100, "AcDbHatch"))
            start = codes.index(91, sub + 1)
        except ValueError:
            return self.ezdxf("HATCH", tags)
        n = len(codes)
        end = start + 1  # the boundary paths: the tags after 91 with path codes (and the y of each point)
        while end < n and codes[end] in _RAW_PATH_CODES:
            if 20 <= codes[end] <= 23 and codes[end - 1] != codes[end] - 10:
                return self.ezdxf("HATCH", tags)  # a y without its x
            end += 1
        if (end < n and 30 <= codes[end] <= 33) or 100 in codes[sub + 1:]:
            return self.ezdxf("HATCH", tags)  # a z would join the last point of the paths
        head = _compiled(tags[sub + 1:start])
        hc = [t.code for t in head]
        if not _HATCH_HEAD.issuperset(hc) or len(set(hc)) != len(hc) or not _hatch_rest(codes[end:]):
            return self.ezdxf("HATCH", tags)
        for code, v in tags[end:]:  # pattern, gradient, seeds: not kept, but a broken value refuses the file as in ezdxf
            _value(code, v)
        d = dict(tags[:sub])
        e = Hatch.new(handle=d.get(5))
        e.dxf.layer = self.name(d.get(8, "0"))
        for t in head:
            if t.code == 10:
                e.dxf.elevation = Vec3(t.value)
            elif t.code == 210:
                ext = Vec3(t.value)
                if ext.is_null:  # ezdxf's loader puts the default in its place
                    return self.ezdxf("HATCH", tags)
                e.dxf.extrusion = ext
        if end > start + 1:
            paths = _boundary_paths(tags[start + 1:end])
            e.paths = paths if paths is not None else BoundaryPaths.load_tags(EzTags(_compiled(tags[start + 1:end])))
        return e

    def circle(self, kind: str, tags: Tags) -> Any:
        """CIRCLE and ARC as ezdxf entities made from their values (flattened by ezdxf as before)."""
        d = dict(tags)
        if 1001 in d or 101 in d or (self.r12 and 38 in d):
            return self.ezdxf(kind, tags)
        e: Any = (Circle if kind == "CIRCLE" else Arc).new(handle=d.get(5))
        e.dxf.layer = self.name(d.get(8, "0"))
        e.dxf.center = to_vec(d, 10, Vec3())
        e.dxf.radius = float(d.get(40, 1.0))
        if 210 in d:
            e.dxf.extrusion = to_vec(d, 210, Z_AXIS)
        if kind == "ARC":
            e.dxf.start_angle = float(d.get(50, 0.0))
            e.dxf.end_angle = float(d.get(51, 360.0))
        return e

    def mtext(self, tags: Tags) -> Any:
        d = dict(tags)
        if 101 in d or 1001 in d:  # columns (an embedded object, or in XDATA)
            return self.ezdxf("MTEXT", tags)
        parts = [v for code, v in tags if code == 3]
        tail = ""
        for code, v in tags:
            if code == 1:
                tail = v
        text = ("".join(parts) + tail).replace("\r", "").replace("\n", "\\P")  # ezdxf's escape_dxf_line_endings
        ap = d.get(71)
        width = d.get(41)
        return LiteMText(self.name(d.get(8, "0")), d.get(5), text, to_vec(d, 10, Vec3()) or Vec3(), float(d.get(40, 2.5)),
                         float(d.get(50, 0.0)), to_int(ap) if ap is not None else None, width=float(width) if width is not None else None,
                         style=d.get(7))

    def point(self, tags: Tags) -> Any:
        d = dict(tags)
        if self.r12 and 38 in d:
            return self.ezdxf("POINT", tags)
        return LitePoint(self.name(d.get(8, "0")), d.get(5), to_vec(d, 10, Vec3()) or Vec3(), _xdata(tags) if 1001 in d else None)

    def _text_args(self, d: dict[int, str], valign_code: int) -> _TextArgs:
        insert = to_vec(d, 10, Vec3()) or Vec3()
        align = to_vec(d, 11, None)
        if self.r12 and 38 in d:  # R11 elevation: the z of points that have none
            z = float(d[38])
            insert = Vec3(insert.x, insert.y, z) if insert.z == 0 else insert
            align = Vec3(align.x, align.y, z) if align is not None and align.z == 0 else align
        return (self.name(d.get(8, "0")), d.get(5), d.get(1, ""), insert, align, float(d.get(40, 2.5)),
                float(d.get(50, 0.0)), to_int(d.get(72, "0")), to_int(d.get(valign_code, "0")), to_vec(d, 210, Z_AXIS) or Z_AXIS)

    def text(self, tags: Tags) -> Any:
        d = dict(tags)
        if 101 in d:
            return self.ezdxf("TEXT", tags)
        t = LiteText(*self._text_args(d, 73), _xdata(tags) if 1001 in d else None)
        if 41 in d:
            t.width = float(d[41])
        return t

    def attrib(self, tags: Tags) -> Any:
        for i, (code, _) in enumerate(tags):
            if code == 101:  # an embedded MTEXT (R2018): its codes are not the ATTRIB's
                tags = tags[:i]
                break
        d = dict(tags)
        a = LiteAttrib(d.get(2, ""), to_int(d.get(70, "0")), *self._text_args(d, 74))
        if 41 in d:
            a.width = float(d[41])
        return a

    def insert(self, tags: Tags) -> Any:
        d = dict(tags)
        if 2 not in d or 101 in d:
            return self.ezdxf("INSERT", tags)
        z = float(d.get(30, 0.0))
        if self.r12 and 38 in d and z == 0:
            z = float(d[38])
        ext = to_vec(d, 210, Z_AXIS)
        assert ext is not None
        return LiteInsert(d[2], self.name(d.get(8, "0")), d.get(5), float(d.get(10, 0.0)), float(d.get(20, 0.0)), z,
                          xscale=float(d.get(41, 1.0)), yscale=float(d.get(42, 1.0)), zscale=float(d.get(43, 1.0)),
                          rotation=float(d.get(50, 0.0)), column_count=to_int(d.get(70, "1")), row_count=to_int(d.get(71, "1")),
                          column_spacing=float(d.get(44, 0.0)), row_spacing=float(d.get(45, 0.0)), extrusion=ext,
                          bases=self.doc.blocks.bases, xdata=_xdata(tags) if 1001 in d else None)

    def made(self, kind: str, tags: Tags) -> Any:
        """A deferred block entity (no INSERT or POLYLINE: nothing links to it), made after the file was read."""
        return self.entity(kind, tags)[0]

    def entity(self, kind: str, tags: Tags) -> tuple[Any, bool]:
        """(entity, linked): ``linked`` when it was attached to the INSERT or POLYLINE before it."""
        parent = self.parent
        if parent is not None:
            if kind == "SEQEND":
                self.parent = None
                if not isinstance(parent, LiteInsert):
                    parent.link_seqend(self.ezdxf(kind, tags))
                return None, True
            if kind != self.expected:
                raise ScanError(f"{kind} where {self.expected} or SEQEND was expected")
            if isinstance(parent, LiteInsert):
                parent.attribs.append(self.attrib(tags))
            else:
                parent.link_entity(self.ezdxf(kind, tags))
            return None, True
        if kind == "LINE":
            e = self.line(tags)
        elif kind == "LWPOLYLINE":
            e = self.lwpolyline(tags)
        elif kind == "TEXT":
            e = self.text(tags)
        elif kind == "CIRCLE" or kind == "ARC":
            e = self.circle(kind, tags)
        elif kind == "MTEXT":
            e = self.mtext(tags)
        elif kind == "POINT":
            e = self.point(tags)
        elif kind == "INSERT":
            e = self.insert(tags)
            if to_int(dict(tags).get(66, "0")):
                self.parent, self.expected = e, "ATTRIB"
        elif kind == "HATCH":
            e = self.hatch(tags)
        elif kind in EZDXF_TYPES:
            e = self.ezdxf(kind, tags)
            if kind == "POLYLINE":
                self.parent, self.expected = e, "VERTEX"
        else:
            d = dict(tags)
            e = LiteOther(kind, self.name(d.get(8, "0")), d.get(5))
        return e, False
