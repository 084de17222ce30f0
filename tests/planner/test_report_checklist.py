"""The PDF checklist page, read back with pypdf: the state of each item is the findings table's (shown on the
plan / done / confirmed missing / to confirm), and the reviewer items are the level's own."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace

import pytest
from pypdf import PdfReader

from geometry.synthetic import sample_plan
from planner.report import build_pdf
from planner.report.checklist import STATE_STATUS, checklist_rows
from standards.engine import Report, check
from standards.finding import Status


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def checklist_text(data: bytes) -> str:
    pages = [norm(p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages]
    return next(t for t in pages if "核查清单" in t or "Checklist(" in t)


@pytest.fixture(scope="module")
def village() -> Report:
    return check(sample_plan("village", compliant=False))


def test_rows_take_their_state_from_the_findings(village: Report) -> None:
    rows = {r.key: r for r in checklist_rows(village)}
    assert rows["village_place"].state == "proven"        # the service room is drawn
    assert rows["village_rules"].state == "done"          # ticked by the user
    assert rows["village_ledger"].state == "missing"      # ticked as missing
    assert rows["village_phone"].state == "to_confirm"    # cut off the plan and not ticked
    assert rows["village_desk"].state == "not_applicable"  # an open counter is drawn
    assert rows["rest_seats"].state == "proven" and rows["water_dispenser"].state == "not_drawn"
    findings = {(f.rule, f.extra.get("checklist") or f.extra.get("facility")): f for f in village.findings}
    for r in rows.values():
        assert r.rule is not None
        f = findings[(r.rule, r.key)]
        assert f.status in STATE_STATUS[r.state], (r.key, r.state, f.status)
        assert r.clause == f.clause


def test_pdf_checklist_prints_each_state_as_the_findings_table(village: Report) -> None:
    zh = checklist_text(build_pdf(village, "zh", date="2026-11-29"))
    for label, state in (("一个场所", "√平面图已表达"), ("一套制度", "√已落实(申报)"), ("一本台帐", "×确认未落实"),
                         ("一部电话", "□待确认"), ("饮水机", "×平面图中没有"), ("打印机", "□待确认")):
        assert norm(f"{label}二(三)4{state}") in zh or norm(f"{label}二(三)3{state}") in zh, label
    for r in checklist_rows(village):
        assert norm(r.label("zh") + r.clause + r.state_text("zh")) in zh
    assert "全程代办" in zh and "二(一)5" not in zh and "三(一)" not in zh
    en = checklist_text(build_pdf(village, "en", date="2026-11-29"))
    assert norm("Oneledger二(三)4×confirmedmissing") in en and norm("Onetelephone二(三)4□toconfirm") in en
    assert "Fullagencyservice" in en


def test_three_user_states_for_one_item_and_the_township_reviewer_items() -> None:
    base = sample_plan("township")
    texts = {}
    for tick in (True, False, None):
        checklist = {k: v for k, v in {**base.checklist, "traffic_signs": tick}.items() if v is not None}
        rep = check(replace(base, checklist=checklist))
        row = next(r for r in checklist_rows(rep) if r.key == "traffic_signs")
        f = next(f for f in rep.findings if f.extra.get("checklist") == "traffic_signs")
        texts[tick] = (row.state, f.status)
    assert texts == {True: ("done", Status.PASS), False: ("missing", Status.FAIL), None: ("to_confirm", Status.UNKNOWN)}
    zh = checklist_text(build_pdf(check(base), "zh", date="2026-11-29"))
    assert "代办员" in zh and "二(二)5(2)" in zh and "二(一)5" not in zh


def test_without_the_seed_pack_the_ticks_still_show() -> None:
    plan = replace(sample_plan("county"), checklist={"traffic_signs": True, "network": False})
    rep = check(plan, packs=["national-figures"])
    rows = {r.key: r for r in checklist_rows(rep)}
    assert (rows["traffic_signs"].state, rows["network"].state, rows["it_equipment"].state) == ("done", "missing", "to_confirm")
    assert rows["traffic_signs"].rule is None and "village_ledger" not in rows
