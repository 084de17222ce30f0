"""How HallPlan's values pickle fast: records packed by class, shapely geometries and arrays in bulk.

A plan of a real floor holds thousands of objects (every column and door of the drawing is one),
each with a geometry; handing a checked plan to the PDF worker pickled and unpickled them one by one,
and that was most of the hand-over's time.

*Records packed by class* (:func:`pack_objects`): each run of objects of one class with the same
fields is its class, the field names once, and one tuple of values per object; unpacked, each object
gets back exactly the fields it had, without ``__init__`` and its checks, as plain unpickling does.
The objects themselves are made anew from their values: one also held elsewhere in the same pickle
comes back there as a second, equal object (none is: a report names objects by id).
:class:`~geometry.model.Plan` pickles its objects so, and the drawing underlay its texts.

*Geometries in bulk* (:func:`dumps`, :func:`loads`): shapely pickles each geometry on its own
(``from_wkb(to_wkb(g, include_srid=True))``), two calls through numpy's ufunc machinery a geometry.
:func:`dumps` pickles everything else as usual and puts each geometry of a type shapely pickles as
WKB in one list, turned into WKB with one vectorised ``to_wkb`` call; :func:`loads` makes them
again with one ``from_wkb`` call before the rest is read.  The WKB and its flags are shapely's own,
so every geometry comes back as plain pickling gives it: the same type, coordinates bit for bit,
SRID, Z; a geometry met twice is one object again.  Geometries shapely pickles otherwise
(``LinearRing``, which WKB does not tell from a ``LineString``) take shapely's own path.

*Arrays beside the pickle*: large buffers (numpy arrays, the drawing's vertex buffers) travel out
of band (protocol 5): :func:`dumps_parts` shows their memory as it lies, for ``os.writev``, and
:func:`loads` reads them in place from a writable buffer.

>>> from shapely.geometry import Point, box
>>> hall = box(0, 0, 30, 20)
>>> got = loads(dumps({"hall": hall, "again": hall, "door": Point(0.5, 0.1)}))
>>> got["hall"].equals_exact(hall, 0), got["hall"] is got["again"], got["door"].wkt
(True, True, 'POINT (0.5 0.1)')
"""

from __future__ import annotations

import copyreg
import io
import pickle
import struct
from typing import Any, Callable, Iterable

import numpy as np
import shapely
from shapely.geometry import (GeometryCollection, LinearRing, LineString, MultiLineString, MultiPoint, MultiPolygon,
                              Point, Polygon)
from shapely.geometry.base import BaseGeometry

_MAGIC = b"HPK1"
_HEAD = struct.Struct(">4sI")  # magic, number of parts; then each part's offset and length (">QQ")
_PART = struct.Struct(">QQ")
_ALIGN = 64  # each part starts on a multiple of this: the arrays read in place are aligned
OUT_OF_BAND = 1 << 16  # buffers (numpy arrays) of this size or more travel beside the pickle, not copied into it

# The types shapely pickles through WKB (its BaseGeometry.__reduce__): the ones packed in bulk.
BULK_TYPES: tuple[type[BaseGeometry], ...] = tuple(
    t for t in (Point, LineString, LinearRing, Polygon, MultiPoint, MultiLineString, MultiPolygon, GeometryCollection)
    if t.__reduce__ is BaseGeometry.__reduce__)


def _geometry_at(i: int) -> BaseGeometry:
    """Stands in the pickle for the ``i``-th geometry; :class:`_Unpickler` answers it from the list."""
    raise pickle.UnpicklingError("a pickle of geometry.pickling.dumps is read with geometry.pickling.loads")


class _Pickler(pickle.Pickler):
    """Pickles as usual, but each geometry of :data:`BULK_TYPES` as its place in :attr:`geometries`,
    and large buffers out of band (:attr:`buffers`)."""

    def __init__(self, file: io.BytesIO) -> None:
        self.geometries: list[BaseGeometry] = []
        self.buffers: list[memoryview] = []
        table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
        table.update((t, self._reduce_geometry) for t in BULK_TYPES)
        self.dispatch_table = table  # read by the C pickler when it is set up
        super().__init__(file, protocol=5, buffer_callback=self._keep_buffer)

    def _reduce_geometry(self, g: BaseGeometry) -> tuple[Callable[[int], BaseGeometry], tuple[int]]:
        # called once a geometry object: the pickler's memo answers it when it comes again
        self.geometries.append(g)
        return _geometry_at, (len(self.geometries) - 1,)

    def _keep_buffer(self, buffer: pickle.PickleBuffer) -> bool:
        """False (out of band, kept here) for a large buffer; True (in the pickle) for a small one."""
        raw = buffer.raw()
        if raw.nbytes < OUT_OF_BAND:
            return True
        self.buffers.append(raw)
        return False


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, geometries: list[BaseGeometry], buffers: list[Any]) -> None:
        super().__init__(file, buffers=buffers)
        self._geometries = geometries

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_geometry_at":
            return self._geometries.__getitem__
        return super().find_class(module, name)


def dumps_parts(obj: Any) -> list[bytes | memoryview]:
    """``obj`` pickled as :func:`dumps` pickles it, in parts whose concatenation is that: the large
    arrays in it are not copied (the parts show their memory), for ``os.writev`` to send as they are."""
    buf = io.BytesIO()
    pickler = _Pickler(buf)
    pickler.dump(obj)
    geoms = pickler.geometries
    wkb = shapely.to_wkb(_objects(geoms), include_srid=True).tolist() if geoms else []
    parts: list[bytes | memoryview] = [buf.getbuffer(), pickle.dumps(wkb, protocol=pickle.HIGHEST_PROTOCOL),
                                       *pickler.buffers]
    table = []
    at = _aligned(_HEAD.size + _PART.size * len(parts))
    for part in parts:
        n = memoryview(part).nbytes
        table.append((at, n))
        at = _aligned(at + n)
    out: list[bytes | memoryview] = [_HEAD.pack(_MAGIC, len(parts)) + b"".join(_PART.pack(*t) for t in table)]
    end = len(out[0])
    for (at, n), part in zip(table, parts):
        if at > end:
            out.append(bytes(at - end))
        out.append(part)
        end = at + n
    return out


def dumps(obj: Any) -> bytes:
    """``obj`` pickled, its geometries in bulk; read it with :func:`loads`.  Raises what
    :func:`pickle.dumps` raises for what does not pickle."""
    return b"".join(dumps_parts(obj))


def loads(data: bytes | bytearray | memoryview) -> Any:
    """What :func:`dumps` pickled.  The large arrays in it are read in place from ``data`` when it is
    writable (a ``bytearray``), else copied (so they are writable as they were).  Raises
    :class:`pickle.UnpicklingError` (or what unpickling raises) for bytes it did not make."""
    view = memoryview(data).cast("B")
    try:
        magic, count = _HEAD.unpack_from(view)
        table = [_PART.unpack_from(view, _HEAD.size + i * _PART.size) for i in range(count)]
    except struct.error:
        raise pickle.UnpicklingError("truncated") from None
    if magic != _MAGIC or count < 2 or any(at + n > len(view) for at, n in table):
        raise pickle.UnpicklingError("not a geometry.pickling pickle, or truncated")
    body, wkb_part, *buffers = [view[at:at + n] for at, n in table]
    if view.readonly:
        buffers = [memoryview(bytearray(b)) for b in buffers]
    wkb = pickle.loads(wkb_part)
    geometries: list[BaseGeometry] = shapely.from_wkb(_objects(wkb)).tolist() if wkb else []
    return _Unpickler(io.BytesIO(body), geometries, buffers).load()


# --- records packed by class ------------------------------------------------------------------

# (class, field names, one tuple of values per object)
ObjectGroup = tuple[type, tuple[str, ...], list[tuple[Any, ...]]]


def pack_objects(objects: Iterable[Any]) -> list[ObjectGroup]:
    """Objects with a ``__dict__`` (frozen dataclasses), in their order, as runs of one class and one
    set of fields.

    >>> from geometry.drawing_file import UnderlayText
    >>> texts = [UnderlayText("ROOM", 1.0, 2.0, 0.5, 0.0, "大厅"), UnderlayText("ROOM", 3.0, 2.0, 0.5, 90.0, "走廊")]
    >>> groups = pack_objects(texts)
    >>> [(cls.__name__, names[:3], len(rows)) for cls, names, rows in groups]
    [('UnderlayText', ('layer', 'x', 'y'), 2)]
    >>> unpack_objects(groups) == tuple(texts)
    True
    """
    groups: list[ObjectGroup] = []
    cls: type | None = None
    names: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = []
    for o in objects:
        d = o.__dict__
        keys = tuple(d)
        if type(o) is not cls or keys != names:
            cls, names, rows = type(o), keys, []
            groups.append((cls, names, rows))
        rows.append(tuple(d.values()))
    return groups


def unpack_objects(groups: Iterable[ObjectGroup]) -> tuple[Any, ...]:
    """The objects :func:`pack_objects` packed, each with the fields it had (not made through
    ``__init__``: as unpickled objects are)."""
    out: list[Any] = []
    add = out.append
    new = object.__new__
    for cls, names, rows in groups:
        for row in rows:
            o: Any = new(cls)
            o.__dict__.update(zip(names, row))
            add(o)
    return tuple(out)


def _aligned(n: int) -> int:
    return -(-n // _ALIGN) * _ALIGN


def _objects(items: list[Any]) -> np.ndarray:
    arr = np.empty(len(items), dtype=object)
    arr[:] = items
    return arr


__all__ = ["BULK_TYPES", "OUT_OF_BAND", "ObjectGroup", "dumps", "dumps_parts", "loads", "pack_objects", "unpack_objects"]
