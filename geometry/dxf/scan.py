"""Read an ASCII DXF file into a :class:`~geometry.dxf.lite.LiteDoc` in one pass over its tags.

ezdxf's ``readfile`` builds a full document: every table, object and entity as a Python object
with its attribute namespace, then the layouts — about 16 bytes of memory per byte of file and
most of the import's time.  The importer needs far less: the header variables, the layer
states, the block definitions, the modelspace entities and HallPlan's own XRECORD.  This reader
groups the file's lines into tags and entities itself (the text is read and split into lines in
chunks of 64 k characters, so a 200 MB file is never held as one string) and hands each
entity's tags to :mod:`geometry.dxf.records`, which makes the records the collector reads.

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

import numpy as np
from ezdxf.lldxf.types import POINT_CODES, TYPE_TABLE
from ezdxf.math import Vec3

from geometry.dxf.lite import Deferred, LiteBlock, LiteDoc, LiteLayer
from geometry.dxf.records import Builder, ScanError, Tags, check_values, to_int, to_vec

__all__ = ["ScanError", "scan", "scan_file"]

CHUNK_CHARS = 1 << 16  # text is read in chunks of this many characters (~0.5 MB of line objects; smaller chunks stay in cache)
_COMMENT = 999
_PARENTS = ("INSERT", "POLYLINE")  # entities that may take the ATTRIBs or VERTEXes after them
# blocks no block reference inserts in practice: paperspace layouts, the pictures of dimensions (read by no one here)
_UNUSED_BLOCKS = ("*paper_space", "*d")
_IS_X = np.zeros(max(POINT_CODES) + 2, dtype=bool)  # by group code: an x coordinate (the last entry: any larger code)
_IS_X[sorted(POINT_CODES)] = True


def _records(fh: TextIO, tick: Callable[[], None] | None = None) -> Iterator[tuple[str, Tags]]:
    """(structure name, its tags) for each ``0`` group: ``("LINE", [(8, "WALL"), (10, "0"), ...])``;
    ``tick()`` after each chunk read.

    A chunk of text is split into lines at once, its group codes converted through a dict of the
    code lines seen (each spelling once) and checked in bulk (:func:`_chunk_codes`); the chunk's
    tags are made by one ``zip`` and each structure's tags are a slice of them.  An error is raised where
    reading tag by tag meets it: the records before the bad tag are yielded first."""
    kind: str | None = None
    tags: Tags = []
    want = 0  # the y code the last x coordinate read must be followed by
    read = fh.read
    codes: dict[str, int] = {}  # group code lines as written ("  8") -> code
    partial = ""  # the unfinished last line of the text read
    pending: list[str] = []  # a group code line whose value is in the next chunk
    done = False
    while not done:
        data = read(CHUNK_CHARS)
        if data:
            if tick is not None:
                tick()
            lines = (partial + data).split("\n")
            partial = lines.pop()
            del data
        else:
            done = True
            lines = [partial] if partial else []
        if pending:
            lines[:0] = pending
            pending = []
        if len(lines) & 1:
            last = lines.pop()
            if not done:
                pending = [last]  # else a group code without a value at the very end: dropped
        if not lines:
            continue
        ic, vs, zeros, want, error = _chunk_codes(lines[0::2], lines[1::2], codes, want)
        del lines
        pairs = list(zip(ic, vs))  # the chunk's tags, each structure a slice of them
        i = 0
        for j in zeros:
            if j > i:
                if tags:
                    tags.extend(pairs[i:j])
                else:
                    tags = pairs[i:j]
            if kind is not None:
                yield kind, tags
            kind = vs[j].strip()
            tags = []
            if kind == "EOF":
                yield kind, tags
                return
            i = j + 1
        if i < len(pairs):
            if tags:
                tags.extend(pairs[i:])
            else:
                tags = pairs[i:]
        if error:
            raise ScanError(error)
    if kind is not None:
        yield kind, tags


def _chunk_codes(cs: list[str], vs: list[str], codes: dict[str, int],
                 want: int) -> tuple[list[int], list[str], list[int], int, str]:
    """A chunk's group codes as numbers, its values, where its ``0`` groups stand, the y code its
    last x coordinate wants, and the error met in it (the codes and values are cut before the tag
    that breaks the structure): a group code that is no number, an x coordinate without its y.
    Comments (999) are dropped.  ``want``: the y code the previous chunk's last x coordinate wants."""
    error = ""
    try:
        ic = list(map(codes.__getitem__, cs))
    except KeyError:  # code lines not seen before (each spelling is converted once)
        cut = len(cs)
        for c in set(cs).difference(codes):
            try:
                codes[c] = int(c)
            except ValueError:
                k = cs.index(c)
                if k < cut:
                    cut, error = k, f"invalid group code {c.strip()[:20]!r}"
        if error:
            del cs[cut:], vs[cut:]
        ic = list(map(codes.__getitem__, cs))
    if _COMMENT in ic:
        kept = [(c, v) for c, v in zip(ic, vs) if c != _COMMENT]
        ic = [c for c, _ in kept]
        vs = [v for _, v in kept]
    if not ic:
        return ic, vs, [], want, error
    if want and ic[0] != want:
        return [], [], [], 0, "missing y coordinate"
    a = np.array(ic, dtype=np.int64)
    x = _IS_X[np.clip(a, 0, len(_IS_X) - 1)]
    bad = np.flatnonzero(x[:-1] & (a[1:] != a[:-1] + 10))
    if len(bad):
        cut = int(bad[0]) + 1
        return ic[:cut], vs[:cut], np.flatnonzero(a[:cut] == 0).tolist(), 0, "missing y coordinate"
    return ic, vs, np.flatnonzero(a == 0).tolist(), ic[-1] + 10 if x[-1] else 0, error


def _paperspace(tags: Tags) -> bool:
    """Whether the entity's (last) paperspace flag 67 is set."""
    paper = None
    for code, v in tags:
        if code == 67:
            paper = v
    return paper is not None and bool(to_int(paper))


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
    b = Builder(doc)
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
                    doc.layers.add(LiteLayer(d.get(2, ""), to_int(d.get(62, "7")) < 0, bool(to_int(d.get(70, "0")) & 1)))
                elif k == "STYLE":  # a text style's width factor (code 41, as written), which an MTEXT draws with
                    d = dict(t)
                    doc.text_widths[str(d.get(2, "")).lower()] = d.get(41, "1")
                elif k == "BLOCK_RECORD":
                    d = dict(t)
                    n = d.get(2, "").lower()
                    if n == "*model_space":
                        msp_handle = d.get(5)
                    elif n == "*paper_space":
                        psp_handle = d.get(5)
        elif name == "BLOCKS":
            block: LiteBlock | None = None
            deferred = False
            for k, t in section(name):
                if k == "BLOCK":
                    d = dict(t)
                    block = LiteBlock(d.get(2, ""), to_vec(d, 10, Vec3()) or Vec3())
                    doc.blocks.add(block)
                    deferred = block.name.lower().startswith(_UNUSED_BLOCKS)
                elif k == "ENDBLK":
                    block = None
                elif block is not None:
                    if deferred and b.parent is None and k not in _PARENTS:  # a layout's or a dimension's block: made if ever asked for
                        check_values(t)
                        block.append(Deferred(k, t))
                        block.make = b.made
                        continue
                    e, linked = b.entity(k, t)
                    if not linked:
                        (from_blocks if block.name.lower() == "*model_space" else block).append(e)
        elif name == "ENTITIES":
            msp = doc.msp
            for k, t in section(name):
                if b.parent is not None or k in _PARENTS:
                    e, linked = b.entity(k, t)
                    if linked:
                        continue
                else:
                    e = None
                owner = None
                for code, v in t:
                    if code == 330:
                        owner = v  # the owner is the last 330 before the first subclass (after reactors)
                    elif code == 100:
                        break
                if owner is not None and owner == msp_handle:
                    pass
                elif (owner is not None and owner == psp_handle) or _paperspace(t):  # paperspace (the owner is the stronger sign, as in ezdxf)
                    if e is None:
                        check_values(t)  # not made, but a broken number refuses the file as in ezdxf
                    continue
                msp.append(e if e is not None else b.entity(k, t)[0])
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


def _objects(doc: LiteDoc, b: Builder, recs: Iterator[tuple[str, Tags]], keys: tuple[str, ...]) -> None:
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
