"""Counters drawn over each other (a paste repeated): the customer side is found as for one counter,
and a probe is cut by each distinct shape once (one intersection, not one per copy)."""

from __future__ import annotations

import dataclasses

from geometry.circulation.space import counter_sides
from geometry.model import Counter
from geometry.synthetic import sample_plan


def test_stacked_copies_get_the_side_of_the_counter_they_copy() -> None:
    plan = sample_plan("county", True)
    base = counter_sides(plan)
    a, b = plan.counters[0], plan.counters[5]
    copies = tuple(Counter(id=f"copy-{k}-{i}", geometry=c.geometry) for k, c in enumerate((a, b)) for i in range(150))
    stacked = dataclasses.replace(plan, objects=plan.objects + copies)
    sides = counter_sides(stacked)
    for k, c in enumerate((a, b)):
        for i in (0, 77, 149):
            got = sides[f"copy-{k}-{i}"]
            assert got.customer_dir == base[c.id].customer_dir and got.face.equals(base[c.id].face)
    for c in plan.counters:  # the others are untouched by the stacks
        assert sides[c.id].customer_dir == base[c.id].customer_dir, c.id
