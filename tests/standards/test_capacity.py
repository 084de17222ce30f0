"""Service capacity: Erlang C against scipy's Poisson terms and textbook values, the per-zone
analysis on the county sample, what it says when inputs are missing, and the context fields."""

from __future__ import annotations

import json
import math

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import poisson

import assets
from geometry.project import plan_from_json, plan_to_json
from geometry.synthetic import sample_plan
from standards.capacity import Queue, capacity, erlang_c, windows_for
from standards.engine import check, resolve_packs

SCHEMA = json.loads(assets.path("schema", "hallplan.report-1.schema.json").read_text(encoding="utf-8"))


@settings(max_examples=60, deadline=None)
@given(c=st.integers(1, 400), frac=st.floats(0.01, 0.995))
def test_erlang_c_matches_scipy_poisson(c: int, frac: float) -> None:
    a = c * frac
    top = poisson.pmf(c, a) / (1 - a / c)
    assert math.isclose(erlang_c(c, a), top / (poisson.cdf(c - 1, a) + top), rel_tol=1e-9, abs_tol=1e-12)


def test_textbook_values() -> None:
    assert math.isclose(erlang_c(2, 1.0), 1 / 3)
    q = Queue(arrivals_per_h=4.0, service_per_h=5.0, windows=1)  # M/M/1: Wq = ρ / (μ − λ)
    assert math.isclose(q.wait_probability, 0.8) and math.isclose(q.mean_wait_min, 0.8 / (5 - 4) * 60)
    assert not Queue(10.0, 5.0, 2).stable and Queue(10.0, 5.0, 2).queue_quantile(0.95) is None
    assert erlang_c(3, 3.0) == 1.0 and erlang_c(3, 0.0) == 0.0


@given(c=st.integers(1, 60), frac=st.floats(0.05, 0.98), q=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_seat_quantile_is_the_smallest_k(c: int, frac: float, q: float) -> None:
    queue = Queue(c * frac * 5.0, 5.0, c)
    k = queue.queue_quantile(q)
    assert k is not None
    over = lambda n: queue.wait_probability * queue.utilisation ** (n + 1)  # noqa: E731  P(more than n waiting)
    assert over(k) <= 1 - q + 1e-12
    assert k == 0 or over(k - 1) > 1 - q


def test_windows_for_keeps_the_wait() -> None:
    n = windows_for(112.5, 5.0, 15.0)
    assert Queue(112.5, 5.0, n).mean_wait_min <= 15.0 < Queue(112.5, 5.0, n - 1).mean_wait_min


def test_missing_inputs_are_named() -> None:
    report = check(sample_plan("county"))
    cap = report.measures["capacity"]
    assert cap["missing"] == ["daily_visitors"] and cap["zones"] == [] and cap["seats_needed"] is None
    assert cap["summary"]["zh"] == "未估算服务能力:缺少日均办事人次"
    assert cap["summary"]["en"] == "Service capacity not estimated; missing: the daily visitors"
    only_national = capacity(sample_plan("county").with_context(daily_visitors=400), resolve_packs(["national-figures"]))
    assert only_national.missing == ("capacity_assumptions", "service_minutes")


def test_county_peak_queue_per_zone() -> None:
    plan = sample_plan("county").with_context(daily_visitors=400)
    report = check(plan)
    jsonschema.validate(report.to_json(), SCHEMA)
    cap = report.measures["capacity"]
    assert cap["service_minutes"] == 12.0 and cap["service_minutes_source"] == "pack"
    assert [z["windows"] for z in cap["zones"]] == [6, 6, 6, 6]
    lam = 400 / 8 * 1.5 / 4  # peak-hour arrivals per zone, equal shares
    z = cap["zones"][0]
    assert math.isclose(z["arrivals_per_h"], lam) and math.isclose(z["utilisation"], lam / 5 / 6, rel_tol=1e-4)
    per_zone = Queue(lam, 5.0, 6).queue_quantile(0.95)
    assert cap["seats_needed"] == 4 * per_zone and cap["waiting_area_needed_m2"] == 1.5 * 4 * per_zone
    assert cap["seats_planned"] == sum(w.seats or 0 for w in plan.zones_of("waiting"))
    assert f"{cap['seats_needed']} 座" in cap["summary"]["zh"]
    # the context's service time wins over the pack's assumption
    slow = check(plan.with_context(service_minutes=30.0)).measures["capacity"]
    assert slow["service_minutes_source"] == "context" and slow["windows_needed"] > slow["windows"]
    assert "cannot keep up" in slow["summary"]["en"] and slow["seats_needed"] is None


def test_context_fields_round_trip_and_old_files_stay_as_they_were() -> None:
    plan = sample_plan("county")
    assert "daily_visitors" not in plan_to_json(plan)
    given_ = plan.with_context(daily_visitors=350, service_minutes=9.5)
    back = plan_from_json(plan_to_json(given_))
    assert back.context.daily_visitors == 350 and back.context.service_minutes == 9.5
