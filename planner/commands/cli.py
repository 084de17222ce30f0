"""The ``hallplan`` command.

    hallplan [FILE]            open the desktop editor (on FILE)
    hallplan check PLAN ...    check a plan, print findings, optionally write JSON / PDF
    hallplan demo              the main job on the bundled sample hall
    hallplan import DRAWING -o PLAN.hallplan   a project with its drawing kept, headless
    hallplan fix PLAN [--apply RULE -o OUT]    guided fixes: list them, or apply them
    hallplan layout PLAN -o PROPOSAL.hallplan  layout proposals for a hall outline
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NoReturn, Sequence, TextIO

from geometry.i18n import HallPlanError, pick, set_language

if TYPE_CHECKING:  # numpy comes in with the plan model: only once console() has set up the process
    from geometry.model import Plan
    from planner.commands.pdf_worker import PdfWriter

SAMPLE = "county-compliant.hallplan"
EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


# argparse's messages → Chinese (the English ones are argparse's own)
_ARGPARSE_ZH: tuple[tuple[str, str], ...] = (
    (r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.*)\)$", r"选项 \1 的值“\2”无效,可选:\3"),
    (r"argument (\S+): invalid (\w+) value: '?(.*?)'?$", r"选项 \1 的值“\3”无效"),
    (r"argument (\S+): expected one argument$", r"选项 \1 后面缺少值"),
    (r"the following arguments are required: (.*)$", r"缺少参数:\1"),
    (r"unrecognized arguments: (.*)$", r"不认识的参数:\1"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line in the chosen language, exit 2
        import re

        from geometry.i18n import get_language

        if get_language() == "en":
            line = f"{message} (see {self.prog} --help)"
        else:
            line = next((re.sub(p, r, message) for p, r in _ARGPARSE_ZH if re.match(p, message)), message)
            line = f"{line}(见 {self.prog} --help)"
        self.exit(EXIT_INPUT, f"hallplan: {line}\n")


def _add_context_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--level", choices=["city", "county", "park", "township", "village"], help="administrative level")
    p.add_argument("--population", metavar="N", help="jurisdiction population (500000, 50万)")
    p.add_argument("--target-grade", type=int, choices=[1, 2], help="target grade")
    p.add_argument("--building-area", metavar="M2", help="centre gross building area, m²")
    p.add_argument("--name", dest="centre_name", help="centre name")
    p.add_argument("--daily-visitors", metavar="N", help="visitors a day (service capacity analysis)")
    p.add_argument("--service-minutes", metavar="MIN", help="mean service time per visitor at a window, minutes")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of messages and reports")
    p.add_argument("--pack", action="append", metavar="PACK", help="rule pack id or .toml file (repeatable; default: baoshan-2016 + national-figures)")


def _scale_arg(text: str) -> int:
    from planner.report.pdfbackend import parse_scale

    try:
        return parse_scale(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid scale {text!r} (write it as 1:100)") from None


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="hallplan", description="HallPlan 政务服务大厅规划与合规检查")
    sub = ap.add_subparsers(dest="cmd", parser_class=_Parser)
    c = sub.add_parser("check", help="check a plan against the standard")
    c.add_argument("plan", help=".hallplan project or .dxf/.dwg drawing")
    _add_context_options(c)
    c.add_argument("--json", metavar="FILE", help="write the report as JSON (schema hallplan.report/1); - for standard output")
    c.add_argument("--pdf", metavar="FILE", help="write the approval PDF")
    c.add_argument("--dxf-out", metavar="FILE", help="write the plan with a findings layer as DXF")
    c.add_argument("--xlsx", metavar="FILE", help="write the compliance table as an Excel workbook")
    c.add_argument("--docx", metavar="FILE", help="write the review opinion (审查意见书) draft as a Word document")
    c.add_argument("--layers", metavar="FILE", help="layer map for DXF import (TOML)")
    c.add_argument("--units", choices=["mm", "cm", "m", "in", "ft"], help="DXF drawing units, instead of deciding them")
    c.add_argument("--hall-room", metavar="NAME", help="the room(s) named NAME make the service hall (several: their union)")
    c.add_argument("--floors", metavar="N", help="floors of the building (a drawing of fewer floors scales its building area)")
    c.add_argument("--all", action="store_true", help="list passing findings too")
    c.add_argument("--paper", type=str.upper, choices=["A4", "A3", "A2", "A1", "A0"], help="plan sheet paper of the PDF (default: automatic)")
    c.add_argument("--scale", type=_scale_arg, metavar="1:N", help="plan sheet scale of the PDF, e.g. 1:100 (default: automatic)")
    sub.add_parser("audit", help="check many plans (folders, .hallplan, .dxf) and write a summary table; see hallplan audit --help",
                   add_help=False)  # listed here; `hallplan audit …` is parsed by planner.commands.audit
    sub.add_parser("fix", help="guided fixes: list the fixes of the failures, or apply them (--apply RULE -o OUT); see hallplan fix --help",
                   add_help=False)  # parsed by planner.commands.fix_cmd
    sub.add_parser("layout", help="layout proposals for a hall outline; see hallplan layout --help", add_help=False)
    d = sub.add_parser("demo", help="the main job on the bundled sample hall")
    d.add_argument("--out", default="out", help="folder for the report (headless)")
    d.add_argument("--lang", choices=["zh", "en"], default=None, help="language (default: the editor's saved one; zh headless)")
    d.add_argument("--headless", action="store_true", help="never open a window")
    return ap


def _progress_printer(enabled: bool) -> Callable[[float, str], None] | None:
    if not enabled:
        return None

    def show(frac: float, msg: str) -> None:
        sys.stderr.write(f"\r{frac:5.0%} {msg[:60]:<60}")
        if frac >= 1.0:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def context_options(args: argparse.Namespace) -> dict[str, Any]:
    """The context the options give, each value through the shared validator (geometry.validate):
    ``--population 50万`` → 500000; ``--population -1`` or ``--building-area nan`` → one line, exit 2."""
    from geometry.validate import CONTEXT_SPECS, clean_value

    given = {"level": ("--level", args.level), "population": ("--population", args.population),
             "target_grade": ("--target-grade", args.target_grade),
             "building_area_m2": ("--building-area", args.building_area), "centre_name": ("--name", args.centre_name),
             "daily_visitors": ("--daily-visitors", getattr(args, "daily_visitors", None)),
             "service_minutes": ("--service-minutes", getattr(args, "service_minutes", None))}
    out: dict[str, Any] = {}
    for name, (flag, raw) in given.items():
        if raw is not None:
            out[name] = clean_value(CONTEXT_SPECS[name], name, raw, flag, text=True)
    return {k: v for k, v in out.items() if v is not None}


def hall_and_floors(loaded: Any, args: Any) -> tuple[Plan, list[tuple[str, str]]]:
    """``--hall-room NAME`` and ``--floors N`` applied to the loaded plan, with what they did (``args``:
    the parsed options, or an audit job: read by name, ``hall_room``, ``floors``, ``layers``)."""
    from geometry.validate import CONTEXT_SPECS, clean_value

    plan: Plan = loaded.plan
    said: list[tuple[str, str]] = []
    if getattr(args, "hall_room", None):
        from planner.commands.hall_choice import hall_by_name

        plan, how = hall_by_name(loaded, args.hall_room, getattr(args, "layers", None))
        chosen = (f"(--hall-room){how[0]}", f"(--hall-room) {how[1]}")
        if loaded.imported is not None:  # the import summary's hall line says how the hall was found
            loaded.imported.report.hall = chosen
        else:
            said.append((f"服务大厅{chosen[0]}", f"service hall {chosen[1]}"))
    raw = getattr(args, "floors", None)
    if raw is not None:
        floors = clean_value(CONTEXT_SPECS["floors"], "floors", raw, "--floors", text=True)
        if floors is not None:
            from geometry.floors import with_floors

            plan, note = with_floors(plan, int(floors))
            if note is not None:
                said.append(note)
    return plan, said


def prepare_outputs(args: argparse.Namespace) -> None:
    """Make the folders of ``--json``, ``--pdf`` and ``--dxf-out`` before anything is checked, or
    refuse in one line: a check is never run only to find that its report cannot be written."""
    def where(p: Path) -> Path:
        try:
            return p.resolve()
        except (OSError, RuntimeError):  # a link loop: compare as written
            return p.absolute()

    seen: dict[Path, str] = {where(Path(args.plan)): "PLAN"}
    for flag, value in (("--json", args.json), ("--pdf", args.pdf), ("--dxf-out", args.dxf_out)):
        if not value or (flag == "--json" and value == "-"):  # "-": standard output
            continue
        p = Path(value)
        other = seen.setdefault(where(p), flag)
        if other == "PLAN":  # never write a report over the plan it was made from
            raise HallPlanError(f"{flag} {value} 就是要检查的平面文件:请换一个文件名",
                                f"{flag} {value} is the plan being checked: choose another file name")
        if other != flag:
            raise HallPlanError(f"{flag} 与 {other} 是同一个文件:{value}", f"{flag} and {other} are the same file: {value}")
        if p.is_dir():
            raise HallPlanError(f"{flag} {value} 是文件夹:请给出文件名", f"{flag} {value} is a folder: give a file name")
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HallPlanError(f"{flag}:无法建立文件夹 {p.parent}(路径中有同名文件,或没有权限)",
                                f"{flag}: cannot create the folder {p.parent} ({exc.strerror})") from None
        if not os.access(p.parent, os.W_OK):
            raise HallPlanError(f"{flag}:文件夹 {p.parent} 不可写", f"{flag}: the folder {p.parent} is not writable")


def is_empty(plan: Plan) -> bool:
    """No hall, no building and nothing drawn: nothing a rule could look at."""
    return plan.hall is None and plan.building is None and not plan.objects


def run_check(args: argparse.Namespace) -> int:
    import planner.commands.console  # noqa: F401  (before the PDF worker is forked: it shares them)
    import planner.loading  # noqa: F401
    import standards.engine  # noqa: F401
    from planner.commands.pdf_worker import pdf_writer

    prepare_outputs(args)
    with pdf_writer(bool(args.pdf)) as pdf:  # the PDF machinery warms up on the second core meanwhile
        return _check(args, pdf)


def _check(args: argparse.Namespace, pdf: "PdfWriter") -> int:
    from planner.commands.console import summary
    from planner.loading import load_any
    from standards.engine import PackError, check, with_overrides

    loaded = load_any(args.plan, layers=getattr(args, "layers", None),
                      progress=_progress_printer(sys.stderr.isatty()), units=getattr(args, "units", None),
                      hall_room=getattr(args, "hall_room", None))
    if is_empty(loaded.plan):
        summary_text = loaded.summary(args.lang)
        if summary_text:
            print(summary_text, file=sys.stderr if args.json == "-" else sys.stdout)
        name = Path(args.plan).name
        if loaded.imported is not None:  # a drawing none of whose layers made an object: say how to go on
            raise HallPlanError(
                f"{name}:图中没有可识别为服务大厅或其对象的图层(全部作为底图读入),无可检查的内容;"
                f"可用 --hall-room 房间名 指定大厅,或用 --layers 图层映射文件 说明图层含义,"
                f"或在编辑器中打开(hallplan {name})将底图轮廓标记为大厅",
                f"{name}: no layer of the drawing was recognised as the service hall or its objects (all read as "
                f"underlay), so there is nothing to check; name the hall's room with --hall-room NAME, say what "
                f"the layers hold with --layers MAP.toml, or open it in the editor (hallplan {name}) and tag an "
                f"outline as the hall")
        raise HallPlanError(f"{name}:平面是空的,没有服务大厅边界,也没有绘制任何对象,无可检查的内容",
                            f"{name}: the plan is empty: no service hall boundary and nothing drawn, so there is nothing to check")
    plan, chosen = hall_and_floors(loaded, args)
    pdf.expect(charts=plan.hall is not None)
    plan = with_overrides(plan, **context_options(args))
    try:
        report = check(plan, packs=args.pack)
    except PackError as exc:  # a pack the plan itself names: say which file names it
        if args.pack:
            raise
        name = Path(args.plan).name
        raise PackError(f"{name}: {exc.zh}", f"{name}: {exc.en}") from None
    if args.pdf:  # the worker builds it while the summary and the JSON are written; the file comes at its step
        pdf.prepare(report, args.pdf, lang=args.lang, underlay=loaded.printed_underlay, source=args.plan,
                    paper=getattr(args, "paper", None), scale=getattr(args, "scale", None))
    to_stdout = args.json == "-"  # the JSON report goes to standard output, the summary to stderr
    text_out = sys.stderr if to_stdout else sys.stdout
    imported = loaded.summary(args.lang)
    if imported is not None:
        print(imported, file=text_out)
    for zh, en in chosen:
        print(pick(zh, en, args.lang), file=text_out)
    print(summary(report, args.lang, show_pass=args.all), file=text_out)
    if args.json:
        data = report.to_json()
        import_json = loaded.import_json()
        if import_json is not None:
            data["import"] = import_json
        if to_stdout:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
            sys.stdout.flush()
        else:
            _write_text(args.json, json.dumps(data, ensure_ascii=False, indent=1))
            print(pick(f"报告已写入 {args.json}", f"report written to {args.json}", args.lang))
    if args.pdf:
        pdf.write()  # planner.report.write_pdf, in the worker or here (issue 6)
        print(pick(f"审批 PDF 已写入 {args.pdf}", f"approval PDF written to {args.pdf}", args.lang), file=text_out)
    if args.dxf_out:
        from geometry.dxf import export_dxf  # issue 3
        from standards.callouts import number_findings

        export_dxf(plan, args.dxf_out, number_findings(report.findings), underlay=loaded.printed_underlay, lang=args.lang)
        print(pick(f"DXF 已写入 {args.dxf_out}", f"DXF written to {args.dxf_out}", args.lang), file=text_out)
    _write_office(args, report, loaded.printed_underlay, text_out)
    return EXIT_FAIL if report.failed else EXIT_OK


def _write_office(args: argparse.Namespace, report: Any, underlay: Any, text_out: TextIO | None = None) -> None:
    """``--xlsx`` and ``--docx`` (planner.export)."""
    if getattr(args, "xlsx", None):
        from planner.export import write_xlsx

        write_xlsx(report, args.xlsx, lang=args.lang)
        print(pick(f"Excel 合规表已写入 {args.xlsx}", f"Excel workbook written to {args.xlsx}", args.lang), file=text_out)
    if getattr(args, "docx", None):
        from planner.export import write_docx

        write_docx(report, args.docx, lang=args.lang, underlay=underlay)
        print(pick(f"审查意见书草稿已写入 {args.docx}", f"review opinion draft written to {args.docx}", args.lang), file=text_out)


def _write_text(path: str, text: str) -> None:
    from geometry.project import atomic_write_bytes

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, text.encode("utf-8"))


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_demo(args: argparse.Namespace) -> int:
    import assets

    sample = assets.path("samples", SAMPLE)
    if not args.headless and has_display():
        try:
            from planner.app import run_app  # issue 4
        except ImportError:
            pass
        else:
            return int(run_app([str(sample)], lang=args.lang))  # None: the editor's saved language
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ns = argparse.Namespace(plan=str(sample), level=None, population=None, target_grade=None, building_area=None,
                            centre_name=None, lang=args.lang or "zh", pack=None, json=str(out / "sample-report.json"),
                            pdf=None, dxf_out=None, layers=None, all=False)
    try:
        from planner.report import write_pdf  # noqa: F401

        ns.pdf = str(out / "sample-report.pdf")
    except ImportError:
        pass
    run_check(ns)
    return EXIT_OK


def run_gui(files: Sequence[str], lang: str | None = None) -> int:
    if not has_display() and not os.environ.get("QT_QPA_PLATFORM"):
        raise HallPlanError("没有图形显示,无法打开编辑器;请用 hallplan check 文件 或 hallplan demo",
                            "no display to open the editor on; use hallplan check FILE or hallplan demo")
    try:
        from planner.app import run_app
    except ImportError:
        raise HallPlanError("此版本没有桌面编辑器;请用 hallplan check", "this version has no desktop editor; use hallplan check") from None
    return int(run_app(list(files), lang=lang))


def _tolerant_streams() -> None:
    """Output redirected to a file on Chinese Windows is GBK, which lacks ² and —: print what cannot be
    encoded as ``?`` instead of failing (a console, UTF-8 since Python 3.6, is not affected)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or special stream: leave it as it is
                pass


def _repair_hint(exc: HallPlanError, lang: str) -> str:
    """After a project file that does not read but can be repaired, how to repair it (same line)."""
    from geometry.project_repair import RepairableProjectError

    if not isinstance(exc, RepairableProjectError):
        return ""
    out = exc.path.with_name(exc.path.stem + pick("-修复", "-repaired", lang) + exc.path.suffix)
    return pick(f"。可以修复({exc.changes} 处修改,原文件不动):hallplan repair \"{exc.path}\" -o \"{out}\"",
                f". It can be repaired ({exc.changes} change(s); the original is kept): hallplan repair \"{exc.path}\" -o \"{out}\"", lang)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    lang_given = "--lang" in argv or any(a.startswith("--lang=") for a in argv)
    from planner.commands.subcommand import argv_lang

    lang = argv_lang(argv)
    set_language(lang)
    try:
        if not argv or (argv[0] not in ("check", "demo", "audit", "import", "fix", "layout", "repair", "-h", "--help") and not argv[0].startswith("-")) or argv[0] == "gui":
            skip = {i + 1 for i, a in enumerate(argv) if a == "--lang"}
            files = [a for i, a in enumerate(argv) if a != "gui" and not a.startswith("--") and i not in skip]
            return run_gui(files, lang if lang_given else None)  # None: the editor's saved language
        if argv[0] == "audit":
            from planner.commands.audit import main as audit_main  # issue 6

            return int(audit_main(argv[1:]))
        if argv[0] == "import":
            from planner.commands.import_cmd import main as import_main  # issue 13

            return int(import_main(argv[1:]))
        if argv[0] == "fix":
            from planner.commands.fix_cmd import main as fix_main  # issue 15

            return int(fix_main(argv[1:]))
        if argv[0] == "repair":
            from planner.commands.repair_cmd import main as repair_main

            return int(repair_main(argv[1:]))
        if argv[0] == "layout":
            from planner.commands.layout_cmd import main as layout_main  # issue 15

            return int(layout_main(argv[1:]))
        args = build_parser().parse_args(argv)
        if args.cmd == "check":
            return run_check(args)
        if args.cmd == "demo":
            return run_demo(args)
        build_parser().print_help()
        return EXIT_INPUT
    except HallPlanError as exc:
        print(f"hallplan: {exc.text(lang)}{_repair_hint(exc, lang)}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error of ours
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        print(pick("hallplan: 已中断", "hallplan: interrupted", lang), file=sys.stderr)
        return 130
    except MemoryError:
        print(pick("hallplan: 内存不足,文件过大", "hallplan: out of memory: the file is too large", lang), file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # never a traceback for the user; say what broke in one line
        print(pick(f"hallplan: 内部错误:{type(exc).__name__}: {exc}", f"hallplan: internal error: {type(exc).__name__}: {exc}", lang),
              file=sys.stderr)
        if os.environ.get("HALLPLAN_DEBUG"):
            raise
        return EXIT_INTERNAL


CHECK_GC_GEN0 = 50_000  # allocations between young collections in a check (Python's default: 700)
# what OpenBLAS (numpy's and scipy's linear algebra) reads, in its order, for its number of threads
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def one_blas_thread() -> bool:
    """Have numpy's OpenBLAS start with one thread, unless the user chose a number (any of
    :data:`BLAS_THREAD_VARS`); True when it was set here.  Only before numpy is loaded: OpenBLAS
    reads it once, when the library loads.

    Otherwise OpenBLAS starts a thread per further core, with its buffers, as numpy is imported
    (numpy's import: 85 → 55 ms of CPU on two cores, more with more cores), and each such thread
    spins a while waiting for work (20–50 ms of CPU taken from the command and the PDF worker on a
    two-core machine); native threads in a process that forks the PDF worker and the audit's
    workers besides.  HallPlan's products are small (n×2 points through a 2×2 transform, 2×2
    determinants), which one thread computes alike; nothing here is a large matrix product that
    more threads would speed up."""
    if "numpy" in sys.modules or any(os.environ.get(v) for v in BLAS_THREAD_VARS):
        return False
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    return True


def console() -> NoReturn:
    """The ``hallplan`` console script: :func:`main`, and for a ``check``, a process tuned for one run:

    - the cyclic collector looks at young objects every :data:`CHECK_GC_GEN0` allocations instead of
      700: a check builds hundreds of thousands of long-lived objects (plan, findings, report pages),
      and the default rescans them over a thousand times on a 500-counter hall (0.4–0.5 s of its
      2.7 s CPU; 0.08–0.1 s with this, the same peak memory);
    - the process ends at once when the command is done, without Python's teardown of a heap that a
      large drawing made big (0.1–0.2 s of freeing objects one by one that the system frees at exit
      anyway).  Exit handlers still run and the standard streams are flushed first; should flushing
      fail, the ordinary exit reports it as it always did.

    Every command starts numpy's linear algebra with one thread (:func:`one_blas_thread`).

    Only here: :func:`main` leaves the collector alone and returns normally to the tests and the
    editor that call it."""
    one_blas_thread()
    argv = sys.argv[1:]
    if argv[:1] != ["check"]:
        sys.exit(main(argv))
    import gc

    gc.set_threshold(CHECK_GC_GEN0, *gc.get_threshold()[1:])
    code = main(argv)
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    console()
