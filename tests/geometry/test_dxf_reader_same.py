"""HallPlan's own DXF reader (geometry/dxf/scan.py) gives the same import as ezdxf's full document:
every DXF in the shared folder, the test data and generated drawings, read both ways, compared
field by field (plan, report, underlay, texts) and entity by entity (what the collector made)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from geometry.dxf import import_dxf
from geometry.dxf.collect import Collector
from geometry.dxf.layermap import load_layer_map
from geometry.dxf.reader import open_document
from geometry.dxf.writer import APPID, export_dxf
from tests.geometry import dxf_samples as S
from tests.geometry.dxf_compare import _plain, differences
from tests.geometry.dxf_features import features, features_r12, hatches
from tests.geometry.test_dxf_roundtrip import sample_plan

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "dxf"
SHARED = ROOT.parents[1] / "shared" / "dxf" if (ROOT.parents[1] / "shared" / "dxf").is_dir() else Path("/work/shared/dxf")
# fuzz_no_modelspace.dxf: ezdxf's document refuses it, HallPlan's reader reads it (test_dxf_bad.py)
_OURS = sorted(p for p in DATA.glob("*.dxf") if p.name != "fuzz_no_modelspace.dxf")
FILES = _OURS + sorted(p for p in SHARED.glob("*.dxf") if p.name not in {q.name for q in _OURS})
# the files ezdxf cannot read without its recover mode (and binary DXF): those keep ezdxf's path
NOT_SCANNED = {"r12_broken_recoverable.dxf", "ac1003_1987.dxf", "binary_r2000.dxf"}


def _generated(tmp: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_dxf_import import generate
    finally:
        sys.path.pop(0)
    export_dxf(sample_plan(), tmp / "exported.dxf")  # HallPlan's own XDATA and XRECORD
    return [
        S.chinese_hall(tmp / "chinese_hall.dxf"), S.nested_inserts(tmp / "nested.dxf"), S.walled_hall(tmp / "walled.dxf"),
        S.self_inserting(tmp / "self.dxf"), S.unitless_box(tmp / "unitless.dxf", 12000.0),
        S.laughs(tmp / "laughs.dxf", levels=3, fanout=4, leaf="text"),
        S.minsert_bomb(tmp / "minsert_top.dxf", "top", 3, 4), S.minsert_bomb(tmp / "minsert_nested.dxf", "nested", 3, 4),
        S.minsert_bomb(tmp / "minsert_counter.dxf", "counter", 2, 2),
        features(tmp / "features.dxf"), features(tmp / "features_r2000.dxf", "R2000"), features_r12(tmp / "features_r12.dxf"),
        hatches(tmp / "hatches.dxf"),
        generate(tmp / "generated.dxf", 0.3, rooms=12), tmp / "exported.dxf",
    ]


def _collected(path: Path, fast: bool) -> Any:
    doc, info = open_document(path, fast=fast, xrecords=(APPID,))
    msp = doc.modelspace()
    col = Collector(doc, load_layer_map(), tol=0.5).run(msp, len(msp), None)
    return info, _plain(col)


def _same(path: Path) -> None:
    old, new = import_dxf(path, fast=False), import_dxf(path)
    assert differences(old, new) == [], path.name
    if path.stat().st_size > 1_000_000:  # the import above compared what the collector made; once is enough
        info = open_document(path)[1]
        assert info.reader == "hallplan", info.scan_error
        return
    (info_old, col_old), (info_new, col_new) = _collected(path, False), _collected(path, True)
    assert info_old.reader != "hallplan"
    assert info_new.reader == ("hallplan" if path.name not in NOT_SCANNED else info_old.reader), (path.name, info_new.scan_error)
    assert col_new == col_old, path.name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_and_test_files_import_the_same(path: Path) -> None:
    _same(path)


def test_generated_drawings_import_the_same(tmp_path: Path) -> None:
    for path in _generated(tmp_path):
        _same(path)


def test_exported_plan_keeps_its_project_data(tmp_path: Path) -> None:
    export_dxf(sample_plan(), tmp_path / "p.dxf")
    r = import_dxf(tmp_path / "p.dxf")
    assert r.plan.signage.text == "某县政务服务中心" and r.plan.context.population == 300000
    assert dict(r.plan.checklist) == {"network": True, "traffic_signs": False}
    assert r.plan.get("c1") is not None and r.plan.get("c1").service == "社保"  # read back from XDATA
