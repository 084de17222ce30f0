"""The layer map: which DXF layers and block names mean which plan objects.

The map is data (``assets/layers/default.toml``); a user file can extend or replace it.

>>> m = load_layer_map()
>>> m.layer_role("a-wall"), m.layer_role("PLAN$0$墙体"), m.layer_role("Xref|COUNTER"), m.layer_role("TEXT")
('wall', 'wall', 'counter', None)
>>> m.block_role("灭火器"), m.block_role("fire_extinguisher"), m.block_role("chair")
(('facility', 'extinguisher'), ('facility', 'extinguisher'), None)
>>> m.zone_kind("投资项目集中审批服务区"), m.zone_kind("Waiting area"), m.zone_kind("xyz")
('investment', 'waiting', None)
"""

from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import assets
from geometry.dxf.errors import DxfError
from geometry.kinds import role_kinds
from geometry.model import FACILITY_KINDS, ZONE_KINDS

# the order layer names are matched in (the first role whose list matches wins): counters (窗口) before the
# door and window wildcards (*门*, *窗*); a kind's role not listed here (a new kind) comes after these
_MATCH_ORDER: tuple[str, ...] = (
    "hall", "building", "zone", "waiting", "counter", "consult", "entrance", "parking", "route",
    "facility", "wall", "column", "door", "window", "obstacle",
)
LAYER_ROLES: tuple[str, ...] = (
    *_MATCH_ORDER, *(r for r in role_kinds() if r not in _MATCH_ORDER and r not in ("room", "ignore")), "room", "ignore",
)
BLOCK_ROLES: tuple[str, ...] = ("counter", "consult", "entrance")


def _norm(name: str) -> str:
    return " ".join(name.strip().casefold().split())


class _Patterns:
    """Case-insensitive names with wildcards; exact names are looked up in a dict first."""

    def __init__(self, entries: list[tuple[str, Any]]) -> None:
        self.exact: dict[str, Any] = {}
        self.wild: list[tuple[re.Pattern[str], Any]] = []
        for pat, val in entries:
            p = _norm(pat)
            if any(c in p for c in "*?["):
                self.wild.append((re.compile(fnmatch.translate(p)), val))
            elif p not in self.exact:
                self.exact[p] = val

    def match(self, name: str) -> Any:
        n = _norm(name)
        if n in self.exact:
            return self.exact[n]
        for rx, val in self.wild:
            if rx.match(n):
                return val
        return None


@dataclass
class LayerMap:
    """Roles for layer names and block names, plus the words that name zones and halls."""

    layers: dict[str, list[str]] = field(default_factory=dict)
    blocks: dict[str, list[str]] = field(default_factory=dict)
    facilities: dict[str, list[str]] = field(default_factory=dict)
    zone_text: dict[str, list[str]] = field(default_factory=dict)
    hall_labels: list[str] = field(default_factory=list)
    main_entrance_labels: list[str] = field(default_factory=list)
    not_names: list[str] = field(default_factory=list)  # texts with these words never name a room (personnel lists)
    gap_tolerance_mm: float = 100.0
    label_distance_mm: float = 3000.0
    sources: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._build()

    def _build(self) -> None:
        self._layer = _Patterns([(p, r) for r in self.layers for p in self.layers[r]])
        block_entries: list[tuple[str, tuple[str, str | None]]] = [(p, (r, None)) for r in self.blocks for p in self.blocks[r]]
        block_entries += [(p, ("facility", k)) for k in self.facilities for p in self.facilities[k]]
        self._block = _Patterns(block_entries)
        self._cache: dict[str, str | None] = {}
        words: list[tuple[str, str]] = []
        for kind, (zh, en) in ZONE_KINDS.items():
            words += [(zh, kind), (en, kind)]
        for kind, ws in self.zone_text.items():
            words += [(w, kind) for w in ws]
        # longest words first, so 投资项目集中审批服务区 beats 审批
        self._zone_words = sorted(((_norm(w), k) for w, k in words if w.strip()), key=lambda t: -len(t[0]))

    def layer_role(self, layer: str) -> str | None:
        """The role of a layer name, or None; xref prefixes (``X$0$``, ``X|``) are tried off too."""
        try:
            return self._cache[layer]
        except KeyError:
            pass
        role = self._layer.match(layer)
        if role is None:
            for sep in ("$0$", "|"):
                if sep in layer:
                    role = self._layer.match(layer.rsplit(sep, 1)[1])
                    if role is not None:
                        break
        self._cache[layer] = role
        return role  # type: ignore[no-any-return]

    def block_role(self, name: str) -> tuple[str, str | None] | None:
        """``(role, facility_kind)`` for a block name, or None."""
        r = self._block.match(name)
        if r is None and "$0$" in name:
            r = self._block.match(name.rsplit("$0$", 1)[1])
        return r  # type: ignore[no-any-return]

    def zone_kind(self, text: str) -> str | None:
        """The zone kind a label names (longest matching word), or None."""
        t = _norm(text)
        if not t:
            return None
        for w, kind in self._zone_words:
            if w in t:
                return kind
        return None

    def is_not_name(self, text: str) -> bool:
        """A text that never names a room or zone: a personnel list (管理人员, 使用人员 …)."""
        t = _norm(text)
        return any(_norm(w) in t for w in self.not_names if w.strip())

    def is_hall_label(self, text: str) -> bool:
        if self.is_not_name(text):
            return False
        t = _norm(text)
        for w in map(_norm, self.hall_labels):
            if w == t or (w in t and ((not w.isascii() and len(w) >= 3) or " " in w)):
                return True
        return False

    def is_main_entrance_label(self, text: str) -> bool:
        t = _norm(text)
        return any(_norm(w) in t for w in self.main_entrance_labels)

    def names_for(self, role: str) -> list[str]:
        return list(self.layers.get(role, []))


def _read_toml(p: Path) -> dict[str, Any]:
    try:
        with open(p, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise DxfError(f"找不到图层映射文件:{p}", f"layer map file not found: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DxfError(f"图层映射文件 {p.name} 格式错误:{exc}", f"layer map {p.name} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise DxfError(f"无法读取图层映射文件 {p}:{exc.strerror}", f"cannot read layer map {p}: {exc.strerror}") from None


def _str_lists(data: Any, where: str, allowed: tuple[str, ...] | dict[str, Any] | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if data is None:
        return out
    if not isinstance(data, dict):
        raise DxfError(f"图层映射:[{where}] 必须是表", f"layer map: [{where}] must be a table")
    for k, v in data.items():
        if isinstance(v, dict):
            continue  # nested table, read separately
        if allowed is not None and k not in allowed:
            raise DxfError(f"图层映射:[{where}] 中未知的项 “{k}”", f"layer map: unknown entry '{k}' in [{where}]")
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
            raise DxfError(f"图层映射:[{where}].{k} 必须是名称列表", f"layer map: [{where}].{k} must be a list of names")
        out[k] = list(v)
    return out


def _merge(first: dict[str, list[str]], then: dict[str, list[str]]) -> dict[str, list[str]]:
    out = {k: list(v) for k, v in first.items()}
    for k, v in then.items():
        out.setdefault(k, [])
        out[k] += [s for s in v if s not in out[k]]
    return out


def _from_data(data: dict[str, Any], base: LayerMap | None, source: str) -> LayerMap:
    layers = _str_lists(data.get("layers"), "layers", LAYER_ROLES)
    blocks_raw = data.get("blocks") or {}
    blocks = _str_lists(blocks_raw, "blocks", BLOCK_ROLES)
    facilities = _str_lists(blocks_raw.get("facility") if isinstance(blocks_raw, dict) else None, "blocks.facility", FACILITY_KINDS)
    zone_text = _str_lists(data.get("zone_text"), "zone_text", ZONE_KINDS)
    labels = _str_lists(data.get("labels"), "labels", ("hall", "main_entrance", "not_names"))
    rooms = data.get("rooms") or {}
    if base is not None:
        # the user's names are tried first; every name of the base map stays reachable
        layers = _merge(layers, base.layers)
        blocks = _merge(blocks, base.blocks)
        facilities = _merge(facilities, base.facilities)
        zone_text = _merge(zone_text, base.zone_text)
        labels = _merge(labels, {"hall": base.hall_labels, "main_entrance": base.main_entrance_labels,
                                 "not_names": base.not_names})
    try:
        gap = float(rooms.get("gap_tolerance_mm", base.gap_tolerance_mm if base else 100.0))
        dist = float(rooms.get("label_distance_mm", base.label_distance_mm if base else 3000.0))
    except (TypeError, ValueError):
        raise DxfError("图层映射:[rooms] 中的数值无效", "layer map: [rooms] values must be numbers") from None
    # keep the documented role order (first matching role wins)
    layers = {r: layers[r] for r in LAYER_ROLES if r in layers}
    return LayerMap(
        layers=layers, blocks=blocks, facilities=facilities, zone_text=zone_text,
        hall_labels=labels.get("hall", []), main_entrance_labels=labels.get("main_entrance", []),
        not_names=labels.get("not_names", []),
        gap_tolerance_mm=gap, label_distance_mm=dist,
        sources=([*base.sources] if base else []) + [source],
    )


_DEFAULT: LayerMap | None = None


def load_layer_map(user_file: str | os.PathLike[str] | None = None) -> LayerMap:
    """The default map, or a user file layered over it (``inherit = false`` drops the defaults)."""
    global _DEFAULT
    if _DEFAULT is None:
        dp = assets.path("layers", "default.toml")
        _DEFAULT = _from_data(_read_toml(dp), None, str(dp))
    if user_file is None:
        return _DEFAULT
    p = Path(user_file)
    data = _read_toml(p)
    inherit = data.get("inherit", True)
    if not isinstance(inherit, bool):
        raise DxfError("图层映射:inherit 必须是 true 或 false", "layer map: inherit must be true or false")
    return _from_data(data, _DEFAULT if inherit else None, str(p))


def as_layer_map(layer_map: "LayerMap | str | os.PathLike[str] | None") -> LayerMap:
    if layer_map is None:
        return load_layer_map()
    if isinstance(layer_map, LayerMap):
        return layer_map
    return load_layer_map(layer_map)
