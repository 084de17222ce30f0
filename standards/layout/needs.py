"""What a layout must hold at the plan's level, read from the rule packs (never from code): the
service zones, the windows, the facilities, the waiting area per window, the village's items.

>>> from geometry.model import Context, Plan
>>> from shapely.geometry import box
>>> n = needs_for(Plan(context=Context(level="township", population=62000), hall=box(0, 0, 20, 16)))
>>> n.counters, [s[0] for s in n.services][:2], n.waiting_m2_per_counter
(6, ['人口计生', '社会保障'], 3.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from geometry.model import Plan
from geometry.synthetic import SERVICES
from standards.engine import resolve_packs
from standards.packs import Pack
from standards.registry import RuleSpec

BIG_LEVELS = ("city", "county", "park")
M2_PER_WINDOW_DEFAULT = 90.0  # hall area per window when the user sets no count (a generous hall: WINDOW-DENSITY's band is a floor)


@dataclass(frozen=True)
class Needs:
    """What to place.  ``zone_groups``: (zone kind, number of windows) in placing order; empty when the
    level draws no service zones (its windows then stand in one row)."""

    level: str
    counters: int
    zone_groups: tuple[tuple[str, int], ...]
    services: tuple[tuple[str, str], ...]  # one (zh, en) per window, in placing order
    waiting_m2_per_counter: float
    facilities: tuple[str, ...]  # facility kinds the packs require at this level
    consult: bool
    special_zone: bool
    self_service: bool
    stairs: bool
    lift: bool
    village_items: tuple[str, ...]  # facility kinds the village items are shown by
    extinguisher_walk_m: float
    counters_basis: str = "user"  # "user" (set), "pack" (the windows it names), "one" (a village counter), "area" (assumed per m²)


def counters_basis(needs: Needs) -> tuple[str, str]:
    """Where the number of windows comes from, as said to the user (zh, en).

    >>> from geometry.model import Context, Plan
    >>> from shapely.geometry import box
    >>> counters_basis(needs_for(Plan(context=Context(level="park"), hall=box(0, 0, 40, 36))))[1]
    'the pack sets no count: one per 90 m² assumed (set it with --counters)'
    """
    return {"pack": ("规则包所列窗口", "the windows the pack lists"), "one": ("一个开放式服务台", "one open counter"),
            "area": (f"规则包未定窗口数:按每 {M2_PER_WINDOW_DEFAULT:g} m² 一个估计,为工程假定,可用 --counters 指定",
                     f"the pack sets no count: one per {M2_PER_WINDOW_DEFAULT:g} m² assumed (set it with --counters)"),
            }.get(needs.counters_basis, ("按指定", "as set"))


def _specs(packs: Sequence[Pack]) -> dict[str, RuleSpec]:
    specs: dict[str, RuleSpec] = {}
    for p in packs:
        specs.update(p.rules)
    return specs


def _applies(specs: dict[str, RuleSpec], code: str, level: str) -> bool:
    s = specs.get(code)
    return s is not None and (s.levels is None or level in s.levels)


def needs_for(plan: Plan, counters: int | None = None, packs: Sequence[str | Pack] | None = None) -> Needs:
    """The needs of ``plan``'s level (its context must name one) under its packs (or ``packs``)."""
    level = plan.context.level or "county"
    specs = _specs(resolve_packs(packs if packs is not None else plan.context.packs))
    area = plan.hall.area if plan.hall is not None else 0.0
    zones: list[str] = []
    if _applies(specs, "ZONES", level):
        zones = [str(k) for k in specs["ZONES"].params.get("required", [])]
    windows: list[tuple[str, str]] = []
    if _applies(specs, "TOWNSHIP-WINDOWS", level):
        windows = [(str(w["zh"]), str(w["en"])) for w in specs["TOWNSHIP-WINDOWS"].params.get("windows", {}).values()]
    basis = "user"
    if counters is None:
        if windows:
            counters, basis = len(windows), "pack"
        elif level == "village":
            counters, basis = 1, "one"
        else:
            basis = "area"
            counters = max(2 * max(1, len(zones)), int(round(area / M2_PER_WINDOW_DEFAULT / max(1, len(zones)))) * max(1, len(zones)))
    counters = max(1, counters)
    groups: list[tuple[str, int]] = []
    services: list[tuple[str, str]] = []
    if zones:
        per = [counters // len(zones) + (1 if i < counters % len(zones) else 0) for i in range(len(zones))]
        for kind, n in zip(zones, per):
            groups.append((kind, n))
            names = SERVICES.get(kind, [("综合窗口", "General window")])
            services += [names[k * min(n, len(names)) // n] for k in range(n)]  # a repeated service: side by side
    else:
        names = windows or [("综合代办", "General services")]
        services = [names[k * min(counters, len(names)) // counters] for k in range(counters)]
    facilities: tuple[str, ...] = ()
    if _applies(specs, "FACILITIES", level):
        facilities = tuple(str(k) for k in specs["FACILITIES"].params.get("required", {}).get(level, []))
    village: list[str] = []
    if _applies(specs, "VILLAGE-TEN", level):
        village += [str(v) for v in specs["VILLAGE-TEN"].params.get("items", {}).values() if v not in ("", "hall", "signage")]
    if _applies(specs, "VILLAGE-EQUIPMENT", level):
        p = specs["VILLAGE-EQUIPMENT"].params
        village += [str(v) for v in {**p.get("without_counter", {}), **p.get("always", {})}.values()]
    floors = plan.context.floors or 1
    stairs_spec = specs.get("ENTRANCES-STAIRS")
    multi = floors > 1 and _applies(specs, "ENTRANCES-STAIRS", level)
    waiting = specs.get("WAITING")
    ext = specs.get("EXTINGUISHER-REACH")
    return Needs(
        level=level, counters=counters, zone_groups=tuple(groups), services=tuple(services),
        waiting_m2_per_counter=float(waiting.params.get("min_m2_per_counter", 3.0)) if waiting else 3.0,
        facilities=facilities, consult=_applies(specs, "CONSULT", level) or level == "township",
        special_zone=_applies(specs, "SPECIAL-ACCESS", level) or level == "township",
        self_service="self_service_terminal" in facilities,
        stairs=multi, lift=multi and bool(stairs_spec and stairs_spec.params.get("lift_kinds")),
        village_items=tuple(dict.fromkeys(village)),
        extinguisher_walk_m=float(ext.params.get("max_walk_m", 20.0)) if ext else 20.0, counters_basis=basis,
    )
