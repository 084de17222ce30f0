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


def _width(values: npt.NDArray[np.int64]) -> int:
    return len(str(int(np.abs(values).max()))) if values.size else 1


def _write_ints(values: npt.NDArray[np.int64], chars: npt.NDArray[np.uint8], used: npt.NDArray[np.bool_], width: int,
                rest: npt.NDArray[np.int64], digit: npt.NDArray[np.int64]) -> None:
    """Write the decimal text of each integer into columns ``0..width`` of ``chars`` (sign, then the digits
    right-aligned) and mark in ``used`` the characters that belong to the number.  Every step writes into
    the arrays it is given (``rest`` and ``digit`` are scratch): a real floor's hundred thousand points
    then cost no fresh memory per digit, whose first touch is much of the time in a new process."""
    np.less(values, 0, out=used[:, 0])
    chars[:, 0] = _MINUS
    np.abs(values, out=rest)
    for col in range(width, 0, -1):  # the last digit first; division by a scalar is numpy's fast path
        np.greater(rest, 0, out=used[:, col])  # a digit is printed when it or a digit before it is not zero
        np.divmod(rest, 10, out=(rest, digit))
        np.add(digit, _ZERO, out=chars[:, col], casting="unsafe")
    used[:, width] = True  # the units digit always (0 prints as "0")


def ascii_ints(values: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]:
    """The decimal text of each integer as a row of ASCII codes, right-aligned in a matrix with a sign
    column in front, and the mask of the characters that belong to the number.

    >>> m, used = ascii_ints(np.array([5, -40, 0, 1234]))
    >>> [bytes(r[k]).decode() for r, k in zip(m, used)]
    ['5', '-40', '0', '1234']
    """
    v = np.asarray(values, dtype=np.int64)
    width = _width(v)
    chars = np.empty((v.size, width + 1), dtype=np.uint8)
    used = np.empty(chars.shape, dtype=bool)
    _write_ints(v, chars, used, width, np.empty(v.size, dtype=np.int64), np.empty(v.size, dtype=np.int64))
    return chars, used


def lines_bytes(xy: npt.NDArray[np.int64], first: npt.NDArray[np.bool_], batch: int) -> bytes:
    """``x y m`` / ``x y l`` for each point (``first``: the point starts a polyline), one per line, and
    ``S`` (stroke) after every ``batch`` polylines and after the last: a few long paths.  Each row is
    written into one matrix (``-x… -y… op\n S\n``) and the characters in use are taken out of it at once."""
    n = len(xy)
    if n == 0:
        return b""
    wx, wy = _width(xy[:, 0]), _width(xy[:, 1])
    cols = wx + wy + 8  # sign and digits of x, space, sign and digits of y, space, operator, newline, "S", newline
    chars = np.empty((n, cols), dtype=np.uint8)
    used = np.empty((n, cols), dtype=bool)
    rest = np.empty(n, dtype=np.int64)
    digit = np.empty(n, dtype=np.int64)
    _write_ints(xy[:, 0], chars[:, :wx + 1], used[:, :wx + 1], wx, rest, digit)
    _write_ints(xy[:, 1], chars[:, wx + 2:wx + wy + 3], used[:, wx + 2:wx + wy + 3], wy, rest, digit)
    chars[:, wx + 1] = _SPACE
    chars[:, wx + wy + 3] = _SPACE
    used[:, wx + 1] = True
    used[:, wx + wy + 3:cols - 2] = True
    np.copyto(chars[:, cols - 4], np.where(first, np.uint8(ord("m")), np.uint8(ord("l"))))
    chars[:, cols - 3] = _NL
    chars[:, cols - 2] = ord("S")
    chars[:, cols - 1] = _NL
    stroke = used[:, cols - 2]  # the point after which a path ends
    stroke[:] = False
    starts = np.flatnonzero(first)
    stroke[starts[batch::batch] - 1] = True
    stroke[-1] = True
    used[:, cols - 1] = stroke
    return bytes(chars[used].tobytes())


__all__ = ["UNITS_PER_PT", "UNIT_CM", "ascii_ints", "lines_bytes"]
