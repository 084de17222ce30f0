""":func:`~geometry.model.check_object` over many objects at once (an import's thousands).

What makes most objects certainly usable — the geometry type their kind allows, not empty, every
coordinate finite and within ±10⁹ m, a polygon valid — is asked of shapely once for all of them;
only an object that fails one of those (or an outline, checked as before) goes through
``check_object`` itself, so the error raised, and its words, are the same.

>>> from shapely.geometry import Polygon, Point
>>> from geometry.model import Counter, Facility
>>> ok = Counter(id="c", geometry=Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]))
>>> bow = Counter(id="b", geometry=Polygon([(0, 0), (1, 1), (1, 0), (0, 1)]))
>>> [e is None for e in object_errors([ok, bow, Facility(id="f", geometry=Point(1, 2), kind="printer")])]
[True, False, True]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import shapely
from shapely.geometry import Polygon

from geometry.model import GEOMETRY_TYPES, SINGLE_TYPES, PlanObject, check_object
from geometry.validate import COORD_LIMIT_M

__all__ = ["object_errors"]


def object_errors(objects: Sequence[PlanObject]) -> list[ValueError | None]:
    """For each object, the ``ValueError`` :func:`~geometry.model.check_object` raises for it, or None."""
    n = len(objects)
    suspect = np.zeros(n, dtype=bool)
    geoms = np.empty(n, dtype=object)
    for i, o in enumerate(objects):
        geoms[i] = o.geometry
        if o.KIND in SINGLE_TYPES or not isinstance(o.geometry, GEOMETRY_TYPES[o.KIND]):
            suspect[i] = True
    if n:
        suspect |= shapely.is_empty(geoms)
        xy, index = shapely.get_coordinates(geoms, return_index=True)
        bad = ~(np.abs(xy) <= COORD_LIMIT_M).all(axis=1)  # NaN and inf fail this too
        suspect[index[bad]] = True
        poly = np.array([isinstance(g, Polygon) for g in geoms], dtype=bool) & ~suspect
        suspect[poly] |= ~shapely.is_valid(geoms[poly])
    out: list[ValueError | None] = [None] * n
    for i in np.flatnonzero(suspect).tolist():
        try:
            check_object(objects[i])
        except ValueError as exc:
            out[i] = exc
    return out
