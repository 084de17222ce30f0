"""PDF path operators for many points at once, written by numpy as bytes.

The drawing's linework (a real floor has a hundred thousand points) is printed in whole hundredths of a
point: integers, so every number is its decimal digits and nothing else, and the block is drawn under
``UNIT_CM`` (one ``cm`` that scales hundredths back to points).  The digits are computed column by
column over the whole array, so formatting costs a few array passes instead of a Python string per number.

>>> import numpy as np
>>> lines_bytes(np.array([[0, 150], [-12, 7], [1000, 1000]]), np.array([True, False, True]), batch=1).decode()
'0 150 m\\n-12 7 l\\nS\\n1000 1000 m\\nS\\n'
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

UNITS_PER_PT = 100  # path coordinates in hundredths of a point: within 0.005 pt of the true position
UNIT_CM = "0.01 0 0 0.01 0 0 cm"  # the transformation from those units to points

_SPACE, _NL, _MINUS, _ZERO = 32, 10, 45, 48


def ascii_ints(values: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]:
    """The decimal text of each integer as a row of ASCII codes, right-aligned in a matrix with a sign
    column in front, and the mask of the characters that belong to the number.

    >>> m, used = ascii_ints(np.array([5, -40, 0, 1234]))
    >>> [bytes(r[k]).decode() for r, k in zip(m, used)]
    ['5', '-40', '0', '1234']
    """
    v = np.asarray(values, dtype=np.int64)
    mag = np.abs(v)
    width = len(str(int(mag.max()))) if mag.size else 1
    chars = np.empty((v.size, width + 1), dtype=np.uint8)
    used = np.empty(chars.shape, dtype=bool)
    chars[:, 0] = _MINUS
    used[:, 0] = v < 0
    rest = mag.copy()
    for col in range(width, 0, -1):  # the last digit first; division by a scalar is numpy's fast path
        used[:, col] = rest > 0  # a digit is printed when it or a digit before it is not zero
        rest, digit = np.divmod(rest, 10)
        chars[:, col] = digit
    used[:, width] = True  # the units digit always (0 prints as "0")
    chars[:, 1:] += _ZERO
    return chars, used


def lines_bytes(xy: npt.NDArray[np.int64], first: npt.NDArray[np.bool_], batch: int) -> bytes:
    """``x y m`` / ``x y l`` for each point (``first``: the point starts a polyline), one per line, and
    ``S`` (stroke) after every ``batch`` polylines and after the last: a few long paths."""
    n = len(xy)
    if n == 0:
        return b""
    cx, ux = ascii_ints(xy[:, 0])
    cy, uy = ascii_ints(xy[:, 1])
    starts = np.flatnonzero(first)
    stroke = np.zeros(n, dtype=bool)  # the point after which a path ends
    stroke[starts[batch::batch] - 1] = True
    stroke[-1] = True
    col = np.full((n, 1), _SPACE, dtype=np.uint8)
    always = np.ones((n, 1), dtype=bool)
    op = np.where(first, ord("m"), ord("l")).astype(np.uint8)[:, None]
    nl = np.full((n, 1), _NL, dtype=np.uint8)
    s_op = np.full((n, 1), ord("S"), dtype=np.uint8)
    chars = np.hstack([cx, col, cy, col, op, nl, s_op, nl])
    used = np.hstack([ux, always, uy, always, always, always, stroke[:, None], stroke[:, None]])
    return bytes(chars[used].tobytes())


__all__ = ["UNITS_PER_PT", "UNIT_CM", "ascii_ints", "lines_bytes"]
