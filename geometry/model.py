"""The hall plan model: what a government service hall plan *is*.

A :class:`Plan` is an immutable value in metres.  Every object has a stable id
(unique within the plan) and immutable shapely geometry.  Edits never patch a
plan: they build a new one (see :mod:`geometry.commands`), so views and rule
caches may hold references safely.

>>> from shapely.geometry import box
>>> p = Plan(hall=box(0, 0, 50, 40))
>>> p = p.with_object(Counter(id="c1", geometry=box(1, 1, 2.6, 1.8), height_m=0.8))
>>> p.get("c1").height_m
0.8
>>> round(p.hall.area)
2000
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar, Iterator, Literal, Mapping, TypeVar

from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geometry.invalid import InvalidPlan, wrong_type
from geometry.kinds import KINDS, kind_names
from geometry.validate import (
    COMMON_SPECS,
    FieldError,
    CONTEXT_SPECS,
    LEVEL_NAMES,
    LEVELS,
    SIGNAGE_SPECS,
    check_at_most,
    check_coordinates,
    check_fields,
    object_specs,
)

if TYPE_CHECKING:
    from geometry.pickling import ObjectGroup

__all__ = ["LEVELS", "LEVEL_NAMES"]  # re-exported: the level table lives with the field specs

Level = Literal["city", "county", "park", "township", "village"]

# Functional zone kinds: code -> (Chinese, English).  The first four are the
# zones 二(一)3 requires of city/county/park halls.
ZONE_KINDS: dict[str, tuple[str, str]] = {
    "investment": ("投资项目集中审批服务区", "Investment project approval zone"),
    "admin_approval": ("行政审批服务区", "Administrative approval zone"),
    "public_service": ("公共服务区", "Public services zone"),
    "welfare": ("惠民服务区", "Welfare services zone"),
    "waiting": ("等候区", "Waiting area"),
    "self_service": ("自助服务区", "Self-service zone"),
    "special_population": ("特殊人群服务区", "Special-population service zone"),
    "consultation": ("咨询服务区", "Consultation zone"),
    "office": ("办公区", "Back office"),
    "other": ("其他", "Other"),
}

# Point facility kinds the seed lists: code -> (Chinese, English).
FACILITY_KINDS: dict[str, tuple[str, str]] = {
    "display_screen": ("多媒体电子显示屏", "Multimedia display screen"),
    "queue_machine": ("排队叫号机", "Queue-number machine"),
    "evaluation_device": ("电子评价器", "Electronic evaluation device"),
    "self_service_terminal": ("自助服务终端", "Self-service terminal"),
    "water_dispenser": ("饮水机", "Water dispenser"),
    "rest_seats": ("休息椅", "Rest seats"),
    "writing_desk": ("书写台(书写用具)", "Writing desk (writing materials)"),
    "first_aid": ("急救药品箱", "First-aid kit"),
    "toilet": ("洗手间", "Toilet"),
    "accessible_toilet": ("无障碍卫生间", "Accessible toilet"),
    "special_population": ("特殊人群服务设施", "Special-population facility"),
    "cctv": ("监控", "CCTV camera"),
    "alarm": ("报警装置", "Alarm"),
    "extinguisher": ("灭火器", "Fire extinguisher"),
    "emergency_light": ("应急照明灯", "Emergency light"),
    "exit_sign": ("安全出口标志", "Exit sign"),
    "guide_sign": ("办事引导标志", "Guidance sign"),
    "warning_sign": ("警示标志", "Warning sign"),
    "notice_sign": ("告知性标志", "Notice sign"),
    "notice_board": ("公示牌(公示栏)", "Notice board"),
    "telephone": ("服务电话", "Telephone"),
    "computer": ("计算机", "Computer"),
    "printer": ("打印机", "Printer"),
    "fax": ("传真机", "Fax"),
    "filing_cabinet": ("资料柜", "Filing cabinet"),
    "office_desk": ("办公桌椅", "Desk and chairs"),
    "id_reader": ("身份证读卡器", "ID-card reader"),
    "stairs": ("楼梯", "Stairs"),
    "escalator": ("扶梯", "Escalator"),
    "lift": ("电梯", "Lift"),
    "other": ("其他设施", "Other facility"),
}

OBSTACLE_KINDS: dict[str, tuple[str, str]] = {
    "wall": ("墙体", "Wall"),
    "column": ("柱", "Column"),
    "door": ("门", "Door"),
    "window": ("窗", "Window"),
    "furniture": ("家具", "Furniture"),
    "core": ("核心筒/竖井", "Core / shaft"),
    "other": ("障碍物", "Obstacle"),
}

# The checklist items themselves (which exist, per level, their names and clauses) are the standard's
# content: they live in the pack (standards/packs/*.toml, ``[[checklist_items]]``).  The plan keeps only
# the user's ticks (``Plan.checklist``: item code → done / confirmed missing).


def check_pack_names(packs: tuple[str, ...]) -> None:
    """The context's pack list (a list of text, checked by its field spec): at least one pack, none
    empty, none twice.  Whether each can be read is the check's business (standards.packs)."""
    where = "背景信息:规则包(packs)", "context: rule packs (packs)"
    if not packs:
        raise FieldError(f"{where[0]}不能为空列表(不填则按内置规则包检查)",
                         f"{where[1]} cannot be an empty list (leave it out to check against the built-in packs)")
    if any(not name.strip() for name in packs):
        raise FieldError(f"{where[0]}中有空名称", f"{where[1]} has an empty name")
    if len(set(packs)) != len(packs):
        raise FieldError(f"{where[0]}中有重复的规则包", f"{where[1]} lists a pack twice")


@dataclass(frozen=True)
class Context:
    """Non-spatial facts about the centre.  ``None`` means *not known*."""

    level: str | None = None
    population: int | None = None
    target_grade: int | None = None
    centre_name: str | None = None
    building_area_m2: float | None = None
    footprint_m2: float | None = None
    floors: int | None = None
    north_deg: float | None = None  # direction of north, degrees counter-clockwise from +y
    sprinklers: bool | None = None
    occupant_load: int | None = None
    # the rule packs the plan is checked against: built-in pack ids or pack file paths (None: the defaults)
    packs: tuple[str, ...] | None = None
    daily_visitors: int | None = None  # visitors a day (service capacity analysis)
    service_minutes: float | None = None  # mean service time per visitor at a window, minutes

    def __post_init__(self) -> None:  # type and range of every field (geometry.validate); FieldError is a ValueError
        if isinstance(self.packs, list):  # as JSON gives it (a project file, a DXF's stored project data)
            object.__setattr__(self, "packs", tuple(self.packs))
        check_fields(CONTEXT_SPECS, self, ("背景信息", "context"))
        if self.packs is not None:
            check_pack_names(self.packs)

    def effective_building_area(self, building_outline: BaseGeometry | None = None) -> float | None:
        """Gross floor area: given directly, or footprint × floors (footprint from the outline)."""
        if self.building_area_m2 is not None:
            return float(self.building_area_m2)
        footprint = self.footprint_m2
        if footprint is None and building_outline is not None and not building_outline.is_empty:
            footprint = float(building_outline.area)
        if footprint is not None and self.floors:
            return float(footprint) * int(self.floors)
        return None


@dataclass(frozen=True)
class Signage:
    """The centre's name sign outside the office area (二(一)1, 二(二)1, 二(三)1)."""

    text: str | None = None
    languages: tuple[str, ...] = ()  # e.g. ("zh", "en")
    typeface: str | None = None  # e.g. "宋体" / "Song"
    color: str | None = None  # text colour, e.g. "金色" / "gold"
    background: str | None = None  # ground colour, e.g. "黄色"
    material: str | None = None  # e.g. "铜牌" / "copper"
    fixed: bool | None = None
    prominent: bool | None = None

    def __post_init__(self) -> None:
        check_fields(SIGNAGE_SPECS, self, ("标牌", "signage"))


_TYPES: dict[str, type["PlanObject"]] = {}


@dataclass(frozen=True)
class PlanObject:
    id: str
    geometry: BaseGeometry
    label: str = ""

    KIND: ClassVar[str] = ""  # object type name, set per subclass: the code of its kind (geometry.kinds)

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if cls.KIND:
            if cls.KIND not in KINDS:
                raise TypeError(f"{cls.__name__}: no descriptor for kind {cls.KIND!r} in geometry.kinds")
            _TYPES[cls.KIND] = cls

    def __post_init__(self) -> None:
        spec = _FIELD_SPECS.get(self.KIND)
        if spec is not None:
            zh, en, fields = spec
            check_fields(fields, self, (f"{zh} {self.id}".strip(), f"{en} {self.id}".strip()))

    def with_geometry(self, geometry: BaseGeometry) -> "PlanObject":
        return replace(self, geometry=geometry)


@dataclass(frozen=True)
class Zone(PlanObject):
    kind: str = "other"
    seats: int | None = None  # waiting areas: number of seats, when known

    KIND = "zone"


@dataclass(frozen=True)
class Counter(PlanObject):
    """An open service counter: footprint polygon in any rotation.

    ``front`` optionally gives the direction (degrees, counter-clockwise from +x)
    the customer side faces; without it the depth is the footprint's short side.
    """

    height_m: float | None = None
    color: str | None = None
    service: str = ""
    accessible: bool = False
    sign_zh: str | None = None
    sign_en: str | None = None
    front: float | None = None

    KIND = "counter"


@dataclass(frozen=True)
class ConsultDesk(PlanObject):
    height_m: float | None = None
    accessible: bool = False

    KIND = "consult"


@dataclass(frozen=True)
class Entrance(PlanObject):
    """An opening on the hall boundary (a line across the opening)."""

    main: bool = False
    accessible: bool | None = None
    exit: bool = True

    KIND = "entrance"


@dataclass(frozen=True)
class Obstacle(PlanObject):
    kind: str = "other"

    KIND = "obstacle"


@dataclass(frozen=True)
class Route(PlanObject):
    """An accessible route (polyline)."""

    width_m: float | None = None

    KIND = "route"


@dataclass(frozen=True)
class Parking(PlanObject):
    stalls: int | None = None
    accessible_stalls: int | None = None

    KIND = "parking"

    def __post_init__(self) -> None:
        super().__post_init__()
        zh, en, fields = _FIELD_SPECS[self.KIND]
        check_at_most(self, "accessible_stalls", "stalls", fields, (f"{zh} {self.id}".strip(), f"{en} {self.id}".strip()))


@dataclass(frozen=True)
class Facility(PlanObject):
    kind: str = "other"

    KIND = "facility"


@dataclass(frozen=True)
class Ramp(PlanObject):
    """A ramp (坡道), its footprint polygon.  ``rise_m``: the height one run climbs; ``length_m`` its
    horizontal run and ``width_m`` its clear width, each measured on the footprint when not given;
    ``accessible``: a wheelchair ramp (轮椅坡道, GB 55019 §2.3)."""

    width_m: float | None = None
    rise_m: float | None = None
    length_m: float | None = None
    accessible: bool = True

    KIND = "ramp"


@dataclass(frozen=True)
class Room(PlanObject):
    """A room the drawing outlines on an area layer (使用面积线, PUB_ROOM …): its name is ``label``,
    its drawn area the geometry's (holes cut out), ``stated_area_m2`` what its label says;
    ``hall_part`` marks the rooms the service hall is made of (one per floor, or a hall split by a
    row of columns)."""

    stated_area_m2: float | None = None
    layer: str = ""
    floor: str = ""
    hall_part: bool = False

    KIND = "room"


@dataclass(frozen=True)
class Hall(PlanObject):
    """The service hall boundary: a single-instance kind (a plan has at most one; a new one replaces it).
    ``Plan.hall`` is its polygon."""

    KIND = "hall"


@dataclass(frozen=True)
class Building(PlanObject):
    """The building outline: a single-instance kind like the hall.  ``Plan.building`` is its polygon."""

    KIND = "building"


# (zh, en mid-sentence, field specs) per KIND; the names from the kind's descriptor
_BUILT_SPECS = object_specs(ZONE_KINDS, FACILITY_KINDS, OBSTACLE_KINDS)
OBJECT_SPECS = {code: (KINDS[code].zh, KINDS[code].en_lower, dict(_BUILT_SPECS.get(code) or KINDS[code].fields))
                for code in [*_BUILT_SPECS, *(k for k in KINDS if k not in _BUILT_SPECS and not KINDS[k].single)]}
_FIELD_SPECS = {k: (zh, en, {**COMMON_SPECS, **f}) for k, (zh, en, f) in OBJECT_SPECS.items()}  # with id and label
_FIELD_SPECS |= {k: (KINDS[k].zh, KINDS[k].en_lower, dict(COMMON_SPECS)) for k in ("hall", "building")}  # id and label only
OBJECT_TYPES: dict[str, type[PlanObject]] = _TYPES  # every object class by its kind (registered as it is defined)
# the single-instance kinds' outlines, as the project file and ``Plan(hall=..., building=...)`` name them
SINGLE_TYPES: dict[str, type[PlanObject]] = {"hall": Hall, "building": Building}
_SINGLE_CLASSES: frozenset[type[PlanObject]] = frozenset(SINGLE_TYPES.values())

# What each object type is called where people read it (errors, reports): code -> (Chinese, English).
KIND_NAMES: dict[str, tuple[str, str]] = {code: names for code, names in kind_names().items() if code in OBJECT_TYPES}


def object_title(obj: PlanObject) -> tuple[str, str]:
    """(zh, en) of an object as a person sees it: its kind (the zone's or facility's own kind when
    it has one) and its label, never its internal id.

    >>> from shapely.geometry import box
    >>> object_title(Zone(id="z-7", geometry=box(0, 0, 1, 1), kind="waiting", label="东侧"))
    ('等候区“东侧”', 'Waiting area "东侧"')
    """
    zh, en = KIND_NAMES.get(obj.KIND, (obj.KIND, obj.KIND))
    sub = {"zone": ZONE_KINDS, "facility": FACILITY_KINDS, "obstacle": OBSTACLE_KINDS}.get(obj.KIND, {})
    kind = getattr(obj, "kind", "other")
    if kind != "other" and kind in sub:
        zh, en = sub[kind]
    if obj.label:
        return f"{zh}“{obj.label}”", f'{en} "{obj.label}"'
    return zh, en


AnyObject = PlanObject  # any object of any kind (OBJECT_TYPES)
T = TypeVar("T", bound=PlanObject)

_GEOM_KIND: dict[str, tuple[type[BaseGeometry], ...]] = {code: KINDS[code].geometry for code in OBJECT_TYPES}


GEOMETRY_TYPES = _GEOM_KIND  # the geometry types each object type may have (the schema publishes them)


def check_object(obj: PlanObject) -> None:
    """Raise ValueError (:class:`geometry.invalid.InvalidPlan`, in both languages) when an
    object's geometry is not usable."""
    allowed = _GEOM_KIND[obj.KIND]
    g = obj.geometry
    if obj.KIND in SINGLE_TYPES:
        _check_outline(obj)
        return
    zh, en = OBJECT_SPECS[obj.KIND][:2]
    wz = f"{zh} {obj.id}".strip()
    if not isinstance(g, allowed):
        raise wrong_type(object_title(obj), tuple(t.__name__ for t in allowed), g.geom_type)
    if g.is_empty:
        raise InvalidPlan.shape(object_title(obj), g)
    check_coordinates(g, (wz, f"{en} {obj.id}"))
    if isinstance(g, Polygon) and not g.is_valid:
        raise InvalidPlan.shape(object_title(obj), g)


_OUTLINE_TITLE = {"hall": ("服务大厅边界", "The service hall boundary"), "building": ("建筑轮廓", "The building outline")}
_OUTLINE_WHERE = {"hall": ("服务大厅边界", "hall"), "building": ("建筑轮廓", "building")}


def _check_outline(obj: PlanObject) -> None:
    """The hall's or the building's outline: one valid polygon."""
    g, title = obj.geometry, _OUTLINE_TITLE[obj.KIND]
    if not isinstance(g, Polygon):
        raise wrong_type(title, ("Polygon",), g.geom_type)
    if not g.is_empty:
        check_coordinates(g, _OUTLINE_WHERE[obj.KIND])
    if g.is_empty or not g.is_valid:
        raise InvalidPlan.shape(title, g)


_SINGLE_FIRST = {"building": 0, "hall": 1}


def _singles_first(objs: "tuple[PlanObject, ...]") -> "tuple[PlanObject, ...]":
    """The objects with the hall and building leading, the building first (one order, whoever built
    the plan: a saved and reopened plan equals the one saved).  Counted at C speed; sorted only when
    they are not already in place."""
    n = sum(map(_SINGLE_CLASSES.__contains__, map(type, objs)))
    if n == 0:
        return objs
    if (n == 1 and type(objs[0]) in _SINGLE_CLASSES) or (n == 2 and type(objs[0]) is Building and type(objs[1]) is Hall):
        return objs
    return tuple(sorted(objs, key=lambda o: _SINGLE_FIRST.get(o.KIND, 2)))


class _Keep:
    """``Plan(...)`` without ``hall=``/``building=``: the objects say."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


def _set_single(objects: list[PlanObject], kind: str, outline: "Polygon | None | _Keep") -> None:
    """Put ``outline`` in ``objects`` as the one object of a single kind (keeping its id, label and
    place), or take it out (``None``)."""
    if isinstance(outline, _Keep):
        return
    at = next((i for i, o in enumerate(objects) if o.KIND == kind), None)
    if outline is None:
        if at is not None:
            del objects[at]
        return
    if at is not None:
        objects[at] = objects[at].with_geometry(outline)
        return
    ids = {o.id for o in objects}
    oid = kind if kind not in ids else next(f"{kind}-{n}" for n in itertools.count(1) if f"{kind}-{n}" not in ids)
    cls = SINGLE_TYPES[kind]
    objects.insert(0, cls(id=oid, geometry=outline))  # Plan puts it in its place


@dataclass(frozen=True, init=False)
class Plan:
    """A whole hall plan.  Immutable; edit by building new plans.

    The hall and the building are objects (:class:`Hall`, :class:`Building`) of single-instance kinds
    in ``objects``; ``Plan(hall=polygon)`` and ``plan.with_outline("hall", polygon or None)`` set or clear
    them, and ``plan.hall`` / ``plan.building`` read their polygons."""

    context: Context = field(default_factory=Context)
    objects: tuple[PlanObject, ...] = ()
    signage: Signage = field(default_factory=Signage)
    checklist: Mapping[str, bool] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)  # e.g. source file, units, import report

    def __init__(self, context: Context | None = None, hall: "Polygon | None | _Keep" = KEEP,
                 building: "Polygon | None | _Keep" = KEEP, objects: "tuple[PlanObject, ...]" = (),
                 signage: Signage | None = None, checklist: Mapping[str, bool] | None = None,
                 meta: Mapping[str, Any] | None = None) -> None:
        if isinstance(hall, _Keep) and isinstance(building, _Keep):
            objs = objects if isinstance(objects, tuple) else tuple(objects)
        else:
            edited = list(objects)
            _set_single(edited, "building", building)
            _set_single(edited, "hall", hall)
            objs = tuple(edited)
        object.__setattr__(self, "context", Context() if context is None else context)
        object.__setattr__(self, "objects", _singles_first(objs))
        object.__setattr__(self, "signage", Signage() if signage is None else signage)
        object.__setattr__(self, "checklist", {} if checklist is None else checklist)
        object.__setattr__(self, "meta", {} if meta is None else meta)
        self.__post_init__()

    def __post_init__(self) -> None:
        for item, tick in self.checklist.items():  # "false" as text would count as ticked
            if not isinstance(tick, bool):
                raise FieldError(f"核查项“{item}”应为 true/false,而不是 {tick!r}", f"checklist item '{item}' must be true or false, not {tick!r}")
        # index for get(); frozen dataclass, so set via object.__setattr__
        index = {o.id: o for o in self.objects}
        if len(index) != len(self.objects):
            seen: set[str] = set()
            for o in self.objects:
                if o.id in seen:
                    raise InvalidPlan(f"两个对象的编号相同:{o.id}", f"two objects have the same id: {o.id}")
                seen.add(o.id)
        single: dict[str, PlanObject] = {}
        for o in self.objects[:2]:  # the single kinds lead the objects (_singles_first)
            if type(o) not in _SINGLE_CLASSES:
                break
            if o.KIND in single:
                k = KINDS[o.KIND]
                raise InvalidPlan(f"平面中只能有一个{k.zh}", f"a plan has one {k.en_lower} at most")
            single[o.KIND] = o
            _check_outline(o)
        if len(self.objects) > 2 and type(self.objects[2]) in _SINGLE_CLASSES:  # a third: a second hall or building
            k = KINDS[self.objects[2].KIND]
            raise InvalidPlan(f"平面中只能有一个{k.zh}", f"a plan has one {k.en_lower} at most")
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_by_type", {})  # of_type() answers, per class (the plan never changes)
        object.__setattr__(self, "_single", single)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (and copied) as its five fields, the objects packed by class
        (:func:`geometry.pickling.pack_objects`: a real floor's plan holds thousands), without
        the lookup tables made from them."""
        from geometry.pickling import pack_objects

        return _unpickle_plan, (self.context, pack_objects(self.objects), self.signage, self.checklist, self.meta)

    @property
    def hall(self) -> Polygon | None:
        """The hall boundary (the polygon of the plan's :class:`Hall`), or None."""
        o = self._single.get("hall")  # type: ignore[attr-defined]
        return None if o is None else o.geometry

    @property
    def building(self) -> Polygon | None:
        """The building outline (the polygon of the plan's :class:`Building`), or None."""
        o = self._single.get("building")  # type: ignore[attr-defined]
        return None if o is None else o.geometry

    def single(self, kind: str) -> PlanObject | None:
        """The object of a single-instance kind (``"hall"``, ``"building"``), or None."""
        return self._single.get(kind)  # type: ignore[attr-defined, no-any-return]

    # --- queries -----------------------------------------------------------
    def get(self, oid: str) -> PlanObject | None:
        return self._index.get(oid)  # type: ignore[attr-defined, no-any-return]

    def __contains__(self, oid: object) -> bool:
        return oid in self._index  # type: ignore[attr-defined]

    def of_type(self, cls: type[T]) -> tuple[T, ...]:
        cache: dict[object, Any] = self._by_type  # type: ignore[attr-defined]
        got = cache.get(cls)
        if got is None:
            # the objects sorted by their own class in one pass (a check asks for a dozen classes, and one
            # scan of thousands of objects each was the most of that); a class that more than one of
            # them belong to (a base class) is still read off the objects in plan order
            exact: dict[type, list[PlanObject]] | None = cache.get("classes")
            if exact is None:
                exact = cache["classes"] = {}
                for o in self.objects:
                    exact.setdefault(type(o), []).append(o)
            kinds = [t for t in exact if issubclass(t, cls)]
            if len(kinds) <= 1:
                got = tuple(exact[kinds[0]]) if kinds else ()
            else:
                got = tuple(o for o in self.objects if isinstance(o, cls))
            cache[cls] = got
        return got

    @property
    def counters(self) -> tuple[Counter, ...]:
        return self.of_type(Counter)

    @property
    def zones(self) -> tuple[Zone, ...]:
        return self.of_type(Zone)

    @property
    def facilities(self) -> tuple[Facility, ...]:
        return self.of_type(Facility)

    @property
    def entrances(self) -> tuple[Entrance, ...]:
        return self.of_type(Entrance)

    @property
    def consult_desks(self) -> tuple[ConsultDesk, ...]:
        return self.of_type(ConsultDesk)

    @property
    def parking(self) -> tuple[Parking, ...]:
        return self.of_type(Parking)

    @property
    def routes(self) -> tuple[Route, ...]:
        return self.of_type(Route)

    @property
    def obstacles(self) -> tuple[Obstacle, ...]:
        return self.of_type(Obstacle)

    @property
    def rooms(self) -> tuple[Room, ...]:
        return self.of_type(Room)

    def zones_of(self, kind: str) -> tuple[Zone, ...]:
        return self._of_kind(Zone, kind)  # type: ignore[return-value]

    def facilities_of(self, kind: str) -> tuple[Facility, ...]:
        return self._of_kind(Facility, kind)  # type: ignore[return-value]

    def _of_kind(self, cls: type[PlanObject], kind: str) -> tuple[PlanObject, ...]:
        """The objects of ``cls`` of one kind, in plan order: all kinds sorted out in one pass, once per plan
        (the rules ask for a kind among thousands of facilities dozens of times per check)."""
        cache: dict[object, Any] = self._by_type  # type: ignore[attr-defined]
        key = (cls, "kind")
        table: dict[str, tuple[PlanObject, ...]] | None = cache.get(key)
        if table is None:
            groups: dict[str, list[PlanObject]] = {}
            for o in self.of_type(cls):
                groups.setdefault(o.kind, []).append(o)  # type: ignore[attr-defined]
            table = cache[key] = {k: tuple(v) for k, v in groups.items()}
        return table.get(kind, ())

    def main_entrance(self) -> Entrance | None:
        ents = self.entrances
        for e in ents:
            if e.main:
                return e
        return ents[0] if len(ents) == 1 else None

    def new_id(self, prefix: str) -> str:
        for n in itertools.count(1):
            cand = f"{prefix}-{n}"
            if cand not in self:
                return cand
        raise AssertionError("unreachable")

    # --- building new plans -------------------------------------------------
    def with_object(self, obj: PlanObject) -> "Plan":
        check_object(obj)
        return replace(self, objects=self.objects + (obj,))

    def without(self, ids: "set[str] | frozenset[str] | tuple[str, ...] | list[str]") -> "Plan":
        drop = set(ids)
        missing = drop - set(self._index)  # type: ignore[attr-defined]
        if missing:
            raise KeyError(f"no such object: {', '.join(sorted(missing))}")
        return replace(self, objects=tuple(o for o in self.objects if o.id not in drop))

    def replacing(self, new: PlanObject) -> "Plan":
        if new.id not in self:
            raise KeyError(f"no such object: {new.id}")
        check_object(new)
        return replace(self, objects=tuple(new if o.id == new.id else o for o in self.objects))

    def with_outline(self, kind: str, outline: Polygon | None) -> "Plan":
        """The plan with its hall (``kind="hall"``) or building outline set to ``outline`` (None: removed)."""
        objs = list(self.objects)
        _set_single(objs, kind, outline)
        return replace(self, objects=tuple(objs))

    def with_context(self, **changes: Any) -> "Plan":
        return replace(self, context=replace(self.context, **changes))

    def iter_geometries(self) -> Iterator[BaseGeometry]:
        for o in self.objects:
            yield o.geometry

    def bounds(self) -> tuple[float, float, float, float] | None:
        import numpy as np
        import shapely

        geoms = list(self.iter_geometries())
        arr = np.fromiter(geoms, dtype=object, count=len(geoms))  # every object's bounds in one call (a floor has thousands)
        b = shapely.bounds(arr)[~shapely.is_empty(arr)]
        if len(b) and not np.isnan(b).any():
            return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())
        xs: list[float] = []
        ys: list[float] = []
        for g in geoms:
            if g.is_empty:
                continue
            x0, y0, x1, y1 = g.bounds
            xs += [x0, x1]
            ys += [y0, y1]
        if not xs:
            return None
        return min(xs), min(ys), max(xs), max(ys)


def _unpickle_plan(context: Context, groups: "list[ObjectGroup]", signage: Signage, checklist: Mapping[str, bool],
                   meta: Mapping[str, Any]) -> Plan:
    """A pickled plan as it was: checked when it was made, so, as any unpickled object, not again."""
    from geometry.pickling import unpack_objects

    plan = object.__new__(Plan)
    objects: tuple[PlanObject, ...] = unpack_objects(groups)
    single: dict[str, PlanObject] = {}
    for o in objects[:2]:  # the single kinds lead the objects (_singles_first)
        if type(o) not in _SINGLE_CLASSES:
            break
        single[o.KIND] = o
    for name, value in (("context", context), ("objects", objects), ("signage", signage), ("checklist", checklist),
                        ("meta", meta), ("_index", {o.id: o for o in objects}), ("_by_type", {}), ("_single", single)):
        object.__setattr__(plan, name, value)
    return plan


def object_fields(obj: PlanObject) -> dict[str, Any]:
    """The non-geometry fields of an object, by name (for serialisation and property panels)."""
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.name not in ("geometry",)}
