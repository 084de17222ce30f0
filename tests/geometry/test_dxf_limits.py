"""Hostile DXF input: the import budget, long texts, unreadable attributes, BOM and truncated files.

The bombs are generated here (a few KB each) and must be refused with one line naming the limit,
in seconds and bounded memory; correct MINSERT expansion is checked against ezdxf's own
``multi_insert`` + ``virtual_entities``.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path

import ezdxf
import pytest
from ezdxf.math import Matrix44

from geometry.dxf import DxfError, import_dxf
from geometry.dxf.limits import ImportLimits
from planner.commands.cli import main as cli_main
from tests.conftest import REPO
from tests.geometry import dxf_samples as S

DATA = REPO / "tests" / "data" / "dxf"

# Runs in a fresh interpreter: each bomb's time and the peak resident memory (VmHWM) after it, under
# an address-space cap so that a regression fails here instead of taking the machine's memory.
CHILD = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
sys.path.insert(0, sys.argv[1])
from geometry.dxf import DxfError, import_dxf

def kb(key):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1])

out = {"base_kb": kb("VmRSS")}
for path in sys.argv[2:]:
    t = time.perf_counter()
    try:
        import_dxf(path)
        msg = None
    except DxfError as e:
        msg = e.en
    out[path] = {"seconds": time.perf_counter() - t, "peak_kb": kb("VmHWM"), "error": msg}
print(json.dumps(out))
"""

BOMBS = {  # name -> (generator, words the refusal must hold)
    "minsert_top": (lambda p: S.minsert_bomb(p, "top"), ("5,000,000 inserts", "block SEAT")),
    "minsert_nested": (lambda p: S.minsert_bomb(p, "nested"), ("5,000,000 inserts", "block ROOM")),
    "minsert_counter": (lambda p: S.minsert_bomb(p, "counter"), ("5,000,000 inserts", "block COUNTER")),
    "laughs_text": (lambda p: S.laughs(p, leaf="text"), ("500,000 texts", "block L8")),
    "laughs": (S.laughs, ("5,000,000 inserts", "block L8")),  # 10^8 lines from 26 KB; last: the heaviest
}


def test_bombs_are_refused_in_seconds_with_bounded_memory(tmp_path: Path) -> None:
    paths = []
    for name, (make, _) in BOMBS.items():
        p = make(tmp_path / f"{name}.dxf")
        assert p.stat().st_size < 30_000  # small on disk
        paths.append(str(p))
    r = subprocess.run([sys.executable, "-c", CHILD, str(REPO), *paths], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    res = json.loads(r.stdout.strip().splitlines()[-1])
    for (name, (_, words)), path in zip(BOMBS.items(), paths):
        got = res[path]
        assert got["error"] is not None, f"{name} was imported"
        assert all(w in got["error"] for w in words), got["error"]
        assert "\n" not in got["error"] and "internal error" not in got["error"]
        assert got["seconds"] < 15, (name, got["seconds"])  # measured ≈ 0.05 s (MINSERT), ≈ 1.5 s (laughs), idle
        # peak memory above the interpreter with everything imported: measured ≈ 200 MB for the laughs
        assert (got["peak_kb"] - res["base_kb"]) < 700 * 1024, (name, got["peak_kb"] - res["base_kb"])


def test_bomb_is_exit_status_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = S.minsert_bomb(tmp_path / "m.dxf", "counter")
    assert cli_main(["check", str(p), "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "more than 5,000,000 inserts (block COUNTER)" in err
    assert cli_main(["check", str(p), "--lang", "zh"]) == 2
    assert "图块嵌套展开超过 5,000,000 次块参照(块 COUNTER)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("limits", "words"),
    [
        (ImportLimits(vertices=5_000), "more than 5,000 vertices (block L4)"),
        (ImportLimits(entities=5_000), "more than 5,000 entities (block L4)"),
        (ImportLimits(block_refs=5_000), "more than 5,000 inserts (block L4)"),
    ],
)
def test_each_limit_names_itself_and_the_block(tmp_path: Path, limits: ImportLimits, words: str) -> None:
    p = S.laughs(tmp_path / "l4.dxf", levels=4)  # 10^4 lines, 1.1·10^4 references
    with pytest.raises(DxfError) as ei:
        import_dxf(p, limits=limits)
    assert words in ei.value.en
    r = import_dxf(p, limits=ImportLimits(vertices=20_000, entities=20_000, block_refs=20_000))
    assert r.report.underlay_vertices == 20_000  # exactly at the limit passes


def test_text_limit(tmp_path: Path) -> None:
    p = S.laughs(tmp_path / "t4.dxf", levels=4, leaf="text")  # 10^4 texts
    with pytest.raises(DxfError) as ei:
        import_dxf(p, limits=ImportLimits(texts=9_999))
    assert "more than 9,999 texts (block L4)" in ei.value.en and "图形展开后超过 9,999 段文字(块 L4)" in ei.value.zh
    assert len(import_dxf(p, limits=ImportLimits(texts=10_000)).underlay_texts) == 10_000


def test_plan_object_limit_counts_minsert_cells_up_front(tmp_path: Path) -> None:
    p = S.minsert_bomb(tmp_path / "c.dxf", "counter", rows=30, cols=40)
    with pytest.raises(DxfError) as ei:
        import_dxf(p, limits=ImportLimits(plan_objects=1000))
    assert "more than 1,000 plan objects" in ei.value.en and "块参照生成超过 1,000 个平面对象" in ei.value.zh
    assert import_dxf(p, limits=ImportLimits(plan_objects=1200)).plan is not None


def test_nested_blocks_inside_a_plan_object_are_bounded(tmp_path: Path) -> None:
    p = S.laughs(tmp_path / "c.dxf", levels=5, layer="COUNTER")  # one "counter" of 10^5 lines
    with pytest.raises(DxfError) as ei:
        import_dxf(p, limits=ImportLimits(object_parts=20_000))
    assert "plan objects (counters, facilities...) hold more than 20,000 entities (block L5)" in ei.value.en


def test_huge_curves_in_one_block_are_counted_before_expansion(tmp_path: Path) -> None:
    doc = S.new_doc(4)
    blk = doc.blocks.new("RINGS")
    for i in range(200):
        blk.add_circle((0, 0), 1e9 + i)  # a garbage radius flattens to ~1,600 vertices each
    msp = doc.modelspace()
    msp.add_lwpolyline(S.rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "HALL"})
    msp.add_blockref("RINGS", (0, 0))
    doc.saveas(tmp_path / "rings.dxf")
    with pytest.raises(DxfError) as ei:
        import_dxf(tmp_path / "rings.dxf", limits=ImportLimits(vertices=100_000))
    assert "100,000 vertices (block RINGS)" in ei.value.en


# --- MINSERT expansion is exact: against ezdxf's own multi_insert + virtual_entities ------------

def _segments_ezdxf(path: Path) -> set[tuple[float, ...]]:
    """Every LINE as drawn, from ezdxf: ``multi_insert`` cells in the block's own coordinates,
    then each cell's ``matrix44`` composed with its parents' (ezdxf's ``virtual_entities`` would
    move a nested MINSERT without scaling its grid spacing, which a scaled parent does scale)."""
    doc = ezdxf.readfile(path)
    out: set[tuple[float, ...]] = set()

    def walk(entities: object, m: Matrix44) -> None:
        for e in entities:  # type: ignore[attr-defined]
            if e.dxftype() == "INSERT":
                for one in (e.multi_insert() if e.mcount > 1 else (e,)):
                    walk(doc.blocks.get(one.dxf.name), one.matrix44() * m)
            elif e.dxftype() == "LINE" and e.dxf.layer != "HALL":
                s, t = m.transform(e.dxf.start), m.transform(e.dxf.end)
                out.add(tuple(round(v, 3) for v in (s.x, s.y, t.x, t.y)))

    walk(doc.modelspace(), Matrix44())
    return out


def _segments_hallplan(path: Path) -> set[tuple[float, ...]]:
    r = import_dxf(path)
    out: set[tuple[float, ...]] = set()
    for layer in r.underlay.layers:
        if layer.layer == "HALL":
            continue
        for line in layer.polylines():
            xy = line / r.report.units.scale  # back to drawing units
            for a, b in zip(xy[:-1], xy[1:]):
                out.add(tuple(round(float(v), 3) for v in (*a, *b)))
    return out


def test_minsert_grids_match_ezdxf(tmp_path: Path) -> None:
    doc = S.new_doc(4)
    seat = doc.blocks.new("SEAT", base_point=(50, 0))
    seat.add_line((0, 0), (400, 0))
    seat.add_line((0, 0), (0, 300))
    grid = {"row_count": 3, "column_count": 4, "row_spacing": 700.0, "column_spacing": 900.0}
    room = doc.blocks.new("ROOM")
    room.add_blockref("SEAT", (100, 200), dxfattribs={**grid, "rotation": 30})  # a nested, rotated grid
    room.add_line((0, 0), (5000, 0))
    msp = doc.modelspace()
    msp.add_lwpolyline(S.rect(-20000, -20000, 30000, 30000), close=True, dxfattribs={"layer": "HALL"})
    msp.add_blockref("SEAT", (1000, 1000), dxfattribs={**grid, "rotation": 15, "xscale": 2, "layer": "FURN"})
    msp.add_blockref("ROOM", (-5000, 3000), dxfattribs={"rotation": 90, "xscale": -1.5, "yscale": 1.5})
    msp.add_blockref("ROOM", (8000, -9000), dxfattribs={**grid, "rotation": 45})  # a grid of grids
    doc.saveas(tmp_path / "grid.dxf")
    expected = _segments_ezdxf(tmp_path / "grid.dxf")
    assert len(expected) == 2 * 12 + (1 + 2 * 12) + 12 * (1 + 2 * 12)  # every cell, nothing merged
    assert _segments_hallplan(tmp_path / "grid.dxf") == expected


# --- long texts -------------------------------------------------------------------------------

def test_million_character_texts_are_cut_with_a_note(tmp_path: Path) -> None:
    doc = S.new_doc(4)
    msp = doc.modelspace()
    msp.add_lwpolyline(S.rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "HALL"})
    msp.add_text("大" * 1_000_000, dxfattribs={"layer": "T", "height": 300, "insert": (100, 100)})
    msp.add_mtext("{\\fSimSun;" + "厅\\P" * 300_000 + "}", dxfattribs={"layer": "T", "char_height": 300, "insert": (200, 200)})
    S.counter_block(doc, "COUNTER")
    msp.add_blockref("COUNTER", (5000, 5000), dxfattribs={"layer": "COUNTER"}).add_auto_attribs({"窗口": "x" * 100_000})
    doc.saveas(tmp_path / "long.dxf")
    t = time.perf_counter()
    r = import_dxf(tmp_path / "long.dxf")
    assert time.perf_counter() - t < 10  # 74 s before the cut
    lengths = sorted(len(u.text) for u in r.underlay_texts)
    assert lengths[-1] == 2_000 and lengths[-2] == 2_000
    assert r.plan.counters[0].service == "x" * 2_000
    assert any("3 texts longer than 2,000 characters were cut" in en for _, en in r.report.notes)
    assert any("3 段文字超过 2,000 字" in zh for zh, _ in r.report.notes)


# --- attribute values that are not numbers -----------------------------------------------------

def test_unreadable_counter_attributes_are_unknown_with_a_warning(tmp_path: Path) -> None:
    doc = S.new_doc(4)
    msp = doc.modelspace()
    msp.add_lwpolyline(S.rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "HALL"})
    S.counter_block(doc)
    values = ["abc", "800mm800", "8,00", "-800", "0", "800", "0.8m"]
    for i, v in enumerate(values):
        msp.add_blockref("柜台", (2000 + 2000 * i, 3000), dxfattribs={"layer": "柜台"}).add_auto_attribs(
            {"高度": v, "窗口": f"w{i}"})
    msp.add_blockref("柜台", (2000, 9000), dxfattribs={"layer": "柜台"}).add_auto_attribs({"高度": "abc", "窗口": "again"})
    doc.saveas(tmp_path / "attrs.dxf")
    r = import_dxf(tmp_path / "attrs.dxf")
    heights = {c.service: c.height_m for c in r.plan.counters}
    assert heights == {"w0": None, "w1": None, "w2": None, "w3": None, "w4": None, "w5": 0.8, "w6": 0.8, "again": None}
    en = [w for _, w in r.report.warnings if "attribute" in w]
    assert "block 柜台: attribute 高度 = 'abc' is not a readable length (a positive number, mm/cm/m allowed); left unknown (× 2)" in en
    for v in ("800mm800", "8,00", "-800", "0"):
        assert any(f"高度 = '{v}'" in w for w in en), v
    assert len(en) == 5  # one warning per block, tag and value
    zh = [w for w, _ in r.report.warnings if "属性" in w]
    assert any(w.startswith("块 柜台 的属性 高度 = “8,00” 不是可读的长度") for w in zh)


def test_unreadable_parking_counts_are_unknown_with_a_warning(tmp_path: Path) -> None:
    doc = S.new_doc(4)
    msp = doc.modelspace()
    msp.add_lwpolyline(S.rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "HALL"})
    blk = doc.blocks.new("P")
    blk.add_lwpolyline(S.rect(0, 0, 5000, 2500), close=True)
    for tag in ("车位", "无障碍车位"):
        blk.add_attdef(tag, (0, 0))
    msp.add_blockref("P", (40000, 0), dxfattribs={"layer": "停车场"}).add_auto_attribs({"车位": "twenty", "无障碍车位": "-2"})
    doc.saveas(tmp_path / "park.dxf")
    r = import_dxf(tmp_path / "park.dxf")
    p = r.plan.parking[0]
    assert p.stalls is None and p.accessible_stalls is None
    en = " ".join(w for _, w in r.report.warnings)
    assert "block P: attribute 车位 = 'twenty' is not a readable count" in en and "无障碍车位 = '-2'" in en


# --- BOM and truncated files -------------------------------------------------------------------

def test_utf8_bom_file_is_read(tmp_path: Path) -> None:
    src = S.chinese_hall(tmp_path / "h.dxf")
    plain = import_dxf(src)
    bom = tmp_path / "bom.dxf"
    bom.write_bytes(b"\xef\xbb\xbf" + src.read_bytes())
    r = import_dxf(bom)
    assert r.plan.hall is not None and r.plan.hall.area == pytest.approx(plain.plan.hall.area)
    assert len(r.plan.counters) == len(plain.plan.counters)
    assert any("byte order mark" in en for _, en in r.report.notes)


def test_truncated_file_says_truncated(tmp_path: Path) -> None:
    data = S.chinese_hall(tmp_path / "h.dxf").read_bytes()
    cut = tmp_path / "cut.dxf"
    cut.write_bytes(data[: data.index(b"ENTITIES") + 20])  # cut just after the ENTITIES section starts
    with pytest.raises(DxfError) as ei:
        import_dxf(cut)
    assert "truncated" in ei.value.en and "截断" in ei.value.zh and "empty drawing" not in ei.value.en
    half = tmp_path / "half.dxf"
    whole = (DATA / "barcelona_pavilion_m.dxf").read_bytes()
    half.write_bytes(whole[: int(len(whole) * 0.6)])
    try:
        r = import_dxf(half)
    except DxfError as e:
        assert "truncated" in e.en
    else:
        assert any("truncated" in en for _, en in r.report.notes)
    assert not any("truncated" in en for _, en in import_dxf(DATA / "barcelona_pavilion_m.dxf").report.notes)
    dos = tmp_path / "dos.dxf"
    dos.write_bytes(data + b"\x1a")  # an old DOS end-of-file mark after EOF is not a cut
    assert not any("truncated" in en for _, en in import_dxf(dos).report.notes)


def test_limits_leave_a_real_drawing_unchanged() -> None:
    r = import_dxf(DATA / "barcelona_pavilion_m.dxf")
    assert math.isclose(r.report.underlay_vertices, import_dxf(DATA / "barcelona_pavilion_m.dxf", limits=ImportLimits()).report.underlay_vertices)
