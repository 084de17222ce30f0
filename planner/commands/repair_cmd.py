"""``hallplan repair PROJECT.hallplan -o REPAIRED.hallplan``: open a project file that no longer reads
as it is (a hand-edited value out of range, a self-crossing hall, an id used twice), keep what can be
kept, write it to a new file and list every change.  The original file is never touched.

Exit status: 0 the file was written (the changes are printed; none when the file was already
readable), 2 the file cannot be repaired (not a HallPlan project, a newer format, not JSON) or ``-o``
is unusable.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Sequence

from geometry.i18n import HallPlanError, pick

EXIT_OK, EXIT_INPUT = 0, 2


def build_parser() -> argparse.ArgumentParser:
    from planner.commands.cli import _Parser

    p = _Parser(prog="hallplan repair", description="repair a project file that does not open: keep what can be kept, list the rest")
    p.add_argument("plan", help=".hallplan project file")
    p.add_argument("-o", "--out", required=True, metavar="REPAIRED.hallplan", help="where to write the repaired project (never the input)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of messages")
    return p


def main(argv: Sequence[str]) -> int:
    from planner.commands.subcommand import run_subcommand

    return run_subcommand(argv, build_parser, _run)


def _run(args: argparse.Namespace) -> int:
    from geometry.project import SUFFIX, save_plan
    from geometry.project_repair import salvage_file

    lang = args.lang
    src, out = Path(args.plan), Path(args.out)
    if out.suffix.lower() != SUFFIX:
        out = out.with_name(out.name + SUFFIX)
    if src.exists() and out.exists() and out.resolve() == src.resolve():
        raise HallPlanError(f"-o {args.out} 就是输入的文件:修复结果须另存为新文件,原文件保持不变",
                            f"-o {args.out} is the input file: the repair is written to a new file and the original is kept")
    plan, notes = salvage_file(src)
    save_plan(plan, out)
    if notes:
        print(pick(f"{src.name}:为能打开,做了 {len(notes)} 处修改:", f"{src.name}: {len(notes)} change(s) made to open it:", lang))
        for zh, en in notes:
            print(f"  - {pick(zh, en, lang)}")
    else:
        print(pick(f"{src.name} 可以正常打开,无需修复", f"{src.name} opens as it is: nothing to repair", lang))
    print(pick(f"已写入 {out}({len(plan.objects)} 个对象);原文件未改动", f"written to {out} ({len(plan.objects)} objects); the original is unchanged", lang))
    return EXIT_OK
