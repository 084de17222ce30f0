"""The walking graph's weights are brought up to date after an edit by rewriting only the cells near
the change: the result equals the weights of the new floor computed afresh, whatever the edits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geometry.circulation.walking import _WeightCache, grid_weights

edits = st.lists(st.tuples(st.integers(0, 29), st.integers(0, 39), st.integers(1, 6), st.integers(1, 6), st.booleans()),
                 min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), edits)
def test_patched_weights_equal_fresh_weights(seed: int, steps: list[tuple[int, int, int, int, bool]]) -> None:
    rng = np.random.default_rng(seed)
    floor = rng.random((30, 40)) > 0.2
    cache = _WeightCache(slots=2)
    assert np.array_equal(cache.weights(floor, 0.25), grid_weights(floor, 0.25))
    for i, j, h, w, value in steps:  # move / add / remove an object: one rectangle of cells changes
        floor = floor.copy()
        floor[i:i + h, j:j + w] = value
        got = cache.weights(floor, 0.25)
        assert np.array_equal(got, grid_weights(floor, 0.25))
        got[:] = -1.0  # a fresh array: what the caller does with it cannot reach the cache


def test_other_floors_and_resolutions_keep_their_own_weights() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.random((20, 20)) > 0.3, rng.random((20, 20)) > 0.3
    cache = _WeightCache(slots=2)
    for m, res in ((a, 0.25), (b, 0.25), (a, 0.2), (a, 0.25), (b, 0.25)):
        assert np.array_equal(cache.weights(m, res), grid_weights(m, res))
    tail = [np.array([1.0, 2.0]), np.array([3.0])]
    assert np.array_equal(cache.weights(a, 0.25, tail), np.concatenate([grid_weights(a, 0.25), *tail]))


def test_two_floors_of_one_grid_keep_their_own_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    # the public and the walkable floor of one hall differ all over the grid: asking for them in
    # turn rewrites nothing after the first time (each keeps its entry), and an edit of one of them
    # rewrites only the cells near the edit
    from geometry.circulation import walking

    rng = np.random.default_rng(3)
    walkable = rng.random((60, 50)) > 0.1
    public = walkable & (rng.random((60, 50)) > 0.1)
    edited = public.copy()
    edited[30:33, 20:24] = False
    fresh = {id(m): grid_weights(m, 0.25) for m in (walkable, public, edited)}
    cache = _WeightCache(slots=4)
    written: list[int] = []
    real = walking._weights_into

    def counting(w: np.ndarray, m: np.ndarray, res: float, i0: int, i1: int, j0: int, j1: int) -> None:
        written.append((i1 - i0) * (j1 - j0))
        real(w, m, res, i0, i1, j0, j1)

    monkeypatch.setattr(walking, "_weights_into", counting)
    for m in (walkable, public, walkable, public, walkable):
        assert np.array_equal(cache.weights(m, 0.25), fresh[id(m)])
    assert written == [3000, 3000]
    assert np.array_equal(cache.weights(edited, 0.25), fresh[id(edited)])
    assert written[2:] == [(35 - 28) * (26 - 18)]
    assert np.array_equal(cache.weights(walkable, 0.25), fresh[id(walkable)])
    assert len(written) == 3
