"""The background drawing kept beside a project: ``NAME.drawing.npz`` next to ``NAME.hallplan``.

A plan made from a DXF keeps its drawing (lines per layer, texts, which layers the user hid) and
the name, size and SHA-256 of the source file, so reopening the project shows the same drawing
and can tell when the source has changed since.  The file is a NumPy ``.npz`` archive (no pickles):
one flat float64 array of vertices in metres and one int64 array of polyline starts per layer, and
a UTF-8 JSON header (``"format": "hallplan.drawing", "version": 1``).  A project without a
drawing costs one ``exists`` check when it is opened.

>>> import tempfile, pathlib
>>> from shapely.geometry import MultiLineString
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> lines = [("WALL", MultiLineString([[(0, 0), (10, 0)], [(10, 0), (10, 8)]]))]
>>> texts = [DrawingText("ROOM", 5.0, 4.0, 0.5, 0.0, "服务大厅")]
>>> p = save_drawing(d / "a.hallplan", lines, texts, hidden=("ROOM",))
>>> p.name
'a.drawing.npz'
>>> got = load_drawing(d / "a.hallplan")
>>> [(layer, g.equals(lines[0][1])) for layer, g in got.layers], got.texts[0].text, got.hidden
([('WALL', True)], '服务大厅', ('ROOM',))
>>> got.underlay_texts  # the texts of shown layers only
[]
"""

from __future__ import annotations

import io
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence, overload

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geometry.i18n import HallPlanError
from geometry.project import atomic_write_bytes

if TYPE_CHECKING:
    from geometry.pickling import ObjectGroup

FORMAT = "hallplan.drawing"
VERSION = 1
SUFFIX = ".drawing.npz"


@dataclass(frozen=True)
class UnderlayText:
    """A text of the drawing, in metres: insertion point, height, rotation (degrees), and the
    horizontal / vertical alignment of that point (0 left, 1 centre, 2 right; 0 baseline, 1 bottom,
    2 middle, 3 top — DXF's ``halign``/``valign``)."""

    layer: str
    x: float
    y: float
    height: float
    rotation: float
    text: str
    halign: int = 0
    valign: int = 0
    width: float = 0.0  # an MTEXT's column width (m), to which its lines wrap; 0: none
    xscale: float = 1.0  # a TEXT's width factor (letters narrower than high: TArch's 0.7)


DrawingText = UnderlayText  # the kept drawing's texts are the import's texts


class UnderlayLayer:
    """One layer of the underlay: all its vertices in one flat buffer (16 bytes a vertex) and where
    each polyline starts; :attr:`coords` (metres) and :meth:`geometry` (shapely) are computed when
    asked for, so a large drawing costs no copy at import.  A layer made from a geometry the editor
    already holds (:meth:`of_geometry`) keeps that geometry instead."""

    __slots__ = ("layer", "_xy", "scale", "starts", "_geom")

    def __init__(self, layer: str, xy: Any, starts: np.ndarray, scale: float = 1.0) -> None:
        self.layer, self._xy, self.starts, self.scale = layer, xy, starts, scale
        self._geom: BaseGeometry | None = None

    @classmethod
    def of_geometry(cls, layer: str, g: BaseGeometry) -> "UnderlayLayer":
        """A layer holding ``g`` as it is; its vertex arrays are made only if asked for."""
        u = cls(layer, None, np.zeros(0, dtype=np.int64))
        u._geom = g
        return u

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its vertices as a numpy array over the same memory (protocol 5 sends such an
        array beside the pickle, without copying it: :mod:`geometry.pickling`); it comes back as
        that array (the values bit for bit), which serves a layer as the buffer it was made from."""
        xy = self._xy
        if xy is not None and not isinstance(xy, np.ndarray):
            xy = np.asarray(memoryview(xy))
        return _unpickle_layer, (self.layer, xy, self.starts, self.scale, self._geom)

    def _buffer(self) -> Any:
        if self._xy is None:
            assert self._geom is not None
            self._xy, self.starts = _arrays(self._geom)
        return self._xy

    @property
    def coords(self) -> np.ndarray:
        """(n, 2) vertices in metres."""
        return np.frombuffer(self._buffer(), dtype=float).reshape(-1, 2) * self.scale

    def __len__(self) -> int:
        return len(self._buffer()) // 2

    def geometry(self) -> BaseGeometry:
        """The layer as one MultiLineString in metres (or the geometry it was made from)."""
        if self._geom is not None:
            return self._geom
        lines = self.lines()
        assert lines is not None
        return shapely.multilinestrings(shapely.linestrings(lines[0], indices=lines[1]))

    def lines(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The vertices of :meth:`geometry`'s lines (polylines of two points or more), metres, and the
        number of the polyline each belongs to; None for a layer made from a geometry (:meth:`of_geometry`).
        What draws the layer's lines in bulk (the PDF) reads these instead of building shapely lines."""
        if self._geom is not None:
            return None
        coords = self.coords
        lengths = np.diff(np.append(self.starts, len(coords)))
        idx = np.repeat(np.arange(len(self.starts)), lengths)
        if len(lengths) and lengths.min() >= 2:  # the usual case: no copy
            return coords, idx
        keep = np.repeat(lengths >= 2, lengths)
        return coords[keep], idx[keep]

    def polylines(self) -> list[np.ndarray]:
        coords = self.coords
        return np.split(coords, self.starts[1:])

    def bounds(self) -> tuple[float, float, float, float]:
        lo, hi = self.coords.min(axis=0), self.coords.max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])


def _unpickle_layer(layer: str, xy: Any, starts: np.ndarray, scale: float, geom: BaseGeometry | None) -> UnderlayLayer:
    u = UnderlayLayer(layer, xy, starts, scale)
    u._geom = geom
    return u


class Underlay(Sequence[tuple[str, BaseGeometry]]):
    """The drawing shown dimmed under the plan, whoever made it (the DXF/DWG import, the drawing
    kept beside a project, the editor's visible layers): a sequence of ``(layer, geometry)`` in
    metres, one :class:`UnderlayLayer` each, and the drawing's texts (``texts``), which travel with
    its lines to the PDF."""

    def __init__(self, layers: Iterable[UnderlayLayer] = (), texts: Iterable[UnderlayText] = ()) -> None:
        self.layers = list(layers)
        self.texts: list[UnderlayText] = list(texts)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its layers and its texts packed by class (:func:`geometry.pickling.pack_objects`:
        a drawing has hundreds)."""
        from geometry.pickling import pack_objects

        return _unpickle_underlay, (self.layers, pack_objects(self.texts))

    @classmethod
    def of_pairs(cls, pairs: Iterable[tuple[str, BaseGeometry]], texts: Iterable[UnderlayText] = ()) -> "Underlay":
        """An underlay of ``(layer, geometry)`` pairs already built (the editor's drawing)."""
        return cls((UnderlayLayer.of_geometry(n, g) for n, g in pairs if g is not None and not g.is_empty), texts)

    def __len__(self) -> int:
        return len(self.layers)

    @overload
    def __getitem__(self, i: int) -> tuple[str, BaseGeometry]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[str, BaseGeometry]]: ...

    def __getitem__(self, i: int | slice) -> tuple[str, BaseGeometry] | list[tuple[str, BaseGeometry]]:
        if isinstance(i, slice):
            return [(u.layer, u.geometry()) for u in self.layers[i]]
        u = self.layers[i]
        return u.layer, u.geometry()

    def __iter__(self) -> Iterator[tuple[str, BaseGeometry]]:
        for u in self.layers:
            yield u.layer, u.geometry()

    @property
    def vertices(self) -> int:
        return sum(len(u) for u in self.layers)

    def without(self, hidden: Iterable[str]) -> "Underlay":
        """The same drawing less the layers in ``hidden`` and their texts (what an export prints)."""
        off = set(hidden)
        if not off:
            return self
        return Underlay((u for u in self.layers if u.layer not in off), (t for t in self.texts if t.layer not in off))


def _unpickle_underlay(layers: list[UnderlayLayer], texts: "list[ObjectGroup]") -> Underlay:
    from geometry.pickling import unpack_objects

    return Underlay(layers, unpack_objects(texts))


@dataclass
class Drawing:
    """A kept drawing; shaped like the DXF import's result where the command line and the batch
    audit read it (``underlay``, ``underlay_texts``), so a reopened plan prints as the import did."""

    layers: Underlay  # every layer (the editor shows or hides each), with every text
    texts: list[DrawingText] = field(default_factory=list)
    hidden: tuple[str, ...] = ()
    source: str | None = None  # the source file's path when it was imported
    source_name: str | None = None
    sha256: str | None = None
    size: int | None = None

    @property
    def underlay(self) -> Underlay:
        """The visible layers with their texts (what a PDF or DXF export prints)."""
        return self.layers.without(self.hidden)

    @property
    def underlay_texts(self) -> list[DrawingText]:
        hidden = set(self.hidden)
        return [tx for tx in self.texts if tx.layer not in hidden]


def drawing_path(project: str | os.PathLike[str]) -> Path:
    """Where the drawing of ``project`` is kept: ``NAME.drawing.npz`` beside ``NAME.hallplan``."""
    p = Path(project)
    return p.with_name(p.stem + SUFFIX)


def file_sha256(path: str | os.PathLike[str]) -> str:
    import hashlib  # here: saving a drawing hashes its source, checking one does not (OpenSSL's module, 2 ms)

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _arrays(g: BaseGeometry) -> tuple[np.ndarray, np.ndarray]:
    parts = shapely.get_parts(np.asarray([g], dtype=object))
    rings: list[Any] = []
    for part in parts:
        if part.geom_type == "Polygon":
            rings.extend([part.exterior, *part.interiors])
        elif part.geom_type in ("LineString", "LinearRing"):
            rings.append(part)
    if not rings:
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    counts = shapely.get_num_coordinates(np.asarray(rings, dtype=object))
    xy = shapely.get_coordinates(np.asarray(rings, dtype=object))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    return xy.astype(float).ravel(), starts


def save_drawing(project: str | os.PathLike[str], underlay: Iterable[tuple[str, BaseGeometry]],
                 texts: Iterable[Any] = (), *, hidden: Iterable[str] = (), source: str | os.PathLike[str] | None = None,
                 sha256: str | None = None) -> Path:
    """Write the drawing beside ``project`` atomically; returns its path.  ``texts`` are
    :class:`DrawingText` or anything with the same attributes (the DXF import's texts)."""
    header: dict[str, Any] = {"format": FORMAT, "version": VERSION, "layers": [], "texts": [],
                              "hidden": sorted(set(hidden))}
    arrays: dict[str, np.ndarray] = {}
    for i, (layer, g) in enumerate(underlay):
        if g is None or g.is_empty:
            continue
        xy, starts = _arrays(g)
        if not len(starts):
            continue
        k = len(header["layers"])
        header["layers"].append(layer)
        arrays[f"xy{k}"], arrays[f"starts{k}"] = xy, starts
    for tx in texts:
        header["texts"].append([tx.layer, float(tx.x), float(tx.y), float(tx.height), float(tx.rotation), str(tx.text),
                                int(getattr(tx, "halign", 0) or 0), int(getattr(tx, "valign", 0) or 0),
                                float(getattr(tx, "width", 0.0) or 0.0), float(getattr(tx, "xscale", 1.0) or 1.0)])
    if source is not None:
        src = Path(source)
        header["source"] = str(src)
        header["source_name"] = src.name
        try:
            header["size"] = src.stat().st_size
            header["sha256"] = sha256 or file_sha256(src)
        except OSError:
            header["sha256"] = sha256
    arrays["header"] = np.frombuffer(json.dumps(header, ensure_ascii=False, allow_nan=False).encode("utf-8"), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)  # type: ignore[arg-type]
    target = drawing_path(project)
    atomic_write_bytes(target, buf.getvalue())
    return target


def _positive(row: list[Any], i: int, default: float) -> float:
    """The ``i``-th value of a saved text's row when it is a finite, positive number, else ``default``:
    the 9th, an MTEXT's column width (0: no wrapping), and the 10th, the width factor (1), are absent
    in files of earlier versions, which ignore them when they read a newer file."""
    if len(row) <= i:
        return default
    v = float(row[i])
    return v if math.isfinite(v) and v > 0 else default


def load_drawing(project: str | os.PathLike[str]) -> Drawing | None:
    """The drawing kept beside ``project``; None when there is none.  A damaged or newer file
    raises :class:`HallPlanError` with one line (the project itself still opens)."""
    p = drawing_path(project)
    if not p.is_file():
        return None
    import zipfile  # np.load reads the .npz with it

    name = p.name
    try:
        with np.load(p, allow_pickle=False) as z:
            header = json.loads(bytes(z["header"]).decode("utf-8"))
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise ValueError("not a HallPlan drawing")
            version = header.get("version")
            if not isinstance(version, int) or version > VERSION:
                raise HallPlanError(f"{name}: 底图文件由更新版本的 HallPlan 保存(版本 {version}),未载入",
                                    f"{name}: the drawing was saved by a newer HallPlan (version {version}); not loaded")
            layers = []
            for k, layer in enumerate(header["layers"]):
                xy = np.asarray(z[f"xy{k}"], dtype=float)
                starts = np.asarray(z[f"starts{k}"], dtype=np.int64)
                if xy.ndim != 1 or len(xy) % 2 or (len(starts) and (starts[0] != 0 or starts.max() >= len(xy) // 2)):
                    raise ValueError(f"layer {layer}: inconsistent arrays")
                layers.append(UnderlayLayer(str(layer), xy, starts))
            texts = [DrawingText(str(r[0]), float(r[1]), float(r[2]), float(r[3]), float(r[4]), str(r[5]),
                                 int(r[6]) if len(r) > 6 else 0, int(r[7]) if len(r) > 7 else 0,
                                 _positive(r, 8, 0.0), _positive(r, 9, 1.0))
                     for r in header.get("texts", [])]
    except HallPlanError:
        raise
    except (OSError, ValueError, KeyError, TypeError, IndexError, zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HallPlanError(f"{name}: 底图文件已损坏,未载入({type(exc).__name__})",
                            f"{name}: the drawing file is damaged and was not loaded ({type(exc).__name__})") from None
    return Drawing(Underlay(layers, texts), texts, tuple(str(h) for h in header.get("hidden", [])),
                   header.get("source"), header.get("source_name"), header.get("sha256"), header.get("size"))


def source_changed(d: Drawing, near: str | os.PathLike[str] | None = None) -> Path | None:
    """The source file when it exists and differs from the one the drawing was made from (by
    size, then SHA-256); None when unchanged, unknown or gone.  ``near``: a project path whose
    folder is also searched for the source's name (a project moved with its drawing)."""
    if not d.source and not d.source_name:
        return None
    candidates = [Path(d.source)] if d.source else []
    if near is not None and d.source_name:
        candidates.append(Path(near).with_name(d.source_name))
    for c in candidates:
        try:
            if not c.is_file():
                continue
            if d.size is not None and c.stat().st_size != d.size:
                return c
            return c if d.sha256 is not None and file_sha256(c) != d.sha256 else None
        except OSError:
            continue
    return None
