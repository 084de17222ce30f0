"""``hallplan import DRAWING -o PLAN.hallplan [--layers F] [--hall-room NAME]``.

Writes the project and its drawing beside it, as the editor's Save does after an import.
``--hall-room NAME`` makes the room whose text reads NAME the service hall (closed by the wall,
column, door and window layers, as a click in the editor does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn, Sequence

from geometry.i18n import HallPlanError, pick


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        self.exit(2, f"hallplan import: {message}\n{self.format_usage()}")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="hallplan import", description="DXF → HallPlan project with the drawing kept (headless)")
    p.add_argument("drawing", help=".dxf drawing")
    p.add_argument("-o", "--out", required=True, metavar="PLAN.hallplan", help="the project to write")
    p.add_argument("--layers", metavar="FILE", help="layer map (TOML)")
    p.add_argument("--units", choices=["mm", "cm", "m", "in", "ft"], help="drawing units, instead of deciding them")
    p.add_argument("--hall-room", metavar="NAME", help="the room whose name reads NAME becomes the service hall")
    p.add_argument("--doors-open", action="store_true",
                   help="with --hall-room: doors standing across a space (a corridor's fire doors) do not split the room")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    return p


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    lang = args.lang
    try:
        return _run(args)
    except HallPlanError as exc:
        print(f"hallplan: {exc.text(lang)}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from geometry.drawing_file import file_sha256, save_drawing
    from geometry.project import SUFFIX, save_plan
    from planner.loading import load_any

    lang = args.lang
    src = Path(args.drawing)
    if src.suffix.lower() not in (".dxf", ".dwg"):
        raise HallPlanError(f"{src.name}: 只能导入 .dxf 或 .dwg 图纸", f"{src.name}: only .dxf or .dwg drawings can be imported")
    out = Path(args.out)
    if out.suffix.lower() != SUFFIX:
        out = out.with_name(out.name + SUFFIX)
    if not out.parent.is_dir():
        raise HallPlanError(f"输出文件夹不存在:{out.parent}", f"the output folder does not exist: {out.parent}")
    loaded = load_any(src, layers=args.layers, units=args.units, hall_room=args.hall_room)
    plan, res = loaded.plan, loaded.imported
    assert res is not None  # a drawing always has its import result
    print(res.summary(lang))
    if args.hall_room:
        from planner.commands.hall_choice import hall_by_name

        plan, how = hall_by_name(loaded, args.hall_room, args.layers, args.doors_open)
        print(pick(f"服务大厅:{how[0]}", f"service hall: {how[1]}", lang))
    save_plan(plan, out)
    kept = save_drawing(out, res.underlay, res.underlay_texts, hidden=res.hidden_layers, source=src.resolve(),
                        sha256=file_sha256(src))
    print(pick(f"已写入 {out} 与底图 {kept.name}", f"written {out} with its drawing {kept.name}", lang))
    return 0
