from __future__ import annotations

import pytest
from shapely.geometry import box

from geometry.commands import (ReplaceObjects, SetChecklist, SetContext, SetHall, add_objects, edit, merge,
                               move, rotate, scale)
from geometry.model import Context, Counter, Plan
from geometry.synthetic import sample_plan


def test_every_command_undoes_exactly() -> None:
    p0 = sample_plan("township")
    ids = [c.id for c in p0.counters[:3]]
    cmds = [
        lambda p: move(p, ids, 0.1, 0.3),
        lambda p: rotate(p, ids, 33.0, (5.0, 5.0)),
        lambda p: scale(p, ids[:1], 1.2, 0.9, (0.0, 0.0)),
        lambda p: edit(p, ids[0], height_m=0.95, color="white"),
        lambda p: ReplaceObjects.removing(p, [ids[1]]),
        lambda p: add_objects(p, [Counter(id="new-1", geometry=box(1, 1, 2.6, 1.8))]),
        lambda p: SetHall(p.hall, box(0, 0, 5, 5)),
        lambda p: SetContext(p.context, Context(level="village")),
        lambda p: SetChecklist("traffic_signs", p.checklist.get("traffic_signs"), False),
    ]
    history = []
    p = p0
    for make in cmds:
        c = make(p)
        history.append((c, p))
        p = c.do(p)
    for c, before in reversed(history):
        p = c.undo(p)
        assert p == before
    assert p == p0


def test_delete_then_undo_restores_order() -> None:
    p0 = sample_plan("village")
    mid = p0.objects[len(p0.objects) // 2].id
    c = ReplaceObjects.removing(p0, [mid])
    assert mid not in c.do(p0)
    assert c.undo(c.do(p0)).objects == p0.objects


def test_drag_merges_into_one_step() -> None:
    p0 = Plan().with_object(Counter(id="c", geometry=box(0, 0, 1.6, 0.8)))
    c1 = move(p0, ["c"], 1, 0)
    p1 = c1.do(p0)
    c2 = move(p1, ["c"], 0, 2)
    p2 = c2.do(p1)
    m = merge(c1, c2)
    assert m is not None
    assert m.do(p0) == p2 and m.undo(p2) == p0


def test_rotate_keeps_counter_front_in_step() -> None:
    p0 = Plan().with_object(Counter(id="c", geometry=box(0, 0, 1.6, 0.8), front=270.0))
    p1 = rotate(p0, ["c"], 90, (0, 0)).do(p0)
    assert p1.get("c").front == 0.0


def test_commands_refuse_bad_edits() -> None:
    p0 = Plan().with_object(Counter(id="c", geometry=box(0, 0, 1.6, 0.8)))
    with pytest.raises(KeyError):
        move(p0, ["missing"], 1, 1)
    with pytest.raises(ValueError):
        add_objects(p0, [Counter(id="c", geometry=box(0, 0, 1, 1))])
    added = add_objects(p0, [Counter(id="d", geometry=box(0, 0, 1, 1))])
    assert added.undo(added.do(p0)) == p0
