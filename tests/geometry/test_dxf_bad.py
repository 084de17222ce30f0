"""Bad DXF files end in one bilingual DxfError line (or an import with warnings), never anything else."""

from __future__ import annotations

import os
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geometry.dxf import DxfError, import_dxf
from geometry.dxf.limits import ImportLimits
from geometry.i18n import set_language
from tests.conftest import REPO
from tests.geometry import dxf_samples as S

DATA = REPO / "tests" / "data" / "dxf"


def _err(path: Path, **kw) -> DxfError:
    with pytest.raises(DxfError) as ei:
        import_dxf(path, **kw)
    e = ei.value
    assert "\n" not in e.zh and "\n" not in e.en and e.zh and e.en
    assert "internal error" not in e.en
    return e


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"   \n\n  \r\n", "blanks"),
        (b"hello, this is a text file\nnot a drawing\n", "not a DXF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not a DXF"),
        (b"AC1027\x00\x00\x00\x00\x00" + bytes(100), "DWG"),
        (b"0\nSECTION\n2\nHEADER\n0\nENDSEC\n0\nEOF\n", "nothing in modelspace"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes, words: str) -> None:
    p = tmp_path / "bad.dxf"
    p.write_bytes(content)
    assert words in _err(p).en


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "not found" in _err(tmp_path / "nope.dxf").en
    assert "folder" in _err(tmp_path).en


def test_too_large_fails_fast(tmp_path: Path) -> None:
    p = S.chinese_hall(tmp_path / "h.dxf")
    e = _err(p, max_bytes=1000)
    assert "too large" in e.en and "过大" in e.zh
    set_language("en")
    try:
        assert str(e).startswith("h.dxf: file too large")
    finally:
        set_language("zh")


def test_truncated_file_recovers_or_fails_clearly(tmp_path: Path) -> None:
    data = (DATA / "barcelona_pavilion_m.dxf").read_bytes()
    for frac in (0.01, 0.3, 0.6, 0.95):
        p = tmp_path / f"cut{frac}.dxf"
        p.write_bytes(data[: int(len(data) * frac)])
        try:
            r = import_dxf(p)
        except DxfError as e:
            assert "internal error" not in e.en
        else:
            assert r.report.recovered


def test_self_intersecting_hall_is_repaired_with_a_warning(tmp_path: Path) -> None:
    doc = S.new_doc(4)
    doc.modelspace().add_lwpolyline([(0, 0), (30000, 20000), (30000, 0), (0, 20000)], close=True, dxfattribs={"layer": "HALL"})
    doc.saveas(tmp_path / "bow.dxf")
    r = import_dxf(tmp_path / "bow.dxf")
    assert r.plan.hall is not None and r.plan.hall.is_valid
    assert any("self-intersecting" in en for _, en in r.report.warnings)


# --- fuzzing: mutated real and generated files ---------------------------------------------------

def _seeds() -> list[bytes]:
    out = [(DATA / n).read_bytes() for n in ("binary_r2000.dxf", "ac1003_1987.dxf")]
    out.append((DATA / "barcelona_pavilion_m.dxf").read_bytes()[:60000])  # a truncated real file
    with tempfile.TemporaryDirectory() as d:
        out.append(S.chinese_hall(Path(d) / "h.dxf").read_bytes())
        out.append(S.nested_inserts(Path(d) / "n.dxf").read_bytes())
    return out


SEEDS = _seeds()


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001
    raise _Timeout()


mutation = st.tuples(
    st.sampled_from(["flip", "cut", "delete", "insert", "digits"]),
    st.floats(0, 1),
    st.integers(1, 400),
    st.binary(min_size=1, max_size=16),
)


def _mutate(data: bytes, muts: list[tuple[str, float, int, bytes]]) -> bytes:
    b = bytearray(data)
    for kind, where, n, junk in muts:
        if not b:
            break
        i = int(where * (len(b) - 1))
        if kind == "flip":
            for k in range(i, min(len(b), i + len(junk))):
                b[k] ^= junk[k - i] or 0xFF
        elif kind == "cut":
            del b[i:]
        elif kind == "delete":
            del b[i:i + n]
        elif kind == "insert":
            b[i:i] = junk
        else:  # make numbers absurd
            b[i:i] = b"9" * min(n, 400)
    return bytes(b)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(seed=st.integers(0, len(SEEDS) - 1), muts=st.lists(mutation, min_size=1, max_size=4))
def test_fuzz_mutated_files_only_dxferror_or_success(seed: int, muts: list) -> None:
    data = _mutate(SEEDS[seed], muts)
    fd, name = tempfile.mkstemp(suffix=".dxf")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(20)  # each example is time-bounded: a hang fails the test
        try:
            import_dxf(name)
        except DxfError as e:
            assert "internal error" not in e.en, e.en
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    finally:
        os.unlink(name)


def test_fuzz_regressions() -> None:
    # the mutation broke the layout dictionary ezdxf builds its modelspace from: through ezdxf's
    # document the file is refused with one clear line ...
    e = _err(DATA / "fuzz_no_modelspace.dxf", fast=False)
    assert "cannot be recovered" in e.en or "no modelspace" in e.en
    # ... HallPlan's reader takes the modelspace from the ENTITIES section and reads the hall
    r = import_dxf(DATA / "fuzz_no_modelspace.dxf")
    assert r.report.hall is not None and r.report.objects["counter"] == 4


# --- fuzzing the resource limits: nested inserts, MINSERT counts, vertex counts -------------------

@st.composite
def hostile_drawings(draw: st.DrawFn) -> tuple[object, ImportLimits]:
    """A small drawing that may expand enormously, and the limits to import it with."""
    doc = S.new_doc(4)
    msp = doc.modelspace()
    msp.add_lwpolyline(S.rect(0, 0, 30000, 20000), close=True, dxfattribs={"layer": "HALL"})
    S.counter_block(doc, "COUNTER")
    leaf = doc.blocks.new("LEAF")
    kind = draw(st.sampled_from(["line", "circle", "text", "counter"]))
    if kind == "line":
        leaf.add_line((0, 0), (100, 0))
    elif kind == "circle":
        leaf.add_circle((0, 0), draw(st.sampled_from([50.0, 1e9])))  # a garbage radius flattens finely
    elif kind == "text":
        leaf.add_text("柜台", dxfattribs={"height": 100})
    else:
        leaf.add_blockref("COUNTER", (0, 0), dxfattribs={"layer": "COUNTER"})
    levels, fanout = draw(st.integers(0, 7)), draw(st.integers(1, 12))
    name = "LEAF"
    for k in range(levels):
        blk = doc.blocks.new(f"N{k}")
        for i in range(fanout):
            blk.add_blockref(name, (0, 100.0 * i))
        name = f"N{k}"
    rows, cols = draw(st.integers(1, 100_000)), draw(st.integers(1, 100_000))
    grid = {"row_count": rows, "column_count": cols, "row_spacing": 500.0, "column_spacing": 500.0}
    where = draw(st.sampled_from(["plain", "minsert", "nested-minsert"]))
    layer = draw(st.sampled_from(["FURNITURE", "COUNTER"]))
    if where == "nested-minsert":
        doc.blocks.new("GRID").add_blockref(name, (0, 0), dxfattribs=grid)
        name = "GRID"
    msp.add_blockref(name, (1000, 1000), dxfattribs={"layer": layer, **(grid if where == "minsert" else {})})
    n = draw(st.integers(2, 20_000))
    msp.add_lwpolyline([(i * 10.0, (i % 2) * 10.0) for i in range(n)], dxfattribs={"layer": "WALL"})
    # the default limits scaled down 100 times (the bombs at the default limits: test_dxf_limits.py)
    d = ImportLimits()
    small = ImportLimits(vertices=d.vertices // 100, entities=d.entities // 100, block_refs=d.block_refs // 100,
                         texts=d.texts // 100, plan_objects=d.plan_objects // 100, object_parts=d.object_parts // 100)
    return doc, small


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(case=hostile_drawings())
def test_fuzz_resource_limits_result_or_clean_refusal_in_bounded_time(case: tuple[object, ImportLimits]) -> None:
    doc, limits = case
    fd, name = tempfile.mkstemp(suffix=".dxf")
    os.close(fd)
    try:
        doc.saveas(name)  # type: ignore[attr-defined]
        assert os.path.getsize(name) < 1_000_000  # small on disk, whatever it expands to
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(10)  # a hang or a runaway expansion fails the test
        try:
            r = import_dxf(name, limits=limits)
        except DxfError as e:
            assert "internal error" not in e.en and "\n" not in e.en, e.en
            assert "more than" in e.en, e.en  # refused by the budget, saying which limit
        else:  # what was imported stayed within the limits
            assert r.report.underlay_vertices <= limits.vertices
            assert sum(r.report.objects.values()) <= limits.plan_objects + 1  # + the hall
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    finally:
        os.unlink(name)
