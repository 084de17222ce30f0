"""Console reporter: a readable summary of a check report, in Chinese or English."""

from __future__ import annotations

from typing import Any

from geometry.i18n import pick
from standards.engine import Report
from standards.finding import STATUS_TEXT, Status

GRADE = {"grade1": ("一级", "grade 1"), "grade2": ("二级", "grade 2"), "below": ("未达标", "below standard"), None: ("无法判定", "unknown")}


def summary(report: Report, lang: str = "zh", show_pass: bool = False, limit: int = 60) -> str:
    t = lambda zh, en: pick(zh, en, lang)  # noqa: E731
    c, m = report.context, report.measures
    lines: list[str] = []
    name = c.get("centre_name") or t("(未命名)", "(unnamed)")
    lines.append(f"HallPlan — {name}")
    lv = c.get("level")
    pop = c.get("population")
    lines.append(t(f"级别:{c.get('level_name') or '未知'}  人口:{pop if pop is not None else '未知'}  类别:{c.get('population_class') or '未知'}类  目标:{c.get('target_grade') or 2}级",
                   f"Level: {lv or 'unknown'}  population: {pop if pop is not None else 'unknown'}  class: {c.get('population_class') or 'unknown'}  target grade: {c.get('target_grade') or 2}"))

    def num(v: Any, unit: str) -> str:
        return t("未知", "unknown") if v is None else f"{v:,.1f} {unit}"

    ratio = m.get("parking_ratio")
    lines.append(t(f"服务大厅面积:{num(m.get('hall_area_m2'), 'm²')}  达到:{GRADE[m.get('achieved_grade')][0]}",
                   f"Hall area: {num(m.get('hall_area_m2'), 'm²')}  achieved: {GRADE[m.get('achieved_grade')][1]}"))
    lines.append(t(f"建筑面积:{num(m.get('building_area_m2'), 'm²')}  停车坪:{num(m.get('parking_area_m2'), 'm²')}  比例:{'未知' if ratio is None else f'{ratio:.1%}'}  服务台:{m.get('counter_count')} 个",
                   f"Building area: {num(m.get('building_area_m2'), 'm²')}  parking: {num(m.get('parking_area_m2'), 'm²')}  ratio: {'unknown' if ratio is None else f'{ratio:.1%}'}  counters: {m.get('counter_count')}"))
    counts = report.counts()
    lines.append(t(f"结果:不符合 {counts['fail']}  提示 {counts['warn']}  待确认 {counts['unknown']}  符合 {counts['pass']}  不适用 {counts['not_applicable']}",
                   f"Result: fail {counts['fail']}  warn {counts['warn']}  unknown {counts['unknown']}  pass {counts['pass']}  n/a {counts['not_applicable']}"))
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
