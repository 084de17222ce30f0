"""DWG in: the real AutoCAD 2018 drawing from shared/, DWG fixtures written with ezdwg, the same
drawing as DWG and DXF giving the same plan, and damaged or unreadable DWGs refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry.base import BaseGeometry

from geometry.dxf import DxfError, import_dxf
from geometry.dxf.dwg import dwg_version
from geometry.project import plan_from_json, plan_to_json
from tests.geometry.dwg_samples import OFF_LAYER, write_dwg, write_dxf

pytest.importorskip("ezdwg")


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("dwg")
    return write_dwg(d / "大厅.dwg"), write_dxf(d / "大厅.dxf")


def _shared_dwg(shared: Path) -> Path:
    p = shared / "dwg" / "wentcad_watt0a_r2018.dwg"
    if not p.is_file():
        pytest.skip("shared/dwg/wentcad_watt0a_r2018.dwg is not beside this clone")
    return p


def test_real_autocad_2018_dwg(shared: Path) -> None:
    r = import_dxf(_shared_dwg(shared))
    rep = r.report
    assert rep.source_format == "DWG" and rep.dwg_version == "AC1032"
    lines = rep.lines("en")
    assert lines[0] == "source: wentcad_watt0a_r2018.dwg (DWG AC1032)"
    assert any("DWG AC1032 (AutoCAD 2018) read through ezdwg: 7 entities" in s for s in lines)
    # the DWG says centimetres ($INSUNITS 5); the conversion alone would have said metres
    assert rep.units.name == "cm" and rep.units.declared == "cm"
    assert set(rep.layers) >= {"ROOM", "OBRYS_ZEWN", "DRZWI_H210cm", "OKNO_H150cm_Ho90cm", "2DA_POMIESZCZENIA"}
    assert sum(sum(lr.entities.values()) for lr in rep.layers.values()) >= 7  # 6 polylines and the insert's content
    assert r.underlay and rep.underlay_vertices > 0
    data = rep.to_dict()
    assert data["format"] == "dwg" and data["dwg_version"] == "AC1032"
    json.dumps(data, allow_nan=False, ensure_ascii=False)
    assert r.plan.meta["dwg_version"] == "AC1032" and "dxf_version" not in r.plan.meta
    assert plan_from_json(plan_to_json(r.plan)) == r.plan


def _by_kind(objects: tuple[object, ...]) -> dict[str, list[BaseGeometry]]:
    out: dict[str, list[BaseGeometry]] = {}
    for o in objects:
        out.setdefault(o.KIND, []).append(o.geometry)  # type: ignore[attr-defined]
    for geoms in out.values():
        geoms.sort(key=lambda g: (round(g.centroid.x, 3), round(g.centroid.y, 3)))
    return out


def test_dwg_and_dxf_of_one_drawing_give_the_same_plan_within_1_mm(pair: tuple[Path, Path]) -> None:
    dwg, dxf = (import_dxf(p) for p in pair)
    assert dwg.report.source_format == "DWG" and dwg.report.dwg_version == "AC1015"
    assert dxf.report.source_format == "DXF"
    a, b = dwg.plan, dxf.plan
    assert a.hall is not None and b.hall is not None and a.building is not None and b.building is not None
    assert a.hall.hausdorff_distance(b.hall) <= 0.001 and a.building.hausdorff_distance(b.building) <= 0.001
    assert abs(a.hall.area - 600.0) < 1e-6
    ka, kb = _by_kind(a.objects), _by_kind(b.objects)
    assert {k: len(v) for k, v in ka.items()} == {k: len(v) for k, v in kb.items()} == {
        "building": 1, "hall": 1, "counter": 3, "zone": 1, "consult": 1, "entrance": 1, "obstacle": 2}
    for kind in ka:
        for ga, gb in zip(ka[kind], kb[kind]):
            assert ga.hausdorff_distance(gb) <= 0.001, kind
    # the layer switched off in the DWG is read, and the report says so, as for the DXF
    assert dwg.report.layers_off == dxf.report.layers_off == [OFF_LAYER]
    assert f"layers switched off were read: {OFF_LAYER}" in dwg.report.lines("en")


def test_version_sniffing() -> None:
    assert dwg_version(b"AC1015\x00") == "AC1015" and dwg_version(b"AC2.10") == "AC2.10"
    assert dwg_version(b"0\nSECTION\n") is None and dwg_version(b"") is None


@pytest.mark.parametrize("make, words", [
    (lambda data: data[: len(data) // 2], ("AC1015", "damaged or truncated", "save it as DXF")),
    (lambda data: b"AC1015" + bytes(600), ("AC1015", "damaged or truncated", "save it as DXF")),
    (lambda data: b"AC1009" + data[6:], ("AC1009", "AutoCAD R11/R12", "cannot read DWG version", "save it as DXF")),
    (lambda data: b"AC1006" + bytes(300), ("AC1006", "AutoCAD R10", "save it as DXF")),
    (lambda data: b"", ("empty",)),
])
def test_unreadable_dwg_is_one_line_naming_the_version(pair: tuple[Path, Path], tmp_path: Path, make, words) -> None:
    bad = tmp_path / "坏.dwg"
    bad.write_bytes(make(pair[0].read_bytes()))
    with pytest.raises(DxfError) as e:
        import_dxf(bad)
    msg = e.value.text("en")
    assert "\n" not in msg and "坏.dwg" in msg
    for w in words:
        assert w in msg
    assert "Traceback" not in msg


def test_a_dwg_with_a_dxf_name_is_read_as_dwg(pair: tuple[Path, Path], tmp_path: Path) -> None:
    renamed = tmp_path / "really-a-dwg.dxf"
    renamed.write_bytes(pair[0].read_bytes())
    r = import_dxf(renamed)
    assert r.report.source_format == "DWG" and r.plan.hall is not None


def test_dwg_size_limit_is_a_quarter_of_the_dxf_limit(pair: tuple[Path, Path]) -> None:
    size = pair[0].stat().st_size
    with pytest.raises(DxfError) as e:
        import_dxf(pair[0], max_bytes=size * 2)
    assert "DWG file too large" in e.value.text("en")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(6, 10**6), st.integers(0, 255)), min_size=1, max_size=40))
def test_damaged_dwg_reads_or_is_refused_in_one_line(pair: tuple[Path, Path], tmp_path: Path, flips) -> None:
    data = bytearray(pair[0].read_bytes())
    for at, value in flips:
        data[at % len(data)] = value
    bad = tmp_path / "flipped.dwg"
    bad.write_bytes(bytes(data))
    try:
        r = import_dxf(bad)
    except DxfError as e:
        msg = e.text("en")
        assert "\n" not in msg and "flipped.dwg" in msg
    else:
        assert r.report.source_format == "DWG"


def test_the_dxf_import_budget_applies_to_a_dwg(pair: tuple[Path, Path]) -> None:
    from geometry.dxf.limits import ImportLimits

    assert import_dxf(pair[0], limits=ImportLimits(entities=12)).plan.hall is not None  # 12 entities: within
    with pytest.raises(DxfError) as e:
        import_dxf(pair[0], limits=ImportLimits(entities=5))
    msg = e.value.text("en")
    assert "大厅.dwg" in msg and "5" in msg and "\n" not in msg


def test_a_dwg_whose_dxf_is_over_the_limit_says_so(pair: tuple[Path, Path]) -> None:
    size = pair[0].stat().st_size  # the DXF it converts to is several times larger
    with pytest.raises(DxfError) as e:
        import_dxf(pair[0], max_bytes=size * 4)
    msg = e.value.text("en")
    assert msg.startswith("大厅.dwg: the DWG converts to a") and "over the" in msg and "\n" not in msg


def test_real_dwg_room_layer_gives_a_room_named_by_its_stamp(shared: Path) -> None:
    """Its English ROOM layer holds the room's outline (5 × 3 m); the room stamp block beside it holds the
    words 'Pomieszczenie' and 'Panele' among unit texts ('m²', 'm³/h', 'lx', '°C'), each a text of its own:
    the room is named by its first line (number and name), never by the floor finish written after
    the area on the second line, nor by a unit (it was 'm²', then 'Panele')."""
    r = import_dxf(_shared_dwg(shared))
    assert r.report.layers["ROOM"].role == "room"
    (room,) = r.plan.rooms
    assert room.label == "Pomieszczenie" and room.geometry.area == pytest.approx(15.0) and room.layer == "ROOM"
    assert room.stated_area_m2 == pytest.approx(15.0)  # '15.00' and 'm²', two texts on one baseline
    assert any("1 with a stated area (1 within 0.5% of the outline)" in s for s in r.report.lines("en"))
