"""One failure, one finding: a defect another rule already reports is linked to it, not counted again."""

from __future__ import annotations

import dataclasses

import pytest

from geometry.model import Counter
from geometry.synthetic import sample_plan
from standards.engine import check
from standards.finding import Finding, Status


def _counted(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule and f.status in (Status.FAIL, Status.WARN, Status.UNKNOWN)]


def _linked(findings: list[Finding], rule: str, to: str) -> Finding:
    (f,) = [f for f in findings if f.rule == rule]
    assert f.status == Status.NOT_APPLICABLE and f.related == (to,), f
    return f


def test_missing_special_population_facility_is_one_finding() -> None:
    p = sample_plan("county")
    p = p.without([o.id for o in p.objects if getattr(o, "kind", "") == "special_population"])
    fs = check(p).findings
    assert len(_counted(fs, "SPECIAL-ACCESS")) == 1 and not _counted(fs, "SPECIAL-NEAR-ENTRANCE")
    f = _linked(fs, "SPECIAL-NEAR-ENTRANCE", "SPECIAL-ACCESS")
    assert "已在“" in f.message_zh and "reported once under" in f.message_en and "SPECIAL-ACCESS" not in f.message_zh


def test_special_population_zone_far_from_every_entrance_is_one_finding() -> None:
    fs = check(sample_plan("park", False)).findings
    assert [f.status for f in _counted(fs, "SPECIAL-ACCESS")] == [Status.FAIL]
    assert not _counted(fs, "SPECIAL-NEAR-ENTRANCE")
    _linked(fs, "SPECIAL-NEAR-ENTRANCE", "SPECIAL-ACCESS")


def test_missing_consultation_desk_is_one_finding() -> None:
    p = sample_plan("city")
    fs = check(p.without([d.id for d in p.consult_desks])).findings
    assert [f.status for f in _counted(fs, "CONSULT")] == [Status.FAIL]
    assert not [f for f in fs if f.rule == "LOW-COUNTER" and "咨询" in f.message_zh and f.status != Status.PASS]
    _linked(fs, "CONSULT-VISIBLE", "CONSULT")


def test_missing_accessible_counter_is_one_finding() -> None:
    p = sample_plan("county")
    p = dataclasses.replace(p, objects=tuple(dataclasses.replace(o, accessible=False) if isinstance(o, Counter) else o
                                             for o in p.objects))
    fs = check(p).findings
    assert any(f.status == Status.FAIL for f in _counted(fs, "LOW-COUNTER"))
    turning = [f for f in fs if f.rule == "TURNING-CIRCLE" and f.related]
    assert len(turning) == 1 and turning[0].related == ("LOW-COUNTER",) and turning[0].status == Status.NOT_APPLICABLE


@pytest.mark.parametrize("kind", ["cctv", "alarm"])
def test_missing_entrance_device_is_one_finding(kind: str) -> None:
    p = sample_plan("city")
    fs = check(p.without([f.id for f in p.facilities_of(kind)])).findings
    assert len([f for f in _counted(fs, "FACILITIES")]) == 1
    assert not _counted(fs, "CCTV-ENTRANCE")
    assert [f.related for f in fs if f.rule == "CCTV-ENTRANCE" and f.status == Status.NOT_APPLICABLE] == [("FACILITIES",)]


def test_a_walk_within_its_limit_still_passes_when_the_straight_line_check_fails() -> None:
    from shapely.geometry import LineString, box

    from geometry.model import Context, Entrance, Plan, Zone

    # 16 m from the door in a straight line (SPECIAL-ACCESS: ≤ 15 m fails), a walk of about 16 m (≤ 20 m passes)
    p = Plan(context=Context(level="county", population=300000), hall=box(0, 0, 40, 30), objects=(
        Entrance(id="door", geometry=LineString([(1, 0), (3, 0)]), main=True),
        Zone(id="sp", kind="special_population", geometry=box(18, 0.5, 22, 4))))
    fs = check(p).findings
    assert [f.status for f in fs if f.rule == "SPECIAL-ACCESS"] == [Status.FAIL]
    assert [f.status for f in fs if f.rule == "SPECIAL-NEAR-ENTRANCE"] == [Status.PASS]
