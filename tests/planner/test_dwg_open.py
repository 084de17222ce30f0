"""DWG opens wherever DXF does: ``hallplan check``, ``hallplan audit``, the editor's Open/Import,
and the typed result of ``load_any`` for every format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import assets
from geometry.i18n import HallPlanError
from planner.loading import LoadedPlan, load_any
from tests.geometry.dwg_samples import write_dwg, write_dxf
from tests.planner.test_audit_limits import summary
from tests.planner.test_cli import hallplan

pytest.importorskip("ezdwg")


@pytest.fixture(scope="module")
def drawings(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("dwgcli")
    return write_dwg(d / "hall.dwg"), write_dxf(d / "hall.dxf")


def test_load_any_is_typed_for_every_format(drawings: tuple[Path, Path]) -> None:
    dwg, dxf = load_any(drawings[0]), load_any(drawings[1])
    proj = load_any(assets.path("samples", "village-compliant.hallplan"))
    assert isinstance(dwg, LoadedPlan) and isinstance(dxf, LoadedPlan) and isinstance(proj, LoadedPlan)
    assert (dwg.format, dxf.format, proj.format) == ("dwg", "dxf", "hallplan")
    assert dwg.imported is not None and dwg.underlay is not None and dwg.underlay_texts
    assert (dwg.import_json() or {})["dwg_version"] == "AC1015"
    assert proj.imported is None and proj.underlay is None and proj.summary() is None and proj.import_json() is None
    assert dwg.source == drawings[0] and dwg.plan.hall is not None
    with pytest.raises(HallPlanError) as e:
        load_any(drawings[0].with_suffix(".dwgx"))
    assert "not found" in e.value.text("en")


def test_check_a_dwg_like_a_dxf(drawings: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    r = hallplan("check", str(drawings[0]), "--json", str(out), "--lang", "en")
    assert r.returncode in (0, 1), r.stderr
    assert "source: hall.dwg (DWG AC1015)" in r.stdout and "Traceback" not in r.stderr
    data = json.loads(out.read_text("utf-8"))
    assert data["import"]["format"] == "dwg" and data["import"]["dwg_version"] == "AC1015"
    assert data["measures"]["hall_area_m2"] == pytest.approx(600.0)
    r2 = hallplan("check", str(drawings[1]), "--json", str(tmp_path / "x.json"), "--lang", "en")
    assert r2.returncode == r.returncode  # the same drawing as DXF gives the same verdict
    d2 = json.loads((tmp_path / "x.json").read_text("utf-8"))
    assert [f["status"] for f in d2["findings"]] == [f["status"] for f in data["findings"]]


@pytest.mark.parametrize("content, words", [
    (lambda good: good[: len(good) // 2], ("AC1015", "damaged or truncated")),  # truncated
    (lambda good: good[:300] + bytes(len(good) - 300), ("AC1015", "damaged or truncated")),  # corrupt
    (lambda good: b"AC1009" + good[6:], ("AC1009", "cannot read DWG version")),  # R12
])
def test_bad_dwg_is_one_line_exit_2(drawings: tuple[Path, Path], tmp_path: Path, content: Any, words: tuple[str, ...]) -> None:
    bad = tmp_path / "坏.dwg"
    bad.write_bytes(content(drawings[0].read_bytes()))
    r = hallplan("check", str(bad), "--lang", "en")
    err = r.stderr.strip().splitlines()
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(err) == 1, r.stderr
    assert "坏.dwg" in err[0] and "save it as DXF" in err[0]
    for w in words:
        assert w in err[0]


def test_audit_reads_dwg_rows(drawings: tuple[Path, Path], tmp_path: Path) -> None:
    from planner.commands.audit import main

    d = tmp_path / "plans"
    d.mkdir()
    (d / "a.dwg").write_bytes(drawings[0].read_bytes())
    (d / "broken.dwg").write_bytes(drawings[0].read_bytes()[:1000])
    main([str(d), "--out", str(tmp_path / "o"), "--no-pdf", "--jobs", "1", "--lang", "en"])
    rows = {r["name"]: r for r in summary(tmp_path / "o")}
    assert rows["a"]["not checked because"] == "" and float(rows["a"]["hall area (m²)"]) == pytest.approx(600.0)
    data = json.loads((tmp_path / "o" / "a.json").read_text("utf-8"))
    assert data["import"]["format"] == "dwg"
    assert "damaged or truncated" in rows["broken"]["not checked because"]


def test_editor_opens_a_dwg_through_the_import_dialog(window: Any, drawings: tuple[Path, Path]) -> None:
    assert window.files.open_path(drawings[0], confirm=False, interactive=False)
    assert window.doc.plan.hall is not None and abs(window.doc.plan.hall.area - 600.0) < 1e-6
    assert window.doc.import_result is not None and window.doc.import_result.report.dwg_version == "AC1015"
    assert window.doc.underlay and window.doc.source == drawings[0].resolve()
    dlg = window.files.import_dlg
    assert dlg.result_value is not None and dlg.bar.value() == 1000
    assert "DWG AC1015" in dlg.text.toPlainText()
    assert dlg.table.rowCount() >= 8  # the layers of the drawing, for reassigning


def test_editor_says_why_a_damaged_dwg_cannot_be_opened(window: Any, drawings: tuple[Path, Path], tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from geometry.model import Plan
    from tests.planner.test_app_features import answer_modal

    bad = tmp_path / "坏.dwg"
    bad.write_bytes(drawings[0].read_bytes()[:500])
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    assert not window.files.open_path(bad, confirm=False, interactive=False)
    assert seen and "坏.dwg" in seen[0] and "AC1015" in seen[0] and "DXF" in seen[0] and "Traceback" not in seen[0]
    assert window.doc.plan == Plan()
