"""Rooms from walls in the editor and on the command line: doors closed by default, a corridor's
fire doors open on request, the gap of an open room named and marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from geometry.dxf.synthetic_floor import FloorRoom, office_floor
from geometry.project import load_plan
from planner.commands.cli import main
from tests.planner.test_app_features import answer_modal
from tests.planner.test_app_flow import click


def _room(rooms: list[FloorRoom], name: str) -> FloorRoom:
    return next(r for r in rooms if r.name == name)


def test_editor_hall_by_click_with_doors_closed_then_open(qtbot: Any, window: Any, tmp_path: Path) -> None:
    w = window
    src = tmp_path / "办公楼.dxf"
    rooms = office_floor(src)
    assert w.files.open_path(src, confirm=False, interactive=False)
    w.view.fit()
    imported = w.doc.plan.hall  # the room labelled 服务大厅, found at import with its doors closed on the wall line
    hall = _room(rooms, "服务大厅")
    assert imported is not None and abs(imported.area - hall.stated_m2) < 0.01 * hall.stated_m2
    w.ui.tool_acts["select"].trigger()
    west, east = _room(rooms, "走廊 西"), _room(rooms, "走廊 东")
    click(qtbot, w, *west.label_m)
    w.ui.acts["room_hall"].trigger()
    assert abs(w.doc.plan.hall.area - west.stated_m2) < 0.01 * west.stated_m2
    w.doc.stack.undo()
    assert not w.ui.acts["doors_open"].isChecked()
    w.ui.acts["doors_open"].trigger()  # the corridor's fire doors stay open
    click(qtbot, w, *west.label_m)
    w.ui.acts["room_hall"].trigger()
    both = west.stated_m2 + east.stated_m2
    assert abs(w.doc.plan.hall.area - both) < 0.01 * both and w.doc.stack.count() == 1
    w.doc.stack.undo()
    lobby = _room(rooms, "门厅")
    click(qtbot, w, *lobby.label_m)
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    w.ui.acts["room_hall"].trigger()
    assert w.doc.plan.hall is imported and not w.doc.stack.canUndo()
    assert seen and "3.60 m" in seen[0] and "图纸坐标" in seen[0]
    (x, y, width), = w.view.underlay_sel.gaps
    assert abs(width - 3.6) < 0.01  # marked on the canvas where the street opening is


@pytest.mark.parametrize("doors_open", [False, True])
def test_import_hall_room_doors_open(tmp_path: Path, doors_open: bool, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "f.dxf"
    rooms = office_floor(src)
    out = tmp_path / "p.hallplan"
    args = ["import", str(src), "-o", str(out), "--hall-room", "走廊 西"] + (["--doors-open"] if doors_open else [])
    assert main(args) == 0
    hall = load_plan(out).hall
    want = _room(rooms, "走廊 西").stated_m2 + (_room(rooms, "走廊 东").stated_m2 if doors_open else 0.0)
    assert hall is not None and abs(hall.area - want) < 0.01 * want
    assert main(["import", str(src), "-o", str(out), "--hall-room", "门厅"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "3.60 m" in err[0]
