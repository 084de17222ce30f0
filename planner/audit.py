"""``hallplan audit``: check many plans at once, in parallel, headless.

    hallplan audit DIR_OR_FILES... --out DIR [--csv CONTEXT.csv] [--jobs N] [--lang zh|en] [--pack P] [--no-pdf]

Writes, in ``--out``: ``NAME.pdf`` (approval PDF) and ``NAME.json`` (report) per plan,
``summary.csv`` (UTF-8 with BOM, one row per plan) and ``overview.pdf`` (grades across plans).
A plan that cannot be loaded is listed in the summary with its reason; the others go on.
Exit status: 0 when every plan loaded and none fails, 1 otherwise, 2 for unusable arguments.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, NoReturn, Sequence

from geometry.i18n import HallPlanError, pick

PLAN_SUFFIXES = (".hallplan", ".dxf")
EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2
SUMMARY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("name", "名称", "name"), ("file", "文件", "file"), ("centre_name", "中心名称", "centre"), ("level", "级别", "level"),
    ("population", "人口", "population"), ("hall_area_m2", "大厅面积(m²)", "hall area (m²)"), ("grade", "达到等级", "grade"),
    ("target_grade", "目标等级", "target grade"), ("fail", "不符合", "fail"), ("warn", "提示", "warn"),
    ("unknown", "待确认", "unknown"), ("pass", "符合", "pass"), ("not_applicable", "不适用", "n/a"),
    ("worst", "主要问题", "worst findings"), ("pdf", "PDF", "PDF"), ("json", "JSON", "JSON"), ("error", "无法读取的原因", "load error"),
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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"hallplan audit: {message}\n{self.format_usage()}")


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="hallplan audit", description="批量审查 / check many plans at once")
    ap.add_argument("inputs", nargs="+", metavar="DIR_OR_FILE", help="folders (searched recursively) or .hallplan/.dxf files")
    ap.add_argument("--out", required=True, metavar="DIR", help="folder for the PDFs, JSONs, summary.csv and overview.pdf")
    ap.add_argument("--csv", metavar="FILE", help="context per plan: name, level, population, building_area[, target_grade, centre_name]")
    ap.add_argument("--jobs", type=int, default=0, metavar="N", help="parallel processes (default: all cores)")
    ap.add_argument("--lang", choices=["zh", "en"], default="zh")
    ap.add_argument("--pack", action="append", metavar="PACK", help="rule pack id or .toml file (repeatable)")
    ap.add_argument("--no-pdf", action="store_true", help="JSON and summary only (faster)")
    ap.add_argument("--fonts", choices=["auto", "system", "bundled", "cid"], help="font search for the PDFs")
    return ap


def find_plans(inputs: Sequence[str]) -> list[Path]:
    """Plan files named or found under the folders, in a stable order.  Missing paths are an error."""
    out: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PLAN_SUFFIXES)
        elif p.is_file():
            out.append(p)
        else:
            raise HallPlanError(f"找不到:{raw}", f"not found: {raw}")
    seen: set[Path] = set()
    return [p for p in out if not (p.resolve() in seen or seen.add(p.resolve()))]  # type: ignore[func-returns-value]


def unique_names(paths: Sequence[Path]) -> list[str]:
    used: dict[str, int] = {}
    names = []
    for p in paths:
        base = p.stem
        n = used.get(base.lower(), 0) + 1
        used[base.lower()] = n
        names.append(base if n == 1 else f"{base}-{n}")
    return names


def _worst(report: Any, lang: str, limit: int = 3) -> str:
    from standards.finding import Status

    bad = [f for f in report.sorted_findings() if f.status in (Status.FAIL, Status.WARN)][:limit]
    return "; ".join(f"{f.clause} {f.rule}: {f.message(lang)}" for f in bad)


def run_job(job: Job) -> dict[str, Any]:
    """Check one plan and write its outputs; never raises: failures become the row's ``error``."""
    from planner.audit_context import csv_context, read_sidecar, sidecar_for
    from planner.loading import load_any
    from standards.engine import check, with_overrides

    row: dict[str, Any] = {"name": job.name, "file": job.path, "grade_key": "error", "fail": 0, "warn": 0, "unknown": 0,
                           "pass": 0, "not_applicable": 0, "error": "", "pdf": "", "json": ""}
    t0 = time.perf_counter()
    try:
        plan, imported = load_any(job.path)
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
        if imported is not None and hasattr(imported, "to_json"):
            data["import"] = imported.to_json()
        from geometry.project import atomic_write_bytes

        jpath = Path(job.out) / f"{job.name}.json"
        atomic_write_bytes(jpath, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        row["json"] = str(jpath)
        counts = report.counts()
        row.update(counts)
        c, m = report.context, report.measures
        row.update(centre_name=c.get("centre_name") or "", level=c.get("level") or "", population=c.get("population"),
                   target_grade=c.get("target_grade") or 2, hall_area_m2=m.get("hall_area_m2"),
                   grade_key=m.get("achieved_grade") or "unknown", worst=_worst(report, job.lang))
        if job.pdf:
            from planner.report import write_pdf

            ppath = Path(job.out) / f"{job.name}.pdf"
            write_pdf(report, ppath, lang=job.lang, underlay=getattr(imported, "underlay", None), font_mode=job.font_mode)
            row["pdf"] = str(ppath)
    except HallPlanError as exc:
        row["error"] = exc.text(job.lang)
    except Exception as exc:  # one bad plan must not stop the batch
        row["error"] = pick(f"内部错误:{type(exc).__name__}: {exc}", f"internal error: {type(exc).__name__}: {exc}", job.lang)
    if row["error"]:
        row["grade_key"] = "error"
    row["seconds"] = round(time.perf_counter() - t0, 3)
    return row


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


def run_jobs(jobs: Sequence[Job], workers: int) -> Iterator[dict[str, Any]]:
    start = time.perf_counter()
    if workers <= 1 or len(jobs) <= 1:
        for n, j in enumerate(jobs, start=1):
            row = run_job(j)
            _progress(n, len(jobs), j.name, start)
            yield row
        return
    _warm_up(jobs[0])

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_job, j): j for j in jobs}
        for n, fut in enumerate(as_completed(futures), start=1):
            j = futures[fut]
            try:
                row = fut.result()
            except Exception as exc:  # a worker that died (e.g. out of memory)
                row = {"name": j.name, "file": j.path, "grade_key": "error", "fail": 0, "warn": 0, "unknown": 0, "pass": 0,
                       "not_applicable": 0, "error": f"{type(exc).__name__}: {exc}", "pdf": "", "json": ""}
            _progress(n, len(jobs), j.name, start)
            yield row


def summary_csv(rows: Sequence[dict[str, Any]], lang: str) -> bytes:
    """The summary as CSV bytes: UTF-8 with BOM so Excel keeps the Chinese."""
    from planner.report.charts import GRADE_LABELS

    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\r\n")
    wr.writerow([en if lang == "en" else zh for _k, zh, en in SUMMARY_COLUMNS])
    for r in rows:
        r = dict(r)
        r["grade"] = GRADE_LABELS.get(r.get("grade_key") or "unknown", GRADE_LABELS["unknown"])[1 if lang == "en" else 0]
        wr.writerow(["" if r.get(k) is None else r.get(k) for k, _zh, _en in SUMMARY_COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def audit(inputs: Sequence[str], out: str | os.PathLike[str], *, csv_path: str | None = None, jobs: int = 0,
          lang: str = "zh", packs: list[str] | None = None, pdf: bool = True, font_mode: str | None = None
          ) -> list[dict[str, Any]]:
    """Run the audit; returns the summary rows in input order.  Raises HallPlanError for unusable arguments."""
    from geometry.project import atomic_write_bytes
    from planner.audit_context import plan_key, read_csv

    paths = find_plans(inputs)
    if not paths:
        raise HallPlanError("没有找到平面文件(.hallplan / .dxf)", "no plan files (.hallplan / .dxf) found")
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
    job_list = [Job(str(p), n, str(outdir), lang, rows_by_key.get(plan_key(p.name)), packs, pdf, font_mode)
                for p, n in zip(paths, names)]
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    order = {j.name: i for i, j in enumerate(job_list)}
    rows = sorted(run_jobs(job_list, min(workers, len(job_list))), key=lambda r: order[r["name"]])
    atomic_write_bytes(outdir / "summary.csv", summary_csv(rows, lang))
    from planner.report.overview import build_overview

    atomic_write_bytes(outdir / "overview.pdf", build_overview(rows, lang, font_mode))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        rows = audit(args.inputs, args.out, csv_path=args.csv, jobs=args.jobs, lang=args.lang, packs=args.pack,
                     pdf=not args.no_pdf, font_mode=args.fonts)
    except HallPlanError as exc:
        print(f"hallplan audit: {exc.text(args.lang)}", file=sys.stderr)
        return EXIT_INPUT
    broken = [r for r in rows if r["error"]]
    failing = [r for r in rows if not r["error"] and r["fail"]]
    t = lambda zh, en: pick(zh, en, args.lang)  # noqa: E731
    print(t(f"{len(rows)} 个平面:{len(failing)} 个存在不符合项,{len(broken)} 个无法读取。汇总:{Path(args.out) / 'summary.csv'}",
            f"{len(rows)} plans: {len(failing)} with failures, {len(broken)} could not be loaded. Summary: {Path(args.out) / 'summary.csv'}"))
    for r in broken:
        print(f"  {r['name']}: {r['error']}", file=sys.stderr)
    return EXIT_FAIL if (broken or failing) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
