from __future__ import annotations

import pytest
from shapely import affinity
from shapely.geometry import box

from geometry.model import Context, Counter, Plan
from standards.colors import is_dark
from standards.finding import Severity, Status
from tests.standards.helpers import one, run


def plan_with(*counters: Counter, level: str = "county") -> Plan:
    return Plan(context=Context(level=level, population=600_000), hall=box(0, 0, 50, 40), objects=counters)


def counter(depth: float = 0.8, angle: float = 0.0, **kw) -> Counter:  # type: ignore[no-untyped-def]
    g = affinity.rotate(box(10, 10, 11.6, 10 + depth), angle, origin=(10, 10))
    base = dict(height_m=0.8, color="#333333", sign_zh="税务", sign_en="Taxation")
    base.update(kw)
    return Counter(id=kw.pop("id", "c1"), geometry=g, **{k: v for k, v in base.items() if k != "id"})


@pytest.mark.parametrize("depth, status", [(0.749, Status.FAIL), (0.75, Status.PASS), (0.80, Status.PASS), (0.90, Status.PASS),
                                           (0.901, Status.FAIL), (1.2, Status.FAIL)])
@pytest.mark.parametrize("angle", [0.0, 37.0, 90.0, 211.5])
def test_counter_width_inclusive_whatever_the_rotation(depth: float, status: Status, angle: float) -> None:
    f = one(plan_with(counter(depth, angle)), "COUNTER-WIDTH")
    assert f.status == status and f.severity == Severity.ERROR
    assert f.measured == pytest.approx(depth, abs=1e-6)
    assert f.object_ids == ("c1",) and f.location is not None


@pytest.mark.parametrize("h, status", [(0.74, Status.WARN), (0.75, Status.PASS), (0.80, Status.PASS), (0.85, Status.PASS),
                                       (0.86, Status.WARN), (None, Status.UNKNOWN)])
def test_counter_height_about_80cm_is_a_warning(h: float | None, status: Status) -> None:
    f = one(plan_with(counter(height_m=h)), "COUNTER-HEIGHT")
    assert f.status == status and f.severity == Severity.WARNING
    if h is None:
        assert f.missing == ("height_m",)


def test_low_accessible_counter_is_not_held_to_80cm() -> None:
    f = one(plan_with(counter(height_m=0.72, accessible=True)), "COUNTER-HEIGHT")
    assert f.status == Status.NOT_APPLICABLE


@pytest.mark.parametrize("color, status", [("#3B2A20", Status.PASS), ("深灰色", Status.PASS), ("black", Status.PASS),
                                           ("rgb(40, 40, 60)", Status.PASS), ("white", Status.FAIL), ("#F5F5DC", Status.FAIL),
                                           ("浅木色", Status.FAIL), (None, Status.UNKNOWN), ("星空", Status.UNKNOWN)])
def test_counter_colour_dark(color: str | None, status: Status) -> None:
    assert one(plan_with(counter(color=color)), "COUNTER-COLOR").status == status


def test_is_dark_by_luminance() -> None:
    assert is_dark("#777777") is False and is_dark("#404040") is True and is_dark("") is None


def test_counter_sign_bilingual_for_county_but_not_township() -> None:
    assert one(plan_with(counter(sign_en=None)), "COUNTER-SIGN").status == Status.UNKNOWN
    assert one(plan_with(counter(sign_en="")), "COUNTER-SIGN").status == Status.FAIL
    assert one(plan_with(counter(sign_en=None), level="township"), "COUNTER-SIGN").status == Status.PASS
    assert one(plan_with(counter(sign_zh=""), level="township"), "COUNTER-SIGN").status == Status.FAIL


def test_one_finding_per_counter() -> None:
    p = plan_with(counter(id="a"), Counter(id="b", geometry=box(20, 20, 21.6, 21.0), height_m=0.8, color="black"))
    fs = run(p, "COUNTER-WIDTH")
    assert [f.object_ids for f in fs] == [("a",), ("b",)]
    assert [f.status for f in fs] == [Status.PASS, Status.FAIL]


def test_counter_rules_do_not_apply_to_village() -> None:
    assert one(plan_with(counter(), level="village"), "COUNTER-WIDTH").status == Status.NOT_APPLICABLE


def test_no_counters_is_unknown_not_pass() -> None:
    assert one(plan_with(), "COUNTER-WIDTH").status == Status.UNKNOWN
