"""The `hallplan` command, run as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import assets

SCHEMA = json.loads(assets.path("schema", "hallplan.report-1.schema.json").read_text(encoding="utf-8"))


def hallplan(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "planner.commands.cli", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


def sample(name: str) -> str:
    return str(assets.path("samples", f"{name}.hallplan"))


def test_compliant_sample_exits_0_and_prints_a_summary() -> None:
    r = hallplan("check", sample("county-compliant"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "隆阳区人民政府政务服务中心" in r.stdout and "二级" in r.stdout
    assert "Traceback" not in r.stderr


def test_violations_exit_1_and_list_failures_first() -> None:
    r = hallplan("check", sample("city-violations"))
    assert r.returncode == 1
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("[")]
    assert lines[0].startswith("[不符合]")
    assert any("AREA" in ln for ln in lines) and any("PARKING" in ln for ln in lines)


def test_english_output() -> None:
    r = hallplan("check", sample("city-violations"), "--lang", "en")
    assert "[fail]" in r.stdout and "Hall area" in r.stdout


def test_options_override_the_plan_context(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    r = hallplan("check", sample("county-compliant"), "--population", "500000", "--target-grade", "1", "--json", str(out))
    assert r.returncode == 1  # 2112 m² is not grade 1 for class 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["context"]["population"] == 500000 and data["context"]["population_class"] == 1
    assert data["context"]["target_grade"] == 1
    r = hallplan("check", sample("county-compliant"), "--building-area", "20000", "--json", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["measures"]["building_area_m2"] == 20000 and data["measures"]["parking_ratio"] == pytest.approx(0.045)
    assert r.returncode == 1


def test_json_report_validates_against_the_shipped_schema(tmp_path: Path) -> None:
    for name in ("city-violations", "village-compliant"):
        out = tmp_path / f"{name}.json"
        hallplan("check", sample(name), "--json", str(out))
        data = json.loads(out.read_text(encoding="utf-8"))
        jsonschema.validate(data, SCHEMA)
        assert data["schema"] == "hallplan.report/1"
        fails = [f for f in data["findings"] if f["status"] == "fail"]
        assert all(f["clause"] and f["message"]["zh"] and f["message"]["en"] for f in fails)


@pytest.mark.parametrize(
    "content, words",
    [
        (None, "找不到文件"),
        ("{not json", "JSON"),
        ('{"format": "hallplan", "version": 99}', "更新版本"),
        ('{"format": "hallplan", "version": 1, "hall": {"type": "Polygon", "coordinates": [[[0,0],[10,10],[10,0],[0,10],[0,0]]]}}',
         "服务大厅边界自相交,位置 (5, 5)"),
    ],
)
def test_unusable_input_is_one_line_exit_2(tmp_path: Path, content: str | None, words: str) -> None:
    f = tmp_path / "输入 plan.hallplan"  # a Chinese path with a space
    if content is not None:
        f.write_text(content, encoding="utf-8")
    r = hallplan("check", str(f))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert words in r.stderr


def test_bad_arguments_exit_2() -> None:
    r = hallplan("check", sample("county-compliant"), "--level", "planet")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = hallplan("check", "plan.xlsx")
    assert r.returncode == 2


def test_demo_headless_checks_the_sample_and_writes_the_report(tmp_path: Path) -> None:
    r = hallplan("demo", "--headless", "--out", str(tmp_path / "out"))
    assert r.returncode == 0, r.stdout + r.stderr
    data = json.loads((tmp_path / "out" / "sample-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["context"]["centre_name"] == "隆阳区人民政府政务服务中心"


def test_editor_without_a_display_says_so() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-m", "planner.commands.cli"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 2 and "hallplan check" in r.stderr and "Traceback" not in r.stderr
