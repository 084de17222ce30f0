"""What the area layers gave, for the import report and the plan: rooms, holes, floors, building area."""

from __future__ import annotations

from typing import Any, Mapping

from geometry.dxf.mapping import Built
from geometry.model import Context


def area_notes(built: Built) -> list[tuple[str, str]]:
    """Import notes (zh, en): the rooms of the area layers, the holes cut, each floor's building area."""
    area = built.area
    notes: list[tuple[str, str]] = []
    if area.rooms:
        n = len(area.rooms)
        named = sum(1 for r in area.rooms if r.name)
        stated = [r for r in area.rooms if r.stated_m2 is not None]
        close = sum(1 for r in stated if (r.mismatch or 0.0) <= 0.005)
        holes = sum(r.holes for r in area.rooms)
        zh = f"面积图层:{n} 个房间,{named} 个有名称,{len(stated)} 个标注了面积(其中 {close} 个与边界面积相差不超过 0.5%)"
        en = f"area layers: {n} rooms, {named} named, {len(stated)} with a stated area ({close} within 0.5% of the outline)"
        if holes:
            zh += f";扣除 {holes} 个洞口(楼梯间、天井等)"
            en += f"; {holes} holes (stair cores, light wells) cut out"
        if area.skipped:
            zh += f";{area.skipped} 个无名称且包含其他房间的边界(图框或楼层轮廓)不作房间"
            en += f"; {area.skipped} unnamed outlines around other rooms (frames, floor outlines) are not rooms"
        notes.append((zh, en))
    for role, k in built.holes.items():
        what = {"hall": ("服务大厅边界", "the hall outline"), "building": ("建筑轮廓", "the building outline")}.get(role, (role, role))
        notes.append((f"{what[0]}内的 {k} 个闭合边界作为洞口扣除", f"{k} closed outlines inside {what[1]} cut out as holes"))
    if len(area.floors) > 1:
        parts = [(f.name or f"第 {i + 1} 块", f.name or f"region {i + 1}", f) for i, f in enumerate(area.floors)]
        zh = ";".join(f"{n}:{_ba_zh(f.building_m2, f.building_how)},{f.rooms} 个房间" for n, _e, f in parts)
        en = "; ".join(f"{e}: {_ba_en(f.building_m2, f.building_how)}, {f.rooms} rooms" for _n, e, f in parts)
        notes.append((f"图中有 {len(area.floors)} 层平面:{zh}", f"the drawing holds {len(area.floors)} floor plans: {en}"))
    if area.building_how is not None:
        notes.append((f"建筑面积:{area.building_how[0]}", f"building area: {area.building_how[1]}"))
    return notes


def _ba_zh(v: float | None, how: str) -> str:
    if v is None:
        return "建筑面积未知"
    return f"建筑面积 {v:.2f} m²({'建筑面积线' if how == 'outline' else '标注'})"


def _ba_en(v: float | None, how: str) -> str:
    if v is None:
        return "building area unknown"
    return f"building area {v:.2f} m² ({'outline' if how == 'outline' else 'stated'})"


def with_area_facts(built: Built, meta: Mapping[str, Any], extra: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan's meta and context with the drawing's floors and building area: the building area
    goes into the context unless the drawing carries HallPlan's own project data (an export: its
    context is kept as saved)."""
    area = built.area
    out_meta = dict(meta)
    out_extra = dict(extra)
    if len(area.floors) > 1 or any(f.name for f in area.floors):
        out_meta["floors"] = [{"name": f.name, "building_area_m2": None if f.building_m2 is None else round(f.building_m2, 3),
                               "building_area_from": f.building_how or None, "rooms": f.rooms} for f in area.floors]
    if area.building_m2 is not None:
        out_meta["drawn_floors"] = max(1, sum(1 for f in area.floors if f.building_m2 is not None))
        out_meta["building_area_drawn_m2"] = round(area.building_m2, 3)
        if "context" not in out_extra:
            out_extra["context"] = Context(building_area_m2=round(area.building_m2, 2))
    return out_meta, out_extra
