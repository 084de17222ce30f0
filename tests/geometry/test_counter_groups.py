"""Counter groups (柜台组): a block on a counter layer whose content is counter blocks gives one
counter per inner block, with its own size, place, mirror, rotation and attributes."""

from __future__ import annotations

from pathlib import Path

import ezdxf
import pytest
from shapely.geometry import Point

from geometry.dxf import import_dxf
from tests.geometry.dxf_samples import new_doc, rect
from tests.geometry.wall_samples import DESK, counter_group


def test_group_gives_one_counter_per_inner_block(tmp_path: Path) -> None:
    res = import_dxf(counter_group(tmp_path / "柜台组.dxf"))
    counters = sorted(res.plan.counters, key=lambda c: c.label)
    assert [c.label for c in counters] == ["1号窗口", "2号窗口", "3号窗口", "4号窗口"]
    for c in counters:
        assert c.geometry.area == pytest.approx(DESK[0] * DESK[1] / 1e6, rel=1e-6)  # its own size, not the group's frame
        assert c.color == "深棕色" and c.service == "综合受理"  # the group's SERVICE fills in
    assert [c.height_m for c in counters] == [0.7, 0.8, 0.8, 0.8]
    # mirrored and turned-round desks stand in one row along the group's 30° axis, side by side
    cs = [c.geometry.centroid for c in counters]
    gaps = [a.distance(b) for a, b in zip(cs, cs[1:])]
    assert gaps == pytest.approx([1.6, 1.6, 1.6], abs=1e-6)
    assert all(a.geometry.intersection(b.geometry).area < 1e-6 for a, b in zip(counters, counters[1:]))
    assert res.plan.hall is not None and all(res.plan.hall.contains(c.geometry) for c in counters)
    texts = {t.text for t in res.underlay_texts}
    assert "综合受理区" in texts  # the group's caption is a text of the drawing, its frame stays underlay


def test_group_far_from_origin_inside_a_floor_block(tmp_path: Path) -> None:
    """The group nested in a block without a plan meaning (a whole floor inserted as one block)."""
    path = counter_group(tmp_path / "g.dxf", origin=(40_512_000.0, 3_208_000.0), rotation=0.0)
    doc = ezdxf.readfile(path)
    msp = doc.modelspace()
    floor = doc.blocks.new("一层平面")
    for e in list(msp):
        msp.unlink_entity(e)
        floor.add_entity(e)
    msp.add_blockref("一层平面", (0, 0))
    doc.saveas(path)
    counters = import_dxf(path).plan.counters
    assert len(counters) == 4
    assert all(c.geometry.area == pytest.approx(1.28, rel=1e-6) for c in counters)
    assert min(c.geometry.bounds[0] for c in counters) == pytest.approx(40_515.0, abs=1e-6)


def test_counter_block_with_a_chair_inside_stays_one_counter(tmp_path: Path) -> None:
    doc = new_doc(4)
    chair = doc.blocks.new("椅子")
    chair.add_circle((0, 0), 250)
    desk = doc.blocks.new("柜台")
    desk.add_lwpolyline(rect(0, 0, 1600, 800), close=True)
    desk.add_blockref("椅子", (800, 1100))
    doc.modelspace().add_lwpolyline(rect(-1000, -1000, 5000, 5000), close=True, dxfattribs={"layer": "服务大厅"})
    doc.modelspace().add_blockref("柜台", (0, 0), dxfattribs={"layer": "柜台"})
    path = tmp_path / "one.dxf"
    doc.saveas(path)
    (c,) = import_dxf(path).plan.counters
    assert c.geometry.area == pytest.approx(1.28) and c.geometry.contains(Point(0.8, 0.4))


def test_dwg_round_trip_of_a_group_block(tmp_path: Path) -> None:
    """ezdwg's conversion drops the block references of DWGs its own writer makes; they are put
    back from its entity API, so the DWG and the DXF of one drawing give the same counters."""
    pytest.importorskip("ezdwg")
    from tests.geometry.wall_samples import counter_group_dwg

    origin = (40_512_000.0, 3_208_000.0)
    dwg = import_dxf(counter_group_dwg(tmp_path / "柜台组.dwg", origin=origin))
    dxf = import_dxf(counter_group(tmp_path / "柜台组.dxf", origin=origin))
    a, b = (sorted(r.plan.counters, key=lambda c: c.label) for r in (dwg, dxf))
    assert [c.label for c in a] == [c.label for c in b] == ["1号窗口", "2号窗口", "3号窗口", "4号窗口"]
    for ca, cb in zip(a, b):
        assert ca.geometry.hausdorff_distance(cb.geometry) < 0.001  # within a millimetre
        assert (ca.height_m, ca.color, ca.service) == (cb.height_m, cb.color, cb.service)
    assert dwg.plan.hall is not None and dwg.plan.hall.area == pytest.approx(120.0)
    assert "综合受理区" in {t.text for t in dwg.underlay_texts}
