"""DXF import on drawings generated with ezdxf: exact expectations."""

from __future__ import annotations

import math
from pathlib import Path

import ezdxf
import pytest
from shapely import affinity
from shapely.geometry import Point, Polygon, box

from geometry.dxf import DxfError, import_dxf, load_layer_map
from tests.geometry import dxf_samples as S


def _by_label(objs, attr, value):
    return [o for o in objs if getattr(o, attr) == value]


def test_chinese_hall_counters_zones_entrances(tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    r = import_dxf(S.chinese_hall(tmp_path / "hall.dxf"), progress=lambda f, m: seen.append((f, m)))
    plan, rep = r.plan, r.report
    assert rep.units.name == "mm" and plan.meta["units"] == "mm"
    assert plan.hall is not None and plan.hall.area == pytest.approx(600.0)
    assert plan.building is not None and plan.building.area == pytest.approx(45 * 35)
    assert rep.hall is not None and "服务大厅" in rep.hall[0]
    # counters: three blocks with attributes + one plain polyline
    cs = {c.service: c for c in plan.counters}
    assert set(cs) == {"社保", "医保", "公积金", ""}
    assert cs["社保"].height_m == pytest.approx(0.8)  # bare number: drawing units (mm)
    assert cs["医保"].height_m == pytest.approx(0.8)  # "80cm" as written
    assert cs["公积金"].height_m is None  # missing: unknown, never a default
    assert cs["社保"].color == "红" and cs["医保"].color is None
    assert cs["社保"].accessible is True and cs["医保"].accessible is False
    assert cs["社保"].geometry.equals_exact(box(4.2, 2.6, 5.8, 3.4).normalize(), 1e-9) or cs["社保"].geometry.symmetric_difference(box(4.2, 2.6, 5.8, 3.4)).area < 1e-9
    rot = cs["医保"].geometry  # rotated 90°: 0.8 wide, 1.6 deep
    assert rot.bounds == pytest.approx((8.6, 2.2, 9.4, 3.8))
    assert cs[""].geometry.area == pytest.approx(1.28)
    assert [c.id for c in plan.counters] == ["counter-1", "counter-2", "counter-3", "counter-4"]
    # zones: kind from the text inside (TEXT and formatted MTEXT), and the waiting layer
    kinds = sorted(z.kind for z in plan.zones)
    assert kinds == ["investment", "waiting", "waiting"]
    inv = plan.zones_of("investment")[0]
    assert inv.label == "投资项目 集中审批服务区"
    # entrances: the one with 主入口 nearby is main
    main = plan.main_entrance()
    assert main is not None and main.geometry.length == pytest.approx(2.0)
    assert sum(e.main for e in plan.entrances) == 1
    assert len(plan.consult_desks) == 1
    (pk,) = plan.parking
    assert pk.stalls == 20
    (route,) = plan.routes
    assert route.geometry.length == pytest.approx(8.0)
    (fx,) = plan.facilities
    assert fx.kind == "extinguisher" and fx.geometry.equals(Point(1.0, 1.0))
    # the bulged wall: a true semicircle of radius 2 m, within 1 mm
    (arc,) = [o for o in plan.obstacles if o.geometry.length > 5]
    assert arc.kind == "wall"
    centre = Point(2.0, 8.0)
    for x, y in arc.geometry.coords:
        assert abs(Point(x, y).distance(centre) - 2.0) < 0.001
    mids = [Point((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in zip(arc.geometry.coords, arc.geometry.coords[1:])]
    assert max(2.0 - m.distance(centre) for m in mids) <= 0.001  # chord sagitta within 1 mm
    assert arc.geometry.length == pytest.approx(math.pi * 2.0, abs=0.005)
    # report: per layer, what was recognised
    assert rep.layers["柜台"].recognised == {"counter": 3}
    assert rep.layers["功能分区"].recognised == {"zone": 2}
    assert rep.layers["柜台"].role == "counter"
    assert rep.objects["counter"] == 4
    assert any("units" in line for line in rep.lines("en"))
    # progress: monotonic, ends at 1
    fr = [f for f, _ in seen]
    assert fr == sorted(fr) and fr[-1] == 1.0 and fr[0] == 0.0


def test_nested_rotated_mirrored_inserts(tmp_path: Path) -> None:
    r = import_dxf(S.nested_inserts(tmp_path / "nested.dxf"))
    plan = r.plan

    def to_world(g):  # GROUP coords → world metres: mirror x, rotate 30°, scale 2, move (10000, 5000)
        g = affinity.scale(g, -1, 1, origin=(0, 0))
        g = affinity.rotate(g, 30, origin=(0, 0))
        g = affinity.scale(g, 2, 2, origin=(0, 0))
        g = affinity.translate(g, 10000, 5000)
        return affinity.scale(g, 0.001, 0.001, origin=(0, 0))

    c0 = Polygon(S.rect(-800, -400, 800, 400))
    want1 = to_world(affinity.translate(c0, 1000, 0))
    want2 = to_world(affinity.translate(affinity.rotate(c0, 90, origin=(0, 0)), 3000, 0))
    got = plan.counters
    assert len(got) == 2
    assert got[0].geometry.symmetric_difference(want1).area < 1e-9
    assert got[1].geometry.symmetric_difference(want2).area < 1e-9
    assert got[0].height_m == pytest.approx(0.8) and got[0].service == "A"
    assert got[1].height_m is None
    (cam,) = plan.facilities
    assert cam.kind == "cctv"
    assert cam.geometry.distance(to_world(Point(0, 2000))) < 1e-9


def test_hall_from_walls_closes_a_50mm_gap(tmp_path: Path) -> None:
    r = import_dxf(S.walled_hall(tmp_path / "walls.dxf", gap=50))
    hall = r.plan.hall
    assert hall is not None
    assert hall.area == pytest.approx(240.0, abs=0.01)
    assert hall.bounds == pytest.approx((0, 0, 20, 12), abs=0.002)
    assert r.report.hall is not None and "服务大厅" in r.report.hall[0]


def test_room_that_does_not_close_reports_the_gap(tmp_path: Path) -> None:
    r = import_dxf(S.walled_hall(tmp_path / "open.dxf", gap=3000))  # wider than a door: wall ends 3 m apart stay open
    assert r.plan.hall is None
    msg = " ".join(en for _, en in r.report.warnings)
    assert "does not close" in msg
    assert "3.000 m wide at (11.500, 0.000)" in msg


def test_opening_up_to_2_5_m_closes_on_the_wall_line(tmp_path: Path) -> None:
    r = import_dxf(S.walled_hall(tmp_path / "door.dxf", gap=900))  # wall ends facing each other: a door opening
    assert r.plan.hall is not None and r.plan.hall.area == pytest.approx(240.0, abs=0.01)


def test_self_inserting_block_is_skipped_not_hung(tmp_path: Path) -> None:
    r = import_dxf(S.self_inserting(tmp_path / "loop.dxf"))
    why = [w for _, _, w in r.report.skipped]
    assert any("inserts itself" in w for w in why)
    assert r.report.underlay_vertices >= 4


def test_units_from_header_and_geometry(tmp_path: Path) -> None:
    mm = import_dxf(S.unitless_box(tmp_path / "a.dxf", 30000))
    assert mm.report.units.name == "mm" and mm.plan.hall.area == pytest.approx(30 * 18)
    metres = import_dxf(S.unitless_box(tmp_path / "b.dxf", 30))
    assert metres.report.units.name == "m" and metres.plan.hall.area == pytest.approx(30 * 18)
    lying = import_dxf(S.unitless_box(tmp_path / "c.dxf", 30, insunits=4))  # says mm, is metres
    assert lying.report.units.name == "m" and lying.report.units.declared == "mm"
    assert "implausible" in lying.report.units.reason_en
    cm = import_dxf(S.unitless_box(tmp_path / "d.dxf", 3000, insunits=5))
    assert cm.report.units.name == "cm" and cm.plan.hall.area == pytest.approx(30 * 18)
    forced = import_dxf(S.unitless_box(tmp_path / "e.dxf", 30000), units="cm")
    assert forced.report.units.name == "cm"
    with pytest.raises(DxfError):
        import_dxf(S.unitless_box(tmp_path / "f.dxf", 30000), units="furlong")


def test_survey_coordinates_keep_full_precision(tmp_path: Path) -> None:
    # metres, 39 500 km east (zone-prefixed Gauss-Krüger), millimetre detail
    ox, oy = 39_512_345.678, 3_456_789.012
    doc = S.new_doc(6)
    msp = doc.modelspace()
    msp.add_lwpolyline(S.rect(ox, oy, ox + 30.001, oy + 20.002), close=True, dxfattribs={"layer": "HALL"})
    msp.add_lwpolyline(S.rect(ox + 1.001, oy + 1.002, ox + 2.603, oy + 1.803), close=True, dxfattribs={"layer": "COUNTER"})
    doc.saveas(tmp_path / "survey.dxf")
    plan = import_dxf(tmp_path / "survey.dxf").plan
    (c,) = plan.counters
    x0, y0, x1, y1 = c.geometry.bounds
    assert (x0, y0) == (ox + 1.001, oy + 1.002)
    assert x1 - x0 == pytest.approx(1.602, abs=1e-7) and y1 - y0 == pytest.approx(0.801, abs=1e-7)
    assert plan.hall.area == pytest.approx(30.001 * 20.002, rel=1e-9)


def test_absurd_coordinates_are_skipped(tmp_path: Path) -> None:
    doc = S.new_doc(4)
    msp = doc.modelspace()
    msp.add_lwpolyline(S.rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "HALL"})
    msp.add_line((0, 0), (1e300, 5), dxfattribs={"layer": "WALL"})
    doc.saveas(tmp_path / "absurd.dxf")
    r = import_dxf(tmp_path / "absurd.dxf")
    assert r.plan.hall.area == pytest.approx(600)
    assert ("LINE", 1, "absurd coordinates") in r.report.skipped


def test_user_layer_map_overrides_and_extends(tmp_path: Path) -> None:
    doc = S.new_doc(4)
    msp = doc.modelspace()
    msp.add_lwpolyline(S.rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "Salle"})
    msp.add_lwpolyline(S.rect(1000, 1000, 2600, 1800), close=True, dxfattribs={"layer": "guichet-01"})
    msp.add_lwpolyline(S.rect(3000, 1000, 4600, 1800), close=True, dxfattribs={"layer": "COUNTER"})
    doc.saveas(tmp_path / "fr.dxf")
    user = tmp_path / "layers.toml"
    user.write_text('[layers]\nhall = ["SALLE"]\ncounter = ["GUICHET-*"]\n', encoding="utf-8")
    r = import_dxf(tmp_path / "fr.dxf", layer_map=user)
    assert r.plan.hall is not None and len(r.plan.counters) == 2  # user names + defaults
    user.write_text('inherit = false\n[layers]\nhall = ["SALLE"]\ncounter = ["GUICHET-*"]\n', encoding="utf-8")
    r = import_dxf(tmp_path / "fr.dxf", layer_map=str(user))
    assert len(r.plan.counters) == 1  # defaults dropped: COUNTER is no longer known
    assert load_layer_map().layer_role("salle") is None
    user.write_text("[layers]\nhall = 3\n", encoding="utf-8")
    with pytest.raises(DxfError):
        load_layer_map(user)
    user.write_text("[layers\n", encoding="utf-8")
    with pytest.raises(DxfError):
        load_layer_map(user)


def test_underlay_is_per_layer_in_metres(tmp_path: Path) -> None:
    r = import_dxf(S.walled_hall(tmp_path / "w.dxf"))
    layers = dict(r.underlay)
    assert set(layers) == {"A-WALL"}
    assert layers["A-WALL"].bounds == pytest.approx((-0.2, -0.2, 30.0, 12.2))
    assert {t.text for t in r.underlay_texts} == {"服务大厅", "办公室"}


def test_r12_gbk_without_codepage_and_binary_and_old_polylines(tmp_path: Path) -> None:
    import re

    doc = S.new_doc(None, version="R12")
    msp = doc.modelspace()
    msp.add_polyline2d(S.rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "服务大厅"})
    # an old-style POLYLINE with a bulge: a semicircular counter end, radius 400 mm
    msp.add_polyline2d([(5000, 3000, 0, 0, 0), (6000, 3000, 0, 0, 1), (6000, 3800, 0, 0, 0), (5000, 3800, 0, 0, 0)],
                       format="xyseb", close=True, dxfattribs={"layer": "柜台"})
    msp.add_text("等候区", dxfattribs={"layer": "文字", "insert": (1000, 15000), "height": 300})
    doc.saveas(tmp_path / "gbk.dxf", encoding="gbk")
    raw = (tmp_path / "gbk.dxf").read_bytes()
    raw = re.sub(rb"\$DWGCODEPAGE\r?\n\s*3\r?\n[^\r\n]*\r?\n\s*9\r?\n", b"", raw)
    assert b"$DWGCODEPAGE" not in raw and "服务大厅".encode("gbk") in raw
    (tmp_path / "gbk.dxf").write_bytes(raw)
    r = import_dxf(tmp_path / "gbk.dxf")
    assert r.report.encoding == "gbk" and "服务大厅" in r.report.layers
    assert r.plan.hall is not None and r.plan.hall.area == pytest.approx(600)
    (c,) = r.plan.counters
    assert c.geometry.area == pytest.approx(1.0 * 0.8 + math.pi * 0.4 ** 2 / 2, rel=1e-3)
    assert c.geometry.bounds[2] == pytest.approx(6.4, abs=0.001)
    assert [t.text for t in r.underlay_texts] == ["等候区"]
    # the same plan read from binary DXF
    hall = import_dxf(S.chinese_hall(tmp_path / "h.dxf")).plan
    doc2 = ezdxf.readfile(tmp_path / "h.dxf")
    doc2.saveas(tmp_path / "hb.dxf", fmt="bin")
    rb = import_dxf(tmp_path / "hb.dxf")
    assert rb.report.binary
    assert [o.id for o in rb.plan.objects] == [o.id for o in hall.objects]
    assert rb.plan.hall.equals(hall.hall)


def test_entrance_block_with_main_attribute_hatch_hall_and_consult_block(tmp_path: Path) -> None:
    doc = S.new_doc(4)
    msp = doc.modelspace()
    h = msp.add_hatch(dxfattribs={"layer": "HALL"})
    h.paths.add_polyline_path(S.rect(0, 0, 20000, 10000))
    door = doc.blocks.new("DOOR1500")
    door.add_line((0, 0), (1500, 0))
    door.add_arc((0, 0), 1500, 0, 90)
    door.add_attdef("MAIN", (0, 0))
    msp.add_blockref("DOOR1500", (5000, 0), dxfattribs={"layer": "ENTRANCE"}).add_auto_attribs({"MAIN": "1"})
    msp.add_blockref("DOOR1500", (12000, 0), dxfattribs={"layer": "ENTRANCE"}).add_auto_attribs({"MAIN": "0"})
    desk = doc.blocks.new("咨询台")
    desk.add_lwpolyline(S.rect(0, 0, 2000, 800), close=True)
    msp.add_blockref("咨询台", (8000, 5000), dxfattribs={"rotation": 45})
    doc.saveas(tmp_path / "e.dxf")
    plan = import_dxf(tmp_path / "e.dxf").plan
    assert plan.hall is not None and plan.hall.area == pytest.approx(200)
    ents = plan.entrances
    assert [e.main for e in ents] == [True, False]
    assert ents[0].geometry.length == pytest.approx(1.5, abs=0.01)
    (cd,) = plan.consult_desks
    assert cd.geometry.area == pytest.approx(1.6) and cd.geometry.centroid.distance(
        affinity.rotate(box(8, 5, 10, 5.8), 45, origin=(8, 5)).centroid) < 1e-9


def test_huge_drawing_keeps_declared_units_with_a_reason(tmp_path: Path) -> None:
    r = import_dxf(S.unitless_box(tmp_path / "site.dxf", 9_000_000, insunits=4))  # a 9 km site in mm
    u = r.report.units
    assert u.name == "mm" and "kept mm" in u.reason_en


def test_damaged_gbk_r12_is_recovered_with_chinese_intact(tmp_path: Path) -> None:
    import re

    doc = S.new_doc(None, version="R12")
    msp = doc.modelspace()
    msp.add_polyline2d(S.rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "服务大厅"})
    msp.add_text("等候区", dxfattribs={"layer": "文字", "insert": (1000, 15000), "height": 300})
    doc.saveas(tmp_path / "b.dxf", encoding="gbk")
    raw = (tmp_path / "b.dxf").read_bytes()
    raw = re.sub(rb"\$DWGCODEPAGE\r?\n\s*3\r?\n[^\r\n]*\r?\n\s*9\r?\n", b"", raw).replace(b"ENDSEC", b"ENDSXC", 1)
    (tmp_path / "b.dxf").write_bytes(raw)
    r = import_dxf(tmp_path / "b.dxf")
    assert r.report.recovered and r.report.encoding == "gbk"
    assert set(r.report.layers) == {"服务大厅", "文字"} and [t.text for t in r.underlay_texts] == ["等候区"]
    assert r.plan.hall is not None
