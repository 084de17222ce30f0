"""What each kind of plan object *is*, written once: one :class:`Kind` descriptor per object type.

Every table that used to name, order or map the object types on its own is derived from
:data:`KINDS`: the model's display names and geometry types, the undo history's words, the pick order
of a click, the drawing order of the canvas, the PDF and the DXF writer, the DXF layer roles that
produce a kind and the layer the writer puts it on.  The planner's style table is keyed by
:attr:`Kind.code`.  Adding a kind (a ramp, a lift) means one descriptor here, its model class, its
style, its rules and their tests.

The hall and the building are kinds like any other, only *single*: a plan holds at most one of
each, and adding a second replaces the first.

>>> KINDS["counter"].zh, KINDS["counter"].en, KINDS["hall"].single
('服务台', 'Counter', True)
>>> [k.code for k in draw_order()][:3]
['building', 'hall', 'room']
>>> kind_for_role("column").code, kind_for_role("waiting").code
('obstacle', 'zone')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geometry.validate import Spec


@dataclass(frozen=True)
class Kind:
    """One object kind.

    ``draw``: lower is drawn first (underneath).  ``pick``: lower is picked first when several objects
    lie under the cursor; ``None``: a click never picks it.  ``roles``: the DXF
    layer roles (layer map, ``geometry/dxf/layermap``) whose entities become this kind.  ``layer``: the
    layer the DXF writer puts it on, ``sublayers`` by the object's own ``kind`` field (walls, columns)."""

    code: str
    zh: str
    en: str
    en_plural: str
    geometry: tuple[type[BaseGeometry], ...]
    draw: int
    pick: int | None
    roles: tuple[str, ...]
    layer: str
    colour: int  # ACI colour of the writer's layer
    single: bool = False
    sublayers: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, Spec] = field(default_factory=dict)  # the kind's own fields (type, range, names), when
    # not built by the model from its sub-kind tables (geometry.validate.object_specs)

    @property
    def en_lower(self) -> str:
        """The English name mid-sentence ("accessible route")."""
        return self.en[0].lower() + self.en[1:]


_ALL: tuple[Kind, ...] = (
    # the building: picked last of all (a click on its bare floor outside the hall takes it)
    Kind("building", "建筑轮廓", "Building outline", "building outlines", (Polygon,), 0, 98, ("building",), "HP-BUILDING", 8,
         single=True),
    Kind("hall", "服务大厅", "Service hall", "service halls", (Polygon,), 10, 90, ("hall",), "HP-HALL", 5, single=True),
    # rooms of the drawing's area layers: drawn over the hall, picked after it (a click in the hall takes the hall);
    # the DXF import reads them by their own code (geometry/dxf/room_areas), the area tool draws them by their role
    Kind("room", "房间", "Room", "rooms", (Polygon,), 20, 95, ("room",), "HP-ROOM", 6, fields={
        "stated_area_m2": Spec("float", "标注面积", "stated area", lo=0, hi=1e8, unit="m²", lo_open=True),
        "layer": Spec("str", "图层", "layer", nullable=False),
        "floor": Spec("str", "楼层", "floor", nullable=False),
        "hall_part": Spec("bool", "属于服务大厅", "part of the hall", nullable=False)}),
    Kind("parking", "停车场", "Parking", "parking areas", (Polygon,), 100, 70, ("parking",), "HP-PARKING", 30),
    Kind("zone", "功能区", "Zone", "zones", (Polygon,), 110, 60, ("zone", "waiting"), "HP-ZONE", 3),
    Kind("obstacle", "障碍物", "Obstacle", "obstacles", (Polygon, LineString, Point), 120, 50,
         ("wall", "column", "door", "window", "obstacle"), "HP-OBSTACLE", 9,
         sublayers={"wall": "HP-WALL", "column": "HP-COLUMN", "door": "HP-DOOR", "window": "HP-WINDOW"}),
    Kind("ramp", "坡道", "Ramp", "ramps", (Polygon,), 130, 45, ("ramp",), "HP-RAMP", 150, fields={
        "width_m": Spec("float", "通行净宽", "clear width", lo=0, hi=100, unit="m", lo_open=True),
        "rise_m": Spec("float", "提升高度", "rise", lo=0, hi=100, unit="m"),
        "length_m": Spec("float", "水平长度", "run length", lo=0, hi=1000, unit="m", lo_open=True),
        "accessible": Spec("bool", "轮椅坡道", "wheelchair ramp", nullable=False)}),
    Kind("route", "无障碍通道", "Accessible route", "accessible routes", (LineString,), 140, 40, ("route",), "HP-ROUTE", 140),
    Kind("counter", "服务台", "Counter", "counters", (Polygon,), 150, 30, ("counter",), "HP-COUNTER", 1),
    Kind("consult", "咨询台", "Consultation desk", "consultation desks", (Polygon, Point), 160, 20, ("consult",), "HP-CONSULT", 6),
    Kind("entrance", "出入口", "Entrance", "entrances", (LineString, Point), 170, 10, ("entrance",), "HP-ENTRANCE", 4),
    Kind("facility", "设施", "Facility", "facilities", (Point,), 180, 0, ("facility",), "HP-FACILITY", 2),
)

KINDS: dict[str, Kind] = {k.code: k for k in _ALL}
SINGLE_KINDS: frozenset[str] = frozenset(k.code for k in _ALL if k.single)


def draw_order() -> tuple[Kind, ...]:
    """Every kind, the one drawn underneath first."""
    return tuple(sorted(_ALL, key=lambda k: k.draw))


def pick_rank(code: str) -> int:
    """Where a kind stands when several objects lie under a click (lower first; unknown kinds last)."""
    k = KINDS.get(code)
    return 99 if k is None or k.pick is None else k.pick


def kind_names() -> dict[str, tuple[str, str]]:
    """code -> (zh, en) display name, every kind."""
    return {k.code: (k.zh, k.en) for k in _ALL}


_BY_ROLE: dict[str, Kind] = {r: k for k in _ALL for r in k.roles}


def kind_for_role(role: str) -> Kind:
    """The kind a DXF layer role produces (KeyError for a role that makes no object: ignore)."""
    return _BY_ROLE[role]


def role_kinds() -> dict[str, str]:
    """DXF layer role -> kind code, for every role that makes an object."""
    return {r: k.code for r, k in _BY_ROLE.items()}


def writer_layers() -> dict[str, int]:
    """Every layer the DXF writer may put an object on -> its ACI colour (sublayers take the colour 7)."""
    out: dict[str, int] = {}
    for k in draw_order():
        out[k.layer] = k.colour
        out.update({name: 7 for name in k.sublayers.values()})
    return out


def layer_of(code: str, sub: str | None = None) -> str:
    """The writer's layer for an object of kind ``code`` (and its own ``kind`` field, if any)."""
    k = KINDS[code]
    return k.sublayers.get(sub or "", k.layer)
