"""``hallplan fix PLAN [--apply RULE …|all] [-o OUT.hallplan] [--level …] [--lang en]``.

Without ``--apply`` it lists, for every failing or warning finding, the fix HallPlan computed and
proved by re-checking (or why there is none); ``--json FILE`` writes the same as data.  With ``--apply`` it applies the fixes of those rule
codes one after the other, each on the plan the previous one left and only when it makes nothing
else fail (``--allow-cost`` takes those too), and writes the result to ``-o``; the drawing kept
beside a project, or the one a DXF gave, goes with it.  Exit status: 0 nothing fails afterwards,
1 something still fails, 2 unusable input.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, TextIO

from geometry.i18n import HallPlanError, pick
from geometry.model import Plan

if TYPE_CHECKING:
    from standards.engine import Report
    from standards.finding import Finding
    from standards.fixes import Fix


def build_parser() -> argparse.ArgumentParser:
    from planner.commands.cli import _add_context_options, _Parser

    p = _Parser(prog="hallplan fix", description="guided fixes: list them, or apply them and write the fixed plan")
    p.add_argument("plan", help=".hallplan project or .dxf/.dwg drawing")
    p.add_argument("--apply", action="append", metavar="RULE", help="apply the fixes of this rule code (repeatable, comma-separated; all: every fix)")
    p.add_argument("-o", "--out", metavar="OUT.hallplan", help="the fixed project to write (needed with --apply)")
    p.add_argument("--allow-cost", action="store_true", help="apply a fix even when it makes another finding fail")
    p.add_argument("--json", metavar="FILE", help="write the fixes found as JSON (schema hallplan.fixes/1); - for standard output")
    p.add_argument("--layers", metavar="FILE", help="layer map for DXF import (TOML)")
    p.add_argument("--units", choices=["mm", "cm", "m", "in", "ft"], help="DXF drawing units")
    _add_context_options(p)
    return p


def main(argv: Sequence[str]) -> int:
    from standards.engine import PackError

    from planner.commands.subcommand import argv_lang

    lang = argv_lang(argv)
    args = build_parser().parse_args(list(argv))
    try:
        return _run(args)
    except (HallPlanError, PackError) as exc:
        print(f"hallplan: {exc.text(lang) if isinstance(exc, HallPlanError) else pick(exc.zh, exc.en, lang)}", file=sys.stderr)
        return 2


def _codes(args: argparse.Namespace) -> set[str] | None:
    """The rule codes ``--apply`` names (None: every rule)."""
    codes = {c.strip().upper() for a in args.apply or [] for c in a.split(",") if c.strip()}
    return None if "ALL" in codes else codes


def _run(args: argparse.Namespace) -> int:
    from geometry.project import SUFFIX, save_plan
    from planner.commands.cli import context_options, is_empty
    from planner.loading import load_any
    from standards.engine import check, with_overrides

    lang = args.lang
    out: Path | None = None
    if args.apply:
        if not args.out:
            raise HallPlanError("--apply 需要 -o 输出文件", "--apply needs -o OUT.hallplan")
        out = Path(args.out)
        if out.suffix.lower() != SUFFIX:
            out = out.with_name(out.name + SUFFIX)
        if out.resolve() == Path(args.plan).resolve():
            raise HallPlanError(f"-o {out} 就是输入的平面文件:请换一个文件名", f"-o {out} is the plan itself: choose another file name")
        if not out.parent.is_dir():
            raise HallPlanError(f"输出文件夹不存在:{out.parent}", f"the output folder does not exist: {out.parent}")
    if args.json and args.json != "-" and (not Path(args.json).parent.is_dir() or Path(args.json).is_dir()):
        raise HallPlanError(f"--json {args.json}:文件夹不存在或是文件夹", f"--json {args.json}: no such folder, or it is a folder")
    loaded = load_any(args.plan, layers=args.layers, units=args.units)
    if is_empty(loaded.plan):
        raise HallPlanError(f"{Path(args.plan).name}:平面是空的,无可修复的内容", f"{Path(args.plan).name}: the plan is empty: nothing to fix")
    plan = with_overrides(loaded.plan, **context_options(args))
    report = check(plan, packs=args.pack)
    if not args.apply:
        found = _list(report, lang, sys.stderr if args.json == "-" else sys.stdout)
        if args.json:
            _write_json(args.json, report, found)
        return 1 if report.failed else 0
    fixed, applied = apply_fixes(plan, _codes(args), args.pack, args.allow_cost, lang)
    assert out is not None
    save_plan(fixed, out)
    _keep_drawing(loaded, out)
    after = check(fixed, packs=args.pack)
    c = after.counts()
    print(pick(f"已应用 {applied} 项修复,写入 {out};复查:不符合 {c['fail']},提示 {c['warn']}",
               f"{applied} fix(es) applied, written to {out}; re-check: fail {c['fail']}, warning {c['warn']}", lang))
    return 1 if after.failed else 0


def _list(report: Report, lang: str, out: TextIO) -> list[tuple[Finding, list[Fix] | None]]:
    """Print every failure and warning with its fixes (None: no fixer for its rule); return them."""
    from standards.fixes import fixes_for, has_fixer

    bad = [f for f in report.sorted_findings() if f.status.value in ("fail", "warn")]
    found: list[tuple[Finding, list[Fix] | None]] = []
    for f in bad:
        head = f"[{f.rule}] {f.message(lang)}"
        if not has_fixer(f):
            found.append((f, None))
            print(f"{head}\n    " + pick("(无自动修复:需人工处理)", "(no computed fix: needs a person)", lang), file=out)
            continue
        fixes = fixes_for(report, f)
        found.append((f, fixes))
        if not fixes:
            print(f"{head}\n    " + pick("(未找到可行的修复:平面中没有足够空间,或修复无法通过复查)",
                                         "(no fix found: no room on the plan, or none passes the re-check)", lang), file=out)
            continue
        for fx in fixes:
            cost = fx.cost_text(lang)
            print(f"{head}\n    " + pick("修复:", "fix: ", lang) + fx.title(lang) + (f"\n    ⚠ {cost}" if cost else ""), file=out)
    n = sum(1 for _f, fx in found if fx)
    print(pick(f"{len(bad)} 项不符合或提示,其中 {n} 项有经复查验证的修复;用 --apply 规则代码 -o 输出文件 应用",
               f"{len(bad)} failures and warnings, {n} with a fix proved by re-checking; apply with --apply RULE -o OUT", lang), file=out)
    return found


def fixes_json(found: list[tuple[Finding, list[Fix] | None]]) -> dict[str, Any]:
    """The fixes found, as data: per finding its fixes (title, what they cost, the objects they add,
    change and remove, the outline of what they leave), or why there is none."""
    from shapely.geometry import mapping

    items = []
    for f, fixes in found:
        entry: dict[str, Any] = {"rule": f.rule, "clause": f.clause, "status": f.status.value,
                                 "message": {"zh": f.message_zh, "en": f.message_en}, "object_ids": list(f.object_ids)}
        if fixes is None:
            entry["fixes"], entry["none"] = [], "no_fixer"
        else:
            entry["fixes"] = [{
                "title": {"zh": fx.title_zh, "en": fx.title_en},
                "costs": [{"rule": c.rule, "message": {"zh": c.message_zh, "en": c.message_en}} for c in fx.costs],
                "adds": [o.id for o in fx.command.new if o.id not in {x.id for x in fx.command.old}],
                "changes": [o.id for o in fx.command.new if o.id in {x.id for x in fx.command.old}],
                "removes": [o.id for o in fx.command.old if o.id not in {x.id for x in fx.command.new}],
                "preview": None if fx.preview.is_empty else json.loads(json.dumps(mapping(fx.preview))),
            } for fx in fixes]
            if not fixes:
                entry["none"] = "no_room_or_not_proved"
        items.append(entry)
    return {"schema": "hallplan.fixes/1", "findings": items}


def _write_json(target: str, report: Report, found: list[tuple[Finding, list[Fix] | None]]) -> None:
    text = json.dumps(fixes_json(found), ensure_ascii=False, indent=1)
    if target == "-":
        sys.stdout.write(text + "\n")
        return
    from geometry.project import atomic_write_bytes

    atomic_write_bytes(target, text.encode("utf-8"))


def apply_fixes(plan: Plan, codes: set[str] | None, packs: list[str] | None, allow_cost: bool, lang: str) -> tuple[Plan, int]:
    """Apply the fixes of ``codes`` one at a time, re-checking after each; a finding is tried once."""
    from standards.engine import check
    from standards.fixes import fixes_for, has_fixer

    tried: set[tuple[str, tuple[str, ...], str]] = set()
    applied = 0
    report = check(plan, packs=packs)
    for _ in range(500):
        todo = [f for f in report.sorted_findings() if has_fixer(f) and (codes is None or f.rule in codes)
                and (f.rule, f.object_ids, f.message_en) not in tried]
        if not todo:
            break
        f = todo[0]
        tried.add((f.rule, f.object_ids, f.message_en))
        fixes = [fx for fx in fixes_for(report, f) if allow_cost or not fx.costs]
        if not fixes:
            print(pick(f"[{f.rule}] 未应用:{f.message(lang)}(没有不影响其他条款的修复)",
                       f"[{f.rule}] not applied: {f.message(lang)} (no fix that leaves the other rules as they were)", lang))
            continue
        fx = fixes[0]
        plan = fx.apply(plan)
        report = fx.after
        applied += 1
        print(f"[{f.rule}] " + pick("已修复:", "fixed: ", lang) + fx.title(lang))
    return plan, applied


def _keep_drawing(loaded: object, out: Path) -> None:
    """The drawing goes with the fixed project: the one kept beside the source, or the DXF's own."""
    from geometry.drawing_file import drawing_path, file_sha256, save_drawing
    from planner.loading import LoadedPlan

    assert isinstance(loaded, LoadedPlan)
    if loaded.imported is not None:
        res = loaded.imported
        save_drawing(out, res.underlay, res.underlay_texts, hidden=res.hidden_layers, source=loaded.source.resolve(),
                     sha256=file_sha256(loaded.source))
    elif loaded.format == "hallplan" and drawing_path(loaded.source).is_file():
        shutil.copyfile(drawing_path(loaded.source), drawing_path(out))
