"""Paths of bulged polylines and hatch boundaries (geometry/dxf/bulges.py) are ezdxf's, to the last
bit: on every LWPOLYLINE and HATCH of the real and test drawings, and on random polylines."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import ezdxf
import pytest
from ezdxf import path as ezpath
from ezdxf.entities import LWPolyline
from hypothesis import given, settings
from hypothesis import strategies as st

from geometry.dxf.bulges import flat_lwpolyline, flat_path, hatch_flats, hatch_paths, lwpolyline_path
from geometry.dxf.expand import MAX_COORD
from tests.geometry.dxf_features import features, hatches

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path("/work/shared/dxf")
FILES = sorted((ROOT / "tests" / "data" / "dxf").glob("*.dxf")) + sorted(SHARED.glob("*.dxf"))


def _state(paths: Any, fine: float = 1e-5) -> list[Any]:
    """Every path's commands and control points (which decide its flattening), and its flattening."""
    out = []
    for p in paths:
        out.append((
            [(c.type, tuple(tuple(v) for v in c)) if hasattr(c, "__iter__") else c.type for c in p.commands()],
            [tuple(v) for v in p.control_vertices()],
            [tuple(v) for v in p.flattening(fine, segments=4)],
        ))
    return out


def _entities(doc: Any) -> list[Any]:
    try:
        msp = list(doc.modelspace())
    except KeyError:  # a (fuzzed) file without a modelspace: its blocks are still compared
        msp = []
    out = [e for e in msp if e.dxftype() in ("LWPOLYLINE", "HATCH")]
    for block in doc.blocks:
        out += [e for e in block if e.dxftype() in ("LWPOLYLINE", "HATCH")]
    return out


def _outcome(make: Callable[[], Any], fine: float) -> Any:
    try:
        return _state(make(), fine)
    except Exception as exc:  # a degenerate arc: the same refusal (the collector reports the entity)
        return type(exc).__name__, str(exc)


def _flats(make: Callable[[], Any]) -> Any:
    """The vertices as the collector flattens them (bytes, so NaN equals NaN), or the refusal."""
    try:
        return [(a.shape, a.tobytes()) for a in make()]
    except Exception as exc:
        return type(exc).__name__, str(exc)


def _check(e: Any, fine: float = 1e-5) -> None:
    tol = max(fine, 1e-2)  # the collector's own tolerance is no finer than this (0.5 mm in inches)
    if e.dxftype() == "LWPOLYLINE":
        assert _outcome(lambda: [lwpolyline_path(e)], fine) == _outcome(lambda: [ezpath.make_path(e)], fine)
        # flat_lwpolyline builds no Path: the same vertices as ezdxf's path flattened by the collector
        for most in (MAX_COORD, 5e3):  # 5e3: a random polyline's control points beyond it give one NaN vertex
            assert _flats(lambda: [flat_lwpolyline(e, tol, most)]) == _flats(lambda: [flat_path(ezpath.make_path(e), tol, most)])
    else:
        assert _outcome(lambda: list(hatch_paths(e)), fine) == _outcome(lambda: list(ezpath.from_hatch(e)), fine)
        for most in (MAX_COORD, 5e3):
            assert _flats(lambda: list(hatch_flats(e, tol, most))) == _flats(lambda: [flat_path(p, tol, most) for p in ezpath.from_hatch(e)])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_and_test_drawings(path: Path) -> None:
    try:
        doc = ezdxf.readfile(path)
    except Exception:  # a damaged or binary file: read as the importer's fallback reads it
        from ezdxf import recover

        doc, _auditor = recover.readfile(path)
    entities = _entities(doc)
    for e in entities:
        _check(e)


def test_generated_drawings(tmp_path: Path) -> None:
    for path in (features(tmp_path / "f.dxf"), hatches(tmp_path / "h.dxf")):
        entities = _entities(ezdxf.readfile(path))
        assert any(e.dxftype() == "HATCH" for e in entities)
        for e in entities:
            _check(e)


_COORD = st.floats(-1e4, 1e4, allow_nan=False)
_BULGE = st.one_of(st.just(0.0), st.floats(-20, 20, allow_nan=False), st.sampled_from([1e-7, -5e-7, 1.0, -1.0, 1e-3]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_COORD, _COORD, _BULGE), max_size=8), st.booleans(),
       st.sampled_from([(0, 0, 1), (0, 0, -1), (0.3, 0.4, 0.8)]), st.sampled_from([0.0, 250.0]),
       st.booleans())
def test_random_polylines(points: list[tuple[float, float, float]], closed: bool, extrusion: tuple[float, float, float],
                          elevation: float, repeat: bool) -> None:
    if repeat and points:
        points = points + [points[-1]]  # coincident vertices: ezdxf skips the bulge
    e = LWPolyline.new(dxfattribs={"extrusion": extrusion, "elevation": elevation})
    e.append_points([(x, y, 0, 0, b) for x, y, b in points], format="xyseb")
    e.closed = closed
    _check(e, fine=1.0)
    doc = ezdxf.new()
    h = doc.modelspace().add_hatch(dxfattribs={"extrusion": extrusion, "elevation": (0, 0, elevation)})
    h.paths.add_polyline_path(points, is_closed=closed)
    _check(h, fine=1.0)
