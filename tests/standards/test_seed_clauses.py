"""The standard, clause by clause: every requirement of the shared clause list maps to a rule, a facility,
a checklist item or a reviewer item at every level it applies to, with that level's clause number.

The map is data in the repo (``standards/clausemap/baoshan-2016.toml``); the list itself
(``../shared/docs/seed-clauses.md``) is walked when it is there, block by block, so that a requirement
added to the list without a row here fails.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from geometry.model import FACILITY_KINDS, LEVELS
from standards.packs import checklist_catalogue, checklist_items_for
import standards.rules  # noqa: F401  (registers the rules)
from standards.packs import DEFAULT_PACKS, load_pack
from standards.registry import RULES, RuleSpec
from tests.conftest import shared_dir

REPO = Path(__file__).resolve().parents[2]
MAP = tomllib.loads((REPO / "standards" / "clausemap" / "baoshan-2016.toml").read_text(encoding="utf-8"))
ROWS: list[dict[str, Any]] = MAP["row"]
SEED_PACK = load_pack(MAP["map"]["pack"])
SPECS: dict[str, RuleSpec] = {}
for _name in DEFAULT_PACKS:
    SPECS.update(load_pack(_name).rules)


def _checklist_of(spec: RuleSpec) -> set[str]:
    """The checklist items a rule's pack entry names (as ``checklist`` or as keys of its item tables)."""
    p = spec.params
    out: set[str] = set()
    c = p.get("checklist")
    out |= {c} if isinstance(c, str) else set(c or [])
    for key in ("items", "without_counter", "always"):
        out |= set(p.get(key, {}) or {})
    return out


def _applies(spec: RuleSpec, level: str) -> bool:
    return spec.levels is None or level in spec.levels


def _cases() -> list[tuple[int, str]]:
    return [(k, level) for k, row in enumerate(ROWS) for level in row["clause"]]


@pytest.mark.parametrize(("k", "level"), _cases(), ids=lambda v: str(v))
def test_each_row_is_checked_at_each_of_its_levels_with_its_clause(k: int, level: str) -> None:
    row = ROWS[k]
    clause = row["clause"][level]
    assert level in LEVELS
    refs = 0
    for code in row.get("rules", []):
        spec = SPECS.get(code)
        assert spec is not None, f"{code} is in no default pack"
        assert code in RULES, f"{code} has no implementation"
        assert _applies(spec, level), f"{code} does not apply at {level}"
        own = spec.pack == SEED_PACK.id or spec.clause_for(level).startswith(("二", "三"))
        if own:  # a seed clause: the level's own number, never another level's
            assert spec.clause_for(level) == clause, f"{code} cites {spec.clause_for(level)} at {level}, the list {clause}"
        refs += 1
    facilities = SPECS["FACILITIES"]
    for kind in row.get("facilities", []):
        assert kind in FACILITY_KINDS, kind
        assert kind in facilities.params["required"].get(level, []), f"FACILITIES does not ask for {kind} at {level}"
        assert facilities.clause_for(level) == clause
        refs += 1
    for item in row.get("checklist", []):
        assert item in checklist_catalogue() and item in checklist_items_for(level), f"{item} not asked at {level}"
        owners = [s for s in SPECS.values() if item in _checklist_of(s) and _applies(s, level)]
        assert owners, f"no rule reports the checklist item {item} at {level}"
        assert any(s.clause_for(level) == clause for s in owners), f"{item}: no rule cites {clause} at {level}"
        refs += 1
    stated = {r.clause for r in SEED_PACK.reviewer_items_for(level)}
    for c in row.get("reviewer", []):
        assert c in stated, f"reviewer item {c} missing at {level}"
        assert c.startswith((clause, "三")), f"reviewer item {c} under {clause}"
        refs += 1
    assert refs, f"row {row['seed']!r} maps to nothing at {level}"


def test_every_seed_rule_checklist_item_and_reviewer_item_has_a_row() -> None:
    rules = {c for row in ROWS for c in row.get("rules", [])}
    assert set(SEED_PACK.rules) <= rules, set(SEED_PACK.rules) - rules
    items = {i for row in ROWS for i in row.get("checklist", [])}
    assert set(checklist_catalogue()) == items, set(checklist_catalogue()) ^ items
    for level in LEVELS:
        listed = {c for row in ROWS if level in row["clause"] for c in row.get("reviewer", [])}
        assert {r.clause for r in SEED_PACK.reviewer_items_for(level)} == listed, level
        kinds = {f for row in ROWS if level in row["clause"] for f in row.get("facilities", [])}
        assert set(SPECS["FACILITIES"].params["required"].get(level, [])) == kinds, level


def test_reviewer_items_cite_each_levels_own_clauses() -> None:
    """Township and village items are their own parts' clauses, never the city's 二(一)5."""
    own = {"city": "二(一)", "county": "二(一)", "park": "二(一)", "township": "二(二)", "village": "二(三)"}
    for level, part in own.items():
        items = SEED_PACK.reviewer_items_for(level)
        assert items
        assert all(r.clause.startswith((part, "三")) for r in items), level
    township = " ".join(r.zh for r in SEED_PACK.reviewer_items_for("township"))
    village = " ".join(r.zh for r in SEED_PACK.reviewer_items_for("village"))
    assert "代办员" in township and "全程代办" in village


def _blocks(text: str) -> list[str]:
    """The list's paragraphs, bullets and table body rows from the first level table on."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("## Levels"))
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(" ".join(para))
            para.clear()

    for i, ln in enumerate(lines[start + 1:], start=start + 1):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not ln.strip() or ln.startswith("#"):
            flush()
        elif ln.startswith("|"):
            flush()
            if not re.match(r"^\|[-| ]+\|$", ln) and not re.match(r"^\|[-| ]+\|$", nxt):
                out.append(ln)
        elif ln.startswith("- "):
            flush()
            para.append(ln)
        else:
            para.append(ln.strip())
    flush()
    return out


def test_walk_the_shared_clause_list() -> None:
    d = shared_dir()
    if d is None or not (d / "docs" / "seed-clauses.md").is_file():
        pytest.skip("the shared clause list (shared/docs/seed-clauses.md) is not beside this clone")
    text = (d / "docs" / "seed-clauses.md").read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", text)
    standard = "".join(f.read_text(encoding="utf-8") for f in sorted((d / "seed").glob("*.txt")))
    for row in ROWS:
        if row.get("from") == "seed":
            assert row["seed"] in standard, f"the standard does not say {row['seed']!r}"
    seeds = [r["seed"] for r in ROWS if r.get("from") != "seed"] + [n["seed"] for n in MAP.get("not_a_requirement", [])]
    for s in seeds:
        assert s in flat, f"the clause list no longer says {s!r}: update the map"
    blocks = _blocks(text)
    assert len(blocks) > 30
    for b in blocks:
        assert any(s in b for s in seeds), f"no row of the clause map covers: {b[:90]}"


def _numbered_clauses(standard: str) -> list[str]:
    """Every numbered clause of the standard's parts 二 and 三: 二(一)1 … 二(三)4, 三(一) … 三(五)."""
    out: list[str] = []
    part, sub = "", ""
    for ln in (x.strip() for x in standard.splitlines()):
        if ln.startswith("二、"):
            part = "二"
        elif ln.startswith("三、"):
            part = "三"
        elif part and (m := re.match(r"^[((]([一二三四五])[))]", ln)):  # the text writes full-width brackets
            sub = f"({m.group(1)})"
            if part == "三":
                out.append(f"三{sub}")
        elif part == "二" and sub and (m := re.match(r"^(\d)\.", ln)):
            out.append(f"二{sub}{m.group(1)}")
    return out


PART_LEVELS = {"二(一)": ("city", "county", "park"), "二(二)": ("township",), "二(三)": ("village",),
               "三": ("city", "county", "park", "township")}


def test_every_numbered_clause_of_the_standard_is_mapped_at_its_levels() -> None:
    d = shared_dir()
    if d is None or not list((d / "seed").glob("*.txt")):
        pytest.skip("the standard's text (shared/seed) is not beside this clone")
    standard = "".join(f.read_text(encoding="utf-8") for f in sorted((d / "seed").glob("*.txt")))
    numbered = _numbered_clauses(standard)
    assert len(numbered) == 5 + 5 + 4 + 5, numbered
    for clause in numbered:
        levels = next(v for k, v in PART_LEVELS.items() if clause.startswith(k))
        for level in levels:
            cited = {row["clause"][level] for row in ROWS if level in row["clause"]}
            cited |= {c for row in ROWS if level in row["clause"] for c in row.get("reviewer", [])}
            assert any(c == clause or c.startswith(clause + "(") for c in cited), f"{clause} not mapped at {level}"
