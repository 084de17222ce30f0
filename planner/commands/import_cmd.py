"""``hallplan import DRAWING -o PLAN.hallplan [--layers F] [--hall-room NAME]``.

Writes the project and its drawing beside it, as the editor's Save does after an import.
``--hall-room NAME`` makes the room whose text reads NAME the service hall (closed by the wall,
column, door and window layers, as a click in the editor does).
"""

from __future__ import annotations

import argparse
import dataclasses
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
    loaded = load_any(src, layers=args.layers, units=args.units)
    plan, res = loaded.plan, loaded.imported
    assert res is not None  # a drawing always has its import result
    print(res.summary(lang))
    if args.hall_room:
        plan = _hall_from_room(plan, res, args.hall_room, args.layers, lang, args.doors_open)
    save_plan(plan, out)
    kept = save_drawing(out, res.underlay, res.underlay_texts, hidden=res.hidden_layers, source=src.resolve(),
                        sha256=file_sha256(src))
    print(pick(f"已写入 {out} 与底图 {kept.name}", f"written {out} with its drawing {kept.name}", lang))
    return 0


def _hall_from_room(plan, res, name: str, layers: str | None, lang: str, doors_open: bool = False):  # type: ignore[no-untyped-def]
    from geometry.dxf import load_layer_map
    from geometry.room_pick import find_labels, room_at

    hidden = set(res.hidden_layers)
    places = find_labels(res.underlay_texts, name, hidden)
    if not places:
        raise HallPlanError(f"图中没有文字“{name}”", f"no text '{name}' in the drawing")
    lm = load_layer_map(layers)
    first: HallPlanError | None = None
    for at in places:  # the name may stand in a title block or the notes too: the first room that closes
        try:
            pick_ = room_at(list(res.underlay), at, hidden=hidden, gap=lm.gap_tolerance_mm / 1000.0,
                            role_of=lm.layer_role, doors_open=doors_open, metres_per_unit=plan.meta.get("metres_per_unit"))
            break
        except HallPlanError as exc:  # walls open there (the gaps are named), or no walls at all
            first = first or exc
    else:
        assert first is not None
        if len(places) > 1:
            raise HallPlanError(f"“{name}”出现 {len(places)} 处,没有一处被墙线围合。第一处:{first.zh}",
                                f"'{name}' stands in {len(places)} places; walls close around none. The first: {first.en}")
        raise first
    print(pick(f"服务大厅:“{name}”所在房间,{pick_.area:.1f} m²(由图层 {', '.join(pick_.layers)} 围合)",
               f"service hall: the room named '{name}', {pick_.area:.1f} m² (closed by layers {', '.join(pick_.layers)})", lang))
    for x, y, w in pick_.passages:  # an opening wider than a door inside the room: it may run on next door
        print(pick(f"注意:({x:.2f}, {y:.2f}) 处有 {w:.2f} m 宽的开口,大厅可能与相邻房间连通",
                   f"note: a {w:.2f} m wide opening at ({x:.2f}, {y:.2f}) may join the hall to the next room", lang))
    return dataclasses.replace(plan, hall=pick_.room)
