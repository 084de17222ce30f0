"""The compliance workbook, read back with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import assets
from planner.export import write_xlsx
from planner.export.xlsx import audit_workbook
from planner.loading import load_any
from standards.engine import Report, check
from tests.planner.test_cli import hallplan


def report_of(name: str) -> Report:
    plan = load_any(str(assets.path("samples", f"{name}.hallplan"))).plan
    return check(plan)


@pytest.fixture(scope="module")
def county() -> Report:
    return report_of("county-violations")


def test_findings_sheet_has_chinese_headers_one_row_per_finding_and_coloured_statuses(county: Report, tmp_path: Path) -> None:
    out = tmp_path / "审查 结果" / "county.xlsx"
    write_xlsx(county, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["合规表", "汇总"]
    ws = wb["合规表"]
    header = [c.value for c in ws[1]]
    assert header == ["编号", "条文号", "检查项", "规则代码", "结果", "性质", "实测值", "要求值", "对象", "说明"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{ws.max_row}"
    assert ws.column_dimensions["J"].width >= 60 and ws.column_dimensions["B"].width >= 10
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(county.findings)
    # failures first; the hall-area failure with its clause, measured, required and Chinese message intact
    area = next(r[1:] for r in rows if r[3] == "AREA")
    assert area[0] == "二(一)2" and area[3] == "不符合" and area[5] == "2,112.0 m²"
    assert "未达到目标一级标准" in area[8]
    assert rows[0][4] == "不符合" and rows[-1][4] == "不适用"
    fills = {r[4].value: r[4].fill.fgColor.rgb[-6:] for r in ws.iter_rows(min_row=2)}
    assert fills["不符合"] != fills["符合"] and fills["不符合"][:2] > fills["不符合"][4:]  # reddish
    # the object column names objects in words, never internal ids
    from standards.naming_objects import object_name

    cctv = [r[1:] for r in rows if r[3] == "CCTV-ENTRANCE"]
    first = next(f for f in county.sorted_findings() if f.rule == "CCTV-ENTRANCE")
    assert cctv[0][7] == "、".join(object_name(i, county.plan, "zh") for i in first.object_ids)
    assert cctv[0][7].startswith("主入口")
    assert all("入口" in r[7] and "entrance-" not in r[7] for r in cctv)


def test_number_column_carries_the_pdf_callout_numbers(county: Report, tmp_path: Path) -> None:
    """编号 is the number the approval PDF's plan sheet, the DXF and the JSON report give each finding."""
    out = tmp_path / "c.xlsx"
    write_xlsx(county, out)
    rows = list(openpyxl.load_workbook(out)["合规表"].iter_rows(min_row=2, values_only=True))
    by_json = [(f.get("callout"), f["rule"], f["status"]) for f in county.to_json()["findings"]]
    want = sorted(((n, rule) for n, rule, _st in by_json if n is not None))
    got = sorted((r[0], r[3]) for r in rows if r[0] is not None)
    assert got == want and len(got) == county.counts()["fail"] + county.counts()["warn"] + county.counts()["unknown"]
    assert [r[0] for r in rows[:3]] == [1, 2, 3]  # failures first, numbered from 1, as integers
    assert all(r[0] is None for r in rows if r[4] in ("符合", "不适用"))


def test_summary_sheet_carries_the_key_measures_and_counts(county: Report, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    write_xlsx(county, out)
    sm = openpyxl.load_workbook(out)["汇总"]
    values = {r[0]: r[1] for r in sm.iter_rows(min_row=2, values_only=True)}
    assert values["中心名称"] == county.context["centre_name"]
    assert values["服务大厅面积"] == "2,112.0 m²"
    assert values["达到等级"] == "二级" and values["目标等级"] == "一级"
    assert values["停车坪面积(占建筑面积)"].endswith("(25.0%)")
    counts = county.counts()
    assert values["不符合"] == counts["fail"] > 0 and values["符合"] == counts["pass"]


def test_english_workbook(county: Report, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    write_xlsx(county, out, lang="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Findings", "Summary"]
    assert [c.value for c in wb["Findings"][1]][:5] == ["No.", "Clause", "Check", "Rule code", "Status"]
    statuses = {r[4] for r in wb["Findings"].iter_rows(min_row=2, values_only=True)}
    assert {"fail", "pass", "to confirm"} <= statuses


def test_cli_xlsx_option_and_bad_target(tmp_path: Path) -> None:
    out = tmp_path / "盘 D" / "城市.xlsx"
    r = hallplan("check", str(assets.path("samples", "city-violations.hallplan")), "--xlsx", str(out))
    assert r.returncode == 1, r.stderr
    assert f"Excel 合规表已写入 {out}" in r.stdout
    ws = openpyxl.load_workbook(out)["合规表"]
    assert any(row[4] == "不符合" for row in ws.iter_rows(min_row=2, values_only=True))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = hallplan("check", str(assets.path("samples", "city-compliant.hallplan")), "--xlsx", str(blocker / "a.xlsx"), "--lang", "en")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr and "cannot create the folder" in r.stderr


def test_audit_workbook_has_a_row_per_plan_as_in_the_csv(tmp_path: Path) -> None:
    csv_file = tmp_path / "summary.csv"
    csv_file.write_bytes("\ufeff名称,大厅面积(m²),不符合,符合,主要问题\r\na,2112.0,3,10,面积不足\r\nb,,,,无法读取\r\n".encode("utf-8"))
    out = audit_workbook(csv_file, "zh")
    assert out == tmp_path / "summary.xlsx"
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("名称", "大厅面积(m²)", "不符合", "符合", "主要问题")
    assert rows[1] == ("a", 2112.0, 3, 10, "面积不足")  # numbers stay numbers
    assert rows[2] == ("b", None, None, None, "无法读取")
    assert ws.cell(row=2, column=3).fill.fgColor.rgb[-6:] != "000000"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E3"


def test_audit_writes_summary_xlsx_beside_summary_csv(tmp_path: Path) -> None:
    import shutil

    from planner.commands.audit import audit

    plans = tmp_path / "县 审查" / "第 1 批"
    plans.mkdir(parents=True)
    for name in ("village-violations", "village-compliant"):
        shutil.copy(assets.path("samples", f"{name}.hallplan"), plans / f"{name} 村.hallplan")
    out = tmp_path / "输出 目录"
    rows = audit([str(tmp_path / "县 审查")], out, jobs=1, pdf=False)
    ws = openpyxl.load_workbook(out / "summary.xlsx").active
    got = list(ws.iter_rows(values_only=True))
    assert len(got) == len(rows) + 1 == 3
    assert got[0][0] == "名称" and [g[0] for g in got[1:]] == [r["name"] for r in rows]
    fail_col = got[0].index("不符合")
    by_name = {g[0]: g for g in got[1:]}
    assert by_name["village-violations 村"][fail_col] > 0 and by_name["village-compliant 村"][fail_col] == 0
