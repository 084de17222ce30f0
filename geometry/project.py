"""The ``*.hallplan`` project file: versioned JSON that round-trips a :class:`Plan` exactly.

>>> from shapely.geometry import box
>>> from geometry.model import Plan, Counter
>>> p = Plan(hall=box(0, 0, 10.1, 7.3)).with_object(Counter(id="c1", geometry=box(1, 1, 2.6, 1.8)))
>>> plan_from_json(plan_to_json(p)) == p
True
"""

from __future__ import annotations

import dataclasses
import errno
import json
import math
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from geometry.i18n import HallPlanError
from geometry.model import OBJECT_SPECS, OBJECT_TYPES, SINGLE_TYPES, Context, Plan, PlanObject, Signage, check_object
from geometry.validate import (
    COMMON_SPECS,
    FieldError,
    COORD_LIMIT_M,
    HugeInt,
    Where,
    check_text,
    clean_value,
    context_values,
    parse_json_int,
    place,
    short,
    signage_values,
)

FORMAT = "hallplan"
VERSION = 2  # 2: object kinds beyond version 1's eight (the ramp); the hall and building stay outlines
SUFFIX = ".hallplan"


class ProjectError(HallPlanError):
    """A project file that cannot be read or written."""


def _geom_out(g: BaseGeometry | None) -> Any:
    if g is None:
        return None
    return json.loads(json.dumps(mapping(g)))  # tuples -> lists


_GEOJSON_DEPTH = {"Point": 0, "LineString": 1, "Polygon": 2}  # list levels above one position


def _geom_in(data: Any, where: Where) -> BaseGeometry:
    """A GeoJSON Point, LineString or Polygon whose positions are 2–3 numbers, as shapely geometry."""

    def bad(zh: str, en: str) -> ProjectError:
        wz, we = place(where)
        return ProjectError(f"{wz}:几何数据(geometry){zh}", f"{we}: geometry {en}")

    if not isinstance(data, dict):
        raise bad("应为 GeoJSON 对象", "must be a GeoJSON object")
    kind = data.get("type")
    depth = _GEOJSON_DEPTH.get(kind) if isinstance(kind, str) else None
    if depth is None:
        raise bad(f"的类型应为 {'/'.join(_GEOJSON_DEPTH)}", f"type must be {'/'.join(_GEOJSON_DEPTH)}")
    stack: list[tuple[Any, int]] = [(data.get("coordinates"), depth)]
    while stack:
        c, d = stack.pop()
        if not isinstance(c, list):
            raise bad("的坐标应为数字列表", "coordinates must be lists of numbers")
        if d == 0:
            if not 2 <= len(c) <= 3 or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in c):
                raise bad("的每个坐标点应为 2–3 个数字", "coordinates must be 2–3 numbers per point")
            if not all(isinstance(x, int) or math.isfinite(x) for x in c):
                raise bad("的坐标不是有限数值(NaN 或无穷大)", "coordinates are not finite (NaN or infinity)")
            if not all(-COORD_LIMIT_M <= x <= COORD_LIMIT_M for x in c):
                raise bad("的坐标超出 ±10⁹ m", "coordinates beyond ±10⁹ m")
        else:
            stack.extend((x, d - 1) for x in c)
    try:
        g = shape(data)
    except OverflowError:  # an integer too large for a float
        raise bad("的坐标超出 ±10⁹ m", "coordinates beyond ±10⁹ m") from None
    except Exception as exc:  # shapely raises several types for GeoJSON it cannot build (a ring of 2 points)
        raise bad(f"无法读取({exc})", f"is unreadable ({exc})") from None
    return g


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    objects = []
    for o in plan.objects:
        if o.KIND in SINGLE_TYPES:  # the hall and the building: saved as their outlines ("hall", "building")
            continue
        d: dict[str, Any] = {"type": o.KIND}
        for f in dataclasses.fields(o):
            v = getattr(o, f.name)
            d[f.name] = _geom_out(v) if f.name == "geometry" else v
        objects.append(d)
    sig = dataclasses.asdict(plan.signage)
    sig["languages"] = list(plan.signage.languages)
    meta = dict(plan.meta)
    meta.pop(OUTLINE_LABELS, None)
    labels = {k: s.label for k in SINGLE_TYPES if (s := plan.single(k)) is not None and s.label}
    if labels:  # the hall's and the building's names ("一楼大厅"): the outlines themselves stay plain GeoJSON
        meta[OUTLINE_LABELS] = labels
    return {
        "format": FORMAT,
        "version": VERSION,
        "context": _context_out(plan.context),
        "signage": sig,
        "checklist": dict(plan.checklist),
        "meta": meta,
        "hall": _geom_out(plan.hall),
        "building": _geom_out(plan.building),
        "objects": objects,
    }


def _context_out(context: Context) -> dict[str, Any]:
    """The context as saved; ``packs`` only when the plan names its own (a file without it checks
    against the built-in packs, so files of plans that never chose stay as they were)."""
    out = dataclasses.asdict(context)
    for optional in ("daily_visitors", "service_minutes"):  # written only when given (older files stay as they were)
        if out.get(optional) is None:
            out.pop(optional, None)
    if out.get("packs") is None:
        out.pop("packs", None)
    else:
        out["packs"] = list(out["packs"])
    return out


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=1, allow_nan=False)


MAX_BYTES = 64 * 1024 * 1024  # a project file larger than this is refused before it is read
MAX_OBJECTS = 50_000  # objects in one plan (a real hall has a few thousand at most)
MAX_META_DEPTH = 32  # nesting of the free-form ``meta`` table
TOP_FIELDS = ("$schema", "format", "version", "context", "signage", "checklist", "meta", "hall", "building", "objects")


def _bad(zh: str, en: str) -> ProjectError:
    return ProjectError(zh, en)


def _table(data: dict[str, Any], key: str, what: tuple[str, str]) -> dict[str, Any]:
    v = data.get(key)
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise _bad(f"{what[0]}({key})应为键值表", f"{key} must be an object of keys and values")
    return v


def _check_meta(meta: dict[str, Any]) -> None:
    """``meta`` is free-form, but must be saveable again: finite numbers, valid text, bounded nesting.
    A bad value is named by its path (``meta.source``, ``meta.spans[2]``)."""
    stack: list[tuple[Any, int, str]] = [(meta, 0, "meta")]
    while stack:
        v, depth, path = stack.pop()
        where = short(path, 60)
        if depth > MAX_META_DEPTH:
            raise _bad(f"附加信息 {where} 嵌套超过 {MAX_META_DEPTH} 层", f"{where} is nested deeper than {MAX_META_DEPTH} levels")
        if isinstance(v, float) and not math.isfinite(v):
            raise _bad(f"附加信息 {where} 含有 NaN 或无穷大", f"{where} holds NaN or infinity")
        if isinstance(v, HugeInt):
            raise _bad(f"附加信息 {where} 含有 {len(v):,} 位的数", f"{where} holds a number of {len(v):,} digits")
        if isinstance(v, str):
            check_text(v, f"附加信息 {where}", where)
        elif isinstance(v, dict):
            for k, x in v.items():
                check_text(k, f"附加信息 {where}", where)
                stack.append((x, depth + 1, f"{path}.{k}"))
        elif isinstance(v, list):
            stack.extend((x, depth + 1, f"{path}[{i}]") for i, x in enumerate(v))


_SPECS = {k: (zh, en, {**COMMON_SPECS, **specs}) for k, (zh, en, specs) in OBJECT_SPECS.items()}
_SINGLE_SPECS = {"hall": ("服务大厅", "hall", COMMON_SPECS), "building": ("建筑", "building", COMMON_SPECS)}
OUTLINE_LABELS = "outline_labels"  # meta key: the hall's and the building's names


def _object_in(i: int, raw: Any) -> PlanObject:
    if not isinstance(raw, dict):
        raise _bad(f"第 {i + 1} 个对象(objects[{i}])不是键值表", f"objects[{i}]: not an object")
    kind = raw.get("type")
    cls = OBJECT_TYPES.get(kind) if isinstance(kind, str) and kind not in SINGLE_TYPES else None
    if cls is None:
        shown = short(kind) if isinstance(kind, str) else json.dumps(kind)[:40]
        raise _bad(f"objects[{i}]:未知对象类型 {shown}", f"objects[{i}]: unknown object type {shown}")
    if "id" not in raw or "geometry" not in raw:
        raise _bad(f"objects[{i}]:缺少 id 或 geometry", f"objects[{i}]: missing id or geometry")
    oid = raw["id"]
    if not isinstance(oid, str) or not oid.strip():
        raise _bad(f"objects[{i}]:编号(id)应为非空文本", f"objects[{i}]: the id must be non-empty text")
    zh, en, all_specs = _SPECS[cls.KIND]
    def where() -> tuple[str, str]:  # built only for a message
        return f"objects[{i}]({zh} {short(oid)})", f"objects[{i}] ({en} {short(oid)})"

    fields: dict[str, Any] = {}
    for k, v in raw.items():
        if k in ("type", "geometry"):
            continue
        spec = all_specs.get(k)
        if spec is None:
            wz, we = where()
            raise _bad(f"{wz}:未知字段“{short(k)}”", f"{we}: unknown field '{short(k)}'")
        fields[k] = clean_value(spec, k, v, where)
    try:
        geometry = _geom_in(raw["geometry"], where)  # finite and within ±10⁹ m, positions checked as read
        obj = cls(geometry=geometry, **fields)
        check_object(obj)
    except FieldError as exc:  # already says where
        raise _bad(exc.zh, exc.en) from None
    except HallPlanError as exc:  # geometry.invalid.InvalidPlan: names the object, in both languages
        wz, we = where()
        raise _bad(f"{wz}:{exc.zh}", f"{we}: {exc.en}") from None
    except (TypeError, ValueError) as exc:
        wz, we = where()
        raise _bad(f"{wz}:{exc}", f"{we}: {exc}") from None
    return obj


def _from_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2.  Version 2 adds object types (the ramp) and nothing else: the hall and the building
    are objects of the plan now, but the file keeps them as the ``hall`` / ``building`` outlines it always
    had, so a version-1 file reads unchanged, and a version-2 file without new kinds is a valid version-1
    file apart from its number."""
    return data


# format version -> the step that brings a file of that version to the next one
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_v1}


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """A parsed project file of format ``version`` brought up to :data:`VERSION`, one step at a time."""
    for step in range(version, VERSION):
        data = MIGRATIONS[step](data)
    return data


def plan_from_dict(data: Any) -> Plan:
    """A plan from the parsed JSON, every field checked for type and range (geometry.validate)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProjectError("不是 HallPlan 项目文件(缺少 format: hallplan)", "not a HallPlan project file (no format: hallplan)")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, (int, float)) or (
            isinstance(version, float) and not version.is_integer()):  # a huge int is not converted to float
        raise ProjectError("项目文件缺少版本号(version 应为整数)", "project file has no version number (version must be a whole number)")
    version = int(version)  # 1.0 is 1, as JSON Schema's "integer" says; true is not a version
    if version > VERSION:
        raise ProjectError(
            f"此项目文件由更新版本的 HallPlan 保存(格式版本 {version}),本程序只能读取版本 {VERSION}及以下,请升级 HallPlan",
            f"this project file was saved by a newer HallPlan (format version {version}); this program reads up to version {VERSION}: please upgrade",
        )
    if version < 1:
        raise ProjectError(f"无效的格式版本 {version}", f"invalid format version {version}")
    data = migrate(data, version)
    unknown = [k for k in data if k not in TOP_FIELDS]
    if unknown:
        names = ", ".join(short(k) for k in unknown[:5])
        raise ProjectError(f"项目文件含有未知字段:{names}", f"the project file has unknown fields: {names}")
    try:
        context = Context(**context_values(_table(data, "context", ("背景信息", "context")), ("背景信息", "context")))
        signage_raw = signage_values(_table(data, "signage", ("标牌", "signage")), ("标牌", "signage"))
        signage = Signage(**{**signage_raw, "languages": signage_raw.get("languages") or ()})
        checklist = _table(data, "checklist", ("核查项", "checklist"))
        for k, v in checklist.items():
            check_text(k, "核查项(checklist)", "checklist")
            if not isinstance(v, bool):
                raise ProjectError(f"核查项(checklist)“{short(k)}”应为 true/false", f"checklist item '{short(k)}' must be true or false")
        meta = _table(data, "meta", ("附加信息", "meta"))
        _check_meta(meta)
    except FieldError as exc:
        raise ProjectError(exc.zh, exc.en) from None
    raw_objects = data.get("objects")
    if raw_objects is None:
        raw_objects = []
    if not isinstance(raw_objects, list):
        raise ProjectError("objects 必须是列表", "objects must be a list")
    if len(raw_objects) > MAX_OBJECTS:
        raise ProjectError(f"对象过多:{len(raw_objects):,} 个(上限 {MAX_OBJECTS:,})",
                           f"too many objects: {len(raw_objects):,} (the limit is {MAX_OBJECTS:,})")
    try:
        objects = [_object_in(i, raw) for i, raw in enumerate(raw_objects)]
    except FieldError as exc:
        raise ProjectError(exc.zh, exc.en) from None
    outlines: dict[str, BaseGeometry | None] = {}
    for key, zh in (("hall", "服务大厅边界"), ("building", "建筑轮廓")):
        g = data.get(key)
        if g is not None and not isinstance(g, dict):
            raise ProjectError(f"{zh}({key})应为 GeoJSON 多边形", f"{key} must be a GeoJSON polygon")
        outlines[key] = _geom_in(g, (f"{zh}({key})", key)) if g is not None else None
    meta = dict(meta)
    labels = _outline_labels(meta.pop(OUTLINE_LABELS, None), outlines)
    try:
        plan = Plan(
            context=context,
            hall=outlines["hall"],  # type: ignore[arg-type,unused-ignore]
            building=outlines["building"],  # type: ignore[arg-type,unused-ignore]
            objects=tuple(objects),
            signage=signage,
            checklist=dict(checklist),
            meta=meta,
        )
        for kind, label in labels.items():
            single = plan.single(kind)
            assert single is not None  # _outline_labels keeps only the outlines the file has
            plan = plan.replacing(dataclasses.replace(single, label=label))
        return plan
    except HallPlanError as exc:  # FieldError, geometry.invalid.InvalidPlan: both languages
        raise ProjectError(exc.zh, exc.en) from None
    except ValueError as exc:
        raise ProjectError(str(exc), str(exc)) from None


def _outline_labels(raw: Any, outlines: dict[str, BaseGeometry | None]) -> dict[str, str]:
    """``meta.outline_labels`` as read: the names of the hall and the building, each checked as any
    object's label; a name for an outline the file does not have is dropped."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ProjectError(f"meta.{OUTLINE_LABELS} 应为键值表(hall/building → 名称)",
                           f"meta.{OUTLINE_LABELS} must be a mapping (hall/building → name)")
    out: dict[str, str] = {}
    for kind, value in raw.items():
        if kind not in SINGLE_TYPES:
            raise ProjectError(f"meta.{OUTLINE_LABELS}:未知轮廓“{short(str(kind))}”(只能是 hall 或 building)",
                               f"meta.{OUTLINE_LABELS}: unknown outline '{short(str(kind))}' (hall or building only)")
        zh, en, specs = _SINGLE_SPECS[kind]
        try:
            label = clean_value(specs["label"], "label", value, lambda: (f"{zh}名称", f"the {en}'s name"))
        except FieldError as exc:
            raise ProjectError(exc.zh, exc.en) from None
        if label and outlines.get(kind) is not None:
            out[kind] = label
    return out


def plan_from_json(text: str) -> Plan:
    return plan_from_dict(project_data(text))


def project_data(text: str) -> Any:
    """The parsed JSON of a project file's text, before any field is checked; what keeps it from
    parsing is named (line and column, nesting, a number too long)."""
    if not text.strip():
        raise ProjectError("项目文件是空的", "the project file is empty")
    try:
        data = json.loads(text, parse_int=parse_json_int)
    except json.JSONDecodeError as exc:
        raise ProjectError(
            f"项目文件不是有效的 JSON(第 {exc.lineno} 行第 {exc.colno} 列:{exc.msg})",
            f"project file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
        ) from None
    except RecursionError:
        raise ProjectError("项目文件的 JSON 嵌套过深", "the project file's JSON is nested too deeply") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts (4,300)
        raise ProjectError(f"项目文件含有无法读取的数值({exc})", f"the project file holds an unreadable number ({exc})") from None
    return data


def read_project_bytes(path: str | os.PathLike[str], limit: int = MAX_BYTES,
                       what: tuple[str, str] = ("项目文件", "project file")) -> bytes:
    """The bytes of a project file (or a context file: ``what``): a regular file only (not a device,
    pipe or socket, so a link to /dev/zero or a FIFO cannot stall or fill memory), at most ``limit``."""
    p = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        raise ProjectError(f"找不到文件:{p}", f"file not found: {p}") from None
    except IsADirectoryError:
        raise ProjectError(f"{p} 是文件夹,不是{what[0]}", f"{p} is a folder, not a {what[1]}") from None
    except OSError as exc:
        raise ProjectError(f"无法读取 {p}:{exc.strerror}", f"cannot read {p}: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ProjectError(f"{p} 是文件夹,不是{what[0]}", f"{p} is a folder, not a {what[1]}")
        if not stat.S_ISREG(st.st_mode):
            raise ProjectError(f"{p} 不是普通文件(设备、管道或套接字),不读取",
                               f"{p} is not a regular file (a device, pipe or socket); not read")
        too_big = ProjectError(f"{p} 过大({st.st_size / 2**20:,.0f} MB;{what[0]}上限 {limit // 2**20} MB)",
                               f"{p} is too large ({st.st_size / 2**20:,.0f} MB; the limit for a {what[1]} is {limit // 2**20} MB)")
        if st.st_size > limit:
            raise too_big
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while True:  # read to the end, but never past the cap (a file may grow while it is read)
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise too_big
        return b"".join(chunks)
    except OSError as exc:
        raise ProjectError(f"无法读取 {p}:{exc.strerror}", f"cannot read {p}: {exc.strerror}") from None
    finally:
        os.close(fd)


def read_project_data(path: str | os.PathLike[str]) -> Any:
    """The parsed JSON of the project file at ``path`` (:func:`read_project_bytes`, UTF-8 with or
    without BOM, :func:`project_data`); errors name the file."""
    p = Path(path)
    raw = read_project_bytes(p)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectError(f"{p}: 不是 UTF-8 文本,不是 HallPlan 项目文件", f"{p}: not UTF-8 text, not a HallPlan project") from None
    try:
        return project_data(text)
    except ProjectError as exc:
        raise ProjectError(f"{p.name}: {exc.zh}", f"{p.name}: {exc.en}") from None


def load_plan(path: str | os.PathLike[str]) -> Plan:
    p = Path(path)
    data = read_project_data(p)
    try:
        plan = plan_from_dict(data)
    except ProjectError as exc:
        raise ProjectError(f"{p.name}: {exc.zh}", f"{p.name}: {exc.en}") from None
    return _packs_beside(plan, p.parent)


def _packs_beside(plan: Plan, folder: Path) -> Plan:
    """A pack file the project names by a relative path (``packs/province.toml``) is the one beside the
    project, wherever it is run from: it is kept as that absolute path.  Pack ids stay ids."""
    packs = plan.context.packs
    if not packs or not any(_relative_file(n) for n in packs):
        return plan
    fixed = tuple(str((folder / n).resolve()) if _relative_file(n) else n for n in packs)
    return dataclasses.replace(plan, context=dataclasses.replace(plan.context, packs=fixed))


def _relative_file(name: str) -> bool:
    return Path(name).suffix.lower() == ".toml" and not Path(name).is_absolute()


TEMP_PREFIX, TEMP_SUFFIX = ".", ".tmp"  # our temporary names: ".NAME.XXXXXXXX.tmp" beside NAME
STALE_TEMP_S = 600.0  # a temporary file untouched this long belongs to a save that was killed


def _write_target(p: Path) -> Path:
    """Where a write to ``p`` lands: a symlink's final target (the link stays a link)."""
    if p.is_symlink():
        return Path(os.path.realpath(p))
    return p


def _in_place(p: Path) -> bool:
    """True for targets that must be written where they are, not replaced: devices, pipes, sockets
    (``/dev/stdout``, ``/dev/null``, a FIFO)."""
    try:
        st = os.stat(p)
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)


def stale_temps(p: Path, older_than_s: float = STALE_TEMP_S) -> list[Path]:
    """Our own temporary files for ``p`` left by a killed save (by name pattern, regular files of
    this user, not modified for ``older_than_s``)."""
    pattern = re.compile(re.escape(TEMP_PREFIX + p.name) + r"\.[A-Za-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
    now = time.time()
    out = []
    try:
        entries = list(os.scandir(p.parent or "."))
    except OSError:
        return []
    for e in entries:
        if not pattern.fullmatch(e.name):
            continue
        try:
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        mine = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
        if stat.S_ISREG(st.st_mode) and mine and now - st.st_mtime >= older_than_s:
            out.append(Path(e.path))
    return out


def _remove_stale_temps(p: Path) -> None:
    for f in stale_temps(p):
        try:
            f.unlink()
        except OSError:
            pass


def _write_in_place(p: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0)  # append: /dev/stdout redirected to a file keeps what was printed
    fd = os.open(p, flags)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, fsync, rename.

    A failure (full disk, no permission) leaves any old file untouched and raises ProjectError.
    Through a symlink the link's target is written and the link kept; a device, pipe or socket
    (``/dev/stdout``) is written in place.  Temporary files of this name left by a killed save are
    removed first.
    """
    given = Path(path)
    tmp_name = None
    try:
        if given.is_dir():
            raise IsADirectoryError(errno.EISDIR, "是文件夹 / is a folder")
        system = os.path.abspath(given).startswith(("/dev/", "/proc/")) and os.path.exists(given)
        if system or _in_place(given):  # the kernel follows the links (/dev/stdout → a pipe, a tty or a file)
            _write_in_place(given, data)
            return
        p = _write_target(given)
        _remove_stale_temps(p)
        fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{p.name}.", suffix=TEMP_SUFFIX, dir=p.parent or ".")
        try:  # keep the old file's permissions, else the usual ones for a new file
            mode = os.stat(p).st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_name, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, p)
        tmp_name = None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ProjectError(f"保存失败,原文件未改动:{given}({reason})", f"save failed, the old file is untouched: {given} ({reason})") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def save_plan(plan: Plan, path: str | os.PathLike[str]) -> None:
    atomic_write_bytes(path, plan_to_json(plan).encode("utf-8"))
