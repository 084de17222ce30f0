"""The service-capacity analysis in the approval PDF: a chart page when its inputs are given, one
line naming what is missing otherwise (read back with pypdf)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from geometry.synthetic import sample_plan
from planner.report.capacity_chart import capacity_chart
from planner.report.document import build_pdf
from standards.engine import check


def _text(pdf: bytes) -> str:
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_capacity_chart_page() -> None:
    report = check(sample_plan("county").with_context(daily_visitors=400))
    cap = report.measures["capacity"]
    text = _text(build_pdf(report, "zh", date="2026-01-01"))
    assert f"服务能力:高峰排队需等候座位{cap['seats_needed']}座" in text
    for z in cap["zones"]:
        assert f"{z['zone']['zh']}({z['windows']})" in text
    assert "工程假定:高峰小时到达为8小时日均的1.5倍" in text
    en = _text(build_pdf(report, "en", date="2026-01-01"))
    assert f"Servicecapacity:Peakqueueneeds{cap['seats_needed']}waitingseats" in en


def test_missing_inputs_are_one_line_and_no_chart() -> None:
    report = check(sample_plan("county"))
    assert capacity_chart(report, "zh", None, (7.0, 9.0)) is None
    text = _text(build_pdf(report, "zh", date="2026-01-01"))
    assert "未估算服务能力:缺少日均办事人次" in text and "高峰排队需等候座位" not in text
