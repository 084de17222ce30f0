"""``geometry.dxf.units.percentiles`` is ``np.percentile(points, qs, axis=0)``, bit for bit, without
importing ``numpy.ma`` (which ``np.percentile`` does through ``np.unique`` on its first call)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from geometry.dxf.units import percentiles, robust_extent

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
any_float = st.floats(allow_nan=True, allow_infinity=True, width=64)
points = st.integers(1, 3).flatmap(lambda k: arrays(np.float64, st.tuples(st.integers(1, 80), st.just(k)), elements=finite))
qs = st.lists(st.floats(0.0, 100.0, allow_nan=False), min_size=1, max_size=4).map(tuple)


def same(ours: list[np.ndarray], numpy_: np.ndarray) -> bool:
    return len(ours) == len(numpy_) and all(np.array_equal(a, b, equal_nan=True) for a, b in zip(ours, numpy_))


@settings(max_examples=400, deadline=None)
@given(points, qs)
def test_equal_to_numpy_bit_for_bit(pts: np.ndarray, q: tuple[float, ...]) -> None:
    assert same(percentiles(pts, q), np.percentile(pts, list(q), axis=0))
    assert same(percentiles(pts, (2.0, 98.0)), np.percentile(pts, [2, 98], axis=0))


@settings(max_examples=150, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 30), st.just(2)), elements=any_float), qs)
def test_nan_and_infinity_go_to_numpy(pts: np.ndarray, q: tuple[float, ...]) -> None:
    with np.errstate(invalid="ignore"):
        assert same(percentiles(pts, q), np.percentile(pts, list(q), axis=0))


def test_rounded_coordinates_with_ties() -> None:
    pts = np.round(np.random.default_rng(3).normal(size=(1001, 2)) * 1000) / 4
    assert same(percentiles(pts, (2.0, 98.0)), np.percentile(pts, [2, 98], axis=0))
    lo, hi = np.percentile(pts, [2, 98], axis=0)  # robust_extent as it was
    assert robust_extent(pts) == float(max(hi - lo))


def test_does_not_import_numpy_ma() -> None:
    code = ("import sys, numpy as np; from geometry.dxf.units import robust_extent; "
            "robust_extent(np.arange(200.0).reshape(100, 2)); print('numpy.ma' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "False", r.stderr
