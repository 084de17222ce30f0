"""Counter rows: where a run of counters fits against a wall, or as an island, in any outline.

A row is scanned in a frame turned so that its wall is at the top: a *slot* is one counter with
its customer approach in front and its staff strip behind (an island slot: two counters back to
back).  Slots are found on a raster of the free floor and confirmed exactly; rows are tried from
the wall inwards, the first depth that holds the windows wins, and what one row cannot hold goes to
the next row in front of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

from geometry.placement import raster

COUNTER_LEN, COUNTER_DEPTH = 1.6, 0.8
STAFF_DEPTH = 1.2  # staff strip behind a counter (the check's own model takes 1.0 m)
APPROACH = 2.0  # customer side kept clear in front of a counter (turning circle 1.5 m, plus the face)
ROW_AISLE = 1.8  # between a row's approach and the next row's staff side
CELL = 0.2


@dataclass(frozen=True)
class Slot:
    """One placed counter in the working frame: footprint and the direction its customer side faces."""

    footprint: Polygon
    customer_deg: float
    row: int


def _turn(wall_deg: float) -> float:
    """Rotation that brings the wall direction ``wall_deg`` (from the hall towards the wall) to +y."""
    return 90.0 - wall_deg


def scan_rows(region: BaseGeometry, n: int, wall_deg: float = 90.0, island: bool = False, prefer_y: float | None = None,
              max_rows: int = 4, row0: int = 0) -> list[Slot]:
    """Up to ``n`` counter slots in ``region`` (working frame) against the wall in direction ``wall_deg``
    (90 = the back wall).  ``island``: back-to-back pairs with approaches on both sides, the row nearest
    ``prefer_y`` (in the turned frame) that holds them."""
    if n <= 0 or region.is_empty:
        return []
    turn = _turn(wall_deg)
    reg = affinity.rotate(region, turn, origin=(0.0, 0.0))
    slots: list[Slot] = []
    taken: list[BaseGeometry] = []
    for r in range(max_rows):
        left = n - len(slots)
        if left <= 0:
            break
        free = reg.difference(shapely.union_all(taken)) if taken else reg
        got = _one_row(free, left, island, prefer_y if r == 0 else None)
        if not got:
            break
        for (x, y0) in got:
            if island:
                pair = [(box(x, y0, x + COUNTER_LEN, y0 + COUNTER_DEPTH), 270.0),
                        (box(x, y0 + COUNTER_DEPTH + 2 * STAFF_DEPTH, x + COUNTER_LEN, y0 + 2 * COUNTER_DEPTH + 2 * STAFF_DEPTH), 90.0)]
            else:
                pair = [(box(x, y0, x + COUNTER_LEN, y0 + COUNTER_DEPTH), 270.0)]
            for fp, d in pair:
                if len(slots) < n:
                    slots.append(Slot(affinity.rotate(fp, -turn, origin=(0.0, 0.0)), (d - turn) % 360.0, row0 + r))
        ys = [y0 for _, y0 in got]
        xs = [x for x, _ in got]
        # the next row stands in front of this one's approach, with an aisle between
        top = max(ys) + (2 * COUNTER_DEPTH + 2 * STAFF_DEPTH + APPROACH if island else COUNTER_DEPTH + STAFF_DEPTH)
        # (only across this row's own run: beside it, another stretch of wall may hold the next row)
        taken.append(box(min(xs) - ROW_AISLE - 1.0, min(ys) - APPROACH - ROW_AISLE - STAFF_DEPTH,
                         max(xs) + COUNTER_LEN + ROW_AISLE + 1.0, top + 1e3))
    return slots


def _one_row(free: BaseGeometry, n: int, island: bool, prefer_y: float | None) -> list[tuple[float, float]]:
    """Slots (x, y of the counter's front) of the best row: the first from the top holding ``n``
    (island: nearest ``prefer_y``), else the row holding most."""
    if free.is_empty:
        return []
    depth = (APPROACH + 2 * COUNTER_DEPTH + 2 * STAFF_DEPTH + APPROACH) if island else (APPROACH + COUNTER_DEPTH + STAFF_DEPTH)
    front = APPROACH  # from the slot's bottom to the counter's front
    grid, x0, y0 = raster(free, CELL)
    kw, kh = int(round(COUNTER_LEN / CELL)), int(math.ceil(depth / CELL - 1e-9))
    if grid.shape[0] < kh or grid.shape[1] < kw:
        return []
    s = np.pad(grid.astype(np.int32), ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    ok = (s[kh:, kw:] - s[:-kh, kw:] - s[kh:, :-kw] + s[:-kh, :-kw]) == kh * kw  # [row, col] of the slot's lower left
    need = math.ceil(n / 2) if island else n
    rows = range(ok.shape[0] - 1, -1, -1)
    if island and prefer_y is not None:
        rows = sorted(rows, key=lambda r: (abs(y0 + r * CELL - prefer_y), r))  # type: ignore[assignment]
    best: list[tuple[float, float]] = []
    shapely.prepare(free)
    for r in rows:
        cols = np.flatnonzero(ok[r])
        if len(cols) < min(need, len(best) + 1) and len(cols) <= len(best):
            continue
        picked: list[tuple[float, float]] = []
        nxt = -1
        for c in cols.tolist():
            if c < nxt:
                continue
            x, y = x0 + c * CELL, y0 + r * CELL
            if free.covers(box(x, y, x + COUNTER_LEN, y + depth)):
                picked.append((round(x, 3), round(y + front, 3)))
                nxt = c + kw
        # the wall row: the first from the top that holds them all, or at least half of them (the rest
        # go to the next stretch of wall, e.g. the other wing of an L) — an island: the first that holds them
        if len(picked) >= need or (not island and len(picked) >= max(2, math.ceil(need / 2))):
            return _middle(picked, min(need, len(picked)))
        if len(picked) > len(best):
            best = picked
    return best


def _middle(picked: list[tuple[float, float]], need: int) -> list[tuple[float, float]]:
    """``need`` of the slots, the run nearest the middle of the row (x = 0 is the entrance's axis)."""
    if len(picked) == need:
        return picked
    starts = range(len(picked) - need + 1)
    k = min(starts, key=lambda i: (abs(picked[i][0] + picked[i + need - 1][0] + COUNTER_LEN), i))
    return picked[k:k + need]
