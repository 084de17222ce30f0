"""The audit under hostile input: per-plan time and memory limits, interrupts and kills, output names,
every plan-type file a row, the CSV's words and parking columns."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from shapely.geometry import LineString, box

from geometry.dxf import export_dxf
from geometry.model import Context, Counter, Entrance, Plan
from geometry.project import save_plan
from geometry.synthetic import sample_plan
from planner.commands.audit import main, unique_names

ROOT = Path(__file__).resolve().parents[2]


def huge_hall(path: Path, side_m: float = 600.0) -> Path:
    """A real plan that is slow and memory-hungry to check: a 600 m square "hall" (a drawing in the
    wrong units), whose walking-distance raster has millions of cells (a full check: 26 s and 2.4 GB peak here)."""
    plan = Plan(hall=box(0, 0, side_m, side_m), context=Context(level="village", population=3000))
    plan = plan.with_object(Counter(id="c1", geometry=box(1, 1, 2.6, 1.8)))
    plan = plan.with_object(Entrance(id="e1", geometry=LineString([(side_m / 2 - 1, 0), (side_m / 2 + 1, 0)]), main=True))
    save_plan(plan, path)
    return path


def summary(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "summary.csv").read_bytes().decode("utf-8-sig"))))


def test_a_plan_over_the_time_limit_is_a_row_and_the_audit_goes_on(tmp_path: Path) -> None:
    d = tmp_path / "plans"
    d.mkdir()
    huge_hall(d / "a-huge.hallplan")
    save_plan(sample_plan("village"), d / "b-ok.hallplan")
    t0 = time.monotonic()
    code = main([str(d), "--out", str(tmp_path / "o"), "--no-pdf", "--jobs", "1", "--timeout", "2", "--lang", "en"])
    took = time.monotonic() - t0
    rows = {r["name"]: r for r in summary(tmp_path / "o")}
    assert code == 1
    assert rows["a-huge"]["not checked because"] == "over the time limit (2 s); this plan was not checked"
    assert rows["b-ok"]["not checked because"] == "" and rows["b-ok"]["grade"] == "grade 1"  # the next plan ran
    assert took < 15, took  # the 8-second plan was stopped at 2 s


def test_a_plan_over_the_memory_limit_is_a_row_and_the_audit_goes_on(tmp_path: Path) -> None:
    d = tmp_path / "plans"
    d.mkdir()
    huge_hall(d / "a-huge.hallplan")
    save_plan(sample_plan("village"), d / "b-ok.hallplan")
    save_plan(sample_plan("township"), d / "c-ok.hallplan")
    code = main([str(d), "--out", str(tmp_path / "o"), "--no-pdf", "--jobs", "2", "--max-memory", "300"])
    rows = {r["名称"]: r for r in summary(tmp_path / "o")}
    assert code == 1
    assert rows["a-huge"]["未能检查的原因"] == "超出内存上限(300 MB),已停止检查此平面"
    assert rows["a-huge"]["达到等级"] == "无法读取" and rows["a-huge"]["JSON"] == ""
    for name in ("b-ok", "c-ok"):  # checked by fresh or surviving workers under the same limit
        assert rows[name]["未能检查的原因"] == "" and json.loads((tmp_path / "o" / f"{name}.json").read_text("utf-8"))["findings"]


def test_limit_options_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for bad in (["--timeout", "-1"], ["--timeout", "nan"], ["--max-memory", "lots"]):
        with pytest.raises(SystemExit) as e:
            main([str(tmp_path), "--out", str(tmp_path / "o"), *bad])
        assert e.value.code == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and bad[0] in err


def _audit_process(d: Path, out: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "planner.commands.audit", str(d), "--out", str(out), "--no-pdf", "--jobs", "1",
                             "--lang", "en"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_rows(out: Path, n: int, proc: subprocess.Popen[bytes], limit_s: float = 60) -> list[dict[str, str]]:
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        if (out / "summary.csv").exists():
            rows = summary(out)
            if len(rows) >= n:
                return rows
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("the audit did not get that far")


def _plans_then_a_slow_one(d: Path) -> None:
    d.mkdir()
    for i in range(3):
        save_plan(sample_plan("village"), d / f"v{i}.hallplan")
    huge_hall(d / "z-huge.hallplan")  # last in order: the audit is busy on it when stopped


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_audit_keeps_what_it_finished(tmp_path: Path, sig: int, code: int) -> None:
    d, out = tmp_path / "plans", tmp_path / "out"
    _plans_then_a_slow_one(d)
    proc = _audit_process(d, out)
    try:
        _wait_rows(out, 3, proc)
        proc.send_signal(sig)
        _stdout, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == code
    assert b"interrupted; 3 of 4 plans done" in err and b"Traceback" not in err
    rows = summary(out)
    assert [r["name"] for r in rows] == ["v0", "v1", "v2"] and all(r["grade"] == "grade 1" for r in rows)
    overview = "".join(p.extract_text() for p in PdfReader(str(out / "overview.pdf")).pages)
    assert "3 plans" in overview


def test_a_killed_audit_keeps_the_rows_it_wrote_and_leaves_no_worker(tmp_path: Path) -> None:
    d, out = tmp_path / "plans", tmp_path / "out"
    _plans_then_a_slow_one(d)
    proc = _audit_process(d, out)
    try:
        _wait_rows(out, 3, proc)
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        proc.kill()  # kill -9: no handler runs
        proc.wait(10)
    finally:
        proc.kill()
    rows = summary(out)
    assert [r["name"] for r in rows][:3] == ["v0", "v1", "v2"] and rows[0]["JSON"].endswith("v0.json")
    assert children  # the worker busy on the slow plan stops within a few seconds of its parent
    end = time.monotonic() + 10
    while time.monotonic() < end and any(Path(f"/proc/{c}").exists() and "zombie" not in _state(c) for c in children):
        time.sleep(0.1)
    assert not [c for c in children if Path(f"/proc/{c}").exists() and "zombie" not in _state(c)]


def _state(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"


def test_output_names_never_collide(tmp_path: Path) -> None:
    d = tmp_path / "plans"
    (d / "sub").mkdir(parents=True)
    export_dxf(sample_plan("village"), d / "x.dxf")
    save_plan(sample_plan("township"), d / "x.hallplan")
    save_plan(sample_plan("village", compliant=False), d / "x-2.hallplan")
    save_plan(sample_plan("village"), d / "sub" / "x.hallplan")
    save_plan(sample_plan("village"), d / "overview.hallplan")  # must not overwrite the audit's overview.pdf
    main([str(d), "--out", str(tmp_path / "o"), "--jobs", "2", "--no-pdf"])
    rows = summary(tmp_path / "o")
    assert len(rows) == 5 and len({r["JSON"] for r in rows}) == 5 and len({r["名称"] for r in rows}) == 5
    for r in rows:  # each report is the one of its own file
        assert json.loads(Path(r["JSON"]).read_text("utf-8"))["source"] == r["文件"]
    assert {r["名称"] for r in rows} >= {"x-2", "overview-2"}
    again = sorted(d.rglob("*.*"))
    assert unique_names(again) == unique_names(list(again))  # stable for the same inputs
    assert unique_names([Path("x.dxf"), Path("x.hallplan"), Path("x-2.hallplan")]) == ["x-dxf", "x-hallplan", "x-2"]
    assert unique_names([Path("a/x.dxf"), Path("b/x.dxf"), Path("X.DXF")]) == ["a-x-dxf", "b-x-dxf", "X-dxf"]
    assert unique_names([Path("x.dxf"), Path("x.hallplan"), Path("x-dxf.hallplan")]) == ["x-dxf-2", "x-hallplan", "x-dxf"]


def test_every_plan_type_file_is_a_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "plans"
    d.mkdir()
    save_plan(sample_plan("village"), d / "ok.hallplan")
    (d / "drawing.dwg").write_bytes(b"AC1032" + bytes(200))
    os.mkfifo(d / "pipe.hallplan")  # reading it would block forever
    (d / "zero.hallplan").symlink_to("/dev/zero")  # reading it would never end
    (d / "gone.dxf").symlink_to(d / "nowhere.dxf")
    (d / "notes.txt").write_text("not a plan", encoding="utf-8")
    t0 = time.monotonic()
    assert main([str(d), "--out", str(tmp_path / "o"), "--no-pdf", "--jobs", "1", "--lang", "en"]) == 1
    assert time.monotonic() - t0 < 20
    rows = {r["name"]: r["not checked because"] for r in summary(tmp_path / "o")}
    assert rows["ok"] == ""
    assert rows["drawing"].startswith("drawing.dwg: the DWG file (AC1032, AutoCAD 2018) is damaged or truncated")
    assert rows["drawing"].endswith("save it as DXF in your CAD program, then import that")
    assert rows["pipe"] == rows["zero"] == "not a regular file (a pipe, a device or a folder); not read"
    assert rows["gone"].startswith("cannot read it")
    assert "skipped 1 files that are not plans (.txt ×1)" in capsys.readouterr().err


def test_csv_writes_level_and_grade_as_words_and_the_parking_columns(tmp_path: Path) -> None:
    d = tmp_path / "plans"
    d.mkdir()
    save_plan(sample_plan("county"), d / "county.hallplan")
    for lang, level, target, heads in (("zh", "县级", "二级", ("建筑面积(m²)", "停车面积(m²)", "停车比例(%)", "级别", "目标等级")),
                                       ("en", "county", "grade 2", ("building area (m²)", "parking area (m²)",
                                                                    "parking ratio (%)", "level", "target grade"))):
        out = tmp_path / lang
        main([str(d), "--out", str(out), "--no-pdf", "--jobs", "1", "--lang", lang])
        row = summary(out)[0]
        measures = json.loads((out / "county.json").read_text("utf-8"))["measures"]
        b_area, p_area, pct, lvl, tgt = (row[h] for h in heads)
        assert (lvl, tgt) == (level, target)
        assert float(b_area) == measures["building_area_m2"] and float(p_area) == measures["parking_area_m2"]
        assert float(pct) == round(100 * measures["parking_ratio"], 2) and 0 < float(pct) < 100


def test_a_worker_killed_from_outside_is_a_row_and_a_fresh_worker_goes_on(tmp_path: Path) -> None:
    """What the kernel's OOM killer does: SIGKILL to the worker busy on the big plan."""
    d, out = tmp_path / "plans", tmp_path / "out"
    d.mkdir()
    huge_hall(d / "a-huge.hallplan")
    for i in range(2):
        save_plan(sample_plan("village"), d / f"v{i}.hallplan")
    proc = _audit_process(d, out)
    try:
        end = time.monotonic() + 60
        workers: list[str] = []
        while not workers and time.monotonic() < end:
            time.sleep(0.2)
            workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert workers, "no worker started"
        time.sleep(0.5)  # busy on the big plan (8 s)
        os.kill(int(workers[0]), signal.SIGKILL)
        _stdout, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 1, err
    rows = {r["name"]: r for r in summary(out)}
    assert rows["a-huge"]["not checked because"].startswith("the checking process stopped (SIGKILL)")
    assert rows["v0"]["grade"] == rows["v1"]["grade"] == "grade 1"


@given(st.lists(st.tuples(st.sampled_from(["", "a", "b", "A"]), st.sampled_from(["x", "X", "x-2", "x-dxf", "x-hallplan", "overview",
                                                                               "summary", "a-x-dxf", "y"]),
                          st.sampled_from([".dxf", ".hallplan", ".DXF", ".dwg"])), max_size=12))
@settings(max_examples=300, deadline=None)
def test_names_are_distinct_and_stable_for_any_set_of_files(parts: list[tuple[str, str, str]]) -> None:
    paths = sorted({Path(folder) / f"{stem}{suffix}" for folder, stem, suffix in parts})
    names = unique_names(paths)
    lowered = [n.lower() for n in names]
    assert len(set(lowered)) == len(paths)  # case-insensitive file systems too
    assert not {"summary", "overview"} & set(lowered)
    assert unique_names(list(paths)) == names
