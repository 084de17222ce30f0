"""Read an ASCII DXF file into a :class:`~geometry.dxf.lite.LiteDoc` in one pass over its tags.

ezdxf's ``readfile`` builds a full document: every table, object and entity as a Python object
with its attribute namespace, then the layouts — about 16 bytes of memory per byte of file and
most of the import's time.  The importer needs far less: the header variables, the layer
states, the block definitions, the modelspace entities and HallPlan's own XRECORD.  This reader
groups the file's lines into tags and entities itself (lines are read in chunks of a few
megabytes, so a 200 MB file is never held as one string), turns the commonest entities (LINE,
LWPOLYLINE without bulges, TEXT, INSERT with its ATTRIBs) into small records, counts what the
importer never reads (dimensions, leaders...), and loads the rest from their tags with ezdxf's
own entity classes (``factory.load``), so curves are flattened by ezdxf as before.

The structure is checked as ezdxf's loader checks it (sections opened and closed, the EOF tag,
an x coordinate followed by its y, sub-entities after their parent); a file that fails raises
:class:`ScanError` and the caller falls back to ezdxf (and its recover mode).

>>> import io
>>> doc = scan(io.StringIO("0\\nSECTION\\n2\\nENTITIES\\n0\\nLINE\\n8\\nWALL\\n10\\n0\\n20\\n0\\n11\\n5\\n21\\n0\\n0\\nENDSEC\\n0\\nEOF\\n"))
>>> [(e.dxftype(), e.dxf.layer, e.dxf.end.x) for e in doc.modelspace()]
[('LINE', 'WALL', 5.0)]
"""

from __future__ import annotations

import gc
import io
from typing import Any, Callable, Iterator, TextIO

from ezdxf.entities import factory
from ezdxf.entities.arc import Arc
from ezdxf.entities.circle import Circle
from ezdxf.entities.lwpolyline import LWPolyline
from ezdxf.lldxf.extendedtags import ExtendedTags
from ezdxf.lldxf.tagger import tag_compiler
from ezdxf.lldxf.types import DXFTag, POINT_CODES, TYPE_TABLE
from ezdxf.math import Vec3

from geometry.dxf.lite import (Z_AXIS, LiteAttrib, LiteBlock, LiteDoc, LiteInsert, LiteLayer, LiteLine, LiteLwPolyline,
                               LiteMText, LiteOther, LitePoint, LiteText, XData)

CHUNK_CHARS = 1 << 18  # lines are read in chunks of about this many characters (~2 MB of line objects)
XDATA_APP = "HALLPLAN"  # the only XDATA the importer reads
# loaded with ezdxf's own classes: the collector flattens them through ezdxf
EZDXF_TYPES = frozenset(("ELLIPSE", "SPLINE", "SOLID", "TRACE", "3DFACE", "HATCH", "MPOLYGON", "POLYLINE", "VERTEX", "SEQEND"))
_LINKED = {"INSERT": "ATTRIB", "POLYLINE": "VERTEX"}

Tags = list[tuple[int, str]]
# layer, handle, text, insert, align point, height, rotation, horizontal and vertical alignment, extrusion
_TextArgs = tuple[str, str | None, str, Vec3, Vec3 | None, float, float, int, int, Vec3]


class ScanError(Exception):
    """The file breaks the DXF structure (ezdxf's loader would refuse it too)."""


def _records(fh: TextIO, tick: Callable[[], None] | None = None) -> Iterator[tuple[str, Tags]]:
    """(structure name, its tags) for each ``0`` group: ``("LINE", [(8, "WALL"), (10, "0"), ...])``;
    ``tick()`` after each chunk read."""
    kind: str | None = None
    tags: Tags = []
    want = 0  # the y code an x coordinate must be followed by
    readlines = fh.readlines
    codes: dict[str, int] = {}  # group code lines as written ("  8\n") -> code
    while True:
        lines = None  # the last chunk goes before the next is read
        lines = readlines(CHUNK_CHARS)
        if not lines:
            break
        if tick is not None:
            tick()
        if len(lines) & 1:
            extra = fh.readline()
            if extra:
                lines.append(extra)
            else:
                lines.pop()  # a group code without a value at the very end
        it = iter(lines)
        for c, v in zip(it, it):
            code = codes.get(c)
            if code is None:
                try:
                    code = codes[c] = int(c)
                except ValueError:
                    raise ScanError(f"invalid group code {c.strip()[:20]!r}") from None
            if code == 999:
                continue
            if want:
                if code != want:
                    raise ScanError("missing y coordinate")
                want = 0
            if code == 0:
                if kind is not None:
                    yield kind, tags
                kind = v.strip()
                tags = []
                if kind == "EOF":
                    yield kind, tags
                    return
                continue
            if code in POINT_CODES:
                want = code + 10
            tags.append((code, v[:-1] if v[-1:] == "\n" else v))
    if kind is not None:
        yield kind, tags


def _int(v: str) -> int:
    try:
        return int(v)
    except ValueError:
        return int(float(v))  # some programs write integers as floats


def _vec(d: dict[int, str], code: int, default: Vec3 | None) -> Vec3 | None:
    if code not in d:
        return default
    return Vec3(float(d[code]), float(d.get(code + 10, 0.0)), float(d.get(code + 20, 0.0)))


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


class _Builder:
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
        # the end marker lets the compiler finish a last 2D point (it looks one tag ahead for a z)
        compiled = list(tag_compiler(iter([DXFTag(0, kind)] + [DXFTag(c, v) for c, v in tags] + [DXFTag(0, "")])))
        return factory.load(ExtendedTags(compiled[:-1]))

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
                flags = _int(v)
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
            elif pts and code in (20, 40, 41, 42):
                pts[-1][{20: 1, 40: 2, 41: 3, 42: 4}[code]] = float(v)
        e = LWPolyline.new(handle=d.get(5))
        e.dxf.layer = self.name(d.get(8, "0"))
        e.dxf.flags = _int(d.get(70, "0"))
        for code, attr in ((38, "elevation"), (43, "const_width")):
            if code in d:
                setattr(e.dxf, attr, float(d[code]))
        if 210 in d:
            e.dxf.extrusion = _vec(d, 210, Z_AXIS)
        e.append_points(pts, format="xyseb")
        return e

    def circle(self, kind: str, tags: Tags) -> Any:
        """CIRCLE and ARC as ezdxf entities made from their values (flattened by ezdxf as before)."""
        d = dict(tags)
        if 1001 in d or 101 in d or (self.r12 and 38 in d):
            return self.ezdxf(kind, tags)
        e: Any = (Circle if kind == "CIRCLE" else Arc).new(handle=d.get(5))
        e.dxf.layer = self.name(d.get(8, "0"))
        e.dxf.center = _vec(d, 10, Vec3())
        e.dxf.radius = float(d.get(40, 1.0))
        if 210 in d:
            e.dxf.extrusion = _vec(d, 210, Z_AXIS)
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
        return LiteMText(self.name(d.get(8, "0")), d.get(5), text, _vec(d, 10, Vec3()) or Vec3(), float(d.get(40, 2.5)),
                         float(d.get(50, 0.0)), _int(ap) if ap is not None else None)

    def point(self, tags: Tags) -> Any:
        d = dict(tags)
        if self.r12 and 38 in d:
            return self.ezdxf("POINT", tags)
        return LitePoint(self.name(d.get(8, "0")), d.get(5), _vec(d, 10, Vec3()) or Vec3(), _xdata(tags) if 1001 in d else None)

    def _text_args(self, d: dict[int, str], valign_code: int) -> _TextArgs:
        insert = _vec(d, 10, Vec3()) or Vec3()
        align = _vec(d, 11, None)
        if self.r12 and 38 in d:  # R11 elevation: the z of points that have none
            z = float(d[38])
            insert = Vec3(insert.x, insert.y, z) if insert.z == 0 else insert
            align = Vec3(align.x, align.y, z) if align is not None and align.z == 0 else align
        return (self.name(d.get(8, "0")), d.get(5), d.get(1, ""), insert, align, float(d.get(40, 2.5)),
                float(d.get(50, 0.0)), _int(d.get(72, "0")), _int(d.get(valign_code, "0")), _vec(d, 210, Z_AXIS) or Z_AXIS)

    def text(self, tags: Tags) -> Any:
        d = dict(tags)
        if 101 in d:
            return self.ezdxf("TEXT", tags)
        return LiteText(*self._text_args(d, 73), _xdata(tags) if 1001 in d else None)

    def attrib(self, tags: Tags) -> Any:
        for i, (code, _) in enumerate(tags):
            if code == 101:  # an embedded MTEXT (R2018): its codes are not the ATTRIB's
                tags = tags[:i]
                break
        d = dict(tags)
        return LiteAttrib(d.get(2, ""), _int(d.get(70, "0")), *self._text_args(d, 74))

    def insert(self, tags: Tags) -> Any:
        d = dict(tags)
        if 2 not in d or 101 in d:
            return self.ezdxf("INSERT", tags)
        z = float(d.get(30, 0.0))
        if self.r12 and 38 in d and z == 0:
            z = float(d[38])
        ext = _vec(d, 210, Z_AXIS)
        assert ext is not None
        return LiteInsert(d[2], self.name(d.get(8, "0")), d.get(5), float(d.get(10, 0.0)), float(d.get(20, 0.0)), z,
                          xscale=float(d.get(41, 1.0)), yscale=float(d.get(42, 1.0)), zscale=float(d.get(43, 1.0)),
                          rotation=float(d.get(50, 0.0)), column_count=_int(d.get(70, "1")), row_count=_int(d.get(71, "1")),
                          column_spacing=float(d.get(44, 0.0)), row_spacing=float(d.get(45, 0.0)), extrusion=ext,
                          bases=self.doc.blocks.bases, xdata=_xdata(tags) if 1001 in d else None)

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
            if _int(dict(tags).get(66, "0")):
                self.parent, self.expected = e, "ATTRIB"
        elif kind in EZDXF_TYPES:
            e = self.ezdxf(kind, tags)
            if kind == "POLYLINE":
                self.parent, self.expected = e, "VERTEX"
        else:
            d = dict(tags)
            e = LiteOther(kind, self.name(d.get(8, "0")), d.get(5))
        return e, False


def _section_name(tags: Tags) -> str:
    if not tags or tags[0][0] != 2:
        raise ScanError("a section without a name")
    return tags[0][1]


def _header(doc: LiteDoc, tags: Tags) -> None:
    var = ""
    coords: list[float] = []
    for code, v in tags[1:]:
        if code == 9:
            var, coords = v, []
            continue
        if not var:
            continue
        if 10 <= code <= 39:
            try:
                coords.append(float(v))
            except ValueError:
                continue
            doc.header[var] = tuple(coords)
            continue
        try:
            doc.header[var] = TYPE_TABLE.get(code, str)(v)
        except ValueError:
            doc.header[var] = v


def scan(fh: TextIO, progress: Callable[[], None] | None = None, xrecords: tuple[str, ...] = ()) -> LiteDoc:
    """Read the DXF text stream ``fh`` (decoded with the drawing's encoding).

    ``xrecords``: root-dictionary keys whose objects (XRECORDs) are loaded into ``doc.rootdict``.
    Raises :class:`ScanError` for a structure ezdxf's loader refuses, ``ValueError`` for a number
    that is none."""
    doc = LiteDoc()
    b = _Builder(doc)
    recs = _records(fh, progress)
    msp_handle = psp_handle = None
    from_blocks: list[Any] = []
    eof = False

    def section(name: str) -> Iterator[tuple[str, Tags]]:
        for kind, tags in recs:
            if kind == "ENDSEC":
                return
            if kind in ("SECTION", "EOF"):
                raise ScanError(f"section {name} has no ENDSEC")
            yield kind, tags
        raise ScanError(f"section {name} has no ENDSEC")

    for kind, tags in recs:
        if kind == "EOF":
            eof = True
            break
        if kind == "ENDSEC":
            raise ScanError("ENDSEC without SECTION")
        if kind != "SECTION":
            continue  # tags outside a section: ignored, as ezdxf does
        name = _section_name(tags)
        if name == "HEADER":
            _header(doc, tags)
            ver = str(doc.header.get("$ACADVER", "AC1009"))
            b.r12 = ver <= "AC1009"
            for _ in section(name):
                pass
        elif name == "TABLES":
            for k, t in section(name):
                if k == "LAYER":
                    d = dict(t)
                    doc.layers.add(LiteLayer(d.get(2, ""), _int(d.get(62, "7")) < 0, bool(_int(d.get(70, "0")) & 1)))
                elif k == "BLOCK_RECORD":
                    d = dict(t)
                    n = d.get(2, "").lower()
                    if n == "*model_space":
                        msp_handle = d.get(5)
                    elif n == "*paper_space":
                        psp_handle = d.get(5)
        elif name == "BLOCKS":
            block: LiteBlock | None = None
            for k, t in section(name):
                if k == "BLOCK":
                    d = dict(t)
                    block = LiteBlock(d.get(2, ""), _vec(d, 10, Vec3()) or Vec3())
                    doc.blocks.add(block)
                elif k == "ENDBLK":
                    block = None
                elif block is not None:
                    e, linked = b.entity(k, t)
                    if not linked:
                        (from_blocks if block.name.lower() == "*model_space" else block).append(e)
        elif name == "ENTITIES":
            msp = doc.msp
            for k, t in section(name):
                e, linked = b.entity(k, t)
                if linked:
                    continue
                owner = paper = None
                sub = False
                for code, v in t:
                    if code == 330 and not sub:
                        owner = v  # the owner is the last 330 before the first subclass (after reactors)
                    elif code == 100:
                        sub = True
                    elif code == 67:
                        paper = v
                if owner is not None and owner == msp_handle:
                    msp.append(e)
                elif owner is not None and owner == psp_handle:
                    continue
                elif paper is not None and _int(paper):
                    continue  # paperspace (the owner is the stronger sign, as in ezdxf)
                else:
                    msp.append(e)
        elif name == "OBJECTS" and xrecords:
            _objects(doc, b, section(name), xrecords)
        else:
            for _ in section(name):
                pass
    if not eof:
        raise ScanError("no EOF")
    if b.parent is not None:
        raise ScanError("a block reference or polyline without SEQEND")
    if from_blocks:
        doc.msp[:0] = from_blocks
    ver = str(doc.header.get("$ACADVER", "AC1009")).upper()
    doc.dxfversion = "AC1009" if ver < "AC1009" else "AC1015" if ver in ("AC1012", "AC1014") else ver
    return doc


def _objects(doc: LiteDoc, b: _Builder, recs: Iterator[tuple[str, Tags]], keys: tuple[str, ...]) -> None:
    """The objects the root dictionary names under ``keys`` (the first object is the root dictionary)."""
    wanted: dict[str, str] = {}
    first = True
    for kind, tags in recs:
        if first:
            first = False
            if kind != "DICTIONARY":
                continue
            name = None
            for code, v in tags:
                if code == 3:
                    name = v
                elif code in (350, 360) and name is not None:
                    if name in keys:
                        wanted[v] = name
                    name = None
            continue
        if wanted:
            h = dict(tags).get(5)
            if h in wanted:
                doc.rootdict[wanted.pop(h)] = b.ezdxf(kind, tags)


def scan_file(path: str, encoding: str, progress: Callable[[float], None] | None = None,
              xrecords: tuple[str, ...] = ()) -> LiteDoc:
    """:func:`scan` of the file at ``path`` decoded with ``encoding`` (undecodable bytes kept as
    surrogates, as ezdxf does); ``progress(fraction)`` from the bytes read."""
    raw = io.FileIO(path, "r")
    size = max(1, raw.seek(0, io.SEEK_END))
    raw.seek(0)
    tick: Callable[[], None] | None = None
    if progress is not None:
        def tick() -> None:
            progress(min(raw.tell() / size, 1.0))
    enabled = gc.isenabled()
    gc.disable()  # the records only accumulate: the cyclic collector would rescan them again and again
    try:
        with io.TextIOWrapper(io.BufferedReader(raw, buffer_size=1 << 20), encoding=encoding, errors="surrogateescape") as fh:
            doc = scan(fh, tick, xrecords)
    finally:
        if enabled:
            gc.enable()
    doc.filename = path
    return doc
