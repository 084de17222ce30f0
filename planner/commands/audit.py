"""``hallplan audit``: check many plans at once, in parallel, headless.

    hallplan audit DIR_OR_FILES... --out DIR [--csv CONTEXT.csv] [--jobs N] [--lang zh|en] [--pack P] [--no-pdf]
                   [--timeout S] [--max-memory MB]

Writes, in ``--out``: ``NAME.pdf`` (approval PDF) and ``NAME.json`` (report) per plan,
``summary.csv`` (UTF-8 with BOM, one row per plan, written as the plans finish) and ``overview.pdf``
(grades across plans, at the end or on interrupt).  Each plan runs in a worker process with a time
and a memory limit (``planner.commands.audit_pool``).  A plan that cannot be loaded, or that runs over a
limit, is listed in the summary with its reason; the others go on.
Exit status: 0 when every plan loaded and none fails, 1 otherwise, 2 for unusable arguments,
130 (SIGINT) or 143 (SIGTERM) when interrupted: the summary and overview keep the plans finished so far.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import signal
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Generator, NoReturn, Sequence

from geometry.i18n import HallPlanError, pick
from planner.commands.audit_pool import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_S, Limits, run_pool

PLAN_SUFFIXES = (".hallplan", ".dxf", ".dwg")  # every file of these types is a row, read or with its reason
RESERVED_NAMES = ("summary", "overview")  # the audit's own outputs
EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
LEVEL_WORDS = {"city": ("市级", "city"), "county": ("县级", "county"), "park": ("园区", "industrial park"),
               "township": ("乡镇级", "township"), "village": ("村级", "village")}
SUMMARY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("name", "名称", "name"), ("file", "文件", "file"), ("centre_name", "中心名称", "centre"), ("level_label", "级别", "level"),
    ("population", "人口", "population"), ("hall_area_m2", "大厅面积(m²)", "hall area (m²)"), ("grade", "达到等级", "grade"),
    ("target_label", "目标等级", "target grade"), ("building_area_m2", "建筑面积(m²)", "building area (m²)"),
    ("parking_area_m2", "停车面积(m²)", "parking area (m²)"), ("parking_pct", "停车比例(%)", "parking ratio (%)"),
    ("fail", "不符合", "fail"), ("warn", "提示", "warn"),
    ("unknown", "待确认", "unknown"), ("pass", "符合", "pass"), ("not_applicable", "不适用", "n/a"),
    ("worst", "主要问题", "worst findings"), ("pdf", "PDF", "PDF"), ("json", "JSON", "JSON"), ("error", "未能检查的原因", "not checked because"),
)


@dataclass
class Job:
    path: str
    name: str  # output base name (unique in the batch)
    out: str
    lang: str = "zh"
    csv_row: dict[str, str] | None = None
    packs: list[str] | None = None
    pdf: bool = True
    font_mode: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    hall_room: str | None = None  # --hall-room: the room(s) of this name make each plan's hall
    floors: str | None = None  # --floors: the building's floors, as typed


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"hallplan audit: {message}\n{self.format_usage()}")


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="hallplan audit", description="批量审查 / check many plans at once")
    ap.add_argument("inputs", nargs="+", metavar="DIR_OR_FILE", help="folders (searched recursively) or .hallplan/.dxf/.dwg files")
    ap.add_argument("--out", required=True, metavar="DIR", help="folder for the PDFs, JSONs, summary.csv and overview.pdf")
    ap.add_argument("--csv", metavar="FILE", help="context per plan: name, level, population, building_area[, target_grade, centre_name]")
    ap.add_argument("--jobs", type=int, default=0, metavar="N", help="parallel processes (default: all cores)")
    ap.add_argument("--lang", choices=["zh", "en"], default="zh")
    ap.add_argument("--pack", action="append", metavar="PACK", help="rule pack id or .toml file (repeatable)")
    ap.add_argument("--no-pdf", action="store_true", help="JSON and summary only (faster)")
    ap.add_argument("--hall-room", metavar="NAME", help="the room(s) named NAME make each plan's service hall")
    ap.add_argument("--floors", metavar="N", help="floors of the buildings (a drawing of fewer floors scales its building area)")
    ap.add_argument("--fonts", choices=["auto", "system", "bundled", "cid"], help="font search for the PDFs")
    ap.add_argument("--timeout", type=_limit(float), default=DEFAULT_TIMEOUT_S, metavar="S",
                    help=f"time limit per plan in seconds, 0 for none (default {DEFAULT_TIMEOUT_S:g})")
    ap.add_argument("--max-memory", type=_limit(int), default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
                    help=f"memory limit per plan in MB, 0 for none (default {DEFAULT_MAX_MEMORY_MB})")
    return ap


def _limit(kind: type) -> Any:
    def parse(text: str) -> Any:
        try:
            v = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not (v >= 0) or v == float("inf"):
            raise argparse.ArgumentTypeError(f"must be 0 (no limit) or a positive number: {text!r}")
        return v

    parse.__name__ = kind.__name__
    return parse


def find_plans(inputs: Sequence[str], skipped: dict[str, int] | None = None) -> list[Path]:
    """Plan files named or found under the folders, in a stable order.  Missing paths are an error.

    Every entry with a plan suffix is returned, whatever it is (a FIFO, a link to a device, a DWG): the
    audit makes it a row with its reason.  Other files are counted by suffix in ``skipped``.
    """
    out: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = []
            for root, dirs, names in os.walk(p):  # symlinked folders are not followed (no cycles)
                dirs.sort()
                for n in names:
                    f = Path(root) / n
                    if f.suffix.lower() in PLAN_SUFFIXES:
                        found.append(f)
                    elif skipped is not None and not n.lower().endswith((".context.json", ".context.toml")):
                        key = f.suffix.lower() or n
                        skipped[key] = skipped.get(key, 0) + 1
            out += sorted(found)
        elif os.path.lexists(p):
            out.append(p)
        else:
            raise HallPlanError(f"找不到:{raw}", f"not found: {raw}")
    seen: set[str] = set()
    unique = []
    for f in out:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def unique_names(paths: Sequence[Path]) -> list[str]:
    """Output base names, distinct case-insensitively and stable for the same inputs.

    A stem used once is the name (``a.hallplan`` → ``a``).  Plans sharing a stem take their type
    (``x.dxf`` → ``x-dxf``, ``x.hallplan`` → ``x-hallplan``), then their folder; a name that is
    still taken (by another plan's stem, another such name, or the audit's ``summary``/``overview``)
    gets ``-2``, ``-3``… in input order.

    >>> unique_names([Path("x.dxf"), Path("x.hallplan"), Path("x-2.hallplan")])
    ['x-dxf', 'x-hallplan', 'x-2']
    >>> unique_names([Path("a/x.dxf"), Path("b/x.dxf"), Path("overview.dxf")])
    ['a-x-dxf', 'b-x-dxf', 'overview-2']
    """
    stems: dict[str, int] = {}
    for p in paths:
        stems[p.stem.lower()] = stems.get(p.stem.lower(), 0) + 1
    typed: dict[str, int] = {}
    for p in paths:
        k = f"{p.stem}-{p.suffix.lstrip('.')}".lower()
        typed[k] = typed.get(k, 0) + 1
    wanted = []
    for p in paths:
        name = p.stem
        if stems[p.stem.lower()] > 1:
            name = f"{p.stem}-{p.suffix.lstrip('.').lower()}"
            if typed[name.lower()] > 1 and p.parent.name:
                name = f"{p.parent.name}-{name}"
        wanted.append(name or "plan")
    taken = {r for r in RESERVED_NAMES} | {s for s, n in stems.items() if n == 1}
    names = []
    for p, name in zip(paths, wanted):
        if stems[p.stem.lower()] == 1 and name.lower() not in RESERVED_NAMES:
            names.append(name)  # its own stem, reserved above
            continue
        cand, n = name, 1
        while cand.lower() in taken:
            n += 1
            cand = f"{name}-{n}"
        taken.add(cand.lower())
        names.append(cand)
    return names


def _worst(report: Any, lang: str, limit: int = 3) -> str:
    from standards.finding import Status

    bad = [f for f in report.sorted_findings() if f.status in (Status.FAIL, Status.WARN)][:limit]
    return "; ".join(f"{f.clause} {f.rule}: {f.message(lang)}" for f in bad)


def run_job(job: Job) -> dict[str, Any]:
    """Check one plan and write its outputs; never raises: failures become the row's ``error``."""
    from planner.commands.audit_context import csv_context, read_sidecar, sidecar_for
    from planner.loading import load_any
    from standards.engine import check, with_overrides

    row: dict[str, Any] = {"name": job.name, "file": job.path, "grade_key": "error", "fail": 0, "warn": 0, "unknown": 0,
                           "pass": 0, "not_applicable": 0, "error": "", "pdf": "", "json": ""}
    t0 = time.perf_counter()
    try:
        _check_readable(Path(job.path))
        loaded = load_any(job.path, hall_room=job.hall_room)
        from planner.commands.cli import hall_and_floors

        plan, _said = hall_and_floors(loaded, job)
        side = sidecar_for(Path(job.path))
        changes: dict[str, Any] = {}
        if side is not None:
            ctx, ticks = read_sidecar(side)
            changes.update(ctx)
            if ticks:
                import dataclasses

                plan = dataclasses.replace(plan, checklist={**plan.checklist, **ticks})
        if job.csv_row is not None:
            changes.update(csv_context(job.csv_row, f"CSV {job.name}"))
        try:
            plan = with_overrides(plan, **changes)
        except (TypeError, ValueError) as exc:
            raise HallPlanError(f"上下文无效:{exc}", f"invalid context: {exc}") from None
        report = check(plan, packs=job.packs)
        data = report.to_json()
        data["source"] = job.path
        import_json = loaded.import_json()
        if import_json is not None:
            data["import"] = import_json
        from geometry.project import atomic_write_bytes

        jpath = Path(job.out) / f"{job.name}.json"
        atomic_write_bytes(jpath, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        row["json"] = str(jpath)
        counts = report.counts()
        row.update(counts)
        c, m = report.context, report.measures
        ratio = m.get("parking_ratio")
        row.update(centre_name=c.get("centre_name") or "", level=c.get("level") or "", population=c.get("population"),
                   target_grade=c.get("target_grade") or 2, hall_area_m2=m.get("hall_area_m2"),
                   building_area_m2=m.get("building_area_m2"), parking_area_m2=m.get("parking_area_m2"),
                   parking_pct=None if ratio is None else round(100 * ratio, 2),
                   grade_key=m.get("achieved_grade") or "unknown", worst=_worst(report, job.lang))
        if job.pdf:
            from planner.report import write_pdf

            ppath = Path(job.out) / f"{job.name}.pdf"
            write_pdf(report, ppath, lang=job.lang, underlay=loaded.printed_underlay, font_mode=job.font_mode, source=job.path)
            row["pdf"] = str(ppath)
    except HallPlanError as exc:
        row["error"] = exc.text(job.lang)
    except MemoryError:
        raise  # the worker reports it and is replaced
    except Exception as exc:  # one bad plan must not stop the batch
        row["error"] = pick(f"内部错误:{type(exc).__name__}: {exc}", f"internal error: {type(exc).__name__}: {exc}", job.lang)
    if row["error"]:
        row["grade_key"] = "error"
    row["seconds"] = round(time.perf_counter() - t0, 3)
    return row


def _check_readable(p: Path) -> None:
    """Only regular files are read: a FIFO would block, a link to a device would never end."""
    try:
        st = os.stat(p)
    except OSError as exc:
        raise HallPlanError(f"无法读取:{exc.strerror}", f"cannot read it: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise HallPlanError("不是普通文件(管道、设备或文件夹),未读取", "not a regular file (a pipe, a device or a folder); not read")


def failed_row(job: Job, reason: str) -> dict[str, Any]:
    """The row of a plan that was not checked (over a limit, its worker gone)."""
    return {"name": job.name, "file": job.path, "grade_key": "error", "fail": 0, "warn": 0, "unknown": 0, "pass": 0,
            "not_applicable": 0, "error": reason, "pdf": "", "json": ""}


def _progress(done: int, total: int, name: str, start: float) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    rate = done / max(time.perf_counter() - start, 1e-9)
    line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {rate:5.1f}/s {name[:30]:<30}"
    if sys.stderr.isatty():
        sys.stderr.write("\r" + line + ("\n" if done == total else ""))
    elif done == total or done % max(1, total // 10) == 0:
        sys.stderr.write(line.rstrip() + "\n")
    sys.stderr.flush()


def _warm_up(job: Job) -> None:
    """Load the report machinery and resolve the fonts once in the parent: forked workers inherit it."""
    from planner.report import charts  # noqa: F401
    from standards import engine  # noqa: F401

    if job.pdf:
        from matplotlib.backends import backend_pdf  # noqa: F401

        from planner import fonts

        fonts.pdf_font(job.font_mode, "政务服务中心")
        charts.families(fonts.matplotlib_family(job.font_mode))


def run_jobs(jobs: Sequence[Job], workers: int, limits: Limits = Limits()) -> Generator[dict[str, Any], None, None]:
    """Rows as the plans finish, each plan in a worker process under ``limits``."""
    start = time.perf_counter()
    if not jobs:
        return
    _warm_up(jobs[0])
    for n, row in enumerate(run_pool(jobs, workers, limits, run_job, failed_row, jobs[0].lang), start=1):
        _progress(n, len(jobs), str(row.get("name", "")), start)
        yield row


def _csv_cells(row: dict[str, Any], lang: str) -> list[Any]:
    from planner.report.charts import GRADE_LABELS

    i = 1 if lang == "en" else 0
    r = dict(row)
    r["grade"] = GRADE_LABELS.get(r.get("grade_key") or "unknown", GRADE_LABELS["unknown"])[i]
    level = LEVEL_WORDS.get(str(r.get("level") or ""))
    r["level_label"] = level[i] if level else (r.get("level") or "")
    target = r.get("target_grade")
    r["target_label"] = GRADE_LABELS[f"grade{target}"][i] if f"grade{target}" in GRADE_LABELS else ""
    return ["" if r.get(k) is None else r.get(k) for k, _zh, _en in SUMMARY_COLUMNS]


def _csv_line(cells: Sequence[Any] | None = None, row: dict[str, Any] | None = None, lang: str = "zh") -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(cells if cells is not None else _csv_cells(row or {}, lang))
    return buf.getvalue()


def _csv_header(lang: str) -> str:
    return "\ufeff" + _csv_line([en if lang == "en" else zh for _k, zh, en in SUMMARY_COLUMNS])


def summary_csv(rows: Sequence[dict[str, Any]], lang: str) -> bytes:
    """The summary as CSV bytes: UTF-8 with BOM so Excel keeps the Chinese."""
    return (_csv_header(lang) + "".join(_csv_line(row=r, lang=lang) for r in rows)).encode("utf-8")


class SummaryStream:
    """``summary.csv`` written a row at a time as plans finish (flushed, so a killed audit keeps them);
    :meth:`finish` rewrites it atomically in input order."""

    def __init__(self, path: Path, lang: str) -> None:
        self.path, self.lang = path, lang
        try:
            self.fh: IO[bytes] | None = open(path, "wb")
        except OSError as exc:
            raise HallPlanError(f"无法写入 {path}:{exc.strerror}", f"cannot write {path}: {exc.strerror}") from None
        self._write(_csv_header(lang))

    def _write(self, text: str) -> None:
        if self.fh is not None:
            self.fh.write(text.encode("utf-8"))
            self.fh.flush()

    def add(self, row: dict[str, Any]) -> None:
        self._write(_csv_line(row=row, lang=self.lang))

    def finish(self, rows: Sequence[dict[str, Any]]) -> None:
        from geometry.project import atomic_write_bytes

        if self.fh is not None:
            self.fh.close()
            self.fh = None
        atomic_write_bytes(self.path, summary_csv(rows, self.lang))


class Interrupted(Exception):
    """The audit was stopped (SIGINT / SIGTERM); ``rows`` are the plans finished."""

    def __init__(self, rows: list[dict[str, Any]], total: int, exit_code: int = EXIT_INTERRUPTED) -> None:
        super().__init__(f"interrupted after {len(rows)} of {total} plans")
        self.rows, self.total, self.exit_code = rows, total, exit_code


class _Terminated(BaseException):
    pass


def _on_sigterm(_sig: int, _frame: Any) -> None:
    raise _Terminated()


def audit(inputs: Sequence[str], out: str | os.PathLike[str], *, csv_path: str | None = None, jobs: int = 0,
          lang: str = "zh", packs: list[str] | None = None, pdf: bool = True, font_mode: str | None = None,
          limits: Limits = Limits(), hall_room: str | None = None, floors: str | None = None) -> list[dict[str, Any]]:
    """Run the audit; returns the summary rows in input order.  Raises HallPlanError for unusable
    arguments and :class:`Interrupted` (after writing the summary and overview of what finished) when
    stopped by SIGINT or SIGTERM."""
    from geometry.project import atomic_write_bytes
    from planner.commands.audit_context import plan_key, read_csv

    skipped: dict[str, int] = {}
    paths = find_plans(inputs, skipped)
    if not paths:
        raise HallPlanError("没有找到平面文件(.hallplan / .dxf / .dwg)", "no plan files (.hallplan / .dxf / .dwg) found")
    outdir = Path(out)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HallPlanError(f"无法创建输出文件夹 {outdir}:{exc.strerror}", f"cannot create the output folder {outdir}: {exc.strerror}") from None
    rows_by_key = read_csv(Path(csv_path)) if csv_path else {}
    if packs:
        from standards.engine import resolve_packs

        resolve_packs(packs)  # a bad pack is an unusable argument, not 200 failed plans
    names = unique_names(paths)
    unmatched = sorted(set(rows_by_key) - {plan_key(p.name) for p in paths})
    if unmatched:
        print(pick(f"hallplan audit: CSV 中 {len(unmatched)} 行没有对应的平面文件:{', '.join(unmatched[:10])}",
                   f"hallplan audit: {len(unmatched)} CSV rows match no plan file: {', '.join(unmatched[:10])}", lang),
              file=sys.stderr)
    if skipped:
        kinds = ", ".join(f"{k} ×{n}" for k, n in sorted(skipped.items()))
        print(pick(f"hallplan audit: 跳过 {sum(skipped.values())} 个非平面文件({kinds})",
                   f"hallplan audit: skipped {sum(skipped.values())} files that are not plans ({kinds})", lang), file=sys.stderr)
    if floors is not None:  # a bad --floors is an unusable argument, not 200 failed plans
        from geometry.validate import CONTEXT_SPECS, clean_value

        clean_value(CONTEXT_SPECS["floors"], "floors", floors, "--floors", text=True)
    job_list = [Job(str(p), n, str(outdir), lang, rows_by_key.get(plan_key(p.name)), packs, pdf, font_mode,
                    hall_room=hall_room, floors=floors) for p, n in zip(paths, names)]
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    order = {j.name: i for i, j in enumerate(job_list)}
    stream = SummaryStream(outdir / "summary.csv", lang)
    done: list[dict[str, Any]] = []
    stopped: int | None = None
    broke: OSError | None = None
    rows_in = run_jobs(job_list, min(workers, len(job_list)), limits)
    try:
        for row in rows_in:
            done.append(row)
            stream.add(row)
    except KeyboardInterrupt:
        stopped = EXIT_INTERRUPTED
    except _Terminated:
        stopped = 128 + signal.SIGTERM
    except OSError as exc:  # no worker could be started, the summary could not be written: keep what is done, say why
        broke = exc
    finally:
        rows_in.close()  # stops the workers
    rows = sorted(done, key=lambda r: order[r["name"]])
    stream.finish(rows)
    from planner.export.xlsx import audit_workbook  # summary.xlsx beside it, from the same rows

    audit_workbook(outdir / "summary.csv", lang)
    from planner.report.overview import build_overview

    atomic_write_bytes(outdir / "overview.pdf", build_overview(rows, lang, font_mode))
    if stopped is not None:
        raise Interrupted(rows, len(job_list), stopped)
    if broke is not None:
        raise HallPlanError(f"审查中止({broke.strerror or broke}),已完成 {len(rows)}/{len(job_list)} 个平面",
                            f"the audit stopped ({broke.strerror or broke}); {len(rows)} of {len(job_list)} plans done")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    limits = Limits(args.timeout or None, args.max_memory or None)
    old_term = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: SIGTERM keeps its handler
        old_term = None
    try:
        rows = audit(args.inputs, args.out, csv_path=args.csv, jobs=args.jobs, lang=args.lang, packs=args.pack,
                     pdf=not args.no_pdf, font_mode=args.fonts, limits=limits, hall_room=args.hall_room, floors=args.floors)
    except HallPlanError as exc:
        print(f"hallplan audit: {exc.text(args.lang)}", file=sys.stderr)
        return EXIT_INPUT
    except Interrupted as exc:
        print(pick(f"hallplan audit: 已中断,完成 {len(exc.rows)}/{exc.total} 个平面,已写入汇总:{Path(args.out) / 'summary.csv'}",
                   f"hallplan audit: interrupted; {len(exc.rows)} of {exc.total} plans done, kept in {Path(args.out) / 'summary.csv'}",
                   args.lang), file=sys.stderr)
        return exc.exit_code
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
    broken = [r for r in rows if r["error"]]
    failing = [r for r in rows if not r["error"] and r["fail"]]
    def t(zh: str, en: str) -> str:
        return pick(zh, en, args.lang)

    print(t(f"{len(rows)} 个平面:{len(failing)} 个存在不符合项,{len(broken)} 个未能检查。汇总:{Path(args.out) / 'summary.csv'}",
            f"{len(rows)} plans: {len(failing)} with failures, {len(broken)} could not be checked. Summary: {Path(args.out) / 'summary.csv'}"))
    for r in broken:
        print(f"  {r['name']}: {r['error']}", file=sys.stderr)
    return EXIT_FAIL if (broken or failing) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
