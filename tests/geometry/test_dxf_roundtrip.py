"""Export → import gives back the same plan within 1 mm; findings land on their own layer."""

from __future__ import annotations

from pathlib import Path

import ezdxf
import pytest
from shapely.geometry import LineString, Point, Polygon, box

from geometry.dxf import DxfError, export_dxf, import_dxf
from geometry.model import (Context, ConsultDesk, Counter, Entrance, Facility, Obstacle, Parking, Plan, Route, Signage,
                            Zone, object_fields)
from standards.callouts import number_findings
from standards.finding import Finding, Severity, Status


def sample_plan() -> Plan:
    hall = Polygon([(0, 0), (30, 0), (30, 20), (0, 20)], [[(10, 10), (11, 10), (11, 11), (10, 11)]])
    p = Plan(hall=hall, building=box(-5, -5, 40.0005, 30), context=Context(level="county", population=300000, target_grade=2),
             signage=Signage(text="某县政务服务中心", languages=("zh", "en")), checklist={"network": True, "traffic_signs": False})
    objs = [
        Counter(id="c1", geometry=box(1, 1, 2.6, 1.8), height_m=0.8, color="木色", service="社保", accessible=True, label="1号",
                sign_zh="社保窗口", sign_en="Social insurance"),
        Counter(id="counter-7", geometry=Polygon([(5, 5), (6.2, 5.5), (5.8, 6.4), (4.6, 5.9)]), front=45.0),
        Zone(id="z1", geometry=box(0, 10, 8, 20), kind="waiting", seats=40, label="等候区"),
        Zone(id="z2", geometry=box(12, 10, 18, 20), kind="investment"),
        Entrance(id="e1", geometry=LineString([(14, 0), (16, 0)]), main=True, accessible=True),
        Entrance(id="e2", geometry=Point(30, 10), exit=False),
        ConsultDesk(id="cd", geometry=box(12, 2, 14, 3), height_m=0.75, accessible=True),
        ConsultDesk(id="cd2", geometry=Point(20, 5)),
        Parking(id="pk", geometry=box(32, 0, 39, 10), stalls=20, accessible_stalls=2),
        Route(id="r1", geometry=LineString([(15, 0), (15, 8), (20, 8)]), width_m=1.5),
        Obstacle(id="col1", geometry=box(10, 5, 10.5, 5.5), kind="column"),
        Obstacle(id="w1", geometry=LineString([(0, 0.1), (30, 0.1)]), kind="wall"),
        Obstacle(id="f1", geometry=box(20, 15, 22, 16), kind="furniture"),
        Facility(id="fx1", geometry=Point(3, 3), kind="extinguisher"),
        Facility(id="fx2", geometry=Point(4, 3), kind="other", label="某设施"),
        Facility(id="fx3", geometry=Point(5, 3), kind="queue_machine"),
    ]
    return Plan(hall=p.hall, building=p.building, context=p.context, signage=p.signage, checklist=p.checklist, objects=tuple(objs))


def assert_same_plan(a: Plan, b: Plan, tol: float = 0.001) -> None:
    assert a.context == b.context and a.signage == b.signage and dict(a.checklist) == dict(b.checklist)
    for name in ("hall", "building"):
        ga, gb = getattr(a, name), getattr(b, name)
        assert (ga is None) == (gb is None)
        if ga is not None:
            assert ga.hausdorff_distance(gb) <= tol and len(ga.interiors) == len(gb.interiors)
    assert [o.id for o in a.objects] == [o.id for o in b.objects]
    for oa in a.objects:
        ob = b.get(oa.id)
        assert type(oa) is type(ob), oa.id
        assert oa.geometry.geom_type == ob.geometry.geom_type, oa.id
        assert oa.geometry.hausdorff_distance(ob.geometry) <= tol, oa.id
        fa, fb = object_fields(oa), object_fields(ob)
        for k, v in fa.items():
            if isinstance(v, float):
                assert fb[k] == pytest.approx(v, abs=1e-9), (oa.id, k)
            else:
                assert fb[k] == v, (oa.id, k)


def test_export_import_gives_back_the_same_plan(tmp_path: Path) -> None:
    plan = sample_plan()
    export_dxf(plan, tmp_path / "plan.dxf")
    back = import_dxf(tmp_path / "plan.dxf")
    assert back.report.units.name == "mm"
    assert_same_plan(plan, back.plan)
    # and once more: the second trip is stable too
    export_dxf(back.plan, tmp_path / "again.dxf")
    assert_same_plan(plan, import_dxf(tmp_path / "again.dxf").plan)


def test_export_writes_findings_and_underlay(tmp_path: Path) -> None:
    plan = sample_plan()
    f1 = Finding(rule="COUNTER-HEIGHT", clause="二(一)4", severity=Severity.ERROR, status=Status.FAIL,
                 message_zh="柜台过高", message_en="counter too high", measured=0.95, required="0.75–0.90 m", unit="m",
                 object_ids=("c1",), location=plan.get("c1").geometry)
    f2 = Finding(rule="SIGN-NAME", clause="二(一)1", severity=Severity.WARNING, status=Status.UNKNOWN,
                 message_zh="缺少标识", message_en="no sign", missing=("signage",))
    under = [("WALL", LineString([(0, 0), (5, 5)])), ("a/b", LineString([(1, 1), (2, 1)]))]
    export_dxf(plan, tmp_path / "f.dxf", number_findings([f1, f2]), underlay=under, lang="en")
    doc = ezdxf.readfile(tmp_path / "f.dxf")
    marks = doc.modelspace().query('*[layer=="HP-FINDINGS"]')
    texts = [e.dxf.text for e in marks if e.dxftype() == "TEXT"]
    assert "1" in texts
    assert any(t.startswith("[1] COUNTER-HEIGHT 二(一)4: fail; measured 0.95 m; required 0.75–0.90 m") for t in texts)
    assert any(t.startswith("[2] SIGN-NAME") for t in texts)
    f3 = Finding(rule="OK", clause="x", severity=Severity.ERROR, status=Status.PASS, message_zh="", message_en="")
    export_dxf(plan, tmp_path / "p.dxf", number_findings([f3, f2, f1]), lang="en")
    t2 = [e.dxf.text for e in ezdxf.readfile(tmp_path / "p.dxf").modelspace().query("TEXT[layer==\"HP-FINDINGS\"]")]
    # numbered in report order (failures first), passes left out: the numbers the PDF prints
    assert not any(" OK " in t for t in t2) and any(t.startswith("[1] COUNTER-HEIGHT") for t in t2)
    assert any(t.startswith("[2] SIGN-NAME") for t in t2)
    assert len(marks.query("CIRCLE")) == 1
    assert {"UNDERLAY-WALL", "UNDERLAY-a_b"} <= {layer.dxf.name for layer in doc.layers}
    # findings and underlay do not turn into plan objects on the way back
    assert_same_plan(plan, import_dxf(tmp_path / "f.dxf").plan)


def test_export_is_atomic_and_reports_failure(tmp_path: Path) -> None:
    target = tmp_path / "keep.dxf"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(DxfError):
        export_dxf(sample_plan(), tmp_path / "missing-dir" / "x.dxf")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.dxf"]


def test_callouts_in_chinese_by_default(tmp_path: Path) -> None:
    plan = sample_plan()
    f = Finding(rule="COUNTER-HEIGHT", clause="二(一)4", severity=Severity.ERROR, status=Status.FAIL,
                message_zh="柜台过高", message_en="counter too high", measured=0.95, required="0.75–0.90 米", unit="m",
                required_en="0.75–0.90 m", location=plan.get("c1").geometry)
    export_dxf(plan, tmp_path / "zh.dxf", number_findings([f]))
    texts = [e.dxf.text for e in ezdxf.readfile(tmp_path / "zh.dxf").modelspace().query('TEXT[layer=="HP-FINDINGS"]')]
    assert "[1] COUNTER-HEIGHT 二(一)4:不符合;实测 0.95 m;要求 0.75–0.90 米" in texts
    export_dxf(plan, tmp_path / "en.dxf", number_findings([f]), lang="en")
    texts = [e.dxf.text for e in ezdxf.readfile(tmp_path / "en.dxf").modelspace().query('TEXT[layer=="HP-FINDINGS"]')]
    assert "[1] COUNTER-HEIGHT 二(一)4: fail; measured 0.95 m; required 0.75–0.90 m" in texts
