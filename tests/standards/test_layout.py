"""Layout proposals (issue 15): each bundled sample with its contents removed, and halls of unusual
shape, get a layout on which the check reports no failure the layout could avoid, in under 5 s; a
hall too small for its grade gets the "cannot" answer with the shortfall."""

from __future__ import annotations

import time

import pytest
from shapely.geometry import LineString, box

import assets
from geometry.model import Context, Counter, Entrance, Plan
from geometry.project import load_plan, plan_to_json
from geometry.synthetic import UNUSUAL_SHAPES, unusual_hall
from standards.engine import check
from standards.finding import Status
from standards.layout import ALTERNATIVES, propose, stripped

LEVELS = ("city", "county", "park", "township", "village")


def _sample(name: str) -> Plan:
    return load_plan(assets.path("samples", f"{name}.hallplan"))


def _fails(plan: Plan) -> list[str]:
    return [f"{f.rule}: {f.message_zh}" for f in check(plan).findings if f.status == Status.FAIL]


@pytest.mark.parametrize("level", LEVELS)
def test_compliant_sample_outline_gets_a_passing_layout(level: str) -> None:
    empty = stripped(_sample(f"{level}-compliant"))
    assert not empty.counters and not empty.zones and not empty.facilities  # the contents are gone
    t0 = time.perf_counter()
    answer = propose(empty, alternatives=1)  # the first alternative (along the back wall) on its own
    seconds = time.perf_counter() - t0
    best = answer.best
    assert not answer.cannot and not best.fails, best.fails
    assert _fails(best.plan) == []  # the check of the written plan says the same
    assert seconds / len(answer.proposals) < 5.0
    n = answer.needs
    assert len(best.plan.counters) == n.counters
    assert sum(1 for c in best.plan.counters if c.accessible and c.height_m is not None and c.height_m <= 0.85) == 1
    # what the packs ask at the level is on the plan
    kinds = {f.kind for f in best.plan.facilities}
    assert set(n.facilities) <= kinds
    zones = {z.kind for z in best.plan.zones}
    assert {k for k, _ in n.zone_groups} <= zones
    if level in ("city", "county", "park"):
        assert {"waiting", "special_population", "self_service"} <= zones and best.plan.consult_desks
    if level == "village":
        assert {"telephone", "computer", "notice_board", "printer", "fax"} <= kinds
    if level in ("city", "county", "park"):  # drawn accessible routes: to the low counter and to the accessible toilet
        labels = sorted(r.label for r in best.plan.routes)
        assert labels == ["无障碍通道(至低位服务台)", "无障碍通道(至无障碍卫生间)"]
        assert all(r.width_m is not None and r.width_m >= 1.2 for r in best.plan.routes)


@pytest.mark.parametrize("level", LEVELS)
def test_violating_sample_too_small_gets_cannot_with_the_shortfall(level: str) -> None:
    answer = propose(stripped(_sample(f"{level}-violations")), alternatives=1)
    assert answer.cannot
    area = next(zh for zh, _ in answer.reasons if "服务大厅面积不足" in zh)
    f = next(f for f in answer.best.fails if f.rule == "AREA")
    need = f.extra["bands"][f"grade{f.extra['target_grade']}"]
    assert f"需 ≥ {need:g} m²" in area and f"差 {need - f.measured:.1f} m²" in area
    assert answer.best.plan.counters  # the best partial layout is still proposed
    assert not answer.best.layout_fails, answer.best.layout_fails  # its failures are the outline's and the context's


def test_city_violations_shortfall_in_words() -> None:
    answer = propose(_sample("city-violations"), alternatives=1)
    zh, en = answer.reasons[0]
    assert zh == "服务大厅面积不足:需 ≥ 3000 m²,现 2419.2 m²,差 580.8 m²"
    assert en == "The hall is too small: needs ≥ 3000 m², has 2419.2 m², short by 580.8 m²"
    assert {f.rule for f in answer.other_fails} == {"PARKING", "NAME"}


@pytest.mark.parametrize("shape", UNUSUAL_SHAPES)
def test_unusual_halls_get_a_passing_layout(shape: str) -> None:
    hall = unusual_hall(shape)
    t0 = time.perf_counter()
    answer = propose(hall, alternatives=1)
    seconds = time.perf_counter() - t0
    assert not answer.cannot and not answer.best.fails, [f.message_zh for f in answer.best.fails]
    assert seconds / len(answer.proposals) < 5.0
    plan = answer.best.plan
    for c in plan.counters:  # everything stands in the hall, clear of the columns
        assert plan.hall is not None and plan.hall.buffer(1e-6).covers(c.geometry)
        assert not any(o.geometry.intersects(c.geometry) for o in plan.obstacles)


def test_alternatives_are_distinct_ranked_and_scored() -> None:
    answer = propose(stripped(_sample("county-compliant")), alternatives=3)
    names = [p.alternative for p in answer.proposals]
    assert sorted(names) == sorted(ALTERNATIVES)
    layouts = {tuple(sorted(c.geometry.bounds for c in p.plan.counters)) for p in answer.proposals}
    assert len(layouts) == 3
    keys = [(len(p.layout_fails), len(p.fails), -p.score) for p in answer.proposals]
    assert keys == sorted(keys)
    for p in answer.proposals:
        assert 0 <= p.score <= 100 and p.walk_m is not None and p.walk_m > 0 and p.visible is not None
        assert p.density == pytest.approx(100 * 24 / 2112, abs=0.01)


def test_island_and_l_shapes_are_what_they_say() -> None:
    answer = propose(stripped(_sample("park-compliant")), alternatives=3)
    by = {p.alternative: p.plan for p in answer.proposals}
    fronts = lambda plan: {round(c.front or 0) for c in plan.counters}  # noqa: E731
    assert fronts(by["back"]) == {270}  # all face the entrance
    assert fronts(by["island"]) == {90, 270}  # back to back
    assert len(fronts(by["L"])) == 2 and 270 in fronts(by["L"])  # along the back wall and one side wall


def test_deterministic() -> None:
    a = propose(unusual_hall("bulged"), alternatives=2)
    b = propose(unusual_hall("bulged"), alternatives=2)
    assert [plan_to_json(p.plan) for p in a.proposals] == [plan_to_json(p.plan) for p in b.proposals]


def test_turned_hall_is_laid_out_the_same_way() -> None:
    """A hall whose main entrance is in its east wall: the rows turn with it."""
    hall = box(0, 0, 36, 48)  # entrance on the east side: the hall lies towards -x
    plan = Plan(context=Context(level="park", population=120_000, target_grade=2, sprinklers=True), hall=hall,
                objects=(Entrance(id="e", geometry=LineString([(36, 22.5), (36, 25.5)]), main=True, accessible=True),
                         Entrance(id="w", geometry=LineString([(0, 10), (0, 11.8)])),
                         Entrance(id="n", geometry=LineString([(10, 48), (11.8, 48)]))))
    answer = propose(plan, alternatives=1)
    assert not answer.best.layout_fails, [f.message_zh for f in answer.best.layout_fails]
    assert {round(c.front or 0) for c in answer.best.plan.counters} == {0}  # customers face east, to the entrance
    assert max(c.geometry.centroid.x for c in answer.best.plan.counters) < 18  # the rows stand at the far (west) side


def test_user_sets_the_window_count() -> None:
    answer = propose(stripped(_sample("county-compliant")), alternatives=1, counters=12)
    assert len(answer.best.plan.counters) == 12 and not answer.best.fails


def test_too_many_windows_is_cannot_with_the_count() -> None:
    answer = propose(stripped(_sample("township-compliant")), alternatives=1, counters=60)
    assert answer.cannot
    assert any(zh.startswith("只能放下") and "需 60 个" in zh for zh, _ in answer.reasons)
    placed = len(answer.best.plan.counters)
    assert 0 < placed < 60


def test_refuses_without_hall_or_level() -> None:
    from geometry.invalid import InvalidPlan

    with pytest.raises(InvalidPlan):
        propose(Plan(context=Context(level="county")))
    with pytest.raises(InvalidPlan):
        propose(Plan(hall=box(0, 0, 10, 10)))


def test_contents_are_replaced_not_added() -> None:
    sample = _sample("county-compliant")
    answer = propose(sample, alternatives=1)
    old = {c.id for c in sample.counters}
    new = answer.best.plan.counters
    assert len(new) == answer.needs.counters
    assert all(isinstance(c, Counter) for c in new)
    assert {e.id for e in answer.best.plan.entrances} == {e.id for e in sample.entrances}
    assert {o.id for o in answer.best.plan.obstacles} == {o.id for o in sample.obstacles}
    assert old  # the sample had counters: they are gone, the proposal's stand in their place


def test_outline_with_one_exit_is_cannot_naming_the_exits() -> None:
    """A 2,400 m² hall with a single door: no layout gives it the second exit GB 50016 asks for."""
    plan = Plan(context=Context(level="county", population=935_000, target_grade=2, sprinklers=True), hall=box(0, 0, 60, 40),
                objects=(Entrance(id="e", geometry=LineString([(28.5, 0), (31.5, 0)]), main=True, accessible=True),))
    answer = propose(plan, alternatives=1)
    assert answer.cannot
    exit_fails = [f for f in answer.best.fails if f.rule == "EXIT-REACH"]
    assert exit_fails and not answer.best.layout_fails
    assert any(zh == f.message_zh for zh, _ in answer.reasons for f in exit_fails)
    assert not any(f.rule == "EXIT-REACH" for f in answer.other_fails)
