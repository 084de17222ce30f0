"""Rooms from the area layers end to end: ``hallplan check`` (summary, JSON, PDF), ``--hall-room``,
``--floors``, the audit, and the editor, on a generated three-floor Chinese drawing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pypdf import PdfReader

import assets
from geometry.dxf.synthetic_area import HALL_NAME, Truth, area_drawing
from planner.commands.cli import main
from tests.planner.test_app_flow import click

SCHEMA = json.loads(assets.path("schema", "hallplan.report-1.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def drawing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    path = tmp_path_factory.mktemp("rooms") / "三层平面.dxf"
    return path, area_drawing(path, floors=3)


def test_check_json_lists_rooms_hall_parts_and_floors(drawing: tuple[Path, Truth], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path, truth = drawing
    out = tmp_path / "r.json"
    assert main(["check", str(path), "--level", "county", "--population", "300000", "--json", str(out)]) in (0, 1)
    text = capsys.readouterr().out
    assert f"服务大厅:面积图层上名为“{HALL_NAME}”的房间" in text and "图中有 3 层平面:一层" in text
    assert f"建筑面积:{truth.building_m2:,.2f} m²" in text  # no longer 未知: the 建筑面积线 outlines were read
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    m = data["measures"]
    assert len(m["rooms"]) == 48 and {"id", "name", "area_m2", "stated_area_m2", "layer"} <= set(m["rooms"][0])
    within = [r for r in m["rooms"] if r["stated_area_m2"] and abs(r["area_m2"] - r["stated_area_m2"]) / r["stated_area_m2"] <= 0.005]
    assert len(within) == 48
    hall = [r for r in m["rooms"] if r["id"] in m["hall_parts"]]
    assert [r["name"] for r in hall] == [HALL_NAME] and m["hall_area_m2"] == pytest.approx(truth.hall_m2, abs=1e-3)
    assert [f["name"] for f in m["floors"]] == ["一层", "二层", "三层"]
    assert m["building_area_m2"] == pytest.approx(truth.building_m2, abs=0.01)


def test_hall_room_and_floors_options(drawing: tuple[Path, Truth], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, truth = drawing
    out = tmp_path / "r.json"
    assert main(["check", str(path), "--hall-room", "会议室", "--floors", "6", "--json", str(out)]) in (0, 1)
    text = capsys.readouterr().out
    m = json.loads(out.read_text(encoding="utf-8"))["measures"]
    parts = [r for r in m["rooms"] if r["id"] in m["hall_parts"]]
    assert len(parts) == 3 and {r["name"] for r in parts} == {"会议室"} and len({r["floor"] for r in parts}) == 3
    assert m["hall_area_m2"] == pytest.approx(sum(r["area_m2"] for r in parts), abs=1e-3)
    assert m["building_area_m2"] == pytest.approx(round(truth.building_m2 / 3 * 6, 2), abs=0.01)
    assert "图中只有 6 层中的 3 层" in text and "服务大厅:(--hall-room)" in text
    assert main(["check", str(path), "--hall-room", "不存在的房间"]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == "hallplan: 图中没有名为“不存在的房间”的房间,也没有文字“不存在的房间”"
    assert main(["check", str(path), "--floors", "0"]) == 2


def test_pdf_has_the_rooms_page(drawing: tuple[Path, Truth], tmp_path: Path) -> None:
    path, _truth = drawing
    pdf = tmp_path / "r.pdf"
    assert main(["check", str(path), "--pdf", str(pdf), "--lang", "en"]) in (0, 1)
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages[-3:])
    assert "Rooms and areas" in text and "made of 1 rooms" in text and "Building area per floor" in text
    assert "会议室" in text and "(outline)" in text


def test_audit_takes_hall_room_and_floors(drawing: tuple[Path, Truth], tmp_path: Path) -> None:
    from planner.commands.audit import main as audit_main

    path, truth = drawing
    out = tmp_path / "audit"
    assert audit_main([str(path), "--out", str(out), "--no-pdf", "--jobs", "1", "--hall-room", "走廊", "--floors", "3"]) in (0, 1)
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    corridors = [r for r in data["measures"]["rooms"] if r["name"] == "走廊"]
    assert len(corridors) == 3 and data["measures"]["hall_area_m2"] == pytest.approx(sum(r["area_m2"] for r in corridors), abs=1e-3)
    assert audit_main([str(path), "--out", str(out), "--no-pdf", "--floors", "x"]) == 2


def test_editor_shows_rooms_and_offers_them_for_the_hall(qtbot: Any, window: Any, drawing: tuple[Path, Truth]) -> None:
    path, _truth = drawing
    w = window
    assert w.files.open_path(path, confirm=False, interactive=False)
    rooms = w.doc.plan.rooms
    assert len(rooms) == 48 and all(w.scene.object_items(r.id) for r in rooms)  # each room is drawn (dashed outline)
    from planner.editor.room_list import pick_hall_from_rooms

    assert pick_hall_from_rooms(w, interactive=False, name="会议室(二层)")
    assert w.doc.plan.hall.area == pytest.approx(next(r for r in rooms if r.label == "会议室" and r.floor == "二层").geometry.area)


def test_a_click_inside_a_room_offers_it_first(qtbot: Any, window: Any, drawing: tuple[Path, Truth]) -> None:
    from planner.editor.room_list import pick_hall_from_rooms

    path, _truth = drawing
    w = window
    assert w.files.open_path(path, confirm=False, interactive=False)
    w.ui.tool_acts["select"].trigger()
    room = next(r for r in w.doc.plan.rooms if r.label == "档案室" and r.floor == "三层")
    p = room.geometry.representative_point()
    w.view.fit()
    click(qtbot, w, p.x, p.y)  # the select tool remembers where it was clicked
    assert pick_hall_from_rooms(w, interactive=False)
    assert w.doc.plan.hall.equals(room.geometry)
