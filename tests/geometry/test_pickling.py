"""geometry.pickling: pickles with the geometries in bulk and large arrays beside them give back what
plain pickling gives back — every geometry's type, coordinates bit for bit, Z and SRID; a geometry
met twice one object again; arrays with their values, dtype, shape, order and writability."""

from __future__ import annotations

import math
import pickle
from typing import Any

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import (GeometryCollection, LinearRing, LineString, MultiLineString, MultiPoint, MultiPolygon,
                              Point, Polygon, box)
from shapely.geometry.base import BaseGeometry

from geometry import pickling

COORD = st.floats(allow_nan=False, allow_infinity=False, width=64, min_value=-1e12, max_value=1e12)
XY = st.tuples(COORD, COORD)
XYZ = st.tuples(COORD, COORD, COORD)


@st.composite
def geometries(draw: Any, depth: int = 0) -> BaseGeometry:
    kind = draw(st.sampled_from(["point", "point3", "line", "ring", "polygon", "multipoint", "multiline",
                                 "multipolygon", "empty", "collection", "srid"] if depth == 0 else
                                ["point", "line", "polygon", "empty"]))
    if kind == "point":
        return Point(draw(XY))
    if kind == "point3":
        return Point(draw(XYZ))
    if kind == "line":
        return LineString(draw(st.lists(XY, min_size=2, max_size=6)))
    if kind == "ring":
        return LinearRing(draw(st.lists(XY, min_size=3, max_size=6)))
    if kind == "polygon":
        x, y = draw(XY)
        w, h = draw(st.floats(0.1, 1e3)), draw(st.floats(0.1, 1e3))
        outer = box(x, y, x + w, y + h)
        if draw(st.booleans()):
            return outer.difference(box(x + w / 4, y + h / 4, x + w / 2, y + h / 2))  # a hole
        return outer
    if kind == "multipoint":
        return MultiPoint(draw(st.lists(XY, min_size=1, max_size=4)))
    if kind == "multiline":
        return MultiLineString(draw(st.lists(st.lists(XY, min_size=2, max_size=4), min_size=1, max_size=3)))
    if kind == "multipolygon":
        return MultiPolygon([box(i * 10, 0, i * 10 + 5, 5) for i in range(draw(st.integers(1, 3)))])
    if kind == "collection":
        return GeometryCollection(draw(st.lists(geometries(depth + 1), max_size=3)))
    if kind == "srid":
        return shapely.set_srid(Point(draw(XY)), draw(st.integers(1, 32767)))
    return draw(st.sampled_from([Point(), LineString(), Polygon(), MultiPolygon(), GeometryCollection()]))


def same_geometry(a: Any, b: Any) -> None:
    assert type(a) is type(b)
    assert shapely.to_wkb(a, include_srid=True) == shapely.to_wkb(b, include_srid=True)  # coordinates bit for bit


@settings(max_examples=150, deadline=None)
@given(st.lists(geometries(), max_size=12), st.lists(st.integers(0, 11), max_size=6))
def test_geometries_come_back_as_plain_pickling_gives_them(geoms: list[BaseGeometry], again: list[int]) -> None:
    shared = [geoms[i] for i in again if i < len(geoms)]  # the same objects, met a second time
    obj = {"geoms": geoms, "shared": shared, "nested": [(g, "label", 1.5) for g in geoms[:3]]}
    for data in (pickling.dumps(obj), bytearray(pickling.dumps(obj))):
        got = pickling.loads(data)
        plain = pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        for a, b, c in zip(geoms + shared, got["geoms"] + got["shared"], plain["geoms"] + plain["shared"]):
            same_geometry(a, b)
            same_geometry(b, c)
        for i, g in enumerate(geoms + shared):  # what was one object is one object
            for j, h in enumerate(geoms + shared):
                assert ((got["geoms"] + got["shared"])[i] is (got["geoms"] + got["shared"])[j]) == (g is h)
        assert [t[1:] for t in got["nested"]] == [t[1:] for t in obj["nested"]]


def test_a_linear_ring_stays_a_ring() -> None:
    ring = LinearRing([(0, 0), (1, 0), (1, 1)])
    got = pickling.loads(pickling.dumps([ring, Polygon(ring)]))
    same_geometry(got[0], ring)
    assert got[1].exterior.equals_exact(ring, 0)


ARRAYS = [
    np.arange(200_000, dtype=np.float64) * math.pi,  # out of band
    np.arange(10, dtype=np.int64),  # in the pickle
    np.arange(300_000, dtype=np.int32).reshape(600, 500),
    np.asfortranarray(np.arange(120_000, dtype=np.float64).reshape(300, 400)),
    np.arange(400_000, dtype=np.float64)[::2],  # not contiguous: pickled in band
    np.array([math.nan, -0.0, math.inf, 5e-324] * 20_000),
    np.zeros(0),
]


@pytest.mark.parametrize("readonly", [False, True])
@pytest.mark.parametrize("i", range(len(ARRAYS)))
def test_arrays_come_back_whole(i: int, readonly: bool) -> None:
    a = ARRAYS[i].copy(order="K") if i != 4 else ARRAYS[i]
    if readonly:
        a = a.view()
        a.flags.writeable = False
    for data in (pickling.dumps([a, a]), bytearray(pickling.dumps([a, a]))):
        got = pickling.loads(data)
        plain = pickle.loads(pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL))
        b = got[0]
        assert got[1] is b
        assert (b.dtype, b.shape, b.tobytes(order="A")) == (a.dtype, a.shape, a.tobytes(order="A"))
        assert (b.flags.c_contiguous, b.flags.f_contiguous) == (plain.flags.c_contiguous, plain.flags.f_contiguous)
        assert b.flags.writeable == plain.flags.writeable
        assert b.flags.aligned


def test_large_arrays_travel_beside_the_pickle_without_a_copy() -> None:
    a = np.arange(100_000, dtype=np.float64)
    parts = pickling.dumps_parts({"xy": a, "hall": box(0, 0, 1, 1)})
    assert any(np.shares_memory(np.frombuffer(p, dtype=np.uint8), a) for p in parts)  # a's own memory
    assert b"".join(parts) == pickling.dumps({"xy": a, "hall": box(0, 0, 1, 1)})
    buf = bytearray(b"".join(parts))
    got = pickling.loads(buf)
    assert np.shares_memory(got["xy"], np.frombuffer(buf, dtype=np.uint8))  # read where it lies
    assert np.array_equal(got["xy"], a) and got["hall"].equals_exact(box(0, 0, 1, 1), 0)


@pytest.mark.parametrize("data", [b"", b"HPK1", b"garbage" * 10, pickle.dumps([1, 2]),
                                  pickling.dumps([box(0, 0, 1, 1)])[:-20]])
def test_bytes_it_did_not_make_are_refused(data: bytes) -> None:
    with pytest.raises((pickle.UnpicklingError, EOFError, ValueError)):
        pickling.loads(data)


def test_a_stand_in_read_by_plain_pickle_says_so() -> None:
    data = pickling.dumps(Point(1, 2))
    at, n = pickling._PART.unpack_from(data, pickling._HEAD.size)
    body = data[at:at + n]  # the body alone: plain pickle cannot answer the stand-in
    with pytest.raises(pickle.UnpicklingError, match="geometry.pickling.loads"):
        pickle.loads(body)
