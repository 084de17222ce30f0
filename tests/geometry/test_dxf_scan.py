"""HallPlan's DXF reader (geometry/dxf/scan.py): what it reads, what it refuses and hands to ezdxf."""

from __future__ import annotations

import math
from pathlib import Path

import ezdxf
import pytest
from ezdxf.math import Vec3
from hypothesis import given, settings
from hypothesis import strategies as st

from geometry.dxf import DxfError, import_dxf
from geometry.dxf.lite import LiteInsert
from geometry.dxf.reader import open_document
from tests.geometry import dxf_samples as S
from tests.geometry.dxf_compare import _plain, differences
from tests.geometry.dxf_features import features


def test_paperspace_and_block_contents_are_not_modelspace(tmp_path: Path) -> None:
    doc, info = open_document(features(tmp_path / "f.dxf"))
    assert info.reader == "hallplan"
    kinds = [e.dxftype() for e in doc.modelspace()]
    assert "ATTRIB" not in kinds and "VERTEX" not in kinds and "SEQEND" not in kinds
    texts = [e.dxf.text for e in doc.modelspace() if e.dxftype() == "TEXT"]
    assert "图框" not in texts and "等候区" in texts  # 图框 is on the paperspace layout
    ref = ezdxf.readfile(tmp_path / "f.dxf")
    assert len(doc.modelspace()) == len(ref.modelspace())
    assert {b.name for b in ref.blocks if not b.name.lower().startswith("*model")} <= {n for n in (b.name for b in ref.blocks) if n in doc.blocks}
    assert doc.layers.get("off-layer").is_off() and doc.layers.get("FROZEN").is_frozen()


def test_line_endings_comments_and_padding_read_the_same(tmp_path: Path) -> None:
    plain = S.chinese_hall(tmp_path / "plain.dxf")
    text = plain.read_text(encoding="utf-8")
    lines = text.split("\n")
    # CR LF line ends, a comment tag, group codes padded as old programs write them
    odd = ["999", "written by a test"] + [f"{ln.strip():>3}" if i % 2 == 0 else ln for i, ln in enumerate(lines[:-1])]
    (tmp_path / "odd.dxf").write_bytes(("\r\n".join(odd) + "\r\n").encode("utf-8"))
    a, b = import_dxf(plain), import_dxf(tmp_path / "odd.dxf")
    assert open_document(tmp_path / "odd.dxf")[1].reader == "hallplan"
    assert differences(a, b) == ["plan", "report"]  # the file name in the plan and the report differs, nothing else
    assert _plain(a.plan.objects) == _plain(b.plan.objects) and a.plan.hall.equals_exact(b.plan.hall, 0)
    assert a.report.objects == b.report.objects and a.report.layers == b.report.layers


def _break(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,why", [
    ("\n 20\n", "\n 21\n", "missing y coordinate"),  # an x without its y: ezdxf's loader refuses it too
    ("\n  0\nENDSEC\n", "\n", "no ENDSEC"),  # a section never closed
])
def test_structure_errors_go_to_ezdxf_and_its_recover_mode(tmp_path: Path, old: str, new: str, why: str) -> None:
    path = _break(S.chinese_hall(tmp_path / "broken.dxf"), old, new)
    outcomes = []
    for fast in (True, False):  # HallPlan's reader hands the file over: the outcome is ezdxf's, as before
        try:
            r = import_dxf(path, fast=fast)
            outcomes.append(("plan", r.report.recovered, len(r.plan.objects)))
        except DxfError as e:  # one line, never a traceback
            assert "internal error" not in e.en
            outcomes.append(("refused", e.en))
    assert outcomes[0] == outcomes[1]
    try:
        info = open_document(path)[1]
        assert info.reader in ("ezdxf", "recover")
    except DxfError:
        pass
    assert why in _scan_error(path)


def _scan_error(path: Path) -> str:
    from geometry.dxf.scan import scan_file
    try:
        scan_file(str(path), "utf-8")
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


def test_a_bad_number_is_refused_by_both_readers(tmp_path: Path) -> None:
    path = _break(S.chinese_hall(tmp_path / "nan.dxf"), "\n 40\n500.0\n", "\n 40\nfive hundred\n")
    assert "ValueError" in _scan_error(path)
    errors = []
    for fast in (True, False):
        with pytest.raises(DxfError) as ei:
            import_dxf(path, fast=fast)
        errors.append(ei.value.en)
    assert errors[0] == errors[1] and "cannot be recovered" in errors[0]


def test_a_truncated_file_is_left_to_recover_mode(tmp_path: Path) -> None:
    path = S.chinese_hall(tmp_path / "cut.dxf")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    _, info = open_document(path)
    assert info.truncated and info.reader == "recover" and info.scan_error == ""


@settings(max_examples=60, deadline=None)
@given(rot=st.floats(-720, 720), sx=st.sampled_from([1.0, -1.0, 2.5, -0.5]), sy=st.sampled_from([1.0, -2.0, 0.25]),
       base=st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)), flip=st.booleans(),
       at=st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)))
def test_block_reference_matrix_is_ezdxfs(rot: float, sx: float, sy: float, base: tuple[float, float], flip: bool,
                                          at: tuple[float, float]) -> None:
    doc = ezdxf.new()
    doc.blocks.new("B", base_point=(*base, 0))
    ext = (0, 0, -1) if flip else (0, 0, 1)
    ins = doc.modelspace().add_blockref("B", at, dxfattribs={"rotation": rot, "xscale": sx, "yscale": sy, "extrusion": ext})
    lite = LiteInsert("b", "0", None, at[0], at[1], 0.0, xscale=sx, yscale=sy, rotation=rot, extrusion=Vec3(ext),
                      bases={"b": Vec3(*base, 0)})
    want, got = list(ins.matrix44()), list(lite.matrix44())
    assert all(math.isclose(w, g, rel_tol=1e-12, abs_tol=1e-9) for w, g in zip(want, got))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=30), st.text(max_size=10).map(lambda t: t.encode("gbk", "ignore")),
                          st.sampled_from([b"\n", b"\r\n", "服务大厅".encode("gbk"), "服务大厅".encode("utf-8")])), max_size=40),
       st.integers(1, 6))
def test_encoding_sniff_sees_the_lines_a_line_regex_sees(parts: list[bytes], max_lines: int) -> None:
    import re

    from geometry.dxf.reader import sniff_encoding

    data = b"".join(parts)
    lines = [m.group(0) for _, m in zip(range(max_lines), re.finditer(rb"[^\n]*[\x80-\xff][^\n]*", data))]
    want = None  # the decision of the previous, regex-based sniff
    if lines:
        blob = b"\n".join(lines)
        for codec in ("utf-8", "gbk", "gb18030"):
            try:
                text = blob.decode(codec)
            except UnicodeDecodeError:
                continue
            if codec == "utf-8" or re.search(r"[\u3400-\u9fff\uff00-\uffef]", text):
                want = codec
                break
    import geometry.dxf.reader as reader

    window = reader._WINDOW
    try:
        for reader._WINDOW in (window, 5):  # the non-ASCII bytes are looked for a window at a time
            assert sniff_encoding(data, max_lines) == want
    finally:
        reader._WINDOW = window


def _paper_drawing(path: Path, height: str = "2.71828") -> Path:
    """Modelspace walls, a paperspace layout with a text (of ``height``, as written in the file) and
    a hatch, and a modelspace block reference to the layout's own block (legal DXF, if odd)."""
    doc = ezdxf.new("R2010")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (10000, 0), (10000, 8000), (0, 8000)], close=True, dxfattribs={"layer": "WALL"})
    layout = doc.layouts.new("Sheet")
    layout.add_text("标题栏", height=2.71828, dxfattribs={"layer": "TITLE"})
    layout.add_hatch().paths.add_polyline_path([(0, 0), (5, 0), (5, 5)])
    msp.add_blockref(layout.block_record.dxf.name, (20000, 0), dxfattribs={"layer": "SHEET"})
    doc.saveas(path)
    text = path.read_text(encoding="utf-8")
    assert text.count("\n 40\n2.71828\n") == 1
    path.write_text(text.replace("\n 40\n2.71828\n", f"\n 40\n{height}\n"), encoding="utf-8")
    return path


def test_paperspace_entities_are_not_made_but_their_numbers_are_checked(tmp_path: Path) -> None:
    path = _paper_drawing(tmp_path / "paper.dxf")
    doc, info = open_document(path)
    assert info.reader == "hallplan"
    assert [e.dxftype() for e in doc.modelspace()] == ["LWPOLYLINE", "INSERT"]
    assert differences(import_dxf(path, fast=False), import_dxf(path)) == []  # the layout's block is read when inserted
    bad = _paper_drawing(tmp_path / "bad.dxf", "two")
    assert _scan_error(bad)  # refused as ezdxf's loader refuses it, then left to ezdxf (and its recover mode)
    errors = []
    for fast in (True, False):
        try:
            r = import_dxf(bad, fast=fast)
            errors.append(("read", r.report.recovered))
        except DxfError as exc:
            errors.append(("refused", exc.en))
    assert errors[0] == errors[1]


@given(st.lists(st.tuples(st.sampled_from([10, 20, 40, 62, 70, 1040, 1071, 8, 1000, 330]),
                          st.one_of(st.sampled_from(["1", "1.0", " 2 ", "1e400", "9" * 400, "nan", "-inf", "x", "", "1_0", "٣"]),
                                    st.text(max_size=6))), max_size=6))
def test_check_values_refuses_what_ezdxfs_compiler_refuses(tags: list[tuple[int, str]]) -> None:
    from geometry.dxf.records import _value, check_values

    def one_by_one() -> bool:
        try:
            for code, v in tags:
                if code not in (8, 1000, 330):
                    _value(code, v)
        except Exception:
            return False
        return True

    try:
        check_values(tags)
        ok = True
    except Exception:
        ok = False
    assert ok == one_by_one()


def test_drawing_box_of_bulged_polylines_in_blocks_is_ezdxfs(tmp_path: Path) -> None:
    """A drawing all in block references is measured by its blocks' boxes: a bulged polyline's arcs
    count (ezdxf's bounding box), read from HallPlan's record as from ezdxf's entity."""
    from geometry.dxf.importer import drawing_box

    doc = ezdxf.new("R2010")
    blk = doc.blocks.new("DOOR")
    blk.add_lwpolyline([(0, 0, 0, 0, 1.0), (900, 0, 0, 0, 0)])  # a half circle below the chord
    blk.add_lwpolyline([(0, 0), (0, 900)], dxfattribs={"extrusion": (0, 0, -1)})
    doc.modelspace().add_blockref("DOOR", (5000, 2000), dxfattribs={"rotation": 30})
    path = tmp_path / "doors.dxf"
    doc.saveas(path)
    fast, info = open_document(path)
    assert info.reader == "hallplan"
    slow = open_document(path, fast=False)[0]
    a, b = drawing_box(fast, fast.modelspace()), drawing_box(slow, slow.modelspace())
    assert a is not None and b is not None and a.tobytes() == b.tobytes()
    assert differences(import_dxf(path, fast=False), import_dxf(path)) == []
