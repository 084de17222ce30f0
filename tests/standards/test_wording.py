"""Every rule message reads as a reviewer would write it, in both languages.

All rules run on the samples and on plans crafted to reach their other branches (unknowns, not
applicable, each kind of failure); every message is scanned for raw field names, internal ids,
lower-case acronyms, Chinese left in English text, nested quotes and doubled words."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

import pytest
from shapely.geometry import LineString, Point, box

from geometry.model import (LEVELS, Context, ConsultDesk, Counter, Entrance, Facility, Parking, Plan, Route, Signage,
                            Zone)
from geometry.synthetic import sample_plan
from standards.engine import check
from standards.finding import Finding, Status
from standards.naming_objects import has_cjk
from standards.registry import RULES
from tests.standards.test_circulation_rules import accessible_plan, aisle_plan, consult_plan, corridor_hall, turning_plan


def _variants(p: Plan) -> list[Plan]:
    """A sample and the plans that reach a rule's other branches from it."""
    c = p.counters
    odd_counters = tuple(dataclasses.replace(k, height_m=None if i % 3 == 0 else 0.95, color=(None, "紫罗兰", "white")[i % 3],
                                             sign_zh=(None, "", "社保")[i % 3], sign_en=None, service="", label="")
                         for i, k in enumerate(c))
    return [
        p,
        dataclasses.replace(p, objects=tuple(o for o in p.objects if not isinstance(o, Counter)) + odd_counters),
        dataclasses.replace(p, context=Context(), signage=Signage(), checklist={}),
        dataclasses.replace(p, context=dataclasses.replace(p.context, population=None, building_area_m2=None, floors=None,
                                                           sprinklers=None, centre_name="某某中心"),
                            signage=Signage(text="政务服务中心", typeface="仿宋", color="金属灰", background="白",
                                            material="不锈钢", languages=("zh",), fixed=False, prominent=None),
                            checklist={k: False for k in p.checklist}),
        dataclasses.replace(p, objects=tuple(o for o in p.objects if not isinstance(o, (Entrance, Facility, Parking)))),
        dataclasses.replace(p, objects=tuple(dataclasses.replace(o, main=False) if isinstance(o, Entrance) else o
                                             for o in p.objects if not isinstance(o, (Zone, ConsultDesk)))),
        dataclasses.replace(p, hall=None, objects=tuple(dataclasses.replace(o, stalls=None) if isinstance(o, Parking) else o
                                                        for o in p.objects if not isinstance(o, Counter))),
    ]


def _crafted() -> list[Plan]:
    ctx = Context(level="county", population=300000)
    plans = [Plan(), Plan(context=ctx), Plan(context=ctx, hall=box(0, 0, 10, 10))]
    plans += [aisle_plan(1.79), aisle_plan(2.0), accessible_plan(0.8), accessible_plan(3.0, toilet=False),
              consult_plan(box(20, 20, 22, 20.8), wall=True), turning_plan(0.9), turning_plan(3.0),
              corridor_hall(80.0), corridor_hall(36.0, sprinklers=None), corridor_hall(80.0, exits=(0.0, 0.5))]
    hall = Plan(context=dataclasses.replace(ctx, building_area_m2=3000.0), hall=box(0, 0, 40, 30), objects=(
        Entrance(id="main-door", geometry=LineString([(18, 0), (22, 0)]), main=True, accessible=True),
        Counter(id="k1", geometry=box(5, 25, 6.6, 25.8), accessible=True, height_m=0.95),
        ConsultDesk(id="desk", geometry=box(18, 4, 20, 4.8), accessible=True),
        Route(id="r", geometry=LineString([(20, 0.5), (20, 20)]), width_m=0.9),
        Parking(id="lot", geometry=box(0, -40, 40, -32), stalls=150, accessible_stalls=1),
        Facility(id="sp", kind="special_population", geometry=Point(38, 29))))
    plans.append(hall)
    return plans


@lru_cache(maxsize=1)
def findings() -> tuple[tuple[Finding, Plan], ...]:
    plans = [v for lvl in LEVELS for ok in (True, False) for v in _variants(sample_plan(lvl, ok))] + _crafted()
    return tuple((f, p) for p in plans for f in check(p).findings)


SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
FIELD = re.compile(r"\w+_(?:m|id|m2|zh|en)\b")
LOWER_ACRONYM = re.compile(r"\b(?:cctv|gb|dxf|pdf|json|csv|id)\b")
DOUBLED = re.compile(r"(?<![\w.])([^\s\d,;:()()、,。;:]{2,}) \1(?![\w])")


def _proper_names(p: Plan) -> list[str]:
    """Texts the user wrote that English text may quote as they are (names, sign texts)."""
    names = [p.context.centre_name or "", p.signage.text or ""]
    names += [t for k in p.counters for t in (k.sign_zh or "", k.service)]
    return sorted((n for n in names if n), key=len, reverse=True)


def _ids(p: Plan) -> set[str]:
    return {o.id for o in p.objects if re.search(r"[-_\d]", o.id)}


def problems(f: Finding, p: Plan) -> list[str]:
    out: list[str] = []
    for lang, text in (("zh", f.message_zh), ("en", f.message_en)):
        if SNAKE.search(text) or FIELD.search(text):
            out.append(f"{lang}: raw field name in {text!r}")
        words = set(re.findall(r"[\w-]+", text))
        if words & _ids(p):
            out.append(f"{lang}: internal id {sorted(words & _ids(p))} in {text!r}")
        if DOUBLED.search(text):
            out.append(f"{lang}: doubled word in {text!r}")
    en = f.message_en
    stripped = en
    for n in _proper_names(p):
        stripped = stripped.replace(n, "")
    if has_cjk(stripped):
        out.append(f"en: Chinese in English text {en!r}")
    req_en = f.required_text("en") or ""
    if has_cjk(req_en) or SNAKE.search(req_en):
        out.append(f"en: requirement {req_en!r} is not English")
    if "_" in f.measured_text():
        out.append(f"measured value {f.measured_text()!r} shows a raw name")
    if LOWER_ACRONYM.search(en):
        out.append(f"en: lower-case acronym in {en!r}")
    if '"' in en or re.search(r"'[^']*“|“[^”]*'", en):
        out.append(f"en: double or nested quotes in {en!r}")
    if re.search(r"“[^”]*“", f.message_zh):
        out.append(f"zh: nested quotes in {f.message_zh!r}")
    if re.search(r"\(s\)|\b1 (?:[a-z-]+ )?(?:windows|counters|stalls|exits|areas|desks)\b", en):
        out.append(f"en: plural not agreed in {en!r}")
    if re.search(r"\ba (?:8|11|18)[\d.,]*\b", en):
        out.append(f"en: article before a number in {en!r}")
    return out


def test_the_scan_reaches_every_rule_and_every_status() -> None:
    fs = [f for f, _ in findings()]
    assert {f.rule for f in fs} >= set(RULES)
    assert {f.status for f in fs} == set(Status)
    for code in RULES:  # an unknown branch of each rule that has one is reached too
        assert any(f.rule == code and f.status != Status.PASS for f in fs), code


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_messages_read_as_a_reviewer_writes(code: str) -> None:
    seen: set[tuple[str, str]] = set()
    bad: list[str] = []
    for f, p in findings():
        if f.rule != code or (f.message_zh, f.message_en) in seen:
            continue
        seen.add((f.message_zh, f.message_en))
        bad += problems(f, p)
    assert not bad, "\n".join(bad[:10])


def test_the_scan_catches_what_it_looks_for() -> None:
    p = sample_plan("county")
    oid = p.counters[0].id
    bad = Finding("X", "1", check(p).findings[0].severity, Status.FAIL, f"{oid} 缺少: height_m,出入口 出入口 附近",
                  "cctv missing at 主入口 (1 windows); 'a \"b\"'; a 8.2 m walk")
    found = " | ".join(problems(bad, p))
    for what in ("raw field name", "internal id", "doubled word", "Chinese in English", "lower-case acronym", "nested quotes",
                 "plural", "article"):
        assert what in found, what
