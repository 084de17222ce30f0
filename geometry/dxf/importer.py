"""``import_dxf``: a DXF drawing → a :class:`~geometry.model.Plan` in metres, a report and an underlay."""

from __future__ import annotations

import contextlib
import gc
import json
import math
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import numpy as np
import shapely
from ezdxf import bbox as ezbbox
from ezdxf.math import OCS, Matrix44

from geometry.bulk_checks import object_errors
from geometry.dxf.collect import MAX_COORD, Collector
from geometry.dxf.dwg import DwgInfo, convert_dwg, dwg_version, release, restore_dwg_state
from geometry.dxf.errors import DxfError
from geometry.dxf.expand import MAX_DEPTH
from geometry.dxf.layermap import LayerMap, as_layer_map
from geometry.dxf.lite import LiteAttrib, LiteBulged, LiteEntity, LiteInsert, LiteLine, LiteLwPolyline, LiteModelspace, LiteText
from geometry.dxf.limits import Budget, ImportLimits
from geometry.dxf.mapping import all_lines_near, map_objects, wall_and_door_lines
from geometry.dxf.reader import DEFAULT_MAX_BYTES, check_file, fix_mojibake, open_document
from geometry.dxf.report import ImportReport, ImportResult, LayerReport, Underlay, UnderlayLayer, UnderlayText
from geometry.dxf.room_notes import area_notes, with_area_facts
from geometry.dxf.rooms import room_around
from geometry.dxf.units import choose_units, robust_extent
from geometry.dxf.writer import APPID
from geometry.i18n import HallPlanError
from geometry.model import Context, Obstacle, Plan, Room, Signage
from geometry.validate import FieldError, context_values, parse_json_int, short, signage_values

Progress = Callable[[float, str], None]
_SAMPLE_MAX = 20_000  # top-level entities looked at to decide the units
MAX_HALL_LABELS = 5  # hall labels tried when no hall boundary is drawn
ROOM_SEARCH_M = 150.0  # walls this far around a hall label are used to close the room


_TEXTS = ("TEXT", "MTEXT", "ATTRIB", "ATTDEF")


def _box_of(entities: Iterable[Any]) -> np.ndarray | None:
    """Bounding box of non-INSERT entities; texts count by their insertion point (ezdxf's text box
    parses the whole string, minutes for a megabyte of text)."""
    shapes: list[Any] = []
    pts: list[tuple[float, float]] = []
    for e in entities:
        if isinstance(e, LiteEntity):  # HallPlan's reader: lines and straight polylines by their points
            if isinstance(e, LiteLine):
                pts += [(e.x0, e.y0), (e.x1, e.y1)]
            elif isinstance(e, LiteLwPolyline):
                pts += list(zip(e.xs, e.ys))
            elif isinstance(e, (LiteText, LiteAttrib)):
                pts.append(e.insert.vec2)
            elif isinstance(e, LiteBulged):  # its arcs reach beyond its vertices: ezdxf measures them
                shapes.append(e.entity())
            continue  # LiteOther: dimensions and the like, nothing of the plan
        if e.dxftype() in _TEXTS:
            if e.dxf.hasattr("insert"):
                pts.append(e.dxf.insert.vec2)
        else:
            shapes.append(e)
    ext = ezbbox.extents(shapes, fast=True)
    if ext.has_data:
        pts += [ext.extmin.vec2, ext.extmax.vec2]
    arr = np.array(pts, dtype=float).reshape(-1, 2)
    arr = arr[np.isfinite(arr).all(axis=1)]
    if not len(arr):
        return None
    return np.array((arr.min(axis=0), arr.max(axis=0)))


def _union(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    if a is None or b is None:
        return a if b is None else b
    return np.array((np.minimum(a[0], b[0]), np.maximum(a[1], b[1])))


def _insert_box(doc: Any, ins: Any, memo: dict[str, np.ndarray | None], depth: int) -> np.ndarray | None:
    """The box a block reference covers (a MINSERT's whole grid): the block's box, its corners
    moved by the reference's matrix. Each block is measured once, so nesting cannot multiply."""
    box = _block_box(doc, ins.dxf.name, memo, depth)
    if box is None:
        return None
    m = ins.matrix44()
    corners = np.array([m.transform((x, y, 0)).vec2 for x in box[:, 0] for y in box[:, 1]], dtype=float)
    if ins.mcount > 1:
        d = ins.dxf
        rows = max(1, int(d.row_count)) if d.row_spacing else 1
        cols = max(1, int(d.column_count)) if d.column_spacing else 1
        grid = Matrix44.z_rotate(math.radians(d.rotation))
        ocs = OCS(d.extrusion)
        far = [ocs.to_wcs(grid.transform((cx, ry, 0))).vec2 for cx in (0.0, (cols - 1) * d.column_spacing)
               for ry in (0.0, (rows - 1) * d.row_spacing)]
        corners = (corners[None, :, :] + np.array(far, dtype=float)[:, None, :]).reshape(-1, 2)
    if not np.isfinite(corners).all():
        return None
    return np.array((corners.min(axis=0), corners.max(axis=0)))


def _block_box(doc: Any, name: str, memo: dict[str, np.ndarray | None], depth: int) -> np.ndarray | None:
    if name in memo:
        return memo[name]
    memo[name] = None  # a block inserting itself adds nothing
    block = doc.blocks.get(name)
    if block is None or depth > MAX_DEPTH:
        return None
    box = _box_of(e for e in block if e.dxftype() != "INSERT")
    for ins in block.query("INSERT"):
        try:
            box = _union(box, _insert_box(doc, ins, memo, depth + 1))
        except Exception:  # a broken reference says nothing about units
            continue
    memo[name] = box
    return box


def drawing_box(doc: Any, msp: Any) -> np.ndarray | None:
    """The drawing's bounding box, block references included, in time proportional to the file
    (not to what the blocks expand to)."""
    box = _box_of(e for e in msp if e.dxftype() != "INSERT")
    memo: dict[str, np.ndarray | None] = {}
    for ins in msp.query("INSERT"):
        try:
            box = _union(box, _insert_box(doc, ins, memo, 0))
        except Exception:
            continue
    return box


def _sample_points(doc: Any, msp: Any, total: int) -> np.ndarray:
    """Cheap representative points of the top-level entities, for deciding the units."""
    stride = max(1, total // _SAMPLE_MAX)
    pts: list[float] = []  # x, y, x, y...
    for i, e in enumerate(msp):
        if i % stride:
            continue
        try:
            if type(e) is LiteLine:  # HallPlan's reader: the numbers themselves, no vectors
                pts += (e.x0, e.y0, e.x1, e.y1)
                continue
            t = e.dxftype()
            if t == "LINE":
                s, en = e.dxf.start, e.dxf.end
                pts += (s.x, s.y, en.x, en.y)
            elif t == "LWPOLYLINE":
                pts += e.first_points(8) if type(e) is LiteLwPolyline else e.lwpoints.values[:8, :2].ravel().tolist()
            elif t in ("CIRCLE", "ARC"):
                c = e.dxf.center
                pts += (c.x, c.y)
            elif t in ("INSERT", "TEXT", "MTEXT"):
                c = e.dxf.insert
                pts += (c.x, c.y)
            elif t == "POLYLINE":
                pts += [c for v in list(e.vertices)[:8] for c in (v.dxf.location.x, v.dxf.location.y)]
        except Exception:  # a broken entity says nothing about units
            continue
    arr = np.array(pts, dtype=float).reshape(-1, 2)
    ok = np.isfinite(arr).all(axis=1) & (np.abs(arr).max(axis=1, initial=0) < MAX_COORD)
    arr = arr[ok]
    if _distinct_points(arr, 20) < 20:
        try:  # few distinct points: the drawing is in block references
            box = drawing_box(doc, msp)
            if box is not None:
                arr = np.vstack([arr, box])
        except Exception:
            pass
    return arr


def _distinct_points(arr: np.ndarray, enough: int) -> int:
    """How many distinct points (to 6 decimals) ``arr`` holds, counted up to ``enough``: the
    first points usually answer (``np.unique(..., axis=0)`` would sort them all, and imports
    ``numpy.ma`` on first use).

    >>> _distinct_points(np.array([[0.0, 0.0], [-0.0, 1e-9], [1.0, 2.0]]), 20)
    2
    """
    seen: set[tuple[float, ...]] = set()
    for start in range(0, len(arr), 256):
        seen.update(map(tuple, arr[start:start + 256].round(6).tolist()))
        if len(seen) >= enough:
            break
    return len(seen)


def _consumed(msp: Any) -> Iterator[Any]:
    """The modelspace entities in order; HallPlan's records are let go once the collector has read
    them, so the drawing's memory shrinks as the plan's grows (block references stay: the
    collector keeps their matrices by identity; an ezdxf document keeps its own)."""
    if not isinstance(msp, LiteModelspace):
        yield from msp
        return
    for i in range(len(msp)):
        e = msp[i]
        if not isinstance(e, LiteInsert) and e.dxftype() != "INSERT":
            msp[i] = None
        yield e


def import_dxf(path: str | os.PathLike[str], layer_map: LayerMap | str | os.PathLike[str] | None = None,
               progress: Progress | None = None, *, units: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, limits: ImportLimits | None = None, fast: bool = True,
               hall_room: str | None = None) -> ImportResult:
    """Read a DXF file into a plan (metres) with a report of what was recognised and an underlay.

    ``layer_map``: a :class:`LayerMap`, a path to a user TOML map, or None for the default.
    ``units``: force the drawing units ("mm", "cm", "m", "in", "ft") instead of deciding them.
    ``limits``: the import budget (:class:`~geometry.dxf.limits.ImportLimits`; the defaults when None).
    ``fast``: read ASCII files with HallPlan's own reader (:mod:`geometry.dxf.scan`); False reads
    them into a full ezdxf document as before (the reference the tests compare with).
    ``hall_room``: the name of the room(s) on the area layers that make the service hall.
    Raises :class:`DxfError` (one bilingual line) for files that cannot be read.
    """
    name = os.path.basename(os.fspath(path))
    ezlog = logging.getLogger("ezdxf")
    level = ezlog.level
    ezlog.setLevel(logging.CRITICAL)  # ezdxf's repair chatter goes into the report, not the console
    try:
        return _import(path, layer_map, progress, units, max_bytes, limits or ImportLimits(), fast, hall_room)
    except DxfError:
        raise
    except MemoryError:
        raise DxfError(f"{name}: 内存不足,无法导入", f"{name}: out of memory while importing") from None
    except RecursionError:
        raise DxfError(f"{name}: 图形嵌套过深,无法导入", f"{name}: the drawing is nested too deeply to import") from None
    except Exception as exc:  # last resort: one line for the user, the type for the bug report
        why = f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
        raise DxfError(f"{name}: 导入时发生内部错误({why})", f"{name}: internal error while importing ({why})") from exc
    finally:
        ezlog.setLevel(level)


def _is_dwg(path: str | os.PathLike[str]) -> bool:
    """A ``.dwg`` name, or a file that starts like a DWG (``AC1032``) whatever its name."""
    if os.fspath(path).lower().endswith(".dwg"):
        return True
    try:
        with open(path, "rb") as fh:
            return dwg_version(fh.read(6)) is not None
    except OSError:
        return False  # open_document says why it cannot be read


def _import(path: str | os.PathLike[str], layer_map: LayerMap | str | os.PathLike[str] | None,
            progress: Progress | None, units: str | None, max_bytes: int, limits: ImportLimits, fast: bool = True,
            hall_room: str | None = None) -> ImportResult:
    t0 = time.perf_counter()
    report_progress: Progress = progress or (lambda f, m: None)
    lm = as_layer_map(layer_map)
    name = os.path.basename(os.fspath(path))
    report_progress(0.0, "打开文件 / opening file")
    dwg: DwgInfo | None = None
    with contextlib.ExitStack() as stack:
        read_path: str | os.PathLike[str] = path
        if _is_dwg(path):
            check_file(Path(path), max_bytes)
            report_progress(0.0, "转换 DWG / converting the DWG")
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hallplan-dwg-")))
            read_path = tmp / name  # DXF content under the DWG's name, so messages name the user's file
            dwg = convert_dwg(path, read_path, max_bytes)
            dxf_size = read_path.stat().st_size
            if dxf_size > max_bytes:  # the DWG was small enough, what it holds is not
                raise DxfError(f"{name}: DWG 转换为 DXF 后有 {dxf_size / 1e6:.0f} MB,超过上限 {max_bytes / 1e6:.0f} MB;请在 CAD 中清理(PURGE)或按楼层拆分后再导入",
                               f"{name}: the DWG converts to a {dxf_size / 1e6:.0f} MB DXF, over the {max_bytes / 1e6:.0f} MB limit; purge it or split it by floor in CAD, then import")
        doc, info = open_document(read_path, max_bytes, lambda f: report_progress(0.45 * f, "读入文件 / reading the file"),
                                  fast=fast, xrecords=(APPID,))
    if dwg is not None:
        restore_dwg_state(doc, dwg)
    report_progress(0.45, "已读入,识别图元 / read, recognising entities")
    gc.freeze()  # the drawing's millions of live objects: keep the cyclic collector from rescanning them
    try:
        result = _build(doc, info, lm, name, path, units, report_progress, t0, limits, dwg, hall_room)
    finally:
        gc.unfreeze()
    if dwg is not None:
        _note_dwg(result, dwg)
    return result


def _note_dwg(result: ImportResult, dwg: DwgInfo) -> None:
    rep = result.report
    rep.source_format, rep.dwg_version = "DWG", dwg.version
    rep.notes.insert(0, (f"DWG {dwg.version}({release(dwg.version)})由 ezdwg 转换读入,{dwg.entities} 个图元,用时 {dwg.seconds:.2f} s",
                         f"DWG {dwg.version} ({release(dwg.version)}) read through ezdwg: {dwg.entities} entities in {dwg.seconds:.2f} s"))
    for typ, n in dwg.skipped:
        rep.skipped.append((typ, n, "not converted from DWG (ezdwg cannot read this entity)"))


def _build(doc: Any, info: Any, lm: LayerMap, name: str, path: str | os.PathLike[str], units: str | None,
           report_progress: Progress, t0: float, limits: ImportLimits, dwg: DwgInfo | None = None,
           hall_room: str | None = None) -> ImportResult:
    msp = doc.modelspace()
    total = len(msp)
    if total == 0 and info.truncated:
        raise DxfError(f"{name}: 文件被截断(缺少结尾的 EOF),截断前的部分没有图元",
                       f"{name}: the file is truncated (no EOF at the end) and holds no entities before the cut")
    if total == 0:
        raise DxfError(f"{name}: 模型空间中没有图元(空图)", f"{name}: there is nothing in modelspace (an empty drawing)")
    pts = _sample_points(doc, msp, total)
    if len(pts) == 0:
        raise DxfError(f"{name}: 没有可用坐标(全部缺失或荒谬)", f"{name}: no usable coordinates (all missing or absurd)")
    u = choose_units(doc.header, pts, units)
    extent_m = robust_extent(pts) * u.scale
    codec = info.text_fix
    fix = (lambda s: fix_mojibake(s, codec)) if codec else None
    col = Collector(doc, lm, tol=0.0005 / u.scale, text_fix=fix, budget=Budget(limits, name)).run(
        _consumed(msp), total, lambda f, m: report_progress(0.45 + 0.4 * f, m))
    version = doc.dxfversion
    off, frozen = _switched_off(doc, col.counts)
    extra = _read_extra(doc, col.warnings)
    hidden = _hidden_layers(doc, fix)
    del doc, msp
    report_progress(0.85, "建立平面 / building the plan")
    built = map_objects(col, lm, u.scale, lambda warnings: _hall_from_walls(warnings, col, lm, u.scale), hall_room)
    hall, hall_how, building = built.hall, built.hall_how, built.building
    kept: list[Any] = []
    dropped = 0
    zone_box = hall.buffer(1.0) if hall is not None else None
    parts = [o.geometry for o in built.objects if isinstance(o, Room) and o.hall_part]
    if zone_box is not None and parts:  # the hall's parts on other floors keep their columns too
        zone_box = shapely.union_all([zone_box, *(g.buffer(1.0) for g in parts)])
    errors = object_errors(built.objects)  # check_object of each, asked of shapely at once
    near: list[bool] = [True] * len(built.objects)  # usable obstacles: whether they touch the hall's zone (one shapely call)
    if zone_box is not None:
        obstacles = [i for i, o in enumerate(built.objects) if isinstance(o, Obstacle) and errors[i] is None]
        shapely.prepare(zone_box)
        hits = shapely.intersects(zone_box, np.array([built.objects[i].geometry for i in obstacles], dtype=object))
        for i, hit in zip(obstacles, hits.tolist()):
            near[i] = hit
    for o, exc, close in zip(built.objects, errors, near):
        if exc is not None:
            built.skipped[(o.id, f"unusable geometry ({exc})")] += 1
            continue
        if not close:
            dropped += 1
            continue
        kept.append(o)
    warnings = col.warnings + built.warnings
    notes = list(info.notes)
    dropped += built.dropped
    if col.texts_cut:
        notes.append((f"{col.texts_cut} 段文字超过 {limits.text_chars:,} 字,只读入前 {limits.text_chars:,} 字",
                       f"{col.texts_cut} texts longer than {limits.text_chars:,} characters were cut to their first {limits.text_chars:,}"))
    if off:
        notes.append((f"已读入关闭的图层:{'、'.join(off)}", f"layers switched off were read: {', '.join(off)}"))
    if frozen:
        notes.append((f"已读入冻结的图层:{'、'.join(frozen)}", f"frozen layers were read: {', '.join(frozen)}"))
    if dropped:
        notes.append((f"大厅外的 {dropped} 个墙/柱/门等障碍物只保留在底图中",
                      f"{dropped} walls/columns/doors outside the hall were kept in the underlay only"))
    notes += area_notes(built)
    if extent_m > 100_000:
        warnings.append((f"图形范围约 {extent_m / 1000:.0f} km,坐标可能有误", f"the drawing spans about {extent_m / 1000:.0f} km; coordinates may be wrong"))
    source = os.path.abspath(os.fspath(path))  # a name with undecodable bytes must not make the plan unsaveable
    source = source.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    meta = {"source": source, "units": u.name, "metres_per_unit": u.scale,
            "units_reason": u.reason_en, "dxf_version": version}
    if dwg is not None:
        meta = {**meta, "format": "dwg", "dwg_version": dwg.version}
        del meta["dxf_version"]  # the version of the intermediate conversion says nothing about the file
    meta, extra = with_area_facts(built, meta, extra)
    try:
        plan = Plan(hall=hall, building=building, objects=tuple(kept), meta=meta, **extra)
    except HallPlanError as exc:  # geometry.invalid.InvalidPlan: in both languages
        raise DxfError(f"{name}: 无法建立平面:{exc.zh}", f"{name}: cannot build the plan: {exc.en}") from None
    except ValueError as exc:
        raise DxfError(f"{name}: 无法建立平面({exc})", f"{name}: cannot build the plan ({exc})") from None
    report_progress(0.92, "整理底图 / preparing the underlay")
    underlay, nverts = _underlay(col, u.scale)
    texts = [UnderlayText(t.layer, t.x * u.scale, t.y * u.scale, t.height * u.scale, t.rotation, t.shown or t.text, *t.align,
                          width=t.width * u.scale, xscale=t.xscale) for t in col.texts]  # shown: an MTEXT's paragraphs
    underlay.texts = texts
    layers: dict[str, LayerReport] = {}
    for layer, c in col.counts.items():
        layers[layer] = LayerReport(layer, lm.layer_role(layer), dict(c), dict(built.recognised.get(layer, {})))
    skipped = [(w, n, why) for (w, why), n in (col.skipped + built.skipped).most_common()]
    tally: dict[str, int] = {}
    for o in kept:
        tally[o.KIND] = tally.get(o.KIND, 0) + 1
    rep = ImportReport(
        source=name, dxf_version=version, encoding=info.encoding, binary=info.binary, recovered=info.recovered,
        units=u, layers=layers, skipped=skipped, warnings=warnings, notes=notes, hall=hall_how, objects=tally,
        underlay_layers=len(underlay), underlay_vertices=nverts, layers_off=off, layers_frozen=frozen,
    )
    rep.seconds = time.perf_counter() - t0
    report_progress(1.0, "完成 / done")
    return ImportResult(plan=plan, report=rep, underlay=underlay, underlay_texts=texts, hidden_layers=hidden)


def _hidden_layers(doc: Any, fix: Callable[[str], str] | None) -> list[str]:
    """The layers the drawing itself switches off or freezes (they stay hidden in the editor and are
    never walls for the room finder)."""
    out: list[str] = []
    try:
        for layer in doc.layers:
            if layer.is_off() or layer.is_frozen():
                name = layer.dxf.name
                out.append(fix(name) if fix else name)
    except Exception:  # a damaged layer table hides nothing
        return []
    return out


def _switched_off(doc: Any, counts: Any) -> tuple[list[str], list[str]]:
    """The layers holding entities that are switched off, and those frozen (both are read)."""
    off: list[str] = []
    frozen: list[str] = []
    for layer in doc.layers:
        n = layer.dxf.name
        if n not in counts:
            continue
        try:
            if layer.is_off():
                off.append(n)
            if layer.is_frozen():
                frozen.append(n)
        except Exception:  # a damaged layer record: its state is unknown, the entities are read anyway
            continue
    return sorted(off, key=str.casefold), sorted(frozen, key=str.casefold)


def _read_extra(doc: Any, warnings: list[tuple[str, str]]) -> dict[str, Any]:
    """Context, signage and checklist that HallPlan's own export stored in an XRECORD.

    Each field goes through the shared validator (geometry.validate); a bad one is dropped with a
    warning naming it, so NaN or text for a number never reaches a rule and the rest is kept."""
    try:
        xr = doc.rootdict.get(APPID)
        if xr is None or xr.dxftype() != "XRECORD":
            return {}
        data = json.loads("".join(str(t.value) for t in xr.tags if t.code == 1), parse_int=parse_json_int)
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
    except Exception as exc:  # a damaged record must not stop the import
        warnings.append((f"HallPlan 项目信息无法读取({type(exc).__name__}),已忽略",
                         f"HallPlan project data in the file is unreadable ({type(exc).__name__}); ignored"))
        return {}
    where = ("图中保存的项目信息", "the project data stored in the drawing")

    def fields(raw: Any, read: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in (raw.items() if isinstance(raw, dict) else ()):
            try:
                out.update(read({k: v}, where))
            except FieldError as exc:
                warnings.append((f"{exc.zh},已忽略", f"{exc.en}; ignored"))
        return out

    sig = fields(data.get("signage"), signage_values)
    sig["languages"] = sig.get("languages") or ()
    checklist = data.get("checklist")
    ticks: dict[str, bool] = {}
    for k, v in (checklist.items() if isinstance(checklist, dict) else ()):
        if isinstance(v, bool):
            ticks[str(k)] = v
        else:  # "false" as text must not tick anything
            warnings.append((f"{where[0]}:核查项“{short(str(k))}”应为 true/false,已忽略",
                             f"{where[1]}: checklist item '{short(str(k))}' must be true or false; ignored"))
    return {"context": Context(**fields(data.get("context"), context_values)), "signage": Signage(**sig), "checklist": ticks}


def _underlay(col: Any, scale: float) -> tuple[Underlay, int]:
    """Per layer: every vertex in metres in one array, and where each polyline starts."""
    layers: list[UnderlayLayer] = []
    n = 0
    for layer, xy in col.under_xy.items():
        starts = col.under_starts[layer]
        if not starts:
            continue
        layers.append(UnderlayLayer(layer, xy, np.asarray(starts, dtype=np.int64), scale))
        n += len(xy) // 2
    return Underlay(layers), n


def _hall_from_walls(warnings: list[tuple[str, str]], col: Any, lm: LayerMap, scale: float) -> tuple[Any, tuple[str, str] | None]:
    labels = [t for t in col.texts if lm.is_hall_label(t.text)]
    if not labels:
        return None, None
    from geometry.wall_rooms import gaps_of, room_near  # only for a hall label without a drawn hall

    gap = lm.gap_tolerance_mm / 1000.0
    source = ("墙线", "wall lines")
    for t in labels[:MAX_HALL_LABELS]:
        where = (t.x * scale, t.y * scale)
        # openings closed on the wall line, jamb to jamb (geometry.wall_rooms)
        room, walls, closures = room_near(lambda r: wall_and_door_lines(col, scale, where, r), where, gap, ROOM_SEARCH_M)
        if not walls:
            walls = all_lines_near(col, scale, where, ROOM_SEARCH_M, lm)
            source = ("标注附近的线条", "lines around the label")
            room = room_around(walls, where, gap)
        if room is not None and room.area > 1.0:
            return room, (f"由{source[0]}围合出“{t.text}”所在房间(缝隙 ≤ {gap * 1000:.0f} mm 已闭合),{room.area:.1f} m²",
                          f"the room labelled '{t.text}', closed from {source[1]} (gaps up to {gap * 1000:.0f} mm closed), {room.area:.1f} m²")
        gaps = gaps_of(walls, closures, where, gap)
        if gaps:
            desc_zh = ";".join(f"({x:.3f}, {y:.3f}) 处宽 {w:.3f} m" for x, y, w in gaps)
            desc_en = "; ".join(f"{w:.3f} m wide at ({x:.3f}, {y:.3f})" for x, y, w in gaps)
            warnings.append((f"“{t.text}”所在房间不闭合,缺口:{desc_zh}(坐标单位 m)",
                                    f"the room labelled '{t.text}' does not close; gaps: {desc_en} (metres)"))
        else:
            warnings.append((f"“{t.text}”周围没有围合的墙线", f"no walls enclose the label '{t.text}'"))
    return None, None

