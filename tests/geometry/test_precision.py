"""The comparison policy: a value that prints as meeting a requirement meets it, and one that
fails never prints as the limit (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geometry.precision import AREA, LENGTH, RATIO, Quantum, at_least, at_most, between, fmt

values = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
quanta = st.sampled_from([AREA, LENGTH, RATIO])


@settings(max_examples=300, deadline=None)
@given(v=values, limit=values, q=quanta)
def test_the_printed_value_decides(v: float, limit: float, q: Quantum) -> None:
    printed, printed_limit = float(fmt(v, q)), float(fmt(limit, q))
    assert at_least(v, limit, q) == (printed >= printed_limit)
    assert at_most(v, limit, q) == (printed <= printed_limit)


@settings(max_examples=200, deadline=None)
@given(k=st.integers(min_value=1, max_value=10**7), noise=st.floats(min_value=-4e-9, max_value=4e-9))
def test_float_noise_never_decides(k: int, noise: float) -> None:
    limit = k * AREA.step  # a requirement is stated on the grid (3000 m², 0.75 m …)
    v = limit * (1 + noise)
    assert at_least(v, limit, AREA) and at_most(v, limit, AREA) and between(v, limit, limit, AREA)


def test_one_step_below_fails_and_prints_its_digits() -> None:
    assert not at_least(599.99, 600, AREA) and fmt(599.99, AREA) == "599.99"
    assert not at_least(0.749, 0.75, LENGTH) and fmt(0.749, LENGTH, scale=100, digits=0) == "74.9"
    assert not at_least(0.0999, 0.1, RATIO) and fmt(0.0999, RATIO, scale=100) == "9.99"
    assert at_least(0.09995, 0.1, RATIO) and fmt(0.09995, RATIO, scale=100) == "10.0"
