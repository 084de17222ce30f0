"""Words of the approval PDF and the audit, in Chinese and English, and value formatting."""

from __future__ import annotations

from typing import Any

from standards.finding import Finding

WORDS: dict[str, tuple[str, str]] = {
    "title": ("政务服务大厅平面合规审查报告", "Service hall plan — compliance report"),
    "subtitle": ("依据:保山市政务服务规范化建设实施方案(2016)及国家标准补充规定",
                 "Against the 2016 Baoshan plan for standardised service centres and the national figures"),
    "centre": ("中心名称", "Centre"),
    "unnamed": ("(未命名)", "(unnamed)"),
    "level": ("行政级别", "Level"),
    "population": ("辖区人口", "Population"),
    "pop_class": ("人口类别", "Population class"),
    "class_n": ("{n}类", "class {n}"),
    "hall_area": ("服务大厅面积", "Service hall area"),
    "achieved": ("达到等级", "Achieved grade"),
    "target": ("目标等级", "Target grade"),
    "building_area": ("建筑面积", "Building area"),
    "parking": ("停车坪面积(占建筑面积)", "Parking area (of building area)"),
    "counters": ("服务台数量", "Counters"),
    "source_file": ("平面来源", "Plan source"),
    "date": ("报告日期", "Date"),
    "packs": ("规则包(版本)", "Rule packs (edition)"),
    "result": ("检查结果", "Result"),
    "verdict_fail": ("结论:存在不符合项,需整改", "Verdict: non-compliant items to correct"),
    "verdict_unknown": ("结论:无不符合项,但有待确认项", "Verdict: no failures, but items to confirm"),
    "verdict_pass": ("结论:所检查条文全部符合", "Verdict: every checked clause passes"),
    "unknown": ("未知", "unknown"),
    "signature": ("审核意见", "Review"),
    "reviewer": ("审核人", "Reviewer"),
    "review_date": ("日期", "Date"),
    "stamp": ("盖章", "Stamp"),
    "opinion": ("审核意见", "Opinion"),
    "plan_title": ("平面图", "Plan"),
    "plan_detail": ("服务大厅详图", "Service hall, detail"),
    "scale": ("比例", "Scale"),
    "north": ("北", "N"),
    "legend": ("图例", "Legend"),
    "callouts": ("标注", "Callouts"),
    "see_table": ("其余见合规表", "more in the compliance table"),
    "table_title": ("逐条合规表", "Compliance, clause by clause"),
    "col_no": ("标注", "Ref"),
    "col_clause": ("条文号", "Clause"),
    "col_item": ("检查项与说明", "Requirement and finding"),
    "col_measured": ("实测值", "Measured"),
    "col_required": ("要求值", "Required"),
    "col_status": ("结果", "Status"),
    "missing": ("缺少", "missing"),
    "n_pass": ("{n} 项符合", "{n} items pass"),
    "range": ("实测 {lo} – {hi}", "measured {lo} – {hi}"),
    "not_applicable": ("不适用的规则", "Rules not applicable"),
    "charts_title": ("图表", "Charts"),
    "chart_area": ("服务大厅面积与等级标准", "Hall area against the grade bands"),
    "chart_zones": ("各功能区面积", "Area by zone"),
    "no_data": ("数据不足,无法绘制", "not enough data to draw"),
    "checklist_title": ("核查清单(设施设备及平面图无法表达的事项)", "Checklist (facilities, equipment, items off the plan)"),
    "check_item": ("事项", "Item"),
    "check_state": ("状态", "State"),
    "ticked": ("√ 已确认", "√ confirmed"),  # kept for other exporters; the PDF prints checklist.STATE_WORDS
    "unticked": ("□ 未确认", "□ not confirmed"),
    "checklist_legend": ("状态取自逐条合规表:平面图已表达 / 已落实(申报)/ 确认未落实 / 待确认",
                         "The state is the compliance table's: shown on the plan / done (declared) / confirmed missing / to confirm"),
    "signage_title": ("中心标识牌", "Centre name sign"),
    "not_stated": ("未注明", "not stated"),
    "reviewer_title": ("由审核人核实的事项(服务要求、工作要求)", "For the reviewer to verify (service and work requirements)"),
    "verified": ("□ 已核实", "□ verified"),
    "page": ("第 {n} 页", "page {n}"),
    "generated": ("HallPlan 生成", "made by HallPlan"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}

SIGNAGE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("text", "牌名", "Text"), ("languages", "文字", "Languages"), ("typeface", "字体", "Typeface"),
    ("color", "字色", "Text colour"), ("background", "底色", "Background"), ("material", "材质", "Material"),
    ("fixed", "固定安装", "Fixed"), ("prominent", "醒目位置", "Prominent"),
)
GRADE_TEXT = {"grade1": ("一级", "grade 1"), "grade2": ("二级", "grade 2"), "below": ("未达标", "below standard"),
              None: ("无法判定", "cannot tell")}


def w(key: str, lang: str, **fmt: Any) -> str:
    zh, en = WORDS[key]
    s = en if lang == "en" else zh
    return s.format(**fmt) if fmt else s


def num(v: float | int | None, unit: str = "", lang: str = "zh", digits: int = 1) -> str:
    if v is None:
        return w("unknown", lang)
    if isinstance(v, int):
        s = f"{v:,}"
    else:
        s = f"{v:,.{digits}f}"
    return f"{s} {unit}".strip()


def fmt_measured(f: Finding) -> str:
    """The measured value with its unit, as printed in the table (— when it could not be computed)."""
    return f.measured_text()
