"""The walking-distance verdict ladder shared by the circulation rules (one place, one behaviour)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from standards.rules import circulation, circulation_fire
from standards.rules.circulation_common import GRID_EXCESS, Walk, beyond_doubt, walk_verdict


@given(st.floats(0, 500), st.floats(1, 100), st.sampled_from([0.1, 0.25, 0.5]))
def test_ladder_is_ordered_and_matches_the_margin(d: float, limit: float, res: float) -> None:
    v = walk_verdict(d, limit, res)
    if d <= limit:
        assert v == Walk.WITHIN
    elif d > limit * (1 + GRID_EXCESS) + 2 * res:
        assert v == Walk.BEYOND
    elif d > limit + 0.001:
        assert v == Walk.MARGIN
    # monotone: a longer walk never gets a better verdict
    order = [Walk.WITHIN, Walk.MARGIN, Walk.BEYOND]
    assert order.index(walk_verdict(d + 1, limit, res)) >= order.index(v)


def test_unreachable_is_beyond_and_a_coverage_verdict_overrides_the_first_step() -> None:
    assert walk_verdict(math.inf, 20, 0.25) == Walk.BEYOND
    assert walk_verdict(20.3, 20, 0.25, within=True) == Walk.WITHIN
    assert walk_verdict(19.0, 20, 0.25, within=False) == Walk.MARGIN
    assert beyond_doubt(30, 20, 0.25) and walk_verdict(30, 20, 0.25, within=False) == Walk.BEYOND


def test_the_three_rules_use_the_shared_ladder_not_their_own() -> None:
    import inspect

    for mod in (circulation, circulation_fire):
        src = inspect.getsource(mod)
        assert "walk_verdict(" in src and "beyond_doubt(" not in src, mod.__name__
