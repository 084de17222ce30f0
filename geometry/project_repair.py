"""Opening a project file that does not read as it is: what can be kept is kept, the rest is named.

:func:`geometry.project.plan_from_dict` refuses a file at its first bad value (a counter 7 m high, a
self-crossing hall, a field an older or hand-edited file spells differently), so a user would lose the
whole plan to one value.  :func:`salvage` reads the same parsed file part by part: a bad context or
signage field, checklist item or ``meta`` entry is left out; an object keeps its good fields and loses
the bad ones (it is left out only when its type, id or geometry is unusable); an id used twice gets a
new one; a self-crossing hall or building outline is mended (``make_valid``, its largest polygon).
Each change is one line in both languages, so the user can see what the file lost before saving it
again.  A file that is not a HallPlan project, or is from a newer version, is not salvaged.

>>> import json
>>> from geometry.project import plan_from_dict
>>> data = {"format": "hallplan", "version": 2, "context": {"level": "county", "population": -5},
...         "objects": [{"type": "counter", "id": "c1", "height_m": 70,
...                      "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1.6, 0], [1.6, 0.8], [0, 0.8], [0, 0]]]}}]}
>>> plan, notes = salvage(data)
>>> plan.context.level, plan.context.population, plan.counters[0].height_m
('county', None, None)
>>> len(notes)
2
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Polygon
from shapely.validation import make_valid

from geometry.i18n import HallPlanError
from geometry.model import OBJECT_TYPES, SINGLE_TYPES, Plan
from geometry.project import (FORMAT, MAX_OBJECTS, OUTLINE_LABELS, TOP_FIELDS, VERSION, ProjectError, _check_meta, _geom_in,
                              _object_in, _outline_labels, _packs_beside, migrate, plan_from_dict, read_project_data)
from geometry.validate import FieldError, check_text, context_values, short, signage_values

Note = tuple[str, str]  # (Chinese, English): one change made to read the file


def salvage(data: Any) -> tuple[Plan, list[Note]]:
    """The plan ``data`` (a parsed project file) holds, with what does not read left out or mended,
    and one note per change.  Raises :class:`ProjectError` when the file is not a HallPlan project of
    this or an older version (nothing to salvage) or, rarely, when the mended file still does not read."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProjectError("不是 HallPlan 项目文件(缺少 format: hallplan)", "not a HallPlan project file (no format: hallplan)")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, (int, float)) or not 1 <= version <= VERSION \
            or not float(version).is_integer():  # the range first: a 400-digit version does not convert to float
        raise ProjectError(f"无法修复:格式版本 {short(str(version))} 不可读(本程序读取 1–{VERSION})",
                           f"cannot repair: format version {short(str(version))} is unreadable (this program reads 1–{VERSION})")
    notes: list[Note] = []
    d = migrate(dict(data), int(version))
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for k in d:
        if k not in TOP_FIELDS:
            notes.append((f"已去掉未知字段“{short(str(k))}”", f"removed the unknown field '{short(str(k))}'"))
    out["context"] = _fields(d.get("context"), "context", ("背景信息", "context"), context_values, notes)
    out["signage"] = _fields(d.get("signage"), "signage", ("标牌", "signage"), signage_values, notes)
    out["checklist"] = _checklist(d.get("checklist"), notes)
    out["meta"] = _meta(d.get("meta"), notes)
    for key in ("hall", "building"):
        out[key] = _outline(d.get(key), key, notes)
    out["objects"] = _objects(d.get("objects"), notes)
    meta = out["meta"]
    if OUTLINE_LABELS in meta:
        try:
            _outline_labels(meta[OUTLINE_LABELS], {k: out[k] for k in SINGLE_TYPES})  # only whether each outline is there
        except ProjectError as exc:
            del meta[OUTLINE_LABELS]
            notes.append((f"已去掉大厅/建筑名称:{exc.zh}", f"removed the hall/building names: {exc.en}"))
    if "$schema" in d and isinstance(d["$schema"], str):
        out["$schema"] = d["$schema"]
    try:
        return plan_from_dict(out), notes
    except HallPlanError as exc:
        raise ProjectError(f"修复后仍无法读取:{exc.zh}", f"still unreadable after repair: {exc.en}") from None


def _fields(raw: Any, key: str, what: tuple[str, str], read: Any, notes: list[Note]) -> dict[str, Any]:
    """A table of fields (context, signage) with each bad field left out."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        notes.append((f"已去掉{what[0]}({key}):不是键值表", f"removed {what[1]} ({key}): not an object of keys and values"))
        return {}
    kept: dict[str, Any] = {}
    for k, v in raw.items():
        try:
            read({k: v}, what)
        except FieldError as exc:
            notes.append((f"已去掉 {exc.zh}", f"removed: {exc.en}"))
            continue
        kept[k] = v
    return kept


def _checklist(raw: Any, notes: list[Note]) -> dict[str, bool]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        notes.append(("已去掉核查项(checklist):不是键值表", "removed the checklist: not an object of keys and values"))
        return {}
    kept: dict[str, bool] = {}
    for k, v in raw.items():
        try:
            check_text(k, "核查项(checklist)", "checklist")
        except FieldError as exc:
            notes.append((f"已去掉 {exc.zh}", f"removed: {exc.en}"))
            continue
        if not isinstance(v, bool):
            notes.append((f"已去掉核查项“{short(k)}”:应为 true/false", f"removed the checklist item '{short(k)}': not true or false"))
            continue
        kept[k] = v
    return kept


def _meta(raw: Any, notes: list[Note]) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        notes.append(("已去掉附加信息(meta):不是键值表", "removed meta: not an object of keys and values"))
        return {}
    kept: dict[str, Any] = {}
    for k, v in raw.items():
        try:
            _check_meta({k: v})
        except (ProjectError, FieldError) as exc:
            notes.append((f"已去掉 {exc.zh}", f"removed: {exc.en}"))
            continue
        kept[k] = v
    return kept


def _outline(raw: Any, key: str, notes: list[Note]) -> Any:
    """The hall's or building's GeoJSON outline as it can be read: mended when it crosses itself."""
    if raw is None:
        return None
    zh = "服务大厅边界" if key == "hall" else "建筑轮廓"
    try:
        g = _geom_in(raw, (f"{zh}({key})", key))
    except ProjectError as exc:
        notes.append((f"已去掉{exc.zh}", f"removed: {exc.en}"))
        return None
    if isinstance(g, Polygon) and not g.is_empty and g.is_valid:
        return raw
    fixed = make_valid(g) if not g.is_empty else g
    parts = [p for p in getattr(fixed, "geoms", [fixed]) if isinstance(p, (Polygon, MultiPolygon))]
    polys = [q for p in parts for q in (p.geoms if isinstance(p, MultiPolygon) else [p]) if not q.is_empty]
    if not polys:
        notes.append((f"已去掉{zh}:不是有效的多边形", f"removed the {key} outline: not a valid polygon"))
        return None
    best = max(polys, key=lambda p: p.area)
    notes.append((f"{zh}自相交,已修正为有效多边形(面积 {best.area:,.1f} m²,原有 {len(polys)} 块时取最大一块)",
                  f"the {key} outline crossed itself: mended into a valid polygon ({best.area:,.1f} m²; the largest of {len(polys)} pieces)"))
    return {"type": "Polygon", "coordinates": [list(map(list, best.exterior.coords))] + [list(map(list, r.coords)) for r in best.interiors]}


def _objects(raw: Any, notes: list[Note]) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        notes.append(("已去掉对象列表(objects):不是列表", "removed the objects: not a list"))
        return []
    if len(raw) > MAX_OBJECTS:
        notes.append((f"对象过多:只保留前 {MAX_OBJECTS:,} 个(共 {len(raw):,} 个)",
                      f"too many objects: the first {MAX_OBJECTS:,} kept (of {len(raw):,})"))
        raw = raw[:MAX_OBJECTS]
    kept: list[Any] = []
    ids: set[str] = set()
    for i, item in enumerate(raw):
        obj = _object(i, item, notes)
        if obj is None:
            continue
        oid = obj["id"]
        if oid in ids:
            new = next(f"{oid}-{n}" for n in range(2, 10**6) if f"{oid}-{n}" not in ids)
            notes.append((f"objects[{i}]:编号 {short(oid)} 重复,改为 {short(new)}", f"objects[{i}]: the id {short(oid)} was used twice; now {short(new)}"))
            obj = {**obj, "id": new}
        ids.add(obj["id"])
        kept.append(obj)
    return kept


def _object(i: int, raw: Any, notes: list[Note]) -> dict[str, Any] | None:
    """One object as it can be read: bad fields left out, or None (and a note) when it cannot be."""
    first: HallPlanError
    try:
        _object_in(i, raw)
        return dict(raw)
    except HallPlanError as exc:  # ProjectError, or FieldError from a field's value
        first = exc
    usable = isinstance(raw, dict) and isinstance(raw.get("type"), str) and raw["type"] in OBJECT_TYPES \
        and raw["type"] not in SINGLE_TYPES and isinstance(raw.get("id"), str) and raw["id"].strip() and "geometry" in raw
    if usable:
        obj = dict(raw)
        dropped: list[Note] = []
        for k in [k for k in raw if k not in ("type", "id", "geometry")]:
            try:
                _object_in(i, {"type": obj["type"], "id": obj["id"], "geometry": obj["geometry"], k: obj[k]})
            except HallPlanError as exc:
                del obj[k]
                dropped.append((f"已清除 {exc.zh}", f"cleared: {exc.en}"))
        try:
            _object_in(i, obj)
            notes.extend(dropped)
            return obj
        except HallPlanError as exc:
            first = exc
    notes.append((f"已删除对象 {first.zh}", f"removed the object: {first.en}"))
    return None


class RepairableProjectError(ProjectError):
    """A project file that does not read as it is but can be repaired (:func:`salvage_file`): the
    command line points to ``hallplan repair``, the editor offers to open the repaired plan."""

    def __init__(self, zh: str, en: str, path: Path, changes: int) -> None:
        super().__init__(zh, en)
        self.path, self.changes = path, changes


def load_or_explain(path: str | os.PathLike[str]) -> Plan:
    """:func:`geometry.project.load_plan`, and when it refuses a file that :func:`salvage_file` can
    open, a :class:`RepairableProjectError` saying so (same reason first)."""
    from geometry.project import load_plan

    try:
        return load_plan(path)
    except ProjectError as exc:
        try:
            _plan, notes = salvage_file(path)
        except HallPlanError:
            raise exc from None
        if not notes:
            raise
        raise RepairableProjectError(exc.zh, exc.en, Path(path), len(notes)) from None


def salvage_file(path: str | os.PathLike[str]) -> tuple[Plan, list[Note]]:
    """:func:`salvage` of the project file at ``path``, read as :func:`geometry.project.load_plan`
    reads it (a file that is not JSON cannot be salvaged: the same message says why)."""
    p = Path(path)
    data = read_project_data(p)
    try:
        plan, notes = salvage(data)
    except ProjectError as exc:
        raise ProjectError(f"{p.name}: {exc.zh}", f"{p.name}: {exc.en}") from None
    return _packs_beside(plan, p.parent), notes


__all__ = ["Note", "RepairableProjectError", "load_or_explain", "salvage", "salvage_file"]
