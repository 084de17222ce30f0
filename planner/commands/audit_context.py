"""Where a batch audit finds each plan's context: the plan file, a sidecar beside it, or a CSV.

Sidecar: ``NAME.context.json`` or ``NAME.context.toml`` beside ``NAME.hallplan`` / ``NAME.dxf`` / ``NAME.dwg``::

    level = "county"            # city | county | park | township | village (or 市级 / 县级 / 园区 / 乡镇 / 村)
    population = 935000
    target_grade = 2
    centre_name = "隆阳区人民政府政务服务中心"
    building_area_m2 = 6000     # alias building_area
    [checklist]                 # optional ticks for what the drawing cannot show
    traffic_signs = true

CSV (``--csv``; UTF-8 with or without BOM, or GB 18030 as Chinese Excel saves it), one row per plan,
``name`` matching the plan's file name with or without its extension::

    name,level,population,building_area,target_grade,centre_name

Precedence: the plan file's own context < sidecar < CSV row (the command line wins).

>>> parse_level("县级"), parse_level("Township"), parse_level("村(社区)")
('county', 'township', 'village')
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path
from typing import Any

from geometry import validate
from geometry.i18n import HallPlanError
from geometry.model import LEVELS
from geometry.project import read_project_bytes
from geometry.validate import Spec
from standards.packs import checklist_catalogue

CONTEXT_FILE_LIMIT = 16 * 1024 * 1024  # a sidecar or CSV larger than this is not a context file
_SKIP = ("file", "path", "plan")  # the plan's own file name, not context
_TICK = Spec("bool", "核查项", "checklist item", nullable=False)


def parse_level(text: str) -> str:
    code = validate.parse_level(text)
    if code is None:
        raise HallPlanError(f"不认识的级别“{text}”(应为 {'/'.join(LEVELS)})", f"unknown level '{text}' (expected {'/'.join(LEVELS)})")
    return code


def normalise(data: dict[str, Any], where: str) -> tuple[dict[str, Any], dict[str, bool]]:
    """(context overrides, checklist ticks) from a sidecar/CSV mapping, every value through the shared
    validator (geometry.validate: types, ranges, ``50万``, 是/否); unknown keys are an error."""
    ticks: dict[str, bool] = {}
    fields: dict[str, Any] = {}
    for k, v in data.items():
        key = str(k).strip().lower()
        if key == "checklist":
            if not isinstance(v, dict):
                raise HallPlanError(f"{where}: checklist 应为 名称→true/false", f"{where}: checklist must map names to true/false")
            known = checklist_catalogue()  # the built-in packs' items (ticks are kept by item code)
            bad = [n for n in v if n not in known]
            if bad:
                raise HallPlanError(f"{where}: 未知的核查项 {', '.join(bad)}", f"{where}: unknown checklist items {', '.join(bad)}")
            ticks = {n: validate.clean_value(_TICK, n, t, where, text=True) for n, t in v.items()}
            continue
        if key not in _SKIP:
            fields[k] = v
    out = validate.context_values(fields, where, text=True, aliases=True)
    return {k: v for k, v in out.items() if v is not None}, ticks


def sidecar_for(plan_path: Path) -> Path | None:
    for suffix in (".context.json", ".context.toml"):
        p = plan_path.with_name(plan_path.stem + suffix)
        if p.is_file():
            return p
    return None


def read_sidecar(path: Path) -> tuple[dict[str, Any], dict[str, bool]]:
    raw = read_project_bytes(path, CONTEXT_FILE_LIMIT, ("上下文文件", "context file"))  # regular files only, bounded
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # JSON/TOML errors are ValueErrors
        raise HallPlanError(f"{path.name}: 无法读取上下文文件({exc})", f"{path.name}: unreadable context file ({exc})") from None
    if not isinstance(data, dict):
        raise HallPlanError(f"{path.name}: 上下文文件应为键值表", f"{path.name}: a context file must be a table of keys")
    return normalise(data, path.name)


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    """Rows by plan name (lower-cased, without extension).  Raises HallPlanError when unusable."""
    raw = read_project_bytes(path, CONTEXT_FILE_LIMIT, ("上下文表格", "context table"))  # regular files only, bounded
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise HallPlanError(f"{path.name}: 编码无法识别", f"{path.name}: unknown text encoding")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    heads = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "name" not in heads and "file" not in heads:
        raise HallPlanError(f"{path.name}: 缺少 name 列(平面文件名)", f"{path.name}: no 'name' column (the plan file name)")
    rows: dict[str, dict[str, str]] = {}
    for row in reader:
        r = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        key = r.get("file") or r.get("name") or ""
        if key:
            rows[plan_key(key)] = r
    return rows


def plan_key(name: str) -> str:
    p = Path(name.strip())
    return (p.stem if p.suffix.lower() in (".hallplan", ".dxf", ".dwg", ".json") else p.name).lower()


def csv_context(row: dict[str, str], where: str) -> dict[str, Any]:
    """Context overrides from a CSV row; ``name`` is the plan's file name, ``centre_name`` the centre's."""
    data = {k: v for k, v in row.items() if k not in ("name", *_SKIP) and v != ""}
    out, _ticks = normalise(data, where)
    return out
