"""Rule packs: versioned data files (TOML) holding every threshold with its clause and source.

A pack has a ``[pack]`` header and one ``[rules.CODE]`` table per rule.  Packs
shipped with HallPlan live in ``standards/packs/``; users may pass their own.

>>> p = load_pack("baoshan-2016")
>>> p.rules["COUNTER-WIDTH"].params["min_m"], p.rules["COUNTER-WIDTH"].params["max_m"]
(0.75, 0.9)
"""

from __future__ import annotations

import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

from geometry.i18n import HallPlanError
from geometry.model import LEVELS
from standards.finding import Severity
from standards.registry import RuleSpec, clause_for

PACK_DIR = Path(__file__).resolve().parent / "packs"
PACK_FILE_LIMIT = 4 * 1024 * 1024  # a pack is a few kB of TOML
DEFAULT_PACKS = ("baoshan-2016", "national-figures")
_RULE_KEYS = {"clause", "severity", "verb", "levels", "title_zh", "title_en", "requirement_zh",
              "requirement_en", "source", "params", "confidence"}


class PackError(HallPlanError):
    pass


@dataclass(frozen=True)
class ReviewerItem:
    """A requirement of the organisation, not the plan (服务要求, 工作要求): listed for the reviewer.

    ``levels``: the administrative levels whose clause it is (its clause number is that level's)."""

    clause: str
    zh: str
    en: str
    levels: tuple[str, ...]

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class ChecklistItem:
    """Something the standard asks that a plan cannot show (a traffic sign, office equipment, the
    village's 'ten ones'): the user ticks it.  Projects keep the ticks by ``code``.

    ``levels``: the levels it is asked of; ``clause``: the clause number, or one per level."""

    code: str
    zh: str
    en: str
    levels: tuple[str, ...]
    clause: str | dict[str, str] = ""

    def name(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def clause_for(self, level: str | None) -> str:
        return clause_for(self.clause, level)


@dataclass(frozen=True)
class Pack:
    id: str
    edition: str
    title_zh: str
    title_en: str
    source: str
    rules: dict[str, RuleSpec]
    path: Path | None = None
    reviewer_items: tuple[ReviewerItem, ...] = ()
    checklist_items: tuple[ChecklistItem, ...] = ()
    analysis: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False, compare=False)  # [analysis.NAME]: assumptions

    def reviewer_items_for(self, level: str | None) -> tuple[ReviewerItem, ...]:
        """The reviewer items of ``level`` (all of them when the level is not known)."""
        return tuple(r for r in self.reviewer_items if level is None or level in r.levels)

    def label(self, lang: str = "zh") -> str:
        return f"{self.title_en if lang == 'en' else self.title_zh} ({self.id}, {self.edition})"


def _spec(pack_id: str, code: str, raw: dict[str, Any], where: str) -> RuleSpec:
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise PackError(f"{where}: 未知键 {', '.join(sorted(unknown))}", f"{where}: unknown keys {', '.join(sorted(unknown))}")
    for key in ("clause", "severity", "title_zh", "title_en"):
        if key not in raw:
            raise PackError(f"{where}: 缺少 {key}", f"{where}: missing {key}")
    try:
        severity = Severity(raw["severity"])
    except ValueError:
        raise PackError(f"{where}: severity 必须是 error 或 warning", f"{where}: severity must be error or warning") from None
    levels = raw.get("levels")
    if levels is not None:
        bad = [lv for lv in levels if lv not in LEVELS]
        if bad:
            raise PackError(f"{where}: 未知级别 {bad}", f"{where}: unknown levels {bad}")
        levels = tuple(levels)
    clause = raw["clause"]
    if not isinstance(clause, (str, dict)):
        raise PackError(f"{where}: clause 必须是文字或按级别的表", f"{where}: clause must be text or a table by level")
    return RuleSpec(
        code=code, pack=pack_id, clause=clause, severity=severity, levels=levels,
        title_zh=raw["title_zh"], title_en=raw["title_en"],
        requirement_zh=raw.get("requirement_zh", ""), requirement_en=raw.get("requirement_en", ""),
        source=raw.get("source", ""), params=dict(raw.get("params", {})),
    )


def _tables(raw: Any, where: str, name: str, keys: tuple[str, str, str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The entries of an array of tables ``[[name]]`` with their place for messages; each must hold
    the texts ``keys``.  Nothing when the pack has no such array."""
    if raw is None:
        return
    if not isinstance(raw, list):
        raise PackError(f"{where}: {name} 必须是表的数组", f"{where}: {name} must be an array of tables")
    for k, item in enumerate(raw, start=1):
        here = f"{where} [[{name}]] #{k}"
        if not isinstance(item, dict) or not all(isinstance(item.get(key), str) and item[key] for key in keys):
            raise PackError(f"{here}: 需要 {'、'.join(keys)} 三项文字", f"{here}: {keys[0]}, {keys[1]} and {keys[2]} texts are required")
        yield here, item


def _levels(item: dict[str, Any], here: str) -> tuple[str, ...]:
    """The levels an entry applies to (all when not given)."""
    levels = item.get("levels", list(LEVELS))
    if not isinstance(levels, list) or any(lv not in LEVELS for lv in levels):
        raise PackError(f"{here}: 未知级别 {levels}", f"{here}: unknown levels {levels}")
    return tuple(levels)


def _reviewer_items(raw: Any, where: str) -> tuple[ReviewerItem, ...]:
    return tuple(ReviewerItem(clause=item["clause"], zh=item["zh"], en=item["en"], levels=_levels(item, here))
                 for here, item in _tables(raw, where, "reviewer_items", ("clause", "zh", "en")))


def _checklist_items(raw: Any, where: str) -> tuple[ChecklistItem, ...]:
    out: list[ChecklistItem] = []
    seen: set[str] = set()
    for here, item in _tables(raw, where, "checklist_items", ("code", "zh", "en")):
        if item["code"] in seen:
            raise PackError(f"{here}: 核查项 {item['code']} 重复", f"{here}: checklist item {item['code']} given twice")
        seen.add(item["code"])
        levels = _levels(item, here)
        clause = item.get("clause", "")
        if not isinstance(clause, (str, dict)) or (isinstance(clause, dict) and not all(
                lv in LEVELS and isinstance(c, str) for lv, c in clause.items())):
            raise PackError(f"{here}: clause 必须是文字或按级别的表", f"{here}: clause must be text or a table by level")
        out.append(ChecklistItem(code=item["code"], zh=item["zh"], en=item["en"], levels=levels, clause=clause))
    return tuple(out)


def parse_pack(data: dict[str, Any], where: str = "pack", path: Path | None = None) -> Pack:
    head = data.get("pack")
    if not isinstance(head, dict) or "id" not in head:
        raise PackError(f"{where}: 缺少 [pack] 表或 id", f"{where}: missing [pack] table or id")
    pid = str(head["id"])
    rules = {code: _spec(pid, code, raw, f"{where} [rules.{code}]") for code, raw in (data.get("rules") or {}).items()}
    return Pack(id=pid, edition=str(head.get("edition", "")), title_zh=str(head.get("title_zh", pid)),
                title_en=str(head.get("title_en", pid)), source=str(head.get("source", "")), rules=rules, path=path,
                reviewer_items=_reviewer_items(data.get("reviewer_items"), where),
                checklist_items=_checklist_items(data.get("checklist_items"), where),
                analysis=_analysis(data.get("analysis"), where))


def _analysis(raw: Any, where: str) -> dict[str, dict[str, Any]]:
    """``[analysis.NAME]`` tables: the assumptions of an analysis that is not a rule (numbers and texts)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise PackError(f"{where} [analysis]: 应为表,如 [analysis.capacity]", f"{where} [analysis]: expected tables such as [analysis.capacity]")
    return {k: dict(v) for k, v in raw.items()}


def load_pack(name_or_path: str | Path) -> Pack:
    """Load a shipped pack by id (``baoshan-2016``) or any pack file by path.

    Parsed packs are cached by path and modification time: the editor re-checks on every edit.
    """
    if "\x00" in str(name_or_path) or not str(name_or_path).strip():
        raise PackError(f"规则包名称无效:{str(name_or_path)!r}", f"invalid rule pack name: {str(name_or_path)!r}")
    p = Path(name_or_path)
    if not p.suffix:
        p = PACK_DIR / f"{name_or_path}.toml"
    try:
        st = p.stat()
        stamp = st.st_mtime_ns
    except OSError:
        stamp = -1
    else:
        if not stat.S_ISREG(st.st_mode) or st.st_size > PACK_FILE_LIMIT:  # no device, pipe or folder; no giant file
            raise PackError(f"规则包 {name_or_path} 不是普通文件或超过 {PACK_FILE_LIMIT // 1024 // 1024} MB",
                            f"rule pack {name_or_path} is not a regular file or is larger than {PACK_FILE_LIMIT // 1024 // 1024} MB")
    key = (str(p.resolve()) if stamp != -1 else str(p), stamp)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    pack = _read_pack(p, name_or_path)
    _CACHE[key] = pack
    return pack


_CACHE: dict[tuple[str, int], Pack] = {}


def _read_pack(p: Path, name_or_path: str | Path) -> Pack:
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(f"找不到规则包:{name_or_path}", f"rule pack not found: {name_or_path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise PackError(f"无法读取规则包 {name_or_path}({why})", f"cannot read rule pack {name_or_path} ({why})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"规则包 {p.name} 格式错误:{exc}", f"rule pack {p.name} is malformed: {exc}") from None
    return parse_pack(data, p.name, p)


def shipped_packs() -> list[str]:
    return sorted(f.stem for f in PACK_DIR.glob("*.toml"))


def checklist_catalogue(packs: "Sequence[Pack] | None" = None) -> dict[str, ChecklistItem]:
    """Every checklist item of ``packs`` (default: the built-in packs) by code, in the packs' order; a
    later pack's item of the same code replaces an earlier one's (as its rules do).

    >>> items = checklist_catalogue()
    >>> items["village_ledger"].zh, items["village_ledger"].levels
    ('一本台帐', ('village',))
    """
    out: dict[str, ChecklistItem] = {}
    for p in (packs if packs is not None else [load_pack(n) for n in DEFAULT_PACKS]):
        for item in p.checklist_items:
            out[item.code] = item
    return out


def checklist_items_for(level: str | None, packs: "Sequence[Pack] | None" = None) -> tuple[str, ...]:
    """The codes of the checklist items asked at ``level`` (all of them when the level is unknown).

    >>> checklist_items_for("village")[:2]
    ('co_location', 'village_place')
    >>> "village_ledger" in checklist_items_for("county")
    False
    """
    return tuple(code for code, item in checklist_catalogue(packs).items() if level is None or level in item.levels)
