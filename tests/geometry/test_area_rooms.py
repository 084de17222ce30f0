"""Rooms from the drawing's area layers: names by text box, stated areas, holes, split halls, floors,
building area — on real DXF files written here with ezdxf (mm, far from the origin, Chinese layers)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from geometry.dxf import export_dxf, import_dxf
from geometry.dxf.synthetic_area import HALL_NAME, ORIGIN, Truth, area_drawing
from geometry.project import load_plan, save_plan
from geometry.room_labels import building_area_text, parse_label
from geometry.measure import hall_area, usable_hall_area

OX, OY = ORIGIN


@pytest.fixture(scope="module")
def three_floors(tmp_path_factory: pytest.TempPathFactory) -> tuple[Truth, Any]:
    path = tmp_path_factory.mktemp("area") / "三层.dxf"
    truth = area_drawing(path, floors=3, curved=True, furnished=True)  # doors, desks and hatches make no rooms
    return truth, import_dxf(path)


def _match(truth: Truth, rooms: Any) -> list[tuple[str, str, float, float, float | None]]:
    """(floor, name, truth area, drawn area, stated) per truth room, by floor and name and nearest area."""
    out = []
    pool = list(rooms)
    for t in truth.rooms:
        cands = [r for r in pool if r.floor == t.floor and r.label == t.name]
        assert cands, (t.floor, t.name)
        r = min(cands, key=lambda r: abs(r.geometry.area - t.area_m2))
        pool.remove(r)
        out.append((t.floor, t.name, t.area_m2, r.geometry.area, r.stated_area_m2))
    assert not pool, [(r.floor, r.label) for r in pool]  # no room the drawing does not hold
    return out


def test_every_labelled_room_of_three_floors_with_its_stated_area(three_floors: tuple[Truth, Any]) -> None:
    truth, res = three_floors
    rooms = res.plan.rooms
    assert len(rooms) == len(truth.rooms) == 48
    for floor, name, want, got, stated in _match(truth, rooms):
        assert got == pytest.approx(want, rel=1e-4), (floor, name)  # a curved wall flattened within 0.5 mm
        assert stated is not None and abs(got - stated) / stated <= 0.005, (floor, name)
    assert not any("管理人员" in r.label for r in rooms)  # the personnel list inside a room never names it
    assert {r.layer for r in rooms} == {"使用面积线", "PUB_ROOM"}
    assert not [w for w in res.report.warnings if "标注面积" in w[0]]  # no mismatch: no warning


def test_hall_found_by_name_and_floors_named_by_their_titles(three_floors: tuple[Truth, Any]) -> None:
    truth, res = three_floors
    plan = res.plan
    assert HALL_NAME in res.report.hall[0]
    assert plan.hall is not None and plan.hall.area == pytest.approx(truth.hall_m2, rel=1e-9)
    assert len(plan.hall.interiors) == 1  # the light well is a hole
    assert [f["name"] for f in plan.meta["floors"]] == truth.floors == ["一层", "二层", "三层"]
    assert plan.context.building_area_m2 == pytest.approx(truth.building_m2, abs=0.01)
    assert all(f["building_area_from"] == "outline" for f in plan.meta["floors"])
    notes = " ".join(zh for zh, _en in res.report.notes)
    assert "已读入关闭的图层:使用面积线" in notes and "图中有 3 层平面" in notes and "扣除 1 个洞口" in notes
    assert not [w for w in res.report.warnings if "取面积最大者" in w[0]]  # one building outline per floor is expected


def test_hall_split_by_a_row_of_columns_is_one_hall(tmp_path: Path) -> None:
    truth = area_drawing(tmp_path / "split.dxf", floors=1, split_hall=True)
    res = import_dxf(tmp_path / "split.dxf")
    parts = [r for r in res.plan.rooms if r.hall_part]
    assert len(parts) == 2 and {r.label for r in parts} == {HALL_NAME}
    assert res.plan.hall.area == pytest.approx(truth.hall_m2) == pytest.approx(sum(r.geometry.area for r in parts))
    assert hall_area(res.plan) == pytest.approx(truth.hall_m2)
    assert "2 个名为“政务服务大厅”的房间合并" in res.report.hall[0]


def test_hall_on_two_floors_counts_both_parts(tmp_path: Path) -> None:
    truth = area_drawing(tmp_path / "two.dxf", floors=2, hall_floors=2)
    res = import_dxf(tmp_path / "two.dxf")
    parts = [r for r in res.plan.rooms if r.hall_part]
    assert sorted(r.floor for r in parts) == ["一层", "二层"]
    # the outline: the ground floor's part (where the main entrance is), though the second floor's is larger
    (ground,) = [r for r in parts if r.floor == "一层"]
    assert res.plan.hall.area == pytest.approx(ground.geometry.area)
    assert ground.geometry.area < max(r.geometry.area for r in parts)
    assert hall_area(res.plan) == pytest.approx(truth.hall_m2)  # the hall: both


def _doc() -> Any:
    from ezdxf.filemanagement import new

    doc = new("R2010")
    doc.header["$INSUNITS"] = 4
    return doc


def _rect(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(OX + x0 * 1000, OY + y0 * 1000), (OX + x1 * 1000, OY + y0 * 1000), (OX + x1 * 1000, OY + y1 * 1000),
            (OX + x0 * 1000, OY + y1 * 1000)]


def _at(x: float, y: float) -> tuple[float, float]:
    return OX + x * 1000, OY + y * 1000


def test_the_text_box_not_the_insertion_point_decides_the_room(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    msp.add_lwpolyline(_rect(0, 0, 10, 8), close=True, dxfattribs={"layer": "房间面积"})
    msp.add_lwpolyline(_rect(10, 0, 20, 8), close=True, dxfattribs={"layer": "房间面积"})
    # left-aligned: the insertion point lies in the left room, the text itself in the right one
    msp.add_text("会议室", dxfattribs={"layer": "文字", "height": 500, "insert": _at(9.9, 4)})
    msp.add_mtext("{\\fSimHei|b1;库房}\\P面积 80.00m2", dxfattribs={"layer": "文字", "char_height": 400,
                                                              "insert": _at(5, 6), "attachment_point": 2})
    doc.saveas(tmp_path / "box.dxf")
    rooms = {round(r.geometry.centroid.x - OX / 1000): (r.label, r.stated_area_m2) for r in import_dxf(tmp_path / "box.dxf").plan.rooms}
    assert rooms == {5: ("库房", 80.0), 15: ("会议室", None)}


@pytest.mark.parametrize("turn", [0, 90, 215])
def test_a_room_stamp_is_named_by_its_first_line_not_the_finish_beside_the_area(tmp_path: Path, turn: int) -> None:
    """A room stamp as architects' blocks write it, each word a text of its own: '3' and '接待室' on the
    first line, '25.00', 'm²' and the floor finish '地砖' on the second.  The finish sits nearer the
    room's middle than the name; the room is still named by the first line, at any rotation of the
    stamp; a name standing alone in the room's middle (no stamp) keeps being read as before."""
    doc = _doc()
    msp = doc.modelspace()
    msp.add_lwpolyline(_rect(0, 0, 10, 8), close=True, dxfattribs={"layer": "房间面积"})
    msp.add_lwpolyline(_rect(10, 0, 20, 8), close=True, dxfattribs={"layer": "房间面积"})
    r = math.radians(turn)
    ox, oy = 3.2, 4.6  # the stamp's first baseline starts here (m); its lines run along `turn`

    def at(u: float, v: float) -> tuple[float, float]:  # u along the baseline, v up the stamp (m)
        return _at(ox + u * math.cos(r) - v * math.sin(r), oy + u * math.sin(r) + v * math.cos(r))

    for text, u, v in (("3", 0.0, 0.0), ("接待室", 0.6, 0.0), ("25.00", 0.0, -0.6), ("m²", 1.5, -0.6), ("地砖", 2.3, -0.6)):
        msp.add_text(text, dxfattribs={"layer": "房间名称", "height": 300, "rotation": turn, "insert": at(u, v)})
    # the right room: a name in its middle and an area text in a corner, no stamp
    msp.add_text("档案室", dxfattribs={"layer": "房间名称", "height": 300, "insert": _at(14.5, 4)})
    msp.add_text("地坪", dxfattribs={"layer": "房间名称", "height": 300, "insert": _at(17.5, 7.0)})
    msp.add_text("80.00 m²", dxfattribs={"layer": "房间名称", "height": 300, "insert": _at(10.5, 0.5)})
    doc.saveas(tmp_path / "stamp.dxf")
    rooms = {round(x.geometry.centroid.x - OX / 1000): (x.label, x.stated_area_m2)
             for x in import_dxf(tmp_path / "stamp.dxf").plan.rooms}
    assert rooms == {5: ("接待室", 25.0), 15: ("档案室", 80.0)}


def test_stair_core_and_light_well_are_holes_a_named_core_is_a_room_too(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    layer = "A-AREA-ROOM"
    msp.add_lwpolyline(_rect(0, 0, 30, 20), close=True, dxfattribs={"layer": layer})  # 600
    msp.add_lwpolyline(_rect(2, 2, 6, 8), close=True, dxfattribs={"layer": layer})  # stair core 24, named
    msp.add_lwpolyline(_rect(20, 10, 24, 14), close=True, dxfattribs={"layer": layer})  # light well 16, unnamed
    msp.add_text("名称:门厅 使用面积:560.00㎡", dxfattribs={"layer": "PUB_TEXT", "height": 400, "insert": _at(10, 15)})
    msp.add_text("楼梯间 S=24", dxfattribs={"layer": "PUB_TEXT", "height": 300, "insert": _at(2.3, 5)})
    # a frame drawn on the area layer around everything, without a name: not a room
    msp.add_lwpolyline(_rect(-5, -5, 40, 30), close=True, dxfattribs={"layer": layer})
    doc.saveas(tmp_path / "holes.dxf")
    res = import_dxf(tmp_path / "holes.dxf")
    rooms = sorted((r.label, round(r.geometry.area, 3), r.stated_area_m2) for r in res.plan.rooms)
    assert rooms == [("楼梯间", 24.0, 24.0), ("门厅", 560.0, 560.0)]
    zh = " ".join(n for n, _e in res.report.notes)
    assert "扣除 2 个洞口" in zh and "1 个无名称且包含其他房间的边界" in zh


def test_hall_layer_outline_with_an_inner_outline_is_holed(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    msp.add_lwpolyline(_rect(0, 0, 40, 30), close=True, dxfattribs={"layer": "服务大厅"})
    msp.add_lwpolyline(_rect(10, 10, 16, 18), close=True, dxfattribs={"layer": "服务大厅"})  # stair core
    msp.add_lwpolyline(_rect(-2, -2, 42, 32), close=True, dxfattribs={"layer": "建筑面积线"})
    msp.add_lwpolyline(_rect(30, 20, 34, 24), close=True, dxfattribs={"layer": "建筑面积线"})  # light well
    for x, y in ((8, 8), (24, 8), (8, 22), (24, 22)):
        msp.add_lwpolyline(_rect(x, y, x + 0.6, y + 0.6), close=True, dxfattribs={"layer": "柱"})
    doc.saveas(tmp_path / "hall.dxf")
    res = import_dxf(tmp_path / "hall.dxf")
    assert res.plan.hall.area == pytest.approx(1200 - 48)
    assert res.plan.context.building_area_m2 == pytest.approx(44 * 34 - 16)
    assert usable_hall_area(res.plan) == pytest.approx(1200 - 48 - 4 * 0.36)
    assert "洞口" in res.report.hall[0] and not [w for w in res.report.warnings if "取面积最大者" in w[0]]


def test_stated_area_mismatch_over_one_percent_is_a_warning_naming_the_room(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    msp.add_lwpolyline(_rect(0, 0, 10, 8), close=True, dxfattribs={"layer": "使用面积线"})  # 80
    msp.add_lwpolyline(_rect(10, 0, 20, 8), close=True, dxfattribs={"layer": "使用面积线"})  # 80
    msp.add_mtext("档案室\\P使用面积:82.00㎡", dxfattribs={"layer": "T", "char_height": 300, "insert": _at(5, 4), "attachment_point": 5})
    msp.add_mtext("库房\\P79.50平方米", dxfattribs={"layer": "T", "char_height": 300, "insert": _at(15, 4), "attachment_point": 5})
    doc.saveas(tmp_path / "off.dxf")
    res = import_dxf(tmp_path / "off.dxf")
    warned = [w for w in res.report.warnings if "标注面积" in w[0]]
    assert len(warned) == 1 and "档案室" in warned[0][0] and "82.00" in warned[0][0] and "相差 2.4%" in warned[0][0]
    assert "room '档案室'" in warned[0][1]


def test_building_area_from_the_stated_text_when_no_outline(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    msp.add_lwpolyline(_rect(0, 0, 30, 20), close=True, dxfattribs={"layer": "服务大厅"})
    msp.add_text("本层建筑面积:286.73m2", dxfattribs={"layer": "TEXT", "height": 400, "insert": _at(0, -3)})
    doc.saveas(tmp_path / "ba.dxf")
    res = import_dxf(tmp_path / "ba.dxf")
    assert res.plan.context.building_area_m2 == pytest.approx(286.73)
    assert any("本层建筑面积" in zh for zh, _en in res.report.notes)


def test_rooms_survive_export_and_a_saved_project(three_floors: tuple[Truth, Any], tmp_path: Path) -> None:
    _truth, res = three_floors
    export_dxf(res.plan, tmp_path / "out.dxf")
    back = import_dxf(tmp_path / "out.dxf")

    def rows(plan: Any) -> set[tuple[Any, ...]]:
        return {(r.id, r.label, round(r.geometry.area, 3), r.stated_area_m2, r.layer, r.floor, r.hall_part) for r in plan.rooms}

    assert rows(back.plan) == rows(res.plan) and len(rows(res.plan)) == 48
    save_plan(res.plan, tmp_path / "p.hallplan")
    assert rows(load_plan(tmp_path / "p.hallplan")) == rows(res.plan)


@pytest.mark.parametrize("text, name, area", [
    ("名称:走廊 使用面积:577.52㎡", "走廊", 577.52),
    ("名称:走廊\n使用面积:577.52㎡", "走廊", 577.52),
    ("办公室 12.68m2", "办公室", 12.68),
    ("面积 12.68m2", "", 12.68),
    ("会议室 S=12.68", "会议室", 12.68),
    ("12.68平方米", "", 12.68),
    ("档案室 1,286.50 ㎡", "档案室", 1286.5),
    ("库房 12680000mm2", "库房", None),
    ("配电间", "配电间", None),
    ("3600", "", None),
])
def test_label_habits(text: str, name: str, area: float | None) -> None:
    assert parse_label(text) == (name, area)


def test_building_area_texts() -> None:
    assert building_area_text("本层建筑面积:286.73m2") == ("floor", 286.73)
    assert building_area_text("总建筑面积:1286.73㎡") == ("total", 1286.73)
    assert building_area_text("办公室 S=12") is None


NAMES = st.text(alphabet=st.sampled_from("办公室档案库房会议走廊值班大厅ABCxyz"), min_size=1, max_size=8).filter(
    lambda s: not s.isascii() or len(s) > 1).filter(lambda s: s.strip() == s and s[0] not in "SA")


@settings(max_examples=60, deadline=None)
@given(NAMES, st.floats(min_value=0.01, max_value=99999.99), st.sampled_from(["名称:{n} 使用面积:{a}㎡", "{n} {a}m2", "{n} S={a}",
                                                                             "{n}\n面积 {a}m²", "{n} {a}平方米"]))
def test_any_name_and_area_read_back(name: str, area: float, habit: str) -> None:
    written = habit.format(n=name, a=f"{area:.2f}")
    assert parse_label(written) == (name, round(area, 2))


def test_area_rooms_keep_the_hall_layer_and_off_the_wall_finder(tmp_path: Path) -> None:
    """A hall drawn on the hall layer wins over rooms named 大厅; the rooms are still listed."""
    doc = _doc()
    msp = doc.modelspace()
    msp.add_lwpolyline(_rect(0, 0, 50, 30), close=True, dxfattribs={"layer": "HALL"})
    msp.add_lwpolyline(_rect(0, 0, 10, 8), close=True, dxfattribs={"layer": "SPACE"})
    msp.add_text("大厅", dxfattribs={"layer": "T", "height": 300, "insert": _at(4, 4)})
    doc.saveas(tmp_path / "h.dxf")
    res = import_dxf(tmp_path / "h.dxf")
    assert res.plan.hall.equals(box(OX / 1000, OY / 1000, OX / 1000 + 50, OY / 1000 + 30).normalize()) or \
        res.plan.hall.area == pytest.approx(1500)
    assert [(r.label, r.hall_part) for r in res.plan.rooms] == [("大厅", False)]
    chosen = import_dxf(tmp_path / "h.dxf", hall_room="大厅")
    assert chosen.plan.hall.area == pytest.approx(80) and [r.hall_part for r in chosen.plan.rooms] == [True]


AREA_ROOMS: list[tuple[str, list[tuple[float, float]], str]] = [  # (layer, outline mm, label) — TArch's habits
    ("使用面积线", _rect(0, 0, 12, 8), "名称:政务服务大厅 使用面积:96.00㎡"),
    ("使用面积线", _rect(12, 0, 18, 8), "名称:档案室 使用面积:48.00㎡"),
    ("使用面积线", _rect(0, 8, 18, 10.5), "走廊 S=45.00"),
]


def _write_area_pair(tmp_path: Path) -> tuple[Path, Path]:
    """The same area drawing as DWG (written with ezdwg, area layer off) and as DXF (ezdxf)."""
    import ezdwg

    d = ezdwg.new()
    for layer in ("使用面积线", "文字", "建筑面积线"):
        d.layers[layer] = {"color_index": 7, **({"off": True} if layer == "使用面积线" else {})}
    d.header["insunits"] = 4
    m = d.modelspace()
    doc = _doc()
    doc.layers.add("使用面积线").off()
    msp = doc.modelspace()
    outline = _rect(-0.2, -0.2, 18.2, 10.7)
    for layer, pts in [(layer, pts) for layer, pts, _t in AREA_ROOMS] + [("建筑面积线", outline)]:
        m.add_lwpolyline(pts, closed=True, layer=layer)
        msp.add_lwpolyline(pts, close=True, dxfattribs={"layer": layer})
    for _layer, pts, text in AREA_ROOMS:
        at = ((pts[0][0] + pts[2][0]) / 2 - 1500, (pts[0][1] + pts[2][1]) / 2)
        m.add_text(text, insert=(*at, 0.0), height=300.0, layer="文字")
        msp.add_text(text, dxfattribs={"layer": "文字", "height": 300, "insert": at})
    d.save(str(tmp_path / "area.dwg"))
    doc.saveas(tmp_path / "area.dxf")
    return tmp_path / "area.dwg", tmp_path / "area.dxf"


def test_dwg_and_dxf_of_one_area_drawing_give_the_same_rooms(tmp_path: Path) -> None:
    dwg, dxf = _write_area_pair(tmp_path)
    a, b = import_dxf(dwg), import_dxf(dxf)

    def rows(res: Any) -> list[tuple[str, float | None, str]]:
        return sorted((r.label, r.stated_area_m2, r.layer) for r in res.plan.rooms)

    assert rows(a) == rows(b) == [("政务服务大厅", 96.0, "使用面积线"), ("档案室", 48.0, "使用面积线"), ("走廊", 45.0, "使用面积线")]
    for ra, rb in zip(sorted(a.plan.rooms, key=lambda r: r.label), sorted(b.plan.rooms, key=lambda r: r.label)):
        assert ra.geometry.symmetric_difference(rb.geometry).area < 0.001 * 1.0  # within 1 mm along the outline
    assert a.plan.hall.area == pytest.approx(96.0, abs=1e-3) and b.plan.hall.area == pytest.approx(96.0, abs=1e-3)
    assert a.plan.context.building_area_m2 == b.plan.context.building_area_m2 == pytest.approx(18.4 * 10.9, abs=0.01)
    assert "使用面积线" in a.report.layers_off and "使用面积线" in b.report.layers_off


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4)), min_size=1, max_size=6))
def test_nested_outlines_count_as_a_hatch_counts_its_islands(towers: list[tuple[int, int]]) -> None:
    """Outlines nested as islands: the areas kept add up to the even-odd area of all outlines."""
    from functools import reduce

    from geometry.dxf.room_areas import even_odd

    polys = []
    for k, (gap, depth) in enumerate(towers):  # towers of concentric boxes, side by side
        x = k * 100.0
        for d in range(depth):
            inset = d * (gap + 2.0)
            polys.append(box(x + inset, inset, x + 60 - inset, 60 - inset))
    kept = even_odd(polys)
    xor = reduce(lambda a, b: a.symmetric_difference(b), polys)
    assert sum(g.area for _i, g, _h in kept) == pytest.approx(xor.area)
    assert all(len(h) <= 1 for _i, _g, h in kept)  # each outline's holes are its direct children only


def test_a_wing_apart_without_a_title_belongs_to_the_nearest_floor(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    for x0, title in ((0, "一层平面图"), (100, "二层平面图")):
        msp.add_lwpolyline(_rect(x0, 0, x0 + 30, 12), close=True, dxfattribs={"layer": "使用面积线"})
        msp.add_text("办公室 S=360", dxfattribs={"layer": "T", "height": 400, "insert": _at(x0 + 10, 6)})
        msp.add_text(title, dxfattribs={"layer": "T", "height": 700, "insert": _at(x0 + 10, -4)})
    msp.add_lwpolyline(_rect(0, 30, 6, 36), close=True, dxfattribs={"layer": "使用面积线"})  # a gatehouse 18 m north
    msp.add_text("门卫室 S=36", dxfattribs={"layer": "T", "height": 300, "insert": _at(1, 33)})
    doc.saveas(tmp_path / "wing.dxf")
    res = import_dxf(tmp_path / "wing.dxf")
    assert [f["name"] for f in res.plan.meta["floors"]] == ["一层", "二层"]
    assert sorted((r.label, r.floor) for r in res.plan.rooms) == [("办公室", "一层"), ("办公室", "二层"), ("门卫室", "一层")]


def test_an_outline_drawn_twice_is_one_room_and_a_sloppy_core_is_still_a_hole(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    msp.add_lwpolyline(_rect(0, 0, 20, 10), close=True, dxfattribs={"layer": "面积"})
    hatch = msp.add_hatch(dxfattribs={"layer": "面积"})  # the room's fill on the area layer: its boundary again
    hatch.paths.add_polyline_path(_rect(0, 0, 20, 10), is_closed=True)
    msp.add_lwpolyline(_rect(4, 2, 8, 10.001), close=True, dxfattribs={"layer": "面积"})  # a core 1 mm over the line
    msp.add_text("大会议室 使用面积:168.00㎡", dxfattribs={"layer": "T", "height": 300, "insert": _at(10, 5)})
    doc.saveas(tmp_path / "twice.dxf")
    res = import_dxf(tmp_path / "twice.dxf")
    assert [(r.label, round(r.geometry.area, 2), r.stated_area_m2) for r in res.plan.rooms] == [("大会议室", 168.0, 168.0)]
    assert not [w for w in res.report.warnings if "标注面积" in w[0]]


def test_columns_of_every_hall_part_are_listed_and_leave_the_usable_area(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    for x0, title in ((0, "一层平面图"), (60, "二层平面图")):
        msp.add_lwpolyline(_rect(x0, 0, x0 + 30, 20), close=True, dxfattribs={"layer": "使用面积线"})
        msp.add_text("服务大厅", dxfattribs={"layer": "T", "height": 500, "insert": _at(x0 + 12, 10)})
        msp.add_text(title, dxfattribs={"layer": "T", "height": 700, "insert": _at(x0 + 10, -4)})
        for cx in (8, 20):
            msp.add_lwpolyline(_rect(x0 + cx, 6, x0 + cx + 0.6, 6.6), close=True, dxfattribs={"layer": "柱"})
        msp.add_lwpolyline(_rect(x0 + 29.7, 19.7, x0 + 30.3, 20.3), close=True, dxfattribs={"layer": "柱"})  # in the wall line
    doc.saveas(tmp_path / "cols.dxf")
    plan = import_dxf(tmp_path / "cols.dxf").plan
    from geometry.measure import hall_columns

    assert hall_area(plan) == pytest.approx(1200.0) and len(hall_columns(plan)) == 4
    assert usable_hall_area(plan) == pytest.approx(1200.0 - 4 * 0.36)


def test_an_area_layer_drawn_with_lines_gives_its_rooms(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    for a, b in (((0, 0), (24, 0)), ((24, 0), (24, 10)), ((24, 10), (0, 10)), ((0, 10), (0, 0)), ((14, 0), (14, 10))):
        msp.add_line(_at(*a), _at(*b), dxfattribs={"layer": "房间面积"})
    msp.add_text("办事大厅 140.00㎡", dxfattribs={"layer": "T", "height": 400, "insert": _at(4, 5)})
    msp.add_text("档案室 S=100", dxfattribs={"layer": "T", "height": 400, "insert": _at(16, 5)})
    doc.saveas(tmp_path / "lines.dxf")
    res = import_dxf(tmp_path / "lines.dxf")
    assert sorted((r.label, round(r.geometry.area, 3), r.stated_area_m2) for r in res.plan.rooms) == [
        ("办事大厅", 140.0, 140.0), ("档案室", 100.0, 100.0)]
    assert res.plan.hall is not None and res.plan.hall.area == pytest.approx(140.0)  # 办事大厅 names the hall


def test_a_room_drawn_by_hand_is_a_room() -> None:
    """The editor's area tool makes a room from its role, as the kinds' descriptors say."""
    from geometry.model import Plan, Room
    from geometry.tagging import tag

    plan = Plan(hall=box(0, 0, 30, 20))
    new = tag(plan, box(2, 2, 8, 6), "room").do(plan)
    assert [(type(o).__name__, o.geometry.area) for o in new.rooms] == [("Room", 24.0)] and isinstance(new.rooms[0], Room)


def test_building_area_key_and_value_as_two_texts_on_one_line() -> None:
    """TArch writes ``本层建筑面积：`` and ``113.05m2`` as two texts on one baseline (also turned): they are
    read together; a value on another line, or behind the key, is not taken."""
    from geometry.dxf.collect import TextItem
    from geometry.dxf.room_areas import building_area_texts

    def pair(angle: float, gap: float, off: float, far_too: bool = True) -> list[TextItem]:
        a = math.radians(angle)
        ux, uy = math.cos(a), math.sin(a)
        key = TextItem("PUB_TEXT", 1000.0, 2000.0, 350.0, angle, "本层建筑面积：")
        value = TextItem("PUB_TEXT", 1000.0 + gap * ux - off * uy, 2000.0 + gap * uy + off * ux, 350.0, angle, "113.05m2")
        far = TextItem("PUB_TEXT", 1000.0 + 2 * gap * ux, 2000.0 + 2 * gap * uy, 350.0, angle, "999m2")
        return [far, key, value] if far_too else [key, value]  # far: the nearer value wins

    for angle in (0.0, 90.0, 33.0):
        got = [building_area_text(t.text) for t in building_area_texts(pair(angle, 3440.0, 0.0))]
        assert got == [("floor", pytest.approx(113.05))], angle
    assert [building_area_text(t.text) for t in building_area_texts(pair(0.0, 3440.0, 600.0, far_too=False))] == [None]  # other line
    assert [building_area_text(t.text) for t in building_area_texts(pair(0.0, -3440.0, 0.0, far_too=False))] == [None]  # behind


def test_real_tarch_sheet_states_its_building_area(shared: Path) -> None:
    """The real TArch sheet states ``本层建筑面积：`` ``113.05m2`` in two texts under its plan."""
    res = import_dxf(shared / "dxf" / "tarch_t3_power_room_mm.dxf")
    assert res.plan.context.building_area_m2 == pytest.approx(113.05)


@pytest.mark.parametrize("angle", [0.0, 90.0, 30.0, 180.0])
def test_an_area_written_as_a_number_and_a_unit_text_is_read_as_one(angle: float) -> None:
    """Room stamps of some CAD programs write ``15,00`` and ``m²`` as two texts on one baseline: read as
    15 m² (a decimal comma), at any rotation; a unit on another line, behind the number or far from it
    is not joined, and each number takes one unit."""
    from geometry.dxf.collect import TextItem
    from geometry.dxf.room_areas import joined_area_texts

    a = math.radians(angle)

    def at(along: float, across: float, text: str, h: float = 100.0) -> TextItem:
        x = 5000 + along * math.cos(a) - across * math.sin(a)
        y = 7000 + along * math.sin(a) + across * math.cos(a)
        return TextItem("ROOM", x, y, h, angle, text)

    def stated(texts: list[TextItem]) -> list[float | None]:
        return [parse_label(t.text)[1] for t in joined_area_texts(texts)]

    assert stated([at(0, 0, "15,00"), at(330, 0, "m²")]) == [15.0, None]
    assert stated([at(0, 0, "1,286"), at(600, 0, "㎡")]) == [1286.0, None]  # a thousands comma stays one
    assert stated([at(0, 0, "15.00"), at(330, 200, "m²")]) == [None, None]  # another line
    assert stated([at(0, 0, "15.00"), at(-330, 0, "m²")]) == [None, None]  # behind the number
    assert stated([at(0, 0, "15.00"), at(2000, 0, "m²")]) == [None, None]  # far along the line
    assert stated([at(0, 0, "12"), at(300, 0, "m²"), at(600, 0, "m²")]) == [12.0, None, None]
    assert stated([at(0, 0, "办公室"), at(500, 0, "m²")]) == [None, None]  # only a bare number takes a unit
