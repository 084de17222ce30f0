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


def test_walking_blockers_keep_each_shape_once_in_order() -> None:
    import numpy as np
    from shapely.geometry import Point, box

    from geometry.measure import distinct_shapes

    a, b, c = box(0, 0, 1, 1), box(2, 0, 3, 1), Point(5, 5).buffer(1)
    geoms = np.array([a, b, box(0, 0, 1, 1), c, box(2, 0, 3, 1), box(0, 0, 1, 1)], dtype=object)
    got = distinct_shapes(geoms)
    assert [g.wkt for g in got] == [a.wkt, b.wkt, c.wkt]
    plain = np.array([a, b, c], dtype=object)
    assert distinct_shapes(plain) is plain  # no copies: the same array, only a bounds pass
    # the same bounding box, other shapes: both kept
    from shapely.geometry import Polygon

    same_box = np.array([box(0, 0, 1, 1), Polygon([(0, 0), (1, 0), (1, 1)]), Polygon([(0, 0), (1, 1), (0, 1)])], dtype=object)
    assert len(distinct_shapes(same_box)) == 3


def test_a_stack_of_counters_walks_like_the_counter_it_copies() -> None:
    """The walking distance to each copy of a stacked counter is the distance to the counter it
    copies, and the other counters' distances stay as they were (the copies block as one shape)."""
    import pytest

    from geometry.circulation.analysis import Circulation

    plan = sample_plan("county", True)
    a = plan.counters[3]
    copies = tuple(Counter(id=f"copy-{i}", geometry=a.geometry) for i in range(60))
    stacked = dataclasses.replace(plan, objects=plan.objects + copies)
    one, many = Circulation(plan).walking_distances(), Circulation(stacked).walking_distances()
    assert one and all(many[f"copy-{i}"] == pytest.approx(one[a.id], abs=1e-9) for i in (0, 31, 59))
    assert all(many[k] == pytest.approx(v, abs=1e-9) for k, v in one.items())


def test_copies_of_one_counter_are_one_group_whichever_of_them_a_group_holds() -> None:
    """COUNTER-GROUPING's parts: copies of one footprint are together (0 m apart), also when the group
    holds copies but not the first one; different shapes are linked by their distance as before."""
    from shapely.geometry import box

    from standards.rules.grouping import neighbours, parts, shape_pairs

    base = [Counter(id=f"c{k}", geometry=box(x, 0, x + 1.6, 0.8)) for k, x in enumerate((0.0, 1.6, 10.0))]
    copies = [Counter(id=f"copy{i}", geometry=box(10.0, 0, 11.6, 0.8)) for i in range(40)]
    everyone = base + copies
    near = neighbours(everyone, 0.5)
    assert sorted(near["c0"]) == ["c1"] and "copy3" not in near.get("copy2", [])  # no n² pairs inside a stack
    group = copies[5:25] + [base[0]]
    got = parts(group, {}, 0.5, near)
    assert sorted(len(p) for p in got) == [1, 20]
    assert sorted(len(p) for p in parts(group, {}, 0.5)) == [1, 20]  # searched here: the same parts
    pairs, same = shape_pairs([c.geometry for c in everyone], 0.5)
    assert same is not None and same[3:].tolist() == [2] * 40 and pairs == [(0, 1)]
    # an adjacent different shape pairs with every copy
    near2 = neighbours(everyone + [Counter(id="next", geometry=box(11.6, 0, 13.2, 0.8))], 0.5)
    assert len(near2["next"]) == 41
