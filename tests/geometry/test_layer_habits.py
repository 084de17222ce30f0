"""Chinese layer habits in the default map, each on a small drawing made here with ezdxf."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ezdxf
import pytest

from geometry.dxf import import_dxf
from geometry.model import Obstacle


def rect(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _doc() -> Any:
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4  # mm
    return doc


def _hall(msp: Any) -> None:
    msp.add_lwpolyline(rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "服务大厅"})


@pytest.mark.parametrize("layer, kind", [
    ("门线", "door"), ("窗线", "window"), ("门窗墙", "door"), ("M-防火门", "door"), ("TArch窗", "window"),
    ("WINDOW", "window"),
])
def test_door_and_window_layers(tmp_path: Path, layer: str, kind: str) -> None:
    doc = _doc()
    msp = doc.modelspace()
    _hall(msp)
    msp.add_line((10000, 5000), (10900, 5000), dxfattribs={"layer": layer})
    path = tmp_path / "d.dxf"
    doc.saveas(path)
    r = import_dxf(path)
    obstacles = [o for o in r.plan.objects if isinstance(o, Obstacle)]
    assert [o.kind for o in obstacles] == [kind]
    assert r.report.layers[layer].role == kind


def test_counter_window_names_stay_counters(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    _hall(msp)
    msp.add_lwpolyline(rect(2000, 2000, 3600, 2800), close=True, dxfattribs={"layer": "服务窗口"})
    path = tmp_path / "c.dxf"
    doc.saveas(path)
    r = import_dxf(path)
    assert r.report.layers["服务窗口"].role == "counter" and r.report.objects == {"counter": 1}


AXES_AND_DIMENSIONS = ["轴线", "轴号", "DOTE", "AXIS_NUM", "标注", "尺寸", "填充", "HATCH", "PUB_DIM"]


def test_axes_dimensions_and_hatches_never_bound_a_room(tmp_path: Path) -> None:
    """A room drawn on an unmapped layer, crossed by lines on every axis/dimension/hatch layer: the
    hall found around its label is the whole room, not a piece cut off by an axis or a dimension."""
    doc = _doc()
    msp = doc.modelspace()
    msp.add_lwpolyline(rect(0, 0, 20000, 12000), close=True, dxfattribs={"layer": "建筑"})
    for i, layer in enumerate(AXES_AND_DIMENSIONS):
        x = 2000 + i * 1800
        msp.add_line((x, -1000), (x, 13000), dxfattribs={"layer": layer})  # crosses the room
        msp.add_line((-1000, 3000 + i * 500), (21000, 3000 + i * 500), dxfattribs={"layer": layer})
    msp.add_text("服务大厅", dxfattribs={"layer": "文字", "height": 500, "insert": (3100, 3200)})
    path = tmp_path / "axes.dxf"
    doc.saveas(path)
    r = import_dxf(path)
    assert r.plan.hall is not None and r.plan.hall.area == pytest.approx(240.0, abs=0.01)
    for layer in AXES_AND_DIMENSIONS:
        assert r.report.layers[layer].role == "ignore", layer
    assert [o.KIND for o in r.plan.objects] == ["hall"]  # nothing on those layers became a plan object


@pytest.mark.parametrize("layer", ["使用面积线", "房间面积", "面积", "SPACE", "A-AREA-ROOM", "PUB_ROOM"])
def test_area_layers_are_rooms_recognised_and_reported(tmp_path: Path, layer: str) -> None:
    doc = _doc()
    msp = doc.modelspace()
    _hall(msp)
    msp.add_lwpolyline(rect(0, 0, 10000, 8000), close=True, dxfattribs={"layer": layer})
    msp.add_lwpolyline(rect(10000, 0, 18000, 8000), close=True, dxfattribs={"layer": layer})
    msp.add_text("名称:走廊 使用面积:80.00㎡", dxfattribs={"layer": layer, "height": 300, "insert": (2000, 4000)})
    path = tmp_path / "rooms.dxf"
    doc.saveas(path)
    r = import_dxf(path)
    lr = r.report.layers[layer]
    assert lr.role == "room" and lr.recognised == {"room": 2}
    assert any(f"[room]" in s and layer in s and "room 2" in s for s in r.report.lines("en"))
    assert any("[房间]" in s for s in r.report.lines("zh"))
    rooms = [(o.label, round(o.geometry.area), o.stated_area_m2, o.layer) for o in r.plan.rooms]
    assert rooms == [("走廊", 80, 80.0, layer), ("", 64, None, layer)] and [o.KIND for o in r.plan.objects] == ["hall", "room", "room"]
    assert layer in {u.layer for u in r.underlay.layers}
    assert r.plan.hall is not None and r.plan.hall.area == pytest.approx(600.0)  # the hall layer still wins


@pytest.mark.parametrize("layer", ["建筑面积线", "建筑面积"])
def test_building_area_layers_are_the_building(tmp_path: Path, layer: str) -> None:
    doc = _doc()
    msp = doc.modelspace()
    _hall(msp)
    msp.add_lwpolyline(rect(-5000, -5000, 40000, 30000), close=True, dxfattribs={"layer": layer})
    path = tmp_path / "b.dxf"
    doc.saveas(path)
    r = import_dxf(path)
    assert r.plan.building is not None and r.plan.building.area == pytest.approx(45 * 35)
    assert r.report.layers[layer].role == "building"


def test_personnel_lists_never_name_the_hall_or_a_zone(tmp_path: Path) -> None:
    doc = _doc()
    msp = doc.modelspace()
    # a walled room whose only text is a personnel list mentioning the hall: no hall from it
    for a, b in ((0, 0), (20000, 0)), ((20000, 0), (20000, 12000)), ((20000, 12000), (0, 12000)), ((0, 12000), (0, 0)):
        msp.add_line(a, b, dxfattribs={"layer": "墙线"})
    msp.add_mtext(r"管理人员:服务大厅主任 张三\P使用人员:8人", dxfattribs={"layer": "文字", "insert": (4000, 6000), "char_height": 300})
    # a zone holding a personnel list and its real name: the name is the zone's label
    msp.add_lwpolyline(rect(1000, 1000, 9000, 5000), close=True, dxfattribs={"layer": "功能分区"})
    msp.add_text("使用人员:3人", dxfattribs={"layer": "文字", "height": 300, "insert": (2000, 2000)})
    msp.add_text("等候区", dxfattribs={"layer": "文字", "height": 300, "insert": (5000, 3000)})
    path = tmp_path / "people.dxf"
    doc.saveas(path)
    r = import_dxf(path)
    assert r.plan.hall is None
    zones = [o for o in r.plan.objects if o.KIND == "zone"]
    assert len(zones) == 1 and zones[0].label == "等候区" and zones[0].kind == "waiting"


@pytest.mark.parametrize("state", ["off", "freeze"])
def test_off_and_frozen_layers_are_read_and_named(tmp_path: Path, state: str) -> None:
    doc = _doc()
    msp = doc.modelspace()
    _hall(msp)
    for layer in ("服务大厅", "面积"):
        getattr(doc.layers.add(layer), state)()
    msp.add_lwpolyline(rect(0, 0, 10000, 8000), close=True, dxfattribs={"layer": "面积"})
    doc.layers.add("空图层").off()  # off but empty: not worth naming
    path = tmp_path / "off.dxf"
    doc.saveas(path)
    r = import_dxf(path)
    assert r.plan.hall is not None and r.plan.hall.area == pytest.approx(600.0)
    assert r.report.layers["面积"].recognised == {"room": 1}
    named = r.report.layers_off if state == "off" else r.report.layers_frozen
    assert named == ["服务大厅", "面积"]
    assert (r.report.layers_frozen if state == "off" else r.report.layers_off) == []
    en, zh = ("layers switched off", "关闭") if state == "off" else ("frozen layers", "冻结")
    assert f"{en} were read: 服务大厅, 面积" in r.report.lines("en")
    assert f"已读入{zh}的图层:服务大厅、面积" in r.report.lines("zh")
    assert r.report.to_dict()["layers_off" if state == "off" else "layers_frozen"] == ["服务大厅", "面积"]
