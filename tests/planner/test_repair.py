"""A project file that does not open as it is: `hallplan repair`, the hint after `check`, the editor's offer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

import assets
from geometry.project import load_plan
from planner.commands.cli import main
from tests.planner.test_app_features import answer_modal


def broken(tmp_path: Path) -> Path:
    data = json.loads(assets.path("samples", "county-violations.hallplan").read_text(encoding="utf-8"))
    counter = next(o for o in data["objects"] if o["type"] == "counter")
    counter["height_m"] = 80  # centimetres typed as metres
    p = tmp_path / "旧 项目.hallplan"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def test_check_refuses_and_points_to_repair_which_writes_a_new_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = broken(tmp_path)
    before = src.read_bytes()
    assert main(["check", str(src)]) == 2
    err = capsys.readouterr().err
    assert "台面高度(height_m)" in err and "可以修复(1 处修改,原文件不动):hallplan repair" in err
    assert len(err.strip().splitlines()) == 1  # one line, the reason first
    out = tmp_path / "修好.hallplan"
    assert main(["repair", str(src), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "为能打开,做了 1 处修改" in text and "height_m" in text and "原文件未改动" in text
    assert src.read_bytes() == before
    assert main(["check", str(out)]) in (0, 1)  # the repaired plan checks (the counter's height to confirm)
    assert load_plan(out).counters[0].height_m is None
    capsys.readouterr()
    assert main(["repair", str(src), "-o", str(src)]) == 2 and "原文件保持不变" in capsys.readouterr().err
    assert main(["repair", str(tmp_path / "无.hallplan"), "-o", str(out), "--lang", "en"]) == 2
    assert "file not found" in capsys.readouterr().err
    assert main(["repair", str(out), "-o", str(tmp_path / "again")]) == 0  # a readable file: nothing to repair
    assert "无需修复" in capsys.readouterr().out and (tmp_path / "again.hallplan").is_file()


def test_the_editor_offers_to_open_it_repaired_as_a_new_unsaved_plan(qtbot: Any, window: Any, tmp_path: Path) -> None:
    src = broken(tmp_path)
    before = src.read_bytes()
    w = window
    seen: list[str] = []
    answer_modal(QMessageBox.StandardButton.No, seen)
    assert not w.files.open_path(src, confirm=False)
    assert seen and "无法按原样打开" in seen[0] and "1 处修改" in seen[0]
    seen.clear()
    answer_modal(QMessageBox.StandardButton.Yes, seen)
    assert w.files.open_path(src, confirm=False)
    assert "UNEXPECTED" not in "".join(seen)
    assert w.doc.path is None and w.doc.modified and len(w.doc.plan.counters) > 10
    assert "已修复打开" in w.statusBar().currentMessage()
    assert w.files.repaired_from == src.resolve()
    assert src.read_bytes() == before  # nothing written over the original
    # not interactive (a script, a recent-files click without a prompt): says so, opens nothing
    assert not w.files.open_path(src, confirm=False, interactive=False)
