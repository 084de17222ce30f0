"""Service capacity: the peak queue per zone as an M/M/c queue, and the waiting seats and area it needs.

An analysis, not a rule: the Baoshan plan asks for orderly service and waiting seats but states no
figure for queues or waits.  With the visitors a day and the mean service time per window (the
context's, or the pack's stated assumption), each zone's windows are an M/M/c queue at the peak
hour; the seats are those for the queue length the peak stays within ``seat_quantile`` of the time.

>>> q = Queue(arrivals_per_h=30.0, service_per_h=5.0, windows=8)
>>> round(q.utilisation, 2), round(erlang_c(8, 6.0), 3), round(q.mean_wait_min, 1), q.queue_quantile(0.95)
(0.75, 0.357, 2.1, 6)
>>> windows_for(30.0, 5.0, target_wait_min=2.0)
9
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

from geometry.model import Counter, Plan, Zone, object_title
from standards.missing_names import missing_names
from standards.packs import Pack

NOT_SERVICE = ("waiting", "office", "self_service")  # zones whose counters (if any) are not service windows


def _poisson_pmf(k: int, a: float) -> float:
    return math.exp(k * math.log(a) - a - math.lgamma(k + 1))


def erlang_c(c: int, a: float) -> float:
    """Erlang C: the chance an arrival waits, for ``c`` servers and offered load ``a`` = λ/μ
    (1 when the servers cannot keep up).  Through the Poisson terms (in logs), so large ``c`` stays
    exact; the standard library's ``lgamma`` rather than scipy.stats, whose import alone takes longer
    than a whole check (the tests hold it to scipy.stats.poisson)."""
    if c <= 0 or a >= c:
        return 1.0
    if a <= 0:
        return 0.0
    top = _poisson_pmf(c, a) / (1.0 - a / c)
    below = math.fsum(_poisson_pmf(k, a) for k in range(c))
    return top / (below + top)


@dataclass(frozen=True)
class Queue:
    """An M/M/c queue: Poisson arrivals per hour, exponential service, ``windows`` servers."""

    arrivals_per_h: float
    service_per_h: float
    windows: int

    @property
    def load(self) -> float:
        return self.arrivals_per_h / self.service_per_h

    @property
    def utilisation(self) -> float:
        return self.load / self.windows if self.windows else math.inf

    @property
    def stable(self) -> bool:
        return self.windows > 0 and self.utilisation < 1.0

    @property
    def wait_probability(self) -> float:
        return erlang_c(self.windows, self.load)

    @property
    def mean_queue(self) -> float:
        """Mean number waiting (not being served); infinite when the windows cannot keep up."""
        if not self.stable:
            return math.inf
        rho = self.utilisation
        return self.wait_probability * rho / (1.0 - rho)

    @property
    def mean_wait_min(self) -> float:
        return math.inf if not self.stable else (self.mean_queue / self.arrivals_per_h * 60.0 if self.arrivals_per_h else 0.0)

    def queue_quantile(self, q: float) -> int | None:
        """The smallest k with P(more than k waiting) ≤ 1 − q; None when the queue has no bound.
        P(Lq > k) = C·ρ^(k+1) for an M/M/c queue."""
        if not self.stable:
            return None
        c, rho = self.wait_probability, self.utilisation
        if c <= 1.0 - q or rho <= 0.0:
            return 0
        return max(0, math.ceil(math.log((1.0 - q) / c) / math.log(rho) - 1.0 - 1e-9))


def windows_for(arrivals_per_h: float, service_per_h: float, target_wait_min: float) -> int:
    """The fewest windows that keep the mean wait within ``target_wait_min``."""
    c = max(1, math.floor(arrivals_per_h / service_per_h) + 1)
    while Queue(arrivals_per_h, service_per_h, c).mean_wait_min > target_wait_min:
        c += 1
    return c


@dataclass(frozen=True)
class ZoneLoad:
    """One zone's windows at the peak hour."""

    name_zh: str
    name_en: str
    zone_id: str | None
    queue: Queue
    seats: int | None  # for the queue not exceeded seat_quantile of the peak (None: no bound)

    def to_json(self) -> dict[str, Any]:
        q = self.queue
        return {"zone": {"zh": self.name_zh, "en": self.name_en}, "zone_id": self.zone_id, "windows": q.windows,
                "arrivals_per_h": round(q.arrivals_per_h, 3), "utilisation": round(q.utilisation, 4),
                "wait_probability": round(q.wait_probability, 4), "stable": q.stable,
                "mean_queue": round(q.mean_queue, 3) if q.stable else None,
                "mean_wait_min": round(q.mean_wait_min, 2) if q.stable else None, "seats": self.seats}


@dataclass(frozen=True)
class Capacity:
    """The analysis: its inputs, per-zone queues, and the plan's waiting seats and area against them."""

    missing: tuple[str, ...] = ()
    daily_visitors: int | None = None
    service_minutes: float | None = None
    service_from_pack: bool = False
    params: dict[str, float] = field(default_factory=dict)
    zones: tuple[ZoneLoad, ...] = ()
    windows_needed: int | None = None
    seats_planned: int | None = None  # the waiting areas' seats (None: no waiting area gives its seats)
    waiting_area_m2: float = 0.0

    @property
    def known(self) -> bool:
        return not self.missing

    @property
    def windows(self) -> int:
        return sum(z.queue.windows for z in self.zones)

    @property
    def seats_needed(self) -> int | None:
        if not self.zones or any(z.seats is None for z in self.zones):
            return None
        return sum(z.seats or 0 for z in self.zones)

    @property
    def area_needed_m2(self) -> float | None:
        n = self.seats_needed
        return None if n is None else n * self.params.get("m2_per_seat", 0.0)

    def assumption(self, lang: str = "zh") -> str:
        p = self.params
        if not p:
            return ""
        q = f"{p['seat_quantile'] * 100:g}"
        if lang == "en":
            return (f"assumption: peak-hour arrivals {p['peak_factor']:g} × the mean hourly rate over {p['opening_hours']:g} service hours a day, "
                    f"shared by the windows equally; {p['m2_per_seat']:g} m² per seat; seats for the queue not exceeded {q} % of the peak"
                    + (f"; {p['service_minutes']:g} min per visitor (the pack's assumption)" if self.service_from_pack else ""))
        return (f"工程假定:高峰小时到达为 {p['opening_hours']:g} 小时日均的 {p['peak_factor']:g} 倍,各窗口平均分担;每座 {p['m2_per_seat']:g} m²;"
                f"座位按高峰 {q}% 时间不超过的排队人数计" + (f";每人办理 {p['service_minutes']:g} 分钟(规则包假定)" if self.service_from_pack else ""))

    def summary(self, lang: str = "zh") -> str:
        """One or two sentences: what the queue needs against what the plan has, or what is missing."""
        en = lang == "en"
        if self.missing:
            what = missing_names(self.missing, lang)
            return f"Service capacity not estimated; missing: {what}" if en else f"未估算服务能力:缺少{what}"
        need, area = self.seats_needed, self.area_needed_m2
        unstable = [z for z in self.zones if not z.queue.stable]
        if unstable:
            names = ", ".join(z.name_en for z in unstable) if en else "、".join(z.name_zh for z in unstable)
            return (f"At the peak the windows cannot keep up ({names}): the queue grows all hour; "
                    f"{self.windows_needed} windows keep the mean wait within {self.params['target_wait_minutes']:g} min "
                    f"(the plan has {self.windows})" if en else
                    f"高峰时{names}的窗口办理不过来,排队持续增长;平均等候不超过 {self.params['target_wait_minutes']:g} 分钟需 "
                    f"{self.windows_needed} 个窗口(现有 {self.windows} 个)")
        assert need is not None and area is not None
        have = "unknown seats" if self.seats_planned is None else f"{self.seats_planned} seats"
        have_zh = "未注明" if self.seats_planned is None else f" {self.seats_planned} 座"
        if self.seats_planned is not None and self.seats_planned < need:
            have += f" ({need - self.seats_planned} short)"
            have_zh += f"(少 {need - self.seats_planned} 座)"
        return (f"Peak queue needs {need} waiting seats ({area:.1f} m²); the plan has {have} and {self.waiting_area_m2:.1f} m² of waiting area"
                if en else f"高峰排队需等候座位 {need} 座({area:.1f} m²);平面等候座位{have_zh},等候区 {self.waiting_area_m2:.1f} m²")

    def seats_short(self) -> bool | None:
        need = self.seats_needed
        if need is None or self.seats_planned is None:
            return None
        return self.seats_planned < need

    def area_short(self) -> bool | None:
        area = self.area_needed_m2
        return None if area is None else self.waiting_area_m2 + 1e-9 < area

    def to_json(self) -> dict[str, Any]:
        return {
            "missing": list(self.missing),
            "daily_visitors": self.daily_visitors,
            "service_minutes": self.service_minutes,
            "service_minutes_source": None if self.service_minutes is None else ("pack" if self.service_from_pack else "context"),
            "assumption": {"zh": self.assumption("zh"), "en": self.assumption("en")},
            "zones": [z.to_json() for z in self.zones],
            "windows": self.windows,
            "windows_needed": self.windows_needed,
            "seats_needed": self.seats_needed,
            "waiting_area_needed_m2": None if self.area_needed_m2 is None else round(self.area_needed_m2, 2),
            "seats_planned": self.seats_planned,
            "waiting_area_m2": round(self.waiting_area_m2, 2),
            "summary": {"zh": self.summary("zh"), "en": self.summary("en")},
        }


def _params(packs: Sequence[Pack]) -> dict[str, float] | None:
    for p in reversed(list(packs)):  # a later pack refines an earlier one, as for rules
        raw = p.analysis.get("capacity")
        if raw:
            return {k: float(v) for k, v in raw.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return None


def zone_windows(plan: Plan) -> list[tuple[Zone | None, list[Counter]]]:
    """Counters by the service zone they stand in (the smallest zone holding their centre); the
    rest together, under None."""
    zones = sorted((z for z in plan.zones if z.kind not in NOT_SERVICE), key=lambda z: z.geometry.area)
    groups: dict[str | None, list[Counter]] = {}
    for c in plan.counters:
        cen = c.geometry.centroid
        z = next((z for z in zones if z.geometry.covers(cen)), None)
        groups.setdefault(None if z is None else z.id, []).append(c)
    by_id = {z.id: z for z in zones}
    return [(by_id.get(k) if k is not None else None, cs) for k, cs in groups.items()]


def capacity(plan: Plan, packs: Sequence[Pack]) -> Capacity:
    """The service-capacity analysis of ``plan`` with the assumptions of ``packs``."""
    ctx = plan.context
    params = _params(packs)
    missing: list[str] = []
    if params is None:
        missing.append("capacity_assumptions")
        params = {}
    if ctx.daily_visitors is None:
        missing.append("daily_visitors")
    minutes = ctx.service_minutes if ctx.service_minutes is not None else params.get("service_minutes")
    if minutes is None:
        missing.append("service_minutes")
    if not plan.counters:
        missing.append("counters")
    waits = plan.zones_of("waiting")
    seats = [z.seats for z in waits]
    planned = sum(s for s in seats if s is not None) if any(s is not None for s in seats) else None
    area = float(sum(z.geometry.area for z in waits))
    if missing:
        return Capacity(tuple(missing), ctx.daily_visitors, minutes, ctx.service_minutes is None and minutes is not None,
                        params, seats_planned=planned, waiting_area_m2=area)
    assert ctx.daily_visitors is not None and minutes is not None
    params = {**params, "service_minutes": float(minutes)}
    hours = params.get("opening_hours", 8.0)
    lam = ctx.daily_visitors / hours * params.get("peak_factor", 1.0)  # peak-hour arrivals, the whole hall
    mu = 60.0 / float(minutes)
    total = len(plan.counters)
    quantile = params.get("seat_quantile", 0.95)
    loads: list[ZoneLoad] = []
    for zone, cs in zone_windows(plan):
        q = Queue(lam * len(cs) / total, mu, len(cs))
        zh, en = object_title(zone) if zone is not None else ("其他窗口", "Other windows")
        loads.append(ZoneLoad(zh, en, None if zone is None else zone.id, q, q.queue_quantile(quantile)))
    loads.sort(key=lambda z: (z.zone_id is None, z.name_zh))
    need = windows_for(lam, mu, params.get("target_wait_minutes", 15.0)) if lam > 0 else 0
    return Capacity((), ctx.daily_visitors, float(minutes), ctx.service_minutes is None, params, tuple(loads), need, planned, area)
