"""``hallplan layout PLAN|DRAWING [--level …] [--population …] [--target-grade …] [--alternatives N]
[--counters N] [--hall-room NAME] -o PROPOSAL.hallplan``: layout proposals, headless.

Prints the ranking (score, failures, walk, visibility, density per alternative) and writes the best
proposal.  Exit status: 0 the best proposal has no failure, 1 it has failures (or the outline cannot
hold a compliant layout: the shortfall is printed), 2 unusable input.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Sequence

from geometry.i18n import HallPlanError, pick

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    from planner.commands.cli import _Parser, _add_context_options

    p = _Parser(prog="hallplan layout", description="layout proposals for a hall outline (the plan's contents are replaced)")
    p.add_argument("plan", help=".hallplan project or .dxf/.dwg drawing (its hall outline, entrances and obstacles are used)")
    p.add_argument("-o", "--out", required=True, metavar="PROPOSAL.hallplan", help="where to write the best proposal")
    _add_context_options(p)
    p.add_argument("--alternatives", type=int, default=3, choices=[1, 2, 3], help="how many alternatives to work out (1–3)")
    p.add_argument("--counters", type=int, metavar="N", help="number of service windows (default: what the pack asks, or one per 90 m²)")
    p.add_argument("--hall-room", metavar="NAME", help="from a drawing: the room whose name reads NAME is the hall")
    p.add_argument("--layers", metavar="FILE", help="layer map for DXF import (TOML)")
    p.add_argument("--units", choices=["mm", "cm", "m", "in", "ft"], help="DXF drawing units, instead of deciding them")
    p.add_argument("--json", metavar="FILE", help="the ranking as JSON (hallplan.layout-2); '-' for standard output (messages then go to stderr)")
    return p


def main(argv: Sequence[str]) -> int:
    from planner.commands.subcommand import run_subcommand

    return run_subcommand(argv, build_parser, _run)


def _run(args: argparse.Namespace) -> int:
    from geometry.project import SUFFIX, save_plan
    from planner.commands.cli import context_options
    from planner.loading import load_any
    from standards.engine import with_overrides
    from standards.layout import propose

    lang = args.lang
    def t(zh: str, en: str) -> str:
        return pick(zh, en, lang)

    out = Path(args.out)
    if out.suffix.lower() != SUFFIX:
        out = out.with_name(out.name + SUFFIX)
    src = Path(args.plan)
    if out.exists() and src.exists() and out.resolve() == src.resolve():
        raise HallPlanError(f"-o {args.out} 就是输入的平面文件:请换一个文件名", f"-o {args.out} is the input plan: choose another file name")
    if not out.parent.is_dir():
        raise HallPlanError(f"输出文件夹不存在:{out.parent}", f"the output folder does not exist: {out.parent}")
    if args.json and args.json != "-":
        j = Path(args.json)
        if j.is_dir() or not j.parent.is_dir():
            raise HallPlanError(f"--json {args.json}:文件夹不存在或这是一个文件夹", f"--json {args.json}: the folder does not exist, or it is a folder")
    say = sys.stderr if args.json == "-" else sys.stdout
    if args.counters is not None and not 1 <= args.counters <= 1000:
        raise HallPlanError(f"--counters {args.counters}:服务窗口数应为 1–1000", f"--counters {args.counters}: the number of windows must be 1–1000")
    loaded = load_any(src, layers=args.layers, units=args.units)
    plan = loaded.plan
    if loaded.imported is not None:
        print(loaded.imported.summary(lang), file=say)
        if args.hall_room:
            from planner.commands.hall_choice import hall_by_name

            plan, how = hall_by_name(loaded, args.hall_room, args.layers)  # rooms of that name, else walls around the text
            print(t(f"服务大厅:{how[0]}", f"service hall: {how[1]}"), file=say)
    plan = with_overrides(plan, **context_options(args))
    if plan.hall is None:
        raise HallPlanError(f"{src.name}:没有服务大厅边界,无法布置" + ("(可用 --hall-room 名称 指定房间)" if loaded.imported else ""),
                            f"{src.name}: there is no service hall boundary to lay out" + (" (name its room with --hall-room)" if loaded.imported else ""))
    if not plan.entrances:
        print(t("注意:平面中没有出入口,以大厅最低一边的中点为主入口布置;流线类规则将无法检查",
                "note: no entrance on the plan: laid out from the middle of the hall's lowest side; circulation rules cannot be checked"), file=say)
    elif plan.main_entrance() is None:
        print(t("注意:没有标为主入口的出入口,以第一个无障碍出入口为主入口布置;请标出主入口,流线类规则才能检查",
                "note: no entrance is marked as the main one: laid out from the first accessible entrance; mark the main "
                "entrance so that the circulation rules can be checked"), file=say)
    t0 = time.perf_counter()
    answer = propose(plan, alternatives=args.alternatives, counters=args.counters, packs=args.pack)  # --pack: not stored
    dt = time.perf_counter() - t0
    print(ranking_text(answer, lang), file=say)
    save_plan(answer.best.plan, out)
    print(t(f"方案已写入 {out}(用时 {dt:.1f} s)", f"proposal written to {out} ({dt:.1f} s)"), file=say)
    if args.json:
        import json

        from planner.commands.cli import _write_text

        text = json.dumps(ranking_json(answer, out), ensure_ascii=False, indent=1)
        if args.json == "-":
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
        else:
            _write_text(args.json, text)
            print(t(f"排名已写入 {args.json}", f"ranking written to {args.json}"), file=say)
    return EXIT_FAIL if answer.best.fails or answer.cannot else EXIT_OK


def _finding_json(f: "object") -> dict[str, object]:
    """A failure as the check's JSON report writes a finding (``Finding.to_json``: message in both
    languages, measured and required, objects, location as GeoJSON)."""
    from standards.finding import Finding

    assert isinstance(f, Finding)
    return f.to_json()


def ranking_json(answer: "object", out: Path) -> dict[str, object]:
    """The ranking as data (``hallplan.layout-2``): what each alternative places and how it checks, best
    first; the shortfall when the outline cannot hold a compliant layout; where the best was written."""
    from geometry.model import ZONE_KINDS
    from standards.layout import Answer
    from standards.layout.needs import counters_basis

    assert isinstance(answer, Answer)
    n = answer.needs
    basis = counters_basis(n)
    return {
        "format": "hallplan.layout-2",
        "proposal_file": str(out),
        "needs": {"level": n.level, "counters": n.counters, "counters_basis": {"zh": basis[0], "en": basis[1]},
                  "zones": [{"kind": kind, "name": dict(zip(("zh", "en"), ZONE_KINDS.get(kind, (kind, kind)))), "counters": k}
                            for kind, k in n.zone_groups]},
        "alternatives": [{
            "rank": rank, "alternative": p.alternative, "name": {"zh": p.name("zh"), "en": p.name("en")},
            "score": round(p.score, 3), "counts": p.report.counts(),
            "failures": [_finding_json(f) for f in p.fails],
            "layout_failures": [f.rule for f in p.layout_fails],
            "mean_walk_m": None if p.walk_m is None else round(p.walk_m, 3),
            "windows_visible_share": None if p.visible is None else round(p.visible, 4),
            "windows_per_100m2": round(p.density, 4), "seconds": round(p.seconds, 3),
        } for rank, p in enumerate(answer.proposals, start=1)],
        "cannot": answer.cannot,
        "reasons": [{"zh": zh, "en": en} for zh, en in answer.reasons],
        "failures_no_layout_changes": [_finding_json(f) for f in answer.other_fails],
    }


def ranking_text(answer: "object", lang: str = "zh") -> str:
    """The ranking as printed: one line per alternative, then the "cannot" answer and the failures."""
    from standards.layout import Answer
    from standards.layout.needs import counters_basis

    assert isinstance(answer, Answer)
    def t(zh: str, en: str) -> str:
        return pick(zh, en, lang)

    n = answer.needs
    basis = counters_basis(n)
    lines = [t(f"布置要求:{n.counters} 个服务窗口" + (f",{len(n.zone_groups)} 个服务功能区" if n.zone_groups else "") + f"({basis[0]})",
               f"To place: {n.counters} service windows" + (f", {len(n.zone_groups)} service zones" if n.zone_groups else "") + f" ({basis[1]})")]
    for rank, p in enumerate(answer.proposals, start=1):
        walk = "—" if p.walk_m is None else f"{p.walk_m:.1f} m"
        vis = "—" if p.visible is None else f"{p.visible * 100:.0f}%"
        lines.append(t(f"{rank}. {p.name('zh')}  得分 {p.score:.1f}  不合格 {len(p.fails)} 项(布置所致 {len(p.layout_fails)})"
                       f"  入口至窗口平均步行 {walk}  等候区可见窗口 {vis}  每百平方米 {p.density:.2f} 个窗口  用时 {p.seconds:.1f} s",
                       f"{rank}. {p.name('en')}  score {p.score:.1f}  failures {len(p.fails)} ({len(p.layout_fails)} from the layout)"
                       f"  mean walk entrance → windows {walk}  windows seen from waiting {vis}  {p.density:.2f} windows per 100 m²  {p.seconds:.1f} s"))
    if answer.cannot:
        lines.append(t("无法在此轮廓内布置出完全合规的方案:", "This outline cannot hold a compliant layout:"))
        lines += [f"  - {pick(zh, en, lang)}" for zh, en in answer.reasons]
        lines.append(t("已给出最接近的方案(第 1 名),其不合格项如上。", "The closest layout (ranked 1st) is proposed, with the failures above."))
    if answer.other_fails:
        lines.append(t("与布置无关的不合格项(名称、停车、已确认缺失的核查项等):", "Failures no layout can change (name, parking, items ticked as missing…):"))
        lines += [f"  - [{f.rule}] {f.message(lang)}" for f in answer.other_fails]
    return "\n".join(lines)
