"""Realistic generated hall plans: the bundled samples, test fixtures and benchmark halls.

A hall is a rectangle with the main entrance in the middle of the front (south)
wall, counter rows with the back office behind them, the service zones in front
of the counters, a waiting area in the middle, the consultation desk facing the
entrance, special-population and self-service corners beside the entrance, a
column grid, and the facilities the standard lists.

>>> p = sample_plan("county")
>>> p.context.centre_name, round(p.hall.area)
('隆阳区人民政府政务服务中心', 2112)
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from typing import Any

from shapely import affinity
from shapely.geometry import LineString, Point, Polygon, box
from shapely.strtree import STRtree

from geometry.model import (Building, ConsultDesk, Context, Counter, Entrance, Facility, Hall, Obstacle, Parking, Plan, PlanObject,
                            Route, Signage, Zone)

COUNTER_LEN, COUNTER_DEPTH = 1.6, 0.8
SERVICE_ZONES = ("investment", "admin_approval", "public_service", "welfare")
SERVICES: dict[str, list[tuple[str, str]]] = {
    "investment": [("发展改革", "Development and Reform"), ("自然资源", "Natural Resources"), ("住房城乡建设", "Housing and Construction"),
                   ("生态环境", "Ecology and Environment"), ("消防审验", "Fire Inspection"), ("人防", "Civil Air Defence")],
    "admin_approval": [("市场监管", "Market Regulation"), ("交通运输", "Transport"), ("文化旅游", "Culture and Tourism"),
                       ("卫生健康", "Health"), ("教育体育", "Education and Sports"), ("林业草原", "Forestry")],
    "public_service": [("不动产登记", "Real Estate Registration"), ("公积金", "Housing Provident Fund"), ("税务", "Taxation"),
                       ("公安户籍", "Household Registration"), ("出入境", "Exit and Entry"), ("车驾管", "Vehicle Administration")],
    "welfare": [("人力社保", "Human Resources and Social Security"), ("医疗保障", "Medical Insurance"), ("民政", "Civil Affairs"),
                ("残联", "Disabled Persons' Federation"), ("水电气", "Utilities"), ("退役军人", "Veterans Affairs")],
}
TOWNSHIP_SERVICES = [("人口计生", "Population and Family Planning"), ("社会保障", "Social Security"), ("住房报建", "Housing Permits"),
                     ("惠农补贴", "Farm Subsidies"), ("户籍管理", "Household Registration"), ("司法调处", "Judicial Mediation")]

ALL_TICKS = {"traffic_signs": True, "co_location": True, "site_location": True, "office_equipment": True, "it_equipment": True, "network": True,
             "access_layout": True, "village_rules": True, "village_ledger": True, "village_staff": True, "village_instructions": True,
             "village_guide": True}


@dataclass(frozen=True)
class HallSpec:
    """What to generate.  Sizes in metres."""

    level: str
    width: float
    depth: float
    counters: int
    population: int
    name: str
    target_grade: int = 2
    building_area: float | None = None
    parking_ratio: float | None = 0.15
    office_depth: float = 4.0
    facilities_extra: int = 0  # additional scattered facilities (benchmarks)
    seed: int = 1
    floors: int | None = None


SPECS: dict[str, HallSpec] = {
    "city": HallSpec("city", 100.0, 33.6, 30, 2_600_000, "保山市人民政府政务服务中心", 1, 11_000.0, floors=3),
    "county": HallSpec("county", 64.0, 33.0, 24, 935_000, "隆阳区人民政府政务服务中心", 2, 6_000.0, floors=2),
    "park": HallSpec("park", 44.0, 36.0, 16, 120_000, "保山工贸园区政务服务中心", 2, 4_200.0, floors=2),
    "township": HallSpec("township", 20.0, 16.0, 6, 62_000, "腾冲市和顺镇为民服务中心", 1, 900.0, None, 3.0),
    "village": HallSpec("village", 8.0, 7.0, 1, 3_200, "和顺镇水碓村为民服务站", 1, 160.0, None, 2.0),
}


class _Builder:
    def __init__(self, spec: HallSpec) -> None:
        self.s = spec
        self.objs: list[PlanObject] = []
        self.n: dict[str, int] = {}
        self.rng = random.Random(spec.seed)

    def nid(self, prefix: str) -> str:
        self.n[prefix] = self.n.get(prefix, 0) + 1
        return f"{prefix}-{self.n[prefix]}"

    def add(self, obj: PlanObject) -> PlanObject:
        self.objs.append(obj)
        return obj

    def fac(self, kind: str, x: float, y: float, label: str = "") -> None:
        self.add(Facility(id=self.nid(kind.replace("_", "-")), geometry=Point(round(x, 3), round(y, 3)), kind=kind, label=label))


def _counter_rows(b: _Builder, W: float, D: float) -> list[Counter]:
    """Counters along the back wall, grouped into the four service zones (city/county/park)."""
    s = b.s
    y1 = D - s.office_depth
    y0 = y1 - COUNTER_DEPTH
    per_zone = [s.counters // 4 + (1 if i < s.counters % 4 else 0) for i in range(4)]
    zone_w = (W - 4.0) / 4
    counters: list[Counter] = []
    for zi, kind in enumerate(SERVICE_ZONES):
        zx0 = 2.0 + zi * zone_w
        n = per_zone[zi]
        run = n * COUNTER_LEN
        x = zx0 + (zone_w - run) / 2
        for k in range(n):
            zh, en = SERVICES[kind][k % len(SERVICES[kind])]
            accessible = zi == 3 and k == 0
            c = Counter(id=b.nid("counter"), geometry=box(round(x, 3), round(y0, 3), round(x + COUNTER_LEN, 3), round(y1, 3)),
                        height_m=0.75 if accessible else 0.80, color="#3B2A20", service=zh, accessible=accessible,
                        sign_zh=f"{zh}窗口", sign_en=f"{en} Window", front=270.0)
            counters.append(c)
            x += COUNTER_LEN
        zone = Zone(id=b.nid("zone"), geometry=box(round(zx0, 3), round(y0 - 9.0, 3), round(zx0 + zone_w, 3), round(y1, 3)),
                    kind=kind)
        b.add(zone)
    for c in counters:
        b.add(c)
    return counters


def _columns(b: _Builder, W: float, D: float, keep_out: list[Polygon]) -> None:
    tree = STRtree(keep_out)
    step = 8.4
    nx, ny = int(W // step), int(D // step)
    for i in range(1, nx + 1):
        for j in range(1, ny + 1):
            x, y = i * step, j * step
            if x > W - 1.5 or y > D - 1.5:
                continue
            col = box(x - 0.3, y - 0.3, x + 0.3, y + 0.3)
            if len(tree.query(col.buffer(1.9))) == 0:
                b.add(Obstacle(id=b.nid("column"), geometry=col, kind="column"))


def build(spec: HallSpec) -> Plan:
    """Generate a compliant hall for ``spec``."""
    b = _Builder(spec)
    W, D = spec.width, spec.depth
    hall = box(0, 0, W, D)
    cx = W / 2
    lvl = spec.level
    big = lvl in ("city", "county", "park")
    ent_w = 3.0 if big else 1.8 if lvl == "township" else 1.0
    b.add(Entrance(id="entrance-main", geometry=LineString([(cx - ent_w / 2, 0), (cx + ent_w / 2, 0)]), main=True,
                   accessible=True, label="主入口"))
    if lvl != "village":
        b.add(Entrance(id="entrance-side", geometry=LineString([(0, D / 2 - 0.9), (0, D / 2 + 0.9)]), main=False,
                       accessible=False, label="侧门"))
    if big:  # a long front: more exits, so that every point is within reach of one (GB 50016 §5.5.17)
        b.add(Entrance(id="entrance-east", geometry=LineString([(W, D / 2 - 0.9), (W, D / 2 + 0.9)]), main=False,
                       accessible=False, label="侧门"))
        b.add(Entrance(id="entrance-staff", geometry=LineString([(cx - 0.9, D), (cx + 0.9, D)]), main=False,
                       accessible=False, label="员工通道"))
        for k, x in enumerate((W / 4, 3 * W / 4), start=1):
            b.add(Entrance(id=f"entrance-front-{k}", geometry=LineString([(x - 0.9, 0), (x + 0.9, 0)]), main=False,
                           accessible=True, label="出入口"))
    keep_out: list[Polygon] = []
    if big:
        counters = _counter_rows(b, W, D)
        b.add(Zone(id=b.nid("zone"), geometry=box(0, D - spec.office_depth, W, D), kind="office"))
        wait = box(round(W * 0.22, 3), 9.0, round(W * 0.78, 3), round(D - spec.office_depth - COUNTER_DEPTH - 11.0, 3))
        b.add(Zone(id=b.nid("zone"), geometry=wait, kind="waiting", seats=max(20, spec.counters * 3)))
        special = box(cx - 11.5, 1.0, cx - 4.0, 7.0)
        selfserve = box(cx + 4.0, 1.0, cx + 11.5, 7.0)
        b.add(Zone(id=b.nid("zone"), geometry=special, kind="special_population"))
        b.add(Zone(id=b.nid("zone"), geometry=selfserve, kind="self_service"))
        desk = box(cx - 1.5, 5.0, cx + 1.5, 5.8)
        b.add(ConsultDesk(id="consult-1", geometry=desk, height_m=0.80, accessible=True, label="咨询服务台"))
        keep_out += [c.geometry for c in counters] + [desk, box(0, D - spec.office_depth - COUNTER_DEPTH - 0.2, W, D)]
        acc = next(c for c in counters if c.accessible)
        ax = acc.geometry.centroid.x
        front_y = acc.geometry.bounds[1] - 1.0
        lane = 12.6  # between the column rows at 8.4 and 16.8
        route = LineString([(cx, 0.5), (cx, 3.5), (cx - 5.0, 3.5), (cx - 5.0, lane), (ax, lane), (ax, front_y), (ax, lane),
                            (W - 1.5, lane), (W - 1.5, D * 0.35)])
        b.add(Route(id="route-1", geometry=route, width_m=1.5, label="无障碍通道"))
        _columns(b, W, D, keep_out + [special, selfserve, box(cx - 3, 0, cx + 3, 9), route.buffer(1.0)])
        # facilities along the walls and in the zones
        yk = D - spec.office_depth - COUNTER_DEPTH - 1.0
        for c in counters:
            x0, y0, x1, _ = c.geometry.bounds
            b.fac("evaluation_device", (x0 + x1) / 2, y0 - 0.2)
        b.fac("display_screen", cx, wait.bounds[3] - 0.3, "叫号显示屏")
        b.fac("display_screen", 0.3, D * 0.3, "信息公开大屏")
        b.fac("queue_machine", cx + 3.0, 3.0)
        b.fac("queue_machine", cx - 3.0, 3.0)
        for k in range(3):
            b.fac("self_service_terminal", cx + 5.5 + 2.2 * k, 6.5)
        b.fac("special_population", cx - 9.0, 3.0, "爱心服务台")
        b.fac("first_aid", cx - 6.0, 6.5)
        b.fac("water_dispenser", wait.bounds[0] + 0.5, wait.bounds[1] + 0.5)
        b.fac("water_dispenser", wait.bounds[2] - 0.5, wait.bounds[1] + 0.5)
        for k in range(4):
            b.fac("rest_seats", wait.bounds[0] + 2 + k * (wait.bounds[2] - wait.bounds[0] - 4) / 3, (wait.bounds[1] + wait.bounds[3]) / 2)
        b.fac("writing_desk", wait.bounds[0] + 1.0, wait.bounds[3] - 1.0)
        b.fac("writing_desk", wait.bounds[2] - 1.0, wait.bounds[3] - 1.0)
        b.fac("toilet", W - 0.5, D * 0.45, "洗手间")
        b.fac("accessible_toilet", W - 0.5, D * 0.35, "无障碍卫生间")
        b.fac("guide_sign", cx, 8.0)
        b.fac("guide_sign", 0.5, yk)
        b.fac("warning_sign", cx + 2.5, 0.5)
        b.fac("notice_sign", cx - 2.5, 0.5, "办事须知")
        b.fac("notice_board", 0.3, D * 0.6)
        b.fac("stairs", 1.5, D - spec.office_depth / 2, "楼梯")  # in the back office strip, reached from the staff exit
        b.fac("lift", 4.0, D - spec.office_depth / 2, "无障碍电梯")
        for e in [o for o in b.objs if isinstance(o, Entrance)]:  # CCTV and an alarm at every entrance
            mx, my = e.geometry.centroid.x, e.geometry.centroid.y
            ix, iy = (0.6 if mx < 0.1 else -0.6 if mx > W - 0.1 else 0.0), (0.6 if my < 0.1 else -0.6 if my > D - 0.1 else 0.0)
            b.fac("cctv", mx + ix + (1.8 if iy else 0.0), my + iy + (0.0 if iy else 1.8))
            b.fac("alarm", mx + ix - (1.8 if iy else 0.0), my + iy - (0.0 if iy else 1.8))
        # extinguishers: a grid so every point is within ~12 m straight line
        for i in range(int(math.ceil(W / 16.0))):
            for j in range(int(math.ceil(D / 16.0))):
                x = min(W - 0.4, 8.0 + 16.0 * i)
                y = min(D - spec.office_depth - COUNTER_DEPTH - 0.6, 1.0 + 16.0 * j)
                b.fac("extinguisher", x, max(0.4, y))
        for x in (W * 0.25, W * 0.5, W * 0.75):
            b.fac("emergency_light", x, D * 0.5)
        b.fac("exit_sign", cx, 0.3)
        b.fac("exit_sign", 0.3, D / 2)
    elif lvl == "township":
        y1 = D - spec.office_depth
        x = (W - 6 * COUNTER_LEN - 5 * 0.4) / 2
        for k, (zh, en) in enumerate(TOWNSHIP_SERVICES):
            b.add(Counter(id=b.nid("counter"), geometry=box(round(x, 3), y1 - COUNTER_DEPTH, round(x + COUNTER_LEN, 3), y1),
                          height_m=0.80 if k else 0.75, accessible=k == 0, color="深胡桃木色", service=zh,
                          sign_zh=f"{zh}窗口", sign_en=None, front=270.0))
            x += COUNTER_LEN + 0.4
        b.add(Zone(id=b.nid("zone"), geometry=box(0, y1, W, D), kind="office"))
        b.add(Zone(id=b.nid("zone"), geometry=box(4.0, 2.5, W - 4.0, 7.5), kind="waiting", seats=16))
        b.add(ConsultDesk(id="consult-1", geometry=box(cx - 1.0, 1.5, cx + 1.0, 2.1), height_m=0.75, accessible=True,
                          label="导办台"))
        b.add(Zone(id=b.nid("zone"), geometry=box(0.5, 0.5, 3.5, 3.5), kind="special_population"))
        for kind, x, y in (("notice_board", 0.3, 8.0), ("rest_seats", 6.0, 5.0), ("rest_seats", 14.0, 5.0),
                           ("water_dispenser", W - 0.5, 3.0), ("writing_desk", W - 1.0, 8.0), ("extinguisher", 0.5, 0.5),
                           ("extinguisher", W - 0.5, 9.5), ("emergency_light", cx, 6.0), ("exit_sign", cx, 0.3),
                           ("special_population", 2.0, 2.0), ("accessible_toilet", W - 0.5, 6.0), ("display_screen", cx, 9.0),
                           ("queue_machine", cx + 2.0, 1.0)):
            b.fac(kind, x, y)
        for o in list(b.objs):
            if isinstance(o, Counter):
                x0, y0, x1, _ = o.geometry.bounds
                b.fac("evaluation_device", (x0 + x1) / 2, y0 - 0.2)
    else:  # village service room
        b.add(Counter(id="counter-1", geometry=box(2.5, D - 2.8, 2.5 + COUNTER_LEN, D - 2.0), height_m=0.75, color="黑胡桃",
                      service="综合代办", sign_zh="综合代办窗口", accessible=True, front=270.0))
        b.add(Zone(id="zone-1", geometry=box(0.5, 0.8, 4.5, 3.0), kind="waiting", seats=6))
        for kind, x, y in (("rest_seats", 2.0, 1.5), ("water_dispenser", 7.5, 1.0), ("writing_desk", 6.5, 3.0),
                           ("telephone", 4.0, D - 1.2), ("computer", 3.0, D - 1.2), ("printer", 5.0, D - 1.2),
                           ("fax", 5.8, D - 1.2), ("notice_board", 0.2, 5.0),
                           ("extinguisher", 7.6, 0.4), ("emergency_light", 4.0, 3.5), ("exit_sign", 4.0, 0.2)):
            b.fac(kind, x, y)
    # scattered extra facilities (benchmarks)
    for _ in range(spec.facilities_extra):
        x, y = b.rng.uniform(0.5, W - 0.5), b.rng.uniform(0.5, D - spec.office_depth - 1.5)
        b.fac(b.rng.choice(["rest_seats", "guide_sign", "emergency_light", "extinguisher", "cctv", "writing_desk"]), x, y)
    building = box(-3.0, -1.0, W + 3.0, D + 6.0)
    parking: list[PlanObject] = []
    if spec.parking_ratio and spec.building_area:
        area = spec.parking_ratio * spec.building_area
        pw = W + 6.0
        ph = area / pw
        stalls = int(area // 27.5)
        parking.append(Parking(id="parking-1", geometry=box(-3.0, round(-12.0 - ph, 4), W + 3.0, -12.0), stalls=stalls,
                               accessible_stalls=max(1, math.ceil(stalls / 100)), label="免费停车场"))
    ctx = Context(level=lvl, population=spec.population, target_grade=spec.target_grade, centre_name=spec.name,
                  building_area_m2=spec.building_area, north_deg=0.0, sprinklers=True if big else None, floors=spec.floors)
    if lvl in ("city", "county", "park"):
        sign = Signage(text=spec.name, languages=("zh", "en"), typeface="宋体", color="金色", fixed=True, prominent=True)
    elif lvl == "township":
        sign = Signage(text=spec.name, languages=("zh",), typeface="宋体", color="金色", fixed=True, prominent=True)
    else:
        sign = Signage(text=spec.name, languages=("zh",), typeface="宋体", color="红色", background="黄色", material="铜牌")
    return Plan(context=ctx, hall=hall, building=building, objects=tuple(b.objs + parking), signage=sign,
                checklist=dict(ALL_TICKS), meta={"source": "generated", "generator": "geometry.synthetic", "spec": lvl})


def sample_plan(level: str, compliant: bool = True) -> Plan:
    """The bundled sample for ``level``: compliant, or with the deliberate violations of :func:`violate`."""
    plan = build(SPECS[level])
    return plan if compliant else violate(plan)


def _swap_counters(plan: Plan, fn: Any, every: int = 3) -> Plan:
    objs: list[PlanObject] = []
    k = 0
    for o in plan.objects:
        if isinstance(o, Counter):
            if k % every == 0:
                o = fn(o)
            k += 1
        objs.append(o)
    return replace(plan, objects=tuple(objs))


def violate(plan: Plan) -> Plan:
    """Deliberate violations, per level (documented in assets/samples/README.md)."""
    lvl = plan.context.level
    ctx = plan.context
    drop: set[str] = set()
    if lvl == "city":
        # hall 2,419 m² (grade 2 only; target grade 1), parking 6 %, no welfare zone, no consult desk,
        # every third counter 1.0 m deep (stretched backwards into the office), 0.95 m high and white, no English sign;
        # (the hall is cut to 72 × 33.6 m: objects beyond it go, zones are clipped)
        # name missing 人民政府
        plan = _crop(plan, box(0, 0, 72.0, 33.6))
        drop |= {o.id for o in plan.zones if o.kind == "welfare"} | {d.id for d in plan.consult_desks}
        plan = _swap_counters(plan, lambda c: replace(c, geometry=box(*_grow_back(c.geometry, 0.2)), height_m=0.95,
                                                      color="white", sign_en=""))
        plan = _set_parking(plan, 0.06)
        ctx = replace(ctx, centre_name="保山市政务服务中心")
    elif lvl == "county":
        # population exactly 500,000 (class 1: "以上" includes it), target grade 1 with 2112 m² → fail;
        # parking 25 % → warn; no waiting area; counters' heights unknown; CCTV removed; sign in red
        ctx = replace(ctx, population=500_000, target_grade=1)
        drop |= {o.id for o in plan.zones if o.kind == "waiting"} | {f.id for f in plan.facilities_of("cctv")}
        plan = _swap_counters(plan, lambda c: replace(c, height_m=None), every=1)
        plan = _set_parking(plan, 0.25)
        plan = replace(plan, signage=replace(plan.signage, color="红色"))
    elif lvl == "park":
        # hall 1,400 m² (below grade 2), counters light oak colour, no queue machine or evaluation devices,
        # special-population zone moved to the back, 30 m from the entrance
        plan = _crop(plan, box(0, 0, 40.0, 35.0))
        plan = _swap_counters(plan, lambda c: replace(c, color="浅橡木色"), every=1)
        drop |= {f.id for f in plan.facilities if f.kind in ("queue_machine", "evaluation_device", "special_population")}
        drop |= {z.id for z in plan.zones if z.kind == "special_population"}
        plan = plan.with_object(Zone(id="zone-special-back", geometry=box(32.0, 27.0, 38.0, 30.0), kind="special_population"))
        ctx = replace(ctx, centre_name="保山工贸园区政务服务中心")
    elif lvl == "township":
        # 190 m² (class 1 → below grade 2), three of the six windows missing, counters 0.70 m deep, no notice board,
        # name without the county part, traffic signs confirmed missing
        plan = plan.with_outline("hall", box(0, 0, 19.0, 10.0))
        counters = plan.counters
        drop |= {c.id for c in counters[3:]} | {f.id for f in plan.facilities_of("notice_board")}
        drop |= {f.id for f in plan.facilities if f.geometry.y > 10.0 or f.geometry.x > 19.0}
        drop |= {z.id for z in plan.zones if z.kind == "office"}
        # the counters move with the back wall of the smaller room (1 m staff strip behind them)
        plan = _swap_counters(plan, lambda c: replace(c, geometry=_shallow(affinity.translate(c.geometry, 0.0, -4.0), 0.70)),
                              every=1)
        ctx = replace(ctx, centre_name="和顺镇为民服务中心")
        plan = replace(plan, checklist={**plan.checklist, "traffic_signs": False})
    elif lvl == "village":
        # 25 m² (class 2 → below 30), no water dispenser, 'ten ones' ledger and guide confirmed missing, wrong name
        plan = plan.with_outline("hall", box(0, 0, 5.0, 5.0))
        drop |= {f.id for f in plan.facilities if f.kind == "water_dispenser" or f.geometry.x > 5.0 or f.geometry.y > 5.0}
        drop |= {c.id for c in plan.counters if not box(0, 0, 5, 5).covers(c.geometry)}
        drop |= {z.id for z in plan.zones if not box(0, 0, 5, 5).covers(z.geometry)}
        plan = replace(plan, checklist={**plan.checklist, "village_ledger": False, "village_guide": False})
        ctx = replace(ctx, centre_name="水碓村服务站")
    plan = plan.without(drop) if drop else plan
    return replace(plan, context=ctx, meta={**plan.meta, "variant": "violations"})


def _crop(plan: Plan, hall: Polygon) -> Plan:
    """The plan with a smaller hall: zones clipped to it, other objects outside it dropped (parking stays)."""
    keep: list[PlanObject] = []
    grown = hall.buffer(0.01)
    for o in plan.objects:
        if isinstance(o, (Parking, Building, Hall)):  # the hall is replaced below
            keep.append(o)
        elif isinstance(o, Zone):
            clipped = o.geometry.intersection(hall)
            if isinstance(clipped, Polygon) and clipped.area > 1.0:
                keep.append(replace(o, geometry=clipped))
        elif grown.covers(o.geometry):
            keep.append(o)
    return replace(plan, objects=tuple(keep)).with_outline("hall", hall)


def _grow_back(g: Polygon, extra: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = g.bounds
    return (x0, y0, x1, y1 + extra)


def _shallow(g: Polygon, depth: float) -> Polygon:
    x0, _y0, x1, y1 = g.bounds
    return box(x0, y1 - depth, x1, y1)


def _set_parking(plan: Plan, ratio: float) -> Plan:
    ba = plan.context.building_area_m2 or 0.0
    lot = plan.parking[0]
    x0, _y0, x1, y1 = lot.geometry.bounds
    h = ratio * ba / (x1 - x0)
    return plan.replacing(replace(lot, geometry=box(x0, round(y1 - h, 4), x1, y1)))


def synthetic_hall(n_counters: int = 500, n_facilities: int = 2000, seed: int = 7) -> Plan:
    """A large hall for benchmarks: ``n_counters`` counters in back-to-back island rows and at
    least ``n_facilities`` facilities.  The hall grows with the counter count."""
    per_row = 30
    rows = max(1, math.ceil(n_counters / per_row))
    W = per_row * COUNTER_LEN + 16.0
    pitch = 2 * COUNTER_DEPTH + 3.0 + 12.0  # two rows back to back, staff aisle, customer area
    D = 16.0 + math.ceil(rows / 2) * pitch
    b = _Builder(HallSpec("city", W, D, n_counters, 2_000_000, "合成市人民政府政务服务中心", seed=seed))
    b.add(Entrance(id="entrance-main", geometry=LineString([(W / 2 - 2, 0), (W / 2 + 2, 0)]), main=True, accessible=True))
    b.add(Entrance(id="entrance-north", geometry=LineString([(W / 2 - 2, D), (W / 2 + 2, D)]), main=False))
    k = 0
    for r in range(rows):
        island = r // 2
        y_mid = 16.0 + island * pitch + 12.0 + COUNTER_DEPTH + 1.5
        facing_down = r % 2 == 0
        y0 = y_mid - 1.5 - COUNTER_DEPTH if facing_down else y_mid + 1.5
        for i in range(per_row):
            if k >= n_counters:
                break
            x = 8.0 + i * COUNTER_LEN
            zone = SERVICE_ZONES[min(3, int((x + COUNTER_LEN / 2 - 2.0) // ((W - 4) / 4)))]  # the zone strip it stands in
            zh, en = SERVICES[zone][i % 6]
            b.add(Counter(id=b.nid("counter"), geometry=box(x, y0, x + COUNTER_LEN, y0 + COUNTER_DEPTH), height_m=0.8,
                          color="#333333", service=zh, sign_zh=zh, sign_en=en, accessible=(k == 0),
                          front=270.0 if facing_down else 90.0))
            k += 1
    zw = (W - 4) / 4
    for zi, kind in enumerate(SERVICE_ZONES):
        b.add(Zone(id=b.nid("zone"), geometry=box(2 + zi * zw, 14.0, 2 + (zi + 1) * zw, D - 2.0), kind=kind))
    b.add(Zone(id=b.nid("zone"), geometry=box(W / 2 - 10, 2.0, W / 2 + 10, 12.0), kind="waiting", seats=200))
    b.add(ConsultDesk(id="consult-1", geometry=box(W / 2 - 1.5, 5.0, W / 2 + 1.5, 5.8)))
    kinds = ["rest_seats", "guide_sign", "emergency_light", "extinguisher", "cctv", "evaluation_device", "water_dispenser",
             "display_screen", "queue_machine", "writing_desk", "toilet", "first_aid", "alarm", "exit_sign", "warning_sign",
             "self_service_terminal", "special_population"]
    for i in range(n_facilities):
        b.fac(kinds[i % len(kinds)], b.rng.uniform(0.5, W - 0.5), b.rng.uniform(0.5, 13.5))
    ctx = Context(level="city", population=2_000_000, target_grade=1, centre_name="合成市人民政府政务服务中心",
                  building_area_m2=W * D * 3)
    return Plan(context=ctx, hall=box(0, 0, W, D), objects=tuple(b.objs), meta={"source": "generated", "spec": "synthetic"})


UNUSUAL_SHAPES = ("L", "columns", "bulged")


def unusual_hall(shape: str) -> Plan:
    """An empty hall of unusual shape (outline, entrances, obstacles and context only), for the
    layout proposer: ``"L"`` (a county hall of two wings, 2,160 m²), ``"columns"`` (a city hall on an
    8.4 m column grid, 3,240 m²) or ``"bulged"`` (a park hall whose front wall is an arc).

    >>> [round(unusual_hall(s).hall.area) for s in UNUSUAL_SHAPES]
    [2160, 3240, 1762]
    """
    def door(x0: float, y0: float, x1: float, y1: float, oid: str, main: bool = False, label: str = "") -> Entrance:
        return Entrance(id=oid, geometry=LineString([(x0, y0), (x1, y1)]), main=main, accessible=True if main else False,
                        label=label or ("主入口" if main else "侧门"))

    objs: list[PlanObject] = []
    if shape == "L":
        hall = Polygon([(0, 0), (60, 0), (60, 26), (30, 26), (30, 46), (0, 46)])
        objs += [door(28.5, 0, 31.5, 0, "entrance-main", True), door(60, 12, 60, 13.8, "entrance-east"),
                 door(0, 30, 0, 31.8, "entrance-west"), door(14, 46, 15.8, 46, "entrance-north")]
        ctx = Context(level="county", population=935_000, target_grade=2, centre_name="隆阳区人民政府政务服务中心",
                      building_area_m2=6_000.0, sprinklers=True, floors=2)
    elif shape == "columns":
        W, D = 72.0, 45.0
        hall = box(0, 0, W, D)
        objs += [door(W / 2 - 2, 0, W / 2 + 2, 0, "entrance-main", True), door(0, D / 2 - 0.9, 0, D / 2 + 0.9, "entrance-west"),
                 door(W, D / 2 - 0.9, W, D / 2 + 0.9, "entrance-east"), door(W / 2 - 0.9, D, W / 2 + 0.9, D, "entrance-north")]
        k = 0
        for i in range(1, int(W // 8.4) + 1):
            for j in range(1, int(D // 8.4) + 1):
                k += 1
                x, y = i * 8.4, j * 8.4
                objs.append(Obstacle(id=f"column-{k}", geometry=box(x - 0.3, y - 0.3, x + 0.3, y + 0.3), kind="column"))
        ctx = Context(level="city", population=2_600_000, target_grade=1, centre_name="保山市人民政府政务服务中心",
                      building_area_m2=11_000.0, sprinklers=True, floors=3)
    elif shape == "bulged":
        W, D, bulge = 44.0, 36.0, 6.0
        r = (bulge ** 2 + (W / 2) ** 2) / (2 * bulge)  # the arc through (0, 0), (W/2, -bulge), (W, 0)
        cy = -bulge + r
        half = math.asin((W / 2) / r)
        arc = [(round(W / 2 + r * math.sin(t), 4), round(cy - r * math.cos(t), 4))
               for t in [-half + 2 * half * k / 24 for k in range(25)]]
        hall = Polygon(arc + [(W, D), (0, D)])
        a, b = arc[11], arc[13]  # the entrance: the two wall segments at the front's apex
        objs += [Entrance(id="entrance-main", geometry=LineString([a, arc[12], b]), main=True, accessible=True, label="主入口"),
                 door(W, D / 2 - 0.9, W, D / 2 + 0.9, "entrance-east"), door(0, D / 2 - 0.9, 0, D / 2 + 0.9, "entrance-west"),
                 door(W / 2 - 0.9, D, W / 2 + 0.9, D, "entrance-north")]
        ctx = Context(level="park", population=120_000, target_grade=2, centre_name="保山工贸园区政务服务中心",
                      building_area_m2=4_200.0, sprinklers=True, floors=2)
    else:
        raise ValueError(f"unknown hall shape {shape!r} (one of {', '.join(UNUSUAL_SHAPES)})")
    sign = Signage(text=ctx.centre_name, languages=("zh", "en"), typeface="宋体", color="金色", fixed=True, prominent=True)
    x0, y0, x1, y1 = hall.bounds
    building = box(x0 - 3.0, y0 - 1.0, x1 + 3.0, y1 + 6.0)
    ba = ctx.building_area_m2 or 0.0
    lot_h = 0.15 * ba / (x1 - x0 + 6.0)
    parking = Parking(id="parking-1", geometry=box(x0 - 3.0, round(y0 - 12.0 - lot_h, 4), x1 + 3.0, y0 - 12.0),
                      stalls=int(0.15 * ba // 27.5), accessible_stalls=max(1, math.ceil(int(0.15 * ba // 27.5) / 100)), label="免费停车场")
    return Plan(context=ctx, hall=hall, building=building, objects=tuple(objs) + (parking,), signage=sign,
                checklist=dict(ALL_TICKS), meta={"source": "generated", "generator": "geometry.synthetic", "spec": f"unusual-{shape}"})
