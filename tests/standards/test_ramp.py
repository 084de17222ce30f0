"""RAMP (GB 55019 §2.3.1, §2.3.2): the ramp kind, written once in geometry.kinds, checked, saved and exported."""

from __future__ import annotations

from pathlib import Path

import ezdxf
from shapely.geometry import box

from geometry.dxf import export_dxf, import_dxf
from geometry.dxf.writer import build_document
from geometry.model import Plan, Ramp
from geometry.project import plan_from_json, plan_to_json
from geometry.synthetic import sample_plan
from planner.render import RecordingBackend, STYLES, render_plan
from standards.finding import Severity, Status
from tests.standards.helpers import one, run


def _with(*ramps: Ramp) -> Plan:
    p = sample_plan("county")
    for r in ramps:
        p = p.with_object(r)
    return p


def test_a_ramp_of_1_in_12_and_1_5_m_passes_a_steeper_one_fails_as_an_error() -> None:
    ok = one(_with(Ramp(id="ramp-1", geometry=box(0, -8, 1.5, 0), rise_m=0.6)), "RAMP")  # 8 m run: 1:13.3
    assert ok.status == Status.PASS and "1:13.3" in ok.message_zh and ok.object_ids == ("ramp-1",)
    bad = one(_with(Ramp(id="ramp-1", geometry=box(0, -6, 1.5, 0), rise_m=0.6)), "RAMP")  # 6 m run: 1:10
    assert bad.status == Status.FAIL and bad.severity == Severity.ERROR and "陡于 1:12" in bad.message_zh
    assert "steeper than 1:12" in bad.message_en
    # a rise of 0.15 m at most may be as steep as 1:10
    short = one(_with(Ramp(id="ramp-1", geometry=box(0, -1.5, 1.5, 0), rise_m=0.15)), "RAMP")
    assert short.status == Status.PASS


def test_too_narrow_too_high_and_unknown_rise() -> None:
    narrow = one(_with(Ramp(id="ramp-1", geometry=box(0, -9, 1.0, 0), rise_m=0.6)), "RAMP")
    assert narrow.status == Status.FAIL and narrow.measured == 1.0 and "1.20 m" in narrow.message_zh
    declared = one(_with(Ramp(id="ramp-1", geometry=box(0, -9, 1.0, 0), rise_m=0.6, width_m=1.3)), "RAMP")
    assert declared.status == Status.PASS  # the declared clear width counts, not the drawn outline
    high = one(_with(Ramp(id="ramp-1", geometry=box(0, -12, 1.5, 0), rise_m=0.9)), "RAMP")
    assert high.status == Status.FAIL and "0.75 m" in high.message_zh
    unknown = one(_with(Ramp(id="ramp-1", geometry=box(0, -9, 1.5, 0))), "RAMP")
    assert unknown.status == Status.UNKNOWN and unknown.missing == ("ramp_rise",) and "提升高度" in unknown.message_zh


def test_no_wheelchair_ramp_is_not_applicable_and_a_plain_ramp_is_not_checked() -> None:
    assert one(sample_plan("county"), "RAMP").status == Status.NOT_APPLICABLE
    plain = _with(Ramp(id="ramp-1", geometry=box(0, -3, 1.0, 0), rise_m=0.6, accessible=False))
    assert [f.status for f in run(plain, "RAMP")] == [Status.NOT_APPLICABLE]


def test_a_ramp_is_saved_drawn_and_exported_like_any_object() -> None:
    p = _with(Ramp(id="ramp-1", geometry=box(0, -8, 1.5, 0), rise_m=0.6, label="东侧坡道"))
    back = plan_from_json(plan_to_json(p))
    assert back == p and back.get("ramp-1") == p.get("ramp-1")
    rec = RecordingBackend()
    render_plan(p, rec)
    assert ("polygon", ("ramp-1", 5, 0, STYLES["ramp"])) in rec.calls
    doc = build_document(p)
    ramps = [e for e in doc.modelspace() if e.dxf.layer == "HP-RAMP"]
    assert len(ramps) == 1 and dict(x.split("=", 1) for _c, x in ramps[0].get_xdata("HALLPLAN")) == {
        "id": "ramp-1", "label": "东侧坡道", "rise": "0.6m", "accessible": "1"}
    assert isinstance(doc, ezdxf.document.Drawing)


def test_a_ramp_comes_back_from_the_dxf_export_with_its_fields(tmp_path: Path) -> None:
    p = _with(Ramp(id="ramp-1", geometry=box(0, -8, 1.5, 0), rise_m=0.6, width_m=1.4, label="东侧坡道"),
              Ramp(id="ramp-2", geometry=box(5, -3, 6.2, 0), accessible=False))
    export_dxf(p, tmp_path / "ramps.dxf")
    back = import_dxf(tmp_path / "ramps.dxf").plan
    r1, r2 = back.get("ramp-1"), back.get("ramp-2")
    assert isinstance(r1, Ramp) and isinstance(r2, Ramp)
    assert (r1.rise_m, r1.width_m, r1.length_m, r1.accessible, r1.label) == (0.6, 1.4, None, True, "东侧坡道")
    assert (r2.rise_m, r2.accessible) == (None, False) and r2.geometry.equals_exact(p.get("ramp-2").geometry, 1e-6)
    assert one(back, "RAMP").status == Status.PASS
