"""``hallplan fix``: lists the proved fixes, applies those of the rules asked for, writes the fixed plan."""

from __future__ import annotations

from pathlib import Path

import pytest

import assets
from geometry.project import load_plan
from planner.commands.cli import main
from standards.engine import check
from standards.finding import Status


def _sample(name: str) -> str:
    return str(assets.path("samples", f"{name}.hallplan"))


def test_lists_fixes_and_what_has_none(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", _sample("county-violations"), "--lang", "en"]) == 1  # the plan fails
    out = capsys.readouterr().out
    assert "[WAITING] The plan has no waiting area\n    fix: Add a " in out
    assert "[SIGNAGE]" in out and "(no computed fix: needs a person)" in out
    assert "with a fix proved by re-checking" in out
    assert "Traceback" not in out


def test_apply_writes_the_fixed_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fixed.hallplan"
    code = main(["fix", _sample("county-violations"), "--apply", "WAITING,FACILITIES", "-o", str(out)])
    text = capsys.readouterr().out
    assert "已修复" in text and "已应用 2 项修复" in text  # one waiting area, one CCTV set at the entrances
    plan = load_plan(out)
    report = check(plan)
    assert [f.status for f in report.findings if f.rule == "WAITING"][0] == Status.PASS
    assert not [f for f in report.findings if f.rule in ("WAITING", "FACILITIES", "CCTV-ENTRANCE") and f.status == Status.FAIL]
    assert code == 1  # the hall is still too small for its class: not a fix of placement
    before = {(f.rule, f.object_ids) for f in check(load_plan(_sample("county-violations"))).findings if f.status == Status.FAIL}
    assert {(f.rule, f.object_ids) for f in report.findings if f.status == Status.FAIL} < before


def test_apply_needs_an_output_and_never_overwrites_the_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", _sample("county-violations"), "--apply", "WAITING", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "hallplan: --apply needs -o OUT.hallplan"
    assert main(["fix", _sample("county-violations"), "--apply", "WAITING", "-o", _sample("county-violations")]) == 2
    assert "就是输入的平面文件" in capsys.readouterr().err
    assert main(["fix", str(tmp_path / "none.hallplan")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_json_lists_the_fixes_as_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    out = tmp_path / "fixes.json"
    assert main(["fix", _sample("county-violations"), "--json", str(out)]) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "hallplan.fixes/1"
    by_rule = {f["rule"]: f for f in data["findings"]}
    (wait,) = by_rule["WAITING"]["fixes"]
    assert wait["costs"] == [] and wait["changes"] == [] and wait["removes"] == [] and len(wait["adds"]) == 1
    assert wait["preview"]["type"] == "Polygon" and wait["title"]["en"].startswith("Add a ")
    assert by_rule["SIGNAGE"]["fixes"] == [] and by_rule["SIGNAGE"]["none"] == "no_fixer"
    assert main(["fix", _sample("county-violations"), "--json", str(tmp_path / "no" / "f.json")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
