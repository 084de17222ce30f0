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
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from geometry.i18n import HallPlanError
from geometry.model import OBJECT_TYPES, Context, Plan, PlanObject, Signage, check_object

FORMAT = "hallplan"
VERSION = 1
SUFFIX = ".hallplan"


class ProjectError(HallPlanError):
    """A project file that cannot be read or written."""


def _geom_out(g: BaseGeometry | None) -> Any:
    if g is None:
        return None
    return json.loads(json.dumps(mapping(g)))  # tuples -> lists


def _geom_in(data: Any, where: str) -> BaseGeometry:
    try:
        g = shape(data)
    except Exception as exc:  # shapely raises several types for bad GeoJSON
        raise ProjectError(f"{where}: 几何数据无法读取 ({exc})", f"{where}: unreadable geometry ({exc})") from None
    return g


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    objects = []
    for o in plan.objects:
        d: dict[str, Any] = {"type": o.KIND}
        for f in dataclasses.fields(o):
            v = getattr(o, f.name)
            d[f.name] = _geom_out(v) if f.name == "geometry" else v
        objects.append(d)
    sig = dataclasses.asdict(plan.signage)
    sig["languages"] = list(plan.signage.languages)
    return {
        "format": FORMAT,
        "version": VERSION,
        "context": dataclasses.asdict(plan.context),
        "signage": sig,
        "checklist": dict(plan.checklist),
        "meta": dict(plan.meta),
        "hall": _geom_out(plan.hall),
        "building": _geom_out(plan.building),
        "objects": objects,
    }


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=1, allow_nan=False)


def _fields_in(cls: type, data: dict[str, Any], where: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    names = {f.name: f for f in dataclasses.fields(cls)}
    out: dict[str, Any] = {}
    for k, v in data.items():
        if k in skip:
            continue
        if k not in names:
            raise ProjectError(f"{where}: 未知字段 “{k}”", f"{where}: unknown field '{k}'")
        out[k] = tuple(v) if isinstance(v, list) else v
    return out


def plan_from_dict(data: Any) -> Plan:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProjectError("不是 HallPlan 项目文件(缺少 format: hallplan)", "not a HallPlan project file (no format: hallplan)")
    version = data.get("version")
    if not isinstance(version, int):
        raise ProjectError("项目文件缺少版本号", "project file has no version number")
    if version > VERSION:
        raise ProjectError(
            f"此项目文件由更新版本的 HallPlan 保存(格式版本 {version}),本程序只能读取版本 {VERSION}及以下,请升级 HallPlan",
            f"this project file was saved by a newer HallPlan (format version {version}); this program reads up to version {VERSION}: please upgrade",
        )
    if version < 1:
        raise ProjectError(f"无效的格式版本 {version}", f"invalid format version {version}")
    try:
        context = Context(**_fields_in(Context, data.get("context") or {}, "context"))
        signage = Signage(**_fields_in(Signage, data.get("signage") or {}, "signage"))
    except (TypeError, ValueError) as exc:
        raise ProjectError(f"context/signage: {exc}", f"context/signage: {exc}") from None
    checklist = data.get("checklist") or {}
    if not isinstance(checklist, dict) or not all(isinstance(v, bool) for v in checklist.values()):
        raise ProjectError("checklist 必须是 名称→true/false", "checklist must map names to true/false")
    objects: list[PlanObject] = []
    raw_objects = data.get("objects") or []
    if not isinstance(raw_objects, list):
        raise ProjectError("objects 必须是列表", "objects must be a list")
    for i, raw in enumerate(raw_objects):
        where = f"objects[{i}]"
        if not isinstance(raw, dict):
            raise ProjectError(f"{where}: 不是对象", f"{where}: not an object")
        kind = raw.get("type")
        cls = OBJECT_TYPES.get(kind)  # type: ignore[arg-type]
        if cls is None:
            raise ProjectError(f"{where}: 未知对象类型 {kind!r}", f"{where}: unknown object type {kind!r}")
        if "id" not in raw or "geometry" not in raw:
            raise ProjectError(f"{where}: 缺少 id 或 geometry", f"{where}: missing id or geometry")
        where = f"{where} ({kind} {raw['id']})"
        fields = _fields_in(cls, raw, where, skip=("type", "geometry"))
        try:
            obj = cls(geometry=_geom_in(raw["geometry"], where), **fields)
            check_object(obj)
        except (TypeError, ValueError) as exc:
            raise ProjectError(f"{where}: {exc}", f"{where}: {exc}") from None
        objects.append(obj)
    try:
        hall = _geom_in(data["hall"], "hall") if data.get("hall") else None
        building = _geom_in(data["building"], "building") if data.get("building") else None
        return Plan(
            context=context,
            hall=hall,  # type: ignore[arg-type,unused-ignore]
            building=building,  # type: ignore[arg-type,unused-ignore]
            objects=tuple(objects),
            signage=signage,
            checklist=dict(checklist),
            meta=dict(data.get("meta") or {}),
        )
    except ValueError as exc:
        raise ProjectError(str(exc), str(exc)) from None


def plan_from_json(text: str) -> Plan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProjectError(
            f"项目文件不是有效的 JSON(第 {exc.lineno} 行第 {exc.colno} 列:{exc.msg})",
            f"project file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
        ) from None
    return plan_from_dict(data)


def load_plan(path: str | os.PathLike[str]) -> Plan:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectError(f"找不到文件:{p}", f"file not found: {p}") from None
    except UnicodeDecodeError:
        raise ProjectError(f"{p}: 不是 UTF-8 文本,不是 HallPlan 项目文件", f"{p}: not UTF-8 text, not a HallPlan project") from None
    except OSError as exc:
        raise ProjectError(f"无法读取 {p}:{exc.strerror}", f"cannot read {p}: {exc.strerror}") from None
    try:
        return plan_from_json(text)
    except ProjectError as exc:
        raise ProjectError(f"{p.name}: {exc.zh}", f"{p.name}: {exc.en}") from None


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
