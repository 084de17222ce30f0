"""One descriptor per object kind (geometry.kinds): every table that names, orders or maps kinds agrees with it."""

from __future__ import annotations

from shapely.geometry import LineString, Point, box

from geometry.commands import describe
from geometry.dxf.layermap import load_layer_map
from geometry.kinds import KINDS, draw_order, kind_for_role, layer_of, pick_rank, writer_layers
from geometry.model import KIND_NAMES, OBJECT_TYPES, Counter, Entrance, Facility, Plan, Zone, check_object
from geometry.snap import objects_at


def test_every_object_type_has_a_descriptor_and_every_kind_a_place() -> None:
    assert set(OBJECT_TYPES) <= set(KINDS)
    assert {k for k in KINDS if KINDS[k].single} >= {"hall", "building"}
    assert len({k.draw for k in KINDS.values()}) == len(KINDS)  # a strict drawing order
    picks = [k.pick for k in KINDS.values() if k.pick is not None]
    assert len(set(picks)) == len(picks)
    for code, (zh, en) in KIND_NAMES.items():
        assert (zh, en) == (KINDS[code].zh, KINDS[code].en)


def test_the_default_layer_map_reads_back_every_layer_the_writer_uses() -> None:
    lm = load_layer_map()
    for k in KINDS.values():
        assert lm.layer_role(k.layer) in k.roles, k.layer
        for sub, layer in k.sublayers.items():
            assert lm.layer_role(layer) == sub
            assert layer_of(k.code, sub) == layer
            assert kind_for_role(sub) is k
    assert set(writer_layers()) >= {k.layer for k in KINDS.values()}
    from geometry.dxf.layermap import LAYER_ROLES

    assert {r for k in KINDS.values() for r in k.roles} <= set(LAYER_ROLES) and len(set(LAYER_ROLES)) == len(LAYER_ROLES)
    assert LAYER_ROLES[-2:] == ("room", "ignore") and LAYER_ROLES.index("counter") < LAYER_ROLES.index("window")


def test_a_click_picks_by_the_kinds_pick_order_and_the_history_names_by_their_words() -> None:
    p = Plan(hall=box(0, 0, 10, 8), objects=(
        Zone(id="z", geometry=box(0, 0, 5, 5)), Counter(id="c", geometry=box(1, 1, 2.6, 1.8)),
        Facility(id="f", geometry=Point(1.5, 1.5), kind="toilet"), Entrance(id="e", geometry=LineString([(1, 1.5), (2, 1.5)]))))
    hits = objects_at(p, 1.5, 1.5, 0.1)
    assert hits == sorted(hits, key=lambda i: pick_rank(p.get(i).KIND if i in p else "hall"))
    assert hits[0] == "f" and hits[-1] == "hall"
    assert [k.code for k in draw_order()][-1] == "facility"  # drawn on top, picked first
    assert describe([p.get("c"), p.get("c")]) == ("2 个服务台", "2 counters")
    assert describe([p.get("e")]) == ("出入口", "entrance")


def test_geometry_types_come_from_the_descriptor() -> None:
    import pytest

    with pytest.raises(ValueError) as err:
        check_object(Facility(id="f", geometry=box(0, 0, 1, 1)))
    assert err.value.en == "Facility must be a point, not a polygon"  # type: ignore[attr-defined]


def test_tagging_makes_any_outline_kind_from_its_role() -> None:
    import pytest

    from geometry.model import Obstacle, Ramp
    from geometry.tagging import tag

    p = Plan(hall=box(0, 0, 20, 10))
    poly = box(1, 1, 3, 2)
    assert isinstance(tag(p, poly, "ramp").new[0], Ramp)
    col = tag(p, poly, "column").new[0]
    assert isinstance(col, Obstacle) and col.kind == "column"
    z = tag(p, poly, "waiting").new[0]
    assert isinstance(z, Zone) and z.kind == "waiting" and z.id == "zone-1"
    hall = tag(p, box(0, 0, 30, 30), "hall")
    assert hall.do(p).hall.area == 900.0 and len(hall.do(p).of_type(type(p.get("hall")))) == 1
    assert type(tag(p, poly, "room").new[0]).__name__ == "Room"  # rooms: their own kind (geometry/dxf/room_areas)
    for bad in ("facility", "nonsense"):
        with pytest.raises(ValueError):
            tag(p, poly, bad)


def test_the_writer_puts_each_object_once_on_its_kinds_layer() -> None:
    from collections import Counter as Tally

    from geometry.dxf.writer import build_document
    from geometry.synthetic import sample_plan

    p = sample_plan("county")
    layers = Tally(e.dxf.layer for e in build_document(p).modelspace() if e.has_xdata("HALLPLAN"))
    assert layers["HP-HALL"] == 1 and layers["HP-BUILDING"] == (1 if p.building is not None else 0)
    assert layers["HP-COUNTER"] == len(p.counters) and layers["HP-ZONE"] == len(p.zones)
