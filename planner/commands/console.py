"""Console reporter: a readable summary of a check report, in Chinese or English."""

from __future__ import annotations

from typing import Any

from geometry.i18n import pick
from geometry.model import LEVEL_NAMES
from geometry.precision import AREA, RATIO, fmt
from standards.engine import Report
from standards.finding import STATUS_ORDER, STATUS_TEXT, Status

GRADE = {"grade1": ("一级", "grade 1"), "grade2": ("二级", "grade 2"), "below": ("未达标", "below standard"), None: ("无法判定", "unknown")}


def summary(report: Report, lang: str = "zh", show_pass: bool = False, limit: int = 60) -> str:
    def t(zh: str, en: str) -> str:
        return pick(zh, en, lang)

    c, m = report.context, report.measures
    lines: list[str] = []
    name = c.get("centre_name") or t("(未命名)", "(unnamed)")
    lines.append(f"HallPlan — {name}")
    lv = c.get("level")
    level = LEVEL_NAMES[lv] if lv in LEVEL_NAMES else ("未知", "unknown")
    pop = c.get("population")
    pop_text = t("未知", "unknown") if pop is None else f"{pop:,}"
    cls = c.get("population_class")
    cls_text = t("未知", "unknown") if cls is None else t(f"{cls}类", f"class {cls}")
    target = c.get("target_grade") or 2
    lines.append(t(f"级别:{level[0]}  人口:{pop_text}  人口类别:{cls_text}  目标:{GRADE[f'grade{target}'][0]}",
                   f"Level: {level[1]}  population: {pop_text}  population {cls_text}  target: {GRADE[f'grade{target}'][1]}"))

    def num(v: Any, unit: str) -> str:  # areas with the digits that decide (2,999.99 m² never prints as 3,000.0)
        return t("未知", "unknown") if v is None else f"{fmt(float(v), AREA, thousands=True)} {unit}"

    ratio = m.get("parking_ratio")
    lines.append(t(f"服务大厅面积:{num(m.get('hall_area_m2'), 'm²')}  达到:{GRADE[m.get('achieved_grade')][0]}",
                   f"Hall area: {num(m.get('hall_area_m2'), 'm²')}  achieved: {GRADE[m.get('achieved_grade')][1]}"))
    cols, parts = m.get("hall_columns") or [], m.get("hall_parts") or []
    said = []
    if len(parts) > 1:
        said.append(t(f"服务大厅由 {len(parts)} 个房间组成", f"hall made of {len(parts)} rooms"))
    if cols:
        said.append(t(f"独立柱 {len(cols)} 根,可用面积:{num(m.get('hall_usable_area_m2'), 'm²')}",
                      f"{len(cols)} free-standing columns, usable area: {num(m.get('hall_usable_area_m2'), 'm²')}"))
    if said:
        lines.append("  ".join(said))
    lines.append(t(f"建筑面积:{num(m.get('building_area_m2'), 'm²')}  停车坪:{num(m.get('parking_area_m2'), 'm²')}  比例:{'未知' if ratio is None else fmt(ratio, RATIO, scale=100) + '%'}  服务台:{m.get('counter_count')} 个",
                   f"Building area: {num(m.get('building_area_m2'), 'm²')}  parking: {num(m.get('parking_area_m2'), 'm²')}  ratio: {'unknown' if ratio is None else fmt(ratio, RATIO, scale=100) + '%'}  counters: {m.get('counter_count')}"))
    cap = m.get("capacity") or {}
    if cap.get("daily_visitors") is not None:  # the service-capacity analysis, once its visitors are given
        lines.append(t("服务能力:", "Service capacity: ") + cap["summary"]["en" if lang == "en" else "zh"])
    counts = report.counts()
    i = 1 if lang == "en" else 0
    parts = "  ".join(f"{STATUS_TEXT[st][i]} {counts[st.value]}" for st in sorted(Status, key=STATUS_ORDER.__getitem__))
    lines.append(t(f"结果:{parts}", f"Result: {parts}"))
    lines.append("")
    if not (counts["fail"] or counts["warn"] or counts["unknown"]):
        lines.append(t("全部检查项符合要求。", "Every check passes."))
    shown = 0
    for f in report.sorted_findings():
        if f.status == Status.NOT_APPLICABLE or (f.status == Status.PASS and not show_pass):
            continue
        if shown >= limit:
            rest = sum(1 for g in report.findings if g.status in (Status.FAIL, Status.WARN, Status.UNKNOWN)) - shown
            lines.append(t(f"… 另有 {rest} 条(用 --json 查看全部)", f"… {rest} more (see --json for all)"))
            break
        st = STATUS_TEXT[f.status][0 if lang == "zh" else 1]
        req_text = f.required_text(lang)
        req = f"  [{t('要求', 'required')}: {req_text}]" if req_text else ""
        lines.append(f"[{st}] {f.rule} {f.clause}: {f.message(lang)}{req}")
        shown += 1
    return "\n".join(lines)
