"""The comparison policy of the whole engine: compare at the precision a requirement is stated in.

A measurement meets a threshold when, rounded to the requirement's quantum, it meets the threshold
rounded the same way: areas to 0.01 m², ratios to 0.01 % (0.0001), lengths to 1 mm.  The
messages print the same rounded value (:func:`fmt`), so a value that prints as meeting the
requirement meets it, and one that fails never prints as the limit.  A 60 × 50 m hall drawn in
millimetres far from the origin, whose area computes to 2,999.9999999 m², *is* 3,000 m².

This is the one place for the policy: the rules (``standards``) and the circulation analysis
(its 1 mm width tolerance, :data:`WIDTH_EPS`) both take their tolerance from here.

>>> at_least(2999.9999999, 3000, AREA)
True
>>> at_least(2999.99, 3000, AREA)
False
>>> between(0.7496, 0.75, 0.90, LENGTH), between(0.7494, 0.75, 0.90, LENGTH)
(True, False)
>>> fmt(2999.9999999, AREA), fmt(599.99, AREA), fmt(0.749, LENGTH, scale=100, digits=0)
('3000.0', '599.99', '74.9')
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Quantum:
    """The step a kind of quantity is stated and compared in, and the decimals it prints with at least."""

    step: float
    digits: int  # decimals always printed (more are added when the rounded value needs them)
    name: str


AREA = Quantum(0.01, 1, "m²")  # square metres, compared to 0.01 m²
RATIO = Quantum(0.0001, 1, "%")  # a ratio compared to 0.01 % (printed as a percentage)
LENGTH = Quantum(0.001, 2, "m")  # metres, compared to 1 mm

#: half a millimetre: the circulation analysis's width tolerance (a width within it of the
#: threshold rounds to the threshold)
WIDTH_EPS = LENGTH.step / 2


def steps(value: float, q: Quantum) -> int:
    """``value`` in whole steps of ``q`` (rounded half away from zero).

    >>> steps(0.7495, LENGTH), steps(2999.9999999, AREA)
    (750, 300000)
    """
    x = value / q.step
    # the tiny nudge absorbs binary noise in the division (0.7495 / 0.001 = 749.4999999999999)
    n = math.floor(abs(x) + 0.5 + 1e-9)
    return n if x >= 0 else -n


def at_least(value: float, limit: float, q: Quantum) -> bool:
    """``value ≥ limit`` at the precision of ``q``."""
    return steps(value, q) >= steps(limit, q)


def at_most(value: float, limit: float, q: Quantum) -> bool:
    """``value ≤ limit`` at the precision of ``q``."""
    return steps(value, q) <= steps(limit, q)


def between(value: float, lo: float, hi: float, q: Quantum) -> bool:
    """``lo ≤ value ≤ hi`` at the precision of ``q``."""
    return at_least(value, lo, q) and at_most(value, hi, q)


def rounded(value: float, q: Quantum) -> float:
    """``value`` rounded to the step of ``q`` (the number that is compared and printed)."""
    return steps(value, q) * q.step


def difference(a: float, b: float, q: Quantum) -> float:
    """``a − b`` between the rounded values (what "差 … m²" prints), never noise below the step.

    >>> difference(3000, 2999.994, AREA)
    0.01
    """
    return round((steps(a, q) - steps(b, q)) * q.step, _decimals(q.step))


@functools.lru_cache(maxsize=64)
def _decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9))


def fmt(value: float, q: Quantum, *, scale: float = 1.0, digits: int | None = None, thousands: bool = False) -> str:
    """``value`` rounded to ``q`` and printed with the digits that decide: at least ``digits``
    decimals (``q.digits`` by default), more when the rounded value has them.  ``scale`` prints
    in another unit (100: metres as centimetres, ratios as percentages).

    >>> fmt(0.75, LENGTH, scale=100, digits=0), fmt(0.1, RATIO, scale=100), fmt(0.09995, RATIO, scale=100)
    ('75', '10.0', '10.0')
    >>> fmt(0.0999, RATIO, scale=100), fmt(1234.5, AREA, thousands=True)
    ('9.99', '1,234.5')
    """
    d = q.digits if digits is None else digits
    full = _decimals(q.step * scale)
    v = steps(value, q) * q.step * scale
    text = f"{v:,.{full}f}" if thousands else f"{v:.{full}f}"
    if full > d and "." in text:
        whole, frac = text.split(".")
        frac = frac.rstrip("0").ljust(d, "0")
        text = f"{whole}.{frac}" if frac else whole
    return text
